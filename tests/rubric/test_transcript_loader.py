"""The transcript loaders the grader reads: labels, headers, JSON, and clear errors with line numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kernel.transcript import MAX_FILE_BYTES, TranscriptError, load_transcript, parse_bytes, parse_transcript


def test_labels_are_case_insensitive_and_may_be_bold() -> None:
    t = parse_transcript(
        "INTERVIEWER: Design a URL shortener.\n"
        "**Candidate:** How many URLs a day?\n"
        "**interviewer**: 100 million.\n"
        "__Candidate__: Then about 1,160 writes per second.\n"
        "- candidate: And 116K reads per second.\n"
    )
    assert [x.role for x in t.turns] == ["interviewer", "candidate", "interviewer", "candidate", "candidate"]
    assert t.turns[1].content == "How many URLs a day?"
    assert t.turns[3].content == "Then about 1,160 writes per second."


def test_a_turn_runs_across_blank_lines_until_the_next_label() -> None:
    t = parse_transcript("Interviewer: Go.\n\nCandidate: First paragraph.\n\nSecond paragraph.\n\n\nInterviewer: Thanks.")
    assert len(t.turns) == 3
    assert t.turns[1].content == "First paragraph.\n\nSecond paragraph."


def test_headers_set_problem_company_and_level() -> None:
    t = parse_transcript("# problem: url-shortener\n## Company: Amazon\n# level: STAFF\n\nInterviewer: Go.\nCandidate: OK.")
    assert (t.problem, t.company, t.level) == ("url-shortener", "amazon", "staff")
    assert t.candidate_turns() == [(1, t.turns[1])]


def test_unknown_company_in_header_is_an_error() -> None:
    with pytest.raises(TranscriptError, match="unknown company 'netflix'"):
        parse_transcript("# company: netflix\nInterviewer: Go.\nCandidate: OK.")


def test_json_transcript() -> None:
    raw = {"turns": [{"role": "interviewer", "content": "Go."}, {"role": "candidate", "content": "OK."}],
           "company": "Meta", "level": "mid", "problem": "news-feed"}
    t = parse_transcript(json.dumps(raw))
    assert (t.company, t.level, t.problem, len(t.turns)) == ("meta", "mid", "news-feed", 2)
    assert parse_transcript(t.to_json()) == t
    assert parse_transcript(t.to_markdown()) == t


def test_malformed_json_reports_the_line() -> None:
    with pytest.raises(TranscriptError, match="line 4") as err:
        parse_transcript('{\n  "turns": [\n    {"role": "candidate", "content": "x"\n  ]\n}')
    assert err.value.line == 4


def test_json_with_a_bad_role_or_no_turns_is_an_error() -> None:
    with pytest.raises(TranscriptError, match="turn"):
        parse_transcript('{"turns": [{"role": "grader", "content": "x"}]}')
    with pytest.raises(TranscriptError, match="empty"):
        parse_transcript('{"turns": []}')


def test_text_without_labels_is_an_error_with_its_line() -> None:
    with pytest.raises(TranscriptError) as err:
        parse_transcript("# problem: x\n\nJust some notes about a design.\nCandidate: hi")
    assert err.value.line == 3
    with pytest.raises(TranscriptError, match="no turns found"):
        parse_transcript("# problem: x\n")
    with pytest.raises(TranscriptError, match="empty"):
        parse_transcript("   \n")


def test_binary_invalid_utf8_and_huge_files_are_errors(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="binary"):
        parse_bytes(b"\x89PNG\r\n\x00\x00\x00")
    with pytest.raises(TranscriptError, match="not valid UTF-8") as err:
        parse_bytes(b"Interviewer: Go.\nCandidate: caf\xe9\n")
    assert err.value.line == 2
    with pytest.raises(TranscriptError, match="too large"):
        parse_bytes(b"a" * (MAX_FILE_BYTES + 1))
    assert parse_bytes("\ufeffInterviewer: Go.\nCandidate: OK.".encode()).turns[1].content == "OK."


def test_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="cannot read file") as err:
        load_transcript(tmp_path / "nope.md")
    assert "nope.md" in str(err.value)
