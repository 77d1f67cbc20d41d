"""``babysteps ui``: start the Streamlit app on localhost."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

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


def run_ui(args: argparse.Namespace) -> int:
    env = app_env()
    print(f"Babysteps is starting on http://{args.address}:{args.port}", flush=True)
    return subprocess.call(streamlit_command(args.port, args.address), env=env)


def register(sub: Any) -> None:
    p = sub.add_parser("ui", help="start the Streamlit app")
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    p.add_argument("--address", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.set_defaults(handler=run_ui)
