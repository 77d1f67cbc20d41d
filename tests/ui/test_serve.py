"""``babysteps ui`` stops the Streamlit server it started when it is itself stopped (SIGTERM or SIGINT)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.browser_support import ROOT, offline_env
from ui.serve import free_port, wait_until_healthy

pytestmark = pytest.mark.integration


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[-1].startswith("Z"))  # a zombie is gone


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_command_stops_its_server(tmp_path: Path, signum: int) -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "ui", "--port", str(port), "--no-index"], cwd=ROOT,
                            env=offline_env(tmp_path / "home"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        wait_until_healthy(port, 90, proc)
        servers = children(proc.pid)
        assert servers, "the command should run the server as its child"
        os.kill(proc.pid, signum)  # the command only, as `kill` or a service manager would
        proc.wait(timeout=60)
        assert [pid for pid in servers if alive(pid)] == []
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for pid in children(proc.pid):
            os.kill(pid, signal.SIGKILL)


def test_a_reachable_address_without_sign_in_is_refused(tmp_path: Path) -> None:
    env = offline_env(tmp_path / "home")
    proc = subprocess.run([sys.executable, "-m", "ui.cli", "ui", "--address", "0.0.0.0", "--port", str(free_port()),
                           "--no-index"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "refusing to serve on 0.0.0.0 without sign-in" in lines[0]
