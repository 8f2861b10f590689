"""The SQL database of the tracker store named in an endpoints file, for the tools that read the store directly
(scripts/purge_conversations.py, the insights report): the same file and the same variables the Rasa server
reads, so a tool never looks at another database than the server writes.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Union

# endpoints.yml reads these, as scripts/run.sh sets them; a tool run by hand gets the same defaults.
ENDPOINT_DEFAULTS = {"BACLOFEN_TRACKER_DB": "var/tracker.db", "BACLOFEN_ACTIONS_PORT": "5055",
                     "BACLOFEN_ACTIONS_SECRET": "-"}


class NoSQLTrackerStore(ValueError):
    """The endpoints file configures no SQL tracker store (or cannot be read)."""


def tracker_db_url(endpoints_file: Union[str, Path]):
    """The SQLAlchemy URL of the endpoints file's SQL tracker store (SQLite or PostgreSQL)."""
    if not Path(endpoints_file).is_file():
        raise NoSQLTrackerStore(f"{endpoints_file}: no such endpoints file")

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.core.utils import AvailableEndpoints

    added = [name for name in ENDPOINT_DEFAULTS if name not in os.environ]
    os.environ.update({name: ENDPOINT_DEFAULTS[name] for name in added})
    try:
        store = AvailableEndpoints.read_endpoints(str(endpoints_file)).tracker_store
    except Exception as error:  # Rasa's own errors: a variable not set, YAML it cannot read
        raise NoSQLTrackerStore(f"{endpoints_file}: {error}") from None
    finally:  # the defaults are for reading the file, not for the rest of the process
        for name in added:
            del os.environ[name]
    if store is None or "dialect" not in store.kwargs:
        raise NoSQLTrackerStore(f"{endpoints_file} has no SQL tracker store")
    kwargs = store.kwargs
    return SQLTrackerStore.get_db_url(kwargs.get("dialect"), host=store.url, port=kwargs.get("port"),
                                      db=kwargs.get("db"), username=kwargs.get("username"),
                                      password=kwargs.get("password"), query=kwargs.get("query"))
