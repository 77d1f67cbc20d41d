"""AppTest checks of the history page: stored interviews, progress, resume and delete with confirmation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from kernel.config import get_settings
from tests.fakes import FakeEmbeddings

ANSWER = ("How many links a day? At 100 million that is about 1,160 writes per second, so PostgreSQL with "
          "Redis in front for the 116,000 reads per second.")


def stored_interview(finished: bool) -> str:
    from agent.session import InterviewSession

    session = InterviewSession.start(get_settings(), problem_id="url-shortener", company="google",
                                     level="senior", llm="offline", embedder=FakeEmbeddings())
    try:
        session.send(ANSWER)
        if finished:
            session.end(grade=True)
        return session.thread_id
    finally:
        session.close()


def history_page(make_app: Callable[[], AppTest]) -> AppTest:
    at = make_app().run()
    at.switch_page("views/history.py").run()
    assert not at.exception, at.exception
    return at


def test_no_interviews_yet_says_so(make_app: Callable[[], AppTest]) -> None:
    at = history_page(make_app)
    assert "No interviews yet" in at.info[0].value


@pytest.fixture
def two_interviews(make_app: Callable[[], AppTest]) -> tuple[str, str]:
    return stored_interview(finished=True), stored_interview(finished=False)


def test_lists_stored_interviews_with_scores_and_progress(
    make_app: Callable[[], AppTest], two_interviews: tuple[str, str]
) -> None:
    done, _ = two_interviews
    at = history_page(make_app)
    frame = at.dataframe[0].value
    assert len(frame) == 2
    assert set(frame["status"]) == {"finished", "in progress"}
    row = frame[frame["status"] == "finished"].iloc[0]
    assert 1 <= row["overall"] <= 4 and row["verdict"]
    assert at.get("vega_lite_chart"), "the progress chart is shown once an interview is graded"
    assert set(frame["problem"]) == {"Public URL shortener (bit.ly scale)"}  # titles, not ids
    options = at.selectbox(key="history_pick").options
    assert len(options) == 2 and any("Public URL shortener" in o and "finished (" in o for o in options)
    assert not any(done[-6:] in o for o in options)


def test_resume_switches_to_the_interview_with_its_thread(
    make_app: Callable[[], AppTest], two_interviews: tuple[str, str]
) -> None:
    _, open_one = two_interviews
    at = history_page(make_app)
    at.selectbox(key="history_pick").select(open_one).run()
    at.button(key="history_resume").click().run()
    assert not at.exception, at.exception
    assert at.query_params.get("thread") == open_one
    assert any(m.text[0].value == ANSWER for m in at.chat_message)


def test_delete_asks_for_confirmation_then_removes_the_interview(
    make_app: Callable[[], AppTest], two_interviews: tuple[str, str]
) -> None:
    from agent.session import InterviewSession, list_sessions

    done, open_one = two_interviews
    at = history_page(make_app)
    at.selectbox(key="history_pick").select(open_one).run()
    at.button(key="history_delete").click().run()
    assert any("cannot be undone" in w.value for w in at.warning)
    assert len(list_sessions(get_settings())) == 2  # nothing deleted before the confirmation
    at.button(key="history_delete_no").click().run()
    assert len(list_sessions(get_settings())) == 2
    at.button(key="history_delete").click().run()
    at.button(key="history_delete_yes").click().run()
    assert not at.exception, at.exception
    assert [r.thread_id for r in list_sessions(get_settings())] == [done]
    with pytest.raises(KeyError):
        InterviewSession.resume(get_settings(), open_one, embedder=FakeEmbeddings())
    assert len(at.dataframe[0].value) == 1


def test_a_finished_scorecard_reopens_with_its_quotes(
    make_app: Callable[[], AppTest], two_interviews: tuple[str, str]
) -> None:
    at = history_page(make_app)
    assert at.selectbox(key="history_open").value == two_interviews[0]
    assert any("Verdict: " in m.value and "bar of" in m.value for m in at.markdown)
    labels = [b.label for b in at.download_button]
    assert labels == ["Transcript (.md)", "Transcript (.json)", "Scorecard (.md)", "Scorecard (.json)"]
    said = [m.text[0].value for m in at.chat_message]  # the conversation beside its scorecard
    assert ANSWER in said and len(said) >= 3  # the opening, the answer, the reply


def test_two_attempts_compare_side_by_side_per_dimension(make_app: Callable[[], AppTest]) -> None:
    first, second = stored_interview(finished=True), stored_interview(finished=True)
    at = history_page(make_app)
    assert {at.selectbox(key="compare_a").value, at.selectbox(key="compare_b").value} == {first, second}
    frame = at.dataframe[1].value
    assert list(frame.columns) == ["dimension", "earlier", "later", "change"]
    assert "Back-of-envelope estimation" in set(frame["dimension"]) and frame["dimension"].iloc[-1] == "Overall"
    assert (frame["change"].dropna() == 0).all()  # the same answers score the same
    titles = [e.label for e in at.expander]
    assert any(t.startswith("Back-of-envelope estimation: ") and "→" in t for t in titles)
    at.selectbox(key="compare_b").select(first).run()
    assert any("two different" in c.value for c in at.caption)


def test_an_interview_ended_without_an_answer_is_not_listed_as_finished(make_app: Callable[[], AppTest]) -> None:
    from agent.session import InterviewSession

    session = InterviewSession.start(get_settings(), problem_id="rate-limiter", llm="offline",
                                     embedder=FakeEmbeddings())
    session.end(grade=True)
    session.close()
    at = history_page(make_app)
    assert list(at.dataframe[0].value["status"]) == ["ended before any answer"]
    assert any("Finish an interview" in c.value for c in at.caption)


def test_the_trend_is_per_problem_or_overall_by_date() -> None:
    from datetime import UTC, datetime

    from agent.store import SessionRecord
    from ui.views.history import trend_frame

    def rec(problem: str, day: int, overall: float) -> SessionRecord:
        stamp = datetime(2026, 11, day, 9, tzinfo=UTC).isoformat()
        return SessionRecord(thread_id=f"{problem}-{day}", problem_id=problem, company="google", level="senior",
                             format_minutes=45, started_at=stamp, updated_at=stamp, finished=True, overall=overall,
                             scores={"estimation": int(overall)}, candidate_turns=3)

    records = [rec("url-shortener", 3, 3.5), rec("rate-limiter", 2, 2.0), rec("url-shortener", 1, 2.5)]
    every = trend_frame(records, "overall", None)
    assert list(every["score"]) == [2.5, 2.0, 3.5]  # oldest first
    only = trend_frame(records, "estimation", "url-shortener")
    assert list(only["problem"]) == ["Public URL shortener (bit.ly scale)"] * 2 and list(only["score"]) == [2.0, 3.0]
