"""The whole offline eval (every case, perturbation, swap and interviewer script) with the real embedder.

Target: wall time <= 60 s on 2 cores, model load included. Gate results are reported, not asserted. Embedding
calls are counted: the run embeds every case's sentences in one batch up front.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_S = 60.0


def run(pattern: str = "*") -> dict[str, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bench.bench_rubric import CountingEmbedder
    from evals.report import write
    from evals.run import run_eval
    from kernel.config import get_settings
    from knowledge.embeddings import get_embedder

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as home:
        settings = get_settings(home=Path(home))
        local = get_embedder()
        embedder = CountingEmbedder(local)
        embedder.embed(["warm up"])
        load_s = time.perf_counter() - started
        embedder.calls.clear()
        run_ = run_eval(grader="offline", pattern=pattern, settings=settings, embedder=embedder)
        write(run_, Path(home) / "eval-out")
    wall = time.perf_counter() - started
    graded = int(run_.timings["gradings"])
    return {
        "wall_s": round(wall, 2),
        "target_s": TARGET_S,
        "within_target": wall <= TARGET_S,
        "embedder_load_s": round(load_s, 2),
        "cases_and_variants": len(run_.results),
        "gradings": graded,
        "scripts": len(run_.replays),
        "mean_grading_ms": round(1000 * run_.timings["grading_s"] / max(1, graded), 1),
        "embed_calls": len(embedder.calls),  # one batch for every case's sentences, then cards, prototypes, replays
        "embedded_texts": sum(embedder.calls),
        "largest_embed_batch": max(embedder.calls, default=0),
        "gates_failed": [g.gate.metric for g in run_.failed],
        "side_accuracy": round(run_.metrics.get("side_accuracy", float("nan")), 3),
        "within_band": round(run_.metrics.get("within_band", float("nan")), 3),
    }
