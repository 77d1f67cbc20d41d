"""The lean LLM grader with the fake chat model: per dimension only its ledger entries and the turns they cite."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.transcript import Transcript, load_transcript
from rubric.grader import Assessment, assess, finish
from rubric.lean_prompt import MAX_TURNS, lean_messages, ledger_entries
from rubric.llm_grader import DimensionJudgment, QuoteRef, grade_with_llm, messages_for
from rubric.models import Rubric, Scorecard
from rubric.rubric import rubric
from tests.fakes import FakeChatModel, FakeEmbeddings

CASE = Path(__file__).resolve().parents[2] / "evals" / "data" / "cases" / "story-google-url-shortener.md"


@pytest.fixture(scope="module")
def graded() -> tuple[Transcript, Assessment, Scorecard, Rubric]:
    transcript = load_transcript(CASE)
    rb = rubric()
    assessment = assess(transcript, embedder=FakeEmbeddings())  # type: ignore[arg-type]
    return transcript, assessment, finish(assessment, rb), rb


def _evidence(dim) -> str:
    return "\n".join(f'- [turn {e.turn}] "{e.quote}"' for e in dim.evidence)


def _shown_transcript(prompt: str) -> str:
    return prompt[prompt.index("<transcript>"):prompt.index("</transcript>")]


def _candidate_quote(transcript: Transcript, turn: int) -> str:
    return " ".join(transcript.turns[turn].content.split()[:8])


def test_each_dimension_sees_its_ledger_entries_and_only_the_turns_they_cite(graded) -> None:
    transcript, assessment, offline, rb = graded
    assert assessment.ledger is not None
    dim = offline.dimension("requirements")
    messages = lean_messages(dim, transcript, rb, assessment.ledger, company="google", level="senior",
                             offline_evidence="")
    user = messages[1]["content"]
    full = messages_for(dim, transcript, rb, company="google", level="senior", offline_evidence="")[1]["content"]
    assert "Evidence ledger for this dimension:" in user and "clarifying question:" in user
    shown = [n for n in range(len(transcript.turns)) if f"[turn {n}] Candidate:" in user]
    assert 0 < len(shown) <= MAX_TURNS < len(transcript.candidate_turns())
    assert len(_shown_transcript(user)) * 2 < len(_shown_transcript(full))  # far less than the whole transcript
    assert "<transcript>" in user and rb.dimension("requirements").anchors[4] in user


def test_ledger_sections_differ_by_dimension(graded) -> None:
    _, assessment, _, _ = graded
    led = assessment.ledger
    assert led is not None
    assert all("figure" in line for _, line in ledger_entries(led, "estimation") if "interviewer stated" not in line)
    assert not any("clarifying question" in line for _, line in ledger_entries(led, "reliability"))


def test_lean_grade_median_verified_quotes_and_disagreement_flag(graded) -> None:
    transcript, assessment, offline, rb = graded
    turn = next(n for n, t in enumerate(transcript.turns) if t.role == "candidate")
    quote = _candidate_quote(transcript, turn)
    llm = FakeChatModel()
    for dim in offline.dimensions:
        far = 1 if dim.score >= 3 else 4
        llm.enqueue(*[DimensionJudgment(reasoning="r", score=far, evidence=[QuoteRef(quote=quote, turn=turn),
                                                                              QuoteRef(quote="never said", turn=turn)])
                      for _ in range(3)])
    card = grade_with_llm(transcript, offline, assessment.sig, chat_model=llm, rb=rb, samples=3,
                          ledger=assessment.ledger)
    assert card.grader == "llm:fake:model" and len(llm.history) == 3 * len(offline.dimensions)
    assert any(f.startswith("disagreement:") for f in card.flags)
    assert any(f.startswith("llm_unverified_quotes:") for f in card.flags)  # "never said" was dropped
    assert all(transcript.turns[e.turn].content.find(e.quote.split()[0]) >= 0
               for d in card.dimensions for e in d.evidence)
    fulls = [sum(len(m["content"]) for m in messages_for(d, transcript, rb, company="google", level="senior",
                                                          offline_evidence=_evidence(d)))
             for d in offline.dimensions for _ in range(3)]
    sent = [sum(len(m["content"]) for m in call.messages) for call in llm.history]
    assert all(s <= f for s, f in zip(sent, fulls, strict=True))  # never more than the whole transcript
    assert sum(sent) < sum(fulls)  # and less overall
