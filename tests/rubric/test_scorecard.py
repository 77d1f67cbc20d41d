"""The scorecard's JSON contract (pinned exactly) and its Markdown rendering."""

from __future__ import annotations

import json
from dataclasses import dataclass

from knowledge.content import Knowledge
from rubric.grader import grade_offline
from rubric.models import DimensionScore, Evidence, Rubric, Scorecard
from rubric.scorecard import guide_refs, render_markdown
from tests.rubric import scripts
from tests.rubric.helpers import build


def test_json_contract_is_exactly_these_keys() -> None:
    card = Scorecard(
        overall=3.25,
        verdict="hire",
        level="senior",
        company="google",
        grader="offline",
        dimensions=[DimensionScore(id="requirements", score=4, evidence=[Evidence(quote="How many users?", turn=1)],
                                   rationale="r", advice="a", name="Requirements", gaps=["x"], offline_score=4)],
        flags=["f"],
        problem="url-shortener",
        scale="large",
        bar=2.85,
        competencies={"problem_navigation": 4.0},
        missed_minimums=[],
    )
    assert json.loads(card.to_json()) == {
        "overall": 3.25,
        "verdict": "hire",
        "level": "senior",
        "company": "google",
        "grader": "offline",
        "confidence": "moderate",
        "dimensions": [
            {"id": "requirements", "score": 4, "confidence": "moderate", "evidence": [{"quote": "How many users?", "turn": 1}], "rationale": "r",
             "advice": "a"}
        ],
        "flags": ["f"],
    }
    assert list(json.loads(card.to_json())) == ["overall", "verdict", "level", "company", "grader", "confidence",
                                                "dimensions", "flags"]


def test_graded_card_keeps_the_contract(kb: Knowledge, rb: Rubric) -> None:
    t, a = build(scripts.strong())
    card = grade_offline(t, a, company="amazon", level="staff", kb=kb, rb=rb)[0]
    data = json.loads(card.to_json())
    assert set(data) == {"overall", "verdict", "level", "company", "grader", "confidence", "dimensions", "flags"}
    assert [d["id"] for d in data["dimensions"]][-1] == "leadership"
    for d in data["dimensions"]:
        assert set(d) == {"id", "score", "confidence", "evidence", "rationale", "advice"}
        assert 1 <= d["score"] <= 4 and d["advice"]
    assert 1.0 <= data["overall"] <= 4.0
    assert Scorecard.model_validate_json(card.to_json()).scores() == card.scores()


def test_markdown_has_verdict_strengths_gaps_advice_and_practice(kb: Knowledge, rb: Rubric) -> None:
    t, a = build(scripts.box_drawing())
    card = grade_offline(t, a, company="google", level="senior", kb=kb, rb=rb)[0]
    md = render_markdown(card, rb, kb=kb)
    assert md.startswith("# Babysteps scorecard")
    assert "no-hire side" in md
    for heading in ("## Strengths", "## Gaps", "## Advice by dimension", "## What to practise next", "## Flags"):
        assert heading in md
    assert "Skipping the requirements (`mistake:skip-requirements`)" in md
    assert '"I hadn\'t really thought about that." (turn 6)' in md


@dataclass
class _Hit:
    id: str
    title: str
    kind: str


class _Index:
    def __init__(self) -> None:
        self.queries: list[str] = []

    def search(self, query: str, k: int = 5, kind: object = None) -> list[_Hit]:
        self.queries.append(query)
        return [_Hit("tech:redis", "Redis", "technology"), _Hit("mistake:no-estimation", "No estimation", "mistake")]


class _BrokenIndex:
    def search(self, query: str, k: int = 5, kind: object = None) -> list[_Hit]:
        raise RuntimeError("index is corrupt")


def test_advice_cites_retrieved_sections_or_falls_back_to_static_refs(kb: Knowledge, rb: Rubric) -> None:
    index = _Index()
    assert guide_refs("estimation", rb, index=index, kb=kb) == [("mistake:no-estimation", "No estimation")]
    assert index.queries == [rb.dimension("estimation").query]
    static = guide_refs("estimation", rb, index=_BrokenIndex(), kb=kb)
    assert static[0][0] == "mistake:no-estimation" and static[0][1] != static[0][0]


def test_markdown_from_a_card_read_back_from_json(kb: Knowledge, rb: Rubric) -> None:
    t, a = build(scripts.box_drawing())
    card = grade_offline(t, a, company="google", level="senior", kb=kb, rb=rb)[0]
    back = Scorecard.model_validate_json(card.to_json())
    md = render_markdown(back, rb, kb=kb)
    assert f"senior bar of {rb.bar('senior'):.2f}" in md
    assert "| Requirements and scope | 1 | no signal |" in md
    assert "Below the senior minimum on: Requirements and scope (1, needs 2)" in md
