"""Retrieval quality on the real index: labelled candidate and interviewer questions, recall@3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from knowledge.chunks import build_chunks
from knowledge.content import knowledge
from knowledge.index import KnowledgeIndex
from ui.cli import main

QUERIES = Path(__file__).with_name("retrieval_queries.yaml")
RANGE_ALLOCATION = {"problem:url-shortener:deep-dive-1", "tech:zookeeper"}


def load_queries() -> list[dict[str, object]]:
    queries: list[dict[str, object]] = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    return queries


def test_labelled_queries_are_well_formed() -> None:
    queries = load_queries()
    ids = {c.id for c in build_chunks(knowledge())}
    assert len(queries) >= 40
    assert len({str(q["query"]).lower() for q in queries}) == len(queries)
    for q in queries:
        expected = q["expected"]
        assert isinstance(expected, list) and 1 <= len(expected) <= 3, q
        assert set(expected) <= ids, f"unknown chunk id in {q}"


@pytest.mark.integration
def test_recall_at_3(real_index: KnowledgeIndex) -> None:
    queries = load_queries()
    misses = []
    for q in queries:
        top = [h.id for h in real_index.search(str(q["query"]), k=3)]
        if not set(top) & set(q["expected"]):  # type: ignore[arg-type]
            misses.append((q["query"], q["expected"], top))
    recall = 1 - len(misses) / len(queries)
    assert recall >= 0.9, f"recall@3 = {recall:.2f}; misses: {misses}"


@pytest.mark.integration
def test_cli_finds_range_allocation_for_zookeeper_question(
    real_index: KnowledgeIndex, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BABYSTEPS_HOME", str(real_index.path.parent))
    assert main(["kb", "search", "do I need ZooKeeper for unique ids", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    top3 = [h["id"] for h in hits[:3]]
    assert RANGE_ALLOCATION & set(top3), top3
    assert all({"id", "title", "text", "score"} <= set(h) for h in hits)


@pytest.mark.integration
def test_real_filters_keep_meaning(real_index: KnowledgeIndex) -> None:
    hits = real_index.search("what happens when the cache goes down", k=3, problem="url-shortener")
    assert hits and all(h.metadata["problem"] == "url-shortener" for h in hits)
    lessons = real_index.search("designed for Google scale at a tiny startup", k=3,
                                kind=["mistake", "anti_lesson", "failure_mode"])
    assert {"mistake:over-engineering", "mistake:over-engineering-failure"} & {h.id for h in lessons}
