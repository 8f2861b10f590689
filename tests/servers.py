"""Starts the real assistant the way a user does (scripts/run.sh) on free loopback ports, and stops it after."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List

import requests

ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Assistant:
    def __init__(self, rasa_port: int, actions_port: int, log: Path):
        self.url = f"http://127.0.0.1:{rasa_port}"
        self.actions_url = f"http://127.0.0.1:{actions_port}"
        self.log = log

    def say(self, sender: str, message: str) -> List[dict]:
        response = requests.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                                 timeout=30)
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
            status = requests.get(f"{assistant.url}/status", timeout=2)
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
               BACLOFEN_TRACKER_DB=str(workdir / "tracker.db"), **extra_env)
    with open(log, "wb") as out:
        process = subprocess.Popen([str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    assistant = Assistant(rasa_port, actions_port, log)
    try:
        _wait_until_up(assistant, process)
        yield assistant
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
