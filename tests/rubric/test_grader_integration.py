"""The grader with the real local embedding model: rewording and Amazon mode."""

from __future__ import annotations

import pytest

from kernel.transcript import load_transcript
from knowledge.embeddings import Embedder
from rubric.grader import grade_transcript
from rubric.models import HIRE_SIDE
from tests.rubric.helpers import FIXTURES

pytestmark = pytest.mark.integration


def test_reworded_round_gets_the_same_verdict_and_scores_within_a_point(real_embedder: Embedder) -> None:
    a = grade_transcript(load_transcript(FIXTURES / "strong_url_shortener.md"), embedder=real_embedder)
    b = grade_transcript(load_transcript(FIXTURES / "strong_reworded.md"), embedder=real_embedder)
    assert a.verdict in HIRE_SIDE
    assert b.verdict == a.verdict
    for dim in a.dimensions:
        assert abs(b.dimension(dim.id).score - dim.score) <= 1, (dim.id, dim.score, b.dimension(dim.id).score)


def test_amazon_story_is_no_hire_in_amazon_mode_and_hire_in_standard_mode(real_embedder: Embedder) -> None:
    t = load_transcript(FIXTURES / "amazon_ride_sharing.md")
    amazon = grade_transcript(t, embedder=real_embedder)
    standard = grade_transcript(t, company="google", embedder=real_embedder)
    assert amazon.dimension("leadership").score <= 2
    assert amazon.verdict not in HIRE_SIDE
    assert standard.verdict in HIRE_SIDE
