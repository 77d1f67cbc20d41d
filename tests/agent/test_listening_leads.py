"""The interviewer follows a candidate who leads: a scope stated rather than asked counts as scoping, a load they
sized and called small justifies the one box they put on it, a size guessed for a later year is no contradiction
of today's figure, a piece added "only if it shows up slow" or named as one of two ways is not questioned as
over-built, and a choice put back to us is weighed even when the same turn also asked about a requirement."""

from __future__ import annotations

from typing import Any

from analysis.components import find_components
from analysis.inputs import mismatched_inputs, quantities
from analysis.sentences import split_sentences
from knowledge.content import Knowledge
from tests.agent.test_listening import _reply


def test_a_size_guessed_for_a_later_year_is_no_contradiction_of_todays_figure() -> None:
    given = ["About 5,000 users today, and on a typical weekday roughly half of them use it."]
    later = ("What's the expected size in the first year, roughly? I'll guess something like 5,000 teams and 50,000 "
             "users unless you tell me otherwise.")
    assert mismatched_inputs(later, given) == []
    grown = "If we grow 10x, half a million users, the first thing that breaks is connections."
    assert mismatched_inputs(grown, given) == []
    assert [m.said for m in mismatched_inputs("We have about 50,000 users.", given)] == ["50,000 users"]


def test_the_horizon_belongs_to_the_figure_it_is_said_of() -> None:
    found = quantities("say we have around 1,200 employees maybe growing to like 3,000 in a couple of years")
    assert [(q.value, q.future) for q in found] == [(1200.0, False), (3000.0, True)]


def test_a_scope_stated_rather_than_asked_is_scoping(kb: Knowledge, analyzer: Any) -> None:
    card = kb.problem("ride-sharing")
    said = ("Scope check. Rider requests a ride, we match a nearby driver, both track the trip live, trip ends, rider "
            "is charged. Out unless you say otherwise: pooling, scheduled rides, food delivery. OK?")
    assert analyzer.analyze(said, card).scoping
    needs = ("Non-functional. Matching under a few seconds. Trip and payment state must be durable and consistent. "
             "Availability per city matters more than global consistency.")
    assert analyzer.analyze(needs, card).scoping


def test_a_stated_scope_gets_no_question_about_what_to_leave_out(kb: Knowledge, analyzer: Any) -> None:
    d, _ = _reply(kb, analyzer, "Scope check. Rider requests a ride, we match a nearby driver, both track the trip "
                  "live, trip ends, rider is charged. Out unless you say otherwise: pooling, scheduled rides, food "
                  "delivery, driver onboarding. OK?", problem="ride-sharing", format_minutes=60, minute=1.7)
    assert d.act.kind != "probe_requirements"


def test_a_load_sized_and_called_small_justifies_the_one_box_on_it(kb: Knowledge, analyzer: Any) -> None:
    said = ("So 5,000 users and about 2,500 active a day. At 50 actions each that's 125,000 writes a day, about 1.5 a "
            "second, maybe 10 at peak. Reads say 10x. That's tiny. One decent Postgres box handles that without "
            "breaking a sweat.")
    a = analyzer.analyze(said, kb.problem("task-app"))
    assert [(t.tech_id, t.justified) for t in a.technologies] == [("postgresql", True)]
    d, _ = _reply(kb, analyzer, said, problem="task-app", format_minutes=30, minute=5.8, phase="estimation",
                  covered={"questions": ["q"], "scoped": True})
    assert d.act.kind == "move_to_design"


def test_a_piece_added_only_if_it_shows_up_slow_or_named_as_one_of_two_ways_is_not_over_built(
        kb: Knowledge, analyzer: Any) -> None:
    said = ("For background jobs like reminder emails, a simple job queue on Postgres or Redis with a cron is enough. "
            "No caching layer at first either. I'd add Redis only if the board load query actually shows up as slow.")
    d, _ = _reply(kb, analyzer, said, problem="task-app", format_minutes=30, minute=18.0, phase="deep_dive",
                  covered={"questions": ["q"], "technologies": {"postgresql": True}})
    assert "push_back_overengineering" not in d.act.kinds() and "push_back_tech" not in d.act.kinds()


def test_a_choice_is_weighed_when_the_turn_also_asked_about_a_requirement(kb: Knowledge, analyzer: Any) -> None:
    said = ("Real-time updates: if two people have the same board open and one moves a card, should the other see it "
            "instantly? And if yes, would you rather I use websockets or just polling? My lean for version one is "
            "polling every 5 seconds, because it's stateless and works behind any load balancer. Websockets feel "
            "nicer but they're more to run. Which would you prefer?")
    a = analyzer.analyze(said, kb.problem("task-app"))
    assert a.choices and a.choices[-1].lean == "polling" and a.choices[-1].reasoned
    assert "websockets" not in {t.tech_id for t in a.technologies}
    d, _ = _reply(kb, analyzer, said, problem="task-app", format_minutes=30, minute=12.5, phase="deep_dive",
                  covered={"questions": ["q"], "technologies": {"postgresql": True}})
    assert d.act.kind == "weigh_choice" and d.act.answers  # the requirement told, the choice put back


def test_a_case_said_in_passing_is_no_piece_of_the_design() -> None:
    sentence = split_sentences("A post I'm no longer allowed to see must never be served, even from cache.")[0]
    assert find_components(sentence) == []
    assert find_components(split_sentences("Reads are served from the cache.")[0])


def test_a_check_in_after_the_requirements_gets_no_deep_dive_question(kb: Knowledge, analyzer: Any) -> None:
    said = ("Let me summarize the requirements and then I'll move fast. Functional: publish a post, fetch a paginated "
            "feed of friends' posts, see your own posts immediately. Non-functional: p99 under 500 ms for the first "
            "page, freshness within about a minute. Anything you'd change before I go?")
    d, _ = _reply(kb, analyzer, said, problem="news-feed", format_minutes=60, minute=9.1,
                  covered={"questions": ["q"], "scoped": True})
    assert not {"deep_dive_probe", "failure_probe", "scale_twist"} & set(d.act.kinds())


def test_a_piece_described_then_ruled_out_by_that_description_is_ruled_out(kb: Knowledge, analyzer: Any) -> None:
    said = ("first thing that comes to mind is one central redis cluster in one dc that every dc calls INCR on. "
            "accurate and simple. but cross dc rtt is 50-150ms, so thats a non starter on the request path. "
            "so no central store")
    a = analyzer.analyze(said, kb.problem("multi-dc-rate-limiter"))
    assert [r.tech_id for r in a.rejected] == ["redis"] and not a.technologies
    kept = analyzer.analyze("We keep counters in a central Redis cluster. No central coordinator for ids though.",
                            kb.problem("multi-dc-rate-limiter"))
    assert [t.tech_id for t in kept.technologies] == ["redis"]


def test_parts_offered_when_ours_are_spent_are_taken_not_waved_off(kb: Knowledge, analyzer: Any) -> None:
    card = kb.problem("twitter-timeline")
    spent = [f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p in range(len(dive.probes))] + \
        [f"probe:{d}" for d in range(len(card.deep_dives))] + [f"failure:{n}" for n in range(len(card.failure_questions))] + \
        [f"twist:{n}" for n in range(len(card.scale_twists))]
    said = ("I've been fairly broad. Is there a piece you'd like me to go deeper on - the fan-out worker internals, "
            "the celebrity merge, or the rebuild path under failure?")
    d, _ = _reply(kb, analyzer, said, problem="twitter-timeline", format_minutes=60, minute=35.0, phase="failure_modes",
                  covered={"questions": ["q"], "asked": spent, "covered_items": spent,
                           "technologies": {"redis": True, "postgresql": True}})
    assert d.act.kind == "give_direction" and "fan-out worker" in (d.act.subject or ""), d.act


def test_a_product_taken_back_with_or_actually_is_not_the_candidates(kb: Knowledge, analyzer: Any) -> None:
    said = "and for follows maybe postgres, or actually i guess cassandra too. cassandra for posts since writes dominate."
    a = analyzer.analyze(said, kb.problem("instagram-feed"))
    assert "postgresql" not in {t.tech_id for t in a.technologies}
    kept = analyzer.analyze("We store it in Postgres, actually I think that's the right call since we need joins.",
                            kb.problem("instagram-feed"))
    assert [t.tech_id for t in kept.technologies] == ["postgresql"]


def test_a_twist_to_the_way_the_design_already_works_is_not_put() -> None:
    from agent.policy import _already_built

    twist = "Product wants a ranked feed instead of a chronological one. What would you change?"
    ranked = ["We rank candidates with a light model first.", "The ranking service scores a few thousand posts.",
              "Ranked pages are cached per session so page two matches page one."]
    assert _already_built(twist, ranked)
    assert not _already_built(twist, ["Newest first from friends.", "Chronological order keeps it simple."])


def test_card_scenarios_about_pieces_the_design_lacks_give_way_to_its_own(kb: Knowledge, analyzer: Any) -> None:
    pull = {"components": ["action index", "leaf servers", "aggregator", "post service", "ranking service"],
            "technologies": {"sharding": True}, "questions": ["q"], "asked": ["failure:3"]}
    said = ("The obvious concern is read cost: each feed request fans out to many leaf servers, so it's a "
            "scatter-gather with an aggregator, and leaves return their own top posts already filtered.")
    d, _ = _reply(kb, analyzer, said, problem="news-feed", format_minutes=60, minute=30.0, phase="failure_modes",
                  covered=pull)
    put = " ".join(d.act.questions()).lower()
    assert "queue" not in put and "cache" not in put and "redis" not in put, d.act


def test_what_would_you_have_pushed_on_invites_a_question_not_a_turn_back(kb: Knowledge, analyzer: Any) -> None:
    a = analyzer.analyze("To wrap up: a hybrid timeline, push for most and pull for celebrities. What would you have "
                         "pushed on?", kb.problem("twitter-timeline"))
    assert any(x.kind == "meta" and x.meta == "invite" for x in a.asks)


def test_a_choice_asked_after_a_lead_in_with_its_reason_and_its_turning_point_is_settled(
        kb: Knowledge, analyzer: Any) -> None:
    said = ("One thing I'm unsure about, and I'd like your take: should the resized versions be generated at upload "
            "like I did, or on demand at read time with caching? On demand saves storage for photos nobody looks at, "
            "but the first view is slower. I went with at-upload because 3 sizes are only 10% extra storage, but if "
            "product wants many more sizes later, on demand starts to look better.")
    a = analyzer.analyze(said, kb.problem("photo-storage"))
    assert a.choices and a.choices[-1].reasoned and a.choices[-1].switch_said
    d, _ = _reply(kb, analyzer, said, problem="photo-storage", format_minutes=45, minute=30.0, phase="failure_modes",
                  covered={"questions": ["q"], "technologies": {"dynamodb": True}})
    assert d.act.kind == "weigh_choice" and not d.act.question  # nothing left to ask of it: no "what would change it?"


def test_two_ways_on_offered_as_statements_get_a_direction(kb: Knowledge, analyzer: Any) -> None:
    said = ("I could go further on the buckets, like how we rebalance and how we pick the bucket count per drop, or I "
            "could move to the payment flow. Which is more useful to you?")
    d, a = _reply(kb, analyzer, said, problem="ecommerce-checkout", format_minutes=60, minute=21.0, phase="deep_dive",
                  covered={"questions": ["q"], "technologies": {"postgresql": True}})
    assert not a.questions and d.act.kind == "give_direction"
