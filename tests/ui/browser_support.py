"""Helpers for the browser tests and the UI benchmark: start ``babysteps ui`` and a headless Chromium."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ui.serve import app_env, free_port, wait_until_healthy

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
_LLM_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BABYSTEPS_LLM", "BABYSTEPS_MODEL", "BABYSTEPS_UI_EMBEDDER")
ROOT = Path(__file__).resolve().parents[2]


def offline_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _LLM_VARS}
    return app_env(env) | {"BABYSTEPS_HOME": str(home), "BABYSTEPS_LLM": "offline"}


def prebuild_index(home: Path, log: Path) -> None:
    """``babysteps kb build --if-missing`` for ``home``, as ``make run`` does before serving."""
    with log.open("ab") as out:
        subprocess.run([sys.executable, "-m", "ui.cli", "kb", "build", "--if-missing"], cwd=ROOT,
                       env=offline_env(home), stdout=out, stderr=subprocess.STDOUT, check=True, timeout=600)


@contextmanager
def running_app(
    home: Path, log: Path, timeout: float = 90.0, build_index: bool = True
) -> Iterator[tuple[str, float]]:
    """``babysteps ui --port N`` in offline mode on a fresh data directory; yields (url, seconds to healthy).

    Like ``make run``, the knowledge index is built first (``babysteps kb build --if-missing``) unless
    ``build_index`` is false.
    """
    env = offline_env(home)
    if build_index:
        prebuild_index(home, log)
    port = free_port()
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "ui", "--port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            waited = wait_until_healthy(port, timeout, proc)
            yield f"http://127.0.0.1:{port}", waited
        finally:
            stop_group(proc)


def stop_group(proc: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """Stop a process started in its own group (a server and its children): TERM, then KILL what is left."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError):  # whatever of the group is left
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@contextmanager
def chromium(user_data: Path) -> Iterator[Any]:
    """A headless Chromium with a fresh profile; yields the Playwright browser context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(user_data), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1400, "height": 950},
        )
        try:
            yield context
        finally:
            context.close()


VIEWPORTS = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}


@contextmanager
def guarded_page(user_data: Path, app_url: str, viewport: str | None = None) -> Iterator[tuple[Any, list[str]]]:
    """A page (at ``viewport``, one of :data:`VIEWPORTS`) that may reach the app only: every other request
    is blocked and recorded in the list yielded beside it."""
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(app_url) or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with chromium(user_data) as context:
        context.route("**/*", route)
        page = context.new_page()
        if viewport is not None:
            page.set_viewport_size(VIEWPORTS[viewport])
        yield page, outside


@contextmanager
def app_on_index(root: Path, index_path: Path) -> Iterator[tuple[str, Path]]:
    """``babysteps ui`` on a data directory under ``root`` seeded with an already built index (so the build
    before serving finds it up to date); yields (url, data directory)."""
    import shutil

    shutil.copytree(index_path, root / "home" / "index")
    with running_app(root / "home", root / "server.log") as (url, _):
        yield url, root / "home"


def settle(page: Any, timeout: float = 60.0) -> None:
    """Wait until the app's script run is over: no running indicator and no stale elements for 0.4 s
    (the indicator shows up a moment after a run starts)."""
    page.evaluate("window.__quietSince = null")
    page.wait_for_function(
        """() => {
            const busy = document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
                || document.querySelector('[data-stale="true"]');
            if (busy) { window.__quietSince = null; return false; }
            window.__quietSince = window.__quietSince || Date.now();
            return Date.now() - window.__quietSince > 400;
        }""",
        timeout=timeout * 1000, polling=100,
    )


def click_until(page: Any, button: str, shown: str, tries: int = 4, wait: float = 15.0) -> None:
    """Click the button named ``button`` until the button named ``shown`` appears. A click that lands while
    the ticking clock reruns can be dropped by the app's front end as stale; a person would click again,
    and so does this (only while the first button is still there, so a slow click is never doubled)."""
    from playwright.sync_api import TimeoutError as Timeout

    for attempt in range(tries):
        first = page.get_by_role("button", name=button)
        if first.count():
            first.click()
        try:
            page.get_by_role("button", name=shown).wait_for(timeout=wait * 1000)
            return
        except Timeout:
            if attempt == tries - 1:
                raise


def chat_messages(page: Any) -> Any:
    return page.locator('[data-testid="stChatMessage"]')


def send_message(page: Any, text: str, timeout: float = 60.0, tries: int = 3) -> float:
    """Type one answer and press Enter; wait until the interviewer's reply text is shown (returns the
    seconds from Enter to that moment), then until the run has settled.

    An Enter that lands while the ticking clock reruns can be dropped by the front end with the text left in
    the box; a person would press Enter again, and so does this. An answer that leaves the box and is never
    shown is a lost answer, and fails."""
    from playwright.sync_api import TimeoutError as Timeout

    before = chat_messages(page).count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    started = time.perf_counter()
    shown_js = "n => document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= n"
    for attempt in range(tries):
        box.press("Enter")
        try:  # the answer itself is shown first
            page.wait_for_function(shown_js, arg=before + 1, timeout=15_000, polling=50)
            break
        except Timeout:
            if box.input_value().strip() != text.strip():  # it was sent: a slow run, or a lost answer
                try:
                    page.wait_for_function(shown_js, arg=before + 1, timeout=timeout * 1000, polling=50)
                except Timeout:
                    raise AssertionError("the answer left the box but was never shown") from None
                break
            if attempt == tries - 1:
                raise
    page.wait_for_function(
        """n => {
            const all = document.querySelectorAll('[data-testid="stChatMessageContent"]');
            return all.length >= n && all[n - 1].innerText.trim().length > 0;
        }""",
        arg=before + 2, timeout=timeout * 1000, polling=20,
    )
    shown = time.perf_counter() - started
    settle(page, timeout)
    return shown


def start_interview(
    page: Any, url: str | None, problem: str | None = "Public URL shortener (bit.ly scale)", timeout: float = 240.0
) -> None:
    """Open the app (unless ``url`` is None: already open), start an interview on ``problem`` with the
    other choices left at their defaults, and wait for the opening question."""
    if url is not None:
        page.goto(url)
    page.get_by_text("Mock interview").wait_for(timeout=timeout * 1000)
    settle(page, timeout)
    if problem:
        page.get_by_role("combobox", name="Problem").click()
        page.get_by_role("option", name=problem, exact=True).click()
        settle(page, timeout)
    page.get_by_role("button", name="Start interview").click()
    page.get_by_role("button", name="End interview").wait_for(timeout=timeout * 1000)
    chat_messages(page).first.wait_for(timeout=timeout * 1000)
    settle(page, timeout)
