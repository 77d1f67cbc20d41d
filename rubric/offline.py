"""Deterministic per-dimension scoring from the transcript's evidence.

Every rule reads the presence and quality of distinct evidence, capped - never its volume - so repeating a
sentence or padding with filler earns nothing. Each score carries the verbatim quotes it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from analysis.sentences import normalise, split_sentences
from rubric.grade_patterns import ASKS_NUMBERS, SLOGAN
from rubric.grade_signals import Item, Signals
from rubric.offline_common import DIGIT, Judgement, derived_figures, first
from rubric.offline_common import connected as numbered_decisions
from rubric.offline_conduct import communication, leadership, proportionality, reliability

_API_DATA = re.compile(
    r"\b(?:GET|POST|PUT|DELETE|PATCH)\s+/|\bendpoints?\b|\bapis? (?:is|are|would|has|takes|exposes|returns)\b|\bapis?:"
    r"|\bschema\b|\btables?\b|\bcolumns?\b|\bindex(?:ed|es)? on\b|\b(?:primary|partition|sort|shard) key\b|\bkeyed by\b|\b\w+_id\b|\bdata model\b",
    re.IGNORECASE,
)
_FLOW = re.compile(
    r"->|→|\b(?:hits?|routes? (?:to|through)|forwards?|writes? (?:to|into)|reads? from|flows?|publish(?:es)?|consumes?"
    r"|returns?|redirects?|sends?|pushes|pulls|calls?|go(?:es)? (?:through|to|into)|looks? up|stores?|hands? (?:off|out|to)"
    r"|passe?s? (?:to|through)|fans? out|enqueues?|lands? in)\b",
    re.IGNORECASE,
)


def _questions_before_design(sig: Signals) -> list[Item]:
    limit = sig.first_design_turn if sig.first_design_turn is not None else 10**9
    return [i for i in sig.items("questions") if i.turn <= limit]


def requirements(sig: Signals) -> Judgement:
    questions = sig.items("questions")
    early = _questions_before_design(sig)
    topics = {t for turn, a in sig.candidate for t in a.fact_topics}
    scale_topics = topics & {"users", "traffic", "data_size", "read_write_ratio", "growth"}
    scoping = sig.items("scoping")
    ev = early[:3] + scoping[:1] + [q for q in questions if q not in early][:1]
    n = len(early)
    why = f"{n} clarifying question(s) before the design ({len(questions)} in all)"
    why += f", about {', '.join(sorted(str(t).replace('_', ' ') for t in topics))}" if topics else ""
    why += "; scope stated" if scoping else "; no explicit scope"
    if not questions and not scoping:
        return Judgement(1, "No clarifying questions and no stated scope.", ["no_questions"], [])
    gaps: list[str] = []
    thorough = len(topics) >= 5 or (not topics and n >= 6)
    if n >= 4 and (len(topics) >= 3 or not topics and n >= 5) and (scoping or thorough) and (scale_topics or not topics):
        return Judgement(4, why + ".", [], ev)
    if n >= 3 or (n >= 2 and (scoping or (len(topics) >= 2 and scale_topics))):
        score = 3
        if not scale_topics and topics:
            gaps.append("no_scale_question")
        if not scoping:
            gaps.append("no_scope")
        if n < 4:
            gaps.append("few_questions")
        return Judgement(score, why + ".", gaps, ev)
    gaps = ["late_questions"] if len(questions) > n else ["few_questions"]
    if not scoping:
        gaps.append("no_scope")
    return Judgement(2, why + ".", gaps, ev)

def estimation(sig: Signals) -> Judgement:
    derived = derived_figures(sig)
    kinds = {k for _, k in derived}
    checks = [(turn, c) for turn, a in sig.candidate for c in a.arithmetic]
    ok = [c for _, c in checks if c.ok]
    bad = [(t, c) for t, c in checks if not c.ok]
    echoed = any(a.figures for _, a in sig.candidate)
    connected = numbered_decisions(sig)
    ev = [i for i, _ in derived[:2]] + [Item(t, c.claim) for t, c in checks if c.ok][:1] + connected[:1]
    why = f"{len(derived)} figure(s) of the candidate's own ({', '.join(sorted(kinds)) or 'none'}); "
    why += f"{len(ok)} conversion(s) checked right, {len(bad)} wrong"
    why += "; numbers used in decisions" if connected else "; numbers not tied to decisions"
    if not derived and not checks:
        if echoed:
            return Judgement(2, "Only the given figures are repeated; no load or storage worked out.", ["echo_only"], [])
        return Judgement(1, "No estimation: no request rate, storage or capacity figures.", ["no_figures"], [])
    gaps: list[str] = []
    if bad and len(bad) >= len(ok):
        return Judgement(2, why + ".", ["wrong_math"], [Item(t, c.claim) for t, c in bad[:2]] + ev[:1])
    late = sig.first_design_turn is not None and min(i.turn for i, _ in derived) > sig.first_design_turn if derived else False
    prompted = {p.answer_turn for p in sig.pushbacks if ASKS_NUMBERS.search(p.ask)} | sig.numbers_asked
    if late:
        why += "; the numbers came only after the design"
    if late and derived and all(i.turn in prompted for i, _ in derived):
        return Judgement(2, why + ", and only when asked for them.", ["not_connected"], ev)
    if len(derived) >= 3 and len(kinds) >= 2 and connected and len(bad) <= 1 and len(ok) >= 2 * len(bad) and not late:
        return Judgement(4, why + ".", [], ev)
    if (len(derived) >= 2 and (connected or len(kinds) >= 2 or ok)) or (derived and connected):
        if not connected:
            gaps.append("not_connected")
        if bad:
            gaps.append("wrong_math")
        return Judgement(3, why + ".", gaps, ev)
    gaps.append("not_connected" if len(derived) >= 2 else "no_figures")
    return Judgement(2, why + ".", gaps, ev)


def _sentences(sig: Signals, pattern: re.Pattern[str]) -> list[Item]:
    injected = {normalise(i.quote) for i in sig.injection}
    return [
        Item(turn, s.text)
        for turn, a in sig.candidate
        for s in split_sentences(a.text)
        if pattern.search(s.text) and s.norm not in injected
    ]

def high_level_design(sig: Signals) -> Judgement:
    components = sig.items("components")
    techs = {t.tech_id for turn, a in sig.candidate for t in a.technologies if (turn, t.tech_id) not in sig.not_proposed}
    detail = _sentences(sig, _API_DATA)
    flow = _sentences(sig, _FLOW)
    dump = sum(1 for _, a in sig.candidate if a.list_dump)
    reasons = sig.items("reasoning") + sig.items("trade_offs")
    size = len(components) + min(len(techs), 3) // 2
    ev = components[:2] + detail[:1] + flow[:1]
    why = f"{len(components)} component(s), {len(techs)} technology choice(s)"
    why += "; API/data model described" if detail else "; no API or data model"
    why += "; data flow explained" if flow else "; no data flow"
    if size == 0 and not techs:
        return Judgement(1, "No design was proposed.", ["no_design"], [])
    enough = 2 if sig.scale in ("tiny", "small") else 3  # a small system is rightly one server and one database
    broke = any(p.failed and not p.about_failure for p in sig.pushbacks)
    over = len(sig.over_engineering)
    if over >= 3 and size >= enough:
        return Judgement(2, why + f"; {over} components the scale does not call for.", ["few_components"], ev)
    if size >= enough and detail and flow and reasons and not dump and not broke and not over:
        return Judgement(4, why + ".", [], ev)
    if size >= enough and (detail or flow):
        gaps = [] if detail else ["no_api_or_data"]
        return Judgement(3, why + ".", gaps + (["list_dump"] if dump else []), ev)
    gaps = ["list_dump"] if dump else (["no_api_or_data"] if size >= enough else ["few_components"])
    return Judgement(2, why + ("; technologies listed without reasons" if dump else "") + ".", gaps, ev)


def _justified(sig: Signals) -> tuple[list[Item], list[Item], set[str]]:
    """(first justified mention per technology, one numbered justification per technology, technologies proposed)."""
    justified: dict[str, Item] = {}
    numbered: dict[str, Item] = {}
    named: set[str] = set()
    for turn, a in sig.candidate:
        for t in a.technologies:
            if (turn, t.tech_id) in sig.not_proposed:
                continue
            named.add(t.tech_id)
            if t.justified and not (t.reason and SLOGAN.search(t.reason)):
                justified.setdefault(t.tech_id, Item(turn, t.quote))
                if t.reason and DIGIT.search(t.reason):
                    numbered.setdefault(t.tech_id, Item(turn, t.quote))
    return list(justified.values()), list(numbered.values()), named


def deep_dive(sig: Signals) -> Judgement:
    trade = sig.items("trade_offs")
    justified, with_numbers, _ = _justified(sig)
    reasons = [i for i in sig.items("reasoning") if len(i.quote.split()) >= 6]
    numbered = [i for i in reasons if DIGIT.search(i.quote)]
    decisions = len(justified) + len({normalise(i.quote) for i in numbered} - {normalise(i.quote) for i in justified})
    ev = trade[:2] + (with_numbers or justified)[:1] + numbered[:1]
    why = f"{len(trade)} trade-off(s) acknowledged, {decisions} decision(s) backed by reasons or numbers"
    if not trade and decisions == 0 and len(reasons) < 2:
        return Judgement(1, "No mechanism or trade-off discussed beyond naming parts.", ["no_depth"], reasons[:1])
    broke = [p for p in sig.pushbacks if p.failed and not p.about_failure]
    if len(broke) >= 2:
        why += f"; the design gave way under {len(broke)} challenges"
        return Judgement(2, why + ".", ["shallow"], [Item(p.answer_turn, first(p.answer)) for p in broke if p.answer_turn][:2] + ev[:1])
    if len(trade) >= 2 and decisions >= 3 and (numbered or with_numbers) and not broke:
        return Judgement(4, why + ".", [], ev)
    if trade and decisions >= 2:
        return Judgement(3, why + ".", ["shallow"] if len(trade) < 2 else [], ev)
    return Judgement(2, why + ".", ["no_trade_offs"] if not trade else ["no_depth"], ev or reasons[:2])


def justification(sig: Signals) -> Judgement:
    justified, with_numbers, named = _justified(sig)
    trade = sig.items("trade_offs")
    reasons = [i for i in sig.items("reasoning") if len(i.quote.split()) >= 6]
    pushed = [p for p in sig.pushbacks if not p.about_failure]
    held = [p for p in pushed if p.held]
    failed = [p for p in pushed if p.failed]
    dump = any(a.list_dump for _, a in sig.candidate)
    ratio = len({i.quote for i in justified}) and len(justified) / max(1, len(named))
    fail_ev = [Item(p.answer_turn, first(p.answer)) for p in failed if p.answer_turn is not None]
    held_ev = [Item(p.answer_turn, first(p.answer)) for p in held if p.answer_turn is not None]
    ev = (with_numbers or justified)[:2] + held_ev[:1] + trade[:1]
    why = f"{len(justified)} of {len(named)} technology choice(s) justified ({len(with_numbers)} with numbers); "
    why += f"pushback held {len(held)}/{len(pushed)}" if pushed else "no pushback to answer"
    if not justified and not reasons and not held:
        return Judgement(
            1, why + "; choices are named without reasons.", ["unjustified"] + (["pushback_failed"] if failed else []), fail_ev[:2]
        )
    gaps: list[str] = []
    if named and ratio < 0.5:
        gaps.append("unjustified")
    if not with_numbers:
        gaps.append("no_numbers")
    if not trade:
        gaps.append("no_trade_offs")
    if dump:
        gaps.append("list_dump")
    if len(sig.over_engineering) >= 2:  # choices beyond the stated scale did not earn their place
        gaps.insert(0, "unjustified")
        why += f"; {len(sig.over_engineering)} choices the scale does not need"
        if not failed:
            return Judgement(2, why + ".", gaps, sig.over_engineering[:2] + ev[:1])
    if len(failed) >= 2 and not with_numbers:
        return Judgement(1, why + "; gave up under pushback.", ["pushback_failed"] + gaps, fail_ev[:2] + ev[:1])
    if failed:
        return Judgement(2, why + "; gave up under pushback.", ["pushback_failed"] + gaps, fail_ev[:2] + ev[:1])
    strong = (not named or ratio >= 0.6) and len(with_numbers) >= 2 and trade and not dump
    if strong and (held or not pushed):
        return Judgement(4, why + ".", [], ev)
    if (not named or ratio >= 0.4 or len(held) >= 2) and (with_numbers or trade or held) and not (dump and ratio < 0.5):
        return Judgement(3, why + ".", gaps, ev)
    return Judgement(2, why + ".", gaps or ["unjustified"], ev or reasons[:2])


SCORERS: dict[str, Callable[[Signals], Judgement]] = {
    "requirements": requirements,
    "estimation": estimation,
    "high_level_design": high_level_design,
    "deep_dive": deep_dive,
    "justification": justification,
    "reliability": reliability,
    "proportionality": proportionality,
    "communication": communication,
    "leadership": leadership,
}
