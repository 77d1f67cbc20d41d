"""Transcript-level facts for the offline grader, built from the per-turn :class:`TurnAnalysis` evidence.

Adds what one turn cannot see: the scale in effect (from the problem card, else inferred from the figures the
interviewer stated, else the candidate's own), over-engineering against that scale, interviewer pushback and
how the next candidate answer held up, Amazon leadership questions, and text addressed to the grader
(flagged, and removed from the evidence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.derivations import quantities
from analysis.figures import parse_figures
from analysis.ledger import digits, implied_rates, unhedged
from analysis.models import TurnAnalysis
from analysis.scale_inference import _RATE as RATE_BOUNDS
from analysis.scale_inference import DATA_BOUNDS, SCALES, bucket, scale_of_text
from analysis.sentences import normalise, same_key, split_sentences
from kernel.transcript import Transcript
from knowledge.content import Knowledge
from knowledge.models import ProblemCard, Scale
from rubric.grade_patterns import (
    ASKS_NUMBERS,
    FAILED_ANSWER,
    FAILURE_QUESTION,
    FAILURE_TALK,
    GROWTH,
    INJECTION,
    LEADERSHIP_WORDS,
    LP_THEMES,
    NEGATION,
    PUSHBACK,
    REVERSAL,
    SCOPE_CALL,
    SCOPING_TALK,
    SIZING,
    SUMMARY_TALK,
    flags_hypothetical,
)

# A sentence read as addressed to the grader names grading itself; "model", "system" or "rate" alone are design words.
_ADDRESSED = re.compile(r"\b(?:grader|grading|evaluator|evaluat\w+|scor\w*|grade[sd]?|rating|hire|verdict|rubric|marks?|points"
                        r"|instructions?|prompt|llm|ai|assistant)\b", re.IGNORECASE)
# A scope call made for someone: the people it serves or what it costs, not a bare list of cuts.
_FOR_WHOM = re.compile(r"\b(?:because|since|so that|costs?|users?|customers?|sellers?|buyers?|riders?|drivers?|clients?|merchants?"
                       r"|agents?|advertisers?|creators?|partners?)\b", re.IGNORECASE)
_REDUNDANCY = {"read-replicas", "load-balancer"}
_NUMBER = re.compile(r"\d|\b(?:hundreds?|thousands?|millions?|billions?|dozens?)\b", re.IGNORECASE)


@dataclass
class Item:
    """One piece of evidence: a verbatim quote and the index of its turn."""

    turn: int
    quote: str


@dataclass
class Pushback:
    ask_turn: int
    ask: str
    answer_turn: int | None
    answer: str
    held: bool
    failed: bool
    about_failure: bool


@dataclass
class Signals:
    candidate: list[tuple[int, TurnAnalysis]]
    card: ProblemCard | None
    scale: Scale | None
    scale_source: str
    first_design_turn: int | None
    over_engineering: list[Item] = field(default_factory=list)
    over_ids: list[str] = field(default_factory=list)  # the technology of each over-engineering item
    declined: list[Item] = field(default_factory=list)  # heavy tech explicitly not needed at this scale
    sizing: list[Item] = field(default_factory=list)
    growth_plan: list[Item] = field(default_factory=list)
    pushbacks: list[Pushback] = field(default_factory=list)
    lp_questions: list[tuple[int, set[str]]] = field(default_factory=list)
    lp_answers: list[tuple[int, list[Item]]] = field(default_factory=list)
    injection: list[Item] = field(default_factory=list)
    interviewer_values: set[float] = field(default_factory=set)
    not_proposed: set[tuple[int, str]] = field(default_factory=set)  # (turn, tech id) named only to decline or defer
    numbers_asked: set[int] = field(default_factory=set)  # candidate turns answering an interviewer's request for numbers

    def items(self, attr: str) -> list[Item]:
        """Distinct sentences of one TurnAnalysis list field (e.g. "reasoning") across candidate turns."""
        seen: set[str] = set()
        out: list[Item] = []
        for turn, a in self.candidate:
            for quote in getattr(a, attr):
                key = normalise(quote)
                if key and key not in seen:
                    seen.add(key)
                    out.append(Item(turn, quote))
        return out


def _clean(a: TurnAnalysis, injected: list[str]) -> TurnAnalysis:
    """Drop every extracted piece that overlaps text addressed to the grader; add rule-found scope, failure and
    summary sentences the semantic analysis missed (distinct sentences, so repetition adds nothing)."""
    bad = [normalise(q) for q in injected if q.strip()]

    def ok(text: str) -> bool:
        t = normalise(text)
        return not any(b and (b in t or t in b) for b in bad)

    data = a.model_dump()
    for name in ("questions", "trade_offs", "failure_modes", "scoping", "summary", "reasoning", "leadership", "components"):
        data[name] = [s for s in data[name] if ok(s)]
    data["technologies"] = [t for t in data["technologies"] if ok(t["quote"])]
    data["figures"] = [f for f in data["figures"] if ok(f["text"]) and not any(f["text"] in q for q in injected)]
    data["arithmetic"] = [c for c in data["arithmetic"] if ok(c["claim"])]
    for sentence in split_sentences(a.text):
        if sentence.is_question or not ok(sentence.text) or len(sentence.text.split()) < 4:
            continue
        for name, rule in (("scoping", SCOPING_TALK), ("failure_modes", FAILURE_TALK), ("summary", SUMMARY_TALK)):
            if rule.search(sentence.text) and all(normalise(x) != sentence.norm for x in data[name]):
                data[name].append(sentence.text)
    return TurnAnalysis.model_validate(data)


def _injection_sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text) if INJECTION.search(s.text)]


def build_signals(
    transcript: Transcript,
    analyses: dict[int, TurnAnalysis],
    knowledge: Knowledge,
    card: ProblemCard | None,
) -> Signals:
    """Combine the per-turn analyses (keyed by turn index) with the interviewer's turns."""
    injection: list[Item] = []
    candidate: list[tuple[int, TurnAnalysis]] = []
    cleaned: dict[tuple[str, str | None, tuple[str, ...]], TurnAnalysis] = {}  # one reading shared by repeated turns
    for i, turn in enumerate(transcript.turns):
        semantic = [s for s in (analyses[i].injection if i in analyses else []) if _ADDRESSED.search(s)]
        injected = list(dict.fromkeys(_injection_sentences(turn.content) + semantic))
        injection.extend(Item(i, q) for q in injected)
        if turn.role == "candidate" and i in analyses:
            before = transcript.turns[i - 1].content if i and transcript.turns[i - 1].role == "interviewer" else None
            key = (turn.content, before, tuple(injected))  # the same turn after the same question reads the same
            if key not in cleaned:
                cleaned[key] = _clean(analyses[i], injected)
            candidate.append((i, cleaned[key]))

    base = SCALES.index(card.scale) if card else None
    levels_at: dict[int, int | None] = {}
    current = base
    own: int | None = None
    values: set[float] = set()
    for i, turn in enumerate(transcript.turns):
        if turn.role == "interviewer":
            level = _stated_scale(turn.content)
            values.update(f.figure.value for f in parse_figures(digits(turn.content)))  # "two million" counts too
            if level is not None:
                current = level if current is None else max(current, level)
        else:
            derived = _grounded_storage(analyses.get(i), values) if card is None else None
            if card is None and current is not None:  # a load worked out from the stated figures raises their scale
                derived = _max(derived, _grounded_rate(turn.content, values))
            if derived is not None:  # the candidate's checked storage maths on the interviewer's figures
                current = derived if current is None else max(current, derived)
            elif own is None and current is None:
                own = scale_of_text(unhedged(turn.content))
        levels_at[i] = current if current is not None else own
    final = current if current is not None else own
    source = "problem card" if card else ("interviewer's figures" if current is not None else "candidate's figures")

    first_design = next(
        (i for i, a in candidate if len({t.tech_id for t in a.technologies}) + len(a.components) >= 2), None
    )
    sig = Signals(
        candidate=candidate,
        card=card,
        scale=SCALES[final] if final is not None else None,
        scale_source=source if final is not None else "unknown",
        first_design_turn=first_design,
        injection=injection,
        interviewer_values=values,
    )
    _proportion(sig, knowledge, levels_at)
    _pushbacks(sig, transcript)
    return sig


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _stated_scale(text: str) -> int | None:
    """The scale the interviewer's figures imply, with the load of a count over a window or a period ("10 million
    votes in five minutes" is 33,000 a second)."""
    rates = [r for s in split_sentences(text) for r in implied_rates(s.text)]  # numbers said in words count too
    return _max(scale_of_text(unhedged(text)), bucket(max(rates), RATE_BOUNDS) if rates else None)


def _grounded_rate(text: str, interviewer_values: set[float]) -> int | None:
    """The load scale of a per-second rate the candidate works out from one of the interviewer's figures."""
    rates: list[float] = []
    for sentence in split_sentences(digits(text)):
        found = quantities(sentence.text)
        if any(any(abs(q.value - v) <= 0.03 * v for v in interviewer_values) for q in found):
            rates += [q.value for q in found if q.period == "second" and not q.byte_unit]
    return bucket(max(rates), RATE_BOUNDS) if rates else None


def _grounded_storage(analysis: TurnAnalysis | None, interviewer_values: set[float]) -> int | None:
    """The data-volume scale of storage arithmetic that holds and starts from a figure the interviewer gave."""
    if analysis is None or not interviewer_values:
        return None
    totals: list[float] = []
    for check in analysis.arithmetic:  # a check is in its result's own units ("100 TB"): read its claim's bytes
        found = parse_figures(check.claim)
        if check.kind == "storage" and check.ok and any(f.figure.value in interviewer_values for f in found):
            totals += [f.figure.value for f in found if f.figure.unit == "bytes"]
    return bucket(max(totals), DATA_BOUNDS) if totals else None


def _proportion(sig: Signals, knowledge: Knowledge, levels_at: dict[int, int | None]) -> None:
    traps = set(sig.card.over_engineering_traps) if sig.card else set()
    seen_over: set[str] = set()
    for turn, a in sig.candidate:
        level = levels_at.get(turn)
        flagged = set(a.over_engineering)
        for mention in a.technologies:
            tech = knowledge.technologies.get(mention.tech_id)
            if tech is None:
                continue
            quote = mention.quote
            low = quote.lower()
            name = mention.name.lower()
            pos = low.find(name)
            window = low[max(0, pos - 45) : pos] if pos >= 0 else low
            heavy = level is not None and SCALES.index(tech.min_scale) > level
            if pos >= 0 and NEGATION.search(window):
                sig.not_proposed.add((turn, tech.id))
                if heavy or tech.id in traps:
                    sig.declined.append(Item(turn, quote))
                continue
            if flags_hypothetical(low):
                sig.not_proposed.add((turn, tech.id))
                if heavy or tech.id in traps:
                    sig.growth_plan.append(Item(turn, quote))
                continue
            if SIZING.search(quote) and tech.id not in traps:
                continue  # named inside a sizing statement ("one primary with a standby")
            gap = SCALES.index(tech.min_scale) - level if level is not None else 0
            if tech.id in _REDUNDANCY:
                gap -= 1  # a standby or a second instance is availability, not scale
            if (gap >= 2 or (gap >= 1 and tech.id in traps) or tech.id in flagged) and tech.id not in seen_over:
                seen_over.add(tech.id)
                sig.over_engineering.append(Item(turn, quote))
                sig.over_ids.append(tech.id)
        for text in [x.text for x in split_sentences(a.text) if not x.is_question]:
            if INJECTION.search(text):
                continue
            if SIZING.search(text):
                sig.sizing.append(Item(turn, text))
            elif GROWTH.search(text):
                sig.growth_plan.append(Item(turn, text))
    sig.sizing = _distinct(sig.sizing)
    sig.growth_plan = _distinct(sig.growth_plan)
    sig.declined = _distinct(sig.declined)


def _distinct(items: list[Item]) -> list[Item]:
    seen: set[str] = set()
    out: list[Item] = []
    for item in items:
        key = same_key(item.quote)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _pushbacks(sig: Signals, transcript: Transcript) -> None:
    analysed = dict(sig.candidate)
    turns = transcript.turns
    first_candidate = next((i for i, t in enumerate(turns) if t.role == "candidate"), len(turns))
    for i, turn in enumerate(turns):
        if turn.role != "interviewer" or i < first_candidate:
            continue
        asks = [s.text for s in split_sentences(turn.content) if s.is_question or PUSHBACK.search(s.text)]
        challenge = [s for s in asks if PUSHBACK.search(s)]
        prompts = asks + [s.text for s in split_sentences(turn.content) if LP_THEMES["story"].search(s.text)]
        themes = {name for s in prompts for name, rx in LP_THEMES.items() if rx.search(s)}
        answer_turn = next((j for j in range(i + 1, len(turns)) if turns[j].role == "candidate"), None)
        if answer_turn is not None and turns[answer_turn - 1].role != "interviewer":
            answer_turn = None
        a = analysed.get(answer_turn) if answer_turn is not None else None
        if themes:
            sig.lp_questions.append((i, themes))
            if answer_turn is not None and a is not None:
                found = [Item(answer_turn, s) for s in a.leadership]
                for s in split_sentences(turns[answer_turn].content):
                    scope_call = "mvp" in themes and SCOPE_CALL.search(s.text) and _FOR_WHOM.search(s.text)
                    if (LEADERSHIP_WORDS.search(s.text) or scope_call) and not INJECTION.search(s.text):
                        found.append(Item(answer_turn, s.text))
                sig.lp_answers.append((i, _distinct(found)))
            continue
        if answer_turn is not None and any(ASKS_NUMBERS.search(q) for q in asks):
            sig.numbers_asked.add(answer_turn)
        if not challenge:
            continue
        text = turns[answer_turn].content if answer_turn is not None else ""
        failed = a is None or a.dont_know or bool(FAILED_ANSWER.search(text)) or bool(REVERSAL.search(text))
        substance = a is not None and bool(
            a.figures or a.trade_offs or a.failure_modes or a.arithmetic or len(a.reasoning) >= 2
            or [r for r in a.reasoning if _NUMBER.search(r)]
            or [t for t in a.technologies if t.justified and t.reason and _NUMBER.search(t.reason)]
        )
        sig.pushbacks.append(
            Pushback(
                ask_turn=i,
                ask=challenge[0],
                answer_turn=answer_turn,
                answer=text,
                held=substance and not failed,
                failed=failed,
                about_failure=any(FAILURE_QUESTION.search(s) for s in challenge),
            )
        )
