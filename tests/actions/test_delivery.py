"""actions/delivery.py: each channel gets the answer in its own form, decided by the answer's kind."""
import pytest

from actions.action_answer_emergency import ActionAnswerEmergency
from actions.action_ask_weight_kg import ActionAskWeightKg
from actions.action_answer_uses import ActionAnswerUses
from actions.action_handoff import ActionHandoff
from tests.action_harness import messages, tracker


def test_hotline_transfers_after_a_handoff_answer():
    sent = messages(ActionHandoff(), tracker("help", channel="twilio_voice"))
    assert len(sent) == 1
    assert sent[0]["custom"] == {"voice": {"kind": "handoff", "transfer": True}}


def test_hotline_does_not_transfer_after_an_emergency_answer():
    """One instruction on one phone: hang up and call the emergency number (issue 25); 0 still transfers."""
    sent = messages(ActionAnswerEmergency(), tracker("help", channel="twilio_voice"))
    voice = sent[0]["custom"]["voice"]
    assert voice["kind"] == "emergency" and "transfer" not in voice
    assert sent[0]["text"].startswith("Hang up and call") and voice["reprompt"].startswith("Hang up and call")


def test_hotline_does_not_transfer_after_an_ordinary_answer_nor_other_channels():
    sent = messages(ActionAnswerUses(), tracker("what is it for", channel="twilio_voice"))[0]
    voice = sent["custom"]["voice"]
    assert voice["kind"] == "uses" and "transfer" not in voice
    # The hotline says the answer in parts from its spoken units; the whole answer is the message's text.
    assert " ".join(unit["text"] for unit in voice["units"]).startswith(sent["text"].split(".")[0])
    for channel in ("rest", "webchat", None):
        assert not messages(ActionAnswerEmergency(), tracker("help", channel=channel))[0].get("custom")


def test_web_widget_offers_the_common_questions_again():
    sent = messages(ActionAnswerUses(), tracker("what is it for", channel="webchat"))
    assert [b["payload"] for b in sent[0]["buttons"]] == ["/ask_uses", "/ask_dose", "/ask_side_effects",
                                                          "/ask_interaction"]
    assert messages(ActionAnswerUses(), tracker("what is it for", channel="rest"))[0]["buttons"] == []


def test_what_only_the_safety_net_hears_opens_with_the_emergency_number_then_answers():
    heard = tracker("my dad has been odd all evening, what is baclofen for anyway", channel="webchat")
    heard.latest_message["possible_emergency"] = True
    [sent] = messages(ActionAnswerUses(), heard)
    first, rest = sent["text"].split("\n", 1)
    assert first.startswith("If someone is very unwell right now") and "115" in first
    assert "spasticity" in rest  # the question asked is still answered
    [plain] = messages(ActionAnswerUses(), tracker("what is baclofen for", channel="webchat"))
    assert "115" not in plain["text"]


def test_an_emergency_the_net_doubts_is_answered_as_asked_and_closes_with_the_emergency_number():
    doubted = tracker("we had a scare with the blister pack last year, what is baclofen for", channel="webchat")
    doubted.latest_message["doubted_emergency"] = "poisoning"
    [sent] = messages(ActionAnswerUses(), doubted)
    lines = [line for line in sent["text"].split("\n") if line.strip()]
    assert "115" not in lines[0] and "spasticity" in lines[0]
    # last, before the source
    assert lines[-2].startswith("If someone is very unwell right now") and "115" in lines[-2]
    assert lines[-1].startswith("Source:")


def test_an_emergency_answer_is_not_given_the_line_twice():
    heard = tracker("help", channel="rest")
    heard.latest_message["possible_emergency"] = True
    [sent] = messages(ActionAnswerEmergency(), heard)
    assert "If someone is very unwell" not in sent["text"]


def test_hotline_answers_tell_what_the_dose_form_asks_for():
    """The voice channel learns the form's question from the reply, never from the conversation."""
    inside = tracker("what is it for", channel="twilio_voice", slots={"requested_slot": "age_years"},
                     active_loop="dose_form")
    assert messages(ActionAnswerUses(), inside)[0]["custom"]["voice"]["asking"] == "age_years"
    outside = tracker("what is it for", channel="twilio_voice")
    assert messages(ActionAnswerUses(), outside)[0]["custom"]["voice"]["asking"] is None
    weight = tracker("dose for a 4 year old", channel="twilio_voice", slots={"age_years": 4, "route": "oral"})
    assert messages(ActionAskWeightKg(), weight)[-1]["custom"]["voice"]["asking"] == "weight_kg"
    assert not messages(ActionAnswerUses(), tracker("what is it for", channel="webchat",
                                                   active_loop="dose_form"))[0].get("custom")
