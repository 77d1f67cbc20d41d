"""The knowledge index: chunks embedded locally and stored in an embedded Chroma database on disk.

Builds are incremental: each chunk's content hash is stored with it, so unchanged chunks are not embedded
again and removed chunks are deleted. ``open_index`` builds a missing index and deletes and rebuilds an
unusable one (unreadable database, other embedding model or dimension, missing collection, wrong count).
Chroma's default embedding function is never used (it downloads a model): vectors are always passed in.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kernel.config import Settings
from knowledge.chunks import Chunk, build_chunks
from knowledge.content import Knowledge, knowledge
from knowledge.embeddings import MODEL_NAME, Embedder, embedder_name, get_embedder
from knowledge.rerank import Candidate, Reranker
from knowledge.store import (
    COLLECTION,
    SCHEMA,
    BuildReport,
    Hit,
    IndexCorruptError,
    chroma_client,
    content_digest,
    forget_cached_client,
    search_filter,
)

log = logging.getLogger(__name__)

BATCH = 16  # chunks per embedding call (each chunk has several views)
INTERNAL_KEYS = {"chunk", "view", "hash"}
Progress = Callable[[int, int], None]
__all__ = ["BuildReport", "Hit", "IndexCorruptError", "KnowledgeIndex", "index_status", "open_index", "search_filter"]


class KnowledgeIndex:
    """Search over the knowledge chunks stored in a Chroma directory at ``path``."""

    def __init__(self, path: Path | str, embedder: Embedder, content: Knowledge | None = None,
                 url: str | None = None) -> None:
        self.path = Path(path).expanduser().resolve()
        self.url = url  # a Chroma server (BABYSTEPS_CHROMA_URL); None: the embedded database at ``path``
        self.embedder = embedder
        self._content = content
        self._chunks: list[Chunk] | None = None
        self._client: Any = None
        self._collection: Any = None
        self._total = 0  # records in the collection, counted once per handle (0: not counted yet)
        self._reranker: Reranker | None = None
        self.notices: list[str] = []  # messages for the user (e.g. "index was corrupt and was rebuilt")

    # --- content ---------------------------------------------------------------------------------

    @property
    def content(self) -> Knowledge:
        if self._content is None:
            self._content = knowledge()
        return self._content

    def chunks(self) -> list[Chunk]:
        if self._chunks is None:
            self._chunks = build_chunks(self.content)
        return self._chunks

    # --- storage ---------------------------------------------------------------------------------

    def exists(self) -> bool:
        if self.url:
            try:
                self._open_collection(create=False)
            except Exception:  # noqa: BLE001 - no collection on the server yet
                return False
            return True
        return (self.path / "chroma.sqlite3").is_file()

    @property
    def location(self) -> str:
        """Where the index lives, for messages: the directory or the server's URL."""
        return self.url or str(self.path)

    def _expected_metadata(self) -> dict[str, Any]:
        return {"embedder": embedder_name(self.embedder), "dim": int(self.embedder.dim), "schema": SCHEMA}

    def _open_collection(self, create: bool) -> Any:
        if self._collection is None:
            if self._client is None:
                self._client = chroma_client(self.path, self.url)
            if create:
                self._collection = self._client.get_or_create_collection(
                    COLLECTION,
                    embedding_function=None,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={**self._expected_metadata(), "chunks": -1, "content": ""},
                )
            else:
                self._collection = self._client.get_collection(COLLECTION, embedding_function=None)
        return self._collection

    def close(self) -> None:
        """Release the database handle (needed before the directory is deleted)."""
        if self._client is not None:
            try:
                self._client.close()
            except Exception:  # noqa: BLE001
                log.debug("closing the Chroma client failed", exc_info=True)
        self._client = self._collection = None
        self._total = 0

    def reset(self) -> None:
        """Delete the index directory entirely (on a Chroma server: the collection)."""
        if self.url:
            try:
                if self._client is None:
                    self._client = chroma_client(self.path, self.url)
                self._client.delete_collection(COLLECTION)
            except Exception:  # noqa: BLE001 - nothing to delete
                log.debug("deleting the collection on the Chroma server failed", exc_info=True)
            self._collection, self._total = None, 0
            return
        self.close()
        forget_cached_client(self.path)
        shutil.rmtree(self.path, ignore_errors=True)

    def stored_metadata(self) -> dict[str, Any]:
        return dict(self._open_collection(create=False).metadata or {})

    def verify(self) -> None:
        """Raise :class:`IndexCorruptError` unless the index can be opened and searched as it is."""
        if not self.exists():
            raise IndexCorruptError(f"no index in {self.location}")
        try:
            meta = self.stored_metadata()
            count = int(self._open_collection(create=False).count())
        except Exception as exc:  # noqa: BLE001 - Chroma raises many types for a damaged store
            raise IndexCorruptError(f"cannot read the index: {type(exc).__name__}: {exc}") from exc
        expected = self._expected_metadata()
        for key in ("embedder", "dim", "schema"):
            if meta.get(key) != expected[key]:
                raise IndexCorruptError(f"index {key} is {meta.get(key)!r}, expected {expected[key]!r}")
        if meta.get("records") != count:
            raise IndexCorruptError(f"index holds {count} records but its last build wrote {meta.get('records')}")
        if count:
            probe = [1.0] + [0.0] * (int(self.embedder.dim) - 1)
            try:
                self._collection.query(query_embeddings=[probe], n_results=1, include=["distances"])
            except Exception as exc:  # noqa: BLE001
                raise IndexCorruptError(f"the vector index cannot be searched: {exc}") from exc

    def is_up_to_date(self) -> bool:
        try:
            return self.stored_metadata().get("content") == content_digest(self.chunks())
        except Exception:  # noqa: BLE001
            return False

    def count(self) -> int:
        """Number of chunks in the index (each chunk is stored as one record per view)."""
        return _chunk_count(self._open_collection(create=True))

    # --- build -----------------------------------------------------------------------------------

    def build(self, progress: Progress | None = None) -> BuildReport:
        """Embed new and changed chunks, delete removed ones; unchanged chunks are left alone."""
        started = time.perf_counter()
        chunks = self.chunks()
        collection = self._open_collection(create=True)
        meta = dict(collection.metadata or {})
        if any(meta.get(k) != v for k, v in self._expected_metadata().items()):
            log.info("index at %s was built with another embedder; rebuilding it", self.path)
            self._client.delete_collection(COLLECTION)
            self._collection, self._total = None, 0
            collection = self._open_collection(create=True)
        stored = collection.get(include=["metadatas"])
        records: dict[str, list[str]] = defaultdict(list)
        hashes: dict[str, set[str]] = defaultdict(set)
        for rid, m in zip(stored["ids"], stored["metadatas"] or [], strict=False):
            chunk_id = str((m or {}).get("chunk", rid))
            records[chunk_id].append(rid)
            hashes[chunk_id].add(str((m or {}).get("hash")))
        fresh = {c.id for c in chunks}
        removed = [i for i in records if i not in fresh]
        todo = [c for c in chunks if hashes.get(c.id) != {c.content_hash} or len(records[c.id]) != len(c.views())]
        added = sum(1 for c in todo if c.id not in records)
        stale = [rid for i in removed for rid in records[i]] + [rid for c in todo for rid in records.get(c.id, [])]
        if stale:
            collection.delete(ids=stale)
            self._total = 0
        if progress:
            progress(0, len(todo))
        shown = [0]  # progress never moves back: the embedding pass reports first, then the writes

        def step(done: int, total: int) -> None:
            shown[0] = max(shown[0], done)
            if progress:
                progress(shown[0], total)

        vectors = self._embed_views(todo, step)
        for start in range(0, len(todo), BATCH):
            self._store(collection, todo[start : start + BATCH], vectors)
            step(min(start + BATCH, len(todo)), len(todo))
        if todo or stale:
            from knowledge.stored_search import forget_stored_searches

            forget_stored_searches(self.path)
        collection.modify(metadata={**self._expected_metadata(), "chunks": len(chunks),
                                    "records": int(collection.count()), "content": content_digest(chunks)})
        return BuildReport(
            added=added,
            updated=len(todo) - added,
            unchanged=len(chunks) - len(todo),
            removed=len(removed),
            seconds=round(time.perf_counter() - started, 3),
        )

    def _embed_views(self, todo: list[Chunk], progress: Progress | None) -> dict[str, list[float]]:
        """Every view of these chunks embedded in one pass, by record id: the texts of the whole build are
        sorted by length together, so runs pad far less than chunk by chunk (the local embedder reports its
        runs, shown as chunks done while the records are not written yet)."""
        ids = [f"{chunk.id}#{n}" for chunk in todo for n in range(len(chunk.views()))]
        texts = [view for chunk in todo for view in chunk.views()]
        if not texts:
            return {}
        embed_array = getattr(self.embedder, "embed_array", None)
        if embed_array is None:
            rows: list[list[float]] = self.embedder.embed(texts)
        else:
            def ran(done: int) -> None:
                if progress:
                    progress(min(len(todo) - 1, len(todo) * done // len(texts)), len(todo))  # the writes finish it

            rows = embed_array(texts, progress=ran).tolist()
        return dict(zip(ids, rows, strict=True))

    def _store(self, collection: Any, batch: list[Chunk], vectors: dict[str, list[float]]) -> None:
        """Write one record per view of these chunks, with the vectors embedded for the build."""
        self._total = 0  # counted again at the next search
        ids, embeddings, documents, metadatas = [], [], [], []
        for chunk in batch:
            for n, _view in enumerate(chunk.views()):
                ids.append(f"{chunk.id}#{n}")
                embeddings.append(vectors[f"{chunk.id}#{n}"])
                documents.append(chunk.text)
                metadatas.append({**chunk.metadata(), "chunk": chunk.id, "view": n, "hash": chunk.content_hash})
        collection.upsert(ids=ids, embeddings=embeddings, documents=documents, metadatas=metadatas)

    # --- search ----------------------------------------------------------------------------------

    @property
    def reranker(self) -> Reranker:
        if self._reranker is None:
            self._reranker = Reranker(self.content)
        return self._reranker

    def search(
        self,
        query: str,
        k: int = 5,
        kind: str | Sequence[str] | None = None,
        problem: str | None = None,
        technology: str | None = None,
        phase: str | None = None,
    ) -> list[Hit]:
        """The ``k`` best chunks for ``query``, optionally filtered by kind, problem, technology or phase."""
        where = search_filter(self.content, kind, problem, technology, phase)
        if not query.strip():
            raise ValueError("empty search query")
        if k < 1:
            raise ValueError("k must be at least 1")
        collection = self._open_collection(create=True)
        total = self._total or int(collection.count())  # a count per search cost as much as the query itself
        if not total:
            return []
        self._total = total
        result = collection.query(
            query_embeddings=self.embedder.embed([query]),
            n_results=min(total, 10 * k + 40),
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        best: dict[str, Candidate] = {}  # each chunk scores with its best-matching view
        for doc, meta, dist in zip(result["documents"][0], result["metadatas"][0], result["distances"][0],
                                   strict=False):
            clean = {str(a): str(b) for a, b in (meta or {}).items() if a not in INTERNAL_KEYS}
            chunk_id = str((meta or {}).get("chunk", ""))
            similarity = 1.0 - float(dist)
            if chunk_id not in best or similarity > best[chunk_id].similarity:
                best[chunk_id] = Candidate(id=chunk_id, text=doc or "", metadata=clean, similarity=similarity)
        return [
            Hit(id=cand.id, title=cand.metadata.get("title", cand.id), text=cand.text, score=round(score, 4),
                kind=cand.metadata.get("kind", ""), metadata=cand.metadata)
            for cand, score in self.reranker.rerank(query, list(best.values()))[:k]
        ]


def _chunk_count(collection: Any) -> int:
    return len(collection.get(where={"view": 0}, include=[])["ids"])


def open_index(
    settings: Settings,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    content: Knowledge | None = None,
    notify: Callable[[str], None] | None = None,
) -> KnowledgeIndex:
    """Open the index under ``settings.index_dir``: build it if missing, rebuild it if unusable,
    bring it up to date if the content changed.

    Messages for the user are kept in ``index.notices`` and passed to ``notify`` as they happen
    (without ``notify``, a rebuilt corrupt index is logged as a warning).
    """
    index = KnowledgeIndex(settings.index_dir, embedder or get_embedder(), content, url=settings.chroma_url)

    def say(message: str, warning: bool = False) -> None:
        index.notices.append(message)
        if notify is not None:
            notify(message)
        elif warning:
            log.warning(message)
        else:
            log.info(message)

    if not index.exists():
        say(f"building the knowledge index at {index.location}")
    else:
        try:
            index.verify()
        except IndexCorruptError as exc:
            message = f"the knowledge index at {index.location} is unusable ({exc}); deleting and rebuilding it"
            say(message, warning=True)
            index.reset()
        else:
            if index.is_up_to_date():
                return index
            say("the knowledge content changed; updating the index")
    report = index.build(progress)
    say(
        f"index ready: {report.added} added, {report.updated} updated, {report.removed} removed "
        f"in {report.seconds:.1f}s"
    )
    return index


def index_status(settings: Settings) -> dict[str, str]:
    """What ``babysteps doctor`` shows about the index; loads no model and creates nothing."""
    path = settings.index_dir.expanduser().resolve()
    status = {"path": settings.chroma_url or str(path), "exists": "no", "chunks": "0", "up_to_date": "no",
              "embedding_model": MODEL_NAME}
    index = KnowledgeIndex(path, get_embedder(), url=settings.chroma_url)  # only its name and dimension are read
    if not index.exists():
        index.close()
        return status
    status["exists"] = "yes"
    try:
        meta = index.stored_metadata()
        status["chunks"] = str(_chunk_count(index._open_collection(create=False)))
        status["embedding_model"] = str(meta.get("embedder", "unknown"))
        status["up_to_date"] = "yes" if index.is_up_to_date() and meta.get("embedder") == MODEL_NAME else "no"
    except Exception as exc:  # noqa: BLE001 - the doctor reports, it does not crash
        status["error"] = f"unreadable index ({type(exc).__name__}); run: babysteps kb build --force"
    finally:
        index.close()
    return status

