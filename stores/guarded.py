"""Tracker stores that never fail silently.

Rasa wraps every tracker store in a FailSafeTrackerStore which, when the database errors, carries on with a fresh
in-memory conversation and only logs: the user would be answered as a stranger, mid-dose-form. These stores
count each failure in STORE_HEALTH, which the channels read after every turn to withhold the reply and say that
the conversation cannot continue safely, and they re-raise a sanitised error: the database driver's message can
carry the SQL parameters, i.e. the conversation, into the log.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)


class TrackerStoreUnavailable(RuntimeError):
    """The conversation store failed; the message names the error type only."""


class StoreHealth:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.failures = 0
        self.last_failure: Optional[float] = None

    def record(self, operation: str, error: Exception) -> TrackerStoreUnavailable:
        with self._lock:
            self.failures += 1
            self.last_failure = time.time()
        logger.error("TRACKER STORE FAILURE during %s (%s): conversations cannot be stored or read; "
                     "replies are withheld until it recovers.", operation, type(error).__name__)
        return TrackerStoreUnavailable(f"tracker store {operation} failed: {type(error).__name__}")


STORE_HEALTH = StoreHealth()


class GuardedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore (SQLite, PostgreSQL) whose failures are counted and never silent."""

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve(sender_id)
        except Exception as error:
            raise STORE_HEALTH.record("retrieve", error) from None

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve_full_tracker(sender_id)
        except Exception as error:
            raise STORE_HEALTH.record("retrieve", error) from None

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await super().save(tracker)
        except Exception as error:
            raise STORE_HEALTH.record("save", error) from None
