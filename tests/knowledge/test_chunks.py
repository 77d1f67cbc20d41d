"""Chunks cover all content with unique, well-formed ids and never carry hidden facts."""

from __future__ import annotations

import dataclasses
import re

from knowledge.chunks import KINDS, build_chunks
from knowledge.content import knowledge

ID_PATTERN = re.compile(
    r"^(problem:[a-z0-9-]+(:deep-dive-\d|:estimates)?|tech:[a-z0-9-]+|mistake:[a-z0-9-]+|story:[a-z0-9-]+"
    r"|phase:[a-z_]+|step:[1-5]|checklist:[a-z0-9_-]+|level:[a-z]+|company:[a-z]+|cheat:[a-z0-9-]+)$"
)


def test_ids_unique_and_well_formed() -> None:
    chunks = build_chunks(knowledge())
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))
    bad = [i for i in ids if not ID_PATTERN.match(i)]
    assert not bad
    assert {c.kind for c in chunks} == set(KINDS)


def test_every_item_has_its_chunk() -> None:
    k = knowledge()
    ids = {c.id for c in build_chunks(k)}
    for card in k.problems.values():
        assert f"problem:{card.id}" in ids
        assert f"problem:{card.id}:estimates" in ids
        for n in range(1, len(card.deep_dives) + 1):
            assert f"problem:{card.id}:deep-dive-{n}" in ids
    assert {f"tech:{t}" for t in k.technologies} <= ids
    assert {f"mistake:{m.id}" for m in k.mistakes} <= ids
    assert {f"story:{s.id}" for s in k.stories} <= ids
    assert {f"phase:{p.id}" for p in k.playbook.phases} <= ids
    assert {f"step:{n}" for n in range(1, 6)} <= ids
    assert {f"checklist:{c.id}" for c in k.checklist} <= ids
    assert {f"level:{x}" for x in k.levels} | {f"company:{x}" for x in k.companies} <= ids
    assert {f"cheat:{x}" for x in k.cheatcards} <= ids


def test_hidden_facts_never_reach_chunk_text() -> None:
    k = knowledge()
    texts = [c.text for c in build_chunks(k)]
    for card in k.problems.values():
        for fact in card.hidden_facts:
            for text in texts:
                assert fact.answer not in text, f"hidden fact of {card.id} leaked"


def test_chunks_are_self_contained_and_carry_metadata() -> None:
    k = knowledge()
    chunks = {c.id: c for c in build_chunks(k)}
    card = k.problem("url-shortener")
    overview = chunks["problem:url-shortener"]
    assert card.title in overview.text and card.prompt.strip()[:40] in overview.text
    assert overview.problem == "url-shortener" and overview.kind == "problem"
    dive = chunks["problem:url-shortener:deep-dive-1"]
    assert dive.text.startswith(card.title) and dive.phase == "deep_dive"
    assert chunks["problem:url-shortener:estimates"].phase == "estimation"
    zk = chunks["tech:zookeeper"]
    assert zk.technology == "zookeeper" and "ZooKeeper" in zk.text
    for chunk in chunks.values():
        assert chunk.title and len(chunk.text) > 40
        assert all(isinstance(v, str) for v in chunk.metadata().values())


def test_content_hash_changes_only_with_content() -> None:
    k = knowledge()
    before = {c.id: c.content_hash for c in build_chunks(k)}
    assert before == {c.id: c.content_hash for c in build_chunks(k)}
    redis = k.technology("redis")
    changed = dataclasses.replace(
        k, technologies={**k.technologies, "redis": redis.model_copy(update={"purpose": "A different purpose."})}
    )
    after = {c.id: c.content_hash for c in build_chunks(changed)}
    assert [i for i in before if before[i] != after[i]] == ["tech:redis"]
