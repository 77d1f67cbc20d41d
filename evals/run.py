"""Run the evals: grade every case (and its perturbations and swaps), replay the interviewer scripts,
compute the metrics and check them against the gates in ``evals/thresholds.yaml``."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from evals import metrics as m
from evals.dataset import EvalCase, load_cases, load_scripts
from evals.evaluators import Check, check_interview
from evals.perturb import PERTURBATIONS, perturbed_cases
from evals.task import CaseResult, GradeFn, grade_case
from kernel.config import Settings
from kernel.llm import ChatModel
from kernel.transcript import Transcript

THRESHOLDS = Path(__file__).parent / "thresholds.yaml"
Part = Literal["perturb", "swaps", "interviewer", "repeat", "cv", "cv:own", "cv:corpus", "cv:real"]
ProgressFn = Callable[[int, int, str], None]  # (done, total, what is running now)
ReplayFn = Callable[..., Transcript]


class Gate(BaseModel):
    metric: str
    op: Literal[">=", "<="]
    value: float
    when: Part | None = None


@dataclass(frozen=True)
class GateResult:
    gate: Gate
    actual: float | None
    status: Literal["pass", "fail", "skipped"]

    def describe(self) -> str:
        got = "n/a" if self.actual is None or math.isnan(self.actual) else f"{self.actual:.3f}"
        return f"{self.gate.metric} {got} (needs {self.gate.op} {self.gate.value:g}): {self.status}"


@dataclass
class EvalRun:
    grader: str
    results: list[CaseResult]
    checks: list[Check]
    metrics: dict[str, float]
    gates: list[GateResult] = field(default_factory=list)
    reference: list[CaseResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    parts: set[str] = field(default_factory=set)
    replays: dict[str, str] = field(default_factory=dict)  # script id -> replayed transcript (Markdown)
    cv: Any = None  # an evals.cv.CVRun when cross-validation ran

    @property
    def failed(self) -> list[GateResult]:
        return [g for g in self.gates if g.status == "fail"]


class CachedEmbedder:
    """Memoises another embedder by text: perturbed transcripts repeat most of their sentences."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = str(getattr(inner, "name", type(inner).__name__))
        self._cache: dict[str, list[float]] = {}

    @property
    def dim(self) -> int:
        return int(self.inner.dim)

    def embed(self, texts: list[str]) -> list[list[float]]:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            self._cache.update(zip(missing, self.inner.embed(missing), strict=True))
        return [self._cache[t] for t in texts]


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, list[Gate]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {grader: [Gate.model_validate(g) for g in gates] for grader, gates in raw.items()}


def evaluate_gates(metrics: dict[str, float], gates: Sequence[Gate], parts: set[str]) -> list[GateResult]:
    """A gate passes or fails on its metric; it is skipped only when its part did not run.

    A metric that is missing or undefined (nan: no data, or a grader with no spread) fails its gate: a gate
    that cannot be measured has not been met.
    """
    out = []
    for g in gates:
        actual = metrics.get(g.metric)
        if g.when and g.when not in parts:
            out.append(GateResult(g, actual, "skipped"))
            continue
        if actual is None or math.isnan(actual):
            out.append(GateResult(g, actual, "fail"))
            continue
        ok = actual >= g.value if g.op == ">=" else actual <= g.value
        out.append(GateResult(g, actual, "pass" if ok else "fail"))
    return out


def _jobs(pattern: str, perturb: bool, swaps: bool, seed: int) -> list[EvalCase]:
    cases = load_cases(pattern, swaps=swaps)
    jobs = list(cases)
    if perturb:
        for case in [c for c in cases if c.variant == "original"]:
            jobs += perturbed_cases(case, tuple(PERTURBATIONS), seed)
    return jobs


def run_eval(
    *,
    grader: str = "offline",
    repeat: int = 1,
    pattern: str = "*",
    script_pattern: str | None = None,
    perturb: bool = True,
    swaps: bool = True,
    interviewer: bool = True,
    settings: Settings,
    embedder: Any,
    chat_model: ChatModel | None = None,
    index: Any = None,
    grade_fn: GradeFn | None = None,
    replay_fn: ReplayFn | None = None,
    thresholds: Path = THRESHOLDS,
    progress: ProgressFn | None = None,
    seed: int = 0,
    cv: bool = False,
) -> EvalRun:
    """Grade, replay and measure. ``embedder`` is used for every grading (wrapped in a cache)."""
    started = time.perf_counter()
    embedder = CachedEmbedder(embedder)
    jobs = _jobs(pattern, perturb, swaps, seed)
    scripts = load_scripts(script_pattern or pattern) if interviewer else []
    reference_jobs = [j for j in jobs if j.variant == "original"] if grader == "llm" else []
    total = len(jobs) + len(scripts) + len(reference_jobs)
    done = 0

    def tick(what: str) -> None:
        if progress:
            progress(done, total, what)

    if grade_fn is None:  # every candidate sentence of every job in one batched model call, up front
        from rubric.grader import prime_transcripts

        prime_transcripts(list({id(j.transcript): j.transcript for j in jobs}.values()), embedder=embedder)
    common: dict[str, Any] = {"settings": settings, "embedder": embedder, "index": index, "grade_fn": grade_fn}
    results: list[CaseResult] = []
    graded: dict[str, tuple[EvalCase, CaseResult]] = {}
    for job in jobs:
        tick(job.id)
        base = graded.get(job.base)
        if grader == "offline" and base and job.variant != "swap" and job.transcript == base[0].transcript:
            # the offline grader is a pure function of the parsed transcript: same input, same grade
            result = base[1].model_copy(update={"id": job.id, "variant": job.variant, "seconds": 0.0, "reused": True})
        else:
            reps = repeat if job.variant == "original" else 1
            result = grade_case(job, grader=grader, repeat=reps, chat_model=chat_model, **common)
        if job.variant == "original":
            graded[job.id] = (job, result)
        results.append(result)
        done += 1
    reference: list[CaseResult] = []
    for job in reference_jobs:
        tick(f"{job.id} (offline reference)")
        reference.append(grade_case(job, grader="offline", **common))
        done += 1
    checks: list[Check] = []
    replays: dict[str, str] = {}
    if scripts:
        if replay_fn is None:
            from agent.replay import replay

            replay_fn = replay
        for script in scripts:
            tick(f"interviewer: {script.id}")
            found, transcript = _replay_checks(script, replay_fn, settings, embedder, chat_model if grader == "llm" else None)
            checks += found
            if transcript is not None:
                replays[script.id] = transcript.to_markdown()
            done += 1
    tick("metrics")
    metrics = m.compute(results, checks, reference if grader == "llm" else None)
    listening: list[Any] = []
    if scripts:  # the interviewer listening: labelled turns in context, and sentences said twice in the replays
        tick("interviewer: labelled turns")
        from evals.evaluators import repeated_sentences
        from evals.listening import run_listening
        from knowledge.content import knowledge

        listening, heard = run_listening(knowledge(), embedder)
        metrics.update(heard)
        metrics["verbatim_repeats"] = float(sum(len(repeated_sentences(_parsed(md))) for md in replays.values()))
    parts = {p for p, on in (("perturb", perturb), ("swaps", swaps), ("interviewer", bool(scripts)),
                             ("repeat", repeat >= 2)) if on}
    cv_run = None
    if cv and grader == "offline":  # cross-validation of the offline grader's calibration over every source
        from evals.cv import run_cv

        cv_run = run_cv(embedder=embedder, seed=seed, progress=progress)
        metrics.update(cv_run.metrics)
        parts |= {"cv"} | {f"cv:{s}" for s in cv_run.sources}
    gate_list = load_thresholds(thresholds).get(grader, []) + (load_thresholds(thresholds).get("cv", []) if cv_run else [])
    gates = evaluate_gates(metrics, gate_list, parts)
    seconds = [r.seconds for r in results if not r.reused]
    timings = {
        "wall_s": round(time.perf_counter() - started, 2),
        "gradings": float(len(seconds)),
        "grading_s": round(sum(seconds), 2),
        "mean_grading_s": round(sum(seconds) / len(seconds), 3) if seconds else 0.0,
    }
    return EvalRun(grader, results, checks, metrics, gates, reference, timings, parts, replays, cv_run)


def _parsed(markdown: str) -> Transcript:
    from kernel.transcript import parse_transcript

    return parse_transcript(markdown)


def _replay_checks(
    script: Any, replay_fn: ReplayFn, settings: Settings, embedder: Any, chat_model: Any
) -> tuple[list[Check], Transcript | None]:
    try:
        transcript = replay_fn(
            script.turns,
            settings=settings,
            problem_id=script.problem,
            company=script.company,
            level=script.level,
            format_minutes=script.format_minutes,
            chat_model=chat_model,
            embedder=embedder,
        )
    except Exception as exc:  # noqa: BLE001 - a broken replay is a failed check, not a crashed run
        return [Check(script.id, "replay", False, f"{type(exc).__name__}: {exc}")], None
    return check_interview(script, transcript), transcript
