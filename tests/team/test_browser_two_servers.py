"""The team deployment end to end, as the README's "Running it for a team" sets it up on one machine: PostgreSQL
and a Chroma server, a ``.env`` naming them and an accounts file with two users, the knowledge index built
into the server, ``babysteps doctor``, then two app processes (``babysteps ui --port N --no-index``, each with
a data directory of its own). Two people sign in through the page in a real headless Chromium and interview
at the same time, one on each server; one of them moves to the other server mid-interview, a server is
killed mid-interview and both carry on on the one left. Each sees only their own history, a copied
``?thread=`` URL of the other's interview is refused without showing any of it, and no answered turn is lost.
Nothing is fetched from anywhere but the two app servers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.team.services import ChromaServer
from tests.ui.browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORTS,
    chat_messages,
    settle,
    start_interview,
    stop_group,
)
from ui.serve import app_env, free_port, wait_until_healthy

pytestmark = [pytest.mark.browser, pytest.mark.integration]

BABYSTEPS = Path(sys.executable).with_name("babysteps")
PASSWORD = "correct horse battery"
COLD = 240_000  # ms: a first page or a first interview on a cold app process (2 cores, two servers, a browser)
TURN = 120.0  # s: one offline turn while the other server works too

ALICE_PROBLEM = "Public URL shortener (bit.ly scale)"
BOB_PROBLEM = "API rate limiter"
ALICE = [
    "Before I design anything: how many new short links per day, and how many redirects per link?",
    "So 100 million new links a day is about 1,160 writes per second, and with 100 reads per write "
    "roughly 116,000 redirects per second at peak.",
    "High level: an API service behind a load balancer, a key-generation service handing out ID ranges, "
    "PostgreSQL for the mappings, and Redis in front because reads dominate.",
    "If Redis goes down we fall back to the database with a circuit breaker, and replicas cover a primary failure.",
]
BOB = [
    "Which clients are we limiting, per API key or per IP address, and what limits should apply to each?",
    "About 10,000 requests per second at peak across the API gateways, so the check must add under a millisecond.",
    "A token bucket per API key kept in Redis, updated with a Lua script so the refill and the take are atomic.",
    "If Redis is unreachable the gateways fail open with a local in-memory bucket, and we alert on it.",
]


# --- the operator's setup ------------------------------------------------------------------------


@dataclass
class Team:
    """The working directory holding the ``.env`` (the shared services and the accounts file), as in the README."""

    workdir: Path
    database_url: str
    chroma_url: str

    def env(self, home: Path) -> dict[str, str]:
        """The environment of a command run there: the settings come from the ``.env`` only, offline, no telemetry."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BABYSTEPS_", "OPENAI_"))}
        return app_env(env) | {"BABYSTEPS_HOME": str(home), "BABYSTEPS_LLM": "offline"}

    def run(self, *args: str, stdin: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BABYSTEPS), *args], cwd=self.workdir, env=self.env(self.workdir / "operator"),
                              input=stdin, capture_output=True, text=True, timeout=timeout)


@dataclass
class AppServer:
    """``babysteps ui --port N --no-index`` in a process group of its own (the command and its Streamlit server)."""

    team: Team
    name: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AppServer:
        with (self.team.workdir / f"{self.name}.log").open("ab") as log:
            self.process = subprocess.Popen(
                [str(BABYSTEPS), "ui", "--port", str(self.port), "--no-index"], cwd=self.team.workdir,
                env=self.team.env(self.team.workdir / self.name), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        return self

    def wait_ready(self) -> None:
        assert self.process is not None
        wait_until_healthy(self.port, COLD / 1000, self.process)

    def kill(self) -> None:
        """SIGKILL to the command and its Streamlit server at once: no cleanup, as when the process dies."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process, timeout=20)


@pytest.fixture
def team(database_url: str, chroma_server: ChromaServer, tmp_path: Path) -> Team:
    """Steps 2 to 5 of the README: the ``.env``, the index built into the Chroma server, two accounts, doctor."""
    workdir = tmp_path / "srv"
    workdir.mkdir()
    env_file = workdir / ".env"
    env_file.write_text(f"BABYSTEPS_DATABASE_URL={database_url}\nBABYSTEPS_CHROMA_URL={chroma_server.url}\n"
                        f"BABYSTEPS_ACCOUNTS={workdir / 'accounts.json'}\n", encoding="utf-8")
    env_file.chmod(0o600)
    team = Team(workdir, database_url, chroma_server.url)
    built = team.run("kb", "build")
    assert built.returncode == 0, built.stderr + built.stdout
    for name in ("alice", "bob"):
        added = team.run("users", "add", name, "--password-stdin", stdin=PASSWORD + "\n")
        assert added.returncode == 0, added.stderr
    doctor = team.run("doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    return team


@pytest.fixture
def servers(team: Team) -> Iterator[tuple[AppServer, AppServer]]:
    """Two app processes on the shared services, both stopped afterwards (a killed one too)."""
    pair = (AppServer(team, "app-1"), AppServer(team, "app-2"))
    try:
        for server in pair:  # started together: the two cold starts overlap
            server.start()
        for server in pair:
            server.wait_ready()
        yield pair
    finally:
        for server in pair:
            server.stop()


# --- two people in one browser, each with a profile of their own ----------------------------------------


@pytest.fixture
def browser(servers: tuple[AppServer, AppServer]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Person:
    """One person's browser profile: it may reach the two app servers only; anything else is blocked and kept."""

    name: str
    context: BrowserContext
    outside: list[str] = field(default_factory=list)

    def open(self, url: str) -> Page:
        """A new tab at ``url``, signed in through the page's form (each tab signs in: a reload asks again)."""
        page = self.context.new_page()
        page.goto(url)
        page.get_by_label("User name", exact=True).wait_for(timeout=COLD)
        settle(page, COLD / 1000)
        page.get_by_label("User name", exact=True).fill(self.name)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text(f"Signed in as {self.name}").wait_for(timeout=COLD)
        settle(page, COLD / 1000)
        return page


def person(browser: Any, name: str, servers: tuple[AppServer, AppServer]) -> Person:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    someone = Person(name, context)
    allowed = tuple(s.url for s in servers) + ("data:", "blob:")

    def route(r: Any) -> None:
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            someone.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return someone


def thread_of(page: Page) -> str:
    thread = parse_qs(urlsplit(page.url).query).get("thread", [""])[0]
    assert thread, page.url
    return thread


def answer_together(*turns: tuple[Page, str]) -> None:
    """Each person types an answer and presses Enter before any reply is awaited, so the servers work at the same
    time; then every reply is waited for, and no answer may have been refused."""
    counts = [chat_messages(page).count() for page, _ in turns]
    for page, text in turns:
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill(text)
        box.press("Enter")
    for (page, text), before in zip(turns, counts, strict=True):
        press_again_if_dropped(page, text, before)
        page.wait_for_function(
            """n => {
                const all = document.querySelectorAll('[data-testid="stChatMessageContent"]');
                return all.length >= n && all[n - 1].innerText.trim().length > 0;
            }""",
            arg=before + 2, timeout=TURN * 1000, polling=50,
        )
        settle(page, TURN)
        expect(page.get_by_text("Not sent:")).to_have_count(0)
        expect(chat_messages(page)).to_have_count(before + 2)  # the answer and its reply, still there once settled
        expect(chat_messages(page).filter(has_text=text)).to_have_count(1)


def press_again_if_dropped(page: Page, text: str, before: int, tries: int = 3) -> None:
    """An Enter that lands while the ticking clock reruns can be dropped by the front end with the text left
    in the box; a person would press Enter again, and so does this. An answer that left the box is never
    pressed again (a lost answer then fails on the wait for its reply)."""
    from playwright.sync_api import TimeoutError as Timeout

    box = page.get_by_test_id("stChatInputTextArea")
    shown = "n => document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= n"
    for _ in range(tries):
        try:
            page.wait_for_function(shown, arg=before + 1, timeout=15_000, polling=50)
            return
        except Timeout:
            if box.input_value().strip() != text.strip():
                return
            box.press("Enter")


def expect_conversation(page: Page, answers: list[str], messages: int) -> None:
    """The tab shows the interview with every answer given so far, each once, and nothing more or less."""
    page.get_by_text(answers[-1]).wait_for(timeout=COLD)
    settle(page, COLD / 1000)
    for answer in answers:
        expect(chat_messages(page).filter(has_text=answer)).to_have_count(1)
    assert chat_messages(page).count() == messages


def history_sessions(page: Page) -> list[str]:
    """The interviews the History page offers to resume or delete, opened from the sidebar (the same session)."""
    page.locator('[data-testid="stSidebarNavLink"]', has_text="History").click()
    page.get_by_text("Resume or delete").wait_for(timeout=COLD)
    settle(page, COLD / 1000)
    page.get_by_role("combobox", name="Session").click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=30_000)
    listed = [text.strip() for text in options.all_inner_texts()]
    page.keyboard.press("Escape")
    return listed


def keep_tabs(folder: Path, *people: Person) -> None:
    """A screenshot and the text of every tab still open, to see what a failed step was looking at."""
    for someone in people:
        for number, page in enumerate(someone.context.pages):
            with contextlib.suppress(Exception):
                page.screenshot(path=str(folder / f"failed-{someone.name}-{number}.png"), full_page=True)
                (folder / f"failed-{someone.name}-{number}.txt").write_text(
                    page.url + "\n\n" + page.locator("body").inner_text(timeout=5_000), encoding="utf-8")


def test_two_people_on_two_app_processes_keep_their_own_interviews_through_a_killed_server(
        servers: tuple[AppServer, AppServer], browser: Any, tmp_path: Path) -> None:
    one, two = servers
    alice, bob = person(browser, "alice", servers), person(browser, "bob", servers)
    try:
        # Alice on the first server, Bob on the second, each starting an interview of their own.
        alice_page, bob_page = alice.open(one.url), bob.open(two.url)
        start_interview(alice_page, None, ALICE_PROBLEM, timeout=COLD / 1000)
        start_interview(bob_page, None, BOB_PROBLEM, timeout=COLD / 1000)
        alice_thread, bob_thread = thread_of(alice_page), thread_of(bob_page)
        assert alice_thread != bob_thread

        # Two turns each, answered at the same time on the two servers.
        for turn in range(2):
            answer_together((alice_page, ALICE[turn]), (bob_page, BOB[turn]))

        # Alice carries on on the second server from her copied URL: her turns are there and she answers there.
        alice_messages = chat_messages(alice_page).count()
        alice_page.close()
        alice_page = alice.open(f"{two.url}/?thread={alice_thread}")
        expect_conversation(alice_page, ALICE[:2], alice_messages)
        answer_together((alice_page, ALICE[2]), (bob_page, BOB[2]))

        # The second server dies mid-interview, with both of them on it.
        counts = {"alice": chat_messages(alice_page).count(), "bob": chat_messages(bob_page).count()}
        two.kill()
        alice_page.close()
        bob_page.close()

        # Both reopen their interview on the first server: every answered turn is there, and the interview goes on.
        alice_page = alice.open(f"{one.url}/?thread={alice_thread}")
        bob_page = bob.open(f"{one.url}/?thread={bob_thread}")
        expect_conversation(alice_page, ALICE[:3], counts["alice"])
        expect_conversation(bob_page, BOB[:3], counts["bob"])
        answer_together((alice_page, ALICE[3]), (bob_page, BOB[3]))
        alice_page.screenshot(path=str(tmp_path / "alice-after-the-kill.png"), full_page=True)

        # Bob, signed in, opens the URL Alice copied: refused in so many words, none of her interview shown.
        intruder = bob.open(f"{one.url}/?thread={alice_thread}")
        refusal = intruder.get_by_text(f"no interview with id '{alice_thread}' for this account")
        refusal.wait_for(timeout=COLD)
        settle(intruder, COLD / 1000)
        expect(refusal).to_be_visible()
        assert chat_messages(intruder).count() == 0
        shown = intruder.locator("body").inner_text()
        assert not [answer for answer in ALICE if answer in shown]
        intruder.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
        intruder.close()

        # Each one's History lists their own interview only.
        for page, mine, theirs in ((alice_page, ALICE_PROBLEM, BOB_PROBLEM), (bob_page, BOB_PROBLEM, ALICE_PROBLEM)):
            listed = history_sessions(page)
            assert len(listed) == 1 and mine in listed[0] and "in progress" in listed[0], listed
            assert theirs not in page.locator("body").inner_text()
        assert alice.outside == [] and bob.outside == []
    except BaseException:
        keep_tabs(tmp_path, alice, bob)
        raise
    finally:
        alice.context.close()
        bob.context.close()

    # The database agrees: one interview per account, all four answers kept in each.
    from agent.session import list_sessions
    from kernel.config import get_settings

    settings = get_settings()
    for owner, thread in (("alice", alice_thread), ("bob", bob_thread)):
        records = list_sessions(settings, owner=owner)
        assert [r.thread_id for r in records] == [thread]
        assert records[0].candidate_turns == 4
