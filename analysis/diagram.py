"""Reading a design diagram (:mod:`kernel.diagram`): its components, data flows, unconnected boxes, what changed
since the previous diagram, and which boxes a problem's scale does not call for.

The same reading serves the grader and the interviewer, in offline and LLM mode alike: it is deterministic and
names every box by its label, so whatever cites it cites what the candidate drew.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.sentences import split_sentences
from analysis.techs import TechMatcher
from kernel.diagram import Diagram, Edge, Node, NodeType
from knowledge.content import Knowledge
from knowledge.models import Scale

SCALE_ORDER: tuple[Scale, ...] = ("tiny", "small", "medium", "large", "massive")
# The smallest problem scale that usually needs a box of each type (a technology named in the label can raise it).
TYPE_MIN_SCALE: dict[NodeType, Scale] = {
    "client": "tiny", "service": "tiny", "database": "tiny", "object_store": "tiny", "other": "tiny",
    "load_balancer": "small", "cache": "small", "queue": "medium", "cdn": "medium",
}
TYPE_NAMES: dict[NodeType, str] = {
    "client": "client", "service": "service", "database": "database", "cache": "cache", "queue": "queue",
    "load_balancer": "load balancer", "cdn": "CDN", "object_store": "object store", "other": "box",
}
_STORES: frozenset[NodeType] = frozenset({"database", "object_store", "cache"})
_MATCHERS: dict[int, tuple[Knowledge, TechMatcher]] = {}


@dataclass(frozen=True)
class Component:
    """A box as the reading sees it: its name, type, the technology its label names, and its arrows."""

    id: str
    name: str
    type: NodeType
    tech: str | None  # a knowledge technology id named in the label ("kafka"), if any
    inbound: int
    outbound: int

    @property
    def connected(self) -> bool:
        return bool(self.inbound or self.outbound)


@dataclass(frozen=True)
class Flow:
    """An arrow, by box names: ``"API -> Orders DB (writes)"``."""

    source: str
    target: str
    label: str = ""

    def __str__(self) -> str:
        return f"{self.source} -> {self.target}" + (f" ({self.label})" if self.label else "")


@dataclass
class DiagramReading:
    components: list[Component] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    unconnected: list[str] = field(default_factory=list)  # names of boxes with no arrow in or out
    paths: list[list[str]] = field(default_factory=list)  # entry-to-store paths, by box name

    @property
    def clear_flow(self) -> bool:
        """Requests can be followed: a path leads from an entry box to where the data lives, and every box is
        joined to the rest by an arrow."""
        return bool(self.paths) and not self.unconnected and len(self.components) >= 2

    def describe(self) -> str:
        """Plain text for a prompt or a note: boxes, arrows, unconnected boxes."""
        if not self.components:
            return "No diagram drawn."
        boxes = ", ".join(f"{c.name} ({TYPE_NAMES[c.type]})" for c in self.components)
        lines = [f"Boxes: {boxes}."]
        if self.flows:
            lines.append("Arrows: " + "; ".join(str(f) for f in self.flows) + ".")
        if self.unconnected:
            lines.append("No arrows: " + ", ".join(self.unconnected) + ".")
        return "\n".join(lines)


@dataclass
class DiagramChange:
    """What changed between two diagrams, by box name."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # "Cache: renamed to Redis", "Store: now a database"
    added_flows: list[str] = field(default_factory=list)
    removed_flows: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.added_flows or self.removed_flows)

    def describe(self) -> str:
        parts = [f"{what}: {', '.join(items)}" for what, items in (
            ("added boxes", self.added), ("removed boxes", self.removed), ("changed", self.changed),
            ("added arrows", self.added_flows), ("removed arrows", self.removed_flows)) if items]
        return "; ".join(parts) if parts else "no change"


@dataclass(frozen=True)
class OverBuilt:
    """A box the problem's scale does not call for."""

    name: str
    type: NodeType
    needs: Scale  # the scale at which it usually pays off
    tech: str | None
    connected: bool
    what: str = ""  # what it is, in words: "queue", "Kafka", "coordination"

    def why(self) -> str:
        return f"{self.name} ({self.what or TYPE_NAMES[self.type]}; pays off from {self.needs} scale)"


def _matcher(kb: Knowledge) -> TechMatcher:
    cached = _MATCHERS.get(id(kb))
    if cached is None or cached[0] is not kb:
        _MATCHERS.clear()
        cached = (kb, TechMatcher(kb))
        _MATCHERS[id(kb)] = cached
    return cached[1]


def box_tech(node: Node, kb: Knowledge | None) -> str | None:
    """The knowledge technology a box's label (or id) names, if any ("Kafka", "Redis cache", "zk")."""
    if kb is None:
        return None
    matcher = _matcher(kb)
    for text in dict.fromkeys((node.label, node.id.replace("_", " "))):
        for sentence in split_sentences(text):
            found = matcher.find(sentence)
            if found:
                return found[0].tech_id
    return None


def _edge_flow(diagram: Diagram, edge: Edge) -> Flow:
    return Flow(diagram.name(edge.source), diagram.name(edge.target), edge.label)


def read_diagram(diagram: Diagram | None, kb: Knowledge | None = None) -> DiagramReading:
    """Components (with the technology each names when ``kb`` is given), flows, unconnected boxes and the
    paths from an entry box (a client, else a box nothing points to) to a data store."""
    if not diagram:
        return DiagramReading()
    inbound = {n.id: 0 for n in diagram.nodes}
    outbound = dict(inbound)
    for e in diagram.edges:
        outbound[e.source] += 1
        inbound[e.target] += 1
    components = [Component(n.id, n.name, n.type, box_tech(n, kb), inbound[n.id], outbound[n.id]) for n in diagram.nodes]
    reading = DiagramReading(
        components=components,
        flows=[_edge_flow(diagram, e) for e in diagram.edges],
        unconnected=[c.name for c in components if not c.connected],
    )
    reading.paths = _paths(diagram, components)
    return reading


def _paths(diagram: Diagram, components: list[Component]) -> list[list[str]]:
    """Shortest paths from each entry box to each data store it reaches (breadth first; arrows only forward)."""
    nexts: dict[str, list[str]] = {c.id: [] for c in components}
    for e in diagram.edges:
        nexts[e.source].append(e.target)
    clients = [c.id for c in components if c.type == "client" and c.outbound]
    entries = clients or [c.id for c in components if c.outbound and not c.inbound]
    order = ("database", "object_store", "cache")
    stores = [c.id for t in order for c in components if c.type == t]  # where the data lives first
    out: list[list[str]] = []
    for start in entries:
        seen, queue = {start: [start]}, [start]
        while queue:
            here = queue.pop(0)
            for there in nexts[here]:
                if there not in seen:
                    seen[there] = seen[here] + [there]
                    queue.append(there)
        out += [[diagram.name(i) for i in seen[s]] for s in stores if s in seen and s != start]
    return out


def diagram_change(before: Diagram | None, after: Diagram | None) -> DiagramChange:
    """What ``after`` adds, removes or changes relative to ``before`` (boxes matched by id)."""
    old = {n.id: n for n in (before.nodes if before else [])}
    new = {n.id: n for n in (after.nodes if after else [])}
    change = DiagramChange(
        added=[n.name for i, n in new.items() if i not in old],
        removed=[n.name for i, n in old.items() if i not in new],
    )
    for i in [i for i in new if i in old]:
        if old[i].label != new[i].label:
            change.changed.append(f"{old[i].name}: renamed to {new[i].name}")
        if old[i].type != new[i].type:
            change.changed.append(f"{new[i].name}: now a {TYPE_NAMES[new[i].type]}")
    old_edges = {(e.source, e.target): e for e in (before.edges if before else [])}
    new_edges = {(e.source, e.target): e for e in (after.edges if after else [])}
    change.added_flows = [str(_edge_flow(after, e)) for k, e in new_edges.items()  # type: ignore[arg-type]
                          if k not in old_edges or old_edges[k].label != e.label]
    change.removed_flows = [str(_edge_flow(before, e)) for k, e in old_edges.items() if k not in new_edges]  # type: ignore[arg-type]
    return change


def needed_scale(component: Component, kb: Knowledge | None) -> Scale:
    """The scale at which a box usually pays off: the larger of its type's and its named technology's."""
    need = TYPE_MIN_SCALE[component.type]
    tech = kb.technologies.get(component.tech) if kb is not None and component.tech else None
    if tech is not None and SCALE_ORDER.index(tech.min_scale) > SCALE_ORDER.index(need):
        need = tech.min_scale
    return need


def over_built(
    reading: DiagramReading, scale: Scale | None, kb: Knowledge | None, traps: frozenset[str] | set[str] = frozenset()
) -> list[OverBuilt]:
    """Boxes the stated ``scale`` does not call for: any that usually pays off only at a larger scale, and any
    that names one of the problem's known traps. A load balancer one step above the scale is availability
    (a second server), not over-building. Nothing is over-built when no scale was stated."""
    if scale is None:
        return []
    level = SCALE_ORDER.index(scale)
    out: list[OverBuilt] = []
    for c in reading.components:
        need = needed_scale(c, kb)
        gap = SCALE_ORDER.index(need) - level
        if c.type == "load_balancer" and (c.tech in (None, "load-balancer")):
            gap -= 1
        if gap >= 1 or (c.tech is not None and c.tech in traps):
            out.append(OverBuilt(c.name, c.type, need, c.tech, c.connected, _what(c, kb)))
    return out


def _what(c: Component, kb: Knowledge | None) -> str:
    """A box's kind in words, not repeating its name: "Kafka" is a queue, "bus" is Kafka, "ZooKeeper" coordination."""
    tech = kb.technologies.get(c.tech) if kb is not None and c.tech else None
    low = c.name.lower()
    if tech is not None and not any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", low) for a in [*tech.aliases, tech.name.lower()]):
        return tech.name  # named in the id only: say which technology it is
    if c.type == "other" and tech is not None:
        return tech.category
    return TYPE_NAMES[c.type]


_WORD = re.compile(r"[a-z0-9]+")


def name_words(name: str) -> list[str]:
    """The words of a box's name that identify it in speech ("Orders DB" -> orders, db)."""
    return _WORD.findall(name.lower())
