"""The design diagram: boxes (nodes) and labelled arrows (edges), and its small text syntax.

A diagram travels with the transcript (JSON ``"diagram": {"nodes": [...], "edges": [...]}``) and with the
interview's checkpoint. The terminal and text transcripts write it in this syntax, one statement per line
(or several on one line, separated by ``;``)::

    api -> db: writes              an arrow from box api to box db, labelled "writes"
    client -> lb -> api: HTTPS     a chain of arrows (a label goes on the last one)
    cache: Redis cache [cache]     a box: id, label, [type]
    queue [queue]                  a box with a type (its label is its name)
    workers                        a box (its type is read from its name: "workers" is a service)
    -cache                         remove box cache and its arrows
    -api -> db                     remove the arrow from api to db
    # a comment

Box ids are letters, digits, ``_``, ``-`` and ``.``, case-insensitive (``API`` and ``api`` are the same box).
An arrow creates the boxes it names; a box's type, when not given, comes from its name (``db`` is a database,
``redis`` a cache, ``kafka`` a queue, ``lb`` a load balancer, ``s3`` an object store, else other). Types:
client, service, database, cache, queue, load_balancer, cdn, object_store, other (``load balancer``,
``lb``, ``db``, ``object store``, ``s3`` and similar spellings are accepted).
"""

from __future__ import annotations

import re
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

NodeType = Literal["client", "service", "database", "cache", "queue", "load_balancer", "cdn", "object_store", "other"]
NODE_TYPES: tuple[NodeType, ...] = get_args(NodeType)
MAX_NODES = 60
MAX_EDGES = 200
MAX_LABEL = 80
MAX_ID = 40

_TYPE_SPELLINGS: dict[str, NodeType] = {
    "lb": "load_balancer", "loadbalancer": "load_balancer", "balancer": "load_balancer",
    "db": "database", "datastore": "database", "store": "database",
    "objectstore": "object_store", "objectstorage": "object_store", "blob": "object_store", "s3": "object_store",
    "bucket": "object_store", "mq": "queue", "broker": "queue", "user": "client", "browser": "client", "app": "client",
    "server": "service", "api": "service", "worker": "service",
}
# A box's type read from its id or label when none is given (the word that ends last wins; see infer_type).
_TYPE_WORDS: tuple[tuple[NodeType, str], ...] = (
    ("load_balancer", r"lbs?|load[\s_-]*balanc\w*|nginx|haproxy|elb|alb"),
    ("cdn", r"cdns?|cloudfront|akamai|fastly|edge[\s_-]*cache"),
    ("cache", r"cache[sd]?|caching|redis|memcached?|valkey|elasticache"),
    ("queue", r"queues?|mq|kafka|sqs|rabbit(?:mq)?|kinesis|pub[\s_-]*sub|topics?|stream|broker|event[\s_-]*bus"),
    ("object_store", r"s3|blobs?|buckets?|object[\s_-]*(?:store|storage)|gcs"),
    ("database", r"dbs?|databases?|postgres(?:ql)?|pg|mysql|mongo(?:db)?|dynamo(?:db)?|cassandra|sql|datastore"
                 r"|store|storage|tables?"),
    ("client", r"clients?|users?|browsers?|mobile|web[\s_-]*app|apps?|frontend|ui"),
    ("service", r"services?|svc|api|apis|servers?|backend|workers?|app[\s_-]*server|gateway|handler"),
)
_INFERRED: tuple[tuple[NodeType, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rf"(?<![a-z0-9])(?:{words})(?![a-z0-9])", re.I)) for kind, words in _TYPE_WORDS
)
_ID = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_ARROW = r"(?:-+>|\u2192)"
_EDGE_RE = re.compile(rf"^(?P<chain>{_ID}(?:\s*{_ARROW}\s*{_ID})+)\s*(?::\s*(?P<label>.*))?$")
_NODE_RE = re.compile(rf"^(?P<id>{_ID})\s*(?::\s*(?P<label>[^\[\]]*?))?\s*(?:\[(?P<type>[^\[\]]*)\])?$")
_REMOVE_EDGE_RE = re.compile(rf"^-\s*(?P<source>{_ID})\s*{_ARROW}\s*(?P<target>{_ID})$")
_REMOVE_NODE_RE = re.compile(rf"^-\s*(?P<id>{_ID})$")
_SPLIT_ARROW = re.compile(rf"\s*{_ARROW}\s*")
EXAMPLE = "e.g. 'api -> db: writes', 'cache: Redis [cache]' or '-cache'"


class DiagramError(ValueError):
    """A diagram statement or document that cannot be read; the message is one line."""


def node_type(value: str) -> NodeType:
    """The canonical type for a spelling ("Load Balancer", "load-balancer", "LB" -> load_balancer)."""
    key = re.sub(r"[\s_-]+", "_", value.strip().lower())
    if key in NODE_TYPES:
        return key  # type: ignore[return-value]
    alias = _TYPE_SPELLINGS.get(key.replace("_", ""))
    if alias is None:
        raise DiagramError(f"unknown box type '{value.strip()}'; valid: {', '.join(NODE_TYPES)}")
    return alias


def infer_type(*names: str) -> NodeType:
    """The type a box's name suggests, from its last typed word ("orders-db" is a database, "user service" a
    service, "Redis" a cache), else other. The first name that suggests one decides."""
    for name in names:
        text = name.replace("_", " ")
        best: tuple[int, int, NodeType] | None = None
        for rank, (kind, rx) in enumerate(_INFERRED):
            for match in rx.finditer(text):
                key = (match.end(), -rank, kind)
                best = key if best is None or key[:2] > best[:2] else best
        if best is not None:
            return best[2]
    return "other"


class Node(BaseModel):
    """A box. ``id`` is stable; ``label`` is what the box says."""

    id: str = Field(min_length=1, max_length=MAX_ID)
    label: str = Field(default="", max_length=MAX_LABEL)
    type: NodeType = "other"
    x: float | None = Field(default=None, allow_inf_nan=False)  # where the box sits on a canvas, if it was placed
    y: float | None = Field(default=None, allow_inf_nan=False)

    @field_validator("type", mode="before")
    @classmethod
    def _spelling(cls, value: Any) -> Any:
        return node_type(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _label(self) -> Node:
        self.id = self.id.strip()
        self.label = " ".join(self.label.split()) or self.id
        return self

    @property
    def name(self) -> str:
        """How the box is cited: its label (its id when the label is the id)."""
        return self.label


class Edge(BaseModel):
    """An arrow from ``source`` to ``target`` (node ids), with an optional label ("writes", "reads")."""

    source: str = Field(min_length=1, max_length=MAX_ID)
    target: str = Field(min_length=1, max_length=MAX_ID)
    label: str = Field(default="", max_length=MAX_LABEL)


class Diagram(BaseModel):
    """Boxes and arrows. Node ids are unique; every arrow joins two boxes of the diagram."""

    nodes: list[Node] = Field(default_factory=list, max_length=MAX_NODES)
    edges: list[Edge] = Field(default_factory=list, max_length=MAX_EDGES)

    @model_validator(mode="after")
    def _consistent(self) -> Diagram:
        ids: set[str] = set()
        for node in self.nodes:
            if node.id in ids:
                raise ValueError(f"two boxes have the id '{node.id}'")
            ids.add(node.id)
        for number, edge in enumerate(self.edges, start=1):
            for end in (edge.source, edge.target):
                if end not in ids:
                    raise ValueError(f"arrow {number} ({edge.source} -> {edge.target}) names no box '{end}'")
        return self

    def __bool__(self) -> bool:
        return bool(self.nodes)

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def name(self, node_id: str) -> str:
        node = self.node(node_id)
        return node.name if node else node_id

    def to_text(self) -> str:
        """The diagram in the text syntax (reading it back gives the same diagram)."""
        lines = [f"{n.id}: {n.label} [{n.type}]" for n in self.nodes]
        lines += [f"{e.source} -> {e.target}" + (f": {e.label}" if e.label else "") for e in self.edges]
        return "\n".join(lines)

    def to_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def load_diagram(raw: Any) -> Diagram:
    """A diagram from JSON data (``{"nodes": [...], "edges": [...]}``); bad data is a one-line DiagramError."""
    if not isinstance(raw, dict):
        raise DiagramError('"diagram" must be an object with "nodes" and "edges" lists')
    try:
        return Diagram.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"])
        message = str(err["msg"]).removeprefix("Value error, ")
        raise DiagramError(f"{where}: {message}" if where else message) from None


def _box_id(name: str, number: int | None) -> str:
    key = name.strip().lower()
    if len(key) > MAX_ID:
        raise _error(f"box id '{name[:MAX_ID]}...' is longer than {MAX_ID} characters", number)
    return key


def _error(message: str, number: int | None) -> DiagramError:
    return DiagramError(f"line {number}: {message}" if number else message)


def _statements(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        body = line.split("#", 1)[0] if line.lstrip().startswith("#") or " #" in line else line
        out += [(number, part.strip()) for part in body.split(";") if part.strip()]
    return out


def apply_text(diagram: Diagram | None, text: str) -> Diagram:
    """``diagram`` with the statements of ``text`` applied, in order. A bad statement raises a one-line
    :class:`DiagramError` naming its line and nothing is applied."""
    nodes = {n.id: n.model_copy() for n in (diagram.nodes if diagram else [])}
    edges = [e.model_copy() for e in (diagram.edges if diagram else [])]

    def ensure(name: str, number: int) -> str:
        key = _box_id(name, number)
        if key not in nodes:
            nodes[key] = Node(id=key, label=name.strip(), type=infer_type(key))
        return key

    for number, statement in _statements(text):
        if len(statement) > 400:
            raise _error("the statement is too long (400 characters at most)", number)
        removal = _REMOVE_EDGE_RE.match(statement)
        if removal:
            source, target = _box_id(removal["source"], number), _box_id(removal["target"], number)
            kept = [e for e in edges if not (e.source == source and e.target == target)]
            if len(kept) == len(edges):
                raise _error(f"there is no arrow {source} -> {target} to remove", number)
            edges = kept
            continue
        removal = _REMOVE_NODE_RE.match(statement)
        if removal:
            key = _box_id(removal["id"], number)
            if key not in nodes:
                raise _error(f"there is no box '{key}' to remove", number)
            del nodes[key]
            edges = [e for e in edges if key not in (e.source, e.target)]
            continue
        edge = _EDGE_RE.match(statement)
        if edge:
            names = _SPLIT_ARROW.split(edge["chain"])
            label = " ".join((edge["label"] or "").split())
            if len(label) > MAX_LABEL:
                raise _error(f"the arrow's label is longer than {MAX_LABEL} characters", number)
            ids = [ensure(n, number) for n in names]
            for hop, (source, target) in enumerate(zip(ids, ids[1:], strict=False), start=2):
                hop_label = label if hop == len(ids) else ""
                if source == target:
                    raise _error(f"an arrow needs two different boxes ('{source}' points to itself)", number)
                existing = next((e for e in edges if e.source == source and e.target == target), None)
                if existing is None:
                    edges.append(Edge(source=source, target=target, label=hop_label))
                elif hop_label:
                    existing.label = hop_label
            continue
        node = _NODE_RE.match(statement)
        if node:
            key = ensure(node["id"], number)
            label = " ".join((node["label"] or "").split())
            if len(label) > MAX_LABEL:
                raise _error(f"the box's label is longer than {MAX_LABEL} characters", number)
            current = nodes[key]
            try:
                kind = node_type(node["type"]) if node["type"] is not None else None
            except DiagramError as exc:
                raise _error(str(exc), number) from None
            if re.search(_ARROW, label):
                raise _error(f"'{statement[:60]}': put an arrow on a line of its own ({EXAMPLE})", number)
            if kind is None and label:
                kind = infer_type(label)
                kind = current.type if kind == "other" else kind
            nodes[key] = Node(id=key, label=label or current.label, type=kind or current.type)
            continue
        raise _error(_explain(statement), number)
    if len(nodes) > MAX_NODES or len(edges) > MAX_EDGES:
        raise DiagramError(f"the diagram is too big ({MAX_NODES} boxes and {MAX_EDGES} arrows at most)")
    return Diagram(nodes=list(nodes.values()), edges=edges)


def _explain(statement: str) -> str:
    """Why a statement is not understood, in one line."""
    shown = statement if len(statement) <= 60 else statement[:57] + "..."
    if re.search(rf"{_ARROW}\s*(?::|$)", statement) or re.match(rf"^\s*{_ARROW}", statement):
        return f"'{shown}': an arrow needs a box on each side ({EXAMPLE})"
    if re.search(r"<-|<->|=>", statement):
        return f"'{shown}': arrows are written '->' from the caller to the callee ({EXAMPLE})"
    if "[" in statement or "]" in statement:
        return f"'{shown}': a box's type goes in brackets at the end, one of {', '.join(NODE_TYPES)}"
    if re.match(rf"^{_ID}\s+\S", statement):
        return f"'{shown}': a box id is one word (letters, digits, '_', '-', '.'); put a longer name after ':' ({EXAMPLE})"
    return f"'{shown}' is not a box or an arrow ({EXAMPLE})"


def parse_diagram(text: str) -> Diagram:
    """A diagram from text in the syntax above."""
    return apply_text(None, text)
