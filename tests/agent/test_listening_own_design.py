"""The interviewer keeps to the candidate's own design and words: no "your call" for a question they settle
themselves, the card's fact for a check on a behaviour it speaks of, no failure of a piece their design does not
have, and no chase naming a topic they never heard."""

from __future__ import annotations

from typing import Any

from agent.acts import Act
from agent.policy import _chase_subject, _fit_to_stack, _one_of_several
from agent.voice import render_offline
from knowledge.content import Knowledge
from tests.agent.test_listening import _reply


def test_a_choice_they_settle_themselves_is_not_turned_back_as_your_call(kb: Knowledge, analyzer: Any) -> None:
    text = ("should i have one queue or a seperate queue per channel. i think seperate is better? because if SMS "
            "provider is slow it shouldnt block the push ones. yeah ill do one queue per channel")
    d, _ = _reply(kb, analyzer, text, problem="notification-system", phase="deep_dive", minute=11.0,
                  covered={"questions": ["q"]})
    assert not d.act.your_call


def test_a_design_question_they_answer_at_once_is_thinking_aloud(kb: Knowledge, analyzer: Any) -> None:
    text = ("So how do replicas learn about edits? Simplest version: each replica polls the database every few "
            "seconds for rows where updated_at is greater than its last watermark. The cost is up to 5 seconds of "
            "staleness after an edit, which I think is fine for an internal tool.")
    d, _ = _reply(kb, analyzer, text, problem="internal-url-shortener", phase="deep_dive", minute=15.6,
                  covered={"questions": ["q"]})
    assert not d.act.your_call


def test_a_check_on_a_described_duplicate_gets_the_cards_fact(kb: Knowledge) -> None:
    from analysis.turns import TurnAnalyzer
    from tests.conftest import FakeEmbeddings

    analyzer = TurnAnalyzer(kb, FakeEmbeddings())  # the check is read against the sentence before it, embedded
    text = ("i think the caller sends an idempotency key and we store it in redis with a TTL of a day. i'm not sure "
            "what happens if the worker sends to the provider and then crashes before it marks it done though, then "
            "it would send again i think. is that ok")
    d, _ = _reply(kb, analyzer, text, problem="notification-system", phase="failure_modes", minute=18.0,
                  covered={"questions": ["q"]})
    assert any("duplicate" in a.lower() for a in d.act.answers)


def test_storage_nodes_are_not_asked_of_a_design_on_object_storage(kb: Knowledge) -> None:
    _, foreign = _fit_to_stack(kb, "A storage node dies. Is any photo lost?", False, ["object-storage", "postgresql"],
                               [])
    assert foreign
    _, kept = _fit_to_stack(kb, "A storage node dies. Is any photo lost?", False, ["postgresql"], [])
    assert not kept


def test_no_primary_fails_in_a_store_without_one(kb: Knowledge) -> None:
    _, foreign = _fit_to_stack(kb, "The PostgreSQL primary fails. How long are writes unavailable?", False,
                               ["cassandra", "redis"], [])
    assert foreign
    question, mine = _fit_to_stack(kb, "The PostgreSQL primary fails. How long are writes unavailable?", False,
                                   ["mysql", "redis"], [])
    assert not mine and "MySQL primary" in question


def test_the_only_server_is_one_of_several_replicas() -> None:
    heard = ["Behind it, a stateless redirect service, three or so replicas per region."]
    assert _one_of_several("The only server's disk fails. What is lost?", heard).startswith("One server's disk")
    assert _one_of_several("The only server's disk fails. What is lost?", ["One small VM."]).startswith("The only")


def test_a_chase_names_no_topic_the_candidate_never_heard(kb: Knowledge) -> None:
    card = kb.problem("employee-dashboard")
    previous = Act(kind="deep_dive_probe", phase="deep_dive", subject="nightly imports",
                   question="How does HR and finance data get in?", tag="probe:1:0")
    assert _chase_subject(previous, card, "How does HR and finance data get in?") == "my last question"
    said = "I'd like to dig into nightly imports. How does HR and finance data get in?"
    assert _chase_subject(previous, card, said) == "nightly imports"
    chase = Act(kind="chase", phase="deep_dive", subject="my last question", tag="chase:probe:1:0")
    assert "my last question" in render_offline(chase, thread_id="t", turn=5)


def test_a_question_about_the_stack_we_run_gets_what_there_is_to_build_on(kb: Knowledge, analyzer: Any) -> None:
    from agent.policy import STACK_ANSWER

    text = ("Quick off-topic thing, do you folks use a managed Postgres already or are you self-hosting? It changes "
            "how much ops burden I'm willing to add for the team.")
    d, _ = _reply(kb, analyzer, text, problem="employee-dashboard", phase="deep_dive", minute=15.0,
                  covered={"questions": ["q"]})
    assert STACK_ANSWER in d.act.answers and d.act.kind != "redirect"


def test_standing_by_a_figure_is_said_about_numbers_not_about_anything_fine() -> None:
    from agent.policy import _contests

    assert _contests("No, that's right: 50 million over 86,400 is about 580 a second.")
    assert _contests("I think that's right. Anyway, moving on.")
    assert not _contests("for requirements i think: it should not lose notifications. latency can be a few seconds "
                         "i think its fine, except maybe like password reset codes should be fast")


def test_what_is_left_after_facts_is_the_rest_not_a_bare_your_call() -> None:
    act = Act(kind="answer_question", phase="requirements", answers=["Five data centers on different continents."],
              your_call=["And do clients stick to one DC via geo routing, or can a single key spray across all five?"])
    text = render_offline(act, thread_id="t", turn=2)
    assert "Five data centers" in text
    assert "rest" in text.lower() or "beyond that" in text.lower() or "other part" in text.lower()
    alone = Act(kind="your_call", phase="requirements",
                your_call=["And do clients stick to one DC via geo routing, or can a single key spray across all five?"])
    assert "call" in render_offline(alone, thread_id="t", turn=2).lower()


def test_how_am_i_doing_on_time_then_a_pace_question_gets_the_time(kb: Knowledge, analyzer: Any) -> None:
    d, a = _reply(kb, analyzer, "how am I doing on time, should I be going faster or is this ok",
                  problem="employee-dashboard", phase="deep_dive", minute=21.2, covered={"questions": ["q"]})
    assert a.asks[0].meta == "time"
    assert any("minutes in" in n for n in d.act.notes)


def test_am_i_off_track_after_a_guess_gets_an_answer(kb: Knowledge, analyzer: Any) -> None:
    text = ("so like, normal users with a few hundred friends we push. but accounts over some threshold, i don't know "
            "the right number, maybe 10k followers?, we dont push, and at read time the feed service pulls their "
            "recent posts and merges them into your precomputed list. is that kind of what you were looking for or "
            "am i off track")
    d, _ = _reply(kb, analyzer, text, problem="news-feed", phase="deep_dive", minute=20.9,
                  covered={"questions": ["q"]})
    assert "You're on a reasonable track." in render_offline(d.act, thread_id="t", turn=14)


def test_the_servers_disk_is_one_servers_when_they_run_several() -> None:
    heard = ["Behind it, a stateless redirect service, three or so replicas per region."]
    assert _one_of_several("The server's disk dies. What happens?", heard).startswith("One server's disk")


def test_the_time_asked_for_is_said_once(kb: Knowledge, analyzer: Any) -> None:
    text = ("how much time do we have left. i think i covered the main things, should i talk about templates or about "
            "what happens when a whole provider goes down")
    d, _ = _reply(kb, analyzer, text, problem="notification-system", phase="failure_modes", minute=22.5,
                  covered={"questions": ["q"], "components": ["a", "b", "c"], "technologies": {"redis": True}})
    out = render_offline(d.act, thread_id="t", turn=16)
    assert "minutes in" in out and "We still have about" not in out


def test_failures_walked_through_unasked_are_followed_before_a_scenario_of_ours(kb: Knowledge, analyzer: Any) -> None:
    text = ("okay fair. failures, so if a fan out worker dies the message is still on the queue and gets retried, and "
            "appending an id that's already there we can make idempotent by checking. if redis loses a shard, those "
            "users' feeds are gone from cache so we rebuild from the follow graph plus recent posts, slower but it "
            "works.")
    d, a = _reply(kb, analyzer, text, problem="social-network", phase="failure_modes", minute=22.4,
                  covered={"questions": ["q"], "components": ["a", "b", "c"], "acts": ["depth_probe"]})
    assert len(a.failure_modes) >= 2
    assert d.act.kind != "failure_probe"


def test_a_turn_with_no_design_in_it_does_not_end_the_sketch(kb: Knowledge, analyzer: Any) -> None:
    text = ("Non-functionals: feed load p99 under about 500 ms. Availability wins over consistency. Posts have to be "
            "durable once acknowledged. I'll design for a single region first.")
    d, _ = _reply(kb, analyzer, text, problem="news-feed", phase="high_level_design", minute=6.2, format_minutes=60,
                  covered={"questions": ["q"], "acts": ["answer_scope", "move_to_design", "listen"],
                           "components": ["blob storage", "CDN"],
                           "technologies": {"object-storage": True, "cdn": True}})
    assert d.act.phase == "high_level_design"


def test_the_population_assumed_is_followed_by_the_sizing_not_the_design(kb: Knowledge, analyzer: Any) -> None:
    text = ("Numbers. I'll assume 2 billion daily actives who open the feed about ten times a day, and one in five users "
            "posts each day, so 400 million posts a day. Average friend count around 300.")
    d, _ = _reply(kb, analyzer, text, problem="news-feed", minute=3.1, format_minutes=60,
                  covered={"questions": ["q"], "scoped": True})
    assert d.act.kind != "move_to_design" and d.phase != "high_level_design"
    anchors = ("For scale I'll anchor on 500 million daily actives and about 100 million new photos a day. The follow "
               "graph has a median in the low hundreds.")
    d, _ = _reply(kb, analyzer, anchors, problem="instagram-feed", phase="estimation", minute=3.3, format_minutes=45,
                  covered={"questions": ["q"], "scoped": True, "acts": ["ask_estimates"]})
    assert d.act.kind != "move_to_design"
