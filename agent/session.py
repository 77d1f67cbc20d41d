"""The interview session API used by the CLI and the UI.

An :class:`InterviewSession` is one LangGraph thread on the SQLite checkpointer at
``settings.checkpoint_path``: every turn is checkpointed, so a killed process resumes with
:meth:`InterviewSession.resume` and loses nothing. A small JSON record per session (``agent.store``)
feeds the history list; the scorecard is stored next to it when the interview is graded.

One writer per interview: every write (a turn, the end) holds the thread's lock (``agent.store.ThreadLock``)
and first checks that nobody else has written since this session last looked; otherwise the session
turns read-only and the message is refused, never lost. ``hold=True`` keeps the lock while the session
is open (the terminal), so a second opener sees the interview read-only at once.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.types import Command, StateSnapshot

from agent.acts import phase_budget, phase_index
from agent.clock import Clock, WallClock
from agent.configuration import Configuration, build_context, build_model, llm_status, open_saver, try_index
from agent.graph import build_graph
from agent.nodes import said_goodbye
from agent.store import (
    OPEN_ELSEWHERE,
    SessionRecord,
    StateError,
    check_thread_id,
    damaged_checkpoints,
    delete_record,
    list_records,
    load_record,
    now_iso,
    owns,
    prepare_checkpoints,
    save_record,
    save_scorecard,
    thread_lock,
)
from agent.voice import coach_hint, retrieve, warm_coach_cache, whiteboard
from kernel.config import Settings
from kernel.diagram import Diagram, DiagramError, apply_text, load_diagram
from kernel.llm import ChatModel
from kernel.transcript import COMPANIES, FORMATS, LEVELS, MAX_MESSAGE_CHARS, Transcript
from knowledge.content import knowledge


class MessageError(ValueError):
    """A candidate message that cannot be sent (empty, over 20,000 characters, the interview open elsewhere,
    or the data directory unwritable); nothing changes."""


class InterviewLocked(MessageError):
    """Another terminal or tab writes this interview; this session is read-only."""


class AccessDenied(PermissionError):
    """The interview belongs to another account (or to none): it is neither shown nor written."""

    def __init__(self, thread_id: str) -> None:
        super().__init__(f"no interview with id '{thread_id}' for this account")


CONTINUED_ELSEWHERE = ("This interview was continued elsewhere (another terminal or browser tab) since it was "
                       "opened here, so it is read-only here; resume it again to see the latest turns.")


def _open_checkpoints(settings: Settings, notices: list[str]) -> tuple[BaseCheckpointSaver, sqlite3.Connection | None]:
    """The checkpointer, after moving a damaged database aside (a notice says so)."""
    notice = prepare_checkpoints(settings)
    if notice:
        notices.append(notice)
    if settings.shared_database:  # PostgreSQL: an unreachable database is a StateError naming it
        from agent.pgstore import DatabaseError

        try:
            return open_saver(settings)
        except DatabaseError as exc:
            raise StateError(str(exc)) from None
    try:
        return open_saver(settings)
    except sqlite3.Error as exc:
        raise StateError(f"cannot open the checkpoint database {settings.checkpoint_path} ({exc}); make it "
                         "writable or move it away") from None


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
    said_goodbye: bool = False  # the interviewer closed the round (the candidate had nothing more); not yet graded
    llm_usage: str | None = None  # calls and tokens through the LLM since this process opened the interview
    wall_at: float | None = None  # when the clock last advanced (seconds since the epoch; see agent.clock)
    phase_started: dict[str, float] = field(default_factory=dict)  # minute at which each phase started
    paused_at: float | None = None  # the clock is paused since then
    hints: int = 0  # hints asked for on demand


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
        self._lock = thread_lock(settings, thread_id)  # a lock file, or an advisory lock in PostgreSQL
        self.owner: str | None = None  # the signed-in account (None: no sign-in)
        self.read_only = False  # another writer has the interview: nothing is sent from here
        self._seen: str | None = None  # the checkpoint this session last saw
        self._notices: list[str] = []  # notices of this opening (not in the checkpoint)

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
        owner: str | None = None,
        reading: bool | None = None,
    ) -> InterviewSession:
        """Start an interview; the opening interviewer message is in the transcript when this returns.

        In openai mode the model also reads each candidate turn (``agent.reading``) when ``reading`` is true; by
        default it does when the session builds the client from the settings (a caller passing its own
        ``chat_model`` turns reading on with ``reading=True``).

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
        built = mode == "openai" and chat_model is None
        if built:
            chat_model = build_model(settings, notices)
        mode = "openai" if mode == "openai" and chat_model is not None else "offline"
        reader = chat_model if mode == "openai" and (built if reading is None else reading) else None
        status = llm_status(settings) if mode == "openai" else "offline"
        if (coach or mode == "openai") and index is None and retrieval:
            index = try_index(settings, embedder, notices)
        embedder = embedder if embedder is not None else getattr(index, "embedder", None)
        context = build_context(clock=clock or WallClock(), chat_model=chat_model if mode == "openai" else None,
                                index=index, embedder=embedder, analyzer=analyzer, kb=kb, reader=reader)
        thread_id = check_thread_id(thread_id or f"{card.id}-{uuid.uuid4().hex[:10]}")
        conn = None
        if checkpointer is None:
            checkpointer, conn = _open_checkpoints(settings, notices)
        session = cls(settings, thread_id, context, checkpointer, conn)
        session._persist, session._embedder = persist, embedder
        session.owner = owner
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
        with session._writing():
            session._run(initial)
        started = now_iso()
        if persist:
            save_record(settings, SessionRecord(thread_id=thread_id, problem_id=card.id, company=company,
                                                level=level, format_minutes=int(format_minutes),
                                                started_at=started, updated_at=started, owner=owner))
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
        llm: str | None = None,
        hold: bool = False,
        owner: str | None = None,
        reading: bool | None = None,
    ) -> InterviewSession:
        """Reopen a checkpointed interview; work interrupted by a crash (e.g. the reply) is completed.

        The LLM mode is ``llm`` if given, else ``BABYSTEPS_LLM`` if it is not ``auto``, else the mode the
        interview was started with (offline when no endpoint is configured any more). ``hold`` keeps the
        interview's lock while the session is open; if another writer has it, the session is read-only.
        With ``owner`` (the signed-in account), an interview of anyone else is :class:`AccessDenied`.
        """
        check_thread_id(thread_id)
        if owner is not None and not owns(load_record(settings, thread_id), owner):
            raise AccessDenied(thread_id)
        if llm not in (None, "offline", "openai"):
            raise ValueError(f"unknown LLM mode '{llm}'; valid: offline, openai")
        conn = None
        notices: list[str] = []
        if checkpointer is None:
            checkpointer, conn = _open_checkpoints(settings, notices)
        probe = build_graph().compile(checkpointer=checkpointer)
        values = probe.get_state({"configurable": {"thread_id": thread_id}}).values
        if not values:
            if conn is not None:
                conn.close()
            damaged = damaged_checkpoints(settings)
            if damaged and load_record(settings, thread_id) is not None:
                raise KeyError(f"interview '{thread_id}' cannot be recovered: its checkpoint database was damaged "
                               f"and moved to {damaged[-1]}")
            raise KeyError(f"no interview with id '{thread_id}'")
        kb = knowledge()
        recorded = values.get("llm_mode", "offline")
        requested = llm or (settings.llm if settings.llm != "auto" else None)
        mode = requested or (recorded if recorded == "offline" or settings.llm_mode()[0] == "openai" else "offline")
        built = mode == "openai" and chat_model is None
        if built:
            chat_model = build_model(settings, notices)  # None: continue offline, with a notice
        if mode == "openai" and chat_model is None:
            mode = "offline"
        chat_model = chat_model if mode == "openai" else None
        reader = chat_model if (built if reading is None else reading) else None  # as in start
        if (values.get("coach") or mode == "openai") and index is None:
            index = try_index(settings, embedder, [])
        embedder = embedder if embedder is not None else getattr(index, "embedder", None)
        context = build_context(clock=clock or WallClock(), chat_model=chat_model, index=index, embedder=embedder,
                                analyzer=analyzer, kb=kb, reader=reader)
        session = cls(settings, thread_id, context, checkpointer, conn)
        session._embedder, session._notices = embedder, notices
        session.owner = owner
        if not (session._lock.acquire() if hold else session._lock.free_elsewhere()):
            session.read_only = True
            return session
        if values.get("coach") and mode == "offline":
            warm_coach_cache(index, kb.problem(values["problem_id"]), context.retrieved)
        try:
            with session._writing():
                session._finish_pending()
                session._switch_mode(mode, settings)
        except InterviewLocked:  # another process took the lock since it looked free: open here read-only
            return session
        return session

    # --- the conversation -----------------------------------------------------------------------

    def send(self, text: str, on_token: Callable[[str], None] | None = None) -> str:
        """Send the candidate's message; returns the interviewer's reply (tokens go to ``on_token``)."""
        if not isinstance(text, str) or not text.strip():
            raise MessageError("the message is empty; type something to say to the interviewer")
        if len(text) > MAX_MESSAGE_CHARS:
            raise MessageError(f"the message is too long ({len(text):,} characters; limit {MAX_MESSAGE_CHARS:,})")
        self.resume_clock()  # an answer ends a pause; the paused time does not count
        with self._writing() as snapshot:
            if snapshot.values.get("finished"):
                raise MessageError("this interview has ended; start a new one")
            if snapshot.next and not snapshot.interrupts:  # a crash left the last turn unanswered
                self._run(None)
            values = self._run(Command(resume={"text": text.strip()}), on_token)
        self._touch(values)
        turns = values.get("transcript", [])
        return next((t.content for t in reversed(turns) if t.role == "interviewer"), "")

    def transcript(self) -> Transcript:
        return self._transcript_of(self._values())

    @classmethod
    def _transcript_of(cls, values: dict[str, Any]) -> Transcript:
        """The conversation and the final diagram held in a checkpoint's values."""
        return Transcript(turns=list(values.get("transcript", [])), problem=values.get("problem_id"),
                          company=values.get("company"), level=values.get("level"),
                          diagram=cls._diagram_of(values) or None)

    # --- the diagram ----------------------------------------------------------------------------

    def diagram(self) -> Diagram:
        """The candidate's design diagram so far (empty when nothing was drawn)."""
        return self._diagram_of(self._values())

    def draw(self, text: str) -> Diagram:
        """Apply diagram statements (``kernel.diagram`` syntax: ``api -> db: writes``, ``cache: Redis [cache]``,
        ``-cache``) and store the result in the checkpoint. A bad statement is a :class:`MessageError` with the
        syntax error's one-line message, and nothing changes."""
        try:
            diagram = apply_text(self.diagram(), text)
        except DiagramError as exc:
            raise MessageError(str(exc)) from None
        return self.set_diagram(diagram)

    def set_diagram(self, diagram: Diagram | dict[str, Any] | None) -> Diagram:
        """Replace the whole diagram (a canvas sends its boxes and arrows); ``None`` clears it."""
        try:
            value = diagram if isinstance(diagram, Diagram) else load_diagram(diagram or {})
        except DiagramError as exc:
            raise MessageError(f"diagram: {exc}") from None
        with self._writing():
            if self._values().get("finished"):
                raise MessageError("this interview has ended; start a new one")
            self._app.update_state(self._config, {"diagram": value.to_data()}, as_node="speak")
        self._touch()
        return value

    @staticmethod
    def _diagram_of(values: dict[str, Any]) -> Diagram:
        raw = values.get("diagram")
        try:
            return load_diagram(raw) if raw else Diagram()
        except DiagramError:  # a damaged entry does not stop the interview
            return Diagram()

    def _usage(self) -> str | None:
        """Calls and tokens through the LLM since this process opened the interview, with a cost estimate."""
        model = self._context.chat_model
        return model.usage.describe(getattr(model, "model", None)) if model is not None else None

    def view(self) -> SessionView:
        values = self._values()
        kb = self._context.knowledge
        card = kb.problem(values["problem_id"])
        phase = values.get("phase", "requirements")
        record = load_record(self.settings, self.thread_id)
        return SessionView(
            thread_id=self.thread_id, problem_id=card.id, problem_title=card.title,
            company=values.get("company", "google"), level=values.get("level", "senior"),
            format_minutes=int(values.get("format_minutes", 45)), phase=phase, phase_index=phase_index(phase),
            minute=float(values.get("minute", 0.0)),
            phase_budget=phase_budget(kb, int(values.get("format_minutes", 45))),
            whiteboard=whiteboard(values.get("covered", {}) or {}),
            notices=list(values.get("notices", [])) + self._notices + ([OPEN_ELSEWHERE] if self.read_only else []),
            llm_status=values.get("llm_status", "offline"), coach_hint=values.get("coach_hint"),
            finished=bool(values.get("finished")), said_goodbye=said_goodbye(values),  # type: ignore[arg-type]
            llm_usage=self._usage(),
            wall_at=values.get("wall_at"), phase_started=dict(values.get("phase_started") or {}),
            paused_at=record.paused_at if record else None, hints=record.hints if record else 0,
        )

    # --- the clock and hints on demand ----------------------------------------------------------

    def pause_clock(self) -> None:
        """Stop the interview clock until :meth:`resume_clock` (sending a message resumes it too)."""
        record = self._record()
        if record.paused_at is None and not record.finished:
            record.paused_at = time.time()
            save_record(self.settings, record)

    def resume_clock(self) -> None:
        """Start the clock again; the paused time does not count (the last turn's wall time moves on by it)."""
        record = load_record(self.settings, self.thread_id)
        if record is None or record.paused_at is None:
            return
        paused = max(0.0, time.time() - record.paused_at)
        values = self._values()
        if values.get("wall_at") and not values.get("finished") and paused > 0:
            with self._writing():
                self._app.update_state(self._config, {"wall_at": float(values["wall_at"]) + paused}, as_node="speak")
        record = self._record()
        record.paused_at = None
        save_record(self.settings, record)

    def hint(self) -> str | None:
        """A hint on demand about the interviewer's last move (counted in the session record)."""
        values = self._values()
        if values.get("finished") or not values.get("act"):
            return None
        from agent.acts import Act

        act = Act.model_validate(values["act"])
        kb = self._context.knowledge
        hits = retrieve(self._context.index, act, kb.problem(values["problem_id"]), cache=self._context.retrieved,
                        specific=False) if self._context.index is not None else []
        text = coach_hint(act, kb, hits)
        if text and self._persist:
            record = self._record()
            record.hints += 1
            save_record(self.settings, record)
        return text

    def end(self, grade: bool = True) -> Any:
        """Close the interview with a wrap-up turn and, if asked, grade it (returns the Scorecard)."""
        if not self._values().get("finished"):
            with self._writing():
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
        self._lock.release()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def hold(self) -> bool:
        """Keep the interview's lock until :meth:`close`; ``False`` (and read-only) if another writer has it."""
        if not self.read_only and not self._lock.acquire():
            self.read_only = True
        return not self.read_only

    # --- internals ------------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[StateSnapshot]:
        """One writer: hold the lock, refuse if someone else wrote since this session looked, report
        an unwritable checkpoint as a refused message (nothing written). Yields the state as it was found."""
        if self.read_only:
            raise InterviewLocked(OPEN_ELSEWHERE)
        held = self._lock.held
        try:
            if not held and not self._lock.acquire():
                self.read_only = True
                raise InterviewLocked(OPEN_ELSEWHERE)
        except StateError as exc:
            raise MessageError(str(exc)) from None
        try:
            snapshot = self._app.get_state(self._config)
            if self._seen is not None and self._checkpoint_id(snapshot) != self._seen:
                self.read_only = True
                raise InterviewLocked(CONTINUED_ELSEWHERE)
            try:
                yield snapshot
            except sqlite3.Error as exc:
                raise MessageError(
                    f"cannot save to the checkpoint database {self.settings.checkpoint_path} ({exc}); make it "
                    "writable and send again"
                ) from None
            finally:  # what was written under the lock is this session's own, even when the write was cut short
                with contextlib.suppress(sqlite3.Error):
                    self._seen = self._checkpoint_id()
        finally:
            if not held:
                self._lock.release()

    def _checkpoint_id(self, snapshot: StateSnapshot | None = None) -> str | None:
        config = (snapshot or self._app.get_state(self._config)).config or {}
        value = config.get("configurable", {}).get("checkpoint_id")
        return str(value) if value else None

    def _switch_mode(self, mode: str, settings: Settings) -> None:
        """Record the LLM mode chosen for this resume when it differs from the one in the checkpoint."""
        snapshot = self._app.get_state(self._config)
        values = snapshot.values
        status = llm_status(settings) if mode == "openai" else "offline"
        if values.get("finished") or not snapshot.interrupts:
            return
        if values.get("llm_mode") == mode and values.get("llm_status") == status:
            return
        self._app.update_state(self._config, {"llm_mode": mode, "llm_status": status,
                                              "notices": [f"Resumed with the interviewer voice: {status}."]},
                               as_node="speak")

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
            started_at=now_iso(), updated_at=now_iso(), owner=self.owner)
        record.candidate_turns = sum(1 for t in values.get("transcript", []) if t.role == "candidate")
        record.finished = bool(values.get("finished"))
        record.updated_at = now_iso()
        return record

    def _touch(self, values: dict[str, Any] | None = None) -> None:
        if self._persist:
            save_record(self.settings, self._record(values))


def list_sessions(settings: Settings, owner: str | None = None) -> list[SessionRecord]:
    """The history: every interview without sign-in (``owner`` None), else only the account's own."""
    return list_records(settings) if owner is None else list_records(settings, owner, everyone=False)


def delete_session(settings: Settings, thread_id: str, owner: str | None = None) -> None:
    """Remove the session record, its scorecard and its checkpoint thread (with ``owner``: only its own)."""
    check_thread_id(thread_id)
    if owner is not None and not owns(load_record(settings, thread_id), owner):
        raise AccessDenied(thread_id)
    delete_record(settings, thread_id)
    if settings.shared_database:
        from agent.pgstore import delete_thread

        delete_thread(settings, thread_id)
        return
    if settings.checkpoint_path.exists():
        saver, conn = open_saver(settings)
        try:
            saver.delete_thread(thread_id)
        finally:
            if conn is not None:
                conn.close()


def stored_transcript(settings: Settings, thread_id: str, owner: str | None = None) -> Transcript | None:
    """The conversation of a stored interview, read from its checkpoint without opening it (no lock, no
    graph run): for showing beside a reopened scorecard. ``None`` when there is no checkpoint to read."""
    check_thread_id(thread_id)
    if owner is not None and not owns(load_record(settings, thread_id), owner):
        raise AccessDenied(thread_id)
    checkpointer, conn = _open_checkpoints(settings, [])
    try:
        values = build_graph().compile(checkpointer=checkpointer).get_state(
            {"configurable": {"thread_id": thread_id}}).values
    finally:
        if conn is not None:
            conn.close()
    if not values:
        return None
    return InterviewSession._transcript_of(values)
