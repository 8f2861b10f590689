"""Several servers, one state: a real PostgreSQL (tracker store) and a real Redis (lock store) on loopback, TWO Rasa
server processes started on endpoints.production.yml, one action server. One conversation's turns alternate between
the two servers (the dose form included); many conversations run at once; two messages of one conversation arrive
at the two servers at the same moment. Reading the stored tracker back, no turn may be lost, duplicated or answered
out of order: each user message is followed by exactly the answer its sender received, before the next message.
Both servers also run the Slack channel with its memory of answered events in the same Redis: an event and its
retry reaching different servers are answered once (replies caught by tests/slack_stub.py).
"""
from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
import requests

from tests.servers import api_headers, bearer, free_port, stop_process_groups
from tests.slack_stub import SlackWebAPIStub, event_envelope, sign

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / os.environ.get("VENV", ".venv") / "bin"
MODEL = ROOT / "models" / "baclofen.tar.gz"
STARTUP_SECONDS = 150
TIMEOUT = 30

# One conversation through the dose form and around it; each turn: (message, a fragment its answer must hold).
SCRIPT: List[Tuple[str, str]] = [
    ("what is baclofen used for?", "section 1 (Uses)"),
    ("how much baclofen should my daughter take?", "How old"),
    ("she is 4", "by mouth"),
    ("by mouth", "weigh"),
    ("16 kg", "4.8 mg a day"),
    ("what are the side effects?", "section 3"),
    ("thanks", "welcome"),
]


def _postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if found:
        return found[-1]
    if shutil.which(name):
        return shutil.which(name)
    pytest.fail(f"PostgreSQL's {name} not found: install the packages in scripts/system-packages.d/stores.txt "
                "(make system-deps)")


def _wait(check, what: str, seconds: float, process: subprocess.Popen = None, log: Path = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what} exited early:\n{log.read_text()[-3000:] if log else ''}")
        try:
            if check():
                return
        except (requests.RequestException, OSError):
            pass
        time.sleep(0.3)
    pytest.fail(f"{what} not up after {seconds} s:\n{log.read_text()[-3000:] if log else ''}")


class Postgres:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (no Unix socket), password auth. PostgreSQL refuses to run as
    root: as root, it runs as the `postgres` user (runuser) in a data directory that user owns."""

    def __init__(self, base: Path):
        self.port, self.password = free_port(), secrets.token_hex(16)
        self.dir = base
        self.data, self.log = base / "data", base / "postgres.log"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str, **kwargs) -> None:
        subprocess.run([*self.as_user, *args], check=True, timeout=120, stdout=subprocess.DEVNULL,
                       stderr=subprocess.STDOUT, **kwargs)

    def start(self) -> None:
        self.dir.mkdir(mode=0o700)
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password + "\n")
        if self.as_user:
            shutil.chown(self.dir, "postgres")
            shutil.chown(pwfile, "postgres")
        self._run(_postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--pwfile", str(pwfile),
                  "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "--no-sync", "-E", "UTF8")
        options = f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='' -c fsync=off"
        self._run(_postgres_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t",
                  "60", "start")
        self._run(_postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "baclofen",
                  env=dict(os.environ, PGPASSWORD=self.password))

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self.as_user, _postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                            "stop"], timeout=60, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


SLACK_TOKEN, SLACK_SECRET, SLACK_APP, SLACK_BOT = "xoxb-shared-" + uuid.uuid4().hex, uuid.uuid4().hex, "A0SHARED", "U0BOT"


class Cluster:
    def __init__(self, base: Path, slack: SlackWebAPIStub):
        self.base = base
        self.slack = slack
        self.postgres = Postgres(base / "pg")
        self.redis_port, self.redis_password = free_port(), secrets.token_hex(16)
        self.actions_port = free_port()
        self.rasa_ports = [free_port(), free_port()]
        self.jwt_secret = secrets.token_hex(32)
        self.rest_token = secrets.token_hex(32)
        self.processes: List[subprocess.Popen] = []
        self.env = dict(
            os.environ, RASA_TELEMETRY_ENABLED="false", SANIC_HOST="127.0.0.1",
            BACLOFEN_ACTIONS_URL=f"http://127.0.0.1:{self.actions_port}/webhook",
            BACLOFEN_ACTIONS_SECRET=secrets.token_hex(32),
            BACLOFEN_DB_HOST="127.0.0.1", BACLOFEN_DB_PORT=str(self.postgres.port), BACLOFEN_DB_NAME="baclofen",
            BACLOFEN_DB_USER="postgres", BACLOFEN_DB_PASSWORD=self.postgres.password,
            BACLOFEN_REDIS_HOST="127.0.0.1", BACLOFEN_REDIS_PORT=str(self.redis_port),
            BACLOFEN_REDIS_PASSWORD=self.redis_password, BACLOFEN_REDIS_DB="1",
            SLACK_BOT_TOKEN=SLACK_TOKEN, SLACK_SIGNING_SECRET=SLACK_SECRET, SLACK_APP_ID=SLACK_APP,
            SLACK_API_BASE_URL=slack.base_url,
            BACLOFEN_SLACK_REDIS_URL=f"redis://:{self.redis_password}@127.0.0.1:{self.redis_port}/2",
            BACLOFEN_JWT_SECRET=self.jwt_secret, BACLOFEN_REST_TOKEN=self.rest_token)
        # The stock channels plus REST and Slack, as scripts/run.sh merges them when their variables are set.
        self.credentials = base / "credentials.yml"
        self.credentials.write_text("\n".join((ROOT / name).read_text() for name in
                                              ("credentials.yml", "credentials.d/rest.yml", "credentials.d/slack.yml")))

    @property
    def urls(self) -> List[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    def _spawn(self, name: str, args: List[str]) -> Tuple[subprocess.Popen, Path]:
        log = self.base / f"{name}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.processes.append(process)
        return process, log

    def start(self) -> None:
        self.postgres.start()
        redis, redis_log = self._spawn("redis", [
            shutil.which("redis-server") or "redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port),
            "--requirepass", self.redis_password, "--save", "", "--appendonly", "no", "--dir", str(self.base)])
        actions, actions_log = self._spawn("actions", [str(BIN / "python"), "-m", "rasa_sdk",
                                                       "--actions", "actions", "--port", str(self.actions_port)])
        rasa = [self._spawn(f"rasa-{i}", [
            str(BIN / "python"), "scripts/rasa_server.py", "run", "--enable-api",  # JWT secret: environment
            "--interface", "127.0.0.1", "--port", str(port), "--model", str(MODEL),
            "--endpoints", "endpoints.production.yml", "--credentials", str(self.credentials)])
            for i, port in enumerate(self.rasa_ports)]
        _wait(lambda: requests.get(f"http://127.0.0.1:{self.actions_port}/health", timeout=2).ok,
              "action server", STARTUP_SECONDS, actions, actions_log)
        for url, (process, log) in zip(self.urls, rasa):
            _wait(lambda: requests.get(f"{url}/status", headers=self.api_headers(), timeout=2).json()
                  .get("model_file"), f"Rasa server {url}", STARTUP_SECONDS, process, log)
        assert redis.poll() is None, redis_log.read_text()

    def stop(self) -> None:
        stop_process_groups(self.processes)
        self.postgres.stop()

    def api_headers(self) -> Dict[str, str]:
        return api_headers(self.jwt_secret)

    def say(self, server: int, sender: str, message: str) -> List[str]:
        response = requests.post(f"{self.urls[server]}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, headers=bearer(self.rest_token),
                                 timeout=TIMEOUT)
        response.raise_for_status()
        return [m["text"] for m in response.json() if m.get("text")]

    def stored_turns(self, sender: str, server: int = 0) -> List[Tuple[str, List[str]]]:
        """The stored conversation as (user message, [bot texts that followed it]) in stored order."""
        response = requests.get(f"{self.urls[server]}/conversations/rest:{sender}/tracker",
                                headers=self.api_headers(), timeout=TIMEOUT)
        response.raise_for_status()
        turns: List[Tuple[str, List[str]]] = []
        for event in response.json()["events"]:
            if event["event"] == "user":
                turns.append((event.get("text"), []))
            elif event["event"] == "bot" and event.get("text"):
                assert turns, "a bot message stored before any user message"
                turns[-1][1].append(event["text"])
        return turns


@pytest.fixture(scope="module")
def cluster():
    assert MODEL.exists(), "no trained model: run `make train` (make test does it)"
    base = Path(tempfile.mkdtemp(prefix="baclofen-shared-state-"))  # not under pytest's root-only tmp dir
    os.chmod(base, 0o755)  # the postgres user must reach its data directory inside
    with SlackWebAPIStub(SLACK_TOKEN) as slack:
        cluster = Cluster(base, slack)
        try:
            cluster.start()
            yield cluster
        finally:
            cluster.stop()
            shutil.rmtree(base, ignore_errors=True)


def _same_answer(stored_texts: List[str], texts: List[str]) -> bool:
    # Rasa's output channels send each paragraph of a bot message as its own message ("\n\n" splits)
    return "\n\n".join(stored_texts) == "\n\n".join(texts)


def _assert_same_turns(stored: List[Tuple[str, List[str]]], received: List[Tuple[str, List[str]]]) -> None:
    assert [m for m, _ in stored] == [m for m, _ in received], "user turns lost, doubled or reordered"
    for (message, stored_texts), (_, texts) in zip(stored, received):
        assert _same_answer(stored_texts, texts), f"turn {message!r}: stored {stored_texts!r}, sender got {texts!r}"


def _run_script_alternating(cluster: Cluster, sender: str, first_server: int) -> List[Tuple[str, List[str]]]:
    """Sends SCRIPT, turn i to server (first_server + i) % 2; returns what the sender received per turn."""
    received = []
    for i, (message, expected) in enumerate(SCRIPT):
        texts = cluster.say((first_server + i) % 2, sender, message)
        assert any(expected in t for t in texts), (i, expected, texts)
        received.append((message, texts))
    return received


def test_one_conversation_alternating_between_two_servers_keeps_every_turn_in_order(cluster):
    sender = f"shared-{uuid.uuid4().hex}"
    received = _run_script_alternating(cluster, sender, first_server=0)
    # the dose answer needed the age (told to server 0) and the route (told to server 1): the form state was shared
    assert "4 years" in "\n".join(received[4][1])
    for server in (0, 1):  # both servers read the same stored conversation
        _assert_same_turns(cluster.stored_turns(sender, server), received)


def test_many_conversations_at_once_alternating_servers(cluster):
    senders = [f"many-{i}-{uuid.uuid4().hex}" for i in range(16)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        received = list(pool.map(lambda s: _run_script_alternating(cluster, s[1], s[0] % 2), enumerate(senders)))
    for sender, turns in zip(senders, received):
        _assert_same_turns(cluster.stored_turns(sender), turns)


def test_two_messages_of_one_conversation_at_the_same_moment_on_the_two_servers(cluster):
    """The Redis lock makes one server wait for the other: both turns stored whole, one after the other."""
    pairs = [("what is baclofen used for?", "section 1 (Uses)"), ("what are the side effects?", "section 3")]
    senders = [f"race-{i}-{uuid.uuid4().hex}" for i in range(24)]

    def race(sender: str) -> Dict[str, List[str]]:
        with ThreadPoolExecutor(max_workers=2) as both:
            futures = {message: both.submit(cluster.say, server, sender, message)
                       for server, (message, _) in enumerate(pairs)}
            return {message: future.result() for message, future in futures.items()}

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(race, senders))
    for sender, replies in zip(senders, results):
        for message, expected in pairs:
            assert any(expected in t for t in replies[message]), (message, replies[message])
        stored = cluster.stored_turns(sender)
        assert sorted(m for m, _ in stored) == sorted(m for m, _ in pairs), stored  # none lost, none doubled
        for message, texts in stored:  # each message directly followed by its own whole answer
            assert _same_answer(texts, replies[message]), (message, texts, replies[message])


def _slack_event(text: str, channel: str, **kwargs) -> dict:
    return event_envelope(text, channel, app_id=SLACK_APP, bot=SLACK_BOT, **kwargs)


def _post_to_slack_webhook(cluster: Cluster, server: int, body: dict, retry: int = 0) -> requests.Response:
    raw = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **sign(SLACK_SECRET, raw)}
    if retry:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
    return requests.post(f"{cluster.urls[server]}/webhooks/slack/webhook", data=raw, headers=headers,
                         timeout=TIMEOUT)


def test_slack_event_and_its_retry_on_different_servers_are_answered_once(cluster):
    channels = [f"C{uuid.uuid4().hex[:10].upper()}" for _ in range(6)]
    bodies = [_slack_event(f"<@{SLACK_BOT}> what is baclofen used for?", channel) for channel in channels]
    # half: the retry arrives at the other server later; half: both servers get the event at the same moment
    for i, body in enumerate(bodies[:3]):
        assert _post_to_slack_webhook(cluster, i % 2, body).status_code == 200
        assert _post_to_slack_webhook(cluster, (i + 1) % 2, body, retry=1).text == "duplicate"
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda job: _post_to_slack_webhook(cluster, job[0] % 2, job[1]),
                      [(n, body) for body in bodies[3:] for n in (0, 1)]))
    for channel in channels:
        assert cluster.slack.wait_posts(1, channel), f"no Slack reply in {channel}"
    time.sleep(2)  # a second (duplicate) reply would have come by now
    for channel in channels:
        replies = cluster.slack.posts(channel)
        assert len(replies) == 1, (channel, [r.args.get("text") for r in replies])
        assert "section 1" in json.dumps(replies[0].args)


def test_slack_thread_started_on_one_server_continues_on_the_other(cluster):
    """The form's next answer ("she is 4", no mention) reaches the other server, which must know the thread."""
    channel = f"C{uuid.uuid4().hex[:10].upper()}"
    question = _slack_event(f"<@{SLACK_BOT}> baclofen dose for my daughter", channel)
    assert _post_to_slack_webhook(cluster, 0, question).status_code == 200
    thread = question["event"]["ts"]
    assert cluster.slack.wait_posts(1, channel, thread)
    reply = _slack_event("she is 4", channel, kind="message", thread_ts=thread)
    assert _post_to_slack_webhook(cluster, 1, reply).status_code == 200
    assert len(cluster.slack.wait_posts(2, channel, thread)) == 2, "the thread reply on the other server went unanswered"
    assert "by mouth" in json.dumps(cluster.slack.posts(channel, thread)[-1].args)


def test_postgres_stopped_mid_conversation_is_said_and_logged(cluster):
    """Last in this file: it stops the shared database. Rasa's fail-safe store would carry on with an empty
    conversation in memory; the assistant must say it cannot continue safely and log the failure loudly."""
    sender = "pg-down-" + secrets.token_hex(4)
    assert "How old" in "\n".join(cluster.say(0, sender, "how much baclofen should my son take?"))
    cluster.postgres.stop()
    texts = cluster.say(1, sender, "he is 3")
    assert len(texts) == 1 and "can't continue this conversation safely" in texts[0], texts
    assert "TRACKER STORE FAILURE" in (cluster.base / "rasa-1.log").read_text()
    # the next message too: no fresh conversation is started behind the user's back
    assert "can't continue this conversation safely" in "\n".join(cluster.say(0, sender, "by mouth"))
