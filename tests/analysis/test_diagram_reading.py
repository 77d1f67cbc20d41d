"""Reading a diagram: components, flows, unconnected boxes, changes, and boxes the scale does not call for."""

from __future__ import annotations

from analysis.diagram import diagram_change, over_built, read_diagram
from kernel.diagram import parse_diagram
from knowledge.content import Knowledge

OVER = """client -> lb -> api
api -> db: writes
api -> bus: events
bus: Kafka
bus -> workers
zk: ZooKeeper
cache: Redis [cache]
api -> cache: reads"""
PLAIN = "client -> api: HTTPS\napi -> db: reads and writes\ndb: Postgres"


def test_components_flows_and_unconnected_boxes(kb: Knowledge) -> None:
    r = read_diagram(parse_diagram(OVER), kb)
    assert [(c.name, c.type, c.tech) for c in r.components][4:] == [
        ("Kafka", "queue", "kafka"), ("workers", "service", None), ("ZooKeeper", "other", "zookeeper"),
        ("Redis", "cache", "redis")]
    assert "api -> db (writes)" in [str(f) for f in r.flows]
    assert r.unconnected == ["ZooKeeper"]
    assert ["client", "lb", "api", "db"] in r.paths
    assert not r.clear_flow  # a box with no arrows
    assert "No arrows: ZooKeeper." in r.describe()


def test_clear_flow_from_the_client_to_the_data(kb: Knowledge) -> None:
    r = read_diagram(parse_diagram(PLAIN), kb)
    assert r.paths == [["client", "api", "Postgres"]] and r.clear_flow and r.unconnected == []
    assert not read_diagram(parse_diagram("api\ndb"), kb).clear_flow
    assert read_diagram(None).describe() == "No diagram drawn."


def test_over_built_boxes_against_the_scale(kb: Knowledge) -> None:
    r = read_diagram(parse_diagram(OVER), kb)
    assert [o.name for o in over_built(r, "tiny", kb)] == ["Kafka", "ZooKeeper", "Redis"]
    assert [o.name for o in over_built(r, "small", kb)] == ["Kafka", "ZooKeeper"]
    assert over_built(r, "large", kb) == [] and over_built(r, None, kb) == []
    assert [o.name for o in over_built(r, "medium", kb, {"redis"})] == ["Kafka", "ZooKeeper", "Redis"]
    assert over_built(read_diagram(parse_diagram(PLAIN), kb), "tiny", kb) == []
    assert over_built(read_diagram(parse_diagram("web -> lb -> api"), kb), "tiny", kb) == []  # a second server
    assert [o.why() for o in over_built(r, "tiny", kb)] == [
        "Kafka (queue; pays off from large scale)", "ZooKeeper (coordination; pays off from large scale)",
        "Redis (cache; pays off from small scale)"]
    assert over_built(read_diagram(parse_diagram("bus: events [queue]\nbus2: Kafka bus"), kb), "tiny", kb)[1].why() == (
        "Kafka bus (queue; pays off from large scale)")


def test_change_since_the_previous_diagram() -> None:
    before = parse_diagram(PLAIN)
    after = parse_diagram(PLAIN + "\napi -> cache: reads\ndb: Orders DB\n-client -> api\nclient -> api: REST")
    change = diagram_change(before, after)
    assert change.added == ["cache"] and change.removed == []
    assert change.changed == ["Postgres: renamed to Orders DB"]
    assert change.added_flows == ["api -> cache (reads)", "client -> api (REST)"]
    assert change.describe().startswith("added boxes: cache; changed: Postgres: renamed to Orders DB")
    assert not diagram_change(before, before) and diagram_change(before, before).describe() == "no change"
    assert diagram_change(None, before).added == ["client", "api", "Postgres"]
