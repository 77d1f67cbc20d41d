"""AppTest checks of the guide page and the status shown in the sidebar."""

from __future__ import annotations

import re
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


def guide(make_app: Callable[[], AppTest]) -> AppTest:
    at = make_app().run()
    at.switch_page("views/knowledge.py").run()
    assert not at.exception, at.exception
    return at


def test_guide_search_lists_sections_by_title_and_kind_without_scores_or_ids(make_app: Callable[[], AppTest]) -> None:
    at = guide(make_app)
    at.text_input(key="kb_query").input("rate limiter token bucket").run()
    assert not at.exception
    titles = [e.label for e in at.expander]
    assert titles and any("rate limiter" in t.lower() for t in titles)
    shown = " ".join(titles + [c.value for c in at.main.caption] + [m.value for m in at.main.markdown])
    assert "score" not in shown and not re.search(r"\b(problem|tech|mistake|story|cheat):[a-z0-9-]+", shown)


def test_guide_shelf_filter_restricts_results(make_app: Callable[[], AppTest]) -> None:
    at = guide(make_app)
    at.selectbox(key="kb_kind").select("technology").run()
    at.text_input(key="kb_query").input("cache in front of the database").run()
    titles = [e.label for e in at.expander]
    assert titles and all(t.endswith("· Technology") for t in titles)


def test_a_query_that_matches_nothing_well_says_so(make_app: Callable[[], AppTest]) -> None:
    at = guide(make_app)
    at.text_input(key="kb_query").input("zzqx vorpal snorkel").run()
    assert not at.expander
    assert "Nothing matched" in at.info[0].value


def test_the_guide_can_be_browsed_by_shelf(make_app: Callable[[], AppTest]) -> None:
    at = guide(make_app)
    at.radio(key="kb_mode").set_value("browse").run()
    shelves = at.radio(key="kb_shelf")
    assert [str(o).split(" (")[0] for o in shelves.options][:5] == [
        "Problems", "Technologies", "Mistakes", "Stories", "Cheat cards"]
    shelves.set_value("cheat").run()
    assert len(at.expander) == 6 and all(e.label.endswith("· Cheat card") for e in at.expander)
    five = next(e for e in at.expander if e.label.startswith("The five steps"))
    body = "\n".join(m.value for m in five.markdown)
    assert "\n\n**Key points to remember:**\n1. " in body  # a label on its own line, its numbered points a list


def test_readable_separates_labels_from_the_text_before() -> None:
    from ui.views.knowledge import readable

    text = "Redis: a cache. None of it.\nStrengths:\n- fast\n- simple\nTrade-offs:\n- memory"
    assert readable(text) == "Redis: a cache. None of it.\n\n**Strengths:**\n- fast\n- simple\n\n**Trade-offs:**\n- memory"
