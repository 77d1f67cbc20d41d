"""The local embedder's thread policy: one thread for short calls, a second one for large batches."""

from __future__ import annotations

import os

import pytest

from knowledge.embeddings import BATCH_TEXTS, LocalEmbedder, batch_threads


def test_batch_threads_uses_at_most_two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    for cores, expected in ((None, 1), (1, 1), (2, 2), (16, 2)):
        monkeypatch.setattr(os, "cpu_count", lambda c=cores: c)
        assert batch_threads() == expected


def test_default_runs_short_calls_on_one_thread_and_batches_on_more(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    embedder = LocalEmbedder()
    assert embedder.threads_for(1) == 1
    assert embedder.threads_for(BATCH_TEXTS - 1) == 1
    assert embedder.threads_for(BATCH_TEXTS) == 2
    assert embedder.threads_for(5000) == 2


def test_configured_threads_apply_to_every_call() -> None:
    assert LocalEmbedder(threads=1).threads_for(5000) == 1
    assert LocalEmbedder(threads=3).threads_for(1) == 3
    assert LocalEmbedder(threads=0).threads_for(1) == 1
