"""A design choice put to the interviewer ("Kafka or SQS here?") is neither ignored nor picked for the candidate:
with a reasoned pick, what would change their mind; with none, which they would pick and why. An either-or
requirement question gets no "yes"; what was asked comes before the clock; the numbers offered late are let in."""

from __future__ import annotations

from typing import Any

from agent.voice import render_offline
from analysis.choices import design_choices
from analysis.sentences import split_sentences
from knowledge.content import Knowledge
from tests.agent.test_listening import _reply


def _choices(text: str, named: tuple[str, ...] = ()) -> Any:
    return design_choices(split_sentences(text), lambda s: [n for n in named if n.lower() in s.text.lower()])


def test_a_choice_between_two_named_products_with_a_reasoned_lean_is_read_as_such() -> None:
    found = _choices("For the queue, should I use Kafka or something simpler like SQS? I'm leaning SQS since 2,000 a "
                     "second is well within it.", named=("Kafka", "SQS"))
    assert len(found) == 1
    assert found[0].options == ["Kafka", "SQS"] and found[0].lean == "SQS" and found[0].reasoned


def test_short_alternatives_closing_the_question_are_the_options() -> None:
    assert _choices("websockets or long polling here?")[0].options == ["websockets", "long polling"]
    assert _choices("should the redirect be a 301 or a 302?")[0].options == ["301", "302"]
    found = _choices("should the redirect be a 301 or a 302? i think 302 because we want the click counts.")
    assert found[0].lean == "302" and found[0].reasoned


def test_requirement_and_direction_questions_are_no_design_choice() -> None:
    assert not _choices("Is it ok if a notification gets sent twice now and then, or do we need exactly once?")
    assert not _choices("Do we need edits, or are posts immutable?")
    assert not _choices("Which do you want deeper: short code generation, or the click counting?")
    assert not _choices("Should I go deeper on the queue or move on to failures?")
    assert not _choices("Should I write out the table schema, or is listing the columns enough?")
    assert not _choices("What are we rate limiting, API calls, logins or payments?")
    assert not _choices("how many users do we have, or is that something I should assume?")
    assert not _choices("Does any of this carry payment data that would put us under something like HIPAA or PCI?")


def test_a_reasoned_pick_is_weighed_not_ignored(kb: Knowledge, analyzer: Any) -> None:
    text = ("For the queue, should I use Kafka or something simpler like SQS? I'm leaning SQS since 2,000 a second "
            "is well within it and we don't need replay.")
    d, _ = _reply(kb, analyzer, text, problem="notification-system", phase="deep_dive", minute=17.0,
                  covered={"questions": ["q"], "components": ["api", "queue", "workers"]})
    assert d.act.kind == "weigh_choice" and d.act.subject == "reasoned"
    line = render_offline(d.act, thread_id="t", turn=3)
    assert "switch to Kafka" in line and "SQS" not in line.split("switch to")[0].split(".")[-1]


def test_an_open_choice_is_put_back_with_both_options(kb: Knowledge, analyzer: Any) -> None:
    d, _ = _reply(kb, analyzer, "ok so for the live updates, websockets or long polling here?", problem="b2b-chat",
                  phase="high_level_design", minute=14.0, covered={"questions": ["q"]})
    assert d.act.kind == "weigh_choice" and d.act.subject == "open"
    line = render_offline(d.act, thread_id="t", turn=2)
    assert "websockets or long polling" in line and "which would you pick" in line.lower()
    assert not d.act.your_call and "assume" not in line.lower()


def test_a_bare_lean_is_asked_what_tips_it(kb: Knowledge, analyzer: Any) -> None:
    text = "Would you prefer I use Postgres or DynamoDB for the delivery log? I'd probably go with Postgres."
    d, _ = _reply(kb, analyzer, text, problem="notification-system", phase="high_level_design", minute=15.0,
                  covered={"questions": ["q"]})
    assert d.act.kind == "weigh_choice" and d.act.subject == "lean"
    assert "Why Postgres over DynamoDB" in render_offline(d.act, thread_id="t", turn=2)


def test_an_either_or_requirement_question_gets_no_yes(kb: Knowledge, analyzer: Any) -> None:
    text = ("Does the calling service wait until the notification is delivered, or does it just need an "
            "acknowledgement that we took it?")
    d, _ = _reply(kb, analyzer, text, problem="notification-system", minute=3.0)
    assert d.act.answers
    assert not any(a.startswith("Yes") for a in d.act.answers)


def test_numbers_offered_late_with_none_given_are_let_in(kb: Knowledge, analyzer: Any) -> None:
    d, _ = _reply(kb, analyzer, "Okay I think I have enough. Let me do some numbers.", problem="notification-system",
                  phase="estimation", minute=11.8, covered={"questions": ["q", "r", "s"], "acts": ["ask_estimates"]})
    assert d.act.kind != "move_to_design" and d.phase == "estimation"


def test_a_choice_whose_costs_they_laid_out_is_asked_only_for_the_pick(kb: Knowledge, analyzer: Any) -> None:
    text = ("The real question is the real-time part. Should I use websockets here or would you be ok with long "
            "polling? Websockets are nicer, but they're long-lived stateful connections, and long polling fits our "
            "existing HTTP stack better.")
    d, _ = _reply(kb, analyzer, text, problem="b2b-chat", phase="high_level_design", minute=12.0,
                  covered={"questions": ["q"]})
    assert d.act.kind == "weigh_choice" and d.act.subject == "weighed"
    line = render_offline(d.act, thread_id="t", turn=4)
    assert "which would you pick" in line.lower() and "cost you" not in line


def test_a_want_said_with_its_reason_is_a_reasoned_pick() -> None:
    found = _choices("for the queues, should i do one queue per channel, or one big queue and the workers filter? i "
                     "kind of want per channel because if twilio gets slow i don't want that backing up push.")
    assert found and found[0].lean is not None and found[0].reasoned


def test_a_card_probe_left_with_a_bare_why_is_passed_over(kb: Knowledge) -> None:
    from agent.policy import _fit_to_stack

    question, foreign = _fit_to_stack(kb, "Kafka or RabbitMQ? Why?", True, ["dynamodb"], [])
    assert foreign and question != "Why?"


def test_a_numbered_walk_through_failures_of_their_own_is_let_run(kb: Knowledge, analyzer: Any) -> None:
    text = ("let me walk some failure modes, cause i think that's where this gets interesting. one, apns goes down "
            "or throttles us. the push queue just grows, the other channels don't care because separate queues. "
            "two, a worker crashes after sending but before marking it sent. the message comes back and we'd double "
            "send, so the worker records the idempotency key first.")
    d, _ = _reply(kb, analyzer, text, problem="notification-system", company="amazon", phase="deep_dive",
                  minute=24.0, covered={"questions": ["q"], "components": ["api", "queue", "workers"],
                                        "acts": ["deep_dive_probe"]})
    assert d.act.kind == "listen"


def test_a_choice_met_by_a_fact_on_neither_option_is_weighed_not_answered(kb: Knowledge, analyzer: Any) -> None:
    text = ("for the api there's POST /shorten with the long url in the body and it returns the short url. and GET "
            "/{code} that does the redirect. for the redirect should it be a 301 or 302? i think 301 is the "
            "permanent one")
    d, _ = _reply(kb, analyzer, text, problem="internal-url-shortener", phase="high_level_design", minute=9.0,
                  covered={"questions": ["q"]})
    assert d.act.kind == "weigh_choice" and not d.act.answers
    assert "Why 301 over 302" in render_offline(d.act, thread_id="t", turn=5)


def test_same_for_after_a_piece_ruled_out_rules_the_next_one_out(analyzer: Any, kb: Knowledge) -> None:
    text = ("Postgres handles a few hundred inserts a second easily. So I'd rule out Cassandra or a dedicated chat "
            "database, it's another system for 3 people to operate. Same for Kafka, we don't have the throughput to "
            "justify it.")
    a = analyzer.analyze(text, kb.problem("b2b-chat"))
    assert "kafka" in {m.tech_id for m in a.rejected}
    assert "kafka" not in {m.tech_id for m in a.technologies}


def test_still_asking_a_minute_past_the_requirements_budget_is_answered_not_cut_off(kb: Knowledge,
                                                                                   analyzer: Any) -> None:
    d, _ = _reply(kb, analyzer, "Can a user turn off just the marketing emails but keep getting security texts?",
                  problem="notification-system", minute=5.8, covered={"questions": ["q", "r", "s"]})
    assert d.act.kind in ("answer_question", "your_call") and d.phase == "requirements"
    d, _ = _reply(kb, analyzer, "Can a user turn off just the marketing emails but keep getting security texts?",
                  problem="notification-system", minute=9.0, covered={"questions": ["q", "r", "s"]})
    assert d.phase != "requirements"  # well past it: answered, and on to the numbers
