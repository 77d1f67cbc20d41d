"""Cost estimates beside token counts: known models by name, nothing invented for the others."""

from kernel.llm.base import Usage
from kernel.llm.prices import estimate_usd, price_of


def test_dated_and_prefixed_names_find_their_model() -> None:
    assert price_of("gpt-4o-2024-08-06")[0] == "gpt-4o"  # type: ignore[index]
    assert price_of("gpt-4o-mini")[0] == "gpt-4o-mini"  # type: ignore[index]
    assert price_of("openai/gpt-4.1-mini")[0] == "gpt-4.1-mini"  # type: ignore[index]


def test_unknown_models_get_no_estimate() -> None:
    assert price_of("smollm2-135m") is None and price_of(None) is None
    assert estimate_usd("llama-3-8b", 10_000, 1_000) is None


def test_the_estimate_is_tokens_times_list_prices() -> None:
    listed, usd = estimate_usd("gpt-4o-mini", 1_000_000, 100_000)  # type: ignore[misc]
    assert listed == "gpt-4o-mini" and abs(usd - (0.15 + 0.06)) < 1e-9


def test_usage_line_names_the_prices_it_used() -> None:
    usage = Usage(calls=3, prompt_tokens=20_000, completion_tokens=1_000)
    assert usage.describe("gpt-4o") == ("3 LLM call(s), 20,000 prompt + 1,000 completion tokens, "
                                        "about $0.0600 at gpt-4o list prices")
    assert usage.describe("local-model").endswith("completion tokens")
