"""``babysteps ui``: start the Streamlit app on localhost."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
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
    ]


def run_ui(args: argparse.Namespace) -> int:
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    print(f"Babysteps is starting on http://{args.address}:{args.port}", flush=True)
    return subprocess.call(streamlit_command(args.port, args.address), env=env)


def register(sub: Any) -> None:
    p = sub.add_parser("ui", help="start the Streamlit app")
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    p.add_argument("--address", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.set_defaults(handler=run_ui)
