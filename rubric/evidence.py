"""Per-dimension evidence amounts from the grounded ledger (:mod:`analysis.ledger`).

Each dimension adds up distinct, grounded contributions, each capped, and subtracts grounded failures (a wrong
checked figure, a stated fact the design ignores, a pushback given up on, a component the scale does not need).
Words, phrases and repetition earn nothing on their own. The amount goes through the calibrated cut points
(:mod:`rubric.calibration`) to a 1-4 score; how many contributions it rests on sets the dimension's confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from analysis.ledger import Ledger
from analysis.sentences import split_sentences
from rubric.grade_signals import Item, Signals
from rubric.offline import _API_DATA, _FLOW
from rubric.offline_common import Judgement, first
from rubric.offline_conduct import leadership as leadership_rules

SIZED_WRONG = 2  # the ceiling when the heaviest stated load is never worked out (or is ten times off): the estimate,
# the sizing, and the depth and reasons that rest on the wrong numbers stay below the bar however much is said
OVER_BUILT = 3  # kept pieces the stated scale does not call for, from which the design's reasons and depth are
# below the bar too: effort spent defending what should not be there (measured out of fold against 2 and 4)


@dataclass
class Tally:
    """A running evidence amount with the plain-English parts of its rationale."""

    value: float = 0.0
    items: int = 0  # grounded contributions counted
    said: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    evidence: list[Item] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)  # each contribution's capped count, by its text

    def add(self, count: int, weight: float, cap: int, text: str, evidence: list[Item] | None = None) -> None:
        n = min(count, cap)
        self.features[text] = float(n)
        self.value += n * weight
        if weight > 0:
            self.items += n
        if count:
            self.said.append(plural(text.format(n=count), count))
            self.evidence += (evidence or [])[:2]

    def gap(self, code: str, when: bool) -> None:
        if when:
            self.gaps.append(code)

    def judgement(self, empty: str) -> Judgement:
        confidence = "high" if self.items >= 5 else "moderate" if self.items >= 2 else "low"
        rationale = "; ".join(self.said) if self.said else empty
        return Judgement(score=1, rationale=rationale[:1].upper() + rationale[1:] + ".", gaps=self.gaps,
                         evidence=self.evidence, value=round(self.value, 3), confidence=confidence,
                         contributions=self.items, features=dict(self.features))


def plural(text: str, n: int) -> str:
    """``"3 figure(s)"`` -> ``"3 figures"``, ``"1 figure(s)"`` -> ``"1 figure"``: plain English in the scorecard."""
    return re.sub(r"(\w)\((e?s)\)", lambda m: m.group(1) + ("" if n == 1 else m.group(2)), text)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def requirements(sig: Signals, led: Ledger) -> Judgement:
    t = Tally()
    early = [Item(turn, q) for turn, q in led.questions[: max(led.questions_before_design, 0)]]
    used = [f for f in led.facts if f.used and f.used_turn is not None]
    ignored = led.ignored_facts()
    t.add(led.questions_before_design, 0.5, 8, "{n} clarifying question(s) before the design", early)
    t.add(len(led.questions) - led.questions_before_design, 0.2, 4, "{n} more question(s) later")
    t.add(len(used), 0.4, 6, "{n} of the interviewer's facts used afterwards",
          [Item(f.used_turn or 0, f.text) for f in used])
    t.add(len(sig.items("scoping")), 0.4, 2, "scope stated {n} time(s)", sig.items("scoping"))
    t.add(len(ignored), -0.4, 4, "{n} stated figure(s) never used")
    t.add(len(led.unmet_load()), -1.5, 1, "the heaviest load the interviewer stated is never designed for",
          [Item(f.turn, f.text) for f in led.unmet_load()])
    t.add(int(not led.scale_established()), -1.5, 1, "the design began before the scale was asked for or assumed")
    t.gap("no_questions", not led.questions)
    t.gap("few_questions", 0 < led.questions_before_design < 3)
    t.gap("late_questions", led.questions_before_design < len(led.questions) / 2)
    t.gap("no_scope", not sig.items("scoping"))
    return t.judgement("no clarifying questions and no stated scope")


def estimation(sig: Signals, led: Ledger) -> Judgement:
    t = Tally()
    own = led.grounded_figures()
    checked = [f for f in own if f.checked]
    unprompted = [f for f in own if not f.prompted]
    used = [f for f in own if f.used_later]
    wrong = led.wrong_figures()
    ignored = led.ignored_facts()
    unmet = led.unmet_load()
    t.add(len(checked), 1.0, 5, "{n} derivation(s) checked right", [Item(f.turn, f.text) for f in checked])
    t.add(len(own) - len(checked), 0.35, 8, "{n} more figure(s) worked out or assumed", [Item(f.turn, f.text) for f in own])
    t.add(len(unprompted), 0.15, 8, "{n} of them volunteered")
    t.add(len(used), 0.5, 6, "{n} figure(s) used in a later decision", [Item(f.turn, f.text) for f in used])
    t.add(len(wrong), -1.5, 3, "{n} figure(s) checked wrong", [Item(f.turn, f.text) for f in wrong])
    t.add(len(ignored), -0.4, 4, "{n} of the interviewer's figures never worked with")
    t.add(len(unmet), -3.0, 1, "the heaviest load the stated figures imply is never worked out, or is an order of "
          "magnitude off", [Item(f.turn, f.text) for f in unmet])
    t.add(int(bool(own) and len(unprompted) * 2 < len(own)), -1.0, 1, "the estimates came mostly when asked for")
    t.gap("no_figures", not own)
    t.gap("wrong_math", bool(wrong) or bool(unmet))
    t.gap("not_connected", bool(own) and not used)
    out = t.judgement("no load, storage or capacity worked out")
    out.ceiling = SIZED_WRONG if unmet else 4
    return out


def _own_sentences(sig: Signals, pattern: object) -> list[Item]:
    return [Item(turn, s.text) for turn, a in sig.candidate for s in split_sentences(a.text)
            if pattern.search(s.text)]  # type: ignore[attr-defined]


def high_level_design(sig: Signals, led: Ledger) -> Judgement:
    t = Tally()
    own = [d for d in led.decisions if d.subject != "design"]
    grounded = [d for d in own if d.grounded]
    components = sig.items("components")
    detail = _own_sentences(sig, _API_DATA)
    flow = _own_sentences(sig, _FLOW)
    t.add(len(grounded), 0.6, 5, "{n} technology choice(s) fitted to this problem", [Item(d.turn, d.quote) for d in grounded])
    t.add(len(own) - len(grounded), -0.3, 5, "{n} technology choice(s) named without a reason from the problem")
    t.add(len(components), 0.1, 5, "{n} component(s) described", components)
    t.add(min(len(detail), 1), 0.5, 1, "API or data model described", detail)
    t.add(min(len(flow), 1), 0.5, 1, "data flow explained", flow)
    t.add(len(_over(sig, led)), -0.5, 3, "{n} component(s) the stated scale does not call for")
    t.add(len(led.restated), -0.3, 4, "{n} idea(s) only restated from the interviewer")
    t.gap("no_design", not own and not components)
    t.gap("no_api_or_data", not detail)
    t.gap("list_dump", len(own) - len(grounded) >= 3)
    return t.judgement("no design was proposed")


def deep_dive(sig: Signals, led: Ledger) -> Judgement:
    t = Tally()
    grounded = [d for d in led.decisions if d.grounded and d.concrete]
    trade = [i for i in sig.items("trade_offs") if led.cites_problem(i.quote)]
    triggers = [i for i in sig.growth_plan if led.cites_problem(i.quote)]
    mechanisms = [f for f in led.failures if f.mechanism and f.consequence]
    defended = [e for e in led.exchanges if e.outcome in ("defended", "changed") and not e.about_failure]
    gave_up = [e for e in led.exchanges if e.outcome == "gave_up"]
    t.add(len(grounded), 0.4, 10, "{n} decision(s) reasoned from this problem's numbers or needs",
          [Item(d.turn, d.quote) for d in grounded])
    t.add(len(trade), 0.5, 5, "{n} trade-off(s) weighed on this problem's terms", trade)
    t.add(len(triggers), 0.5, 3, "{n} condition(s) named that would change the design", triggers)
    t.add(len(mechanisms), 0.3, 4, "{n} mechanism(s) walked through to their consequence")
    t.add(len(defended), 0.3, 4, "{n} challenge(s) answered with new reasoning",
          [Item(e.answer_turn, first(sig_text(sig, e.answer_turn))) for e in defended])
    t.add(len(gave_up), -0.75, 3, "gave way under {n} challenge(s)")
    t.add(len(led.restated), -0.3, 4, "{n} idea(s) taken from the interviewer's hints")
    t.gap("no_trade_offs", not trade)
    t.gap("shallow", len(grounded) < 3 or bool(gave_up))
    return _held(t.judgement("no mechanism or trade-off discussed beyond naming parts"), led, len(_over(sig, led)))


def _held(out: Judgement, led: Ledger, over: int) -> Judgement:
    """Below the bar, said why, when the design rests on the wrong load or keeps pieces its scale does not need."""
    why = ("it never works with the heaviest load the stated figures imply" if led.unmet_load() else
           f"it defends {over} pieces the stated scale does not call for" if over >= OVER_BUILT else "")
    if why:
        out.ceiling = SIZED_WRONG
        out.rationale = f"{out.rationale.rstrip('.')}; held below the bar: {why}."
    return out


def sig_text(sig: Signals, turn: int) -> str:
    return next((a.text for t, a in sig.candidate if t == turn), "")


def justification(sig: Signals, led: Ledger) -> Judgement:
    t = Tally()
    tech = [d for d in led.decisions if d.subject != "design"]
    grounded = [d for d in tech if d.grounded]
    slogans = [d for d in tech if not d.grounded and d.reason]
    reasoned_out = [r for r in led.ruled_out if r.reasoned]
    held = [e for e in led.exchanges if e.outcome == "defended"]
    changed = [e for e in led.exchanges if e.outcome == "changed"]
    gave_up = [e for e in led.exchanges if e.outcome == "gave_up"]
    repeated = [e for e in led.exchanges if e.outcome == "repeated"]
    over = _over(sig, led)
    t.add(len(grounded), 0.75, 6, "{n} technology choice(s) justified with this problem's numbers or needs",
          [Item(d.turn, d.quote) for d in grounded])
    t.add(len([d for d in led.decisions if d.subject == "design" and d.concrete]), 0.2, 8,
          "{n} design reason(s) tied to the problem")
    t.add(len(reasoned_out), 0.5, 3, "{n} alternative(s) ruled out with a reason", [Item(r.turn, r.quote) for r in reasoned_out])
    t.add(len(held), 0.5, 4, "held {n} position(s) under pushback with new information",
          [Item(e.answer_turn, first(sig_text(sig, e.answer_turn))) for e in held])
    t.add(len(changed), 0.3, 3, "changed the design for a stated reason {n} time(s)")
    t.add(len(slogans), -0.25, 4, "{n} choice(s) backed only by a slogan")
    t.add(len(tech) - len(grounded) - len(slogans), -0.4, 5, "{n} technology choice(s) named without any reason")
    t.add(len(gave_up), -0.75, 3, "gave up under {n} challenge(s)",
          [Item(e.answer_turn, first(sig_text(sig, e.answer_turn))) for e in gave_up])
    t.add(len(repeated), -0.25, 3, "repeated the same answer to {n} challenge(s)")
    t.add(len(over), -0.5, 3, "{n} component(s) the stated scale does not call for", over)
    t.gap("unjustified", len(grounded) < max(1, len(tech) // 2))
    t.gap("pushback_failed", bool(gave_up))
    t.gap("no_trade_offs", not sig.items("trade_offs"))
    return _held(t.judgement("choices are named without reasons"), led, len(over))


def reliability(sig: Signals, led: Ledger) -> Judgement:
    t = Tally()
    full = [f for f in led.failures if f.mechanism and f.consequence]
    partial = [f for f in led.failures if f.mechanism != f.consequence]
    volunteered = [f for f in full if not f.prompted]
    walked = {f.turn for f in full}
    unanswered = [e for e in led.exchanges if e.about_failure and (e.outcome in ("gave_up", "repeated")
                                                                    or e.answer_turn not in walked)]
    t.add(len(full), 0.8, 6, "{n} failure scenario(s) with a mechanism and a consequence", [Item(f.turn, f.quote) for f in full])
    t.add(len(partial), 0.1, 4, "{n} more failure mention(s) without both a mechanism and a consequence",
          [Item(f.turn, f.quote) for f in partial])
    t.add(len(volunteered), 0.2, 3, "{n} raised unprompted")
    t.add(len(unanswered), -0.75, 3, "{n} failure question(s) left unanswered")
    t.gap("no_failures", not led.failures)
    t.gap("shallow_failures", len(full) < 2)
    t.gap("pushback_failed", bool(unanswered))
    if not led.failure_asked and not any(f.mechanism or f.consequence for f in led.failures):
        out = t.judgement("failures never came up: the interviewer did not ask and the candidate did not raise them")
        out.unprobed, out.confidence = True, "low"
        return out
    return t.judgement("failures are never discussed")


def _over(sig: Signals, led: Ledger) -> list[Item]:
    """Over-engineering, less any technology the candidate dropped or deferred: later, or in the same answer
    unless the answer goes on to use it after dropping it."""
    dropped = {r.subject: r for r in led.ruled_out}
    texts = dict((turn, a.text) for turn, a in sig.candidate)

    def kept(item: Item, tech: str) -> bool:
        r = dropped.get(tech)
        if r is None or r.turn < item.turn:
            return True
        if r.turn > item.turn:
            return False
        text = texts.get(item.turn, "")
        return text.find(item.quote) > text.find(r.quote) >= 0

    return [i for i, tech in zip(sig.over_engineering, sig.over_ids, strict=False) if kept(i, tech)]


def proportionality(sig: Signals, led: Ledger) -> Judgement:
    t = Tally()
    over = _over(sig, led)
    numbered = [d for d in led.decisions if d.grounded and any(c.isdigit() for c in d.reason)]
    t.add(len(sig.sizing), 0.5, 4, "{n} sizing statement(s)", sig.sizing)
    t.add(len(led.ruled_out), 0.5, 3, "{n} heavier option(s) ruled out or deferred",
          [Item(r.turn, r.quote) for r in led.ruled_out])
    t.add(len(sig.growth_plan), 0.3, 2, "{n} growth-plan statement(s)", sig.growth_plan)
    t.add(len(numbered), 0.2, 6, "design tied to the numbers {n} time(s)", [Item(d.turn, d.quote) for d in numbered])
    t.add(len(over), -1.5, 3, "{n} component(s) beyond the stated scale", over)
    t.add(len(led.ignored_facts()), -0.3, 4, "{n} stated figure(s) the design never addresses")
    t.add(len(led.unmet_load()), -1.0, 1, "the design is never sized for the heaviest stated load")
    t.add(int(not led.scale_established()), -1.0, 1, "no scale was established to size the design against")
    t.gap("over_engineering", bool(over))
    t.gap("no_sizing", not sig.sizing and not led.ruled_out)
    scale = f"Scale {sig.scale} ({sig.scale_source})" if sig.scale else "Scale not stated"
    t.said.insert(0, scale.lower())
    out = t.judgement("no design to size against the scale")
    out.ceiling = SIZED_WRONG if led.unmet_load() else 4
    return out


def communication(sig: Signals, led: Ledger) -> Judgement:
    """Reasoning voiced about this problem (its numbers and needs), not fluency: fillers, restarts and brevity
    neither add nor take away."""
    t = Tally()
    answers = [turn for turn, a in sig.candidate if a.substantive_words >= 12]
    reasoned = {d.turn for d in led.decisions if d.grounded} | {f.turn for f in led.grounded_figures()}
    narrated = [turn for turn in answers if turn in reasoned]
    share = len(narrated) / len(answers) if answers else 0.0
    asks = [turn for turn, a in sig.candidate if a.asks_for_answer]
    t.value += 3.0 * share
    t.features["share"] = share
    t.items += min(len(narrated), 6)
    t.said.append(plural(f"reasoning about this problem voiced in {len(narrated)} of {len(answers)} substantive answer(s)",
                         len(answers)))
    t.evidence += [Item(d.turn, d.quote) for d in led.decisions if d.grounded][:2]
    t.add(len(sig.items("summary")), 0.5, 1, "summarised", sig.items("summary"))
    t.add(len(sig.items("scoping")), 0.3, 2, "drives with scope and signposts", sig.items("scoping"))
    t.add(len(asks), -0.5, 2, "asked for the answer {n} time(s)")
    t.add(len(led.restated), -0.2, 4, "followed the interviewer's lead on {n} idea(s)")
    t.gap("silent", not narrated)
    t.gap("no_summary", not sig.items("summary"))
    t.gap("not_driving", not sig.items("scoping"))
    t.gap("asks_for_answer", bool(asks))
    return t.judgement("the reasoning is never voiced")


def leadership(sig: Signals, led: Ledger) -> Judgement:
    j = leadership_rules(sig)
    answered = [found for _, found in sig.lp_answers if found]
    t = Tally()
    t.add(len(answered), 0.75, 4, "{n} leadership question(s) answered in leadership terms")
    t.add(len(sig.items("leadership")), 0.3, 5, "{n} leadership statement(s)", sig.items("leadership"))
    t.add(len(sig.lp_questions) - len(answered), -0.5, 4, "{n} leadership question(s) answered in purely technical terms")
    out = t.judgement("no leadership signal")
    out.gaps = j.gaps
    out.evidence = j.evidence or out.evidence
    return out


SCORERS: dict[str, Callable[[Signals, Ledger], Judgement]] = {
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
