"""The coverage labels the interviewer's memory is trained on: both label files read, every tag a real card item."""

from __future__ import annotations

from collections import Counter

from analysis.coverage import card_items
from evals.coverage_train import labelled_turns
from knowledge.content import knowledge


def test_every_label_file_is_read_and_every_tag_names_an_item_of_its_card() -> None:
    kb = knowledge()
    entries = labelled_turns(scripts=True)
    assert len(labelled_turns()) < len(entries)  # the shipped model's turns: the short written ones
    ids = [str(e["id"]) for e in entries]
    assert len(ids) == len(set(ids))
    assert any(i.startswith("b2b-chat-") for i in ids)  # the short written turns
    sources = Counter(i.rsplit("-", 1)[0] for i in ids if i[:1] in "rstvwxy" and i[1:3].isdigit())
    assert len(sources) >= 50  # whole scripts, every turn of each
    for e in entries:
        tags = {t for t, _ in card_items(kb.problem(str(e["problem"])), probes=True)}
        assert set(e["covers"]) <= tags, e["id"]  # type: ignore[arg-type]
        assert str(e["turn"]).strip()
