"""Write an eval run out: ``results.json`` (cases + metrics), ``report.md``, the plots, and a console table."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.table import Table

from evals import evaluators as ev
from evals import plots
from evals.run import EvalRun
from evals.task import CaseResult


def _num(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 4)


def case_row(r: CaseResult, base: CaseResult | None) -> dict[str, Any]:
    row: dict[str, Any] = r.model_dump(mode="json")
    row["checks"] = {
        "side_ok": ev.side_ok(r),
        "verdict_exact": ev.verdict_exact(r),
        "verdict_acceptable": ev.verdict_acceptable(r),
        "band_misses": ev.band_misses(r),
    }
    if base is not None and r.variant != "original":
        row["checks"]["same_verdict_as_base"] = ev.same_verdict(r, base)
        row["checks"]["max_delta_vs_base"] = ev.max_dimension_delta(r, base)
        if r.variant == "swap":
            row["checks"]["direction_ok"] = ev.direction_ok(r, base)
    return row


def results_json(run: EvalRun) -> dict[str, Any]:
    by_id = {r.id: r for r in run.results if r.variant == "original"}
    return {
        "grader": run.grader,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "metrics": {k: _num(v) for k, v in run.metrics.items()},
        "gates": [
            {**g.gate.model_dump(), "actual": _num(g.actual), "status": g.status} for g in run.gates
        ],
        "timings": run.timings,
        "cases": [case_row(r, by_id.get(r.base)) for r in run.results],
        "reference": [case_row(r, None) for r in run.reference],
        "interviewer": [c.__dict__ for c in run.checks],
        "cv": None if run.cv is None else {
            "notes": run.cv.notes,
            "cases": [case_row(r, None) for r in run.cv.results],
        },
    }


def cv_markdown(run: EvalRun) -> list[str]:
    """Out-of-fold metrics per source, and the transcripts put on the wrong side."""
    if run.cv is None:
        return []
    from evals.cv import REPORTED

    names = ["all", *sorted({r.kind for r in run.cv.results})]
    lines = ["", "## Cross-validation (out of fold)", "", "| source | " + " | ".join(REPORTED) + " |",
             "|---|" + "---|" * len(REPORTED)]
    for prefix, scorer in (("cv_", "ledger"), ("cv_rules_", "phrase rules")):
        for name in names:
            suffix = "" if name == "all" else f"[{name}]"
            if f"{prefix}cases{suffix}" in run.metrics:
                lines.append(f"| {name} ({scorer}) | "
                             + " | ".join(_fmt(run.metrics.get(f"{prefix}{k}{suffix}")) for k in REPORTED) + " |")
    lines += [f"- {n}" for n in run.cv.notes]
    wrong = [r for r in run.cv.results if not ev.side_ok(r)]
    lines += ["", "Wrong side: " + (", ".join(
        f"{r.id} ({r.expected.verdict} -> {r.actual.verdict if r.actual else r.error})" for r in wrong) or "none")]
    return lines


def _fmt(v: float | None) -> str:
    return "n/a" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.3f}".rstrip("0").rstrip(".")


def markdown(run: EvalRun) -> str:
    lines = [f"# Babysteps eval report ({run.grader} grader)", ""]
    failed = run.failed
    lines.append(f"**Gates: {'FAILED - ' + ', '.join(g.gate.metric for g in failed) if failed else 'all passed'}**")
    lines += ["", "## Gates", "", "| metric | value | gate | status |", "|---|---|---|---|"]
    lines += [
        f"| {g.gate.metric} | {_fmt(g.actual)} | {g.gate.op} {g.gate.value:g} | {g.status} |" for g in run.gates
    ]
    lines += ["", "## Metrics", "", "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {_fmt(v)} |" for k, v in run.metrics.items()]
    lines += cv_markdown(run)
    lines += ["", "## Timings", ""] + [f"- {k}: {v}" for k, v in run.timings.items()]
    lines += ["", "## Cases", "", "| case | expected | actual | overall | side | band misses |", "|---|---|---|---|---|---|"]
    for r in run.results:
        if r.variant != "original":
            continue
        got = r.actual.verdict if r.actual else f"error: {r.error}"
        overall = f"{r.actual.overall:.2f}" if r.actual else "-"
        lines.append(
            f"| {r.id} | {r.expected.verdict} | {got} | {overall} | {'ok' if ev.side_ok(r) else 'WRONG'} "
            f"| {'; '.join(ev.band_misses(r)) or '-'} |"
        )
    by_id = {r.id: r for r in run.results if r.variant == "original"}
    moved = [
        r for r in run.results
        if r.variant not in ("original", "swap") and r.base in by_id
        and (not ev.same_verdict(r, by_id[r.base]) or ev.max_dimension_delta(r, by_id[r.base]) > 1)
    ]
    lines += ["", "## Swaps", "", "| swap | expected | actual | direction ok |", "|---|---|---|---|"]
    for r in run.results:
        if r.variant == "swap":
            base = by_id.get(r.base)
            ok = ev.direction_ok(r, base) if base else False
            lines.append(f"| {r.id} | {r.expected.verdict} ({r.expected.direction}) | "
                         f"{r.actual.verdict if r.actual else r.error} | {ok} |")
    lines += ["", "## Perturbations that moved the grade", ""]
    for r in moved:
        base = by_id[r.base]
        lines.append(f"- {r.id}: {base.actual.verdict if base.actual else '?'} -> "
                     f"{r.actual.verdict if r.actual else r.error}, largest dimension change "
                     f"{ev.max_dimension_delta(r, base)}")
    if not moved:
        lines.append("- none")
    if run.checks:
        lines += ["", "## Interviewer behaviour", "", "| script | check | ok | detail |", "|---|---|---|---|"]
        lines += [
            f"| {c.script} | {c.name} | {'ok' if c.ok else 'FAIL'} | {c.detail.replace('|', '/')[:140]} |"
            for c in run.checks
        ]
    lines += ["", "## Plots", "", "![confusion](confusion.png)", "![distributions](distributions.png)",
              "![invariance](invariance.png)", ""]
    return "\n".join(lines)


def write(run: EvalRun, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "results.json", out / "report.md"]
    paths[0].write_text(json.dumps(results_json(run), indent=2), encoding="utf-8")
    paths[1].write_text(markdown(run), encoding="utf-8")
    if run.replays:
        folder = out / "interviewer"
        folder.mkdir(exist_ok=True)
        for sid, text in run.replays.items():
            (folder / f"{sid}.md").write_text(text, encoding="utf-8")
    return paths + plots.write_all(run.results, out)


def metrics_table(run: EvalRun) -> Table:
    table = Table(title=f"eval metrics ({run.grader} grader)")
    for col in ("metric", "value", "gate", "status"):
        table.add_column(col)
    gated = {g.gate.metric: g for g in run.gates}
    for name, value in run.metrics.items():
        g = gated.get(name)
        status = "" if g is None else {"pass": "[green]pass[/]", "fail": "[red]FAIL[/]", "skipped": "skipped"}[g.status]
        table.add_row(escape(name), _fmt(value), f"{g.gate.op} {g.gate.value:g}" if g else "", status)
    return table
