"""History: past interviews by problem title, a trend of scores over dates (overall or one dimension, all
problems or one), any finished scorecard reopened, two attempts compared side by side, resume and delete."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ui import components, state


def problem_title(problem_id: str) -> str:
    problems = state.knowledge().problems
    return str(problems[problem_id].title) if problem_id in problems else components.label(problem_id)


def status(record: Any) -> str:
    if not record.finished:
        return "in progress"
    return "finished" if record.candidate_turns else "ended before any answer"


def when(record: Any) -> str:
    return str(record.started_at)[:16].replace("T", " ")


def describe(record: Any) -> str:
    """``2026-11-30 05:14 · URL shortener · Google · senior · finished (2.45)``: what a person tells apart."""
    score = f" ({record.overall:.2f})" if record.overall is not None else ""
    return (f"{when(record)} · {problem_title(record.problem_id)} · {record.company.capitalize()} · {record.level} · "
            f"{status(record)}{score}")


def table(records: list[Any]) -> pd.DataFrame:
    rows = []
    for r in records:
        rows.append({
            "started": pd.to_datetime(r.started_at, utc=True, errors="coerce"),
            "problem": problem_title(r.problem_id),
            "company": r.company.capitalize(),
            "level": r.level,
            "format": f"{r.format_minutes} min",
            "answers": r.candidate_turns,
            "nudges": r.hints,
            "status": status(r),
            "overall": r.overall,
            "verdict": components.label(r.verdict) if r.verdict else "",
            "thread": r.thread_id,
        })
    return pd.DataFrame(rows)


def trend_frame(records: list[Any], measure: str, problem: str | None) -> pd.DataFrame:
    """One row per graded interview: its date, problem title and the chosen score (``overall`` or a dimension)."""
    rows = []
    for r in records:
        if r.overall is None or (problem and r.problem_id != problem):
            continue
        score = r.overall if measure == "overall" else r.scores.get(measure)
        if score is None:
            continue
        rows.append({"date": pd.to_datetime(r.started_at, utc=True, errors="coerce"),
                     "problem": problem_title(r.problem_id), "score": float(score), "attempt": describe(r)})
    return pd.DataFrame(rows, columns=["date", "problem", "score", "attempt"]).sort_values("date")


def trend_chart(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Scores over dates (days on the axis), one colour per problem, the bar line at 3."""
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %d", labelAngle=0, tickCount="day")),
        y=alt.Y("score:Q", title=title, scale=alt.Scale(domain=[1, 4]), axis=alt.Axis(values=[1, 2, 3, 4])),
        color=alt.Color("problem:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=320)),
        tooltip=["attempt", alt.Tooltip("score:Q", format=".2f")],
    )
    bar = alt.Chart(pd.DataFrame({"y": [3.0]})).mark_rule(strokeDash=[4, 4], color="#6b7280").encode(y="y:Q")
    return (base.mark_line(point=alt.OverlayMarkDef(size=70)) + bar).properties(height=280)


def trend(records: list[Any]) -> None:
    st.subheader("Trend")
    graded = [r for r in records if r.overall is not None]
    if not graded:
        st.caption("Finish an interview to see your scores over time.")
        return
    dims = sorted({d for r in graded for d in r.scores}, key=components.dimension_name)
    problems = sorted({r.problem_id for r in graded}, key=problem_title)
    left, right = st.columns(2)
    measure = left.selectbox("Score", ["overall", *dims], key="trend_measure",
                             format_func=lambda d: "Overall" if d == "overall" else components.dimension_name(d))
    problem = right.selectbox("Problem", ["", *problems], key="trend_problem",
                              format_func=lambda p: "All problems" if not p else problem_title(p))
    frame = trend_frame(graded, str(measure), problem or None)
    if frame.empty:
        st.caption("No graded interview matches.")
        return
    title = "Overall" if measure == "overall" else components.dimension_name(str(measure))
    st.altair_chart(trend_chart(frame, title), width="stretch")
    st.caption("The dashed line is a 3, the score that meets the bar.")


def scorecard_of(settings: Any, thread: str) -> Any:
    from agent.store import load_scorecard_json

    return state.scorecards().get(thread) or load_scorecard_json(settings, thread)


def reopen(settings: Any, records: list[Any]) -> None:
    st.subheader("Reopen a scorecard")
    finished = [r for r in records if r.overall is not None]
    if not finished:
        st.caption("No graded interview yet.")
        return
    by_id = {r.thread_id: r for r in finished}
    choice = st.selectbox("Interview", list(by_id), key="history_open", format_func=lambda t: describe(by_id[t]))
    card = scorecard_of(settings, str(choice)) if choice else None
    if card is None:
        st.warning("The scorecard of this interview was not saved; resume it from the Interview page to regrade.")
        return
    transcript = stored_conversation(settings, str(choice))
    with st.container(border=True):
        components.scorecard_view(card, transcript, key=f"history-{choice}", index=None)
        if transcript is not None and transcript.turns:
            with st.expander("Conversation", expanded=False):
                components.conversation(transcript.turns)
        else:
            st.caption("The conversation of this interview could not be read back; the scorecard's quotes stand.")


def stored_conversation(settings: Any, thread: str) -> Any:
    """The reopened interview's transcript (for its quotes in context and the downloads), or ``None``."""
    from agent.session import stored_transcript

    try:
        return stored_transcript(settings, thread, owner=state.owner())
    except Exception:  # noqa: BLE001 - a damaged or missing checkpoint: the scorecard is still worth showing
        return None


def compare(settings: Any, records: list[Any]) -> None:
    st.subheader("Compare two attempts")
    finished = [r for r in records if r.overall is not None]
    if len(finished) < 2:
        st.caption("Finish two interviews to compare them side by side.")
        return
    by_id = {r.thread_id: r for r in finished}
    ids = list(by_id)
    left, right = st.columns(2)
    a = left.selectbox("Earlier attempt", ids, index=min(1, len(ids) - 1), key="compare_a",
                       format_func=lambda t: describe(by_id[t]))
    b = right.selectbox("Later attempt", ids, index=0, key="compare_b", format_func=lambda t: describe(by_id[t]))
    if a == b:
        st.caption("Pick two different interviews.")
        return
    cards = [scorecard_of(settings, str(t)) for t in (a, b)]
    if any(c is None for c in cards):
        st.warning("One of these scorecards was not saved, so they cannot be compared.")
        return
    first, second = (components.as_scorecard(c) for c in cards)
    st.dataframe(comparison(first, second), hide_index=True, width="stretch",
                 column_config={"change": st.column_config.NumberColumn("change", format="%+d")})
    for dim in second.dimensions:
        try:
            before = first.dimension(dim.id)
        except KeyError:
            before = None
        change = "" if before is None else f" ({dim.score - before.score:+d})"
        with st.expander(f"{components.dimension_name(dim.id)}: {before.score if before else '–'} → {dim.score}{change}"):
            cols = st.columns(2)
            for col, scored, name in ((cols[0], before, "Earlier"), (cols[1], dim, "Later")):
                with col:
                    st.markdown(f"**{name}: {scored.score if scored else '–'} / 4**")
                    if scored is None:
                        continue
                    if scored.rationale:
                        st.text(scored.rationale)
                    for ev in scored.evidence:
                        components.quote(ev.quote, ev.turn)
                    if not scored.evidence:
                        st.caption("No quote.")


def comparison(first: Any, second: Any) -> pd.DataFrame:
    """Per dimension: the two scores and the change; the overall last."""
    rows = []
    earlier = {d.id: d.score for d in first.dimensions}
    for d in second.dimensions:
        before = earlier.get(d.id)
        rows.append({"dimension": components.dimension_name(d.id), "earlier": before, "later": d.score,
                     "change": None if before is None else d.score - before})
    rows.append({"dimension": "Overall", "earlier": round(first.overall, 2), "later": round(second.overall, 2),
                 "change": None})
    return pd.DataFrame(rows)


def actions(settings: Any, records: list[Any]) -> None:
    by_id = {r.thread_id: r for r in records}
    choice = st.selectbox("Session", list(by_id), key="history_pick", format_func=lambda t: describe(by_id[t]))
    if choice is None:
        return
    record = by_id[choice]
    left, right, _ = st.columns([1, 1, 3])
    if not record.finished and left.button("Resume this interview", type="primary", key="history_resume"):
        state.set_thread(choice)
        st.switch_page("views/interview.py", query_params={state.THREAD_PARAM: choice})
    if st.session_state.get("confirm_delete") == choice:
        st.warning(f"Delete the interview of {describe(record)} and its checkpoint? This cannot be undone.")
        yes, no = st.columns(2)
        if yes.button("Yes, delete it", type="primary", key="history_delete_yes"):
            from agent.session import delete_session

            delete_session(settings, choice, owner=state.owner())
            st.session_state.pop("confirm_delete", None)
            if st.session_state.get("thread") == choice:
                state.set_thread(None)
            state.scorecards().pop(choice, None)
            st.toast("Interview deleted")
            st.rerun()
        if no.button("Cancel", key="history_delete_no"):
            st.session_state.pop("confirm_delete", None)
            st.rerun()
    elif right.button("Delete…", key="history_delete"):
        st.session_state["confirm_delete"] = choice
        st.rerun()


def render() -> None:
    from agent.session import list_sessions

    settings = state.settings()
    st.title("History")
    records = sorted(list_sessions(settings, owner=state.owner()), key=lambda r: str(r.started_at), reverse=True)
    if not records:
        st.info("No interviews yet. Start one on the Interview page; it will show up here with its scores.")
        return
    st.dataframe(
        table(records), hide_index=True, width="stretch",
        column_config={
            "started": st.column_config.DatetimeColumn("started", format="YYYY-MM-DD HH:mm"),
            "overall": st.column_config.ProgressColumn("overall", min_value=1, max_value=4, format="%.2f"),
            "thread": None,
        },
    )
    trend(records)
    reopen(settings, records)
    compare(settings, records)
    st.subheader("Resume or delete")
    actions(settings, records)


render()
