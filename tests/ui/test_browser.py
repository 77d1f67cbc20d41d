"""End-to-end checks in a real headless Chromium against ``babysteps ui`` serving in offline mode."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from knowledge.index import KnowledgeIndex
from tests.ui.browser_support import (
    app_on_index,
    chat_messages,
    chromium,
    send_message,
    settle,
    start_interview,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

ANSWERS = [
    "Before I design anything: how many users do we expect, and how many new short links per day?",
    "So 100 million new links a day is about 1,160 writes per second, and with 100 reads per write "
    "roughly 116,000 reads per second at peak.",
    "High level: an API service behind a load balancer, a key-generation service handing out ID ranges, "
    "PostgreSQL for the mappings, and Redis in front because reads dominate.",
    "If Redis goes down we fall back to the database with a circuit breaker, and the replicas cover a primary failure.",
]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, real_index: KnowledgeIndex) -> Iterator[str]:
    """One real server for the module, on its own data directory (seeded with the session's real index,
    so ``kb build --if-missing`` finds it up to date, as on a second ``make run``)."""
    with app_on_index(tmp_path_factory.mktemp("ui-browser"), real_index.path) as (url, _):
        yield url


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    with chromium(tmp_path / "profile") as context:
        yield context.new_page()


def test_offline_interview_runs_to_its_scorecard(app_url: str, page: Page, tmp_path: Path) -> None:
    start_interview(page, app_url)
    expect(page.get_by_text("Whiteboard")).to_be_visible()
    expect(page.get_by_test_id("room-clock")).to_have_text(re.compile(r"\d\d:\d\d left"))
    for answer in ANSWERS:
        send_message(page, answer)
    expect(page.get_by_text(ANSWERS[-1])).to_be_visible()
    assert chat_messages(page).count() >= 1 + 2 * len(ANSWERS)
    page.screenshot(path=str(tmp_path / "interview.png"), full_page=True)
    page.get_by_role("button", name="End interview…").click()
    page.get_by_role("button", name="Yes, end and grade").click()
    page.get_by_text("Scorecard", exact=True).wait_for(timeout=120_000)
    settle(page)
    expect(page.get_by_text(re.compile(r"Verdict: \w+"))).to_be_visible()
    expect(page.get_by_role("button", name="Scorecard (.json)")).to_be_visible()
    expect(page.get_by_role("button", name="Transcript (.md)")).to_be_visible()
    page.screenshot(path=str(tmp_path / "scorecard.png"), full_page=True)


def test_reload_mid_interview_restores_the_conversation(app_url: str, page: Page, tmp_path: Path) -> None:
    start_interview(page, app_url)
    send_message(page, ANSWERS[0])
    send_message(page, ANSWERS[1])
    count = chat_messages(page).count()
    assert "thread=" in page.url
    page.reload()
    page.get_by_text(ANSWERS[1]).wait_for(timeout=60_000)
    settle(page)
    assert chat_messages(page).count() == count
    expect(page.get_by_text(ANSWERS[0])).to_be_visible()
    page.screenshot(path=str(tmp_path / "reloaded.png"), full_page=True)


def test_grading_an_uploaded_transcript(app_url: str, page: Page, tmp_path: Path) -> None:
    lines = ["# problem: url-shortener", "", "Interviewer: Design a URL shortener."]
    lines += [f"Candidate: {a}\nInterviewer: Go on." for a in ANSWERS]
    good = tmp_path / "interview.md"
    good.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.goto(app_url + "/grade")
    page.get_by_text("Grade a transcript").first.wait_for(timeout=60_000)
    settle(page)
    page.locator('input[type="file"]').set_input_files(str(good))
    page.get_by_text("interview.md").wait_for()
    settle(page)
    page.get_by_role("button", name="Grade", exact=True).click()
    page.get_by_text(re.compile(r"Verdict: \w+")).wait_for(timeout=120_000)
    settle(page)
    expect(page.get_by_role("button", name="Scorecard (.md)")).to_be_visible()
    page.screenshot(path=str(tmp_path / "graded.png"), full_page=True)

    bad = tmp_path / "broken.json"
    bad.write_text('{"turns": [\n  {"role": "candidate",\n', encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(bad))
    page.get_by_text("broken.json").wait_for()
    settle(page)
    page.get_by_role("button", name="Grade", exact=True).click()
    page.get_by_text(re.compile(r"Cannot read the transcript.*line \d+")).wait_for(timeout=60_000)
    settle(page)
    expect(page.get_by_test_id("stFileUploaderFile")).to_have_count(0)  # the rejected file is cleared
    page.screenshot(path="/tmp/ui-shots/grade-error.png")

    page.locator('input[type="file"]').set_input_files(str(good))
    page.get_by_text("interview.md").wait_for()
    page.get_by_label("…or paste it").fill("Interviewer: Design a rate limiter.\nCandidate: How many requests a second?")
    page.get_by_label("…or paste it").press("Control+Enter")
    settle(page)
    page.get_by_text("the pasted text", exact=True).click()  # both are here: the page asks which to grade
    settle(page)
    page.get_by_role("button", name="Grade", exact=True).click()
    page.get_by_text("Graded the pasted text").wait_for(timeout=120_000)
    settle(page)
    page.screenshot(path="/tmp/ui-shots/grade-both.png")


def test_history_lists_an_interview(app_url: str, page: Page, tmp_path: Path) -> None:
    start_interview(page, app_url)
    send_message(page, ANSWERS[0])
    page.get_by_role("link", name="History").click()
    page.get_by_text("Resume or delete").wait_for(timeout=60_000)
    settle(page)
    page.locator('[data-testid="stDataFrame"]').wait_for(timeout=90_000)
    expect(page.get_by_role("combobox", name="Session")).to_have_value(re.compile("Public URL shortener .* in progress"))
    expect(page.get_by_role("button", name="Resume this interview")).to_be_visible()
    page.screenshot(path="/tmp/ui-shots/history-desktop.png")


def test_guide_browses_by_shelf_and_says_when_nothing_matched(app_url: str, page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(app_url + "/guide")
    page.get_by_text("The guide").first.wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("textbox", name="Search").fill("zzqx vorpal snorkel")
    page.get_by_role("textbox", name="Search").press("Enter")
    page.get_by_text("Nothing matched").wait_for(timeout=60_000)
    settle(page)
    page.screenshot(path="/tmp/ui-shots/guide-nothing-phone.png")
    page.get_by_text("Browse by shelf").click()
    page.get_by_text("Cheat cards (6)").click()
    settle(page)
    expect(page.get_by_text(re.compile(r"· Cheat card$"))).to_have_count(6)
    section = page.get_by_test_id("stExpander").filter(has_text="The five steps · Cheat card")
    section.get_by_text("The five steps · Cheat card").click()
    expect(section.get_by_text("Key points to remember:", exact=True)).to_be_visible()
    expect(section.locator("ol > li").filter(has_text="Understand: ask questions")).to_be_visible()
    page.screenshot(path="/tmp/ui-shots/guide-browse-phone.png")
