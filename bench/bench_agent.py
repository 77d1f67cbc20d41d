"""Interviewer benchmarks: offline turn latency, and LLM-mode prompt size as the interview grows.

* offline turn latency (p50/p95, ms) in process: turn analysis with the real embedder, policy, retrieval
  from the real index (coach mode on) and the SQLite checkpoint writes; target p95 <= 50 ms. A second
  figure analyses turns with the keyword rules only (retrieval and checkpoints unchanged).
* prompt tokens per interviewer turn at candidate turns 10, 30 and 60 in LLM mode, with a recording
  fake chat model (tokens ~ words x 1.3); the prompt must stay flat as the transcript grows.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from agent.clock import WordClock
from agent.session import InterviewSession
from kernel.config import get_settings
from tests.fakes import FakeChatModel

SCRIPT = [
    "How many URLs are shortened per day, and what's the read to write ratio?",
    "Do links expire? What latency do redirects need?",
    "100M a day is about 1,160 writes per second; at 100:1 that's about 116K reads per second.",
    "A creation service, a redirect service, a key-value store and a cache for hot links.",
    "For the IDs I'll use ZooKeeper.",
    "Range allocation from one database row, so each server leases a block of a million IDs.",
    "Redis because 116K reads per second under 50 ms needs memory; 20 GB holds the hot links.",
    "A viral link is a hot key; I'd replicate it and coalesce cache misses with a per-key lock.",
    "DynamoDB because it's pure key-value at 18 TB with no joins; a TTL attribute handles expiry.",
    "If Redis dies the database sees 116K reads per second, so a circuit breaker sheds load.",
]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def offline_latency(home: Path, turns: int = 40, semantic: bool = True) -> dict[str, Any]:
    """Per-turn latency; ``semantic`` analyses turns with the embedder too (else keyword rules only)."""
    from analysis.turns import TurnAnalyzer
    from knowledge.content import knowledge
    from knowledge.embeddings import get_embedder
    from knowledge.index import open_index

    settings = get_settings(home=home)
    embedder = get_embedder()
    index = open_index(settings, embedder)
    analyzer = TurnAnalyzer(knowledge(), embedder if semantic else None)
    session = InterviewSession.start(settings, problem_id="url-shortener", coach=True, embedder=embedder,
                                     index=index, clock=WordClock(), llm="offline", analyzer=analyzer)
    session.send(SCRIPT[0])  # warm-up
    timings: list[float] = []
    for n in range(turns):
        started = time.perf_counter()
        session.send(f"{SCRIPT[n % len(SCRIPT)]} (point {n})")
        timings.append((time.perf_counter() - started) * 1000)
    session.close()
    tag = "offline_turn_ms" if semantic else "offline_keyword_turn_ms"
    return {
        f"{tag}_p50": round(statistics.median(timings), 1),
        f"{tag}_p95": round(_percentile(timings, 0.95), 1),
        f"{tag}_max": round(max(timings), 1),
    }


def prompt_growth(home: Path, marks: tuple[int, ...] = (10, 30, 60)) -> dict[str, Any]:
    settings = get_settings(home=home)
    llm = FakeChatModel()
    llm.enqueue(*(["Let's continue. What would you do next?"] * (max(marks) + 5)))

    class Index:
        def search(self, query: str, k: int = 5, **_: Any) -> list[Any]:
            return []

    session = InterviewSession.start(settings, problem_id="url-shortener", llm="openai", chat_model=llm,
                                     index=Index(), clock=WordClock(), thread_id="bench-prompt")
    figures: dict[str, Any] = {}
    for n in range(1, max(marks) + 1):
        session.send(SCRIPT[n % len(SCRIPT)] + " " + "More detail about this part of the design. " * 4)
        if n in marks:
            words = sum(len(m["content"].split()) for m in llm.history[-1].messages)
            figures[f"prompt_tokens_turn_{n}"] = int(words * 1.3)
    session.close()
    values = [figures[f"prompt_tokens_turn_{m}"] for m in marks]
    figures["prompt_growth_ratio_60_vs_10"] = round(values[-1] / values[0], 3)
    return figures


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-agent-") as tmp:
        figures: dict[str, Any] = {"offline_turns_measured": 40, "offline_p95_target_ms": 50}
        figures |= offline_latency(Path(tmp) / "home")
        figures |= offline_latency(Path(tmp) / "home", semantic=False)
        figures |= prompt_growth(Path(tmp) / "home2")
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
