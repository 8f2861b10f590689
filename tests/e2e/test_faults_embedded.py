"""Faults on the embedded set-up (scripts/run.sh: SQLite tracker store, in-process lock store), with other users
conversing the whole time (tests/faults.py): a held SQLite lock, a 50 MB body, 5 MB of metadata, 20 and 500
messages at once for one sender, the action server killed mid-form. For each: other users' p95 stays under 1 s
during the fault, the affected user is answered within the reply timeout, and afterwards every turn a user was
answered is in the tracker, in order."""
from __future__ import annotations

import os
import select
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import uuid
from urllib.parse import urlparse

import pytest
import requests

from baclofen import settings
from scripts.local_servers import listening_pids, stop_process_groups
from tests.faults import (
    ANSWER, APOLOGY, REFUSED, REST_TOKENS, WEBCHAT, HealthProbe, Traffic, burst, compare, distinct_questions,
    health_figures, other_users_figures, post_message, record, stored_turns, wait_until,
)
from tests.servers import ROOT, running_assistant

pytestmark = pytest.mark.e2e

HOTLINE = "1900 5555"
HOLD_SECONDS = 10  # how long each store fault lasts
REPLY_TIMEOUT = settings.Settings().reply_timeout_seconds  # the default, which these servers run with
BIN = ROOT / os.environ.get("VENV", ".venv") / "bin"
WIDGET_WATCH_SECONDS = 16  # the Rasa server must have closed a stalled request by then (Sanic's REQUEST_TIMEOUT, 10 s)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("faults")


# The queue limit of these servers: one whose queue drains within the reply timeout even in a slow hour of a shared
# 2-core machine (at the default 50, once, the last 3 of 50 waited 10.3 s and got the apology instead of an answer;
# docs/reliability.md). The mechanism tested is the same at any limit.
QUEUE_LIMIT = 25


@pytest.fixture(scope="module")
def bot(workdir):
    with running_assistant(workdir, BACLOFEN_HOTLINE=HOTLINE,
                           BACLOFEN_MAX_WAITING_MESSAGES=str(QUEUE_LIMIT)) as assistant:
        assistant.tracker_db = workdir / "tracker.db"
        REST_TOKENS[assistant.url] = assistant.rest_token
        yield assistant


def _stored(bot, sender, channel="rest"):
    return stored_turns(bot.tracker(sender, channel=channel)["events"])


def _turn_figures(bot, traffic, extra=()):
    """compare() summed over every other user and the `extra` (sender, [Sent]) pairs."""
    total = {"acknowledged": 0, "lost": 0, "unacknowledged_stored": 0, "no_reply": 0}
    channel = "webchat" if traffic.path == WEBCHAT else "rest"
    for sender, sent in [(s, traffic.of(s)) for s in traffic.senders] + list(extra):
        for key, value in compare(_stored(bot, sender, channel), sent).items():
            total[key] += value
    return total


def _finish_dose_form(bot, sender, told_to_repeat, remaining):
    """The affected user carries on after a fault: repeats what they were told was not taken in, then gives the
    remaining values. Returns every Sent and the last reply's text."""
    sent = []
    for message in told_to_repeat + remaining:
        sent.append(post_message(bot.url, sender, message))
    return sent, "\n".join(sent[-1].texts) if sent else ""


# ------------------------------------------------------------------ 1. a store that does not answer

def test_sqlite_held_under_an_exclusive_lock(bot):
    affected = "affected-" + bot.new_sender()
    first = post_message(bot.url, affected, "how much baclofen should my daughter take?")
    assert first.kind == ANSWER and "How old" in first.texts[0]
    during = {}
    with Traffic([bot.url]) as traffic, HealthProbe(f"{bot.url}/webhooks/rest/") as health:
        time.sleep(1.5)
        holder = sqlite3.connect(bot.tracker_db, timeout=30, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # as a backup tool or a stuck writer would
        start = time.monotonic()
        time.sleep(0.5)
        user = threading.Thread(target=lambda: during.update(sent=post_message(bot.url, affected, "she is 4")))
        user.start()
        time.sleep(max(0.0, HOLD_SECONDS - (time.monotonic() - start)))
        holder.execute("ROLLBACK")
        holder.close()
        end = time.monotonic()
        user.join(timeout=120)
        time.sleep(2)
    answer_to_age = during["sent"]
    repeat = ["she is 4"] if answer_to_age.kind != ANSWER else []
    after, final = _finish_dose_form(bot, affected, repeat, ["by mouth", "16 kg"])
    turns = _turn_figures(bot, traffic, [(affected, [first, answer_to_age] + after)])
    figures = {"hold_s": HOLD_SECONDS, **other_users_figures(traffic, start, end), **health_figures(health, start, end),
               "affected_reply_s": round(answer_to_age.seconds, 2), "affected_reply": answer_to_age.kind,
               **turns, "form_completed_with_age": "4 years" in final}
    record("sqlite_exclusive_lock", figures)

    assert figures["others_p95_s"] < 1.0, figures
    assert figures["health_max_s"] < 1.0 and figures["health_said_degraded"], figures
    assert answer_to_age.seconds < REPLY_TIMEOUT, figures
    assert answer_to_age.kind == ANSWER or (answer_to_age.kind == APOLOGY and HOTLINE in answer_to_age.texts[0]
                                             and "send it again" in answer_to_age.texts[0]), answer_to_age
    assert turns["lost"] == 0 and turns["no_reply"] == 0 and turns["unacknowledged_stored"] == 0, turns
    assert "4 years" in final and "4.8 mg a day" in final, final
    health_now = requests.get(f"{bot.url}/webhooks/rest/", timeout=5).json()
    assert health_now["status"] == "ok", health_now


# ------------------------------------------------------------------ 2. requests too large

def _post_raw(port: int, head: bytes, body_size: int, tail: bytes = b"", chunk: int = 1 << 20,
              half_close: bool = False) -> tuple:
    """Sends `head`, then `body_size` bytes of body, then `tail` (then closes its sending side if `half_close`), and
    stops sending as soon as the server answers or closes. Returns (status line, seconds, bytes of body sent)."""
    started = time.monotonic()
    sent, answer = 0, b""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head)
        while time.monotonic() - started < 120:
            readable, writable, _ = select.select([sock], [sock] if sent < body_size else [], [], 60)
            if readable:
                try:
                    data = sock.recv(4096)
                except OSError:
                    break
                answer += data
                if not data or b"\r\n" in answer:
                    break
            elif writable:
                try:
                    sent += sock.send(b"a" * min(chunk, body_size - sent))
                    if sent == body_size:
                        sock.sendall(tail)
                        if half_close:
                            sock.shutdown(socket.SHUT_WR)
                except OSError:
                    break
            else:
                break
    return answer.split(b"\r\n", 1)[0].decode(errors="replace"), time.monotonic() - started, sent


def test_body_of_50_mb_is_refused_before_it_is_read(bot):
    port = int(bot.url.rsplit(":", 1)[1])
    size = 50 * 1024 * 1024
    opening, tail = b'{"sender": "big", "message": "', b'"}'  # a well-formed message of 50 MB
    head = (f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(opening) + size + len(tail)}\r\n\r\n").encode() + opening
    with Traffic([bot.url]) as traffic:
        time.sleep(1.0)
        start = time.monotonic()
        status, seconds, sent = _post_raw(port, head, size, tail)
        end = time.monotonic()
        time.sleep(1.0)
    figures = {"body_mb": 50, "status": status, "big_request_s": round(seconds, 2),
               "body_mb_sent_before_answer": round(sent / 2**20, 1), **other_users_figures(traffic, start, end),
               **_turn_figures(bot, traffic)}
    record("body_50_mb", figures)
    assert " 413 " in status, figures
    assert figures["body_mb_sent_before_answer"] < 5, figures  # refused on its Content-Length, not after reading
    assert figures["others_p95_s"] < 1.0 and figures["lost"] == 0, figures


def test_negative_or_missing_content_length_is_refused(bot):
    port = int(bot.url.rsplit(":", 1)[1])
    for length in ("-1", "abc"):
        head = (f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"Content-Length: {length}\r\n\r\n").encode()
        status, seconds, _ = _post_raw(port, head, 0)
        assert status.split(" ")[1] in ("400", "411", "413"), (length, status)
        assert seconds < 5


def test_metadata_is_bounded_before_it_is_stored(bot):
    sender = bot.new_sender()
    large = {"note": "m" * (5 * 1024 * 1024)}  # 5 MB: beyond the request limit
    started = time.monotonic()
    refused = requests.post(f"{bot.url}/webhooks/rest/webhook", timeout=60,
                            json={"sender": sender, "message": "what is baclofen used for?", "metadata": large})
    refused_seconds = time.monotonic() - started
    middling = {"note": "m" * 200_000, "page": "dosing"}  # within the request limit, beyond the metadata limit
    kept = post_message(bot.url, sender, "what are the side effects?", metadata=middling)
    small = post_message(bot.url, sender, "is drowsiness a side effect?", metadata={"page": "dosing"})
    user_events = [e for e in bot.tracker(sender)["events"] if e["event"] == "user"]
    stored_bytes = {e["text"]: len(str(e.get("metadata") or {})) for e in user_events}
    figures = {"status_5mb": refused.status_code, "refused_s": round(refused_seconds, 2),
               "stored_metadata_bytes": stored_bytes}
    record("metadata_5_mb", figures)
    assert refused.status_code == 413, figures
    assert kept.kind == ANSWER and small.kind == ANSWER
    limit = settings.Settings().max_metadata_bytes
    assert all(size <= limit for size in stored_bytes.values()), figures
    small_stored = [e["metadata"] for e in user_events if e["text"] == "is drowsiness a side effect?"]
    assert len(small_stored) == 1 and small_stored[0]["page"] == "dosing"  # Rasa adds its model and assistant ids
    assert all("note" not in e["metadata"] for e in user_events)


# ------------------------------------------------------------------ 3. messages that arrive together

def _together(bot, count, gap):
    sender = "together-" + bot.new_sender()
    messages = distinct_questions(count)
    with Traffic([bot.url]) as traffic:
        time.sleep(1.0)
        start = time.monotonic()
        sent = burst([bot.url], sender, messages, gap=gap)
        end = time.monotonic()
        time.sleep(0.5)
    stored = _stored(bot, sender)
    answered = [s for s in sent if s.kind == ANSWER]
    figures = {"messages": count, "answered": len(answered),
               "refused": sum(1 for s in sent if s.kind == REFUSED),
               "apology": sum(1 for s in sent if s.kind == APOLOGY),
               "errors": sorted({f"{s.status} {s.error}".strip() for s in sent if s.kind not in (ANSWER, APOLOGY, REFUSED)}),
               "slowest_reply_s": round(max(s.seconds for s in sent), 2), "burst_s": round(end - start, 2),
               **other_users_figures(traffic, start, end), "stored_turns": len(stored),
               **{f"sender_{k}": v for k, v in compare(stored, sent, ordered=False).items()},
               **{f"others_{k}": v for k, v in _turn_figures(bot, traffic).items()}}
    return sender, sent, stored, figures


def test_twenty_messages_at_once_for_one_sender_are_all_answered(bot):
    sender, sent, stored, figures = _together(bot, 20, gap=0.0)
    record("together_20_in_process", figures)
    assert figures["answered"] == 20, figures
    assert figures["sender_lost"] == 0 and figures["sender_unacknowledged_stored"] == 0, figures
    assert figures["slowest_reply_s"] < REPLY_TIMEOUT and figures["others_p95_s"] < 1.0, figures
    assert figures["others_lost"] == 0, figures


def test_five_hundred_at_once_answered_up_to_the_stated_limit_and_refused_plainly_beyond(bot):
    sender, sent, stored, figures = _together(bot, 500, gap=0.0)
    record("together_500_in_process", figures)
    limit = QUEUE_LIMIT
    assert figures["answered"] + figures["refused"] == 500, figures  # no apology, no error, nothing silent
    assert figures["answered"] >= min(500, limit), figures
    assert figures["sender_lost"] == 0 and figures["sender_unacknowledged_stored"] == 0, figures
    assert figures["slowest_reply_s"] < REPLY_TIMEOUT and figures["others_p95_s"] < 1.0, figures
    assert figures["others_lost"] == 0, figures


def in_arrival_order(urls, actions_port, sender, count=10, gap=0.05):
    """`count` messages for one sender, `gap` seconds apart (an order no scheduling can blur), sent while the first
    one waits for a paused action server, so that all of them queue. Returns what was sent."""
    messages = distinct_questions(count)
    paused = listening_pids(actions_port)
    for pid in paused:
        os.kill(pid, signal.SIGSTOP)
    result = {}
    sending = threading.Thread(target=lambda: result.update(sent=burst(urls, sender, messages, gap=gap)))
    try:
        sending.start()
        time.sleep(count * gap + 0.3)
    finally:
        for pid in paused:
            os.kill(pid, signal.SIGCONT)
    sending.join(timeout=60)
    return messages, result["sent"]


def test_messages_that_queue_are_answered_in_the_order_they_arrived(bot):
    sender = "order-" + bot.new_sender()
    messages, sent = in_arrival_order([bot.url], int(bot.actions_url.rsplit(":", 1)[1]), sender)
    stored = _stored(bot, sender)
    figures = {"messages": len(messages), "answered": sum(1 for s in sent if s.kind == ANSWER),
               "stored_in_arrival_order": [m for m, _ in stored] == messages,
               "slowest_reply_s": round(max(s.seconds for s in sent), 2), **compare(stored, sent, ordered=False)}
    record("queued_in_arrival_order_in_process", figures)
    assert figures["answered"] == len(messages) and figures["stored_in_arrival_order"], (figures, stored)
    assert figures["lost"] == 0 and figures["unacknowledged_stored"] == 0, figures


# ------------------------------------------------------------------ 4. the web chat, served by the Rasa server (issue 13)

def test_web_chat_refuses_a_negative_content_length(bot):
    """Content-Length: -1 on the web chat's webhook: refused on the request's head, before any body is read."""
    port = urlparse(bot.url).port
    size = 30 * 1024 * 1024
    opening, tail = f'{{"sender": "{uuid.uuid4().hex}", "message": "'.encode(), b'"}'
    head = (b"POST /webhooks/webchat/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: -1\r\n\r\n" + opening)
    with Traffic([bot.url], path=WEBCHAT) as traffic:
        time.sleep(1.0)
        start = time.monotonic()
        status, seconds, sent = _post_raw(port, head, size, tail, half_close=True)
        end = time.monotonic()
        time.sleep(1.0)
    figures = {"status": status, "request_s": round(seconds, 2), "body_mb_sent": round(sent / 2**20, 1),
               **other_users_figures(traffic, start, end), **_turn_figures(bot, traffic)}
    record("webchat_content_length_minus_1", figures)
    assert status.split(" ")[1:2] in (["400"], ["411"]), figures
    assert figures["others_p95_s"] < 1.0 and figures["lost"] == 0, figures


def test_web_chat_drops_stalled_sockets(bot):
    """Sockets that send part of a request's head, then nothing, are closed by the server's request timeout.
    (Half-sent bodies and clients trickling a byte at a time: tests/e2e/test_slow_requests.py.)"""
    port = urlparse(bot.url).port
    stalled = [socket.create_connection(("127.0.0.1", port)) for _ in range(8)]
    for sock in stalled:
        sock.sendall(b"POST /webhooks/webchat/webhook HTTP/1.1\r\nHost: x\r\nX-Pad: pp")
    closed_after = {}
    with Traffic([bot.url], path=WEBCHAT) as traffic:
        start = time.monotonic()
        while time.monotonic() - start < WIDGET_WATCH_SECONDS and len(closed_after) < len(stalled):
            for sock in stalled:
                if sock in closed_after:
                    continue
                try:
                    readable, _, _ = select.select([sock], [], [], 0)
                    if readable and not sock.recv(4096, socket.MSG_DONTWAIT):
                        closed_after[sock] = time.monotonic() - start
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    closed_after[sock] = time.monotonic() - start
            time.sleep(0.5)
        end = time.monotonic()
    for sock in stalled:
        sock.close()
    figures = {"sockets": len(stalled), "closed_by_server": len(closed_after),
               "slowest_close_s": round(max(closed_after.values(), default=0.0), 1),
               **other_users_figures(traffic, start, end), **_turn_figures(bot, traffic)}
    record("webchat_stalled_sockets", figures)
    assert len(closed_after) == len(stalled) and figures["slowest_close_s"] <= 12, figures
    assert figures["others_p95_s"] < 1.0 and figures["lost"] == 0, figures


# ------------------------------------------------------------------ 5. the action server killed mid-form (last)

def _answer_to(question: str) -> str:
    """What the user of the dose form answers to the bot's last message."""
    if "How old" in question:
        return "4"
    if "by mouth" in question and "intrathecal" in question:
        return "by mouth"
    if "weigh" in question:
        return "16 kg"
    return "so what is the dose?"


def test_values_given_while_the_action_server_is_down_are_kept_or_asked_again_plainly(bot, workdir):
    sender = "outage-" + bot.new_sender()
    sent = [post_message(bot.url, sender, "how much baclofen should my daughter take?")]
    assert "How old" in sent[0].texts[0]
    port = int(bot.actions_url.rsplit(":", 1)[1])
    for pid in listening_pids(port):
        os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not listening_pids(port), 20, "action server gone")
    # bare answers, as a caller or a phone user gives them, while the bot cannot say anything back
    during = [post_message(bot.url, sender, message) for message in ("4", "by mouth", "16")]
    log = open(workdir / "actions-restarted.log", "wb")
    restarted = subprocess.Popen([str(BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
                                 cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                 env=dict(os.environ, SANIC_HOST="127.0.0.1",
                                          BACLOFEN_ACTIONS_SECRET=bot.actions_secret))
    try:
        wait_until(lambda: requests.get(f"{bot.actions_url}/health", timeout=2).ok, 120, "action server back")
        # the user repeats exactly what they were told was not taken in, then answers what the bot asks
        repeat = [s.message for s in during if s.kind != ANSWER and "send it again" in "\n".join(s.texts)]
        after, final = _finish_dose_form(bot, sender, repeat, [])
        for _ in range(4):
            if "mg a day" in final:
                break
            more, final = _finish_dose_form(bot, sender, [], [_answer_to(final)])
            after += more
    finally:
        stop_process_groups([restarted])
        log.close()
    shown = {"4": "4 years", "by mouth": "by mouth", "16": "16 kg"}  # how the dose answer shows each value
    values_lost = sum(1 for s in during if s.message not in repeat and shown[s.message] not in final)
    # a value given during the outage that the bot asked for again although the user was never told it was lost
    same_value = {"4": "4", "by mouth": "by mouth", "16": "16 kg"}
    asked_again = [s.message for s in after if s.message not in repeat]
    unannounced = sum(1 for s in during if s.message not in repeat and same_value[s.message] in asked_again)
    stored = _stored(bot, sender)
    figures = {"during_outage": [s.kind for s in during], "told_to_repeat": repeat, "asked_again": asked_again,
               "asked_again_without_notice": unannounced, "outage_reply_s": [round(s.seconds, 2) for s in during],
               "values_lost": values_lost, "final_is_dose_for_4_years": "4 years" in final and "4.8 mg a day" in final,
               **compare(stored, sent + during + after)}
    record("action_server_killed_mid_form", figures)
    assert all(HOTLINE in s.texts[0] for s in during), during
    assert values_lost == 0 and unannounced == 0 and figures["final_is_dose_for_4_years"], figures
    assert figures["lost"] == 0 and figures["unacknowledged_stored"] == 0, figures
