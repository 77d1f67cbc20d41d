"""The LLM seam against a real local OpenAI-compatible server (llama.cpp + SmolLM2-135M)."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

import pytest
from pydantic import BaseModel

from kernel.config import get_settings
from kernel.llm import build_chat_model
from kernel.openai_chat import OpenAIChatModel, ping
from tests.llm.llama import LlamaServer

pytestmark = [pytest.mark.integration, pytest.mark.llmserver]


class Answer(BaseModel):
    reasoning: str
    score: Literal[1, 2, 3, 4]  # an enum the server's grammar enforces, unlike numeric bounds


def chat_for(base_url: str) -> OpenAIChatModel:
    settings = get_settings(llm="openai", openai_base_url=base_url, openai_api_key="sk-local", model="local", timeout=60.0)
    chat = build_chat_model(settings)
    assert isinstance(chat, OpenAIChatModel)
    return chat


def test_streamed_reply(llama_server: LlamaServer) -> None:
    chat = chat_for(llama_server.base_url)
    pieces = list(chat.stream([{"role": "user", "content": "Ask me one question about databases."}], max_tokens=24))
    assert len(pieces) > 1 and "".join(pieces).strip()
    assert chat.usage.calls == 1 and chat.usage.completion_tokens > 0


def test_structured_output_parsed_into_model(llama_server: LlamaServer) -> None:
    chat = chat_for(llama_server.base_url)
    answer = chat.structured(
        [{"role": "user", "content": "Rate this answer from 1 to 4: 'I would use Redis because reads are 0.1 ms.'"}],
        Answer,
        max_tokens=120,
    )
    assert isinstance(answer, Answer) and 1 <= answer.score <= 4
    assert chat.structured_form == "json_object"  # this server rejects json_schema; auto-detected


class CorruptingProxy:
    """Forwards to the real server but breaks the first structured reply, to exercise the repair path."""

    def __init__(self, upstream: str) -> None:
        self.upstream, self.corrupted, self.calls = upstream, 0, 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                owner.calls += 1
                req = urllib.request.Request(
                    owner.upstream + self.path.removeprefix("/v1"), data=body,
                    headers={"content-type": "application/json"},
                )
                try:
                    with urllib.request.urlopen(req, timeout=120) as resp:
                        status, data = resp.status, resp.read()
                except urllib.error.HTTPError as err:
                    status, data = err.code, err.read()
                payload = json.loads(body)
                if status == 200 and payload.get("response_format") and owner.corrupted == 0:
                    owner.corrupted += 1
                    reply = json.loads(data)
                    reply["choices"][0]["message"]["content"] = '{"reasoning": "cut off", "score": '
                    data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"


@pytest.fixture
def corrupting_proxy(llama_server: LlamaServer) -> Iterator[CorruptingProxy]:
    proxy = CorruptingProxy(llama_server.base_url)
    yield proxy
    proxy.httpd.shutdown()


def test_invalid_json_is_repaired(corrupting_proxy: CorruptingProxy) -> None:
    chat = chat_for(corrupting_proxy.base_url)
    answer = chat.structured([{"role": "user", "content": "Rate 'use a queue because 50K writes/s' 1-4."}], Answer, max_tokens=120)
    assert corrupting_proxy.corrupted == 1
    assert 1 <= answer.score <= 4  # the repair retry produced a valid object


def test_doctor_ping_reports_latency_and_form(llama_server: LlamaServer) -> None:
    report = ping(get_settings(llm="openai", openai_base_url=llama_server.base_url, model="local"))
    assert report["ok"] is True and report["latency_ms"] > 0
    assert report["structured"]["json_object"] == "works"
    assert report["structured"]["json_schema"].startswith("rejected")
