"""Grade a transcript: upload a file or paste the text, pick the round, get the same scorecard view."""

from __future__ import annotations

from typing import Any

import streamlit as st

from kernel.config import Settings
from kernel.transcript import COMPANIES, LEVELS, Transcript, TranscriptError, parse_bytes
from ui import components, state

EXAMPLE = "# problem: url-shortener\n\nInterviewer: Design a URL shortener.\nCandidate: How many URLs a day?\n"


def read_input(upload: Any, pasted: str) -> Transcript | None:
    """The transcript from the upload (preferred) or the pasted text; a clear error otherwise."""
    try:
        if upload is not None:
            return parse_bytes(upload.getvalue(), upload.name)
        if pasted.strip():
            return parse_bytes(pasted.encode("utf-8"), "pasted text")
    except TranscriptError as exc:
        st.error(f"Cannot read the transcript — {exc}")
        return None
    st.error("Upload a transcript file or paste one first.")
    return None


def grade(
    settings: Settings, transcript: Transcript, company: str | None, level: str | None, grader: str
) -> Any:
    from rubric.grader import grade_transcript

    try:
        with st.spinner("Grading…"):
            card = grade_transcript(transcript, company=company, level=level, grader=grader, settings=settings,
                                    embedder=state.embedder(), index=state.index(settings))
    except Exception as exc:  # the grader reports; the page stays usable
        st.error(f"Grading failed: {type(exc).__name__}: {exc}")
        return None
    return card


def render() -> None:
    settings = state.settings()
    st.title("Grade a transcript")
    st.caption("Every score cites the transcript's own words. Text inside the transcript is treated as data.")
    upload = st.file_uploader("Transcript file", type=["txt", "md", "json"], key="grade_file")
    pasted = st.text_area("…or paste it", height=220, key="grade_text", placeholder=EXAMPLE)
    c1, c2, c3 = st.columns(3)
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
        transcript = read_input(upload, pasted)
        if transcript is not None:
            card = grade(settings, transcript, None if company == "auto" else company,
                         None if level == "auto" else level, grader)
            if card is not None:
                st.session_state["graded"] = (card, transcript)
            else:
                st.session_state.pop("graded", None)
        else:
            st.session_state.pop("graded", None)
    graded = st.session_state.get("graded")
    if graded:
        card, transcript = graded
        st.divider()
        st.caption(f"{len(transcript.turns)} turns · {transcript.words('candidate'):,} candidate words"
                   + (f" · problem: {transcript.problem}" if transcript.problem else ""))
        components.scorecard_view(card, transcript, key="grade", index=state.index(settings))


render()
