"""Clarifying questions: which sentences ask the interviewer something, and which hidden facts they ask for.

A question is matched to topics three ways: keyword rules (:data:`analysis.phrases.TOPIC_RULES`), the card's own
ways of asking for each hidden fact (semantic), and generic topic prototypes (semantic). Multi-part questions
("how many users, and do links expire?") are also matched clause by clause.
"""

from __future__ import annotations

import re

import numpy as np

from analysis.models import FactHit
from analysis.phrases import META_QUESTION, QUESTION_REQUEST, TOPIC_RULES
from analysis.semantic import SemanticMatcher
from analysis.sentences import Sentence, words
from knowledge.models import FactTopic, ProblemCard

_CLAUSE_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+(?=(?:what|how|do|does|is|are|will|should|can|which|who|where)\b)"
                           r"|;\s*|\s+also\s+", re.I)
_STRONG_FACT = 0.8  # a second card fact counts for the same question only when this close


def is_clarifying(s: Sentence) -> bool:
    """A question (or "I'd like to know ...") put to the interviewer; not "does that make sense?" or "why X?"."""
    if META_QUESTION.search(s.norm) or re.match(r"(?:why|what about)\b", s.norm):
        return False
    if s.is_question:  # "WHERE username = ?" is a placeholder, not a question
        return len(words(s.text)) >= 2 and not re.search(r"[=(,]\s*\?\W*$", s.norm)
    return bool(QUESTION_REQUEST.search(s.norm))


def clauses(question: str) -> list[str]:
    """The parts of a multi-part question worth matching on their own (three words or more)."""
    parts = [p.strip(" ?") for p in _CLAUSE_SPLIT.split(question)]
    return [p + "?" for p in parts if len(p.split()) >= 3]


def topic_hits(
    s: Sentence, vectors: list[np.ndarray], card: ProblemCard | None, semantic: SemanticMatcher | None
) -> list[FactHit]:
    """Every topic (and card fact) the question asks about, one hit per (topic, fact), best score kept."""
    hits = [FactHit(question=s.text, topic=topic, score=1.0) for topic, rule in TOPIC_RULES.items() if rule.search(s.norm)]
    if semantic is not None:
        for vec in vectors:
            if card is not None:
                matches = semantic.facts(card, vec)
                for fact, score in [m for k, m in enumerate(matches) if k == 0 or m[1] >= _STRONG_FACT]:
                    hits.append(FactHit(question=s.text, topic=card.hidden_facts[fact].topic, fact=fact, score=score))
            generic = semantic.topic(vec)
            if generic is not None:
                hits.append(FactHit(question=s.text, topic=generic[0], score=generic[1]))
    elif card is not None:  # without embeddings: the card facts whose topic the keyword rules found
        found = {h.topic for h in hits}
        hits += [FactHit(question=s.text, topic=f.topic, fact=k, score=1.0)
                 for k, f in enumerate(card.hidden_facts) if f.topic in found]
    best: dict[tuple[FactTopic, int | None], FactHit] = {}
    for hit in hits:
        key = (hit.topic, hit.fact)
        if key not in best or hit.score > best[key].score:
            best[key] = hit
    return list(best.values())


def topics_in_order(hits: list[FactHit]) -> list[FactTopic]:
    """Distinct topics, strongest match first (stable for equal scores)."""
    seen: list[FactTopic] = []
    for hit in sorted(hits, key=lambda h: -h.score):
        if hit.topic not in seen:
            seen.append(hit.topic)
    return seen
