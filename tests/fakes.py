"""Test doubles: a fake chat model with a reply queue and a call log, and deterministic embeddings."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from kernel.llm import LLMError, Message, StructuredOutputError, Usage

T = TypeVar("T", bound=BaseModel)


@dataclass
class Call:
    kind: str  # "complete" | "stream" | "structured"
    messages: list[Message]
    schema: str | None = None


@dataclass
class FakeChatModel:
    """Replies come from a queue filled with :meth:`enqueue`; every call is logged in ``history``.

    A queued ``Exception`` instance is raised instead of answering. A queued dict or BaseModel is
    JSON-encoded. An empty queue raises, so a test never passes on an answer it did not plan.
    """

    name: str = "fake:model"
    usage: Usage = field(default_factory=Usage)
    replies: list[Any] = field(default_factory=list)
    history: list[Call] = field(default_factory=list)

    def enqueue(self, *replies: Any) -> FakeChatModel:
        self.replies.extend(replies)
        return self

    def _next(self, call: Call) -> str:
        self.history.append(call)
        if not self.replies:
            raise AssertionError(f"FakeChatModel: no reply queued for {call.kind} call #{len(self.history)}")
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        if isinstance(reply, BaseModel):
            reply = reply.model_dump_json()
        elif not isinstance(reply, str):
            reply = json.dumps(reply)
        self.usage.add(sum(len(m["content"].split()) for m in call.messages), len(reply.split()))
        return reply

    def complete(self, messages: list[Message], *, temperature: float = 0.3, max_tokens: int | None = None) -> str:
        return self._next(Call("complete", list(messages)))

    def stream(
        self, messages: list[Message], *, temperature: float = 0.3, max_tokens: int | None = None
    ) -> Iterator[str]:
        text = self._next(Call("stream", list(messages)))
        yield from re.findall(r"\S+\s*", text)

    def structured(
        self, messages: list[Message], schema: type[T], *, temperature: float = 0.0, max_tokens: int | None = None
    ) -> T:
        text = self._next(Call("structured", list(messages), schema.__name__))
        try:
            return schema.model_validate_json(text)
        except ValueError as exc:
            raise StructuredOutputError(f"fake reply does not match {schema.__name__}: {exc}", text) from exc


class FakeEmbeddings:
    """Deterministic bag-of-words embeddings: hashed word and bigram counts, L2-normalised.

    Texts sharing words are close; no model is loaded. Same interface as the real embedder:
    ``embed(list[str]) -> list[list[float]]``.
    """

    dim = 256

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [self._one(t) for t in texts]

    def _one(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        words = re.findall(r"[a-z0-9]+", text.lower())
        for token in words + [a + " " + b for a, b in zip(words, words[1:], strict=False)]:
            h = int(hashlib.md5(token.encode()).hexdigest(), 16)
            vec[h % self.dim] += 1.0 if (h >> 8) % 2 else -1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]


__all__ = ["FakeChatModel", "FakeEmbeddings", "Call", "LLMError"]
