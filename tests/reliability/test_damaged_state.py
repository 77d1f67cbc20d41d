"""Damaged or unwritable state: real SQLite files damaged on disk, files in the way, an empty home."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.session import InterviewSession
from agent.store import StateError, check_data_dir, prepare_checkpoints
from kernel.config import SettingsError, get_settings
from ui.cli import main


def start(settings):  # type: ignore[no-untyped-def]
    return InterviewSession.start(settings, problem_id="url-shortener", retrieval=False)


def damage(path: Path, how: str) -> None:
    if how == "garbage":
        path.write_bytes(b"this is not a database at all" * 100)
    else:  # overwrite the pages after the header: "database disk image is malformed"
        data = bytearray(path.read_bytes())
        for i in range(100, len(data)):
            data[i] = 0xA5
        path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["garbage", "malformed"])
def test_a_damaged_checkpoint_is_moved_aside_and_said(settings, how: str, capsys) -> None:  # type: ignore[no-untyped-def]
    first = start(settings)
    first.send("How many URLs a day?")
    thread = first.thread_id
    first.close()
    for side in ("-wal", "-shm"):
        Path(str(settings.checkpoint_path) + side).unlink(missing_ok=True)
    damage(settings.checkpoint_path, how)

    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM" in out and str(settings.checkpoint_path) in out

    with pytest.raises(KeyError, match="cannot be recovered"):
        InterviewSession.resume(settings, thread)
    aside = list(settings.data_dir.glob("checkpoints.damaged-*.sqlite"))
    assert len(aside) == 1 and not settings.checkpoint_path.exists() or aside

    fresh = start(settings)  # a new interview works on a new database
    assert fresh.send("Hello?")
    fresh.close()
    assert main(["doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "moved aside" in report["state"]["moved_aside"]


def test_the_move_aside_notice_reaches_the_interview(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ensure_dirs()
    settings.checkpoint_path.write_bytes(b"\x00garbage" * 64)
    session = start(settings)
    assert any("was damaged" in n and "moved to" in n for n in session.view().notices)
    session.close()


def test_home_that_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("BABYSTEPS_HOME", str(blocker / "home"))
    with pytest.raises(StateError, match="is a file"):
        check_data_dir(get_settings())
    assert main(["interview", "--replay", str(Path(__file__).parents[1] / "llm/data/short_interview.md")]) == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert last.startswith("error:") and "is a file" in last and str(blocker) in last and "Traceback" not in err
    assert main(["doctor"]) == 1


def test_checkpoint_path_that_is_a_directory(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ensure_dirs()
    settings.checkpoint_path.mkdir()
    notice = prepare_checkpoints(settings)
    assert notice and str(settings.checkpoint_path) in notice and "not a file" in notice
    assert not settings.checkpoint_path.exists()


def test_empty_home_is_an_error(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BABYSTEPS_HOME", "")
    with pytest.raises(SettingsError, match="BABYSTEPS_HOME"):
        get_settings()
    for argv in (["doctor"], ["grade", "missing.md"], ["interview"]):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2 and ("BABYSTEPS_HOME" in err or "missing.md" in err) and "Traceback" not in err


def test_an_unwritable_checkpoint_refuses_the_answer_and_keeps_it(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A write that SQLite refuses (read-only database) is a refused message: nothing lost, no traceback."""
    import sqlite3

    from agent.session import MessageError

    session = start(settings)
    before = session.transcript()

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(session, "_run", refuse)
    with pytest.raises(MessageError, match="cannot save to the checkpoint database"):
        session.send("My answer")
    assert session.transcript() == before
    session.close()
