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
    options = at.selectbox(key="history_pick").options
    assert len(options) == 2 and any(done[-6:] in o and "finished" in o for o in options)


def test_resume_switches_to_the_interview_with_its_thread(
    make_app: Callable[[], AppTest], two_interviews: tuple[str, str]
) -> None:
    _, open_one = two_interviews
    at = history_page(make_app)
    at.selectbox(key="history_pick").select(open_one).run()
    at.button(key="history_resume").click().run()
    assert not at.exception, at.exception
    assert at.query_params.get("thread") == open_one
    assert any(m.markdown[0].value == ANSWER for m in at.chat_message)


def test_delete_asks_for_confirmation_then_removes_the_interview(
    make_app: Callable[[], AppTest], two_interviews: tuple[str, str]
) -> None:
    from agent.session import InterviewSession, list_sessions

    done, open_one = two_interviews
    at = history_page(make_app)
    at.selectbox(key="history_pick").select(open_one).run()
    at.button(key="history_delete").click().run()
    assert "cannot be undone" in at.warning[0].value
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
