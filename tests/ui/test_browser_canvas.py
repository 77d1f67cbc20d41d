"""The design canvas in a real headless Chromium: boxes and arrows drawn through the page (the canvas's own
menu and handles, and the text line), kept with the interview, asked about by the interviewer and cited by
the scorecard; nothing is fetched from anywhere but the app."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from knowledge.index import KnowledgeIndex
from tests.ui.browser_support import (
    app_on_index,
    chat_messages,
    guarded_page,
    send_message,
    settle,
    start_interview,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

TASK_APP = "Task management app for a startup (Trello-like)"
OVER_BUILT = ("web -> api: HTTPS; api -> kafka: events; kafka: Kafka [queue]; kafka -> workers; "
              "workers -> cassandra: writes; cassandra: Cassandra [database]; api -> cassandra: reads")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, real_index: KnowledgeIndex) -> Iterator[tuple[str, Path]]:
    with app_on_index(tmp_path_factory.mktemp("ui-canvas"), real_index.path) as served:
        yield served


@pytest.fixture
def guarded(served: tuple[str, Path], tmp_path: Path) -> Iterator[tuple[Page, list[str]]]:
    """A page that may reach the app only: any other request is blocked and recorded."""
    with guarded_page(tmp_path / "profile", served[0]) as guarded:
        yield guarded


def canvas(page: Page) -> Any:
    return page.frame_locator("iframe[title*='streamlit_flow']")


def draw_text(page: Page, statements: str) -> None:
    box = page.get_by_role("textbox", name="Or draw with text")
    box.fill(statements)
    box.press("Enter")
    settle(page)


def stored_diagram(home: Path, page: Page) -> Any:
    from agent.session import stored_transcript
    from kernel.config import Settings

    thread = re.search(r"thread=([\w-]+)", page.url).group(1)  # type: ignore[union-attr]
    settings = Settings(BABYSTEPS_HOME=home)  # type: ignore[call-arg]
    return stored_transcript(settings, thread).diagram  # type: ignore[union-attr]


def test_boxes_and_arrows_drawn_on_the_canvas_are_kept(served: tuple[str, Path],
                                                        guarded: tuple[Page, list[str]]) -> None:
    page, outside = guarded
    start_interview(page, served[0], problem=TASK_APP)
    page.get_by_role("tab", name="Diagram").click()
    draw_text(page, "web -> api: HTTPS")
    expect(canvas(page).locator(".react-flow__node")).to_have_count(2)
    # a box added with the canvas's own menu, then joined to the API by dragging between handles
    canvas(page).locator(".react-flow__pane").click(button="right", position={"x": 80, "y": 300})
    canvas(page).get_by_text("Create New Node").click()
    canvas(page).get_by_placeholder("nodeContent").fill("Postgres [database]")
    canvas(page).get_by_role("button", name="Create Node").click()
    settle(page)
    expect(canvas(page).locator(".react-flow__node")).to_have_count(3)
    new_box = canvas(page).locator(".react-flow__node", has_text="Postgres")
    api = canvas(page).locator(".react-flow__node", has_text="api")
    api.locator(".react-flow__handle.source").drag_to(new_box.locator(".react-flow__handle.target"))
    settle(page)
    diagram = stored_diagram(served[1], page)
    assert sorted(n.name for n in diagram.nodes) == ["Postgres", "api", "web"]
    postgres = next(n for n in diagram.nodes if n.name == "Postgres")
    assert postgres.type == "database" and postgres.x is not None  # placed where it was put
    assert {(diagram.name(e.source), diagram.name(e.target)) for e in diagram.edges} == {("web", "api"),
                                                                                           ("api", "Postgres")}
    page.reload()  # kept through a reload: the same boxes come back
    settle(page)
    page.get_by_role("tab", name="Diagram").click()
    expect(canvas(page).locator(".react-flow__node")).to_have_count(3)
    assert outside == []


def test_the_interviewer_asks_about_drawn_boxes_and_the_scorecard_cites_them(
        served: tuple[str, Path], guarded: tuple[Page, list[str]], tmp_path: Path) -> None:
    page, outside = guarded
    start_interview(page, served[0], problem=TASK_APP)
    send_message(page, "How many users do we have, and how many requests a day?")
    send_message(page, "So 5,000 users, half active, 100 requests each is 250,000 a day, about 3 a second, 6 at peak.")
    page.get_by_role("tab", name="Diagram").click()
    draw_text(page, OVER_BUILT)  # over-built for a few requests a second
    expect(canvas(page).locator(".react-flow__node")).to_have_count(5)
    page.get_by_role("tab", name="Conversation").click()
    send_message(page, "Here is my design: an API that publishes events, workers that write to the store.")
    said = [m.inner_text() for m in chat_messages(page).all()]
    reply = next(m for m in reversed(said) if "design: an API" not in m)
    assert re.search(r"Kafka|Cassandra", reply), reply  # the question is about a box that was drawn
    page.screenshot(path=str(tmp_path / "asked.png"))
    page.get_by_role("tab", name="Diagram").click()
    draw_text(page, "-kafka; -workers; -cassandra; api -> db: reads and writes; db: Postgres [database]")
    expect(canvas(page).locator(".react-flow__node")).to_have_count(3)
    page.get_by_role("tab", name="Conversation").click()
    send_message(page, "Simpler: one API server and one Postgres; 6 requests a second needs nothing more.")
    page.get_by_role("button", name="End interview…").click()
    page.get_by_role("button", name="Yes, end and grade").click()
    page.get_by_text("Scorecard", exact=True).wait_for(timeout=120_000)
    settle(page)
    page.get_by_text(re.compile(r"High-level design — \d / 4")).click()  # its reasons name the drawn boxes
    expect(page.get_by_text(re.compile(r"Diagram: data flow drawn \(web -> api -> Postgres\)"))).to_be_visible()
    expect(page.get_by_role("button", name="Diagram (.svg)")).to_be_visible()
    page.screenshot(path=str(tmp_path / "scorecard.png"), full_page=True)
    assert outside == []
