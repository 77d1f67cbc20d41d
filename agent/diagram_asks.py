"""Questions about what the candidate drew: a box beyond the scale, a box with no arrows, a box never explained.

:func:`diagram_ask` picks at most one question per call, never one already asked (ids in ``asked``, the same
list as ``Coverage.asked``), and never names anything the candidate did not draw or say: no hidden fact, no
figure from the problem card, no technology of the interviewer's choosing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from analysis.diagram import TYPE_NAMES, name_words, over_built, read_diagram
from kernel.diagram import Diagram
from knowledge.content import Knowledge
from knowledge.models import Scale

AskKind = Literal["over_built", "under_built", "unconnected", "unexplained"]
ONE_STORE_PER_SECOND = 20_000  # requests a second one database box is asked to take before "how?" is fair


@dataclass(frozen=True)
class DiagramAsk:
    id: str  # "diagram:over_built:kafka", recorded in Coverage.asked so it is asked once
    kind: AskKind
    box: str  # the box's name as drawn
    question: str


def _said(name: str, text: str) -> bool:
    words = [w for w in name_words(name) if len(w) > 1]
    return bool(words) and re.search(r"\b" + r"\W+".join(map(re.escape, words)) + r"s?\b", text.lower()) is not None


def diagram_ask(
    diagram: Diagram | None,
    candidate_text: str,
    asked: list[str] | set[str],
    kb: Knowledge | None = None,
    scale: Scale | None = None,
    traps: frozenset[str] | set[str] = frozenset(),
) -> DiagramAsk | None:
    """The next question about the diagram, or None. First a box the ``scale`` does not call for that the
    candidate never sized ("What does the Kafka box buy us at the load you estimated?"), then a box with no
    arrows, then a box the candidate never mentioned. ``candidate_text`` is everything the candidate said."""
    reading = read_diagram(diagram, kb)
    if not reading.components:
        return None
    ids = {c.name: c.id for c in reading.components}
    done = set(asked)
    for box in over_built(reading, scale, kb, traps):
        key = f"diagram:over_built:{ids[box.name]}"
        if key not in done and not re.search(r"\d", _sentence_naming(box.name, candidate_text)):
            what = TYPE_NAMES[box.type] if box.type != "other" else "box"
            return DiagramAsk(key, "over_built", box.name,
                              f"You drew {box.name} as a {what}. What does it buy us at the load you estimated, "
                              f"and what would break without it?")
    load = _their_peak(candidate_text)
    stores = [c for c in reading.components if c.type == "database"]
    helpers = [c for c in reading.components if c.type in ("cache", "queue", "cdn")]
    if load is not None and load[0] >= ONE_STORE_PER_SECOND and len(stores) == 1 and not helpers and \
            not re.search(r"shard|partition|replica|cluster", stores[0].name, re.I):
        key = f"diagram:under_built:{stores[0].id}"
        if key not in done:  # the flow drawn contradicts their own estimate
            return DiagramAsk(key, "under_built", stores[0].name,
                              f"You estimated {load[1]}, and your diagram sends it all to one {stores[0].name}. "
                              f"How does that one box take it?")
    for name in reading.unconnected:
        key = f"diagram:unconnected:{ids[name]}"
        if key not in done:
            return DiagramAsk(key, "unconnected", name,
                              f"{name} has no arrows in your diagram. What talks to it, and what does it send on?")
    for c in reading.components:
        key = f"diagram:unexplained:{c.id}"
        if c.type != "client" and key not in done and not _said(c.name, candidate_text) and not _said(c.id, candidate_text):
            return DiagramAsk(key, "unexplained", c.name,
                              f"Walk me through {c.name} in your diagram: what is its job in a request?")
    return None


def _their_peak(text: str) -> tuple[float, str] | None:
    """The largest per-second figure the candidate stated, with their words for it."""
    from analysis.derivations import spoken_to_digits
    from analysis.figures import parse_figures

    rates = [f.figure for f in parse_figures(spoken_to_digits(text)) if f.figure.unit == "per_second"]
    top = max(rates, key=lambda f: f.value, default=None)
    return (top.value, top.text) if top is not None else None


def _sentence_naming(name: str, text: str) -> str:
    """The candidate's sentences that name the box, joined (empty when none does)."""
    return " ".join(s for s in re.split(r"(?<=[.!?])\s+", text) if _said(name, s))
