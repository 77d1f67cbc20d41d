"""The final design diagram as grading evidence: a separate step after the conversation's own judgements.

Proportionality asks of every box "without this, what would break?": a box that pays off only at a larger
scale than the one in effect (``analysis.diagram.over_built``), drawn with no reason from the problem's numbers
anywhere in the conversation, lowers the score and is cited by name. High-level design credits a data flow the
diagram makes clear (an entry box reaches where the data lives, every box joined by an arrow) when the words
did not explain one, and notes boxes that have no arrows. Without a diagram nothing changes.

Scores from the phrase rules move directly; scores from the ledger's evidence amounts move through the amount
and a ceiling, so the calibrated cut points still apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.diagram import DiagramReading, OverBuilt, name_words, over_built, read_diagram
from analysis.sentences import split_sentences
from kernel.diagram import Diagram
from knowledge.content import Knowledge
from rubric.grade_signals import Item, Signals
from rubric.offline import _FLOW
from rubric.offline_common import DIGIT, Judgement

_REASON = re.compile(r"\b(?:because|since|so that|so we|to (?:absorb|handle|smooth|buffer|decouple|survive|keep)"
                     r"|otherwise|which (?:means|lets|keeps)|in case)\b", re.IGNORECASE)
_DECLINE = re.compile(r"\b(?:no need|don'?t need|do not need|not needed|without|overkill|skip|wouldn'?t|won'?t|not yet)\b",
                      re.IGNORECASE)
_TYPE_WORDS = {"cache": "cache", "queue": "queue", "load_balancer": "load balancer", "cdn": "cdn",
               "object_store": "object store", "database": "database"}


@dataclass
class DiagramReview:
    """What the grader read from the diagram."""

    reading: DiagramReading
    over: list[OverBuilt] = field(default_factory=list)  # over-built boxes with no reason given
    justified: list[tuple[OverBuilt, Item]] = field(default_factory=list)  # heavier boxes the candidate sized
    already_cited: list[str] = field(default_factory=list)  # over-built boxes whose technology the words already cost

    def flags(self) -> list[str]:
        r = self.reading
        out = [f"diagram: {_count(len(r.components), 'box', 'boxes')}, {_count(len(r.flows), 'arrow', 'arrows')}"]
        if self.over:
            out.append("diagram_over_built: " + ", ".join(o.why() for o in self.over))
        if r.unconnected:
            out.append("diagram_unconnected: no arrows to or from " + ", ".join(r.unconnected))
        return out


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _mentions(sentence: str, box: OverBuilt) -> bool:
    low = sentence.lower()
    words = [w for w in name_words(box.name) if len(w) > 1]
    if words and re.search(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", low):
        return True
    word = _TYPE_WORDS.get(box.type)
    return bool(word and re.search(rf"\b{word}s?\b", low))


def _reason_for(box: OverBuilt, sig: Signals) -> Item | None:
    """A sentence of the candidate's that sizes this box from a number: its technology named with a numeric
    reason, or the box (its name or its kind) in a sentence with a reason and a number that does not decline it."""
    for turn, a in sig.candidate:
        for t in a.technologies:
            if box.tech and t.tech_id == box.tech and t.justified and t.reason and DIGIT.search(t.reason):
                return Item(turn, t.quote)
    for turn, a in sig.candidate:
        for s in split_sentences(a.text):
            text = s.text
            if s.is_question or not _mentions(text, box):
                continue
            if _REASON.search(text) and DIGIT.search(text) and not _DECLINE.search(text):
                return Item(turn, text)
    return None


def review(diagram: Diagram | None, sig: Signals, kb: Knowledge) -> DiagramReview | None:
    """Read the diagram against the scale in effect and the candidate's own reasons; None without a diagram."""
    if not diagram:
        return None
    reading = read_diagram(diagram, kb)
    traps = set(sig.card.over_engineering_traps) if sig.card else set()
    result = DiagramReview(reading)
    for box in over_built(reading, sig.scale, kb, traps):
        reason = _reason_for(box, sig)
        if reason is not None:
            result.justified.append((box, reason))
        else:
            result.over.append(box)
            if box.tech and box.tech in sig.over_ids:
                result.already_cited.append(box.name)
    return result


def _names(boxes: list[OverBuilt]) -> str:
    names = [b.name for b in boxes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _lower(j: Judgement, drop: int, ceiling: int, amount: float) -> None:
    j.score = max(1, min(j.score - drop, ceiling))
    j.ceiling = min(j.ceiling, ceiling)
    if j.value is not None:
        j.value = round(j.value - amount, 3)


def _note(j: Judgement, text: str) -> None:
    base = j.rationale.rstrip()
    j.rationale = (base + " " if base else "") + text


def adjust(judgements: dict[str, Judgement], diagram: Diagram | None, sig: Signals, kb: Knowledge) -> list[str]:
    """Fold the diagram into the proportionality and high-level design judgements (in place); returns the
    scorecard flags that describe it (none without a diagram)."""
    result = review(diagram, sig, kb)
    if result is None:
        return []
    prop = judgements.get("proportionality")
    if prop is not None:
        new = [b for b in result.over if b.name not in result.already_cited]
        if result.over:
            scale = f"the {sig.scale}-scale problem" if sig.scale else "the problem"
            what = "boxes" if len(result.over) > 1 else "box"
            _note(prop, f"Diagram: {', '.join(b.why() for b in result.over)} drawn for {scale} with no reason "
                        f"from its numbers; without the {what} {_names(result.over)}, what would break?")
            if "over_engineering" not in prop.gaps:
                prop.gaps.append("over_engineering")
        if new:
            _lower(prop, 1 if len(new) == 1 else 2, 2, 1.5 * min(len(new), 3))
        if result.justified:
            _note(prop, "Diagram: " + ", ".join(b.name for b, _ in result.justified) + " sized from the numbers.")
            prop.evidence = [item for _, item in result.justified][:2] + prop.evidence
    hld = judgements.get("high_level_design")
    if hld is not None:
        reading = result.reading
        said_flow = any(_FLOW.search(s.text) for _, a in sig.candidate for s in split_sentences(a.text))
        if reading.clear_flow:
            path = " -> ".join(reading.paths[0])
            _note(hld, f"Diagram: data flow drawn ({path}).")
            if not said_flow:
                hld.score = min(4, hld.score + 1) if hld.score >= 2 else 2
                if hld.value is not None:
                    hld.value = round(hld.value + 0.5, 3)
                    hld.contributions = (hld.contributions or 0) + 1
                hld.gaps = [g for g in hld.gaps if g != "no_design"]
        if reading.unconnected:
            _note(hld, f"Diagram: no arrows to or from {', '.join(reading.unconnected)}: what does "
                       f"{'each' if len(reading.unconnected) > 1 else 'it'} do in the flow?")
    return result.flags()
