"""The eval data: transcripts with expected grades, company/level swaps, and interviewer scripts.

Layout under ``evals/data``::

    cases/<id>.md       a transcript in the kernel text format (headers: problem, company, level)
    labels.yaml         expected verdict, side and per-dimension score bands for every case, plus swaps
    scripts/<id>.yaml   candidate turns replayed against the interviewer, with the behaviour expected

Every case file must have a label and every label a case file; headers must agree with the label.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kernel.transcript import Company, Level, Transcript, TranscriptError, load_transcript
from rubric.models import DIMENSION_IDS, HIRE_SIDE, Verdict

DATA_DIR = Path(__file__).parent / "data"
Side = Literal["hire", "no_hire"]
Direction = Literal["higher", "lower", "same"]


class DatasetError(ValueError):
    """Eval data that is missing, malformed or inconsistent."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaseLabel(_Strict):
    """What a fair grader gives one transcript."""

    id: str
    kind: Literal["story", "anti_lesson", "failure_mode", "pair", "mistake", "extra", "swap"]
    company: Company
    level: Level
    side: Side
    verdict: Verdict
    acceptable: list[Verdict] = []
    bands: dict[str, tuple[int, int]] = {}
    weak: list[str] = []
    reason: str = Field(min_length=10)

    @model_validator(mode="after")
    def _consistent(self) -> CaseLabel:
        if (self.verdict in HIRE_SIDE) != (self.side == "hire"):
            raise ValueError(f"{self.id}: verdict {self.verdict} is not on the {self.side} side")
        for v in self.acceptable:
            if (v in HIRE_SIDE) != (self.side == "hire"):
                raise ValueError(f"{self.id}: acceptable verdict {v} is not on the {self.side} side")
        for dim, (lo, hi) in self.bands.items():
            if dim not in DIMENSION_IDS:
                raise ValueError(f"{self.id}: unknown dimension '{dim}'")
            if not 1 <= lo <= hi <= 4:
                raise ValueError(f"{self.id}: band {dim} [{lo}, {hi}] must satisfy 1 <= lo <= hi <= 4")
        if ("leadership" in self.bands) != (self.company == "amazon") and self.bands:
            raise ValueError(f"{self.id}: leadership is banded exactly in amazon mode")
        for dim in self.weak:
            if dim not in self.bands:
                raise ValueError(f"{self.id}: weak dimension '{dim}' has no band")
        return self

    def ok_verdicts(self) -> set[str]:
        return {self.verdict, *self.acceptable}


class Swap(_Strict):
    """The same transcript graded in another company mode or at another level."""

    id: str
    case: str
    company: Company | None = None
    level: Level | None = None
    side: Side
    verdict: Verdict
    acceptable: list[Verdict] = []
    direction: Direction
    reason: str = Field(min_length=10)


@dataclass(frozen=True)
class EvalCase:
    """One transcript to grade with its expectation. ``base`` is the case it was derived from."""

    id: str
    transcript: Transcript
    label: CaseLabel
    base: str
    variant: str = "original"  # original | swap | a perturbation name
    direction: Direction | None = None  # for swaps: how the verdict should move from the base


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DatasetError(f"{path}: cannot read YAML: {exc}") from exc


def load_labels(data_dir: Path = DATA_DIR) -> tuple[dict[str, CaseLabel], list[Swap]]:
    raw = _read_yaml(data_dir / "labels.yaml")
    if not isinstance(raw, dict) or not isinstance(raw.get("cases"), dict):
        raise DatasetError(f"{data_dir / 'labels.yaml'}: expected a mapping with a 'cases' mapping")
    labels: dict[str, CaseLabel] = {}
    try:
        for cid, body in raw["cases"].items():
            labels[cid] = CaseLabel.model_validate({"id": cid, **body})
        swaps = [Swap.model_validate(s) for s in raw.get("swaps") or []]
    except ValidationError as exc:
        raise DatasetError(f"labels.yaml: {exc}") from exc
    for s in swaps:
        if s.case not in labels:
            raise DatasetError(f"labels.yaml: swap {s.id} refers to unknown case '{s.case}'")
    return labels, swaps


def load_cases(pattern: str = "*", data_dir: Path = DATA_DIR, swaps: bool = True) -> list[EvalCase]:
    """Every case whose id matches the glob ``pattern`` (and swaps of those cases), sorted by id."""
    labels, swap_list = load_labels(data_dir)
    files = {p.stem: p for p in sorted((data_dir / "cases").glob("*.md"))}
    missing_label = sorted(set(files) - set(labels))
    missing_file = sorted(set(labels) - set(files))
    if missing_label or missing_file:
        raise DatasetError(f"cases without labels: {missing_label}; labels without cases: {missing_file}")
    out: list[EvalCase] = []
    for cid in sorted(files):
        if not fnmatch.fnmatch(cid, pattern):
            continue
        label = labels[cid]
        try:
            transcript = load_transcript(files[cid])
        except TranscriptError as exc:
            raise DatasetError(str(exc)) from exc
        if (transcript.company, transcript.level) != (label.company, label.level) or not transcript.problem:
            raise DatasetError(f"{files[cid]}: headers ({transcript.company}, {transcript.level}) disagree with labels")
        out.append(EvalCase(cid, transcript, label, cid))
    if swaps:
        by_id = {c.id: c for c in out}
        for s in swap_list:
            if s.case in by_id:
                out.append(swap_case(by_id[s.case], s))
    return out


def swap_case(base: EvalCase, swap: Swap) -> EvalCase:
    company = swap.company or base.label.company
    level = swap.level or base.label.level
    transcript = base.transcript.model_copy(update={"company": company, "level": level})
    bands = {k: v for k, v in base.label.bands.items() if k != "leadership" or company == "amazon"}
    if company == "amazon" and "leadership" not in bands:
        bands = {}  # no honest leadership band for a transcript that never discussed it
    if swap.level and swap.level != base.label.level:
        bands = {}  # dimension bands are set for the base level only
    label = CaseLabel(
        id=swap.id,
        kind="swap",
        company=company,
        level=level,
        side=swap.side,
        verdict=swap.verdict,
        acceptable=swap.acceptable,
        bands=bands,
        reason=swap.reason,
    )
    return EvalCase(swap.id, transcript, label, base.id, "swap", swap.direction)


# --- interviewer scripts --------------------------------------------------------------------------


class AnswerCheck(_Strict):
    turn: int = Field(ge=0)  # index into ``turns`` (candidate turns)
    any: list[str] = Field(min_length=1)  # the reply must contain one of these (case-insensitive)


class PushbackCheck(_Strict):
    turn: int = Field(ge=0)
    subject: str  # the technology or claim the reply must question


class NotAskedAfter(_Strict):
    turn: int = Field(ge=0)  # the candidate covered the topic in this turn
    about: list[str] = Field(min_length=1)  # words any re-ask would contain


class ScriptExpect(_Strict):
    answers: list[AnswerCheck] = []
    pushback: list[PushbackCheck] = []
    no_pushback: list[PushbackCheck] = []  # the reply must not question this technology
    challenge: list[int] = []  # the reply must question the arithmetic of these turns
    no_challenge: list[int] = []  # and must not question these
    scope_answer: list[int] = []  # the reply answers a scope question from the card's lists
    no_assume: list[int] = []  # the reply does not say "assume a figure"
    not_asked_after: list[NotAskedAfter] = []  # covered topics are not asked again later
    never: list[str] = []  # hidden facts not asked, or pieces of the design, that must not be said
    company_question: list[str] = []  # one interviewer turn must contain one of these
    company_kinds_min: int = 0  # at least this many different company-question kinds
    phases_in_order: bool = True
    ends_in: str | None = "wrap_up"


class InterviewScript(_Strict):
    id: str
    problem: str
    company: Company
    level: Level
    format_minutes: int = 45
    turns: list[str] = Field(min_length=1)
    expect: ScriptExpect

    @model_validator(mode="after")
    def _turns_exist(self) -> InterviewScript:
        e = self.expect
        turns: list[int] = [c.turn for c in e.answers] + [c.turn for c in e.pushback]
        turns += [c.turn for c in e.no_pushback] + [c.turn for c in e.not_asked_after]
        turns += [*e.challenge, *e.no_challenge, *e.scope_answer, *e.no_assume]
        for turn in turns:
            if turn >= len(self.turns):
                raise ValueError(f"{self.id}: a check refers to turn {turn} of {len(self.turns)}")
        return self


def load_scripts(pattern: str = "*", data_dir: Path = DATA_DIR) -> list[InterviewScript]:
    out: list[InterviewScript] = []
    for path in sorted((data_dir / "scripts").glob("*.yaml")):
        if not fnmatch.fnmatch(path.stem, pattern):
            continue
        raw = _read_yaml(path)
        if not isinstance(raw, dict):
            raise DatasetError(f"{path}: expected a mapping")
        try:
            out.append(InterviewScript.model_validate({"id": path.stem, **raw}))
        except ValidationError as exc:
            raise DatasetError(f"{path}: {exc}") from exc
    return out
