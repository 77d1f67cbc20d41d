"""Number parsing and back-of-envelope arithmetic checks."""

from __future__ import annotations

import pytest

from analysis.figures import parse_figures


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("100M a day", 1e8, "per_day"),
        ("100 million URLs per day", 1e8, "per_day"),
        ("1,160 writes/sec", 1160, "per_second"),
        ("~1.2K QPS", 1200, "per_second"),
        ("116K reads per second", 116_000, "per_second"),
        ("18 TB", 18e12, "bytes"),
        ("2.5 GB", 2.5e9, "bytes"),
        ("500 bytes", 500, "bytes"),
        ("500B per record", 500, "bytes"),
        ("5,000 users", 5000, "users"),
        ("10M daily active users", 1e7, "users"),
        ("2B users", 2e9, "users"),
        ("1B a day", 1e9, "per_day"),
        ("10%", 10, "percent"),
        ("50 ms", 50, "ms"),
        ("2 billion users", 2e9, "users"),
        ("0.6 writes per second", 0.6, "per_second"),
        ("600 requests per minute", 10, "per_second"),
        ("3M messages a month", 3e6, "per_month"),
        ("5 years", 5, "other"),
        ("12 servers", 12, "count"),
    ],
)
def test_figure_values_and_units(text: str, value: float, unit: str) -> None:
    found = parse_figures(text)
    assert len(found) == 1, found
    figure = found[0].figure
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit
    assert figure.text in text


def test_figures_skip_years_steps_and_percentiles() -> None:
    assert parse_figures("In 2024 we shipped step 2 with a p99 target.") == []


def test_figure_offsets_point_into_the_text() -> None:
    text = "We create 100M links a day and serve 116K reads/s."
    for found in parse_figures(text):
        assert text[found.start : found.end] == found.figure.text


def test_ratios_only_when_they_look_like_ratios() -> None:
    assert [f.figure.value for f in parse_figures("reads to writes are 100:1") if f.noun == "ratio"] == [100]
    assert not [f for f in parse_figures("scale from 1 to 5 servers") if f.noun == "ratio"]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("a million requests a day", 1e6, "per_day"),
        ("half a million users", 5e5, "users"),
        ("ten million URLs a day", 1e7, "per_day"),
    ],
)
def test_numbers_in_words(text: str, value: float, unit: str) -> None:
    (found,) = parse_figures(text)
    assert (found.figure.value, found.figure.unit) == (value, unit)
