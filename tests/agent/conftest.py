"""Fixtures for the interviewer tests: the knowledge, the real (keyword) turn analyser, state builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from agent.state import InterviewState
from analysis.models import TurnAnalysis
from kernel.transcript import Turn
from knowledge.content import Knowledge, knowledge


@pytest.fixture(scope="session")
def kb() -> Knowledge:
    return knowledge()


@pytest.fixture(scope="session")
def analyzer(kb: Knowledge) -> Any:
    from analysis.turns import TurnAnalyzer

    return TurnAnalyzer(kb, None)


def make_state(**overrides: Any) -> InterviewState:
    """A state in the middle of an interview (requirements, minute 2, one exchange so far)."""
    state: dict[str, Any] = {
        "thread_id": "t-test",
        "problem_id": "url-shortener",
        "company": "google",
        "level": "senior",
        "format_minutes": 45,
        "phase": "requirements",
        "minute": 2.0,
        "transcript": [Turn(role="interviewer", content="Design a URL shortener.", phase="requirements", minute=0.3),
                       Turn(role="candidate", content="...", phase="requirements", minute=1.5)],
        "covered": {},
        "pending_pushbacks": [],
        "warned": [],
    }
    state.update(overrides)
    return state  # type: ignore[return-value]


def ana(text: str = "", **fields: Any) -> TurnAnalysis:
    """A hand-built turn analysis."""
    return TurnAnalysis(text=text or "turn", words=len((text or "turn").split()), **fields)


@dataclass
class RecordingIndex:
    """A stand-in for the knowledge index: fixed hits, every query recorded."""

    queries: list[tuple[str, Any]] = field(default_factory=list)

    def search(self, query: str, k: int = 5, kind: Any = None, problem: str | None = None,
               technology: str | None = None, phase: str | None = None) -> list[Any]:
        from knowledge.store import Hit

        self.queries.append((query, kind))
        return [Hit(id="cheat:estimation-constants", title="Estimation constants and reference figures",
                    text="Estimation constants\n- 1 day = 86,400 s, round to ~100K s\n- 1 year ≈ 30M seconds",
                    score=0.9, kind="cheat", metadata={})][:k]
