"""No key anywhere: in grade output and --out files, saved scorecards and records, notices, doctor --ping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.store import save_scorecard
from kernel.config import get_settings
from kernel.redact import clean_text, redact
from tests.llm.scripted_server import ScriptedServer, Step
from tests.reliability.conftest import SECRET
from ui.cli import main

SCRIPT = Path(__file__).parents[1] / "llm" / "data" / "short_interview.md"


@pytest.mark.parametrize("text", [
    f"key {SECRET} echoed", "Authorization: Bearer abc.def-12345678", "sk-proj-AbC123dEf456GhI789",
    "gsk_4f9Q2w8E1r7T3y6U0i5O9p2A", "AIzaSyA1234567890abcdefghijklmnopqr", '{"api_key": "hunter2x"}',
    "x-api-key: 12ab34cd",
])
def test_credentials_are_masked_whatever_their_prefix(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    masked = redact(text)
    assert "[redacted]" in masked
    for secret in (SECRET, "abc.def-12345678", "AbC123dEf456GhI789", "4f9Q2w8E1r7T3y6U0i5O9p2A", "hunter2x",
                   "12ab34cd", "A1234567890abcdefghijklmnopqr"):
        assert secret not in masked


@pytest.mark.parametrize("text", [
    "url-shortener-3f9a2b1c0d", "a basic understanding of the bearer of news", "The secret: consistent hashing",
    "100000000000000000000 bytes", "base62 ids of 7 characters", "3f9a2b1c-0d4e-4a1b-8c2d-1234567890ab",
])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text) == text


def test_escapes_are_stripped_from_printed_text() -> None:
    assert clean_text("a\x1b]0;title\x07b\x1b[2J\x1b[Hc\x9b31m\x07d\r\n") == "abcd\n"


def test_saved_scorecards_hold_no_key(settings, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    save_scorecard(settings, "t-1", {"flags": [f"llm_unavailable: LLMError: bad key {SECRET}",
                                              "proxy said Bearer zz9-abcdefgh1234"]})
    text = (settings.sessions_dir / "t-1.scorecard.json").read_text()
    assert SECRET not in text and "abcdefgh1234" not in text and json.loads(text)["flags"]


@pytest.mark.integration
def test_grade_json_and_out_hold_no_echoed_key(endpoint_env: ScriptedServer, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    endpoint_env.default = Step(status=401, body={"error": {"message": f"Incorrect API key provided: {SECRET}"}})
    out = tmp_path / "card.json"
    code = main(["grade", str(SCRIPT), "--grader", "llm", "--samples", "1", "--json", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0
    card = json.loads(out.read_text())
    assert any(f.startswith("llm_unavailable") for f in card["flags"])
    for text in (out.read_text(), captured.out, captured.err):
        assert SECRET not in text and "Traceback" not in text


@pytest.mark.integration
def test_grade_with_no_choices_falls_back_offline(endpoint_env: ScriptedServer, capsys) -> None:  # type: ignore[no-untyped-def]
    endpoint_env.default = Step(body={"choices": None})
    assert main(["grade", str(SCRIPT), "--grader", "llm", "--samples", "1", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["grader"].startswith("offline")
    assert "offline grade" in captured.err and "Traceback" not in captured.err


def test_doctor_ping_holds_no_echoed_key(endpoint_env: ScriptedServer, capsys) -> None:  # type: ignore[no-untyped-def]
    endpoint_env.default = Step(status=403, body={"error": {"message": f"key {SECRET} / Bearer {SECRET} refused"}})
    assert main(["doctor", "--ping"]) == 1
    text = capsys.readouterr().out
    assert SECRET not in text and "[redacted]" in text
    assert main(["doctor", "--ping", "--json"]) == 1
    assert SECRET not in capsys.readouterr().out
    assert get_settings().openai_api_key is not None
