"""``babysteps eval``: grade the eval cases, replay the interviewer scripts, write the report, check the gates.

Exit codes: 0 all gates pass, 1 a gate failed (listed on stderr), 2 bad arguments or unusable setup.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel.config import get_settings

if TYPE_CHECKING:  # the eval machinery (scipy, sklearn, matplotlib) loads only when an eval runs
    from evals.run import ReplayFn
    from evals.task import GradeFn


def register(sub: Any) -> None:
    """Add ``eval`` to the babysteps parser."""
    p = sub.add_parser("eval", help="grade the eval transcripts and check the quality gates")
    p.add_argument("--grader", choices=("offline", "llm"), default="offline", help="which grader to evaluate")
    p.add_argument("--repeat", type=int, default=1, metavar="N", help="grade each case N times (test-retest)")
    p.add_argument("--out", default="eval-out", metavar="DIR", help="where to write report.md, results.json, plots")
    p.add_argument("--cases", default="*", metavar="GLOB", help="only cases (and scripts) whose id matches")
    p.add_argument("--scripts", default=None, metavar="GLOB",
                   help="only interviewer scripts whose id matches (default: the --cases glob)")
    p.add_argument("--no-perturb", action="store_true", help="skip the perturbed copies of each case")
    p.add_argument("--no-swaps", action="store_true", help="skip the company and level swaps")
    p.add_argument("--no-interviewer", action="store_true", help="skip replaying the interviewer scripts")
    p.add_argument("--seed", type=int, default=0, help="seed of the deterministic perturbations and the CV folds")
    p.add_argument("--cv", action="store_true",
                   help="also cross-validate the offline grader over its own cases and ../shared (or $BABYSTEPS_SHARED)")
    p.add_argument("--fit", action="store_true",
                   help="with --cv: write the calibration fitted on every labelled transcript to rubric/data")
    p.add_argument("--simulate", action="store_true",
                   help="LLM-played candidate personas against the interviewer, judged turn by turn (needs an endpoint)")
    p.add_argument("--personas", default=None, metavar="A,B",
                   help="with --simulate: which personas (evals/data/simulate/personas.yaml; default strong,memoriser)")
    p.add_argument("--turns", type=int, default=6, metavar="N", help="with --simulate: candidate turns per persona")
    p.add_argument("--strict", action="store_true", help="with --simulate: exit 1 when a simulation gate fails")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    if getattr(args, "simulate", False):
        from evals.simulate import run_simulation

        return run_simulation(args)
    return execute(args)


def execute(
    args: argparse.Namespace,
    *,
    embedder: Any = None,
    grade_fn: GradeFn | None = None,
    replay_fn: ReplayFn | None = None,
) -> int:
    """Run the eval for parsed ``args``; tests pass their own embedder, grader or replay."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from evals.dataset import DatasetError
    from evals.run import run_eval

    err = Console(stderr=True)
    if args.repeat < 1:
        err.print("error: --repeat must be at least 1")
        return 2
    settings = get_settings()
    chat_model = None
    if args.grader == "llm":
        from kernel.llm import build_chat_model

        chat_model = build_chat_model(settings)
        if chat_model is None:
            err.print(f"error: --grader llm needs an LLM endpoint ({settings.llm_mode()[1]})")
            return 2
    started = time.perf_counter()
    if embedder is None:
        from knowledge.embeddings import EmbeddingModelMissing, get_embedder

        try:
            embedder = get_embedder()
            embedder.embed(["warm up"])  # load the model once, up front, so its time is counted
        except EmbeddingModelMissing as exc:
            err.print(f"error: {exc}")
            return 2
    load_s = round(time.perf_counter() - started, 2)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=not err.is_terminal) as bar:
            task = bar.add_task("eval", total=None)

            def progress(done: int, total: int, what: str) -> None:
                bar.update(task, completed=done, total=total, description=f"eval {what[:48]}")

            run = run_eval(
                grader=args.grader,
                repeat=args.repeat,
                pattern=args.cases,
                script_pattern=args.scripts,
                perturb=not args.no_perturb,
                swaps=not args.no_swaps,
                interviewer=not args.no_interviewer,
                settings=settings,
                embedder=embedder,
                chat_model=chat_model,
                grade_fn=grade_fn,
                replay_fn=replay_fn,
                progress=progress,
                seed=args.seed,
                cv=args.cv,
            )
    except DatasetError as exc:
        err.print(f"error: {exc}")
        return 2
    run.timings = {"embedder_load_s": load_s, **run.timings,
                   "total_s": round(time.perf_counter() - started, 2)}
    if not run.results:
        err.print(f"error: no eval case matches '{args.cases}'")
        return 2
    from evals.report import metrics_table, write

    paths = write(run, Path(args.out))
    out = Console()
    out.print(metrics_table(run))
    if run.cv is not None:
        for note in run.cv.notes:
            err.print(f"cv: {note}")
        if args.fit and run.cv.calibration is not None:
            from rubric.calibration import CALIBRATION, load_calibration, save_calibration

            save_calibration(run.cv.calibration.model_copy(update={"scorer": load_calibration().scorer}))
            out.print(f"wrote the fitted calibration to {CALIBRATION}")
    out.print(f"wrote {', '.join(str(p) for p in paths)}")
    out.print(f"time: {run.timings}")
    if run.failed:
        print("eval gates failed:", file=sys.stderr)
        for g in run.failed:
            print(f"  - {g.describe()}", file=sys.stderr)
        return 1
    out.print("all eval gates passed")
    return 0
