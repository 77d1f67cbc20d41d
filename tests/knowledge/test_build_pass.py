"""A cold build embeds every view of every chunk in one length-sorted pass, reporting progress as it goes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from knowledge.chunks import build_chunks
from knowledge.content import knowledge
from knowledge.index import KnowledgeIndex
from tests.fakes import FakeEmbeddings


class PassEmbeddings(FakeEmbeddings):
    """Fake embeddings with the local embedder's ``embed_array``: every call is counted."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(len(texts))
        return super().embed(texts)

    def embed_array(self, texts: list[str], progress=None) -> np.ndarray:  # type: ignore[no-untyped-def]
        self.calls.append(len(texts))
        for done in range(8, len(texts), 8):
            progress(done)
        progress(len(texts))
        return np.asarray(super().embed(texts), dtype=np.float32)


def test_a_cold_build_is_one_embedding_pass_with_progress(tmp_path: Path) -> None:
    embedder = PassEmbeddings()
    seen: list[tuple[int, int]] = []
    index = KnowledgeIndex(tmp_path / "index", embedder)
    index.build(lambda done, total: seen.append((done, total)))
    chunks = build_chunks(knowledge())
    views = sum(len(c.views()) for c in chunks)
    assert embedder.calls == [views]
    total = len(chunks)
    done = [d for d, _ in seen]
    assert seen[0] == (0, total) and seen[-1] == (total, total) and done == sorted(done) and len(set(done)) > 10
    hits = index.search("how many writes per second", k=3)
    assert hits and index.count() == total
    index.close()
