"""Hybrid scoring: embedding similarity plus a small, deterministic boost for named things.

A query that names a technology ("do I need ZooKeeper...") or a problem ("...for a URL shortener"),
a company mode, a level or an interview phase should prefer the chunks about exactly that. The boosts
are small next to cosine similarity, so they reorder close candidates rather than override meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.content import Knowledge

TECH_BOOST = 0.08  # the chunk is the card of a technology the query names
MENTION_BOOST = 0.03  # the chunk text mentions a technology the query names
NAME_BOOST = 0.05  # the chunk belongs to a problem, company, level or phase the query names

Names = dict[str, dict[str, re.Pattern[str]]]  # entity type -> id -> pattern


@dataclass(frozen=True)
class Candidate:
    id: str
    text: str
    metadata: dict[str, str]
    similarity: float


def _pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """Whole-word, case-insensitive match of any term; spaces and hyphens are interchangeable."""
    words = sorted({t.lower().strip() for t in terms if len(t.strip()) >= 2}, key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+") for w in words)
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def _names(content: Knowledge) -> Names:
    """Name patterns per entity of one knowledge base."""
    return {
        "technology": {t.id: _pattern([t.id, t.name, *t.aliases]) for t in content.technologies.values()},
        "problem": {p.id: _pattern([p.id, p.title, *p.aliases]) for p in content.problems.values()},
        "company": {c.id: _pattern([c.id, c.title, c.id + "s"]) for c in content.companies.values()},
        "level": {v.id: _pattern([v.title, "mid-level" if v.id == "mid" else v.id]) for v in content.levels.values()},
        "phase": {p.id: _pattern([p.name, p.id.replace("_", " ")]) for p in content.playbook.phases},
    }


class Reranker:
    """Reorders one knowledge base's candidates; its name patterns are compiled once, on first use."""

    def __init__(self, content: Knowledge) -> None:
        self.content = content
        self._compiled: Names | None = None

    @property
    def names(self) -> Names:
        if self._compiled is None:
            self._compiled = _names(self.content)
        return self._compiled

    def named(self, query: str) -> dict[str, set[str]]:
        """Ids named in ``query`` per entity type (by id, name or alias; whole words only)."""
        text = query.lower()
        return {kind: {i for i, p in patterns.items() if p.search(text)} for kind, patterns in self.names.items()}

    def rerank(self, query: str, candidates: list[Candidate]) -> list[tuple[Candidate, float]]:
        """Candidates with their final score, best first; ties broken by id so the order is stable."""
        found = self.named(query)
        techs = found["technology"]
        tech_patterns = self.names["technology"]
        scored: list[tuple[Candidate, float]] = []
        for cand in candidates:
            score = cand.similarity + _named_boost(cand, found)
            if cand.metadata.get("technology") in techs:
                score += TECH_BOOST
            elif any(tech_patterns[t].search(cand.text.lower()) for t in techs):
                score += MENTION_BOOST
            scored.append((cand, score))
        scored.sort(key=lambda pair: (-pair[1], pair[0].id))
        return scored


def _named_boost(cand: Candidate, found: dict[str, set[str]]) -> float:
    meta, boost = cand.metadata, 0.0
    if meta.get("problem") in found["problem"]:
        boost += NAME_BOOST
    kind, section = meta.get("kind"), meta.get("section")
    if (kind in ("company", "story") and section in found["company"]) or (
        kind == "level" and section in found["level"]
    ):
        boost += NAME_BOOST
    if kind == "phase" and meta.get("phase") in found["phase"]:
        boost += NAME_BOOST
    return boost
