"""Resends: a message sent again (a client's retry after a timeout or a dead server, Slack's and Twilio's retries, a
double click) is answered with the reply stored for it and is not stored a second time.

Each channel gives its message an id (UserMessage.message_id, which Rasa stores in the user event): the client's
own id where it has one (`client_key`: the web widget's and REST's `message_id`, Slack's event id, Twilio's CallSid
and the turn of the <Gather> it answers), else `text_key`: a hash of the conversation and the text, which counts
as a resend only within BACLOFEN_RESEND_WINDOW_SECONDS and only while it is the conversation's latest message (the
same "yes" a minute later, or to another question, is a new message).

The check runs under the conversation's lock, where Rasa reads the conversation (stores/guarded.py calls
`raise_if_resent` from retrieve): a resend that queued behind its original sees the original's stored turn. A
resend found stops the turn with AlreadyAnswered, carrying the stored replies, which channels/rest.run_turn gives
to the channel as the reply; nothing is stored.
"""
from __future__ import annotations

import hashlib
import time
from typing import Any, Dict, List, Optional, Sequence

from rasa.shared.core.events import Event

from baclofen import settings

CLIENT_KEY, TEXT_KEY = "id:", "text:"


def client_key(message_id: str) -> str:
    """The id of a message the client named itself (every resend carries the same id)."""
    return CLIENT_KEY + message_id


def text_key(conversation: str, text: str) -> str:
    """The id of a message without one: its conversation and text (a resend only within the window)."""
    return TEXT_KEY + hashlib.sha256(f"{conversation}\x00{text}".encode("utf-8")).hexdigest()[:32]


class AlreadyAnswered(BaseException):
    """The message was answered and stored before: `replies` are its stored bot messages. A BaseException because
    Rasa's FailSafeTrackerStore turns any Exception of retrieve into an empty conversation and carries on."""

    def __init__(self, replies: List[Dict[str, Any]]) -> None:
        super().__init__("a resent message: answered with its stored reply")
        self.replies = replies


def stored_replies(events: Sequence[Dict[str, Any]], key: str, window: Optional[float],
                   now: float) -> Optional[List[Dict[str, Any]]]:
    """The bot messages stored after the user message `key`, as Rasa hands them to an output channel; None when
    `key` is not stored (with a `window`: not as the latest user message, or longer than `window` seconds ago)."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") != "user":
            continue
        if event.get("message_id") == key:
            break
        if window is not None:
            return None  # a text key counts only as the latest message
    else:
        return None
    if window is not None and now - float(event.get("timestamp") or 0) > window:
        return None
    replies = []
    for later in events[index + 1:]:
        if later.get("event") == "user":
            break
        if later.get("event") == "bot":
            replies.append(Event.from_parameters(later).message())
    return replies


def raise_if_resent(turn: Any, events: Sequence[Dict[str, Any]]) -> None:
    """Called with the conversation read at the start of `turn` (under its lock): AlreadyAnswered if its message
    is a resend. Once per turn."""
    key = getattr(turn, "message_id", None)
    if not key or turn.resend_checked:
        return
    turn.resend_checked = True
    window = settings.current().resend_window_seconds
    if window <= 0:
        return
    replies = stored_replies(events, key, window if key.startswith(TEXT_KEY) else None, time.time())
    if replies is not None:
        raise AlreadyAnswered(replies)
