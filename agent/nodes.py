"""The interviewer graph's nodes: small functions that return only the state keys they change.

open_interview -> await_candidate (interrupt) -> analyze_turn -> choose_act -> speak -> await_candidate ...
await_candidate -> close_interview -> speak -> END when the interview is ended.
The candidate's turn is written by ``await_candidate``, so it is checkpointed before any LLM call.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agent.acts import Act
from agent.configuration import Configuration
from agent.guard import speak_guarded
from agent.policy import choose_act as policy_choose_act
from agent.policy import close_act, open_act
from agent.reading import read_with_llm
from agent.state import InterviewState
from agent.store import redact_keys
from agent.voice import build_messages, coach_hint, render_offline, retrieve, sentences_of
from analysis.diagram import diagram_change
from analysis.models import TurnAnalysis
from kernel.diagram import Diagram, DiagramError, load_diagram
from kernel.llm import LLMError
from kernel.transcript import MAX_MESSAGE_CHARS, Turn

MAX_NOTES = 12


def _turn_number(state: InterviewState) -> int:
    return len(state.get("transcript", []))


def open_interview(state: InterviewState, runtime: Runtime[Configuration]) -> dict[str, Any]:
    """Greet the candidate with the problem; the clock starts."""
    card = runtime.context.knowledge.problem(state["problem_id"])
    start = {"phase": "requirements", "minute": 0.0, "phase_started": {"requirements": 0.0}, "covered": {}}
    return start | {"act": open_act(card).model_dump()}


def await_candidate(state: InterviewState, runtime: Runtime[Configuration]) -> dict[str, Any]:
    """Wait for the candidate (``interrupt``); resume with ``{"text": ...}`` or ``{"end": True}``."""
    value = interrupt({"phase": state.get("phase"), "minute": state.get("minute", 0.0)})
    if not isinstance(value, dict) or value.get("end"):
        return {"end_requested": True}
    text = str(value.get("text", "")).strip()
    if not text or len(text) > MAX_MESSAGE_CHARS:  # the session checks first; this guards direct callers
        raise ValueError("a candidate message must have 1 to 20,000 characters")
    clock = runtime.context.clock
    minute = clock.advance(float(state.get("minute", 0.0)), len(text.split()), "candidate", state.get("wall_at"))
    drawn, seen = state.get("diagram"), state.get("diagram_seen")
    change = diagram_change(_diagram(seen), _diagram(drawn)) if drawn or seen else None
    turn = Turn(role="candidate", content=text, phase=state.get("phase", "requirements"), minute=minute,
                diagram_change=change.describe() if change else None)
    return {"transcript": [turn], "minute": minute, "wall_at": clock.now(), "diagram_seen": drawn,
            "drawn_now": list(change.added) if change else []}


def _diagram(raw: dict[str, Any] | None) -> Diagram | None:
    try:
        return load_diagram(raw) if raw else None
    except DiagramError:
        return None


def analyze_turn(state: InterviewState, runtime: Runtime[Configuration]) -> dict[str, Any]:
    """Extract the evidence of the last candidate turn (questions, figures, technologies, ...)."""
    turns = state.get("transcript", [])
    text = turns[-1].content
    previous = next((t.content for t in reversed(turns[:-1]) if t.role == "interviewer"), None)
    before = next((t.content for t in reversed(turns[:-1]) if t.role == "candidate"), None)  # a step may end here
    card = runtime.context.knowledge.problem(state["problem_id"])
    analysis = runtime.context.analyzer.analyze(text, card, previous_interviewer=previous, previous_candidate=before)
    # openai mode: the model reads the turn too, and code keeps what it can check (agent.reading)
    analysis, update = read_with_llm(dict(state), runtime.context.reader, runtime.context.knowledge, card, analysis,
                                     previous)
    drawn = [name for name in state.get("drawn_now", []) if name not in analysis.components]
    if drawn:  # boxes drawn since the last answer are part of this answer's design, in either mode
        analysis = analysis.model_copy(update={"components": analysis.components + drawn})
    return {"analysis": analysis.model_dump()} | update


def choose_act(state: InterviewState, runtime: Runtime[Configuration]) -> dict[str, Any]:
    """Ask the policy for the next act and record what it covered."""
    kb = runtime.context.knowledge
    card = kb.problem(state["problem_id"])
    analysis = TurnAnalysis.model_validate(state.get("analysis") or {"text": ""})
    decision = policy_choose_act(state, analysis, card, kb)
    return _decided(state, decision.act, decision.phase, decision.covered, decision.pending_pushbacks, decision.warned)


def close_interview(state: InterviewState, runtime: Runtime[Configuration]) -> dict[str, Any]:
    """The interview is being ended: choose the closing act (wrap-up turn), unless goodbye was already said."""
    if said_goodbye(state):
        return {"finished": True}
    decision = close_act(state, runtime.context.knowledge)
    return _decided(state, decision.act, decision.phase, decision.covered, [], decision.warned)


def _decided(
    state: InterviewState, act: Act, phase: str, covered: dict[str, Any], pending: list[str], warned: list[str]
) -> dict[str, Any]:
    update: dict[str, Any] = {"act": act.model_dump(), "covered": covered, "pending_pushbacks": pending}
    if phase != state.get("phase"):
        started = dict(state.get("phase_started", {}))
        started[phase] = float(state.get("minute", 0.0))
        update |= {"phase": phase, "phase_started": started}
    if warned != state.get("warned", []):
        update["warned"] = warned
    return update


def speak(state: InterviewState, runtime: Runtime[Configuration]) -> dict[str, Any]:
    """Put the chosen act into words (LLM or phrase bank) and add the interviewer's turn."""
    ctx = runtime.context
    act = Act.model_validate(state["act"])
    card = ctx.knowledge.problem(state["problem_id"])
    thread_id = state.get("thread_id") or state.get("problem_id", "")
    turn_no = _turn_number(state)
    minutes = int(state.get("format_minutes", 45))
    said = {s for t in state.get("transcript", []) if t.role == "interviewer" for s in sentences_of(t.content)}
    draft = render_offline(act, thread_id=thread_id, turn=turn_no, minutes=minutes, said=said)
    update: dict[str, Any] = {}
    # the opening states the problem exactly, so it is never left to the model's wording
    use_llm = state.get("llm_mode") == "openai" and ctx.chat_model is not None and act.kind != "open"
    if state.get("llm_mode") == "openai" and ctx.chat_model is None:
        update |= {"llm_mode": "offline", "llm_status": "offline",
                   "notices": ["The LLM endpoint is not available (no client configured); continuing offline."]}
    wanted = use_llm or state.get("coach")
    hits = retrieve(ctx.index, act, card, cache=ctx.retrieved, specific=use_llm) if wanted else []
    text = draft
    if use_llm and ctx.chat_model is not None:
        try:
            messages = build_messages(act, card=card, state=dict(state), hits=hits, offline_draft=draft)
            # code checks the reply before it is shown: no unasked fact, no unraised design, in role, bounded
            verdict = speak_guarded(ctx.chat_model, messages, ctx.on_token, act=act, card=card, kb=ctx.knowledge,
                                    candidate=[t.content for t in state.get("transcript", []) if t.role == "candidate"],
                                    draft=draft)
            text = verdict.text
            update["llm_log"] = [{"turn": turn_no, "question": verdict.describe()}]
        except LLMError as exc:
            reason = redact_keys(str(exc).splitlines()[0][:160]) if str(exc) else type(exc).__name__
            update |= {
                "llm_mode": "offline",
                "llm_status": "offline",
                "notices": [f"The LLM endpoint failed ({reason}); continuing offline."],
            }
            text = draft
            if ctx.on_token:
                ctx.on_token("\n" + text)
    elif ctx.on_token:
        ctx.on_token(text)
    minute = ctx.clock.advance(float(state.get("minute", 0.0)), len(text.split()), "interviewer", None)
    turn = Turn(role="interviewer", content=text, phase=act.phase, minute=minute)
    note = f"m{int(minute)} {act.phase}: {act.kind}" + (f" ({act.subject})" if act.subject else "")
    update |= {
        "transcript": [turn],
        "minute": minute,
        "notes": (list(state.get("notes", [])) + [note])[-MAX_NOTES:],
        "coach_hint": coach_hint(act, ctx.knowledge, hits) if state.get("coach") else None,
        # a goodbye to a candidate with nothing more leaves the floor open: they may still add something
        "finished": act.kind == "close" and act.subject != "done",
    }
    return update


# --- routers ------------------------------------------------------------------------------------


def route_after_candidate(state: InterviewState) -> Literal["analyze_turn", "close_interview"]:
    return "close_interview" if state.get("end_requested") else "analyze_turn"


def said_goodbye(state: InterviewState) -> bool:
    """The interviewer's last turn already closed the interview (the candidate had nothing more)."""
    act = state.get("act") or {}
    return act.get("kind") == "close" and act.get("subject") == "done"


def route_after_close(state: InterviewState) -> Literal["speak", "__end__"]:
    return "__end__" if state.get("finished") else "speak"


def route_after_speak(state: InterviewState) -> Literal["await_candidate", "__end__"]:
    return "__end__" if state.get("finished") else "await_candidate"
