"""The ``openai`` SDK behind the :class:`~kernel.llm.ChatModel` protocol.

Works with OpenAI and any OpenAI-compatible server (Ollama, vLLM, the llama.cpp server):

* one deadline per call (``BABYSTEPS_TIMEOUT``) bounds everything the call does: connecting, retries
  and their waits, and every byte of the body, streamed or not; an endpoint that sends keep-alives or
  trickles bytes is cut off at the deadline, and the caller never waits longer than it;
* bounded retries with backoff on timeouts, refused connections, 429 and 5xx; a ``Retry-After`` longer
  than :data:`MAX_RETRY_AFTER` (or than the time left) is not waited for;
* every failure, including an error event inside a stream, invalid JSON and a reply without choices,
  reaches the caller as :class:`~kernel.llm.LLMUnavailable` or :class:`~kernel.llm.LLMError`, with any
  key redacted from the message; callers turn these into offline mode;
* structured output: ``json_schema`` (strict) where the endpoint supports it, else
  ``{"type": "json_object", "schema": ...}``; ``auto`` probes once per client and remembers;
* every structured answer validated with pydantic, with one repair retry that shows the model
  the validation error, then :class:`~kernel.llm.StructuredOutputError`;
* token usage accumulated on :attr:`usage` (estimated from text where a server reports none).

The SDK's own retries are off: its waits are not bounded by a deadline. The deadline is enforced twice:
the call runs on a worker thread that the caller stops waiting for at the deadline, and the HTTP
transport checks the deadline between body chunks, so an abandoned request ends too.
"""

from __future__ import annotations

import contextvars
import email.utils
import json
import queue
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Literal, TypeVar

import openai
from pydantic import ValidationError

from kernel.config import Settings
from kernel.llm.base import LLMError, LLMUnavailable, Message, StructuredOutputError, T, Usage
from kernel.redact import redact

try:  # the HTTP library of the installed SDK: ``httpx2`` for openai 3.x, ``httpx`` before
    import httpx2 as httpx
except ImportError:  # pragma: no cover - older SDKs
    import httpx  # type: ignore[no-redef]

Form = Literal["json_schema", "json_object"]
R = TypeVar("R")
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.IGNORECASE)
_RETRYABLE = (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError)
MAX_RETRY_AFTER = 10.0  # seconds: a longer Retry-After is reported at once instead of waited for
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("babysteps_llm_deadline", default=None)


def estimate_tokens(text: str) -> int:
    """About four characters a token: used only where the server reports no usage."""
    return max(1, len(text) // 4) if text else 0


def _strict_schema(schema: type[T]) -> dict[str, Any]:
    from openai.lib._pydantic import to_strict_json_schema

    return to_strict_json_schema(schema)


def _parse(raw: str, schema: type[T]) -> T:
    return schema.model_validate_json(_FENCE.sub("", raw.strip()) or "{}")


# --- the deadline in the HTTP transport -------------------------------------------------------------


class _DeadlineStream(httpx.SyncByteStream):
    """A response body that raises ``ReadTimeout`` once the call's deadline has passed."""

    def __init__(self, inner: Any, deadline: float, request: Any) -> None:
        self._inner, self._deadline, self._request = inner, deadline, request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            if time.monotonic() > self._deadline:
                raise httpx.ReadTimeout("the call's deadline passed while the body was arriving", request=self._request)
            yield chunk

    def close(self) -> None:
        self._inner.close()


class _DeadlineTransport(httpx.BaseTransport):
    """Bounds each request by the deadline of the call it belongs to (set in :data:`_DEADLINE`)."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: Any) -> Any:
        deadline = _DEADLINE.get()
        if deadline is None:
            return self._inner.handle_request(request)
        left = deadline - time.monotonic()
        if left <= 0:
            raise httpx.ConnectTimeout("the call's deadline passed before the request", request=request)
        timeouts = dict(request.extensions.get("timeout") or {})
        request.extensions["timeout"] = {
            name: left if timeouts.get(name) is None else min(float(timeouts[name]), left)
            for name in ("connect", "read", "write", "pool")
        }
        response = self._inner.handle_request(request)
        return httpx.Response(
            response.status_code, headers=response.headers, request=request, extensions=response.extensions,
            stream=_DeadlineStream(response.stream, deadline, request),
        )

    def close(self) -> None:
        self._inner.close()


def _retry_after(exc: Exception) -> float | None:
    """Seconds the endpoint asks us to wait (``retry-after-ms``, ``retry-after`` seconds or date)."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) * scale)
        except ValueError:
            parsed = email.utils.parsedate_tz(value)
            if parsed is not None:
                return max(0.0, email.utils.mktime_tz(parsed) - time.time())
    return None


class OpenAIChatModel:
    """A chat model reached through the ``openai`` SDK. Build it with :func:`kernel.llm.build_chat_model`."""

    def __init__(self, settings: Settings, client: openai.OpenAI | None = None) -> None:
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        # Local servers need no key, but the SDK insists on one. Retries are ours (bounded by the deadline).
        self._client = client or openai.OpenAI(
            api_key=key or "not-needed",
            base_url=settings.openai_base_url or None,
            timeout=settings.timeout,
            max_retries=0,
            http_client=openai.DefaultHttpxClient(transport=_DeadlineTransport(), timeout=settings.timeout),
        )
        self.model = settings.model
        self.base_url = settings.openai_base_url or "api.openai.com"
        self.name = f"openai:{settings.model}"
        self.usage = Usage()
        self.timeout = float(settings.timeout)
        self.max_retries = int(settings.max_retries)
        self._form: Form | None = None if settings.structured == "auto" else settings.structured

    # --- plain and streamed text ---------------------------------------------------------------

    def complete(self, messages: list[Message], *, temperature: float = 0.3, max_tokens: int | None = None) -> str:
        deadline = self._deadline()
        response = self._bounded(lambda: self._create(messages, temperature, max_tokens, deadline=deadline), deadline)
        return self._text(response, messages)

    def stream(
        self, messages: list[Message], *, temperature: float = 0.3, max_tokens: int | None = None
    ) -> Iterator[str]:
        """Yield the reply's pieces; the whole reply arrives within the deadline or ``LLMUnavailable`` is raised."""
        deadline = self._deadline()
        events: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()

        def produce() -> None:
            _DEADLINE.set(deadline)
            try:
                stream = self._create(messages, temperature, max_tokens, stream=True, deadline=deadline)
                try:
                    for chunk in stream:
                        if stop.is_set():
                            break
                        usage = getattr(chunk, "usage", None)
                        if usage:
                            events.put(("usage", (usage.prompt_tokens or 0, usage.completion_tokens or 0)))
                        for choice in getattr(chunk, "choices", None) or []:
                            delta = getattr(choice, "delta", None)
                            piece = getattr(delta, "content", None) if delta is not None else None
                            if piece:
                                events.put(("piece", str(piece)))
                finally:
                    stream.close()
                events.put(("done", None))
            except Exception as exc:  # every failure crosses the thread as the seam's own error
                events.put(("error", _as_llm_error(exc, "stream")))

        threading.Thread(target=produce, name="babysteps-llm-stream", daemon=True).start()
        parts: list[str] = []
        reported = False
        try:
            while True:
                left = deadline - time.monotonic()
                try:
                    kind, value = events.get(timeout=max(0.0, left))
                except queue.Empty:
                    raise LLMUnavailable(f"no complete reply within {self.timeout:g}s") from None
                if kind == "piece":
                    parts.append(value)
                    yield value
                elif kind == "usage":
                    self.usage.add(*value)
                    reported = True
                elif kind == "error":
                    raise value
                else:
                    break
        finally:
            stop.set()
        if not reported:
            self.usage.add(self._prompt_estimate(messages), estimate_tokens("".join(parts)))

    # --- structured output ---------------------------------------------------------------------

    def structured(
        self, messages: list[Message], schema: type[T], *, temperature: float = 0.0, max_tokens: int | None = None
    ) -> T:
        deadline = self._deadline()  # one deadline for the probe, the call and the repair together
        raw = self._structured_call(messages, schema, temperature, max_tokens, deadline)
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
            raw = self._structured_call(repair, schema, temperature, max_tokens, deadline)
            try:
                return _parse(raw, schema)
            except (ValidationError, ValueError) as second:
                raise StructuredOutputError(
                    redact(f"{schema.__name__}: output invalid after one repair retry: {second}"), redact(raw)
                ) from second

    @property
    def structured_form(self) -> Form | None:
        """The structured-output form in use (``None`` until the first structured call in auto mode)."""
        return self._form

    def _structured_call(
        self, messages: list[Message], schema: type[T], temperature: float, max_tokens: int | None, deadline: float
    ) -> str:
        guided = self._with_schema_hint(messages, schema)
        if self._form is None:  # auto: probe json_schema once, without retries
            try:
                response = self._bounded(lambda: self._create(
                    guided, temperature, max_tokens, response_format=self._format("json_schema", schema), retries=0,
                    deadline=deadline), deadline)
                text = self._text(response, guided)
                self._form = "json_schema"
                return text
            except LLMError as exc:
                if not _rejects_json_schema(exc):
                    raise
                self._form = "json_object"
        form = self._form
        response = self._bounded(lambda: self._create(
            guided, temperature, max_tokens, response_format=self._format(form, schema), deadline=deadline), deadline)
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

    def _deadline(self) -> float:
        return time.monotonic() + self.timeout

    def _bounded(self, work: Callable[[], R], deadline: float) -> R:
        """Run ``work`` on a worker thread and wait for it until ``deadline`` at most."""
        box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

        def run() -> None:
            _DEADLINE.set(deadline)
            try:
                box.put((True, work()))
            except Exception as exc:  # every failure crosses the thread as the seam's own error
                box.put((False, _as_llm_error(exc, "request")))

        threading.Thread(target=run, name="babysteps-llm-call", daemon=True).start()
        try:
            ok, value = box.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise LLMUnavailable(f"no reply within {self.timeout:g}s") from None
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def _create(
        self,
        messages: list[Message],
        temperature: float = 0.3,
        max_tokens: int | None = None,
        *,
        stream: bool = False,
        response_format: dict[str, Any] | None = None,
        retries: int | None = None,
        deadline: float | None = None,
    ) -> Any:
        """One request with bounded retries; every retry and wait ends by the deadline."""
        deadline = deadline if deadline is not None else self._deadline()
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": temperature}
        if max_tokens is not None:
            kwargs["max_tokens"] = max_tokens
        if response_format is not None:
            kwargs["response_format"] = response_format
        if stream:
            kwargs["stream"] = True
        attempts = 1 + (self.max_retries if retries is None else retries)
        for attempt in range(attempts):
            left = deadline - time.monotonic()
            if left <= 0:
                raise LLMUnavailable(f"no reply within {self.timeout:g}s")
            try:
                return self._client.chat.completions.create(**kwargs, timeout=left)
            except _RETRYABLE as exc:
                wait = _retry_after(exc) if isinstance(exc, openai.RateLimitError | openai.InternalServerError) else None
                if wait is not None and wait > MAX_RETRY_AFTER:
                    raise LLMUnavailable(
                        f"{_describe(exc)}; the endpoint asks to wait {wait:.0f}s, more than {MAX_RETRY_AFTER:g}s"
                    ) from exc
                if wait is None:
                    wait = min(0.5 * 2**attempt, 4.0) * (1 - 0.25 * random.random())
                if attempt + 1 >= attempts or time.monotonic() + wait >= deadline:
                    raise LLMUnavailable(_describe(exc)) from exc
                time.sleep(wait)
            except openai.OpenAIError as exc:
                raise LLMError(_describe(exc)) from exc
        raise LLMUnavailable("no attempt left")  # not reached: the last attempt returns or raises

    def _text(self, response: Any, messages: list[Message]) -> str:
        choices = getattr(response, "choices", None)
        if not isinstance(choices, list) or not choices:
            raise LLMError("the endpoint returned no choices")
        message = getattr(choices[0], "message", None)
        text = getattr(message, "content", None) if message is not None else None
        if text is not None and not isinstance(text, str):
            raise LLMError("the endpoint returned a reply that is not text")
        text = text or ""
        usage = getattr(response, "usage", None)
        prompt = getattr(usage, "prompt_tokens", None) if usage is not None else None
        if usage is not None and isinstance(prompt, int):
            self.usage.add(prompt or 0, getattr(usage, "completion_tokens", 0) or 0)
        else:
            self.usage.add(self._prompt_estimate(messages), estimate_tokens(text))
        return text

    @staticmethod
    def _prompt_estimate(messages: list[Message]) -> int:
        return sum(estimate_tokens(m["content"]) + 4 for m in messages)


def _as_llm_error(exc: Exception, what: str) -> LLMError:
    """Any failure of a call as the seam's typed error (key-free)."""
    if isinstance(exc, LLMError):
        return exc
    if isinstance(exc, (*_RETRYABLE, httpx.TransportError)):
        error: LLMError = LLMUnavailable(f"{what} interrupted: {_describe(exc)}")
    elif isinstance(exc, openai.APIError):  # e.g. an error event inside the stream
        error = LLMUnavailable(f"{what} failed: {_describe(exc)}")
    elif isinstance(exc, ValueError | TypeError | AttributeError | KeyError):  # invalid JSON or an odd shape
        error = LLMUnavailable(f"malformed {what} from the endpoint ({type(exc).__name__})")
    else:
        error = LLMError(f"{what} failed: {type(exc).__name__}")
    error.__cause__ = exc
    return error


def _describe(exc: Exception) -> str:
    """A short, key-free description of an SDK error."""
    status = getattr(exc, "status_code", None)
    body = getattr(exc, "body", None)
    detail = ""
    if isinstance(body, dict):
        err = body.get("error", body)
        detail = str(err.get("message", "") if isinstance(err, dict) else err)[:300]
    elif isinstance(exc, openai.APIError) and getattr(exc, "message", None):
        detail = str(exc.message)[:300]
    head = f"{type(exc).__name__}" + (f" (HTTP {status})" if status else "")
    return redact(f"{head}: {detail}" if detail else head)


def _rejects_json_schema(exc: LLMError) -> bool:
    text = str(exc).lower()
    cause = exc.__cause__
    status = getattr(cause, "status_code", None)
    return status in (400, 422, 500) and ("json_schema" in text or "response_format" in text)


def ping(settings: Settings) -> dict[str, Any]:
    """Call the configured endpoint once; report latency and which structured-output form works (redacted)."""
    from pydantic import BaseModel

    from kernel.redact import redact_data

    class Pong(BaseModel):
        reply: str

    report: dict[str, Any] = {"endpoint": settings.openai_base_url or "api.openai.com", "model": settings.model}
    model = OpenAIChatModel(settings.model_copy(update={"max_retries": 0}))
    started = time.perf_counter()
    try:
        model.complete([{"role": "user", "content": "Reply with the word pong."}], max_tokens=8)
    except LLMError as exc:
        report.update(ok=False, error=str(exc))
        return redact_data(report)  # type: ignore[return-value]
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
    return redact_data(report)  # type: ignore[return-value]
