"""Every way an endpoint can misbehave reaches callers as the seam's typed failure, within the deadline."""

from __future__ import annotations

import time

import pytest
from pydantic import BaseModel

from kernel.llm import LLMError, LLMUnavailable
from tests.llm.scripted_server import ScriptedServer, Step, chunk
from tests.reliability.conftest import SECRET, chat_for

HELLO = [{"role": "user", "content": "hello"}]


class Pong(BaseModel):
    reply: str


def drain(chat: object, **kw: object) -> str:
    return "".join(chat.stream(HELLO, **kw))  # type: ignore[attr-defined]


def test_error_event_inside_the_stream(fake_server: ScriptedServer) -> None:
    fake_server.script(Step(events=[chunk("Why"), {"error": {"message": "model crashed"}}, "data: [DONE]\n\n"]))
    with pytest.raises(LLMUnavailable, match="model crashed"):
        drain(chat_for(fake_server))


def test_invalid_json_in_the_stream(fake_server: ScriptedServer) -> None:
    fake_server.script(Step(events=[chunk("Why"), "data: {not json\n\n", "data: [DONE]\n\n"]))
    with pytest.raises(LLMUnavailable, match="malformed"):
        drain(chat_for(fake_server))


def test_stream_chunks_without_choices_are_skipped(fake_server: ScriptedServer) -> None:
    fake_server.script(Step(events=[{"id": "x", "object": "chat.completion.chunk", "choices": None},
                                    chunk("ok"), "data: [DONE]\n\n"]))
    assert drain(chat_for(fake_server)) == "ok"


@pytest.mark.parametrize("body", [{"choices": None}, {"choices": []}, {"object": "chat.completion"}, ["x"]])
def test_a_response_without_choices(fake_server: ScriptedServer, body: object) -> None:
    fake_server.script(Step(body=body))  # type: ignore[arg-type]
    with pytest.raises(LLMError):
        chat_for(fake_server).complete(HELLO)


def test_a_choice_without_a_message_is_an_empty_reply(fake_server: ScriptedServer) -> None:
    fake_server.script(Step(body={"choices": [{"message": None}]}))
    assert chat_for(fake_server).complete(HELLO) == ""


def test_invalid_json_body(fake_server: ScriptedServer) -> None:
    fake_server.script(Step(raw=b'{"choices": [ {"message"'))
    with pytest.raises(LLMError):
        chat_for(fake_server, max_retries=0).complete(HELLO)


def test_structured_call_without_choices(fake_server: ScriptedServer) -> None:
    fake_server.default = Step(body={"choices": None})
    with pytest.raises(LLMError):
        chat_for(fake_server, structured="json_object").structured(HELLO, Pong)


@pytest.mark.parametrize("streamed", [True, False])
def test_keep_alives_do_not_hold_the_call_past_the_deadline(fake_server: ScriptedServer, streamed: bool) -> None:
    fake_server.default = Step(content="late", keepalive=0.1, hold=8)
    chat = chat_for(fake_server, timeout=1.0, max_retries=2)
    started = time.monotonic()
    with pytest.raises(LLMUnavailable):
        drain(chat) if streamed else chat.complete(HELLO)
    assert time.monotonic() - started < 1.8


@pytest.mark.parametrize("streamed", [True, False])
def test_a_trickling_body_is_cut_at_the_deadline(fake_server: ScriptedServer, streamed: bool) -> None:
    fake_server.default = Step(content="a long reply " * 20, drip=0.05, hold=8)
    chat = chat_for(fake_server, timeout=1.0, max_retries=2)
    started = time.monotonic()
    with pytest.raises(LLMUnavailable):
        drain(chat) if streamed else chat.complete(HELLO)
    assert time.monotonic() - started < 1.8


def test_a_silent_server_is_cut_at_the_deadline(fake_server: ScriptedServer) -> None:
    fake_server.default = Step(content="late", delay=4)
    chat = chat_for(fake_server, timeout=1.0, max_retries=3)
    started = time.monotonic()
    with pytest.raises(LLMUnavailable):
        chat.structured(HELLO, Pong)
    assert time.monotonic() - started < 1.8


def test_a_long_retry_after_is_not_waited_for(fake_server: ScriptedServer) -> None:
    fake_server.script(Step(status=429, body={"error": {"message": "slow down"}}, headers={"Retry-After": "100"}),
                       Step(content="too late"))
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match="100s"):
        chat_for(fake_server, timeout=30.0, max_retries=2).complete(HELLO)
    assert time.monotonic() - started < 1.0 and len(fake_server.requests) == 1


def test_a_short_retry_after_is_honoured(fake_server: ScriptedServer) -> None:
    fake_server.script(Step(status=503, body={"error": {"message": "busy"}}, headers={"Retry-After": "0.3"}),
                       Step(content="ok"))
    started = time.monotonic()
    assert chat_for(fake_server).complete(HELLO) == "ok"
    assert time.monotonic() - started >= 0.3 and len(fake_server.requests) == 2


def test_retries_stop_at_the_deadline(fake_server: ScriptedServer) -> None:
    fake_server.default = Step(status=503, body={"error": {"message": "busy"}}, headers={"Retry-After": "0.6"})
    started = time.monotonic()
    with pytest.raises(LLMUnavailable):
        chat_for(fake_server, timeout=1.0, max_retries=10).complete(HELLO)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("echo", [SECRET, "Bearer abcd.efgh-1234ijkl", "gsk_4f9Q2w8E1r7T3y6U0i5O9p2A"])
def test_an_echoed_key_never_reaches_the_message(fake_server: ScriptedServer, echo: str) -> None:
    fake_server.script(Step(status=401, body={"error": {"message": f"Incorrect API key provided: {echo}"}}))
    with pytest.raises(LLMError) as caught:
        chat_for(fake_server).complete(HELLO)
    assert echo not in str(caught.value) and "[redacted]" in str(caught.value)


def test_an_echoed_key_in_a_stream_error_event(fake_server: ScriptedServer) -> None:
    fake_server.script(Step(events=[{"error": {"message": f"bad key {SECRET}"}}]))
    with pytest.raises(LLMUnavailable) as caught:
        drain(chat_for(fake_server))
    assert SECRET not in str(caught.value)
