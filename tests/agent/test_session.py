"""The session API on the real SQLite checkpointer: start, send, view, end, records, errors, resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from agent.clock import WordClock
from agent.session import InterviewSession, MessageError, delete_session, list_sessions
from kernel.config import get_settings
from knowledge.content import UnknownIdError
from tests.agent.conftest import RecordingIndex
from tests.fakes import FakeChatModel

ROOT = Path(__file__).resolve().parents[2]


def new_session(settings, **kw):
    kw.setdefault("clock", WordClock())
    return InterviewSession.start(settings, problem_id="url-shortener", **kw)


def test_start_send_view(settings):
    s = new_session(settings)
    assert s.transcript().turns[0].role == "interviewer"
    assert "URL shortener" in s.transcript().turns[0].content
    reply = s.send("How many URLs are shortened per day?")
    assert "100 million" in reply
    view = s.view()
    assert view.problem_id == "url-shortener" and view.phase == "requirements" and view.phase_index == 0
    assert view.llm_status == "offline" and not view.finished and view.minute > 0
    assert sum(view.phase_budget.values()) == 45
    assert set(view.whiteboard) == {"requirements", "figures", "components", "pushbacks"}
    assert any("100 million" in r for r in view.whiteboard["requirements"])
    t = s.transcript()
    assert (t.problem, t.company, t.level) == ("url-shortener", "google", "senior")
    assert all(turn.phase and turn.minute is not None for turn in t.turns)
    s.close()


def test_bad_messages_change_nothing(settings):
    s = new_session(settings)
    before = s.transcript()
    for bad in ("", "   \n", "x" * 20_001):
        with pytest.raises(MessageError):
            s.send(bad)
    assert s.transcript() == before
    s.send("x " * 5000)  # long but allowed
    assert len(s.transcript().turns) == 3


def test_unknown_problem_company_level(settings):
    with pytest.raises(UnknownIdError, match="url-shortener"):
        InterviewSession.start(settings, problem_id="nope")
    with pytest.raises(ValueError, match="amazon"):
        new_session(settings, company="acme")
    with pytest.raises(ValueError, match="format"):
        new_session(settings, format_minutes=50)


def test_end_grades_and_records(settings, fake_embeddings):
    s = new_session(settings, company="amazon", level="mid", embedder=fake_embeddings)
    s.send("How many URLs per day, and what's the read to write ratio?")
    s.send("100M a day is about 1,160 writes per second, and reads are about 116K per second.")
    scorecard = s.end()
    assert scorecard is not None and 1 <= scorecard.overall <= 4
    assert s.view().finished and s.transcript().turns[-1].phase == "wrap_up"
    with pytest.raises(MessageError):
        s.send("one more thing")
    records = list_sessions(settings)
    assert [r.thread_id for r in records] == [s.thread_id]
    rec = records[0]
    assert rec.finished and rec.candidate_turns == 2 and rec.company == "amazon"
    assert rec.overall == scorecard.overall and rec.verdict == scorecard.verdict and rec.scores
    assert json.loads((settings.sessions_dir / f"{s.thread_id}.scorecard.json").read_text())["overall"] == rec.overall
    delete_session(settings, s.thread_id)
    assert list_sessions(settings) == []
    with pytest.raises(KeyError):
        InterviewSession.resume(settings, s.thread_id)


def test_api_key_never_stored(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-key-1234567890")
    settings = get_settings()
    llm = FakeChatModel().enqueue("100 million a day.")
    s = new_session(settings, chat_model=llm, index=RecordingIndex())
    assert s.view().llm_status.startswith("openai: ")
    s.send("How many URLs per day?")
    s.close()
    for path in settings.data_dir.rglob("*"):
        if path.is_file():
            assert b"sk-secret-key-1234567890" not in path.read_bytes(), path


def test_coach_hint_after_each_interviewer_turn(settings):
    s = new_session(settings, coach=True, index=RecordingIndex())
    s.send("100M a day is about 100,000 writes per second.")
    assert s.view().coach_hint and s.view().coach_hint.startswith("Cheat card:")
    assert new_session(settings).view().coach_hint is None


def test_streams_tokens(settings):
    llm = FakeChatModel().enqueue("About one hundred million a day.")
    s = new_session(settings, llm="openai", chat_model=llm, index=RecordingIndex())
    tokens: list[str] = []
    reply = s.send("How many URLs per day?", on_token=tokens.append)
    assert "".join(tokens).strip() == reply == "About one hundred million a day."


CHILD = textwrap.dedent("""
    import sys, time
    from agent.clock import WordClock
    from agent.session import InterviewSession
    from kernel.config import get_settings
    from knowledge.content import knowledge
    from analysis.turns import TurnAnalyzer

    class Blocking(TurnAnalyzer):
        def analyze(self, text, card=None, *, previous_interviewer=None, previous_candidate=None):
            if "BLOCK" in text:
                print("BLOCKING", flush=True)
                time.sleep(600)
            return super().analyze(text, card, previous_interviewer=previous_interviewer)

    s = InterviewSession.start(get_settings(), problem_id="url-shortener", clock=WordClock(),
                               analyzer=Blocking(knowledge(), None), thread_id="killed-1")
    for text in sys.argv[1:]:
        s.send(text)
        print("SENT", flush=True)
""")


def test_killed_process_resumes_with_no_turn_lost(settings, isolated_env):
    script = ["How many URLs per day?", "What latency do redirects need?", "Caching hot links BLOCK with Redis."]
    env = dict(os.environ, PYTHONPATH=str(ROOT), BABYSTEPS_HOME=str(isolated_env))
    child = subprocess.Popen([sys.executable, "-c", CHILD, *script], env=env, cwd=str(ROOT),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    assert child.stdout is not None
    for line in child.stdout:
        lines.append(line.strip())
        if line.strip() == "BLOCKING":
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert lines == ["SENT", "SENT", "BLOCKING"], (lines, child.stderr.read() if child.stderr else "")

    resumed = InterviewSession.resume(settings, "killed-1", clock=WordClock())
    turns = resumed.transcript().turns
    assert [t.content for t in turns if t.role == "candidate"] == script
    assert turns[-1].role == "interviewer"  # the interrupted reply was completed on resume
    assert "Redis" in turns[-1].content  # ... and it is the pushback that turn called for
    resumed.send("Because 116K reads per second need memory-speed lookups.")
    assert len([t for t in resumed.transcript().turns if t.role == "candidate"]) == 4
    record = json.loads((settings.sessions_dir / "killed-1.json").read_text())
    assert record["problem_id"] == "url-shortener"


def test_view_reports_llm_usage_for_cost(settings, fake_llm):
    from agent.clock import WordClock
    from agent.session import InterviewSession

    fake_llm.enqueue("Tell me about the scale you expect.", "How many writes per second is that?")
    session = InterviewSession.start(settings, problem_id="url-shortener", llm="openai", chat_model=fake_llm,
                                     clock=WordClock())
    assert session.view().llm_usage is not None
    session.send("How many URLs a day?")
    usage = session.view().llm_usage
    assert usage is not None and usage.startswith(f"{fake_llm.usage.calls} LLM call(s)")
    assert fake_llm.usage.calls >= 1
    session.close()
    offline = InterviewSession.start(settings, problem_id="url-shortener", llm="offline", clock=WordClock())
    assert offline.view().llm_usage is None
    offline.close()
