"""Sign-in through a real OpenID Connect flow in a headless Chromium: a local mock identity provider, the app
configured for it through Streamlit's ``[auth]`` secrets, and two people who each see only their own interviews.

Nothing leaves the machine: the browser may reach the app and the provider (both on 127.0.0.1) and nothing else
(the provider's own page asks a CDN for its stylesheet; that request is blocked like any other).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from knowledge.index import KnowledgeIndex
from tests.ui.browser_support import (
    CHROMIUM,
    ROOT,
    chromium,
    offline_env,
    prebuild_index,
    settle,
    start_interview,
    stop_group,
)
from ui.serve import free_port, wait_until_healthy

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's chromium at {CHROMIUM} (make install-test)"),
]

ALICE = "alice@example.com"
BOB = "bob@example.com"
TIMEOUT_MS = 180_000


@contextmanager
def identity_provider(log: Path, timeout: float = 60.0) -> Iterator[str]:
    """The mock OpenID provider (``python -m oidc_provider_mock``) on a free loopback port; yields its origin.

    It accepts any client id and secret and any redirect URI, and signs in whoever types a subject on its
    authorization page (the subject also becomes the ``email`` claim)."""
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            started = time.monotonic()
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"the identity provider exited with code {proc.returncode}; see {log}")
                try:
                    with urllib.request.urlopen(f"{origin}/.well-known/openid-configuration", timeout=2) as r:
                        if r.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if time.monotonic() - started > timeout:
                    raise TimeoutError(f"the identity provider did not answer on {origin} within {timeout:.0f}s")
                time.sleep(0.1)
            yield origin
        finally:
            stop_group(proc)


def write_auth_secrets(user_home: Path, provider: str, app_port: int) -> None:
    """Streamlit's ``[auth]`` section in ``~/.streamlit/secrets.toml`` of the app's (throwaway) home."""
    folder = user_home / ".streamlit"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "a-long-random-cookie-secret-for-the-oidc-browser-test"\n'
        'client_id = "babysteps"\n'
        'client_secret = "babysteps-client-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )


@contextmanager
def app_with_oidc(root: Path, index_path: Path, provider: str, timeout: float = 120.0) -> Iterator[str]:
    """``babysteps ui`` in offline mode with sign-in through ``provider``; yields the app's URL.

    Started like the other browser tests start it, with ``HOME`` pointing at a directory that holds only
    the ``[auth]`` secrets (the port is chosen first: the redirect URI names it)."""
    home, user_home, log = root / "home", root / "user-home", root / "server.log"
    shutil.copytree(index_path, home / "index")
    port = free_port()
    write_auth_secrets(user_home, provider, port)
    env = offline_env(home) | {"HOME": str(user_home)}
    prebuild_index(home, log)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "ui", "--port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            wait_until_healthy(port, timeout, proc)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop_group(proc)


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with identity_provider(tmp_path_factory.mktemp("oidc-provider") / "provider.log") as origin:
        yield origin


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, real_index: KnowledgeIndex, provider: str) -> Iterator[str]:
    with app_with_oidc(tmp_path_factory.mktemp("ui-oidc"), real_index.path, provider) as url:
        yield url


@contextmanager
def page_for(user_data: Path, allowed: tuple[str, ...]) -> Iterator[tuple[Page, list[tuple[str, str]]]]:
    """A page in a browser profile of its own that may reach ``allowed`` origins only; every other request is
    blocked and recorded, with the URL of the page that made it, in the list yielded beside it."""
    outside: list[tuple[str, str]] = []
    prefixes = tuple(f"{origin}/" for origin in allowed) + ("data:", "blob:")

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(prefixes) or url in allowed:
            r.continue_()
        else:
            try:
                made_by = r.request.frame.url
            except Exception:  # noqa: BLE001 - a request of no page (a service worker)
                made_by = ""
            outside.append((url, made_by))
            r.abort()

    with chromium(user_data) as context:
        context.route("**/*", route)
        yield context.new_page(), outside


def sign_in(page: Page, app_url: str, provider: str, email: str) -> None:
    """From the app's welcome page through the provider's authorization form and back, signed in."""
    page.goto(app_url)
    page.get_by_role("button", name="Sign in").click(timeout=TIMEOUT_MS)
    page.wait_for_url(re.compile("^" + re.escape(provider) + "/oauth2/authorize"), timeout=TIMEOUT_MS)
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile("^" + re.escape(app_url)), timeout=TIMEOUT_MS)
    page.get_by_text(f"Signed in as {email}").wait_for(timeout=TIMEOUT_MS)
    settle(page, TIMEOUT_MS / 1000)


def from_the_app(outside: list[tuple[str, str]], provider: str) -> list[str]:
    """The blocked requests not made by the provider's pages: the app's own must be none."""
    return [url for url, made_by in outside if not made_by.startswith(provider)]


def open_history(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/history")
    page.get_by_role("heading", name="History").wait_for(timeout=TIMEOUT_MS)
    settle(page, TIMEOUT_MS / 1000)


def test_each_person_signed_in_through_the_provider_sees_only_their_own_interviews(
        served: str, provider: str, tmp_path: Path) -> None:
    allowed = (served, provider)
    with page_for(tmp_path / "alice", allowed) as (alice, alice_outside):
        page = alice
        page.goto(served)
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_role("button", name="Start interview")).to_have_count(0)  # nothing before signing in
        sign_in(page, served, provider, ALICE)
        start_interview(page, None)
        open_history(page, served)
        expect(page.get_by_text("Resume or delete")).to_be_visible()
        expect(page.get_by_role("button", name="Resume this interview")).to_be_visible()
        expect(page.get_by_text("No interviews yet")).to_have_count(0)
        expect(page.get_by_text(f"Signed in as {ALICE}")).to_be_visible()
        assert from_the_app(alice_outside, provider) == []

    with page_for(tmp_path / "bob", allowed) as (bob, bob_outside):
        sign_in(bob, served, provider, BOB)
        open_history(bob, served)
        expect(bob.get_by_text("No interviews yet")).to_be_visible()
        expect(bob.get_by_role("button", name="Resume this interview")).to_have_count(0)
        expect(bob.get_by_text(f"Signed in as {BOB}")).to_be_visible()
        assert from_the_app(bob_outside, provider) == []
