"""Deletes every conversation whose last event is older than N days from the tracker store of endpoints.yml.

    .venv/bin/python scripts/purge_conversations.py --older-than-days 30 [--endpoints endpoints.yml] [--dry-run]

Conversations are health data: keep them no longer than the hospital's retention policy says.
Works on the SQL tracker stores (SQLite by default, PostgreSQL in production).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from the repository

from stores.endpoints import NoSQLTrackerStore, tracker_db_url  # noqa: E402

CHUNK = 500


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--older-than-days", type=float, required=True)
    parser.add_argument("--endpoints", default="endpoints.yml")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    if not args.older_than_days > 0:
        parser.error("--older-than-days must be a positive number of days")
    try:
        url = tracker_db_url(args.endpoints)
    except NoSQLTrackerStore as error:
        print(f"{error}: nothing to purge", file=sys.stderr)
        return 2

    import sqlalchemy
    cutoff = time.time() - args.older_than_days * 86400
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        stale = [row[0] for row in connection.execute(
            sqlalchemy.text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"),
            {"cutoff": cutoff})]
    print(f"{len(stale)} conversation(s) with no event in the last {args.older_than_days:g} days", flush=True)
    deleted = 0
    if not args.dry_run:
        delete = sqlalchemy.text("DELETE FROM events WHERE sender_id IN :ids").bindparams(
            sqlalchemy.bindparam("ids", expanding=True))
        for start in range(0, len(stale), CHUNK):
            # one short transaction per chunk: the running servers wait for the database a moment, never long
            # enough to count it as stuck (docs/reliability.md)
            with engine.begin() as connection:
                deleted += connection.execute(delete, {"ids": stale[start:start + CHUNK]}).rowcount
            print(f"  deleted {min(start + CHUNK, len(stale))}/{len(stale)} conversations", flush=True)
    print(f"{'would delete' if args.dry_run else 'deleted'} {len(stale)} conversation(s), {deleted} event(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
