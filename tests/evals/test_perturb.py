"""Perturbations keep every number and technology, parse back, and are deterministic."""

from __future__ import annotations

import pytest

from evals.dataset import load_cases
from evals.perturb import (
    INJECTIONS,
    PERTURBATIONS,
    numbers,
    perturb,
    perturbed_cases,
    reword_text,
    technologies,
)


@pytest.fixture(scope="module")
def cases():  # type: ignore[no-untyped-def]
    return load_cases(swaps=False)


def _text(t) -> str:  # type: ignore[no-untyped-def]
    return " ".join(x.content for x in t.turns)


def test_every_perturbation_is_deterministic(cases) -> None:  # type: ignore[no-untyped-def]
    for case in cases[:6]:
        for name, fn in PERTURBATIONS.items():
            assert fn(case.transcript, 3) == fn(case.transcript, 3), (case.id, name)


def test_seed_changes_the_choices(cases) -> None:  # type: ignore[no-untyped-def]
    t = next(c for c in cases if c.id == "story-google-url-shortener").transcript
    assert PERTURBATIONS["reworded"](t, 0) != PERTURBATIONS["reworded"](t, 1)
    assert PERTURBATIONS["padded"](t, 0) != PERTURBATIONS["padded"](t, 1)


def test_reworded_keeps_numbers_and_technologies_and_changes_words(cases) -> None:  # type: ignore[no-untyped-def]
    changed = 0
    for case in cases:
        before, after = _text(case.transcript), _text(perturb(case.transcript, "reworded"))
        assert numbers(before) == numbers(after), case.id
        assert technologies(before) == technologies(after), case.id
        assert [t.role for t in perturb(case.transcript, "reworded").turns] == [t.role for t in case.transcript.turns]
        changed += before != after
    assert changed == len(cases)


def test_reword_examples() -> None:
    text = "I'd use Redis because we need about 115,000 reads per second. It's fast."
    out = reword_text(text, 0, 1)
    assert "I would use Redis since" in out and "115,000" in out and "it is" in out.lower()
    assert "about 115,000" not in out


def test_label_variants_parse_to_the_same_turns(cases) -> None:  # type: ignore[no-untyped-def]
    for case in cases:
        for name in ("labels_bold", "labels_bold_outside", "labels_lower", "labels_quoted", "json"):
            t = perturb(case.transcript, name)
            assert t.turns == case.transcript.turns, (case.id, name)
            assert (t.problem, t.company, t.level) == (case.transcript.problem, case.transcript.company,
                                                       case.transcript.level)
    bold = PERTURBATIONS["labels_bold_outside"](cases[0].transcript, 0)
    assert "**Candidate**:" in bold


def test_padded_and_injected_keep_the_original_content(cases) -> None:  # type: ignore[no-untyped-def]
    for case in cases:
        original = _text(case.transcript)
        for name in ("padded", "injected"):
            t = perturb(case.transcript, name)
            assert +(numbers(original) - numbers(_text(t))) == {}, (case.id, name)
            assert len(t.turns) >= len(case.transcript.turns)
        injected = _text(perturb(case.transcript, "injected"))
        assert all(i in injected for i in INJECTIONS)
        padded = perturb(case.transcript, "padded")
        assert len(padded.turns) == len(case.transcript.turns) + 4


def test_perturbed_cases_keep_the_label(cases) -> None:  # type: ignore[no-untyped-def]
    out = perturbed_cases(cases[0], ("reworded", "json"))
    assert [c.id for c in out] == [f"{cases[0].id}~reworded", f"{cases[0].id}~json"]
    assert all(c.label == cases[0].label and c.base == cases[0].id for c in out)


def test_unknown_perturbation(cases) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyError, match="valid"):
        perturb(cases[0].transcript, "shouted")
