"""Storage helpers of the knowledge index: result models, the Chroma client, filters, content digests."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from knowledge.chunks import KINDS, Chunk
from knowledge.content import Knowledge, UnknownIdError
from knowledge.models import PHASES

log = logging.getLogger(__name__)

COLLECTION = "babysteps-knowledge"
SCHEMA = "2"  # bump when chunk text or metadata layout changes in a way hashes do not capture


class Hit(BaseModel):
    """One search result; ``score`` is higher for better matches (cosine similarity plus name boosts)."""

    id: str
    title: str
    text: str
    score: float
    kind: str
    metadata: dict[str, str]


class BuildReport(BaseModel):
    added: int
    updated: int
    unchanged: int
    removed: int
    seconds: float


class IndexCorruptError(RuntimeError):
    """The index on disk cannot be used as it is; it must be deleted and rebuilt."""


def content_digest(chunks: Sequence[Chunk]) -> str:
    """One hash over every chunk hash, stored with the collection to tell whether it is up to date."""
    joined = "\n".join(f"{c.id}={c.content_hash}" for c in sorted(chunks, key=lambda c: c.id))
    return hashlib.sha256(f"{SCHEMA}\n{joined}".encode()).hexdigest()[:32]


def chroma_client(path: Path, url: str | None = None) -> Any:
    """The embedded Chroma database at ``path``, or the Chroma server at ``url`` (``BABYSTEPS_CHROMA_URL``)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    if url:
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        ssl = parts.scheme == "https"
        return chromadb.HttpClient(host=parts.hostname or "127.0.0.1", port=parts.port or (443 if ssl else 8000),
                                   ssl=ssl, settings=ChromaSettings(anonymized_telemetry=False))
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def forget_cached_client(path: Path) -> None:
    """Chroma caches one database handle per path; drop it so a deleted directory is not reused."""
    from chromadb.api.shared_system_client import SharedSystemClient

    system = SharedSystemClient._identifier_to_system.pop(str(path), None)
    SharedSystemClient._identifier_to_refcount.pop(str(path), None)
    if system is not None:
        try:
            system.stop()
        except Exception:  # noqa: BLE001 - a broken system is being thrown away anyway
            log.debug("stopping the cached Chroma system failed", exc_info=True)


def search_filter(
    content: Knowledge,
    kind: str | Sequence[str] | None = None,
    problem: str | None = None,
    technology: str | None = None,
    phase: str | None = None,
) -> dict[str, Any] | None:
    """The Chroma ``where`` clause for these filters; unknown values raise :class:`UnknownIdError`."""
    conditions: list[dict[str, Any]] = []
    if kind:
        kinds = [kind] if isinstance(kind, str) else list(kind)
        for k in kinds:
            if k not in KINDS:
                raise UnknownIdError("kind", k, list(KINDS))
        conditions.append({"kind": kinds[0]} if len(kinds) == 1 else {"kind": {"$in": kinds}})
    if problem:
        content.problem(problem)
        conditions.append({"problem": problem})
    if technology:
        content.technology(technology)
        conditions.append({"technology": technology})
    if phase:
        if phase not in PHASES:
            raise UnknownIdError("phase", phase, list(PHASES))
        conditions.append({"phase": phase})
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}
