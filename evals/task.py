"""The eval task: grade one case and record what came back next to what was expected."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from evals.dataset import EvalCase
from kernel.config import Settings
from kernel.llm import ChatModel
from rubric.models import Scorecard

GradeFn = Callable[..., Scorecard]


class Expected(BaseModel):
    side: str
    verdict: str
    acceptable: list[str] = []
    bands: dict[str, tuple[int, int]] = {}
    weak: list[str] = []
    direction: str | None = None
    reason: str = ""


class Actual(BaseModel):
    verdict: str
    overall: float
    scores: dict[str, int]
    flags: list[str] = []


class CaseResult(BaseModel):
    """One graded case. ``repeats`` holds every grading when the case was graded more than once."""

    id: str
    base: str
    variant: str
    kind: str
    problem: str | None
    company: str
    level: str
    expected: Expected
    actual: Actual | None = None
    repeats: list[Actual] = []
    seconds: float = 0.0
    error: str | None = None
    reused: bool = False  # a perturbation that parsed back to the identical transcript: the base grade applies


def _actual(card: Scorecard) -> Actual:
    return Actual(verdict=card.verdict, overall=card.overall, scores=card.scores(), flags=list(card.flags))


def grade_case(
    case: EvalCase,
    *,
    grader: str = "offline",
    repeat: int = 1,
    samples: int = 3,
    settings: Settings | None = None,
    chat_model: ChatModel | None = None,
    embedder: Any = None,
    index: Any = None,
    grade_fn: GradeFn | None = None,
) -> CaseResult:
    """Grade ``case`` ``repeat`` times; an exception becomes ``error`` so one bad case never stops a run."""
    if grade_fn is None:
        from rubric.grader import grade_transcript

        grade_fn = grade_transcript
    label = case.label
    result = CaseResult(
        id=case.id,
        base=case.base,
        variant=case.variant,
        kind=label.kind,
        problem=case.transcript.problem,
        company=label.company,
        level=label.level,
        expected=Expected(
            side=label.side,
            verdict=label.verdict,
            acceptable=sorted(label.ok_verdicts()),
            bands=label.bands,
            weak=label.weak,
            direction=case.direction,
            reason=label.reason,
        ),
    )
    started = time.perf_counter()
    try:
        for _ in range(max(1, repeat)):
            card = grade_fn(
                case.transcript,
                company=label.company,
                level=label.level,
                grader=grader,
                samples=samples,
                settings=settings,
                chat_model=chat_model,
                embedder=embedder,
                index=index,
            )
            result.repeats.append(_actual(card))
        result.actual = result.repeats[0]
    except Exception as exc:  # noqa: BLE001 - recorded and reported per case
        result.error = f"{type(exc).__name__}: {exc}"
    result.seconds = round(time.perf_counter() - started, 3)
    return result
