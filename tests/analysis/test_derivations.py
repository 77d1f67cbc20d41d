"""Derivations read as expressions: correct arithmetic in any form passes, real slips fail with a fitting hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.derivations import derivations, hint, quantities

RIGHT = [
    "10B a day ≈ 116K/s, ×3 at peak ≈ 350K/s",
    "250K/s × 100 bytes ≈ 2 TB a day",
    "400M × 300 B = 120 GB/day ≈ 45 TB/year",
    "100M a day is about 1,160 writes a second",
    "So 100 million new links a day, which is roughly 1,200 writes per second.",
    "62^7 is about 3.5 trillion",
    "2^32 is about 4 billion",
    "20% of 50M DAU is 10M",
    "10 MB/s ≈ 860 GB/day",
    "a hundred million a day so roughly twelve hundred a second",
    "10,000 companies times 50 people is 500,000 users",
    "20 servers × 100/s each = 2,000/s",
    "5B redirects/day becomes 58k/s average and 175k/s peak",
    "100M × 500 bytes = 50 GB a day, times 365 times 5 years is about 90 TB",
    "100M urls a day x 365 x 5 = 182B urls",
    "182B URLs x 500 bytes = 91 TB",
    "10 million users × 2 KB = 20 GB",
    "300 million photos a day times 2 MB is 600 TB a day",
    "100M writes a day over roughly 100K seconds is 1,000 writes/s.",
    "Each record is ~500 bytes, so 100M/day × 500B × 365 days = ~18 TB/year.",
    "Hot set: 20% × 1B links × 100 bytes = 20 GB.",
    "100M URLs/day at 500 bytes each for 5 years is 91 TB.",
    "1,160 writes/s average, so 3,500/s at peak",
    "5 percent of 10 Tbps is 500 Gbps",  # network rates in bits a second
    "Each order is about 2 KB, so 2 million orders a day is 4 GB a day.",  # one item's size first, then the count
    "1 million viewers at 5 Mbps is 5 Tbps",
]
WRONG = [
    ("16M a day is about 1600 per second", "convert"),
    ("1B a day ≈ 1M/s", "convert"),
    ("5 KB x 1M = 5 TB", "multiply"),
    ("300 million photos a day times 2 MB is 60 GB a day", "multiply"),
    ("So 100 million times 500 bytes times 365 days is about 2 TB per year.", "multiply"),
    ("100M URLs/day at 500 bytes each for 5 years is 2 TB.", "multiply"),
    # the peak after "average and" is the next figure's, not this one's
    ("ten million over eighty six thousand is about a thousand requests per second average and peak maybe three "
     "thousand", "divide"),
    ("5 percent of 10 Tbps is 50 Gbps", "percent"),
    ("For storage, each task is maybe 1 KB, so 100,000 tasks is 100 GB a day.", "multiply"),
    ("10 million orders a day um divided by 86400 seconds that's uh roughly 1200 per second", "divide"),  # spoken
    ("62^7 is about 3.5 billion", "power"),
]
NOT_CHECKED = [
    "We have 100M DAU, so 1B requests a day.",  # an unstated per-user rate: not an expression
    "1,000 servers is 10 racks",  # two different counts equated
    "We have 100M users a day and handle 50,000 requests/s.",
    "In 2024 we had 3 regions, so 2025 is 5.",
]


@pytest.mark.parametrize("text", RIGHT)
def test_correct_derivations_pass(text: str) -> None:
    assert all(link.ok for link in derivations(text)), [(x.expected, x.given) for x in derivations(text)]


@pytest.mark.parametrize(("text", "operation"), WRONG)
def test_slips_fail_with_a_hint_for_the_operation(text: str, operation: str) -> None:
    wrong = [link for link in derivations(text) if not link.ok]
    assert wrong and wrong[0].operation == operation
    assert hint(wrong[0]) and str(int(wrong[0].expected)) not in hint(wrong[0])


@pytest.mark.parametrize("text", NOT_CHECKED)
def test_ambiguous_statements_are_not_judged(text: str) -> None:
    assert derivations(text) == []


def test_a_real_derivation_is_checked_not_skipped() -> None:
    (link,) = derivations("100M a day is about 1,160 writes a second")
    assert link.operation == "convert" and link.expected == pytest.approx(1157.4, rel=1e-3)
    assert "86,400" in hint(link)


def test_bytes_versus_billions() -> None:
    users, size = quantities("2B users upload 300 B each")
    assert (users.value, users.byte_unit) == (2e9, None)
    assert (size.value, size.byte_unit) == (300, "databyte")


def test_chain_continues_from_the_last_result() -> None:
    links = derivations("10B a day ≈ 116K/s, ×3 at peak ≈ 350K/s")
    assert [link.operation for link in links] == ["convert", "multiply"]
    assert links[1].expected == pytest.approx(348_000, rel=1e-2)


def test_spreading_over_a_duration_divides_and_accumulating_multiplies() -> None:
    (spread,) = derivations("20 million orders over 86,400 seconds is about 231 a second")
    assert spread.ok
    (daily,) = derivations("50 million daily views across 86,400 seconds gives about 580 views a second")
    assert daily.ok
    (slip,) = derivations("50 million daily views across 86,400 seconds gives about 5,800 views a second")
    assert not slip.ok
    (kept,) = derivations("50 GB a day over 5 years is about 90 TB")
    assert kept.ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("so five hundred million a day times three hundred bytes is a hundred fifty gigs a day", True),
        ("twenty three hundred times a hundred is two hundred thirty thousand reads a second", True),
        ("ok so a hundred million photos a day, that's uh roughly a hundred thousand uploads a second", False),
        ("ok fifty eight million writes a day, that's about uh sixty seven thousand writes a second", False),
        ("So a million drivers, each updating every 4 seconds, that's about 4 million location updates a second.", False),
        ("20 million trips a day, about 225 points each at 50 bytes, is about 225 terabytes a day", False),
        ("100 million rows. At roughly 100 bytes a row that's about 10 terabytes", False),
        ("500 million users times about 500 ids times 8 bytes is 2 terabytes", True),
        ("30,000 times 50 is 1.5 million megabytes", True),
    ],
)
def test_spoken_numbers_and_run_on_derivations(text: str, ok: bool) -> None:
    links = derivations(text)
    assert links and all(link.ok for link in links) == ok, [(x.expression, x.given, x.expected) for x in links]


def test_a_periodic_rate_said_in_the_next_sentence_is_checked() -> None:
    text = "Say 5 million drivers online at peak, each pinging every 4 seconds. That's about 125 thousand updates a second."
    (slip,) = [link for link in derivations(text) if link.operation == "divide"]
    assert (slip.given, slip.expected, slip.ok) == (125_000, 1_250_000, False)
    (right,) = derivations("A million drivers each ping every 4 seconds. So about 250 thousand updates a second.")
    assert right.ok
    assert not derivations("A million drivers, each pinging every 4 seconds. We keep 3 copies. 250 thousand a second.")


def test_a_cut_off_chain_is_not_judged() -> None:
    # "37 nodes at 10 TB each, or about 110" counts nodes, not bytes: never a challenge
    assert all(link.ok for link in derivations("That's 37 nodes at 10 TB each, or about 110 with three copies."))


def test_a_day_spread_over_business_hours_is_read_as_hours():
    links = derivations("8M messages a day over about 8 business hours, roughly 280 a second.")
    assert links and all(link.ok for link in links)


def test_a_number_said_instead_of_another_is_no_operand():
    links = derivations("I'll divide by 10^5 instead of 86,400, which gives 500, then about 580 per second.")
    assert all(link.ok for link in links)


def test_a_count_reporting_every_few_seconds_divides() -> None:
    wrong = derivations("A million drivers, one ping every four seconds, so that's about 25,000 writes a second.")
    assert [(link.ok, link.expected, link.operation) for link in wrong] == [(False, 250_000.0, "divide")]
    right = derivations("500,000 riders refreshing every 5 seconds is 100,000 reads a second.")
    assert [link.ok for link in right] == [True]


def test_decimals_said_in_words_are_read() -> None:
    links = derivations("That's one point five terabytes every minute, so about 25 gigs a second.")
    assert [link.ok for link in links] == [True]


def test_a_day_squeezed_into_office_hours_is_not_a_slip() -> None:
    links = derivations("About a million redirects a day, about 35 a second across an office day.")
    assert [link.ok for link in links] == [True]


def test_a_rate_after_the_candidates_own_working_is_still_checked_against_the_daily_volume() -> None:
    from analysis.derivations import derivations

    wrong = derivations("So that's 6 billion timeline reads a day. A day is about 86,400 seconds, call it 100K, "
                        "so that's roughly 6,000 reads per second on average.")
    assert [link.ok for link in wrong][-1:] == [False]
    right = derivations("So that's 6 billion timeline reads a day. A day is about 86,400 seconds, call it 100K, "
                        "so that's roughly 60,000 reads per second on average.")
    assert all(link.ok for link in right)
    peak = derivations("10 million orders a day. Black Friday maybe 10 to 20 times that, so around 2,000 orders a second.")
    assert all(link.ok for link in peak)  # a factor on the way: not the plain conversion, not judged as one
    other = derivations("300 million daily active users and 6,000 reads per second.")
    assert other == []  # users a day and reads a second are different things
    per_user = derivations("Each user makes about 150 requests a day. 30,000 active users a day means about 140 "
                           "requests a second in working hours.")
    assert all(link.ok for link in per_user)  # users to requests goes through the per-user rate: not a conversion
    same = derivations("30,000 requests a day means about 140 requests a second.")
    assert [link.ok for link in same] == [False]


def test_a_volume_divided_by_the_candidates_own_seconds_is_checked_whatever_the_rate_is_called() -> None:
    from analysis.derivations import derivations

    said = "Say 100 million new links a month. A month is about 2.5 million seconds, so that's around {} writes a second."
    assert [link.ok for link in derivations(said.format(400))] == [False]
    assert [link.ok for link in derivations(said.format(40))] == [True]
    after = derivations(said.format(40) + " Reads are heavier, say 100 to 1, so 4,000 redirects a second.")
    assert all(link.ok for link in after)  # the ratio is a factor of its own: the read rate is not a conversion
    loose = derivations("100 million visits a month, and about 400 writes a second.")
    assert loose == []  # no seconds of their own in between: visits and writes are different things


def test_a_total_after_the_size_of_one_item_is_checked_against_the_count_said_before() -> None:
    from analysis.derivations import derivations

    def totals(text: str) -> list[bool]:
        return [link.ok for link in derivations(text) if "×" in link.expression]

    assert totals("That is 500,000 cards. Each card is maybe 2 KB, so about 1 TB total.") == [False]
    assert totals("That is 500,000 cards. Each card is maybe 2 KB, so about 1 GB total.") == [True]
    assert totals("100 million photos. Each photo is 2 MB and each thumbnail 20 KB, so 200 TB.") == []  # whose size?
    assert totals("50 million users. Each order is 1 KB, so about 5 GB.") == []  # orders were never counted


def test_a_spoken_division_by_the_seconds_in_a_month_is_checked_and_2000_is_a_count_not_a_year() -> None:
    from analysis.derivations import derivations

    said = ("so 500 million a month uh divided by the seconds in a month which is about 2.5 million so thats um "
            "around {} writes per second")
    assert [link.ok for link in derivations(said.format(2000))] == [False]
    assert [link.ok for link in derivations(said.format(200))] == [True]
    assert derivations("In 2020 we had 5 million users.") == []


def test_an_old_claim_quoted_while_correcting_it_is_not_checked_again(analyzer) -> None:
    fixed = analyzer.analyze("Actually, I need to correct something. I said a million keys at 100 bytes each is 10 GB. "
                             "That's wrong: a million times 100 bytes is 100 MB.")
    assert all(a.ok for a in fixed.arithmetic) and fixed.arithmetic
    wrong = analyzer.analyze("A million keys times 100 bytes is 10 GB.")
    assert wrong.arithmetic and not wrong.arithmetic[0].ok and "thousands times millions" not in wrong.arithmetic[0].hint


def test_a_product_of_bare_numbers_is_right_up_to_the_prefix_said_earlier(analyzer) -> None:
    right = analyzer.analyze("About 300 terabytes a day. Over a year that's 300 times 365, about 110 petabytes.")
    assert right.arithmetic and all(a.ok for a in right.arithmetic)
    wrong = analyzer.analyze("About 300 terabytes a day. Over a year that's 300 times 365, about 11 petabytes.")
    assert wrong.arithmetic and not wrong.arithmetic[0].ok


def test_a_slip_put_right_in_the_same_breath_is_not_challenged(analyzer) -> None:
    fixed = analyzer.analyze("5,000 companies times 200 seats is 100,000 users, no, sorry, that's wrong, 5,000 times "
                             "200 is a million users.")
    assert fixed.arithmetic and all(a.ok for a in fixed.arithmetic)
    assert not analyzer.analyze("5,000 companies times 200 seats is 100,000 users.").arithmetic[0].ok


def test_a_power_said_in_words_is_checked_as_a_power() -> None:
    from analysis.derivations import spoken_to_digits

    assert spoken_to_digits("62 to the 7th, which is around 350 billion") == "62^7, which is around 350 billion"
    assert spoken_to_digits("62 to the power of 7 is about 3.5 trillion") == "62^7 is about 3.5 trillion"


def test_unit_registry_is_cached_under_the_data_directory_and_rebuilt_when_damaged(isolated_env: Path) -> None:
    from analysis.derivations import registry

    build = registry.__wrapped__  # past the in-process memo: what a fresh process does
    assert build().Quantity(1, "GB").to("MB").magnitude == 1000
    folder = isolated_env / "cache" / "pint"
    pickles = sorted(folder.glob("*.pickle"))
    assert pickles, "the parsed definitions are kept for the next process"
    for stored in pickles:
        stored.write_bytes(b"damaged")
    assert build().Quantity(2, "TB/day").to("MB/s").magnitude == pytest.approx(23.15, rel=0.01)
    assert all(p.read_bytes() != b"damaged" for p in folder.glob("*.pickle"))


def test_a_daily_volume_divided_by_the_day_in_seconds_is_checked_whatever_follows() -> None:
    """ "…a day, divide by 86,400 and that's around N QPS, maybe M at peak": the N is checked, the later peak is
    another figure."""
    wrong = [d for d in derivations("Lookups: 3 billion a day, divide by 86,400 and that's around 3,500 QPS, maybe "
                                    "10,000 at peak.")]
    assert [(d.given, d.ok) for d in wrong] == [(3500.0, False)]
    right = [d for d in derivations("Lookups: 3 billion a day, divide by 86,400 and that's around 35,000 QPS, "
                                    "maybe 100,000 at peak.")]
    assert [d.ok for d in right] == [True]


@pytest.mark.parametrize("text, ok", [
    ("If an average photo is 2 megabytes after compression, 100 million photos a day is 20 terabytes a day.", False),
    ("If an average photo is 2 megabytes, 100 million photos a day is 200 terabytes a day.", True),
    ("Say each message is 1 KB, 10 billion messages a day is 10 TB a day.", True),
])
def test_a_size_supposed_before_the_count_is_checked_as_count_times_size(text: str, ok: bool) -> None:
    links = derivations(text)
    assert len(links) == 1 and links[0].ok is ok and links[0].operation == "multiply"


def test_a_pause_before_the_result_still_checks_the_step_and_quotes_it_as_said() -> None:
    links = derivations("100,000 keys times 50 bytes is... 50 megabytes.")
    assert len(links) == 1 and not links[0].ok and links[0].claim == "100,000 keys times 50 bytes is... 50 megabytes."
    assert derivations("That covers the write path... 50 servers handle it.") == []


def test_a_step_begun_in_the_next_sentence_goes_on_from_the_last_result() -> None:
    links = derivations("Storage: 10 million times 3 MB is 30 terabytes a day. Times 365, that's about a petabyte a "
                        "year.")
    assert [link.ok for link in links] == [True, False]
    assert round(links[1].expected, 1) == 11.0  # petabytes a year: the reading nearest what they said
    (ok,) = derivations("That's 50 GB a day. Times 365 is about 18 TB a year.")
    assert ok.ok


def test_a_step_that_opens_a_turn_on_the_figure_that_closed_the_one_before_is_checked(analyzer) -> None:
    before = "About 180,000 daily actives each send 80 messages a day. That's 14.4 million messages a day."
    slip = analyzer.analyze("Divided by 86,400 seconds, that's about 1,700 messages a second on average.",
                            previous_candidate=before)
    assert [(c.given, round(c.expected), c.ok) for c in slip.arithmetic] == [(1700, 167, False)]
    right = analyzer.analyze("Divided by 86,400 seconds, that's about 167 a second.", previous_candidate=before)
    assert all(c.ok for c in right.arithmetic) and right.arithmetic
    alone = analyzer.analyze("Divided by 86,400 seconds, that's about 1,700 messages a second on average.")
    assert not alone.arithmetic  # nothing to divide without the turn before


def test_a_head_count_said_earlier_is_the_factor_every_user_stands_for() -> None:
    said = ("A million registered users, maybe 20 percent daily active. Storage: even if every user had 1,000 tasks "
            "at 1 KB, that's 1 TB, and realistically most have under a hundred.")
    [link] = [k for k in derivations(said) if "every user" in k.claim]
    assert link.ok, link
    off = "A million registered users. Storage: even if every user had 1,000 tasks at 1 KB, that's 50 TB."
    [wrong] = [k for k in derivations(off) if "every user" in k.claim]
    assert not wrong.ok  # the head count does not rescue a figure it does not explain
    bare = "A million registered users. A task list of 1,000 tasks at 1 KB is 1 TB."
    assert not any(k.ok for k in derivations(bare) if "1 TB" in k.claim)  # no "every user": no unshown factor


def test_a_factor_said_earlier_in_the_same_sentence_and_a_rounded_divisor_are_not_slips() -> None:
    spoken = ("memory for that, ten million active users times we keep like the last three hundred post ids times eight "
              "bytes is um twenty four gigs plus overhead")
    assert all(k.ok for k in derivations(spoken)), derivations(spoken)
    off = spoken.replace("twenty four gigs", "ninety gigs")
    assert not all(k.ok for k in derivations(off))
    rounded = ("So reads: 300 million times 5 is 1.5 billion feed loads a day. I'll round 86,400 seconds up to 10^5, so "
               "that's about 15K QPS average.")
    assert all(k.ok for k in derivations(rounded)), derivations(rounded)
    assert not all(k.ok for k in derivations("62^7 is about 35 trillion codes."))  # a power said as its value is checked


@pytest.mark.parametrize("text,ok", [
    ("20 billion minutes times 60 times 3 million bits is about 3.6 times 10^18 bits a day.", True),
    ("20 billion minutes times 60 times 3 million bits is about 3.6 times 10 to the 18 bits a day.", True),
    ("20 billion minutes times 60 times 3 million bits is about 3.6 x 10^17 bits a day.", False),
    ("So that's 4 times 10^9 writes a day, divided by 86,400 is about 46,000 a second.", True),
    ("So that's 4 times 10^9 writes a day, divided by 86,400 is about 460,000 a second.", False),
])
def test_a_result_said_in_powers_of_ten_is_one_number(text: str, ok: bool) -> None:
    links = derivations(text)
    assert links and all(link.ok for link in links) is ok, links


@pytest.mark.parametrize("text", [
    "Assume one and a half billion monthly users, about 600 million daily.",
    "Say 40 million monthly users, roughly 12 million daily.",
])
def test_monthly_and_daily_users_are_populations_not_a_rate(text: str) -> None:
    assert all(link.ok for link in derivations(text)), derivations(text)
    assert not derivations("That's 300 million uploads a month, so about 1 million a day.")[0].ok  # a rate still is
