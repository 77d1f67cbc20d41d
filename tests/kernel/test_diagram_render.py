"""The diagram as an image: every box and arrow label is in the SVG as text, the PNG is a PNG."""

from kernel.diagram import Diagram, parse_diagram
from kernel.diagram_render import layout, render


def test_svg_holds_the_boxes_and_labels_and_fetches_nothing() -> None:
    diagram = parse_diagram("client -> api: HTTPS\napi -> db: writes\ndb: Orders DB [database]")
    svg = render(diagram, "svg").decode()
    for text in ("client", "api", "Orders DB", "HTTPS", "writes", "database"):
        assert f">{text}<" in svg
    assert "<image" not in svg and "@import" not in svg and "href=\"http" not in svg


def test_png_and_the_empty_diagram() -> None:
    assert render(parse_diagram("a -> b"), "png").startswith(b"\x89PNG")
    assert b"no diagram was drawn" in render(Diagram(), "svg")


def test_layout_goes_left_to_right_and_keeps_placed_boxes() -> None:
    where = layout(parse_diagram("client -> api\napi -> db\napi -> cache"))
    assert where["client"][0] < where["api"][0] < where["db"][0] == where["cache"][0]
    placed = parse_diagram("a -> b").model_copy(deep=True)
    for n, (x, y) in zip(placed.nodes, [(0, 0), (300, 100)], strict=True):
        n.x, n.y = x, y
    assert layout(placed) == {"a": (0.0, 0.0), "b": (3.0, 1.0)}
