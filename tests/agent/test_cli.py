"""``babysteps interview``: replay to JSON, bad input, and the interactive loop."""

from __future__ import annotations

import argparse
import json

import pytest

from agent.cli import register


@pytest.fixture(autouse=True)
def keyword_analysis(monkeypatch):
    """Unit tests analyse turns with the keyword rules; the integration tests use the real embedder."""
    monkeypatch.setattr("agent.cli._embedder", lambda: None)


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="babysteps")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def write(tmp_path, text: str, name: str = "script.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_replay_json(tmp_path, capsys):
    path = write(tmp_path, "# problem: url-shortener\n# company: amazon\n\nInterviewer: ignored\n"
                           "Candidate: How many URLs per day?\nCandidate: Is it read-heavy?\n")
    assert run(["interview", "--replay", path, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["problem"], out["company"], out["level"]) == ("url-shortener", "amazon", "senior")
    assert [t["content"] for t in out["turns"] if t["role"] == "candidate"] == ["How many URLs per day?",
                                                                                 "Is it read-heavy?"]
    assert "ignored" not in [t["content"] for t in out["turns"]]
    assert out["turns"][-1]["role"] == "interviewer" and out["turns"][-1]["phase"] == "wrap_up"
    assert all(set(t) == {"role", "content", "phase", "minute"} for t in out["turns"])


def test_replay_is_reproducible(tmp_path, capsys):
    path = write(tmp_path, "Candidate: How many URLs per day?\nCandidate: I'll use Redis and Kafka.\n")
    run(["interview", "--replay", path, "--json"])
    first = capsys.readouterr().out
    run(["interview", "--replay", path, "--json"])
    assert capsys.readouterr().out == first


def test_replay_text_output_and_problem_override(tmp_path, capsys):
    path = write(tmp_path, "Candidate: How many users do we have?\n")
    assert run(["interview", "--replay", path, "--problem", "task-app", "--company", "startup"]) == 0
    out = capsys.readouterr().out
    assert "Candidate: How many users do we have?" in out and "5,000" in out


def test_unknown_problem_lists_valid_ids(tmp_path, capsys):
    path = write(tmp_path, "Candidate: hi?\n")
    assert run(["interview", "--replay", path, "--problem", "nope"]) == 2
    err = capsys.readouterr().err
    assert "url-shortener" in err and "task-app" in err


def test_replay_without_candidate_turns(tmp_path, capsys):
    path = write(tmp_path, "Interviewer: Design a URL shortener.\n")
    assert run(["interview", "--replay", path]) == 2
    assert "no candidate turns" in capsys.readouterr().err


def test_replay_unreadable_file(tmp_path, capsys):
    assert run(["interview", "--replay", str(tmp_path / "missing.md")]) == 2
    assert "cannot read" in capsys.readouterr().err
    path = tmp_path / "bin.md"
    path.write_bytes(b"\x00\x01binary")
    assert run(["interview", "--replay", str(path)]) == 2


def test_replay_with_a_huge_turn_is_a_clear_error(tmp_path, capsys):
    path = write(tmp_path, "Candidate: " + "x" * 20_001 + "\n")
    assert run(["interview", "--replay", path]) == 2
    assert "too long" in capsys.readouterr().err


def test_interactive_session(monkeypatch, capsys, settings):
    inputs = iter(["", "How many URLs per day?", "y" * 20_001, "/quit"])
    monkeypatch.setattr("rich.console.Console.input", lambda self, prompt="": next(inputs))
    assert run(["interview", "--company", "meta"]) == 0
    out = capsys.readouterr().out
    assert "100 million" in out and "too long" in out and "--resume" in out
    from agent.session import InterviewSession, list_sessions

    (record,) = list_sessions(settings)
    assert record.candidate_turns == 1 and not record.finished  # /quit keeps the checkpoint
    resumed = InterviewSession.resume(settings, record.thread_id)
    assert [t.content for t in resumed.transcript().turns if t.role == "candidate"] == ["How many URLs per day?"]
    resumed.close()


def test_interactive_eof_asks_before_ending(monkeypatch, capsys, settings, fake_embeddings):
    inputs = iter([EOFError, "y"])
    prompts = []

    def answer(self, prompt=""):
        prompts.append(prompt)
        value = next(inputs)
        if value is EOFError:
            raise EOFError
        return value

    monkeypatch.setattr("rich.console.Console.input", answer)
    assert run(["interview", "--problem", "task-app"]) == 0
    out = capsys.readouterr().out
    assert "grade it now?" in prompts[-1] and "nothing to grade" in out
    from agent.session import list_sessions

    assert list_sessions(settings)[0].finished


@pytest.mark.parametrize("flag", ["--company", "--level", "--format", "--llm"])
def test_invalid_choices_exit(flag):
    with pytest.raises(SystemExit):
        run(["interview", flag, "bogus"])


def test_the_terminal_scorecard_quotes_the_candidate_and_gives_advice(monkeypatch, capsys, settings, fake_embeddings):
    answer = ("We create 100 million links a day, which is about 1,160 writes a second, and reads are 100 times that, "
              "so a cache in front of the database because 116K reads a second is more than one database serves.")
    inputs = iter(["How many URLs per day?", answer, "/end"])
    monkeypatch.setattr("rich.console.Console.input", lambda self, prompt="": next(inputs))
    assert run(["interview"]) == 0
    out = capsys.readouterr().out
    assert "Overall" in out and "/4" in out
    assert "turn " in out and "\u201c" in out  # evidence quoted with its turn
    assert "Next time:" in out  # advice, not only numbers


def test_interview_help_names_only_commands_that_exist(capsys):
    with pytest.raises(SystemExit):
        run(["interview", "--help"])
    out = capsys.readouterr().out
    assert "kb problems" not in out and "babysteps problems" in " ".join(out.split())


def test_interactive_diagram_commands(monkeypatch, capsys, settings):
    inputs = iter(["/diagram", "/draw client -> api; api -> db: writes", "/draw api ->", "/draw cache: Redis [cache]",
                   "How many users?", "/diagram", "/quit"])
    monkeypatch.setattr("rich.console.Console.input", lambda self, prompt="": next(inputs))
    assert run(["interview", "--problem", "task-app"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "The diagram is empty" in out and "/draw api -> db: writes" in out
    assert "api -> db (writes)" in out and "an arrow needs a box on each side" in out and "unchanged" in out
    assert "No arrows: Redis." in out
    from agent.session import InterviewSession, list_sessions

    (record,) = list_sessions(settings)
    assert record.candidate_turns == 1  # commands are not turns
    resumed = InterviewSession.resume(settings, record.thread_id)
    assert [n.name for n in resumed.diagram().nodes] == ["client", "api", "db", "Redis"]
    resumed.close()


def test_out_writes_the_transcript_scorecard_and_diagram_images(monkeypatch, capsys, settings, fake_embeddings,
                                                                 tmp_path):
    inputs = iter(["/draw web -> api: HTTPS; api -> db: writes", "How many users?", "/end"])
    monkeypatch.setattr("rich.console.Console.input", lambda self, prompt="": next(inputs))
    out = tmp_path / "export"
    assert run(["interview", "--problem", "task-app", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["diagram.png", "diagram.svg", "scorecard.json",
                                                    "transcript.json", "transcript.md"]
    import json

    data = json.loads((out / "transcript.json").read_text())
    assert [n["id"] for n in data["diagram"]["nodes"]] == ["web", "api", "db"]
    assert ">HTTPS<" in (out / "diagram.svg").read_text()
