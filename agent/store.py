"""Session records, the per-interview lock, and the health of the data directory.

The record is the history list's view of an interview (what, when, how far, the grade): one small JSON
file per interview under ``settings.sessions_dir``. The full conversation lives in the checkpoint; the
scorecard, once graded, is stored next to the record. Every file is written through a temporary file of
its own and an atomic replace, and every text written is redacted (:func:`kernel.redact.redact`).

One writer per interview: :class:`ThreadLock` is an advisory lock file per thread (``filelock``: flock on
POSIX, so it is released when its process dies, even by ``kill -9``). A checkpoint database that SQLite
cannot read is moved aside (:func:`prepare_checkpoints`), and every problem with the data directory is a
:class:`StateError` with one line naming the path and what to do.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import BaseModel, Field, ValidationError

from kernel.config import Settings
from kernel.redact import redact

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


class SessionRecord(BaseModel):
    thread_id: str
    problem_id: str
    company: str
    level: str
    format_minutes: int
    started_at: str
    updated_at: str
    candidate_turns: int = 0
    finished: bool = False
    overall: float | None = None
    verdict: str | None = None
    scores: dict[str, int] = Field(default_factory=dict)
    paused_at: float | None = None  # the interview clock is paused since then (seconds since the epoch)
    hints: int = 0  # hints the candidate asked for
    owner: str | None = None  # the account the interview belongs to (None: no sign-in)


def redact_keys(text: str) -> str:
    """Mask the configured key and anything shaped like a credential (see :func:`kernel.redact.redact`)."""
    return redact(text)


class StateError(RuntimeError):
    """The data directory or the checkpoint cannot be used; the message names the path and what to do."""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_thread_id(thread_id: str) -> str:
    """Thread ids become file names: letters, digits, ``_ . -`` only."""
    if not _SAFE_ID.match(thread_id or ""):
        raise ValueError(f"invalid session id {thread_id!r}: use letters, digits, '_', '.' or '-'")
    return thread_id


def record_path(settings: Settings, thread_id: str) -> Path:
    return settings.sessions_dir / f"{check_thread_id(thread_id)}.json"


def scorecard_path(settings: Settings, thread_id: str) -> Path:
    return settings.sessions_dir / f"{check_thread_id(thread_id)}.scorecard.json"


def lock_path(settings: Settings, thread_id: str) -> Path:
    return settings.sessions_dir / f"{check_thread_id(thread_id)}.lock"


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (redacted) through a temporary file of this writer's own, then replace ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StateError(_unwritable(path.parent, exc)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(redact(text))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StateError(_unwritable(path, exc)) from None


def _unwritable(path: Path, exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return (f"cannot write {path} ({reason}); make it writable, free some space, "
            "or set BABYSTEPS_HOME to another directory")


def save_record(settings: Settings, record: SessionRecord) -> None:
    if settings.shared_database:
        from agent import pgstore

        return pgstore.save_record(settings, record)
    _write_atomic(record_path(settings, record.thread_id), record.model_dump_json(indent=2))


def load_record(settings: Settings, thread_id: str) -> SessionRecord | None:
    if settings.shared_database:
        from agent import pgstore

        found: SessionRecord | None = pgstore.load_record(settings, check_thread_id(thread_id))
        return found
    path = record_path(settings, thread_id)
    try:
        return SessionRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError):
        return None


def save_scorecard(settings: Settings, thread_id: str, scorecard: Any) -> None:
    data = scorecard.model_dump(mode="json") if hasattr(scorecard, "model_dump") else scorecard
    if settings.shared_database:
        from agent import pgstore

        return pgstore.save_scorecard(settings, check_thread_id(thread_id), data)
    _write_atomic(scorecard_path(settings, thread_id), json.dumps(data, indent=2))


def load_scorecard_json(settings: Settings, thread_id: str) -> dict[str, Any] | None:
    if settings.shared_database:
        from agent import pgstore

        return pgstore.load_scorecard_json(settings, check_thread_id(thread_id))
    try:
        data = json.loads(scorecard_path(settings, thread_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def list_records(settings: Settings, owner: str | None = None, everyone: bool = True) -> list[SessionRecord]:
    """Every readable record, most recently updated first (unreadable files are skipped); with
    ``everyone=False``, only those of ``owner`` (``None``: those without an owner)."""
    if settings.shared_database:
        from agent import pgstore

        return pgstore.list_records(settings, owner, everyone)
    if not everyone:
        return [r for r in list_records(settings) if r.owner == owner]
    folder = settings.sessions_dir
    if not folder.is_dir():
        return []
    records: list[SessionRecord] = []
    for path in folder.glob("*.json"):
        if path.name.endswith(".scorecard.json"):
            continue
        try:
            records.append(SessionRecord.model_validate_json(path.read_text(encoding="utf-8")))
        except (OSError, ValidationError, ValueError):
            continue
    return sorted(records, key=lambda r: r.updated_at, reverse=True)


def delete_record(settings: Settings, thread_id: str) -> None:
    if settings.shared_database:
        from agent import pgstore

        return pgstore.delete_record(settings, check_thread_id(thread_id))
    for path in (record_path(settings, thread_id), scorecard_path(settings, thread_id), lock_path(settings, thread_id)):
        path.unlink(missing_ok=True)


# --- one writer per interview ----------------------------------------------------------------------

OPEN_ELSEWHERE = ("This interview is open elsewhere (another terminal or browser tab), so it is read-only here; "
                  "close it there, then resume it again.")


class ThreadLock:
    """The lock on one interview. :meth:`acquire` never waits: ``False`` means another writer holds it.

    Two openers conflict even inside one process (each holds its own descriptor), so two browser tabs
    served by the same app are kept apart too.
    """

    def __init__(self, settings: Settings, thread_id: str) -> None:
        self.path = lock_path(settings, thread_id)
        self._settings = settings
        self._lock = FileLock(str(self.path), timeout=0, thread_local=False, is_singleton=False)

    @property
    def held(self) -> bool:
        return bool(self._lock.is_locked)

    def acquire(self) -> bool:
        if self._lock.is_locked:
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        except OSError as exc:
            check_data_dir(self._settings)  # names a file in the way or a missing permission, if that is it
            raise StateError(_unwritable(self.path, exc)) from None
        return True

    def free_elsewhere(self) -> bool:
        """Whether no other writer holds the lock now (this one does, or nobody)."""
        if self._lock.is_locked:
            return True
        if not self.acquire():
            return False
        self.release()
        return True

    def release(self) -> None:
        while self._lock.is_locked:
            self._lock.release()


def thread_lock(settings: Settings, thread_id: str) -> Any:
    """The lock on one interview: a lock file in the data directory, or an advisory lock in PostgreSQL."""
    if settings.shared_database:
        from agent.pgstore import PgThreadLock

        return PgThreadLock(settings, check_thread_id(thread_id))
    return ThreadLock(settings, thread_id)


def owns(record: SessionRecord | None, owner: str | None) -> bool:
    """Whether ``owner`` may open the interview of ``record``: anyone without sign-in (``owner`` None),
    else only the account it belongs to (an interview without a record is nobody's)."""
    return owner is None or (record is not None and record.owner == owner)


# --- the health of the data directory ------------------------------------------------------------


def check_data_dir(settings: Settings) -> None:
    """Create the data folders; a file in the way, a missing permission or a full disk is a :class:`StateError`."""
    for folder in (settings.data_dir, settings.index_dir, settings.sessions_dir):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
            raise StateError(f"{blocker} is a file where the data directory {folder} should be; move it away "
                             "or set BABYSTEPS_HOME to another directory") from None
        except OSError as exc:
            raise StateError(_unwritable(folder, exc)) from None
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StateError(f"cannot write {folder} (permission denied); make it writable "
                             "or set BABYSTEPS_HOME to another directory")


def damaged_checkpoints(settings: Settings) -> list[Path]:
    """Checkpoint databases moved aside because SQLite could not read them, oldest first."""
    return sorted(settings.data_dir.glob("checkpoints.damaged-*.sqlite"))


def checkpoint_problem(path: Path) -> str | None:
    """Why SQLite cannot use the checkpoint database at ``path`` (``None``: it is sound or absent)."""
    if not path.exists():
        return None
    if not path.is_file():
        return "it is not a file"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
        if row is None or row[0] != "ok":
            return f"integrity check failed: {row[0] if row else 'no answer'}"
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()
    return None


def prepare_checkpoints(settings: Settings) -> str | None:
    """Make the checkpoint database usable before it is opened.

    A database SQLite cannot read is moved aside (with its ``-wal``/``-shm`` files) and a notice saying
    where is returned; a read-only database or directory is a :class:`StateError`.
    """
    if settings.shared_database:
        return None  # PostgreSQL: nothing in the data directory to check
    check_data_dir(settings)
    path = settings.checkpoint_path
    problem = checkpoint_problem(path)
    if problem is not None and "locked" not in problem:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        aside = path.with_name(f"checkpoints.damaged-{stamp}.sqlite")
        try:
            os.replace(path, aside)
            for extra in ("-wal", "-shm"):
                side = path.with_name(path.name + extra)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + extra))
        except OSError as exc:
            raise StateError(f"the checkpoint database {path} is damaged ({problem}) and cannot be moved aside "
                             f"({exc.strerror or exc}); move or delete it by hand") from None
        return (f"The checkpoint database {path} was damaged ({problem}); it was moved to {aside} and a new one "
                "started. Interviews saved in it cannot be resumed.")
    if path.exists() and not os.access(path, os.W_OK):
        raise StateError(f"the checkpoint database {path} is read-only; make it writable (chmod u+w) to continue")
    return None
