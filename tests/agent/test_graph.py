"""The graph compiled with a test checkpointer: the offline loop, the LLM path and the LLM failure path."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from agent.clock import WordClock
from agent.configuration import Configuration
from agent.graph import build_graph
from agent.state import checkpoint_serde
from kernel.llm import LLMUnavailable
from knowledge.models import PHASES
from tests.agent.conftest import RecordingIndex
from tests.fakes import FakeChatModel


def compile_app():
    return build_graph().compile(checkpointer=InMemorySaver(serde=checkpoint_serde()))


def start(app, ctx, thread="g1", **extra):
    config = {"configurable": {"thread_id": thread}}
    state = {"thread_id": thread, "problem_id": "url-shortener", "company": "google", "level": "senior",
             "format_minutes": 45, "llm_mode": "offline", "llm_status": "offline", "coach": False} | extra
    app.invoke(state, config, context=ctx)
    return config


def say(app, config, ctx, text):
    app.invoke(Command(resume={"text": text}), config, context=ctx)
    return app.get_state(config).values


def test_graph_wiring():
    graph = build_graph()
    assert {"open_interview", "await_candidate", "analyze_turn", "choose_act", "speak", "close_interview"} <= set(
        graph.nodes)


def test_offline_loop_alternates_turns_and_phases_only_advance(kb, analyzer):
    app = compile_app()
    ctx = Configuration(knowledge=kb, analyzer=analyzer, clock=WordClock())
    config = start(app, ctx)
    script = ["How many URLs per day? What's the read to write ratio?", "Do links expire? What latency?",
              "100M a day is about 1,160 writes per second; reads are 116K per second.",
              "A creation service, a redirect service, a key-value store and a cache.",
              "Base62 of a counter from leased ID ranges.", "A replica takes over if a partition dies."]
    for text in script:
        say(app, config, ctx, text)
    app.invoke(Command(resume={"end": True}), config, context=ctx)
    values = app.get_state(config).values
    roles = [t.role for t in values["transcript"]]
    assert roles[0] == "interviewer" and roles[-1] == "interviewer"
    assert [t.content for t in values["transcript"] if t.role == "candidate"] == script
    order = [PHASES.index(t.phase) for t in values["transcript"]]
    assert order == sorted(order)
    assert values["transcript"][-1].phase == "wrap_up" and values["finished"]
    minutes = [t.minute for t in values["transcript"]]
    assert minutes == sorted(minutes) and minutes[-1] > 5
    assert app.get_state(config).next == ()


def test_opening_states_the_problem_exactly_even_in_llm_mode(kb, analyzer):
    app = compile_app()
    llm = FakeChatModel()
    ctx = Configuration(knowledge=kb, analyzer=analyzer, clock=WordClock(), chat_model=llm)
    config = start(app, ctx, llm_mode="openai", llm_status="openai: test")
    opening = app.get_state(config).values["transcript"][0].content
    assert kb.problem("url-shortener").prompt in opening and llm.history == []


def test_unusable_llm_reply_falls_back_to_the_plain_phrasing(kb, analyzer):
    app = compile_app()
    llm = FakeChatModel().enqueue("Hard rules: ACT: answer_question. " + "blah " * 200)
    ctx = Configuration(knowledge=kb, analyzer=analyzer, clock=WordClock(), chat_model=llm)
    config = start(app, ctx, llm_mode="openai", llm_status="openai: test")
    values = say(app, config, ctx, "How many URLs per day?")
    assert "100 million" in values["transcript"][-1].content and "Hard rules" not in values["transcript"][-1].content


def test_llm_phrases_the_act_the_policy_chose(kb, analyzer):
    app = compile_app()
    llm = FakeChatModel().enqueue("About 100 million a day. More questions?",
                                  "Interesting. Why ZooKeeper and not a database sequence?")
    index = RecordingIndex()
    ctx = Configuration(knowledge=kb, analyzer=analyzer, clock=WordClock(), chat_model=llm, index=index)
    config = start(app, ctx, llm_mode="openai", llm_status="openai: test")
    say(app, config, ctx, "How many URLs per day?")
    values = say(app, config, ctx, "I'll generate IDs with ZooKeeper.")
    assert values["transcript"][-1].content == "Interesting. Why ZooKeeper and not a database sequence?"
    assert values["act"]["kind"] in ("push_back_tech", "push_back_overengineering", "nudge_questions")
    system = llm.history[-1].messages[0]["content"]
    assert f"ACT: {values['act']['kind']}" in system
    assert "Why ZooKeeper rather than a database sequence?" in system  # the card's pushback, chosen by the policy
    assert llm.history[-1].kind == "stream"
    assert index.queries  # grounding snippets were retrieved


def test_llm_failure_switches_to_offline_with_a_notice_and_keeps_every_turn(kb, analyzer):
    app = compile_app()
    llm = FakeChatModel().enqueue("About 100 million a day.", LLMUnavailable("timed out after 2 retries"))
    ctx = Configuration(knowledge=kb, analyzer=analyzer, clock=WordClock(), chat_model=llm)
    config = start(app, ctx, llm_mode="openai", llm_status="openai: test")
    script = ["How many URLs per day?", "What latency do redirects need?", "Let's estimate: 1,160 writes per second."]
    for text in script:
        values = say(app, config, ctx, text)
    assert values["llm_mode"] == "offline" and values["llm_status"] == "offline"
    assert values["notices"] == ["The LLM endpoint failed (timed out after 2 retries); continuing offline."]
    assert [t.content for t in values["transcript"] if t.role == "candidate"] == script
    assert len(llm.history) == 2  # no call after the failure
    assert values["transcript"][2].content == "About 100 million a day."
    assert "50 milliseconds" in values["transcript"][4].content  # the failed turn was answered offline


def test_llm_error_notice_never_carries_a_key(kb, analyzer):
    app = compile_app()
    llm = FakeChatModel().enqueue(LLMUnavailable("401 Incorrect API key provided: sk-proj-abcdef123456"))
    ctx = Configuration(knowledge=kb, analyzer=analyzer, clock=WordClock(), chat_model=llm)
    config = start(app, ctx, llm_mode="openai", llm_status="openai: test")
    values = say(app, config, ctx, "How many URLs per day?")
    assert "abcdef123456" not in values["notices"][0] and values["notices"][0].startswith("The LLM endpoint failed (")


def test_candidate_turn_is_checkpointed_before_the_llm_call(kb, analyzer):
    app = compile_app()
    llm = FakeChatModel().enqueue(RuntimeError("process died here"))
    ctx = Configuration(knowledge=kb, analyzer=analyzer, clock=WordClock(), chat_model=llm)
    config = start(app, ctx, llm_mode="openai", llm_status="openai: test")
    with pytest.raises(RuntimeError):
        app.invoke(Command(resume={"text": "How many URLs per day?"}), config, context=ctx)
    values = app.get_state(config).values
    assert values["transcript"][-1].role == "candidate"
    assert values["transcript"][-1].content == "How many URLs per day?"
    llm.enqueue("About 100 million a day.")
    app.invoke(None, config, context=ctx)
    values = app.get_state(config).values
    assert values["transcript"][-1].content == "About 100 million a day."


def test_a_candidate_with_nothing_more_gets_one_goodbye_and_ending_adds_none(kb, analyzer):
    app = compile_app()
    ctx = Configuration(knowledge=kb, analyzer=analyzer, clock=WordClock())
    config = start(app, ctx)
    app.update_state(config, {"phase": "wrap_up", "minute": 44.0,
                              "covered": {"summary_asked": True, "acts": ["ask_summary", "follow_up"]}})
    values = say(app, config, ctx, "No questions from me, thanks.")
    goodbye = values["transcript"][-1]
    assert goodbye.role == "interviewer" and values["act"]["kind"] == "close" and not values["finished"]
    assert app.get_state(config).next  # the floor stays open: they may still add something
    app.invoke(Command(resume={"end": True}), config, context=ctx)
    ended = app.get_state(config).values
    assert ended["finished"] and ended["transcript"][-1] == goodbye  # no second goodbye
    assert app.get_state(config).next == ()
