"""Grade a transcript: ``grade_transcript`` is the one entry point for the CLI, the UI and the evals.

The offline grader analyses every candidate turn with :class:`~analysis.turns.TurnAnalyzer` (with the problem
card when the transcript names one; any other problem is graded against the scale its figures state) and
scores each dimension deterministically. The LLM grader (``grader="llm"``) asks a chat model per dimension
and checks its quotes; it falls back to the offline grade, with a notice, when the model is unavailable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from analysis.ledger import Ledger, build_ledger
from analysis.models import TurnAnalysis
from kernel.config import Settings
from kernel.llm import ChatModel
from kernel.transcript import COMPANIES, LEVELS, Transcript
from knowledge.content import Knowledge
from knowledge.content import knowledge as packaged_knowledge
from knowledge.models import ProblemCard
from rubric import diagram_review
from rubric.calibration import Calibration, Scorer, load_calibration
from rubric.evidence import SCORERS
from rubric.grade_signals import Signals, build_signals
from rubric.models import Confidence, DimensionScore, Rubric, Scorecard
from rubric.offline import SCORERS as RULES
from rubric.offline_common import Judgement, plain
from rubric.quotes import verified
from rubric.rubric import rubric as packaged_rubric
from rubric.verdict import build_scorecard

if TYPE_CHECKING:
    from knowledge.embeddings import Embedder

GraderName = Literal["offline", "llm"]
_ANALYZERS: dict[int, Any] = {}


class GradingError(ValueError):
    """Arguments that cannot be graded (unknown company, level or grader, LLM requested in offline mode)."""


def find_card(problem: str | None, kb: Knowledge) -> ProblemCard | None:
    """The problem card named by the transcript's header (id, alias or title), or None for any other problem."""
    if not problem:
        return None
    key = problem.strip().lower()
    if key in kb.problems:
        return kb.problems[key]
    for card in kb.problems.values():
        if key in (a.lower() for a in card.aliases) or key == card.title.lower():
            return card
    return None


def _analyzer(kb: Knowledge, embedder: Embedder | None) -> Any:
    from analysis.turns import TurnAnalyzer

    if embedder is None:
        from knowledge.embeddings import get_embedder

        embedder = get_embedder()
    key = id(embedder)
    cached = _ANALYZERS.get(key)
    if cached is None or cached[0] is not embedder or cached[1] is not kb:
        while len(_ANALYZERS) >= 4:  # a few embedders per process at most (tests make their own)
            _ANALYZERS.pop(next(iter(_ANALYZERS)))
        _ANALYZERS[key] = (embedder, kb, TurnAnalyzer(kb, embedder))
    return _ANALYZERS[key][2]


def analyze_turns(transcript: Transcript, analyzer: Any, card: ProblemCard | None) -> dict[int, TurnAnalysis]:
    """TurnAnalysis for every candidate turn, keyed by the turn's index in ``transcript.turns``.

    The interviewer's turn just before each answer goes along, so an answer is read against its question.
    Every candidate sentence is embedded up front in one batched call (when the analyser can prime), and a turn
    met before (same text, question and card) is not analysed again.
    """
    out: dict[int, TurnAnalysis] = {}
    turns = transcript.candidate_turns()
    prime = getattr(analyzer, "prime", None)
    if callable(prime):
        prime([turn.content for _, turn in turns], [card], [t.content for t in transcript.turns if t.role == "interviewer"])
    analyze = getattr(analyzer, "analyze_cached", None) or analyzer.analyze
    seen: dict[tuple[str, str | None, str | None], TurnAnalysis] = {}  # a turn pasted again is the same reading
    said: str | None = None  # the candidate's turn before: a step begun there may end in the next
    for i, turn in turns:
        before = transcript.turns[i - 1] if i > 0 else None
        asked = before.content if before is not None and before.role == "interviewer" else None
        key = (turn.content, asked, said)
        if key not in seen:
            seen[key] = analyze(turn.content, card, previous_interviewer=asked, previous_candidate=said)
        out[i] = seen[key]
        said = turn.content
    return out


def prime_transcripts(
    transcripts: list[Transcript], *, embedder: Embedder | None = None, kb: Knowledge | None = None
) -> int:
    """Embed the candidate sentences of many transcripts in one batched call, ahead of grading them.

    ``grade_transcript`` with the same ``embedder`` and ``kb`` then finds them cached; grades do not change.
    Returns how many new texts were embedded.
    """
    kb = kb or packaged_knowledge()
    cards = [find_card(t.problem, kb) for t in transcripts]
    texts = [turn.content for t in transcripts for _, turn in t.candidate_turns()]
    asked = [turn.content for t in transcripts for turn in t.turns if turn.role == "interviewer"]
    return int(_analyzer(kb, embedder).prime(texts, cards, asked))


def advice_for(dim_id: str, judgement_gaps: list[str], score: int, rb: Rubric) -> str:
    dim = rb.dimension(dim_id)
    if score >= 4 or not judgement_gaps:
        return dim.advice["keep"] if score >= 3 else dim.practice
    texts = [dim.advice[g] for g in dict.fromkeys(judgement_gaps) if g in dim.advice][:2]
    return " ".join(texts) or dim.practice


def score_dimension(dim_id: str, j: Judgement, cal: Calibration) -> int:
    """A judgement with an evidence amount is scored through the calibrated cut points; else its own score.
    Without a single grounded contribution a dimension shows no signal (1), whatever the cut points."""
    if j.value is None:
        return j.score
    return 1 if j.contributions == 0 else min(cal.score(dim_id, j.value), j.ceiling)


COHERE_MARGIN = 1.0  # a dimension may stand less than a point above the mean of the others; measured out of fold
# against 1.25, 1.5 and the rounded-up mean: 1.0 is as good or better on every source and keeps the in-sample figures


def cohere(scores: dict[str, int]) -> dict[str, int]:
    """Each dimension held under the mean of the others plus :data:`COHERE_MARGIN` (leadership aside, read on its
    own). One dimension far above the rest of the same interview is evidence counted from the wrong place (fluent
    narration, a memorised pattern named), not a strength the rest of the round failed to show."""
    core = {d: v for d, v in scores.items() if d != "leadership"}
    out = dict(scores)
    for d, v in core.items():
        others = [w for k, w in core.items() if k != d]
        if others:
            out[d] = min(v, math.floor(sum(others) / len(others) + COHERE_MARGIN))
    return out


def dimension_scores(scores: dict[str, int], judgements: dict[str, Judgement] | None = None) -> list[DimensionScore]:
    """Bare dimension scores (and whether each went unprobed), for the verdict arithmetic alone."""
    judgements = judgements or {}
    return [DimensionScore(id=d, score=v, unprobed=bool(judgements.get(d) and judgements[d].unprobed))  # type: ignore[arg-type]
            for d, v in scores.items()]


def score_dimensions(
    judgements: dict[str, Judgement], transcript: Transcript, rb: Rubric, company: str, cal: Calibration
) -> list[DimensionScore]:
    dims: list[DimensionScore] = []
    held = cohere({dim.id: score_dimension(dim.id, judgements[dim.id], cal) for dim in rb.scored_dimensions(company)})
    for dim in rb.scored_dimensions(company):
        j = judgements[dim.id]
        score = held[dim.id]
        dims.append(
            DimensionScore(
                id=dim.id,
                score=score,
                evidence=verified(j.evidence, transcript),
                rationale=plain(j.rationale),
                advice=advice_for(dim.id, j.gaps, score, rb),
                name=dim.name,
                gaps=j.gaps,
                offline_score=score,
                confidence=j.confidence,
                evidence_amount=j.value,
                unprobed=j.unprobed,
            )
        )
    return dims


def signal_flags(sig: Signals, transcript: Transcript) -> list[str]:
    flags: list[str] = []
    for item in sig.injection:
        snippet = " ".join(item.quote.split())[:80]
        flags.append(f'injection_ignored: turn {item.turn}: "{snippet}"')
    if sig.card is None:
        where = f"scale {sig.scale} from the {sig.scale_source}" if sig.scale else "scale not stated"
        flags.append(f"generic_expectations: no problem card for '{transcript.problem or 'unnamed problem'}'; {where}")
    for turn, a in sig.candidate:
        if a.off_role or a.asks_for_hidden:
            flags.append(f"off_role: turn {turn}: the candidate tried to get the interviewer out of role")
    if not sig.candidate:
        flags.append("no_candidate_turns: nothing to grade")
    return flags


@dataclass
class Assessment:
    """What the offline grader read from a transcript, before calibration turns it into scores and a verdict."""

    transcript: Transcript
    company: str
    level: str
    sig: Signals
    judgements: dict[str, Judgement]
    flags: list[str]
    ledger: Ledger | None = None

    def values(self) -> dict[str, float]:
        """Each dimension's evidence amount (its plain score when it has none)."""
        return {d: float(j.score if j.value is None else j.value) for d, j in self.judgements.items()}


def assess_offline(
    transcript: Transcript,
    analyses: dict[int, TurnAnalysis],
    *,
    company: str,
    level: str,
    kb: Knowledge,
    rb: Rubric,
    card: ProblemCard | None = None,
    scorer: Scorer | None = None,
) -> Assessment:
    """Read the evidence from precomputed analyses (the deterministic core; tests feed hand-built analyses).

    The ledger is always built: it sets each dimension's confidence. ``scorer`` (default: the packaged
    calibration's) says whether the scores come from the ledger's evidence amounts or from the phrase rules.
    """
    sig = build_signals(transcript, analyses, kb, card)
    led = build_ledger(transcript, dict(sig.candidate), kb, skip={turn for turn, _ in sig.lp_questions})
    judgements = {str(dim.id): SCORERS[dim.id](sig, led) for dim in rb.scored_dimensions(company)}
    relative = rb.bar("senior") / rb.bar(level)  # bands are relative to the level: a junior's evidence goes further
    for j in judgements.values():
        if j.value is not None and j.value > 0:
            j.value = round(j.value * relative, 3)
    if (scorer or load_calibration().scorer) == "rules":
        judgements = {d: _with_confidence(RULES[d](sig), j) for d, j in judgements.items()}
    flags = signal_flags(sig, transcript) + diagram_review.adjust(judgements, transcript.diagram, sig, kb)
    return Assessment(transcript, company, level, sig, judgements, flags, led)


def _with_confidence(rule: Judgement, ledger: Judgement) -> Judgement:
    rule.confidence = ledger.confidence
    return rule


def finish(assessment: Assessment, rb: Rubric, cal: Calibration | None = None) -> Scorecard:
    """Scores through the calibration's cut points, then the verdict against the (shifted) level bar."""
    cal = cal or load_calibration()
    a = assessment
    dims = score_dimensions(a.judgements, a.transcript, rb, a.company, cal)
    confidence, note = overall_confidence(dims)
    calibrated = any(j.value is not None for j in a.judgements.values())
    unprobed = [f"not_probed: {d.name or d.id} never came up (not asked about, not raised), so it holds no minimum"
                for d in dims if d.unprobed]
    card = build_scorecard(dims, a.flags + ([note] if note else []) + unprobed, rb=rb, level=a.level, company=a.company,
                           grader="offline", sig=a.sig, shift=cal.bar_shift if calibrated else 0.0)
    return card.model_copy(update={"confidence": confidence})


def overall_confidence(dims: list[DimensionScore]) -> tuple[Confidence, str | None]:
    """How much grounded evidence the verdict rests on, and a flag when it is thin."""
    low = [d for d in dims if d.confidence == "low"]
    high = [d for d in dims if d.confidence == "high"]
    if len(low) * 2 >= len(dims):
        names = ", ".join(d.name or d.id for d in low)
        return "low", f"thin_evidence: the verdict rests on little grounded evidence (little or none on {names})"
    if len(high) * 2 >= len(dims) and not low:
        return "high", None
    return "moderate", None


def grade_offline(
    transcript: Transcript,
    analyses: dict[int, TurnAnalysis],
    *,
    company: str,
    level: str,
    kb: Knowledge,
    rb: Rubric,
    card: ProblemCard | None = None,
) -> tuple[Scorecard, Signals]:
    """Score from precomputed analyses with the packaged calibration."""
    a = assess_offline(transcript, analyses, company=company, level=level, kb=kb, rb=rb, card=card)
    return finish(a, rb), a.sig


def assess(
    transcript: Transcript,
    *,
    company: str | None = None,
    level: str | None = None,
    embedder: Embedder | None = None,
    kb: Knowledge | None = None,
    scorer: Scorer | None = None,
) -> Assessment:
    """Analyse every turn and read the evidence, for ``finish`` with any calibration (cross-validation)."""
    company, level = resolve(transcript, company, level)
    kb = kb or packaged_knowledge()
    card = find_card(transcript.problem, kb)
    analyses = analyze_turns(transcript, _analyzer(kb, embedder), card)
    return assess_offline(transcript, analyses, company=company, level=level, kb=kb, rb=packaged_rubric(), card=card,
                          scorer=scorer)


def resolve(transcript: Transcript, company: str | None, level: str | None) -> tuple[str, str]:
    """Explicit arguments, else the transcript's header, else google / senior."""
    company = (company or transcript.company or "google").lower()
    level = (level or transcript.level or "senior").lower()
    if company not in COMPANIES:
        raise GradingError(f"unknown company '{company}'; valid: {', '.join(COMPANIES)}")
    if level not in LEVELS:
        raise GradingError(f"unknown level '{level}'; valid: {', '.join(LEVELS)}")
    return company, level


def grade_transcript(
    transcript: Transcript,
    *,
    company: str | None = None,
    level: str | None = None,
    grader: str = "offline",
    samples: int = 3,
    settings: Settings | None = None,
    chat_model: ChatModel | None = None,
    embedder: Embedder | None = None,
    index: Any = None,
    kb: Knowledge | None = None,
) -> Scorecard:
    """Grade ``transcript`` for ``company`` at ``level`` with the offline or the LLM grader."""
    del index  # the scorecard's Markdown rendering uses the index; grading does not
    company, level = resolve(transcript, company, level)
    if grader not in ("offline", "llm"):
        raise GradingError(f"unknown grader '{grader}'; valid: offline, llm")
    if grader == "llm" and chat_model is None:
        from kernel.config import get_settings
        from kernel.llm import build_chat_model

        chat_model = build_chat_model(settings or get_settings())
        if chat_model is None:
            raise GradingError(
                "the LLM grader needs an endpoint, but offline mode is configured "
                "(set OPENAI_API_KEY or OPENAI_BASE_URL, or BABYSTEPS_LLM=openai), or use --grader offline"
            )
    rb = packaged_rubric()
    assessment = assess(transcript, company=company, level=level, embedder=embedder, kb=kb)
    offline = finish(assessment, rb)
    if grader == "offline" or chat_model is None:
        return offline
    from rubric.llm_grader import grade_with_llm

    return grade_with_llm(transcript, offline, assessment.sig, chat_model=chat_model, rb=rb, samples=samples,
                          ledger=assessment.ledger)
