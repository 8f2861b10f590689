"""The typed question the Rasa server's NLU read from the latest message (components/question_reader.py)."""
from __future__ import annotations

from rasa_sdk import Tracker

from baclofen.language.question import Question


def latest_question(tracker: Tracker) -> Question:
    return Question.from_dict((tracker.latest_message or {}).get("question"))
