"""The interview session API used by the CLI and the UI.

An :class:`InterviewSession` is one LangGraph thread on the SQLite checkpointer at
``settings.checkpoint_path``: every turn is checkpointed, so a killed process resumes with
:meth:`InterviewSession.resume` and loses nothing. A small JSON record per session (``agent.store``)
feeds the history list; the scorecard is stored next to it when the interview is graded.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.types import Command

from agent.acts import phase_budget, phase_index
from agent.clock import Clock, WallClock
from agent.configuration import Configuration, build_context, build_model, llm_status, open_saver, try_index
from agent.graph import build_graph
from agent.store import (
    SessionRecord,
    check_thread_id,
    delete_record,
    list_records,
    load_record,
    now_iso,
    save_record,
    save_scorecard,
)
from agent.voice import warm_coach_cache, whiteboard
from kernel.config import Settings
from kernel.llm import ChatModel
from kernel.transcript import COMPANIES, FORMATS, LEVELS, MAX_MESSAGE_CHARS, Transcript
from knowledge.content import knowledge


class MessageError(ValueError):
    """A candidate message that cannot be sent (empty, or over 20,000 characters); nothing changes."""


@dataclass
class SessionView:
    thread_id: str
    problem_id: str
    problem_title: str
    company: str
    level: str
    format_minutes: int
    phase: str
    phase_index: int
    minute: float
    phase_budget: dict[str, int]
    whiteboard: dict[str, list[str]]
    notices: list[str] = field(default_factory=list)
    llm_status: str = "offline"
    coach_hint: str | None = None
    finished: bool = False
    llm_usage: str | None = None  # calls and tokens through the LLM since this process opened the interview


class InterviewSession:
    """One interview. Build it with :meth:`start` or :meth:`resume`."""

    def __init__(
        self,
        settings: Settings,
        thread_id: str,
        context: Configuration,
        checkpointer: BaseCheckpointSaver,
        conn: sqlite3.Connection | None = None,
    ) -> None:
        self.settings = settings
        self.thread_id = thread_id
        self._context = context
        self._conn = conn
        self._app: Any = build_graph().compile(checkpointer=checkpointer)
        self._config: Any = {"configurable": {"thread_id": thread_id}}
        self._persist = True
        self._embedder: Any = None  # passed on to the grader (None: the grader loads the local model)

    # --- construction ---------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        settings: Settings,
        *,
        problem_id: str,
        company: str = "google",
        level: str = "senior",
        format_minutes: int = 45,
        llm: str | None = None,
        coach: bool = False,
        chat_model: ChatModel | None = None,
        embedder: Any = None,
        index: Any = None,
        clock: Clock | None = None,
        thread_id: str | None = None,
        checkpointer: BaseCheckpointSaver | None = None,
        analyzer: Any = None,
        persist: bool = True,
        retrieval: bool = True,
    ) -> InterviewSession:
        """Start an interview; the opening interviewer message is in the transcript when this returns.

        Raises ``knowledge.content.UnknownIdError`` for an unknown problem and ``ValueError`` for an
        unknown company, level, format or LLM mode.
        """
        kb = knowledge()
        card = kb.problem(problem_id)
        for what, value, valid in (("company", company, COMPANIES), ("level", level, LEVELS),
                                   ("format", format_minutes, FORMATS)):
            if value not in valid:
                raise ValueError(f"unknown {what} '{value}'; valid: {', '.join(str(v) for v in valid)}")
        mode = llm or settings.llm_mode()[0]
        if mode not in ("offline", "openai"):
            raise ValueError(f"unknown LLM mode '{mode}'; valid: offline, openai")
        notices: list[str] = []
        if mode == "openai" and chat_model is None:
            chat_model = build_model(settings, notices)
        mode = "openai" if mode == "openai" and chat_model is not None else "offline"
        status = llm_status(settings) if mode == "openai" else "offline"
        if (coach or mode == "openai") and index is None and retrieval:
            index = try_index(settings, embedder, notices)
        embedder = embedder if embedder is not None else getattr(index, "embedder", None)
        context = build_context(clock=clock or WallClock(), chat_model=chat_model if mode == "openai" else None,
                                index=index, embedder=embedder, analyzer=analyzer, kb=kb)
        thread_id = check_thread_id(thread_id or f"{card.id}-{uuid.uuid4().hex[:10]}")
        conn = None
        if checkpointer is None:
            checkpointer, conn = open_saver(settings)
        session = cls(settings, thread_id, context, checkpointer, conn)
        session._persist, session._embedder = persist, embedder
        if session._app.get_state(session._config).values:
            session.close()
            raise ValueError(f"a session with id '{thread_id}' already exists; resume it or pick another id")
        initial = {
            "thread_id": thread_id, "problem_id": card.id, "company": company, "level": level,
            "format_minutes": int(format_minutes), "llm_mode": mode, "llm_status": status, "coach": coach,
            "notices": notices, "wall_at": context.clock.now(), "finished": False,
        }
        if coach and mode == "offline":
            warm_coach_cache(index, card, context.retrieved)
        session._run(initial)
        started = now_iso()
        if persist:
            save_record(settings, SessionRecord(thread_id=thread_id, problem_id=card.id, company=company,
                                                level=level, format_minutes=int(format_minutes),
                                                started_at=started, updated_at=started))
        return session

    @classmethod
    def resume(
        cls,
        settings: Settings,
        thread_id: str,
        *,
        chat_model: ChatModel | None = None,
        embedder: Any = None,
        index: Any = None,
        clock: Clock | None = None,
        checkpointer: BaseCheckpointSaver | None = None,
        analyzer: Any = None,
    ) -> InterviewSession:
        """Reopen a checkpointed interview; work interrupted by a crash (e.g. the reply) is completed."""
        check_thread_id(thread_id)
        conn = None
        if checkpointer is None:
            checkpointer, conn = open_saver(settings)
        probe = build_graph().compile(checkpointer=checkpointer)
        values = probe.get_state({"configurable": {"thread_id": thread_id}}).values
        if not values:
            if conn is not None:
                conn.close()
            raise KeyError(f"no interview with id '{thread_id}'")
        kb = knowledge()
        mode = values.get("llm_mode", "offline")
        if mode == "openai" and chat_model is None:
            chat_model = build_model(settings, [])  # None: the next turn switches to offline with a notice
        if (values.get("coach") or mode == "openai") and index is None:
            index = try_index(settings, embedder, [])
        embedder = embedder if embedder is not None else getattr(index, "embedder", None)
        context = build_context(clock=clock or WallClock(), chat_model=chat_model, index=index, embedder=embedder,
                                analyzer=analyzer, kb=kb)
        session = cls(settings, thread_id, context, checkpointer, conn)
        session._embedder = embedder
        if values.get("coach") and mode == "offline":
            warm_coach_cache(index, kb.problem(values["problem_id"]), context.retrieved)
        session._finish_pending()
        return session

    # --- the conversation -----------------------------------------------------------------------

    def send(self, text: str, on_token: Callable[[str], None] | None = None) -> str:
        """Send the candidate's message; returns the interviewer's reply (tokens go to ``on_token``)."""
        if not isinstance(text, str) or not text.strip():
            raise MessageError("the message is empty; type something to say to the interviewer")
        if len(text) > MAX_MESSAGE_CHARS:
            raise MessageError(f"the message is too long ({len(text):,} characters; limit {MAX_MESSAGE_CHARS:,})")
        snapshot = self._app.get_state(self._config)
        if snapshot.values.get("finished"):
            raise MessageError("this interview has ended; start a new one")
        if snapshot.next and not snapshot.interrupts:  # a crash left the last turn unanswered
            self._run(None)
        values = self._run(Command(resume={"text": text.strip()}), on_token)
        self._touch(values)
        turns = values.get("transcript", [])
        return next((t.content for t in reversed(turns) if t.role == "interviewer"), "")

    def transcript(self) -> Transcript:
        values = self._values()
        return Transcript(turns=list(values.get("transcript", [])), problem=values.get("problem_id"),
                          company=values.get("company"), level=values.get("level"))

    def view(self) -> SessionView:
        values = self._values()
        kb = self._context.knowledge
        card = kb.problem(values["problem_id"])
        phase = values.get("phase", "requirements")
        return SessionView(
            thread_id=self.thread_id, problem_id=card.id, problem_title=card.title,
            company=values.get("company", "google"), level=values.get("level", "senior"),
            format_minutes=int(values.get("format_minutes", 45)), phase=phase, phase_index=phase_index(phase),
            minute=float(values.get("minute", 0.0)),
            phase_budget=phase_budget(kb, int(values.get("format_minutes", 45))),
            whiteboard=whiteboard(values.get("covered", {}) or {}), notices=list(values.get("notices", [])),
            llm_status=values.get("llm_status", "offline"), coach_hint=values.get("coach_hint"),
            finished=bool(values.get("finished")),
            llm_usage=self._context.chat_model.usage.describe() if self._context.chat_model is not None else None,
        )

    def end(self, grade: bool = True) -> Any:
        """Close the interview with a wrap-up turn and, if asked, grade it (returns the Scorecard)."""
        if not self._values().get("finished"):
            self._finish_pending()
            self._run(Command(resume={"end": True}))
        self._touch()
        transcript = self.transcript()
        if not grade or not transcript.candidate_turns():
            return None
        from rubric.grader import grade_transcript

        values = self._values()
        use_llm = values.get("llm_mode") == "openai" and self._context.chat_model is not None
        scorecard = grade_transcript(
            transcript, company=values.get("company", "google"), level=values.get("level", "senior"),
            grader="llm" if use_llm else "offline", settings=self.settings,
            chat_model=self._context.chat_model if use_llm else None, embedder=self._embedder,
            index=self._context.index,
        )
        if self._persist:
            save_scorecard(self.settings, self.thread_id, scorecard)
            record = self._record()
            record.overall, record.verdict = float(scorecard.overall), str(scorecard.verdict)
            record.scores = {d.id: int(d.score) for d in scorecard.dimensions}
            save_record(self.settings, record)
        return scorecard

    def close(self) -> None:
        """Release the checkpoint database connection (the session can be resumed later)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- internals ------------------------------------------------------------------------------

    def _run(self, value: Any, on_token: Callable[[str], None] | None = None) -> dict[str, Any]:
        """Run the graph to its next stop; returns the state values there."""
        self._context.on_token = on_token
        try:
            result = self._app.invoke(value, self._config, context=self._context, durability="sync")
        finally:
            self._context.on_token = None
        return dict(result) if isinstance(result, dict) else self._values()

    def _finish_pending(self) -> None:
        """If a crash left nodes to run (a turn was recorded but not answered), run them now."""
        snapshot = self._app.get_state(self._config)
        if snapshot.next and not snapshot.interrupts:
            self._run(None)

    def _values(self) -> dict[str, Any]:
        return dict(self._app.get_state(self._config).values)

    def _record(self, values: dict[str, Any] | None = None) -> SessionRecord:
        values = values if values is not None else self._values()
        record = load_record(self.settings, self.thread_id) or SessionRecord(
            thread_id=self.thread_id, problem_id=values.get("problem_id", ""), company=values.get("company", ""),
            level=values.get("level", ""), format_minutes=int(values.get("format_minutes", 45)),
            started_at=now_iso(), updated_at=now_iso())
        record.candidate_turns = sum(1 for t in values.get("transcript", []) if t.role == "candidate")
        record.finished = bool(values.get("finished"))
        record.updated_at = now_iso()
        return record

    def _touch(self, values: dict[str, Any] | None = None) -> None:
        if self._persist:
            save_record(self.settings, self._record(values))


def list_sessions(settings: Settings) -> list[SessionRecord]:
    return list_records(settings)


def delete_session(settings: Settings, thread_id: str) -> None:
    """Remove the session record, its scorecard and its checkpoint thread."""
    check_thread_id(thread_id)
    delete_record(settings, thread_id)
    if settings.checkpoint_path.exists():
        saver, conn = open_saver(settings)
        try:
            saver.delete_thread(thread_id)
        finally:
            conn.close()
