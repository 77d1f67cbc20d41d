"""The LLM grader: one structured judgment per dimension, K samples, median, every quote checked verbatim.

Lean by default: given the offline grader's evidence ledger, each dimension is judged from the ledger's entries
for it and only the turns they cite (:mod:`rubric.lean_prompt`), not the whole transcript; without a ledger the
whole transcript goes in (:func:`messages_for`).

Safeguards: the transcript goes in as delimited data; a quote not found verbatim in its turn is dropped and a
dimension left without evidence keeps the offline score (flagged); a judgment 2+ points away from the offline
grader is flagged; when text addressed to the grader was found, an LLM score more than a point above the
offline score is held to offline + 1 (flagged); an unavailable model falls back to the offline scorecard.
"""

from __future__ import annotations

import statistics

from pydantic import BaseModel, Field

from analysis.ledger import Ledger
from kernel.llm import ChatModel, LLMError, Message, StructuredOutputError
from kernel.transcript import Transcript
from rubric.grade_signals import Item, Signals
from rubric.lean_prompt import lean_messages
from rubric.models import DimensionScore, Rubric, Scorecard
from rubric.prompts import SYSTEM, USER, render_transcript
from rubric.quotes import quote_in, verified
from rubric.verdict import build_scorecard

MAX_REASONING = 500
JUDGMENT_MAX_TOKENS = 700  # a judgment is a short reasoning and a few quotes; bounds cost and runaway output


class QuoteRef(BaseModel):
    quote: str = Field(description="Copied verbatim from the transcript turn.")
    turn: int = Field(ge=0, description="The [turn N] number the quote comes from.")


class DimensionJudgment(BaseModel):
    """The model's judgment of one dimension. Reasoning comes first so the score follows from it."""

    reasoning: str = Field(description="Why this score, against the anchors, citing what the candidate did.")
    score: int = Field(ge=1, le=4)
    evidence: list[QuoteRef] = Field(default_factory=list, max_length=8)


def messages_for(
    dim: DimensionScore, transcript: Transcript, rb: Rubric, *, company: str, level: str, offline_evidence: str
) -> list[Message]:
    spec = rb.dimension(dim.id)
    note = rb.companies[company].note  # type: ignore[index]
    user = USER.format(
        name=spec.name,
        dim_id=spec.id,
        description=spec.description.strip(),
        a1=spec.anchors[1],
        a2=spec.anchors[2],
        a3=spec.anchors[3],
        a4=spec.anchors[4],
        positive="; ".join(spec.positive),
        negative="; ".join(spec.negative),
        company=company,
        level=level,
        company_note=f" {note}" if note else "",
        offline_score=dim.score,
        offline_rationale=dim.rationale,
        offline_evidence=offline_evidence or "(no quotes)",
        transcript=render_transcript([(i, t.role, t.content) for i, t in enumerate(transcript.turns)]),
    )
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def _check(judgment: DimensionJudgment, transcript: Transcript) -> tuple[list[Item], int]:
    kept: list[Item] = []
    dropped = 0
    for ref in judgment.evidence:
        if 0 <= ref.turn < len(transcript.turns) and quote_in(ref.quote, transcript.turns[ref.turn].content):
            kept.append(Item(ref.turn, ref.quote))
        else:
            dropped += 1
    return kept, dropped


def judge_dimension(
    dim: DimensionScore,
    transcript: Transcript,
    chat: ChatModel,
    rb: Rubric,
    *,
    company: str,
    level: str,
    samples: int,
    injected: bool,
    ledger: Ledger | None = None,
) -> tuple[DimensionScore, list[str]]:
    """K samples for one dimension; LLMUnavailable propagates, invalid samples are skipped."""
    offline_ev = "\n".join(f'- [turn {e.turn}] "{e.quote}"' for e in dim.evidence)
    messages = messages_for(dim, transcript, rb, company=company, level=level, offline_evidence=offline_ev)
    if ledger is not None:  # lean, unless a short transcript makes the whole of it the smaller prompt
        lean = lean_messages(dim, transcript, rb, ledger, company=company, level=level, offline_evidence=offline_ev)
        if sum(len(m["content"]) for m in lean) < sum(len(m["content"]) for m in messages):
            messages = lean
    flags: list[str] = []
    valid: list[tuple[DimensionJudgment, list[Item]]] = []
    invalid = dropped_total = 0
    for k in range(samples):
        try:
            judgment = chat.structured(
                messages, DimensionJudgment, temperature=0.0 if samples == 1 else 0.7, max_tokens=JUDGMENT_MAX_TOKENS
            )
        except StructuredOutputError:
            invalid += 1
            continue
        kept, dropped = _check(judgment, transcript)
        dropped_total += dropped
        if kept or (judgment.score == 1 and not judgment.evidence):
            valid.append((judgment, kept))
        del k
    if invalid:
        flags.append(f"llm_invalid_output: {dim.id}: {invalid} of {samples} sample(s) did not match the schema")
    if dropped_total:
        flags.append(f"llm_unverified_quotes: {dim.id}: {dropped_total} quote(s) not found verbatim were dropped")
    if not valid:
        flags.append(f"llm_fallback: {dim.id}: no sample with verifiable evidence; offline score {dim.score} kept")
        return dim, flags
    score = int(statistics.median_low([j.score for j, _ in valid]))
    offline = dim.offline_score if dim.offline_score is not None else dim.score
    if injected and score >= offline + 2:
        flags.append(f"llm_capped: {dim.id}: llm {score} held to {offline + 1} (text addressed to the grader present)")
        score = offline + 1
    if abs(score - offline) >= 2:
        flags.append(f"disagreement: {dim.id}: llm {score} vs offline {offline}")
    chosen = next(j for j, _ in valid if j.score == score) if any(j.score == score for j, _ in valid) else valid[0][0]
    items = [i for j, kept in valid if j.score == score for i in kept] + [i for _, kept in valid for i in kept]
    evidence = verified(items, transcript) or dim.evidence
    updated = dim.model_copy(
        update={"score": score, "evidence": evidence, "rationale": " ".join(chosen.reasoning.split())[:MAX_REASONING]}
    )
    return updated, flags


def grade_with_llm(
    transcript: Transcript, offline: Scorecard, sig: Signals, *, chat_model: ChatModel, rb: Rubric, samples: int = 3,
    ledger: Ledger | None = None,
) -> Scorecard:
    """Re-grade each dimension of the offline scorecard with the model; offline fallback on LLM errors.

    With the offline grader's ``ledger`` each dimension sees only its evidence (lean); without it, every turn.
    """
    samples = max(1, samples)
    injected = bool(sig.injection)
    dims: list[DimensionScore] = []
    flags: list[str] = [f for f in offline.flags if not f.startswith("below_minimum:")]
    try:
        for dim in offline.dimensions:
            judged, extra = judge_dimension(
                dim, transcript, chat_model, rb, company=offline.company, level=offline.level, samples=samples,
                injected=injected, ledger=ledger,
            )
            dims.append(judged)
            flags.extend(extra)
    except LLMError as exc:
        notice = f"llm_unavailable: {type(exc).__name__}: {str(exc)[:160]}; graded offline"
        return offline.model_copy(update={"grader": "offline (llm unavailable)", "flags": offline.flags + [notice]})
    return build_scorecard(
        dims, flags, rb=rb, level=offline.level, company=offline.company, grader=f"llm:{chat_model.name}", sig=sig
    )
