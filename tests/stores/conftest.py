"""A real Redis on loopback for the store tests (redis-server from scripts/system-packages.d/stores.txt)."""
from __future__ import annotations

import secrets
import shutil
import subprocess
import time

import pytest
import redis

from tests.servers import free_port


@pytest.fixture()
def redis_url(tmp_path):
    port, password = free_port(), secrets.token_hex(16)
    server = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--bind", "127.0.0.1", "--port",
                               str(port), "--requirepass", password, "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://:{password}@127.0.0.1:{port}/3"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert server.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    try:
        yield url, server, client
    finally:
        server.terminate()
        server.wait(timeout=10)
