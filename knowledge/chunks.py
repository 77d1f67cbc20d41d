"""Split the knowledge content into self-contained, retrieval-friendly chunks.

Every chunk starts with a title line that names what it is about, then the content as short labelled
lines, so a chunk read on its own (by the interviewer, the grader or a person) still makes sense.
The embedding model reads roughly the first 200 words, so the most telling content comes first.

Chunk ids: ``problem:<id>``, ``problem:<id>:deep-dive-<n>``, ``problem:<id>:estimates``, ``tech:<id>``,
``mistake:<id>``, ``story:<id>``, ``phase:<id>``, ``step:<n>``, ``checklist:<id>``, ``level:<id>``,
``company:<id>``, ``cheat:<id>``. Hidden facts of problem cards are never part of any chunk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from knowledge.content import Knowledge
from knowledge.models import CheatCard, DeepDive, Mistake, ProblemCard, Story, TechCard

KINDS: tuple[str, ...] = (
    "problem",
    "technology",
    "phase",
    "step",
    "mistake",
    "anti_lesson",
    "failure_mode",
    "story",
    "checklist",
    "level",
    "company",
    "cheat",
)
# The playbook phase where each thinking step mostly happens.
STEP_PHASES = {
    "understand": "requirements",
    "decompose": "high_level_design",
    "define": "high_level_design",
    "decide": "deep_dive",
    "recurse": "deep_dive",
}
FORMAT_NAMES = {30: "30-minute (half-hour)", 45: "45-minute", 60: "60-minute (one-hour)"}
MISTAKE_LABELS = {"mistake": "Common mistake", "anti_lesson": "Anti-lesson", "failure_mode": "Failure mode"}


class Chunk(BaseModel):
    """One unit of retrieval: a title, self-contained text, a kind and filterable metadata."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    text: str
    kind: str
    phase: str = ""
    problem: str = ""
    technology: str = ""
    section: str = ""

    def metadata(self) -> dict[str, str]:
        """Chroma metadata (strings only; empty string when a field does not apply)."""
        return {
            "title": self.title,
            "kind": self.kind,
            "phase": self.phase,
            "problem": self.problem,
            "technology": self.technology,
            "section": self.section,
        }

    def views(self) -> list[str]:
        """The texts embedded for this chunk: the whole text, then its heading with each section.

        The model reads only the first ~200 words and averages over what it reads, so a question about
        one section (the pushback on a technology, the minutes of a phase) is matched far better by
        that section on its own. Search scores a chunk by its best-matching view.
        """
        lines = self.text.split("\n")
        head = lines[0]
        sections: list[list[str]] = []
        current: list[str] = []
        for line in lines[1:]:
            if current and not line.startswith("- "):
                sections.append(current)
                current = []
            current.append(line)
        if current:
            sections.append(current)
        views = [self.text]
        if len(sections) > 1:
            views += [head + "\n" + "\n".join(sec) for sec in sections if len(" ".join(sec).split()) >= 3]
        return views

    @property
    def content_hash(self) -> str:
        """Changes whenever anything stored for this chunk changes."""
        payload = "\x1f".join([self.id, self.text, *self.metadata().values()])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _lines(label: str, items: Iterable[str]) -> str:
    items = [i.strip() for i in items if i.strip()]
    if not items:
        return ""
    return f"{label}:\n" + "\n".join(f"- {i}" for i in items)


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _num(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def _tech_names(knowledge: Knowledge, ids: Iterable[str]) -> list[str]:
    return [knowledge.technologies[i].name if i in knowledge.technologies else i for i in ids]


# --- problems -----------------------------------------------------------------------------------


def _problem_chunks(knowledge: Knowledge, card: ProblemCard) -> list[Chunk]:
    aka = f" (also called {', '.join(card.aliases)})" if card.aliases else ""
    traps = _tech_names(knowledge, card.over_engineering_traps)
    overview = _join(
        f"Design problem: {card.title}{aka}.",
        card.prompt,
        _lines("Core scope", card.core_scope),
        _lines("Nice to have, usually parked", card.nice_to_have),
        f"Scale: {card.scale}; peak about {_num(card.peak_writes_per_sec)} writes/s and "
        f"{_num(card.peak_reads_per_sec)} reads/s.",
        _lines("Components of a good design", card.components),
        (f"Over-engineering traps at this scale: {', '.join(traps)}." if traps else ""),
        " ".join(card.trap_notes),
        _lines("What if the scale changes", card.scale_twists),
        _lines("Failure questions", card.failure_questions),
    )
    chunks = [Chunk(id=f"problem:{card.id}", title=card.title, text=overview, kind="problem",
                    problem=card.id, section="overview")]
    for n, dive in enumerate(card.deep_dives, start=1):
        chunks.append(_deep_dive_chunk(card, n, dive))
    estimates = _join(
        f"{card.title}: back-of-envelope estimates (capacity math).",
        *(f"- {e.name}: about {_num(e.value)} {e.unit} ({e.derivation})" for e in card.estimates),
    )
    chunks.append(Chunk(id=f"problem:{card.id}:estimates", title=f"{card.title}: estimates", text=estimates,
                        kind="problem", phase="estimation", problem=card.id, section="estimates"))
    return chunks


def _deep_dive_chunk(card: ProblemCard, n: int, dive: DeepDive) -> Chunk:
    text = _join(
        f"{card.title} deep dive: {dive.topic}.",
        _lines("What a strong answer covers", dive.good_signals),
        _lines("Interviewer probes", dive.probes),
    )
    return Chunk(id=f"problem:{card.id}:deep-dive-{n}", title=f"{card.title}: {dive.topic}", text=text,
                 kind="problem", phase="deep_dive", problem=card.id, section="deep-dive")


# --- technologies and lessons -------------------------------------------------------------------


def _tech_chunk(knowledge: Knowledge, tech: TechCard) -> Chunk:
    text = _join(
        f"{tech.name} ({', '.join(tech.aliases)}; {tech.category}): {tech.purpose}",
        _lines("Numbers", tech.numbers),
        _lines("Strengths", tech.strengths),
        _lines("Trade-offs", tech.trade_offs),
        f"Overkill when: {tech.overkill_when}",
        (f"Alternatives: {', '.join(_tech_names(knowledge, tech.alternatives))}." if tech.alternatives else ""),
        _lines("Interviewer pushback", tech.pushback),
    )
    return Chunk(id=f"tech:{tech.id}", title=tech.name, text=text, kind="technology", technology=tech.id,
                 section=tech.category)


def _mistake_chunk(mistake: Mistake) -> Chunk:
    text = _join(
        f"{MISTAKE_LABELS[mistake.kind]}: {mistake.title}.",
        mistake.summary,
        f"Example: {mistake.example}",
        (f"How the interviewer sees it: {mistake.interviewer_view}" if mistake.interviewer_view else ""),
        f"Fix: {mistake.fix}",
        _lines("What it sounds like in an interview", [f'"{x}"' for x in mistake.signals]),
    )
    return Chunk(id=f"mistake:{mistake.id}", title=mistake.title, text=text, kind=mistake.kind,
                 phase=mistake.phase or "")


def _story_chunk(knowledge: Knowledge, story: Story) -> Chunk:
    card = knowledge.problems.get(story.problem)
    problem = card.title if card else story.problem
    outcome = "hire" if story.outcome == "hire" else "no hire"
    text = _join(
        f"Interview story: {story.title} ({story.company} interview, {story.level} level, {problem}, "
        f"outcome: {outcome}).",
        f"What happened: {story.what_happened}",
        f"Feedback: {story.feedback}",
        f"Lesson: {story.lesson}",
    )
    return Chunk(id=f"story:{story.id}", title=story.title, text=text, kind="story", problem=story.problem,
                 section=story.company)


def _cheat_chunk(card: CheatCard) -> Chunk:
    text = _join(f"Cheat sheet: {card.title}.", _lines("Key points to remember", card.items))
    return Chunk(id=f"cheat:{card.id}", title=card.title, text=text, kind="cheat")


# --- playbook and modes -------------------------------------------------------------------------


def _playbook_chunks(knowledge: Knowledge) -> list[Chunk]:
    book = knowledge.playbook
    chunks: list[Chunk] = []
    for step in book.steps:
        text = _join(f"Step {step.number} of 5: {step.name}.", step.summary, _lines("In practice", step.details))
        chunks.append(Chunk(id=f"step:{step.number}", title=f"Step {step.number}: {step.name}", text=text,
                            kind="step", phase=STEP_PHASES.get(step.id, ""), section=step.id))
    for phase in book.phases:
        minutes = ", ".join(f"{m[phase.id]} min of a {FORMAT_NAMES.get(fmt, f'{fmt}-minute')} interview"
                            for fmt, m in sorted(book.formats.items()) if phase.id in m)
        text = _join(
            f"Interview phase: {phase.name}. Goal: {phase.goal}",
            f"Time: {minutes}." if minutes else "",
            _lines("What to do", phase.activities),
            f"What it evaluates: {phase.evaluates}",
            _lines("Common mistakes in this phase", phase.mistakes),
            _lines("Useful phrases", phase.phrases),
        )
        chunks.append(Chunk(id=f"phase:{phase.id}", title=phase.name, text=text, kind="phase", phase=phase.id))
    return chunks


def _mode_chunks(knowledge: Knowledge) -> list[Chunk]:
    chunks: list[Chunk] = []
    for item in knowledge.checklist:
        text = _join(f"Design checklist: {item.title}.", f"Ask yourself: {item.question}",
                     f"Example: {item.example}", f"Check: {item.check}")
        chunks.append(Chunk(id=f"checklist:{item.id}", title=item.title, text=text, kind="checklist"))
    for level in knowledge.levels.values():
        text = _join(f"Level expectations: {level.title} ({level.id}).",
                     _lines("Expected", level.expectations), _lines("Not expected", level.not_expected))
        chunks.append(Chunk(id=f"level:{level.id}", title=level.title, text=text, kind="level", section=level.id))
    for mode in knowledge.companies.values():
        text = _join(
            f"Company interview mode: {mode.title} ({mode.id}). Focus: {mode.focus}",
            _lines("Expectations", mode.expectations),
            _lines("Questions this interviewer asks", mode.questions),
            _lines("Principles", mode.principles),
        )
        chunks.append(Chunk(id=f"company:{mode.id}", title=mode.title, text=text, kind="company",
                            section=mode.id))
    return chunks


def build_chunks(knowledge: Knowledge) -> list[Chunk]:
    """Every chunk of the knowledge content, in a stable order, ids unique."""
    chunks: list[Chunk] = []
    for card in knowledge.problems.values():
        chunks.extend(_problem_chunks(knowledge, card))
    chunks.extend(_tech_chunk(knowledge, t) for t in knowledge.technologies.values())
    chunks.extend(_playbook_chunks(knowledge))
    chunks.extend(_mistake_chunk(m) for m in knowledge.mistakes)
    chunks.extend(_story_chunk(knowledge, s) for s in knowledge.stories)
    chunks.extend(_mode_chunks(knowledge))
    chunks.extend(_cheat_chunk(c) for c in knowledge.cheatcards.values())
    seen: set[str] = set()
    for chunk in chunks:
        if chunk.id in seen:
            raise ValueError(f"duplicate chunk id '{chunk.id}'")
        seen.add(chunk.id)
    return chunks
