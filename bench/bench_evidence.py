"""Turn analysis latency: per candidate turn with the real local embedder, cold (new text) and cached.

Target: a few milliseconds of rules plus one embedding call per turn, so the interviewer can analyse every
turn without a visible pause.
"""

from __future__ import annotations

import statistics
import time

from analysis.turns import TurnAnalyzer
from knowledge.content import knowledge
from knowledge.embeddings import get_embedder

TURNS = [
    "Before designing, how many users will use it? What's the read to write ratio? Do links expire?",
    "100M URLs a day is about 1,160 writes/sec. Reads are 100:1 so 116K reads/s. Each record is ~500 bytes, "
    "so 100M/day x 500B x 365 days = ~18 TB/year.",
    "Clients hit a load balancer, then stateless API servers. A redirect service does a cache-first lookup in "
    "Redis because 116K reads/s against a 50 ms budget needs memory lookups; misses go to DynamoDB, partitioned "
    "by short code. An ID generator leases ranges so two servers never mint the same code.",
    "If the Redis cluster goes down, redirects fall back to the database, which can take the load for a while "
    "with read replicas. The trade-off is higher latency. To avoid a thundering herd we coalesce requests per key.",
    "To summarise, writes go through the creation service to the store, reads hit the cache first. "
    "With more time I'd add abuse screening. No Kafka, no Kubernetes: we don't need them at this scale.",
]


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 2),
    }


def run() -> dict[str, object]:
    kb = knowledge()
    card = kb.problem("url-shortener")
    embedder = get_embedder()
    embedder.embed(["warm up"])
    started = time.perf_counter()
    analyzer = TurnAnalyzer(kb, embedder)
    analyzer.analyze("warm up the card", card)
    init = time.perf_counter() - started

    cold: list[float] = []
    for turn in TURNS * 4:
        analyzer.clear_cache()  # every sentence is embedded afresh: one model call per turn
        t0 = time.perf_counter()
        analyzer.analyze(turn, card)
        cold.append(time.perf_counter() - t0)
    cached: list[float] = []
    for turn in TURNS * 4:
        t0 = time.perf_counter()
        analyzer.analyze(turn, card)
        cached.append(time.perf_counter() - t0)
    primed: list[float] = []
    for _ in range(4):  # a whole transcript's turns embedded in one batch, then analysed from the cache
        analyzer.clear_cache()
        t0 = time.perf_counter()
        analyzer.prime(TURNS, [card])
        for turn in TURNS:
            analyzer.analyze(turn, card)
        primed.append((time.perf_counter() - t0) / len(TURNS))
    rules_only = TurnAnalyzer(kb)
    rules: list[float] = []
    for turn in TURNS * 4:
        t0 = time.perf_counter()
        rules_only.analyze(turn, card)
        rules.append(time.perf_counter() - t0)
    return {
        "analyzer_init_s": round(init, 3),
        "turn_with_embedding": _ms(cold),
        "turn_cached_embeddings": _ms(cached),
        "turn_primed_per_transcript": _ms(primed),  # per turn, the batch call shared out
        "turn_rules_only": _ms(rules),
        "turns": len(cold),
    }


if __name__ == "__main__":
    print(run())
