"""Questions about the drawn boxes: over-built first, then unconnected, then unexplained; each asked once."""

from __future__ import annotations

from agent.diagram_asks import diagram_ask
from kernel.diagram import parse_diagram
from knowledge.content import Knowledge

DRAWN = "client -> api -> db: writes\ndb: Postgres\napi -> bus: events\nbus: Kafka\naudit: Audit log [service]"


def test_asks_about_an_over_built_box_then_an_unconnected_one_then_an_unexplained_one(kb: Knowledge) -> None:
    said = "The api writes each link to Postgres."
    d = parse_diagram(DRAWN)
    first = diagram_ask(d, said, [], kb, scale="tiny")
    assert first is not None and first.kind == "over_built" and first.box == "Kafka"
    assert "You drew Kafka as a queue" in first.question and "what would break without it?" in first.question
    second = diagram_ask(d, said, [first.id], kb, scale="tiny")
    assert second is not None and second.kind == "unconnected" and "Audit log has no arrows" in second.question
    third = diagram_ask(d, said + " The audit log records changes.", [first.id, second.id], kb, scale="tiny")
    assert third is None or third.kind == "unexplained"
    assert diagram_ask(d, said, [first.id, second.id, "diagram:unexplained:bus"], kb, scale="tiny") is not None


def test_a_sized_box_and_an_explained_diagram_ask_nothing(kb: Knowledge) -> None:
    d = parse_diagram("client -> api -> db: writes\ndb: Postgres\napi -> bus: events\nbus: Kafka")
    said = "The api writes to Postgres. Kafka takes 50,000 events a second from the api."
    assert diagram_ask(d, said, [], kb, scale="tiny") is None
    assert diagram_ask(None, said, [], kb) is None
    unexplained = diagram_ask(d, "The api writes to Postgres.", [], kb, scale="large")
    assert unexplained is not None and unexplained.kind == "unexplained" and unexplained.box == "Kafka"


def test_one_database_for_the_load_they_estimated_is_asked_about(kb: Knowledge) -> None:
    d = parse_diagram("client -> api -> db: reads and writes\ndb: Postgres")
    said = "100 million links a day is about 1,160 writes a second and 116,000 redirects a second at peak."
    ask = diagram_ask(d, said, [], kb, scale="large")
    assert ask is not None and ask.kind == "under_built" and ask.box == "Postgres"
    assert ask.question.startswith("You estimated 116,000 redirects a second, and your diagram sends it all to one "
                                   "Postgres.")
    assert diagram_ask(d, "About 50 writes a second.", [], kb, scale="large") is None or \
        diagram_ask(d, "About 50 writes a second.", [], kb, scale="large").kind != "under_built"  # type: ignore[union-attr]
    cached = parse_diagram("client -> api -> db\ndb: Postgres\napi -> cache\ncache: Redis [cache]")
    found = diagram_ask(cached, said + " Redis holds hot links. The api reads Postgres.", [], kb, scale="large")
    assert found is None or found.kind != "under_built"
