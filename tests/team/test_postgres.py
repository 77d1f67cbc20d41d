"""Team deployment against a real PostgreSQL: checkpoints and history in the database, accounts kept apart,
one writer per interview across processes, nothing lost when a replica is killed, doctor and migrate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.clock import WordClock
from agent.session import AccessDenied, InterviewLocked, InterviewSession, delete_session, list_sessions
from agent.store import OPEN_ELSEWHERE, load_record, load_scorecard_json
from kernel.config import get_settings
from tests.team.services import AppProcess

pytestmark = pytest.mark.integration

QUESTIONS = ["How many URLs are shortened per day?", "What is the read to write ratio?",
             "Do links expire?", "I'd estimate about 1,200 writes per second at peak."]


def start(owner: str | None = None, **kw: object) -> InterviewSession:
    return InterviewSession.start(get_settings(), problem_id="url-shortener", clock=WordClock(), retrieval=False,
                                  owner=owner, **kw)  # type: ignore[arg-type]


def resume(thread: str, owner: str | None = None, **kw: object) -> InterviewSession:
    return InterviewSession.resume(get_settings(), thread, clock=WordClock(), owner=owner, **kw)  # type: ignore[arg-type]


def candidate(session: InterviewSession) -> list[str]:
    return [t.content for _, t in session.transcript().candidate_turns()]


def test_checkpoints_and_history_live_in_the_database_not_the_data_directory(
        database_url: str, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = start()
    first.send(QUESTIONS[0])
    thread = first.thread_id
    first.close()
    assert not (isolated_env / "checkpoints.sqlite").exists()
    assert not list((isolated_env / "sessions").glob("*.json")) if (isolated_env / "sessions").exists() else True
    monkeypatch.setenv("BABYSTEPS_HOME", str(tmp_path / "another-host"))  # another machine: no shared files
    again = resume(thread)
    assert candidate(again) == [QUESTIONS[0]]
    again.send(QUESTIONS[1])
    assert [r.thread_id for r in list_sessions(get_settings())] == [thread]
    assert load_record(get_settings(), thread).candidate_turns == 2  # type: ignore[union-attr]
    again.close()
    delete_session(get_settings(), thread)
    with pytest.raises(KeyError):
        resume(thread)


def test_an_account_sees_and_opens_only_its_own_interviews(database_url: str) -> None:
    alice = start(owner="alice")
    alice.send(QUESTIONS[0])
    bob = start(owner="bob")
    settings = get_settings()
    assert [r.thread_id for r in list_sessions(settings, owner="alice")] == [alice.thread_id]
    assert [r.thread_id for r in list_sessions(settings, owner="bob")] == [bob.thread_id]
    with pytest.raises(AccessDenied, match="for this account"):
        resume(alice.thread_id, owner="bob")  # a copied URL
    with pytest.raises(AccessDenied):
        delete_session(settings, alice.thread_id, owner="bob")
    with pytest.raises(AccessDenied):
        resume("url-shortener-doesnotexist", owner="bob")  # unknown and foreign look the same
    alice.close()
    mine = resume(alice.thread_id, owner="alice")
    assert candidate(mine) == [QUESTIONS[0]]
    mine.close()
    bob.close()


def test_one_writer_per_interview_across_connections(database_url: str) -> None:
    first = start()
    thread = first.thread_id
    first.close()
    holder = resume(thread, hold=True)
    second = resume(thread)
    assert second.read_only and OPEN_ELSEWHERE in second.view().notices
    with pytest.raises(InterviewLocked):
        second.send(QUESTIONS[0])
    holder.send(QUESTIONS[0])
    holder.close()
    third = resume(thread, hold=True)  # the lock went with the holder
    assert not third.read_only and candidate(third) == [QUESTIONS[0]]
    third.close()
    second.close()


def test_two_tabs_that_interleave_lose_no_acknowledged_turn(database_url: str) -> None:
    first = start()
    thread = first.thread_id
    tab_a, tab_b = resume(thread), resume(thread)
    first.close()
    tab_a.send(QUESTIONS[0])
    with pytest.raises(InterviewLocked, match="continued elsewhere"):
        tab_b.send(QUESTIONS[1])  # refused, never lost silently
    tab_b.close()
    tab_b = resume(thread)
    tab_b.send(QUESTIONS[1])
    assert candidate(resume(thread)) == QUESTIONS[:2]
    tab_a.close()
    tab_b.close()


def test_two_app_processes_two_users_interleaved_and_a_killed_replica_loses_nothing(
        database_url: str, tmp_path: Path) -> None:
    one = AppProcess(tmp_path / "app-1", database_url)
    two = AppProcess(tmp_path / "app-2", database_url)
    try:
        alice = str(one.ask(op="start", owner="alice")["thread"])
        bob = str(two.ask(op="start", owner="bob")["thread"])
        for question in QUESTIONS[:2]:  # interleaved: alice on the first process, bob on the second
            assert "reply" in one.ask(op="send", owner="alice", thread=alice, text=question)
            assert "reply" in two.ask(op="send", owner="bob", thread=bob, text=f"bob: {question}")
        # each continues on the other process (a new tab there), with every turn so far
        assert two.ask(op="turns", owner="alice", thread=alice)["candidate"] == QUESTIONS[:2]
        assert "reply" in two.ask(op="send", owner="alice", thread=alice, text=QUESTIONS[2])
        assert "reply" in one.ask(op="send", owner="bob", thread=bob, text=f"bob: {QUESTIONS[2]}")
        # alice's old tab on the first process is refused once (continued elsewhere), then reopens with the news
        stale = one.ask(op="send", owner="alice", thread=alice, text="from the old tab")
        assert stale["error"] == "InterviewLocked" and "continued elsewhere" in str(stale["message"])
        assert one.ask(op="turns", owner="alice", thread=alice)["candidate"] == QUESTIONS[:3]
        refused = one.ask(op="turns", owner="bob", thread=alice)
        assert refused["error"] == "AccessDenied"
        assert one.ask(op="list", owner="alice")["threads"] == [alice]
        assert two.ask(op="list", owner="bob")["threads"] == [bob]
        assert two.ask(op="hold", owner="alice", thread=alice)["held"] is True
        blocked = one.ask(op="send", owner="alice", thread=alice, text="written while the other holds it")
        assert blocked["error"] == "InterviewLocked"
        two.kill()  # the replica holding alice's interview dies mid-interview
        after = one.ask(op="turns", owner="alice", thread=alice)
        assert after["candidate"] == QUESTIONS[:3]  # every acknowledged turn is there
        assert "reply" in one.ask(op="send", owner="alice", thread=alice, text=QUESTIONS[3])  # and the lock is gone
        assert one.ask(op="turns", owner="bob", thread=bob)["candidate"] == [f"bob: {q}" for q in QUESTIONS[:3]]
    finally:
        one.stop()
        two.stop()


def test_two_processes_set_up_a_fresh_database_at_once(database_url: str, tmp_path: Path) -> None:
    """The first start creates the schema; two replicas starting together must not deadlock on it."""
    apps = [AppProcess(tmp_path / f"app-{n}", database_url) for n in (1, 2)]
    try:
        for n, app in enumerate(apps):
            app.tell(op="start", owner=f"user-{n}")
        answers = [app.answer() for app in apps]
        assert all("thread" in a for a in answers), answers
    finally:
        for app in apps:
            app.stop()


def test_the_scorecard_is_stored_with_the_record(database_url: str) -> None:
    session = start(owner="alice")
    session.send("I'd estimate 100 million new URLs a day, so about 1,200 writes per second.")
    card = session.end(grade=True)
    assert card is not None
    stored = load_scorecard_json(get_settings(), session.thread_id)
    assert stored is not None and stored["overall"] == pytest.approx(card.overall)
    record = load_record(get_settings(), session.thread_id)
    assert record is not None and record.finished and record.owner == "alice" and record.overall is not None
    session.close()


def test_doctor_checks_the_database(database_url: str, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.cli import main

    start().close()
    assert main(["doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["database"]["status"] == "ok" and report["database"]["schema"] == "ok"
    monkeypatch.setenv("BABYSTEPS_DATABASE_URL", "postgresql://nobody:hunter2-secret@127.0.0.1:1/none")
    assert main(["doctor", "--json"]) == 1
    out = capsys.readouterr().out
    assert json.loads(out)["database"]["status"].startswith("PROBLEM")
    assert "hunter2-secret" not in out


def test_an_unreachable_database_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.store import StateError

    monkeypatch.setenv("BABYSTEPS_DATABASE_URL", "postgresql://app:hunter2-secret@127.0.0.1:1/none")
    with pytest.raises(StateError, match="cannot use the database") as err:
        start()
    assert "hunter2-secret" not in str(err.value)
