"""Spoken turns read as meant: a choice put after a comma asks, a result said with a rising voice does not, a
slip put right in the same breath is not theirs to defend, and a product carried into the next sentence is checked."""

from __future__ import annotations

import pytest

from analysis.derivations import derivations
from analysis.intent import asks
from analysis.phrases import SCOPING
from analysis.sentences import split_sentences


def _asked(text: str) -> list[tuple[str, str]]:
    return [(s.text, a.kind) for s, a in asks(split_sentences(text))]


@pytest.mark.parametrize("text", [
    "ok hi. like who uses this, is it just our own team internally or is it a product we sell to other companies.",
    "so for the sizing, is it mostly reads or is it a lot of writes too.",
])
def test_a_choice_put_after_a_comma_asks_whatever_mark_ends_it(text: str) -> None:
    assert _asked(text)


def test_a_question_after_asking_to_ask_is_not_an_example_of_that_ask() -> None:
    found = _asked("um before i start can i ask a few questions first. like who uses this, is it just our own "
                   "team internally or is it a product we sell to other companies")
    assert [k for _, k in found] == ["meta", "fact"]


def test_a_result_said_with_a_rising_voice_is_no_question() -> None:
    text = ("thats 200,000 requests a day. divided by the seconds in a day thats like... 200 a second? so not that "
            "much i think")
    assert not _asked(text)


def test_a_relative_clause_going_on_is_no_question() -> None:
    assert not _asked("so we're capacity bound, as long as a read really is one seek. which is um which is the catch")
    assert _asked("which is better here, a queue or a cron job")


@pytest.mark.parametrize("text", [
    "should i also do the api endpoints or is the schema enough",
    "um sorry totally random but what do you actually work on day to day here, like is it infra stuff like this",
    "is the team here fully remote or do you guys go in to an office",
])
def test_asks_about_the_interview_or_the_interviewer(text: str) -> None:
    kinds = [k for _, k in _asked(text)]
    assert kinds and kinds[0] in ("meta", "off_topic")


def test_off_topic_asks_are_off_topic() -> None:
    for text in ("is the team here fully remote or do you guys go in to an office",
                 "um sorry totally random but what do you actually work on day to day here, like is it infra stuff"):
        assert [k for _, k in _asked(text)] == ["off_topic"]


def test_seconds_in_a_day_said_in_words_make_the_conversion_checkable() -> None:
    slip = derivations("thats 200,000 requests a day. divided by the seconds in a day thats like 200 a second")
    right = derivations("thats 2,000,000 requests a day. divided by the seconds in a day thats like 23 a second")
    assert [link.ok for link in slip] == [False] and [link.ok for link in right] == [True]


def test_a_slip_put_right_in_the_same_breath_is_not_judged() -> None:
    text = "raw is 720k times 2 GB, roughly 1.4 exabytes a day, sorry, petabytes, 1.4 PB a day."
    assert all(link.ok for link in derivations(text))


@pytest.mark.parametrize("text,ok", [
    ("350 terabytes a day. and then times 365 that's uh roughly 12 petabytes a year", False),
    ("350 terabytes a day, and then times 365 that's roughly 128 petabytes a year", True),
])
def test_a_product_carried_on_with_and_then_times_is_checked(text: str, ok: bool) -> None:
    assert [link.ok for link in derivations(text)] == [ok]


@pytest.mark.parametrize("text", [
    "We've only got 30 minutes, so I'll scope hard.",
    "The real feed has ranking and real-time updates, so let me scope it.",
    "I'm going to assume in-app inbox is out unless you tell me otherwise.",
])
def test_setting_scope_in_other_words(text: str) -> None:
    assert SCOPING.search(text.lower())


def test_out_of_the_question_is_not_scope() -> None:
    assert not SCOPING.search("i assume a rewrite is out of the question")


def test_an_estimate_said_with_a_rising_voice_after_a_comma_is_no_question() -> None:
    assert not _asked("memory wise, um, each user needs like tokens and a timestamp plus the key, so maybe 50 bytes?")


def test_a_scope_left_open_for_us_to_change_asks() -> None:
    text = ("I'd explicitly leave out recommendations, comments, live streaming and ads. If you want one of those back "
            "in, tell me now so I can budget time for it.")
    assert [k for _, k in _asked(text)] == ["scope"]


@pytest.mark.parametrize("text", [
    "I can go deep on playback and the CDN, or on how the pipeline behaves when things fail.",
    "My instinct is playback, but tell me if you'd rather see the other one.",
    "i think thats it? am i missing something big",
])
def test_ways_offered_and_check_ins_said_as_statements_ask_us(text: str) -> None:
    assert [k for _, k in _asked(text)][-1:] == ["meta"]


@pytest.mark.parametrize("text", [
    "ads and recommended content, i'm gonna treat those as other sources that plug in but i won't design them.",
    "i'm gonna assume posting itself exists, like there's a post service.",
])
def test_leaving_parts_out_in_speech_sets_scope(text: str) -> None:
    assert SCOPING.search(text)


def test_two_ways_offered_after_a_comma_and_like_are_read() -> None:
    from analysis.intent import offered_options

    text = "which part do you want me to go deeper on, like the ranking side or the fanout and storage side?"
    assert offered_options(text) == ["ranking side", "fanout and storage side"]


def test_a_head_count_near_a_year_is_a_count() -> None:
    from analysis.figures import parse_figures

    assert [(f.figure.value, f.figure.unit) for f in parse_figures("lets say 2000 employees")] == [(2000.0, "users")]
    assert parse_figures("in 2000 this was new") == []


def test_a_slip_put_right_in_the_next_breath_is_not_judged() -> None:
    text = ("say one in ten DAU posts once a day, so 50 million posts a day, which is about 6,000 a second. hmm, wait, "
            "no. 50 million over 86,400 is about 580 a second, I slipped a zero.")
    assert [(link.given, link.ok) for link in derivations(text)] == [(580.0, True)]


def test_how_big_are_we_talking_asks_for_users() -> None:
    from analysis.phrases import TOPIC_RULES

    text = "how big are we talking, facebook sized or a new app with a few million users?"
    assert TOPIC_RULES["users"].search(text) and not TOPIC_RULES["data_size"].search(text)


def test_how_many_after_a_comma_asks_whatever_mark_ends_it() -> None:
    assert [k for _, k in _asked("sorry one more question, how many employees does the company have. i dont want "
                                 "to make up a number thats totaly off")] == ["fact"]


def test_three_ways_offered_and_the_one_they_lean_to_comes_first() -> None:
    from analysis.intent import leans_to, offered_options

    text = ("Which part would you like me to go deeper on, key generation, hot links, or analytics? If you don't "
            "have a preference I'll take hot links, since that's where I think this breaks first.")
    assert offered_options(text) == ["hot links", "key generation", "analytics"] and leans_to(text)


@pytest.mark.parametrize("text,ok", [
    ("that's 10 million photos, 20 TB a day, so over 5 years something like 3.6 petabytes.", False),
    ("20 TB a day, so over 5 years something like 36 petabytes", True),
])
def test_so_over_five_years_something_like_is_checked(text: str, ok: bool) -> None:
    assert [link.ok for link in derivations(text)] == [ok]


def test_their_own_reading_with_i_think_is_no_question() -> None:
    assert not _asked("each page load might call like 5 widgets so 60 qps. thats pretty small i think?")


def test_an_aside_said_to_be_off_the_design_is_one_ask_about_the_stack() -> None:
    text = ("Quick one not about the design, is the team running this on Kubernetes already or still plain VMs? Just "
            "curious what I'd actually be deploying into.")
    kinds = [k for _, k in _asked(text)]
    assert len(kinds) == 1 and kinds != ["off_topic"]  # the stack we run is a requirement, asked once
    assert [k for _, k in _asked("Quick one not about the design, are you fully remote? Just curious.")] == \
        ["off_topic"]


def test_a_question_reported_inside_a_long_spoken_statement_is_no_question() -> None:
    assert _asked("ok so high level um the calling service hits a notification api with the user id and some "
                  "parameters the api validates it checks the users preferences like did they opt out of sms and then "
                  "it puts a message on a queue and theres one queue per channel so push email sms") == []
    assert _asked("ok thanks and um do we need to support sms for every country or just the us")
