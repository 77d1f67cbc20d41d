"""Reusable pieces of the app: the phase bar and clock, the whiteboard, the scorecard view and the streamed reply."""

from __future__ import annotations

import html
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

PHASE_NAMES = {
    "requirements": "Requirements",
    "estimation": "Estimation",
    "high_level_design": "High-level design",
    "deep_dive": "Deep dive",
    "failure_modes": "Failure modes",
    "wrap_up": "Wrap-up",
}
WHITEBOARD = (
    ("requirements", "Requirements"),
    ("figures", "Figures"),
    ("components", "Components"),
    ("pushbacks", "Open pushbacks"),
)
VERDICT_COLOURS = {"strong_hire": "#1b7f4b", "hire": "#2e8b57", "lean_hire": "#6b8e23",
                   "lean_no_hire": "#c77c0e", "no_hire": "#b23b3b", "strong_no_hire": "#8b1e1e"}


def label(identifier: str) -> str:
    """``high_level_design`` → ``High-level design``; unknown ids are prettified."""
    return PHASE_NAMES.get(identifier) or identifier.replace("_", " ").replace("-", " ").capitalize()


def as_dict(obj: Any) -> dict[str, Any]:
    """A pydantic model or a dict, as a plain dict."""
    if hasattr(obj, "model_dump"):
        dumped: dict[str, Any] = obj.model_dump(mode="json")
        return dumped
    return dict(obj)


# --- the interview room ------------------------------------------------------------------------------


def clock_text(minute: float) -> str:
    """Minutes as a clock face: ``7.5`` → ``07:30``."""
    seconds = max(0, round(minute * 60))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def score_dots(score: int, top: int = 4) -> str:
    """``●●●○`` in the score's colour, for expander titles."""
    colour = {1: "red", 2: "orange", 3: "green", 4: "green"}.get(score, "gray")
    return f":{colour}[{'●' * score}{'○' * max(0, top - score)}]"


def phase_bar(phase: str, phase_index: int, minute: float, format_minutes: int, budget: dict[str, int]) -> None:
    """A strip of the six phases, widths by their minute budget, the current one highlighted, and the clock."""
    phases = list(budget) or list(PHASE_NAMES)
    total = sum(budget.values()) or 1
    cells = []
    for i, pid in enumerate(phases):
        state = "done" if i < phase_index else "now" if i == phase_index else "next"
        colour = {"done": "#9fc5b0", "now": "#2f6f5e", "next": "#e6e9ec"}[state]
        text = {"done": "#1f3d33", "now": "#ffffff", "next": "#6b7280"}[state]
        width = 100 * budget.get(pid, 1) / total
        cells.append(
            f'<div title="{html.escape(label(pid))}: {budget.get(pid, 0)} min" style="flex:0 0 {width:.2f}%;'
            f"background:{colour};color:{text};padding:4px 6px;font-size:0.75rem;white-space:nowrap;"
            f'overflow:hidden;text-overflow:ellipsis;border-right:2px solid #fff">{html.escape(label(pid))}</div>'
        )
    st.markdown(
        '<div style="display:flex;border-radius:6px;overflow:hidden;margin:0.2rem 0 0.4rem 0">'
        + "".join(cells) + "</div>",
        unsafe_allow_html=True,
    )
    over = minute > format_minutes
    clock = f":material/schedule: {clock_text(minute)} / {format_minutes}:00" + (" · over time" if over else "")
    st.caption(f"**{clock}** · phase {phase_index + 1} of {len(phases)}: **{label(phase)}**")
    st.progress(min(1.0, minute / format_minutes) if format_minutes else 0.0)


def plain_list(items: list[str]) -> str:
    """Items as an HTML list of plain text (escaped: candidate words are never rendered as Markdown or HTML)."""
    return '<ul class="bs-list">' + "".join(f"<li>{html.escape(str(item))}</li>" for item in items) + "</ul>"


def whiteboard(board: dict[str, list[str]]) -> None:
    """What the interviewer has captured so far."""
    st.markdown("#### Whiteboard")
    for key, title in WHITEBOARD:
        items = board.get(key) or []
        st.markdown(f"**{title}**")
        if items:
            st.html(plain_list(items))
        else:
            st.caption("nothing yet")


# --- the scorecard -------------------------------------------------------------------------------------


def score_chart(scores: list[tuple[str, int]], max_score: int = 4) -> alt.Chart:
    """A horizontal bar per (dimension name, score), coloured by score."""
    frame = pd.DataFrame([{"dimension": name, "score": score} for name, score in scores])
    return (
        alt.Chart(frame)
        .mark_bar(cornerRadiusEnd=4, height=18)
        .encode(
            x=alt.X("score:Q", scale=alt.Scale(domain=[0, max_score]), axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("dimension:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("score:Q", scale=alt.Scale(domain=[1, max_score], scheme="redyellowgreen"),
                            legend=None),
            tooltip=["dimension", "score"],
        )
        .properties(height=32 * max(1, len(scores)))
    )


def as_scorecard(card: Any) -> Any:
    """A :class:`rubric.models.Scorecard` from the model itself or its JSON form."""
    from rubric.models import Scorecard

    return card if isinstance(card, Scorecard) else Scorecard.model_validate(card)


def dimension_name(dim_id: str) -> str:
    from rubric.rubric import rubric

    try:
        return rubric().dimension(dim_id).name
    except KeyError:
        return label(dim_id)


def with_bar(card: Any) -> Any:
    """The scorecard with its level bar (a scorecard read back from an older file has none; it is worked out
    from the scores as the grader does)."""
    model = as_scorecard(card)
    if model.bar:
        return model
    from rubric.calibration import load_calibration
    from rubric.rubric import rubric
    from rubric.verdict import decide

    rb = rubric()
    if model.level not in rb.levels or model.company not in rb.companies:
        return model
    cal = load_calibration()  # the offline grader's bar moves by the calibrated shift
    shift = cal.bar_shift if model.grader == "offline" and cal.scorer == "ledger" else 0.0
    outcome = decide(model.dimensions, rb, model.level, model.company, shift=shift)
    return model.model_copy(update={"bar": outcome.bar, "missed_minimums": outcome.missed,
                                    "competencies": outcome.competencies})


def numbered_transcript(transcript: Any) -> str:
    """The transcript with the turn numbers the scorecard cites (1 is the first turn)."""
    lines = ["## Transcript", ""]
    for number, turn in enumerate(transcript.turns, 1):
        minute = f" · {clock_text(turn.minute)}" if turn.minute is not None else ""
        lines += [f"**Turn {number} · {turn.role.capitalize()}{minute}**", "", turn.content, ""]
    return "\n".join(lines)


def scorecard_markdown(card: Any, index: Any = None, transcript: Any = None) -> str:
    """The rubric's Markdown report (advice cites the guide sections retrieved from ``index``), followed by
    the numbered transcript when there is one."""
    from knowledge.content import knowledge
    from rubric.rubric import rubric
    from rubric.scorecard import render_markdown

    report = render_markdown(with_bar(card), rubric(), index=index, kb=knowledge())
    return report + ("\n" + numbered_transcript(transcript) if transcript is not None else "")


def flag_text(flag: str, level: str) -> str:
    """``below_minimum: estimation 1 < 2`` → ``Below the senior minimum on Back-of-envelope…: 1, needs 2``."""
    kind, _, detail = flag.partition(": ")
    if kind == "below_minimum":
        parts = detail.split()
        if len(parts) == 4 and parts[2] == "<":
            return f"Below the {level} minimum on {dimension_name(parts[0])}: scored {parts[1]}, needs {parts[3]}."
    if kind == "thin_evidence":
        return detail[:1].upper() + detail[1:] + "."
    if kind in ("injection_ignored", "generic_expectations") or "_" in kind and detail:
        return f"{label(kind)}: {detail}"
    return flag


def verdict_banner(model: Any) -> None:
    """The verdict in plain English, the overall score and the level bar it was measured against."""
    verdict = str(model.verdict)
    colour = VERDICT_COLOURS.get(verdict, "#374151")
    bar = f"against the {model.level} bar of {model.bar:.2f}" if model.bar else f"at {model.level} level"
    st.markdown(
        f'<div style="display:flex;align-items:baseline;gap:1rem;margin:0.5rem 0;flex-wrap:wrap">'
        f'<span style="background:{colour};color:#fff;border-radius:999px;padding:0.3rem 0.9rem;'
        f'font-weight:600">Verdict: {html.escape(label(verdict))}</span>'
        f'<span style="font-size:1.8rem;font-weight:600">{model.overall:.2f}<span style="font-size:1rem;'
        f'color:#6b7280"> / 4</span></span>'
        f'<span style="color:#6b7280">overall {html.escape(bar)} · {html.escape(label(model.company))} mode · '
        f"{html.escape(model.grader)} grader</span></div>",
        unsafe_allow_html=True,
    )


def quote(text: str, turn: int) -> None:
    """One quote of the candidate's, as plain text, with the turn it comes from (numbered from 1)."""
    st.html(f'<blockquote class="bs-quote">{html.escape(text)}<br><small>— turn {turn + 1}</small></blockquote>')


def scorecard_view(scorecard: Any, transcript: Any = None, *, key: str = "card", index: Any = None) -> None:
    """Verdict and overall first, then the chart, then each dimension with its quotes and advice, then downloads."""
    model = with_bar(scorecard)
    card = model.model_dump(mode="json")
    verdict_banner(model)
    st.caption(f"Evidence behind the verdict: {card.get('confidence', 'moderate')}. Quotes cite the turn numbers "
               "shown in the conversation.")
    if card.get("confidence") == "low":
        st.warning("This verdict rests on thin evidence: few grounded contributions were found, so treat it as a "
                   "rough read rather than a firm call.", icon=":material/help:")
    dims = card["dimensions"]
    if dims:
        st.altair_chart(score_chart([(dimension_name(d["id"]), d["score"]) for d in dims]), width="stretch")
    for flag in card.get("flags", []) or []:
        st.warning(flag_text(str(flag), model.level), icon=":material/flag:")
    for d in dims:
        sure = "" if d.get("confidence", "moderate") == "moderate" else f" · {d['confidence']} confidence"
        with st.expander(f"{score_dots(d['score'])}\u2003{dimension_name(d['id'])} — {d['score']} / 4{sure}"):
            if d.get("rationale"):
                st.text(d["rationale"])
            for ev in d.get("evidence", []):
                quote(str(ev["quote"]), int(ev["turn"]))
            if not d.get("evidence"):
                st.caption("No quote in the transcript supports a higher score.")
            if d.get("advice"):
                st.info(f"**Advice:** {d['advice']}")
    downloads(model, transcript, key=key, index=index)


def downloads(model: Any, transcript: Any, *, key: str, index: Any = None) -> None:
    """Transcript and scorecard as Markdown and JSON; the Markdown report is built only when asked for."""
    drawn = transcript is not None and getattr(transcript, "diagram", None)
    cols = st.columns(6 if drawn else 4)
    if drawn:  # the diagram as an image; its boxes and arrows are in the JSON transcript
        from kernel.diagram_render import render

        cols[4].download_button("Diagram (.svg)", lambda: render(transcript.diagram, "svg"), "diagram.svg",
                                "image/svg+xml", key=f"{key}-dsvg")
        cols[5].download_button("Diagram (.png)", lambda: render(transcript.diagram, "png"), "diagram.png",
                                "image/png", key=f"{key}-dpng")
    if transcript is not None:
        cols[0].download_button("Transcript (.md)", transcript.to_markdown(), "transcript.md", "text/markdown",
                                key=f"{key}-tmd")
        cols[1].download_button("Transcript (.json)", transcript.to_json(), "transcript.json", "application/json",
                                key=f"{key}-tjson")
    cols[2].download_button("Scorecard (.md)", lambda: scorecard_markdown(model, index, transcript), "scorecard.md",
                            "text/markdown", key=f"{key}-smd")
    cols[3].download_button("Scorecard (.json)", model.model_dump_json(indent=2), "scorecard.json",
                            "application/json", key=f"{key}-sjson")


AVATARS = {"interviewer": ":material/record_voice_over:", "candidate": ":material/person:"}


def conversation(turns: list[Any]) -> None:
    """Every turn so far, numbered as the scorecard cites them, with a quiet marker where a new phase begins.

    Text is shown as typed (``st.text``): no Markdown, no HTML, nothing fetched."""
    phase = None
    for number, turn in enumerate(turns, 1):
        if turn.phase and turn.phase != phase:
            phase = turn.phase
            minute = f" · {clock_text(turn.minute)}" if turn.minute is not None else ""
            st.caption(f"— {label(phase)}{minute} —")
        with st.chat_message(turn.role, avatar=AVATARS.get(turn.role)):
            st.caption(f"Turn {number}" + (f" · {clock_text(turn.minute)}" if turn.minute is not None else ""))
            st.text(turn.content)


class LiveReply:
    """The interviewer's reply in ``slot`` as it streams in, then whole.

    A click while the reply is being written (Pause, a nudge, End) makes Streamlit stop this run at the next
    element drawn, which is here, in the middle of the turn: the answer would be saved without its reply. So the stop (or rerun) is held: the stream is no longer drawn, the turn is written whole,
    and :meth:`done` raises it then. The run that replaces this one waits for the turn (:func:`ui.state.turn_lock`)."""

    def __init__(self, slot: Any) -> None:
        self.slot = slot
        self.pieces: list[str] = []
        self.held: BaseException | None = None

    def token(self, piece: str) -> None:
        from streamlit.runtime.scriptrunner import RerunException, StopException

        self.pieces.append(piece)
        if self.held is not None:
            return
        try:
            self.slot.text("".join(self.pieces) + " ▌")
        except (RerunException, StopException) as exc:
            self.held = exc

    def done(self, reply: str) -> None:
        """The turn is written: a held stop or rerun goes ahead now, else the reply is shown whole."""
        if self.held is not None:
            raise self.held
        self.slot.text(reply)

    def clear(self) -> None:
        """No reply (the message was refused): nothing is shown, and the refusal reruns the page itself."""
        self.slot.empty()
