"""UI benchmark in a real headless Chromium against ``babysteps ui`` in offline mode.

Figures:
    server_healthy_s      start of the process → the health endpoint answers
    first_render_s        start of the process → the page shows its title in the browser
    interview_start_s     "Start interview" pressed → the opening question is shown (the first interview of
                          a process: the index is built beforehand, as ``make run`` does, but the turn
                          analyser and the model warm up here)
    turn_p50_s, turn_max_s  Enter pressed → the interviewer's reply text shown, over the turns
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.ui.browser_support import (
    chat_messages,
    chromium,
    prebuild_index,
    running_app,
    send_message,
    settle,
    start_interview,
)

TURNS = [
    "Who are the users, and how many new short links per day should we expect?",
    "So 100 million a day is about 1,160 writes per second; with 100 reads per write that is 116,000 reads per second.",
    "I would put an API service behind a load balancer, PostgreSQL for the mappings and Redis for hot links.",
    "Redis because the redirect path is read-heavy and memory answers far faster than a disk read from the database.",
    "If Redis fails we read from PostgreSQL replicas behind a circuit breaker and accept the slower path.",
]


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        root = Path(tmp)
        prebuild_index(root / "home", root / "server.log")
        started = time.perf_counter()
        with running_app(root / "home", root / "server.log", build_index=False) as (url, healthy), \
                chromium(root / "profile") as ctx:
            page = ctx.new_page()
            page.goto(url)
            page.get_by_text("Mock interview").wait_for(timeout=120_000)
            first_render = time.perf_counter() - started
            settle(page)
            t0 = time.perf_counter()
            start_interview(page, None)
            interview_start = time.perf_counter() - t0
            turns: list[float] = []
            for text in TURNS:
                turns.append(send_message(page, text))
            assert chat_messages(page).count() >= 1 + 2 * len(TURNS)
    return {
        "server_healthy_s": round(healthy, 2),
        "first_render_s": round(first_render, 2),
        "interview_start_s": round(interview_start, 2),
        "turns": len(turns),
        "turn_p50_s": round(statistics.median(turns), 3),
        "turn_max_s": round(max(turns), 3),
    }


if __name__ == "__main__":
    print(run())
