"""Team load benchmark: simulated candidates in offline mode against two app processes sharing PostgreSQL,
beside the same load on the embedded single-process setup (SQLite in one data directory).

Each app process runs its candidates at once, one thread each (as Streamlit runs each browser session's
script in a thread of its own), through the same session API the app uses, with the real local embedder
for the turn analyser; the page rendering and the browser are not part of it (``bench_ui`` measures those).
PostgreSQL is a throwaway cluster from Debian's package, started and stopped here.

Figures per setup:
    candidates, turns        simulated candidates and the turns each sends
    turn_p50_s, turn_p95_s   one candidate message sent → the interviewer's reply returned (checkpointed)
    turn_max_s
    errors                   candidates that failed, and the first error
    wall_s                   the whole run, all candidates

``BABYSTEPS_BENCH_CANDIDATES`` and ``BABYSTEPS_BENCH_TURNS`` change the load (default 50 candidates, 4 turns).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.team.services import AppProcess, Postgres, postgres_bindir

TURNS = [
    "Who are the users, and how many new short links per day should we expect?",
    "So 100 million a day is about 1,160 writes per second; with 100 reads per write that is 116,000 reads per second.",
    "I would put an API service behind a load balancer, PostgreSQL for the mappings and Redis for hot links.",
    "Redis because the redirect path is read-heavy and memory answers far faster than a disk read from the database.",
    "If Redis fails we read from PostgreSQL replicas behind a circuit breaker and accept the slower path.",
]


def _figures(answers: list[dict[str, Any]], candidates: int, turns: int, wall: float) -> dict[str, Any]:
    latencies = sorted(x for a in answers for x in a.get("latencies", []))
    errors = [e for a in answers for e in a.get("errors", [])]
    if "error" in (a := next((a for a in answers if "error" in a), {})):
        errors.append(f"{a['error']}: {a.get('message')}")
    figures: dict[str, Any] = {"candidates": candidates, "turns": turns, "errors": len(errors), "wall_s": round(wall, 2)}
    if latencies:
        figures.update(turn_p50_s=round(statistics.median(latencies), 3),
                       turn_p95_s=round(latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 3),
                       turn_max_s=round(latencies[-1], 3), turns_measured=len(latencies))
    if errors:
        figures["first_error"] = errors[0]
    return figures


def _load(apps: list[AppProcess], candidates: int, turns: list[str]) -> tuple[list[dict[str, Any]], float]:
    shares = [candidates // len(apps) + (1 if i < candidates % len(apps) else 0) for i in range(len(apps))]
    started = time.perf_counter()
    for i, (app, share) in enumerate(zip(apps, shares, strict=True)):
        app.tell(op="load", candidates=share, turns=turns, prefix=f"p{i + 1}", embedder=True)
    answers = [app.answer() for app in apps]
    return answers, time.perf_counter() - started


def run() -> dict[str, Any]:
    candidates = int(os.environ.get("BABYSTEPS_BENCH_CANDIDATES", "50"))
    turns = TURNS[: int(os.environ.get("BABYSTEPS_BENCH_TURNS", "4"))]
    results: dict[str, Any] = {"cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="bench-team-") as tmp:
        root = Path(tmp)
        embedded = AppProcess(root / "embedded", None)
        try:
            answers, wall = _load([embedded], candidates, turns)
            results["embedded_one_process"] = _figures(answers, candidates, len(turns), wall)
        finally:
            embedded.stop()
        if postgres_bindir() is None:
            results["postgres_two_processes"] = {"skipped": "PostgreSQL is not installed (apt-get install postgresql)"}
            return results
        pg = Postgres().start()
        try:
            url = pg.create_database("bench")
            apps = [AppProcess(root / f"app-{n}", url) for n in (1, 2)]
            try:
                answers, wall = _load(apps, candidates, turns)
                results["postgres_two_processes"] = _figures(answers, candidates, len(turns), wall)
            finally:
                for app in apps:
                    app.stop()
        finally:
            pg.stop()
    return results
