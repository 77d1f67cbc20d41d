"""History: past interviews with their scores, progress per dimension over time, resume and delete."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ui import components, state


def table(records: list[Any]) -> pd.DataFrame:
    rows = []
    for r in records:
        rows.append({
            "started": pd.to_datetime(r.started_at, utc=True, errors="coerce"),
            "problem": r.problem_id,
            "company": r.company,
            "level": r.level,
            "format": f"{r.format_minutes} min",
            "turns": r.candidate_turns,
            "status": "finished" if r.finished else "in progress",
            "overall": r.overall,
            "verdict": components.label(r.verdict) if r.verdict else "",
            "thread": r.thread_id,
        })
    return pd.DataFrame(rows)


def progress_chart(records: list[Any]) -> alt.Chart | None:
    """One line per dimension: its score in each graded interview, oldest first."""
    points = [
        {"started": pd.to_datetime(r.started_at, utc=True, errors="coerce"), "dimension": components.dimension_name(dim),
         "score": score}
        for r in records if r.scores for dim, score in r.scores.items()
    ]
    if not points:
        return None
    frame = pd.DataFrame(points).sort_values("started")
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("started:T", title=None),
            y=alt.Y("score:Q", scale=alt.Scale(domain=[1, 4]), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("dimension:N", legend=alt.Legend(orient="bottom", columns=3, labelLimit=260)),
            tooltip=["dimension", "score", "started:T"],
        )
        .properties(height=320)
    )


def actions(settings: Any, records: list[Any]) -> None:
    by_id = {r.thread_id: r for r in records}
    choice = st.selectbox(
        "Session", list(by_id), key="history_pick",
        format_func=lambda t: f"{by_id[t].started_at[:16].replace('T', ' ')} · {by_id[t].problem_id} · "
                              f"{by_id[t].company} · {by_id[t].level} · "
                              f"{'finished' if by_id[t].finished else 'in progress'} · …{t[-6:]}",
    )
    if choice is None:
        return
    record = by_id[choice]
    left, right, _ = st.columns([1, 1, 3])
    if not record.finished and left.button("Resume this interview", type="primary", key="history_resume"):
        state.set_thread(choice)
        st.switch_page("views/interview.py", query_params={state.THREAD_PARAM: choice})
    if st.session_state.get("confirm_delete") == choice:
        st.warning(f"Delete the interview on {record.problem_id} (…{choice[-6:]}) and its checkpoint? "
                   "This cannot be undone.")
        yes, no = st.columns(2)
        if yes.button("Yes, delete it", type="primary", key="history_delete_yes"):
            from agent.session import delete_session

            delete_session(settings, choice)
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
    records = sorted(list_sessions(settings), key=lambda r: str(r.started_at), reverse=True)
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
    st.subheader("Progress by dimension")
    chart = progress_chart(records)
    if chart is None:
        st.caption("Finish an interview to see your scores over time.")
    else:
        st.altair_chart(chart, width="stretch")
    st.subheader("Resume or delete")
    actions(settings, records)


render()
