"""Fixtures of the knowledge tests: the converted model cache of the session's real embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.embeddings import LocalEmbedder


@pytest.fixture(scope="session")
def model_cache(real_embedder: LocalEmbedder) -> Path:
    """A ``BABYSTEPS_MODEL_CACHE`` holding the converted model, for processes started by the tests."""
    assert real_embedder.graph is not None
    return real_embedder.graph.parent.parent
