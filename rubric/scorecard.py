"""Render a :class:`~rubric.models.Scorecard` as Markdown: verdict, strengths, gaps, advice citing the guide.

Advice for each dimension cites the guide sections retrieved for it from the knowledge index when one is
given, else the rubric's static guide references.
"""

from __future__ import annotations

from typing import Any

from knowledge.content import Knowledge
from rubric.models import HIRE_SIDE, Rubric, Scorecard
from rubric.verdict import decide

VERDICT_TEXT = {
    "strong_hire": "Strong hire",
    "hire": "Hire",
    "lean_hire": "Lean hire",
    "lean_no_hire": "Lean no hire",
    "no_hire": "No hire",
    "strong_no_hire": "Strong no hire",
}
SCORE_TEXT = {1: "no signal", 2: "below the bar", 3: "meets the bar", 4: "strong"}


def guide_title(ref: str, kb: Knowledge | None) -> str:
    """A readable title for a knowledge chunk id such as ``mistake:no-estimation``; the id when unknown."""
    kind, _, key = ref.partition(":")
    if kb is None:
        return ref
    titles: dict[str, Any] = {
        "mistake": {m.id: m.title for m in kb.mistakes},
        "story": {s.id: s.title for s in kb.stories},
        "checklist": {c.id: f"Checklist: {c.title}" for c in kb.checklist},
        "cheat": {c.id: f"Cheat card: {c.title}" for c in kb.cheatcards.values()},
        "phase": {p.id: f"Playbook: {p.name}" for p in kb.playbook.phases},
        "step": {str(s.number): f"Step {s.number}: {s.name}" for s in kb.playbook.steps},
        "company": {c.id: f"Company mode: {c.title}" for c in kb.companies.values()},
        "level": {lv.id: f"Level: {lv.title}" for lv in kb.levels.values()},
    }
    return str(titles.get(kind, {}).get(key, ref))


def guide_refs(dim_id: str, rb: Rubric, *, index: Any = None, kb: Knowledge | None = None, k: int = 2) -> list[tuple[str, str]]:
    """(id, title) of the guide sections to read for one dimension: retrieved, else the rubric's static refs."""
    dim = rb.dimension(dim_id)
    if index is not None:
        try:
            hits = index.search(dim.query, k=k + 4)
            found = [(h.id, h.title) for h in hits if h.kind not in ("problem", "technology")][:k]
            if found:
                return found
        except Exception:  # a broken index must not cost the user their scorecard
            pass
    return [(ref, guide_title(ref, kb)) for ref in dim.guide_refs[: k + 1]]


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain_minimum(missed: str, names: dict[str, str]) -> str:
    """``justification 1 < 2`` -> ``Justification (1, needs 2)``; other entries as they are."""
    parts = missed.split()
    if len(parts) == 4 and parts[2] == "<" and parts[0] in names:
        return f"{names[parts[0]]} ({parts[1]}, needs {parts[3]})"
    return missed


def render_markdown(card: Scorecard, rb: Rubric, *, index: Any = None, kb: Knowledge | None = None) -> str:
    """The human report for one graded transcript (also from a scorecard read back from its JSON form)."""
    if not card.bar and card.level in rb.levels and card.company in rb.companies:
        outcome = decide(card.dimensions, rb, card.level, card.company)
        card = card.model_copy(update={"bar": outcome.bar, "missed_minimums": outcome.missed,
                                       "competencies": outcome.competencies})
    names = {d.id: d.name for d in rb.dimensions}
    side = "hire side" if card.verdict in HIRE_SIDE else "no-hire side"
    lines = [
        "# Babysteps scorecard",
        "",
        f"**Verdict: {VERDICT_TEXT[card.verdict]}** ({side}) - overall **{card.overall:.2f} / 4** against the "
        f"{card.level} bar of {card.bar:.2f}, {card.company} mode. Grader: {card.grader}.",
    ]
    if card.problem or card.scale:
        lines.append(f"Problem: {card.problem or 'no problem card (generic expectations)'}; scale: {card.scale or 'not stated'}.")
    if card.missed_minimums:
        lines.append(f"Below the {card.level} minimum on: {', '.join(_plain_minimum(m, {str(k): v for k, v in names.items()}) for m in card.missed_minimums)}.")
    lines.append(f"Evidence behind the verdict: **{card.confidence}**." + (
        " It rests on thin evidence: few grounded contributions were found, so read it as a rough call."
        if card.confidence == "low" else ""))
    lines += ["", "| Dimension | Score | Meaning | Confidence |", "|---|---|---|---|"]
    for d in card.dimensions:
        lines.append(f"| {d.name or names.get(d.id, d.id)} | {d.score} | {SCORE_TEXT[d.score]} | {d.confidence} |")
    if card.competencies:
        lines += ["", "**Competencies:** " + ", ".join(
            f"{rb.competencies[c].name} {v:.1f}" for c, v in card.competencies.items()  # type: ignore[index]
        )]
    strengths = [d for d in card.dimensions if d.score >= 3]
    gaps = sorted((d for d in card.dimensions if d.score <= 2), key=lambda d: d.score)
    lines += ["", "## Strengths"]
    lines += [f"- **{d.name or names.get(d.id, d.id)}** ({d.score}): {d.rationale}" for d in strengths] or ["- None at the bar yet."]
    lines += ["", "## Gaps"]
    lines += [f"- **{d.name or names.get(d.id, d.id)}** ({d.score}): {d.rationale}" for d in gaps] or ["- No dimension below the bar."]
    lines += ["", "## Advice by dimension"]
    for d in card.dimensions:
        lines += ["", f"### {d.name or names.get(d.id, d.id)} - {d.score}/4", "", d.advice]
        for e in d.evidence:
            lines.append(f'> "{_quote(e.quote)}" (turn {e.turn + 1})')  # turns are numbered from 1 for people
        refs = guide_refs(d.id, rb, index=index, kb=kb)
        if refs:
            lines.append("")
            lines.append("Read: " + "; ".join(f"{title} (`{ref}`)" if title != ref else f"`{ref}`" for ref, title in refs))
    weights = rb.weights(card.company) if card.company in rb.companies else {}
    weakest = sorted(card.dimensions, key=lambda d: (d.score, -weights.get(d.id, 0.0)))
    practise = [d for d in weakest if d.score <= 3][:3]
    lines += ["", "## What to practise next"]
    lines += [f"{n}. {rb.dimension(d.id).practice}" for n, d in enumerate(practise, 1)] or ["1. Keep practising full rounds."]
    if card.flags:
        lines += ["", "## Flags", *[f"- {f}" for f in card.flags]]
    return "\n".join(lines) + "\n"
