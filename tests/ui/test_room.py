"""The interview room's header and safety nets: the countdown and pacing cue, pause, End behind a
confirmation, refused messages kept (the newest one), candidate text shown as typed, nudges counted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from streamlit.testing.v1 import AppTest

from kernel.transcript import MAX_MESSAGE_CHARS
from tests.ui.test_interview_page import QUESTION, end, start
from ui import room

BUDGET_45 = {"requirements": 5, "estimation": 3, "high_level_design": 10, "deep_dive": 20, "failure_modes": 5,
             "wrap_up": 2}


@dataclass
class View:
    minute: float
    phase: str
    wall_at: float | None = 1000.0
    paused_at: float | None = None
    finished: bool = False
    format_minutes: int = 45
    problem_title: str = "URL shortener"
    thread_id: str = "t"
    phase_budget: dict[str, int] = field(default_factory=lambda: dict(BUDGET_45))
    phase_started: dict[str, float] = field(default_factory=dict)


def test_the_countdown_runs_between_turns_from_the_last_turn() -> None:
    view = View(minute=10.0, phase="high_level_design", phase_started={"high_level_design": 8.0})
    at_turn = room.reading(view, at=1000.0)
    later = room.reading(view, at=1000.0 + 90)
    assert at_turn.countdown == "35:00 left"
    assert later.countdown == "33:30 left"
    assert later.phase_text == "High-level design · 03:30 of 10 min"
    assert (later.phase_number, later.phases) == (3, 6)


def test_a_gap_counts_at_most_as_the_interviewer_counts_it() -> None:
    view = View(minute=10.0, phase="deep_dive")
    assert room.reading(view, at=1000.0 + 3600).elapsed == 20.0  # the wall clock caps a gap at 10 minutes


def test_a_paused_clock_stands_still() -> None:
    view = View(minute=10.0, phase="deep_dive", paused_at=1000.0 + 60)
    assert room.reading(view, at=1000.0 + 60).countdown == room.reading(view, at=1000.0 + 600).countdown == "34:00 left"
    assert room.reading(view, at=1000.0 + 600).paused


def test_the_pacing_cue_agrees_with_when_the_interviewer_moves_on() -> None:
    # estimation ends at minute 8 of a 45-minute round (5 + 3); the interviewer moves on from there
    late = room.reading(View(minute=14.0, phase="estimation", phase_started={"estimation": 6.0}), at=1000.0)
    assert late.pacing == "About 6 minutes over the estimation budget: the interviewer will move on."
    on_pace = room.reading(View(minute=6.0, phase="estimation", phase_started={"estimation": 5.0}), at=1000.0)
    assert on_pace.pacing == "On pace: about 2 minutes left for estimation."
    ahead = room.reading(View(minute=4.0, phase="high_level_design", phase_started={"high_level_design": 3.0}),
                         at=1000.0)
    assert ahead.pacing.startswith("About 4 minutes ahead of schedule")
    over = room.reading(View(minute=47.0, phase="wrap_up"), at=1000.0)
    assert over.countdown == "02:00 over" and "over the 45-minute round" in over.pacing


def test_the_header_shows_the_countdown_phase_pacing_and_a_tick_on_the_strip() -> None:
    view = View(minute=22.5, phase="deep_dive", phase_started={"deep_dive": 18.0})
    text = room.header_html(view, room.reading(view, at=1000.0))
    assert "22:30 left" in text and "Deep dive · 04:30 of 20 min · phase 4 of 6" in text
    assert 'style="left:50.00%"' in text
    assert text.count('class="bs-seg') == 6


def test_end_asks_for_confirmation_and_can_be_cancelled(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    at.button(key="end").click().run()
    assert at.button(key="end_confirm").label == "Yes, end and grade"
    at.button(key="end_cancel").click().run()
    assert not at.exception, at.exception
    assert at.chat_input and not at.subheader  # still interviewing
    assert at.button(key="end").type != "primary"  # End is a secondary action
    end(at)
    assert [s.value for s in at.subheader] == ["Scorecard"]


def test_a_message_refused_twice_keeps_the_newest_text(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    first = "a" * (MAX_MESSAGE_CHARS + 5)
    second = "b" * (MAX_MESSAGE_CHARS + 2_000)
    at.chat_input(key="answer").set_value(first).run()
    assert at.text_area(key="unsent").value == first
    at.chat_input(key="answer").set_value(second).run()
    assert not at.exception, at.exception
    assert at.text_area(key="unsent").value == second
    assert at.chat_input(key="answer").proto.value == second  # back in the answer box too
    assert any("22,000" in e.value for e in at.error)
    assert len(at.chat_message) == 1  # nothing reached the interview
    at.chat_input(key="answer").set_value(QUESTION).run()  # a message that is sent clears the box
    assert not at.text_area and len(at.chat_message) == 3


def test_the_refused_box_survives_other_actions(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    huge = "c" * (MAX_MESSAGE_CHARS + 1)
    at.chat_input(key="answer").set_value(huge).run()
    at.button(key="clock_pause").click().run()
    at.button(key="clock_resume").click().run()
    assert at.text_area(key="unsent").value == huge


def test_candidate_text_is_shown_as_typed_not_rendered(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    tricky = "# Heading\n| a | b |\n|---|---|\n:red[alarm] $x^2$ ![img](https://example.com/x.png) <b>bold</b>"
    at.chat_input(key="answer").set_value(tricky).run()
    candidate = at.chat_message[1]
    assert candidate.text[0].value == tricky
    assert not candidate.markdown  # nothing of it went through Markdown


def test_pause_and_resume_the_clock(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    at.button(key="clock_pause").click().run()
    assert not at.exception, at.exception
    assert any("paused" in i.value for i in at.info)
    assert at.button(key="clock_resume").label == "Resume clock"
    at.button(key="clock_resume").click().run()
    assert not any("paused" in i.value for i in at.info)
    assert at.button(key="clock_pause")


def test_sending_an_answer_ends_a_pause(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    at.button(key="clock_pause").click().run()
    at.chat_input(key="answer").set_value(QUESTION).run()
    assert not at.exception, at.exception
    assert at.button(key="clock_pause") and not any("paused" in i.value for i in at.info)


def test_a_nudge_on_demand_is_shown_and_counted(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    at.chat_input(key="answer").set_value(QUESTION).run()
    at.button(key="nudge").click().run()
    assert not at.exception, at.exception
    assert at.info and at.info[0].value.strip()
    at.chat_input(key="answer").set_value("About 100 million links a day, so roughly 1,160 writes per second.").run()
    assert "1 used" in at.button(key="nudge").label
    end(at)
    assert any("1 nudge" in c.value for c in at.caption)


def test_the_setup_previews_the_problem(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    at.selectbox(key="setup_problem").select("internal-url-shortener").run()
    preview = " ".join(t.value for t in at.text) + " ".join(c.value for c in at.caption)
    assert "internal use" in preview and "tiny scale" in preview


CLOCK_PAGE = """
import streamlit as st
from tests.ui.test_room import View
from ui import room

st.session_state["page_runs"] = st.session_state.get("page_runs", 0) + 1
if st.session_state["page_runs"] > 1:
    st.session_state.pop("pending_answer", None)  # as the interview page does once it has sent it
room.live_clock(View(minute=3.0, phase="requirements"))
"""


def test_an_answer_kept_by_a_clock_rerun_gets_the_page_run_that_sends_it() -> None:
    at = AppTest.from_string(CLOCK_PAGE)
    at.session_state["pending_answer"] = {"thread": "t", "text": QUESTION, "turns": 1}
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["page_runs"] == 2 and "pending_answer" not in at.session_state
    at.run()  # nothing waiting: the clock asks for nothing more
    assert at.session_state["page_runs"] == 3
