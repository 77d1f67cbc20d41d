"""Small evaluators: each answers one yes/no or one number about a graded case or a replayed interview."""

from __future__ import annotations

import re
from dataclasses import dataclass

from evals.dataset import InterviewScript
from evals.task import CaseResult
from kernel.transcript import Transcript, Turn
from knowledge.models import PHASES
from rubric.models import HIRE_SIDE, VERDICTS

# strong_no_hire = 0 ... strong_hire = 5
VERDICT_RANK: dict[str, int] = {v: len(VERDICTS) - 1 - i for i, v in enumerate(VERDICTS)}


def side_of(verdict: str) -> str:
    return "hire" if verdict in HIRE_SIDE else "no_hire"


# --- graded cases ---------------------------------------------------------------------------------


def side_ok(r: CaseResult) -> bool:
    return r.actual is not None and side_of(r.actual.verdict) == r.expected.side


def verdict_exact(r: CaseResult) -> bool:
    return r.actual is not None and r.actual.verdict == r.expected.verdict


def verdict_acceptable(r: CaseResult) -> bool:
    return r.actual is not None and r.actual.verdict in {r.expected.verdict, *r.expected.acceptable}


def band_hits(r: CaseResult) -> dict[str, bool]:
    """For each banded dimension, whether the actual score falls inside its band (missing counts as a miss)."""
    if r.actual is None:
        return {d: False for d in r.expected.bands}
    return {d: lo <= r.actual.scores.get(d, 0) <= hi for d, (lo, hi) in r.expected.bands.items()}


def band_misses(r: CaseResult) -> list[str]:
    """Readable misses, e.g. ``estimation 2 not in [3, 4]``."""
    out = []
    for d, hit in band_hits(r).items():
        if not hit:
            got = r.actual.scores.get(d) if r.actual else None
            lo, hi = r.expected.bands[d]
            out.append(f"{d} {got} not in [{lo}, {hi}]")
    return out


def direction_ok(swap: CaseResult, base: CaseResult) -> bool:
    """A swap's verdict moved the labelled way relative to its base case (``same`` means unchanged)."""
    if swap.actual is None or base.actual is None:
        return False
    delta = VERDICT_RANK[swap.actual.verdict] - VERDICT_RANK[base.actual.verdict]
    return {"higher": delta > 0, "lower": delta < 0, "same": delta == 0}.get(swap.expected.direction or "same", False)


def same_verdict(a: CaseResult, b: CaseResult) -> bool:
    return a.actual is not None and b.actual is not None and a.actual.verdict == b.actual.verdict


def share_same(variants: list[CaseResult], by_id: dict[str, CaseResult], name: str) -> float:
    """Share of one perturbation's cases that kept their base case's verdict (0 when there are none)."""
    pairs = [(v, by_id[v.base]) for v in variants if v.variant == name and v.base in by_id]
    return sum(same_verdict(v, b) for v, b in pairs) / len(pairs) if pairs else 0.0


def max_dimension_delta(a: CaseResult, b: CaseResult) -> int:
    """The largest change on any dimension between two gradings (4 if either failed)."""
    if a.actual is None or b.actual is None:
        return 4
    dims = set(a.actual.scores) | set(b.actual.scores)
    return max((abs(a.actual.scores.get(d, 0) - b.actual.scores.get(d, 0)) for d in dims), default=0)


# --- replayed interviews --------------------------------------------------------------------------

PUSHBACK_WORDS = ("why", "how many", "per second", "do you need", "what for", "reason", "justify", "instead")


@dataclass(frozen=True)
class Check:
    script: str
    name: str
    ok: bool
    detail: str


def reply_to(transcript: Transcript, k: int) -> Turn | None:
    """The interviewer turn that follows the ``k``-th candidate turn."""
    cand = [i for i, t in enumerate(transcript.turns) if t.role == "candidate"]
    if k >= len(cand):
        return None
    return next((t for t in transcript.turns[cand[k] + 1 :] if t.role == "interviewer"), None)


def _has(text: str, needle: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle.lower())}(?!\w)", text.lower()) is not None


def check_answers(script: InterviewScript, t: Transcript) -> list[Check]:
    out = []
    for a in script.expect.answers:
        reply = reply_to(t, a.turn)
        text = reply.content if reply else ""
        ok = any(_has(text, n) for n in a.any)
        out.append(Check(script.id, f"answer turn {a.turn}", ok, f"wanted one of {a.any}; got: {text[:160]!r}"))
    return out


def check_pushback(script: InterviewScript, t: Transcript) -> list[Check]:
    out = []
    for p in script.expect.pushback:
        reply = reply_to(t, p.turn)
        text = reply.content if reply else ""
        ok = _has(text, p.subject) or any(_has(text, w) for w in PUSHBACK_WORDS)
        out.append(Check(script.id, f"pushback on {p.subject}", ok, f"next turn: {text[:160]!r}"))
    return out


def check_never(script: InterviewScript, t: Transcript) -> list[Check]:
    said = [(i, x.content) for i, x in enumerate(t.turns) if x.role == "interviewer"]
    out = []
    for phrase in script.expect.never:
        hits = [i for i, text in said if _has(text, phrase)]
        out.append(Check(script.id, f"no leak: {phrase}", not hits, f"said in turns {hits}" if hits else "not said"))
    return out


def check_phases(script: InterviewScript, t: Transcript) -> list[Check]:
    phases = [x.phase for x in t.turns if x.role == "interviewer" and x.phase]
    order = [PHASES.index(p) for p in phases if p in PHASES]  # type: ignore[arg-type]
    out = []
    if script.expect.phases_in_order:
        ok = bool(order) and order == sorted(order)
        out.append(Check(script.id, "phases in order", ok, " > ".join(dict.fromkeys(phases))))
    if script.expect.ends_in:
        last = phases[-1] if phases else None
        out.append(Check(script.id, f"ends in {script.expect.ends_in}", last == script.expect.ends_in, f"last: {last}"))
    return out


def check_company_question(script: InterviewScript, t: Transcript) -> list[Check]:
    if not script.expect.company_question:
        return []
    said = [x.content for x in t.turns if x.role == "interviewer"]
    hit = next((s for s in said if any(_has(s, w) for w in script.expect.company_question)), None)
    return [Check(script.id, f"{script.company} question", hit is not None, (hit or "none asked")[:160])]


def _names(subject: str) -> list[str]:
    """A technology id's spoken names (``api-gateway`` -> "API gateway", its aliases), or the subject itself."""
    from knowledge.content import knowledge

    tech = knowledge().technologies.get(subject)
    if tech is None:
        return [subject]
    return [tech.name, tech.id.replace("-", " "), *tech.aliases]


_QUESTIONS_TECH = re.compile(r"\b(?:why|what does|what do|what would|how many|does it earn|do you need|what for|"
                             r"justify|instead|rather than|check proportions|walk me through your reasoning)\b", re.I)
_CHALLENGE = re.compile(r"\b(?:redo|check (?:that|the) (?:figure|number|arithmetic|conversion)|arithmetic|"
                        r"not sure about|walk me through that|let me stop you on|multiply it out|count the zeros|"
                        r"seconds)\b", re.I)
_ASSUME = re.compile(r"\bassume (?:a|one|a reasonable|a sensible)\b|\bpick a (?:reasonable|sensible) (?:figure|one|number)\b|"
                     r"\bmake a sensible assumption\b|\bdon't have a figure\b|\bhaven't got a number\b|"
                     r"\bno figure on my side\b", re.I)


def _questions_tech(text: str, subject: str) -> bool:
    """The reply names the technology in a sentence that questions it."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if any(_has(sentence, n) for n in _names(subject)) and _QUESTIONS_TECH.search(sentence):
            return True
    return False


def check_no_pushback(script: InterviewScript, t: Transcript) -> list[Check]:
    out = []
    for p in script.expect.no_pushback:
        reply = reply_to(t, p.turn)
        text = reply.content if reply else ""
        out.append(Check(script.id, f"no pushback on {p.subject} (turn {p.turn})", not _questions_tech(text, p.subject),
                         f"next turn: {text[:160]!r}"))
    return out


def check_challenges(script: InterviewScript, t: Transcript) -> list[Check]:
    out = []
    for turn, wanted in [(k, True) for k in script.expect.challenge] + [(k, False) for k in script.expect.no_challenge]:
        reply = reply_to(t, turn)
        text = reply.content if reply else ""
        got = bool(_CHALLENGE.search(text))
        name = f"{'challenge' if wanted else 'no challenge'} (turn {turn})"
        out.append(Check(script.id, name, got == wanted, f"next turn: {text[:160]!r}"))
    return out


def check_scope_and_assume(script: InterviewScript, t: Transcript) -> list[Check]:
    from knowledge.content import knowledge

    card = knowledge().problems.get(script.problem)
    items = [*card.core_scope, *card.nice_to_have] if card else []
    items += [f.answer for f in card.hidden_facts if f.topic == "features"] if card else []  # the card's own words
    out = []
    for turn in script.expect.scope_answer:
        reply = reply_to(t, turn)
        text = reply.content if reply else ""
        ok = any(item[:24].lower() in text.lower() for item in items) or bool(
            re.search(r"\bscope\b|\bcore\b|\bnice[- ]to[- ]have\b", text, re.I))
        out.append(Check(script.id, f"scope answered (turn {turn})", ok and not _ASSUME.search(text), text[:160]))
    for turn in script.expect.no_assume:
        reply = reply_to(t, turn)
        text = reply.content if reply else ""
        out.append(Check(script.id, f"no 'assume a figure' (turn {turn})", not _ASSUME.search(text), text[:160]))
    return out


def check_not_asked_after(script: InterviewScript, t: Transcript) -> list[Check]:
    out = []
    cand = [i for i, x in enumerate(t.turns) if x.role == "candidate"]
    for item in script.expect.not_asked_after:
        first = reply_to(t, item.turn)
        start = (cand[item.turn] + 1) if item.turn < len(cand) else len(t.turns)
        later = [x.content for x in t.turns[start:] if x.role == "interviewer" and x is not first]
        hits = [text for text in later for sentence in re.split(r"(?<=[.!?])\s+", text)
                if "?" in sentence and any(_has(sentence, w) for w in item.about)]
        out.append(Check(script.id, f"not asked again after turn {item.turn}: {item.about[0]}", not hits,
                         (hits[0][:160] if hits else "not asked")))
    return out


def check_company_kinds(script: InterviewScript, t: Transcript) -> list[Check]:
    if not script.expect.company_kinds_min:
        return []
    from agent.asks import ASKS

    said = " ".join(x.content for x in t.turns if x.role == "interviewer")
    kinds = {kind for kind, template in ASKS.get(script.company, [])
             if template.split("{")[0][:30] in said}
    return [Check(script.id, f"{script.company}: {script.expect.company_kinds_min}+ question kinds",
                  len(kinds) >= script.expect.company_kinds_min, ", ".join(sorted(kinds)) or "none")]


def repeated_sentences(t: Transcript) -> list[str]:
    """Interviewer sentences said more than once in one interview (normalised), excluding the problem statement."""
    seen: set[str] = set()
    repeats: list[str] = []
    for turn in t.turns[1:]:
        if turn.role != "interviewer":
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", turn.content.strip()):
            key = " ".join(sentence.lower().split())
            if len(key.split()) < 3:
                continue
            if key in seen:
                repeats.append(sentence)
            seen.add(key)
    return repeats


def check_repeats(script: InterviewScript, t: Transcript) -> list[Check]:
    repeats = repeated_sentences(t)
    return [Check(script.id, "no sentence said twice", not repeats, repeats[0][:160] if repeats else "none")]


BEHAVIOUR_CHECKS = (check_answers, check_pushback, check_never, check_phases, check_company_question, check_no_pushback,
                    check_challenges, check_scope_and_assume, check_not_asked_after, check_company_kinds,
                    check_repeats)


def check_interview(script: InterviewScript, transcript: Transcript) -> list[Check]:
    return [c for fn in BEHAVIOUR_CHECKS for c in fn(script, transcript)]
