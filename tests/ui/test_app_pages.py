"""AppTest checks of the guide page and the status shown in the sidebar."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest


def sidebar_text(at: AppTest) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


def test_sidebar_shows_offline_mode_and_never_a_key(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    assert not at.exception
    assert "LLM: **offline**" in sidebar_text(at)


def test_sidebar_shows_endpoint_and_model_without_the_key(
    make_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-value-1234")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("BABYSTEPS_MODEL", "tiny-model")
    at = make_app().run()
    text = sidebar_text(at)
    assert "tiny-model" in text and "http://127.0.0.1:9/v1" in text
    assert "secret" not in text and "1234" not in text


def test_guide_search_lists_results_with_kind_and_score(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    at.switch_page("views/knowledge.py").run()
    at.text_input(key="kb_query").input("rate limiter token bucket").run()
    assert not at.exception
    captions = [c.value for c in at.main.caption]
    assert any("score" in c for c in captions)
    titles = [m.value for m in at.main.markdown if m.value.startswith("**")]
    assert len(titles) == 5
    assert any("rate limiter" in t.lower() for t in titles)


def test_guide_kind_filter_restricts_results(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    at.switch_page("views/knowledge.py").run()
    at.selectbox(key="kb_kind").select("technology").run()
    at.text_input(key="kb_query").input("cache in front of the database").run()
    captions = [c.value for c in at.main.caption if "score" in c.value]
    assert captions and all(c.startswith("Technology") for c in captions)
