"""Shared pieces of the offline scoring rules: the judgement record and evidence helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rubric.grade_signals import Item, Signals

DIGIT = re.compile(r"\d|\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?)\b", re.IGNORECASE)

@dataclass
class Judgement:
    score: int
    rationale: str
    gaps: list[str] = field(default_factory=list)
    evidence: list[Item] = field(default_factory=list)
    value: float | None = None  # the amount of grounded evidence, scored through the calibrated cut points
    confidence: str = "moderate"  # low | moderate | high: how much grounded evidence the score rests on
    contributions: int | None = None  # grounded contributions counted; 0 means no signal at all
    unprobed: bool = False  # never asked about and never raised: no evidence either way, so no minimum applies
    features: dict[str, float] = field(default_factory=dict)  # the grounded counts the evidence amount is made of
    ceiling: int = 4  # a grounded failure that decides the dimension holds its score at or below this


_COUNTED = re.compile(r"\b(\d+)((?:[^()\d;.]*?)\w)\((e?s|ies)\)")


def plain(text: str) -> str:
    """Counted nouns in plain English: ``"1 question(s)"`` -> ``"1 question"``, ``"3 choice(s)"`` -> ``"3 choices"``,
    ``"2 technolog(ies)"`` -> ``"2 technologies"`` (the nearest number before the noun decides)."""
    def one(m: re.Match[str]) -> str:
        n, body, end = int(m.group(1)), m.group(2), m.group(3)
        if end == "ies":
            return f"{n}{body}{'y' if n == 1 else 'ies'}"
        return f"{n}{body}{'' if n == 1 else end}"

    return _COUNTED.sub(one, text)


def first(text: str, limit: int = 200) -> str:
    """The start of an answer (its first line, capped) - still a verbatim quote."""
    return text.strip().split("\n")[0][:limit]


def derived_figures(sig: Signals) -> list[tuple[Item, str]]:
    """Candidate figures not stated by the interviewer, with their kind (rate, storage, count)."""
    out: list[tuple[Item, str]] = []
    seen: set[tuple[str, int]] = set()
    for turn, a in sig.candidate:
        for fig in a.figures:
            if fig.unit in ("percent", "ms", "other") or fig.value <= 0:
                continue
            if any(abs(fig.value - v) <= 0.02 * max(v, 1.0) for v in sig.interviewer_values):
                continue
            kind = {"per_second": "rate", "per_day": "rate", "per_month": "rate", "per_year": "rate", "bytes": "storage"}
            key = (kind.get(fig.unit, "count"), round(fig.value, -1 if fig.value > 100 else 0).__int__())
            if key in seen:
                continue
            seen.add(key)
            out.append((Item(turn, fig.text), key[0]))
    return out


def connected(sig: Signals) -> list[Item]:
    """Decisions that carry a number: justified technologies with a numeric reason, numbered reasoning, sizing."""
    return (
        [Item(turn, t.quote) for turn, a in sig.candidate for t in a.technologies
         if t.justified and t.reason and DIGIT.search(t.reason)]
        + [i for i in sig.items("reasoning") if DIGIT.search(i.quote)]
        + [i for i in sig.sizing if DIGIT.search(i.quote)]
    )

