"""Cross-validation: the fitting of the few free parameters, the folds, the sources and their absence."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from evals import sources
from evals.cv import folds, source_metrics
from evals.task import Actual, CaseResult, Expected
from rubric.calibration import Calibration, fit_bar_shift, fit_cuts


def test_fit_cuts_puts_values_in_their_bands() -> None:
    values = [0.0, 0.2, 1.0, 1.5, 3.0, 3.5, 6.0, 7.0]
    bands = [(1, 1), (1, 2), (2, 2), (2, 3), (3, 3), (3, 4), (4, 4), (4, 4)]
    cuts = fit_cuts(values, bands)
    cal = Calibration(cuts={"estimation": cuts})
    assert all(lo <= cal.score("estimation", v) <= hi for v, (lo, hi) in zip(values, bands, strict=True))
    assert cuts[0] <= cuts[1] <= cuts[2]


def test_fit_cuts_is_monotone_and_keeps_the_prior_without_data() -> None:
    assert fit_cuts([], []) == (0.5, 2.0, 4.0)
    cuts = fit_cuts([5.0, 1.0], [(1, 1), (4, 4)])  # contradictory: a higher value may never score lower
    assert cuts[0] <= cuts[1] <= cuts[2]


def test_fit_bar_shift_separates_the_sides_and_respects_missed_minimums() -> None:
    margins = [-0.8, -0.4, -0.1, 0.2, 0.5, 0.9]
    hire = [False, False, False, True, True, True]
    shift = fit_bar_shift(margins, hire)
    assert -0.1 < shift <= 0.2
    # a transcript held back by a missed minimum is on the no-hire side whatever its margin
    assert fit_bar_shift([0.3, 0.5], [False, True], blocked=[True, False]) <= 0.3


def test_folds_are_seeded_stratified_and_cover_every_item() -> None:
    items = [sources.Labelled.model_construct(id=str(i), source="own" if i % 3 else "corpus",
                                              side="hire" if i % 2 else "no_hire") for i in range(20)]
    first, again = folds(items, 5, 0), folds(items, 5, 0)  # type: ignore[arg-type]
    assert first == again
    tests = sorted(i for _, test in first for i in test)
    assert tests == list(range(20))


def _r(kind: str, side: str, verdict: str, score: int, band: tuple[int, int]) -> CaseResult:
    return CaseResult(id=f"{kind}{score}{verdict}", base="b", variant="original", kind=kind, problem=None,
                      company="google", level="mid",
                      expected=Expected(side=side, verdict=verdict, bands={"estimation": band}),
                      actual=Actual(verdict=verdict, overall=3.0, scores={"estimation": score}))


def test_source_metrics_pooled_and_per_source() -> None:
    rows = [_r("corpus", "hire", "hire", 4, (3, 4)), _r("corpus", "no_hire", "no_hire", 1, (1, 2)),
            _r("real", "hire", "hire", 3, (3, 4))]
    m = source_metrics(rows)
    assert m["cv_side_accuracy"] == 1.0 and m["cv_side_accuracy[corpus]"] == 1.0
    assert m["cv_cases[real]"] == 1.0 and m["cv_within_band[corpus]"] == 1.0
    assert math.isnan(m["cv_qwk[real]"])  # one rating: undefined, and a gate on it fails


def test_missing_shared_folder_skips_its_sources_with_a_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(sources.SHARED_ENV, str(tmp_path / "nowhere"))
    items, notes = sources.load_sources()
    assert {i.source for i in items} == {"own"}
    assert len(notes) == 2 and all("skipped" in n and sources.SHARED_ENV in n for n in notes)


def _shared() -> Path:
    root = sources.shared_dir()
    if root is None:
        pytest.skip(f"no shared folder beside the project (set {sources.SHARED_ENV}); corpus and real not read")
    return root


def test_shared_sources_load_with_labels() -> None:
    root = _shared()
    corpus, real = sources.load_corpus(root), sources.load_real(root)
    assert len(corpus) >= 30 and all(c.bands and c.transcript.turns for c in corpus)
    assert real and all(r.verdict != "unknown" for r in real)


def test_metrics_are_the_mean_over_repeated_splits_and_the_cases_shown_are_the_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each repeat splits with its own seed; one unlucky split must not decide a gate alone."""
    from evals import cv

    items = [sources.Labelled.model_construct(id=str(i), source="corpus", side="hire" if i % 2 else "no_hire")
             for i in range(10)]
    seeds: list[int] = []

    def split(its: object, k: int, seed: int) -> list[tuple[list[int], list[int]]]:
        seeds.append(seed)
        return [(list(range(1, 10)), [0]), (list(range(0, 1)), list(range(1, 10)))]

    def result(item: sources.Labelled, assessed: object, cal: object, rb: object) -> CaseResult:
        right = int(item.id) < 2 + 2 * len(seeds)  # more cases right with each later split
        return _r("corpus", item.side, item.side if right else ("hire" if item.side == "no_hire" else "no_hire"),
                  3, (3, 3))

    monkeypatch.setattr(cv, "folds", split)
    monkeypatch.setattr(cv, "fit_calibration", lambda rows, rb: Calibration())
    monkeypatch.setattr(cv, "_result", result)
    run = cv.cross_validate(items, lambda item: object(), None, seed=7, repeats=3)  # type: ignore[arg-type]
    assert seeds == [7, 8, 9]
    assert run.metrics["cv_side_accuracy"] == pytest.approx((0.4 + 0.6 + 0.8) / 3)
    assert sum(r.expected.side == r.actual.verdict for r in run.results) == 4  # the first split's cases
