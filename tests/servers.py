"""Starts the real assistant the way a user does (scripts/run.sh) on free loopback ports, and stops it after."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List

import requests

from scripts.local_servers import (  # noqa: F401 (re-exported)
    api_headers, bearer, free_port, listening_pids, stop_process_groups)

ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 180


class Assistant:
    def __init__(self, rasa_port: int, actions_port: int, log: Path, jwt_secret: str = "", actions_secret: str = "",
                 rest_token: str = ""):
        self.url = f"http://127.0.0.1:{rasa_port}"
        self.actions_url = f"http://127.0.0.1:{actions_port}"
        self.widget_url = f"{self.url}/webhooks/webchat/demo/"  # the web chat demo page
        self.log = log
        self.jwt_secret = jwt_secret
        self.actions_secret = actions_secret
        self.rest_token = rest_token

    def api_headers(self, role: str = "admin", username: str = "tests") -> dict:
        return api_headers(self.jwt_secret, role, username)

    def rest_headers(self) -> dict:
        return bearer(self.rest_token)

    def tracker(self, sender: str, channel: str = "rest") -> dict:
        """The stored conversation of `sender` on `channel` (its id there is "<channel>:<sender>")."""
        response = requests.get(f"{self.url}/conversations/{channel}:{sender}/tracker", headers=self.api_headers(),
                                timeout=10)
        response.raise_for_status()
        return response.json()

    def say(self, sender: str, message: str) -> List[dict]:
        response = requests.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                                 headers=self.rest_headers(), timeout=30)
        response.raise_for_status()
        return response.json()

    def texts(self, sender: str, message: str) -> List[str]:
        return [m["text"] for m in self.say(sender, message) if "text" in m]

    @staticmethod
    def new_sender() -> str:
        return uuid.uuid4().hex


def _wait_until_up(assistant: Assistant, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"assistant exited early; log:\n{assistant.log.read_text()[-3000:]}")
        try:
            status = requests.get(f"{assistant.url}/status", headers=assistant.api_headers(), timeout=2)
            health = requests.get(f"{assistant.actions_url}/health", timeout=2)
            if status.ok and status.json().get("model_file") and health.ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"assistant not up after {STARTUP_SECONDS} s; log:\n{assistant.log.read_text()[-3000:]}")


@contextmanager
def running_assistant(workdir: Path, **extra_env: str) -> Iterator[Assistant]:
    rasa_port, actions_port = free_port(), free_port()
    log = workdir / "assistant.log"
    env = dict(os.environ, BACLOFEN_RASA_PORT=str(rasa_port), BACLOFEN_ACTIONS_PORT=str(actions_port),
               BACLOFEN_TRACKER_DB=str(workdir / "tracker.db"), BACLOFEN_JWT_SECRET=secrets.token_hex(32),
               BACLOFEN_ACTIONS_SECRET=secrets.token_hex(32), BACLOFEN_REST_TOKEN=secrets.token_hex(32))
    env.update(extra_env)
    with open(log, "wb") as out:
        process = subprocess.Popen([str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    assistant = Assistant(rasa_port, actions_port, log, env["BACLOFEN_JWT_SECRET"], env["BACLOFEN_ACTIONS_SECRET"],
                          env["BACLOFEN_REST_TOKEN"])
    try:
        _wait_until_up(assistant, process)
        yield assistant
    finally:
        stop_process_groups([process])


def stop_action_server(assistant: Assistant, timeout: float = 20) -> None:
    """Stops only the action server of a running_assistant (the process listening on its port), so a test can
    check what users get when it is down."""
    port = int(assistant.actions_url.rsplit(":", 1)[1])
    pids = listening_pids(port)
    if not pids:
        raise RuntimeError(f"no process listens on the action server port {port}")
    for pid in pids:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(f"{assistant.actions_url}/health", timeout=1)
        except requests.RequestException:
            return
        time.sleep(0.2)
    raise TimeoutError(f"action server on port {port} still answers after {timeout} s")
