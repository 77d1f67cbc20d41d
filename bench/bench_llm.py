"""LLM seam overhead: the seam vs a raw ``openai`` call against the same local server, side by side."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import openai

from kernel.config import get_settings
from kernel.openai_chat import OpenAIChatModel
from tests.llm.llama import start_llama_server

ROUNDS = 12
PROMPT = [{"role": "user", "content": "Name one database."}]


def _time(call: Any) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        server = start_llama_server(Path(tmp) / "server.log")
        try:
            raw = openai.OpenAI(api_key="sk-local", base_url=server.base_url, max_retries=0)
            seam = OpenAIChatModel(get_settings(llm="openai", openai_base_url=server.base_url, model="local"))

            def raw_call() -> None:
                raw.chat.completions.create(model="local", messages=PROMPT, max_tokens=8, temperature=0.0)  # type: ignore[arg-type]

            def seam_call() -> None:
                seam.complete(PROMPT, max_tokens=8, temperature=0.0)

            raw_call()  # warm up both paths
            seam_call()
            raw_times, seam_times = [], []
            for _ in range(ROUNDS):  # interleaved, so drift affects both alike
                raw_times.append(_time(raw_call))
                seam_times.append(_time(seam_call))
            figures: dict[str, Any] = {
                "raw_ms_median": round(statistics.median(raw_times) * 1000, 2),
                "seam_ms_median": round(statistics.median(seam_times) * 1000, 2),
                "overhead_ratio": round(statistics.median(seam_times) / statistics.median(raw_times), 3),
                "target_ratio": 1.05,
            }
            figures.update(_tokens_per_turn(server.base_url, tmp))
            return figures
        finally:
            server.kill()


def _tokens_per_turn(base_url: str, tmp: str) -> dict[str, Any]:
    """Tokens per interviewer turn in a short LLM-mode interview against the local server."""
    from agent.session import InterviewSession

    settings = get_settings(
        home=Path(tmp) / "home", llm="openai", openai_base_url=base_url, model="local", openai_api_key="sk-local"
    )
    chat = OpenAIChatModel(settings)
    session = InterviewSession.start(settings, problem_id="url-shortener", llm="openai", chat_model=chat)
    turns = [
        "How many URLs a day, and what's the read to write ratio?",
        "So 100M a day is about 1,160 writes a second and 116K reads a second.",
        "I'd put Redis in front because reads need to be under 50 ms.",
    ]
    for text in turns:
        session.send(text)
    session.close()
    usage = chat.usage
    if usage.calls == 0:
        return {"tokens_per_turn": "n/a (no LLM call was made)"}
    return {
        "llm_calls": usage.calls,
        "prompt_tokens_per_turn": round(usage.prompt_tokens / usage.calls, 1),
        "completion_tokens_per_turn": round(usage.completion_tokens / usage.calls, 1),
    }
