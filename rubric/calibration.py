"""The grader's few free parameters, and how they are fitted.

Each dimension's evidence is a continuous amount of distinct, grounded contributions; three cut points per
dimension map it onto the 1-4 scale. One more parameter, the verdict bar shift, moves the level's bar for the
weighted overall. Nothing else is fitted. ``rubric/data/calibration.yaml`` holds the values fitted on every
labelled transcript; ``babysteps eval --cv`` refits them on training folds only to measure how they generalise.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import yaml
from pydantic import BaseModel

from kernel.yamlio import safe_load
from rubric.models import DIMENSION_IDS

CALIBRATION = Path(__file__).parent / "data" / "calibration.yaml"
Cuts = tuple[float, float, float]
Scorer = Literal["rules", "ledger"]
DEFAULT_CUTS: Cuts = (0.5, 2.0, 4.0)


class Calibration(BaseModel):
    """Cut points per dimension (evidence at or above ``cuts[i]`` scores ``i + 2``) and the verdict bar shift.

    ``scorer`` picks what the packaged grader scores with: the ledger's evidence through these cut points, or
    the phrase rules of ``rubric.offline`` (which ignore the cut points and the shift).
    """

    scorer: Scorer = "rules"
    cuts: dict[str, Cuts] = {}
    bar_shift: float = 0.0

    def score(self, dim: str, value: float) -> int:
        """The 1-4 score of ``value`` evidence on ``dim``."""
        return score_of(value, self.cuts.get(dim, DEFAULT_CUTS))


@lru_cache(maxsize=4)
def _load(path: str) -> Calibration:
    p = Path(path)
    if not p.is_file():
        return Calibration()
    return Calibration.model_validate(safe_load(p.read_text(encoding="utf-8")) or {})


def load_calibration(path: Path = CALIBRATION) -> Calibration:
    return _load(str(path))


def save_calibration(cal: Calibration, path: Path = CALIBRATION) -> None:
    header = (
        "# Fitted by `babysteps eval --cv --fit` on every labelled transcript; see rubric/calibration.py.\n"
        "# scorer: ledger (the default: better out of fold on every independent source) or rules (the phrase\n"
        "# rules, kept for comparison; `babysteps eval --cv` reports both).\n"
    )
    body = {"scorer": cal.scorer, "bar_shift": round(cal.bar_shift, 3),
            "cuts": {d: [round(float(c), 3) for c in cal.cuts[d]] for d in DIMENSION_IDS if d in cal.cuts}}
    path.write_text(header + yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
    _load.cache_clear()


def _cost(score: int, band: tuple[int, int]) -> float:
    """Outside the band costs its distance; inside, a small pull towards the band's middle breaks ties."""
    lo, hi = band
    if score < lo:
        return float(lo - score)
    if score > hi:
        return float(score - hi)
    return 0.05 * abs(score - (lo + hi) / 2)


_TIE = 0.01  # far below any difference in :func:`_cost`: it only decides between equally good labellings


def score_of(value: float, cuts: Cuts) -> int:
    """The 1-4 score of ``value`` under ``cuts``."""
    return 1 + sum(value >= c for c in cuts)


def fit_cuts(values: Sequence[float], bands: Sequence[tuple[int, int]], prior: Cuts = DEFAULT_CUTS) -> Cuts:
    """Monotone cut points that put the most training values inside their bands.

    Dynamic programme over the distinct values in order (equal values share a score, scores never decrease);
    each cut lands halfway between the last value of one score and the first of the next. A score no value
    takes keeps its prior cut, held in order.
    """
    if not values:
        return prior
    order = sorted(set(values))
    groups = [[b for v, b in zip(values, bands, strict=True) if v == x] for x in order]
    # Where a value's band allows more than one score the choice costs the same; the prior's score breaks the tie.
    cost = np.array([[sum(_cost(s, b) for b in g) + _TIE * len(g) * abs(s - score_of(x, prior)) for s in (1, 2, 3, 4)]
                     for x, g in zip(order, groups, strict=True)])
    best = np.zeros_like(cost)
    back = np.zeros(cost.shape, dtype=int)
    best[0] = cost[0]
    for i in range(1, len(groups)):
        for s in range(4):
            j = int(np.argmin(best[i - 1][: s + 1]))
            best[i][s] = best[i - 1][j] + cost[i][s]
            back[i][s] = j
    labels = [int(np.argmin(best[-1]))]
    for i in range(len(groups) - 1, 0, -1):
        labels.append(back[i][labels[-1]])
    labels.reverse()
    cuts = list(prior)
    for s in (1, 2, 3):  # the cut into score s + 1
        above = [x for x, lab in zip(order, labels, strict=True) if lab >= s]
        below = [x for x, lab in zip(order, labels, strict=True) if lab < s]
        if above and below:
            cuts[s - 1] = (max(below) + min(above)) / 2
        elif above:
            cuts[s - 1] = min(min(above), prior[s - 1])
        else:
            cuts[s - 1] = max(max(below) + 1e-6, prior[s - 1])
    for i in (1, 2):
        cuts[i] = max(cuts[i], cuts[i - 1])
    return (cuts[0], cuts[1], cuts[2])


def fit_bar_shift(
    margins: Sequence[float], hire: Sequence[bool], blocked: Sequence[bool] | None = None, limit: float = 0.75
) -> float:
    """The shift of the level's bar that puts the most training transcripts on their side.

    ``blocked`` marks transcripts held on the no-hire side by a missed minimum whatever their margin. Among
    equally good shifts the median is taken, so the bar sits between the two sides rather than against either.
    """
    if not margins:
        return 0.0
    blocked = blocked or [False] * len(margins)
    points = sorted({round(m, 4) for m in margins})
    candidates = [(a + b) / 2 for a, b in zip(points, points[1:], strict=False)] + [0.0]
    candidates = sorted({round(c, 4) for c in candidates if -limit <= c <= limit})

    def right(shift: float) -> int:
        return sum((m >= shift and not b) == h for m, h, b in zip(margins, hire, blocked, strict=True))

    scores = [right(c) for c in candidates]
    top = max(scores)
    return float(np.median([c for c, s in zip(candidates, scores, strict=True) if s == top]))
