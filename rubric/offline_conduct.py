"""Offline scoring rules for reliability, proportionality, communication and leadership."""

from __future__ import annotations

import re

from analysis.models import TurnAnalysis
from analysis.sentences import normalise
from rubric.grade_patterns import ABSENCE
from rubric.grade_signals import Item, Signals
from rubric.offline_common import DIGIT, Judgement, connected, derived_figures, first

_FAILURE_WORD = re.compile(
    r"\b(fail\w*|down|crash\w*|die[sd]?|dead|outage|lost|lose[s]?|losing|unavailable|vanish\w*|disappear\w*|break[s]?|broken|offline"
    r"|restart\w*|reboot\w*|recover\w*|backups?|standby|redundan\w*|retr(?:y|ies|ied)|backoff|idempot\w*|degrad\w*|fallback"
    r"|fall(?:s)? (?:back|through)|promot\w*|time ?outs?|timed out|partition(?:ed)?|stale|herd|stampede|hot|spikes?"
    r"|overload\w*|shed\w*|circuit|drop(?:s|ped)?|duplicate\w*|twice|replay\w*|lag\w*|behind|backs? up)\b",
    re.I,
)
_SUBSTANTIVE = 12  # substantive words for a turn to count as an answer rather than an aside

def reliability(sig: Signals) -> Judgement:
    asked = [p for p in sig.pushbacks if p.about_failure]
    answering = {p.answer_turn for p in asked if not p.failed}
    failures = [  # in an answer to a failure question, or naming a failure or recovery mechanism; never an admission
        i for i in sig.items("failure_modes")
        if len(i.quote.split()) >= 5 and (i.turn in answering or _FAILURE_WORD.search(i.quote)) and not ABSENCE.search(i.quote)
    ]
    failed = [p for p in asked if p.failed]
    quantified = [i for i in failures if DIGIT.search(i.quote)]
    ev = failures[:3]
    why = f"{len(failures)} failure scenario(s) discussed" + (f"; {len(failed)} failure question(s) unanswered" if failed else "")
    fail_ev = [Item(p.answer_turn, first(p.answer)) for p in failed if p.answer_turn is not None]
    if not failures:
        text = why + "; no failure plan." if failed else "Failures are never discussed."
        return Judgement(1, text, ["pushback_failed"] if failed else ["no_failures"], fail_ev[:2])
    prompted = {p.answer_turn for p in asked}
    volunteered = [i for i in failures if i.turn not in prompted]
    if len(failed) >= 2 and not volunteered:
        return Judgement(1, why + "; no answer when asked.", ["pushback_failed"], fail_ev[:2] + ev[:1])
    if failed:
        return Judgement(2, why + ".", ["pushback_failed"], fail_ev[:1] + ev[:2])
    everywhere = len(sig.over_engineering) >= 2  # redundancy for a system that does not need it
    if len(failures) >= 3 and quantified and volunteered and not everywhere:
        return Judgement(4, why + ", with concrete figures, some raised unprompted.", [], ev)
    if len(failures) >= 2:
        return Judgement(3, why + ".", ["shallow_failures"] if not quantified else [], ev)
    return Judgement(2, why + ".", ["shallow_failures"], ev)

def proportionality(sig: Signals) -> Judgement:
    over = sig.over_engineering
    sized = sig.sizing + sig.declined
    growth = sig.growth_plan
    has_design = bool(sig.first_design_turn is not None or sig.items("components"))
    scale = f"scale {sig.scale} ({sig.scale_source})" if sig.scale else "scale not stated"
    why = f"{scale}; {len(over)} component(s) beyond it; {len(sized)} sizing statement(s); {len(growth)} growth-plan statement(s)"
    if len(over) >= 2:
        return Judgement(1, why + ".", ["over_engineering"], over[:3])
    if over:
        return Judgement(2, why + ".", ["over_engineering"], over[:2] + sized[:1])
    if not has_design and not sized:
        return Judgement(1, "No design to size against the scale.", ["no_design"], [])
    if len(sized) >= 2 and growth or len(sized) >= 3:
        return Judgement(4, why + ".", [], sized[:2] + growth[:1])
    if sized or growth:
        return Judgement(3, why + ".", [] if growth else ["no_sizing"], sized[:2] + growth[:1])
    derived = derived_figures(sig)
    if len(derived) >= 2 or (derived and connected(sig)):
        return Judgement(3, why + "; the design follows the estimates.", ["no_sizing"], [i for i, _ in derived[:2]])
    return Judgement(2, why + "; the design is never related to the scale.", ["no_sizing"], [])

def _only_questions(a: TurnAnalysis) -> bool:
    return bool(a.questions) and not (a.reasoning or a.trade_offs or a.technologies or a.figures or a.scoping)


def _explains(a: TurnAnalysis) -> bool:
    """The turn voices reasoning: a because, a trade-off, a failure walk, worked numbers, scope or a summary."""
    return bool(
        a.reasoning or a.trade_offs or a.failure_modes or a.arithmetic or a.scoping or a.summary
        or any(t.justified for t in a.technologies)
    )


def communication(sig: Signals) -> Judgement:
    turns = [(t, a) for t, a in sig.candidate if a.substantive_words >= _SUBSTANTIVE and not _only_questions(a)]
    narrated = [(t, a) for t, a in turns if _explains(a)]
    summary = sig.items("summary")
    scoping = sig.items("scoping")
    asks = [t for t, a in sig.candidate if a.asks_for_answer]
    share = len(narrated) / len(turns) if turns else 0.0
    firsts = [Item(t, (a.reasoning or a.trade_offs or a.failure_modes or [""])[0]) for t, a in narrated]
    ev = [i for i in firsts if i.quote][:2] + summary[:1] + scoping[:1]
    why = f"reasoning voiced in {len(narrated)} of {len(turns)} substantive answer(s)"
    why += "; summarised" if summary else "; no summary"
    why += "; drives with scope/signposts" if scoping else ""
    if not narrated:
        return Judgement(1, why + "; the reasoning is never voiced.", ["silent"], [])
    gaps = (["no_summary"] if not summary else []) + (["not_driving"] if not scoping else [])
    gaps += ["asks_for_answer"] if asks else []
    if share >= 0.6 and summary and scoping and not asks and len(narrated) >= 3:
        return Judgement(4, why + ".", [], ev)
    if share >= 0.4 and len(narrated) >= 2 and len(asks) <= 1 and (summary or scoping or (share >= 0.5 and len(narrated) >= 3)):
        return Judgement(3, why + ".", gaps, ev)
    return Judgement(2, why + ".", gaps or ["silent"], ev)

def leadership(sig: Signals) -> Judgement:
    answered = [(t, found) for t, found in sig.lp_answers if found]
    asked = len(sig.lp_questions)
    items = sig.items("leadership")
    for _, found in sig.lp_answers:
        items += [i for i in found if normalise(i.quote) not in {normalise(x.quote) for x in items}]
    themes = {name for t, th in sig.lp_questions for name in th if any(tt == t for tt, f in answered)}
    ev = items[:3]
    why = f"{len(items)} leadership statement(s); {len(answered)} of {asked} leadership question(s) answered in those terms"
    if not items:
        gaps = ["technical_only"] if asked else ["no_leadership"]
        return Judgement(2 if asked else 1, why + ".", gaps, [])
    if asked and len(answered) * 3 <= asked:
        return Judgement(2, why + "; the rest were answered in purely technical terms.", ["technical_only"], ev)
    if (asked >= 2 and len(answered) >= asked and len(items) >= 3 and len(themes) >= 2) or (not asked and len(items) >= 4):
        return Judgement(4, why + ".", [], ev)
    if (asked and len(answered) * 2 >= asked) or (not asked and len(items) >= 2):
        return Judgement(3, why + ".", ["narrow"], ev)
    return Judgement(2, why + ".", ["technical_only" if asked else "narrow"], ev)

