"""Builders of hand-made turn analyses, so the scoring rules are tested without the analyser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis.models import ArithmeticCheck, Figure, TechMention, TurnAnalysis
from kernel.transcript import Transcript, Turn

FIXTURES = Path(__file__).parent / "fixtures"


def ta(text: str, **fields: Any) -> TurnAnalysis:
    """A TurnAnalysis with word counts filled in; lists given as fields override the empty defaults."""
    n = len(text.split())
    fields.setdefault("words", n)
    fields.setdefault("substantive_words", n)
    return TurnAnalysis(text=text, **fields)


def tech(tech_id: str, name: str, quote: str, reason: str | None = None) -> TechMention:
    return TechMention(tech_id=tech_id, name=name, justified=reason is not None, reason=reason, quote=quote)


def fig(text: str, value: float, unit: str) -> Figure:
    return Figure(text=text, value=value, unit=unit)  # type: ignore[arg-type]


def check(claim: str, given: float, expected: float) -> ArithmeticCheck:
    return ArithmeticCheck(claim=claim, given=given, expected=expected, ok=abs(given / expected - 1) < 2)


Script = list[tuple[str, str, TurnAnalysis | None]]


def build(script: Script, **meta: Any) -> tuple[Transcript, dict[int, TurnAnalysis]]:
    """A transcript and its analyses from (role, text, analysis) triples; candidate analyses default to bare."""
    turns = [Turn(role=role, content=text) for role, text, _ in script]  # type: ignore[arg-type]
    analyses = {i: a or ta(text) for i, (role, text, a) in enumerate(script) if role == "candidate"}
    return Transcript(turns=turns, **meta), analyses
