"""Conversations are readable by the service's user only: after `make run` (scripts/run.sh) the state folder is 0700
and every file in it 0600, also when an earlier run left them readable to others; `make report` writes its page
0600. (Issue 23: var/ was 0755 and var/tracker.db 0644, health data readable by every account on the machine.)"""
from __future__ import annotations

import os
import stat
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.servers import ROOT, running_assistant

pytestmark = pytest.mark.e2e


def _modes(folder: Path):
    return {str(path.relative_to(folder)): stat.S_IMODE(path.stat().st_mode) for path in folder.rglob("*")}


@pytest.fixture(scope="module")
def after_run(tmp_path_factory):
    """The state folder as `make run` leaves it, after a conversation: (folder, its mode, its files' modes)."""
    state = tmp_path_factory.mktemp("modes") / "var"
    state.mkdir(mode=0o755)
    os.chmod(state, 0o755)
    left = state / "left-by-an-older-run.txt"
    left.write_text("old")
    os.chmod(left, 0o644)
    with running_assistant(state) as assistant:
        assert assistant.texts(uuid.uuid4().hex, "what is baclofen used for?")
        folder_mode = stat.S_IMODE(state.stat().st_mode)
        modes = _modes(state)
    return state, folder_mode, modes


def test_the_state_folder_and_every_file_in_it_are_the_service_users_alone(after_run):
    _, folder_mode, modes = after_run
    assert folder_mode == 0o700, oct(folder_mode)
    assert "tracker.db" in modes and "credentials.yml" in modes, modes
    readable = {name: oct(mode) for name, mode in modes.items() if mode & 0o077}
    assert not readable, readable
    assert modes["tracker.db"] == 0o600


def _make_report(out: Path, database: Path) -> None:
    made = subprocess.run(["make", "--no-print-directory", "report", f"OUT={out}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env=dict(os.environ, BACLOFEN_TRACKER_DB=str(database)))
    assert made.returncode == 0, made.stdout + made.stderr


def test_make_report_writes_a_page_only_its_user_can_read(after_run, tmp_path):
    state, _, _ = after_run
    out = tmp_path / "reports" / "report.html"
    _make_report(out, state / "tracker.db")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o700
    os.chmod(out, 0o644)  # a page an earlier version wrote readable to all: written again, it is private
    _make_report(out, state / "tracker.db")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
