"""The interviewer keeps up with how candidates actually talk: the stack the company already runs, tables written
out, a step they took without waiting for an answer, a design pulled back, and a fact referred back to by its
fitting part."""

from __future__ import annotations

from agent.acts import Act
from agent.voice import render_offline
from tests.agent.test_listening import _reply


def test_a_database_the_company_already_runs_is_no_choice_to_question(kb, analyzer):
    text = ("We've only got 30 minutes, so I'll scope hard. Three channels: mobile push, email, SMS. I'm assuming "
            "we're a small team, call it four or five engineers, with one Postgres already running.")
    d, a = _reply(kb, analyzer, text, problem="notification-system", minute=1.5)
    assert a.scoping
    assert d.act.kind != "nudge_questions" and "push_back_tech" not in d.act.kinds()


def test_tables_written_out_answer_the_probe_for_tables(kb, analyzer):
    text = ("so the tables. users (id, name, email). boards (id, name, owner_id). lists (id, board_id, title, "
            "position). cards (id, list_id, title, description, position, assignee_id, due_date).")
    card = kb.problem("task-app")
    a = analyzer.analyze(text, card)
    tables = next(f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p, q in enumerate(dive.probes)
                  if "tables" in q)
    assert tables in a.covers


def test_a_step_they_took_without_waiting_is_not_answered_as_a_question(kb, analyzer):
    text = ("should i move on to failures? um i'll just go. a storage node dies, the other replicas have it so we "
            "rebuild in the background. upload fails halfway, client retries with the same upload id so we don't "
            "get duplicates. a resize worker crashes, the job goes back on the queue after a timeout.")
    d, _ = _reply(kb, analyzer, text, problem="photo-storage", phase="deep_dive", minute=24.0,
                  covered={"questions": ["q"], "components": ["a", "b", "c"]})
    assert d.act.kind != "give_direction"  # their failures are what to follow up, not "where to go next"


def test_a_design_pulled_back_drops_what_it_no_longer_names(kb, analyzer):
    text = ("Okay, looking at that, I'd pull most of it back. Simpler version: a checkout service that synchronously "
            "does only what has to succeed, reserve inventory, authorize payment, write the order.")
    d, _ = _reply(kb, analyzer, text, problem="ecommerce-checkout", phase="deep_dive", minute=10.0,
                  covered={"questions": ["q"], "technologies": {"kafka": False}})
    assert "kafka" in d.covered.get("dropped", [])


def test_a_fact_said_before_is_referred_back_to_by_the_part_that_fits_the_question():
    fact = ("Everyone should see the same board after a refresh or within a couple of seconds. Simultaneous edits to "
            "one card are rare, so last write wins with a warning is fine.")
    seen = {" ".join(s.lower().split()) for s in fact.split(". ")} | {" ".join(fact.lower().split())}
    seen |= {s.rstrip(".").lower() + "." for s in fact.split(". ")}
    act = Act(kind="answer_question", phase="deep_dive", answers=[fact],
              asked="if two people move the same card at the same time, i think last write wins is ok?")
    text = render_offline(act, thread_id="t", turn=3, said=seen)
    assert "last write wins" in text and "refresh" not in text


def test_a_scenario_is_never_cut_away_from_its_question(kb):
    from agent.policy import _fit_to_stack

    question, foreign = _fit_to_stack(kb, "Redis is unreachable. What does the API do?", True, [], [])
    assert question != "What does the API do?" and foreign == ["redis"]


def test_an_early_am_i_missing_something_is_answered_not_taken_as_the_end(kb, analyzer):
    text = ("so for requirements i wrote: limit requests per key, configurable rules per endpoint, return 429 with a "
            "retry-after header. i think thats it? am i missing something big")
    d, _ = _reply(kb, analyzer, text, problem="rate-limiter", phase="high_level_design", minute=10.0,
                  covered={"questions": ["q"]})
    text_out = render_offline(d.act, thread_id="t", turn=5)
    assert "let's use them" not in text_out and "reasonable place to start" in text_out


def test_figures_said_to_be_right_get_one_acknowledgement(kb, analyzer):
    text = ("so lets say we have 10 million users and each one makes like 100 requests a day. so thats 1 billion "
            "requests a day, divided by 86400 is around 11,500 requests a second. does that sound reasonable")
    d, _ = _reply(kb, analyzer, text, problem="rate-limiter", phase="estimation", minute=8.0,
                  covered={"questions": ["q"]})
    out = render_offline(d.act, thread_id="t", turn=5)
    assert "That works." not in out and ". Good." not in out


def test_a_storage_question_already_answered_by_their_figures_is_not_the_pushback(kb, analyzer):
    history = [("candidate", "raw is about 1.4 PB a day, so call it 3 PB a day all in, an exabyte a year.")]
    text = ("Upload is two steps: POST /videos returns a signed upload URL that points straight at object storage, "
            "and the client sends the bytes there.")
    d, _ = _reply(kb, analyzer, text, problem="video-platform", phase="high_level_design", minute=8.0,
                  covered={"questions": ["q"]}, history=history)
    assert "blob data per year" not in " ".join(d.act.questions())


def test_a_question_chased_once_is_not_revisited(kb):
    from agent.acts import Discussed
    from agent.policy import _unanswered

    card = kb.problem("photo-storage")
    assert _unanswered(card, ["failure:1", "chase:failure:1"], Discussed()) is None
    assert _unanswered(card, ["failure:1"], Discussed()) is not None


def test_an_over_built_first_instinct_said_in_one_breath_is_questioned(kb, analyzer):
    text = ("okay so um, my first instinct honestly is to go big here, like, i'd want a multi region active active "
            "setup where every region has the full social graph replicated with like a CRDT based merge, and a "
            "streaming pipeline on flink that computes ranking features in real time for every post, and each user's "
            "feed gets continuously re ranked in the background so it's always fresh when they open it")
    d, a = _reply(kb, analyzer, text, problem="news-feed", phase="estimation", minute=8.0,
                  covered={"questions": ["q"]})
    assert {"active-active", "stream-processing"} <= {t.tech_id for t in a.technologies}
    assert {"push_back_tech", "push_back_overengineering", "ask_reasoning"} & set(d.act.kinds())


def test_what_to_revisit_with_everything_answered_says_so(kb, analyzer):
    text = "So to wrap up: cells in a location index, a lock on the driver. Anything you want me to revisit?"
    d, _ = _reply(kb, analyzer, text, problem="ride-sharing", phase="wrap_up", minute=33.5,
                  covered={"questions": ["q"], "summary_asked": True, "reflected": True, "asked": ["failure:0"],
                           "covered_items": ["probe:0", "probe:1", "probe:2", "failure:0", "failure:1", "failure:2",
                                             "failure:3"]})
    out = render_offline(d.act, thread_id="t", turn=20)
    assert "already answered" in out and "another hour" not in out


def test_more_time_said_while_leading_is_remembered(kb, analyzer):
    text = ("If I had more time, the things I'd dig into are ETA computation, because matching quality depends on it, "
            "and multi-region, since a region outage means nobody in that city can get a ride.")
    d, _ = _reply(kb, analyzer, text, problem="ride-sharing", phase="failure_modes", minute=31.0,
                  covered={"questions": ["q"]})
    assert d.covered.get("reflected")


def test_their_own_idea_with_is_that_normal_is_weighed_not_turned_back(kb, analyzer):
    text = ("the position column. if cards are at position 1 2 3 and i drag one between 1 and 2, do i have to renumber "
            "every card after it? that seems bad if a list has lots of cards. maybe i could leave gaps like 100 200 "
            "300 so it goes at 150, and if i run out of room i renumber just that list. is that a normal way to do it")
    d, _ = _reply(kb, analyzer, text, problem="task-app", phase="deep_dive", minute=15.0, covered={"questions": ["q"]})
    out = render_offline(d.act, thread_id="t", turn=11)
    assert d.act.kind != "turn_back" and "common way" in out


def test_a_plan_for_the_time_put_to_us_is_agreed(kb, analyzer):
    text = ("How am I doing on time? I'd like to spend real time on the hot SKU case and on payment failures; does "
            "that match what you want to see, or is there something you'd rather I get to first?")
    d, _ = _reply(kb, analyzer, text, problem="ecommerce-checkout", phase="deep_dive", minute=15.0,
                  covered={"questions": ["q"]})
    out = render_offline(d.act, thread_id="t", turn=11)
    assert "hot SKU case and payment failures" in out and "minutes in" in out


def test_thats_way_too_much_drops_the_pieces_just_proposed(kb, analyzer):
    history = [("candidate", "So my first instinct is to split it up: a board service, a card service, Kafka between "
                             "them, and event sourcing so every change is an event.")]
    text = ("Actually no, listening to myself, that's way too much for 17 writes a second and probably a team of four "
            "engineers. I'd do one backend app, one Postgres, Redis for pub/sub.")
    d, _ = _reply(kb, analyzer, text, problem="task-app", phase="estimation", minute=10.0,
                  covered={"questions": ["q"], "technologies": {"kafka": False, "cqrs-event-sourcing": False}},
                  history=history)
    assert "kafka" in d.covered.get("dropped", [])


def test_tables_listed_with_their_columns_in_words_answer_the_probe_for_tables(kb, analyzer):
    card = kb.problem("task-app")
    a = analyzer.analyze("Data model. boards with id, team_id, name. lists with id, board_id, name, position. cards "
                         "with id, list_id, title, position.", card)
    assert any(t.startswith("probe:") and "tables" in card.deep_dives[int(t.split(":")[1])].probes[int(t.split(":")[2])]
               for t in a.covers if t.count(":") == 2)


def test_a_rate_they_already_put_a_figure_on_is_not_asked_for(kb, analyzer):
    history = [("candidate", "that's way too much for 17 writes a second and a team of four.")]
    d, _ = _reply(kb, analyzer, "Data model: boards, lists and cards, each with a position column.", problem="task-app",
                  phase="deep_dive", minute=12.5, covered={"questions": ["q"]}, history=history)
    assert "write rate" not in " ".join(d.act.questions())


def test_a_figure_asked_for_by_name_with_just_give_me_is_answered_not_refused(kb, analyzer):
    d, a = _reply(kb, analyzer, "what's the expected order volume. just give me the number, easier.",
                  problem="ecommerce-checkout", minute=2.0, covered={"questions": ["q"]})
    assert d.act.kind != "refuse_answer" and d.act.answers and not a.asks_for_answer
    d, a = _reply(kb, analyzer, "i don't know what the real number is honestly. could you just tell me the DAU you "
                                "want me to design for? otherwise i'll guess", problem="news-feed", minute=4.0,
                  covered={"questions": ["q"]})
    users = next(f.answer for f in kb.problem("news-feed").hidden_facts if f.topic == "users")
    assert users in d.act.answers


def test_a_slip_they_put_right_themselves_later_is_not_flagged_again(kb, analyzer):
    slip = {"said": "1GB", "unit": "bytes", "value": 1e9, "right": "about 10GB"}
    text = "oh, mistake earlier. 50M x 200 bytes is 10GB not 1GB. still fits one box."
    d, _ = _reply(kb, analyzer, text, problem="ecommerce-checkout", phase="failure_modes", minute=21.0,
                  covered={"questions": ["q"], "slips": [slip]})
    assert not any((p or "").startswith("standing:") for p in d.covered.get("challenged", []))


def test_a_piece_named_for_a_case_that_no_longer_holds_is_not_theirs(kb, analyzer):
    text = ("Hang on, let me redo the location number. 5 million over 4 is 1.25 million a second, not 125 thousand. "
            "125k I could almost push through a couple of Redis nodes, 1.25 million means the index has to be "
            "sharded from day one.")
    d, _ = _reply(kb, analyzer, text, problem="ride-sharing", phase="deep_dive", minute=13.0,
                  covered={"questions": ["q"]})
    assert "redis" in d.covered.get("alternatives", []) and "push_back_tech" not in d.act.kinds()


def test_a_failure_the_card_also_asks_as_a_deep_dive_is_put_once(kb):
    from agent.acts import _failure

    card = kb.problem("ecommerce-checkout")
    outage = next(f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p, q in enumerate(dive.probes)
                  if "switch processors" in q)
    act = _failure(card, [outage], "failure_modes", set())
    assert "card processor" not in (act.question or "")
    assert "card processor" in (_failure(card, [], "failure_modes", set()).question or "")
