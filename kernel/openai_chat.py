"""The ``openai`` SDK behind the :class:`~kernel.llm.ChatModel` protocol.

Works with OpenAI and any OpenAI-compatible server (Ollama, vLLM, the llama.cpp server):

* bounded retries with backoff on timeouts, refused connections, 429 and 5xx (the SDK's own);
  what still fails becomes :class:`~kernel.llm.LLMUnavailable`, which callers turn into offline mode;
* structured output: ``json_schema`` (strict) where the endpoint supports it, else
  ``{"type": "json_object", "schema": ...}``; ``auto`` probes once per client and remembers;
* every structured answer validated with pydantic, with one repair retry that shows the model
  the validation error, then :class:`~kernel.llm.StructuredOutputError`;
* token usage accumulated on :attr:`usage` (estimated from text where a server reports none).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any, Literal

import openai
from pydantic import ValidationError

from kernel.config import Settings
from kernel.llm import LLMError, LLMUnavailable, Message, StructuredOutputError, T, Usage

Form = Literal["json_schema", "json_object"]
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.IGNORECASE)
_RETRYABLE = (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError)


def estimate_tokens(text: str) -> int:
    """About four characters a token: used only where the server reports no usage."""
    return max(1, len(text) // 4) if text else 0


def _strict_schema(schema: type[T]) -> dict[str, Any]:
    from openai.lib._pydantic import to_strict_json_schema

    return to_strict_json_schema(schema)


def _parse(raw: str, schema: type[T]) -> T:
    return schema.model_validate_json(_FENCE.sub("", raw.strip()) or "{}")


class OpenAIChatModel:
    """A chat model reached through the ``openai`` SDK. Build it with :func:`kernel.llm.build_chat_model`."""

    def __init__(self, settings: Settings, client: openai.OpenAI | None = None) -> None:
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        # Local servers need no key, but the SDK insists on one.
        self._client = client or openai.OpenAI(
            api_key=key or "not-needed",
            base_url=settings.openai_base_url or None,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )
        self.model = settings.model
        self.base_url = settings.openai_base_url or "api.openai.com"
        self.name = f"openai:{settings.model}"
        self.usage = Usage()
        self._form: Form | None = None if settings.structured == "auto" else settings.structured

    # --- plain and streamed text ---------------------------------------------------------------

    def complete(self, messages: list[Message], *, temperature: float = 0.3, max_tokens: int | None = None) -> str:
        response = self._create(messages, temperature=temperature, max_tokens=max_tokens)
        return self._text(response, messages)

    def stream(
        self, messages: list[Message], *, temperature: float = 0.3, max_tokens: int | None = None
    ) -> Iterator[str]:
        stream = self._create(messages, temperature=temperature, max_tokens=max_tokens, stream=True)
        parts: list[str] = []
        reported = False
        try:
            for chunk in stream:
                if getattr(chunk, "usage", None):
                    self.usage.add(chunk.usage.prompt_tokens or 0, chunk.usage.completion_tokens or 0)
                    reported = True
                for choice in chunk.choices or []:
                    piece = choice.delta.content if choice.delta else None
                    if piece:
                        parts.append(piece)
                        yield piece
        except _RETRYABLE as exc:  # the connection died mid-reply
            raise LLMUnavailable(f"stream interrupted: {type(exc).__name__}") from exc
        if not reported:
            self.usage.add(self._prompt_estimate(messages), estimate_tokens("".join(parts)))

    # --- structured output ---------------------------------------------------------------------

    def structured(
        self, messages: list[Message], schema: type[T], *, temperature: float = 0.0, max_tokens: int | None = None
    ) -> T:
        raw = self._structured_call(messages, schema, temperature, max_tokens)
        try:
            return _parse(raw, schema)
        except (ValidationError, ValueError) as first:
            repair = [
                *messages,
                {"role": "assistant", "content": raw},
                {
                    "role": "user",
                    "content": "That reply did not match the required JSON schema. Validation error:\n"
                    f"{first}\nReply again with only the corrected JSON object.",
                },
            ]
            raw = self._structured_call(repair, schema, temperature, max_tokens)
            try:
                return _parse(raw, schema)
            except (ValidationError, ValueError) as second:
                raise StructuredOutputError(
                    f"{schema.__name__}: output invalid after one repair retry: {second}", raw
                ) from second

    @property
    def structured_form(self) -> Form | None:
        """The structured-output form in use (``None`` until the first structured call in auto mode)."""
        return self._form

    def _structured_call(
        self, messages: list[Message], schema: type[T], temperature: float, max_tokens: int | None
    ) -> str:
        guided = self._with_schema_hint(messages, schema)
        if self._form is None:  # auto: probe json_schema once, without retries
            try:
                response = self._create(
                    guided, temperature, max_tokens, response_format=self._format("json_schema", schema), retries=0
                )
                self._form = "json_schema"
                return self._text(response, guided)
            except LLMError as exc:
                if not _rejects_json_schema(exc):
                    raise
                self._form = "json_object"
        response = self._create(guided, temperature, max_tokens, response_format=self._format(self._form, schema))
        return self._text(response, guided)

    @staticmethod
    def _format(form: Form, schema: type[T]) -> dict[str, Any]:
        if form == "json_schema":
            return {
                "type": "json_schema",
                "json_schema": {"name": schema.__name__, "schema": _strict_schema(schema), "strict": True},
            }
        return {"type": "json_object", "schema": schema.model_json_schema()}

    @staticmethod
    def _with_schema_hint(messages: list[Message], schema: type[T]) -> list[Message]:
        hint = (
            "Answer with a single JSON object, no prose, matching this JSON schema:\n"
            + json.dumps(schema.model_json_schema(), separators=(",", ":"))
        )
        return [{"role": "system", "content": hint}, *messages]

    # --- transport -----------------------------------------------------------------------------

    def _create(
        self,
        messages: list[Message],
        temperature: float = 0.3,
        max_tokens: int | None = None,
        *,
        stream: bool = False,
        response_format: dict[str, Any] | None = None,
        retries: int | None = None,
    ) -> Any:
        client = self._client if retries is None else self._client.with_options(max_retries=retries)
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": temperature}
        if max_tokens is not None:
            kwargs["max_tokens"] = max_tokens
        if response_format is not None:
            kwargs["response_format"] = response_format
        if stream:
            kwargs["stream"] = True
        try:
            return client.chat.completions.create(**kwargs)
        except _RETRYABLE as exc:
            raise LLMUnavailable(_describe(exc)) from exc
        except openai.APIStatusError as exc:
            raise LLMError(_describe(exc)) from exc
        except openai.OpenAIError as exc:
            raise LLMError(_describe(exc)) from exc

    def _text(self, response: Any, messages: list[Message]) -> str:
        try:
            text = response.choices[0].message.content or ""
        except (AttributeError, IndexError) as exc:
            raise LLMError("the endpoint returned no choices") from exc
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage.add(usage.prompt_tokens or 0, usage.completion_tokens or 0)
        else:
            self.usage.add(self._prompt_estimate(messages), estimate_tokens(text))
        return str(text)

    @staticmethod
    def _prompt_estimate(messages: list[Message]) -> int:
        return sum(estimate_tokens(m["content"]) + 4 for m in messages)


def _describe(exc: Exception) -> str:
    """A short, key-free description of an SDK error."""
    status = getattr(exc, "status_code", None)
    body = getattr(exc, "body", None)
    detail = ""
    if isinstance(body, dict):
        err = body.get("error", body)
        detail = str(err.get("message", "") if isinstance(err, dict) else err)[:300]
    head = f"{type(exc).__name__}" + (f" (HTTP {status})" if status else "")
    return f"{head}: {detail}" if detail else head


def _rejects_json_schema(exc: LLMError) -> bool:
    text = str(exc).lower()
    cause = exc.__cause__
    status = getattr(cause, "status_code", None)
    return status in (400, 422, 500) and ("json_schema" in text or "response_format" in text)


def ping(settings: Settings) -> dict[str, Any]:
    """Call the configured endpoint once; report latency and which structured-output form works."""
    from pydantic import BaseModel

    class Pong(BaseModel):
        reply: str

    report: dict[str, Any] = {"endpoint": settings.openai_base_url or "api.openai.com", "model": settings.model}
    model = OpenAIChatModel(settings.model_copy(update={"max_retries": 0}))
    started = time.perf_counter()
    try:
        model.complete([{"role": "user", "content": "Reply with the word pong."}], max_tokens=8)
    except LLMError as exc:
        report.update(ok=False, error=str(exc))
        return report
    report["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    forms: dict[str, str] = {}
    for form in ("json_schema", "json_object"):
        probe = OpenAIChatModel(settings.model_copy(update={"max_retries": 0, "structured": form}))
        try:
            probe.structured([{"role": "user", "content": 'Return {"reply": "pong"}.'}], Pong, max_tokens=40)
            forms[form] = "works"
        except StructuredOutputError:
            forms[form] = "accepted, output did not validate"
        except LLMError as exc:
            forms[form] = f"rejected ({exc})"[:200]
    report["structured"] = forms
    report["ok"] = True
    return report
