"""Does the interviewer listen? Labelled candidate turns in context, read and answered one at a time.

Each item in ``evals/data/turns/*.yaml`` is a candidate turn with the conversation before it, labelled
with its intent, the card facts a correct reply gives, and the acts that are acceptable or wrong next. The
history is read exactly as a live interview reads it (every earlier candidate turn analysed, what it
covered remembered, the interviewer's own turns as written), then the policy chooses the reply. Metrics:
intent accuracy, acceptable acts, fact recall, and the counts that must be zero (false arithmetic
challenges, pushback on a technology that must not get one, re-asks of covered topics, questions from
another problem).
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from agent.acts import DEPTH_ASKS, PLAIN_PUSHES, Act
from agent.asks import ASKS
from agent.policy import WEIGH_QUESTION, choose_act
from agent.state import InterviewState, merge_coverage
from analysis.intent import INTENTS
from analysis.turns import TurnAnalyzer
from kernel.transcript import Turn
from knowledge.content import Knowledge
from knowledge.models import ProblemCard

TURNS_DIR = Path(__file__).parent / "data" / "turns"
_PUSHBACKS = {"push_back_tech", "push_back_overengineering", "ask_reasoning"}
_CHALLENGE_SAID = re.compile(r"\b(?:redo|walk me through that arithmetic|check that figure|not sure about|"
                             r"let me stop you on|double-check)\b", re.I)


class TurnItem(BaseModel):
    """One labelled candidate turn (see ``evals/data/README.md``)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    problem: str
    company: Literal["google", "meta", "amazon", "startup"]
    level: Literal["junior", "mid", "senior", "staff"]
    minute: float = 5.0
    phase: Literal["requirements", "estimation", "high_level_design", "deep_dive", "failure_modes", "wrap_up"]
    style: Literal["plain", "speech"] = "plain"
    history: list[dict[Literal["interviewer", "candidate"], str]] = Field(min_length=1)
    candidate: str
    intent: str
    facts: list[int] = []
    acceptable: list[str] = []
    forbidden: list[str] = []
    note: str = ""


@dataclass
class TurnResult:
    item: TurnItem
    intent: str
    kinds: list[str]
    tags: list[str]
    subjects: list[str]
    answers: list[str]
    questions: list[str]
    errors: list[str] = field(default_factory=list)

    @property
    def intent_ok(self) -> bool:
        return self.intent == self.item.intent


def load_turns(pattern: str = "*", data_dir: Path = TURNS_DIR) -> list[TurnItem]:
    items: list[TurnItem] = []
    for path in sorted(data_dir.glob("*.yaml")):
        if not fnmatch.fnmatch(path.stem, pattern):
            continue
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            item = TurnItem.model_validate(raw)
            if item.intent not in INTENTS:
                raise ValueError(f"{path.name}: {item.id}: unknown intent {item.intent!r}")
            items.append(item)
    return items


def _state(item: TurnItem, kb: Knowledge, analyzer: TurnAnalyzer, card: ProblemCard) -> InterviewState:
    """The interview state before the labelled turn, built by reading the history as a live interview would."""
    transcript: list[Turn] = []
    covered: Any = {}
    phase = "requirements"
    previous: str | None = None
    state: InterviewState = {
        "thread_id": item.id, "problem_id": item.problem, "company": item.company, "level": item.level,
        "format_minutes": 45, "phase": phase, "minute": 0.0, "transcript": [], "covered": {}, "warned": [],
        "pending_pushbacks": [],
    }
    for entry in item.history:
        role, text = next(iter(entry.items()))
        transcript.append(Turn(role=role, content=text, phase=phase, minute=0.0))  # type: ignore[arg-type]
        if role == "interviewer":
            previous = text
            continue
        analysis = analyzer.analyze_cached(text, card, previous_interviewer=previous)
        state = {**state, "transcript": list(transcript), "covered": covered}
        decision = choose_act(state, analysis, card, kb)
        covered = merge_coverage(covered, decision.covered)  # type: ignore[arg-type]
    # the interviewer's last turn as written: a challenge it made is remembered as one
    act: dict[str, Any] | None = None
    if previous and _CHALLENGE_SAID.search(previous):
        act = Act(kind="challenge_arithmetic", phase=item.phase).model_dump()
    return {**state, "transcript": transcript, "covered": covered, "phase": item.phase, "minute": item.minute,
            "act": act}


def run_item(item: TurnItem, kb: Knowledge, analyzer: TurnAnalyzer) -> TurnResult:
    card = kb.problem(item.problem)
    state = _state(item, kb, analyzer, card)
    previous = next((next(iter(e.values())) for e in reversed(item.history) if "interviewer" in e), None)
    analysis = analyzer.analyze_cached(item.candidate, card, previous_interviewer=previous)
    decision = choose_act(state, analysis, card, kb)
    parts: list[Act] = []
    part: Act | None = decision.act
    while part is not None:
        parts.append(part)
        part = part.secondary
    return TurnResult(
        item=item,
        intent=analysis.intent,
        kinds=[p.kind for p in parts],
        tags=[p.tag for p in parts if p.tag],
        subjects=[p.subject or "" for p in parts if p.kind in _PUSHBACKS],
        answers=list(decision.act.answers),
        questions=[p.question for p in parts if p.question],
    )


def _tech_named(result: TurnResult, tech: str, kb: Knowledge) -> bool:
    card = kb.technologies.get(tech)
    names = [tech, *(card.aliases if card else []), card.name if card else tech]
    pushed = [t for t in result.tags if t.startswith(f"tech:{tech}:")]
    said = " ".join(result.subjects).lower()
    return bool(pushed) or any(re.search(rf"(?<!\w){re.escape(n.lower())}(?!\w)", said) for n in names)


def forbidden_hits(result: TurnResult, kb: Knowledge) -> dict[str, list[str]]:
    """The forbidden labels the reply broke, by class."""
    hits: dict[str, list[str]] = {"challenge": [], "pushback": [], "reask": [], "act": []}
    for label in result.item.forbidden:
        if label.startswith("tech:"):
            if _tech_named(result, label.split(":", 1)[1], kb) and _PUSHBACKS & set(result.kinds):
                hits["pushback"].append(label)
        elif re.match(r"(?:twist|failure|probe|company):", label):
            if any(t == label or t.startswith(label + ":") for t in result.tags):
                hits["reask"].append(label)
        elif label == "challenge_arithmetic":
            if label in result.kinds:
                hits["challenge"].append(label)
        elif label in result.kinds[:1]:
            hits["act"].append(label)
    return hits


def cross_problem(result: TurnResult, card: ProblemCard, company: str, kb: Knowledge) -> list[str]:
    """Questions the reply asks that come neither from this card, the company's templates nor the technology cards."""
    own = set(card.scale_twists) | set(card.failure_questions) | {p for d in card.deep_dives for p in d.probes}
    own |= {q for tech in kb.technologies.values() for q in tech.pushback}
    own |= {f"Suppose we now want {n[:1].lower() + n[1:]}" for n in card.nice_to_have}  # the card's own extensions
    own |= {question for _, _, question in PLAIN_PUSHES}  # pushes any design owes, on any problem
    starts = [template.split("{")[0][:30] for _, template in ASKS.get(company, [])]
    starts += [template.split("{")[0][:30] for group in DEPTH_ASKS.values() for _, template in group]
    lowered = [o.lower() for o in own]
    return [q for q in result.questions  # a card question cut short ("Do you need a cache?") is still the card's
            if not any(q.startswith(o) or o.startswith(q) for o in own) and not any(q.startswith(s) for s in starts if s)
            and not q.startswith(("What does", "Why")) and not _put_again_from(q, lowered)
            and not WEIGH_QUESTION.match(q)]  # their own two options, put back to them


def _put_again_from(question: str, own: list[str]) -> bool:
    """A card question put again in new words ("Going back to when the server crashes: what happens…")."""
    m = re.match(r"Going back to (?:when |this one: )(.+)", question)
    return m is not None and any(o.startswith(m.group(1).lower()[:40]) for o in own)


def facts_given(result: TurnResult, card: ProblemCard) -> tuple[int, int]:
    """(expected facts given, expected facts): a fact counts when its answer's first words are in the reply."""
    said = " ".join(result.answers)
    wanted = [card.hidden_facts[i].answer for i in result.item.facts if i < len(card.hidden_facts)]
    given = sum(1 for answer in wanted if answer[:40] in said)
    return given, len(wanted)


_ASKED_OF_THE_CARD = ("question_fact", "question_yesno", "question_scope")


def stray_facts(result: TurnResult, card: ProblemCard) -> int:
    """Card facts given in answer to a requirement question that its labels do not list: a neighbour of what was
    asked ("does it need to work offline?" answered with the latency target), which misleads worse than silence."""
    if result.item.intent not in _ASKED_OF_THE_CARD:
        return 0
    said = " ".join(result.answers)
    return sum(1 for i, fact in enumerate(card.hidden_facts) if i not in result.item.facts and fact.answer[:40] in said)


def summarise(results: list[TurnResult], kb: Knowledge) -> dict[str, float]:
    """The listening metrics (a ratio with no data is NaN, which fails its gate)."""
    nan = float("nan")
    n = len(results)
    with_acceptable = [r for r in results if r.item.acceptable]
    classes: Counter[str] = Counter()
    cross = 0
    given = wanted = stray = 0
    for r in results:
        for name, labels in forbidden_hits(r, kb).items():
            classes[name] += len(labels)
        card = kb.problem(r.item.problem)
        cross += len(cross_problem(r, card, r.item.company, kb))
        g, w = facts_given(r, card)
        given, wanted = given + g, wanted + w
        stray += stray_facts(r, card)
    challenges_due = [r for r in results if "challenge_arithmetic" in r.item.acceptable]
    return {
        "turns": float(n),
        "intent_accuracy": sum(r.intent_ok for r in results) / n if n else nan,
        "act_acceptable": (sum(r.kinds[0] in r.item.acceptable for r in with_acceptable) / len(with_acceptable)
                           if with_acceptable else nan),
        "fact_recall": given / wanted if wanted else nan,
        "stray_facts": float(stray),
        "challenges_caught": (sum("challenge_arithmetic" in r.kinds for r in challenges_due) / len(challenges_due)
                              if challenges_due else nan),
        "false_challenges": float(classes["challenge"]),
        "wrong_pushbacks": float(classes["pushback"]),
        "reasks": float(classes["reask"]),
        "forbidden_acts": float(classes["act"]),
        "cross_problem": float(cross),
    }


def per_intent(results: list[TurnResult]) -> dict[str, tuple[int, int]]:
    """(right, total) per labelled intent."""
    out: dict[str, tuple[int, int]] = {}
    for r in results:
        right, total = out.get(r.item.intent, (0, 0))
        out[r.item.intent] = (right + r.intent_ok, total + 1)
    return out


def run_listening(kb: Knowledge, embedder: Any, pattern: str = "*") -> tuple[list[TurnResult], dict[str, float]]:
    """Every labelled turn read and answered; the intent of turns the learned model labels is taken out of fold
    (a model fitted without the turn's problem card), so the accuracy reported is not measured on training data."""
    from evals.intent_train import examples, out_of_fold

    analyzer = TurnAnalyzer(kb, embedder)
    items = load_turns(pattern)
    results = [run_item(item, kb, analyzer) for item in items]
    held_out = out_of_fold(examples(items, kb, analyzer))
    for r in results:
        r.intent = held_out.get(r.item.id, r.intent)
    return results, summarise(results, kb)


