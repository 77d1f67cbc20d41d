"""Replay a scripted candidate through the interviewer: the CLI's ``--replay`` and the evals use this.

The replay runs the same graph as a live interview, with the word-count clock and an in-memory
checkpointer, and a thread id derived from the script, so the same script always gives the same
transcript. After the last candidate turn the interviewer closes with a wrap-up turn.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from langgraph.checkpoint.memory import InMemorySaver

from agent.clock import Clock, WordClock
from agent.session import InterviewSession, MessageError
from agent.state import checkpoint_serde
from kernel.config import Settings
from kernel.llm import ChatModel
from kernel.transcript import MAX_MESSAGE_CHARS, Transcript


def replay_thread_id(candidate_turns: list[str], problem_id: str, company: str, level: str, fmt: int) -> str:
    digest = hashlib.sha256(json.dumps([problem_id, company, level, fmt, candidate_turns]).encode()).hexdigest()
    return f"replay-{digest[:16]}"


def replay(
    candidate_turns: list[str],
    *,
    settings: Settings,
    problem_id: str,
    company: str,
    level: str,
    format_minutes: int = 45,
    chat_model: ChatModel | None = None,
    embedder: Any = None,
    index: Any = None,
    clock: Clock | None = None,
    coach: bool = False,
    reading: bool = False,
) -> Transcript:
    """Feed ``candidate_turns`` in order and return the full transcript (ending in a wrap-up turn).

    Offline unless ``chat_model`` is given; with ``reading`` the model also reads each candidate turn. Raises ``MessageError`` for a turn over 20,000 characters
    (naming the turn) and ``ValueError`` when there is no non-empty turn at all.
    """
    turns = [t.strip() for t in candidate_turns if t and t.strip()]
    if not turns:
        raise ValueError("the script has no candidate turns")
    for number, text in enumerate(turns, start=1):
        if len(text) > MAX_MESSAGE_CHARS:
            raise MessageError(f"candidate turn {number} is too long ({len(text):,} characters; "
                               f"limit {MAX_MESSAGE_CHARS:,})")
    session = InterviewSession.start(
        settings,
        problem_id=problem_id,
        company=company,
        level=level,
        format_minutes=format_minutes,
        llm="openai" if chat_model is not None else "offline",
        coach=coach,
        chat_model=chat_model,
        embedder=embedder,
        index=index,
        clock=clock or WordClock(),
        thread_id=replay_thread_id(turns, problem_id, company, level, format_minutes),
        checkpointer=InMemorySaver(serde=checkpoint_serde()),
        persist=False,
        retrieval=index is not None,
        reading=reading,
    )
    for text in turns:
        session.send(text)
    session.end(grade=False)
    return session.transcript()
