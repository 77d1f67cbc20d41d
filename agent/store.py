"""Session records: one small JSON file per interview under ``settings.sessions_dir``.

The record is the history list's view of an interview (what, when, how far, the grade). The full
conversation lives in the checkpoint; the scorecard, once graded, is stored next to the record.
Nothing here ever holds an API key.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from kernel.config import Settings

_KEYISH = re.compile(r"\bsk-[A-Za-z0-9_\-*.]{4,}")
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


def redact_keys(text: str) -> str:
    """Mask anything that looks like an API key (error messages sometimes quote one)."""
    return _KEYISH.sub("sk-…", text)


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


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def save_record(settings: Settings, record: SessionRecord) -> None:
    _write_atomic(record_path(settings, record.thread_id), record.model_dump_json(indent=2))


def load_record(settings: Settings, thread_id: str) -> SessionRecord | None:
    path = record_path(settings, thread_id)
    try:
        return SessionRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError):
        return None


def save_scorecard(settings: Settings, thread_id: str, scorecard: Any) -> None:
    data = scorecard.model_dump(mode="json") if hasattr(scorecard, "model_dump") else scorecard
    _write_atomic(scorecard_path(settings, thread_id), json.dumps(data, indent=2))


def load_scorecard_json(settings: Settings, thread_id: str) -> dict[str, Any] | None:
    try:
        data = json.loads(scorecard_path(settings, thread_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def list_records(settings: Settings) -> list[SessionRecord]:
    """Every readable record, most recently updated first (unreadable files are skipped)."""
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
    for path in (record_path(settings, thread_id), scorecard_path(settings, thread_id)):
        path.unlink(missing_ok=True)
