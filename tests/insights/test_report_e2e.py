"""The report on conversations served by the real servers (scripts/run.sh) on every channel the tests start: REST,
the web chat channel, Slack (signed Events API requests, replies caught by tests/slack_stub.py) and the Twilio
hotline (signed form posts). The page is read back and every count checked against what was sent; the command
behind `make report` runs too; days, --since, `make purge` and PostgreSQL (endpoints.production.yml) are checked
on copies of the same rows; the page is opened in the browser test's Chromium and a screenshot kept."""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import List, Tuple

import pytest
import requests

from bench.report_store import generate
from insights.aggregate import OUTCOMES
from insights.privacy import mask_numbers
from tests.channels import test_slack_channel as slack_channel
from tests.channels import test_voice_channel as voice_channel
from tests.insights.page_reader import Page
from tests.servers import ROOT, running_assistant
from tests.slack_stub import SlackWebAPIStub

pytestmark = pytest.mark.e2e

SCREENSHOTS = ROOT / "results" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHANNEL_NAMES = {"rest": "REST", "webchat": "web", "slack": "Slack", "twilio_voice": "voice"}


@dataclass
class Conversation:
    """What is sent on one channel, and what the report must count for it (written by hand)."""

    channel: str
    messages: List[str]
    questions: List[Tuple[str, str, bool]] = field(default_factory=list)  # (topic, outcome, asked back first)
    doses: List[Tuple[str, str]] = field(default_factory=list)  # (population, dose outcome)
    urgent: List[str] = field(default_factory=list)  # emergency / crisis / handoff answers
    intents: List[str] = field(default_factory=list)  # what the classifier must make of each message
    sender: str = ""


GIVEN, REFUSED = "figures given", "refused: outside the leaflet"
CONVERSATIONS = [
    Conversation("rest", ["what is baclofen used for"], [("uses: what is it used for", "answered", False)],
                 intents=["ask_uses"]),
    Conversation("rest", ["what dose for my son", "he is 3", "tablets", "14 kg"], [("dose", "answered", True)],
                 [("child 2-6 years", GIVEN)], intents=["ask_dose", "inform", "inform", "inform"]),
    Conversation("rest", ["dose for a 6 month old"], [("dose", "not in the leaflet", False)],
                 [("child under 1 year", REFUSED)], intents=["ask_dose"]),
    Conversation("rest", ["dose for an adult with kidney failure"],
                 [("dose: kidney problems", "not in the leaflet", False)], [("kidney failure", REFUSED)],
                 intents=["ask_dose"]),
    Conversation("rest", ["when"], [("not understood", "clarified", True)], intents=["nlu_fallback"]),
    Conversation("rest", ["what is the weather", "what is ibuprofen for", "what about my hospital number 123456"],
                 [("not about baclofen", "not in the leaflet", False), ("other medicines: nsaid painkillers", "not in the leaflet", False),
                  ("not about baclofen", "not in the leaflet", False)],
                 intents=["out_of_scope", "ask_other_drug", "out_of_scope"]),
    Conversation("rest", ["I want to talk to a pharmacist"], [("a person (pharmacist)", "handed to a person", False)],
                 urgent=["handoff"], intents=["ask_human"]),
    Conversation("webchat", ["hello", "what are the side effects", "/ask_uses"],
                 [("side effects: common side effects", "answered", False), ("uses", "answered", False)],
                 intents=["greet", "ask_side_effects", "ask_uses"]),
    Conversation("webchat", ["my son swallowed a whole strip of my baclofen tablets"],
                 [("emergency", "answered", False)], urgent=["emergency"], intents=["emergency"]),
    Conversation("webchat", ["adult dose by mouth"], [("dose", "answered", False)], [("adult", GIVEN)],
                 intents=["ask_dose"]),
    Conversation("webchat", ["dose for an 80 year old, tablets"], [("dose", "answered", False)],
                 [("elderly", GIVEN)], intents=["ask_dose"]),
    Conversation("webchat", ["is it safe in pregnancy"], [("precaution: pregnancy", "answered", False)],
                 intents=["ask_precaution"]),
    Conversation("slack", ["what dose of baclofen for a 3 year old weighing 14 kg, tablets"],
                 [("dose", "answered", False)], [("child 2-6 years", GIVEN)], intents=["ask_dose"]),
    Conversation("slack", ["does baclofen interact with lithium?"], [("interaction: lithium", "answered", False)],
                 intents=["ask_interaction"]),
    # A call's first message is the channel's "hello" on ringing; the read-back's "yes" stays in the channel.
    Conversation("twilio_voice", ["hello", "how much baclofen should my son take", "he is four", "tablets",
                                  "sixteen kilos", "pharmacist"],
                 [("dose", "answered", True), ("a person (pharmacist)", "handed to a person", False)],
                 [("child 2-6 years", GIVEN)], urgent=["handoff"],
                 intents=["greet", "ask_dose", "inform", "inform", "inform", "ask_human"]),
    Conversation("twilio_voice", ["hello", "baclofen dose for a 30 year old, pump"], [("dose", "answered", False)],
                 [("intrathecal", GIVEN)], intents=["greet", "ask_dose"]),
]


# A label after the colon is the typed question's catalogue topic (baclofen/language/question.py) or the topic entity.

# ---------------------------------------------------------------- sending, channel by channel

def send_rest(bot, conversation):
    sender = bot.new_sender()
    for message in conversation.messages:
        assert bot.say(sender, message), message
    conversation.sender = f"rest:{sender}"  # the stored id: each channel's own id space (channels/rest.py)


def send_webchat(bot, conversation):
    sender = uuid.uuid4().hex  # the widget's 128-bit random id
    for message in conversation.messages:
        response = requests.post(f"{bot.url}/webhooks/webchat/webhook",
                                 json={"sender": sender, "message": message}, timeout=30)
        assert response.status_code == 200 and response.json(), message
    conversation.sender = f"webchat:{sender}"


def send_slack(stub, conversation):
    channel = slack_channel.new_channel("D")
    ts = slack_channel.say(stub, conversation.messages[0], channel, kind="message", channel_type="im")
    assert stub.wait_posts(1, channel, ts), f"no Slack reply to {conversation.messages[0]!r}"
    conversation.slack_channel = channel


def send_voice(bot, conversation):
    call = voice_channel.Call(bot)
    call.ring()
    for said in conversation.messages[1:]:
        twiml = call.send(said)
        if "is that right?" in twiml.text:  # the hotline reads a dose back before saying it
            assert "The starting dose" in call.send("yes that's right").text or True
    call.send(status="completed")
    conversation.sender = f"twilio_voice:{call.sid}"


def stored_conversations(database: Path):
    """sender -> [(text, intent)] of the stored user events (to find Slack's senders, and check the intents)."""
    found = {}
    with sqlite3.connect(database) as db:
        for sender, text, intent in db.execute(
                "SELECT sender_id, json_extract(data, '$.text'), intent_name FROM events WHERE type_name = 'user' "
                "ORDER BY id"):
            found.setdefault(sender, []).append((text, intent))
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    base = tmp_path_factory.mktemp("report-e2e")
    env = dict(voice_channel.ENV, SLACK_BOT_TOKEN=slack_channel.TOKEN, SLACK_SIGNING_SECRET=slack_channel.SECRET,
               SLACK_APP_ID=slack_channel.APP_ID)
    with SlackWebAPIStub(slack_channel.TOKEN) as stub:
        with running_assistant(base, SLACK_API_BASE_URL=stub.base_url, **env) as bot:
            stub.webhook, stub.assistant = f"{bot.url}/webhooks/slack/webhook", bot
            for conversation in CONVERSATIONS:
                {"rest": lambda c: send_rest(bot, c), "webchat": lambda c: send_webchat(bot, c),
                 "slack": lambda c: send_slack(stub, c), "twilio_voice": lambda c: send_voice(bot, c)}[
                    conversation.channel](conversation)
            time.sleep(1)  # Slack's turns are stored after its webhook answered
            database = base / "tracker.db"
            stored = stored_conversations(database)
            for conversation in CONVERSATIONS:
                if conversation.channel == "slack":
                    conversation.sender = next(s for s in stored if conversation.slack_channel in s)
                texts, intents = zip(*stored[conversation.sender])
                assert list(texts) == conversation.messages, "what was stored is not what was sent"
                assert list(intents) == conversation.intents, (
                    f"the classifier reads these messages differently now; update the expectations: {texts}")
            report = base / "report.html"
            run = report_command(["--out", str(report)], database)
            assert run.returncode == 0, run.stderr
            yield database, Page(report.read_text(encoding="utf-8")), report.read_text(encoding="utf-8"), base, run


def report_command(args, database, endpoints="endpoints.yml", **env):
    """`make report`'s command, as a user runs it, on the server's endpoints file."""
    return subprocess.run([sys.executable, "scripts/report.py", "--endpoints", endpoints, *args], cwd=ROOT,
                          env=dict(os.environ, BACLOFEN_TRACKER_DB=str(database), **env), capture_output=True,
                          text=True, timeout=300)


def expected(kind):
    counts = Counter()
    for conversation in CONVERSATIONS:
        name = CHANNEL_NAMES[conversation.channel]
        if kind == "conversations":
            counts[name] += 1
        elif kind == "messages":
            counts[name] += len(conversation.messages)
        elif kind == "topics":
            counts.update((topic, outcome) for topic, outcome, _ in conversation.questions)
        elif kind == "asked back":
            counts.update(topic for topic, _, asked in conversation.questions if asked)
        elif kind == "not covered":
            counts.update(topic for topic, outcome, _ in conversation.questions if outcome == "not in the leaflet")
        elif kind == "doses":
            counts.update(conversation.doses)
        elif kind == "urgent":
            counts.update(conversation.urgent)
    return counts


# ---------------------------------------------------------------- the page, read back

def test_conversations_and_messages_per_day_and_channel(served):
    _, page, _, _, run = served
    today = date.today().isoformat()
    per_day = page.tables["per-day"]
    assert list(per_day.by("day")) == [today]
    row = per_day.by("day")[today]
    for channel, count in expected("conversations").items():
        assert per_day.value(row, f"{channel} conversations") == count, channel
    for channel, count in expected("messages").items():
        assert per_day.value(row, f"{channel} messages") == count, channel
    per_channel = page.tables["per-channel"]
    assert {c: per_channel.value(r, "conversations") for c, r in per_channel.by("channel").items()} == dict(
        expected("conversations"))
    assert {c: per_channel.value(r, "messages (user)") for c, r in per_channel.by("channel").items()} == dict(
        expected("messages"))
    assert int(page.ids["card-conversations"]["data-value"]) == len(CONVERSATIONS) == 16
    assert f"{len(CONVERSATIONS)} conversations" in run.stdout


def test_topics_ranked_with_answered_clarified_fallen_back_handed(served):
    _, page, _, _, _ = served
    table = page.tables["topics"]
    rows = table.by("topic")
    topics = expected("topics")
    assert set(rows) == {topic for topic, _ in topics}, (sorted(rows), sorted({t for t, _ in topics}))
    for topic, row in rows.items():
        assert table.value(row, "questions") == sum(n for (t, _), n in topics.items() if t == topic)
        for outcome in OUTCOMES:
            assert table.value(row, outcome) == topics.get((topic, outcome), 0), (topic, outcome)
        assert table.value(row, "asked back first") == expected("asked back").get(topic, 0), topic
    assert table.rows[0].attrs["data-topic"] == "dose" and table.value(table.rows[0], "questions") == 7
    assert int(page.ids["card-questions"]["data-value"]) == sum(topics.values())


def test_questions_the_leaflet_does_not_cover(served):
    _, page, _, _, _ = served
    table = page.tables["not-covered"]
    assert [(r.attrs["data-topic"], table.value(r, "questions")) for r in table.rows] == [
        ("not about baclofen", 2), ("dose", 1), ("dose: kidney problems", 1), ("other medicines: nsaid painkillers", 1)]
    assert dict(expected("not covered")) == {r.attrs["data-topic"]: table.value(r, "questions") for r in table.rows}


def test_emergency_answers_and_handoffs_per_day(served):
    _, page, _, _, _ = served
    table = page.tables["urgent"]
    row = table.by("day")[date.today().isoformat()]
    urgent = expected("urgent")
    assert table.value(row, "emergency answers") == urgent["emergency"] == 1
    assert table.value(row, "handoffs to a person") == urgent["handoff"] == 2
    assert table.value(row, "crisis answers") == 0


def test_dose_questions_by_population_and_refusals(served):
    _, page, _, _, _ = served
    table = page.tables["dose"]
    doses = expected("doses")
    rows = table.by("population")
    assert set(rows) == {population for population, _ in doses}
    for population, row in rows.items():
        assert table.value(row, "dose questions") == sum(n for (p, _), n in doses.items() if p == population)
        assert table.value(row, GIVEN) == doses.get((population, GIVEN), 0)
        assert table.value(row, REFUSED) == doses.get((population, REFUSED), 0)
    assert sum(table.value(r, REFUSED) for r in table.rows) == 2


def test_confidence_distribution_and_least_sure_without_text(served):
    _, page, html, _, _ = served
    classified = sum(len(c.messages) for c in CONVERSATIONS) - 1  # the button click is not classified
    assert int(page.ids["classified"]["data-value"]) == classified
    assert sum(row.cells[1].value for row in page.tables["confidence"].rows) == classified
    least = page.tables["least-sure"]
    assert "message (numbers masked)" not in least.headers
    assert least.rows[0].cells[3].text == "nlu_fallback"  # "when": the least sure of all
    confidences = [row.cells[0].value for row in least.rows]
    assert confidences == sorted(confidences) and len(confidences) == 15


def test_answer_latency_percentiles(served):
    _, page, _, _, _ = served
    table = page.tables["latency"]
    for channel, row in table.by("channel").items():
        assert table.value(row, "answers") == expected("messages")[channel], channel  # every message answered
        p50, p99, top = (table.value(row, h) for h in ("p50", "p99", "max"))
        assert 0 < p50 <= p99 <= top < 10_000, channel


def test_aggregates_only_no_sender_id_no_text(served):
    database, _, html, _, _ = served
    with sqlite3.connect(database) as db:
        senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
    assert len(senders) == len(CONVERSATIONS)
    for sender in senders:
        channel, _, sender_id = sender.partition(":")  # the channel's name before the colon is no identifier
        assert channel in CHANNEL_NAMES, sender
        for part in re.split(r"_", sender_id):  # Slack's id joins user, channel and thread
            assert part not in html, part
    for conversation in CONVERSATIONS:
        for message in conversation.messages:
            if " " in message and len(message) >= 10:  # a sentence, not a word the page uses ("pharmacist")
                assert message not in html, message


def test_show_text_shows_the_least_sure_texts_masked(served, tmp_path):
    database = served[0]
    out = tmp_path / "with-text.html"
    run = report_command(["--out", str(out), "--show-text", "--least-sure", "100"], database)
    assert run.returncode == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    least = page.tables["least-sure"]
    shown = [row.cells[-1].text for row in least.rows]
    sent = [m for c in CONVERSATIONS for m in c.messages if not m.startswith("/")]
    assert sorted(shown) == sorted(mask_numbers(m) for m in sent)
    assert shown[0] == "when"
    assert "what about my hospital number [number]" in shown and "123456" not in html


def test_days_and_since_on_the_same_rows_moved_back(served, tmp_path):
    """A copy of the served store with one conversation moved back a day and one two days."""
    database = tmp_path / "moved.db"
    shutil.copyfile(served[0], database)
    today = date.today()
    uses, first_call = CONVERSATIONS[0], CONVERSATIONS[14]
    with sqlite3.connect(database) as db:
        db.execute("UPDATE events SET timestamp = timestamp - 86400 WHERE sender_id = ?", (uses.sender,))
        db.execute("UPDATE events SET timestamp = timestamp - 2 * 86400 WHERE sender_id = ?", (first_call.sender,))
    out = tmp_path / "days.html"
    assert report_command(["--out", str(out)], database).returncode == 0
    table = Page(out.read_text()).tables["per-day"]
    days = table.by("day")
    assert sorted(days) == [(today - timedelta(days=n)).isoformat() for n in (2, 1, 0)]
    assert table.value(days[(today - timedelta(days=2)).isoformat()], "voice messages") == 6
    assert table.value(days[(today - timedelta(days=1)).isoformat()], "REST conversations") == 1
    assert table.value(days[today.isoformat()], "all conversations") == len(CONVERSATIONS) - 2

    since = tmp_path / "since.html"
    assert report_command(["--out", str(since), "--since", (today - timedelta(days=1)).isoformat()],
                          database).returncode == 0
    page = Page(since.read_text())
    assert sorted(page.tables["per-day"].by("day")) == [(today - timedelta(days=n)).isoformat() for n in (1, 0)]
    assert int(page.ids["card-handoffs"]["data-value"]) == 1  # the moved call's handoff is before --since


def test_purged_conversations_are_gone_from_the_report(served, tmp_path):
    database = tmp_path / "purge.db"
    shutil.copyfile(served[0], database)
    old = CONVERSATIONS[6]  # the REST handoff
    with sqlite3.connect(database) as db:
        db.execute("UPDATE events SET timestamp = timestamp - 40 * 86400 WHERE sender_id = ?", (old.sender,))
    before, after = tmp_path / "before.html", tmp_path / "after.html"
    assert report_command(["--out", str(before)], database).returncode == 0
    purge = subprocess.run(["make", "--no-print-directory", "purge", "DAYS=30"], cwd=ROOT, capture_output=True,
                           text=True, timeout=300, env=dict(os.environ, BACLOFEN_TRACKER_DB=str(database)))
    assert purge.returncode == 0 and "deleted 1 conversation(s)" in purge.stdout, purge.stdout + purge.stderr
    assert report_command(["--out", str(after)], database).returncode == 0
    was, now = Page(before.read_text()), Page(after.read_text())
    assert int(was.ids["card-conversations"]["data-value"]) == len(CONVERSATIONS)
    assert int(now.ids["card-conversations"]["data-value"]) == len(CONVERSATIONS) - 1
    assert "a person (pharmacist)" in was.tables["topics"].by("topic")
    assert now.tables["topics"].value(now.tables["topics"].by("topic")["a person (pharmacist)"], "questions") == 1
    assert len(was.tables["per-day"].rows) == 2 and len(now.tables["per-day"].rows) == 1


def test_make_report_writes_the_same_page(served, tmp_path):
    database, page, _, _, _ = served
    out = tmp_path / "make.html"
    made = subprocess.run(["make", "--no-print-directory", "report", f"OUT={out}", f"SINCE={date.today()}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, BACLOFEN_TRACKER_DB=str(database)))
    assert made.returncode == 0, made.stdout + made.stderr
    assert re.search(r"read \d+ of \d+ events \(100%\)", made.stderr)  # the progress line
    again = Page(out.read_text())
    for table in ("per-channel", "topics", "not-covered", "dose", "urgent"):
        assert [[c.attrs.get("data-value") for c in r.cells] for r in again.tables[table].rows] == [
            [c.attrs.get("data-value") for c in r.cells] for r in page.tables[table].rows], table


# ---------------------------------------------------------------- PostgreSQL, through endpoints.production.yml

def test_the_same_rows_in_postgresql_give_the_same_page(served):
    from tests.e2e.test_shared_state import Postgres
    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore

    database, page, _, _, _ = served
    base = Path(tempfile.mkdtemp(prefix="baclofen-report-pg-"))  # the postgres user must reach it
    os.chmod(base, 0o755)
    postgres = Postgres(base / "pg")
    try:
        postgres.start()
        engine = sa.create_engine(f"postgresql://postgres:{postgres.password}@127.0.0.1:{postgres.port}/baclofen")
        SQLTrackerStore.SQLEvent.__table__.create(engine)  # Rasa's table, as the first server creates it
        with sqlite3.connect(database) as db:
            rows = [dict(zip(("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data"), row))
                    for row in db.execute("SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
                                          "FROM events ORDER BY id")]
        with engine.begin() as connection:
            connection.execute(SQLTrackerStore.SQLEvent.__table__.insert(), rows)
        engine.dispose()
        out = base / "pg.html"
        run = report_command(["--out", str(out)], database, endpoints="endpoints.production.yml",
                             BACLOFEN_DB_HOST="127.0.0.1", BACLOFEN_DB_PORT=str(postgres.port),
                             BACLOFEN_DB_NAME="baclofen", BACLOFEN_DB_USER="postgres",
                             BACLOFEN_DB_PASSWORD=postgres.password, BACLOFEN_ACTIONS_URL="http://127.0.0.1:1/webhook",
                             BACLOFEN_ACTIONS_SECRET="unused", BACLOFEN_REDIS_HOST="127.0.0.1",
                             BACLOFEN_REDIS_PORT="1", BACLOFEN_REDIS_PASSWORD="", BACLOFEN_REDIS_DB="0")
        assert run.returncode == 0, run.stderr
        assert f"{len(rows):,} events to read" in run.stderr
        from_postgres = Page(out.read_text())
        for table in ("per-day", "per-channel", "topics", "not-covered", "urgent", "dose", "confidence", "latency"):
            assert [[c.attrs.get("data-value") for c in r.cells] for r in from_postgres.tables[table].rows] == [
                [c.attrs.get("data-value") for c in r.cells] for r in page.tables[table].rows], table
    finally:
        postgres.stop()
        shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------- in a real browser

def open_in_chromium(path: Path, screenshot: Path, full_page: bool, viewport=(1280, 800)):
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed (scripts/system-deps.sh installs it)")
    outside, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})

            def only_the_file(route):
                if route.request.url == path.as_uri() or route.request.url.startswith("data:"):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            context.route("**/*", only_the_file)
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(path.as_uri(), wait_until="load")
            charts = page.locator("figure svg")
            sizes = [charts.nth(i).bounding_box() for i in range(charts.count())]
            title = page.title()
            cards = page.locator("#summary .card").count()
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=full_page)
        finally:
            browser.close()
    return outside, errors, sizes, title, cards


def test_the_page_in_chromium_requests_nothing_and_draws_its_charts(served):
    _, _, _, base, _ = served
    outside, errors, sizes, title, cards = open_in_chromium(base / "report.html", SCREENSHOTS / "report-e2e.png",
                                                            full_page=True)
    assert outside == [] and errors == []  # no request anywhere, and nothing the page's CSP had to block
    assert title == "What people ask the baclofen assistant" and cards == 7
    assert len(sizes) == 5 and all(box["width"] > 500 and box["height"] > 100 for box in sizes)


def test_screenshot_of_a_month_for_the_readme(tmp_path):
    """A month of generated conversations (bench/report_store.py), as the README shows the report."""
    database = tmp_path / "month.db"
    generate(database, 20_000, days=30, seed=14)
    out = tmp_path / "month.html"
    assert report_command(["--out", str(out)], database).returncode == 0
    shot = SCREENSHOTS / "report.png"
    outside, errors, sizes, _, _ = open_in_chromium(out, shot, full_page=False, viewport=(1280, 1400))
    assert outside == [] and errors == [] and len(sizes) == 5
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":  # the README's copy changes only when asked (make screenshots)
        (ROOT / "docs" / "screenshots").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / "screenshots" / "report.png")
