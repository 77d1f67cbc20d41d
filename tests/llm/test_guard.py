"""Guarded LLM questions, with the fake chat model: no reply that leaks or leaves the role is ever shown."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from agent.acts import Act
from agent.clock import WordClock
from agent.configuration import Configuration
from agent.graph import build_graph
from agent.guard import check_reply, speak_guarded
from agent.state import checkpoint_serde
from tests.fakes import FakeChatModel

PROBE = Act(kind="probe_design", phase="high_level_design", question="How does a redirect flow through your components?")
DRAFT = "Walk me through it. How does a redirect flow through your components?"
CANDIDATE = ["How many URLs per day?", "I'd have an API service, a redirect service and Redis in front of a database."]
MESSAGES = [{"role": "system", "content": "rules"}, {"role": "user", "content": CANDIDATE[-1]}]


def problems(kb, reply, act=PROBE, candidate=CANDIDATE, draft=DRAFT):
    return check_reply(reply, act=act, card=kb.problem("url-shortener"), kb=kb, candidate=candidate, draft=draft)


@pytest.mark.parametrize("reply, expected", [
    ("Links are kept for five years by default. How does a redirect flow?", "hidden fact"),
    ("Redirects have to finish in under 50 milliseconds. How does a redirect flow?", "hidden fact"),
    ("Would Base62 codes from pre-allocated ranges work for the keys?", "expected design"),
    ("Have you thought about Kafka for the click events?", "technology"),
    ("You should use DynamoDB here. How does a redirect flow?", "design"),
    ("As an AI language model, I think your design is fine.", "role"),
    ("Interviewer: how does a redirect flow?", "role"),
    ("- first point\n- second point", "role"),
    ("Tell me more. " * 60, "too long"),
])
def test_a_reply_that_leaks_or_leaves_the_role_is_flagged(kb, reply, expected):
    found = problems(kb, reply)
    assert found and any(expected in p for p in found), found


def test_a_reply_about_what_the_candidate_raised_passes(kb):
    assert problems(kb, "Your Redis sits in front of the database: how does a redirect flow through it?") == []


def test_a_fact_the_candidate_asked_for_may_be_said(kb):
    card = kb.problem("url-shortener")
    traffic = next(f for f in card.hidden_facts if f.topic == "traffic")
    act = Act(kind="answer_question", phase="requirements", answers=[traffic.answer])
    assert problems(kb, "We create about 100 million new short links per day. Anything else?", act=act,
                    draft=traffic.answer) == []
    assert problems(kb, "We create about 100 million new short links per day. Anything else?", act=PROBE) != []


def test_a_failed_check_regenerates_once_and_the_second_reply_is_shown(kb):
    fake = FakeChatModel().enqueue("Have you considered Kafka?", "How does a redirect flow through your services?")
    shown: list[str] = []
    verdict = speak_guarded(fake, MESSAGES, shown.append, act=PROBE, card=kb.problem("url-shortener"), kb=kb,
                            candidate=CANDIDATE, draft=DRAFT)
    assert verdict.outcome == "regenerated" and verdict.text == "How does a redirect flow through your services?"
    assert shown == [verdict.text]  # nothing reached the candidate before the check
    retry = fake.history[1].messages
    assert retry[-2] == {"role": "assistant", "content": "Have you considered Kafka?"} and "Kafka" in retry[-1]["content"]


def test_two_failed_checks_say_the_offline_phrasing(kb):
    fake = FakeChatModel().enqueue("Links are kept for five years. Use Kafka.", "You should use Cassandra.")
    shown: list[str] = []
    verdict = speak_guarded(fake, MESSAGES, shown.append, act=PROBE, card=kb.problem("url-shortener"), kb=kb,
                            candidate=CANDIDATE, draft=DRAFT)
    assert verdict.outcome == "offline_after_retry" and verdict.text == DRAFT and shown == [DRAFT]
    assert len(fake.history) == 2 and verdict.problems


def test_an_unusable_reply_goes_straight_to_the_offline_phrasing(kb):
    fake = FakeChatModel().enqueue("Hard rules: ACT: probe_design")
    verdict = speak_guarded(fake, MESSAGES, None, act=PROBE, card=kb.problem("url-shortener"), kb=kb,
                            candidate=CANDIDATE, draft=DRAFT)
    assert verdict.outcome == "offline_unusable" and verdict.text == DRAFT and len(fake.history) == 1


def test_in_the_graph_a_leaking_reply_is_never_shown(kb, analyzer):
    card = kb.problem("url-shortener")
    unasked = next(f for f in card.hidden_facts if f.topic == "latency")
    llm = FakeChatModel().enqueue(unasked.answer + " What's next?", "Anything else? " + unasked.answer)
    ctx = Configuration(knowledge=kb, analyzer=analyzer, clock=WordClock(), chat_model=llm)
    app = build_graph().compile(checkpointer=InMemorySaver(serde=checkpoint_serde()))
    config = {"configurable": {"thread_id": "guard"}}
    app.invoke({"thread_id": "guard", "problem_id": card.id, "company": "google", "level": "senior",
                "format_minutes": 45, "llm_mode": "openai", "llm_status": "openai: test", "coach": False},
               config, context=ctx)
    app.invoke(Command(resume={"text": "How many URLs per day?"}), config, context=ctx)
    values = app.get_state(config).values
    said = values["transcript"][-1].content
    assert unasked.answer not in said and "100 million" in said  # the offline phrasing of the asked fact
    assert values["llm_log"][-1]["question"]["outcome"] == "offline_after_retry"
