"""Shared fixtures: every test gets its own data directory and a clean LLM environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.turns import TurnAnalyzer
from kernel.config import Settings, get_settings
from knowledge.content import Knowledge, knowledge
from knowledge.embeddings import LocalEmbedder, get_embedder
from knowledge.index import KnowledgeIndex
from tests.fakes import FakeChatModel, FakeEmbeddings
from tests.llm.llama import LlamaServer, start_llama_server

_LLM_VARS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "BABYSTEPS_LLM",
    "BABYSTEPS_MODEL",
    "BABYSTEPS_STRUCTURED",
    "BABYSTEPS_TIMEOUT",
    "BABYSTEPS_MAX_RETRIES",
)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh BABYSTEPS_HOME per test, no LLM variables, no ``.env`` from the working tree."""
    for var in _LLM_VARS:
        monkeypatch.delenv(var, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("BABYSTEPS_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.chdir(tmp_path)
    yield home


@pytest.fixture
def settings(isolated_env: Path) -> Settings:
    return get_settings()


@pytest.fixture
def fake_llm() -> FakeChatModel:
    return FakeChatModel()


@pytest.fixture
def fake_embeddings() -> FakeEmbeddings:
    return FakeEmbeddings()


@pytest.fixture(scope="session")
def kb() -> Knowledge:
    return knowledge()


@pytest.fixture(scope="module")
def kbase() -> Knowledge:
    return knowledge()


@pytest.fixture(scope="module")
def analyzer(kbase: Knowledge) -> TurnAnalyzer:
    """The turn analyser with deterministic fake embeddings."""
    return TurnAnalyzer(kbase, FakeEmbeddings())


# --- shared real components (loaded once per test session) -------------------------------------


@pytest.fixture(scope="session")
def real_embedder() -> LocalEmbedder:
    """The real local MiniLM embedder (the process-wide instance; the model loads once)."""
    embedder = get_embedder()
    embedder.embed(["warm up"])
    return embedder


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory, real_embedder: LocalEmbedder) -> KnowledgeIndex:
    """A real Chroma index of the packaged knowledge, built once per session with the real embedder.

    It lives in its own directory (``real_index.path``); ``real_index.path.parent`` works as a
    ``BABYSTEPS_HOME`` for code that opens the index through settings.
    """
    home = tmp_path_factory.mktemp("kb-home")
    index = KnowledgeIndex(home / "index", real_embedder)
    index.build()
    return index


# --- a real local OpenAI-compatible server (llama.cpp + SmolLM2-135M) -----------------------------
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
