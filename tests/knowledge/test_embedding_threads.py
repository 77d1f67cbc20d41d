"""The local embedder's thread policy: ONNX Runtime's pool has two threads at most, or what is configured."""

from __future__ import annotations

import os

import pytest

from knowledge.embeddings import BATCH_TEXTS, LocalEmbedder, batch_threads


def test_batch_threads_uses_at_most_two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    for cores, expected in ((None, 1), (1, 1), (2, 2), (16, 2)):
        monkeypatch.setattr(os, "cpu_count", lambda c=cores: c)
        assert batch_threads() == expected


def test_default_uses_the_batch_thread_count_for_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    embedder = LocalEmbedder()
    assert embedder.threads == 2
    assert embedder.threads_for(1) == embedder.threads_for(BATCH_TEXTS) == embedder.threads_for(5000) == 2


def test_configured_threads_apply_to_every_call() -> None:
    assert LocalEmbedder(threads=1).threads_for(5000) == 1
    assert LocalEmbedder(threads=3).threads_for(1) == 3
    assert LocalEmbedder(threads=0).threads_for(1) == 1
