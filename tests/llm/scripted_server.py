"""A scripted OpenAI-compatible HTTP server on loopback, for fault tests of the LLM seam.

Each request to ``/v1/chat/completions`` takes the next step of the script, so the fault is chosen per
request: a status code with a JSON body and headers (``Retry-After``), a delay, a raw body (invalid
JSON), a chat reply (as server-sent events when the request streams), raw SSE events (an error event,
invalid JSON), keep-alive comments before the reply, or a body trickled a few bytes at a time.
Requests are logged (the body as parsed JSON). Every slow step is bounded by ``hold`` seconds.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    status: int = 200
    content: str = ""  # the assistant message for status 200
    body: dict[str, Any] | None = None  # explicit body for errors (or an odd success body)
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)  # e.g. {"Retry-After": "100"}
    raw: bytes | None = None  # the body exactly as given (e.g. invalid JSON)
    events: list[Any] | None = None  # SSE: dicts become ``data: {json}``, strings are sent as they are
    keepalive: float = 0.0  # send ``: keep-alive`` comments this often for ``hold`` seconds, then the reply
    drip: float = 0.0  # send the body a byte at a time, this many seconds apart (bounded by ``hold``)
    hold: float = 5.0


def chat_body(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
    }


def chunk(content: str | None = None, finish: str | None = None) -> dict[str, Any]:
    """One streamed ``chat.completion.chunk``."""
    delta = {"role": "assistant", "content": content} if content is not None else {}
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": "scripted",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def sse(events: list[Any]) -> bytes:
    out = []
    for event in events:
        out.append(event if isinstance(event, str) else f"data: {json.dumps(event)}\n\n")
    return "".join(out).encode()


def stream_body(content: str) -> bytes:
    words = content.split(" ")
    pieces = [w if i == 0 else " " + w for i, w in enumerate(words)]
    return sse([chunk(p) for p in pieces] + [chunk(finish="stop"), "data: [DONE]\n\n"])


@dataclass
class ScriptedServer:
    steps: list[Step] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    default: Step | None = None  # served when the script is used up (else a 500 "empty script")

    def __post_init__(self) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                length = int(self.headers.get("content-length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                owner.requests.append(request)
                with owner._lock:
                    step = owner.steps.pop(0) if owner.steps else owner.default
                step = step or Step(status=500, body={"error": {"message": "empty script"}})
                if step.delay:
                    time.sleep(step.delay)
                streaming = bool(request.get("stream")) and step.status == 200
                if step.raw is not None:
                    data = step.raw
                elif step.events is not None:
                    data = sse(step.events)
                elif streaming and step.body is None:
                    data = stream_body(step.content)
                else:
                    data = json.dumps(step.body if step.body is not None else chat_body(step.content)).encode()
                event_stream = step.events is not None or (streaming and step.body is None)
                try:
                    self.send_response(step.status)
                    self.send_header("content-type", "text/event-stream" if event_stream else "application/json")
                    for name, value in step.headers.items():
                        self.send_header(name, value)
                    if step.keepalive or step.drip:
                        self.send_header("connection", "close")
                    else:
                        self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self._send(step, data)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                if step.keepalive or step.drip:
                    self.close_connection = True

            def _send(self, step: Step, data: bytes) -> None:
                until = time.monotonic() + step.hold
                if step.keepalive:
                    while time.monotonic() < until:
                        self.wfile.write(b": keep-alive\n\n")
                        self.wfile.flush()
                        time.sleep(step.keepalive)
                if step.drip:
                    for i in range(len(data)):
                        if time.monotonic() >= until:
                            return
                        self.wfile.write(data[i : i + 1])
                        self.wfile.flush()
                        time.sleep(step.drip)
                    return
                self.wfile.write(data)
                self.wfile.flush()

        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def script(self, *steps: Step) -> ScriptedServer:
        with self._lock:
            self.steps.extend(steps)
        return self

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
