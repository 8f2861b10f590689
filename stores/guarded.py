"""Tracker stores that never fail silently.

Rasa wraps every tracker store in a FailSafeTrackerStore which, when the database errors, carries on with a fresh
in-memory conversation and only logs: the user would be answered as a stranger, mid-dose-form. These stores
count each failure in STORE_HEALTH, which the channels read after every turn to withhold the reply and say that
the conversation cannot continue safely, and they re-raise a sanitised error: the database driver's message can
carry the SQL parameters, i.e. the conversation, into the log.
"""
from __future__ import annotations

import itertools
import json
import logging
import os
import sqlite3
import threading
import time
from typing import Any, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file


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
    """SQLTrackerStore (SQLite, PostgreSQL) whose failures are counted and never silent, and which reads and writes
    a turn with two prepared statements on a pooled connection. It overrides only the public TrackerStore interface
    (retrieve, retrieve_full_tracker, save); Rasa's constructor still creates the engine, database and table.

    Same table, same rows, same query semantics as Rasa's (events of the latest session, ordered by id; new events
    appended after the stored count), so Rasa's tools and an unmodified Rasa read its data. Why not Rasa's code
    path: per turn it builds ORM queries and sessions, and on SQLite opens a new connection each time (SQLAlchemy
    1.4 uses no pool for SQLite files); measured under load on 2 cores that was about 45% of the Rasa server's CPU.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self._sqlite_file: Optional[str] = None
        if self.engine.dialect.name == "sqlite" and url.database not in (None, "", ":memory:"):
            # One connection per thread, kept open (sqlite3 connections must stay in their thread). The journal
            # stays SQLite's default (rollback, synchronous FULL): a committed turn survives a power cut, and no
            # write-ahead log outlives a transaction, which a replaced database file could pick up as its own.
            self.engine.dispose()
            self.engine = sa.create_engine(url, poolclass=sa.pool.SingletonThreadPool)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
            self._sqlite_file = url.database
            self._sqlite_identity = self._sqlite_file_identity()
        with self.session_scope():
            pass  # Rasa's check that a configured PostgreSQL schema exists, once instead of on every turn

        events = self.SQLEvent.__table__
        self._events = events
        sender = sa.bindparam("sender_id")
        session_start = (
            sa.select(sa.func.max(events.c.timestamp))
            .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        latest_session = sa.and_(
            events.c.sender_id == sender,
            sa.or_(events.c.timestamp >= session_start, session_start.is_(None)),
        )
        self._latest_session_query = sa.select(events.c.data).where(latest_session).order_by(events.c.id)
        self._all_sessions_query = sa.select(events.c.data).where(events.c.sender_id == sender).order_by(events.c.id)
        self._latest_session_count = sa.select(sa.func.count()).select_from(events).where(latest_session)

    def _sqlite_file_identity(self) -> Tuple[int, int]:
        """(device, inode) of the SQLite file, after checking it still starts as an SQLite database."""
        assert self._sqlite_file is not None
        with open(self._sqlite_file, "rb") as handle:  # FileNotFoundError when deleted: a store failure
            identity = os.fstat(handle.fileno())
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise sqlite3.DatabaseError("file is not a database")
        return identity.st_dev, identity.st_ino

    def _check_sqlite_file(self) -> None:
        """A kept connection would go on reading its cache and writing into a deleted, replaced or overwritten file,
        where a new connection per turn (Rasa's way) fails at once: so check the file on every operation (one open
        and a 16-byte read), and reconnect when it was replaced."""
        if self._sqlite_file is None:
            return
        identity = self._sqlite_file_identity()
        if identity != self._sqlite_identity:
            self.engine.dispose()  # connections to the old file
            self._sqlite_identity = identity

    def _read(self, sender_id: Text, all_sessions: bool) -> Optional[DialogueStateTracker]:
        self._check_sqlite_file()
        query = self._all_sessions_query if all_sessions else self._latest_session_query
        with self.engine.connect() as connection:
            rows = connection.execute(query, {"sender_id": sender_id}).fetchall()
        if not self.domain or not rows:
            return None
        return DialogueStateTracker.from_dict(sender_id, [json.loads(row[0]) for row in rows], self.domain.slots)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The conversation's latest session (TrackerStore's public interface)."""
        try:
            return self._read(sender_id, all_sessions=False)
        except Exception as error:
            raise STORE_HEALTH.record("retrieve", error) from None

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Every session of the conversation (TrackerStore's public interface)."""
        try:
            return self._read(sender_id, all_sessions=True)
        except Exception as error:
            raise STORE_HEALTH.record("retrieve", error) from None

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await self.stream_events(tracker)
            self._check_sqlite_file()
            with self.engine.begin() as connection:  # one transaction: count and append, or nothing
                stored = connection.execute(self._latest_session_count, {"sender_id": tracker.sender_id}).scalar()
                rows = []
                for event in itertools.islice(tracker.events, stored, None):  # only the events not yet stored
                    data = event.as_dict()
                    rows.append({
                        "sender_id": tracker.sender_id,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    })
                if rows:
                    connection.execute(self._events.insert(), rows)
        except Exception as error:
            raise STORE_HEALTH.record("save", error) from None

