"""``babysteps eval --cv``: k-fold cross-validation of the offline grader's calibration over every source.

Each labelled transcript (``evals.sources``) is read once with the ledger scorer (``rubric.grader.assess``); then,
fold by fold, the
few free parameters (per-dimension cut points and the verdict bar shift, ``rubric.calibration``) are fitted on
the training folds only and the held-out fold is scored with them. The metrics are out-of-fold, per source and
pooled: side accuracy, exact and acceptable verdict, within-band, QWK and Spearman. The fold split is repeated with
``REPEATS`` seeds and each metric is the mean over the repeats: with a few dozen transcripts one split's
figures move by a case or two with where the folds happen to fall.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sklearn.model_selection import StratifiedKFold

from evals.metrics import case_metrics
from evals.sources import SOURCES, Labelled, load_sources
from evals.task import Actual, CaseResult, Expected
from rubric.calibration import Calibration, fit_bar_shift, fit_cuts
from rubric.models import DIMENSION_IDS, Rubric
from rubric.verdict import decide

SEED = 0
FOLDS = 5
REPEATS = 5
REPORTED = ("cases", "side_accuracy", "verdict_accuracy", "verdict_acceptable", "within_band", "qwk", "spearman")
AssessFn = Callable[[Labelled], Any]  # a rubric.grader.Assessment


@dataclass
class CVRun:
    metrics: dict[str, float]
    results: list[CaseResult]
    notes: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)  # the sources that were measured
    calibration: Calibration | None = None  # fitted on every transcript (what the packaged grader uses)


def _scores(assessment: Any, cal: Calibration) -> dict[str, int]:
    from rubric.grader import cohere, score_dimension

    return cohere({d: score_dimension(d, j, cal) for d, j in assessment.judgements.items()})


def _margin(assessment: Any, scores: dict[str, int], rb: Rubric) -> tuple[float, bool]:
    """(overall minus the level's bar, whether a missed minimum holds it on the no-hire side)."""
    from rubric.grader import dimension_scores
    from rubric.verdict import level_themes_missed

    themes = level_themes_missed(assessment.sig, rb, assessment.level)
    out = decide(dimension_scores(scores, assessment.judgements), rb, assessment.level, assessment.company, themes)
    return out.overall - out.bar, bool(out.missed)


def fit_calibration(rows: Sequence[tuple[Labelled, Any]], rb: Rubric, prior: Calibration | None = None) -> Calibration:
    """Cut points per dimension from the banded rows, then the bar shift from every row's side."""
    prior = prior or Calibration()
    cuts = {}
    for d in DIMENSION_IDS:
        banded = [(a.values()[d], item.bands[d]) for item, a in rows if d in item.bands and d in a.judgements]
        if banded and any(a.judgements[d].value is not None for _, a in rows if d in a.judgements):
            cuts[d] = fit_cuts([v for v, _ in banded], [b for _, b in banded], prior.cuts.get(d, (0.5, 2.0, 4.0)))
    cal = Calibration(cuts=cuts)
    margins, hire, blocked = [], [], []
    for item, a in rows:
        m, b = _margin(a, _scores(a, cal), rb)
        margins.append(m)
        blocked.append(b)
        hire.append(item.side == "hire")
    return cal.model_copy(update={"bar_shift": fit_bar_shift(margins, hire, blocked)})


def _result(item: Labelled, assessment: Any, cal: Calibration, rb: Rubric) -> CaseResult:
    from rubric.grader import finish

    card = finish(assessment, rb, cal)
    return CaseResult(
        id=item.id, base=item.id, variant="original", kind=item.source, problem=item.transcript.problem,
        company=item.company, level=item.level,
        expected=Expected(side=item.side, verdict=item.verdict, acceptable=item.acceptable, bands=item.bands),
        actual=Actual(verdict=card.verdict, overall=card.overall, scores=card.scores(), flags=card.flags),
    )


def folds(items: Sequence[Labelled], k: int = FOLDS, seed: int = SEED) -> list[tuple[list[int], list[int]]]:
    """Stratified by source and side, shuffled with a fixed seed."""
    strata = [f"{i.source}:{i.side}" for i in items]
    k = max(2, min(k, len(items)))
    with warnings.catch_warnings():  # a stratum smaller than k (the few real interviews) is spread as it can be
        warnings.simplefilter("ignore", UserWarning)
        split = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(list(range(len(items))), strata)
        return [(list(train), list(test)) for train, test in split]


def source_metrics(results: Sequence[CaseResult], prefix: str = "cv_") -> dict[str, float]:
    """The reported metrics, pooled and per source (``cv_side_accuracy[corpus]``)."""
    out: dict[str, float] = {}
    groups: dict[str, list[CaseResult]] = {"": list(results)}
    for r in results:
        groups.setdefault(r.kind, []).append(r)
    for name, rows in groups.items():
        m = case_metrics(rows)
        for key in REPORTED:
            out[f"{prefix}{key}" + (f"[{name}]" if name else "")] = m.get(key, math.nan)
    return out


def cross_validate(
    items: Sequence[Labelled], assess_fn: AssessFn, rb: Rubric, *, k: int = FOLDS, seed: int = SEED,
    repeats: int = REPEATS, progress: Callable[[int, int, str], None] | None = None,
) -> CVRun:
    """Out-of-fold metrics averaged over ``repeats`` fold splits (seeds ``seed``, ``seed + 1``, ...); the
    per-case results shown are those of the first split."""
    assessed = []
    for n, item in enumerate(items):
        if progress:
            progress(n, len(items), f"cv: {item.id}")
        assessed.append(assess_fn(item))
    runs: list[dict[str, float]] = []
    first: list[CaseResult] = []
    for r in range(max(1, repeats)):
        predicted: dict[int, CaseResult] = {}
        for train, test in folds(items, k, seed + r):
            cal = fit_calibration([(items[i], assessed[i]) for i in train], rb)
            for i in test:
                predicted[i] = _result(items[i], assessed[i], cal, rb)
        results = [predicted[i] for i in range(len(items))]
        runs.append(source_metrics(results))
        first = first or results
    metrics = {key: float(sum(m[key] for m in runs) / len(runs)) for key in runs[0]}  # NaN stays NaN
    full = fit_calibration(list(zip(items, assessed, strict=True)), rb)
    if all(hasattr(a, "sig") for a in assessed):  # the phrase rules on the same transcripts: nothing to fit
        metrics |= source_metrics([_result(i, _rules(a), Calibration(), rb) for i, a in zip(items, assessed, strict=True)],
                                  prefix="cv_rules_")
    return CVRun(metrics, first, sources={i.source for i in items}, calibration=full)


def _rules(assessment: Any) -> Any:
    """The same assessment scored by the phrase rules (``rubric.offline``), for comparison."""
    from dataclasses import replace

    from rubric.offline import SCORERS

    return replace(assessment, judgements={d: SCORERS[d](assessment.sig) for d in assessment.judgements})


def run_cv(
    *, embedder: Any, k: int = FOLDS, seed: int = SEED, progress: Callable[[int, int, str], None] | None = None
) -> CVRun:
    """Load every available source, prime the embeddings in one batch, and cross-validate."""
    from rubric.grader import assess, prime_transcripts
    from rubric.rubric import rubric

    items, notes = load_sources(SOURCES)
    prime_transcripts([i.transcript for i in items], embedder=embedder)

    def assess_fn(item: Labelled) -> Any:
        return assess(item.transcript, company=item.company, level=item.level, embedder=embedder, scorer="ledger")

    run = cross_validate(items, assess_fn, rubric(), k=k, seed=seed, progress=progress)
    run.notes = notes
    return run

