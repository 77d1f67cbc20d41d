"""The eval data loads, every case parses and carries honest, consistent labels."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evals.dataset import DATA_DIR, DatasetError, load_cases, load_labels, load_scripts
from rubric.models import HIRE_SIDE

KINDS_REQUIRED = {"story": 4, "anti_lesson": 3, "failure_mode": 4, "pair": 2, "mistake": 6, "extra": 3}


def test_every_case_parses_with_labels() -> None:
    cases = [c for c in load_cases() if c.variant == "original"]
    assert len(cases) >= 20
    for case in cases:
        turns = case.transcript.turns
        assert 15 <= len(turns) <= 40, case.id
        assert {t.role for t in turns} == {"interviewer", "candidate"}, case.id
        assert case.transcript.problem and case.transcript.company == case.label.company
        assert case.label.bands, case.id
        scored = {"requirements", "estimation", "high_level_design", "deep_dive", "justification",
                  "reliability", "proportionality", "communication"}
        expected = scored | ({"leadership"} if case.label.company == "amazon" else set())
        assert set(case.label.bands) == expected, case.id


def test_case_mix_covers_the_guide() -> None:
    labels, swaps = load_labels()
    for kind, n in KINDS_REQUIRED.items():
        assert sum(1 for lab in labels.values() if lab.kind == kind) >= n, kind
    weak_cases = [lab for lab in labels.values() if lab.kind in ("failure_mode", "mistake", "anti_lesson")]
    assert all(lab.side == "no_hire" and lab.weak for lab in weak_cases)
    for lab in weak_cases:  # the dimension the case is about is banded low
        assert any(lab.bands[d][1] <= 2 for d in lab.weak), lab.id
    stories = {lab.id: lab for lab in labels.values() if lab.kind == "story"}
    assert stories["story-amazon-ride-sharing"].side == "no_hire"
    assert sum(lab.verdict in HIRE_SIDE for lab in stories.values()) == 3
    swap = next(s for s in swaps if s.case == "story-amazon-ride-sharing")
    assert swap.company == "google" and swap.side == "hire" and swap.direction == "higher"
    assert any(s.level and s.direction == "lower" for s in swaps)


def test_story_transcripts_keep_the_guide_figures() -> None:
    text = {c.id: " ".join(t.content for t in c.transcript.turns) for c in load_cases("story-*", swaps=False)}
    for figure in ("1,150 writes", "115,000 reads", "18 TB", "500K", "DynamoDB", "10,000 IDs"):
        assert figure in text["story-google-url-shortener"], figure
    for figure in ("500 million", "5 billion", "58,000"):
        assert figure in text["story-meta-news-feed"], figure
    for figure in ("65,000", "50,000", "company_id", "YAGNI"):
        assert figure in text["story-startup-b2b-chat"], figure


def test_swaps_change_company_or_level_only() -> None:
    cases = {c.id: c for c in load_cases()}
    swapped = cases["story-amazon-ride-sharing@google"]
    base = cases["story-amazon-ride-sharing"]
    assert swapped.transcript.turns == base.transcript.turns
    assert swapped.transcript.company == "google" and "leadership" not in swapped.label.bands
    assert cases["extra-parking-lot-api@staff"].transcript.level == "staff"


def test_glob_selects_cases() -> None:
    ids = {c.id for c in load_cases("rl-*")}
    assert ids == {"rl-asked-first", "rl-drew-first"}


def test_scripts_load() -> None:
    scripts = load_scripts()
    assert len(scripts) >= 6
    companies = {s.company for s in scripts}
    assert {"amazon", "startup", "google", "meta"} <= companies
    assert all(s.expect.pushback and s.expect.never for s in scripts)
    assert any(s.company == "amazon" and s.expect.company_question for s in scripts)


def _copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "cases").mkdir(parents=True)
    (data / "scripts").mkdir()
    for p in (DATA_DIR / "cases").glob("rl-*.md"):
        (data / "cases" / p.name).write_text(p.read_text())
    labels = yaml.safe_load((DATA_DIR / "labels.yaml").read_text())
    labels["cases"] = {k: v for k, v in labels["cases"].items() if k.startswith("rl-")}
    labels["swaps"] = []
    (data / "labels.yaml").write_text(yaml.safe_dump(labels))
    return data


def test_missing_label_is_reported(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    assert len(load_cases(data_dir=data)) == 2
    (data / "cases" / "rl-extra.md").write_text("Interviewer: hi\n\nCandidate: hello\n")
    with pytest.raises(DatasetError, match="rl-extra"):
        load_cases(data_dir=data)


def test_label_on_the_wrong_side_is_rejected(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    labels = yaml.safe_load((data / "labels.yaml").read_text())
    labels["cases"]["rl-drew-first"]["verdict"] = "hire"
    (data / "labels.yaml").write_text(yaml.safe_dump(labels))
    with pytest.raises(DatasetError, match="side"):
        load_cases(data_dir=data)


def test_header_disagreeing_with_label_is_rejected(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    path = data / "cases" / "rl-drew-first.md"
    path.write_text(path.read_text().replace("# company: google", "# company: meta"))
    with pytest.raises(DatasetError, match="disagree"):
        load_cases(data_dir=data)
