"""Typed models for the knowledge content (the guide, restated in the project's own words).

Every YAML file under ``knowledge/data`` is validated against one of these models when loaded;
an invalid file fails with the file and the field named (see ``knowledge.content``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PhaseId = Literal["requirements", "estimation", "high_level_design", "deep_dive", "failure_modes", "wrap_up"]
PHASES: tuple[PhaseId, ...] = (
    "requirements",
    "estimation",
    "high_level_design",
    "deep_dive",
    "failure_modes",
    "wrap_up",
)
FactTopic = Literal[
    "users",
    "traffic",
    "read_write_ratio",
    "latency",
    "retention",
    "consistency",
    "availability",
    "analytics",
    "features",
    "data_size",
    "geography",
    "growth",
    "team",
    "budget",
    "security",
    "other",
]
Scale = Literal["tiny", "small", "medium", "large", "massive"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- problems -----------------------------------------------------------------------------------


class HiddenFact(Strict):
    """A fact the interviewer reveals only when the candidate asks the matching clarifying question."""

    topic: FactTopic
    questions: list[str] = Field(min_length=1, description="Ways a candidate might ask for this fact.")
    answer: str = Field(min_length=3, description="What the interviewer says, in the interviewer's voice.")


class Estimate(Strict):
    """A back-of-envelope figure a good candidate should reach."""

    name: str  # e.g. "writes per second"
    value: float  # the figure, in `unit`
    unit: str  # e.g. "per second", "TB", "GB", "servers"
    derivation: str  # the arithmetic, e.g. "100M / 86,400 s ≈ 1,160"


class DeepDive(Strict):
    topic: str
    probes: list[str] = Field(min_length=1)  # questions the interviewer asks
    good_signals: list[str] = Field(min_length=1)  # what a strong answer mentions


class ProblemCard(Strict):
    """One interview problem with the facts only the interviewer knows."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    prompt: str  # what the interviewer says to open
    aliases: list[str] = []  # other names, for matching "design bit.ly" to url-shortener
    scale: Scale
    peak_writes_per_sec: float = Field(ge=0)
    peak_reads_per_sec: float = Field(ge=0)
    core_scope: list[str] = Field(min_length=1)
    nice_to_have: list[str] = []
    hidden_facts: list[HiddenFact] = Field(min_length=3)
    estimates: list[Estimate] = Field(min_length=1)
    components: list[str] = Field(min_length=2)  # what a good design has
    deep_dives: list[DeepDive] = Field(min_length=2, max_length=3)
    scale_twists: list[str] = Field(min_length=1)
    failure_questions: list[str] = Field(min_length=1)
    over_engineering_traps: list[str] = []  # technology ids that are overkill at this scale
    trap_notes: list[str] = []  # why those are traps, in prose
    guide_refs: list[str] = []  # chunk ids of related content (stories, mistakes, cheat cards)


# --- technologies -------------------------------------------------------------------------------


class TechCard(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    aliases: list[str] = Field(min_length=1)  # lowercase words that name it in speech ("postgres", "pg")
    dictated: list[str] = []  # the name as speech-to-text writes it ("red is", "my sequel"): matched, never said back
    category: Literal[
        "database", "cache", "queue", "coordination", "search", "storage", "network", "compute", "protocol", "technique"
    ]
    purpose: str
    numbers: list[str] = []  # the guide's figures about it
    strengths: list[str] = []
    trade_offs: list[str] = Field(min_length=1)
    alternatives: list[str] = []  # technology ids or plain names
    pushback: list[str] = Field(min_length=1)  # questions an interviewer asks when it is named
    overkill_when: str
    min_scale: Scale = "tiny"  # below this problem scale it is usually overkill


# --- the playbook -------------------------------------------------------------------------------


class Step(Strict):
    number: int = Field(ge=1, le=5)
    id: str
    name: str
    summary: str
    details: list[str] = []


class Phase(Strict):
    id: PhaseId
    name: str
    goal: str
    activities: list[str] = []
    evaluates: str
    mistakes: list[str] = []
    phrases: list[str] = []


class Playbook(Strict):
    steps: list[Step] = Field(min_length=5, max_length=5)
    phases: list[Phase] = Field(min_length=6, max_length=6)
    formats: dict[int, dict[PhaseId, int]]  # minutes per phase for each format (30, 45, 60)
    format_notes: dict[int, str] = {}


# --- lessons ------------------------------------------------------------------------------------


class Mistake(Strict):
    """A common mistake, an anti-lesson, or one of the four failure modes."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: Literal["mistake", "anti_lesson", "failure_mode"]
    title: str
    phase: PhaseId | None = None
    summary: str
    example: str
    interviewer_view: str = ""
    fix: str
    signals: list[str] = []  # phrases in a transcript that show the mistake


class Story(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    company: Literal["google", "meta", "amazon", "startup"]
    problem: str  # a problem card id
    level: Literal["junior", "mid", "senior", "staff"]
    outcome: Literal["hire", "no_hire"]
    title: str
    what_happened: str
    feedback: str
    lesson: str


class ChecklistItem(Strict):
    id: str
    title: str
    question: str
    example: str
    check: str


class LevelExpectation(Strict):
    id: Literal["junior", "mid", "senior", "staff"]
    title: str
    expectations: list[str] = Field(min_length=2)
    not_expected: list[str] = []


class CompanyMode(Strict):
    id: Literal["google", "meta", "amazon", "startup"]
    title: str
    focus: str
    expectations: list[str] = Field(min_length=1)
    questions: list[str] = []  # company-specific questions the interviewer asks
    principles: list[str] = []  # e.g. Amazon leadership principles


class CheatCard(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    items: list[str] = Field(min_length=2)
