"""One user message being handled (a turn), as the channels and the tracker store both see it.

The rule: a turn is stored exactly when its user is shown its reply. A channel (channels/rest.py `run_turn`) opens
a Turn and runs Rasa inside it (a context variable, so the tracker store finds it without Rasa passing it on); the
tracker store (stores/guarded.py) asks `begin_commit()` before it commits the turn's events and stores nothing
when the answer is no:
- the channel has already given up on the turn (reply timeout, a store degraded): `abandon()` won, the user was
  told that nothing of the message was kept and to send it again;
- the turn produced no reply (the action server is down): the user gets the same apology, and a value given then
  is not half-kept (otherwise an age given during an outage is later overwritten by the form's next answer);
- a store call of this turn failed (a retrieve that failed made Rasa carry on with an empty conversation).
Once `begin_commit()` said yes, `abandon()` says no: the channel waits for the commit (bounded by the store's
timeouts) and gives the reply. Turns outside a channel (Rasa's HTTP API) have no Turn and are stored as by Rasa.
"""
from __future__ import annotations

import contextvars
import threading
from typing import Any, Optional

PENDING, COMMITTING, COMMITTED, ABANDONED, NOT_STORED = "pending", "committing", "committed", "abandoned", "not stored"

CURRENT_TURN: contextvars.ContextVar[Optional["Turn"]] = contextvars.ContextVar("baclofen_turn", default=None)


class Turn:
    def __init__(self, output_channel: Any = None, message_id: Optional[str] = None) -> None:
        self._lock = threading.Lock()
        self._output = output_channel  # a CollectingOutputChannel: its messages are the reply
        self.state = PENDING
        self.store_failed = False
        self.message_id = message_id  # a resend of a stored message is answered from the store (stores/resends.py)
        self.resend_checked = False
        self.failure: Optional[str] = None  # why a custom action failed (server_runtime/action_errors.py)

    @property
    def abandoned(self) -> bool:
        return self.state == ABANDONED

    def has_reply(self) -> bool:
        return self._has_reply()

    def _has_reply(self) -> bool:
        messages = getattr(self._output, "messages", None)
        return True if messages is None else bool(messages)

    def begin_commit(self) -> bool:
        """Called by the tracker store, in its thread, with the turn's events ready: may they be committed?"""
        with self._lock:
            if self.state == ABANDONED:
                return False
            if self.store_failed or not self._has_reply():
                self.state = NOT_STORED
                return False
            self.state = COMMITTING
            return True

    def end_commit(self, committed: bool) -> None:
        with self._lock:
            self.state = COMMITTED if committed else NOT_STORED

    def abandon(self) -> bool:
        """The channel gives up on the turn. False when its commit has begun (the channel must wait for it)."""
        with self._lock:
            if self.state in (COMMITTING, COMMITTED):
                return False
            self.state = ABANDONED
            return True
