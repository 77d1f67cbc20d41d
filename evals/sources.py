"""Labelled transcripts from every source the grader is measured on, in one shape.

- ``own``: the project's eval cases (``evals/data/cases`` with ``labels.yaml``).
- ``corpus``: labelled transcripts written independently of the grader (``<shared>/corpus``, ``labels-b*.yaml``).
- ``real``: recorded mock interviews with the interviewers' own verdicts (``<shared>/real/labels.yaml``);
  those without a verdict (``unknown``) are left out of scoring.

``<shared>`` is ``../shared`` beside the project's root, or ``$BABYSTEPS_SHARED``. The shared files are read in
place, never copied into the project. When they are absent those sources are skipped with a message.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from evals.dataset import load_cases
from kernel.transcript import Transcript, TranscriptError, load_transcript
from rubric.models import HIRE_SIDE, VERDICTS

SHARED_ENV = "BABYSTEPS_SHARED"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
SourceName = Literal["own", "corpus", "real"]
SOURCES: tuple[SourceName, ...] = ("own", "corpus", "real")


class Labelled(BaseModel):
    """One transcript with what experienced interviewers concluded about it."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    id: str
    source: SourceName
    transcript: Transcript
    company: str
    level: str
    side: Literal["hire", "no_hire"]
    verdict: str
    acceptable: list[str] = []
    bands: dict[str, tuple[int, int]] = {}


def shared_dir() -> Path | None:
    """``$BABYSTEPS_SHARED`` when set, else ``../shared`` beside the project root; None when it is not there."""
    env = os.environ.get(SHARED_ENV)
    path = Path(env).expanduser() if env else PROJECT_ROOT.parent / "shared"
    return path if path.is_dir() else None


def _side(verdict: str) -> Literal["hire", "no_hire"]:
    return "hire" if verdict in HIRE_SIDE else "no_hire"


def load_own() -> list[Labelled]:
    return [
        Labelled(id=c.id, source="own", transcript=c.transcript, company=c.label.company, level=c.label.level,
                 side=c.label.side, verdict=c.label.verdict, acceptable=sorted(c.label.ok_verdicts()),
                 bands=dict(c.label.bands))
        for c in load_cases("*", swaps=False)
    ]


def _yaml(path: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


def load_corpus(root: Path) -> list[Labelled]:
    """The labelled corpus: company and level from each transcript's headers, the rest from the labels."""
    out: list[Labelled] = []
    folder = root / "corpus"
    for labels in sorted(folder.glob("labels-b*.yaml")):
        for name, body in _yaml(labels).items():
            t = load_transcript(folder / name)
            verdict = str(body["verdict"])
            bands = {str(d): (int(lo), int(hi)) for d, (lo, hi) in (body.get("scores") or {}).items()}
            out.append(Labelled(id=Path(name).stem, source="corpus", transcript=t, company=t.company or "google",
                                level=t.level or "senior", side=_side(verdict), verdict=verdict,
                                acceptable=[str(v) for v in body.get("acceptable") or [verdict]], bands=bands))
    return out


def load_real(root: Path) -> list[Labelled]:
    """The real interviews that carry a verdict (the labels' company and level; unknown verdicts left out)."""
    out: list[Labelled] = []
    folder = root / "real"
    labels = folder / "labels.yaml"
    if not labels.is_file():
        return out
    for name, body in _yaml(labels).items():
        verdict = str(body.get("verdict", "unknown"))
        if verdict not in VERDICTS:
            continue
        t = load_transcript(folder / name)
        company, level = str(body.get("company") or t.company), str(body.get("level") or t.level)
        out.append(Labelled(id=Path(name).stem, source="real", transcript=t, company=company, level=level,
                            side=_side(verdict), verdict=verdict, acceptable=[verdict]))
    return out


def load_sources(names: tuple[SourceName, ...] = SOURCES) -> tuple[list[Labelled], list[str]]:
    """Every labelled transcript of the named sources, and a message per source that was skipped."""
    items: list[Labelled] = []
    notes: list[str] = []
    root = shared_dir()
    for name in names:
        if name == "own":
            items += load_own()
            continue
        if root is None:
            notes.append(f"{name}: skipped, no shared folder (../shared beside the project, or set {SHARED_ENV})")
            continue
        try:
            items += load_corpus(root) if name == "corpus" else load_real(root)
        except (OSError, KeyError, ValueError, TranscriptError, yaml.YAMLError) as exc:
            notes.append(f"{name}: skipped, unreadable ({type(exc).__name__}: {exc})")
    return items, notes
