"""The interview room: setup, then the conversation with the clock and phase always in view, the
whiteboard beside it, and the scorecard when the interview ends."""

from __future__ import annotations

from typing import Any

import streamlit as st

from kernel.config import Settings
from kernel.transcript import COMPANIES, FORMATS, LEVELS, MAX_MESSAGE_CHARS
from ui import components, index_gate, state

FORMAT_LABELS = {45: "45 min · big-tech round", 30: "30 min · startup screen", 60: "60 min · extended"}
AVATARS = {"interviewer": ":material/record_voice_over:", "candidate": ":material/person:"}


def setup(settings: Settings) -> None:
    """Choose the problem and the round, then start."""
    st.title("Mock interview")
    st.caption("Pick a problem and a round. The interviewer keeps the clock; you do the talking.")
    problems = state.knowledge().problems
    left, right = st.columns(2, gap="large")
    with left:
        problem = st.selectbox("Problem", sorted(problems, key=lambda p: problems[p].title),
                               format_func=lambda p: problems[p].title, key="setup_problem")
        level = st.selectbox("Level", LEVELS, index=LEVELS.index("senior"), format_func=str.capitalize,
                             key="setup_level")
        fmt = st.radio("Format", FORMATS, format_func=lambda m: FORMAT_LABELS.get(m, f"{m} min"), key="setup_format")
    with right:
        company = st.selectbox("Company mode", COMPANIES, format_func=str.capitalize, key="setup_company")
        available, why = state.openai_configured(settings)
        mode = st.radio("Interviewer", ["offline", "openai"], horizontal=True, key="setup_llm",
                        index=1 if available and settings.llm_mode()[0] == "openai" else 0,
                        format_func={"offline": "Offline (deterministic)", "openai": "OpenAI-compatible"}.get)
        if mode == "openai" and not available:
            st.warning(f"OpenAI-compatible mode is not available. {why}")
        elif mode == "openai":
            st.caption(f"Uses {why}. If it fails, the interview continues offline with a notice.")
        else:
            st.caption("Runs the same interview with a deterministic policy; nothing leaves this machine.")
        coach = st.toggle("Coach mode: a hint after each interviewer turn", key="setup_coach")
    waiting = not index_gate.ready(settings, state.embedder())  # shows the index build's progress if any
    blocked = (mode == "openai" and not available) or waiting
    if st.button("Start interview", type="primary", disabled=blocked, key="start",
                 help="Waits for the knowledge index to be ready." if waiting else None):
        from agent.session import InterviewSession

        try:
            with st.spinner("Setting up the room…"):
                session = InterviewSession.start(
                    settings, problem_id=problem, company=company, level=level, format_minutes=int(fmt or 45),
                    llm=mode, coach=coach, embedder=state.embedder(), index=state.index(settings),
                )
        except Exception as exc:  # a failed start is reported; the setup stays as it was
            st.error(f"The interview could not start: {type(exc).__name__}: {exc}")
            return
        state.set_thread(session.thread_id)
        state.keep_session(session)
        st.rerun()


def conversation(turns: list[Any]) -> None:
    """Every turn so far, with a quiet marker where a new phase begins."""
    phase = None
    for turn in turns:
        if turn.phase and turn.phase != phase:
            phase = turn.phase
            minute = f" · {components.clock_text(turn.minute)}" if turn.minute is not None else ""
            st.caption(f"— {components.label(phase)}{minute} —")
        with st.chat_message(turn.role, avatar=AVATARS.get(turn.role)):
            st.markdown(turn.content)


def take_turn(session: Any, text: str) -> bool:
    """Send one candidate message and stream the reply; a refused message is shown back, not lost."""
    from agent.session import MessageError

    problem = None
    if not text.strip():
        problem = "The message is empty."
    elif len(text) > MAX_MESSAGE_CHARS:
        problem = f"The message is {len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,}."
    if problem is None:
        with st.chat_message("candidate", avatar=AVATARS["candidate"]):
            st.markdown(text)
        with st.chat_message("interviewer", avatar=AVATARS["interviewer"]):
            live = st.empty()
            pieces: list[str] = []

            def on_token(token: str) -> None:
                pieces.append(token)
                live.markdown("".join(pieces) + " ▌")

            try:
                reply = session.send(text, on_token=on_token)
            except MessageError as exc:
                live.empty()
                problem = str(exc)
            else:
                live.markdown(reply)
                return True
    st.error(f"Not sent: {problem} Nothing changed in the interview.")
    st.text_area("Your message (copy it, shorten it and send again)", value=text, height=120, key="unsent")
    return False


def scorecard_for(settings: Settings, session: Any, view: Any) -> Any:
    """The scorecard of a finished interview: from this tab, the session store, or graded afresh."""
    from agent.store import load_scorecard_json

    cards = state.scorecards()
    if view.thread_id not in cards and (stored := load_scorecard_json(settings, view.thread_id)):
        cards[view.thread_id] = stored
    if view.thread_id not in cards:
        if not session.transcript().candidate_turns():
            return None
        with st.spinner("Grading the transcript…"):
            from rubric.grader import grade_transcript

            card = grade_transcript(session.transcript(), company=view.company, level=view.level, grader="offline",
                                    settings=settings, embedder=state.embedder(), index=state.index(settings))
        cards[view.thread_id] = card
    return cards[view.thread_id]


def finish(session: Any, thread: str) -> None:
    """End the interview, keep its scorecard for this tab, and redraw the room as finished."""
    try:
        with st.spinner("Grading the interview…"):
            card = session.end(grade=True)
    except Exception as exc:  # the transcript is safe in the checkpoint; a finished room regrades offline
        st.error(f"Grading failed: {type(exc).__name__}: {exc}")
        return
    if card is not None:
        state.scorecards()[thread] = card
    st.rerun()


def room(settings: Settings, thread: str) -> None:
    if not index_gate.ready(settings, state.embedder()):  # resuming needs the index too
        return
    try:
        session = state.open_session(settings, thread)
    except Exception as exc:  # an unknown or unreadable thread must not break the page
        st.error(f"The interview {thread!r} cannot be resumed: {exc}")
        if st.button("Start a new interview", key="new_after_error"):
            state.set_thread(None)
            st.rerun()
        return
    view = session.view()
    prompt = None if view.finished else st.chat_input("Your answer…", key="answer")
    header = st.container()
    card_slot = st.container()
    chat_col, board_col = st.columns([3, 1.25], gap="large")
    with chat_col:
        if view.finished:
            with st.expander("Conversation", expanded=False):
                conversation(session.transcript().turns)
        else:
            conversation(session.transcript().turns)
            if prompt is not None and take_turn(session, prompt):
                view = session.view()
                if view.finished:  # the interviewer closed the round: grade it like "End interview"
                    finish(session, thread)
            if view.coach_hint:
                st.info(view.coach_hint, icon=":material/lightbulb:")
    with st.sidebar:
        st.caption(f"**{view.problem_title}** · {components.label(view.phase)} · "
                   f"{components.clock_text(view.minute)} / {view.format_minutes}:00")
        if view.llm_usage:
            st.caption(view.llm_usage)
    with header:
        st.markdown(f"### {view.problem_title}")
        st.caption(f"{view.company.capitalize()} · {view.level} · {view.format_minutes}-minute round · "
                   f"interviewer: {view.llm_status}")
        components.phase_bar(view.phase, view.phase_index, view.minute, view.format_minutes, view.phase_budget)
        for notice in view.notices:
            st.warning(notice)
    with board_col:
        components.whiteboard(view.whiteboard)
        st.divider()
        if not view.finished and st.button("End interview", type="primary", key="end", width="stretch"):
            finish(session, thread)
        if st.button("New interview", key="new", width="stretch"):
            state.set_thread(None)
            st.rerun()
    if view.finished:
        with card_slot:
            st.subheader("Scorecard")
            card = scorecard_for(settings, session, view)
            if card is None:
                st.info("The interview ended before any answer, so there is nothing to grade.")
            else:
                components.scorecard_view(card, session.transcript(), key="interview", index=state.index(settings))


def render() -> None:
    settings = state.settings()
    thread = state.current_thread()
    if thread:
        room(settings, thread)
    else:
        setup(settings)


render()
