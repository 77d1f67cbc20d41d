"""The diagram model and its text syntax: boxes, arrows, types read from names, one-line errors."""

from __future__ import annotations

import json

import pytest

from kernel.diagram import (
    Diagram,
    DiagramError,
    apply_text,
    infer_type,
    load_diagram,
    node_type,
    parse_diagram,
)
from kernel.transcript import TranscriptError, parse_transcript


def test_arrows_create_boxes_with_types_read_from_their_names() -> None:
    d = parse_diagram("client -> lb -> api\napi -> orders-db: writes; api -> cache: reads")
    assert [(n.id, n.type) for n in d.nodes] == [
        ("client", "client"), ("lb", "load_balancer"), ("api", "service"), ("orders-db", "database"), ("cache", "cache")]
    assert [(e.source, e.target, e.label) for e in d.edges] == [
        ("client", "lb", ""), ("lb", "api", ""), ("api", "orders-db", "writes"), ("api", "cache", "reads")]


def test_box_statements_set_label_and_type_and_ids_are_case_insensitive() -> None:
    d = parse_diagram("cache: Redis cache [cache]\nQ [Queue]\nbus: Kafka\nAPI -> q")
    assert d.node("cache") is not None and d.node("cache").label == "Redis cache"  # type: ignore[union-attr]
    assert d.node("q").type == "queue"  # type: ignore[union-attr]
    assert d.node("bus").type == "queue"  # type: ignore[union-attr]  # read from the label "Kafka"
    assert [e.source for e in d.edges] == ["api"]


def test_a_chain_label_goes_on_its_last_arrow() -> None:
    d = parse_diagram("client -> lb -> api: HTTPS")
    assert [(e.source, e.target, e.label) for e in d.edges] == [("client", "lb", ""), ("lb", "api", "HTTPS")]


def test_removal_and_relabelling() -> None:
    d = parse_diagram("api -> db: writes\napi -> cache\napi -> db: inserts")
    assert [e.label for e in d.edges] == ["inserts", ""]
    d = apply_text(d, "-cache")
    assert [n.id for n in d.nodes] == ["api", "db"] and len(d.edges) == 1
    d = apply_text(d, "-api -> db")
    assert d.edges == [] and len(d.nodes) == 2


def test_text_round_trip_and_comments() -> None:
    d = parse_diagram("# the read path\nclient -> api  # entry point\napi -> photos: puts\nphotos: Photos [object store]")
    assert parse_diagram(d.to_text()) == d
    assert d.node("photos").type == "object_store"  # type: ignore[union-attr]


@pytest.mark.parametrize(("line", "words"), [
    ("api ->", "an arrow needs a box on each side"),
    ("-> db", "an arrow needs a box on each side"),
    ("api <- db", "arrows are written '->'"),
    ("cache [cach]", "unknown box type 'cach'"),
    ("my cache", "a box id is one word"),
    ("x -> x", "points to itself"),
    ("-nothing", "no box 'nothing' to remove"),
    ("api: calls -> db", "put an arrow on a line of its own"),
])
def test_bad_statements_give_one_line_errors_with_the_line_number(line: str, words: str) -> None:
    with pytest.raises(DiagramError) as err:
        parse_diagram(f"api -> db\n{line}")
    message = str(err.value)
    assert message.startswith("line 2: ") and words in message and "\n" not in message


def test_a_bad_statement_applies_nothing() -> None:
    d = parse_diagram("api -> db")
    with pytest.raises(DiagramError):
        apply_text(d, "api -> cache\nbad [nope]")
    assert [n.id for n in d.nodes] == ["api", "db"]


def test_types_and_inference() -> None:
    assert node_type("Load Balancer") == "load_balancer" and node_type("LB") == "load_balancer"
    assert node_type("object-store") == "object_store" and node_type("s3") == "object_store"
    assert infer_type("user-service") == "service" and infer_type("app server") == "service"
    assert infer_type("CDN edge cache") == "cdn" and infer_type("go-links") == "other"


def test_json_data_is_validated() -> None:
    d = load_diagram({"nodes": [{"id": "api", "label": "API", "type": "service"}, {"id": "db", "type": "Database"}],
                      "edges": [{"source": "api", "target": "db", "label": "writes"}]})
    assert d.node("db").label == "db" and d.node("db").type == "database"  # type: ignore[union-attr]
    with pytest.raises(DiagramError, match="names no box 'cache'"):
        load_diagram({"nodes": [{"id": "api"}], "edges": [{"source": "api", "target": "cache"}]})
    with pytest.raises(DiagramError, match="two boxes have the id 'api'"):
        load_diagram({"nodes": [{"id": "api"}, {"id": "api"}]})
    with pytest.raises(DiagramError, match="unknown box type 'robot'"):
        load_diagram({"nodes": [{"id": "api", "type": "robot"}]})
    assert Diagram() == load_diagram({})


def test_transcripts_carry_the_diagram_in_json_and_text() -> None:
    data = {"problem": "task-app", "turns": [{"role": "candidate", "content": "One server and Postgres."}],
            "diagram": {"nodes": [{"id": "api", "label": "API", "type": "service"}, {"id": "db", "label": "Postgres",
                                                                                      "type": "database"}],
                        "edges": [{"source": "api", "target": "db", "label": "writes"}]}}
    t = parse_transcript(json.dumps(data))
    assert t.diagram is not None and t.diagram.name("db") == "Postgres"
    assert json.loads(t.to_json())["diagram"] == data["diagram"]
    again = parse_transcript(t.to_markdown())
    assert again.diagram == t.diagram and again.turns == t.turns
    assert parse_transcript("Candidate: hi").diagram is None
    with pytest.raises(TranscriptError, match="diagram: arrow 1 \\(a -> b\\) names no box 'a'"):
        parse_transcript(json.dumps({**data, "diagram": {"nodes": [], "edges": [{"source": "a", "target": "b"}]}}))
    with pytest.raises(TranscriptError, match="line 2: diagram: 'api ->': an arrow needs"):
        parse_transcript("# problem: task-app\n# diagram: api ->\nCandidate: hi")
