"""Number parsing and back-of-envelope arithmetic checks."""

from __future__ import annotations

import pytest

from analysis.arithmetic import check_rates, check_storage
from analysis.figures import parse_figures
from analysis.sentences import split_sentences


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


def _checks(text: str):  # type: ignore[no-untyped-def]
    sentences = split_sentences(text)
    figures = parse_figures(text)
    return check_rates(text, sentences, figures) + check_storage(text, sentences, figures)


def test_per_day_to_per_second_right() -> None:
    (check,) = _checks("We get 100M a day, which is about 1,160 per second.")
    assert check.ok and check.kind == "rate"
    assert check.expected == pytest.approx(1157.4, rel=1e-3)
    assert check.given == 1160


def test_per_day_to_per_second_wrong() -> None:
    (check,) = _checks("100M a day is 100,000 per second.")
    assert not check.ok
    assert check.given == 100_000
    assert check.expected == pytest.approx(1157.4, rel=1e-3)


def test_guide_shortcut_of_100k_seconds_per_day_passes() -> None:
    (check,) = _checks("100M writes a day over roughly 100K seconds is 1,000 writes/s.")
    assert check.ok


def test_ratio_derived_reads_checked() -> None:
    good = _checks("100M URLs a day is ~1.2K writes/sec. Reads are 100:1 so 116K reads per second.")
    assert [c.kind for c in good] == ["rate", "ratio"] and all(c.ok for c in good)
    bad = _checks("100M URLs a day is ~1.2K writes/sec. Reads are 100:1 so 5K reads per second.")
    assert [c.ok for c in bad] == [True, False]


def test_reads_and_writes_are_not_cross_paired() -> None:
    (check,) = _checks("10B redirects a day and 100M new links a day, so 116K reads/s.")
    assert check.ok and check.expected == pytest.approx(115_740, rel=1e-3)


def test_peak_with_a_stated_multiplier() -> None:
    checks = _checks("100M a day, that's 1,160/s average and peak 3x so about 3,500/s.")
    assert len(checks) == 2 and all(c.ok for c in checks)
    assert checks[1].expected == pytest.approx(3472, rel=1e-2)


def test_per_user_rates_are_not_paired_with_totals() -> None:
    checks = _checks("100M DAU, each doing 10 reads a day, is 1B reads a day, so roughly 11.6K reads per second.")
    assert len(checks) == 1 and checks[0].ok and checks[0].expected == pytest.approx(11_574, rel=1e-3)


def test_users_are_not_a_rate() -> None:
    assert _checks("We have 100M users a day and handle 50,000 requests/s.") == []


def test_storage_total_checked() -> None:
    (good,) = _checks("Each record is ~500 bytes, so 100M/day × 500B × 365 days = ~18 TB/year.")
    assert good.kind == "storage" and good.ok
    (total,) = _checks("Over 5 years: 182B URLs × ~100 bytes = ~18 TB.")
    assert total.ok
    (bad,) = _checks("100M URLs/day at 500 bytes each for 5 years is 2 TB.")
    assert not bad.ok and bad.expected == pytest.approx(91.25e12, rel=1e-3)


def test_claims_are_verbatim() -> None:
    text = "Writes: 100 million URLs per day.\nThat's ~1.2K writes/sec!  Reads are 100:1 so 116K reads/s."
    for check in _checks(text):
        assert check.claim in text


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


def test_times_that_is_a_derived_ratio() -> None:
    checks = _checks("1 million a day is about 10 creates per second, and 100 times that is about 1,000 redirects per second.")
    assert [(c.kind, c.ok) for c in checks] == [("rate", True), ("ratio", True)]
    wrong = _checks("1 million a day is about 10 creates per second, and 100 times that is about 50 redirects per second.")
    assert [c.ok for c in wrong] == [True, False]


def test_storage_uses_writes_not_reads_and_skips_compressed_totals() -> None:
    checks = _checks(
        "1 million a day is about 12 writes per second. At 10 to 1, about 120 reads per second. "
        "Say 10 KB each, so 10 GB a day, about 3.6 TB a year, maybe 400 GB compressed."
    )
    storage = [c for c in checks if c.kind == "storage"]
    assert [c.given for c in storage] == [10e9, 3.6e12] and all(c.ok for c in storage)


def test_item_size_is_not_confused_with_a_daily_total() -> None:
    checks = _checks("200,000 reservations a day at about 200 bytes is 40 MB a day, about 15 GB a year.")
    assert [c.given for c in checks] == [40e6, 15e9] and all(c.ok for c in checks)


def test_written_out_products_are_checked_as_written() -> None:
    (good,) = _checks("Hot set: 20% × 1B links × 100 bytes = 20 GB.")
    assert good.ok and good.expected == pytest.approx(20e9)
    (bad,) = _checks("So 100 million times 500 bytes times 365 days is about 2 TB per year.")
    assert not bad.ok and bad.expected == pytest.approx(18.25e12)
