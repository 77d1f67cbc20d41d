"""Priming: a whole transcript's sentences embedded in one call, with the same analyses and grades as before."""

from __future__ import annotations

from pathlib import Path

from analysis.turns import TurnAnalyzer
from kernel.transcript import Transcript, Turn, load_transcript
from knowledge.content import Knowledge
from rubric.grader import _analyzer, analyze_turns, find_card, grade_transcript, prime_transcripts
from tests.fakes import FakeEmbeddings

FIXTURES = Path(__file__).parent / "fixtures"
TURNS = [
    "How many users will use it? And what's the read to write ratio, and do links expire?",
    "100M URLs a day is about 1,160 writes/sec. Each record is ~500 bytes, so about 18 TB a year.",
    "A redirect service reads Redis first because we need 116K reads/s; misses go to the database.",
]


class CountingEmbeddings(FakeEmbeddings):
    """The fake embedder, recording every call's texts."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return super().embed(texts)


def test_prime_embeds_every_turn_in_one_call_and_analyze_then_hits_the_cache(kb: Knowledge) -> None:
    embedder = CountingEmbeddings()
    analyzer = TurnAnalyzer(kb, embedder)
    card = kb.problem("url-shortener")
    embedder.calls.clear()  # the phrase-bank prototypes, embedded once per embedder
    assert analyzer.prime(TURNS, [card, None]) > 0
    assert len(embedder.calls) == 1
    assert card.components[0] in embedder.calls[0]  # the card's components and fact questions too
    assert any(t.endswith("expire?") and "users" not in t for t in embedder.calls[0])  # question clauses too
    primed = [analyzer.analyze(t, card) for t in TURNS]
    assert len(embedder.calls) == 1  # every analysis found its embeddings cached
    assert analyzer.prime(TURNS) == 0  # nothing left to embed

    cold = TurnAnalyzer(kb, CountingEmbeddings())
    assert [cold.analyze(t, card) for t in TURNS] == primed


def test_prime_without_embeddings_does_nothing(kb: Knowledge) -> None:
    assert TurnAnalyzer(kb).prime(TURNS) == 0


def test_analyze_turns_makes_one_embedding_call_per_transcript(kb: Knowledge) -> None:
    transcript = load_transcript(FIXTURES / "strong_url_shortener.md")
    embedder = CountingEmbeddings()
    analyzer = _analyzer(kb, embedder)
    card = find_card(transcript.problem, kb)
    analyzer.analyze("warm the card up", card)
    embedder.calls.clear()
    analyses = analyze_turns(transcript, analyzer, card)
    assert len(embedder.calls) == 1 and len(analyses) == len(transcript.candidate_turns())
    fresh = TurnAnalyzer(kb, FakeEmbeddings())
    assert analyses == {
        i: fresh.analyze(t.content, card, previous_interviewer=transcript.turns[i - 1].content)
        for i, t in transcript.candidate_turns()
    }


def test_prime_transcripts_batches_many_transcripts_and_keeps_the_grade(kb: Knowledge) -> None:
    first = load_transcript(FIXTURES / "strong_url_shortener.md")
    second = Transcript(turns=[Turn(role="interviewer", content="Design a URL shortener."),
                               *[Turn(role="candidate", content=t) for t in TURNS]], problem="url-shortener")
    expected = [grade_transcript(t, embedder=FakeEmbeddings(), kb=kb) for t in (first, second)]

    embedder = CountingEmbeddings()
    _analyzer(kb, embedder).analyze("warm the card up", find_card("url-shortener", kb))
    embedder.calls.clear()
    assert prime_transcripts([first, second], embedder=embedder, kb=kb) > 0
    assert len(embedder.calls) == 1 and "how many users will use it?" in embedder.calls[0]
    graded = [grade_transcript(t, embedder=embedder, kb=kb) for t in (first, second)]
    assert len(embedder.calls) == 1  # grading found every sentence cached
    assert [g.model_dump() for g in graded] == [g.model_dump() for g in expected]


def test_analyze_cached_remembers_a_turn_and_returns_independent_copies(kb: Knowledge) -> None:
    analyzer = TurnAnalyzer(kb, FakeEmbeddings())
    card = kb.problem("url-shortener")
    first = analyzer.analyze_cached(TURNS[0], card, previous_interviewer="Where do you start?")
    first.questions.append("changed by a caller")
    again = analyzer.analyze_cached(TURNS[0], card, previous_interviewer="Where do you start?")
    assert again == analyzer.analyze(TURNS[0], card, previous_interviewer="Where do you start?")
    assert "changed by a caller" not in again.questions
    assert analyzer.analyze_cached(TURNS[0]) == analyzer.analyze(TURNS[0])  # no card: its own entry
    changed = card.model_copy(update={"components": []})
    assert analyzer.analyze_cached(TURNS[0], changed, previous_interviewer="Where do you start?") == (
        analyzer.analyze(TURNS[0], changed, previous_interviewer="Where do you start?")
    )
