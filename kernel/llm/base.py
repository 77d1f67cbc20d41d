"""The seam's types: the :class:`ChatModel` protocol, token :class:`Usage` and the typed failures.

Every failure of an LLM call reaches callers as :class:`LLMError` or one of its subclasses, never as
an SDK, HTTP or JSON exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)
Message = dict[str, str]  # {"role": "system"|"user"|"assistant", "content": str}


class Usage(BaseModel):
    """Token usage accumulated over the calls made through one client."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def describe(self, model: str | None = None) -> str:
        """One line for reports: calls and tokens, and for a model with list prices an estimated cost."""
        from kernel.llm.prices import estimate_usd

        line = f"{self.calls} LLM call(s), {self.prompt_tokens:,} prompt + {self.completion_tokens:,} completion tokens"
        cost = estimate_usd(model, self.prompt_tokens, self.completion_tokens)
        if cost is not None:
            line += f", about ${cost[1]:.4f} at {cost[0]} list prices"
        return line

    def add(self, prompt: int, completion: int) -> None:
        self.calls += 1
        self.prompt_tokens += prompt
        self.completion_tokens += completion


class LLMError(Exception):
    """Base class for LLM failures the caller handles."""


class LLMUnavailable(LLMError):
    """The endpoint timed out, refused, rate-limited or failed after the bounded retries."""


class StructuredOutputError(LLMError):
    """The model's output did not validate, even after one repair retry."""

    def __init__(self, message: str, raw: str = "") -> None:
        super().__init__(message)
        self.raw = raw


class ChatModel(Protocol):
    """What the agent and the grader need from a chat model."""

    name: str  # e.g. "openai:gpt-4o-mini"
    usage: Usage

    def complete(self, messages: list[Message], *, temperature: float = 0.3, max_tokens: int | None = None) -> str: ...

    def stream(
        self, messages: list[Message], *, temperature: float = 0.3, max_tokens: int | None = None
    ) -> Iterator[str]: ...

    def structured(
        self, messages: list[Message], schema: type[T], *, temperature: float = 0.0, max_tokens: int | None = None
    ) -> T: ...
