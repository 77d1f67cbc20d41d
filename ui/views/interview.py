"""The interview room: setup with a preview of the problem, then the conversation under a header that stays
in view (a ticking countdown, the phase with its budget and a pacing cue, pause, End behind a confirmation),
the whiteboard beside it, nudges on demand, and the scorecard when the interview ends."""

from __future__ import annotations

from typing import Any

import streamlit as st

from kernel.config import Settings
from kernel.diagram_render import render as render_diagram
from kernel.transcript import COMPANIES, FORMATS, LEVELS, MAX_MESSAGE_CHARS
from ui import canvas, components, index_gate, state
from ui import room as room_ui

FORMAT_LABELS = {45: "45 min · big-tech round", 30: "30 min · startup screen", 60: "60 min · extended"}


SCALE_DIFFICULTY = {"tiny": 1, "small": 2, "medium": 3, "large": 4, "massive": 5}


def preview(card: Any) -> None:
    """What the problem is before starting: its opening line and how demanding its scale is."""
    dots = SCALE_DIFFICULTY.get(card.scale, 3)
    with st.container(border=True, key="problem_preview"):
        st.markdown(f"**{card.title}**")
        st.text(card.prompt)
        st.caption(f"Difficulty {'●' * dots}{'○' * (5 - dots)} · {card.scale} scale · "
                   f"about {card.peak_reads_per_sec:,.0f} reads/s at peak")


def setup(settings: Settings) -> None:
    """Choose the problem and the round, then start."""
    st.title("Mock interview")
    st.caption("Pick a problem and a round. The interviewer keeps the clock; you do the talking.")
    problems = state.knowledge().problems
    left, right = st.columns(2, gap="large")
    with left:
        problem = st.selectbox("Problem", sorted(problems, key=lambda p: problems[p].title),
                               format_func=lambda p: problems[p].title, key="setup_problem")
        if problem in problems:
            preview(problems[problem])
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
        coach = st.toggle("Coach mode: a hint after each interviewer turn", key="setup_coach",
                          help="Without it you can still ask for a nudge when you are stuck; nudges are counted.")
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
                    owner=state.owner(),
                )
        except Exception as exc:  # a failed start is reported; the setup stays as it was
            st.error(f"The interview could not start: {type(exc).__name__}: {exc}")
            return
        state.set_thread(session.thread_id)
        state.keep_session(session)
        st.rerun()


def take_turn(session: Any, text: str, number: int) -> str | None:
    """Send one candidate message and stream the reply; returns why it was refused (None: it was sent).

    A refused message is kept (see :func:`refuse`), whatever went wrong."""
    from agent.session import MessageError

    if not text.strip():
        return "The message is empty."
    if len(text) > MAX_MESSAGE_CHARS:
        return f"The message is {len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,}."
    with st.chat_message("candidate", avatar=components.AVATARS["candidate"]):
        st.caption(f"Turn {number}")
        st.text(text)
    with st.chat_message("interviewer", avatar=components.AVATARS["interviewer"]):
        st.caption(f"Turn {number + 1}")
        live = components.LiveReply(st.empty())  # a click meanwhile waits until the turn is written
        try:
            with state.turn_lock():
                reply = session.send(text, on_token=live.token)
        except MessageError as exc:
            live.clear()
            said = str(exc).rstrip()
            return said[:1].upper() + said[1:] + ("" if said.endswith((".", "!", "?")) else ".")
        except Exception as exc:  # noqa: BLE001 - whatever failed, the candidate's text is kept
            live.clear()
            return f"The interviewer failed ({type(exc).__name__}: {exc})."
        live.done(reply)
    return None


def keep_answer(thread: str, turns: int) -> None:
    """On submit, before the run that sends it: keep the answer in the session with the number of turns it follows.
    A run cut short by another rerun would otherwise drop it; the next run sends it, unless the transcript
    already holds it."""
    text = st.session_state.get("answer")
    if text:
        st.session_state["pending_answer"] = {"thread": thread, "text": text, "turns": turns}


def refuse(thread: str, text: str, why: str) -> None:
    """Keep a refused message: back in the answer box on the next run, and in a box of its own until the
    next message is sent. Each refusal replaces the kept text with the newest."""
    st.session_state["refused"] = {"thread": thread, "text": text, "why": why}
    st.session_state["refill"] = True
    st.rerun()


def refused_box(thread: str) -> None:
    refused = st.session_state.get("refused")
    if not refused or refused.get("thread") != thread:
        return
    st.error(f"Not sent: {refused['why']} Nothing changed in the interview. Your text is back in the answer box "
             "and below, to copy.", icon=":material/block:")
    st.session_state["unsent"] = refused["text"]  # set before the widget: always the newest refused text
    st.text_area(f"Your unsent message ({len(refused['text']):,} characters)", key="unsent", height=120)
    if st.button("Dismiss", key="unsent_dismiss", type="tertiary"):
        st.session_state.pop("refused", None)
        st.rerun()


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


@st.fragment
def drawing(session: Any, thread: str) -> None:
    """The canvas, rerun on its own. It reports its state each time it is drawn; as a rerun of the whole page
    that report, arriving late on a busy machine, would stop the run that is sending an answer or opening the
    interview, and the answer would be dropped. A fragment's rerun waits for the page's run instead."""
    canvas.canvas(session, key=f"canvas-{thread}")


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
    refused = st.session_state.get("refused")
    if st.session_state.pop("refill", False) and refused and refused.get("thread") == thread:
        st.session_state["answer"] = refused["text"]  # the refused text goes back into the answer box
    turns = session.transcript().turns  # read once: the run's view of the conversation before this answer
    turns_now = len(turns)
    prompt = None if view.finished else st.chat_input("Your answer…", key="answer", on_submit=keep_answer,
                                                       args=(thread, turns_now))
    pending = st.session_state.get("pending_answer")
    if prompt is None and pending and pending.get("thread") == thread and not view.finished:
        if pending.get("turns") == turns_now:
            prompt = pending["text"]  # a run cut short by another rerun left it unsent: send it now
        else:
            st.session_state.pop("pending_answer", None)  # it was written before the run stopped: not twice
    header_slot = st.container(key="room_header")  # filled after the turn, so it shows the clock after it
    notices = st.container()
    card_slot = st.container()
    chat_col, board_col = st.columns([3, 1.25], gap="large")
    with chat_col:
        if view.finished:
            with st.expander("Conversation", expanded=False):
                components.conversation(turns)
        else:
            talk, draw = st.tabs(["Conversation", "Diagram"])
            with talk:
                components.conversation(turns)
                if prompt is not None:
                    why = take_turn(session, prompt, len(turns) + 1)
                    st.session_state.pop("pending_answer", None)  # sent or refused and kept: no longer pending
                    if why is not None:
                        refuse(thread, prompt, why)
                    st.session_state.pop("refused", None)
                    view = session.view()
                    if view.finished or view.said_goodbye:  # the interviewer closed the round: as "End interview"
                        finish(session, thread)
                refused_box(thread)
                if view.coach_hint:
                    st.info(view.coach_hint, icon=":material/lightbulb:")
                else:
                    nudge(session, view, len(session.transcript().turns))
                room_ui.scroll_to_newest(len(session.transcript().turns))
            with draw:  # after the turn: boxes and arrows, saved with the interview, read with each answer
                if getattr(session, "read_only", False):
                    st.info("This interview is open elsewhere; the diagram can be changed there.")
                else:
                    drawing(session, thread)
    with st.sidebar:
        st.caption(f"**{view.problem_title}** · {components.label(view.phase)}")
        if view.llm_usage:
            st.caption(view.llm_usage)
    if view.finished:
        room_ui.finished_header(header_slot, view)
    else:
        room_ui.header(header_slot, view, on_pause=lambda: state.open_session(settings, thread).pause_clock(),
                       on_resume=lambda: state.open_session(settings, thread).resume_clock(),
                       on_end=lambda: finish(session, thread))
    with notices:
        st.caption(f"{view.company.capitalize()} · {view.level} · {view.format_minutes}-minute round · "
                   f"interviewer: {view.llm_status}")
        if view.paused_at and not view.finished:
            st.info("The clock is paused. Sending an answer starts it again; the paused time does not count.",
                    icon=":material/pause_circle:")
        for notice in view.notices:
            st.warning(notice)
    with board_col, st.container(key="whiteboard"):
        if view.finished and session.diagram():
            st.markdown("#### Your diagram")
            st.image(render_diagram(session.diagram(), "png"))
            st.divider()
        components.whiteboard(view.whiteboard)
        st.divider()
        if st.button("New interview", key="new", width="stretch"):
            state.set_thread(None)
            st.rerun()
    if view.finished:
        with card_slot:
            st.subheader("Scorecard")
            if view.hints:
                st.caption(f"You asked for {view.hints} nudge{'s' if view.hints != 1 else ''} during the round.")
            card = scorecard_for(settings, session, view)
            if card is None:
                st.info("The interview ended before any answer, so there is nothing to grade.")
            else:
                components.scorecard_view(card, session.transcript(), key="interview", index=state.index(settings))


def nudge(session: Any, view: Any, turns: int) -> None:
    """A hint on demand about the interviewer's last question; each one asked is counted."""
    shown = st.session_state.get("nudge_shown")
    if shown and shown[0] == view.thread_id and shown[1] == turns:
        st.info(shown[2], icon=":material/lightbulb:")
        return
    label = "Give me a nudge" + (f" ({view.hints} used)" if view.hints else "")
    if st.button(label, icon=":material/lightbulb:", key="nudge", type="tertiary",
                 help="A pointer to the guide section behind the interviewer's last question. Counted in your history."):
        text = session.hint() or "No nudge for this question: say what you would do and why."
        st.session_state["nudge_shown"] = (view.thread_id, turns, text)
        st.rerun()


def render() -> None:
    settings = state.settings()
    thread = state.current_thread()
    if thread:
        room(settings, thread)
    else:
        setup(settings)


render()
