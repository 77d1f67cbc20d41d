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


@pytest.fixture
def label_faithful() -> Callable[..., Scorecard]:
    """Grades each eval case as its label says (the band's upper score when the band sits above 2, else its
    lower one; the labelled verdict), so every case gate can pass (for gate tests only)."""
    from evals.dataset import load_cases

    cases = [c for c in load_cases("*", swaps=False) if c.variant == "original"]

    def grade(transcript: Transcript, *, company: str | None = None, level: str | None = None, **_: Any) -> Scorecard:
        label = next(c.label for c in cases if c.transcript == transcript)
        dims = [DimensionScore(id=d, score=hi if lo + hi > 4 else lo)  # type: ignore[arg-type]
                for d, (lo, hi) in label.bands.items()]
        return Scorecard(overall=3.0, verdict=label.verdict, level=level or label.level,
                         company=company or label.company, grader="offline", dimensions=dims)

    return grade
