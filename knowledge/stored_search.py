"""Search results kept beside the index, so a command that only needs a few fixed searches (the guide
sections a scorecard cites) does not load Chroma each time.

:class:`StoredSearchIndex` answers :meth:`search` from ``<index>/searches.json`` when the same query was
searched before on an index built from the same content with the same embedder (the key is the content
digest the index records, the embedder's name and size, and the storage schema); otherwise it opens the
real index with :func:`knowledge.index.open_index` (building or updating it as that does), searches it and
stores the hits. The hits are the index's own, so results are the same either way. The file goes whenever
the index is rebuilt or changed.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kernel.config import Settings
from knowledge.chunks import build_chunks
from knowledge.content import Knowledge, knowledge
from knowledge.embeddings import Embedder, embedder_name
from knowledge.store import SCHEMA, Hit, content_digest

STORED = "searches.json"
MAX_STORED = 256  # searches kept; the fixed ones a scorecard needs are a handful


def stored_searches_path(index_dir: Path) -> Path:
    return index_dir / STORED


def forget_stored_searches(index_dir: Path) -> None:
    """Drop the stored results (the index was rebuilt or changed)."""
    stored_searches_path(index_dir).unlink(missing_ok=True)


class StoredSearchIndex:
    """The knowledge index for callers that only ``search``: stored results first, Chroma when needed.

    ``opened`` is called with the real index the first time it is opened; when opening fails, ``failed``
    is called with the exception and every later search raises it again (the caller falls back).
    """

    def __init__(self, settings: Settings, embedder: Embedder, content: Knowledge | None = None,
                 notify: Callable[[str], None] | None = None,
                 failed: Callable[[Exception], None] | None = None) -> None:
        self._settings = settings
        self.embedder = embedder
        self._content = content
        self._notify = notify
        self._failed = failed
        self._index: Any = None
        self._error: Exception | None = None
        self._key: str | None = None
        self._stored: dict[str, Any] | None = None
        self.path = stored_searches_path(settings.index_dir)

    @property
    def content(self) -> Knowledge:
        if self._content is None:
            self._content = knowledge()
        return self._content

    def key(self) -> str:
        """What the stored results depend on: the content, the embedder and the storage schema."""
        if self._key is None:
            digest = content_digest(build_chunks(self.content))
            self._key = f"{SCHEMA}:{embedder_name(self.embedder)}:{int(self.embedder.dim)}:{digest}"
        return self._key

    def search(self, query: str, k: int = 5, **filters: Any) -> list[Hit]:
        wanted = json.dumps([query, k, sorted((a, str(b)) for a, b in filters.items() if b)])
        stored = self._load()
        if wanted in stored:
            return [Hit.model_validate(h) for h in stored[wanted]]
        hits: list[Hit] = self._open().search(query, k=k, **filters)
        stored[wanted] = [h.model_dump() for h in hits]
        self._save(stored)
        return hits

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    # --- internals ------------------------------------------------------------------------------

    def _open(self) -> Any:
        if self._error is not None:
            raise self._error
        if self._index is None:
            from knowledge.index import open_index

            try:
                self._index = open_index(self._settings, self.embedder, content=self._content, notify=self._notify)
            except Exception as exc:
                self._error = exc
                if self._failed is not None:
                    self._failed(exc)
                raise
        return self._index

    def _load(self) -> dict[str, Any]:
        if self._stored is None:
            self._stored = {}
            if self._settings.chroma_url is None:  # a shared Chroma server may change under us: never stored
                try:
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                    if isinstance(data, dict) and data.get("key") == self.key() and isinstance(data.get("searches"), dict):
                        self._stored = dict(data["searches"])
                except (OSError, ValueError):
                    pass
        return self._stored

    def _save(self, stored: dict[str, Any]) -> None:
        if self._settings.chroma_url is not None or not self.path.parent.is_dir():
            return
        while len(stored) > MAX_STORED:
            stored.pop(next(iter(stored)))
        body = json.dumps({"key": self.key(), "searches": stored}, ensure_ascii=False)
        tmp: str | None = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{STORED}.", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(body)
            os.replace(tmp, self.path)
        except OSError:  # a read-only data directory: the results are simply not kept
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
