"""From dimension scores to the weighted overall, the competency roll-up, the verdict against a level's bar,
and the scorecard that carries them (shared by the offline and the LLM grader)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.sentences import normalise, split_sentences
from rubric.grade_signals import Signals
from rubric.models import DimensionScore, Rubric, Scorecard, Verdict


@dataclass(frozen=True)
class Outcome:
    overall: float
    verdict: Verdict
    bar: float
    missed: list[str]  # "justification 1 < 2"
    competencies: dict[str, float]


def weighted_overall(scores: dict[str, int], rubric: Rubric, company: str) -> float:
    """The company-weighted mean of the scored dimensions, rounded to two decimals."""
    weights = rubric.weights(company)
    total = sum(weights.get(d, 0.0) for d in scores)
    if total <= 0:
        return 1.0
    value = sum(weights.get(d, 0.0) * s for d, s in scores.items()) / total
    return round(min(4.0, max(1.0, value)), 2)


def competencies(scores: dict[str, int], rubric: Rubric) -> dict[str, float]:
    """Mean score per big-tech competency, over the dimensions that were scored."""
    out: dict[str, float] = {}
    for comp_id, info in rubric.competencies.items():
        values = [scores[d] for d in info.dimensions if d in scores]
        if values:
            out[comp_id] = round(sum(values) / len(values), 2)
    return out


def decide(
    dimensions: list[DimensionScore],
    rubric: Rubric,
    level: str,
    company: str,
    extra_missed: list[str] | None = None,
    shift: float = 0.0,
) -> Outcome:
    """Weighted overall against the level's bar.

    A missed per-dimension minimum caps the verdict at lean_no_hire; two misses, or a miss on the company's
    defining dimension (weight 2 or more: Amazon leadership, startup proportionality), at no_hire. A dimension
    the interview never probed (never asked about, never raised) holds no minimum: there is no evidence to miss. ``shift`` is
    the calibrated move of the level's bar (``rubric.calibration``).
    """
    scores = {str(d.id): d.score for d in dimensions}
    overall = weighted_overall(scores, rubric, company)
    bar = round(rubric.bar(level) + shift, 3)
    unprobed = {str(d.id) for d in dimensions if d.unprobed}
    minimums = {d: m for d, m in rubric.minimums(level, company).items() if d not in unprobed}
    missed = [f"{d} {scores[d]} < {m}" for d, m in minimums.items() if d in scores and scores[d] < m]
    missed += extra_missed or []
    weights = rubric.weights(company)
    key_missed = any(weights.get(d, 0.0) >= 2.0 for d, m in minimums.items() if d in scores and scores[d] < m)
    bands = rubric.verdict_bands
    margin = round(overall - bar, 4)
    verdict: Verdict
    if margin >= bands.strong_hire and not missed:
        verdict = "strong_hire"
    elif margin >= bands.hire and not missed:
        verdict = "hire"
    elif margin >= bands.lean_hire and not missed:
        verdict = "lean_hire"
    elif margin >= bands.lean_no_hire and len(missed) <= 1 and not key_missed:
        verdict = "lean_no_hire"
    elif margin >= bands.no_hire:
        verdict = "no_hire"
    else:
        verdict = "strong_no_hire"
    return Outcome(overall, verdict, bar, missed, competencies(scores, rubric))


def level_themes_missed(sig: Signals, rb: Rubric, level: str) -> list[str]:
    """The level's extra bar (staff: business framing, cost, ownership, staged migration), as a missed minimum."""
    bar = rb.levels[level]  # type: ignore[index]
    if not bar.min_themes:
        return []
    injected = {normalise(i.quote) for i in sig.injection}
    sentences = [s.text for _, a in sig.candidate for s in split_sentences(a.text) if s.norm not in injected]
    found = sorted(name for name, rx in bar.themes.items() if any(re.search(rx, t, re.IGNORECASE) for t in sentences))
    if len(found) >= bar.min_themes:
        return []
    return [f"{level} scope: {len(found)} of {bar.min_themes} themes ({', '.join(sorted(bar.themes))}); found: {', '.join(found) or 'none'}"]


def build_scorecard(
    dims: list[DimensionScore],
    flags: list[str],
    *,
    rb: Rubric,
    level: str,
    company: str,
    grader: str,
    sig: Signals | None,
    shift: float = 0.0,
) -> Scorecard:
    outcome = decide(dims, rb, level, company, level_themes_missed(sig, rb, level) if sig else None, shift)
    flags = list(flags) + [f"below_minimum: {m}" for m in outcome.missed]
    return Scorecard(
        overall=outcome.overall,
        verdict=outcome.verdict,
        level=level,
        company=company,
        grader=grader,
        dimensions=dims,
        flags=list(dict.fromkeys(flags)),
        problem=sig.card.id if sig and sig.card else None,
        scale=sig.scale if sig else None,
        bar=outcome.bar,
        competencies=outcome.competencies,
        missed_minimums=outcome.missed,
        bar_shift=shift,
    )
