"""Slack rendering (baclofen/render/slack.py) and the Slack branch of actions/delivery.py."""
import dataclasses
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.delivery import deliver
from baclofen.answers import compose
from baclofen.answers.model import Citation
from baclofen.dosing.lookup import DoseQuery, lookup
from baclofen.render import slack as slack_format
from baclofen.render import text as written
from tests.slack_stub import _valid_blocks

QUERIES = [
    DoseQuery("oral", age_years=3, weight_kg=14),
    DoseQuery("oral", age_years=11, weight_kg=35),
    DoseQuery("oral", age_years=40),
    DoseQuery("oral", age_group="elderly"),
    DoseQuery("intrathecal", age_years=40),
    DoseQuery("intrathecal", age_years=8, origin="cerebral"),
    DoseQuery("intrathecal", age_years=13),
    DoseQuery(None, age_years=0.5),
    DoseQuery("oral", age_years=40, renal_impairment=True),
]
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers(text):
    return sorted(NUMBER.findall(text))


def fields_rows(blocks):
    fields = [f["text"] for b in blocks if b["type"] == "section" for f in b.get("fields", [])]
    return list(zip(fields[0::2], fields[1::2]))


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.route}-{q.age_years or q.age_group}")
def test_dose_table_reshapes_the_answer_and_adds_no_figure(query):
    answer = lookup(query)
    text = written.render(compose.dose(answer))
    rendered = slack_format.render(compose.dose(answer))
    assert rendered["text"] == text  # the notification fallback is the channel-neutral answer
    assert _valid_blocks(rendered["blocks"])
    shown = slack_format.blocks_text(rendered["blocks"])
    # Every number shown is in the plain answer, and every number of the plain answer is shown.
    assert numbers(shown.replace("*", "")) == numbers(text)
    rows = fields_rows(rendered["blocks"])
    assert [label.strip("*") for label, _ in rows] == [f.label for f in answer.figures]  # lookup order
    for (_, value), figure in zip(rows, answer.figures):
        if figure.amount is not None:
            assert f"*{figure.amount}*" in value
        assert str(figure.detail) in value
    for caution in answer.cautions:
        assert f":warning: {caution}" in shown
    last = rendered["blocks"][-1]
    assert last["type"] == "context" and last["elements"][0]["text"] == written.citation(Citation.of([answer.section]))
    assert (compose.PRESCRIBER_DECIDES in shown) == answer.covered


def test_child_oral_table_rows():
    answer = lookup(DoseQuery("oral", age_years=3, weight_kg=14))
    rows = dict((k.strip("*"), v) for k, v in fields_rows(slack_format.render(compose.dose(answer))["blocks"]))
    assert rows["Starting dose"] == "*4.2 mg* a day (0.3 mg per kg a day)"
    assert rows["Split"] == "*1.05 mg* per dose, 4 doses a day"
    assert rows["Increase"] == "every 3 days until the wanted effect is reached"
    assert rows["Maintenance by weight"].startswith("*10.5-28 mg*")
    assert rows["Maintenance by age"].startswith("*20-30 mg*")


def test_rounded_figure_says_about():
    answer = lookup(DoseQuery("oral", age_years=11, weight_kg=35))
    rows = dict((k.strip("*"), v) for k, v in fields_rows(slack_format.render(compose.dose(answer))["blocks"]))
    assert rows["Split"].startswith("about *2.63 mg*")


def test_more_than_five_figures_use_several_table_sections():
    answer = lookup(DoseQuery("oral", age_years=3, weight_kg=14))
    assert len(answer.figures) == 5
    blocks = slack_format.render(compose.dose(answer))["blocks"]
    assert sum(1 for b in blocks if "fields" in b) == 1
    bigger = dataclasses.replace(answer, figures=answer.figures * 2)
    blocks = slack_format.render(compose.dose(bigger))["blocks"]
    assert [len(b["fields"]) for b in blocks if "fields" in b] == [10, 10]


def test_text_answer_moves_citation_to_context_and_renders_bullets():
    answer = compose.side_effects()
    text = written.render(answer)
    rendered = slack_format.render(answer)
    assert rendered["text"] == text and _valid_blocks(rendered["blocks"])
    body = rendered["blocks"][0]["text"]
    assert body["type"] == "mrkdwn" and "\n• Common:" in body["text"] and "Source:" not in body["text"]
    assert rendered["blocks"][-1] == {"type": "context", "elements": [
        {"type": "mrkdwn", "text": "Source: baclofen leaflet, section 3 (Side effects)."}]}


def test_text_without_citation_and_escaping():
    rendered = slack_format.text_message("Ages <12 & >4 years <@U123>")
    assert rendered["blocks"] == [{"type": "section", "text": {"type": "mrkdwn",
                                                               "text": "Ages &lt;12 &amp; &gt;4 years &lt;@U123&gt;"}}]


def test_long_text_is_split_under_slack_limit():
    text = "\n".join(f"- line {i} " + "x" * 200 for i in range(40)) + "\nSource: baclofen leaflet, section 3 (Side effects)."
    blocks = slack_format.text_message(text)["blocks"]
    assert _valid_blocks(blocks)
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert len(sections) > 1 and all(len(s) <= 3000 for s in sections)
    assert "\n".join(sections).count("• line") == 40


def test_form_choices_become_buttons():
    buttons = [{"title": "By mouth (tablets)", "payload": '/inform{"route": "oral"}'},
               {"title": "Intrathecal (pump or injection)", "payload": '/inform{"route": "intrathecal"}'}]
    rendered = slack_format.text_message("Is it by mouth or intrathecal?", buttons)
    assert _valid_blocks(rendered["blocks"])
    actions = rendered["blocks"][-1]
    assert actions["type"] == "actions"
    assert [(e["text"]["text"], e["value"]) for e in actions["elements"]] == [
        ("By mouth (tablets)", '/inform{"route": "oral"}'),
        ("Intrathecal (pump or injection)", '/inform{"route": "intrathecal"}')]
    assert len({e["action_id"] for e in actions["elements"]}) == 2


def test_emergency_answer_stays_first():
    rendered = slack_format.render(compose.emergency())
    assert rendered["blocks"][0]["text"]["text"].startswith(f"Call {compose.emergency_number()} now")


def _tracker(channel):
    events = [{"event": "user", "text": "hi", "input_channel": channel, "parse_data": {}}]
    return Tracker("s", {}, {"text": "hi"}, events, False, None, {}, "action_listen")


def test_delivery_sends_block_kit_on_slack_only():
    answer = compose.dose(lookup(DoseQuery("oral", age_years=40)))
    slack = CollectingDispatcher()
    deliver(slack, _tracker("slack"), answer)
    assert len(slack.messages) == 1
    message = slack.messages[0]
    assert message["text"] is None and message["custom"] == slack_format.render(answer)
    rest = CollectingDispatcher()
    deliver(rest, _tracker("rest"), answer)
    assert rest.messages[0]["text"] == written.render(answer) and rest.messages[0]["custom"] == {}
