"""Fixtures of the reliability suite: the fake OpenAI-compatible server (faults chosen per request)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kernel.config import get_settings
from kernel.llm.openai_chat import OpenAIChatModel
from tests.llm.scripted_server import ScriptedServer

SECRET = "zq-live-7Hh2Kp9Xw4Rt6Yb8Nm3Vc5Lq1Sd0Fg"  # a key without the usual "sk-" prefix


@pytest.fixture
def fake_server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer()
    yield srv
    srv.close()


@pytest.fixture
def endpoint_env(fake_server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> ScriptedServer:
    """The fake server as the configured endpoint (with a key), for tests that go through the CLI or a session."""
    monkeypatch.setenv("OPENAI_BASE_URL", fake_server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("BABYSTEPS_MODEL", "scripted")
    monkeypatch.setenv("BABYSTEPS_TIMEOUT", "2")
    monkeypatch.setenv("BABYSTEPS_MAX_RETRIES", "1")
    return fake_server


def chat_for(server: ScriptedServer, **overrides: object) -> OpenAIChatModel:
    options: dict[str, object] = {"timeout": 2.0, "max_retries": 1, "openai_api_key": SECRET, **overrides}
    return OpenAIChatModel(get_settings(llm="openai", openai_base_url=server.base_url, model="scripted", **options))
