"""Load the rubric from ``rubric/data/rubric.yaml`` and validate it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from kernel.yamlio import safe_load
from rubric.models import Rubric

RUBRIC_PATH = Path(__file__).parent / "data" / "rubric.yaml"


class RubricError(ValueError):
    """The rubric file cannot be read or does not match the model."""


def load_rubric(path: Path = RUBRIC_PATH) -> Rubric:
    """Read and validate a rubric file; errors name the file and the first bad field."""
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RubricError(f"{path}: cannot read rubric: {exc}") from exc
    try:
        return Rubric.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise RubricError(f"{path}: invalid field '{where}': {first['msg']}") from exc


@lru_cache(maxsize=1)
def rubric() -> Rubric:
    """The packaged rubric, loaded once per process."""
    return load_rubric()
