"""The same conversations through stock Rasa and through this project's server: identical replies, events and
stored rows.

Stock: `rasa run` as Rasa ships it (TensorFlow, dask, a session per action call, Rasa's SQLTrackerStore). Ours:
scripts/run.sh (server_runtime.apply(), stores/guarded.py). Same model, same action server code, same channels,
same sender ids. Only what must differ is left out of the comparison: timestamps, message ids (random per message).
"""
from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any, Dict, List

import pytest
import requests
import yaml

from scripts.local_servers import api_headers, bearer, free_port, stop_process_groups
from tests.servers import ROOT, running_assistant

pytestmark = pytest.mark.e2e

BIN = ROOT / os.environ.get("VENV", ".venv") / "bin"
MODEL = ROOT / "models" / "baclofen.tar.gz"
STARTUP_SECONDS = 240

CONVERSATIONS: List[List[str]] = [
    ["hello", "what is baclofen used for?", "what are the side effects?", "can I take it with ibuprofen?", "thanks"],
    ["how much baclofen should my daughter take?", "two and a half", '/inform{"route": "oral"}', "30 lb"],
    ["baclofen dose for my son", "-3 years", "4", "by mouth", "140 kg", "16 kilos"],
    ["what's the baclofen dose for a 3 year old", "by mouth", "actually she is 7 years old", "22 kg"],
    ["dose of baclofen for a child", "cancel", "what are the side effects?"],
    ["baclofen dose for my daughter", "she took too many tablets and won't wake up"],
    ["dose for a 5 year old", "intrathecal", "what about kidney failure", "adult"],
    ["dose for an adult with kidney failure", "tablets"],
    ["can i take it with elavil", "and valium?", "lithium", "advil", "zolof", "norco", "cannabis"],
    ["is hair loss a side effect", "rare side effects", "uncommon ones"],
    ["is it safe when pregnant", "breastfeeding", "can i drive", "ulcer", "schizophrenia", "eeg"],
    ["are you a bot", "help", "what forms does it come in", "can i stop suddenly", "pump alarm beeping"],
    ["dose for 6 month old"], ["dose for 12 year old intrathecal"], ["dose for 70 year old tablets"],
    ["how much for my 11 year old, 40 kg, by mouth"], ["qwertyuiop"], ["/greet"],
]
DROPPED_KEYS = {"timestamp", "message_id"}


def _without_volatile(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_volatile(v) for k, v in value.items() if k not in DROPPED_KEYS}
    if isinstance(value, list):
        return [_without_volatile(v) for v in value]
    return value


class StockRasa:
    """`rasa run actions` + `rasa run` with Rasa's own SQL tracker store, on free loopback ports."""

    def __init__(self, workdir: Path) -> None:
        self.actions_port, self.rasa_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.jwt_secret = secrets.token_hex(32)
        self.database = workdir / "stock.db"
        endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
        endpoints["tracker_store"] = {"type": "SQL", "dialect": "sqlite", "db": str(self.database)}
        endpoints.pop("lock_store", None)  # Rasa's own in-memory lock store
        self.endpoints = workdir / "endpoints.stock.yml"
        self.endpoints.write_text(yaml.safe_dump(endpoints))
        self.log = workdir / "stock.log"
        secret = secrets.token_hex(32)
        self.rest_token = secrets.token_hex(32)
        # The same channels as ours: the widget's (credentials.yml) and REST with its token.
        self.credentials = workdir / "credentials.stock.yml"
        self.credentials.write_text((ROOT / "credentials.yml").read_text() + "\n"
                                    + (ROOT / "credentials.d" / "rest.yml").read_text())
        self.env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", SANIC_HOST="127.0.0.1",
                        BACLOFEN_ACTIONS_PORT=str(self.actions_port), BACLOFEN_ACTIONS_SECRET=secret,
                        BACLOFEN_REST_TOKEN=self.rest_token)
        self.processes: List[subprocess.Popen] = []

    def __enter__(self) -> "StockRasa":
        out = open(self.log, "wb")
        self.processes.append(subprocess.Popen(
            [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(self.actions_port)],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
        self.processes.append(subprocess.Popen(
            [str(BIN / "rasa"), "run", "--enable-api", "--jwt-secret", self.jwt_secret, "--jwt-method", "HS256",
             "--interface", "127.0.0.1", "--port", str(self.rasa_port), "--model", str(MODEL),
             "--endpoints", str(self.endpoints), "--credentials", str(self.credentials)],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                break
            try:
                if (requests.get(f"{self.url}/status", headers=api_headers(self.jwt_secret), timeout=2).ok and
                        requests.get(f"http://127.0.0.1:{self.actions_port}/health", timeout=2).ok):
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"stock Rasa did not start; log:\n{self.log.read_text()[-3000:]}")

    def __exit__(self, *exc_info: Any) -> None:
        stop_process_groups(self.processes)

    def tracker(self, sender: str) -> Dict[str, Any]:
        return requests.get(f"{self.url}/conversations/rest:{sender}/tracker", headers=api_headers(self.jwt_secret),
                            timeout=10).json()


def _talk(url: str, rest_token: str) -> Dict[str, List[Any]]:
    replies = {}
    for number, script in enumerate(CONVERSATIONS):
        sender = f"equivalence{number:02d}"
        replies[sender] = [requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                         headers=bearer(rest_token), timeout=30).json() for text in script]
    return replies


def _rows(database: Path) -> List[tuple]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT sender_id, type_name, intent_name, action_name, data FROM events "
                                  "ORDER BY sender_id, id").fetchall()
    return [(sender, type_name, intent, action, json.dumps(_without_volatile(json.loads(data)), sort_keys=True))
            for sender, type_name, intent, action, data in rows]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("equivalence")
    with StockRasa(workdir) as stock:
        stock_replies = _talk(stock.url, stock.rest_token)
        stock_events = {sender: _without_volatile(stock.tracker(sender)["events"]) for sender in stock_replies}
    with running_assistant(workdir) as ours:
        our_replies = _talk(ours.url, ours.rest_token)
        our_events = {sender: _without_volatile(ours.tracker(sender)["events"]) for sender in our_replies}
    return {"stock": (stock_replies, stock_events, _rows(workdir / "stock.db")),
            "ours": (our_replies, our_events, _rows(workdir / "tracker.db"))}


def test_identical_replies(both):
    stock, ours = both["stock"][0], both["ours"][0]
    assert sum(len(turns) for turns in ours.values()) == sum(len(c) for c in CONVERSATIONS)
    for sender in stock:
        assert ours[sender] == stock[sender], sender


def test_identical_events(both):
    stock, ours = both["stock"][1], both["ours"][1]
    for sender in stock:
        assert ours[sender] == stock[sender], sender


def test_identical_stored_rows(both):
    stock, ours = both["stock"][2], both["ours"][2]
    assert len(ours) == len(stock) > 100
    assert ours == stock
