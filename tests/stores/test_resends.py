"""stores/resends.py: which stored message a resend is, and the reply it gets back."""
from __future__ import annotations

import time

import pytest

from stores import resends
from stores.turns import Turn


def _conversation(now: float):
    return [
        {"event": "action", "name": "action_listen", "timestamp": now - 100},
        {"event": "user", "text": "hello", "message_id": "id:a", "timestamp": now - 100},
        {"event": "bot", "text": "Hello!", "data": {}, "timestamp": now - 99},
        {"event": "user", "text": "dose?", "message_id": resends.text_key("rest:x", "dose?"), "timestamp": now - 5},
        {"event": "bot", "text": "How old?", "data": {"buttons": [{"title": "4", "payload": "4"}]},
         "timestamp": now - 4},
        {"event": "slot", "name": "requested_slot", "value": "age_years", "timestamp": now - 4},
    ]


def test_a_client_id_is_found_anywhere_in_the_conversation_with_the_replies_that_followed_it():
    replies = resends.stored_replies(_conversation(1000.0), "id:a", None, 1000.0)
    assert [reply["text"] for reply in replies] == ["Hello!"]


def test_a_text_key_counts_only_as_the_latest_message_within_the_window():
    events, key = _conversation(1000.0), resends.text_key("rest:x", "dose?")
    replies = resends.stored_replies(events, key, 30, 1000.0)
    assert replies[0]["text"] == "How old?" and replies[0]["buttons"] == [{"title": "4", "payload": "4"}]
    assert resends.stored_replies(events, key, 30, 1040.0) is None  # past the window
    assert resends.stored_replies(events, resends.text_key("rest:x", "hello"), 1000, 1000.0) is None  # not latest
    assert resends.stored_replies(events, resends.text_key("rest:y", "dose?"), 30, 1000.0) is None


def test_raise_if_resent_once_per_turn_and_not_when_switched_off(configure):
    events = _conversation(time.time())
    turn = Turn(None, "id:a")
    with pytest.raises(resends.AlreadyAnswered) as found:
        resends.raise_if_resent(turn, events)
    assert [reply["text"] for reply in found.value.replies] == ["Hello!"]
    resends.raise_if_resent(turn, events)  # checked once: a later read in the same turn is not a resend
    configure(BACLOFEN_RESEND_WINDOW_SECONDS="0")
    resends.raise_if_resent(Turn(None, "id:a"), events)
    resends.raise_if_resent(Turn(None, None), events)
