"""The Chroma index with deterministic fake embeddings: incremental builds, repair, filters, status."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kernel.config import Settings
from knowledge.chunks import KINDS, build_chunks
from knowledge.content import Knowledge, UnknownIdError, knowledge
from knowledge.index import KnowledgeIndex, index_status, open_index
from tests.fakes import FakeEmbeddings


class CountingEmbeddings(FakeEmbeddings):
    """Fake embeddings that remember every text they were asked to embed."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return super().embed(texts)


@pytest.fixture
def embedder() -> CountingEmbeddings:
    return CountingEmbeddings()


@pytest.fixture
def built(tmp_path: Path, embedder: CountingEmbeddings) -> KnowledgeIndex:
    index = KnowledgeIndex(tmp_path / "index", embedder)
    index.build()
    return index


def _with_purpose(k: Knowledge, tech_id: str, purpose: str) -> Knowledge:
    card = k.technology(tech_id).model_copy(update={"purpose": purpose})
    return dataclasses.replace(k, technologies={**k.technologies, tech_id: card})


def test_build_embeds_every_chunk_once(built: KnowledgeIndex, embedder: CountingEmbeddings) -> None:
    chunks = build_chunks(knowledge())
    assert built.count() == len(chunks)
    assert sorted(embedder.texts) == sorted(view for c in chunks for view in c.views())
    assert built.is_up_to_date()


def test_rebuild_when_unchanged_embeds_nothing(built: KnowledgeIndex, embedder: CountingEmbeddings) -> None:
    embedder.texts.clear()
    again = KnowledgeIndex(built.path, embedder)
    report = again.build()
    assert embedder.texts == []
    assert (report.added, report.updated, report.removed) == (0, 0, 0)
    assert report.unchanged == built.count()


def test_changed_chunk_is_the_only_one_embedded(built: KnowledgeIndex, embedder: CountingEmbeddings) -> None:
    embedder.texts.clear()
    changed = _with_purpose(knowledge(), "redis", "An in-memory store used here as a marker text.")
    index = KnowledgeIndex(built.path, embedder, changed)
    report = index.build()
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    redis = next(c for c in index.chunks() if c.id == "tech:redis")
    assert sorted(embedder.texts) == sorted(redis.views()) and "marker text" in embedder.texts[0]
    hit = index.search("in-memory marker text", k=1, technology="redis")[0]
    assert hit.id == "tech:redis" and "marker text" in hit.text


def test_removed_chunks_are_deleted(built: KnowledgeIndex, embedder: CountingEmbeddings) -> None:
    k = knowledge()
    smaller = dataclasses.replace(k, cheatcards={})
    index = KnowledgeIndex(built.path, embedder, smaller)
    report = index.build()
    assert report.removed == len(k.cheatcards) and report.added == 0
    assert index.count() == len(build_chunks(smaller))
    assert all(not h.id.startswith("cheat:") for h in index.search("cheat sheet numbers", k=20))


def test_build_reports_progress(tmp_path: Path, embedder: CountingEmbeddings) -> None:
    seen: list[tuple[int, int]] = []
    KnowledgeIndex(tmp_path / "idx", embedder).build(lambda done, total: seen.append((done, total)))
    total = len(build_chunks(knowledge()))
    assert seen[0] == (0, total) and seen[-1] == (total, total)


def test_filters(built: KnowledgeIndex) -> None:
    hits = built.search("how are short codes generated", k=10, problem="url-shortener")
    assert hits and all(h.metadata["problem"] == "url-shortener" for h in hits)
    techs = built.search("cache in front of the database", k=5, kind="technology")
    assert techs and all(h.kind == "technology" for h in techs)
    lessons = built.search("over-engineering", k=8, kind=["mistake", "anti_lesson"])
    assert lessons and {h.kind for h in lessons} <= {"mistake", "anti_lesson"}
    phase = built.search("what to say", k=5, phase="estimation")
    assert phase and all(h.metadata["phase"] == "estimation" for h in phase)
    both = built.search("ids", k=5, problem="url-shortener", phase="deep_dive")
    assert both and all(h.id.startswith("problem:url-shortener:deep-dive-") for h in both)


def test_hits_are_scored_best_first(built: KnowledgeIndex) -> None:
    hits = built.search("ZooKeeper coordination ranges", k=5)
    assert hits[0].id == "tech:zookeeper"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert "hash" not in hits[0].metadata and hits[0].title == "Apache ZooKeeper"


def test_unknown_filters_list_valid_values(built: KnowledgeIndex) -> None:
    with pytest.raises(UnknownIdError) as err:
        built.search("anything", kind="recipe")
    assert all(k in str(err.value) for k in KINDS)
    with pytest.raises(UnknownIdError, match="url-shortener"):
        built.search("anything", problem="design-everything")
    with pytest.raises(UnknownIdError, match="zookeeper"):
        built.search("anything", technology="abacus")
    with pytest.raises(ValueError, match="empty"):
        built.search("   ")


def test_open_index_builds_when_missing_then_reuses(settings: Settings, embedder: CountingEmbeddings) -> None:
    index = open_index(settings, embedder)
    assert index.count() == len(build_chunks(knowledge()))
    assert any("building" in n for n in index.notices)
    index.close()
    embedder.texts.clear()
    again = open_index(settings, embedder)
    assert embedder.texts == [] and again.notices == []


@pytest.mark.parametrize("damage", ["garbage", "truncate", "delete_collection", "other_embedder"])
def test_open_index_rebuilds_a_broken_index(settings: Settings, embedder: CountingEmbeddings, damage: str) -> None:
    first = open_index(settings, embedder)
    expected = first.count()
    if damage == "delete_collection":
        first._client.delete_collection("babysteps-knowledge")
    first.close()
    sqlite = settings.index_dir / "chroma.sqlite3"
    if damage == "garbage":
        sqlite.write_bytes(b"this is not a database " * 4096)
    elif damage == "truncate":
        sqlite.write_bytes(b"")
    messages: list[str] = []
    other: FakeEmbeddings = embedder
    if damage == "other_embedder":
        other = type("WiderFake", (FakeEmbeddings,), {"dim": 300})()
    repaired = open_index(settings, other, notify=messages.append)
    assert any("unusable" in m and "rebuilding" in m for m in messages), messages
    assert repaired.count() == expected
    assert repaired.search("ZooKeeper coordination ranges", k=1)[0].id == "tech:zookeeper"


def test_open_index_updates_changed_content(settings: Settings, embedder: CountingEmbeddings) -> None:
    open_index(settings, embedder).close()
    embedder.texts.clear()
    changed = _with_purpose(knowledge(), "kafka", "A durable log; marker for this test.")
    index = open_index(settings, embedder, content=changed)
    kafka = next(c for c in index.chunks() if c.id == "tech:kafka")
    assert sorted(embedder.texts) == sorted(kafka.views()) and any("changed" in n for n in index.notices)


def test_index_status(settings: Settings, embedder: CountingEmbeddings) -> None:
    status = index_status(settings)
    assert status["exists"] == "no" and status["up_to_date"] == "no"
    assert not settings.index_dir.exists()
    open_index(settings, embedder).close()
    status = index_status(settings)
    assert status["exists"] == "yes"
    assert status["chunks"] == str(len(build_chunks(knowledge())))
    assert status["embedding_model"] == "CountingEmbeddings" and status["up_to_date"] == "no"
    assert set(status) >= {"path", "exists", "chunks", "up_to_date", "embedding_model"}
