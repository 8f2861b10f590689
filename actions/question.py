"""The typed question the Rasa server's NLU read from the latest message (components/question_reader.py); a short
follow-up is read with the question before it (baclofen/language/follow_up.py, the same decision as
components/context_follow_up_policy.py)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker

from baclofen.language import follow_up
from baclofen.language.question import Question

_LISTEN = "action_listen"


def latest_question(tracker: Tracker) -> Question:
    latest_message = tracker.latest_message or {}
    latest = Question.from_dict(latest_message.get("question"))
    previous, answered_with = _previous_turn(tracker.events or [])
    if previous is None:
        return latest
    return follow_up.in_context(Question.from_dict(previous.get("question")), answered_with, latest,
                                latest_message.get("text") or "") or latest


def _previous_turn(events: List[Dict[str, Any]]) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """The parse data of the user message before the latest, and the first answer given to it that a follow-up may
    go on from."""
    users = 0
    answered: List[str] = []
    for event in reversed(events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                followed = [name for name in answered if name in follow_up.FOLLOWED_ANSWERS]
                return event.get("parse_data") or {}, (followed[0] if followed else None)
        elif event.get("event") == "action" and users == 1 and event.get("name") != _LISTEN:
            answered.insert(0, event.get("name"))
    return None, None
