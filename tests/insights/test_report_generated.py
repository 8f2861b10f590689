"""The report on a generated store (bench/report_store.py: Rasa's own events table, rows shaped as the server stores
them, six days, four channels, every outcome, names the domain does not have yet): the page read back holds
exactly what the generator wrote, per day, channel, topic, outcome, population; --since/--until cut whole days;
no sender id and no text unless asked; bad input gets a clear error and no traceback."""
from __future__ import annotations

import json
import math
import random
import sqlite3
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from bench.report_store import generate
from insights import cli
from insights.aggregate import OUTCOMES, LogHistogram
from insights.population import OUTCOMES as DOSE_OUTCOMES
from insights.privacy import MASK
from tests.insights.page_reader import Page
from tests.servers import ROOT

DAYS = 6
TODAY = date.today()


def run_report(tmp_path, database, *args: str, monkeypatch=None, name: str = "report.html"):
    """The command in this process (scripts/report.py runs the same main), on the real endpoints.yml."""
    out = tmp_path / name
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BACLOFEN_TRACKER_DB", str(database))
        code = cli.main(["--out", str(out), "--endpoints", str(ROOT / "endpoints.yml"),
                         "--domain", str(ROOT / "domain.yml"), *args])
    assert code == 0
    return Page(out.read_text(encoding="utf-8")), out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    base = tmp_path_factory.mktemp("generated")
    database = base / "tracker.db"
    truth = generate(database, 6000, days=DAYS, seed=7, today=TODAY)
    page, html = run_report(base, database, "--least-sure", "12")
    return database, truth, page, html, base


def days_of(truth) -> list:
    return sorted({day for day, _ in truth.messages})


def test_every_day_and_channel_count(generated):
    _, truth, page, _, _ = generated
    table = page.tables["per-day"].by("day")
    assert sorted(table) == [d.isoformat() for d in days_of(truth)]
    for (day, channel), count in truth.conversations.items():
        assert page.tables["per-day"].value(table[day.isoformat()], f"{channel} conversations") == count
    for (day, channel), count in truth.messages.items():
        assert page.tables["per-day"].value(table[day.isoformat()], f"{channel} messages") == count
    per_channel = page.tables["per-channel"].by("channel")
    assert sorted(per_channel) == ["REST", "Slack", "voice", "web"]
    for channel, row in per_channel.items():
        assert page.tables["per-channel"].value(row, "conversations") == sum(
            n for (_, c), n in truth.conversations.items() if c == channel)
        assert page.tables["per-channel"].value(row, "messages (user)") == sum(
            n for (_, c), n in truth.messages.items() if c == channel)
    assert int(page.ids["card-conversations"]["data-value"]) == sum(truth.conversations.values())
    assert int(page.ids["card-user-messages"]["data-value"]) == sum(truth.messages.values())
    assert int(page.ids["card-questions"]["data-value"]) == sum(truth.topics.values())


def test_topics_ranked_with_what_became_of_them(generated):
    _, truth, page, _, _ = generated
    topics = page.tables["topics"]
    rows = topics.by("topic")
    expected = Counter()
    for (topic, _), count in truth.topics.items():
        expected[topic] += count
    assert set(rows) == set(expected)
    for topic, row in rows.items():
        assert topics.value(row, "questions") == expected[topic]
        for outcome in OUTCOMES:
            assert topics.value(row, outcome) == truth.topics.get((topic, outcome), 0), (topic, outcome)
        assert topics.value(row, "asked back first") == truth.asked_back.get(topic, 0), topic
    ranked = [topics.value(row, "questions") for row in topics.rows]
    assert ranked == sorted(ranked, reverse=True)
    # names the domain does not have (ask_missed_dose, crisis, ask_general + a typed question's topic) still count
    assert {"missed dose", "crisis", "general: onset", "precaution: pregnancy", "dose: kidneys"} <= set(rows)
    assert "ask_withdrawal" in page.texts["never-asked"]  # in the domain, never generated


def test_questions_the_leaflet_does_not_cover_ranked_by_topic(generated):
    _, truth, page, _, _ = generated
    table = page.tables["not-covered"]
    assert {topic: table.value(row, "questions") for topic, row in table.by("topic").items()} == dict(
        truth.not_covered)
    counts = [table.value(row, "questions") for row in table.rows]
    assert counts == sorted(counts, reverse=True)
    assert {"not about baclofen", "other medicines", "missed dose", "dose: kidneys", "dose"} == set(
        table.by("topic"))


def test_emergencies_crises_and_handoffs_per_day(generated):
    _, truth, page, _, _ = generated
    table = page.tables["urgent"]
    rows = table.by("day")
    assert sorted(rows) == sorted({d.isoformat() for d, _ in truth.urgent})
    for (day, kind), count in truth.urgent.items():
        header = {"emergency": "emergency answers", "crisis": "crisis answers", "handoff": "handoffs to a person"}
        assert table.value(rows[day.isoformat()], header[kind]) == count


def test_dose_questions_by_population_and_refusals(generated):
    _, truth, page, _, _ = generated
    table = page.tables["dose"]
    rows = table.by("population")
    assert set(rows) == {group for group, _ in truth.dose}
    for group, row in rows.items():
        assert table.value(row, "dose questions") == sum(n for (g, _), n in truth.dose.items() if g == group)
        for outcome in DOSE_OUTCOMES:
            if outcome in table.headers:
                assert table.value(row, outcome) == truth.dose.get((group, outcome), 0), (group, outcome)
    assert table.value(rows["kidney failure"], "refused: outside the leaflet") == table.value(
        rows["kidney failure"], "dose questions") > 0
    assert table.value(rows["child under 1 year"], "refused: outside the leaflet") > 0
    # the leaflet's order: adult, the child bands youngest first, intrathecal, kidneys, elderly
    order = [row.attrs["data-population"] for row in table.rows]
    assert order == ["adult", "child under 1 year", "child 1-2 years", "child 2-6 years", "child 6-8 years",
                     "child 8 years to adult (18)", "intrathecal", "kidney failure", "elderly"]


def test_confidence_distribution_and_least_sure(generated):
    _, truth, page, html, _ = generated
    assert int(page.ids["classified"]["data-value"]) == truth.classified
    bins = [row.cells[1].value for row in page.tables["confidence"].rows]
    assert len(bins) == 10 and sum(bins) == truth.classified
    lowest = sorted(truth.lowest_confidence)[:12]
    shown = [row.cells[0].value for row in page.tables["least-sure"].rows]
    assert shown == pytest.approx(lowest, abs=1e-4)
    assert "message (numbers masked)" not in page.tables["least-sure"].headers  # no text without --show-text


def test_answer_latency_per_channel(generated):
    _, truth, page, _, _ = generated
    table = page.tables["latency"]
    for channel, row in table.by("channel").items():
        assert table.value(row, "answers") == truth.answers_timed[channel]
        p50, p99, top = (table.value(row, h) for h in ("p50", "p99", "max"))
        assert 5 < p50 < 200 and p50 <= p99 <= top  # the generator answers in about 50 ms (lognormal)


def test_no_sender_id_and_no_message_text_by_default(generated):
    database, _, _, html, _ = generated
    with sqlite3.connect(database) as db:
        senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
        texts = {row[0] for row in db.execute("SELECT json_extract(data, '$.text') FROM events "
                                              "WHERE type_name = 'user'")}
    assert len(senders) > 50
    assert not [s for s in senders if s in html]
    assert not [t for t in texts if len(t) >= 8 and t in html]


def test_show_text_lists_the_least_sure_texts_masked(generated, tmp_path):
    database, truth, _, _, _ = generated
    with sqlite3.connect(database) as db:  # a message with a phone number, the least sure of all
        row = db.execute("SELECT id, data FROM events WHERE type_name = 'user' AND intent_name = 'greet' "
                         "LIMIT 1").fetchone()
        event = json.loads(row[1])
        event["text"] = "please ring me on 0912 345 678 about the dose"
        event["parse_data"]["intent"]["confidence"] = 0.01
        db.execute("UPDATE events SET data = ? WHERE id = ?", (json.dumps(event), row[0]))
    try:
        page, html = run_report(tmp_path, database, "--show-text", "--least-sure", "5")
        table = page.tables["least-sure"]
        assert table.headers[-1] == "message (numbers masked)"
        assert table.rows[0].cells[0].value == pytest.approx(0.01)
        assert table.rows[0].cells[-1].text == f"please ring me on {MASK} about the dose"
        assert "0912" not in html and "345 678" not in html
        assert [r.cells[-1].text for r in table.rows[1:]] == ["when"] * 4  # then the fallbacks' best guesses
    finally:
        with sqlite3.connect(database) as db:
            db.execute("UPDATE events SET data = ? WHERE id = ?", (row[1], row[0]))


def test_since_and_until_select_whole_local_days(generated, tmp_path):
    database, truth, _, _, _ = generated
    days = days_of(truth)
    first, last = days[1], days[3]
    page, _ = run_report(tmp_path, database, "--since", first.isoformat(), "--until", last.isoformat())
    rows = page.tables["per-day"].by("day")
    assert sorted(rows) == [d.isoformat() for d in days if first <= d <= last]
    for (day, channel), count in truth.messages.items():
        if first <= day <= last:
            assert page.tables["per-day"].value(rows[day.isoformat()], f"{channel} messages") == count
    assert f"Period: {first.isoformat()} 00:00 to {(last + timedelta(days=1)).isoformat()} 00:00" in page.texts["period"]

    empty, _ = run_report(tmp_path, database, "--since", (TODAY + timedelta(days=1)).isoformat(), name="empty.html")
    assert "per-day" not in empty.tables and "topics" not in empty.tables
    assert "per-day-empty" in empty.ids and "no event in this period" in empty.texts["period"]

    instant = datetime.combine(last, datetime.min.time()) + timedelta(hours=12)
    half, _ = run_report(tmp_path, database, "--since", instant.isoformat(timespec="minutes"), name="half.html")
    assert sorted(half.tables["per-day"].by("day"))[0] == last.isoformat()


def test_progress_lines_while_reading(generated, tmp_path, capsys, monkeypatch):
    database = generated[0]
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 500)
    monkeypatch.setattr(cli, "Progress", lambda total: cli_progress(total))
    run_report(tmp_path, database)
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("read ")]
    total = generated[1].events
    assert len(lines) >= 5 and lines[-1].startswith(f"read {total:,} of {total:,} events (100%)")


def cli_progress(total):
    from insights.store import Progress
    return Progress(total, every_seconds=0)


@pytest.mark.parametrize("args, message", [
    (["--since", "yesterday"], "is not a date"), (["--until", "2026-13-01"], "is not a date"),
    (["--since", "2026-02-01", "--until", "2026-01-01"], "--since must come before --until"),
    (["--least-sure", "-1"], "--least-sure must be 0 or more"),
])
def test_bad_arguments_are_refused_with_the_reason(args, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(args)
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_a_missing_store_is_said_and_not_created(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BACLOFEN_TRACKER_DB", str(tmp_path / "none.db"))
    assert cli.main(["--out", str(tmp_path / "r.html"), "--endpoints", str(ROOT / "endpoints.yml"),
                     "--domain", str(ROOT / "domain.yml")]) == 2
    assert "no tracker store at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "r.html").exists()


def test_other_unusable_stores_and_outputs(tmp_path, capsys, monkeypatch, generated):
    not_a_store = tmp_path / "other.db"
    sqlite3.connect(not_a_store).execute("CREATE TABLE something (x)").connection.close()
    monkeypatch.setenv("BACLOFEN_TRACKER_DB", str(not_a_store))
    common = ["--endpoints", str(ROOT / "endpoints.yml"), "--domain", str(ROOT / "domain.yml")]
    assert cli.main(["--out", str(tmp_path / "r.html"), *common]) == 2
    assert "no events table" in capsys.readouterr().err

    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("action_endpoint:\n  url: http://127.0.0.1:5055/webhook\n")
    assert cli.main(["--out", str(tmp_path / "r.html"), "--endpoints", str(endpoints)]) == 2
    assert "has no SQL tracker store" in capsys.readouterr().err

    monkeypatch.setenv("BACLOFEN_TRACKER_DB", str(generated[0]))
    assert cli.main(["--out", str(tmp_path), *common]) == 2  # a folder
    assert f"cannot write {tmp_path}" in capsys.readouterr().err


def test_damaged_rows_are_skipped_not_fatal(tmp_path):
    database = tmp_path / "tracker.db"
    truth = generate(database, 300, days=2, seed=3, today=TODAY)
    with sqlite3.connect(database) as db:
        db.execute("UPDATE events SET data = '{not json' WHERE id = (SELECT MIN(id) FROM events "
                   "WHERE type_name = 'user')")
        db.execute("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                   "VALUES ('x', 'user', NULL, NULL, NULL, NULL)")
    page, _ = run_report(tmp_path, database)
    assert sum(page.tables["per-channel"].value(r, "messages (user)") for r in page.tables["per-channel"].rows
               ) == sum(truth.messages.values()) + 1  # the damaged message still counted, as an unknown channel


def test_latency_percentiles_within_one_percent():
    rng = random.Random(1)
    values = [rng.lognormvariate(-2.5, 1.0) for _ in range(20_000)]
    histogram = LogHistogram()
    for value in values:
        histogram.add(value)
    values.sort()
    for fraction in (0.5, 0.9, 0.95, 0.99):
        exact = values[math.ceil(fraction * len(values)) - 1]
        assert histogram.percentile(fraction) == pytest.approx(exact, rel=0.01)
    assert histogram.maximum == values[-1] and histogram.count == len(values)
    assert len(histogram.buckets) < 2000  # fixed memory, whatever the number of answers


def test_names_from_the_store_are_escaped_and_drawn_as_written(tmp_path):
    """Topic and channel names come from stored events: markup stays text, a "$" is not matplotlib's math."""
    database = tmp_path / "tracker.db"
    generate(database, 300, days=2, seed=5, today=TODAY)
    odd_topic, odd_channel = "<script>alert(1)</script> costs $5 or $6", "<b>kiosk$</b>"
    with sqlite3.connect(database) as db:
        row = db.execute("SELECT id, data FROM events WHERE type_name = 'user' AND intent_name = 'ask_uses' "
                         "LIMIT 1").fetchone()
        event = json.loads(row[1])
        event["parse_data"]["question"] = {"topic": odd_topic}
        event["input_channel"] = odd_channel
        db.execute("UPDATE events SET data = ? WHERE id = ?", (json.dumps(event), row[0]))
    page, html = run_report(tmp_path, database)
    assert f"uses: {odd_topic}" in page.tables["topics"].by("topic")
    assert odd_channel in page.tables["per-channel"].by("channel")
    assert "<script>" not in html and "<b>kiosk" not in html
