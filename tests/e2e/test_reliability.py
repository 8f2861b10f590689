"""Reliability and safety against the real servers (scripts/run.sh on loopback): access, bad input, faults,
privacy. Each test starts, stops or breaks real processes."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jwt
import pytest
import requests

from tests.servers import ROOT, listening_pids, running_assistant, stop_action_server

pytestmark = pytest.mark.e2e

HOTLINE = "1900 5555"
SECRET_WORD = "zebracrossing7781"  # a word that must never appear in a log


def port_of(url):
    return int(url.rsplit(":", 1)[1])


def action_server_pid(bot):
    pids = listening_pids(port_of(bot.actions_url))
    assert len(pids) == 1, pids
    return pids[0]


def rasa_server_pid(bot):
    pids = listening_pids(port_of(bot.url))
    assert len(pids) == 1, pids
    return pids[0]


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    with running_assistant(tmp_path_factory.mktemp("reliability"), BACLOFEN_HOTLINE=HOTLINE,
                           BACLOFEN_REPLY_TIMEOUT_SECONDS="4") as assistant:
        yield assistant


# ------------------------------------------------------------------ 1. access

def test_http_api_needs_a_jwt(bot):
    sender = bot.new_sender()
    bot.texts(sender, "hello")
    for path in (f"/conversations/{sender}/tracker", "/status"):
        assert requests.get(bot.url + path, timeout=10).status_code == 401
        forged = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.invalid"}
        assert requests.get(bot.url + path, headers=forged, timeout=10).status_code == 401
    assert requests.post(f"{bot.url}/model/parse", json={"text": "hi"}, timeout=10).status_code == 401
    ok = requests.get(f"{bot.url}/conversations/{sender}/tracker", headers=bot.api_headers(), timeout=10)
    assert ok.status_code == 200 and ok.json()["sender_id"] == sender
    # a "user" token may read only its own conversation
    other = requests.get(f"{bot.url}/conversations/{sender}/tracker", headers=bot.api_headers(role="user"),
                         timeout=10)
    assert other.status_code == 403


def log_lines(bot):
    return bot.log.read_text(errors="replace").splitlines()


def new_log_lines(bot, before, settle=0.5):
    time.sleep(settle)
    return log_lines(bot)[len(before):]


def admin_token(secret, algorithm="HS256", **claims):
    payload = {"user": {"username": "tests", "role": "admin"}, **claims}
    return jwt.encode(payload, secret, algorithm=algorithm)


def test_bad_tokens_get_401_and_one_log_line(bot):
    """Tokens signed with another algorithm than the server's, without `exp`, expiring too far ahead, expired,
    or with a wrong signature: each a 401 with Rasa's JSON body and exactly one log line (stock: `alg: none` and
    HS512 were a 500 with a 23-line traceback, a token without `exp` worked forever)."""
    soon = int(time.time()) + 60
    tokens = {
        "alg none": jwt.encode({"user": {"username": "tests", "role": "admin"}, "exp": soon}, None, algorithm="none"),
        "HS512 with the right secret": admin_token(bot.jwt_secret, "HS512", exp=soon),
        "no exp": admin_token(bot.jwt_secret),
        "exp a week ahead": admin_token(bot.jwt_secret, exp=int(time.time()) + 7 * 86400),
        "expired": admin_token(bot.jwt_secret, exp=int(time.time()) - 3600),
        "expired 10 s ago": admin_token(bot.jwt_secret, exp=int(time.time()) - 10),  # within sanic-jwt's leeway
        "expired 170 s ago": admin_token(bot.jwt_secret, exp=int(time.time()) - 170),
        "user a string": jwt.encode({"user": "tests", "exp": soon}, bot.jwt_secret, algorithm="HS256"),
        "role a number": jwt.encode({"user": {"username": "tests", "role": 1}, "exp": soon}, bot.jwt_secret,
                                    algorithm="HS256"),
        "wrong secret": admin_token("not-the-secret-but-as-long-as-one-" + "x" * 32, exp=soon),
        "not a JWT": "not.a.jwt",
    }
    for name, token in tokens.items():
        before = log_lines(bot)
        response = requests.get(f"{bot.url}/status", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        added = new_log_lines(bot, before)
        assert response.status_code == 401, (name, response.status_code)
        assert response.json()["reason"] == "NotAuthenticated", name
        assert len(added) == 1 and "Traceback" not in added[0], (name, added)
        assert token not in added[0], name
    ok = requests.get(f"{bot.url}/status", headers=bot.api_headers(), timeout=10)  # exp 5 minutes ahead
    assert ok.status_code == 200


def test_jwt_secret_is_not_on_any_command_line(bot):
    """The Rasa server gets its JWT secret through the environment: no process's command line (readable by every
    local user in /proc/<pid>/cmdline) shows it, and the HTTP API still checks tokens signed with it."""
    rasa_pid = rasa_server_pid(bot)
    assert "--enable-api" in Path(f"/proc/{rasa_pid}/cmdline").read_bytes().decode(errors="replace")
    leaks = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and bot.jwt_secret.encode() in (entry / "cmdline").read_bytes():
                leaks.append(int(entry.name))
        except OSError:
            continue
    assert leaks == []
    assert requests.get(f"{bot.url}/status", headers=bot.api_headers(), timeout=10).status_code == 200


def test_the_rasa_server_refuses_a_jwt_secret_on_its_command_line():
    done = subprocess.run([sys.executable, "scripts/rasa_server.py", "run", "--enable-api", "--jwt-secret", "x"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "BACLOFEN_JWT_SECRET" in done.stderr
    open_api = subprocess.run([sys.executable, "scripts/rasa_server.py", "run", "--enable-api"], cwd=ROOT,
                              capture_output=True, text=True, timeout=120,
                              env={k: v for k, v in os.environ.items() if k != "BACLOFEN_JWT_SECRET"})
    assert open_api.returncode != 0 and "never runs open" in open_api.stderr


def test_action_server_refusals_are_4xx_without_tracebacks(bot):
    """A wrong method or path on the action server: its own 4xx and one log line (stock: POST /health was a 500
    with three tracebacks)."""
    before = log_lines(bot)
    wrong_method = requests.post(f"{bot.actions_url}/health", timeout=10)
    assert wrong_method.status_code == 405 and "GET" in wrong_method.headers.get("Allow", "")
    added = new_log_lines(bot, before)
    assert len(added) == 1 and "Traceback" not in "\n".join(added), added
    secret = {"X-Baclofen-Action-Secret": bot.actions_secret}
    assert requests.put(f"{bot.actions_url}/webhook", headers=secret, timeout=10).status_code == 405
    assert requests.get(f"{bot.actions_url}/no-such-path", headers=secret, timeout=10).status_code == 404
    assert "Traceback" not in bot.log.read_text(errors="replace")


def test_action_server_answers_only_the_rasa_server(bot):
    call = {"next_action": "action_answer_uses", "sender_id": "x", "version": "3.6.2",
            "tracker": {"sender_id": "x", "slots": {}, "latest_message": {}, "events": [], "paused": False,
                        "followup_action": None, "active_loop": {}, "latest_action_name": None},
            "domain": {}}
    webhook = f"{bot.actions_url}/webhook"
    assert requests.post(webhook, json=call, timeout=10).status_code == 403
    assert requests.post(webhook, json=call, headers={"X-Baclofen-Action-Secret": "guess"}, timeout=10).status_code == 403
    assert requests.get(f"{bot.actions_url}/actions", timeout=10).status_code == 403
    good = requests.post(webhook, json=call, headers={"X-Baclofen-Action-Secret": bot.actions_secret}, timeout=10)
    assert good.status_code == 200 and "section 1" in good.json()["responses"][0]["text"]
    assert requests.get(f"{bot.actions_url}/health", timeout=10).status_code == 200


def test_action_server_error_carries_no_conversation(bot):
    broken = {"next_action": "action_answer_interaction", "sender_id": "x", "version": "3.6.2",
              # a latest message of the wrong type makes the action raise
              "tracker": {"sender_id": "x", "slots": {}, "events": [{"event": "user", "text": SECRET_WORD}],
                          "latest_message": SECRET_WORD},
              "domain": {}}
    response = requests.post(f"{bot.actions_url}/webhook", json=broken,
                             headers={"X-Baclofen-Action-Secret": bot.actions_secret}, timeout=10)
    assert response.status_code == 500
    assert SECRET_WORD not in response.text and response.json() == {"error": "internal error"}


def test_action_server_allows_no_browser_origin_and_listens_on_loopback(bot):
    preflight = requests.options(f"{bot.actions_url}/webhook", timeout=10,
                                 headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in {k.lower() for k in preflight.headers}
    port = port_of(bot.actions_url)
    listening = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port]
    assert listening == [f"0100007F:{port:04X}"]


# ------------------------------------------------------------------ 2. bad input

BAD_MESSAGES = [
    "", "   ", "\n\t", "a" * 100_000, "\x00\x01\x02\x1b[31mred", "🙂🙂🙂", "💊 dose?",
    "Baclofen dùng để làm gì?", "巴氯芬的副作用是什么", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "my child weighs -3 kg", "age 300", "dose for a 3 year old weighing 999999999999999999999 kg",
    "' OR 1=1; DROP TABLE events; --", "{\"message\": \"nested\"}", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
]


@pytest.mark.parametrize("message", BAD_MESSAGES, ids=range(len(BAD_MESSAGES)))
def test_bad_messages_get_a_reply_and_the_conversation_goes_on(bot, message):
    sender = bot.new_sender()
    started = time.monotonic()
    replies = bot.say(sender, message)
    assert time.monotonic() - started < 15
    assert replies and all(r.get("text") or r.get("buttons") for r in replies)
    follow_up = "\n".join(bot.texts(sender, "what is baclofen used for?"))
    assert "section 1 (Uses)" in follow_up


def test_a_message_over_the_limit_is_refused_politely(bot):
    text = bot.texts(bot.new_sender(), "dose " * 1000)[0]
    assert "too long" in text and "5000 characters" in text


@pytest.mark.parametrize("body, content_type", [
    (b"not json", "application/json"),
    (b"\xff\xfe\x00binary", "application/octet-stream"),
    (json.dumps([1, 2, 3]).encode(), "application/json"),
    (json.dumps({"message": "hi"}).encode(), "application/json"),
    (json.dumps({"sender": 5, "message": "hi"}).encode(), "application/json"),
    (json.dumps({"sender": "a b/c", "message": "hi"}).encode(), "application/json"),
    (json.dumps({"sender": "abc", "message": {"text": "hi"}}).encode(), "application/json"),
    (json.dumps({"sender": "abc", "message": "hi", "metadata": "x"}).encode(), "application/json"),
    # metadata nested 1,000 levels deep (was a 500 with a traceback: Python's JSON tools recurse)
    (b'{"sender": "abc", "message": "hi", "metadata": ' + b'{"a": ' * 1000 + b'1' + b'}' * 1001,
     "application/json"),
    (b'{"sender": "abc", "message": "hi", "metadata": {"a": ' + b'[' * 1000 + b']' * 1000 + b'}}',
     "application/json"),
])
def test_requests_of_the_wrong_shape_are_4xx(bot, body, content_type):
    response = requests.post(f"{bot.url}/webhooks/rest/webhook", data=body, timeout=10,
                             headers={**bot.rest_headers(), "Content-Type": content_type})
    expected = 400 if content_type == "application/json" else 415
    assert response.status_code == expected and response.json()["error"], response.text


# ------------------------------------------------------------------ 3. faults

def test_action_server_slow_then_down_then_back(bot):
    sender = bot.new_sender()
    pid = action_server_pid(bot)
    os.kill(pid, signal.SIGSTOP)  # slow: it accepts nothing
    try:
        started = time.monotonic()
        texts = bot.texts(sender, "what is baclofen used for?")
        elapsed = time.monotonic() - started
    finally:
        os.kill(pid, signal.SIGCONT)
    assert elapsed < 10, elapsed
    assert len(texts) == 1 and "can't answer right now" in texts[0] and HOTLINE in texts[0]
    # it recovers: the same conversation goes on
    assert "section 1 (Uses)" in "\n".join(bot.texts(sender, "what is baclofen used for?"))


def test_action_server_down_one_log_line_with_its_cause_per_failed_turn(tmp_path):
    """Stock Rasa logged an error line and then chained tracebacks (about 60 lines) for every such turn."""
    with running_assistant(tmp_path) as assistant:
        sender = assistant.new_sender()
        assert "section 1 (Uses)" in "\n".join(assistant.texts(sender, "what is baclofen used for?"))
        stop_action_server(assistant)
        for _ in range(3):
            before = log_lines(assistant)
            texts = assistant.texts(sender, "what are the side effects?")
            added = new_log_lines(assistant, before)
            assert len(texts) == 1 and "can't answer right now" in texts[0], texts
            assert len(added) == 1, added
            assert "produced no reply" in added[0] and "Couldn't connect" in added[0], added


def test_rasa_server_killed_mid_form_resumes_after_restart(tmp_path):
    sender = "resume-" + str(int(time.time()))
    with running_assistant(tmp_path) as first:
        assert "How old" in "\n".join(first.texts(sender, "how much baclofen for my son?"))
        assert "by mouth" in "\n".join(first.texts(sender, "he is 3"))
        rasa_pid = rasa_server_pid(first)
        os.kill(rasa_pid, signal.SIGKILL)
    with running_assistant(tmp_path) as second:  # same tracker database, new processes
        assert "weigh" in "\n".join(second.texts(sender, "by mouth"))
        answer = "\n".join(second.texts(sender, "14 kg"))
        assert "3 years" in answer and "4.2 mg a day" in answer


def test_tracker_store_failure_is_said_not_hidden(tmp_path):
    with running_assistant(tmp_path) as bot:
        sender = bot.new_sender()
        assert "How old" in "\n".join(bot.texts(sender, "what's the baclofen dose for my daughter"))
        database = tmp_path / "tracker.db"
        database.write_bytes(b"this is no longer a database" * 100)
        texts = bot.texts(sender, "she is 4")
        log = bot.log.read_text()
    assert len(texts) == 1 and "can't continue this conversation safely" in texts[0]
    assert "TRACKER STORE FAILURE" in log


# ------------------------------------------------------------------ 4. load

def test_soak_50_conversations_of_20_turns(tmp_path):
    conversations, turns = 50, 20
    script = ["hello", "what is baclofen used for?", "what are the side effects", "is drowsiness a side effect?",
              "can I take advil with it", "is it safe in pregnancy", "dose for a 3 year old", "by mouth", "14 kg",
              "can I drink beer on baclofen", "what forms does it come in", "can I stop it suddenly",
              "dose for an adult", "tablets", "are you a bot", "thanks", "what about lithium",
              "can it cause headaches", "is it safe when breastfeeding", "bye"]
    assert len(script) == turns
    with running_assistant(tmp_path, BACLOFEN_REPLY_TIMEOUT_SECONDS="30") as bot:
        rasa_pid = rasa_server_pid(bot)
        senders = [bot.new_sender() for _ in range(conversations)]
        memory, errors, latencies = [], [], []

        def converse(sender):
            for message in script:
                started = time.monotonic()
                try:
                    replies = bot.say(sender, message)
                    if not replies or any("can't answer right now" in r.get("text", "") for r in replies):
                        errors.append((sender, message, replies))
                except Exception as error:  # counted, and the test fails below
                    errors.append((sender, message, repr(error)))
                latencies.append(time.monotonic() - started)

        started = time.monotonic()
        memory.append(rss_mb(rasa_pid))
        with ThreadPoolExecutor(max_workers=conversations) as pool:
            list(pool.map(converse, senders[: conversations // 2]))
            memory.append(rss_mb(rasa_pid))
            list(pool.map(converse, senders[conversations // 2:]))
        memory.append(rss_mb(rasa_pid))
        elapsed = time.monotonic() - started

    with sqlite3.connect(tmp_path / "tracker.db") as db:
        user_events = dict(db.execute(
            "SELECT sender_id, COUNT(*) FROM events WHERE type_name = 'user' GROUP BY sender_id").fetchall())
    latencies.sort()
    print(f"\nsoak: {conversations * turns} messages in {elapsed:.1f} s ({conversations * turns / elapsed:.1f} msg/s), "
          f"p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, p95 {latencies[int(len(latencies) * .95)] * 1000:.0f} ms, "
          f"errors {len(errors)}, Rasa server RSS MB {[round(m) for m in memory]}")
    assert errors == []
    assert user_events == {f"rest:{sender}": turns for sender in senders}  # each turn stored exactly once
    assert memory[2] - memory[1] < 100, memory  # stable between the first and the second half


# ------------------------------------------------------------------ 5. privacy

def test_logs_carry_no_message_text(bot):
    bot.texts(bot.new_sender(), f"my name is {SECRET_WORD}, what is the dose for a 3 year old")
    time.sleep(0.5)
    assert SECRET_WORD not in bot.log.read_text()


def test_purge_deletes_only_old_conversations(tmp_path):
    with running_assistant(tmp_path) as bot:
        old, recent = bot.new_sender(), bot.new_sender()
        bot.texts(old, "hello")
        bot.texts(recent, "hello")
    database = tmp_path / "tracker.db"
    with sqlite3.connect(database) as db:
        db.execute("UPDATE events SET timestamp = timestamp - 40 * 86400 WHERE sender_id = ?", (f"rest:{old}",))
    result = subprocess.run([sys.executable, "scripts/purge_conversations.py", "--older-than-days", "30"],
                            cwd=ROOT, env=dict(os.environ, BACLOFEN_TRACKER_DB=str(database)),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "deleted 1 conversation(s)" in result.stdout
    with sqlite3.connect(database) as db:
        left = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
    assert left == {f"rest:{recent}"}


def test_purge_refuses_a_bad_argument():
    result = subprocess.run([sys.executable, "scripts/purge_conversations.py", "--older-than-days", "-1"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "positive" in result.stderr
