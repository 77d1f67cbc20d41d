"""The transcript model shared by the interviewer, the grader, the evals and the UI, and its loaders.

Text format (plain or Markdown)::

    # problem: url-shortener
    # company: google
    # level: senior

    Interviewer: Design a URL shortener.
    **Candidate:** How many URLs a day?

Labels are case-insensitive and may be bold (``**Candidate:**`` or ``**Candidate**:``); a turn runs
until the next label (blank lines inside a turn are kept as paragraph breaks). JSON format::

    {"turns": [{"role": "candidate", "content": "..."}], "problem": "...", "company": "...", "level": "..."}
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

Role = Literal["interviewer", "candidate"]
Company = Literal["google", "meta", "amazon", "startup"]
Level = Literal["junior", "mid", "senior", "staff"]
COMPANIES: tuple[Company, ...] = ("google", "meta", "amazon", "startup")
LEVELS: tuple[Level, ...] = ("junior", "mid", "senior", "staff")
FORMATS: tuple[int, ...] = (45, 30, 60)

MAX_MESSAGE_CHARS = 20_000
MAX_FILE_BYTES = 5_000_000


class TranscriptError(ValueError):
    """Input that cannot be read as a transcript. ``line`` is 1-based where known."""

    def __init__(self, message: str, line: int | None = None, source: str | None = None) -> None:
        self.line, self.source = line, source
        where = ", ".join(p for p in (source, f"line {line}" if line else None) if p)
        super().__init__(f"{where}: {message}" if where else message)


class Turn(BaseModel):
    """One utterance. ``phase`` and ``minute`` are filled in by the interviewer; loaded files may omit them."""

    role: Role
    content: str = Field(min_length=1)
    phase: str | None = None
    minute: float | None = None


class Transcript(BaseModel):
    turns: list[Turn] = []
    problem: str | None = None
    company: Company | None = None
    level: Level | None = None

    def candidate_turns(self) -> list[tuple[int, Turn]]:
        """(index, turn) for every candidate turn; the index is the turn's position in ``turns``."""
        return [(i, t) for i, t in enumerate(self.turns) if t.role == "candidate"]

    def words(self, role: Role | None = None) -> int:
        return sum(len(t.content.split()) for t in self.turns if role is None or t.role == role)

    def to_markdown(self) -> str:
        head = [f"# {k}: {v}" for k, v in (("problem", self.problem), ("company", self.company), ("level", self.level)) if v]
        body = [f"**{t.role.capitalize()}:** {t.content}" for t in self.turns]
        return "\n\n".join(["\n".join(head)] + body if head else body) + "\n"

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_none=True)


_LABEL = re.compile(
    r"^\s*(?:[-*>]\s+)?(?:\*\*|__)?\s*(interviewer|candidate)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$",
    re.IGNORECASE,
)
_HEADER = re.compile(r"^\s*#+\s*(problem|company|level)\s*:\s*(.+?)\s*$", re.IGNORECASE)


def parse_text(text: str, source: str | None = None) -> Transcript:
    """Parse the labelled text format. Text before the first label must be headers or blank."""
    turns: list[Turn] = []
    meta: dict[str, str] = {}
    role: str | None = None
    buf: list[str] = []

    def flush() -> None:
        if role is not None:
            content = "\n".join(buf).strip()
            if content:
                turns.append(Turn(role=role.lower(), content=content))  # type: ignore[arg-type]

    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header and role is None:
            meta[header.group(1).lower()] = header.group(2).strip().lower()
            continue
        label = _LABEL.match(line)
        if label:
            flush()
            role, buf = label.group(1), [label.group(2)]
            continue
        if role is None:
            if line.strip() and not line.lstrip().startswith("#"):
                raise TranscriptError(
                    "text before the first speaker label; each turn must start with 'Interviewer:' or 'Candidate:'",
                    number,
                    source,
                )
            continue
        buf.append(line)
    flush()
    if not turns:
        raise TranscriptError("no turns found: expected lines starting with 'Interviewer:' or 'Candidate:'", None, source)
    return _with_meta(turns, meta, source)


def parse_json(text: str, source: str | None = None) -> Transcript:
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptError(f"invalid JSON: {exc.msg}", exc.lineno, source) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("turns"), list):
        raise TranscriptError('JSON transcript must be an object with a "turns" list', 1, source)
    if not raw["turns"]:
        raise TranscriptError('"turns" is empty', 1, source)
    try:
        turns = [Turn.model_validate(t) for t in raw["turns"]]
    except ValidationError as exc:
        err = exc.errors()[0]
        raise TranscriptError(f"turn {err['loc']}: {err['msg']}", None, source) from exc
    meta = {k: str(raw[k]).lower() for k in ("problem", "company", "level") if raw.get(k)}
    return _with_meta(turns, meta, source)


def _with_meta(turns: list[Turn], meta: dict[str, str], source: str | None) -> Transcript:
    if meta.get("company") and meta["company"] not in COMPANIES:
        raise TranscriptError(f"unknown company '{meta['company']}'; valid: {', '.join(COMPANIES)}", None, source)
    if meta.get("level") and meta["level"] not in LEVELS:
        raise TranscriptError(f"unknown level '{meta['level']}'; valid: {', '.join(LEVELS)}", None, source)
    return Transcript(turns=turns, **meta)  # type: ignore[arg-type]


def parse_transcript(text: str, source: str | None = None) -> Transcript:
    """Parse either format; JSON is recognised by a leading ``{``."""
    if not text.strip():
        raise TranscriptError("the transcript is empty", None, source)
    if text.lstrip().startswith("{"):
        return parse_json(text, source)
    return parse_text(text, source)


def load_transcript(path: str | Path) -> Transcript:
    """Read a transcript file; unreadable, binary, huge or malformed files raise :class:`TranscriptError`."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise TranscriptError(f"cannot read file: {exc.strerror or exc}", None, str(p)) from exc
    return parse_bytes(data, str(p))


def parse_bytes(data: bytes, source: str | None = None) -> Transcript:
    """Decode uploaded bytes (UTF-8, with or without BOM) and parse them."""
    if len(data) > MAX_FILE_BYTES:
        raise TranscriptError(f"file is too large ({len(data):,} bytes; limit {MAX_FILE_BYTES:,})", None, source)
    if b"\x00" in data[:4096]:
        raise TranscriptError("file looks binary, not a text or JSON transcript", None, source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TranscriptError("file is not valid UTF-8 text", line, source) from exc
    return parse_transcript(text, source)
