"""Input bounds before reading a transcript: size, file kind, JSON depth, encodings, candidate turns."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from kernel.transcript import MAX_FILE_BYTES, TranscriptError, load_transcript, parse_bytes
from ui.cli import main

GOOD = "Interviewer: Design a URL shortener.\nCandidate: How many URLs a day?\n"


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(TranscriptError, match="not a regular file"):
        load_transcript(fifo)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null", "/tmp"])
def test_devices_and_directories_are_refused(path: str) -> None:
    with pytest.raises(TranscriptError, match="not a regular file"):
        load_transcript(path)


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:  # sparse: nothing of it is ever read
        handle.truncate(50 * MAX_FILE_BYTES)
    with pytest.raises(TranscriptError, match="too large"):
        load_transcript(huge)


def test_deep_json_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"turns": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(TranscriptError, match="nested too deeply"):
        load_transcript(deep)


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"turns": [{"role": "candidate", "content": "[[[[" * 100 + '"{{'}]})
    assert parse_bytes(text.encode()).turns[0].content.startswith("[[[[")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_utf16_with_a_bom_is_read(codec: str) -> None:
    data = GOOD.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    assert len(parse_bytes(data).turns) == 2


def test_escape_codes_are_stripped_from_what_is_read() -> None:
    t = parse_bytes(b"Interviewer: Hi \x1b]0;pwned\x07there\nCandidate: ok \x1b[2J\x1b[Hfine\x07\n")
    assert [x.content for x in t.turns] == ["Hi there", "ok fine"]


def test_a_transcript_without_candidate_turns_is_refused() -> None:
    with pytest.raises(TranscriptError, match="no candidate turns"):
        parse_bytes(b"Interviewer: Hello?\nInterviewer: Anyone?\n")


@pytest.mark.parametrize("make", ["fifo", "deep", "interviewer-only", "binary"])
def test_grade_gives_one_line_errors(tmp_path: Path, make: str, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.md"
    if make == "fifo":
        os.mkfifo(path)
    elif make == "deep":
        path.write_text("{" + '"a":{' * 5000 + "}" * 5001)
    elif make == "interviewer-only":
        path.write_text("Interviewer: Hello \x1b[2J?\n")
    else:
        path.write_bytes(b"\x00\x01\x02" * 100)
    assert main(["grade", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1 and "\x1b" not in err
