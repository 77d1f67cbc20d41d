"""The interview room in a real headless Chromium, on a desktop and a phone viewport: the header stays in
view and its clock ticks between turns, a message refused twice keeps the newest text, End asks first,
candidate text is shown as typed and nothing is fetched from anywhere but the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kernel.transcript import MAX_MESSAGE_CHARS
from knowledge.index import KnowledgeIndex
from tests.ui.browser_support import (
    VIEWPORTS,
    app_on_index,
    chat_messages,
    click_until,
    guarded_page,
    send_message,
    settle,
    start_interview,
)
from tests.ui.test_browser import ANSWERS

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SHOTS = Path("/tmp/ui-shots")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, real_index: KnowledgeIndex) -> Iterator[str]:
    with app_on_index(tmp_path_factory.mktemp("ui-room"), real_index.path) as (url, _):
        yield url


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def guarded(app_url: str, tmp_path: Path, viewport: str) -> Iterator[tuple[Page, list[str]]]:
    """A page at the viewport whose every request not to the app is blocked and recorded."""
    with guarded_page(tmp_path / "profile", app_url, viewport) as guarded:
        yield guarded


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def in_view(page: Page, selector: str) -> dict[str, float]:
    box: dict[str, float] = page.evaluate(
        """s => { const all = document.querySelectorAll(s); const r = all[all.length - 1].getBoundingClientRect();
                  return {top: r.top, bottom: r.bottom, height: window.innerHeight}; }""", selector)
    return box


def clock(page: Page) -> str:
    return str(page.get_by_test_id("room-clock").inner_text())


def test_the_header_stays_in_view_and_its_clock_ticks_between_turns(
    app_url: str, guarded: tuple[Page, list[str]], viewport: str
) -> None:
    page, outside = guarded
    start_interview(page, app_url)
    for answer in ANSWERS + [ANSWERS[0]]:
        send_message(page, answer)
    header = in_view(page, ".st-key-room_header")
    assert header["top"] >= 0 and header["bottom"] <= header["height"] / 2  # at the top, not scrolled away
    newest = in_view(page, '[data-testid="stChatMessage"]')
    assert newest["top"] >= header["bottom"] - 1 and newest["top"] < newest["height"]  # the reply is in view
    messages = chat_messages(page).count()
    before = clock(page)
    assert before.endswith(" left")
    page.wait_for_function("t => document.querySelector('[data-testid=room-clock]').innerText !== t", arg=before,
                           timeout=30_000)  # it ticks with nobody typing
    assert chat_messages(page).count() == messages
    expect(page.get_by_test_id("room-pacing")).to_contain_text("minute")
    expect(page.get_by_role("button", name="Pause clock")).to_be_visible()
    shot(page, f"room-{viewport}")
    assert outside == []


def test_a_paused_clock_stands_still_and_resumes(app_url: str, guarded: tuple[Page, list[str]]) -> None:
    page, _ = guarded
    start_interview(page, app_url)
    settle(page)  # a click during a rerun (the canvas reports itself on mount) can be lost: click when quiet
    click_until(page, "Pause clock", "Resume clock")
    settle(page)
    expect(page.locator(".bs-paused")).to_be_visible()
    paused = clock(page)
    drawn = page.get_by_test_id("room-clock").get_attribute("data-at")
    for _ in range(2):  # two more ticks drawn: a running clock would have moved on
        page.wait_for_function("a => document.querySelector('[data-testid=room-clock]').dataset.at !== a",
                               arg=drawn, timeout=30_000)
        drawn = page.get_by_test_id("room-clock").get_attribute("data-at")
    assert clock(page) == paused
    click_until(page, "Resume clock", "Pause clock")
    page.wait_for_function("t => document.querySelector('[data-testid=room-clock]').innerText !== t", arg=paused,
                           timeout=30_000)


def test_a_message_refused_twice_keeps_the_newest_text(
    app_url: str, guarded: tuple[Page, list[str]], viewport: str
) -> None:
    page, _ = guarded
    start_interview(page, app_url)
    box = page.get_by_test_id("stChatInputTextArea")
    first, second = "a" * (MAX_MESSAGE_CHARS + 1), "b" * (MAX_MESSAGE_CHARS + 2_000)
    box.fill(first)
    box.press("Enter")
    page.get_by_text("Your unsent message (20,001 characters)").wait_for(timeout=60_000)
    settle(page)
    box.fill(second)
    box.press("Enter")
    page.get_by_text("Your unsent message (22,000 characters)").wait_for(timeout=60_000)
    settle(page)
    kept = page.get_by_label("Your unsent message (22,000 characters)")
    assert kept.input_value() == second
    assert box.input_value() == second  # back in the answer box as well
    assert chat_messages(page).count() == 1
    shot(page, f"refused-{viewport}")


def test_end_asks_first_and_keep_going_keeps_the_interview(
    app_url: str, guarded: tuple[Page, list[str]], viewport: str
) -> None:
    page, _ = guarded
    start_interview(page, app_url)
    send_message(page, ANSWERS[0])
    page.get_by_role("button", name="End interview…").click()
    page.get_by_role("button", name="Yes, end and grade").wait_for()
    settle(page)
    shot(page, f"end-confirm-{viewport}")
    page.get_by_role("button", name="Keep going").click()
    page.get_by_role("button", name="End interview…").wait_for()
    settle(page)
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible()
    page.get_by_role("button", name="End interview…").click()
    page.get_by_role("button", name="Yes, end and grade").click()
    page.get_by_text("Scorecard", exact=True).wait_for(timeout=120_000)
    settle(page)
    expect(page.get_by_text("Verdict: ", exact=False).first).to_be_visible()
    shot(page, f"scorecard-{viewport}")


def test_candidate_text_is_shown_as_typed_and_nothing_leaves_the_app(
    app_url: str, guarded: tuple[Page, list[str]]
) -> None:
    page, outside = guarded
    start_interview(page, app_url)
    tricky = "## Big heading :red[alarm] ![tracker](https://example.com/pixel.png) <img src=https://example.org/x.png>"
    send_message(page, tricky)
    candidate = chat_messages(page).nth(1)
    expect(candidate).to_contain_text(tricky)
    assert candidate.locator("img, h2, h1, span[style*=color]").count() == 0
    icon = page.evaluate("() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
    assert icon and all(href.startswith(app_url) for href in icon)
    assert outside == []
