"""The design diagram as an image (SVG or PNG), drawn with matplotlib: boxes coloured by kind, labelled arrows.

Boxes placed on a canvas keep their places; the others are laid out in layers, left to right, from the boxes
nothing points to (clients first). Nothing is fetched: the font is matplotlib's own.
"""

from __future__ import annotations

import io
from collections import deque
from typing import Literal

from kernel.diagram import Diagram

COLOURS = {"client": "#6c757d", "service": "#0d6efd", "database": "#198754", "cache": "#dc3545",
           "queue": "#fd7e14", "load_balancer": "#6f42c1", "cdn": "#20c997", "object_store": "#795548",
           "other": "#868e96"}
BOX_W, BOX_H = 1.7, 0.6  # in layout units
STEP_X, STEP_Y = 2.6, 1.1


def layout(diagram: Diagram) -> dict[str, tuple[float, float]]:
    """Where each box's centre goes (y grows downwards, as on a canvas)."""
    placed = {n.id: (n.x / 100.0, n.y / 100.0) for n in diagram.nodes if n.x is not None and n.y is not None}
    if len(placed) == len(diagram.nodes):
        return placed
    incoming = {n.id: 0 for n in diagram.nodes}
    out: dict[str, list[str]] = {n.id: [] for n in diagram.nodes}
    for e in diagram.edges:
        incoming[e.target] += 1
        out[e.source].append(e.target)
    depth: dict[str, int] = {}
    starts = [n.id for n in diagram.nodes if incoming[n.id] == 0] or [diagram.nodes[0].id]
    queue = deque((s, 0) for s in starts)
    while queue:
        node, d = queue.popleft()
        if node in depth:
            continue
        depth[node] = d
        queue.extend((t, d + 1) for t in out[node] if t not in depth)
    for n in diagram.nodes:  # boxes no arrow reaches: a column of their own at the end
        depth.setdefault(n.id, max(depth.values(), default=-1) + 1)
    rows: dict[int, int] = {}
    where: dict[str, tuple[float, float]] = {}
    for n in diagram.nodes:
        row = rows.get(depth[n.id], 0)
        rows[depth[n.id]] = row + 1
        where[n.id] = placed.get(n.id, (depth[n.id] * STEP_X, row * STEP_Y))
    return where


def _edge_of(centre: tuple[float, float], toward: tuple[float, float]) -> tuple[float, float]:
    """Where the line from a box's centre toward another point leaves the box (so arrowheads stay visible)."""
    (cx, cy), (tx, ty) = centre, toward
    dx, dy = tx - cx, ty - cy
    half_w, half_h = BOX_W / 2 + 0.04, BOX_H / 2 + 0.04
    t = min(half_w / abs(dx) if dx else float("inf"), half_h / abs(dy) if dy else float("inf"))
    return cx + dx * t, cy + dy * t


def render(diagram: Diagram, fmt: Literal["svg", "png"] = "svg") -> bytes:
    """The diagram as SVG or PNG bytes (an empty diagram gives a small image that says so)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    plt.rcParams["svg.fonttype"] = "none"  # text stays text in the SVG
    where = layout(diagram) if diagram.nodes else {}
    xs = [x for x, _ in where.values()] or [0.0]
    ys = [y for _, y in where.values()] or [0.0]
    width, height = max(xs) - min(xs) + BOX_W + 1.0, max(ys) - min(ys) + BOX_H + 1.0
    fig, ax = plt.subplots(figsize=(max(3.0, width * 1.3), max(1.5, height * 1.3)))
    ax.set_xlim(min(xs) - BOX_W / 2 - 0.5, max(xs) + BOX_W / 2 + 0.5)
    ax.set_ylim(max(ys) + BOX_H / 2 + 0.5, min(ys) - BOX_H / 2 - 0.5)  # downwards, as drawn
    ax.axis("off")
    if not diagram.nodes:
        ax.text(0, 0, "no diagram was drawn", ha="center", va="center", color="#868e96")
    for e in diagram.edges:
        (x1, y1), (x2, y2) = where[e.source], where[e.target]
        if (x1, y1) == (x2, y2):
            continue
        start, end = _edge_of((x1, y1), (x2, y2)), _edge_of((x2, y2), (x1, y1))
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color="#495057",
                                     shrinkA=0, shrinkB=0, linewidth=1.2, zorder=3))
        if e.label:
            ax.text((x1 + x2) / 2, (y1 + y2) / 2 - 0.12, e.label, ha="center", va="bottom", fontsize=8,
                    color="#212529", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    for n in diagram.nodes:
        x, y = where[n.id]
        colour = COLOURS.get(n.type, COLOURS["other"])
        ax.add_patch(FancyBboxPatch((x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H, boxstyle="round,pad=0.02",
                                    facecolor="white", edgecolor=colour, linewidth=2))
        ax.text(x, y - 0.06, n.label, ha="center", va="center", fontsize=9, color="#212529", wrap=True)
        ax.text(x, y + 0.18, n.type.replace("_", " "), ha="center", va="center", fontsize=7, color=colour)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, bbox_inches="tight", dpi=150 if fmt == "png" else 72,
                metadata={"Date": None} if fmt == "svg" else None)
    plt.close(fig)
    return buffer.getvalue()
