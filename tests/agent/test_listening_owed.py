"""A question of ours the candidate passed over is asked for once, named in other words, instead of a bare "go on";
a question on one of their own pieces is not chased."""

from __future__ import annotations

from typing import Any

import pytest

from agent.policy import choose_act
from agent.voice import render_offline
from analysis.turns import TurnAnalyzer
from kernel.transcript import Turn
from knowledge.content import Knowledge
from tests.agent.conftest import make_state


@pytest.fixture(scope="module")
def reader(kb: Knowledge, real_embedder: Any) -> TurnAnalyzer:
    return TurnAnalyzer(kb, real_embedder)


def _after(kb: Knowledge, reader: TurnAnalyzer, problem: str, act: dict[str, Any], text: str, minute: float = 28.0,
           **covered: Any) -> Any:
    card = kb.problem(problem)
    transcript = [Turn(role="interviewer", content=card.prompt, phase="requirements", minute=0.3),
                  Turn(role="interviewer", content=act["question"], phase="deep_dive", minute=minute - 1)]
    analysis = reader.analyze(text, card, previous_interviewer=act["question"])
    state = make_state(problem_id=problem, transcript=transcript, phase="deep_dive", minute=minute, act=act,
                       covered={"questions": ["q"], "acts": [act["kind"]], "asked": [act["tag"]], **covered})
    return choose_act(state, analysis, kb.problem(problem), kb)


_ANALYTICS = ("Going back to the redirect path for a second. The redirect service reads the code from the cache and "
              "falls back to Postgres on a miss, and we return a 302 so every click still reaches us. The write path "
              "checks the alias table and inserts the row in one transaction, so two people can't take the same code.")


def test_a_new_requirement_passed_over_is_asked_for_once_by_name(kb: Knowledge, reader: TurnAnalyzer) -> None:
    act = {"kind": "scale_twist", "phase": "deep_dive", "subject": "extend", "tag": "extend:2",
           "question": "Suppose we now want richer analytics (country, referrer, time of day). What would you add?"}
    d = _after(kb, reader, "url-shortener", act, _ANALYTICS)
    assert d.act.kind == "chase" and d.act.tag == "chase:extend:2", d.act
    said = render_offline(d.act, thread_id="t", turn=9)
    assert "richer analytics" in said and "Suppose" not in said
    answered = _after(kb, reader, "url-shortener", act, "For analytics I'd log each click with country and referrer to "
                      "a queue and roll the counts up by hour in a separate table, off the redirect path.")
    assert answered.act.kind != "chase"


def test_a_change_to_the_problem_passed_over_is_named_again_as_the_change(kb: Knowledge, reader: TurnAnalyzer) -> None:
    card = kb.problem("instagram-feed")
    act = {"kind": "scale_twist", "phase": "deep_dive", "tag": "twist:1",
           "question": f"{card.scale_twists[1]} What changes in your design?"}
    text = ("Let me go on with the feed read. Each user's feed is a list of the newest post IDs, the read takes the "
            "first page and fetches those posts in one batch, and the client pages with a cursor so nothing is skipped "
            "when new posts arrive. That keeps a feed load to two lookups whatever the follow count.")
    d = _after(kb, reader, "instagram-feed", act, text)
    assert d.act.kind == "chase" and d.act.tag == "chase:twist:1", d.act
    said = render_offline(d.act, thread_id="t", turn=9)
    assert "we add stories that disappear after 24 hours" in said, said


def test_a_question_on_their_own_piece_is_not_asked_for_again(kb: Knowledge, reader: TurnAnalyzer) -> None:
    act = {"kind": "depth_probe", "phase": "deep_dive", "subject": "Redis", "tag": "depth:trade:redis",
           "question": "What did you give up by choosing Redis, and when would that start to hurt?"}
    d = _after(kb, reader, "url-shortener", act, _ANALYTICS,
               technologies={"redis": True, "postgresql": True})
    assert d.act.kind != "chase", d.act


def test_a_primary_failing_is_no_question_for_a_design_whose_only_store_has_no_primary(kb: Knowledge) -> None:
    from agent.policy import _fit_to_stack

    asked = "The metadata database primary fails. Can people still watch?"
    assert _fit_to_stack(kb, asked, False, ["dynamodb", "object-storage"], ["metadata db"])[1] == ["leaderless"]
    assert _fit_to_stack(kb, asked, False, ["dynamodb", "postgresql"], ["metadata db"])[1] == []  # which one: ask
    assert _fit_to_stack(kb, "The Redis primary fails. What happens?", False, ["cassandra", "redis"], [])[1] == []


def test_numbers_still_built_on_a_questioned_figure_get_no_good() -> None:
    from agent.acts import Act

    for turn in range(6):  # every wording of moving on to the design
        said = render_offline(Act(kind="move_to_design", phase="high_level_design", hint="numbers_open"),
                              thread_id="t", turn=turn)
        assert not said.startswith(("Good", "OK,", "Great")), said


def test_moving_on_from_a_questioned_figure_still_standing_is_said_without_praise(kb: Knowledge,
                                                                                  reader: TurnAnalyzer) -> None:
    card = kb.problem("twitter-timeline")
    history = [Turn(role="interviewer", content=card.prompt, phase="requirements", minute=0.3),
               Turn(role="candidate", content="6 billion reads a day. A day is about 100K seconds, so roughly 6,000 "
                                              "reads a second.", phase="estimation", minute=5.0),
               Turn(role="interviewer", content="Let me stop you on one number: 6,000 reads a second. Can you redo "
                                                "that division?", phase="estimation", minute=5.5)]
    text = "Writes: 600 million tweets a day, which is about 6,000 writes per second."
    analysis = reader.analyze(text, card, previous_interviewer=history[-1].content)
    state = make_state(problem_id="twitter-timeline", transcript=history, phase="estimation", minute=6.0,
                       act={"kind": "challenge_arithmetic", "phase": "estimation", "subject": "6,000 reads a second"},
                       covered={"questions": ["q"], "acts": ["challenge_arithmetic"]})
    d = choose_act(state, analysis, card, kb)
    assert d.act.hint == "numbers_open" or "challenge_arithmetic" in d.act.kinds(), d.act


@pytest.mark.parametrize("question,fact", [
    ("Is this an internal tool just for our company, or are we selling it to lots of companies?", "internal only"),
    ("And is it only managers who use it, or does every employee also see their own dashboard?", "every employee"),
    ("Do we need GDPR? Because this is employee data, maybe salaries too.", "personal data"),
])
def test_who_it_is_for_and_its_privacy_rules_are_answered_from_the_card(kb: Knowledge, reader: TurnAnalyzer,
                                                                         question: str, fact: str) -> None:
    card = kb.problem("employee-dashboard")
    transcript = [Turn(role="interviewer", content=card.prompt, phase="requirements", minute=0.3)]
    analysis = reader.analyze(question, card, previous_interviewer=card.prompt)
    d = choose_act(make_state(problem_id="employee-dashboard", transcript=transcript, phase="requirements",
                              minute=2.0, covered={"questions": ["q"]}), analysis, card, kb)
    assert any(fact in a for a in d.act.answers), d.act


def test_how_people_use_it_is_a_requirement_not_a_design_choice_put_back(kb: Knowledge, reader: TurnAnalyzer) -> None:
    card = kb.problem("employee-dashboard")
    text = ("And where does the data come from? Do people type it into our app, or do we pull it from their HR "
            "system, like BambooHR or Workday or something?")
    analysis = reader.analyze(text, card, previous_interviewer=card.prompt)
    assert not analysis.choices
    transcript = [Turn(role="interviewer", content=card.prompt, phase="requirements", minute=0.3)]
    d = choose_act(make_state(problem_id="employee-dashboard", transcript=transcript, phase="requirements",
                              minute=5.0, covered={"questions": ["q"]}), analysis, card, kb)
    assert any("nightly exports" in a for a in d.act.answers)
    assert "which would you pick" not in render_offline(d.act, thread_id="t", turn=6)


def test_a_slip_put_right_later_in_the_same_turn_is_not_challenged(kb: Knowledge, reader: TurnAnalyzer) -> None:
    card = kb.problem("twitter-timeline")
    text = ("Numbers. Reads: 300M times 10 is 3B timeline loads a day, over about 86k seconds that's roughly 3.5k QPS. "
            "Wait, that's off by 10x. 3B over 86k is about 35k QPS, peak at 2 to 3x, so call it 100k.")
    analysis = reader.analyze(text, card, previous_interviewer="Give me the rough numbers.")
    assert any(not a.ok for a in analysis.arithmetic)  # the slip is read as one
    transcript = [Turn(role="interviewer", content=card.prompt, phase="requirements", minute=0.3)]
    d = choose_act(make_state(problem_id="twitter-timeline", transcript=transcript, phase="estimation", minute=5.0,
                              covered={"questions": ["q"]}), analysis, card, kb)
    assert "challenge_arithmetic" not in d.act.kinds(), d.act
