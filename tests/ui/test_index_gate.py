"""The interview page on a data directory without an index: progress is shown, Start waits, then works."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kernel.config import get_settings
from knowledge.build_status import read_status, write_status

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


@pytest.fixture
def fresh_home(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BABYSTEPS_UI_EMBEDDER", "tests.fakes:FakeEmbeddings")
    return isolated_env


def _start_button(app: AppTest) -> object:
    return next(b for b in app.button if b.key == "start")


def test_start_waits_for_the_index_and_says_so(fresh_home: Path) -> None:
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception
    assert _start_button(app).disabled  # type: ignore[attr-defined]
    assert any("knowledge index" in p.text.lower() for p in app.get("progress")) or any(
        "knowledge index" in c.value for c in app.caption)
    settings = get_settings()
    deadline = time.monotonic() + 60
    while (status := read_status(settings)) is None or status.state != "ready":
        assert time.monotonic() < deadline, status
        time.sleep(0.2)
    app.run()
    assert not _start_button(app).disabled  # type: ignore[attr-defined]


def test_a_build_in_another_live_process_is_waited_for(fresh_home: Path) -> None:
    write_status(get_settings(), "building", step="embedding chunks", done=32, total=154)  # this process: alive
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert _start_button(app).disabled  # type: ignore[attr-defined]
    assert not (get_settings().index_dir / "chroma.sqlite3").is_file()  # the app did not start a build of its own
    progress = app.get("progress")
    assert progress and "32 of 154" in progress[0].proto.text
