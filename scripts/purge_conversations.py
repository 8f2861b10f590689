"""Deletes every conversation whose last event is older than N days from the tracker store of endpoints.yml.

    .venv/bin/python scripts/purge_conversations.py --older-than-days 30 [--endpoints endpoints.yml] [--dry-run]

Conversations are health data: keep them no longer than the hospital's retention policy says.
Works on the SQL tracker stores (SQLite by default, PostgreSQL in production).
"""
from __future__ import annotations

import argparse
import os
import sys
import time

DEFAULTS = {"BACLOFEN_TRACKER_DB": "var/tracker.db", "BACLOFEN_ACTIONS_PORT": "5055", "BACLOFEN_ACTIONS_SECRET": "-"}
CHUNK = 500


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--older-than-days", type=float, required=True)
    parser.add_argument("--endpoints", default="endpoints.yml")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    if not args.older_than_days > 0:
        parser.error("--older-than-days must be a positive number of days")
    for name, value in DEFAULTS.items():  # endpoints.yml reads these, as scripts/run.sh sets them
        os.environ.setdefault(name, value)

    import sqlalchemy
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.core.utils import AvailableEndpoints

    store = AvailableEndpoints.read_endpoints(args.endpoints).tracker_store
    if store is None or "dialect" not in store.kwargs:
        print(f"{args.endpoints} has no SQL tracker store: nothing to purge", file=sys.stderr)
        return 2
    url = SQLTrackerStore.get_db_url(store.kwargs.get("dialect"), store.url, store.kwargs.get("port"),
                                     store.kwargs.get("db"), store.kwargs.get("username"),
                                     store.kwargs.get("password"), store.kwargs.get("query"))
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
