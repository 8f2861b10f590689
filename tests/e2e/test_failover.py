"""A Rasa server killed mid-load (docs/production.md's set-up on loopback: a real PostgreSQL, a real Redis, two Rasa
servers, one action server; tests/e2e/test_shared_state.py's Cluster). 200 conversations go through the dose form,
half of them on each server, each user pausing between messages; a few seconds in, one server gets `kill -9`. A
client whose server is gone (or that gets "can't answer right now") sends the same message, with the same message
id, to the other server, as the widget's Retry does.

Before issue 23 the dead server's Redis tickets lived Rasa's 60 s, and its conversations got only the apology for
about 61 s; a turn it had stored just before dying was stored again by the resend. Now its tickets lapse within
BACLOFEN_LOCK_LEASE_SECONDS (stores/redis_lock.py) and a resend is answered from the store (stores/resends.py).

Asserted: every message in flight at the kill (its conversation's lock held by the dead server) answered by the other
server within 5 s of the kill; every later message answered within the reply timeout, none with an apology; 0 lost (an answered message not stored with the answer its user got, in order), 0 doubled (a
message id stored twice), 0 stored unseen (stored, but its user never got an answer). Figures printed (FAULT line)
and appended to results/faults.jsonl. With BACLOFEN_LOCK_LEASE_SECONDS=0 BACLOFEN_RESEND_WINDOW_SECONDS=0 in the
environment the same test measures the stock behaviour (and fails)."""
from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import aiohttp
import pytest
import redis
import requests

from baclofen import settings
from scripts.local_servers import listening_pids
from tests.e2e.test_shared_state import MODEL, SCRIPT, SLACK_TOKEN, Cluster
from tests.e2e.test_slow_requests import slow_clients
from tests.faults import ANSWER, REST_TOKENS, classify, percentile, record, same_answer
from tests.slack_stub import SlackWebAPIStub

pytestmark = pytest.mark.e2e

CONVERSATIONS = 200
TURNS = SCRIPT[:5]  # uses, the dose question, age, route, weight (the form's state crosses servers)
# A user reads the answer before sending the next message: about 30 messages/s in all, which the surviving server
# carries alone on the 2-core test machine (the spare server of docs/production.md's sizing, at half load).
THINK_SECONDS = (4.0, 8.0)
KILL_AFTER_SECONDS = 12.0
KILL_WITH_LOCKS_HELD = 3  # the kill waits until the victim holds this many conversations' locks (mid-turn)
FAILOVER_LIMIT_SECONDS = 5.0
REQUEST_TIMEOUT = 15
REPLY_TIMEOUT = settings.Settings().reply_timeout_seconds
GIVE_UP_SECONDS = 120  # a client resends for this long (long enough to measure the stock 60 s lock)


@dataclass
class Message:
    conversation: str
    message_id: str
    text: str
    first_sent: float = 0.0
    answered_at: Optional[float] = None
    texts: List[str] = field(default_factory=list)
    attempts: List[tuple] = field(default_factory=list)  # (server, started, seconds, outcome)


@pytest.fixture(scope="module")
def cluster():
    assert MODEL.exists(), "no trained model: run `make train` (make test does it)"
    base = Path(tempfile.mkdtemp(prefix="baclofen-failover-"))
    os.chmod(base, 0o755)  # the postgres user must reach its data directory inside
    with SlackWebAPIStub(SLACK_TOKEN) as slack:
        running = Cluster(base, slack)
        try:
            running.start()
            REST_TOKENS.update({url: running.rest_token for url in running.urls})
            yield running
        finally:
            running.stop()
            shutil.rmtree(base, ignore_errors=True)


async def _converse(session: aiohttp.ClientSession, cluster: Cluster, index: int, start: float,
                    alive: List[bool]) -> List[Message]:
    """One user: each message to its own server, sent again (same id) to the other one while unanswered."""
    conversation = f"failover-{index}-{int(start)}"
    home = index % 2
    sent: List[Message] = []
    await asyncio.sleep(random.uniform(0, THINK_SECONDS[1]))  # users arrive over a few seconds
    for turn, (text, _) in enumerate(TURNS):
        message = Message(conversation, f"{conversation}.{turn}", text, first_sent=time.monotonic())
        sent.append(message)
        server = home
        while time.monotonic() - message.first_sent < GIVE_UP_SECONDS:
            started = time.monotonic()
            outcome, texts = "error", []
            try:
                async with session.post(f"{cluster.urls[server]}/webhooks/rest/webhook",
                                        json={"sender": conversation, "message": text,
                                              "message_id": message.message_id},
                                        headers={"Authorization": f"Bearer {cluster.rest_token}"}) as response:
                    if response.status == 200:
                        texts = [m["text"] for m in await response.json() if m.get("text")]
                        outcome = classify(texts)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                pass
            message.attempts.append((server, started, time.monotonic() - started, outcome))
            if outcome == ANSWER:
                message.answered_at, message.texts = time.monotonic(), texts
                break
            if outcome != "error":
                await asyncio.sleep(0.5)  # told to send it again: a moment later, as a person would
            server = 1 - server if alive[1 - server] or not alive[server] else server
        if message.answered_at is None:
            break
        await asyncio.sleep(random.uniform(*THINK_SECONDS))
    return sent


async def _load_and_kill(cluster: Cluster, victim: int) -> tuple:
    alive = [True, True]
    start = time.monotonic()
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)) as session:
        users = [asyncio.ensure_future(_converse(session, cluster, i, start, alive))
                 for i in range(CONVERSATIONS)]
        victim_pids = listening_pids(cluster.rasa_ports[victim])  # found first: the kill must follow the look
        await asyncio.sleep(KILL_AFTER_SECONDS)
        deadline = time.monotonic() + 15
        held = 0
        while held < KILL_WITH_LOCKS_HELD and time.monotonic() < deadline:
            await asyncio.sleep(0.002)  # mid-turn: while the victim holds several conversations' locks
            held = len(_locks_held_by(cluster, victim))
        for pid in victim_pids:
            os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        alive[victim] = False
        conversations = await asyncio.gather(*users)
    return conversations, killed, held


def _locks_held_by(cluster: Cluster, server: int) -> List[str]:
    """The conversations of `server` (each conversation talks to its own server until it fails) whose Redis lock
    holds a ticket now: a message of theirs waits or is being answered there."""
    red = redis.Redis(host="127.0.0.1", port=cluster.redis_port, password=cluster.redis_password, db=1)
    keys = [key.decode() for key in red.keys("baclofen:lock:rest:failover-*")]
    return [key for key in keys if int(key.split("failover-", 1)[1].split("-", 1)[0]) % 2 == server]


def _stored(cluster: Cluster, server: int, conversation: str) -> List[dict]:
    response = requests.get(f"{cluster.urls[server]}/conversations/rest:{conversation}/tracker",
                            headers=cluster.api_headers(), timeout=60)
    response.raise_for_status()
    return response.json()["events"]


def _check_conversation(events: List[dict], sent: List[Message]) -> Dict[str, int]:
    """lost: answered but not stored (in order, with the answer its user got); doubled: a message id stored more
    than once; unseen: stored but never answered to its user."""
    turns = []  # (message id, [bot texts])
    for event in events:
        if event["event"] == "user":
            turns.append((event.get("message_id"), []))
        elif event["event"] == "bot" and event.get("text") and turns:
            turns[-1][1].append(event["text"])
    ids = [message_id for message_id, _ in turns]
    doubled = sum(ids.count(message_id) - 1 for message_id in set(ids))
    answered = {f"id:{m.message_id}": m for m in sent if m.answered_at is not None}
    lost = sum(1 for key, message in answered.items()
               if not any(i == key and same_answer(texts, message.texts) for i, texts in turns))
    first_stored = list(dict.fromkeys(ids))
    if [k for k in first_stored if k in answered] != [k for k in answered if k in first_stored]:
        lost += 1  # stored out of the order its user sent them
    unseen = sum(1 for message_id in set(ids) if message_id not in answered)
    return {"lost": lost, "doubled": doubled, "stored_unseen": unseen}


def test_requests_that_do_not_arrive_whole_within_the_read_time_are_closed_here_too(cluster):
    """server_runtime/request_deadline.py on the production set-up (tests/e2e/test_slow_requests.py: embedded)."""
    read_seconds = settings.Settings().request_read_seconds
    figures = dict(slow_clients(cluster.urls[1], read_seconds), read_s=read_seconds)
    record("slow_requests_production", figures)
    assert figures["closed_by_server"] == figures["slow_sockets"], figures
    assert read_seconds - 0.5 <= figures["fastest_close_s"] <= figures["slowest_close_s"] <= read_seconds + 2, figures


def test_a_killed_server_costs_its_conversations_seconds_and_nothing_is_lost_or_doubled(cluster):
    victim, survivor = 0, 1
    conversations, killed, locks_held = asyncio.run(_load_and_kill(cluster, victim))
    messages = [m for sent in conversations for m in sent]
    in_flight = [m for m in messages if m.first_sent <= killed and (m.answered_at or float("inf")) >= killed]
    after = [m for m in messages if m.first_sent > killed]
    unanswered = [m for m in messages if m.answered_at is None]
    failover = [m.answered_at - killed for m in in_flight if m.answered_at is not None]
    later = [m.answered_at - m.first_sent for m in after if m.answered_at is not None]
    before = [m.answered_at - m.first_sent for m in messages if m.answered_at is not None and m.answered_at < killed]
    apologies = sum(1 for m in messages for a in m.attempts if a[3] not in (ANSWER, "error"))
    totals = {"lost": 0, "doubled": 0, "stored_unseen": 0}
    for sent in conversations:
        for key, value in _check_conversation(_stored(cluster, survivor, sent[0].conversation), sent).items():
            totals[key] += value
    resends_from_store = (cluster.base / f"rasa-{survivor}.log").read_text().count("answered with its stored reply")
    completed = sum(1 for sent in conversations if len(sent) == len(TURNS) and sent[-1].answered_at is not None
                    and "4.8 mg a day" in "\n".join(sent[-1].texts))
    figures = {
        "conversations": CONVERSATIONS, "messages": len(messages), "in_flight_at_kill": len(in_flight),
        "locks_held_by_the_dead_server": locks_held,
        "before_kill_p95_s": round(percentile(before, 0.95), 2),
        "failover_max_s": round(max(failover, default=0.0), 2),
        "failover_p95_s": round(percentile(failover, 0.95), 2),
        "after_kill_max_s": round(max(later, default=0.0), 2),
        "after_kill_p95_s": round(percentile(later, 0.95), 2),
        "answered_from_store": resends_from_store, "apologies": apologies, "unanswered": len(unanswered), **totals, "forms_completed": completed,
        "lock_lease_s": os.environ.get("BACLOFEN_LOCK_LEASE_SECONDS", "default"),
        "resend_window_s": os.environ.get("BACLOFEN_RESEND_WINDOW_SECONDS", "default"),
    }
    record("kill_9_one_of_two_servers", figures)

    assert not unanswered and locks_held >= KILL_WITH_LOCKS_HELD, figures
    assert figures["failover_max_s"] < FAILOVER_LIMIT_SECONDS, figures
    # Later messages wait for no lock, only for a server now carrying everyone on a shared machine: bounded by the
    # reply timeout, never the apology (their p95 against before_kill_p95_s says how loaded it was).
    assert figures["after_kill_max_s"] < REPLY_TIMEOUT and apologies == 0, figures
    assert totals == {"lost": 0, "doubled": 0, "stored_unseen": 0}, figures
    assert completed == CONVERSATIONS, figures
