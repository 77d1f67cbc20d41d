"""``babysteps ui``: start the Streamlit app on localhost and, meanwhile, bring the knowledge index up to date.

The app is started first, so its page answers at once; the index is built (incrementally) in this process
with a progress bar in the terminal, and its progress is written to the data directory, where the app
reads it to show the same progress and keep Start waiting until the index is ready.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

APP = Path(__file__).with_name("app.py")


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """The command line that serves the app; no telemetry, no browser auto-open."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port),
        "--server.address", address,
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--global.developmentMode", "false",
        "--client.toolbarMode", "minimal",
    ]


def free_port() -> int:
    """A TCP port that is free on localhost right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_healthy(port: int, timeout: float = 60.0, process: subprocess.Popen[bytes] | None = None) -> float:
    """Poll the app's health endpoint until it answers ``ok``; returns the seconds waited.

    Raises ``TimeoutError`` when it does not come up in time, ``RuntimeError`` if ``process`` exits first.
    """
    import urllib.error
    import urllib.request

    url = f"http://127.0.0.1:{port}/_stcore/health"
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the app exited with code {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"the app did not answer on {url} within {timeout:.0f}s")


def app_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment the app runs in: no telemetry, nothing fetched from a model hub."""
    env = dict(os.environ if base is None else base, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    env.setdefault("ANONYMIZED_TELEMETRY", "False")
    return env


def is_loopback(address: str) -> bool:
    """``127.0.0.1``, ``::1`` and ``localhost`` reach only this machine; anything else may reach others."""
    if address.strip().lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def oidc_secrets(cwd: Path | None = None) -> bool:
    """An ``[auth]`` section in Streamlit's secrets (the project's ``.streamlit/secrets.toml`` or the user's)."""
    import tomllib

    for path in ((cwd or Path.cwd()) / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        try:
            if "auth" in tomllib.loads(path.read_text(encoding="utf-8")):
                return True
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
    return False


def access_control(settings: Any) -> str:
    """The sign-in the app will ask for: ``oidc``, ``local`` or ``none`` (as :func:`ui.auth.mode` decides it)."""
    from kernel.accounts import AccountError, load_accounts

    if settings.auth == "none":
        return "none"
    if settings.auth == "oidc" or (settings.auth == "auto" and oidc_secrets()):
        return "oidc" if oidc_secrets() else "none"
    try:
        users = load_accounts(settings.accounts_path).users
    except AccountError:
        return "local"  # the app keeps the door shut and says why
    return "local" if users else "none"


def run_ui(args: argparse.Namespace) -> int:
    from rich.console import Console

    from kernel.config import SettingsError, get_settings
    from knowledge.build_status import write_status

    console = Console(stderr=True)
    try:
        settings = get_settings()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not is_loopback(args.address) and access_control(settings) == "none":
        print(f"error: refusing to serve on {args.address} without sign-in: anyone who can reach it could read every "
              "interview; add a user (babysteps users add NAME) or configure OIDC (README, 'Running it for a team'), "
              "or keep the default --address 127.0.0.1", file=sys.stderr)
        return 2
    if args.index:  # before the app can look: it waits for this build rather than starting its own
        write_status(settings, "building", step="starting")
    console.print(f"Babysteps is starting on http://{args.address}:{args.port}", highlight=False)
    app = subprocess.Popen(streamlit_command(args.port, args.address), env=app_env(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, bufsize=1)
    threading.Thread(target=_forward, args=(app.stdout, console), name="babysteps-app-output", daemon=True).start()
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        if args.index:
            prepare_index(settings, console)
        return app.wait()
    finally:  # SIGTERM, Ctrl-C or an error here: the server must not outlive this command
        signal.signal(signal.SIGTERM, previous)
        stop_child(app)


class Stopped(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the app is stopped and the command exits."""


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise Stopped


def stop_child(app: subprocess.Popen[Any], grace: float = 10.0) -> None:
    """Terminate the app (SIGTERM, then SIGKILL after ``grace`` seconds) and reap it."""
    if app.poll() is not None:
        return
    app.terminate()
    try:
        app.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()


def prepare_index(settings: Any, console: Any) -> bool:
    """Bring the knowledge index up to date with a progress bar; a failure is reported, not raised."""
    from knowledge.build_status import build_index
    from knowledge.cli import progress_bar

    started = time.perf_counter()
    try:
        with progress_bar("knowledge index", console) as progress:
            index = build_index(settings, progress=progress, notify=lambda m: console.print(m, highlight=False))
            index.close()
    except Exception as exc:  # noqa: BLE001 - the app still serves, and says why the index is missing
        console.print(f"the knowledge index could not be built: {type(exc).__name__}: {exc}", highlight=False)
        return False
    console.print(f"knowledge index ready in {time.perf_counter() - started:.1f}s", highlight=False)
    return True


def _forward(stream: IO[str] | None, console: Any) -> None:
    """Print the app's own output through the console, so it appears above the progress bar."""
    for line in stream or ():
        console.print(line.rstrip("\n"), markup=False, highlight=False)


def register(sub: Any) -> None:
    p = sub.add_parser("ui", help="start the Streamlit app")
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    p.add_argument("--address", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--no-index", dest="index", action="store_false",
                   help="do not build the knowledge index here (the app builds it when first needed)")
    p.set_defaults(handler=run_ui)
