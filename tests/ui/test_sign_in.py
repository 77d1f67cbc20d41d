"""Sign-in with local accounts: the form until signed in, each account's own history, another's thread refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from agent.clock import WordClock
from agent.session import InterviewSession
from kernel.accounts import add_user
from kernel.config import get_settings
from tests.team.conftest import database_url, postgres  # noqa: F401 - the real PostgreSQL fixtures

PASSWORD = "correct horse battery"


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click()
    return at.run()


def test_without_accounts_there_is_no_sign_in(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    assert not at.exception
    assert not [t for t in at.text_input if t.key == "sign_in_name"]


def test_sign_in_then_only_ones_own_interviews(ui_home: Path, make_app: Callable[[], AppTest]) -> None:
    settings = get_settings()
    add_user(settings.accounts_path, "alice", PASSWORD)
    add_user(settings.accounts_path, "bob", PASSWORD)
    bobs = InterviewSession.start(settings, problem_id="url-shortener", clock=WordClock(), retrieval=False,
                                  owner="bob")
    bobs.close()

    at = make_app().run()
    assert not at.exception
    assert at.text_input(key="sign_in_name") is not None
    assert not [b for b in at.button if b.key == "start"]  # nothing of the app before signing in
    at = sign_in(at, "alice", "wrong password!")
    assert any("Wrong user name or password" in e.value for e in at.error)
    at = sign_in(at, "alice")
    assert not at.exception
    assert [b for b in at.button if b.key == "start"]
    assert any("Signed in as **alice**" in c.value for c in at.caption)

    at.query_params["thread"] = bobs.thread_id  # a copied URL of bob's interview
    at = at.run()
    assert any("for this account" in e.value for e in at.error)

    at.switch_page("views/history.py")
    at = at.run()
    assert not at.exception
    assert not any(bobs.thread_id in str(getattr(d, "value", "")) for d in at.dataframe)
    assert any("No interviews yet" in i.value for i in at.info)


@pytest.mark.usefixtures("database_url")
def test_on_a_shared_database_an_interview_belongs_to_who_started_it(
        ui_home: Path, make_app: Callable[[], AppTest]) -> None:
    settings = get_settings()
    assert settings.shared_database
    add_user(settings.accounts_path, "alice", PASSWORD)
    add_user(settings.accounts_path, "bob", PASSWORD)
    at = sign_in(make_app().run(), "alice")
    at.button(key="start").click()
    at = at.run()
    assert not at.exception
    from agent.session import list_sessions

    mine = list_sessions(settings, owner="alice")
    assert len(mine) == 1 and mine[0].owner == "alice" and not list_sessions(settings, owner="bob")
    assert not (ui_home / "checkpoints.sqlite").exists()

    other = sign_in(make_app().run(), "bob")
    other.query_params["thread"] = mine[0].thread_id
    other = other.run()
    assert any("for this account" in e.value for e in other.error)
