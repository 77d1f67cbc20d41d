"""The interview room's header: a countdown that ticks between turns, the phase with its own budget and a
pacing cue, pause and resume, and End behind a confirmation.

The clock shown is the one the interviewer reads (:func:`agent.clock.live_minute`): the minute of the last
turn plus the real time since, capped as the wall clock caps it, frozen while paused. The phase ends at the
playbook's cumulative budget, as the interviewer's policy moves on then, so the pacing cue and the
interviewer's "let's move on" agree.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import streamlit as st

from agent.clock import live_minute
from ui import components

TICK = timedelta(seconds=1)


@dataclass(frozen=True)
class Reading:
    """The clock at one moment, with everything the header says about it."""

    elapsed: float  # minutes into the interview
    left: float  # minutes left of the format (negative: over time)
    format_minutes: int
    phase: str
    phase_number: int  # 1-based
    phases: int
    phase_elapsed: float  # minutes spent in the current phase
    phase_budget: int  # the phase's own minutes in the playbook
    phase_end: float  # the minute by which the phase should be over (cumulative budget)
    paused: bool

    @property
    def countdown(self) -> str:
        """``38:12 left`` or ``02:05 over``."""
        if self.left >= 0:
            return f"{components.clock_text(self.left)} left"
        return f"{components.clock_text(-self.left)} over"

    @property
    def phase_text(self) -> str:
        """``Estimation · 02:10 of 3 min``."""
        return f"{components.label(self.phase)} · {components.clock_text(self.phase_elapsed)} of {self.phase_budget} min"

    @property
    def pacing(self) -> str:
        """A pacing cue in the interviewer's terms."""
        name = components.label(self.phase).lower()
        if self.left < 0:
            return f"About {_minutes(-self.left)} over the {self.format_minutes}-minute round: wrap up."
        over = self.elapsed - self.phase_end
        if over >= 1:
            return f"About {_minutes(over)} over the {name} budget: the interviewer will move on."
        remaining = self.phase_end - self.elapsed
        if remaining < 1:
            return f"The {name} budget is about up."
        ahead = self.phase_end - self.phase_budget - self.elapsed  # the phase started before its slot
        if ahead >= 1 and self.phase_number > 1:
            return f"About {_minutes(ahead)} ahead of schedule; {_minutes(remaining)} left for {name}."
        return f"On pace: about {_minutes(remaining)} left for {name}."

    @property
    def marker(self) -> float:
        """Where the clock is along the round, 0 to 100."""
        return max(0.0, min(100.0, 100 * self.elapsed / self.format_minutes)) if self.format_minutes else 0.0


def _minutes(value: float) -> str:
    n = max(1, round(value))
    return "a minute" if n == 1 else f"{n} minutes"


def reading(view: Any, at: float | None = None) -> Reading:
    """The clock of ``view`` (an ``agent.session.SessionView``) at wall time ``at`` (now by default)."""
    now = time.time() if at is None else at
    stop = view.paused_at if view.paused_at else now
    elapsed = live_minute(float(view.minute), view.wall_at, stop) if not view.finished else float(view.minute)
    budget: dict[str, int] = dict(view.phase_budget)
    phases = list(budget) or list(components.PHASE_NAMES)
    index = phases.index(view.phase) if view.phase in phases else 0
    end = float(sum(budget.get(p, 0) for p in phases[: index + 1]))
    started = float(view.phase_started.get(view.phase, end - budget.get(view.phase, 0)))
    return Reading(
        elapsed=elapsed, left=view.format_minutes - elapsed, format_minutes=int(view.format_minutes),
        phase=view.phase, phase_number=index + 1, phases=len(phases), phase_elapsed=max(0.0, elapsed - started),
        phase_budget=int(budget.get(view.phase, 0)), phase_end=end, paused=bool(view.paused_at),
    )


def phase_strip(view: Any, r: Reading) -> str:
    """The six phases as segments sized by their budget, the current one highlighted, and a tick where the
    clock is; no labels inside (they do not fit on a phone), each segment names itself on hover."""
    budget: dict[str, int] = dict(view.phase_budget)
    total = sum(budget.values()) or 1
    cells = []
    for i, pid in enumerate(budget):
        state = "done" if i < r.phase_number - 1 else "now" if i == r.phase_number - 1 else "next"
        cells.append(f'<span class="bs-seg bs-{state}" style="flex:{budget[pid] / total:.4f}" '
                     f'title="{html.escape(components.label(pid))}: {budget[pid]} min"></span>')
    return (f'<div class="bs-strip" role="img" aria-label="phase {r.phase_number} of {r.phases}">{"".join(cells)}'
            f'<span class="bs-tick" style="left:{r.marker:.2f}%"></span></div>')


def header_html(view: Any, r: Reading, at: float = 0.0) -> str:
    """The header's text: problem, countdown, phase and pacing (``at``, the second it was drawn, marks each tick)."""
    state = "paused" if r.paused else "over" if r.left < 0 else "late" if r.elapsed - r.phase_end >= 1 else "ok"
    paused = '<span class="bs-paused">paused</span>' if r.paused else ""
    return (
        f'<div class="bs-head bs-is-{state}">'
        f'<div class="bs-line"><span class="bs-title">{html.escape(view.problem_title)}</span>'
        f'<span class="bs-clock" data-testid="room-clock" data-at="{int(at * 1000)}">{html.escape(r.countdown)}</span>{paused}'
        f'<span class="bs-phase">{html.escape(r.phase_text)} · phase {r.phase_number} of {r.phases}</span></div>'
        f"{phase_strip(view, r)}"
        f'<div class="bs-pace" data-testid="room-pacing">{html.escape(r.pacing)}</div></div>'
    )


def header(slot: Any, view: Any, on_pause: Callable[[], None], on_resume: Callable[[], None],
           on_end: Callable[[], None]) -> None:
    """The sticky header of a running interview (call it at the top level of the page, where it can stay in
    view) into ``slot``, the page's ``st.container(key="room_header")``; the clock part reruns every second on
    its own."""
    with slot:
        live_clock(view)
        controls(view, on_pause, on_resume, on_end)


def answer_waiting(thread: str) -> bool:
    """Whether an answer submitted in this tab is kept but not yet sent (see ``views.interview.keep_answer``)."""
    pending = st.session_state.get("pending_answer")
    return bool(pending and pending.get("thread") == thread)


@st.fragment(run_every=TICK)
def live_clock(view: Any) -> None:
    """Only this reruns each second: the chat, the whiteboard and the input are left alone. An Enter that
    lands while the clock reruns can be taken by this run alone: the answer is kept but the page is not run
    to send it, so the clock asks for a run of the whole page."""
    if answer_waiting(view.thread_id):
        st.rerun(scope="app")
    now = time.time()
    st.html(header_html(view, reading(view, now), now))


def controls(view: Any, on_pause: Callable[[], None], on_resume: Callable[[], None],
             on_end: Callable[[], None]) -> None:
    """Pause or resume, and End with a confirmation (a secondary action, never one tap away)."""
    confirming = st.session_state.get("confirm_end") == view.thread_id
    with st.container(horizontal=True, key="room_controls", gap="small"):
        if view.paused_at:
            st.button("Resume clock", icon=":material/play_arrow:", key="clock_resume", on_click=on_resume)
        else:
            st.button("Pause clock", icon=":material/pause:", key="clock_pause", on_click=on_pause)
        if not confirming and st.button("End interview…", icon=":material/stop_circle:", key="end",
                                        type="tertiary"):
            st.session_state["confirm_end"] = view.thread_id
            st.rerun()
    if confirming:
        with st.container(key="room_confirm_end", border=True):
            st.markdown("**End the interview and grade it now?** You cannot add answers afterwards.")
            with st.container(horizontal=True, gap="small"):
                if st.button("Yes, end and grade", key="end_confirm", type="primary"):
                    st.session_state.pop("confirm_end", None)
                    on_end()
                if st.button("Keep going", key="end_cancel"):
                    st.session_state.pop("confirm_end", None)
                    st.rerun()


def finished_header(slot: Any, view: Any) -> None:
    """A finished interview: what was used of the round, no ticking."""
    with slot:
        used = components.clock_text(float(view.minute))
        st.html(f'<div class="bs-head bs-is-finished"><div class="bs-line"><span class="bs-title">'
                f'{html.escape(view.problem_title)}</span><span class="bs-clock">finished</span>'
                f'<span class="bs-phase">{used} used of {view.format_minutes}:00</span></div></div>')


def scroll_to_newest(count: int) -> None:
    """Bring the newest message into view under the header (``count`` makes each turn's script new)."""
    st.html(
        "<script>(() => { /* turn " + str(int(count)) + " */\n"
        "const all = window.parent.document.querySelectorAll('[data-testid=\"stChatMessage\"]');\n"
        "const last = all[all.length - 1];\n"
        "if (last) last.scrollIntoView({block: 'start', behavior: 'instant'});\n"
        "})();</script>",
        unsafe_allow_javascript=True,
    )
