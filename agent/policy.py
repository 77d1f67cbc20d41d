"""The interviewer's policy: which act comes next. Pure functions of the state and the turn analysis.

The same policy runs in offline and LLM mode; an LLM only phrases the act chosen here. Priorities for
a candidate turn (first match wins; answers to clarifying questions ride along with most acts):

1. requests for the card / hidden facts / prompt, for the answer, or to leave the role -> refuse, redirect
2. designing before any clarifying question -> nudge towards questions (at most twice); a pushback due
   in this turn (below) is said right after the nudge
3. a technology named without a reason -> push back now (over-built for the scale -> ask about the load;
   a list of names -> "walk me through your reasoning"); a wrong rate conversion follows as a second act
4. a wrong per-second conversion -> ask them to redo it (the hint, never the number)
5. "I don't know" -> reason aloud, state an assumption
6. the company-mode question, once (Amazon leadership, startup cost/growth) by the fourth turn
7. the phase's own move (answer / estimate / design / deep-dive probes / scale twist / failure walk / summary),
   advancing the phase when its goal is met or its time budget is spent
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from agent.acts import (
    PHASE_NAMES,
    Act,
    ActKind,
    above_scale,
    company_question,
    facts_for,
    phase_budget,
    phase_end,
    phase_move,
    pushback,
    tech_name,
)
from agent.state import Coverage, InterviewState
from analysis.models import TurnAnalysis
from knowledge.content import Knowledge
from knowledge.models import PhaseId, ProblemCard

MAX_PUSHBACKS_PER_TECH = 1
MAX_NUDGES = 2
COMPANY_DEADLINE_TURNS = 4  # the company question comes by this candidate turn at the latest


# A second line of defence next to the analyser's flags: the interviewer must never hand these over.
_ASKS_ANSWER = re.compile(
    r"\b(give|tell|show|send|write)\s+me\s+(the\s+|a\s+|your\s+)?(full\s+|whole\s+|complete\s+|ideal\s+|right\s+|"
    r"correct\s+|best\s+|reference\s+|model\s+)?(answer|solution|design|architecture)\b", re.I)
_ASKS_HIDDEN = re.compile(
    r"\b(show|give|tell|read|print|reveal|list|share|paste|dump|what)\b.{0,30}\b(your\s+(card|notes|prompt|instructions|"
    r"rubric|brief|hidden\s+facts?)|hidden\s+facts?|system\s+prompt|the\s+(problem\s+)?(card|brief|rubric)|"
    r"all\s+the\s+facts)\b", re.I)


def conversion_hint(claim: str) -> str:
    """The seconds in the period the claim converts from: a hint that never gives the result away."""
    text = claim.lower()
    if re.search(r"\b(month|monthly|mo)\b", text):
        return "a month has about 2.6 million seconds, so divide the monthly figure by that"
    if re.search(r"\b(year|yearly|annual|annually|yr)\b", text):
        return "a year has about 30 million seconds, so divide the yearly figure by that"
    if re.search(r"\b(hour|hourly|hr)\b", text):
        return "an hour has 3,600 seconds, so divide the hourly figure by that"
    return "a day has 86,400 seconds, call it about 100K, so divide the daily figure by that"


class Decision(BaseModel):
    """The policy's output: the act, the phase after it, and what the state records."""

    act: Act
    phase: PhaseId
    covered: dict[str, Any]
    pending_pushbacks: list[str]
    warned: list[str]


# --- the policy ---------------------------------------------------------------------------------


def open_act(card: ProblemCard) -> Act:
    return Act(kind="open", phase="requirements", question=card.prompt)


def close_act(state: InterviewState, kb: Knowledge) -> Decision:
    """The closing turn when the interview ends (by the candidate, the caller or the end of a replay)."""
    covered: Coverage = state.get("covered", {}) or {}
    asked = list(covered.get("asked", []))
    company = state.get("company", "google")
    act = Act(kind="close", phase="wrap_up")
    if company in ("amazon", "startup") and not any(t.startswith("company:") for t in asked):
        question, tag = company_question(kb, company, asked)
        act.question, act.tag = question, tag
    if state.get("phase") != "wrap_up":
        act.transition = "Let's wrap up there."
    update: dict[str, Any] = {"acts": ["close"], "asked": [act.tag] if act.tag else []}
    return Decision(act=act, phase="wrap_up", covered=update, pending_pushbacks=[], warned=state.get("warned", []))


def choose_act(state: InterviewState, analysis: TurnAnalysis, card: ProblemCard, kb: Knowledge) -> Decision:
    """The next interviewer act after the candidate turn ``analysis``."""
    covered: Coverage = state.get("covered", {}) or {}
    phase: PhaseId = state.get("phase", "requirements")  # type: ignore[assignment]
    minute = float(state.get("minute", 0.0))
    fmt = int(state.get("format_minutes", 45))
    company, level = state.get("company", "google"), state.get("level", "senior")
    warned = list(state.get("warned", []))
    asked = list(covered.get("asked", []))
    pushed: dict[str, int] = {}
    for tag in asked:
        if tag.startswith("tech:"):
            pushed[tag.split(":")[1]] = pushed.get(tag.split(":")[1], 0) + 1
    candidate_turns = sum(1 for t in state.get("transcript", []) if t.role == "candidate")
    update: dict[str, Any] = {
        "questions": analysis.questions[:5],
        "fact_topics": list(analysis.fact_topics),
        "figures": [f.text for f in analysis.figures][:6],
        "components": analysis.components[:8],
    }
    refusing = analysis.asks_for_hidden or analysis.off_role or bool(_ASKS_HIDDEN.search(analysis.text))
    answers, silent = ([], []) if refusing else facts_for(card, analysis)
    if analysis.questions and not analysis.fact_topics and not answers and not refusing:
        silent = ["other"]
    update["answers"] = answers

    def done(act: Act, new_phase: PhaseId | None = None, pending: list[str] | None = None) -> Decision:
        act.answers, act.assume = answers, silent
        parts: list[Act] = []
        part: Act | None = act
        while part is not None:
            parts.append(part)
            part = part.secondary
        for part in parts:
            if part.tag:
                update.setdefault("asked", []).append(part.tag)
                if part.tag.startswith("tech:"):
                    update.setdefault("pushed_back", []).append(part.tag.split(":")[1])
            if part.kind in ("push_back_tech", "push_back_overengineering", "ask_reasoning") and part.question:
                update.setdefault("pushbacks", []).append(part.question)
        update["acts"] = act.kinds()
        if any(p.kind in ("ask_summary", "follow_up") for p in parts):
            update["summary_asked"] = True
        return Decision(
            act=act,
            phase=new_phase or phase,
            covered=update,
            pending_pushbacks=pending if pending is not None else list(state.get("pending_pushbacks", [])),
            warned=warned,
        )

    arithmetic = analysis.wrong_arithmetic
    challenge = None
    if arithmetic:
        claim = arithmetic[0]
        challenge = Act(kind="challenge_arithmetic", phase=phase, subject=claim.claim, hint=conversion_hint(claim.claim))

    # 3. technologies named without a reason: push back in this very turn. A technology the candidate
    # justified earlier, or names while reasoning about a failure or a trade-off, needs no "why?".
    earlier = covered.get("technologies") or {}
    context = set(analysis.failure_modes) | set(analysis.trade_offs) | set(analysis.reasoning)
    update["technologies"] = {t.tech_id: t.justified or t.quote in context for t in analysis.technologies}
    fresh = [
        t.tech_id for t in analysis.unjustified_technologies
        if not earlier.get(t.tech_id) and t.quote not in context and pushed.get(t.tech_id, 0) < MAX_PUSHBACKS_PER_TECH
    ]
    unjustified = list(dict.fromkeys(fresh))
    overkill = [t for t in analysis.over_engineering if pushed.get(t, 0) < MAX_PUSHBACKS_PER_TECH]
    overkill += [
        t for t in unjustified if t not in overkill and (t in card.over_engineering_traps or above_scale(kb, t, card))
    ]
    queue = [t for t in state.get("pending_pushbacks", []) if pushed.get(t, 0) == 0 and t not in unjustified]
    push: Act | None = None
    rest: list[str] = queue
    if overkill:
        names = ", ".join(tech_name(kb, t) for t in overkill[:3])
        question, tag = pushback(kb, overkill[0], asked)
        push = Act(kind="push_back_overengineering", phase=phase, subject=names, question=question, tag=tag,
                   secondary=challenge)
        rest = [t for t in unjustified + queue if t not in overkill]
    elif unjustified:
        first = unjustified[0]
        question, tag = pushback(kb, first, asked)
        kind: ActKind = "ask_reasoning" if analysis.list_dump and len(unjustified) > 1 else "push_back_tech"
        names = ", ".join(tech_name(kb, t) for t in unjustified[:4]) if kind == "ask_reasoning" else tech_name(kb, first)
        push = Act(kind=kind, phase=phase, subject=names, question=question, tag=tag, secondary=challenge)
        rest = unjustified[1:] + queue
    elif analysis.list_dump:
        push = Act(kind="ask_reasoning", phase=phase, secondary=challenge)
    pending = list(dict.fromkeys(rest))[:4]

    # 1. out of bounds: never hand over the card, the design or the role (a pushback due still follows)
    if analysis.asks_for_hidden or _ASKS_HIDDEN.search(analysis.text):
        return done(Act(kind="refuse_hidden", phase=phase, secondary=push), pending=pending)
    if analysis.off_role or (analysis.injection and not analysis.substantive_words):
        return done(Act(kind="stay_in_role", phase=phase, secondary=push), pending=pending)
    if analysis.asks_for_answer or _ASKS_ANSWER.search(analysis.text):
        return done(Act(kind="refuse_answer", phase=phase, secondary=push), pending=pending)

    # 2. designing before asking anything: nudge towards questions (the pushback rides along)
    designing = bool(analysis.components or analysis.technologies)
    if (
        phase == "requirements"
        and designing
        and not covered.get("questions")
        and not analysis.questions
        and covered.get("nudges", 0) < MAX_NUDGES
    ):
        update["nudges"] = covered.get("nudges", 0) + 1
        return done(Act(kind="nudge_questions", phase=phase, secondary=push or challenge), pending=pending)
    if push:
        return done(push, pending=pending)

    # 4. wrong arithmetic
    if challenge:
        return done(challenge)

    # 5. "I don't know"
    if analysis.dont_know and not analysis.questions:
        return done(Act(kind="encourage", phase=phase, subject=level))

    # a technology left over from an earlier turn that never got its "why?"
    if queue and not analysis.questions:
        question, tag = pushback(kb, queue[0], asked)
        act = Act(kind="push_back_tech", phase=phase, subject=tech_name(kb, queue[0]), question=question, tag=tag)
        return done(act, pending=queue[1:])

    # 7. the phase's own move (6. the company question comes first when it is due); the clock may end the phase
    out_of_time = minute >= phase_end(kb, fmt, phase) and phase != "wrap_up"
    topics = set(covered.get("fact_topics", [])) | set(analysis.fact_topics)
    asked_any = bool(covered.get("questions") or analysis.questions)

    def advance(to: PhaseId, act: Act, timed: bool) -> Decision:
        if timed:
            act.transition = f"We're about {int(minute)} minutes in, so let's move on to {PHASE_NAMES[to]}."
        return done(act, new_phase=to)

    # the company question, once, before the interview gets too short for it
    has_company_q = any(t.startswith("company:") for t in asked)
    later = phase in ("high_level_design", "deep_dive")
    company_due = (company in ("amazon", "startup") and (candidate_turns >= COMPANY_DEADLINE_TURNS or later)) or (
        phase == "deep_dive" and any(t.startswith("probe:") for t in asked)
    )
    if not has_company_q and company_due and not analysis.questions:
        company_q, company_tag = company_question(kb, company, asked)
        if company_q:
            return done(Act(kind="company_question", phase=phase, question=company_q, tag=company_tag))

    # time warning: once per phase, when two minutes of its budget remain
    warn: str | None = None
    remaining = phase_end(kb, fmt, phase) - minute
    if phase not in warned and 0 < remaining <= 2 and phase_budget(kb, fmt)[phase] >= 4:
        warned.append(phase)
        left = "about a minute" if remaining < 1.5 else f"about {round(remaining)} minutes"
        warn = f"We have {left} left for {PHASE_NAMES[phase]}."
    elif phase == "wrap_up" and minute >= fmt and "overtime" not in warned:
        warned.append("overtime")
        warn = "We're at time now, so this is the last part."

    act = phase_move(phase, analysis, card, kb, covered, asked, topics, asked_any, out_of_time, level, company)
    new_phase = act.phase
    if new_phase != phase:
        return advance(new_phase, act, timed=out_of_time)
    act.transition = act.transition or warn
    return done(act)


