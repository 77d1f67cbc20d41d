"""List prices of known OpenAI models, for a cost estimate beside the token counts.

USD per million tokens (input, output), as OpenAI publishes them for standard (non-batch, uncached)
use; a model not listed here (a local server, another vendor) gets no estimate. Prices change: the
estimate says which prices it used, and the token counts are what to trust.
"""

from __future__ import annotations

PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "o4-mini": (1.10, 4.40),
    "o3-mini": (1.10, 4.40),
    "o3": (2.00, 8.00),
    "gpt-4-turbo": (10.00, 30.00),
    "gpt-3.5-turbo": (0.50, 1.50),
}


def price_of(model: str | None) -> tuple[str, tuple[float, float]] | None:
    """The listed model a name refers to ("gpt-4o-2024-08-06" is gpt-4o), with its prices; None if unknown."""
    if not model:
        return None
    name = model.strip().lower().rsplit("/", 1)[-1]  # "openai/gpt-4o" as some proxies spell it
    for listed in sorted(PRICES_PER_MILLION, key=len, reverse=True):  # "gpt-4o-mini" before "gpt-4o"
        if name == listed or name.startswith(listed + "-"):
            return listed, PRICES_PER_MILLION[listed]
    return None


def estimate_usd(model: str | None, prompt_tokens: int, completion_tokens: int) -> tuple[str, float] | None:
    """(the listed model, estimated USD) for these tokens, or None for a model without list prices."""
    found = price_of(model)
    if found is None:
        return None
    listed, (inp, out) = found
    return listed, (prompt_tokens * inp + completion_tokens * out) / 1_000_000
