"""The transcript model shared by the interviewer, the grader, the evals and the UI, and its loaders.

Text format (plain or Markdown)::

    # problem: url-shortener
    # company: google
    # level: senior

    Interviewer: Design a URL shortener.
    **Candidate:** How many URLs a day?

Labels are case-insensitive and may be bold (``**Candidate:**`` or ``**Candidate**:``); a turn runs
until the next label (blank lines inside a turn are kept as paragraph breaks). The final design diagram may
come in header lines too, one statement of the :mod:`kernel.diagram` syntax each (``# diagram: api -> db: writes``).
JSON format::

    {"turns": [{"role": "candidate", "content": "..."}], "problem": "...", "company": "...", "level": "...",
     "diagram": {"nodes": [{"id": "api", "label": "API", "type": "service"}],
                 "edges": [{"source": "api", "target": "db", "label": "writes"}]}}
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from kernel.diagram import Diagram, DiagramError, apply_text, load_diagram
from kernel.redact import strip_controls

Role = Literal["interviewer", "candidate"]
Company = Literal["google", "meta", "amazon", "startup"]
Level = Literal["junior", "mid", "senior", "staff"]
COMPANIES: tuple[Company, ...] = ("google", "meta", "amazon", "startup")
LEVELS: tuple[Level, ...] = ("junior", "mid", "senior", "staff")
FORMATS: tuple[int, ...] = (45, 30, 60)

MAX_MESSAGE_CHARS = 20_000
MAX_FILE_BYTES = 5_000_000
MAX_JSON_DEPTH = 32  # a transcript is 3 levels deep; deeper nesting is refused before parsing


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
    diagram_change: str | None = None  # what the candidate drew since their previous turn ("added boxes: Redis")


class Transcript(BaseModel):
    turns: list[Turn] = []
    problem: str | None = None
    company: Company | None = None
    level: Level | None = None
    diagram: Diagram | None = None  # the candidate's final design diagram, if one was drawn

    def candidate_turns(self) -> list[tuple[int, Turn]]:
        """(index, turn) for every candidate turn; the index is the turn's position in ``turns``."""
        return [(i, t) for i, t in enumerate(self.turns) if t.role == "candidate"]

    def words(self, role: Role | None = None) -> int:
        return sum(len(t.content.split()) for t in self.turns if role is None or t.role == role)

    def to_markdown(self) -> str:
        head = [f"# {k}: {v}" for k, v in (("problem", self.problem), ("company", self.company), ("level", self.level)) if v]
        if self.diagram:
            head += [f"# diagram: {line}" for line in self.diagram.to_text().splitlines()]
        body = [f"**{t.role.capitalize()}:** {t.content}" for t in self.turns]
        return "\n\n".join(["\n".join(head)] + body if head else body) + "\n"

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_none=True)


_LABEL = re.compile(
    r"^\s*(?:[-*>]\s+)?(?:\*\*|__)?\s*(interviewer|candidate)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$",
    re.IGNORECASE,
)
_HEADER = re.compile(r"^\s*#+\s*(problem|company|level)\s*:\s*(.+?)\s*$", re.IGNORECASE)
_DIAGRAM_HEADER = re.compile(r"^\s*#+\s*diagram\s*:\s*(.+?)\s*$", re.IGNORECASE)


def parse_text(text: str, source: str | None = None) -> Transcript:
    """Parse the labelled text format. Text before the first label must be headers or blank."""
    turns: list[Turn] = []
    meta: dict[str, str] = {}
    role: str | None = None
    buf: list[str] = []
    drawn: list[tuple[int, str]] = []

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
        drawing = _DIAGRAM_HEADER.match(line)
        if drawing and role is None:
            drawn.append((number, drawing.group(1)))
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
    diagram = None
    for number, statement in drawn:
        try:
            diagram = apply_text(diagram, statement)
        except DiagramError as exc:
            raise TranscriptError(f"diagram: {str(exc).removeprefix('line 1: ')}", number, source) from None
    return _with_meta(turns, meta, source, diagram)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` in ``text`` (brackets inside strings do not count)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub('""', text)):
        depth = depth + 1 if bracket in "[{" else depth - 1
        deepest = max(deepest, depth)
    return deepest


def parse_json(text: str, source: str | None = None) -> Transcript:
    if json_depth(text) > MAX_JSON_DEPTH:
        raise TranscriptError(f"JSON is nested too deeply (more than {MAX_JSON_DEPTH} levels)", None, source)
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptError(f"invalid JSON: {exc.msg}", exc.lineno, source) from exc
    except RecursionError as exc:
        raise TranscriptError("JSON is nested too deeply", None, source) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("turns"), list):
        raise TranscriptError('JSON transcript must be an object with a "turns" list', 1, source)
    if not raw["turns"]:
        raise TranscriptError('"turns" is empty', 1, source)
    try:
        turns = [Turn.model_validate(t) for t in raw["turns"]]
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"]) or "turn"
        raise TranscriptError(f"turn {where}: {err['msg']}", None, source) from None
    meta = {k: str(raw[k]).lower() for k in ("problem", "company", "level") if raw.get(k)}
    diagram = None
    if raw.get("diagram") is not None:
        try:
            diagram = load_diagram(raw["diagram"])
        except DiagramError as exc:
            raise TranscriptError(f"diagram: {exc}", None, source) from None
    return _with_meta(turns, meta, source, diagram)


def _with_meta(
    turns: list[Turn], meta: dict[str, str], source: str | None, diagram: Diagram | None = None
) -> Transcript:
    if meta.get("company") and meta["company"] not in COMPANIES:
        raise TranscriptError(f"unknown company '{meta['company']}'; valid: {', '.join(COMPANIES)}", None, source)
    if meta.get("level") and meta["level"] not in LEVELS:
        raise TranscriptError(f"unknown level '{meta['level']}'; valid: {', '.join(LEVELS)}", None, source)
    return Transcript(turns=turns, diagram=diagram or None, **meta)  # type: ignore[arg-type]


def parse_transcript(text: str, source: str | None = None) -> Transcript:
    """Parse either format; JSON is recognised by a leading ``{``. Terminal escape sequences and control
    characters (other than newlines and tabs) are removed first, so nothing read can drive a terminal."""
    text = strip_controls(text)
    if not text.strip():
        raise TranscriptError("the transcript is empty", None, source)
    if text.lstrip().startswith("{"):
        return parse_json(text, source)
    return parse_text(text, source)


def load_transcript(path: str | Path) -> Transcript:
    """Read a transcript file; unreadable, non-regular, binary, huge or malformed files raise
    :class:`TranscriptError`, as does a transcript without candidate turns.

    The size is checked before anything is read, and FIFOs, devices and directories are refused
    (``/dev/zero`` or a pipe would otherwise be read without end).
    """
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise TranscriptError(f"cannot read file: {exc.strerror or exc}", None, str(p)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a pipe" if stat.S_ISFIFO(info.st_mode) else \
                "a device or socket"
            raise TranscriptError(f"not a regular file ({kind}); give the path of a transcript file", None, str(p))
        _check_size(info.st_size, str(p))
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise TranscriptError(f"cannot read file: {exc.strerror or exc}", None, str(p)) from None
    finally:
        if fd >= 0:
            os.close(fd)
    return parse_bytes(data, str(p))


def _check_size(size: int, source: str | None) -> None:
    if size > MAX_FILE_BYTES:
        raise TranscriptError(f"file is too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})", None, source)


def decode(data: bytes, source: str | None = None) -> str:
    """Text from UTF-8 (with or without BOM) or UTF-16/UTF-32 with a BOM; binary data is refused."""
    _check_size(len(data), source)
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise TranscriptError(f"file starts with a {codec.upper()} mark but is not valid {codec.upper()}",
                                      None, source) from None
    if b"\x00" in data[:4096]:
        raise TranscriptError("file looks binary, not a text or JSON transcript", None, source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TranscriptError("file is not valid UTF-8 text (or UTF-16 with a byte-order mark)", line, source) from None


def parse_bytes(data: bytes, source: str | None = None) -> Transcript:
    """Decode uploaded bytes (see :func:`decode`) and parse them; a transcript needs a candidate turn."""
    transcript = parse_transcript(decode(data, source), source)
    if not transcript.candidate_turns():
        raise TranscriptError("no candidate turns: there is nothing to grade (lines starting with 'Candidate:')",
                              None, source)
    return transcript
