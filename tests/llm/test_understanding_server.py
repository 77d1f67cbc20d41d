"""The LLM reading, the guarded question and the two-persona simulation against the real local server (plumbing).

SmolLM2-135M answers in the right form but not with sense: these tests check that every path runs end to end, that
nothing the candidate typed is lost and that code's checks stand between the model and the candidate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agent.clock import WordClock
from agent.session import InterviewSession
from agent.state import checkpoint_serde
from kernel.config import get_settings
from kernel.llm import build_chat_model
from knowledge.index import KnowledgeIndex
from tests.llm.llama import LlamaServer
from tests.llm.test_end_to_end import babysteps

SIMULATE_TIMEOUT = 1800  # two personas, judged and graded on a CPU-only 135M model
TURNS = 1  # plumbing: every step of a persona's round runs; longer rounds only multiply the same calls

pytestmark = [pytest.mark.integration, pytest.mark.llmserver]


def test_reading_and_guarded_questions_on_the_local_server(llama_server: LlamaServer, tmp_path: Path) -> None:
    env = llama_server.env()
    settings = get_settings(home=tmp_path / "home", llm="openai", openai_base_url=env["OPENAI_BASE_URL"],
                            openai_api_key=env["OPENAI_API_KEY"], model="local", timeout=180.0, max_retries=1)
    chat = build_chat_model(settings)
    assert chat is not None
    session = InterviewSession.start(settings, problem_id="url-shortener", llm="openai", chat_model=chat, reading=True,
                                     clock=WordClock(), checkpointer=InMemorySaver(serde=checkpoint_serde()),
                                     persist=False, retrieval=False)
    script = ["How many URLs are shortened per day?", "So 100M a day is about 1,160 writes per second."]
    for text in script:
        assert session.send(text)
    values = session._values()
    log = values.get("llm_log", [])
    readings = [e["reading"] for e in log if "reading" in e]
    questions = [e["question"] for e in log if "question" in e]
    assert len(readings) == 2 and len(questions) == 2
    assert all(r["source"] in ("llm", "offline") for r in readings)
    assert all(q["outcome"] in ("llm", "regenerated", "offline_unusable", "offline_after_retry") for q in questions)
    candidate = [t.content for t in session.transcript().turns if t.role == "candidate"]
    assert candidate == script
    card = session._context.knowledge.problem("url-shortener")
    said = " ".join(t.content for t in session.transcript().turns[1:] if t.role == "interviewer")
    assert not [c for c in ("Base62", "pre-allocated", "LRU") if c.lower() in said.lower()]  # nothing unraised
    assert card.hidden_facts[4].answer not in said  # retention was never asked for
    session.close()


def test_simulate_two_personas_end_to_end(llama_server: LlamaServer, tmp_path: Path, real_index: KnowledgeIndex) -> None:
    out = tmp_path / "sim"
    result = babysteps(["eval", "--simulate", "--personas", "strong,memoriser", "--turns", str(TURNS), "--out", str(out)],
                       llama_server, tmp_path / "home", real_index, timeout=SIMULATE_TIMEOUT)
    assert result.returncode == 0, result.stderr[-2000:]
    report = (out / "simulate-report.md").read_text()
    assert "| strong |" in report and "| memoriser |" in report
    data = json.loads((out / "simulate-results.json").read_text())
    personas = {p["persona"]: p for p in data["personas"]}
    assert set(personas) == {"strong", "memoriser"}
    for p in personas.values():
        assert sum(1 for t in p["turns"] if t["role"] == "candidate") == TURNS
        assert p["grader"] is not None and p["verdict"] is not None
    assert "sk-local" not in result.stdout + result.stderr + report
