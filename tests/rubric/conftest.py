"""Rubric-layer fixtures (the knowledge and analyser fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

import pytest

from rubric.models import Rubric
from rubric.rubric import rubric


@pytest.fixture(scope="session")
def rb() -> Rubric:
    return rubric()
