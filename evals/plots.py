"""PNG plots of an eval run (matplotlib, Agg backend): confusion per dimension, score spread, invariance."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from evals import evaluators as ev  # noqa: E402
from evals.task import CaseResult  # noqa: E402

MIDPOINTS = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]
SCORES = [1, 2, 3, 4]


def _save(fig: Any, path: Path) -> Path:
    """Lay out, write and release one figure."""
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def confusion(results: Sequence[CaseResult], out: Path) -> Path:
    """One heatmap per dimension: expected band midpoint (rows) against the actual score (columns)."""
    originals = [r for r in results if r.variant == "original" and r.actual is not None]
    dims = sorted({d for r in originals for d in r.expected.bands})
    cols = 3
    rows = max(1, -(-len(dims) // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 3.4, rows * 3.2), squeeze=False)
    for ax, d in zip(axes.flat, dims, strict=False):
        grid = np.zeros((len(MIDPOINTS), len(SCORES)))
        for r in originals:
            scores = r.actual.scores if r.actual else {}
            if d in r.expected.bands and d in scores:
                mid = sum(r.expected.bands[d]) / 2
                grid[MIDPOINTS.index(mid), int(scores[d]) - 1] += 1
        ax.imshow(grid, cmap="Blues", aspect="auto", origin="lower")
        for (i, j), v in np.ndenumerate(grid):
            if v:
                ax.text(j, i, int(v), ha="center", va="center", fontsize=8)
        ax.set_title(d, fontsize=9)
        ax.set_xticks(range(len(SCORES)), [str(s) for s in SCORES])
        ax.set_yticks(range(len(MIDPOINTS)), [str(m) for m in MIDPOINTS])
        ax.set_xlabel("actual", fontsize=8)
        ax.set_ylabel("expected (band mid)", fontsize=8)
    for ax in list(axes.flat)[len(dims) :]:
        ax.axis("off")
    return _save(fig, out / "confusion.png")


def distributions(results: Sequence[CaseResult], out: Path) -> Path:
    """Actual dimension scores for cases expected on the hire side against those expected on the no-hire side."""
    originals = [r for r in results if r.variant == "original" and r.actual is not None]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    width = 0.38
    for offset, side, colour in ((-width / 2, "hire", "tab:green"), (width / 2, "no_hire", "tab:red")):
        scores = [s for r in originals if r.expected.side == side for s in r.actual.scores.values()]  # type: ignore[union-attr]
        counts = [scores.count(s) for s in SCORES]
        left.bar(np.array(SCORES) + offset, counts, width, label=f"expected {side}", color=colour)
        overall = [r.actual.overall for r in originals if r.expected.side == side]  # type: ignore[union-attr]
        right.hist(overall, bins=np.arange(1, 4.01, 0.25), alpha=0.6, label=f"expected {side}", color=colour)
    left.set_title("dimension scores")
    left.set_xticks(SCORES)
    left.legend(fontsize=8)
    right.set_title("overall score")
    right.legend(fontsize=8)
    return _save(fig, out / "distributions.png")


def invariance(results: Sequence[CaseResult], out: Path) -> Path:
    """Per perturbation: share of cases keeping their verdict, and the largest dimension change."""
    by_id = {r.id: r for r in results if r.variant == "original"}
    variants = [r for r in results if r.variant not in ("original", "swap") and r.base in by_id]
    names = sorted({r.variant for r in variants})
    same = [ev.share_same(variants, by_id, n) for n in names]
    delta = [max((ev.max_dimension_delta(r, by_id[r.base]) for r in variants if r.variant == n), default=0) for n in names]
    fig, ax = plt.subplots(figsize=(max(5.0, 1.1 * len(names) + 2), 3.6))
    x = np.arange(len(names))
    ax.bar(x - 0.2, same, 0.4, label="same verdict (share)", color="tab:blue")
    ax2 = ax.twinx()
    ax2.bar(x + 0.2, delta, 0.4, label="largest dimension change", color="tab:orange")
    ax.set_ylim(0, 1.05)
    ax2.set_ylim(0, 3.2)
    ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
    ax.set_title("perturbation invariance")
    fig.legend(loc="lower left", fontsize=8)
    return _save(fig, out / "invariance.png")


def write_all(results: Sequence[CaseResult], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [confusion(results, out), distributions(results, out), invariance(results, out)]
