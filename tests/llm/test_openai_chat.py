"""The LLM seam against a scripted OpenAI-compatible server: retries, structured forms, repair, usage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import BaseModel, Field

from kernel.config import get_settings
from kernel.llm import LLMError, LLMUnavailable, StructuredOutputError, build_chat_model
from kernel.openai_chat import OpenAIChatModel
from tests.llm.scripted_server import ScriptedServer, Step


class Verdict(BaseModel):
    reasoning: str
    score: int = Field(ge=1, le=4)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer()
    yield srv
    srv.close()


def model_for(server: ScriptedServer, **overrides: object) -> OpenAIChatModel:
    options: dict[str, object] = {"timeout": 2.0, "max_retries": 2, **overrides}
    settings = get_settings(llm="openai", openai_base_url=server.base_url, model="scripted", **options)
    chat = build_chat_model(settings)
    assert isinstance(chat, OpenAIChatModel)
    return chat


def test_offline_mode_builds_no_client() -> None:
    assert build_chat_model(get_settings(llm="offline")) is None


def test_complete_accumulates_usage(server: ScriptedServer) -> None:
    server.script(Step(content="Why Redis?"), Step(content="And the QPS?"))
    chat = model_for(server)
    assert chat.complete([{"role": "user", "content": "hi"}]) == "Why Redis?"
    chat.complete([{"role": "user", "content": "again"}])
    assert (chat.usage.calls, chat.usage.prompt_tokens, chat.usage.completion_tokens) == (2, 22, 14)


def test_rate_limit_and_5xx_are_retried(server: ScriptedServer) -> None:
    server.script(
        Step(status=429, body={"error": {"message": "slow down"}}),
        Step(status=503, body={"error": {"message": "busy"}}),
        Step(content="ok"),
    )
    assert model_for(server).complete([{"role": "user", "content": "x"}]) == "ok"
    assert len(server.requests) == 3


def test_persistent_failure_becomes_unavailable(server: ScriptedServer) -> None:
    server.script(*[Step(status=500, body={"error": {"message": "down"}}) for _ in range(3)])
    with pytest.raises(LLMUnavailable):
        model_for(server).complete([{"role": "user", "content": "x"}])
    assert len(server.requests) == 3  # one call plus two retries, bounded


def test_timeout_becomes_unavailable(server: ScriptedServer) -> None:
    server.script(Step(content="late", delay=1.5))
    chat = model_for(server, timeout=0.3, max_retries=0)
    with pytest.raises(LLMUnavailable):
        chat.complete([{"role": "user", "content": "x"}])


def test_refused_connection_becomes_unavailable() -> None:
    settings = get_settings(llm="openai", openai_base_url="http://127.0.0.1:9/v1", max_retries=0, timeout=1.0)
    chat = build_chat_model(settings)
    assert chat is not None
    with pytest.raises(LLMUnavailable):
        chat.complete([{"role": "user", "content": "x"}])


def test_auth_error_is_an_llm_error_without_the_key(server: ScriptedServer) -> None:
    server.script(Step(status=401, body={"error": {"message": "bad key"}}))
    chat = model_for(server, openai_api_key="sk-secret-123456789")
    with pytest.raises(LLMError) as info:
        chat.complete([{"role": "user", "content": "x"}])
    assert "sk-secret" not in str(info.value)


def test_auto_uses_json_schema_when_supported(server: ScriptedServer) -> None:
    server.script(Step(content='{"reasoning": "numbers given", "score": 3}'))
    chat = model_for(server)
    assert chat.structured([{"role": "user", "content": "grade"}], Verdict).score == 3
    assert server.requests[0]["response_format"]["type"] == "json_schema"
    assert server.requests[0]["response_format"]["json_schema"]["strict"] is True
    assert chat.structured_form == "json_schema"


def test_auto_falls_back_to_json_object_when_schema_rejected(server: ScriptedServer) -> None:
    rejection = {"error": {"message": "response_format.type: Input should be 'text' or 'json_object'"}}
    server.script(Step(status=500, body=rejection), Step(content='{"reasoning": "r", "score": 2}'))
    chat = model_for(server)
    assert chat.structured([{"role": "user", "content": "grade"}], Verdict).score == 2
    assert len(server.requests) == 2  # the probe is not retried
    second = server.requests[1]["response_format"]
    assert second["type"] == "json_object" and "properties" in second["schema"]
    assert chat.structured_form == "json_object"
    server.script(Step(content='{"reasoning": "r", "score": 4}'))
    chat.structured([{"role": "user", "content": "grade"}], Verdict)
    assert server.requests[2]["response_format"]["type"] == "json_object"  # remembered


def test_invalid_output_gets_one_repair_retry(server: ScriptedServer) -> None:
    server.script(Step(content='{"reasoning": "r", "score": 9}'), Step(content='```json\n{"reasoning": "r", "score": 4}\n```'))
    chat = model_for(server, structured="json_object")
    assert chat.structured([{"role": "user", "content": "grade"}], Verdict).score == 4
    repair = server.requests[1]["messages"][-1]["content"]
    assert "did not match" in repair and "score" in repair


def test_invalid_twice_is_a_typed_failure(server: ScriptedServer) -> None:
    server.script(Step(content="not json"), Step(content='{"score": "high"}'))
    chat = model_for(server, structured="json_object")
    with pytest.raises(StructuredOutputError) as info:
        chat.structured([{"role": "user", "content": "grade"}], Verdict)
    assert info.value.raw == '{"score": "high"}'
    assert len(server.requests) == 2
