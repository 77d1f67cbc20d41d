"""One writer per interview, every acknowledged turn checkpointed, resume honours the chosen LLM mode."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from agent.clock import WordClock
from agent.session import InterviewLocked, InterviewSession, MessageError
from agent.store import OPEN_ELSEWHERE, SessionRecord, load_record, save_record
from kernel.config import Settings, get_settings
from tests.fakes import FakeChatModel
from tests.llm.scripted_server import ScriptedServer, Step, chunk

ROOT = Path(__file__).resolve().parents[2]


def start(settings: Settings, **kw: object) -> InterviewSession:
    kw.setdefault("clock", WordClock())
    kw.setdefault("retrieval", False)
    return InterviewSession.start(settings, problem_id="url-shortener", **kw)  # type: ignore[arg-type]


def resume(settings: Settings, thread: str, **kw: object) -> InterviewSession:
    kw.setdefault("clock", WordClock())
    return InterviewSession.resume(settings, thread, **kw)  # type: ignore[arg-type]


def candidate_turns(session: InterviewSession) -> list[str]:
    return [t.content for _, t in session.transcript().candidate_turns()]


def test_a_second_opener_of_a_held_interview_is_read_only(settings: Settings) -> None:
    first = start(settings)
    thread = first.thread_id
    first.close()
    holder = resume(settings, thread, hold=True)
    second = resume(settings, thread)
    assert second.read_only and OPEN_ELSEWHERE in second.view().notices
    with pytest.raises(InterviewLocked, match="open elsewhere"):
        second.send("How many URLs a day?")
    holder.send("How many URLs a day?")
    assert candidate_turns(holder) == ["How many URLs a day?"]
    holder.close()
    second.close()
    third = resume(settings, thread, hold=True)  # the lock went with the holder
    assert not third.read_only
    third.close()


def test_two_tabs_interleaving_lose_no_acknowledged_turn(settings: Settings) -> None:
    """Two sessions on one thread (two tabs): the first to write wins; the other is refused, not lost."""
    first = start(settings)
    thread = first.thread_id
    first.close()
    a, b = resume(settings, thread), resume(settings, thread)
    acknowledged: list[str] = []
    refused: list[str] = []
    for i in range(3):
        for name, session in (("a", a), ("b", b)):
            text = f"answer {i} from tab {name}"
            try:
                session.send(text)
                acknowledged.append(text)
            except MessageError:
                refused.append(text)
    assert acknowledged and refused and b.read_only
    a.close()
    b.close()
    reopened = resume(settings, thread)
    assert candidate_turns(reopened) == acknowledged
    reopened.close()


def test_concurrent_writers_in_threads_keep_every_acknowledged_turn(settings: Settings) -> None:
    first = start(settings)
    thread = first.thread_id
    first.close()
    sessions = [resume(settings, thread) for _ in range(4)]
    acknowledged: list[str] = []
    guard = threading.Lock()

    def talk(n: int, session: InterviewSession) -> None:
        for i in range(3):
            text = f"writer {n} says {i}"
            try:
                session.send(text)
            except MessageError:
                continue
            with guard:
                acknowledged.append(text)

    workers = [threading.Thread(target=talk, args=(n, s)) for n, s in enumerate(sessions)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    for s in sessions:
        s.close()
    reopened = resume(settings, thread)
    assert sorted(candidate_turns(reopened)) == sorted(acknowledged) and acknowledged
    reopened.close()


_WRITER = textwrap.dedent("""
    import sys
    from agent.clock import WordClock
    from agent.session import InterviewSession, MessageError
    from kernel.config import get_settings
    session = InterviewSession.resume(get_settings(), sys.argv[1], clock=WordClock())
    for i in range(3):
        text = f"process {sys.argv[2]} answer {i}"
        try:
            session.send(text)
            print("ACK", text, flush=True)
        except MessageError as exc:
            print("REFUSED", exc, flush=True)
    session.close()
""")


def test_a_lock_taken_between_looking_and_writing_opens_read_only(settings: Settings,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.store import ThreadLock

    first = start(settings)
    thread = first.thread_id
    first.close()
    monkeypatch.setattr(ThreadLock, "free_elsewhere", lambda self: True)  # it looked free...
    monkeypatch.setattr(ThreadLock, "acquire", lambda self: False)  # ...and another process took it just then
    late = resume(settings, thread)
    assert late.read_only
    with pytest.raises(InterviewLocked):
        late.send("an answer")
    late.close()


def test_two_processes_on_one_interview(settings: Settings, isolated_env: Path) -> None:
    first = start(settings)
    thread = first.thread_id
    first.close()
    env = {**os.environ, "BABYSTEPS_HOME": str(isolated_env), "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, thread, str(n)], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err[-2000:]
        assert "Traceback" not in err
    acknowledged = [line[4:] for out, _ in outputs for line in out.splitlines() if line.startswith("ACK ")]
    reopened = resume(settings, thread)
    assert sorted(candidate_turns(reopened)) == sorted(acknowledged) and acknowledged
    assert list(settings.sessions_dir.glob("*.tmp")) == []
    reopened.close()


def test_record_writes_use_no_shared_temp_name(settings: Settings) -> None:
    record = SessionRecord(thread_id="t-1", problem_id="url-shortener", company="google", level="senior",
                           format_minutes=45, started_at="x", updated_at="x")
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(50):
                save_record(settings, record)
        except BaseException as exc:  # noqa: BLE001 - any failure fails the test
            errors.append(exc)

    workers = [threading.Thread(target=write) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors and load_record(settings, "t-1") == record
    assert not [p for p in settings.sessions_dir.iterdir() if p.name.endswith(".tmp")]


# --- resume honours the chosen LLM mode ------------------------------------------------------------


def test_resume_with_offline_setting_sends_nothing_to_the_endpoint(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeChatModel().enqueue("How many URLs a day, roughly?")
    first = start(settings, llm="openai", chat_model=fake)
    thread = first.thread_id
    first.send("Hello, shall I start with requirements?")
    calls = len(fake.history)
    first.close()
    monkeypatch.setenv("BABYSTEPS_LLM", "offline")
    again = resume(get_settings(), thread, chat_model=fake)
    again.send("What is the read to write ratio?")
    assert len(fake.history) == calls and again.view().llm_status == "offline"
    again.close()


def test_resume_with_llm_flag_switches_to_the_endpoint(settings: Settings) -> None:
    first = start(settings)
    thread = first.thread_id
    first.close()
    fake = FakeChatModel().enqueue("About a hundred million a day.")
    again = resume(settings, thread, llm="openai", chat_model=fake)
    again.send("How many URLs a day?")
    assert len(fake.history) == 1 and again.view().llm_status.startswith("openai")
    again.close()
    offline = resume(settings, thread, llm="offline", chat_model=fake)
    offline.send("What about reads?")
    assert len(fake.history) == 1
    assert len(candidate_turns(offline)) == 2
    offline.close()


def test_an_interview_continues_offline_when_the_stream_breaks(settings: Settings, fake_server: ScriptedServer) -> None:
    from kernel.llm.openai_chat import OpenAIChatModel

    fake_server.script(Step(events=[chunk("Why"), {"error": {"message": "boom"}}]),
                       Step(events=[chunk("Why"), "data: {oops\n\n"]))
    chat = OpenAIChatModel(get_settings(llm="openai", openai_base_url=fake_server.base_url, model="m", timeout=2.0))
    session = start(settings, llm="openai", chat_model=chat)
    reply = session.send("How many URLs a day?")
    assert reply and session.view().llm_status == "offline"
    assert any("continuing offline" in n for n in session.view().notices)
    thread = session.thread_id
    session.close()
    again = resume(settings, thread, chat_model=chat)  # resume while the endpoint still misbehaves
    assert again.send("And reads?")
    assert len(candidate_turns(again)) == 2
    again.close()
