"""``babysteps grade``: output formats, header overrides, exit codes and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kernel.llm import LLMUnavailable
from tests.fakes import FakeChatModel, FakeEmbeddings
from tests.rubric.helpers import FIXTURES
from ui.cli import main

STRONG = str(FIXTURES / "strong_url_shortener.md")


@pytest.fixture(autouse=True)
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("knowledge.embeddings.get_embedder", lambda: FakeEmbeddings())


def test_markdown_report_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", STRONG]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Babysteps scorecard")
    assert "google mode" in out and "senior bar" in out


def test_json_and_flags_override_the_header(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", STRONG, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["company"], data["level"], data["grader"]) == ("google", "senior", "offline")
    assert "leadership" not in [d["id"] for d in data["dimensions"]]
    assert main(["grade", STRONG, "--json", "--company", "amazon", "--level", "junior"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["company"], data["level"]) == ("amazon", "junior")
    assert data["dimensions"][-1]["id"] == "leadership"


def test_defaults_without_a_header_are_google_senior(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "t.md"
    f.write_text("Interviewer: Design a pastebin.\nCandidate: How many pastes a day, and how long do they live?\n")
    assert main(["grade", str(f), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["company"], data["level"]) == ("google", "senior")


def test_out_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.md"
    assert main(["grade", STRONG, "--out", str(out)]) == 0
    assert out.read_text().startswith("# Babysteps scorecard")
    assert str(out) in capsys.readouterr().out


def test_malformed_or_missing_input_exits_2_with_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "turns": [\n    {"role": "candidate" "content": "x"}\n  ]\n}')
    assert main(["grade", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err and "line 3" in err
    assert main(["grade", str(tmp_path / "missing.md")]) == 2
    assert "cannot read file" in capsys.readouterr().err
    notes = tmp_path / "notes.md"
    notes.write_text("Some notes without speaker labels.\n")
    assert main(["grade", str(notes)]) == 2
    assert "line 1" in capsys.readouterr().err


def test_bad_flag_values_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["grade", STRONG, "--company", "netflix"])
    assert exc.value.code == 2
    assert main(["grade", STRONG, "--samples", "0"]) == 2


def test_llm_grader_in_offline_mode_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", STRONG, "--grader", "llm"]) == 2
    assert "offline mode is configured" in capsys.readouterr().err


def test_llm_grader_falls_back_with_a_notice(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    llm = FakeChatModel().enqueue(LLMUnavailable("connection refused after 2 retries"))
    monkeypatch.setattr("kernel.llm.build_chat_model", lambda settings: llm)
    assert main(["grade", STRONG, "--grader", "llm", "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["grader"] == "offline (llm unavailable)"
    assert any(f.startswith("llm_unavailable") for f in data["flags"])
    assert "LLM grader was unavailable" in captured.err
