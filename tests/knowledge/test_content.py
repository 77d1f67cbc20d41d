"""The packaged knowledge loads and validates; bad files fail with the file and field named."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from knowledge.content import DATA_DIR, ContentError, UnknownIdError, knowledge, load_knowledge
from knowledge.models import PHASES

BRIEF_PROBLEMS = {
    "url-shortener",
    "internal-url-shortener",
    "notification-system",
    "twitter-timeline",
    "ride-sharing",
    "video-platform",
    "rate-limiter",
    "multi-dc-rate-limiter",
    "instagram-feed",
    "news-feed",
    "b2b-chat",
    "task-app",
    "employee-dashboard",
    "ecommerce-checkout",
    "social-network",
    "photo-storage",
}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_packaged_content_loads_and_is_complete() -> None:
    k = load_knowledge()
    assert len(k.problems) >= 16
    assert len(k.technologies) >= 20
    assert set(k.problems) >= BRIEF_PROBLEMS
    assert [p.id for p in k.playbook.phases] == list(PHASES)
    assert sorted(k.playbook.formats) == [30, 45, 60]
    assert len(k.stories) >= 4
    assert {"mistake", "anti_lesson", "failure_mode"} <= {m.kind for m in k.mistakes}


def test_cross_references_point_at_known_ids() -> None:
    k = knowledge()
    for card in k.problems.values():
        for tech in card.over_engineering_traps:
            assert tech in k.technologies, f"{card.id}: unknown trap technology {tech}"
    for story in k.stories:
        assert story.problem in k.problems, f"story {story.id}: unknown problem {story.problem}"


def test_invalid_problem_file_names_file_and_field(data_copy: Path) -> None:
    path = data_copy / "problems" / "url-shortener.yaml"
    text = re.sub(r"^scale:.*$", "scale: gigantic", path.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert "scale: gigantic" in text
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_knowledge(data_copy)
    assert "url-shortener.yaml" in str(err.value)
    assert "scale" in str(err.value)


def test_missing_required_field_is_named(data_copy: Path) -> None:
    (data_copy / "technologies" / "bad.yaml").write_text(
        "id: bad\nname: Bad\naliases: [bad]\ncategory: cache\npurpose: nothing\n"
        "pushback: [why]\noverkill_when: always\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"bad\.yaml.*'trade_offs'"):
        load_knowledge(data_copy)


def test_unparseable_yaml_names_file(data_copy: Path) -> None:
    (data_copy / "checklist.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"checklist\.yaml: cannot read"):
        load_knowledge(data_copy)


def test_unknown_problem_lists_valid_ids() -> None:
    k = knowledge()
    with pytest.raises(UnknownIdError) as err:
        k.problem("design-everything")
    message = str(err.value)
    assert "design-everything" in message
    assert "url-shortener" in message and "rate-limiter" in message
    assert err.value.valid == sorted(k.problems)
