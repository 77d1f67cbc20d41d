"""Metric functions on examples small enough to compute by hand."""

from __future__ import annotations

import math

import pytest

from evals import metrics as m
from evals.task import Actual, CaseResult, Expected


def test_qwk_perfect_and_reversed() -> None:
    assert m.quadratic_weighted_kappa([1, 2, 3, 4], [1, 2, 3, 4], 1, 4) == pytest.approx(1.0)
    # two raters, two items, swapped: O = [[0,1],[1,0]], E = [[.5,.5],[.5,.5]], w = [[0,1],[1,0]] -> 1 - 2/1
    assert m.quadratic_weighted_kappa([1, 2], [2, 1], 1, 2) == pytest.approx(-1.0)


def test_qwk_hand_example() -> None:
    # O = [[1,1],[0,2]]; row sums [2,2], col sums [1,3]; E = [[.5,1.5],[.5,1.5]]
    # sum(w*O) = 1, sum(w*E) = 1.5 + .5 = 2 -> kappa = 1 - 1/2
    assert m.quadratic_weighted_kappa([1, 1, 2, 2], [1, 2, 2, 2], 1, 2) == pytest.approx(0.5)


def test_qwk_undefined() -> None:
    assert math.isnan(m.quadratic_weighted_kappa([], [], 1, 4))
    assert math.isnan(m.quadratic_weighted_kappa([2, 2], [2, 2], 1, 4))  # no spread: expected disagreement 0


def test_spearman_hand_example() -> None:
    # d = [-1, 1, -1, 1, 0], sum d^2 = 4, rho = 1 - 6*4 / (5*24) = 0.8
    assert m.spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == pytest.approx(0.8)
    assert m.spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert math.isnan(m.spearman([1, 1, 1], [1, 2, 3]))


def test_spearman_with_ties_uses_average_ranks() -> None:
    # ranks x = [1, 2.5, 2.5, 4], y = [1, 2, 3, 4]: pearson of the ranks = 4.5 / sqrt(4.5 * 5)
    assert m.spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(4.5 / math.sqrt(4.5 * 5))


def test_icc_shrout_fleiss_example() -> None:
    # Shrout & Fleiss (1979), 6 targets x 4 judges: ICC(2,1) = 0.29
    data = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    assert m.icc_2_1(data) == pytest.approx(0.2898, abs=1e-3)


def test_icc_perfect_agreement_and_undefined() -> None:
    assert m.icc_2_1([[1, 1], [2, 2], [4, 4]]) == pytest.approx(1.0)
    assert math.isnan(m.icc_2_1([[1, 2]]))


def _r(cid: str, verdict: str, scores: dict[str, int], *, base: str | None = None, variant: str = "original",
       side: str = "hire", exp: str = "hire", bands: dict[str, tuple[int, int]] | None = None,
       kind: str = "story", repeats: list[tuple[str, dict[str, int]]] | None = None) -> CaseResult:
    actual = Actual(verdict=verdict, overall=3.0, scores=scores)
    reps = [Actual(verdict=v, overall=3.0, scores=s) for v, s in repeats] if repeats else [actual]
    return CaseResult(id=cid, base=base or cid, variant=variant, kind=kind, problem="x", company="google",
                      level="mid", expected=Expected(side=side, verdict=exp, bands=bands or {}),
                      actual=actual, repeats=reps)


def test_case_metrics_accuracy_and_bands() -> None:
    rs = [
        _r("a", "hire", {"estimation": 4, "requirements": 2}, bands={"estimation": (3, 4), "requirements": (3, 4)}),
        _r("b", "lean_no_hire", {"estimation": 1}, side="no_hire", exp="no_hire", bands={"estimation": (1, 2)}),
        _r("c", "lean_hire", {"estimation": 3}, side="no_hire", exp="no_hire", kind="extra",
           bands={"estimation": (1, 2)}),
    ]
    got = m.case_metrics(rs)
    assert got["verdict_accuracy"] == pytest.approx(1 / 3)
    assert got["side_accuracy"] == pytest.approx(2 / 3)
    assert got["side_accuracy_core"] == pytest.approx(1.0)  # c is not a story or anti-lesson
    assert got["within_band"] == pytest.approx(2 / 4)


def test_invariance_same_verdict_and_largest_change() -> None:
    base = _r("a", "hire", {"estimation": 4, "deep_dive": 3})
    same = _r("a~json", "hire", {"estimation": 4, "deep_dive": 3}, base="a", variant="json")
    moved = _r("a~padded", "lean_hire", {"estimation": 2, "deep_dive": 3}, base="a", variant="padded")
    got = m.invariance([same, moved], {"a": base})
    assert got["invariance_same_verdict"] == pytest.approx(0.5)
    assert got["invariance_max_delta"] == 2
    assert got["invariance_same_verdict[json]"] == 1.0 and got["invariance_max_delta[padded]"] == 2


def test_retest_over_repeats() -> None:
    r1 = _r("a", "hire", {"x": 3, "y": 2}, repeats=[("hire", {"x": 3, "y": 2}), ("hire", {"x": 3, "y": 3})])
    r2 = _r("b", "hire", {"x": 1, "y": 4}, repeats=[("hire", {"x": 1, "y": 4}), ("lean_hire", {"x": 1, "y": 4})])
    got = m.retest([r1, r2])
    assert got["retest_exact"] == pytest.approx(0.5)
    assert got["retest_max_spread"] == 1
    assert got["retest_icc"] == pytest.approx(m.icc_2_1([[3, 3], [2, 3], [1, 1], [4, 4]]))
    assert m.retest([_r("c", "hire", {"x": 1})]) == {}


def test_agreement_with_reference() -> None:
    llm = [_r("a", "hire", {"x": 3}), _r("b", "no_hire", {"x": 1})]
    offline = [_r("a", "lean_hire", {"x": 2}), _r("b", "lean_hire", {"x": 1})]
    got = m.agreement(llm, offline)
    assert got["agreement_side"] == 0.5 and got["agreement_exact"] == 0.0
    assert got["agreement_mean_abs_diff"] == pytest.approx(0.5)
