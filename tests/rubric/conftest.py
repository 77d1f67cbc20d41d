"""Rubric-layer fixtures."""

from __future__ import annotations

import pytest

from knowledge.content import Knowledge, knowledge
from rubric.models import Rubric
from rubric.rubric import rubric


@pytest.fixture(scope="session")
def kb() -> Knowledge:
    return knowledge()


@pytest.fixture(scope="session")
def rb() -> Rubric:
    return rubric()
