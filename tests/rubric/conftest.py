"""Rubric-layer fixtures."""

from __future__ import annotations

import pytest

from knowledge.content import Knowledge, knowledge
from rubric.evidence import TurnAnalyzer
from rubric.models import Rubric
from rubric.rubric import rubric
from tests.fakes import FakeEmbeddings


@pytest.fixture(scope="session")
def kb() -> Knowledge:
    return knowledge()


@pytest.fixture(scope="session")
def rb() -> Rubric:
    return rubric()


@pytest.fixture(scope="module")
def kbase() -> Knowledge:
    return knowledge()


@pytest.fixture(scope="module")
def analyzer(kbase: Knowledge) -> TurnAnalyzer:
    """The turn analyser with deterministic fake embeddings."""
    return TurnAnalyzer(kbase, FakeEmbeddings())
