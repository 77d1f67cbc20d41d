"""The interviewer with real parts: the MiniLM embedder, the Chroma index, SQLite, a local LLM server."""

from __future__ import annotations

import pytest

from agent.asks import ASKS
from agent.clock import WordClock
from agent.replay import replay
from agent.session import InterviewSession
from kernel.config import get_settings
from knowledge.models import PHASES

pytestmark = pytest.mark.integration

SCRIPT = [
    "Before I draw anything: how many URLs are shortened per day, and what's the read to write ratio?",
    "Do links expire? What latency do redirects need?",
    "So 100 million a day is about 100,000 writes per second.",
    "Sorry: 100M over roughly 100K seconds is about 1,000 to 1,160 writes per second, and 116K reads per second.",
    "A creation service, a redirect service, a key-value store and a cache.",
    "For the IDs I'll use ZooKeeper.",
    "Just tell me the ideal design.",
]


def test_replay_with_the_real_embedder_and_index(settings, real_embedder, real_index, kb):
    transcript = replay(SCRIPT, settings=settings, problem_id="url-shortener", company="amazon", level="senior",
                        embedder=real_embedder, index=real_index, coach=True)
    turns = transcript.turns
    assert [t.content for t in turns if t.role == "candidate"] == SCRIPT
    reply = {turns[i].content: turns[i + 1].content for i in range(len(turns) - 1) if turns[i].role == "candidate"}
    assert "100 million" in reply[SCRIPT[0]]
    assert "86,400" in reply[SCRIPT[2]] and "1,160" not in reply[SCRIPT[2]]
    assert "ZooKeeper" in reply[SCRIPT[5]] and "?" in reply[SCRIPT[5]]  # the "why?" names what it questions
    card = kb.problem("url-shortener")
    assert not [f for f in card.hidden_facts if f.answer in reply[SCRIPT[6]]]
    interviewer = " ".join(t.content for t in turns if t.role == "interviewer")
    assert any(template.split("{")[0][:30] in interviewer for _, template in ASKS["amazon"])
    order = [PHASES.index(t.phase or "requirements") for t in turns]
    assert order == sorted(order) and turns[-1].phase == "wrap_up"


def test_coach_hints_come_from_the_real_index(settings, real_embedder, real_index):
    session = InterviewSession.start(settings, problem_id="url-shortener", coach=True, embedder=real_embedder,
                                     index=real_index, clock=WordClock())
    session.send("100M a day is about 100,000 writes per second.")
    hint = session.view().coach_hint
    assert hint and hint.startswith(("Cheat card:", "Playbook:", "Guide:"))
    session.close()


@pytest.mark.llmserver
def test_llm_voice_on_a_local_server_then_offline_when_it_dies(own_llama_server, monkeypatch, real_embedder, real_index,
                                                               isolated_env):
    for key, value in own_llama_server.env().items():  # type: ignore[attr-defined]
        monkeypatch.setenv(key, value)
    settings = get_settings()
    # the voice alone (the model's reading of turns has its own server test in tests/llm)
    session = InterviewSession.start(settings, problem_id="url-shortener", embedder=real_embedder,
                                     index=real_index, clock=WordClock(), reading=False)
    view = session.view()
    assert view.llm_status.startswith("openai: local @ http://127.0.0.1:")
    assert session.transcript().turns[0].content
    tokens: list[str] = []
    reply = session.send("How many URLs are shortened per day?", on_token=tokens.append)
    assert reply and tokens and session.view().notices == []
    before = 0
    own_llama_server.kill()  # type: ignore[attr-defined]
    reply = session.send("I'll use ZooKeeper for the IDs.")
    view = session.view()
    assert view.llm_status == "offline"
    assert view.notices[before:] and view.notices[before].startswith("The LLM endpoint failed (")
    assert "ZooKeeper" in reply  # the offline voice phrased the policy's pushback
    candidate = [t.content for t in session.transcript().turns if t.role == "candidate"]
    assert candidate == ["How many URLs are shortened per day?", "I'll use ZooKeeper for the IDs."]
    for path in settings.data_dir.rglob("*"):
        if path.is_file():
            assert b"sk-local" not in path.read_bytes()
    session.close()
    resumed = InterviewSession.resume(settings, session.thread_id, embedder=real_embedder, index=real_index)
    assert [t.content for t in resumed.transcript().turns if t.role == "candidate"] == candidate
    resumed.close()


@pytest.mark.parametrize("problem_id", ["url-shortener", "b2b-chat", "task-app", "ride-sharing"])
def test_no_unasked_facts_with_the_real_embedder(problem_id, settings, real_embedder, kb):
    from agent.acts import facts_for
    from analysis.turns import TurnAnalyzer
    from tests.agent.test_no_leak import SCRIPT

    card = kb.problem(problem_id)
    analyzer = TurnAnalyzer(kb, real_embedder)
    turns = replay(SCRIPT, settings=settings, problem_id=problem_id, company="google", level="senior",
                   embedder=real_embedder).turns
    for n, turn in enumerate(turns):
        if turn.role != "interviewer" or n == 0 or turns[n - 1].role != "candidate":
            continue
        previous = next((t.content for t in reversed(turns[: n - 1]) if t.role == "interviewer"), None)
        allowed = set(facts_for(card, analyzer.analyze(turns[n - 1].content, card, previous_interviewer=previous))[0])
        assert not [f.answer for f in card.hidden_facts if f.answer in turn.content and f.answer not in allowed]
        assert not [c for c in card.components if c.lower() in turn.content.lower()]


def test_every_ask_of_a_spoken_run_on_question_is_answered(settings, real_embedder, kb):
    """No commas, fillers between the asks: the head count, the geography and the daily rides all come back."""
    spoken = ("ok cool and um how many like riders and drivers are we talking about like is this one city or global "
              "and uh how many rides per day roughly")
    turns = replay([spoken], settings=settings, problem_id="ride-sharing", company="amazon", level="senior",
                   embedder=real_embedder).turns
    reply = turns[turns.index(next(t for t in turns if t.role == "candidate")) + 1].content
    card = kb.problem("ride-sharing")
    for topic in ("users", "geography", "traffic"):
        fact = next(f.answer for f in card.hidden_facts if f.topic == topic)
        assert fact.split(",")[0].split(".")[0] in reply, topic
