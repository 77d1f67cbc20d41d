"""The voice: deterministic varied phrasing offline; a bounded, card-safe prompt for the LLM."""

from __future__ import annotations

import re

from agent.acts import Act
from agent.phrasings import PHRASES
from agent.voice import build_messages, coach_hint, render_offline
from kernel.transcript import Turn
from tests.agent.conftest import RecordingIndex, make_state


def test_every_act_kind_has_several_phrasings():
    from agent.acts import ACT_KINDS

    for kind in ACT_KINDS:
        assert len(PHRASES[kind]) >= 3, kind


def test_offline_rendering_is_reproducible_and_varied():
    act = Act(kind="push_back_tech", phase="deep_dive", subject="Redis", question="Why Redis?")
    first = [render_offline(act, thread_id="t1", turn=n) for n in range(12)]
    again = [render_offline(act, thread_id="t1", turn=n) for n in range(12)]
    assert first == again
    assert len(set(first)) >= 3
    assert all("Why Redis?" in line for line in first)


def test_previous_phrasing_is_not_repeated_straight_away():
    act = Act(kind="probe_design", phase="high_level_design")
    line = render_offline(act, thread_id="t", turn=3)
    assert render_offline(act, thread_id="t", turn=3, avoid=line) != line


def test_what_was_asked_is_answered_before_the_clock_and_the_next_step():
    act = Act(kind="ask_estimates", phase="estimation", answers=["We create 100M links a day."],
              transition="Let's move on.")
    text = render_offline(act, thread_id="t", turn=1)
    assert text.startswith("We create 100M links a day. Let's move on. ")


def test_the_clock_comes_first_when_nothing_was_asked_and_an_acknowledgement_before_it():
    act = Act(kind="move_to_design", phase="high_level_design", transition="We're about 12 minutes in.")
    text = render_offline(act, thread_id="t", turn=1)
    assert text.startswith("We're about 12 minutes in.") or re.match(r"^(?:Good|OK|Got it|Makes sense)\. We're", text)
    assert not re.search(r"minutes in\. (?:Good|OK|Got it|Makes sense)\.", text)


def _long_state(turns: int, kb) -> dict:
    transcript = []
    for n in range(turns):
        transcript.append(Turn(role="candidate", content=f"candidate turn {n} " + "words " * 60, phase="deep_dive"))
        transcript.append(Turn(role="interviewer", content=f"interviewer turn {n} " + "words " * 25, phase="deep_dive"))
    covered = {
        "answers": [f"answer {n}" for n in range(turns)],
        "figures": [f"{n}K writes/s" for n in range(turns)],
        "components": [f"component {n}" for n in range(turns)],
        "pushbacks": [f"why {n}?" for n in range(turns)],
        "technologies": {f"tech{n}": bool(n % 2) for n in range(min(turns, 8))},
    }
    return dict(make_state(phase="deep_dive", minute=float(turns), transcript=transcript, covered=covered,
                           notes=[f"note {n}" for n in range(12)]))


def test_prompt_stays_flat_as_the_interview_grows(kb):
    act = Act(kind="deep_dive_probe", phase="deep_dive", question="How do you generate the short code?")
    card = kb.problem("url-shortener")
    sizes = []
    for turns in (10, 30, 60):
        messages = build_messages(act, card=card, state=_long_state(turns, kb), hits=[], offline_draft="draft")
        sizes.append(sum(len(m["content"].split()) for m in messages))
    assert max(sizes) - min(sizes) <= 10, sizes


def test_prompt_holds_only_asked_facts_and_no_card_design(kb):
    card = kb.problem("url-shortener")
    asked = card.hidden_facts[1].answer
    act = Act(kind="answer_question", phase="requirements", answers=[asked])
    state = dict(make_state())
    messages = build_messages(act, card=card, state=state, hits=[], offline_draft="x")
    text = "\n".join(m["content"] for m in messages)
    assert asked in text
    for i, fact in enumerate(card.hidden_facts):
        if fact.answer != asked:
            assert fact.answer not in text, i
    for component in card.components:
        assert component not in text
    for dive in card.deep_dives:
        for signal in dive.good_signals:
            assert signal not in text


def test_coach_hint_names_the_cheat_card(kb):
    act = Act(kind="challenge_arithmetic", phase="estimation", hint="a day has 86,400 seconds")
    hint = coach_hint(act, kb, RecordingIndex().search("q"))
    assert hint is not None and hint.startswith("Cheat card: Estimation constants")
    offline = coach_hint(act, kb, [])
    assert offline is not None and "Estimation constants" in offline and "100K" in offline


def test_coach_hint_for_a_pushback_names_that_technology(kb):
    act = Act(kind="push_back_tech", phase="deep_dive", subject="ZooKeeper", tag="tech:zookeeper:0", question="Why?")
    hint = coach_hint(act, kb, [])
    assert hint == f"Tech card: Apache ZooKeeper — {kb.technology('zookeeper').trade_offs[0]}"[:220]
    nudge = Act(kind="nudge_questions", phase="requirements", secondary=act)
    assert coach_hint(nudge, kb, []) == hint


def test_whiteboard_lists_a_component_once_however_it_is_spelled():
    from agent.voice import whiteboard

    board = whiteboard({"components": ["load balancer", "cache"], "technologies": {"load-balancer": True, "redis": False}})
    assert board["components"] == ["load balancer", "cache", "redis (no reason given)"]


def test_coach_hint_quotes_a_point_not_a_section_header(kb):
    from types import SimpleNamespace

    from agent.acts import Act
    from agent.voice import coach_hint

    hit = SimpleNamespace(kind="cheat", title="Power phrases",
                          text="Power phrases\nKey points to remember:\n- The trade-off here is ...\n- The math says ...")
    hint = coach_hint(Act(kind="nudge_questions", phase="requirements"), kb, [hit])
    assert hint is not None and "Key points" not in hint and hint.startswith("Cheat card: Power phrases — The ")


def test_every_act_kind_has_llm_guidance():
    from agent.acts import ACT_KINDS
    from agent.prompts import ACT_GUIDANCE

    assert set(ACT_KINDS) <= set(ACT_GUIDANCE)


def test_no_sentence_is_said_twice_however_often_an_act_comes_back():
    from agent.acts import Act
    from agent.voice import render_offline, sentences_of

    said: set[str] = set()
    for turn in range(12):
        text = render_offline(Act(kind="answer_question", phase="requirements", answers=["About 1,000 merchants."]),
                              thread_id="t", turn=turn, said=said)
        new = sentences_of(text)
        assert not [s for s in new if s in said and len(s.split()) >= 3], text
        said |= set(new)


def test_correct_working_noticed_is_not_followed_by_a_second_bare_acknowledgement():
    for turn in range(24):
        text = render_offline(Act(kind="listen", phase="high_level_design", hint="numbers_hold"), thread_id="t",
                              turn=turn)
        first, _, rest = text.partition(". ")
        assert not rest.startswith(("Good.", "Makes sense.", "OK,", "Got it.", "Right,")), text


def test_a_fact_said_before_is_referred_back_to_by_its_figure():
    from agent.voice import _fresh

    fact = "It's our product, sold to small teams. About 5,000 users today, and half of them use it on a weekday."
    seen = {" ".join(s.lower().split()) for s in ("It's our product, sold to small teams.",
                                                  "About 5,000 users today, and half of them use it on a weekday.")}
    assert _fresh(fact, seen) == "As I said, about 5,000 users today, and half of them use it on a weekday."


def test_what_is_left_to_the_candidate_is_named_when_it_is_short() -> None:
    from agent.acts import Act
    from agent.voice import render_offline

    act = Act(kind="answer_question", phase="requirements", your_call=["Is this mobile only?"],
              assume=["How many engineers do we have?"])
    text = render_offline(act, thread_id="t", turn=2)
    assert "Mobile only: that's your call" in text and "How many engineers: I don't have a figure" in text
    vague = Act(kind="answer_question", phase="requirements",
                your_call=["And what does the team look like, and are we on a cloud provider?"])
    assert ":" not in render_offline(vague, thread_id="t", turn=2).split(".")[0]  # no referent when it is long
