"""A question the candidate puts to us is answered as asked: two ways offered get a pick, a product decision the card
is silent on is theirs to make and cost, a piece left out for a stated reason is let go, a reading they state and
put to us is confirmed, and a question about us kept for the end is answered at the end."""

from __future__ import annotations

from typing import Any

import pytest

from agent.policy import choose_act, close_act
from agent.voice import render_offline
from analysis.intent import asks, offered_options
from analysis.sentences import split_sentences
from analysis.turns import TurnAnalyzer
from kernel.transcript import Turn
from knowledge.content import Knowledge
from tests.agent.conftest import make_state


@pytest.fixture(scope="module")
def reader(kb: Knowledge, real_embedder: Any) -> TurnAnalyzer:
    return TurnAnalyzer(kb, real_embedder)


def _kinds(text: str) -> list[tuple[str, str | None]]:
    return [(a.kind, a.meta) for _, a in asks(split_sentences(text))]


def _reply(kb: Knowledge, reader: TurnAnalyzer, problem: str, question: str, text: str, phase: str = "failure_modes",
           minute: float = 27.0, **covered: Any) -> tuple[Any, str]:
    card = kb.problem(problem)
    transcript = [Turn(role="interviewer", content=card.prompt, phase="requirements", minute=0.3),
                  Turn(role="interviewer", content=question, phase=phase, minute=minute - 1)]
    analysis = reader.analyze(text, card, previous_interviewer=question)
    act = {"kind": "depth_probe", "phase": phase, "tag": "depth:x", "question": question}
    state = make_state(problem_id=problem, transcript=transcript, phase=phase, minute=minute, act=act,
                       covered={"questions": ["q"], "acts": ["depth_probe"], "asked": ["depth:x"],
                                "components": ["api", "database"], **covered})
    decision = choose_act(state, analysis, card, kb)
    return decision, render_offline(decision.act, thread_id="t", turn=12)


def test_two_ways_offered_are_read_as_a_choice_put_to_us() -> None:
    text = "Do you want me to go into multi-region, or the hydration path? I'd argue hydration is where the latency lives."
    assert _kinds(text) == [("meta", "direction")]
    assert offered_options(text) == ["hydration path", "multi-region"]  # the one they argue for first
    plan = "I'm going to go into transcoding now unless you'd rather I start with delivery"
    assert _kinds(plan) == [("meta", "direction")]
    assert offered_options(plan) == ["transcoding", "delivery"]
    assert offered_options("should I talk about caching or not?") == []  # "not" is no way to go


def test_spoken_checks_and_choices_are_heard() -> None:
    assert _kinds("Was that too simple? I wasn't sure how deep I should go for a startup.")[0] == ("meta", "check")
    assert _kinds("Is there an area you'd like me to revisit?") == [("meta", "invite")]
    assert _kinds("great so first question is scale because it changes basically everything are we talking like "
                  "YouTube scale public video or more of an internal enterprise video thing with a few thousand users")
    assert _kinds("So we talked about the cache and the queue, and the workers read from it.") == []


def test_a_pick_among_the_ways_offered(kb: Knowledge, reader: TurnAnalyzer) -> None:
    d, said = _reply(kb, reader, "twitter-timeline", "How does the fan-out worker keep up?",
                     "Do you want me to go into multi-region, or the hydration path? I'd argue hydration is where the "
                     "latency lives.", phase="deep_dive", minute=24.0)
    assert d.act.kind == "give_direction" and "hydration" in said, said


def test_a_product_decision_the_card_is_silent_on_is_theirs_to_make(kb: Knowledge, reader: TurnAnalyzer) -> None:
    d, said = _reply(kb, reader, "video-platform", "How would you know the metadata store is in trouble?",
                     "quick question for you, do you want copyright matching like content ID in the critical path or "
                     "async, because it's a real product decision whether a video can go public before matching "
                     "finishes")
    assert "Either is defensible" in said and "?" not in said, said  # no new question stacked on their pick
    assert "end" not in said  # not a question about us, kept for the wrap-up


def test_a_piece_left_out_with_a_reason_is_let_go(kb: Knowledge, reader: TurnAnalyzer) -> None:
    d, said = _reply(kb, reader, "ecommerce-checkout", "What would you do if the payment provider times out?",
                     "is it ok that im not really talking about caching i dont think checkout needs a cache that much "
                     "like maybe for product prices but you kind of want the real price when you pay",
                     phase="deep_dive", minute=28.0)
    assert "your reason holds" in said and "How would you handle it" not in said, said


def test_a_reading_of_theirs_put_to_us_is_confirmed(kb: Knowledge, reader: TurnAnalyzer) -> None:
    d, said = _reply(kb, reader, "photo-storage", "A shared album link gets a million views an hour. What happens?",
                     "I'd cache the album's resolved contents, token to list of photo URLs, with a short TTL, maybe a "
                     "minute. If the owner revokes the link there's up to a minute of staleness, which... I think is "
                     "acceptable? Unless you think revocation has to be instant.", phase="deep_dive", minute=22.0)
    assert "fair assumption" in said and "Your call. Say what" not in said, said


def test_a_question_about_us_kept_for_the_end_is_answered_at_the_end(kb: Knowledge, reader: TurnAnalyzer) -> None:
    question = "One question for you: does the team own matching, or more the location platform underneath it?"
    d, said = _reply(kb, reader, "ride-sharing", "A matching server dies mid-offer. What breaks?", question)
    assert d.act.kind == "redirect" and d.covered.get("owed") == [question], d.act
    card = kb.problem("ride-sharing")
    state = make_state(problem_id="ride-sharing", phase="failure_modes", minute=33.0,
                       transcript=[Turn(role="interviewer", content=card.prompt, phase="requirements", minute=0.3),
                                   Turn(role="interviewer", content=said, phase="failure_modes", minute=32.5)],
                       covered={"owed": [question], "acts": ["redirect"], "asked": []})
    closing = close_act(state, kb)
    spoken = render_offline(closing.act, thread_id="t", turn=20)
    assert "You asked earlier" in spoken and "does the team own matching" in spoken, spoken
    answered = close_act(make_state(problem_id="ride-sharing", phase="wrap_up", minute=44.0,
                                    covered={"owed": [question], "questions_answered": True}), kb)
    assert "You asked earlier" not in render_offline(answered.act, thread_id="t", turn=20)
