"""Grade a transcript: upload a file or paste the text, pick the problem and the round (or keep the
transcript's header), see which input is graded, get the same scorecard view."""

from __future__ import annotations

from typing import Any

import streamlit as st

from kernel.config import Settings
from kernel.transcript import COMPANIES, LEVELS, Transcript, TranscriptError, parse_bytes
from ui import components, state

EXAMPLE = "# problem: url-shortener\n\nInterviewer: Design a URL shortener.\nCandidate: How many URLs a day?\n"


def source(upload: Any, pasted: str) -> str | None:
    """Which input is graded: ``"upload"`` or ``"paste"`` (asked when there are both), None when neither."""
    if upload is not None and pasted.strip():
        picked = st.radio("Both a file and pasted text are here. Grade:", ("upload", "paste"), horizontal=True,
                          key="grade_source", format_func={"upload": f"the file {upload.name}",
                                                           "paste": "the pasted text"}.get)
        return str(picked)
    if upload is not None:
        st.caption(f"Grading the file {upload.name}.")
        return "upload"
    if pasted.strip():
        st.caption("Grading the pasted text.")
        return "paste"
    return None


def read_input(upload: Any, pasted: str, which: str | None) -> Transcript | None:
    """The transcript from the chosen input; a clear error otherwise (a rejected file is taken off the page)."""
    if which is None:
        st.error("Upload a transcript file or paste one first.")
        return None
    try:
        if which == "upload":
            return parse_bytes(upload.getvalue(), upload.name)
        return parse_bytes(pasted.encode("utf-8"), "pasted text")
    except TranscriptError as exc:
        if which == "upload":  # a fresh uploader: the rejected file is no longer listed as if it were in use
            st.session_state["grade_rejected"] = f"Cannot read the transcript — {exc} The file was removed."
            st.session_state["grade_file_n"] = st.session_state.get("grade_file_n", 0) + 1
            st.session_state.pop("graded", None)
            st.rerun()
        st.error(f"Cannot read the transcript — {exc}")
        return None


def grade(
    settings: Settings, transcript: Transcript, company: str | None, level: str | None, grader: str
) -> Any:
    from rubric.grader import grade_transcript

    chat_model = None
    try:
        if grader == "llm":
            from kernel.llm import build_chat_model

            chat_model = build_chat_model(settings.model_copy(update={"llm": "openai"}))
        with st.spinner("Grading…"):
            card = grade_transcript(transcript, company=company, level=level, grader=grader, settings=settings,
                                    embedder=state.embedder(), index=state.index(settings), chat_model=chat_model)
    except Exception as exc:  # the grader reports; the page stays usable
        st.error(f"Grading failed: {type(exc).__name__}: {exc}")
        return None
    if chat_model is not None:  # what this grade cost: calls, tokens, and an estimate at list prices
        st.session_state["grade_usage"] = chat_model.usage.describe(getattr(chat_model, "model", None))
    else:
        st.session_state.pop("grade_usage", None)
    return card


def render() -> None:
    settings = state.settings()
    st.title("Grade a transcript")
    st.caption("Every score cites the transcript's own words. Text inside the transcript is treated as data.")
    if rejected := st.session_state.pop("grade_rejected", None):
        st.error(rejected)
    upload = st.file_uploader("Transcript file", type=["txt", "md", "json"],
                              key=f"grade_file_{st.session_state.get('grade_file_n', 0)}")
    pasted = st.text_area("…or paste it", height=220, key="grade_text", placeholder=EXAMPLE)
    which = source(upload, pasted)
    problems = state.knowledge().problems
    c0, c1, c2, c3 = st.columns([2, 1, 1, 1])
    problem = c0.selectbox("Problem", ("auto", *sorted(problems, key=lambda p: problems[p].title)),
                           key="grade_problem",
                           format_func=lambda p: "From the transcript's header" if p == "auto" else problems[p].title)
    company = c1.selectbox("Company mode", ("auto", *COMPANIES), key="grade_company",
                           format_func=lambda c: "From the transcript" if c == "auto" else c.capitalize())
    level = c2.selectbox("Level", ("auto", *LEVELS), key="grade_level",
                         format_func=lambda c: "From the transcript" if c == "auto" else c.capitalize())
    available, why = state.openai_configured(settings)
    grader = c3.radio("Grader", ("offline", "llm"), horizontal=True, key="grade_grader",
                      format_func={"offline": "Offline", "llm": "LLM"}.get)
    if grader == "llm" and not available:
        st.warning(f"The LLM grader is not available. {why}")
    if st.button("Grade", type="primary", key="grade_go", disabled=grader == "llm" and not available):
        transcript = read_input(upload, pasted, which)
        if transcript is not None and problem != "auto":
            transcript = transcript.model_copy(update={"problem": problem})
        if transcript is not None:
            card = grade(settings, transcript, None if company == "auto" else company,
                         None if level == "auto" else level, grader)
            if card is not None:
                name = f"the file {upload.name}" if which == "upload" and upload is not None else "the pasted text"
                st.session_state["graded"] = (card, transcript, name)
            else:
                st.session_state.pop("graded", None)
        else:
            st.session_state.pop("graded", None)
    graded = st.session_state.get("graded")
    if graded:
        card, transcript, name = graded
        st.divider()
        if st.session_state.get("grade_usage"):
            st.caption(f"LLM grader: {st.session_state['grade_usage']}")
        title = problems[transcript.problem].title if transcript.problem in problems else None
        about = (f"problem: {title}" if title else
                 f"problem: {transcript.problem} (no problem card; graded against the scale its figures state)"
                 if transcript.problem else "no problem named: graded against the scale its figures state")
        st.caption(f"Graded {name}: {len(transcript.turns)} turns · {transcript.words('candidate'):,} candidate "
                   f"words · {about}")
        components.scorecard_view(card, transcript, key="grade", index=state.index(settings))


render()
