"""A scripted OpenAI-compatible HTTP server on loopback, for fault tests of the LLM seam.

Each request to ``/v1/chat/completions`` takes the next step of the script: a status code with a
JSON body, a delay, or a raw chat reply. Requests are logged (the body as parsed JSON).
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
    body: dict[str, Any] | None = None  # explicit body for errors
    delay: float = 0.0


def chat_body(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
    }


@dataclass
class ScriptedServer:
    steps: list[Step] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                length = int(self.headers.get("content-length", 0))
                owner.requests.append(json.loads(self.rfile.read(length) or b"{}"))
                step = owner.steps.pop(0) if owner.steps else Step(status=500, body={"error": {"message": "empty script"}})
                if step.delay:
                    time.sleep(step.delay)
                body = step.body if step.body is not None else chat_body(step.content)
                data = json.dumps(body).encode()
                try:
                    self.send_response(step.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def script(self, *steps: Step) -> ScriptedServer:
        self.steps.extend(steps)
        return self

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
