"""Streams the tracker store's events table (Rasa's SQLTrackerStore schema: id, sender_id, type_name, timestamp,
intent_name, action_name, data) ordered by conversation, in fixed-size batches: memory does not depend on the
size of the store. SQLite answers the order from the sender_id index (its rows carry the id); PostgreSQL streams
through a server-side cursor.

Only the rows the report reads are decoded: the `data` column (the event as JSON) is fetched for user events and
slot events only.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Iterator, Optional, TextIO, Tuple

import sqlalchemy as sa

Row = Tuple[str, str, Optional[float], Optional[str], Optional[str], Optional[str]]
BATCH = 5000


class StoreError(RuntimeError):
    """The store cannot be read; the message says why and what to do, without the database's parameters."""


def open_engine(url) -> sa.engine.Engine:
    url = sa.engine.make_url(url) if isinstance(url, str) else url
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or not Path(database).is_file():
            # SQLite would create an empty file and report nothing: say instead that nothing was stored there.
            raise StoreError(f"no tracker store at {database or '(memory)'}: `make run` creates it when it serves "
                             "conversations (or set BACLOFEN_TRACKER_DB)")
        # Read-only: a report never changes the store, even by accident.
        return sa.create_engine(f"sqlite:///file:{Path(database).resolve()}?mode=ro&uri=true")
    return sa.create_engine(url)


def _where(since: Optional[float], until: Optional[float]) -> Tuple[str, dict]:
    clauses, params = [], {}
    if since is not None:
        clauses.append("timestamp >= :since")
        params["since"] = since
    if until is not None:
        clauses.append("timestamp < :until")
        params["until"] = until
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count_events(engine: sa.engine.Engine, since: Optional[float], until: Optional[float]) -> int:
    where, params = _where(since, until)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text(f"SELECT COUNT(*) FROM events{where}"), params).scalar() or 0)
    except sa.exc.SQLAlchemyError as error:
        raise _store_error(error) from None


def stream_events(engine: sa.engine.Engine, since: Optional[float], until: Optional[float]) -> Iterator[Row]:
    where, params = _where(since, until)
    query = sa.text(
        "SELECT sender_id, type_name, timestamp, intent_name, action_name, "
        "CASE WHEN type_name IN ('user', 'slot') THEN data END "
        f"FROM events{where} ORDER BY sender_id, id")
    try:
        with engine.connect() as connection:
            result = connection.execution_options(stream_results=True, max_row_buffer=BATCH).execute(query, params)
            for batch in result.partitions(BATCH):
                yield from batch
    except sa.exc.SQLAlchemyError as error:
        raise _store_error(error) from None


def _store_error(error: Exception) -> StoreError:
    message = str(getattr(error, "orig", error)).splitlines()[0][:200]
    if "no such table" in message or "does not exist" in message:
        return StoreError("the database has no events table: it is not a tracker store, or no conversation was "
                          "ever stored in it")
    return StoreError(f"cannot read the tracker store ({type(error).__name__}: {message})")


class Progress:
    """A progress line on stderr while a large store is read: rewritten in place on a terminal, one line every few
    seconds in a log."""

    def __init__(self, total: int, out: Optional[TextIO] = None, every_seconds: Optional[float] = None) -> None:
        self.total = total
        self.out = out = out or sys.stderr
        self.tty = hasattr(out, "isatty") and out.isatty()
        self.every = every_seconds if every_seconds is not None else (0.5 if self.tty else 5.0)
        self.started = time.monotonic()
        self._next = self.started + self.every

    def update(self, done: int) -> None:
        now = time.monotonic()
        if now >= self._next:
            self._next = now + self.every
            self._write(done, now, final=False)

    def finish(self, done: int) -> None:
        self._write(done, time.monotonic(), final=True)

    def _write(self, done: int, now: float, final: bool) -> None:
        share = f" ({100 * done / self.total:.0f}%)" if self.total else ""
        line = f"read {done:,} of {self.total:,} events{share} in {now - self.started:.1f} s"
        if self.tty:
            self.out.write("\r" + line + ("\n" if final else ""))
        else:
            self.out.write(line + "\n")
        self.out.flush()
