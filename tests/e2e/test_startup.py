"""scripts/run.sh started on a port another program already holds: it refuses to start, saying which port and what
holds it, and starts nothing (stock, Rasa started anyway and sent the shared secret and the conversations to
whatever held the action server's port)."""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.servers import ROOT, free_port, listening_pids

pytestmark = pytest.mark.e2e

HOLDER = "import socket, sys, time; s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(); " \
         "print('ready', flush=True); time.sleep(120)"


def start_holder(port: int) -> subprocess.Popen:
    """Another program listening on `port`."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(port)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ready"
    return holder


def run_assistant(tmp_path: Path, rasa_port: int, actions_port: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, BACLOFEN_RASA_PORT=str(rasa_port), BACLOFEN_ACTIONS_PORT=str(actions_port),
               BACLOFEN_TRACKER_DB=str(tmp_path / "tracker.db"), BACLOFEN_REST_TOKEN=secrets.token_hex(32))
    return subprocess.run([str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, start_new_session=True)


@pytest.mark.parametrize("taken", ["action server", "Rasa server"])
def test_a_taken_port_stops_the_start_and_says_what_holds_it(tmp_path, taken):
    rasa_port, actions_port = free_port(), free_port()
    port = actions_port if taken == "action server" else rasa_port
    other = rasa_port if taken == "action server" else actions_port
    variable = "BACLOFEN_ACTIONS_PORT" if taken == "action server" else "BACLOFEN_RASA_PORT"
    holder = start_holder(port)
    try:
        started = time.monotonic()
        done = run_assistant(tmp_path, rasa_port, actions_port)
        elapsed = time.monotonic() - started
        assert done.returncode == 1, done.stdout + done.stderr
        assert f"port {port} on 127.0.0.1 (the {taken}) is already in use by pid {holder.pid} (python" in done.stderr
        assert variable in done.stderr and "Traceback" not in done.stderr
        assert elapsed < 20, elapsed  # refused at once, nothing loaded
        assert listening_pids(other) == [] and listening_pids(port) == [holder.pid]  # nothing of ours started
        assert "Rasa server is up" not in done.stdout + done.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_server_that_stops_before_listening_is_reported(tmp_path):
    """The check after the start (scripts/check_ports.py --listening): the action server process gone before it
    listened (a program took the port in between) is reported with what holds the port."""
    port = free_port()
    holder = start_holder(port)
    gone = subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
    try:
        gone.wait()
        done = subprocess.run([sys.executable, "scripts/check_ports.py", "--listening", str(gone.pid),
                               f"action server|127.0.0.1|{port}|BACLOFEN_ACTIONS_PORT"],
                              cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert done.returncode == 1
        assert f"the action server stopped before listening on 127.0.0.1:{port}" in done.stderr
        assert f"held by pid {holder.pid}" in done.stderr
    finally:
        holder.kill()
        holder.wait()


def test_free_ports_pass_the_check():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = subprocess.run([sys.executable, "scripts/check_ports.py", f"Rasa server|127.0.0.1|{port}|X"], cwd=ROOT,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and done.stderr == ""
