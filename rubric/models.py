"""Typed models of the rubric (loaded from ``rubric/data/rubric.yaml``) and of the scorecard contract.

The scorecard's JSON form is a stable contract::

    {"overall", "verdict", "level", "company", "grader", "confidence",
     "dimensions": [{"id", "score", "confidence", "evidence": [{"quote", "turn"}], "rationale", "advice"}],
     "flags"}

``confidence`` (low, moderate, high) says how much grounded evidence a score or the verdict rests on.

Extra fields on the models (names, strengths, competencies...) are for the Markdown rendering and the UI;
they are excluded from the JSON dump.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

DimensionId = Literal[
    "requirements",
    "estimation",
    "high_level_design",
    "deep_dive",
    "justification",
    "reliability",
    "proportionality",
    "communication",
    "leadership",
]
DIMENSION_IDS: tuple[DimensionId, ...] = get_args(DimensionId)
Competency = Literal["problem_navigation", "solution_design", "technical_excellence", "communication"]
Verdict = Literal["strong_hire", "hire", "lean_hire", "lean_no_hire", "no_hire", "strong_no_hire"]
VERDICTS: tuple[Verdict, ...] = ("strong_hire", "hire", "lean_hire", "lean_no_hire", "no_hire", "strong_no_hire")
HIRE_SIDE: frozenset[str] = frozenset({"strong_hire", "hire", "lean_hire"})
GraderKind = Literal["offline", "llm"]
Confidence = Literal["low", "moderate", "high"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the rubric ---------------------------------------------------------------------------------


class Dimension(_Strict):
    id: DimensionId
    name: str
    competency: Competency
    description: str
    anchors: dict[int, str]  # 1 no signal, 2 below the bar, 3 meets the bar, 4 strong
    positive: list[str] = Field(min_length=2)  # signals that raise the score
    negative: list[str] = Field(min_length=2)  # signals that lower it
    guide_refs: list[str] = Field(min_length=1)  # knowledge chunk ids ("mistake:no-estimation")
    query: str  # what to search the knowledge index for when advising on this dimension
    advice: dict[str, str] = Field(min_length=1)  # gap code -> concrete advice; "keep" for a strong score
    practice: str  # what to practise next when this dimension is weak
    amazon_only: bool = False

    @model_validator(mode="after")
    def _four_anchors(self) -> Dimension:
        if sorted(self.anchors) != [1, 2, 3, 4] or any(len(t) < 10 for t in self.anchors.values()):
            raise ValueError(f"dimension {self.id}: anchors must describe scores 1, 2, 3 and 4")
        if "keep" not in self.advice:
            raise ValueError(f"dimension {self.id}: advice needs a 'keep' entry for strong scores")
        return self


class LevelBar(_Strict):
    """The bar a level sets on the weighted overall score, and per-dimension minimums."""

    bar: float = Field(ge=1, le=4)
    minimums: dict[DimensionId, int] = {}
    description: str = ""
    themes: dict[str, str] = {}  # level-specific signals (name -> regex over candidate sentences)
    min_themes: int = 0  # how many of those themes must appear for the level's bar to count as met


class CompanyWeights(_Strict):
    title: str
    weights: dict[DimensionId, float]
    minimums: dict[DimensionId, int] = {}  # added to the level's minimums (the stricter one wins)
    note: str = ""

    @model_validator(mode="after")
    def _positive(self) -> CompanyWeights:
        if any(w < 0 for w in self.weights.values()):
            raise ValueError("weights must be non-negative")
        return self


class VerdictBands(_Strict):
    """Margins (overall minus the level's bar) that separate the verdicts."""

    strong_hire: float = 1.05
    hire: float = 0.1
    lean_hire: float = 0.0
    lean_no_hire: float = -0.35
    no_hire: float = -1.25


class CompetencyInfo(_Strict):
    name: str
    dimensions: list[DimensionId] = Field(min_length=1)


class Rubric(_Strict):
    version: int = 1
    dimensions: list[Dimension] = Field(min_length=9)
    levels: dict[Literal["junior", "mid", "senior", "staff"], LevelBar]
    companies: dict[Literal["google", "meta", "amazon", "startup"], CompanyWeights]
    competencies: dict[Competency, CompetencyInfo]
    verdict_bands: VerdictBands = VerdictBands()

    @model_validator(mode="after")
    def _complete(self) -> Rubric:
        ids = [d.id for d in self.dimensions]
        if sorted(ids) != sorted(DIMENSION_IDS):
            raise ValueError(f"dimensions must be exactly {', '.join(DIMENSION_IDS)}; got {', '.join(ids)}")
        for name, company in self.companies.items():
            missing = set(DIMENSION_IDS) - set(company.weights)
            if missing:
                raise ValueError(f"company {name}: no weight for {', '.join(sorted(missing))}")
        if set(self.levels) != {"junior", "mid", "senior", "staff"}:
            raise ValueError("levels must be junior, mid, senior and staff")
        if set(self.companies) != {"google", "meta", "amazon", "startup"}:
            raise ValueError("companies must be google, meta, amazon and startup")
        mapped = [d for c in self.competencies.values() for d in c.dimensions]
        if sorted(mapped) != sorted(DIMENSION_IDS):
            raise ValueError("every dimension must map onto exactly one competency")
        return self

    def dimension(self, dim_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        raise KeyError(f"unknown dimension '{dim_id}'; valid: {', '.join(DIMENSION_IDS)}")

    def scored_dimensions(self, company: str) -> list[Dimension]:
        """The dimensions graded for ``company``: leadership only in Amazon mode."""
        return [d for d in self.dimensions if not d.amazon_only or company == "amazon"]

    def minimums(self, level: str, company: str) -> dict[str, int]:
        """Per-dimension minimums for ``level`` in ``company`` mode (the stricter of the two wins)."""
        out: dict[str, int] = {str(k): v for k, v in self.levels[level].minimums.items()}  # type: ignore[index]
        for dim, value in self.companies[company].minimums.items():  # type: ignore[index]
            out[str(dim)] = max(out.get(str(dim), 1), value)
        return out

    def weights(self, company: str) -> dict[str, float]:
        return {str(k): v for k, v in self.companies[company].weights.items()}  # type: ignore[index]

    def bar(self, level: str) -> float:
        return self.levels[level].bar  # type: ignore[index]


# --- the scorecard ------------------------------------------------------------------------------


class Evidence(BaseModel):
    """A verbatim quote from the transcript and the index of its turn in ``transcript.turns``."""

    quote: str
    turn: int = Field(ge=0)


class DimensionScore(BaseModel):
    id: DimensionId
    score: int = Field(ge=1, le=4)
    confidence: Confidence = "moderate"
    evidence: list[Evidence] = []
    rationale: str = ""
    advice: str = ""
    # not part of the JSON contract
    name: str = Field(default="", exclude=True)
    gaps: list[str] = Field(default_factory=list, exclude=True)
    offline_score: int | None = Field(default=None, exclude=True)
    evidence_amount: float | None = Field(default=None, exclude=True)
    unprobed: bool = Field(default=False, exclude=True)  # never asked about nor raised: no minimum applies


class GuideRef(BaseModel):
    id: str
    title: str = ""


class Scorecard(BaseModel):
    overall: float = Field(ge=1, le=4)
    verdict: Verdict
    level: str
    company: str
    grader: str
    confidence: Confidence = "moderate"
    dimensions: list[DimensionScore]
    flags: list[str] = []
    # not part of the JSON contract
    problem: str | None = Field(default=None, exclude=True)
    scale: str | None = Field(default=None, exclude=True)
    bar: float = Field(default=0.0, exclude=True)
    competencies: dict[str, float] = Field(default_factory=dict, exclude=True)
    missed_minimums: list[str] = Field(default_factory=list, exclude=True)
    bar_shift: float = Field(default=0.0, exclude=True)

    @property
    def hire(self) -> bool:
        return self.verdict in HIRE_SIDE

    def dimension(self, dim_id: str) -> DimensionScore:
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        raise KeyError(dim_id)

    def scores(self) -> dict[str, int]:
        return {d.id: d.score for d in self.dimensions}

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)
