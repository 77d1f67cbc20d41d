"""The interviewer graph's run-time context: the parts that are not state and never get checkpointed.

Clients, the index and callbacks live here, so the checkpoint holds plain data only (and never a key).
:func:`build_context` is the one factory that assembles it; nothing is created at import time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver

from agent.clock import Clock, WordClock
from agent.state import checkpoint_serde
from agent.store import redact_keys
from analysis.models import TurnAnalysis
from kernel.config import Settings
from kernel.llm import ChatModel, build_chat_model
from knowledge.content import Knowledge, knowledge
from knowledge.models import ProblemCard


class Analyzer(Protocol):
    def analyze(self, text: str, card: ProblemCard | None, previous_interviewer: str | None = None,
                previous_candidate: str | None = None) -> TurnAnalysis: ...


class Searcher(Protocol):
    """What the interviewer needs from ``knowledge.index.KnowledgeIndex``."""

    def search(
        self,
        query: str,
        k: int = 5,
        kind: str | Sequence[str] | None = None,
        problem: str | None = None,
        technology: str | None = None,
        phase: str | None = None,
    ) -> list[Any]: ...


@dataclass
class Configuration:
    """Everything a node may use besides the state."""

    knowledge: Knowledge
    analyzer: Analyzer
    clock: Clock = field(default_factory=WordClock)
    chat_model: ChatModel | None = None  # None: offline voice
    index: Searcher | None = None  # None: no retrieval (coach hints come from the knowledge directly)
    on_token: Callable[[str], None] | None = None  # streamed interviewer tokens
    retrieved: dict[tuple[str, str], list[Any]] = field(default_factory=dict)  # retrieval cache (query -> hits)
    reader: ChatModel | None = None  # reads each candidate turn with the LLM (agent.reading); None: offline reading


def build_context(
    *,
    clock: Clock | None = None,
    chat_model: ChatModel | None = None,
    index: Searcher | None = None,
    embedder: Any = None,
    analyzer: Analyzer | None = None,
    kb: Knowledge | None = None,
    reader: ChatModel | None = None,
) -> Configuration:
    """Assemble the context; the turn analyser is built from the knowledge and the embedder if not given."""
    kb = kb or knowledge()
    if analyzer is None:
        from analysis.turns import TurnAnalyzer

        analyzer = TurnAnalyzer(kb, embedder)  # type: ignore[assignment]
    assert analyzer is not None
    return Configuration(
        knowledge=kb, analyzer=analyzer, clock=clock or WordClock(), chat_model=chat_model, index=index, reader=reader
    )


# --- factories for the session ---------------------------------------------------------------


def open_saver(settings: Settings) -> tuple[BaseCheckpointSaver, sqlite3.Connection | None]:
    """The SQLite checkpointer at ``settings.checkpoint_path`` (one connection, usable from any thread).

    WAL with ``synchronous=NORMAL``: every committed step survives a killed process; only a power cut
    could lose the last step, and each step costs no extra disk flush.

    With ``BABYSTEPS_DATABASE_URL`` set, LangGraph's Postgres checkpointer on the process's connection pool
    instead (the schema is set up on first use); there is no connection of its own to close (``None``).
    """
    if settings.shared_database:
        from agent.pgstore import saver

        return saver(settings), None
    settings.ensure_dirs()
    conn = sqlite3.connect(str(settings.checkpoint_path), check_same_thread=False, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return SqliteSaver(conn, serde=checkpoint_serde()), conn


def llm_status(settings: Settings) -> str:
    """How the LLM is reached, for display: model and base URL, never the key."""
    return f"openai: {settings.model} @ {settings.openai_base_url or 'default'}"


def build_model(settings: Settings, notices: list[str]) -> ChatModel | None:
    """The configured chat model; on a broken configuration, a notice and ``None`` (offline)."""
    try:
        return build_chat_model(settings.model_copy(update={"llm": "openai"}))
    except Exception as exc:  # a broken configuration must not stop the interview
        reason = redact_keys(f"{type(exc).__name__}: {exc}")[:200]
        notices.append(f"The LLM endpoint failed ({reason}); continuing offline.")
        return None


def try_index(settings: Settings, embedder: Any, notices: list[str]) -> Any:
    """The knowledge index (built on first use); on failure, a notice and ``None`` (no snippets)."""
    try:
        from knowledge.index import open_index

        return open_index(settings, embedder)
    except Exception as exc:  # coach hints and grounding are optional; the interview goes on without them
        notices.append(f"The knowledge index is unavailable ({type(exc).__name__}); continuing without guide snippets.")
        return None
