"""Tracker stores that never fail silently and never stall the Rasa server.

Rasa wraps every tracker store in a FailSafeTrackerStore which, when the database errors, carries on with a fresh
in-memory conversation and only logs: the user would be answered as a stranger, mid-dose-form. These stores
count each failure in STORE_HEALTH and mark the turn (stores/turns.py), so the channel withholds the reply and
says the conversation cannot continue safely, and they re-raise a sanitised error: the database driver's message
can carry the SQL parameters, i.e. the conversation, into the log.

Every database call runs in the store's own threads (stores/calls.py), bounded by the database's timeouts
(BACLOFEN_STORE_TIMEOUT_SECONDS: SQLite busy timeout; PostgreSQL connect, statement, lock and idle-transaction
timeouts) and cancelled past them by the watchdog, so a held lock or a hung database server stalls no other
conversation. A turn's events are committed only when its user will see its reply (stores/turns.py).

On SQLite the saves that queue up while the store's one thread is writing are committed together, in one
transaction (group commit): see GuardedSQLTrackerStore.save.
"""
from __future__ import annotations

import itertools
import json
import logging
import os
import socket
import sqlite3
import threading
import time
from typing import Any, List, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from baclofen import settings
from stores import resends
from stores.calls import Call, StoreCalls, TurnAbandoned
from stores.turns import CURRENT_TURN, Turn

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


POSTGRES_THREADS = 8  # PostgreSQL calls at once per Rasa server (a turn makes two or three, a few ms each)


class _Breaker:
    """Breaks the database connection a call is using, from the watchdog's thread, and only while that call still
    holds it (so a connection already given back, or its reused file descriptor, is never touched): a SQLite
    statement is interrupted; a PostgreSQL socket is shut down, which a stopped server cannot answer, and the
    driver reports a lost connection that SQLAlchemy then discards."""

    def __init__(self, dbapi_connection: Any) -> None:
        self._connection = dbapi_connection
        self._lock = threading.Lock()
        self._live = True

    def __call__(self) -> None:
        with self._lock:
            if not self._live:
                return
            if isinstance(self._connection, sqlite3.Connection):
                self._connection.interrupt()
                return
            duplicate = socket.socket(fileno=os.dup(self._connection.fileno()))
            try:
                duplicate.shutdown(socket.SHUT_RDWR)
            finally:
                duplicate.close()

    def release(self) -> None:
        with self._lock:
            self._live = False


def _stat_key(seen: os.stat_result) -> Tuple[int, int, int, int]:
    return seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns


class _Save:
    """One save waiting for the SQLite store's thread: done once a transaction holding it has ended (committed,
    rolled back, or failed with `error`)."""

    __slots__ = ("tracker", "turn", "done", "error")

    def __init__(self, tracker: DialogueStateTracker, turn: Optional[Turn]) -> None:
        self.tracker = tracker
        self.turn = turn
        self.done = False
        self.error: Optional[BaseException] = None


class GuardedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore (SQLite, PostgreSQL) whose failures are counted and never silent, whose calls are bounded and
    off the event loop, and which reads and writes a turn with two prepared statements on a pooled connection. It
    overrides only the public TrackerStore interface (retrieve, retrieve_full_tracker, save); Rasa's constructor
    still creates the engine, database and table.

    Same table, same rows, same query semantics as Rasa's (events of the latest session, ordered by id; new events
    appended after the stored count), so Rasa's tools and an unmodified Rasa read its data. Why not Rasa's code
    path: per turn it builds ORM queries and sessions, and on SQLite opens a new connection each time (SQLAlchemy
    1.4 uses no pool for SQLite files); measured under load on 2 cores that was about 45% of the Rasa server's CPU.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        timeout = settings.current().store_timeout_seconds
        url = self.engine.url
        self._sqlite_file: Optional[str] = None
        self._sqlite_seen: Optional[Tuple[int, int, int, int]] = None
        threads = POSTGRES_THREADS
        if self.engine.dialect.name == "sqlite":
            threads = 1  # SQLite takes one writer at a time: one thread, one kept connection, no lock contention
            if url.database not in (None, "", ":memory:"):
                # One connection per thread, kept open (sqlite3 connections must stay in their thread). The journal
                # stays SQLite's default (rollback, synchronous FULL): a committed turn survives a power cut, and no
                # write-ahead log outlives a transaction, which a replaced database file could pick up as its own.
                # A lock held by another process is waited for `timeout` seconds (SQLite's busy timeout), no more.
                self.engine.dispose()
                self.engine = sa.create_engine(url, poolclass=sa.pool.SingletonThreadPool,
                                               connect_args={"timeout": timeout})
                self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
                self._sqlite_file = url.database
                self._sqlite_identity = self._sqlite_file_identity()
                self._remember_sqlite_file()
        elif self.engine.dialect.name == "postgresql":
            # Rasa's engine, with every wait bounded: connecting, a statement, waiting for a table lock, a
            # transaction left open; keepalives for a peer that vanished from the network.
            self.engine.dispose()
            engine_kwargs = create_engine_kwargs(url)
            connect_args = dict(engine_kwargs.pop("connect_args", {}))
            milliseconds = int(timeout * 1000)
            connect_args["options"] = " ".join(filter(None, [
                connect_args.get("options"), f"-c statement_timeout={milliseconds}",
                f"-c lock_timeout={milliseconds}", f"-c idle_in_transaction_session_timeout={4 * milliseconds}"]))
            connect_args.update(connect_timeout=max(2, round(timeout)), keepalives=1, keepalives_idle=10,
                                keepalives_interval=2, keepalives_count=3, tcp_user_timeout=milliseconds)
            self.engine = sa.create_engine(url, connect_args=connect_args, **engine_kwargs)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        # SQLite: saves waiting for the one thread, written together (save); None: each save on its own
        self._queued: Optional[List[_Save]] = [] if threads == 1 else None
        self._queue_lock = threading.Lock()
        self._calls = StoreCalls("tracker store", threads, self._probe)
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
        where a new connection per turn (Rasa's way) fails at once: so check the file on every operation, and
        reconnect when it was replaced. A stat says whether it changed since this store last looked or wrote (its
        inode, size and modification time); only then is it opened and its header read (under load on 2 cores the
        open and read on every operation cost a tenth of the store thread's time)."""
        if self._sqlite_file is None:
            return
        seen = os.stat(self._sqlite_file)  # FileNotFoundError when deleted: a store failure
        if self._sqlite_seen == _stat_key(seen) and (seen.st_dev, seen.st_ino) == self._sqlite_identity:
            return
        identity = self._sqlite_file_identity()
        if identity != self._sqlite_identity:
            self.engine.dispose()  # connections to the old file
            self._sqlite_identity = identity
        self._remember_sqlite_file()

    def _remember_sqlite_file(self) -> None:
        """The file as this store last saw it whole (after a check, and after its own commit)."""
        try:
            self._sqlite_seen = _stat_key(os.stat(self._sqlite_file))
        except OSError:
            self._sqlite_seen = None

    # ------------------------------------------------------------------ in the store's threads

    def _connect(self, call: Call) -> Tuple[Any, _Breaker]:
        connection = self.engine.connect()
        breaker = _Breaker(connection.connection.dbapi_connection)
        call.cancel = breaker
        return connection, breaker

    def _rows(self, call: Call, sender_id: Text, all_sessions: bool) -> List[str]:
        self._check_sqlite_file()
        query = self._all_sessions_query if all_sessions else self._latest_session_query
        connection, breaker = self._connect(call)
        try:
            return [row[0] for row in connection.execute(query, {"sender_id": sender_id}).fetchall()]
        finally:
            breaker.release()
            connection.close()

    def _new_rows(self, connection: Any, tracker: DialogueStateTracker) -> List[dict]:
        """The rows of the events not yet stored (counted on `connection`, inside the caller's transaction)."""
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
        return rows

    def _append(self, call: Call, tracker: DialogueStateTracker, turn: Optional[Turn]) -> None:
        """Appends the events not yet stored, in one transaction, committed only if the turn may be kept."""
        self._check_sqlite_file()
        connection, breaker = self._connect(call)
        committing = False
        try:
            transaction = connection.begin()
            try:
                rows = self._new_rows(connection, tracker)
                if not rows:
                    transaction.rollback()
                    return
                connection.execute(self._events.insert(), rows)
                if turn is not None:
                    committing = turn.begin_commit()
                    if not committing:
                        transaction.rollback()
                        logger.debug("A turn was not stored: its user was not shown its reply.")  # the channel logs why
                        return
                transaction.commit()
                if self._sqlite_file is not None:
                    self._remember_sqlite_file()  # its own write: no need to read the header again
            except BaseException:
                if transaction.is_active:
                    transaction.rollback()
                raise
        except BaseException:
            if committing:
                turn.end_commit(False)
            raise
        finally:
            breaker.release()
            connection.close()
        if committing:
            turn.end_commit(True)

    def _append_queued(self, call: Call, save: "_Save") -> None:
        """`save` and every save queued with it, in one transaction (SQLite, one thread: see save). When an earlier
        call already wrote it, only its outcome is given."""
        assert self._queued is not None
        with self._queue_lock:
            batch, self._queued = self._queued, []
        if batch:
            self._append_batch(call, batch)
        assert save.done, "a queued save is written by its own call or an earlier one of the same thread"
        if save.error is not None:
            raise save.error

    def _append_batch(self, call: Call, batch: List["_Save"]) -> None:
        """One transaction for the batch's new events; each turn's events are inserted only if begin_commit() says
        the turn may be kept (the others leave nothing behind), and every turn is told the outcome of the one
        commit. A database error fails every save of the batch (nothing of them is kept, each user is told so); a
        save whose events cannot be written out fails alone."""
        committing: List[Turn] = []
        inserted = False
        connection = breaker = None
        try:
            self._check_sqlite_file()
            connection, breaker = self._connect(call)
            transaction = connection.begin()
            try:
                for save in batch:
                    try:
                        rows = self._new_rows(connection, save.tracker)
                    except (TypeError, ValueError, AttributeError) as error:  # an event that cannot be written out
                        save.error, save.done = error, True
                        continue
                    if not rows:
                        continue
                    if save.turn is not None:
                        if not save.turn.begin_commit():
                            logger.debug("A turn was not stored: its user was not shown its reply.")
                            continue
                        committing.append(save.turn)
                    connection.execute(self._events.insert(), rows)
                    inserted = True
                if inserted:
                    transaction.commit()
                    self._remember_sqlite_file()  # its own write: no need to read the header again
                else:
                    transaction.rollback()
            except BaseException:
                if transaction.is_active:
                    transaction.rollback()
                raise
        except BaseException as error:
            for turn in committing:
                turn.end_commit(False)
            for save in batch:
                if not save.done:
                    save.error, save.done = error, True
            return
        finally:
            if breaker is not None:
                breaker.release()
                connection.close()
        for turn in committing:
            turn.end_commit(True)
        for save in batch:
            save.done = True

    def _probe(self, call: Call) -> None:
        """What a turn needs: the file, a read of the table and the right to write it (nothing is written)."""
        self._check_sqlite_file()
        connection, breaker = self._connect(call)
        try:
            if self.engine.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, as a save takes it
                try:
                    connection.execute(sa.select(self._events.c.id).limit(1)).fetchall()
                finally:
                    connection.exec_driver_sql("ROLLBACK")
            else:
                with connection.begin():
                    connection.execute(sa.select(self._events.c.id).limit(1)).fetchall()
                    if self.engine.dialect.name == "postgresql":  # the table lock an insert takes
                        connection.exec_driver_sql(f"LOCK TABLE {self._events.name} IN ROW EXCLUSIVE MODE")
        finally:
            breaker.release()
            connection.close()

    # ------------------------------------------------------------------ Rasa's TrackerStore interface

    async def _read(self, sender_id: Text, all_sessions: bool) -> Optional[DialogueStateTracker]:
        turn = CURRENT_TURN.get()
        try:
            data = await self._calls.run("retrieve", self._rows, sender_id, all_sessions, turn=turn)
        except TurnAbandoned:
            raise
        except Exception as error:
            if turn is not None:
                turn.store_failed = True
            raise STORE_HEALTH.record("retrieve", error) from None
        events = [json.loads(item) for item in data]
        if turn is not None:
            resends.raise_if_resent(turn, events)  # here, under the conversation's lock, as Rasa reads it
        if not self.domain or not events:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The conversation's latest session (TrackerStore's public interface)."""
        return await self._read(sender_id, all_sessions=False)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Every session of the conversation (TrackerStore's public interface)."""
        return await self._read(sender_id, all_sessions=True)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """On SQLite, group commit: a save is queued, and the store's one thread writes every save queued by then
        in one transaction, so the conversations that wait while it commits share the next commit (its fsyncs) and
        wait for no more than that. The durability is what it was: the journal and synchronous FULL are unchanged
        (see __init__), every save returns only after the transaction holding its events committed, and a turn's
        reply is given only after that (stores/turns.py), so no user is shown a reply whose turn could be lost.
        Nothing waits on purpose for company: a save alone is written at once."""
        turn = CURRENT_TURN.get()
        save = None
        try:
            await self.stream_events(tracker)
            if self._queued is None:
                await self._calls.run("save", self._append, tracker, turn, turn=turn)
            else:
                save = _Save(tracker, turn)
                with self._queue_lock:
                    self._queued.append(save)
                await self._calls.run("save", self._append_queued, save, turn=turn)
        except TurnAbandoned:
            if save is not None:
                self._withdraw(save)
            return  # the user was already told that nothing of this message was kept
        except Exception as error:
            if turn is not None:
                turn.store_failed = True
            raise STORE_HEALTH.record("save", error) from None

    def _withdraw(self, save: "_Save") -> None:
        """A save its call skipped (the turn was abandoned first) leaves the queue unwritten."""
        with self._queue_lock:
            if save in self._queued:
                self._queued.remove(save)
