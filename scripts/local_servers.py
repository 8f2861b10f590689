"""Starting and stopping the assistant's servers on loopback, shared by the tests and the benchmark: free ports,
process groups, the JWT the HTTP API requires, and which process listens on a port."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import List

import jwt


def stop_process_groups(processes: List[subprocess.Popen], timeout: float = 30) -> None:
    """SIGTERM each process's group (started with start_new_session=True), SIGKILL what outlives `timeout`."""
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def api_headers(jwt_secret: str, role: str = "admin", username: str = "tests", lifetime_seconds: int = 300) -> dict:
    """Authorization for Rasa's HTTP API: a JWT signed with the server's secret (HS256, BACLOFEN_JWT_SECRET as
    scripts/run.sh starts it), in the payload shape Rasa reads ({"user": {"username", "role"}}), expiring soon as
    the server requires (server_runtime/api_tokens.py)."""
    payload = {"user": {"username": username, "role": role}, "exp": int(time.time()) + lifetime_seconds}
    return {"Authorization": f"Bearer {jwt.encode(payload, jwt_secret, algorithm='HS256')}"}


def bearer(token: str) -> dict:
    """Authorization for the REST channel (channels/rest.py): its token."""
    return {"Authorization": f"Bearer {token}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_pids(port: int) -> List[int]:
    """PIDs of the processes listening on a loopback TCP port (from /proc: Linux only)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[1].rsplit(":", 1)[1] == f"{port:04X}" and fields[3] == "0A":  # 0A: LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in inodes for fd in (entry / "fd").iterdir()):
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids
