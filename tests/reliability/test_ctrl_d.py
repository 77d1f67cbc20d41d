"""Ctrl-D in the terminal interview asks before it ends and grades; declining (or a second Ctrl-D) stops
the interview unfinished and ungraded, to be resumed."""

from __future__ import annotations

import argparse

import pytest

from agent.cli import register
from agent.session import InterviewSession, list_sessions
from kernel.config import Settings


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="babysteps")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


@pytest.mark.parametrize("reply", ["n", "", EOFError])
def test_ctrl_d_does_not_grade_without_a_yes(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                             settings: Settings, reply: object) -> None:
    monkeypatch.setattr("agent.cli._embedder", lambda: None)
    inputs = iter(["How many URLs per day?", EOFError, reply])
    prompts: list[str] = []

    def answer(self: object, prompt: str = "") -> str:
        prompts.append(prompt)
        value = next(inputs)
        if value is EOFError:
            raise EOFError
        return str(value)

    monkeypatch.setattr("rich.console.Console.input", answer)
    assert _run(["interview", "--problem", "url-shortener"]) == 0
    out = capsys.readouterr().out
    assert "grade it now?" in prompts[-1] and "Overall" not in out and "--resume" in out
    (record,) = list_sessions(settings)
    assert not record.finished and record.candidate_turns == 1
    session = InterviewSession.resume(settings, record.thread_id)
    assert not session.view().finished
    session.close()
