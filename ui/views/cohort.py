"""Cohort (admins only): how the group scores per dimension over time, from the graded interviews' scores.

Only aggregates are shown: no transcript, no thread and no single interview's scorecard."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ui import auth, components, state


def cohort_frame(records: list[Any]) -> pd.DataFrame:
    """One row per graded interview and dimension: its week, the dimension and the score (no owner, no text)."""
    rows = []
    for r in records:
        if r.overall is None:
            continue
        week = pd.to_datetime(r.started_at, utc=True, errors="coerce")
        if pd.isna(week):
            continue
        week = week.tz_convert(None).to_period("W").start_time
        rows.append({"week": week, "dimension": "Overall", "score": float(r.overall)})
        for dim, score in r.scores.items():
            rows.append({"week": week, "dimension": components.dimension_name(dim), "score": float(score)})
    return pd.DataFrame(rows, columns=["week", "dimension", "score"])


def summary(records: list[Any]) -> pd.DataFrame:
    """Per week: mean score per dimension (columns), for the table under the chart."""
    frame = cohort_frame(records)
    if frame.empty:
        return frame
    table = frame.pivot_table(index="week", columns="dimension", values="score", aggfunc="mean").round(2)
    return table.sort_index(ascending=False)


def render() -> None:
    from agent.store import list_records

    settings = state.settings()
    st.title("Cohort")
    if st.session_state.get(auth.OWNER_KEY) is None or auth.mode(settings) == "none":
        st.info("Cohort statistics need sign-in: add accounts with `babysteps users add`.")
        return
    records = list_records(settings)  # everyone's records; only their scores are used
    graded = [r for r in records if r.overall is not None]
    people = len({r.owner for r in records if r.owner})
    left, mid, right = st.columns(3)
    left.metric("People", people)
    mid.metric("Interviews", len(records))
    right.metric("Graded", len(graded))
    frame = cohort_frame(graded)
    if frame.empty:
        st.caption("No graded interview yet.")
        return
    dims = sorted(set(frame["dimension"]))
    chosen = st.multiselect("Dimensions", dims, default=["Overall"] if "Overall" in dims else dims[:1],
                            key="cohort_dims")
    shown = frame[frame["dimension"].isin(chosen)].groupby(["week", "dimension"], as_index=False)["score"].mean()
    chart = alt.Chart(shown).mark_line(point=True).encode(
        x=alt.X("week:T", title="week"), y=alt.Y("score:Q", scale=alt.Scale(domain=[1, 4]), title="mean score"),
        color=alt.Color("dimension:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=["dimension", alt.Tooltip("week:T"), alt.Tooltip("score:Q", format=".2f")])
    st.altair_chart(chart.properties(height=300), width="stretch")
    st.dataframe(summary(graded), width="stretch")
    st.caption("Means over the graded interviews started each week. Transcripts and single scorecards stay "
               "with their owners.")


render()
