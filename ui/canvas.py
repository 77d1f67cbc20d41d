"""The design canvas beside the chat: boxes and labelled arrows the candidate adds, names, moves, connects
and deletes, kept in the interview's checkpoint with the transcript.

The drawing surface is ``streamlit-flow-component`` (React Flow with its built assets inside the package, so
nothing is fetched from outside the machine): right-click the empty canvas to add a box, a box to rename or
delete it, an arrow to label or delete it; drag from a box's right-hand handle to another box to connect them.
A box's text may end with its kind in brackets (``Orders DB [database]``); without one the kind is read from
its name (``redis`` is a cache). A line of the text syntax (``api -> db: writes``) draws too, for keyboards
and screen readers. Whatever changes, the whole diagram is saved through
:meth:`agent.session.InterviewSession.set_diagram`.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from kernel.diagram import MAX_ID, Diagram, DiagramError, Edge, Node, infer_type, node_type
from kernel.diagram_render import COLOURS

_KIND = re.compile(r"^(?P<label>.*?)\s*\[(?P<kind>[^\]]+)\]\s*$")
GRID_X, GRID_Y = 230, 110  # the spacing of boxes laid out for the canvas


def _positions(diagram: Diagram) -> dict[str, tuple[float, float]]:
    """Boxes keep where they were put; the others are laid out in layers, left to right (as in the image)."""
    from kernel.diagram_render import layout

    laid = layout(diagram) if diagram.nodes else {}
    return {n.id: (n.x, n.y) if n.x is not None and n.y is not None else
            (laid[n.id][0] * GRID_X / 2.6, laid[n.id][1] * GRID_Y / 1.1) for n in diagram.nodes}


def to_flow(diagram: Diagram) -> Any:
    """The diagram as the canvas draws it."""
    from streamlit_flow.elements import StreamlitFlowEdge, StreamlitFlowNode
    from streamlit_flow.state import StreamlitFlowState

    where = _positions(diagram)
    nodes = [
        StreamlitFlowNode(
            id=n.id, pos=where[n.id], data={"content": f"{n.label} [{n.type}]"}, node_type="default",
            source_position="right", target_position="left", connectable=True, deletable=True,
            style={"border": f"2px solid {COLOURS.get(n.type, COLOURS['other'])}", "borderRadius": "6px",
                   "fontSize": "13px", "padding": "6px", "width": 160},
        )
        for n in diagram.nodes
    ]
    edges = [
        StreamlitFlowEdge(id=f"{e.source}->{e.target}", source=e.source, target=e.target, label=e.label,
                          edge_type="smoothstep", marker_end={"type": "arrowclosed"}, deletable=True,
                          label_show_bg=True)
        for e in diagram.edges
    ]
    return StreamlitFlowState(nodes=nodes, edges=edges)


def _text_of(content: Any) -> str:
    text = re.sub(r"[*_`#>]", "", str(content or ""))  # markdown marks typed into a box are not its name
    return " ".join(text.split())


def from_flow(state: Any) -> Diagram:
    """The canvas's boxes and arrows as a diagram (ids made safe, kinds read from ``[kind]`` or the name)."""
    nodes: list[Node] = []
    ids: dict[str, str] = {}
    for raw in state.nodes:
        content = _text_of((raw.data or {}).get("content", ""))
        match = _KIND.match(content)
        label, kind = (match.group("label"), match.group("kind")) if match else (content, None)
        node_id = _safe_id(str(raw.id), set(ids.values()))
        ids[str(raw.id)] = node_id
        try:
            kind_read = node_type(kind) if kind else infer_type(label, node_id)
        except (DiagramError, ValueError):  # "[spaceship]" is no kind: the words stay in the name
            label, kind_read = content, infer_type(content, node_id)
        x, y = (raw.position or {}).get("x"), (raw.position or {}).get("y")
        nodes.append(Node(id=node_id, label=label[:80] or node_id, type=kind_read,
                          x=float(x) if isinstance(x, int | float) else None,
                          y=float(y) if isinstance(y, int | float) else None))
    edges: list[Edge] = []
    seen: set[tuple[str, str]] = set()
    for raw in state.edges:
        source, target = ids.get(str(raw.source)), ids.get(str(raw.target))
        if source is None or target is None or (source, target) in seen:
            continue
        seen.add((source, target))
        edges.append(Edge(source=source, target=target, label=_text_of(getattr(raw, "label", ""))[:80]))
    return Diagram(nodes=nodes, edges=edges)


def _safe_id(raw: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", raw).strip("-")[: MAX_ID - 4] or "box"
    node_id, n = base, 2
    while node_id in taken:
        node_id, n = f"{base}-{n}", n + 1
    return node_id


def same_drawing(a: Diagram, b: Diagram) -> bool:
    return a.to_data() == b.to_data()


def canvas(session: Any, key: str = "canvas") -> None:
    """The canvas for this interview, and a line to draw with the text syntax; changes are saved at once."""
    stored = session.diagram()
    held = st.session_state.get(f"{key}_state")
    if held is None or not same_drawing(st.session_state.get(f"{key}_drawn", Diagram()), stored):
        held = to_flow(stored)  # first draw, or the diagram changed elsewhere (the text line, another tab)
    from streamlit_flow import streamlit_flow

    new_state = streamlit_flow(
        key, held, height=480, fit_view=True, show_controls=True, allow_new_edges=True, enable_pane_menu=True,
        enable_node_menu=True, enable_edge_menu=True, hide_watermark=True, min_zoom=0.3,
    )
    drawn = from_flow(new_state)
    st.session_state[f"{key}_state"] = new_state
    if not same_drawing(drawn, stored):
        try:
            drawn = session.set_diagram(drawn)
        except Exception as exc:  # noqa: BLE001 - a refused drawing is said, the stored one stays
            st.error(f"The drawing was not saved: {exc}")
            drawn = stored
    st.session_state[f"{key}_drawn"] = drawn
    st.caption("Right-click the canvas to add a box, a box or an arrow to edit it; drag from a box's right-hand "
               "dot to another box to connect them. A box's kind can follow its name: `Orders DB [database]`.")
    st.text_input("Or draw with text", key=f"{key}_text", placeholder="api -> db: writes", on_change=_draw_line,
                  args=(session, key), help="One statement or several separated by ';': `client -> lb -> api`, "
                                            "`cache: Redis [cache]`, `-cache` removes a box.")
    problem = st.session_state.pop(f"{key}_error", None)
    if problem:
        st.error(problem)


def _draw_line(session: Any, key: str) -> None:
    """The text line's statements drawn, the line emptied (kept, with the reason, when refused)."""
    line = str(st.session_state.get(f"{key}_text") or "").strip()
    if not line:
        return
    try:
        session.draw(line)
    except Exception as exc:  # noqa: BLE001 - the statement's own error, in one line; the text stays to fix
        st.session_state[f"{key}_error"] = f"Not drawn: {exc}"
        return
    st.session_state[f"{key}_text"] = ""
    st.session_state.pop(f"{key}_state", None)  # the canvas redraws from the stored diagram
