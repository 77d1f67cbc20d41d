"""The grader reads the final diagram: over-built boxes cost proportionality and are cited by name, a clear drawn
data flow is credited, unconnected boxes are noted, a box sized from the numbers is not held against anyone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kernel.diagram import parse_diagram
from kernel.transcript import load_transcript
from rubric.diagram_review import adjust
from rubric.grade_signals import Signals
from rubric.grader import grade_transcript
from rubric.offline_common import Judgement
from tests.fakes import FakeEmbeddings
from tests.rubric.helpers import FIXTURES
from ui.cli import main

LEAN = FIXTURES / "internal_shortener_lean_diagram.json"
OVER = FIXTURES / "internal_shortener_over_built_diagram.json"


@pytest.fixture(autouse=True)
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("knowledge.embeddings.get_embedder", lambda: FakeEmbeddings())


def _grade_cli(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["grade", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _dim(card: dict, dim: str) -> dict:
    return next(d for d in card["dimensions"] if d["id"] == dim)


def test_an_over_built_diagram_scores_proportionality_below_a_proportionate_one(capsys):
    same = json.loads(LEAN.read_text())["turns"] == json.loads(OVER.read_text())["turns"]
    assert same  # the same conversation; only the diagram differs
    lean, over = _grade_cli(LEAN, capsys), _grade_cli(OVER, capsys)
    assert _dim(over, "proportionality")["score"] < _dim(lean, "proportionality")["score"]
    assert over["overall"] < lean["overall"]
    why = _dim(over, "proportionality")["rationale"]
    for box in ("Kafka", "ZooKeeper", "Redis cache"):
        assert box in why
    assert "Postgres" not in why and "Links service" not in why
    assert "what would break?" in why and "tiny" in why
    assert "Kafka" not in _dim(lean, "proportionality")["rationale"]
    assert any(f.startswith("diagram_over_built: Kafka") for f in over["flags"])
    assert not any(f.startswith("diagram_over_built") for f in lean["flags"])


def test_markdown_report_cites_the_boxes(capsys):
    assert main(["grade", str(OVER)]) == 0
    out = capsys.readouterr().out
    assert "ZooKeeper (coordination; pays off from large scale)" in out


def _transcript(diagram: str, extra: str = ""):
    t = load_transcript(LEAN)
    turns = list(t.turns)
    if extra:
        turns[-1] = turns[-1].model_copy(update={"content": turns[-1].content + " " + extra})
    return t.model_copy(update={"diagram": parse_diagram(diagram) if diagram else None, "turns": turns})


def _graded(diagram: str, extra: str = ""):
    return grade_transcript(_transcript(diagram, extra), embedder=FakeEmbeddings())


def test_a_box_sized_from_the_numbers_is_not_over_built():
    plain = "browser -> web -> db\ndb: Postgres"
    queued = plain + "\nweb -> jobs: clicks\njobs: Click queue [queue]"
    base = _graded(plain).dimension("proportionality")
    over = _graded(queued).dimension("proportionality")
    sized = _graded(queued, "The click queue is there because the batch job creates 50 links a second in bursts.")
    assert over.score < base.score and "Click queue" in over.rationale
    assert sized.dimension("proportionality").score == base.score
    assert "Click queue sized from the numbers" in sized.dimension("proportionality").rationale


def test_unconnected_boxes_and_drawn_flow_are_noted():
    card = _graded("browser -> web -> db\ndb: Postgres\nmetrics: Metrics [service]")
    hld = card.dimension("high_level_design")
    assert "no arrows to or from Metrics" in hld.rationale
    assert any(f == "diagram_unconnected: no arrows to or from Metrics" for f in card.flags)
    assert "data flow drawn (browser -> web -> Postgres)" in _graded("browser -> web -> db\ndb: Postgres").dimension(
        "high_level_design").rationale
    assert not any(f.startswith("diagram") for f in _graded("").flags)  # no diagram, nothing changes
    assert _graded("").scores() == _graded("browser -> web -> db\ndb: Postgres").scores()


def _judgements(value: float | None = None) -> dict[str, Judgement]:
    return {"proportionality": Judgement(3, "Sized.", value=value, contributions=2),
            "high_level_design": Judgement(2, "2 components; no data flow.", ["few_components"], value=value)}


def test_adjust_credits_a_drawn_flow_the_words_left_out_and_lowers_ledger_amounts(kb):
    sig = Signals(candidate=[], card=None, scale="tiny", scale_source="candidate's figures", first_design_turn=None)
    js = _judgements()
    flags = adjust(js, parse_diagram("user -> api\napi -> db: writes"), sig, kb)
    assert js["high_level_design"].score == 3 and "data flow drawn (user -> api -> db)" in js["high_level_design"].rationale
    assert js["proportionality"].score == 3 and flags == ["diagram: 3 boxes, 2 arrows"]
    js = _judgements(value=3.0)
    adjust(js, parse_diagram("user -> api -> db\napi -> q: jobs\nq [queue]\nzk: etcd"), sig, kb)
    prop = js["proportionality"]
    assert prop.score == 1 and prop.ceiling == 2 and prop.value == 0.0 and "over_engineering" in prop.gaps
    assert "q (queue; pays off from medium scale), etcd (coordination; pays off from large scale)" in prop.rationale
    assert "no arrows to or from etcd" in js["high_level_design"].rationale
    assert adjust(js, None, sig, kb) == []
