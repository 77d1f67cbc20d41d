"""The eval runner end to end: real offline grader and interviewer with fake embeddings, on a few cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from evals.cli import execute
from evals.run import CachedEmbedder, Gate, evaluate_gates
from rubric.models import Scorecard
from tests.fakes import FakeEmbeddings
from ui.cli import build_parser


def _args(*extra: str):  # type: ignore[no-untyped-def]
    return build_parser().parse_args(["eval", *extra])


def test_end_to_end_writes_report_results_and_plots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "eval-out"
    code = execute(_args("--cases", "rl-*", "--scripts", "rate-limiter-google", "--out", str(out)),
                   embedder=FakeEmbeddings())
    assert code in (0, 1)  # the gates are the grader's business; the run itself must complete
    for name in ("report.md", "results.json", "confusion.png", "distributions.png", "invariance.png"):
        assert (out / name).stat().st_size > 0, name
    data = json.loads((out / "results.json").read_text())
    originals = [c for c in data["cases"] if c["variant"] == "original"]
    assert {c["id"] for c in originals} == {"rl-asked-first", "rl-drew-first"}
    assert all(c["error"] is None and c["actual"]["verdict"] for c in data["cases"])
    assert all(c["expected"]["side"] in ("hire", "no_hire") for c in data["cases"])
    assert len(data["cases"]) == 2 * 9  # each case and its 8 perturbations
    reused = {c["variant"] for c in data["cases"] if c["reused"]}
    assert reused == {"labels_bold", "labels_bold_outside", "labels_lower", "labels_quoted", "json"}
    assert not any(c["reused"] for c in data["cases"] if c["variant"] in ("reworded", "padded", "injected"))
    for key in ("side_accuracy", "within_band", "qwk", "spearman", "invariance_same_verdict", "interviewer_pass_rate"):
        assert key in data["metrics"], key
    assert data["interviewer"] and (out / "interviewer" / "rate-limiter-google.md").exists()
    report = (out / "report.md").read_text()
    assert "rl-asked-first" in report and "## Gates" in report
    assert "side_accuracy" in capsys.readouterr().out


def test_failing_gate_exits_non_zero_and_lists_it(
    tmp_path: Path, always_hire: Callable[..., Scorecard], capsys: pytest.CaptureFixture[str]
) -> None:
    code = execute(_args("--cases", "rl-drew-first", "--no-perturb", "--no-interviewer", "--out", str(tmp_path)),
                   embedder=FakeEmbeddings(), grade_fn=always_hire)
    assert code == 1
    err = capsys.readouterr().err
    assert "side_accuracy" in err and "within_band" in err


def test_passing_gates_exit_zero(tmp_path: Path, label_faithful: Callable[..., Scorecard]) -> None:
    code = execute(_args("--cases", "*-url-shortener", "--no-perturb", "--no-swaps", "--no-interviewer", "--out", str(tmp_path)),
                   embedder=FakeEmbeddings(), grade_fn=label_faithful)
    assert code == 0


def test_a_grader_without_spread_fails_the_qwk_gate(
    tmp_path: Path, always_hire: Callable[..., Scorecard], capsys: pytest.CaptureFixture[str]
) -> None:
    code = execute(_args("--cases", "extra-pastebin", "--no-perturb", "--no-interviewer", "--out", str(tmp_path)),
                   embedder=FakeEmbeddings(), grade_fn=always_hire)
    assert code == 1
    assert "qwk n/a" in capsys.readouterr().err


def test_bad_arguments_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert execute(_args("--cases", "no-such-case", "--no-interviewer", "--out", str(tmp_path)),
                   embedder=FakeEmbeddings()) == 2
    assert execute(_args("--repeat", "0"), embedder=FakeEmbeddings()) == 2
    assert execute(_args("--grader", "llm"), embedder=FakeEmbeddings()) == 2  # no endpoint configured
    assert "LLM endpoint" in capsys.readouterr().err


def test_gate_evaluation() -> None:
    gates = [Gate(metric="a", op=">=", value=0.9), Gate(metric="b", op="<=", value=1),
             Gate(metric="c", op=">=", value=1, when="repeat"), Gate(metric="d", op=">=", value=1)]
    got = evaluate_gates({"a": 0.95, "b": 2.0, "c": 0.0, "d": float("nan")}, gates, parts=set())
    assert [g.status for g in got] == ["pass", "fail", "skipped", "fail"]


def test_undefined_or_missing_metric_fails_its_gate() -> None:
    """An always-3 grader has no spread, so QWK is nan: that must fail the gate, not skip it."""
    gates = [Gate(metric="qwk", op=">=", value=0.8), Gate(metric="absent", op="<=", value=0)]
    got = evaluate_gates({"qwk": float("nan")}, gates, parts={"perturb"})
    assert [g.status for g in got] == ["fail", "fail"]
    assert "n/a" in got[0].describe()


def test_cached_embedder_embeds_each_text_once() -> None:
    calls: list[list[str]] = []

    class Counting(FakeEmbeddings):
        def embed(self, texts: list[str]) -> list[list[float]]:
            calls.append(list(texts))
            return super().embed(texts)

    cached = CachedEmbedder(Counting())
    first = cached.embed(["a", "b", "a"])
    second = cached.embed(["b", "c"])
    assert calls == [["a", "b"], ["c"]]
    assert first[0] == first[2] == FakeEmbeddings().embed(["a"])[0] and second[0] == first[1]
