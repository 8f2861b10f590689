"""widget/serve.py started the way scripts/run.sh starts it, on a port another program already holds: it must say
why it did not start and how to fix it, not die with a traceback."""
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_port_in_use_is_said_plainly():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "widget/serve.py"], cwd=ROOT, capture_output=True, text=True,
                              timeout=30, env=dict(os.environ, BACLOFEN_WIDGET_PORT=str(port)))
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "BACLOFEN_WIDGET_PORT" in done.stderr
    assert "Traceback" not in done.stderr
