"""Requirement questions in the forms people speak them: a topic said first ("And inventory, how strict are we
supposed to be about it."), a question ending in a full stop, a requirement asked at the end of a run of
statements, a reading put to us after a plan ("…unless you think real-time is really important"), the time and the
way to show the design asked about, and a step of their own guessed aloud, which is weighed rather than passed over."""

from __future__ import annotations

from typing import Any

import pytest

from agent.policy import choose_act
from agent.voice import render_offline
from analysis.inputs import mismatched_inputs
from analysis.intent import asks, guessed_aloud, question_part
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


def _reply(kb: Knowledge, reader: TurnAnalyzer, problem: str, text: str, phase: str = "requirements",
           minute: float = 3.0, **covered: Any) -> tuple[Any, str]:
    card = kb.problem(problem)
    transcript = [Turn(role="interviewer", content=card.prompt, phase="requirements", minute=0.3)]
    analysis = reader.analyze(text, card, previous_interviewer=card.prompt)
    state = make_state(problem_id=problem, transcript=transcript, phase=phase, minute=minute,
                       covered={"questions": ["q"], **covered})
    decision = choose_act(state, analysis, card, kb)
    return decision, render_offline(decision.act, thread_id="t", turn=3)


def test_a_topic_said_first_does_not_hide_the_question() -> None:
    assert _kinds("And inventory, how strict are we supposed to be about it.")
    assert _kinds("Tax, currency, promo codes, do I own any of that, or can I treat pricing and tax as somebody "
                  "else's service that I just call and trust.")
    assert _kinds("And guest checkout, in or out") == [("scope", None)]
    assert _kinds("right and um feature wise do we need threads reactions file uploads search") == [("scope", None)]
    assert _kinds("um and the rules do they change like can different customers have different limits")
    assert _kinds("The question for you is whether any type is worse duplicated than dropped.")
    # statements keep their shape: no inverted verb opens the clause
    assert _kinds("And inventory, we reserve it at checkout.") == []
    assert _kinds("Worst case, the job runs twice.") == []
    assert _kinds("The hot keys, we shard them by user.") == []


def test_a_requirement_asked_after_statements_is_matched_on_what_it_asks(kb: Knowledge, reader: TurnAnalyzer) -> None:
    text = ("um for like non functional stuff i think it has to be really fast because it's on every request so maybe "
            "it adds like a millisecond or two at most and it should be highly available and um does it need to be "
            "exact like if the limit is a hundred and someone gets a hundred and three through is that like a big deal "
            "or is that fine")
    assert _kinds(text) == [("yesno", None)]  # not a check on their own statements
    assert question_part(split_sentences(text)[0]).text == "does it need to be exact"
    _, said = _reply(kb, reader, "rate-limiter", text, minute=4.0)
    assert "Approximate is fine" in said
    # a question that opens with its own "how" keeps all of itself
    how = "ok and hw long do the links need to stay around"
    assert question_part(split_sentences(how)[0]).text == how


def test_a_reading_put_to_us_after_a_plan_is_a_question() -> None:
    text = ("WebSockets would be faster, but it's more stuff to run, so no WebSockets for now, unless you think "
            "real-time is really important.")
    assert len(_kinds(text)) == 1
    assert question_part(split_sentences(text)[0]).text.startswith("unless you think real-time")


def test_the_time_and_the_way_to_show_the_design_are_answered(kb: Knowledge, reader: TurnAnalyzer) -> None:
    text = ("Hi, um, thanks. Sorry, I'm a bit nervous, this is my first system design interview. Just to check, we have "
            "30 minutes, right? And should I be drawing on the whiteboard thing, or just talking?")
    assert _kinds(text) == [("meta", "time"), ("meta", "check")]
    _, said = _reply(kb, reader, "task-app", text, minute=1.0)
    assert "about 1 minute in, with about" in said and "minutes in" not in said
    assert "Talking it through is fine" in said
    assert "The core is" not in said  # not the scope, which they did not ask for


def test_a_restated_problem_with_a_choice_is_a_scope_question() -> None:
    text = ("okay um so just to make sure i get it this is like a slacks style thing but for businesses so like "
            "workspaces per company and channels and direct messages is that um is that roughly it or is it more like "
            "a customer support chat between a business and its customers")
    assert _kinds(text) == [("scope", None)]


def test_a_failure_case_asked_for_is_an_invitation() -> None:
    assert _kinds("Is there a failure case you want me to think about?") == [("meta", "invite")]


def test_a_step_guessed_aloud_is_weighed_not_passed_over(kb: Knowledge, reader: TurnAnalyzer) -> None:
    text = ("We'd have a separate worker, a scheduler, that runs every minute and looks for due reminders. Oh, but if we "
            "run two schedulers they might both send the same reminder. I guess we just run one?")
    assert guessed_aloud(split_sentences(text)) == "I guess we just run one?"
    assert guessed_aloud(split_sentences("I guess it's okay if a post shows up late?")) is None  # a requirement
    assert guessed_aloud(split_sentences("I guess we just run one. Next, the API.")) is None  # said, not asked
    decision, said = _reply(kb, reader, "task-app", text, phase="deep_dive", minute=18.0,
                            components=["api", "database", "scheduler"])
    assert decision.act.kind == "listen"
    assert "what it costs you" in said


def test_one_plans_allowance_is_not_the_load() -> None:
    facts = ["About 10,000 API requests per second at peak, spread over roughly 20 API servers behind a load balancer."]
    said = ("um and the rules do they change like can different customers have different limits like the free tier "
            "gets a hundred requests a minute and paid gets like ten thousand or something")
    assert mismatched_inputs(said, facts) == []
    assert mismatched_inputs("we get about 100 requests a minute in total", facts)  # the whole load, far off


def test_options_weighed_and_not_picked_are_not_theirs() -> None:
    from analysis.techs import TechMatcher
    from knowledge.content import knowledge

    matcher = TechMatcher(knowledge())
    said = ("I went back and forth between Cassandra and sharded MySQL, and honestly I could argue either, but I'll go "
            "with sharded MySQL, sharded by video ID.")
    status = {(m.tech_id, m.status) for m in matcher.find(split_sentences(said)[0])}
    assert ("cassandra", "rejected") in status and ("mysql", "used") in status
    kept = "I thought about Redis, so I'll go with Redis for the counters."
    assert {m.status for m in matcher.find(split_sentences(kept)[0])} == {"used"}


def test_factors_on_the_way_to_our_head_count_are_let_be() -> None:
    from analysis.inputs import lands_on_given

    facts = ["About 10,000 customer companies use us, with roughly 50 people at each.",
             "About 200,000 people are active on a typical weekday and each sends around 40 messages."]
    said = ("let's say two thousand companies average two hundred users so that's four hundred thousand users um maybe "
            "half active daily so two hundred k dau")
    assert mismatched_inputs(said, facts)  # 2,000 companies against our 10,000…
    assert lands_on_given(said, facts)  # …on the way to the 200,000 active we gave
    assert not lands_on_given("two thousand companies with fifty people each, so a hundred thousand users", facts)


def test_a_run_on_summary_ending_in_a_check_counts_as_a_summary(reader: TurnAnalyzer, kb: Knowledge) -> None:
    text = ("so yeah to sum up um wait let me restart so token bucket in the gateway with redis as the shared store um "
            "atomic with a lure script rules cached locally fail open with a local fallback and per region quotas um i "
            "think the main trade off is like accuracy versus latency and availability and i picked availability um "
            "was that kind of what you were looking for")
    analysis = reader.analyze(text, kb.problem("rate-limiter"))
    assert analysis.summary and not analysis.questions
    assert [(a.kind, a.meta) for a in analysis.asks] == [("meta", "check")]
    assert _kinds("Is that what you were looking for?") == [("meta", "check")]


def test_a_reported_how_many_is_no_question() -> None:
    assert _kinds("um for monitoring i'd track like how many requests are getting limited per rule and how often "
                  "we're failing open and when we roll out a new rule i'd do a shadow mode first") == []
    assert _kinds("okay a million got it and um how many drivers are online at peak")  # still asks
    assert _kinds("and how often does the app send its location")


def test_how_to_spend_the_round_is_answered(kb: Knowledge, reader: TurnAnalyzer) -> None:
    text = ("Okay. And how do you want me to use the 30 minutes, like mostly high level, or pick one area and go deep. "
            "I've had interviews go both ways so I just want to check.")
    assert _kinds(text) == [("meta", "check")]
    _, said = _reply(kb, reader, "employee-dashboard", text, minute=2.0)
    assert "Start broad" in said


def test_the_ask_after_a_lead_in_or_before_a_check_is_the_ask() -> None:
    assert _kinds("okay so um instagram feed so basically the home feed where you see posts from people you follow "
                  "right so i guess first thing i wanna ask is like are we doing just the home feed or also like posting "
                  "and stories and reels") == [("scope", None)]
    assert _kinds("okay cool so um posting photos and the feed of people you follow and is it like chronological or is "
                  "there ranking because i know instagram does ranking now but like i'm not sure if you want me to go "
                  "into the ml side of it") == [("fact", None)]
    assert _kinds("got it okay and um how many users are we talking about like i'm just gonna assume instagram scale "
                  "so like 500 million daily active users unless you want me to use a different number")[0][0] == "fact"
    assert _kinds("Should I go into the ML side, or do you want me to keep it simple?") == [("meta", "check")]


def test_the_product_restated_is_a_scope_question() -> None:
    assert _kinds("hi okay so just to confirm this is a url shorten her for internal use so employees only like the go "
                  "lynx thing where you type go slash something in the browser and it redirects you") == [("scope", None)]
    assert _kinds("Okay, so, photo storage. Like users upload photos and can look at them later, kind of like Google "
                  "Photos or Flickr?") == [("scope", None)]
    assert _kinds("Does any of this carry payment data that would put us under something like HIPAA or PCI?") == \
        [("yesno", None)]
    assert _kinds("To confirm, I'm going with Postgres here.") == []


def test_a_scope_question_gets_no_volume_and_a_check_tail_no_stray_fact(kb: Knowledge, reader: TurnAnalyzer) -> None:
    restated = ("Okay, so, photo storage. Like users upload photos and can look at them later, kind of like Google Photos "
                "or Flickr? I just want to make sure I understand what we're building.")
    analysis = reader.analyze(restated, kb.problem("photo-storage"))
    assert not any(h.topic == "traffic" for h in analysis.fact_hits)  # not "About 50 million new photos a year"
    run_on = ("okay cool so um posting photos and then the feed of people you follow and is it like chronological or is "
              "there ranking because i know instagram does ranking now but like i'm not sure if you want me to go into "
              "the ml side of it")
    assert question_part(split_sentences(run_on)[0]).text == "is it like chronological or is there ranking"
    analysis = reader.analyze(run_on, kb.problem("instagram-feed"))
    assert not any(h.fact is not None for h in analysis.fact_hits)  # the card is silent on ranking: no follower count


def test_a_head_count_far_from_ours_is_caught_however_it_goes_on() -> None:
    staff = ["Only our own staff, about 500 employees, signing in with their company accounts."]
    assert mismatched_inputs("ok so rough numbers say 100k employees each clicks maybe 20 links a day", staff)
    assert not mismatched_inputs("about 500 employees, with 20 links each, so 10,000 links", staff)
    ours = ["It's internal only, for our own 300 employees; every employee signs in, and managers see their team's "
            "figures."]
    assert mismatched_inputs("Let's say 500 customer companies, average 200 employees, so 100K employees total.", ours)
    per_person = ["A typical user follows about 200 accounts."]
    assert not mismatched_inputs("so 500 accounts followed on average, call it 500 users in a feed", per_person)


def test_a_sizing_probe_their_figures_answer_is_passed_over() -> None:
    from agent.policy import _sized_already

    sized = ["the whole data set is a few million rows times say 500 bytes so a couple gigabytes it fits in memory"]
    assert _sized_already("Now sizing the system honestly. How much data will this hold? Does it fit on one machine?",
                          sized)
    assert not _sized_already("How much data will this hold?", ["about 500 employees, each with a profile"])
    assert _sized_already("What write rate does this system actually have to handle?", ["about 25 writes per second"])
    assert _sized_already("How many servers do you need?", ["honestly one box could do this"])
    assert not _sized_already("Which database, and why?", sized)


def test_their_own_plan_and_their_own_pick_are_not_put_to_us(reader: TurnAnalyzer, kb: Knowledge) -> None:
    design = ("So here's the architecture I'd go for. A post service writes to Cassandra and publishes PostCreated to "
              "Kafka. A fanout service consumes that and pushes post IDs into per-user timelines in a Redis cluster.")
    assert reader.analyze(design, kb.problem("news-feed")).intent == "design"  # not a plea for the answer
    assert reader.analyze("So what's the architecture you'd go for here?", kb.problem("news-feed")).intent == \
        "request_answer"
    assert _kinds("Maybe old photos could move to a cheaper storage class, like S3 Infrequent Access or Glacier? "
                  "Glacier is slow to get things back though, so probably Infrequent Access for older photos.") == []
    target = ["When you're ready, the real target is about 2 billion accounts, with roughly 500 million active a day."]
    assert not mismatched_inputs("Someone following 300 accounts means an IN list of 300 authors.", target)


def test_their_list_of_wants_and_a_direction_asked_without_me() -> None:
    assert _kinds("I'd want rate limits per account and per IP on create, an async check against a safe-browsing "
                  "style list, and a kill switch to disable a code fast.") == []  # their design, not figures asked for
    assert _kinds("i'd like peak drivers online, rides per day, and how many cities")  # figures asked for, still
    assert _kinds("With more time I'd go into batched matching. What would you like to dig into with the time we have "
                  "left") == [("meta", "direction")]


def test_a_product_guessed_aloud_and_what_we_would_have_done() -> None:
    assert _kinds("For the database I'd use... MySQL? Or DynamoDB since it's Amazon.") == []  # a guess, not off topic
    assert _kinds("Is there anything you would have done differently") == [("meta", "invite")]


def test_curiosity_about_us_said_as_a_statement_is_a_question() -> None:
    text = ("Thanks, I enjoyed this one. I'd be curious how your org splits dispatch algorithm work from the "
            "infrastructure side, whether that's one team or separate teams.")
    assert len(_kinds(text)) == 1
    assert _kinds("Thanks, I enjoyed this one.") == []
