"""The interviewer listens: each reply fits what the candidate actually said (turn reading without embeddings)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from agent.acts import phase_end
from agent.policy import choose_act
from agent.voice import render_offline
from kernel.transcript import Turn
from knowledge.content import Knowledge
from tests.agent.conftest import make_state


def _reply(kb: Knowledge, analyzer: Any, text: str, problem: str = "url-shortener", **state: Any) -> Any:
    card = kb.problem(problem)
    history = state.pop("history", [])
    transcript = [Turn(role="interviewer", content=card.prompt, phase="requirements", minute=0.3)]
    transcript += [Turn(role=r, content=t, phase="requirements", minute=1.0) for r, t in history]
    previous = next((t for r, t in reversed(history) if r == "interviewer"), card.prompt)
    analysis = analyzer.analyze(text, card, previous_interviewer=previous)
    return choose_act(make_state(problem_id=problem, transcript=transcript, **state), analysis, card, kb), analysis


def _after_failure_question(kb: Knowledge, analyzer: Any, problem: str, n: int, turn: str, minute: float,
                            **state: Any) -> Any:
    """The reply to ``turn`` right after we put the card's failure question ``n`` (in the failure phase)."""
    question = kb.problem(problem).failure_questions[n]
    previous = {"kind": "failure_probe", "phase": "failure_modes", "question": question, "tag": f"failure:{n}"}
    covered = {"questions": ["q"], "acts": ["failure_probe"], "asked": [f"failure:{n}"], **state.pop("covered", {})}
    return _reply(kb, analyzer, turn, problem=problem, phase="failure_modes", minute=minute, act=previous,
                  covered=covered, history=[("interviewer", question)], **state)


def test_a_scope_question_gets_the_scope_not_a_figure(kb, analyzer):
    d, a = _reply(kb, analyzer, "What features are in scope for this?")
    assert a.asks[0].kind == "scope"
    assert d.act.answers and not d.act.assume


def test_a_requirement_the_card_is_silent_on_is_the_candidates_call(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Do we need GDPR compliance?", covered={"questions": ["q"]})
    assert d.act.kind in ("your_call", "answer_question") and not d.act.assume


def test_an_off_topic_question_is_redirected(kb, analyzer):
    d, a = _reply(kb, analyzer, "Random question, what's your favourite database?", covered={"questions": ["q"]})
    assert a.intent == "off_topic" and d.act.kind == "redirect"


def test_a_question_about_where_to_go_deeper_gets_a_direction(kb, analyzer):
    d, a = _reply(kb, analyzer, "Which part do you want me to go deeper on?", phase="deep_dive", minute=25.0,
                  covered={"questions": ["q"], "components": ["a", "b", "c"]})
    assert a.asks[0].meta == "direction" and d.act.kind == "give_direction" and d.act.question


def test_correct_arithmetic_is_not_challenged_and_a_slip_is(kb, analyzer):
    good, _ = _reply(kb, analyzer, "10B a day is about 116K a second, times 3 at peak is about 350K a second.",
                     phase="estimation", covered={"questions": ["q"]})
    assert "challenge_arithmetic" not in good.act.kinds()
    bad, _ = _reply(kb, analyzer, "16M a day is about 1,600 a second.", phase="estimation", covered={"questions": ["q"]})
    assert bad.act.kind == "challenge_arithmetic" and "86,400" in (bad.act.hint or "")


def test_a_technology_the_interviewer_introduced_or_the_candidate_ruled_out_is_not_questioned(kb, analyzer):
    history = [("candidate", "How many API servers?"), ("interviewer", "About 20 API servers behind a load balancer.")]
    d, _ = _reply(kb, analyzer, "The load balancer spreads requests over the servers.", problem="rate-limiter",
                  history=history, phase="high_level_design", covered={"questions": ["q"]})
    assert "load-balancer" not in " ".join(t for t in d.covered.get("pushed_back", []))
    d, _ = _reply(kb, analyzer, "No Kafka and no Cassandra: a single Postgres handles 1,160 writes a second.",
                  phase="high_level_design", covered={"questions": ["q"]})
    assert not {"kafka", "cassandra"} & set(d.covered.get("pushed_back", []))


def test_a_bare_technology_gets_a_why_that_names_it(kb, analyzer):
    d, _ = _reply(kb, analyzer, "We'll put Kafka between the two services.", phase="high_level_design",
                  covered={"questions": ["q"]})
    assert d.act.kind in ("push_back_tech", "push_back_overengineering") and "Kafka" in (d.act.subject or "")


def test_the_interviewer_concedes_when_its_check_was_wrong(kb, analyzer):
    history = [("candidate", "100M a day is about 1,160 a second."),
               ("interviewer", "Check that. 100 million a day sounds more like 11,600 a second.")]
    d, _ = _reply(kb, analyzer, "I think 1,160 is right: 100,000,000 divided by 86,400 is about 1,157.",
                  history=history, phase="estimation", covered={"questions": ["q"]})
    assert "challenge_arithmetic" not in d.act.kinds()
    assert any("right" in n for n in d.act.notes)


def test_correct_arithmetic_about_something_else_after_a_challenge_concedes_nothing(kb, analyzer):
    history = [("candidate", "6 billion reads a day. A day is about 100K seconds, so roughly 6,000 reads a second."),
               ("interviewer", "Let me stop you on one number: 6,000 reads a second. Can you redo that division?")]
    d, _ = _reply(kb, analyzer, "Writes: 600 million tweets a day, which is about 6,000 writes per second.",
                  history=history, phase="estimation", covered={"questions": ["q"]})
    assert "concede_check" not in d.act.kinds() and not any("misread" in n for n in d.act.notes)
    assert d.act.hint != "numbers_hold"  # the challenged read rate still stands: no "the maths works"


def test_building_on_from_the_inputs_of_a_challenged_claim_concedes_nothing(kb, analyzer):
    claim = "20 million divided by 86,400 is about 2,300 uploads per second"
    history = [("candidate", f"10 million users, 2 photos each, so 20 million photos a day. {claim}."),
               ("interviewer", f'Let me stop you on one number: "{claim}". Can you redo that conversion?')]
    act = {"kind": "challenge_arithmetic", "phase": "estimation", "subject": claim}
    d, _ = _reply(kb, analyzer, "Storage is 20 million times 3 MB, which is 60 TB per day, so around 22 PB per year. "
                  "Plus thumbnails, maybe 3 sizes totalling 100 KB, which is another 2 TB a day.",
                  problem="photo-storage", history=history, phase="estimation", act=act, covered={"questions": ["q"]})
    assert "concede_check" not in d.act.kinds() and not any("misread" in n for n in d.act.notes)


@pytest.mark.parametrize("phase", ["deep_dive", "failure_modes"])
def test_a_summary_that_says_what_comes_next_is_not_asked_what_comes_next(kb, analyzer, phase):
    text = ("To wrap up: stateless redirect and write services, range-based IDs with base62, a key-value store "
            "sharded by code and a cache in front. With more time I'd cover analytics and custom aliases.")
    d, _ = _reply(kb, analyzer, text, phase=phase, minute=38.0, covered={"questions": ["q"], "acts": ["failure_probe"],
                                                                        "asked": ["failure:0", "failure:1"]})
    assert d.act.kind == "follow_up" and d.act.subject != "reflect"


def test_a_slip_worked_on_a_figure_we_gave_otherwise_gets_both_the_figure_and_the_slip(kb, analyzer):
    fact = "About 10,000 API requests per second at peak, spread over roughly 20 API servers behind a load balancer."
    history = [("candidate", "How many requests per second, and how many servers?"), ("interviewer", fact)]
    d, _ = _reply(kb, analyzer, "If we have 50,000 requests per second total and 20 API gateway servers, that's "
                  "50,000 divided by 20, which is 25,000 requests per second per server.", problem="rate-limiter",
                  history=history, phase="estimation", minute=7.0, covered={"questions": ["q"], "answers": [fact]})
    assert d.act.kinds()[:2] == ["challenge_input", "challenge_arithmetic"]
    assert "50,000" in (d.act.subject or "")


@pytest.mark.parametrize("fix", ["I added a zero", "I think I divided wrong before", "sorry, I messed that up"])
def test_a_redo_in_the_candidates_own_words_is_their_fix_not_our_misreading(kb, analyzer, fix):
    claim = "20 million divided by 86,400 is about 2,300 uploads per second"
    history = [("candidate", f"20 million photos a day. {claim}."),
               ("interviewer", f'Let me stop you on one number: "{claim}". Can you redo that conversion?')]
    act = {"kind": "challenge_arithmetic", "phase": "estimation", "subject": claim}
    d, _ = _reply(kb, analyzer, f"Let me look again: 20 million over 86,400 is about 230 per second, not 2,300, {fix}.",
                  problem="photo-storage", history=history, phase="estimation", act=act, covered={"questions": ["q"]})
    assert not any("misread" in n for n in d.act.notes)


def test_each_item_of_a_listed_scope_question_gets_its_fact(kb, analyzer):
    card = kb.problem("url-shortener")
    d, _ = _reply(kb, analyzer, "Do we need custom aliases, link expiration, and click analytics, or just shorten and "
                  "redirect?", covered={"questions": ["q"]})
    for topic in ("retention", "analytics"):
        fact = next(f.answer for f in card.hidden_facts if f.topic == topic)
        assert fact in d.act.answers, topic


def test_a_question_the_card_answers_is_answered_though_the_candidate_guesses_too(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Is it ok if the feed is a few seconds stale? I'd say yes, since then fan-out can be "
                  "fully asynchronous and the post request never blocks on hundreds of writes to follower caches.",
                  problem="news-feed", covered={"questions": ["q"]})
    assert d.act.answers and d.act.kind == "answer_question"


def test_a_fixed_slip_still_worked_from_the_questioned_figure_is_questioned_again(kb, analyzer):
    fact = "Around 20 million rides a day, with peak hours running at roughly three times the daily average."
    claim = "10 million over 86,000 is about a thousand ride requests per second"
    history = [("candidate", "How many rides a day?"), ("interviewer", fact),
               ("candidate", f"You said 10 million rides a day, so {claim}."),
               ("interviewer", f'Where does "10 million rides a day" come from? Earlier I said: {fact}')]
    act = {"kind": "challenge_input", "phase": "estimation", "subject": "10 million rides a day", "hint": fact,
           "tag": f"fact:{fact[:60]}",
           "secondary": {"kind": "challenge_arithmetic", "phase": "estimation", "subject": claim}}
    d, _ = _reply(kb, analyzer, "Oh wait, I messed that up: 10 million divided by 86,400 is about 115 a second, so "
                  "peak maybe 350.", problem="ride-sharing", history=history, phase="estimation", act=act,
                  covered={"questions": ["q"], "answers": [fact], "challenged": [claim, "input:10 million rides a day",
                                                                                  f"fact:{fact[:60]}"]})
    assert "challenge_input" in d.act.kinds()


def test_a_technology_named_only_in_a_question_to_us_is_not_pushed_back_on(kb, analyzer):
    d, a = _reply(kb, analyzer, "How many uploads a day? I'd also like to know whether we run our own CDN or should "
                  "assume a third-party one.", problem="video-platform", covered={"questions": ["q"]})
    assert len(a.questions) == 2
    assert not {"push_back_tech", "push_back_overengineering", "ask_reasoning"} & set(d.act.kinds())


def test_an_amazon_round_asks_about_the_candidates_own_component(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Redirects read from Redis because 116K reads a second is beyond one database.",
                  company="amazon", phase="deep_dive", minute=25.0,
                  covered={"questions": ["q"], "components": ["redirect service", "store"],
                           "technologies": {"redis": True}, "acts": ["deep_dive_probe", "deep_dive_probe"]})
    assert d.act.kind == "company_question" and "Redis" in (d.act.question or "")


def test_the_wrap_up_ends_when_the_candidate_is_done(kb, analyzer):
    d, _ = _reply(kb, analyzer, "No questions from me, thanks.", phase="wrap_up", minute=44.0,
                  covered={"questions": ["q"], "summary_asked": True, "acts": ["ask_summary", "follow_up"]})
    assert d.act.kind == "close" and d.act.subject == "done"  # thanks and goodbye in the same turn


def test_numbers_after_a_design_prompt_are_heard_out_not_prompted_again(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Storage: 100M a day over five years is 182 billion rows, about 18 TB at 100 bytes.",
                  phase="high_level_design", minute=9.0, act={"kind": "move_to_design", "phase": "high_level_design"},
                  covered={"questions": ["q"], "acts": ["move_to_design"]})
    assert d.act.kind == "listen"


def test_an_unanswered_failure_question_is_chased_once_in_other_words(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    analyzer = TurnAnalyzer(kb, real_embedder)
    card = kb.problem("url-shortener")
    question = card.failure_questions[1]
    previous = {"kind": "failure_probe", "phase": "failure_modes", "question": question, "tag": "failure:1"}
    turn = "Short codes: Base62 of a counter, seven characters, since 62^7 is about 3.5 trillion codes."
    d, a = _reply(kb, analyzer, turn, phase="failure_modes", minute=34.0, act=previous,
                  covered={"questions": ["q"], "acts": ["failure_probe"], "asked": ["failure:1"]},
                  history=[("interviewer", question)])
    assert max(a.coverage.values()) >= 0.5 and a.coverage["failure:1"] < 0.1  # read as another topic
    assert d.act.kind == "chase" and d.act.tag == "chase:failure:1"
    assert question.split(".")[0] not in render_offline(d.act, thread_id="t", turn=3)
    again, _ = _reply(kb, analyzer, turn, phase="failure_modes", minute=35.0, act=previous,
                      covered={"questions": ["q"], "acts": ["failure_probe", "chase"],
                               "asked": ["failure:1", "chase:failure:1"]}, history=[("interviewer", question)])
    assert again.act.kind != "chase"  # once only


def test_a_question_about_the_interviewers_team_waits_for_the_end(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Quick one: how does your team handle on-call for this?", phase="deep_dive",
                  minute=20.0, covered={"questions": ["q"]})
    assert d.act.kind == "redirect" and d.act.subject == "later" and not d.act.answers


def test_saying_the_design_is_done_moves_to_the_wrap_up(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Done. That's it from me on the design.", phase="failure_modes", minute=38.0,
                  covered={"questions": ["q"]})
    assert d.act.kind == "ask_summary" and d.phase == "wrap_up"


def test_done_with_a_third_of_the_round_left_gets_one_more_question_then_the_wrap_up(kb, analyzer):
    d, _ = _reply(kb, analyzer, "I think that's it. Did I miss anything?", phase="deep_dive", minute=22.0,
                  covered={"questions": ["q"]})
    text = render_offline(d.act, thread_id="t", turn=9)
    assert d.phase != "wrap_up" and d.act.question and "We still have about 23 minutes" in text
    assert "scorecard" not in text
    again, _ = _reply(kb, analyzer, "I think that's it.", phase=d.phase, minute=24.0,
                      covered={"questions": ["q"], "kept_going": 2})
    assert again.act.kind == "ask_summary" and again.phase == "wrap_up"


def test_a_request_to_say_what_was_unclear_is_answered(kb, analyzer):
    d, a = _reply(kb, analyzer, "Please tell me if there is something I should explain better.",
                  phase="deep_dive", minute=20.0, covered={"questions": ["q"]})
    assert a.asks and a.asks[0].meta == "check"
    assert "clear" in render_offline(d.act, thread_id="t", turn=9)


def test_the_interviewer_asks_about_an_over_built_box_on_the_diagram(kb, analyzer):
    from kernel.diagram import parse_diagram

    drawn = parse_diagram("client -> api -> db: writes\ndb: Postgres\napi -> bus: events\nbus: Kafka").model_dump()
    d, _ = _reply(kb, analyzer, "The API writes each new link straight to the database, one row per link.",
                  problem="internal-url-shortener", phase="deep_dive", minute=20.0, diagram=drawn,
                  covered={"questions": ["q"], "acts": ["deep_dive_probe"]})
    assert d.act.tag == "diagram:over_built:bus" and "Kafka" in (d.act.question or "")


def test_a_summary_that_closes_the_design_is_not_asked_for_again(kb, analyzer):
    summary = ("To wrap up: the core is a key-value store keyed by code, range-based IDs and a cache in front of "
               "redirects. I think that covers it.")
    d, _ = _reply(kb, analyzer, summary, phase="failure_modes", minute=38.0, covered={"questions": ["q"]})
    assert d.phase == "wrap_up" and d.act.kind != "ask_summary"
    early, _ = _reply(kb, analyzer, summary, phase="failure_modes", minute=30.0, covered={"questions": ["q"]})
    assert early.act.kind != "ask_summary" and early.act.phase != "wrap_up"  # a third of the round left: used first
    assert "minutes" in (early.act.transition or "")


def test_a_card_scenario_is_told_with_the_technology_the_candidate_chose(kb):
    from agent.policy import _in_their_stack

    said = _in_their_stack(kb, "The Redis cache cluster goes down. What happens?", ["memcached", "dynamodb"])
    assert said.startswith("The Memcached cache cluster goes down.")
    assert _in_their_stack(kb, "The Redis cache cluster goes down.", ["redis"]) == "The Redis cache cluster goes down."
    # both products of a comparison are of their queue's kind: one becomes theirs, the other stays the alternative
    assert _in_their_stack(kb, "Kafka or RabbitMQ? Why?", ["sqs", "postgresql"]) == "Amazon SQS or RabbitMQ? Why?"
    from agent.policy import _fit_to_stack
    assert _fit_to_stack(kb, "Kafka or RabbitMQ? Why?", True, ["sqs"], [])[0] == "Amazon SQS or RabbitMQ? Why?"


def test_a_guess_ending_in_a_product_name_is_a_proposal_not_a_question(kb, analyzer):
    d, a = _reply(kb, analyzer, "Hmm. Maybe a cache. Redis?", problem="social-network", phase="deep_dive",
                  minute=20.0, covered={"questions": ["q"]})
    assert not a.questions and d.act.kind not in ("your_call", "answer_question")


def test_a_card_probe_never_names_a_technology_the_candidate_does_not_use(kb, analyzer):
    card = kb.problem("social-network")
    named = next(p for d in card.deep_dives for p in d.probes if "Redis" in p)
    covered = {"questions": ["q"], "components": ["api", "database", "feed service"], "acts": ["probe_design"],
               "asked": ["probe:0:0"]}
    d, _ = _reply(kb, analyzer, "The feed service reads the newest posts from the database with a join on follows.",
                  problem="social-network", phase="deep_dive", minute=24.0, covered=covered)
    assert d.act.kind == "deep_dive_probe" and d.act.question and named.startswith(d.act.question)
    assert "Redis" not in d.act.question  # "Do you need a cache?", without "Why Redis?"


def test_a_slogan_after_the_choice_is_no_reason(kb, analyzer):
    d, _ = _reply(kb, analyzer, "For the metadata I'll go with MongoDB: one post document with user id and caption. "
                  "It scales horizontally and the schema is flexible.", problem="instagram-feed",
                  phase="high_level_design", minute=12.0, covered={"questions": ["q"]})
    assert d.act.kind in ("push_back_tech", "push_back_overengineering") and "mongodb" in d.covered["pushed_back"]


def test_a_fact_given_before_is_not_repeated_for_a_different_question(kb, analyzer):
    card = kb.problem("internal-url-shortener")
    first, _ = _reply(kb, analyzer, "Do people want readable names like go/payroll, or are random codes fine?",
                      problem="internal-url-shortener", covered={"questions": ["q"]})
    assert first.act.answers
    given = {"questions": ["q"], "answers": list(first.act.answers)}
    d, _ = _reply(kb, analyzer, "Are names case-sensitive?", problem="internal-url-shortener", covered=given)
    assert not set(d.act.answers) & set(first.act.answers) and d.act.your_call
    users = next(f.answer for f in card.hidden_facts if f.topic == "users")
    again, _ = _reply(kb, analyzer, "How many employees are there again?", problem="internal-url-shortener",
                      covered={"questions": ["q"], "answers": [users]})
    assert users in again.act.answers  # the same question again: "as I said"


def test_an_estimate_before_any_design_is_followed_by_the_design_not_a_deep_dive(kb, analyzer):
    d, _ = _reply(kb, analyzer, "100 million photos a day times 300 KB is 30 TB a day, about 11 petabytes a year, "
                  "so the bytes go to object storage and the metadata to a database with replication.",
                  problem="instagram-feed", phase="estimation", minute=7.0,
                  covered={"questions": ["q"], "components": ["upload service", "feed service"]})
    assert d.phase == "high_level_design"


def test_a_feature_the_card_is_silent_on_is_not_called_in_scope(kb, analyzer):
    from agent.policy import scope_answer

    card = kb.problem("internal-url-shortener")
    assert scope_answer(card, "Do we need Slack link previews, or a browser extension?", specific=True) is None
    assert "nice-to-have" in (scope_answer(card, "Do we need click counts?", specific=True) or "")


def test_one_figure_after_the_ask_for_estimates_is_taken_and_the_design_asked_for(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Maybe 10,000 requests a second.", problem="rate-limiter", phase="estimation",
                  minute=6.0, covered={"questions": ["q"], "acts": ["answer_question", "ask_estimates"]})
    assert d.act.kind != "ask_estimates" and d.phase == "high_level_design"


def test_an_early_end_leaves_the_open_question_open_and_says_how_much_time_was_unused(kb):
    from agent.policy import close_act
    from tests.agent.conftest import make_state

    transcript = [Turn(role="interviewer", content="Redis is unreachable. What does the API do?", phase="deep_dive",
                       minute=20.0)]
    d = close_act(make_state(phase="deep_dive", minute=20.0, transcript=transcript), kb)
    text = render_offline(d.act, thread_id="t", turn=9)
    assert "leave my last question open" in text and "25 minutes early" in text  # their call
    assert "You've stopped" in text  # and said to be theirs, not ours
    wrapping = close_act(make_state(phase="wrap_up", minute=38.0, transcript=transcript[:0] + [Turn(
        role="interviewer", content="Anything else you'd like to add before we stop?", phase="wrap_up", minute=37.0)]),
        kb)
    said = render_offline(wrapping.act, thread_id="t", turn=9)
    assert "We're finishing about 7 minutes early." in said and "stopped" not in said, said  # the wrap-up was ours,
    assert "question open" not in said  # and "anything else?" is no question left open


def test_a_request_for_the_answer_mid_design_gets_a_question_that_points_the_way(kb, analyzer):
    card = kb.problem("task-app")
    d, a = _reply(kb, analyzer, "I am stuck on ordering the cards. Can you give me a hint?",
                  problem="task-app", phase="deep_dive", minute=15.0, covered={"questions": ["q"]})
    assert a.asks_for_answer and d.act.kind == "refuse_answer"
    text = render_offline(d.act, thread_id="t", turn=4)
    assert d.act.question and d.act.question in text
    assert not [c for c in card.components if c.lower() in text.lower()]  # a question, not the design


def test_an_on_topic_check_in_is_answered_not_brushed_off(kb, analyzer):
    for check in ("So far so good?", "Is that a reasonable start?"):
        d, a = _reply(kb, analyzer, check, problem="b2b-chat", phase="high_level_design", minute=12.0,
                      covered={"questions": ["q"]})
        assert a.intent == "question_meta" and d.act.kind != "redirect", check


def test_a_candidate_laying_out_pieces_is_not_asked_for_the_main_pieces(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Clients hit an API gateway, then a send service writes to a queue and workers call "
                  "the providers.", problem="notification-system", phase="high_level_design", minute=10.0,
                  covered={"questions": ["q"], "acts": ["move_to_design"]})
    assert d.act.kind != "probe_design"


def test_a_load_balancer_and_an_alternative_are_not_questioned_as_choices(kb, analyzer):
    d, _ = _reply(kb, analyzer, "High level: the browser talks to a load balancer, behind it two instances of the app, "
                  "and one Postgres database for everything.", problem="employee-dashboard", phase="deep_dive",
                  minute=14.0, company="amazon", covered={"questions": ["q"], "acts": ["probe_design"]})
    said = " ".join(p.question or "" for p in (d.act, d.act.secondary) if p)
    assert "Load Balancer" not in said and "load-balancer" not in d.covered.get("pushed_back", [])
    d, _ = _reply(kb, analyzer, "For the cache I'd start with a table in Postgres, or Redis if you already run it.",
                  problem="employee-dashboard", phase="deep_dive", minute=16.0, covered={"questions": ["q"]})
    assert "redis" in d.covered["alternatives"]


def test_an_invitation_to_push_back_gets_a_question_or_an_honest_word(kb, analyzer):
    card = kb.problem("ecommerce-checkout")
    spent = [f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p in range(len(dive.probes))] + \
        [f"failure:{n}" for n in range(len(card.failure_questions))]
    text = ("To summarise: a saga with idempotency keys, reservations with expiry and an outbox. "
            "Which part would you like to push on?")
    d, _ = _reply(kb, analyzer, text, problem="ecommerce-checkout", phase="failure_modes", minute=30.0,
                  covered={"questions": ["q"], "asked": spent})
    promised = any("push on" in n for n in d.act.notes)
    assert not promised or d.act.questions()  # never "here's one I'd push on" followed by no question


def test_questions_for_the_interviewer_about_the_team_get_no_card_facts(kb, analyzer):
    text = ("I think that's a good place to stop. I'd love to ask a couple of questions. How does your team split "
            "ownership between checkout and inventory? And what's the biggest pain point in the current system, "
            "if you can share?")
    d, _ = _reply(kb, analyzer, text, problem="ecommerce-checkout", phase="wrap_up", minute=40.0,
                  covered={"questions": ["q"]})
    assert not d.act.answers


def test_a_candidate_who_states_scope_and_numbers_is_not_sent_back_to_ask_questions(kb, analyzer):
    scope = ("Core flows: a rider requests a ride, we match a nearby driver, the trip ends. I'd skip pooling and "
             "scheduled rides unless you want them. Sound good?")
    d, _ = _reply(kb, analyzer, scope, problem="ride-sharing", minute=1.5)
    assert any(f.topic == "features" and f.answer in d.act.answers for f in kb.problem("ride-sharing").hidden_facts)
    numbers = ("Scale: 20 million rides a day and 1 million drivers online at peak, each sending a location every "
               "4 seconds, so 250,000 location writes a second.")
    d, _ = _reply(kb, analyzer, numbers, problem="ride-sharing", minute=3.5, covered={"scoped": True})
    assert d.act.kind not in ("probe_requirements", "nudge_questions")


def test_a_shard_key_said_is_not_asked_for(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Locations live in an in-memory geo index, sharded by region.", problem="ride-sharing",
                  phase="high_level_design", minute=12.0, covered={"questions": ["q"]})
    assert "sharding" not in d.covered.get("pushed_back", [])


def test_a_card_scenario_names_the_candidates_own_piece_or_is_not_put(kb):
    from agent.policy import _fit_to_stack

    question, foreign = _fit_to_stack(kb, "The Redis node holding one city's locations crashes. What happens?",
                                      False, ["postgresql"], ["location service", "in-memory geo index"])
    assert "Redis" not in question or foreign  # said about their piece, or flagged as not theirs
    question, foreign = _fit_to_stack(kb, "The Redis node holding one city's locations crashes. What happens?",
                                      False, ["redis"], ["location service"])
    assert "Redis" in question and not foreign


def test_a_scenario_about_a_kind_of_piece_they_do_not_have_is_not_put(kb):
    from agent.policy import _fit_to_stack

    scenario = "The click-count queue backs up for an hour. What is lost and what is late?"
    assert _fit_to_stack(kb, scenario, False, ["postgresql", "redis"], ["api server", "database"])[1]
    assert not _fit_to_stack(kb, scenario, False, ["postgresql", "kafka"], ["api server"])[1]  # Kafka is their queue
    assert not _fit_to_stack(kb, scenario, False, ["postgresql"], ["click event queue"])[1]  # a queue of no name


def test_a_clause_against_a_technology_is_not_quoted_as_their_reason(kb, analyzer):
    text = ("Postgres would take the trips. But 250,000 location writes a second is way beyond what a single "
            "Postgres primary handles, so not for locations.")
    d, _ = _reply(kb, analyzer, text, problem="ride-sharing", phase="high_level_design", minute=10.0,
                  covered={"questions": ["q"]})
    assert "beyond" not in (d.covered.get("said_about") or {}).get("postgresql", "")


@pytest.mark.parametrize(("text", "problem", "minute", "tech"), [
    ("For the store itself, a sharded relational store or something like Cassandra; honestly either works, "
     "the access patterns are simple key lookups.", "instagram-feed", 15.0, "cassandra"),  # one of two, either works
    ("Queues: separate queues per channel, SQS or Kafka topics. I lean SQS here over Kafka because we need no "
     "replay, and per-message acknowledgement and dead-letter queues are exactly what we want.",
     "notification-system", 20.0, "kafka"),  # passed over for another
])
def test_a_technology_offered_but_not_chosen_is_no_piece_of_theirs(kb, analyzer, text, problem, minute, tech):
    d, _ = _reply(kb, analyzer, text, problem=problem, phase="deep_dive", minute=minute, covered={"questions": ["q"]})
    assert tech in d.covered.get("alternatives", [])


def test_a_deep_dive_on_scoping_is_not_asked_of_a_candidate_who_scoped(kb, analyzer):
    card = kb.problem("instagram-feed")
    scoping = [d for d, dive in enumerate(card.deep_dives) if "scop" in dive.topic.lower()]
    sketch = "That is the whole sketch: uploads go to storage, a feed service reads precomputed lists."
    state = {"problem": "instagram-feed", "phase": "high_level_design", "minute": 14.0,
             "covered": {"questions": ["q"], "components": ["upload service", "object storage", "feed service"],
                         "acts": ["probe_design", "probe_design"]}}
    unscoped, _ = _reply(kb, analyzer, sketch, **state)
    assert unscoped.covered.get("asked") == [f"probe:{scoping[0]}:0"]  # the first deep dive, for one who did not
    state["covered"]["scoped"] = True
    scoped, _ = _reply(kb, analyzer, sketch, **state)
    assert scoped.act.kind == "deep_dive_probe"
    assert not any(t.startswith(f"probe:{scoping[0]}:") for t in scoped.covered.get("asked", []))


def test_an_acronym_is_said_back_as_the_candidate_said_it(kb):
    from agent.policy import _spoken_name
    from analysis.models import TechMention

    cdn = TechMention(tech_id="cdn", name="CDN", justified=False, quote="Images go through a CDN.")
    assert _spoken_name(kb, "cdn", cdn) == "CDN"


def test_a_stated_scope_is_followed_by_the_numbers_not_a_nudge_to_ask(kb, analyzer):
    text = ("Scope I'll cover: cart to order placement, inventory reservation and payment authorization. I'll treat "
            "catalog and pricing as existing services. Out of scope unless you want them: recommendations and returns.")
    d, _ = _reply(kb, analyzer, text, problem="ecommerce-checkout", minute=2.5)
    assert d.act.kind == "ask_estimates"


def test_one_of_two_open_options_is_not_asked_about_as_a_choice(kb, analyzer):
    text = ("Inventory lives in a store with conditional writes, like DynamoDB with condition expressions or sharded "
            "Aurora. At 15,000 reservation writes a second it has to be sharded by SKU.")
    d, _ = _reply(kb, analyzer, text, problem="ecommerce-checkout", phase="deep_dive", minute=20.0,
                  covered={"questions": ["q"]})
    assert "dynamodb" in d.covered.get("alternatives", [])
    assert "Aurora" not in d.covered.get("said_about", {}).get("dynamodb", "") or not d.act.question


def test_a_use_the_candidate_took_back_is_not_quoted_to_them(kb, analyzer):
    covered = {"questions": ["q"], "technologies": {"mysql": True},
               "said_about": {"mysql": "a blob column in MySQL next to the title"}}
    text = ("100,000 uploads a day at 100 MB is 10 TB a day. No way that goes in MySQL. So I take that back: files go "
            "in object storage, and MySQL only holds metadata and a pointer.")
    d, _ = _reply(kb, analyzer, text, problem="video-platform", phase="deep_dive", minute=12.0, covered=covered)
    assert "mysql" in d.covered.get("retracted", [])


def test_a_revised_picture_drops_what_it_leaves_out_and_a_taken_back_piece_is_gone(kb, analyzer):
    covered = {"questions": ["q"], "technologies": {"cassandra": True, "elasticsearch": True, "kafka": True},
               "said_about": {"kafka": "the backbone for every event"}}
    taken = "Actually, let me take back Cassandra for orders: orders need transactions, so sharded Aurora."
    _, a = _reply(kb, analyzer, taken, problem="ecommerce-checkout", phase="deep_dive", minute=8.0, covered=covered)
    assert "cassandra" in [t.tech_id for t in a.rejected]
    revised = ("So the revised picture: a checkout service and an order service, orders in sharded Aurora, and Kafka "
               "only for downstream consumers such as email.")
    d, _ = _reply(kb, analyzer, revised, problem="ecommerce-checkout", phase="deep_dive", minute=12.0, covered=covered)
    assert "elasticsearch" in d.covered["dropped"] and "kafka" not in d.covered["dropped"]
    assert "kafka" in d.covered.get("retracted", [])  # its first use ("the backbone for every event") is not quoted


@pytest.mark.parametrize("opening", ["So, trimmed version.", "Here's the cut-down version."])
def test_a_trimmed_version_of_the_design_drops_what_it_leaves_out(kb, analyzer, opening):
    covered = {"questions": ["q"], "technologies": {"kafka": True, "dynamodb": True}}
    text = (f"{opening} Carts live in DynamoDB keyed by customer id; orders in sharded Aurora; emails and the "
            "warehouse handoff go over SQS.")
    d, _ = _reply(kb, analyzer, text, problem="ecommerce-checkout", phase="high_level_design", minute=12.0,
                  covered=covered)
    assert "kafka" in d.covered["dropped"] and "dynamodb" not in d.covered["dropped"]


def test_a_list_after_dropped_is_dropped_whole_but_a_contrast_is_not(kb, analyzer):
    _, a = _reply(kb, analyzer, "To recap, I dropped Cassandra, Elasticsearch and microservices.",
                  problem="ecommerce-checkout", phase="wrap_up", minute=30.0, covered={"questions": ["q"]})
    assert {"cassandra", "elasticsearch", "microservices"} <= {t.tech_id for t in a.rejected}
    _, b = _reply(kb, analyzer, "Not Cassandra, DynamoDB: conditional writes per SKU are all we need.",
                  problem="ecommerce-checkout", phase="deep_dive", minute=10.0, covered={"questions": ["q"]})
    assert "dynamodb" not in {t.tech_id for t in b.rejected}


def test_tell_me_if_that_is_way_off_is_a_check_in_not_a_question_for_your_call(kb, analyzer):
    text = "I'll assume around 2,000 customer orgs and 200,000 users total. Tell me if that's way off."
    _, a = _reply(kb, analyzer, text, problem="b2b-chat")
    assert [q.meta for q in a.asks] == ["check"]


def test_a_question_about_another_piece_comes_before_a_second_on_the_same(kb, analyzer):
    from agent.acts import depth_probe

    _, a = _reply(kb, analyzer, "Attachments go to object storage via pre-signed URLs.", problem="b2b-chat")
    covered = {"technologies": {"object-storage": True, "postgresql": True}, "asked": ["depth:down:the object store"]}
    act = depth_probe(kb, covered, a, list(covered["asked"]), "failure_modes")
    assert act is not None and act.subject == "PostgreSQL"


def test_a_pushback_on_what_the_turn_already_says_is_not_put(kb, analyzer):
    text = "Database: Postgres. A table with id, code, long_url and created_at, and a unique index on code."
    d, _ = _reply(kb, analyzer, text, phase="high_level_design", minute=12.0, covered={"questions": ["q"]})
    assert "index" not in " ".join(d.act.questions()).lower()


def test_the_pieces_are_asked_for_at_most_twice_once_some_are_named(kb, analyzer):
    text = "Storage: each row maybe 500 bytes, so 500 MB a day, under 200 GB a year."
    named = {"questions": ["q"], "acts": ["move_to_design", "probe_design"], "components": ["api", "database"]}
    d, _ = _reply(kb, analyzer, text, phase="high_level_design", minute=9.0, covered=named)
    assert d.act.kind != "probe_design"
    none = {"questions": ["q"], "acts": ["move_to_design", "probe_design"]}
    d, _ = _reply(kb, analyzer, text, phase="high_level_design", minute=9.0, covered=none)
    assert d.phase == "high_level_design"  # no piece named yet: no deep dive


def test_a_piece_ruled_out_at_the_start_of_a_sentence_stays_out(kb, analyzer):
    text = ("The first thing I want to rule out is a synchronous global counter, one Redis in one data center that "
            "everyone calls. Every request would pay a cross-region round trip.")
    _, a = _reply(kb, analyzer, text, problem="multi-dc-rate-limiter")
    assert [r.tech_id for r in a.rejected] == ["redis"]
    _, a = _reply(kb, analyzer, "Having ruled out Kafka, we use Redis for the counters.", problem="multi-dc-rate-limiter")
    assert [r.tech_id for r in a.rejected] == ["kafka"] and [t.tech_id for t in a.technologies] == ["redis"]


def test_a_probe_pointing_at_a_figure_they_never_said_is_not_put(kb):
    from agent.policy import _presumes

    assert _presumes("A user sends almost everything to one data center. Is 20/min there too strict?",
                     ["Each data center decides locally and they exchange usage."], [])
    assert not _presumes("A user sends almost everything to one data center. Is 20/min there too strict?",
                         ["Split it evenly: 20 a minute per data center."], [])
    assert not _presumes("How do you spread 18 TB across machines?", [], [])


def test_a_probe_offering_options_is_not_put_to_one_who_already_picked(kb):
    from agent.acts import chose_listed

    probe = "Token bucket, fixed window, sliding window log or sliding window counter. Which and why?"
    assert chose_listed(probe, ["Token bucket.", "Allows bursts. Simple."])
    assert not chose_listed(probe, ["Redis. Shared counters."])
    assert not chose_listed("How do you spread 18 TB across machines?", ["Token bucket."])


def test_a_terse_answer_right_after_naming_a_piece_is_about_that_piece(kb, analyzer):
    from agent.acts import depth_probe

    _, a = _reply(kb, analyzer, "Key is user ID. Value is tokens and last refill time.", problem="rate-limiter")
    covered = {"technologies": {"redis": True}}
    heard = ["Redis.", "Shared counters.", "Key is user ID.", "Value is tokens and last refill time."]
    act = depth_probe(kb, covered, a, [], "deep_dive", [], 4, heard)
    assert act is None or not (act.tag or "").startswith("depth:data:")


def test_whether_to_have_a_kind_of_piece_is_not_asked_once_settled(kb):
    from agent.policy import _settled_kind

    question = "Do you need a cache? Why Redis?"
    assert _settled_kind(kb, question, {"technologies": {"redis": True}}, {}, [])  # chosen with its reason
    assert _settled_kind(kb, question, {}, {}, ["No cache for now: 50 reads a second is nothing."])
    assert not _settled_kind(kb, question, {"technologies": {"postgresql": True}}, {}, ["Postgres holds the links."])
    assert _settled_kind(kb, "Why put a queue in the middle instead of calling the providers directly?",
                         {"technologies": {"sqs": True}}, {}, [])


def test_a_kind_of_store_is_said_as_a_kind_not_a_product(kb):
    from agent.policy import _spoken_name
    from analysis.models import TechMention

    wide = TechMention(tech_id="cassandra", name="wide-column", justified=True, quote="It goes in a wide-column store.")
    assert _spoken_name(kb, "cassandra", wide) == "the wide-column store"


def test_one_of_two_products_offered_gets_no_why_this_one(kb, analyzer):
    text = "We'd cache the posts themselves, probably something like memcached or Redis, with a TTL of some minutes."
    d, _ = _reply(kb, analyzer, text, problem="news-feed", phase="deep_dive", minute=25.0,
                  covered={"questions": ["q"], "technologies": {"redis": True}})
    assert "memcached" not in d.covered.get("pushed_back", [])


def test_no_new_requirement_the_interviewer_called_out_of_scope(kb):
    from agent.policy import _extension

    card = kb.problem("video-platform")
    said = ["Upload, processing and playback. Recommendations, comments, search and live streaming are out of scope."]
    extension = _extension(card, [], [], said)
    assert extension is None or "recommendation" not in (extension.question or "").lower()
    assert _extension(card, [], [], []) is not None


def test_a_long_spoken_claim_is_quoted_by_its_figure(kb):
    from agent.policy import _short_claim

    claim = ("okay so um let me do some numbers so 500 million a month uh divided by the seconds in a month which is "
             "about 2.5 million so thats um around 2000 writes per second and then reads is 100 times that")
    assert _short_claim(claim, 2000.0) == "around 2000 writes per second"
    assert _short_claim("100M a day is about 1,600 a second.", 1600.0) == "100M a day is about 1,600 a second."


def test_estimates_after_the_call_to_design_are_let_run_and_never_jump_to_failures(kb, analyzer):
    text = ("For playback, say 1 billion hours watched per day at 3 Mbps. That's 3.6 trillion seconds a day, divided "
            "by 86,400, about 42 million concurrent streams, so roughly 125 Tbps of egress: a CDN job.")
    d, _ = _reply(kb, analyzer, text, problem="video-platform", phase="high_level_design", minute=6.0,
                  covered={"questions": ["q"], "acts": ["move_to_design"]}, act={"kind": "move_to_design",
                                                                                "phase": "high_level_design"})
    assert d.act.kind == "listen" and d.phase == "high_level_design"


def test_where_to_go_deeper_early_on_is_a_deep_dive_not_failures(kb, analyzer):
    card = kb.problem("video-platform")
    done = {f"probe:{d}" for d in range(len(card.deep_dives))}
    d, _ = _reply(kb, analyzer, "Which part would you like me to go deeper on?", problem="video-platform",
                  phase="deep_dive", minute=11.0, covered={"questions": ["q"], "covered_items": sorted(done)})
    assert d.act.kind == "give_direction" and (d.act.tag or "").startswith("probe:")


def test_a_scope_split_with_does_that_work_is_answered_with_the_cards_scope(kb, analyzer):
    text = ("For 45 minutes I'd propose focusing on upload and processing, and playback, and treating "
            "recommendations and comments as out of scope. Does that split work for you?")
    d, _ = _reply(kb, analyzer, text, problem="video-platform", minute=1.5)
    features = [f.answer for f in kb.problem("video-platform").hidden_facts if f.topic == "features"]
    assert features[0] in d.act.answers and not d.act.your_call


def test_a_comparison_question_keeps_its_alternative_and_turns_round_for_the_other_choice(kb):
    from agent.policy import _fit_to_stack

    question = "What makes Redis the right cache here rather than Memcached?"
    assert _fit_to_stack(kb, question, True, ["redis"], []) == (question, [])
    assert _fit_to_stack(kb, question, True, ["memcached"], [])[0] == \
        "What makes Memcached the right cache here rather than Redis?"


def test_questions_about_the_team_after_asking_to_ask_get_no_card_facts(kb, analyzer):
    text = ("If we have a few minutes, I'd love to ask you a couple of things. How big is the engineering team right "
            "now, and who would own infrastructure like this? Is there a dedicated person, or does everyone share on-call?")
    d, _ = _reply(kb, analyzer, text, problem="photo-storage", phase="failure_modes", minute=22.0,
                  covered={"questions": ["q"]})
    assert not d.act.answers
    text = ("And what's been the hardest technical problem the team has hit so far? I'm curious whether it's been "
            "scaling, or more about iterating fast on the product.")
    d, _ = _reply(kb, analyzer, text, problem="photo-storage", phase="failure_modes", minute=23.0,
                  covered={"questions": ["q"]})
    assert not d.act.answers


def test_a_piece_that_goes_away_entirely_is_ruled_out(kb, analyzer):
    _, a = _reply(kb, analyzer, "And then ZooKeeper goes away entirely, since workers compete for rows.",
                  problem="notification-system")
    assert [r.tech_id for r in a.rejected] == ["zookeeper"]


@pytest.mark.integration
def test_a_check_in_on_a_stated_assumption_gets_the_fact_it_is_about(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    real = TurnAnalyzer(kb, real_embedder)
    card = kb.problem("notification-system")
    text = "For push, an occasional duplicate seems acceptable. Is that okay from the product side?"
    d, a = _reply(kb, real, text, problem="notification-system", phase="deep_dive", minute=15.0,
                  covered={"questions": ["q"]})
    duplicates = next(f.answer for f in card.hidden_facts if "duplicate" in f.answer.lower())
    assert duplicates in d.act.answers  # the card says to avoid them: said, not "that works"
    plain = "We run one service with a module per channel. Is that okay with you?"
    _, b = _reply(kb, real, plain, problem="notification-system", phase="deep_dive", minute=15.0)
    assert [q.meta for q in b.asks] == ["check"]  # nothing on the card is assumed there: a plain check-in


@pytest.mark.integration
def test_an_assumption_stated_as_such_then_is_that_okay_gets_the_fact_scope_included(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    real = TurnAnalyzer(kb, real_embedder)
    card = kb.problem("notification-system")
    channels = next(f.answer for f in card.hidden_facts if f.topic == "features")
    text = ("Okay, let me start with the channels. I'll assume we need mobile push, email, and SMS, and maybe "
            "in-app messages in a bell icon. Is that okay?")
    d, a = _reply(kb, real, text, problem="notification-system", phase="requirements", minute=1.5)
    assert [q.kind for q in a.asks] == ["yesno"]  # "Is that okay?" after an "I'll assume" asks about it
    assert channels in d.act.answers  # push, email and SMS: confirmed, and in-app quietly not on the list
    speed = next(f.answer for f in card.hidden_facts if f.topic == "latency")
    text = ("I'll assume delivery should be fast for transactional things, like a password reset within a few "
            "seconds, but marketing can be delayed by minutes. So I want at least two priority levels. Is that okay?")
    d, _ = _reply(kb, real, text, problem="notification-system", phase="requirements", minute=5.0,
                  covered={"questions": ["q"]})
    assert speed in d.act.answers  # the assumption, not the sentence that happens to stand before the check-in
    users = next(f.answer for f in card.hidden_facts if f.topic == "users")
    vaguer = text.replace("can be delayed by minutes", "can wait")
    d, _ = _reply(kb, real, vaguer, problem="notification-system", phase="requirements", minute=5.0,
                  covered={"questions": ["q"]})
    assert users not in d.act.answers  # "So I want two priority levels" is no question about the user count


def test_where_to_go_deeper_with_time_left_in_the_wrap_up_gets_a_direction(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Which part would you like me to go deeper on?", problem="ecommerce-checkout",
                  phase="wrap_up", minute=32.0, format_minutes=60, covered={"questions": ["q"]})
    assert d.act.kind == "give_direction" and d.act.question
    d, _ = _reply(kb, analyzer, "Which part would you like me to go deeper on?", problem="ecommerce-checkout",
                  phase="wrap_up", minute=56.0, format_minutes=60, covered={"questions": ["q"]})
    assert any("feedback at the end" in n for n in d.act.notes)


def _questioned(kb, problem: str, kind: str, phase: str, said: str, marker: str) -> tuple[dict, dict]:
    """The act that questioned the candidate's figure ``said`` against our fact holding ``marker``, and the state after."""
    fact = next(f.answer for f in kb.problem(problem).hidden_facts if marker in f.answer)
    put = {"kind": kind, "phase": phase, "subject": said, "hint": fact}
    covered = {"questions": ["q"], "answers": [fact], "acts": [kind], "challenged": [f"input:{said}", f"fact:{fact[:60]}"]}
    return put, covered


def test_numbers_carried_on_from_a_questioned_figure_are_questioned_once_more_not_endorsed(kb, analyzer):
    put, covered = _questioned(kb, "internal-url-shortener", "correct_input", "requirements", "50 million employees",
                               "500 employees")
    still = ("So 1 billion a day divided by 86,400 seconds is about 11,600 redirects per second. Each link is maybe "
             "500 bytes, so 7 million times 500 bytes is 3.5 GB a day.")
    d, _ = _reply(kb, analyzer, still, problem="internal-url-shortener", phase="requirements", minute=6.0,
                  covered=covered, act=put)
    text = render_offline(d.act, thread_id="t", turn=5)
    assert d.act.kind == "challenge_input" and "50 million employees" in text and "hold" not in text.lower()
    redone = "With 500 employees clicking 20 links a day, that's 10,000 redirects a day, about 0.1 a second."
    d, _ = _reply(kb, analyzer, redone, problem="internal-url-shortener", phase="requirements", minute=6.0,
                  covered=covered, act=put)
    assert d.act.kind != "challenge_input"


def test_a_design_laid_out_whole_is_not_asked_for_again(kb, analyzer):
    design = ("Here is the whole design. An ingestion service validates each request, stores a record and puts it on "
              "a queue per channel. Routing workers read the user's preferences from the preferences store and render "
              "the template. Channel workers call the push, email and SMS providers, and a webhook endpoint records "
              "delivery.")
    late = phase_end(kb, 45, "estimation") + 1
    d, _ = _reply(kb, analyzer, design, problem="notification-system", phase="estimation", minute=late,
                  covered={"questions": ["q"], "acts": ["answer_question"]})
    assert d.act.kind != "move_to_design"


def test_a_card_question_quoting_the_cards_size_is_said_with_the_candidates_own():
    from agent.policy import _their_sizes

    assert _their_sizes("How do you spread 18 TB across machines?", ["180 TB", "500 bytes"]) == \
        "How do you spread 180 TB across machines?"
    assert _their_sizes("How do you spread 18 TB across machines?", ["20 TB"]).endswith("18 TB across machines?")
    assert _their_sizes("How do you spread 18 TB across machines?", ["500 bytes"]).endswith("18 TB across machines?")


def test_a_growth_twist_to_a_scale_the_candidate_already_designs_for_is_not_put():
    from agent.policy import _already_at

    assert _already_at("Now you have 2 billion users.", ["500M DAU", "10 times a day"])
    assert not _already_at("Now you have 2 billion users.", ["10 million users"])
    assert not _already_at("A page with 100 million followers posts breaking news.", ["500M DAU"])


def test_a_media_store_is_not_probed_where_the_card_leaves_media_out(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Tweets go to Cassandra keyed by tweet id, and media lives separately in S3.",
                  problem="twitter-timeline", phase="deep_dive", minute=20.0,
                  covered={"questions": ["q"], "technologies": {"cassandra": True}})
    assert (d.act.subject or "") not in ("S3", "Object Storage") and "blob" not in (d.act.question or "")


def test_media_is_left_out_only_where_the_card_says_so(kb):
    from agent.acts import serves_left_out

    assert serves_left_out(kb, kb.problem("twitter-timeline"), "object-storage")
    assert not serves_left_out(kb, kb.problem("photo-storage"), "object-storage")
    assert not serves_left_out(kb, kb.problem("video-platform"), "cdn")


def test_what_to_design_for_is_asked_of_us_and_each_listed_figure_is_answered(kb, analyzer):
    card = kb.problem("twitter-timeline")
    d, a = _reply(kb, analyzer, "What scale should I design for: daily active users, average number of accounts "
                  "followed, and how skewed is the follower distribution? I worry about the very big accounts.",
                  problem="twitter-timeline", covered={"questions": ["q"]})
    assert a.questions
    users = next(f.answer for f in card.hidden_facts if f.topic == "users")
    follows = next(f.answer for f in card.hidden_facts if "follows about" in f.answer)
    assert users in d.act.answers and follows in d.act.answers


def test_pieces_named_as_the_clock_moves_to_the_design_are_not_asked_for_again(kb, analyzer):
    d, _ = _reply(kb, analyzer, "I would have a frontend, a backend, and a database. The backend would be like an API "
                  "and the database would store the tasks.", problem="task-app", phase="estimation", minute=9.5,
                  format_minutes=30, covered={"questions": ["q"], "figures": ["100 users", "1 KB"]})
    assert d.act.kind != "move_to_design" or d.act.subject == "given"


def _fact(card: Any, words: str) -> str:
    return next(f.answer for f in card.hidden_facts if words in f.answer)


@pytest.mark.integration
def test_every_ask_of_a_listed_or_joined_question_gets_its_own_fact(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    real = TurnAnalyzer(kb, real_embedder)
    cases = [  # (problem, question, facts each named by words of its answer)
        ("news-feed", "What's the scale - DAU, average number of friends or follows, and how often does a user open "
         "the feed?", ["500 million active", "500 friends", "10 times a day"]),
        ("b2b-chat", "Scale? Number of orgs, DAU?", ["10,000 customer companies", "active on a typical weekday"]),
        ("notification-system", "how many users do we have and roughly how many notifications per user per day",
         ["50 million users", "10 million push"]),
        ("employee-dashboard", "How many employees use it and how often. I'd guess most people open it in the morning",
         ["300 employees", "same time"]),
    ]
    for problem, text, wanted in cases:
        card = kb.problem(problem)
        d, _ = _reply(kb, real, text, problem=problem, covered={"questions": ["q"]})
        for words in wanted:
            assert _fact(card, words) in d.act.answers, (problem, words)


def test_what_about_is_a_question_unless_the_candidate_answers_it(kb, analyzer):
    card = kb.problem("internal-url-shortener")
    d, a = _reply(kb, analyzer, "Do we need custom aliases like go/oncall? What about expiry or analytics?",
                  problem="internal-url-shortener", covered={"questions": ["q"]})
    assert len(a.questions) == 2 and _fact(card, "No expiry") in d.act.answers
    _, b = _reply(kb, analyzer, "What about caching? We'd put Redis in front of the store.",
                  problem="internal-url-shortener", phase="high_level_design", minute=15.0)
    assert not b.questions


def test_a_bare_pair_of_alternatives_is_a_question_about_the_system(kb, analyzer):
    _, a = _reply(kb, analyzer, "Ranked or chronological", problem="instagram-feed")
    assert a.questions and a.intent != "off_topic"


def test_an_ask_said_to_be_one_is_a_question_however_long_it_runs(kb, analyzer):
    for text in ("um quick question do we need exactly once for the payment like i'm assuming we can never double "
                 "charge so i'd say we need effectively exactly once through idempotency keys is that fair",
                 "is it ok if the drivers location is a few seconds stale for matching because i think that's totally "
                 "fine like four seconds old is whatever for picking the nearest car"):
        _, a = _reply(kb, analyzer, text, problem="ride-sharing", phase="deep_dive", minute=16.0)
        assert a.questions, text
    _, b = _reply(kb, analyzer, "so how big is the cache so like daily reads are 200000 times 10 which is 2 million "
                  "so i think a few gigabytes is fine", problem="ride-sharing", phase="deep_dive", minute=16.0)
    assert not b.questions  # thinking aloud, answered in the same breath


def test_exactly_once_asks_for_the_duplicates_fact_not_another_consistency_fact(kb, analyzer):
    shop = kb.problem("ecommerce-checkout")
    d, _ = _reply(kb, analyzer, "Do we need exactly once for the payment?", problem="ecommerce-checkout")
    assert d.act.answers == [_fact(shop, "charged twice")]
    notes = kb.problem("notification-system")
    d, _ = _reply(kb, analyzer, "Is the opt-out consistent immediately?", problem="notification-system")
    assert d.act.answers == [_fact(notes, "opt-out")]  # asks nothing about duplicates


def test_a_question_on_order_gets_the_fact_that_tells_the_order_in_the_cards_own_words(kb, analyzer):
    social = kb.problem("social-network")
    d, _ = _reply(kb, analyzer, "Do we need the feed to be ranked, or is chronological acceptable?",
                  problem="social-network")
    assert d.act.answers == [_fact(social, "newest first")]
    chat = kb.problem("b2b-chat")
    d, _ = _reply(kb, analyzer, "Do messages need to arrive in order?", problem="b2b-chat")
    assert _fact(chat, "same order") in d.act.answers


def test_a_requirement_put_to_us_with_the_candidates_own_assumption_is_confirmed_as_theirs(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Is it acceptable to publish a video with only the low renditions and add higher ones "
                  "later? I'm assuming yes, since we can update the manifest and players pick up new renditions on "
                  "the next manifest refresh.", problem="video-platform", phase="deep_dive", minute=19.0,
                  covered={"questions": ["q"], "components": ["a", "b", "c"]})
    assert any("your call" in n for n in d.act.notes) and not d.act.answers
    d, _ = _reply(kb, analyzer, "Do we actually need the cache? The store alone could serve this load at our read "
                  "rate, so I'd skip it for now and add it later.", problem="url-shortener",
                  phase="high_level_design", minute=15.0)
    assert not any("your call" in n for n in d.act.notes)  # a design question to themselves, answered


def test_exactly_once_on_a_card_without_a_duplicates_fact_gets_no_other_consistency_fact(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Do we need exactly-once fan-out?", problem="instagram-feed", phase="deep_dive",
                  minute=15.0)
    assert not d.act.answers


def test_a_long_claim_is_quoted_from_its_figure_not_from_inside_a_word():
    from agent.policy import _short_claim

    claim = ("ok so orders um 10 million a day divided by 86400 that's uh roughly 1200 per second and black friday "
             "is like 10x so twelve thousand at the top")
    assert _short_claim(claim, 1200).startswith("roughly 1200 per second")


def test_the_move_to_the_design_after_pieces_named_over_several_turns_asks_for_the_flow(kb, analyzer):
    d, _ = _reply(kb, analyzer, "No Cassandra. No Kafka. SQS is plenty at 2 writes a second.",
                  problem="instagram-feed", phase="estimation", minute=12.5,
                  covered={"questions": ["q"], "figures": ["2M DAU", "200K posts"],
                           "components": ["resize worker"],
                           "technologies": {"s3": True, "cdn": True, "postgresql": True, "redis": True, "sqs": True}})
    assert d.act.kind != "move_to_design" or d.act.subject == "given"


def test_an_offer_to_go_back_to_anything_invites_a_question_not_a_deflection(kb, analyzer):
    for text in ("So to sum up, it's a small web app with one Postgres table. Is there anything you'd like me to go "
                 "back to?", "Open items: search and share links. Questions?"):
        _, a = _reply(kb, analyzer, text, problem="internal-url-shortener", phase="wrap_up", minute=27.0,
                      format_minutes=30)
        assert [q.meta for q in a.asks] == ["invite"], text


def test_was_that_okay_after_a_summary_checks_the_answer_not_an_assumption(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    real = TurnAnalyzer(kb, real_embedder)
    d, a = _reply(kb, real, "So to summarize: one backend app with Postgres, company single sign-on and a nightly "
                  "import. I started too big, but I think this is much easier for a small team to run. Was that "
                  "okay?", problem="employee-dashboard", phase="wrap_up", minute=27.0, format_minutes=30,
                  covered={"questions": ["q"], "components": ["a", "b", "c"]})
    assert not d.act.answers and not a.fact_hits


def test_where_to_go_deeper_after_a_whole_design_early_on_is_a_place_in_the_design(kb, analyzer):
    d, _ = _reply(kb, analyzer, "That's the whole thing at a high level. Which part do you want me to go deeper on?",
                  problem="b2b-chat", phase="requirements", minute=11.0, format_minutes=30,
                  covered={"questions": ["q"], "components": ["gateway", "api", "database", "cache", "queue"],
                           "technologies": {"postgresql": True, "redis": True, "websocket": True}})
    assert d.act.kind == "give_direction" and "requirements" not in (d.act.subject or "")


def test_the_problem_restated_for_confirmation_gets_the_scope_and_nothing_else(kb, analyzer):
    d, a = _reply(kb, analyzer, "So, just to make sure I understand, it's a backend for an internal dashboard where "
                  "employees can see things like their team's metrics, time off, the org chart and announcements, "
                  "right?", problem="employee-dashboard")
    assert a.asks[0].kind == "scope" and len(d.act.answers) == 1 and "in scope" in d.act.answers[0]
    d, a = _reply(kb, analyzer, "Storage backend only. Clients, feed and ranking are out of scope. Correct?",
                  problem="photo-storage")
    assert a.intent != "off_topic" and d.act.answers


def test_each_noun_phrase_of_a_terse_list_and_each_spoken_how_many_is_its_own_ask(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    real = TurnAnalyzer(kb, real_embedder)
    photos = kb.problem("photo-storage")
    d, _ = _reply(kb, real, "Scale. Daily uploads and average original size.", problem="photo-storage")
    assert _fact(photos, "new photos a year") in d.act.answers and _fact(photos, "Originals average") in d.act.answers
    rides = kb.problem("ride-sharing")
    d, _ = _reply(kb, real, "got it so payments and ratings are out for now um and then scale wise like how many "
                  "drivers are online at peak and how many rides a day are we talking about", problem="ride-sharing")
    assert _fact(rides, "drivers are online") in d.act.answers and _fact(rides, "rides a day") in d.act.answers


def test_whether_a_thing_can_be_edited_is_answered_from_the_cards_scope(kb, analyzer):
    d, a = _reply(kb, analyzer, "And can links be edited after they're created? For example, if the doc moves to a "
                  "new page, can the owner point the name at the new page, or do they delete it and make a new one?",
                  problem="internal-url-shortener")
    assert len(a.questions) == 1 and any("editing a link's target" in x for x in d.act.answers)


@pytest.mark.integration
def test_the_assumption_said_after_a_question_names_the_fact_it_asks_for(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    real = TurnAnalyzer(kb, real_embedder)
    notes = kb.problem("notification-system")
    d, _ = _reply(kb, real, "On the user side, how fine-grained are the controls? Can someone say 'order updates by "
                  "push, yes, but no marketing email, ever'? I'm assuming opt-outs are per channel and per "
                  "notification type.", problem="notification-system")
    assert _fact(notes, "per channel") in d.act.answers
    feed = kb.problem("news-feed")
    d, _ = _reply(kb, real, "A quick requirement question: is it acceptable for a new post to take up to a minute to "
                  "appear in friends' feeds? Whatever the exact target, I'll assume eventual consistency within about "
                  "a minute is fine for friends, with one exception: the author always sees their own post "
                  "immediately.", problem="news-feed", phase="deep_dive", minute=17.0,
                  covered={"questions": ["q"], "components": ["a", "b", "c"]})
    assert _fact(feed, "few seconds") in d.act.answers


def test_a_question_the_card_is_silent_on_stays_theirs_when_the_next_one_is_answered(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Is the feed chronological or ranked? And how many daily active users?",
                  problem="instagram-feed")
    assert d.act.answers and d.act.your_call


@pytest.mark.integration
def test_a_long_turn_on_a_topic_of_their_own_after_our_unanswered_question_gets_the_question_pressed(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    real = TurnAnalyzer(kb, real_embedder)
    turn = ("Failure mode three: region loss. Blob and metadata replicate asynchronously to a second region, with lag "
            "in the seconds. Consequence: uploads acknowledged in the last few seconds may be missing after failover. "
            "The alternative, synchronous cross-region writes, costs about a hundred milliseconds on every upload.")
    d, _ = _after_failure_question(kb, real, "photo-storage", 2, turn, 24.0, covered={"components": ["a", "b", "c"]})
    assert d.act.kind == "chase" and d.act.tag == "chase:failure:2"


def test_a_managed_service_named_as_such_is_never_asked_build_or_buy(kb, analyzer):
    for tech, name in (("redis", "ElastiCache"), ("kafka", "Kinesis")):
        d, _ = _reply(kb, analyzer, "App servers are stateless across availability zones; a miss falls through to the "
                      "database.", problem="url-shortener", company="amazon", phase="deep_dive", minute=20.0,
                      covered={"questions": ["q"], "components": ["api servers", "load balancer", "database"],
                               "technologies": {tech: True}, "spoken": {tech: name}, "asked": [f"tech:{tech}:0"],
                               "pushed_back": [tech]})
        assert d.act.kind == "company_question" and "in-house" not in (d.act.question or ""), name


@pytest.mark.integration
def test_the_candidates_own_plan_is_not_read_as_pushing_us_out_of_role(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    real = TurnAnalyzer(kb, real_embedder)
    _, a = _reply(kb, real, "So let me write the requirements I will design for. Functional: decide allow or reject "
                  "per request for a user, with one global limit per window over all five DCs.",
                  problem="multi-dc-rate-limiter")
    assert not (a.off_role or a.asks_for_answer or a.asks_for_hidden) and a.intent != "injection"


@pytest.mark.integration
def test_freshness_failing_open_and_a_run_on_without_joins_each_find_their_fact(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    real = TurnAnalyzer(kb, real_embedder)
    insta = kb.problem("instagram-feed")
    d, _ = _reply(kb, real, "let me get some numbers so how many daily active users are we designing for how many "
                  "photos get uploaded a day and roughly how often does someone open their feed", problem="instagram-feed")
    assert _fact(insta, "new photos a day") in d.act.answers and _fact(insta, "500 million") in d.act.answers
    d, _ = _reply(kb, real, "And how fresh does the feed need to be, if someone I follow posts, does it need to show up "
                  "in a second or is a minute okay?", problem="instagram-feed")
    assert _fact(insta, "few seconds later") in d.act.answers
    dcs = kb.problem("multi-dc-rate-limiter")
    d, _ = _reply(kb, real, "And if the limiter itself is unavailable, do we fail open or closed?",
                  problem="multi-dc-rate-limiter")
    assert _fact(dcs, "keep enforcing") in d.act.answers


@pytest.mark.integration
def test_an_assumption_inside_the_next_question_settles_only_that_one(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    real = TurnAnalyzer(kb, real_embedder)
    shop = kb.problem("ecommerce-checkout")
    d, _ = _reply(kb, real, "Is the inventory in one warehouse or lots of them? And for payment, I'm assuming we "
                  "use something like Stripe, not build our own card processing, right?", problem="ecommerce-checkout")
    assert _fact(shop, "20 warehouses") in d.act.answers


def test_a_candidate_still_bringing_substance_is_not_wrapped_up_a_third_of_the_way_in(kb, analyzer):
    card = kb.problem("twitter-timeline")
    asked = [f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p in range(len(dive.probes))] + \
        [f"failure:{n}" for n in range(len(card.failure_questions))] + \
        [f"probe:{d}" for d in range(len(card.deep_dives))] + [f"twist:{n}" for n in range(len(card.scale_twists))] + \
        ["depth:pick:own", "depth:pick:own:1", "depth:pick:own:2", "depth:pick:own:3", "extend:0", "extend:1",
         "extend:2", "revisit:a", "revisit:b"]  # everything planned asked, and the fallbacks used up
    d, _ = _reply(kb, analyzer, "Follow and unfollow. On follow, an async backfill merges the followee's last tweets "
                  "into my timeline list. On unfollow I filter at read time against the following set and let the "
                  "cap evict the rest.", problem="twitter-timeline", phase="failure_modes", minute=23.0,
                  format_minutes=60, covered={"questions": ["q"], "components": ["a", "b", "c"], "asked": asked,
                                              "acts": ["failure_probe", "listen"]})
    assert d.act.phase != "wrap_up" and d.act.kind != "ask_summary"


def test_a_slip_put_right_in_the_next_sentence_is_not_challenged(kb, analyzer):
    said = "That's 250k location updates per second. At about 100 bytes each, that's roughly 25 GB a second."
    d, _ = _reply(kb, analyzer, said + " Sorry, 25 MB a second. So the bandwidth is small.", problem="ride-sharing")
    assert d.act.kind != "challenge_arithmetic"
    d, _ = _reply(kb, analyzer, said + " So the bandwidth is big.", problem="ride-sharing")
    assert d.act.kind == "challenge_arithmetic"


def test_their_own_sizing_question_a_check_on_their_numbers_and_an_offer_to_revisit_read_as_such(kb, analyzer):
    _, a = _reply(kb, analyzer, "How much Redis is this? Say I keep the last 500 post ids per user at 50 bytes each.",
                  problem="news-feed", phase="deep_dive", minute=17.0)
    assert not a.questions
    _, a = _reply(kb, analyzer, "Maybe 10 or 20 times that at peak, so a couple hundred a second. That doesn't seem too "
                  "crazy? I'll go with one warehouse.", problem="ecommerce-checkout", phase="estimation", minute=5.0)
    assert [q.meta for q in a.asks] == ["check"]
    _, a = _reply(kb, analyzer, "Which of those areas would you like me to go deeper on? Or is there something I hand "
                  "waved that you'd like me to revisit?", problem="notification-system", phase="wrap_up", minute=41.0,
                  format_minutes=60)
    assert [q.meta for q in a.asks] == ["direction", "invite"]


@pytest.mark.integration
def test_two_parts_on_one_fact_share_out_the_two_facts_they_fit(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    real = TurnAnalyzer(kb, real_embedder)
    video = kb.problem("video-platform")
    d, _ = _reply(kb, real, "Roughly how many hours of video are uploaded per minute or per day, what's the typical "
                  "length and the maximum file size, and how many daily viewers should I design for?",
                  problem="video-platform")
    assert _fact(video, "500 hours") in d.act.answers and _fact(video, "50 MB per minute") in d.act.answers


def test_an_idea_taken_back_without_its_name_drops_last_turns_piece_of_that_kind(kb, analyzer):
    before = ("Behind the gateways are a Location service and a Dispatch service. For location, my first instinct is to "
              "write each ping into DynamoDB keyed on driver_id, with a GSI on geohash.")
    now = ("Actually, I want to push back on my own idea there. Writing 250k records a second that are stale four "
           "seconds later into a durable store is the wrong choice. I'd keep positions in memory, sharded by geography.")
    d, _ = _reply(kb, analyzer, now, problem="ride-sharing", phase="high_level_design", minute=12.0,
                  history=[("candidate", before), ("interviewer", "How many backend services sit behind it?")],
                  covered={"questions": ["q"], "technologies": {"dynamodb": False}})
    assert "dynamodb" in d.covered.get("dropped", [])


def test_the_default_store_is_never_asked_what_a_simpler_option_would_not_give(kb, analyzer):
    text = ("Messages go into PostgreSQL with an index on conversation and sequence, and each chat server keeps the "
            "open WebSocket connections of its users.")
    covered = {"questions": ["q"], "figures": ["45 messages a second"]}  # rates given: its load questions are moot
    d, _ = _reply(kb, analyzer, text, problem="b2b-chat", phase="high_level_design", minute=12.0, covered=covered)
    assert "simpler option" not in render_offline(d.act, thread_id="t", turn=5).lower()
    d, _ = _reply(kb, analyzer, "Then Kafka between the API and the chat servers.", problem="b2b-chat",
                  phase="high_level_design", minute=12.0, covered=covered)
    assert d.act.kind in ("push_back_tech", "push_back_overengineering")  # others still are


def test_a_summary_given_a_turn_ago_is_not_asked_for_again(kb, analyzer):
    summary = ("so to sum it up: the key generator hands out ranges, redirects read from Redis in front of "
               "Postgres, and clicks go to a log for analytics; with more time I'd talk about custom aliases")
    d, a = _reply(kb, analyzer, summary, phase="failure_modes", minute=40.0, covered={"questions": ["q"]})
    assert a.summary and d.covered.get("summarised")
    d, _ = _reply(kb, analyzer, "cool thanks, that was fun", phase="failure_modes", minute=41.0,
                  covered={"questions": ["q"], "summarised": True, "reflected": True})
    assert d.act.kind != "ask_summary"


def test_figures_put_to_us_for_a_check_are_answered(kb, analyzer):
    told = "About a million drivers are online at peak worldwide, and we have tens of millions of riders."
    history = [("candidate", "how many drivers are online at peak"), ("interviewer", told)]
    d, _ = _reply(kb, analyzer, "ok so say five hundred thousand drivers online at peak, does that sound about right?",
                  problem="ride-sharing", minute=4.0, history=history, covered={"questions": ["q"], "answers": [told]})
    text = render_offline(d.act, thread_id="t", turn=3)
    assert "a million drivers" in text and "500,000 drivers" in text, text
    d, _ = _reply(kb, analyzer, "ok so about a million drivers online at peak, does that sound about right?",
                  problem="ride-sharing", minute=4.0, history=history, covered={"questions": ["q"], "answers": [told]})
    assert "500,000" not in render_offline(d.act, thread_id="t", turn=3)


def test_a_piece_named_as_what_it_could_also_be_is_no_choice_to_probe(kb, analyzer):
    text = ("So I use a rate limit service inside each data center, sharded by user id, counters in memory. "
            "It could also be Redis with a Lua script, same idea.")
    d, _ = _reply(kb, analyzer, text, problem="multi-dc-rate-limiter", phase="high_level_design", minute=10.0,
                  covered={"questions": ["q"]})
    assert "redis" in d.covered["alternatives"]
    assert "redis" not in " ".join(d.act.questions()).lower()


def test_requirements_after_a_questioned_figure_are_not_read_as_numbers_built_on_it(kb, analyzer):
    fact = "About 500,000 requests a second globally at peak, unevenly spread."
    history = [("candidate", "How much total QPS?"), ("interviewer", fact),
               ("candidate", "I will assume 5 million requests per second at peak."),
               ("interviewer", f'Where does "5 million requests per second" come from? Earlier I said: {fact}')]
    act = {"kind": "challenge_input", "phase": "requirements", "subject": "5 million requests per second", "hint": fact,
           "tag": f"fact:{fact[:60]}"}
    text = ("Functional: allow or reject each request. Non-functional: decision under 5 ms at p99, and overshoot above "
            "the limit at most around 5 percent.")
    d, _ = _reply(kb, analyzer, text, problem="multi-dc-rate-limiter", history=history, act=act,
                  covered={"questions": ["q"], "answers": [fact], "challenged": ["input:5 million requests per second",
                                                                                f"fact:{fact[:60]}"]})
    assert "challenge_input" not in d.act.kinds()


def test_two_ways_offered_after_a_summary_get_one_of_them_taken(kb, analyzer):
    text = ("To summarize: local decisions in each data center, with a lease per hot user. If you want, I can go deeper "
            "into the math of the bound, or the sync protocol.")
    d, _ = _reply(kb, analyzer, text, problem="multi-dc-rate-limiter", phase="failure_modes", minute=35.0,
                  covered={"questions": ["q"], "technologies": {"sharding": True}})
    said = render_offline(d.act, thread_id="t", turn=20)
    assert "the math of the bound" in said or "the sync protocol" in said, said


def test_a_failure_of_a_piece_only_named_as_an_alternative_is_not_put(kb, analyzer):
    covered = {"questions": ["q"], "alternatives": ["redis"], "could_be": ["redis"], "technologies": {"redis": True},
               "components": ["rate limit service", "gateway"]}
    for minute in (24.0, 28.0, 32.0):
        d, _ = _reply(kb, analyzer, "Each data center keeps its last share when it cannot hear the others, so users "
                      "are limited a little harder during a partition, which I accept.", problem="multi-dc-rate-limiter",
                      phase="failure_modes", minute=minute, covered=covered)
        assert "redis" not in " ".join(d.act.questions()).lower()
        covered = {**covered, "asked": list(covered.get("asked", [])) + [t for t in [d.act.tag] if t]}


def test_a_summary_opening_with_a_label_is_no_topic_of_their_own_to_let_run(kb, analyzer):
    text = ("To summarize: decisions are always local, because 5 ms rules out anything else. Correctness comes from "
            "leasing quota rather than sharing counts. Partitions degrade toward under-admission using lease expiry.")
    act = {"kind": "depth_probe", "phase": "failure_modes", "question": "What's the weakest point of that?",
           "tag": "depth:weak"}
    d, _ = _reply(kb, analyzer, text, problem="multi-dc-rate-limiter", phase="failure_modes", minute=37.0, act=act,
                  covered={"questions": ["q"], "acts": ["depth_probe"]})
    assert d.act.kind != "listen"


def test_a_new_question_is_not_piled_on_ours_while_ours_goes_unanswered(kb, analyzer):
    card = kb.problem("url-shortener")
    asked = card.failure_questions[0]
    act = {"kind": "failure_probe", "phase": "failure_modes", "question": asked, "tag": "failure:0"}
    text = "Custom aliases are just another row with a flag, and the API checks the alias is free before it writes it."
    d, _ = _reply(kb, analyzer, text, phase="failure_modes", minute=32.0, act=act,
                  covered={"questions": ["q"], "asked": ["failure:0"], "acts": ["failure_probe"]})
    assert d.act.kind == "chase", d.act


def test_a_fix_in_the_candidates_own_words_is_theirs_and_an_api_gateway_is_not_build_or_buy(kb, analyzer):
    claim = "10 million keys times 150 bytes is about 1.5 MB"
    act = {"kind": "challenge_arithmetic", "phase": "deep_dive", "subject": claim}
    d, _ = _reply(kb, analyzer, "Let me correct that last number: 10 million times 150 bytes is 1.5 billion bytes, so "
                  "1.5 GB, not 1.5 MB.", problem="rate-limiter", phase="deep_dive", minute=15.0, act=act,
                  history=[("candidate", f"Storage: {claim}."), ("interviewer", f'Check that figure again: "{claim}".')],
                  covered={"questions": ["q"], "challenged": [claim]})
    said = render_offline(d.act, thread_id="t", turn=9)
    assert "misread" not in said and "holds now" in said, said
    d, _ = _reply(kb, analyzer, "The gateway checks a shared counter in Redis before forwarding, so abuse is shed early.",
                  problem="rate-limiter", phase="deep_dive", minute=20.0, company="amazon",
                  covered={"questions": ["q"], "technologies": {"api-gateway": False, "redis": True},
                           "components": ["api gateway", "redis"]})
    assert "API Gateway in-house" not in render_offline(d.act, thread_id="t", turn=11)


def test_one_scenario_is_put_once_whichever_item_of_the_card_describes_it(kb, analyzer):
    card = kb.problem("ecommerce-checkout")
    outage = next(q for q in card.failure_questions if "processor" in q or "outage" in q)
    earlier = "Stripe is down for 30 minutes on Black Friday. What happens to orders?"
    history = [("interviewer", earlier), ("candidate", "We'd queue the orders and retry.")]
    for minute in (17.0, 19.0, 21.0):
        d, _ = _reply(kb, analyzer, "Confirmation emails go through a queue so a slow email service never slows "
                      "checkout.", problem="ecommerce-checkout", phase="failure_modes", minute=minute, history=history,
                      covered={"questions": ["q"]})
        assert outage not in " ".join(d.act.questions()), d.act


def test_an_invitation_to_correct_their_assumptions_is_taken_up(kb, analyzer):
    text = ("Let me set assumptions and you can correct me. Say 500 hours of video uploaded per minute and a billion "
            "views a day.")
    d, _ = _reply(kb, analyzer, text, problem="video-platform", minute=4.0, covered={"questions": ["q"]})
    assert "5 billion" in render_offline(d.act, thread_id="t", turn=3)


def test_what_a_piece_would_be_later_is_no_piece_of_theirs_to_probe(kb, analyzer):
    text = ("And search would be Elasticsearch or OpenSearch fed from a change stream, but at our size, Postgres "
            "full-text search per workspace is a fine first version.")
    covered = {"questions": ["q"], "technologies": {"postgresql": True, "redis": True},
               "components": ["gateway", "postgres", "redis"],
               "asked": [f"failure:{n}" for n in range(3)] + [f"probe:{n}" for n in range(4)] +
               ["twist:0", "twist:1", "depth:down:postgresql", "depth:down:redis"]}
    d, _ = _reply(kb, analyzer, text, problem="b2b-chat", phase="failure_modes", minute=31.0, covered=covered)
    assert "elasticsearch" not in render_offline(d.act, thread_id="t", turn=31).lower()


def _facts_of(kb: Knowledge, problem: str, *starts: str) -> list[str]:
    card = kb.problem(problem)
    return [next(f.answer for f in card.hidden_facts if f.answer.startswith(s)) for s in starts]


def test_numbers_asked_for_as_a_list_in_a_statement_are_each_answered(kb, real_embedder):
    """ "The figures I'd like: …" asks, though it has no question mark; each listed item gets its fact."""
    from analysis.turns import TurnAnalyzer

    d, a = _reply(kb, TurnAnalyzer(kb, real_embedder),
                  "The storage layer is ours, from the upload API to the disks. Some figures I'd like: photos uploaded "
                  "per day, total users, the average photo size, and how views compare to uploads.",
                  problem="photo-storage")
    assert any(q.numeric for q in a.asks)
    for fact in _facts_of(kb, "photo-storage", "About 5 million users", "About 50 million new photos",
                          "Originals average", "About 50 million photo views"):
        assert fact in d.act.answers


def test_a_list_part_with_a_qualifier_after_a_comma_is_matched_on_its_head(kb, real_embedder):
    """ "…, and how are followers spread, mean and maximum?": the follower fact, whatever the tail adds."""
    from analysis.turns import TurnAnalyzer

    d, _ = _reply(kb, TurnAnalyzer(kb, real_embedder),
                  "How many tweets a day, how many people use it daily, and what does the follower distribution look "
                  "like, mean and maximum?", problem="twitter-timeline")
    assert _facts_of(kb, "twitter-timeline", "A typical user follows")[0] in d.act.answers


def test_a_question_that_offers_its_own_options_after_a_colon_asks_the_part_before_it(kb, real_embedder):
    """ "What form does the limit take: per second, per minute, or per hour?" asks for the limit, not the traffic."""
    from analysis.turns import TurnAnalyzer

    d, _ = _reply(kb, TurnAnalyzer(kb, real_embedder),
                  "What form does the limit take: calls per user per second, per minute, per hour?",
                  problem="multi-dc-rate-limiter")
    assert _facts_of(kb, "multi-dc-rate-limiter", "Typically 100 requests per minute")[0] in d.act.answers


def test_two_things_asked_with_a_spoken_tail_are_two_asks(kb, real_embedder):
    """ "What are the traffic and the number of users we're dealing with?": both, not only the traffic."""
    from analysis.turns import TurnAnalyzer

    d, _ = _reply(kb, TurnAnalyzer(kb, real_embedder),
                  "And what are the request rate and number of distinct users we're looking at?",
                  problem="multi-dc-rate-limiter")
    for fact in _facts_of(kb, "multi-dc-rate-limiter", "About 100 million users", "About 500,000 requests"):
        assert fact in d.act.answers


def test_a_summary_after_our_failure_question_is_not_chased_and_a_request_for_our_view_waits(kb, real_embedder):
    """Summing up instead of answering: no "back to my scenario"; "your view on whether I should have…" is
    feedback, kept for the end."""
    from analysis.turns import TurnAnalyzer

    analyzer = TurnAnalyzer(kb, real_embedder)
    turn = ("To recap: codes from a counter in Base62, a key-value store keyed by code, a cache in front of the "
            "redirects and the analytics written off the hot path. The main risk is the cache hit rate. I'd like "
            "your view on whether I should have spent more time on the analytics side.")
    d, a = _after_failure_question(kb, analyzer, "url-shortener", 1, turn, 30.0, format_minutes=60)
    assert a.summary
    assert d.act.kind != "chase"
    assert any("feedback for the end" in n for n in d.act.notes)


def test_a_gateway_in_front_of_the_services_just_named_is_not_questioned(kb, analyzer):
    turn = "Clients go through an API gateway to an Upload service, an Album service and a Viewer service."
    d, _ = _reply(kb, analyzer, turn, problem="photo-storage", phase="high_level_design", minute=15.0,
                  covered={"questions": ["q"]})
    assert "api-gateway" not in (d.act.tag or "")
    alone, _ = _reply(kb, analyzer, "Clients go through an API gateway to one Upload service.",
                      problem="photo-storage", phase="high_level_design", minute=15.0, covered={"questions": ["q"]})
    assert "api-gateway" in (alone.act.tag or "")  # one service behind it: what is it for?


def test_a_pushback_on_sharding_asks_its_own_question_not_the_generic_one(kb):
    from agent.policy import _pushback

    question, tag = _pushback(kb, None, "sharding", [], turn="Posts go to sharded MySQL behind the Post service.")
    assert "shard key" in question and not tag.endswith(":plain")


@pytest.mark.parametrize("pause", ["hmm let me think about that for a sec", "Give me a moment.", "Okay, one second."])
def test_asking_for_a_moment_gets_the_moment_not_a_new_question(kb, analyzer, pause):
    question = "What happens to in-flight redirects when the cache node restarts?"
    previous = {"kind": "depth_probe", "phase": "deep_dive", "question": question, "tag": "depth:cache:down"}
    d, _ = _reply(kb, analyzer, pause, phase="deep_dive", minute=20.0, act=previous,
                  covered={"questions": ["q"], "acts": ["depth_probe"], "asked": ["depth:cache:down"]},
                  history=[("interviewer", question)])
    assert d.act.kind == "listen" and not d.act.questions()
    assert "take" in render_offline(d.act, thread_id="t", turn=5).lower()


def test_an_option_set_aside_in_the_next_breath_or_said_to_work_as_well_is_not_their_stack(kb, analyzer):
    """ "Could use Redis for this. I'd rather own the structure…" and "elsewhere, sharded Postgres works just as
    well": neither piece is theirs, so no deeper question is put about it."""
    from agent.acts import depth_probe

    text = ("Nearby drivers: a grid of cells, each holding the IDs of drivers in it. Could use Redis GEO for this. "
            "I'd rather own the structure, because I want to filter by status inside the lookup. Trips go to "
            "Spanner keyed by trip id; elsewhere, sharded Postgres by city works just as well at this rate.")
    d, a = _reply(kb, analyzer, text, problem="ride-sharing", phase="deep_dive", minute=14.0,
                  covered={"questions": ["q"]})
    assert "redis" in d.covered["could_be"]
    assert "postgresql" in d.covered["alternatives"]
    covered = {"technologies": {"redis": True, "postgresql": True}, "could_be": d.covered["could_be"],
               "alternatives": d.covered["alternatives"]}
    probe = depth_probe(kb, covered, a, [], "deep_dive", [], 6, [])
    assert probe is None or not re.search(r"redis|postgres", probe.question or "", re.I)


def test_sound_arithmetic_on_a_figure_we_questioned_against_our_facts_concedes_nothing(kb, analyzer):
    """We said their 2 billion a day contradicts the figure we gave; "2 billion times 1 KB is 2 TB a day" is right
    arithmetic on the questioned figure, not a case that our figure was misread."""
    fact = "Roughly 10 million push notifications, 5 million emails and 1 million text messages a day."
    said = "Say 2 billion notifications a day at 1 KB each, so 2 billion over 86,400 is about 23,000 a second."
    question = f'Hold on: "2 billion notifications a day". That doesn\'t match what I told you: {fact} Can you redo ' \
               "the numbers from that?"
    previous = {"kind": "challenge_input", "phase": "estimation", "subject": "2 billion notifications a day",
                "hint": fact, "tag": f"fact:{fact[:60]}"}
    d, _ = _reply(kb, analyzer, "Storage then: 2 billion times 1 KB is 2 TB a day, and 30 days of it is 60 TB.",
                  problem="notification-system", phase="estimation", minute=8.0, act=previous,
                  covered={"questions": ["q"], "answers": [fact], "acts": ["challenge_input"],
                           "challenged": ["input:2 billion notifications a day"]},
                  history=[("candidate", said), ("interviewer", question)])
    assert not any("misread" in n for n in d.act.notes)


def test_sound_steps_are_vouched_for_only_when_they_start_from_our_figures(kb, analyzer):
    told = "We create about 100 million new short links per day."
    covered = {"questions": ["q"], "answers": [told]}
    ours, _ = _reply(kb, analyzer, "100 million links a day is about 1,160 writes a second.", phase="estimation",
                     covered=covered, history=[("interviewer", told)])
    assert ours.act.hint == "numbers_hold"
    theirs, _ = _reply(kb, analyzer, "Say 2 million rows a day, which is about 730 million rows a year.",
                       phase="estimation", covered=covered, history=[("interviewer", told)])
    assert theirs.act.hint != "numbers_hold" and "challenge_arithmetic" not in theirs.act.kinds()


def test_a_check_on_figures_we_hold_none_for_is_answered_not_passed_over(kb, analyzer):
    said = ("Base62 with seven characters: 62 to the seventh is about 3.5 trillion codes, and 180 billion links over "
            "five years is about 5 percent of that space.")
    d, _ = _reply(kb, analyzer, f"{said} Does that math look reasonable?", phase="estimation",
                  covered={"questions": ["q"]})
    text = render_offline(d.act, thread_id="t", turn=3, minutes=9.0)
    assert "yours to assume" in text and "Your call" not in text and "challenge_arithmetic" not in d.act.kinds()
    alone, _ = _reply(kb, analyzer, "does that seem like the right ballpark", phase="estimation",
                      covered={"questions": ["q"]}, history=[("candidate", said), ("interviewer", "Go on.")])
    assert "yours to assume" in render_offline(alone.act, thread_id="t", turn=5, minutes=10.0)


@pytest.mark.parametrize("minute", [18.4, 18.6, 29.7])
def test_the_time_said_adds_up_to_the_round(kb, analyzer, minute):
    d, _ = _reply(kb, analyzer, "How much time do we have left?", phase="deep_dive", minute=minute, format_minutes=30,
                  covered={"questions": ["q"]})
    said = next(n for n in d.act.notes if "minutes in" in n)
    spent, left = (int(x) for x in re.findall(r"\d+", said))
    assert spent + left == 30


@pytest.mark.parametrize("opening", ["Let me summarize by phase.", "Summary.", "Quick recap."])
def test_the_summary_turn_itself_is_never_answered_with_a_request_for_one(kb, analyzer, opening):
    summary = (f"{opening} Redirects read from Redis in front of Postgres, a range allocator hands out codes, clicks "
               "go through a log. With more time I'd look at custom aliases.")
    d, a = _reply(kb, analyzer, summary, phase="failure_modes", minute=38.0, covered={"questions": ["q"]})
    assert a.summary and d.act.kind != "ask_summary"
    text = render_offline(d.act, thread_id="t", turn=9, minutes=38.0)
    assert "summar" not in text.lower() and "more time" not in text.lower(), text


def test_a_moment_asked_to_think_a_named_part_through_is_given(kb, analyzer):
    d, _ = _reply(kb, analyzer, "okay um give me a sec to like think through the partition part",
                  problem="multi-dc-rate-limiter", phase="deep_dive", minute=24.0, covered={"questions": ["q"]})
    assert d.act.kind == "listen" and d.act.subject == "thinking"
    d, _ = _reply(kb, analyzer, "Give me a sec to think about it. During a partition each data centre keeps its own "
                  "counts and we accept some overshoot.", problem="multi-dc-rate-limiter", phase="deep_dive",
                  minute=24.0, covered={"questions": ["q"]})
    assert d.act.subject != "thinking"  # the thought came with it


@pytest.mark.parametrize("text", ["Was there a part of this you'd have liked me to spend more time on?",
                                  "yeah i think thats it um thanks is there anything you think i missed"])
def test_a_question_about_what_was_missed_is_answered(kb, analyzer, text):
    d, _ = _reply(kb, analyzer, text, phase="wrap_up", minute=40.0, covered={"questions": ["q"]})
    assert any("missing" in n for n in d.act.notes)


def test_two_ways_offered_for_us_to_pick_get_one_picked(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Which do you want deeper: short code generation, or the click counting?",
                  phase="deep_dive", minute=20.0, covered={"questions": ["q"], "components": ["a", "b", "c"]})
    assert d.act.kind == "give_direction"


def test_a_flagged_slip_that_comes_back_unfixed_is_raised_once_more_with_its_figure(kb, analyzer):
    first, _ = _reply(kb, analyzer, "A million drivers ping every 4 seconds, so 1 million over 4 is about 25,000 "
                      "location writes a second.", problem="ride-sharing", phase="estimation", minute=8.0,
                      covered={"questions": ["q"]})
    assert first.act.kind == "challenge_arithmetic" and first.covered["slips"]
    covered = {"questions": ["q"], "challenged": first.covered["challenged"], "slips": first.covered["slips"]}
    later = "At 25,000 writes a second a single Redis primary holds the driver locations comfortably."
    again, _ = _reply(kb, analyzer, later, problem="ride-sharing", phase="deep_dive", minute=16.0, covered=covered,
                      act={"kind": "probe_design", "phase": "deep_dive"})
    text = render_offline(again.act, thread_id="t", turn=7, minutes=16.0)
    assert "250,000" in text and "25,000" in text, text
    covered["challenged"] = again.covered["challenged"]
    once, _ = _reply(kb, analyzer, later, problem="ride-sharing", phase="deep_dive", minute=18.0, covered=covered,
                     act={"kind": "probe_design", "phase": "deep_dive"})
    assert "250,000" not in render_offline(once.act, thread_id="t", turn=9, minutes=18.0)  # once, not every turn
    fixed, _ = _reply(kb, analyzer, "My mistake, it's 250,000 writes a second, so Redis needs a few shards.",
                      problem="ride-sharing", phase="deep_dive", minute=16.0, covered=covered)
    assert fixed.act.tag is None or not fixed.act.tag.startswith("standing:")


def test_a_candidate_about_to_give_the_numbers_is_let_give_them(kb, analyzer):
    text = ("Okay, let me write the requirements down. Functional: shorten a long URL and redirect a short one. "
            "Non-functional: redirects are fast and highly available. Is there anything you'd add or change before I "
            "move on to estimates?")
    d, _ = _reply(kb, analyzer, text, phase="estimation", minute=9.0, covered={"questions": ["q"], "figures": ["x"]},
                  act={"kind": "ask_estimates", "phase": "estimation"})
    said = render_offline(d.act, thread_id="t", turn=5, minutes=9.0)
    assert d.act.phase == "estimation" and "architecture" not in said and "high-level" not in said, said


@pytest.mark.parametrize("opening", ["So, summary of the math:", "Recap:"])
def test_an_early_recap_of_a_pasted_design_does_not_end_the_round(kb, analyzer, opening):
    text = (f"{opening} 100 million links a day is about 1,160 writes a second, and 100 redirects per link is about "
            "116,000 reads a second. The design: an API service behind a load balancer, a key generation service "
            "handing out ranges, Redis in front of Cassandra for the mappings, and Kafka carrying click events to "
            "an analytics worker. Sound right?")
    d, _ = _reply(kb, analyzer, text, phase="estimation", minute=11.0, format_minutes=60, covered={"questions": ["q"]})
    assert d.act.phase != "wrap_up" and d.act.kind not in ("follow_up", "ask_summary"), d.act.kinds()


def test_asking_whether_the_answer_fit_our_question_is_no_request_for_feedback(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Feeds are derived data, so worst case we rebuild them. Does that answer it, or did I "
                  "miss what you were asking?", problem="news-feed", phase="failure_modes", minute=30.0,
                  covered={"questions": ["q"]})
    assert "Yes, that answers it." in d.act.notes and not any("scorecard" in n for n in d.act.notes)


def test_a_full_summary_with_a_third_of_a_long_round_left_is_followed_by_one_more_question(kb, analyzer):
    summary = ("Let me summarize. Redirects read from Redis in front of Cassandra, a range allocator hands out codes, "
               "and clicks go through Kafka to a counter service. The main risk is a hot link.")
    summary = f"Let me summarize now, and then we can spend the rest of the time wherever you like. {summary}"
    card = kb.problem("url-shortener")
    spent = [f"probe:{d}" for d in range(len(card.deep_dives))] + [f"failure:{n}" for n in range(len(card.failure_questions))]
    spent += [f"twist:{n}" for n in range(len(card.scale_twists))]
    covered = {"questions": ["q"], "technologies": {"redis": True, "cassandra": True, "kafka": True},
               "asked": spent, "acts": ["failure_probe"]}  # the card's own questions are spent: theirs are left
    question = card.failure_questions[0]
    act = {"kind": "failure_probe", "phase": "failure_modes", "question": question, "tag": "failure:0"}
    d, _ = _reply(kb, analyzer, summary, phase="failure_modes", minute=31.0, format_minutes=60, covered=covered,
                  act=act, history=[("interviewer", question)])
    assert d.act.phase != "wrap_up" and d.act.question, d.act.kinds()


@pytest.mark.parametrize("text", ["Actually, sorry, can I take a moment? I want to look at that against my own numbers.",
                                  "Hmm. Give me a second on click counts, because that's the part I over-built the first "
                                  "time."])
def test_a_moment_asked_for_with_its_reason_is_given(kb, analyzer, text):
    d, _ = _reply(kb, analyzer, text, problem="internal-url-shortener", phase="deep_dive", minute=20.0,
                  covered={"questions": ["q"]})
    assert d.act.kind == "listen" and d.act.subject == "thinking"


def test_two_ways_offered_for_the_depth_get_one_of_theirs(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Time check. Where do you want depth: permissions, or search?", problem="task-app",
                  phase="deep_dive", minute=20.0, covered={"questions": ["q"], "components": ["a", "b", "c"]})
    assert d.act.kind == "give_direction" and "permissions" in (d.act.subject or "")
    assert any("minutes in" in n for n in d.act.notes)


def test_a_depth_check_followed_by_a_new_question_does_not_also_say_keep_going(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Each shard batches changed counts every 100 ms and ships them to its peers. Is this "
                  "the depth you want on the sync, or shall I move on?", problem="multi-dc-rate-limiter",
                  phase="deep_dive", minute=20.0, covered={"questions": ["q"], "components": ["a", "b", "c"]})
    assert d.act.questions()
    assert not any("keep going" in n for n in d.act.notes)


def test_a_product_question_after_their_own_choice_is_theirs_and_said_to_be_fair(kb, analyzer):
    d, _ = _reply(kb, analyzer, "If someone's over the limit, I think we drop it and mark it rate limited rather than "
                  "delay it. But I'm not sure, would product want it delayed instead?", problem="notification-system",
                  phase="deep_dive", minute=14.0, covered={"questions": ["q"]})
    assert any("your call" in n for n in d.act.notes)


def test_a_requirement_put_to_us_after_a_guess_is_answered_from_the_card(kb, analyzer):
    d, _ = _reply(kb, analyzer, "Checking the status row first makes that rare. I think an occasional duplicate SMS is "
                  "acceptable, is it for you?", problem="notification-system", phase="deep_dive", minute=20.0,
                  covered={"questions": ["q"]})
    assert d.act.answers and "duplicate" in d.act.answers[0].lower()


@pytest.mark.parametrize("text, said", [
    ("Permanent errors we don't retry. Should I talk about failures next, or is there something else you'd rather "
     "see?", "failures"),
    ("That's the write path. Should I go into the data model next, or would you rather I cover caching?", "data model"),
])
def test_the_next_step_they_propose_is_agreed_to(kb, analyzer, text, said):
    d, _ = _reply(kb, analyzer, text, problem="notification-system", phase="deep_dive", minute=18.0,
                  covered={"questions": ["q"], "components": ["a", "b", "c"]})
    assert d.act.kind == "listen" and any(said in n for n in d.act.notes)
    assert d.act.phase == ("failure_modes" if said == "failures" else "deep_dive")


def test_a_spoken_run_on_gets_a_fact_for_each_topic_it_names(kb, analyzer):
    d, _ = _reply(kb, analyzer, "got it and um how fresh does it need to be like if my friend posts something how fast "
                  "should i see it is a few seconds okay or does it need to be instant and also for this version is it "
                  "strictly newest first because i'd kind of like to keep ranking out of scope at first if that's "
                  "alright", problem="news-feed", phase="requirements", minute=3.0)
    said = " ".join(d.act.answers)
    assert "few seconds to show up" in said and "chronological" in said


def test_asked_what_to_go_back_to_once_the_plan_is_spent_one_of_ours_never_taken_up_is_put_again(kb, analyzer):
    card = kb.problem("employee-dashboard")
    spent = [f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p in range(len(dive.probes))] + \
        [f"failure:{n}" for n in range(len(card.failure_questions))]
    d, _ = _reply(kb, analyzer, "Sorry, I know my first version was pretty thin. Is there anything you'd like me to go "
                  "back to?", problem="employee-dashboard", phase="failure_modes", minute=27.0,
                  covered={"questions": ["q"], "asked": spent})
    assert d.act.questions() and (d.act.tag or "").startswith("revisit:")
    assert not any("already answered" in n for n in d.act.notes)


def test_a_limit_we_gave_said_back_with_another_value_is_put_right_without_redoing_numbers(kb, analyzer):
    told = "Per user, at most 5 push notifications an hour, 3 emails a day and 1 SMS a day."
    d, _ = _reply(kb, analyzer, "Rate limits: a counter per user per channel in Redis with a TTL, like at most 3 SMS an "
                  "hour. If someone's over the limit we drop it.", problem="notification-system", phase="deep_dive",
                  minute=14.0, covered={"questions": ["q"], "answers": [told]})
    kinds = d.act.kinds()
    assert "challenge_input" in kinds
    part = d.act if d.act.kind == "challenge_input" else d.act.secondary
    assert part is not None and (part.tag or "").startswith("limit:") and part.subject == "3 SMS an hour"


def test_numbers_of_another_thing_after_a_questioned_figure_are_not_said_to_start_from_it(kb, analyzer):
    put, covered = _questioned(kb, "ride-sharing", "challenge_input", "high_level_design", "10 million rides a day",
                               "rides a day")
    other = ("each location update is like driver id lat long timestamp maybe 100 bytes so if i only keep the latest "
             "position per driver that's 1 million times 100 bytes is 100 megabytes which fits on one machine")
    d, _ = _reply(kb, analyzer, other, problem="ride-sharing", phase="high_level_design", minute=10.0,
                  covered=covered, act=put)
    assert d.act.kind != "challenge_input"


def test_a_rate_a_second_is_no_request_for_a_moment(kb, analyzer):
    d, _ = _reply(kb, analyzer, "so fifty five hundred links a day, that's about sixty a second on the write side",
                  problem="internal-url-shortener", phase="estimation", minute=9.0, covered={"questions": ["q"]})
    assert d.act.kind != "listen"


def test_sizing_that_names_its_store_twice_is_not_a_whole_design_pasted(kb, analyzer):
    text = ("Quick math. For a token bucket the state per key is a count and a timestamp, with the key and Redis "
            "overhead call it 100 bytes. Ten million keys times 100 bytes is about a gigabyte, so memory is fine. "
            "Throughput is the problem: a million checks a second, and a Redis node does maybe 100k simple operations "
            "a second, so that's 10 shards minimum, 20 for headroom. Every call pays one extra hop, half a millisecond.")
    d, _ = _reply(kb, analyzer, text, problem="rate-limiter", phase="requirements", minute=7.9,
                  covered={"questions": ["q"]})
    assert d.phase != "deep_dive" and d.act.kind not in ("deep_dive_probe", "failure_probe")


def test_a_design_shown_with_drawn_boxes_while_the_numbers_were_going_gets_its_boxes_asked_about(kb, analyzer):
    from kernel.diagram import parse_diagram

    drawn = parse_diagram("client -> api -> bus: events\nbus: Kafka\nbus -> workers -> store\nstore: Cassandra"
                          ).model_dump()
    d, _ = _reply(kb, analyzer, "Here is my design: an API that publishes events, workers that write to the store.",
                  problem="task-app", phase="estimation", minute=4.0, diagram=drawn,
                  covered={"questions": ["q"], "acts": ["listen"]})
    assert (d.act.tag or "").startswith("diagram:") and d.phase == "high_level_design"


def test_a_summary_with_half_of_a_long_round_left_puts_an_open_question_again(kb, analyzer):
    card = kb.problem("url-shortener")
    every = [f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p in range(len(dive.probes))]
    every += [f"twist:{n}" for n in range(len(card.scale_twists))]
    every += [f"failure:{n}" for n in range(len(card.failure_questions))]
    summary = ("Summary: a key-value store keyed by code, range-based IDs and a cache in front of it. Not covered: "
               "analytics.")
    d, _ = _reply(kb, analyzer, summary, phase="failure_modes", minute=30.0, format_minutes=60,
                  covered={"questions": ["q"], "asked": every, "acts": ["failure_probe"] * 3})
    text = render_offline(d.act, thread_id="t", turn=20)
    assert d.phase != "wrap_up" and "We still have about 30 minutes" in text
    assert "Going back to" in text or "Suppose we now want" in text  # an open question of ours, else a new need


def test_the_pace_asked_about_is_answered_and_their_next_step_agreed_to(kb, analyzer):
    d, a = _reply(kb, analyzer, "Am I going too fast? Tell me if there's a part you want me to zoom in on. "
                  "Otherwise I'll go to failures.", phase="deep_dive", minute=21.0,
                  covered={"questions": ["q"], "acts": ["deep_dive_probe", "listen"]})
    assert [x.meta for x in a.asks] == ["check", "direction"]
    text = render_offline(d.act, thread_id="t", turn=12)
    assert "Your pace is fine." in text and "take failures next" in text and d.phase == "failure_modes"


def test_their_own_failures_one_after_another_are_let_run(kb, analyzer):
    card = kb.problem("url-shortener")
    failures = [f"failure:{n}" for n in range(len(card.failure_questions))]
    turn = ("Failures. One: the cache node dies. Reads fall through to the database, which holds at this rate. Two: "
            "a database replica fails. We fail over to another replica within a minute.")
    d, _ = _reply(kb, analyzer, turn, phase="failure_modes", minute=24.0,
                  covered={"questions": ["q"], "asked": failures, "acts": ["failure_probe", "failure_probe"]})
    assert d.act.kind == "listen"  # no new requirement in the middle of their list


def test_their_reason_weighed_is_answered_and_no_go_ahead_comes_before_our_next_question(kb, analyzer):
    d, _ = _reply(kb, analyzer, "I'd use 302, because with 301 the browser keeps the old target and we lose click "
                  "counts. Is that a good enough reason?", phase="deep_dive", minute=14.0,
                  covered={"questions": ["q"], "acts": ["deep_dive_probe"]})
    text = render_offline(d.act, thread_id="t", turn=8)
    assert text.startswith("Yes, that holds up")
    assert "go ahead" not in text


def test_an_offer_to_go_deeper_on_one_part_is_taken(kb, analyzer):
    d, _ = _reply(kb, analyzer, "is this the right level of detail or do you want me to go deeper on the click counts "
                  "because i think thats the tricky part here", phase="deep_dive", minute=20.0,
                  covered={"questions": ["q"], "acts": ["deep_dive_probe"]})
    assert d.act.kind == "listen" and "Yes, go deeper on the click counts." in render_offline(d.act, thread_id="t", turn=9)


def test_a_question_the_facts_just_given_answer_is_not_also_left_to_them(kb):
    from analysis.models import FactHit, Question
    from tests.agent.conftest import ana

    card = kb.problem("notification-system")
    who, mix = "Who calls this system?", ("Is it mostly transactional stuff, like password resets and order updates, "
                                          "or bulk marketing blasts?")
    read = ana(f"{who} {mix}", questions=[who, mix], asks=[Question(text=who, kind="fact"),
                                                           Question(text=mix, kind="yesno")],
               fact_hits=[FactHit(question=who, topic="features", fact=0, score=1.0)], fact_topics=["features"])
    d = choose_act(make_state(problem_id="notification-system"), read, card, kb)
    assert card.hidden_facts[0].answer in d.act.answers and d.act.your_call == []  # told: password resets…


def test_no_offer_to_go_deeper_on_something_unnamed_is_taken_up(kb, analyzer):
    d, _ = _reply(kb, analyzer, "GET /links/{code} redirects. Is that enough detail or should I go deeper on "
                  "something?", phase="deep_dive", minute=12.0, covered={"questions": ["q"], "acts": ["deep_dive_probe"]})
    assert "go deeper on the something" not in render_offline(d.act, thread_id="t", turn=7)


def test_this_depth_or_failures_next_gets_one_answer(kb, analyzer):
    d, a = _reply(kb, analyzer, "Is this the depth you want? Or failures next?", phase="deep_dive", minute=16.0,
                  covered={"questions": ["q"], "acts": ["deep_dive_probe", "listen"]})
    assert [x.meta for x in a.asks] == ["check", "direction"]
    assert d.act.kind == "listen" and "take failures next" in render_offline(d.act, thread_id="t", turn=11)


def test_a_terse_candidate_with_a_third_of_the_round_left_gets_a_push_not_the_wrap_up(kb, analyzer):
    card = kb.problem("rate-limiter")
    asked = [f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p in range(len(dive.probes))] + \
        [f"failure:{n}" for n in range(len(card.failure_questions))] + \
        [f"probe:{d}" for d in range(len(card.deep_dives))] + [f"twist:{n}" for n in range(len(card.scale_twists))] + \
        ["depth:pick:own", "extend:0", "extend:1", "extend:2", "revisit:a", "revisit:b", "depth:down:redis",
         "depth:slow:redis", "depth:watch:redis", "depth:trade:redis"]  # the planned questions and fallbacks spent
    d, said = _reply(kb, analyzer, "Config pushes get validated.", problem="rate-limiter", phase="failure_modes",
                     minute=27.0, covered={"questions": ["q"], "components": ["a", "b", "c"], "asked": asked,
                                           "acts": ["failure_probe", "depth_probe"]})
    assert d.act.phase != "wrap_up" and (d.act.tag or "").startswith("push:"), said
