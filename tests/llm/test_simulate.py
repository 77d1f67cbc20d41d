"""``babysteps eval --simulate`` with the fake chat model: personas played, turns judged, the report written."""

from __future__ import annotations

import argparse
import json

import pytest

from evals.simulate import (
    DATA,
    PersonaResult,
    judge,
    load_gates,
    load_personas,
    load_questions,
    metrics,
    play,
    verdict_schema,
    write_report,
)
from kernel.llm import LLMUnavailable, StructuredOutputError
from tests.fakes import FakeChatModel
from ui.cli import main

INVALID = StructuredOutputError("LLMReading: output invalid after one repair retry", "{}")


def test_the_data_files_name_every_persona_question_and_gate() -> None:
    personas, questions, gates = load_personas(), load_questions(), load_gates()
    assert {"strong", "memoriser", "over-engineer", "silent", "wrong-arithmetic", "injector", "off-topic",
            "terse-staff", "rambler"} <= set(personas)
    ids = {q.id for q in questions}
    assert {"answered", "no_false_challenge", "no_reask", "no_leak", "no_solution", "in_role", "specific"} == ids
    assert {g.metric for g in gates} <= ids | {"grade_side"}
    schema = verdict_schema(questions).model_json_schema()
    assert list(schema["properties"])[0] == "reasoning" and schema["properties"]["no_leak"]["enum"] == ["yes", "no"]
    assert (DATA / "personas.yaml").exists()


def test_without_an_endpoint_the_command_says_how_to_set_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--simulate", "--personas", "strong"]) == 2
    err = capsys.readouterr().err
    assert "needs an OpenAI-compatible endpoint" in err and "OPENAI_BASE_URL" in err


def test_unknown_personas_are_refused(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert main(["eval", "--simulate", "--personas", "strong,genius"]) == 2
    assert "unknown persona(s) genius" in capsys.readouterr().err


def test_a_persona_is_played_judged_and_reported(settings, tmp_path) -> None:
    persona = load_personas()["strong"]
    questions = load_questions()
    fake = FakeChatModel()
    fake.enqueue("How many links are created per day?", INVALID, "We create about 100 million new short links per day.")
    fake.enqueue("Then 100M a day is about 1,160 writes per second.", INVALID, "How would you store them?")
    fake.enqueue("Thanks for the time.")  # the closing turn
    result = play(persona, turns=2, settings=settings, interviewer=fake, candidate=fake)
    assert result.transcript is not None
    roles = [t.role for t in result.transcript.turns]
    assert roles.count("candidate") == 2 and roles[-1] == "interviewer"
    candidate_calls = [c for c in fake.history if c.kind == "complete"]
    assert "Stay in character" in candidate_calls[0].messages[0]["content"]
    assert candidate_calls[1].messages[-1]["role"] == "user"  # the interviewer's words come as the other side

    good = {q.id: q.good for q in questions}
    bad = good | {"no_leak": "yes"}
    judged = sum(1 for n, t in enumerate(result.transcript.turns) if t.role == "interviewer" and n > 0)
    fake.enqueue({"reasoning": "fine"} | good, {"reasoning": "leak"} | bad,
                 *[LLMUnavailable("down") for _ in range(judged - 2)])
    judge(result, persona, questions, fake)
    assert len(result.answers) == 2 and result.judge_failures == judged - 2
    no_leak = next(q for q in questions if q.id == "no_leak")
    assert result.rate(no_leak) == 0.5
    result.verdict, result.overall, result.lands = "Hire", 3.1, True
    other = PersonaResult(persona="memoriser", side="no_hire", verdict="Hire", overall=3.0, lands=False)
    paths, failed = write_report([result, other], questions, load_gates(), tmp_path, fake.usage.describe())
    report = paths[0].read_text()
    assert "| strong | hire | Hire |" in report and "| memoriser | no_hire |" in report
    assert "## Transcript: strong" in report
    assert {g.metric for g in failed} >= {"no_leak", "grade_side"}
    data = json.loads(paths[1].read_text())
    assert [p["persona"] for p in data["personas"]] == ["strong", "memoriser"]
    assert metrics([result, other], questions)["grade_side"] == 0.5


def test_a_candidate_outage_ends_that_persona_with_the_error_reported(settings) -> None:
    persona = load_personas()["memoriser"]
    fake = FakeChatModel().enqueue(LLMUnavailable("connection refused"), "Thanks, that's all.")
    result = play(persona, turns=3, settings=settings, interviewer=fake, candidate=fake)
    assert result.errors and "connection refused" in result.errors[0]
    assert result.transcript is not None and not result.transcript.candidate_turns()


def test_args_defaults_parse() -> None:
    from ui.cli import build_parser

    args = build_parser().parse_args(["eval", "--simulate", "--turns", "4", "--out", "x"])
    assert isinstance(args, argparse.Namespace) and args.simulate and args.turns == 4 and args.personas is None
