"""The index build as the app sees it: the status file, live and dead builders, a build that reports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kernel.config import Settings
from knowledge.build_status import BuildStatus, build_index, read_status, status_path, write_status
from tests.fakes import FakeEmbeddings


def test_status_round_trips_and_names_this_process(settings: Settings) -> None:
    assert read_status(settings) is None
    write_status(settings, "building", step="embedding chunks", done=16, total=154)
    status = read_status(settings)
    assert status is not None and status.building()
    assert status.describe() == "Building the knowledge index: 16 of 154 chunks embedded…"
    assert 0.1 < status.fraction() < 0.11


def test_a_dead_builder_is_not_building() -> None:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    status = BuildStatus(state="building", pid=int(proc.stdout))
    assert not status.alive() and not status.building()


def test_an_unreadable_status_is_none(settings: Settings) -> None:
    status_path(settings).parent.mkdir(parents=True, exist_ok=True)
    status_path(settings).write_text("{not json")
    assert read_status(settings) is None


def test_build_reports_progress_then_ready(settings: Settings) -> None:
    seen: list[tuple[str, int, int]] = []

    def progress(done: int, total: int) -> None:
        status = read_status(settings)
        assert status is not None
        seen.append((status.state, status.done, status.total))

    index = build_index(settings, FakeEmbeddings(), progress=progress)
    final = read_status(settings)
    assert final is not None and final.state == "ready" and final.done == final.total == index.count()
    assert seen and all(state == "building" for state, _, _ in seen) and seen[-1][1] == seen[-1][2]
    index.close()


def test_a_failed_build_is_recorded(settings: Settings) -> None:
    class Broken(FakeEmbeddings):
        def embed(self, texts: list[str]) -> list[list[float]]:
            raise RuntimeError("model exploded")

    with pytest.raises(RuntimeError):
        build_index(settings, Broken())
    status = read_status(settings)
    assert status is not None and status.state == "failed" and "model exploded" in status.describe()
