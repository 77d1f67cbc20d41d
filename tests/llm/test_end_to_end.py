"""The whole path through a real local server: replayed interview, LLM grading, server killed mid-run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kernel.config import get_settings
from kernel.transcript import load_transcript
from tests.llm.llama import LlamaServer

pytestmark = [pytest.mark.integration, pytest.mark.llmserver]
SCRIPT = Path(__file__).parent / "data" / "short_interview.md"


def babysteps(args: list[str], server: LlamaServer, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **server.env(), "BABYSTEPS_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args], env=env, capture_output=True, text=True, timeout=900,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_replay_keeps_every_candidate_turn(llama_server: LlamaServer, tmp_path: Path) -> None:
    result = babysteps(["interview", "--replay", str(SCRIPT), "--json"], llama_server, tmp_path / "home")
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout)
    said = [t["content"] for t in out["turns"] if t["role"] == "candidate"]
    expected = [t.content for _, t in load_transcript(SCRIPT).candidate_turns()]
    assert said == expected
    assert "sk-local" not in result.stdout + result.stderr


def test_llm_grade_returns_llm_scorecard(llama_server: LlamaServer, tmp_path: Path) -> None:
    result = babysteps(["grade", str(SCRIPT), "--grader", "llm", "--samples", "1", "--json"], llama_server, tmp_path / "home")
    assert result.returncode == 0, result.stderr[-2000:]
    card = json.loads(result.stdout)
    assert card["grader"].startswith("llm")
    assert {d["id"] for d in card["dimensions"]} >= {"requirements", "estimation", "justification"}


def test_server_killed_mid_interview_continues_offline(own_llama_server: LlamaServer, tmp_path: Path) -> None:
    from agent.session import InterviewSession

    settings = get_settings(
        home=tmp_path / "home", llm="openai", openai_base_url=own_llama_server.base_url,
        openai_api_key="sk-local", model="local", max_retries=1, timeout=20.0,
    )
    session = InterviewSession.start(settings, problem_id="url-shortener")
    turns = [t.content for _, t in load_transcript(SCRIPT).candidate_turns()]
    session.send(turns[0])
    assert session.view().llm_status.startswith("openai")
    own_llama_server.kill()
    for text in turns[1:]:
        assert session.send(text).strip()
    view = session.view()
    assert view.llm_status == "offline"
    assert any("offline" in notice.lower() for notice in view.notices)
    said = [t.content for t in session.transcript().turns if t.role == "candidate"]
    assert said == turns
    resumed = InterviewSession.resume(settings, session.thread_id)
    assert [t.content for t in resumed.transcript().turns if t.role == "candidate"] == turns
