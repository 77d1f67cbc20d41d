"""The whole path through a real local server: a replayed interview and an LLM grade from the CLI.

(The server killed mid-interview is covered in tests/agent/test_integration.py.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kernel.transcript import load_transcript
from knowledge.index import KnowledgeIndex
from tests.llm.llama import LlamaServer

pytestmark = [pytest.mark.integration, pytest.mark.llmserver]
SCRIPT = Path(__file__).parent / "data" / "short_interview.md"


def babysteps(args: list[str], server: LlamaServer, home: Path, index: KnowledgeIndex,
              timeout: int = 900) -> subprocess.CompletedProcess[str]:
    if not (home / "index").exists():  # the session's real index, so the CLI does not rebuild it
        shutil.copytree(index.path, home / "index")
    env = {**os.environ, **server.env(), "BABYSTEPS_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args], env=env, capture_output=True, text=True, timeout=timeout,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_replay_keeps_every_candidate_turn(llama_server: LlamaServer, tmp_path: Path, real_index: KnowledgeIndex) -> None:
    result = babysteps(["interview", "--replay", str(SCRIPT), "--json"], llama_server, tmp_path / "home", real_index)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout)
    said = [t["content"] for t in out["turns"] if t["role"] == "candidate"]
    expected = [t.content for _, t in load_transcript(SCRIPT).candidate_turns()]
    assert said == expected
    assert "sk-local" not in result.stdout + result.stderr


def test_llm_grade_returns_llm_scorecard(llama_server: LlamaServer, tmp_path: Path, real_index: KnowledgeIndex) -> None:
    result = babysteps(["grade", str(SCRIPT), "--grader", "llm", "--samples", "1", "--json"], llama_server, tmp_path / "home", real_index)
    assert result.returncode == 0, result.stderr[-2000:]
    card = json.loads(result.stdout)
    assert card["grader"].startswith("llm")
    assert "LLM call(s)" in result.stderr  # usage, the basis for cost per grade
    assert {d["id"] for d in card["dimensions"]} >= {"requirements", "estimation", "justification"}

