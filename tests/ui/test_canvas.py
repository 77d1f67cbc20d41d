"""The canvas's conversion both ways: boxes, kinds, places and labelled arrows survive the round trip."""

from __future__ import annotations

from kernel.diagram import parse_diagram
from ui.canvas import from_flow, same_drawing, to_flow


def test_a_diagram_round_trips_through_the_canvas() -> None:
    diagram = parse_diagram("client -> lb -> api: HTTPS\napi -> db: writes\ndb: Orders DB [database]")
    state = to_flow(diagram)
    assert [n.data["content"] for n in state.nodes] == ["client [client]", "lb [load_balancer]", "api [service]",
                                                        "Orders DB [database]"]
    back = from_flow(state)
    assert [(n.id, n.label, n.type) for n in back.nodes] == [(n.id, n.label, n.type) for n in diagram.nodes]
    assert [(e.source, e.target, e.label) for e in back.edges] == [(e.source, e.target, e.label) for e in diagram.edges]
    assert all(n.x is not None and n.y is not None for n in back.nodes)  # laid out, then kept
    again = from_flow(to_flow(back))
    assert same_drawing(again, back)  # places given stay where they are


def test_boxes_made_on_the_canvas_get_safe_ids_and_kinds_from_their_names() -> None:
    from streamlit_flow.elements import StreamlitFlowEdge, StreamlitFlowNode
    from streamlit_flow.state import StreamlitFlowState

    state = StreamlitFlowState(
        nodes=[StreamlitFlowNode(id="1733 0.5", pos=(10, 20), data={"content": "**Redis**"}),
               StreamlitFlowNode(id="n2", pos=(200, 20), data={"content": "Orders [db]"}),
               StreamlitFlowNode(id="n3", pos=(400, 20), data={"content": "Thing [spaceship]"})],
        edges=[StreamlitFlowEdge(id="e", source="1733 0.5", target="n2", label="misses"),
               StreamlitFlowEdge(id="e2", source="1733 0.5", target="gone")])
    diagram = from_flow(state)
    assert [(n.id, n.label, n.type) for n in diagram.nodes] == [
        ("1733-0.5", "Redis", "cache"), ("n2", "Orders", "database"), ("n3", "Thing [spaceship]", "other")]
    assert [(e.source, e.target, e.label) for e in diagram.edges] == [("1733-0.5", "n2", "misses")]
