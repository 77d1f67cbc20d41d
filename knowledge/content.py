"""Load and validate the knowledge content shipped under ``knowledge/data``.

Layout:
    data/problems/<id>.yaml       one ProblemCard each
    data/technologies/<id>.yaml   one TechCard each
    data/playbook.yaml            the Playbook
    data/mistakes.yaml            list of Mistake (mistakes, anti-lessons, failure modes)
    data/stories.yaml             list of Story
    data/checklist.yaml           list of ChecklistItem
    data/levels.yaml              list of LevelExpectation
    data/companies.yaml           list of CompanyMode
    data/cheatcards.yaml          list of CheatCard
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from kernel.yamlio import safe_load
from knowledge.models import (
    CheatCard,
    ChecklistItem,
    CompanyMode,
    LevelExpectation,
    Mistake,
    Playbook,
    ProblemCard,
    Story,
    TechCard,
)

DATA_DIR = Path(__file__).parent / "data"
M = TypeVar("M", bound=BaseModel)


class ContentError(ValueError):
    """A knowledge file that cannot be read or does not match its model."""


class UnknownIdError(KeyError):
    """An id that names no known item; the message lists the valid ones."""

    def __init__(self, what: str, given: str, valid: list[str]) -> None:
        self.what, self.given, self.valid = what, given, valid
        super().__init__(f"unknown {what} '{given}'. Valid {what}s: {', '.join(valid)}")

    def __str__(self) -> str:  # KeyError quotes its message otherwise
        return str(self.args[0])


def _read_yaml(path: Path) -> Any:
    try:
        return safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: cannot read knowledge file: {exc}") from exc


def _validate(path: Path, raw: Any, model: Any) -> Any:
    try:
        return TypeAdapter(model).validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise ContentError(
            f"{path}: invalid field '{field}': {first['msg']} ({exc.error_count()} error(s))"
        ) from exc


def load_file(path: Path, model: Any) -> Any:
    """Load one YAML file and validate it against ``model`` (a class or ``list[Class]``)."""
    return _validate(path, _read_yaml(path), model)


def _load_dir(folder: Path, model: type[M]) -> dict[str, M]:
    items: dict[str, M] = {}
    for path in sorted(folder.glob("*.yaml")):
        item = load_file(path, model)
        if item.id in items:  # type: ignore[attr-defined]
            raise ContentError(f"{path}: duplicate id '{item.id}'")  # type: ignore[attr-defined]
        items[item.id] = item  # type: ignore[attr-defined]
    return items


@dataclass(frozen=True)
class Knowledge:
    """All knowledge content, validated."""

    problems: dict[str, ProblemCard]
    technologies: dict[str, TechCard]
    playbook: Playbook
    mistakes: list[Mistake]
    stories: list[Story]
    checklist: list[ChecklistItem]
    levels: dict[str, LevelExpectation]
    companies: dict[str, CompanyMode]
    cheatcards: dict[str, CheatCard]

    def problem(self, problem_id: str) -> ProblemCard:
        if problem_id not in self.problems:
            raise UnknownIdError("problem", problem_id, sorted(self.problems))
        return self.problems[problem_id]

    def technology(self, tech_id: str) -> TechCard:
        if tech_id not in self.technologies:
            raise UnknownIdError("technology", tech_id, sorted(self.technologies))
        return self.technologies[tech_id]

    @cached_property
    def tech_names(self) -> dict[str, re.Pattern[str]]:
        """Per technology id, one pattern for its names (name, id, aliases) as whole words in lowercased text."""
        patterns = {}
        for tech in self.technologies.values():
            names = [n for n in (tech.name.lower(), tech.id.replace("-", " "), *tech.aliases, *tech.dictated) if len(n) > 1]
            patterns[tech.id] = re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(n) for n in names)})(?![\w-])")
        return patterns


def load_knowledge(data_dir: Path = DATA_DIR) -> Knowledge:
    """Read and validate every knowledge file under ``data_dir``."""
    return Knowledge(
        problems=_load_dir(data_dir / "problems", ProblemCard),
        technologies=_load_dir(data_dir / "technologies", TechCard),
        playbook=load_file(data_dir / "playbook.yaml", Playbook),
        mistakes=load_file(data_dir / "mistakes.yaml", list[Mistake]),
        stories=load_file(data_dir / "stories.yaml", list[Story]),
        checklist=load_file(data_dir / "checklist.yaml", list[ChecklistItem]),
        levels={x.id: x for x in load_file(data_dir / "levels.yaml", list[LevelExpectation])},
        companies={x.id: x for x in load_file(data_dir / "companies.yaml", list[CompanyMode])},
        cheatcards={x.id: x for x in load_file(data_dir / "cheatcards.yaml", list[CheatCard])},
    )


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The packaged knowledge, loaded once per process."""
    return load_knowledge()
