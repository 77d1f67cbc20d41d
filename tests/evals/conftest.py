"""Fixtures for the eval tests: a stand-in grader for gate logic (the real grader is used end to end)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kernel.transcript import Transcript
from rubric.models import DimensionScore, Scorecard

DIMS = ("requirements", "estimation", "high_level_design", "deep_dive", "justification", "reliability",
        "proportionality", "communication")


@pytest.fixture
def always_hire() -> Callable[..., Scorecard]:
    """Grades every transcript ``hire`` with 3 on every dimension, whatever it says (for gate tests only)."""

    def grade(transcript: Transcript, *, company: str | None = None, level: str | None = None, **_: Any) -> Scorecard:
        return Scorecard(overall=3.0, verdict="hire", level=level or "mid", company=company or "google",
                         grader="offline", dimensions=[DimensionScore(id=d, score=3) for d in DIMS])  # type: ignore[arg-type]

    return grade
