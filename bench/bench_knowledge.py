"""Knowledge index figures: cold and warm build, query latency, recall@3, memory of one CLI search."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from knowledge.embeddings import get_embedder
from knowledge.index import KnowledgeIndex

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "knowledge" / "retrieval_queries.yaml"
CLI_QUERY = "do I need ZooKeeper for unique ids"

# Runs the CLI as the only child of a small parent, so RUSAGE_CHILDREN measures that search alone.
_MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(proc.returncode, peak_kb, seconds)
sys.stdout.write(proc.stdout)
"""


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[rank]


def _cli_search(home: Path) -> dict[str, float | int | str]:
    env = {**os.environ, "BABYSTEPS_HOME": str(home), "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "ui.cli", "kb", "search", CLI_QUERY, "--json"]
    out = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout
    head, _, body = out.partition("\n")
    code, peak_kb, seconds = head.split()
    top = [h["id"] for h in json.loads(body)[:3]] if code == "0" else []
    return {
        "cli_search_exit_code": int(code),
        "cli_search_peak_rss_mb": round(int(peak_kb) / 1024, 1),
        "cli_search_seconds": round(float(seconds), 2),
        "cli_search_top3": ", ".join(top),
    }


def run() -> dict[str, object]:
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    embedder = get_embedder()
    started = time.perf_counter()
    embedder.embed(["load the model"])
    figures: dict[str, object] = {"model_load_seconds": round(time.perf_counter() - started, 2)}
    with tempfile.TemporaryDirectory(prefix="babysteps-bench-") as tmp:
        home = Path(tmp)
        cold = KnowledgeIndex(home / "index", embedder).build()
        warm = KnowledgeIndex(home / "index", embedder)
        warm_report = warm.build()
        figures.update(
            chunks=warm.count(),
            build_cold_seconds=cold.seconds,
            build_warm_seconds=warm_report.seconds,
            warm_chunks_embedded=warm_report.added + warm_report.updated,
        )
        latencies, hits = [], 0
        warm.search("warm up", k=3)
        for q in queries:
            t0 = time.perf_counter()
            top = [h.id for h in warm.search(q["query"], k=3)]
            latencies.append((time.perf_counter() - t0) * 1000)
            hits += bool(set(top) & set(q["expected"]))
        figures.update(
            queries=len(queries),
            recall_at_3=round(hits / len(queries), 3),
            query_p50_ms=round(statistics.median(latencies), 1),
            query_p95_ms=round(_percentile(latencies, 95), 1),
        )
        warm.close()
        figures.update(_cli_search(home))
    return figures


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
