"""The interviewer's questions rest on what was said: no scenario about a part nobody named, no stale figure after
the candidate put it right, no "why CDN?" after the load that needs one, no re-asking a topic weighed in full;
questions about how to answer, whether to skip a nice-to-have, or which of two ways to take get answers."""

from __future__ import annotations

from typing import Any

from agent.voice import render_offline
from analysis.derivations import derivations
from analysis.inputs import mismatched_inputs
from analysis.questions import rule_topics
from knowledge.content import Knowledge
from tests.agent.test_listening import _reply

RIDE_DESIGN = {"components": ["location service", "matching service", "trip service", "websocket gateway"],
               "technologies": {"redis": True, "postgresql": True, "websockets": True}, "questions": ["q"],
               "asked": ["failure:0", "failure:1"]}


def test_a_scenario_about_a_part_nobody_named_is_not_put(kb: Knowledge, analyzer: Any) -> None:
    said = ("Matching sorts the nearby drivers by straight-line distance from the geohash cells and offers the ride "
            "to the closest one with a conditional update, so a driver is never booked twice.")
    d, _ = _reply(kb, analyzer, said, problem="ride-sharing", format_minutes=45, minute=24.0, phase="failure_modes",
                  covered=RIDE_DESIGN)
    assert "eta service" not in " ".join(d.act.questions()).lower(), d.act
    named = said + " Later the ETA service ranks them by road time."
    d, _ = _reply(kb, analyzer, named, problem="ride-sharing", format_minutes=45, minute=24.0, phase="failure_modes",
                  covered=RIDE_DESIGN)
    assert "eta service" in " ".join(d.act.questions()).lower(), d.act


def test_two_ways_offered_then_what_would_you_prefer_asks_for_a_direction(kb: Knowledge, analyzer: Any) -> None:
    said = ("I've been in the pipeline for a while now. I can keep going on how it handles failures, or I can "
            "switch to delivery. What would you prefer?")
    a = analyzer.analyze(said, kb.problem("video-platform"))
    assert [(x.kind, x.meta) for x in a.asks] == [("meta", "direction")]


def test_how_to_answer_is_told_and_the_floor_left_to_them(kb: Knowledge, analyzer: Any) -> None:
    said = ("The core decision is fan-out on write versus fan-out on read. Do you want me to walk through the "
            "tradeoff, or just state what I'd pick and why?")
    d, _ = _reply(kb, analyzer, said, problem="twitter-timeline", format_minutes=45, minute=12.0,
                  phase="high_level_design", covered={"questions": ["q"], "scoped": True})
    assert d.act.kind == "listen" and not d.act.questions() and not d.act.answers, d.act
    assert any("pick" in n for n in d.act.notes), d.act


def test_may_i_skip_a_nice_to_have_gets_its_place_in_the_scope(kb: Knowledge, analyzer: Any) -> None:
    said = ("should i talk about payments at all, or is it fine to skip it? i was going to say trip complete "
            "publishes an event and the payment service charges the card, idempotently so we never charge twice")
    d, a = _reply(kb, analyzer, said, problem="ride-sharing", format_minutes=45, minute=27.0, phase="failure_modes",
                  covered=RIDE_DESIGN)
    assert a.asks[0].kind == "scope"
    assert d.act.answers and "payments" in d.act.answers[0].lower() and len(d.act.answers) == 1, d.act


def test_a_vague_figure_refined_in_the_same_breath_is_quoted_as_refined() -> None:
    said = "if I take a few thousand employees, say 5000, and everyone opens it 10 times a day"
    assert [round(m.ratio) for m in mismatched_inputs(said, ["Our 300 employees."])] == [17]


def test_a_product_carried_over_from_the_sentence_before_is_checked() -> None:
    said = ("Uploads are about 500 hours of video per minute. Times 1,440 minutes, that's about 72,000 hours of new "
            "video per day.")
    links = derivations(said)
    assert [(link.ok, round(link.expected)) for link in links] == [(False, 720_000)]


def test_a_slip_put_right_in_the_turn_is_not_called_standing(kb: Knowledge, analyzer: Any) -> None:
    slip = {"said": "1,100 per second", "value": 1100.0, "unit": "per_second", "right": "120 per second"}
    said = ("I need to correct something from earlier. I said 10M feed reads a day was about 1,100 per second. It's "
            "actually about 115 per second, and maybe 350 at peak.")
    d, _ = _reply(kb, analyzer, said, problem="social-network", format_minutes=45, minute=17.0, phase="deep_dive",
                  covered={"questions": ["q"], "slips": [slip]})
    assert d.act.kind != "challenge_arithmetic", d.act


def test_a_load_argued_for_before_the_piece_is_named_is_its_reason(kb: Knowledge, analyzer: Any) -> None:
    history = [("interviewer", "Let's put some numbers on it."),
               ("candidate", "A billion hours watched a day is about 42 million concurrent streams; at 2.5 megabits "
                             "per second that's roughly 100 terabits per second. Nobody serves that from an origin. "
                             "This is an edge problem first.")]
    said = ("High-level components. An upload service, a blob store for originals and renditions, transcode workers, "
            "a metadata service, and the edge and CDN tier in front of playback.")
    d, _ = _reply(kb, analyzer, said, problem="video-platform", format_minutes=60, minute=9.0,
                  phase="high_level_design", covered={"questions": ["q"], "scoped": True}, history=history)
    assert not (d.act.tag or "").startswith("tech:cdn"), d.act


def test_a_probe_that_only_points_back_at_a_topic_weighed_in_full_is_covered(kb: Knowledge, analyzer: Any) -> None:
    card = kb.problem("twitter-timeline")
    dive = next(d for d, x in enumerate(card.deep_dives) if x.topic.lower().startswith("fan-out"))
    scores = {f"probe:{d}{p}": 1.0 for d, x in enumerate(card.deep_dives) if d != dive
              for p in ["", *(f":{k}" for k in range(len(x.probes)))]}  # the other dives are spent
    scores |= {f"probe:{dive}": 0.99, f"probe:{dive}:0": 1.0}
    d, _ = _reply(kb, analyzer, "Which part should I go deeper on?", problem="twitter-timeline", format_minutes=45,
                  minute=25.0, phase="deep_dive", covered={"questions": ["q"], "item_scores": scores,
                                                           "asked": [f"probe:{dive}:0"]})
    assert d.act.tag != f"probe:{dive}:1", d.act


def test_a_design_called_overkill_drops_what_it_does_not_name_again(kb: Knowledge, analyzer: Any) -> None:
    said = ("hmm ok, if its a few hundred people this is probably overkill. honestly it could be one small service "
            "and postgres, a single instance, the whole thing in one container.")
    d, _ = _reply(kb, analyzer, said, problem="internal-url-shortener", format_minutes=30, minute=14.0,
                  phase="high_level_design", covered={"questions": ["q"], "technologies": {"redis": False}})
    assert "redis" in d.covered.get("dropped", []), d.covered.get("dropped")


def test_how_big_is_this_asks_the_scale_not_a_record_size(kb: Knowledge) -> None:
    assert rule_topics("and uh how big is this, like is it bit.ly scale?", kb.problem("url-shortener")) == ["users"]


def test_figures_and_pieces_said_while_sizing_are_no_sketch_of_the_design(kb: Knowledge, analyzer: Any) -> None:
    history = [("interviewer", "Let's put some numbers on it."),
               ("candidate", "Storage: 300 bytes a tweet, 100M a day is 30 GB a day, about 11 TB a year. The timeline "
                             "cache is the big part: 800 entries at 16 bytes is 12.8 KB a user, 2.5 TB for 200M "
                             "users, about 40 cache nodes with a replica each, and the workers keep it warm.")]
    said = ("APIs. POST /v1/tweets returns a tweet ID. GET /v1/timeline?cursor=...&limit=20, the cursor is the last "
            "tweet ID the client saw.")
    d, _ = _reply(kb, analyzer, said, problem="twitter-timeline", format_minutes=45, minute=8.0, phase="estimation",
                  covered={"questions": ["q"], "scoped": True, "components": [
                      "durable storage", "timeline cache", "cache node", "replica", "worker"],
                      "technologies": {"sharding": False, "read-replicas": False}}, history=history)
    assert d.act.kind == "move_to_design" and d.act.subject != "given", d.act


def test_the_last_of_a_list_ruled_out_together_is_ruled_out(kb: Knowledge, analyzer: Any) -> None:
    said = ("I'm assuming managed services are fine, because with six engineers we don't want to run our own "
            "database clusters or, you know, Kafka.")
    a = analyzer.analyze(said, kb.problem("instagram-feed"))
    assert [r.tech_id for r in a.rejected] == ["kafka"]


def test_a_store_weighed_and_set_aside_is_not_theirs_to_fail(kb: Knowledge, analyzer: Any) -> None:
    said = ("for the database i'm thinking dynamo db, because the access pattern is the latest messages in a channel. "
            "i did think about postgres, and honestly at 9 terabytes a year postgres with partitioning could "
            "probably work too, but with dynamo we don't manage servers.")
    d, _ = _reply(kb, analyzer, said, problem="b2b-chat", format_minutes=45, minute=30.0, phase="failure_modes",
                  covered={"questions": ["q"], "components": ["gateway", "chat service", "fan out workers",
                                                             "connection registry"],
                           "technologies": {"redis": True, "websockets": True}, "asked": ["failure:0"]})
    assert "postgres" not in " ".join(d.act.questions()).lower(), d.act
    assert "postgresql" in d.covered.get("could_be", [])


def test_a_piece_the_sentence_defers_is_for_later(kb: Knowledge, analyzer: Any) -> None:
    said = ("attachments go straight to s3 with a presigned url. search: i'd stream messages into opensearch with an "
            "index per tenant, but i'd defer that, it's not needed for v1.")
    a = analyzer.analyze(said, kb.problem("b2b-chat"))
    assert a.deferred == ["elasticsearch"]


def test_a_share_said_after_a_figure_does_not_replace_it() -> None:
    said = "50k employees, say 80% open it daily, that's 40k people"
    assert [m.said for m in mismatched_inputs(said, ["Our 300 employees."])][0] == "50k employees"


def test_a_spoken_filler_is_no_part_of_a_component() -> None:
    from analysis.components import find_components
    from analysis.sentences import split_sentences

    found = [c for s in split_sentences("ok api. so um POST slash urls returns the short url.")
             for c in find_components(s)]
    assert not any("ok" in c.lower().split() for c in found), found


def test_small_counts_of_something_else_do_not_carry_a_questioned_volume() -> None:
    from agent.policy import _built_on
    from analysis.models import Figure

    questioned = [Figure(text="10M orders", value=10_000_000, unit="count")]
    assert not _built_on([Figure(text="500 units", value=500, unit="count")], questioned)
    assert _built_on([Figure(text="12M orders", value=12_000_000, unit="count")], questioned)


def test_which_part_to_spend_the_time_on_asks_for_a_direction(kb: Knowledge, analyzer: Any) -> None:
    said = ("So I'd structure it as an upload path, a blob store, a metadata service and a read path behind the CDN. "
            "Is there one part you want most of the time spent on?")
    a = analyzer.analyze(said, kb.problem("photo-storage"))
    assert [(x.kind, x.meta) for x in a.asks] == [("meta", "direction")]


def test_asked_what_to_go_back_to_one_more_open_question_is_put() -> None:
    from agent.acts import Discussed
    from agent.policy import _unanswered
    from knowledge.content import knowledge

    card = knowledge().problem("photo-storage")
    asked = ["failure:0", "failure:1", "failure:2", "revisit:failure:0", "revisit:failure:1"]
    assert _unanswered(card, asked, Discussed()) is None
    again = _unanswered(card, asked, Discussed(), invited=True)
    assert again is not None and again.tag == "revisit:failure:2"


def test_figures_in_an_answer_to_our_growth_question_are_supposed_not_a_mismatch(kb, analyzer):
    card = kb.problem("internal-url-shortener")
    staff = next(f.answer for f in card.hidden_facts if "500 employees" in f.answer)
    turn = "At 30K employees the same design still holds. Redirects would be about 200 per second at peak."
    covered = {"questions": ["q"], "answers": [staff], "acts": ["depth_probe"]}
    grown, _ = _reply(kb, analyzer, turn, problem="internal-url-shortener", phase="deep_dive", minute=30.0,
                      covered=covered, history=[("interviewer", "At what point would this design stop being enough?")])
    assert not {"challenge_input", "correct_input"} & set(grown.act.kinds())
    base, _ = _reply(kb, analyzer, "We have 30K employees, so redirects are about 200 per second at peak.",
                     problem="internal-url-shortener", phase="deep_dive", minute=30.0, covered=covered,
                     history=[("interviewer", "How do redirects work?")])
    assert "challenge_input" in base.act.kinds()


def test_features_asked_as_one_set_or_another_get_the_scope_not_a_volume(kb, analyzer):
    d, a = _reply(kb, analyzer, "Okay, photo storage. Are we doing upload, view and sharing, or also things like face "
                  "search and auto albums?", problem="photo-storage")
    assert a.asks[-1].kind == "scope" and d.act.answers
    assert any(w in d.act.answers[0].lower() for w in ("scope", "core")) and "million" not in " ".join(d.act.answers)


def test_features_listed_in_a_scope_question_bring_no_volume_with_real_embeddings(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    d, _ = _reply(kb, TurnAnalyzer(kb, real_embedder), "Are we doing upload, view and sharing, or also things like "
                  "face search and auto albums?", problem="photo-storage")
    assert d.act.answers and "million" not in " ".join(d.act.answers)


def test_stuck_on_the_point_at_hand_the_refusal_stays_on_it_instead_of_a_new_card_question(kb, analyzer):
    d, a = _reply(kb, analyzer, "Honestly, I'm kind of stuck on this one. Can you just tell me the answer? Like, what's "
                  "the normal way people do it?", problem="task-app", phase="deep_dive", minute=20.0,
                  covered={"questions": ["q"]})
    assert a.asks_for_answer and d.act.kind == "refuse_answer" and not d.act.question


def test_asked_to_push_with_the_card_spent_we_push_on_running_it_not_claim_all_answered(kb, analyzer):
    card = kb.problem("ecommerce-checkout")
    spent = [f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p in range(len(dive.probes))] + \
        [f"failure:{n}" for n in range(len(card.failure_questions))] + \
        [f"twist:{n}" for n in range(len(card.scale_twists))] + [f"extend:{n}" for n in range(10)] + ["depth:pick:own"]
    text = "That's the design as I'd ship it: saga, idempotency keys, reservations with expiry. What would you push on?"
    d, _ = _reply(kb, analyzer, text, problem="ecommerce-checkout", phase="failure_modes", minute=30.0,
                  covered={"questions": ["q"], "asked": spent, "covered_items": spent})
    said = render_offline(d.act, thread_id="t", turn=9)
    assert "already answered" not in said and d.act.questions()
    assert "push:watch" in d.covered.get("asked", [])


def test_offered_two_ways_late_one_of_theirs_is_taken_not_a_card_topic(kb, analyzer):
    text = ("I've got about ten minutes left. Which would you like me to go deeper on: ETA computation, or the "
            "dispatch state machine and retries?")
    d, _ = _reply(kb, analyzer, text, problem="ride-sharing", phase="failure_modes", minute=30.0,
                  covered={"questions": ["q"]})
    said = render_offline(d.act, thread_id="t", turn=20).lower()
    assert "eta computation" in said or "dispatch" in said


def test_asked_whether_to_draw_the_design_now_with_none_drawn_the_answer_is_the_design(kb, analyzer):
    d, a = _reply(kb, analyzer, "Should I draw the high level now or do more numbers first", problem="twitter-timeline",
                  phase="high_level_design", minute=9.0, covered={"questions": ["q"], "figures": ["5,800 a second"]},
                  history=[("interviewer", "What are the main pieces, and how does data move between them?")])
    said = render_offline(d.act, thread_id="t", turn=8).lower()
    assert d.act.kind == "give_direction" and "high-level design" in said and d.phase == "high_level_design"


def test_asked_at_the_end_what_to_read_up_on_the_answer_names_the_thinnest_ground_of_the_round(kb, analyzer):
    card = kb.problem("twitter-timeline")
    d, _ = _reply(kb, analyzer, "Okay, thank you. Is there something you'd suggest I read more about? I felt unsure on "
                  "the sharding part.", problem="twitter-timeline", phase="wrap_up", minute=31.0,
                  covered={"questions": ["q"], "summary_asked": True, "item_scores": {"probe:0": 0.9}})
    said = render_offline(d.act, thread_id="t", turn=20)
    assert "practice round" not in said and "scorecard" in said and "sharding part you named" in said
    d, _ = _reply(kb, analyzer, "Thanks. Anything you'd suggest I read up on?", problem="twitter-timeline",
                  phase="wrap_up", minute=31.0,
                  covered={"questions": ["q"], "summary_asked": True, "item_scores": {"probe:0": 0.9}})
    said = render_offline(d.act, thread_id="t", turn=20)
    assert any(dive.topic[1:].lower() in said.lower() for dive in card.deep_dives[1:])
