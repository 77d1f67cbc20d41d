"""History and nudges in a real headless Chromium: a reopened scorecard with its conversation, two attempts
side by side, and a nudge asked for and counted; nothing is fetched from anywhere but the app."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from knowledge.index import KnowledgeIndex
from tests.ui.browser_support import (
    VIEWPORTS,
    app_on_index,
    guarded_page,
    send_message,
    settle,
    start_interview,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

ANSWER = ("How many links a day? At 100 million that is about 1,160 writes per second, so PostgreSQL with "
          "Redis in front for the 116,000 reads per second.")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, real_index: KnowledgeIndex) -> Iterator[tuple[str, Path]]:
    with app_on_index(tmp_path_factory.mktemp("ui-history"), real_index.path) as served:
        yield served


@pytest.fixture(params=list(VIEWPORTS))
def guarded(served: tuple[str, Path], tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Page, list[str]]]:
    with guarded_page(tmp_path / "profile", served[0], request.param) as guarded:
        yield guarded


def finish(page: Page) -> None:
    page.get_by_role("button", name="End interview…").click()
    page.get_by_role("button", name="Yes, end and grade").click()
    page.get_by_text("Scorecard", exact=True).wait_for(timeout=120_000)
    settle(page)


def test_a_nudge_is_shown_and_counted(served: tuple[str, Path], guarded: tuple[Page, list[str]]) -> None:
    page, outside = guarded
    start_interview(page, served[0])
    send_message(page, "I'd start with the API and a database.")
    page.get_by_role("button", name="Give me a nudge").click()
    settle(page)
    expect(page.locator('[data-testid="stAlert"]').last).to_be_visible()
    send_message(page, ANSWER)
    expect(page.get_by_role("button", name="Give me a nudge (1 used)")).to_be_visible()
    assert outside == []


def test_history_reopens_a_scorecard_with_its_conversation_and_compares_two(
        served: tuple[str, Path], guarded: tuple[Page, list[str]], tmp_path: Path) -> None:
    page, outside = guarded
    later = "PostgreSQL for the mappings and Redis in front, because reads dominate."
    for answer in (ANSWER, later):
        start_interview(page, served[0])
        send_message(page, answer)
        finish(page)
        page.get_by_role("button", name="New interview").click()
        settle(page)
    page.goto(f"{served[0]}/history")  # the same page the sidebar link opens (folded away on a phone)
    page.get_by_text("Reopen a scorecard").wait_for(timeout=90_000)
    settle(page)
    expect(page.get_by_text(re.compile(r"Verdict: \w+")).first).to_be_visible()
    page.get_by_text("Conversation", exact=True).first.click()
    said = page.locator('[data-testid="stChatMessage"]', has_text=later)
    expect(said.first).to_be_visible()  # the reopened (latest) interview's conversation, in its own words
    expect(page.get_by_role("button", name="Transcript (.md)").first).to_be_visible()
    expect(page.get_by_text("Compare two attempts")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]').last).to_be_visible()
    page.screenshot(path=str(tmp_path / "history.png"), full_page=True)
    assert outside == []
