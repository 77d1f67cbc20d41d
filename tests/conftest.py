"""Shared fixtures: every test gets its own data directory and a clean LLM environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kernel.config import Settings, get_settings
from tests.fakes import FakeChatModel, FakeEmbeddings

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
