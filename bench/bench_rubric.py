"""Grading speed and cost: offline grading of a ~8,000-word 45-minute transcript, and LLM calls/tokens per grade.

The transcript is generated deterministically from varied, realistic candidate turns. The offline time excludes
the one-time model load (reported separately) and starts cold: the analyser's sentence cache is cleared before
each run, since the generated transcripts share template sentences. ``embed_calls_per_grade`` counts model calls
(the grader embeds a whole transcript in one batch). LLM figures come from a counting fake chat model: calls are
samples x dimensions; tokens are the fake's word counts (a lower bound for real tokenizers, ~1.3 tokens/word).
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from kernel.transcript import Transcript, Turn

TARGET_SECONDS = 0.5  # in-process grade of an 8,000-word transcript
TARGET_WORDS = 8_000

_QUESTIONS = [
    "How many daily active users do we expect, and how fast is that growing?",
    "Is the workload read-heavy or write-heavy, and roughly what ratio?",
    "What latency is acceptable for the main read path?",
    "Do we need strong consistency for {thing}, or is a few seconds of staleness fine?",
    "Which features are core for the first version, and which can we park?",
    "How long do we keep {thing}, and is there any regulatory retention?",
]
_ESTIMATES = [
    "With {n} million requests a day, that's about {rps:,} requests per second on average and maybe {peak:,} at peak.",
    "Each {thing} record is around {size} bytes, so {n} million a day is roughly {gb} GB a day and {tb} TB a year.",
    "A single PostgreSQL instance handles around 10,000 simple reads per second, so {rps:,} per second fits on one primary with a replica.",
    "If a server handles about 1,000 requests per second, {peak:,} at peak means around {servers} application servers behind the load balancer.",
]
_DESIGN = [
    "The {svc} service owns {thing}; it exposes POST /{path} and GET /{path}/{{id}}, and stores rows keyed by {thing}_id.",
    "I'm putting a Redis cache in front of the {thing} table because the read path needs under {ms} ms and the hot set is only about {hot} GB.",
    "Writes go through the {svc} service into PostgreSQL, and a background worker consumes a queue to update the counters asynchronously.",
    "I'd use {tech} here because we need {need}, and at {rps:,} per second that is comfortably within what it handles.",
    "The trade-off with caching is invalidation: when a {thing} changes we delete the key, accepting a short window of stale reads.",
    "The downside of a queue is extra operational work and eventual consistency, which is acceptable because nobody waits on the counters.",
]
_FAILURE = [
    "If the cache goes down, reads fall back to the database at around {ms} ms instead of 2 ms, which is slower but still works.",
    "If the primary database fails, the replica is promoted in about 30 seconds, and during that window writes are rejected with a retry.",
    "For the {svc} service I'd add idempotency keys so that a retried request after a timeout doesn't create a duplicate {thing}.",
    "A hot {thing} can overload one cache shard, so I'd replicate the hottest keys and add request coalescing to avoid a thundering herd.",
]
_SUMMARY = [
    "So far: the {svc} service handles writes into PostgreSQL, reads come through Redis, and the heavy work is asynchronous.",
    "To summarise, the design is sized for about {peak:,} requests per second, and at 10x we would shard by {thing}_id.",
]
_FILL = {
    "thing": ["order", "message", "booking", "document", "session", "profile", "invoice", "event"],
    "svc": ["ingest", "booking", "catalog", "billing", "timeline", "search", "upload", "notification"],
    "tech": ["Kafka", "PostgreSQL", "Redis", "S3", "Cassandra", "Elasticsearch"],
    "need": ["replayable events", "relational queries with joins", "sub-millisecond lookups", "cheap durable blobs"],
    "path": ["orders", "messages", "bookings", "documents", "events"],
}
_PROMPTS = [
    "Go on.", "Why that choice rather than the alternative?", "How many requests per second is that?",
    "What happens if that component fails?", "OK, what would you look at next?", "What about 10x the traffic?",
]


def _fill(rng: random.Random, template: str) -> str:
    n = rng.choice([5, 20, 50, 100, 300])
    rps = n * 1_000_000 // 86_400
    values: dict[str, Any] = {k: rng.choice(v) for k, v in _FILL.items()}
    values.update(n=n, rps=rps, peak=rps * 3, size=rng.choice([200, 500, 1000]), ms=rng.choice([10, 20, 50]),
                  hot=rng.choice([4, 16, 64]), servers=max(2, rps * 3 // 1000))
    values["gb"] = n * values["size"] // 1000
    values["tb"] = round(values["gb"] * 365 / 1000, 1)
    return template.format(**values)


def make_transcript(words: int = TARGET_WORDS, seed: int = 7) -> Transcript:
    """A realistic 45-minute transcript of about ``words`` words; the same seed gives the same transcript."""
    rng = random.Random(seed)
    turns = [Turn(role="interviewer", content="Let's design the backend for a booking platform.")]
    phases = [_QUESTIONS] * 2 + [_ESTIMATES] * 3 + [_DESIGN] * 8 + [_FAILURE] * 3 + [_SUMMARY]
    total = 0
    i = 0
    while total < words:
        bank = phases[min(i * len(phases) // 60, len(phases) - 1)]
        text = " ".join(_fill(rng, rng.choice(bank)) for _ in range(rng.randint(4, 7)))
        turns.append(Turn(role="candidate", content=text, minute=round(i * 45 / 60, 1)))
        turns.append(Turn(role="interviewer", content=rng.choice(_PROMPTS)))
        total += len(text.split())
        i += 1
    return Transcript(turns=turns, company="google", level="senior")


class CountingEmbedder:
    """Passes calls through to the real embedder, counting calls and texts."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls: list[int] = []

    @property
    def dim(self) -> int:
        return int(self.inner.dim)

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(len(texts))
        return list(self.inner.embed(texts))


def run() -> dict[str, Any]:
    from knowledge.content import knowledge
    from knowledge.embeddings import get_embedder
    from rubric.grader import _analyzer, analyze_turns, grade_offline, grade_transcript
    from rubric.llm_grader import DimensionJudgment, QuoteRef, grade_with_llm
    from rubric.rubric import rubric
    from tests.fakes import FakeChatModel

    started = time.perf_counter()
    local = get_embedder()
    embedder = CountingEmbedder(local)
    embedder.embed(["warm up"])
    kb = knowledge()
    grade_transcript(make_transcript(words=300, seed=1), embedder=embedder)  # model, prototypes, first analyser
    load_seconds = time.perf_counter() - started
    runs = []
    calls: list[int] = []
    texts: list[int] = []
    card = None
    for seed in (7, 8, 9):
        transcript = make_transcript(seed=seed)
        _analyzer(kb, embedder).clear_cache()  # cold: every sentence is embedded afresh
        embedder.calls.clear()
        t0 = time.perf_counter()
        card = grade_transcript(transcript, embedder=embedder)
        runs.append(time.perf_counter() - t0)
        calls.append(len(embedder.calls))
        texts.append(sum(embedder.calls))
    assert card is not None
    grade_seconds = statistics.median(runs)

    # LLM grading cost with a counting fake: one valid judgment per call.
    rb = rubric()
    t0 = time.perf_counter()
    analyses = analyze_turns(transcript, _analyzer(kb, embedder), None)
    analysis_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    offline, sig = grade_offline(transcript, analyses, company="google", level="senior", kb=kb, rb=rb)
    scoring_seconds = time.perf_counter() - t0
    first = transcript.candidate_turns()[0]
    reply = DimensionJudgment(reasoning="ok", score=3, evidence=[QuoteRef(quote=first[1].content.split(".")[0], turn=first[0])])
    samples = 3
    llm = FakeChatModel()
    llm.enqueue(*[reply] * (samples * len(offline.dimensions)))
    grade_with_llm(transcript, offline, sig, chat_model=llm, rb=rb, samples=samples)
    return {
        "transcript_words": transcript.words(),
        "candidate_words": transcript.words("candidate"),
        "turns": len(transcript.turns),
        "model_load_seconds": round(load_seconds, 3),
        "offline_grade_seconds": round(grade_seconds, 3),
        "offline_grade_runs": [round(r, 3) for r in runs],
        "offline_target_seconds": TARGET_SECONDS,
        "offline_within_target": grade_seconds <= TARGET_SECONDS,
        "embed_calls_per_grade": max(calls),
        "embedded_texts_per_grade": max(texts),
        "embed_batch_threads": local.threads_for(max(texts)),
        "turn_analysis_seconds_rerun": round(analysis_seconds, 3),  # same transcript again: embedding cache warm
        "scoring_seconds": round(scoring_seconds, 3),  # signals + per-dimension rules + verdict, analyses given
        "verdict": card.verdict,
        "llm_samples": samples,
        "llm_dimensions": len(offline.dimensions),
        "llm_calls_per_grade": llm.usage.calls,
        "llm_prompt_words_per_grade": llm.usage.prompt_tokens,
        "llm_completion_words_per_grade": llm.usage.completion_tokens,
        "llm_tokens_estimate_per_grade": round(llm.usage.total_tokens * 1.3),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
