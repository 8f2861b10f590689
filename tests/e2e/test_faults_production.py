"""Faults on the production set-up (endpoints.production.yml: two Rasa servers, a real PostgreSQL tracker store and
a real Redis lock store on loopback, tests/e2e/test_shared_state.py's cluster), with other users conversing on both
servers the whole time (tests/faults.py): PostgreSQL or Redis stopped with SIGSTOP (hung, not down), and 20
messages at once for one sender spread over the two servers. For each: other users' p95 stays under 1 s during the
fault, the affected user is answered within the reply timeout, the health check answers within 1 s and says what is
degraded, and afterwards every turn a user was answered is in the tracker, in order."""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import List

import pytest
import requests

from baclofen import settings
from scripts.local_servers import listening_pids
from tests.e2e.test_faults_embedded import in_arrival_order
from tests.e2e.test_shared_state import MODEL, Cluster
from tests.faults import (
    ANSWER, APOLOGY, REST_TOKENS, HealthProbe, Traffic, burst, compare, distinct_questions, health_figures, other_users_figures,
    post_message, record, stored_turns,
)
from tests.slack_stub import SlackWebAPIStub
from tests.e2e.test_shared_state import SLACK_TOKEN

pytestmark = pytest.mark.e2e

HOLD_SECONDS = 10
REPLY_TIMEOUT = settings.Settings().reply_timeout_seconds


@pytest.fixture(scope="module")
def cluster():
    assert MODEL.exists(), "no trained model: run `make train` (make test does it)"
    base = Path(tempfile.mkdtemp(prefix="baclofen-faults-"))
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


def _children(pid: int) -> List[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _postgres_pids(cluster: Cluster) -> List[int]:
    postmaster = int((cluster.postgres.data / "postmaster.pid").read_text().split()[0])
    return [postmaster] + _children(postmaster)


def _stored(cluster: Cluster, sender: str):
    return stored_turns(requests.get(f"{cluster.urls[0]}/conversations/rest:{sender}/tracker",
                                     headers=cluster.api_headers(), timeout=30).json()["events"])


def _turn_figures(cluster, traffic, extra=()):
    total = {"acknowledged": 0, "lost": 0, "unacknowledged_stored": 0, "no_reply": 0}
    for sender, sent in [(s, traffic.of(s)) for s in traffic.senders] + list(extra):
        for key, value in compare(_stored(cluster, sender), sent).items():
            total[key] += value
    return total


def _hung_store(cluster: Cluster, name: str, pids) -> None:
    """SIGSTOP the store's processes for HOLD_SECONDS while others converse and one user is mid-form."""
    affected = f"affected-{name}-{int(time.time())}"
    first = post_message(cluster.urls[0], affected, "how much baclofen should my daughter take?")
    assert first.kind == ANSWER and "How old" in first.texts[0]
    during = {}
    with Traffic(cluster.urls) as traffic, HealthProbe(f"{cluster.urls[1]}/webhooks/rest/") as health:
        time.sleep(1.5)
        stopped = pids()
        for pid in stopped:
            os.kill(pid, signal.SIGSTOP)
        start = time.monotonic()
        try:
            time.sleep(0.5)
            user = threading.Thread(
                target=lambda: during.update(sent=post_message(cluster.urls[1], affected, "she is 4")))
            user.start()
            time.sleep(max(0.0, HOLD_SECONDS - (time.monotonic() - start)))
        finally:
            for pid in stopped:
                os.kill(pid, signal.SIGCONT)
        end = time.monotonic()
        user.join(timeout=120)
        time.sleep(3)
    answer_to_age = during["sent"]
    after = []
    if answer_to_age.kind != ANSWER:
        after.append(post_message(cluster.urls[0], affected, "she is 4"))
    after += [post_message(cluster.urls[1], affected, "by mouth"), post_message(cluster.urls[0], affected, "16 kg")]
    final = "\n".join(after[-1].texts)
    turns = _turn_figures(cluster, traffic, [(affected, [first, answer_to_age] + after)])
    # A turn whose write reached the store just before it froze: its user is told nothing was kept (the write
    # could not finish in time), yet the frozen server commits it when it wakes. Only such turns may be stored
    # unacknowledged (docs/reliability.md, "Known limits").
    caught_by_the_freeze = sum(1 for sender in traffic.senders for sent in traffic.of(sender)
                               if sent.kind != ANSWER and sent.started <= start <= sent.ended)
    figures = {"hold_s": HOLD_SECONDS, **other_users_figures(traffic, start, end),
               **health_figures(health, start, end), "affected_reply_s": round(answer_to_age.seconds, 2),
        "caught_by_the_freeze": caught_by_the_freeze,
               "affected_reply": answer_to_age.kind, **turns, "form_completed_with_age": "4 years" in final}
    record(f"{name}_sigstop", figures)

    assert figures["others_p95_s"] < 1.0, figures
    assert figures["health_max_s"] < 1.0 and figures["health_said_degraded"], figures
    assert answer_to_age.seconds < REPLY_TIMEOUT, figures
    assert answer_to_age.kind == ANSWER or (answer_to_age.kind == APOLOGY and
                                             "send it again" in answer_to_age.texts[0]), answer_to_age
    assert turns["lost"] == 0 and turns["no_reply"] == 0, turns
    assert turns["unacknowledged_stored"] <= caught_by_the_freeze, (turns, caught_by_the_freeze)
    assert "4 years" in final and "4.8 mg a day" in final, final
    for url in cluster.urls:
        assert requests.get(f"{url}/webhooks/rest/", timeout=5).json()["status"] == "ok"


def test_postgres_hung(cluster):
    _hung_store(cluster, "postgres", lambda: _postgres_pids(cluster))


def test_redis_hung(cluster):
    _hung_store(cluster, "redis", lambda: listening_pids(cluster.redis_port))


def test_twenty_messages_at_once_over_two_servers_are_all_answered(cluster):
    sender = f"together-{int(time.time())}"
    messages = distinct_questions(20)
    with Traffic(cluster.urls) as traffic:
        time.sleep(1.0)
        start = time.monotonic()
        sent = burst(cluster.urls, sender, messages, gap=0.0)
        end = time.monotonic()
        time.sleep(0.5)
    stored = _stored(cluster, sender)
    figures = {"messages": 20, "answered": sum(1 for s in sent if s.kind == ANSWER),
               "apology": sum(1 for s in sent if s.kind == APOLOGY),
               "slowest_reply_s": round(max(s.seconds for s in sent), 2), "burst_s": round(end - start, 2),
               **other_users_figures(traffic, start, end), "stored_turns": len(stored),
               **{f"sender_{k}": v for k, v in compare(stored, sent, ordered=False).items()},
               **{f"others_{k}": v for k, v in _turn_figures(cluster, traffic).items()}}
    record("together_20_two_servers_redis", figures)
    assert figures["answered"] == 20, figures
    assert figures["sender_lost"] == 0 and figures["sender_unacknowledged_stored"] == 0, figures
    assert figures["slowest_reply_s"] < REPLY_TIMEOUT and figures["others_p95_s"] < 1.0, figures
    assert figures["others_lost"] == 0, figures


def test_messages_that_queue_over_two_servers_are_answered_in_the_order_they_arrived(cluster):
    sender = f"order-{int(time.time())}"
    messages, sent = in_arrival_order(cluster.urls, cluster.actions_port, sender)
    stored = _stored(cluster, sender)
    figures = {"messages": len(messages), "answered": sum(1 for s in sent if s.kind == ANSWER),
               "stored_in_arrival_order": [m for m, _ in stored] == messages,
               "slowest_reply_s": round(max(s.seconds for s in sent), 2), **compare(stored, sent, ordered=False)}
    record("queued_in_arrival_order_two_servers_redis", figures)
    assert figures["answered"] == len(messages) and figures["stored_in_arrival_order"], (figures, stored)
    assert figures["lost"] == 0 and figures["unacknowledged_stored"] == 0, figures
