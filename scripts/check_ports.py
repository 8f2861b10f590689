"""Refuses to go on when a port the assistant needs is already taken, saying which port and what holds it.

    python scripts/check_ports.py "action server|127.0.0.1|5055|BACLOFEN_ACTIONS_PORT" "Rasa server|..."
    python scripts/check_ports.py --listening PID "action server|127.0.0.1|5055|BACLOFEN_ACTIONS_PORT"

The first form: exit 0 when every port can be listened on; otherwise one line per taken port on stderr and exit 1.
scripts/run.sh runs it before starting anything: a program already on the action server's port would otherwise
receive the shared secret and every conversation from the Rasa server. The second form waits until process PID
listens on the port (exit 0), or says that it stopped first and what holds the port (exit 1): a program that took
the port between the check and the start is caught too.
"""
from __future__ import annotations

import errno
import socket
import sys
import time
from pathlib import Path
from typing import List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.local_servers import listening_pids  # noqa: E402

LISTEN_TIMEOUT_SECONDS = 120


def taken(host: str, port: int) -> Optional[str]:
    """None when (host, port) can be listened on, else the reason (as the servers would meet it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Sanic does: TIME_WAIT is no obstacle
        try:
            probe.bind((host, port))
        except OSError as error:
            return "already in use" if error.errno == errno.EADDRINUSE else (error.strerror or str(error))
    return None


def holders(port: int) -> str:
    """What listens on `port`: process names and ids, or that they are not visible to this user."""
    found = []
    for pid in listening_pids(port):
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            name = "?"
        found.append(f"pid {pid} ({name})")
    return ", ".join(found) if found else "a process this user cannot see (another user's, or another container's)"


def parse(spec: str) -> Tuple[str, str, int, str]:
    """'label|host|port|VARIABLE' (the variable that sets this port)."""
    label, host, port, variable = spec.split("|")
    return label, host, int(port), variable


def main(specs: List[str]) -> int:
    problems = []
    for label, host, port, variable in map(parse, specs):
        reason = taken(host, port)
        if reason == "already in use":
            reason = f"already in use by {holders(port)}"
        if reason:
            problems.append(f"Not starting: port {port} on {host} (the {label}) is {reason}. Stop that program, "
                            f"or set {variable} to a free port." if reason.startswith("already") else
                            f"Not starting: cannot listen on {host}:{port} (the {label}): {reason}. Set {variable}.")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def wait_until_listening(pid: int, spec: str, timeout: float = LISTEN_TIMEOUT_SECONDS) -> int:
    label, host, port, variable = parse(spec)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid in listening_pids(port):
            return 0
        if not Path(f"/proc/{pid}").exists() or Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] == "Z":
            held = f"; port {port} is held by {holders(port)}" if listening_pids(port) else ""
            print(f"Not starting: the {label} stopped before listening on {host}:{port}{held}. Stop that program, "
                  f"or set {variable} to a free port.", file=sys.stderr)
            return 1
        time.sleep(0.2)
    print(f"Not starting: the {label} did not listen on {host}:{port} within {timeout:.0f} s.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--listening"]:
        sys.exit(wait_until_listening(int(sys.argv[2]), sys.argv[3]))
    sys.exit(main(sys.argv[1:]))
