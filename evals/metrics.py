"""Metrics over graded cases: accuracy, band agreement, QWK, Spearman, invariance, test-retest and ICC.

QWK comes from scikit-learn and Spearman from scipy. ICC(2,1) has no scipy or scikit-learn routine; it is the
Shrout & Fleiss formula over the two-way ANOVA mean squares (numpy). Undefined values (no data, zero variance)
are ``nan``; a gate on ``nan`` fails.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score

from evals import evaluators as ev
from evals.evaluators import Check
from evals.task import CaseResult

CORE_KINDS = ("story", "anti_lesson")


def share(flags: Sequence[bool]) -> float:
    return float(sum(flags)) / len(flags) if flags else math.nan


# --- statistics -----------------------------------------------------------------------------------


def quadratic_weighted_kappa(a: Sequence[int], b: Sequence[int], lo: int, hi: int) -> float:
    """Cohen's kappa with quadratic weights for integer ratings in ``[lo, hi]`` (scikit-learn).

    Undefined (nan) when either rater uses a single category: agreement beyond chance cannot be measured.
    """
    if len(a) != len(b) or len(set(a)) < 2 or len(set(b)) < 2:
        return math.nan
    return float(cohen_kappa_score(list(a), list(b), weights="quadratic", labels=list(range(lo, hi + 1))))


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    """Spearman's rho with average ranks for ties (scipy); nan without spread on either side."""
    if len(a) != len(b) or len(a) < 2 or len(set(a)) < 2 or len(set(b)) < 2:
        return math.nan
    return float(spearmanr(a, b).statistic)


def icc_2_1(matrix: Sequence[Sequence[float]]) -> float:
    """ICC(2,1) (Shrout & Fleiss): two-way random effects, absolute agreement, single rating.

    Rows are subjects (a case's dimension), columns are raters (repeated gradings).
    """
    x = np.asarray(matrix, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2:
        return math.nan
    n, k = x.shape
    grand = x.mean()
    msr = k * x.mean(axis=1).var(ddof=1)  # between subjects
    msc = n * x.mean(axis=0).var(ddof=1)  # between raters
    resid = x - x.mean(axis=1, keepdims=True) - x.mean(axis=0, keepdims=True) + grand
    mse = (resid**2).sum() / ((n - 1) * (k - 1))
    denom = msr + (k - 1) * mse + k * (msc - mse) / n
    if denom == 0:
        return 1.0 if msr == 0 and mse == 0 else math.nan
    return float((msr - mse) / denom)


# --- metric groups --------------------------------------------------------------------------------


def _dimension_pairs(results: Sequence[CaseResult]) -> tuple[list[float], list[int]]:
    """(expected band midpoint, actual score) for every banded dimension of every graded case."""
    mids, actual = [], []
    for r in results:
        if r.actual is None:
            continue
        for d, (lo, hi) in r.expected.bands.items():
            if d in r.actual.scores:
                mids.append((lo + hi) / 2)
                actual.append(r.actual.scores[d])
    return mids, actual


def case_metrics(originals: Sequence[CaseResult]) -> dict[str, float]:
    graded = [r for r in originals if r.actual is not None]
    core = [r for r in originals if r.kind in CORE_KINDS]
    hits = [h for r in originals for h in ev.band_hits(r).values()]
    mids, actual = _dimension_pairs(originals)
    return {
        "cases": float(len(originals)),
        "errors": float(len(originals) - len(graded)),
        "verdict_accuracy": share([ev.verdict_exact(r) for r in originals]),
        "verdict_acceptable": share([ev.verdict_acceptable(r) for r in originals]),
        "side_accuracy": share([ev.side_ok(r) for r in originals]),
        "side_accuracy_core": share([ev.side_ok(r) for r in core]),
        "within_band": share(hits),
        # band midpoints fall on half points, so both sides are doubled onto the integer scale 2..8
        "qwk": quadratic_weighted_kappa([round(2 * m) for m in mids], [2 * a for a in actual], 2, 8),
        "spearman": spearman(mids, actual),
    }


def per_dimension(originals: Sequence[CaseResult]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    dims = sorted({d for r in originals for d in r.expected.bands})
    for d in dims:
        rows = [r for r in originals if d in r.expected.bands]
        hits = [ev.band_hits(r)[d] for r in rows]
        mids = [sum(r.expected.bands[d]) / 2 for r in rows if r.actual and d in r.actual.scores]
        act = [r.actual.scores[d] for r in rows if r.actual and d in r.actual.scores]
        out[d] = {"n": float(len(rows)), "within_band": share(hits), "spearman": spearman(mids, act)}
    return out


def swap_metrics(swaps: Sequence[CaseResult], by_id: dict[str, CaseResult]) -> dict[str, float]:
    pairs = [(s, by_id[s.base]) for s in swaps if s.base in by_id]
    return {
        "swaps": float(len(swaps)),
        "swap_side_accuracy": share([ev.side_ok(s) for s in swaps]),
        "swap_direction": share([ev.direction_ok(s, b) for s, b in pairs]),
    }


def invariance(variants: Sequence[CaseResult], by_id: dict[str, CaseResult]) -> dict[str, float]:
    pairs = [(v, by_id[v.base]) for v in variants if v.base in by_id]
    out = {
        "perturbed": float(len(pairs)),
        "invariance_same_verdict": share([ev.same_verdict(v, b) for v, b in pairs]),
        "invariance_max_delta": float(max((ev.max_dimension_delta(v, b) for v, b in pairs), default=0)),
    }
    for name in sorted({v.variant for v, _ in pairs}):
        sub = [(v, b) for v, b in pairs if v.variant == name]
        out[f"invariance_same_verdict[{name}]"] = share([ev.same_verdict(v, b) for v, b in sub])
        out[f"invariance_max_delta[{name}]"] = float(max(ev.max_dimension_delta(v, b) for v, b in sub))
    return out


def retest(results: Sequence[CaseResult]) -> dict[str, float]:
    """Consistency over repeated gradings of the same cases (only cases graded 2+ times count)."""
    rep = [r for r in results if len(r.repeats) >= 2]
    if not rep:
        return {}
    exact = [len({a.verdict for a in r.repeats}) == 1 for r in rep]
    rows: list[list[float]] = []
    spread = 0
    for r in rep:
        for d in sorted(r.repeats[0].scores):
            vals = [a.scores.get(d, 0) for a in r.repeats]
            spread = max(spread, max(vals) - min(vals))
            rows.append([float(v) for v in vals])
    return {
        "retest_repeats": float(min(len(r.repeats) for r in rep)),
        "retest_exact": share(exact),
        "retest_max_spread": float(spread),
        "retest_icc": icc_2_1(rows),
    }


def agreement(results: Sequence[CaseResult], reference: Sequence[CaseResult]) -> dict[str, float]:
    """How often this grader agrees with another (e.g. the LLM grader with the offline grader)."""
    ref = {r.id: r for r in reference if r.actual is not None}
    pairs = [(r, ref[r.id]) for r in results if r.actual is not None and r.id in ref]
    diffs = [
        abs(a.actual.scores[d] - b.actual.scores[d])  # type: ignore[union-attr]
        for a, b in pairs
        for d in a.actual.scores  # type: ignore[union-attr]
        if d in b.actual.scores  # type: ignore[union-attr]
    ]
    return {
        "agreement_side": share([ev.side_of(a.actual.verdict) == ev.side_of(b.actual.verdict) for a, b in pairs]),  # type: ignore[union-attr]
        "agreement_exact": share([a.actual.verdict == b.actual.verdict for a, b in pairs]),  # type: ignore[union-attr]
        "agreement_mean_abs_diff": float(np.mean(diffs)) if diffs else math.nan,
    }


def behaviour(checks: Sequence[Check]) -> dict[str, float]:
    if not checks:
        return {}
    scripts = sorted({c.script for c in checks})
    return {
        "interviewer_scripts": float(len(scripts)),
        "interviewer_checks": float(len(checks)),
        "interviewer_pass_rate": share([c.ok for c in checks]),
        "interviewer_scripts_passed": share([all(c.ok for c in checks if c.script == s) for s in scripts]),
    }


def compute(
    results: Sequence[CaseResult], checks: Sequence[Check] = (), reference: Sequence[CaseResult] | None = None
) -> dict[str, float]:
    """Every metric for one run, as a flat name -> value mapping."""
    originals = [r for r in results if r.variant == "original"]
    by_id = {r.id: r for r in originals}
    metrics: dict[str, float] = {}
    metrics.update(case_metrics(originals))
    for dim, row in per_dimension(originals).items():
        metrics[f"within_band[{dim}]"] = row["within_band"]
    metrics.update(swap_metrics([r for r in results if r.variant == "swap"], by_id))
    metrics.update(invariance([r for r in results if r.variant not in ("original", "swap")], by_id))
    metrics.update(retest(originals))
    if reference is not None:
        metrics.update(agreement(originals, reference))
    metrics.update(behaviour(checks))
    return metrics
