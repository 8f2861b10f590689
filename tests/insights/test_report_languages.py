"""The report's split by language (insights/: the `language` slot of the stored events, English when a conversation
never sets it): on a store of Rasa's own events table, with conversations in English, in Vietnamese, and one that
switches after its first message; and on a generated store with no language slot at all, where everything is
English and the split adds up to the totals."""
from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, timedelta

import pytest

from bench.report_store import (
    Truth, Writer, adult_dose, create_table, emergency_then_person, generate, greet_and_uses,
)
from tests.insights.test_report_generated import run_report


class Conversation(Writer):
    """A conversation whose language slot is set, after the user's message as the detector sets it, to the
    plan's language for each message (None: not set; the last one stands for the later messages)."""

    def __init__(self, rows, truth, sender, channel, start, plan):
        super().__init__(rows, truth, random.Random(sender), sender, channel, start)
        self.plan, self.language = list(plan), None

    def user(self, *args, **kwargs):
        super().user(*args, **kwargs)
        wanted = self.plan.pop(0) if self.plan else self.language
        if wanted is not None and wanted != self.language:
            self.slot("language", wanted)
            self.language = wanted


def write_store(path):
    create_table(path)
    rows, truth = [], Truth()
    start = datetime.combine(date.today() - timedelta(days=1), datetime.min.time()).timestamp() + 9 * 3600
    conversations = [
        ("webchat", [], [greet_and_uses]),                       # English: never sets the slot
        ("twilio_voice", ["vi"], [greet_and_uses]),              # Vietnamese from its first message
        ("slack", ["vi"], [emergency_then_person]),              # Vietnamese: an emergency, then the pharmacist
        ("webchat", [None, "vi"], [greet_and_uses]),             # "hello", then Vietnamese from the second message
        ("rest", ["vi"], [adult_dose]),                          # Vietnamese: a dose
    ]
    for index, (channel, plan, scenarios) in enumerate(conversations):
        writer = Conversation(rows, truth, f"{index:032x}", channel, start + index * 600, plan)
        for scenario in scenarios:
            scenario(writer)
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                       "VALUES (?, ?, ?, ?, ?, ?)", rows)


def figures(page, code):
    table = page.tables["languages"]
    row = table.by("language")[code]
    return {header: table.value(row, header) for header in (
        "conversations", "messages (user)", "questions", "answered", "handed to a person", "emergency answers",
        "handoffs", "dose answers")}


def test_figures_are_split_by_the_language_slot(tmp_path):
    database = tmp_path / "tracker.db"
    write_store(database)
    page, _ = run_report(tmp_path, database)
    assert sorted(page.tables["languages"].by("language")) == ["en", "vi"]
    # English: the first conversation whole (3 messages, 2 questions) and the first message of the switching one
    # (a greeting: the conversation counts where it began).
    assert figures(page, "en") == {"conversations": 2, "messages (user)": 4, "questions": 2, "answered": 2,
                                   "handed to a person": 0, "emergency answers": 0, "handoffs": 0,
                                   "dose answers": 0}
    # Vietnamese: three conversations, and the switching one's two later messages and their two questions.
    assert figures(page, "vi") == {"conversations": 3, "messages (user)": 8, "questions": 7, "answered": 6,
                                   "handed to a person": 1, "emergency answers": 1, "handoffs": 1,
                                   "dose answers": 1}
    assert page.tables["languages"].rows[0].attrs["data-language"] == "en"  # the default first


def test_a_store_without_the_language_slot_is_all_english_and_adds_up(tmp_path):
    database = tmp_path / "tracker.db"
    truth = generate(database, 3000, days=3, seed=3, today=date.today())
    page, _ = run_report(tmp_path, database)
    languages = page.tables["languages"].by("language")
    assert list(languages) == ["en"]
    english = figures(page, "en")
    assert english["conversations"] == sum(truth.conversations.values())
    assert english["messages (user)"] == sum(truth.messages.values())
    assert english["questions"] == sum(truth.topics.values())
    assert english["answered"] == sum(n for (_, outcome), n in truth.topics.items() if outcome == "answered")
