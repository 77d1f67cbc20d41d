"""The lean LLM grader's prompt: per dimension, the evidence ledger's entries for it and only the turns they cite.

The full-transcript prompt (:func:`rubric.llm_grader.messages_for`) sends every turn once per dimension and sample.
This one sends, per dimension, the ledger entries that bear on it (:mod:`analysis.ledger`: questions, facts and
their use, figures with provenance and checked derivations, decisions with their reasons, pushback exchanges,
failure scenarios, what was ruled out), the offline grader's evidence, and the candidate turns those cite (each
with the interviewer's turn before it, shortened), numbered as in the transcript so every quote is checked verbatim
against its turn. The turns travel as delimited data, as in the full prompt.
"""

from __future__ import annotations

from analysis.ledger import Ledger
from kernel.llm import Message
from kernel.transcript import Transcript
from rubric.models import DimensionScore, Rubric
from rubric.prompts import SYSTEM, USER, render_transcript

MAX_TURNS = 8  # candidate turns per dimension
MAX_ENTRIES = 14  # ledger entries per dimension
TURN_WORDS = 220
ASK_WORDS = 40
ENTRY_WORDS = 30

# Which parts of the ledger bear on each dimension (a dimension not named here uses the offline evidence only).
SECTIONS: dict[str, tuple[str, ...]] = {
    "requirements": ("questions", "facts"),
    "estimation": ("figures", "facts"),
    "high_level_design": ("decisions",),
    "deep_dive": ("decisions", "exchanges"),
    "justification": ("decisions", "restated", "exchanges"),
    "reliability": ("failures", "exchanges"),
    "proportionality": ("decisions", "ruled_out"),
    "communication": ("questions", "exchanges"),
    "leadership": (),
}


def _clip(text: str, words: int) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def ledger_entries(ledger: Ledger, dim_id: str) -> list[tuple[int, str]]:
    """(turn, line) for each ledger entry that bears on the dimension, in transcript order."""
    out: list[tuple[int, str]] = []
    for section in SECTIONS.get(dim_id, ()):
        if section == "questions":
            out += [(t, f"clarifying question: {q}") for t, q in ledger.questions]
        elif section == "facts":
            out += [(f.turn, f"interviewer stated: {f.text} ("
                     + (f"used by the candidate at turn {f.used_turn}" if f.used else "never used") + ")")
                    for f in ledger.facts]
        elif section == "figures":
            out += [(f.turn, f"figure {f.value:g}, {f.provenance}"
                     + ("" if f.checked is None else ", derivation checked " + ("right" if f.checked else "WRONG"))
                     + f": {f.text}") for f in ledger.figures]
        elif section in ("decisions", "restated"):
            items = ledger.decisions if section == "decisions" else ledger.restated
            out += [(d.turn, f"decision on {d.subject}"
                     + (f", reason {'grounded in this problem' if d.grounded else 'not grounded'}: {d.reason}"
                        if d.reason else ", no reason")
                     + (", first introduced by the interviewer" if d.introduced_by == "interviewer" else ""))
                    for d in items]
        elif section == "exchanges":
            out += [(e.answer_turn, f"pushback at turn {e.ask_turn} ('{e.ask}'): {e.outcome.replace('_', ' ')}")
                    for e in ledger.exchanges]
        elif section == "failures":
            out += [(f.turn, f"failure scenario ({'mechanism' if f.mechanism else 'no mechanism'}, "
                     f"{'consequence' if f.consequence else 'no consequence'}"
                     f"{', prompted' if f.prompted else ''}): {f.quote}") for f in ledger.failures]
        elif section == "ruled_out":
            out += [(r.turn, f"ruled out {r.subject} ({'with a reason' if r.reasoned else 'no reason'}): {r.quote}")
                    for r in ledger.ruled_out]
    out.sort(key=lambda e: e[0])
    return [(t, _clip(line, ENTRY_WORDS)) for t, line in out[:MAX_ENTRIES]]


def relevant_turns(dim: DimensionScore, transcript: Transcript, entries: list[tuple[int, str]]) -> list[int]:
    """The candidate turns the offline evidence and the ledger entries cite (at most :data:`MAX_TURNS`)."""
    cited = [e.turn for e in dim.evidence] + [t for t, _ in entries]
    turns = transcript.turns
    wanted: list[int] = []
    for t in cited:
        if 0 <= t < len(turns) and turns[t].role == "candidate" and t not in wanted:
            wanted.append(t)
    if not wanted:  # nothing cited: the first candidate turns, so the model can still find what there is
        wanted = [i for i, t in enumerate(turns) if t.role == "candidate"][:3]
    return sorted(wanted[:MAX_TURNS])


def lean_messages(
    dim: DimensionScore, transcript: Transcript, rb: Rubric, ledger: Ledger, *, company: str, level: str,
    offline_evidence: str,
) -> list[Message]:
    spec = rb.dimension(dim.id)
    note = rb.companies[company].note  # type: ignore[index]
    entries = ledger_entries(ledger, dim.id)
    shown: list[tuple[int, str, str]] = []
    for t in relevant_turns(dim, transcript, entries):
        ask = next((i for i in range(t - 1, -1, -1) if transcript.turns[i].role == "interviewer"), None)
        if ask is not None and all(s[0] != ask for s in shown):
            shown.append((ask, "interviewer", _clip(transcript.turns[ask].content, ASK_WORDS)))
        shown.append((t, "candidate", _clip(transcript.turns[t].content, TURN_WORDS)))
    ledger_text = "\n".join(f"- [turn {t}] {line}" for t, line in entries) or "(no entries for this dimension)"
    body = (f"The turns below are the ones the evidence cites, numbered as in the full transcript "
            f"({len(transcript.turns)} turns); long turns are shortened with …\n\n" + render_transcript(shown))
    user = USER.format(
        name=spec.name, dim_id=spec.id, description=spec.description.strip(),
        a1=spec.anchors[1], a2=spec.anchors[2], a3=spec.anchors[3], a4=spec.anchors[4],
        positive="; ".join(spec.positive), negative="; ".join(spec.negative),
        company=company, level=level, company_note=f" {note}" if note else "",
        offline_score=dim.score, offline_rationale=dim.rationale,
        offline_evidence=(offline_evidence or "(no quotes)") + "\n\nEvidence ledger for this dimension:\n" + ledger_text,
        transcript=body,
    )
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]
