"""The interview's state: everything the graph checkpoints after every node.

One LangGraph thread is one interview. The state holds only plain data (no clients, no keys):

thread_id       the session's id (also seeds the offline voice, so replays read the same)
problem_id, company, level, format_minutes   what was asked for when the interview started
phase           the current playbook phase (``knowledge.models.PHASES``), never moves backwards
minute          the interview clock in minutes (see ``agent.clock``)
wall_at         the wall-clock time of the last turn (seconds since the epoch; used by the wall clock)
transcript      every turn so far (``kernel.transcript.Turn`` with phase and minute); append reducer
covered         what has been covered so far (:class:`Coverage`); merge reducer
pending_pushbacks  technologies named without a reason that still await a "why?"
notes           the running whiteboard summary of older turns, bounded (see ``agent.voice``)
llm_log         per candidate turn in openai mode: how it was read and how the reply was checked (agent.reading,
                agent.guard), with the prompt size; append reducer
notices         visible notices for the candidate (e.g. the switch to offline mode); append reducer
llm_mode        "offline" or "openai"; switches to "offline" for good after an LLM failure
llm_status      human-readable description of the LLM mode (model and base URL, never the key)
coach           coach mode on or off; coach_hint the hint after the last interviewer turn
analysis        the last candidate turn's ``analysis.models.TurnAnalysis`` (as a dict)
act             the act the policy chose for the next interviewer turn (``agent.acts.Act`` as a dict)
phase_started   minute at which each phase started
warned          phases for which the time warning was given
end_requested   the candidate (or the caller) asked to finish
diagram         the candidate's design diagram (``kernel.diagram.Diagram`` as a dict), drawn beside the conversation
finished        the interview is over; the graph has ended
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from analysis.coverage import accumulate
from kernel.transcript import Turn


class Coverage(TypedDict, total=False):
    """What the conversation has covered; every list is deduplicated and keeps first-seen order."""

    questions: list[str]  # clarifying questions the candidate asked (verbatim, bounded)
    fact_topics: list[str]  # hidden-fact topics that were asked (and therefore answered)
    figures: list[str]  # figures the candidate gave, as written
    components: list[str]  # components the candidate proposed
    technologies: dict[str, bool]  # technology id -> whether it came with a reason (ever)
    pushed_back: list[str]  # technology ids already pushed back on
    asked: list[str]  # interviewer questions already asked (ids like "twist:0", "company:2", "tech:redis:1")
    acts: list[str]  # the act kinds used so far, in order
    nudges: int  # how many times the candidate was nudged towards clarifying questions
    answers: list[str]  # card fact answers given (only facts that were asked for)
    pushbacks: list[str]  # pushback questions the interviewer asked
    summary_asked: bool
    summarised: bool  # they summed up the design unasked: no summary asked for after it
    kept_going: int  # times the candidate said they were done early and was given one more question
    covered_items: list[str]  # card items and company kinds the candidate addressed ("probe:1", "company:cost")
    challenged: list[str]  # claims whose arithmetic was challenged (never challenged twice)
    dropped: list[str]  # technologies the candidate ruled out after proposing them
    introduced: list[str]  # technologies the interviewer named before the candidate did
    item_scores: dict[str, float]  # card item -> the chance so far that the candidate addressed it (accumulated)
    said_about: dict[str, str]  # technology id -> the candidate's own words when they chose it with a reason
    spoken: dict[str, str]  # technology id -> the candidate's name for it when that is another product of its family
    alternatives: list[str]  # technologies only ever named as an alternative ("SQS would be fine"), never chosen
    owed: list[str]  # the candidate's questions about us, kept for the wrap-up
    questions_answered: bool  # their questions about us were answered at the wrap-up
    reflected: bool  # they said unasked what they would do with more time
    scoped: bool  # they stated their own scope or assumptions while gathering requirements
    retracted: list[str]  # technologies whose earlier use the candidate took back ("I take that back"): no quoting it
    worked: list[float]  # figures the candidate worked out from others (as volumes per day): checked as arithmetic
    aside: list[str]  # technologies serving a part the card leaves out ("media are later"): not probed
    could_be: list[str]  # technologies only named as what a piece could also be ("it could also be Redis")
    slips: list[dict[str, Any]]  # figures a challenged slip produced (said, value, unit, right): raised again once if
    # they come back unfixed


_LIST_KEYS = ("questions", "fact_topics", "figures", "components", "pushed_back", "asked", "answers", "pushbacks",
              "covered_items", "challenged", "dropped", "introduced", "alternatives", "owed", "retracted", "worked",
              "aside", "could_be", "slips")


def merge_coverage(old: Coverage | None, new: Coverage | None) -> Coverage:
    """Reducer: union lists (keeping order), merge the technology map, take the newer scalars.

    ``acts`` is appended to (it is a history), everything else is a set in first-seen order.
    """
    merged: dict[str, Any] = dict(old or {})
    value: Any
    for key, value in (new or {}).items():
        if key in _LIST_KEYS:
            seen = list(merged.get(key, []))
            seen.extend(v for v in value if v not in seen)
            merged[key] = seen
        elif key == "acts":
            merged[key] = list(merged.get(key, [])) + list(value)
        elif key in ("said_about", "spoken"):  # the first words stand
            merged[key] = {**dict(value), **dict(merged.get(key, {}))}
        elif key == "item_scores":
            scores = dict(merged.get(key, {}))
            for tag, chance in value.items():
                scores[tag] = accumulate(scores.get(tag, 0.0), chance, tag)
            merged[key] = scores
        elif key == "technologies":
            techs = dict(merged.get(key, {}))
            for tech, justified in value.items():
                techs[tech] = techs.get(tech, False) or justified
            merged[key] = techs
        else:
            merged[key] = value
    return merged  # type: ignore[return-value]


def replace_list(old: list[str] | None, new: list[str] | None) -> list[str]:
    """Reducer for ``pending_pushbacks``: the node returns the whole new list."""
    return list(new or [])


class InterviewState(TypedDict, total=False):
    thread_id: str
    problem_id: str
    company: str
    level: str
    format_minutes: int
    phase: str
    minute: float
    wall_at: float
    transcript: Annotated[list[Turn], operator.add]
    covered: Annotated[Coverage, merge_coverage]
    pending_pushbacks: Annotated[list[str], replace_list]
    notes: list[str]
    notices: Annotated[list[str], operator.add]
    llm_log: Annotated[list[dict[str, Any]], operator.add]
    llm_mode: str
    llm_status: str
    coach: bool
    coach_hint: str | None
    analysis: dict[str, Any] | None
    act: dict[str, Any] | None
    phase_started: dict[str, float]
    warned: list[str]
    end_requested: bool
    finished: bool
    diagram: dict[str, Any] | None
    diagram_seen: dict[str, Any] | None  # the diagram as it was at the candidate's previous turn
    drawn_now: list[str]  # names of the boxes drawn since the candidate's previous turn


def checkpoint_serde() -> JsonPlusSerializer:
    """The checkpoint serializer, with the transcript's ``Turn`` model registered for msgpack."""
    return JsonPlusSerializer(allowed_msgpack_modules=[("kernel.transcript", "Turn")])
