"""The rubric loads, is complete, and points only at knowledge that exists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.content import Knowledge
from rubric.models import DIMENSION_IDS, DimensionScore, Rubric
from rubric.rubric import RUBRIC_PATH, RubricError, load_rubric
from rubric.verdict import decide


def test_rubric_loads_with_every_dimension_and_four_anchors(rb: Rubric) -> None:
    assert [d.id for d in rb.dimensions] == list(DIMENSION_IDS)
    for d in rb.dimensions:
        assert sorted(d.anchors) == [1, 2, 3, 4]
        assert d.positive and d.negative and d.guide_refs and "keep" in d.advice
    assert [d.id for d in rb.scored_dimensions("google")] == list(DIMENSION_IDS[:-1])
    assert rb.scored_dimensions("amazon")[-1].id == "leadership"


def _chunk_ids(kb: Knowledge) -> set[str]:
    ids = {f"mistake:{m.id}" for m in kb.mistakes} | {f"story:{s.id}" for s in kb.stories}
    ids |= {f"checklist:{c.id}" for c in kb.checklist} | {f"cheat:{c}" for c in kb.cheatcards}
    ids |= {f"phase:{p.id}" for p in kb.playbook.phases} | {f"step:{s.number}" for s in kb.playbook.steps}
    ids |= {f"company:{c}" for c in kb.companies} | {f"level:{lv}" for lv in kb.levels}
    return ids


def test_guide_references_name_existing_knowledge(rb: Rubric, kb: Knowledge) -> None:
    known = _chunk_ids(kb)
    missing = [(d.id, r) for d in rb.dimensions for r in d.guide_refs if r not in known]
    assert not missing


def test_company_weights_and_level_bars(rb: Rubric) -> None:
    assert rb.weights("amazon")["leadership"] >= 2 * max(v for k, v in rb.weights("amazon").items() if k != "leadership")
    assert rb.weights("google")["leadership"] == 0
    assert rb.weights("startup")["proportionality"] > rb.weights("google")["proportionality"]
    bars = [rb.bar(level) for level in ("junior", "mid", "senior", "staff")]
    assert bars == sorted(bars) and len(set(bars)) == 4
    assert rb.minimums("senior", "amazon")["leadership"] == 3


def test_competency_mapping_covers_every_dimension_once(rb: Rubric) -> None:
    mapped = [d for c in rb.competencies.values() for d in c.dimensions]
    assert sorted(mapped) == sorted(DIMENSION_IDS)
    assert set(rb.competencies) == {"problem_navigation", "solution_design", "technical_excellence", "communication"}


def test_invalid_rubric_file_names_the_field(tmp_path: Path) -> None:
    raw = yaml.safe_load(RUBRIC_PATH.read_text())
    raw["dimensions"][0]["anchors"].pop(4)
    bad = tmp_path / "rubric.yaml"
    bad.write_text(yaml.safe_dump(raw))
    with pytest.raises(RubricError, match="anchors must describe scores 1, 2, 3 and 4"):
        load_rubric(bad)
    bad.write_text("dimensions: [")
    with pytest.raises(RubricError, match="cannot read rubric"):
        load_rubric(bad)


def _dims(scores: dict[str, int]) -> list[DimensionScore]:
    return [DimensionScore(id=k, score=v) for k, v in scores.items()]  # type: ignore[arg-type]


def test_verdict_bands_and_minimum_veto(rb: Rubric) -> None:
    ids = [d.id for d in rb.scored_dimensions("google")]
    assert decide(_dims(dict.fromkeys(ids, 4)), rb, "senior", "google").verdict == "strong_hire"
    assert decide(_dims(dict.fromkeys(ids, 3)), rb, "senior", "google").verdict == "hire"
    assert decide(_dims(dict.fromkeys(ids, 3)), rb, "junior", "google").verdict == "hire"
    assert decide(_dims(dict.fromkeys(ids, 4)), rb, "junior", "google").verdict == "strong_hire"
    assert decide(_dims(dict.fromkeys(ids, 1)), rb, "junior", "google").verdict == "strong_no_hire"
    vetoed = decide(_dims({**dict.fromkeys(ids, 4), "justification": 1}), rb, "senior", "google")
    assert vetoed.overall > rb.bar("senior") and vetoed.verdict == "lean_no_hire"
    assert vetoed.missed == ["justification 1 < 2"]


def test_missing_the_company_defining_dimension_is_no_hire(rb: Rubric) -> None:
    ids = [d.id for d in rb.scored_dimensions("amazon")]
    outcome = decide(_dims({**dict.fromkeys(ids, 4), "leadership": 2}), rb, "senior", "amazon")
    assert outcome.overall > rb.bar("senior")
    assert outcome.verdict == "no_hire"
    assert outcome.missed == ["leadership 2 < 3"]
