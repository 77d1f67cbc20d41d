"""Across the evaluation transcripts, rewording, padding and injected text leave the turn evidence unchanged."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from analysis.turns import TurnAnalyzer
from evals import perturb
from kernel.transcript import Transcript, load_transcript, parse_transcript
from knowledge.content import knowledge
from tests.fakes import FakeEmbeddings

CASES = sorted((Path(__file__).parents[2] / "evals" / "data" / "cases").glob("*.md"))


@pytest.fixture(scope="module")
def analyzer() -> TurnAnalyzer:
    return TurnAnalyzer(knowledge(), FakeEmbeddings())


def _evidence(analyzer: TurnAnalyzer, transcript: Transcript) -> dict[str, object]:
    """What the grader scores from, summed over the candidate turns."""
    card = knowledge().problems.get(transcript.problem or "")
    counts: Counter[str] = Counter()
    techs: set[tuple[str, bool]] = set()
    figures: set[tuple[float, str]] = set()
    topics: set[str] = set()
    over: set[str] = set()
    arithmetic: list[tuple[float, bool]] = []
    injection = 0
    previous = None
    for turn in transcript.turns:
        if turn.role != "candidate":
            previous = turn.content
            continue
        result = analyzer.analyze(turn.content, card, previous_interviewer=previous)
        injection += len(result.injection)
        techs |= {(t.tech_id, t.justified) for t in result.technologies}
        figures |= {(f.value, f.unit) for f in result.figures}
        topics |= set(result.fact_topics)
        over |= set(result.over_engineering)
        arithmetic += [(a.given, a.ok) for a in result.arithmetic]
        for name in ("questions", "trade_offs", "failure_modes", "scoping", "summary", "reasoning", "leadership",
                     "components"):
            counts[name] += len(getattr(result, name))
        counts["list_dump"] += result.list_dump
        counts["dont_know"] += result.dont_know
    return {"techs": sorted(techs), "figures": sorted(figures), "topics": sorted(topics), "over": sorted(over),
            "arithmetic": sorted(arithmetic), "injection": injection, **counts}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_perturbations_keep_the_evidence(analyzer: TurnAnalyzer, path: Path) -> None:
    original = load_transcript(path)
    base = _evidence(analyzer, original)
    assert base["injection"] == 0
    for name in ("reworded", "padded", "injected"):
        changed = _evidence(analyzer, parse_transcript(perturb.PERTURBATIONS[name](original, 0)))
        if name == "injected":
            assert changed.pop("injection") >= len(perturb.INJECTIONS)  # some injections span two sentences
            changed["injection"] = 0
        assert changed == base, name


@pytest.mark.parametrize("path", CASES[::4], ids=[p.stem for p in CASES[::4]])
def test_every_quote_is_verbatim(analyzer: TurnAnalyzer, path: Path) -> None:
    transcript = parse_transcript(perturb.PERTURBATIONS["injected"](load_transcript(path), 1))
    card = knowledge().problems.get(transcript.problem or "")
    for turn in transcript.turns:
        if turn.role != "candidate":
            continue
        result = analyzer.analyze(turn.content, card)
        quotes = [*result.questions, *result.trade_offs, *result.failure_modes, *result.scoping, *result.summary,
                  *result.reasoning, *result.leadership, *result.injection, *result.filler, *result.components]
        quotes += [f.text for f in result.figures] + [a.claim for a in result.arithmetic]
        quotes += [q for t in result.technologies for q in (t.quote, t.name, t.reason) if q]
        for quote in quotes:
            assert quote in turn.content, quote
