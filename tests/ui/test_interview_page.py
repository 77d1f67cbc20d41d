"""AppTest checks of the interview room: setup, a turn, refusals, reload, and the scorecard at the end."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from kernel.transcript import MAX_MESSAGE_CHARS

QUESTION = "How many new short links per day, and how many redirects per second should we plan for?"


def start(make_app: Callable[[], AppTest], problem: str = "url-shortener", **choices: str) -> AppTest:
    at = make_app().run()
    assert not at.exception, at.exception
    at.selectbox(key="setup_problem").select(problem)
    for key, value in choices.items():
        at.selectbox(key=f"setup_{key}").select(value)
    at.button(key="start").click().run()
    assert not at.exception, at.exception
    return at


def end(at: AppTest) -> AppTest:
    """End the interview the way a user does: End, then confirm."""
    at.button(key="end").click().run()
    at.button(key="end_confirm").click().run()
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


def test_setup_lists_the_problems_and_the_round_choices(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    assert at.title[0].value == "Mock interview"
    options = at.selectbox(key="setup_problem").options
    assert "URL shortener" in " ".join(options) or len(options) >= 10
    assert [str(o) for o in at.radio(key="setup_format").options][0].startswith("45")
    assert at.radio(key="setup_llm").value == "offline"


def test_openai_choice_explains_why_it_is_unavailable(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    at.radio(key="setup_llm").set_value("openai").run()
    assert any("OPENAI_API_KEY" in w.value for w in at.warning)
    assert at.button(key="start").disabled


def test_a_turn_shows_the_reply_clock_phase_and_whiteboard(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app, company="startup")
    assert "thread" in at.query_params
    assert len(at.chat_message) == 1  # the opening question
    at.chat_input(key="answer").set_value(QUESTION).run()
    assert not at.exception, at.exception
    messages = at.chat_message
    assert len(messages) == 3
    assert messages[1].text[0].value == QUESTION
    assert [c.value for c in messages[1].caption] == ["Turn 2"]
    assert messages[2].name == "interviewer" and messages[2].text[0].value.strip()
    body = texts(at)
    assert "Requirements" in body
    assert "Whiteboard" in body and "Open pushbacks" in body


def test_an_oversized_message_is_refused_and_kept(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    huge = "x" * (MAX_MESSAGE_CHARS + 1)
    at.chat_input(key="answer").set_value(huge).run()
    assert any("limit" in e.value for e in at.error)
    assert at.text_area(key="unsent").value == huge
    assert len(at.chat_message) == 1  # nothing was added to the interview


def test_ending_shows_the_scorecard_with_chart_evidence_and_downloads(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    at.chat_input(key="answer").set_value(QUESTION).run()
    at.chat_input(key="answer").set_value(
        "About 100 million links a day is roughly 1,160 writes per second; at 100 reads per write "
        "that is about 116,000 redirects per second, so Redis in front of PostgreSQL for the reads."
    ).run()
    end(at)
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == ["Scorecard"]
    assert sum("Verdict: " in m.value for m in at.markdown) == 1
    assert not any("Verdict" in c.value for c in at.caption)  # said once, in plain English
    labels = [b.label for b in at.download_button]
    assert labels == ["Transcript (.md)", "Transcript (.json)", "Scorecard (.md)", "Scorecard (.json)"]
    assert len(at.expander) >= 8  # the conversation plus one per dimension
    assert at.get("vega_lite_chart")


def test_reload_resumes_the_interview_from_the_url(make_app: Callable[[], AppTest]) -> None:
    first = start(make_app)
    first.chat_input(key="answer").set_value(QUESTION).run()
    thread = first.query_params["thread"]
    reloaded = make_app()
    reloaded.query_params["thread"] = thread
    reloaded.run()
    assert not reloaded.exception, reloaded.exception
    assert [m.text[0].value for m in reloaded.chat_message] == [m.text[0].value for m in first.chat_message]


def test_a_new_tab_without_the_thread_starts_fresh(make_app: Callable[[], AppTest]) -> None:
    start(make_app)
    other = make_app().run()
    assert other.title[0].value == "Mock interview"
    assert len(other.chat_message) == 0


def test_an_unknown_thread_in_the_url_is_reported_not_raised(make_app: Callable[[], AppTest]) -> None:
    at = make_app()
    at.query_params["thread"] = "no-such-interview"
    at.run()
    assert not at.exception
    assert any("cannot be resumed" in e.value for e in at.error)
    at.button(key="new_after_error").click().run()
    assert at.title[0].value == "Mock interview"


def test_an_endpoint_fault_switches_to_offline_with_a_visible_notice(
    make_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens on the discard port
    monkeypatch.setenv("OPENAI_API_KEY", "sk-unit-test-0000")
    monkeypatch.setenv("BABYSTEPS_TIMEOUT", "2")
    monkeypatch.setenv("BABYSTEPS_MAX_RETRIES", "0")
    at = make_app().run()
    assert at.radio(key="setup_llm").value == "openai"
    at.selectbox(key="setup_problem").select("url-shortener")
    at.button(key="start").click().run()
    at.chat_input(key="answer").set_value(QUESTION).run()
    assert not at.exception, at.exception
    assert any("offline" in w.value.lower() for w in at.warning), [w.value for w in at.warning]
    assert len(at.chat_message) == 3
    assert "sk-unit" not in texts(at)


def test_coach_mode_shows_a_hint_after_the_interviewer_turn(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    at.selectbox(key="setup_problem").select("url-shortener")
    at.toggle(key="setup_coach").set_value(True)
    at.button(key="start").click().run()
    at.chat_input(key="answer").set_value("I would use Kafka and Cassandra for everything.").run()
    assert not at.exception, at.exception
    assert at.info and at.info[0].value.strip()


def test_a_finished_interview_reloads_with_its_stored_scorecard(make_app: Callable[[], AppTest]) -> None:
    first = start(make_app)
    first.chat_input(key="answer").set_value(QUESTION).run()
    end(first)
    verdict = next(m.value for m in first.markdown if "Verdict: " in m.value)
    assert "bar of" in verdict
    reloaded = make_app()
    reloaded.query_params["thread"] = first.query_params["thread"]
    reloaded.run()
    assert not reloaded.exception, reloaded.exception
    assert verdict in [m.value for m in reloaded.markdown]  # the level bar too
    assert not reloaded.chat_input  # a finished interview takes no more answers


def test_when_the_interviewer_closes_the_round_the_scorecard_follows(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    at.chat_input(key="answer").set_value(QUESTION).run()
    from agent.session import InterviewSession
    from kernel.config import get_settings

    thread = at.query_params["thread"]
    other = InterviewSession.resume(get_settings(), thread)  # brought to its last question
    other._app.update_state(other._config, {"phase": "wrap_up", "minute": 44.0, "covered": {
        "summary_asked": True, "acts": ["ask_summary", "follow_up"]}}, as_node="speak")
    other.close()
    at = make_app()  # reopened from the URL: the tab sees the changed interview
    at.query_params["thread"] = thread
    at.run()
    at.chat_input(key="answer").set_value("No questions from me, thanks.").run()
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == ["Scorecard"]  # graded without pressing End
    assert not at.chat_input


def test_an_answer_left_pending_by_a_run_cut_short_is_sent_once(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    thread = at.query_params["thread"][0] if isinstance(at.query_params["thread"], list) else at.query_params["thread"]
    at.session_state["pending_answer"] = {"thread": thread, "text": QUESTION, "turns": 1}  # what the submit kept
    at.run()
    assert not at.exception, at.exception
    assert len(at.chat_message) == 3 and at.chat_message[1].text[0].value == QUESTION
    at.session_state["pending_answer"] = {"thread": thread, "text": QUESTION, "turns": 1}  # written, then cut short
    at.run()
    assert len(at.chat_message) == 3 and "pending_answer" not in at.session_state  # never sent twice


def test_a_submitted_answer_is_kept_until_it_is_sent(make_app: Callable[[], AppTest]) -> None:
    at = start(make_app)
    at.chat_input(key="answer").set_value(QUESTION).run()
    assert len(at.chat_message) == 3 and "pending_answer" not in at.session_state
