"""Semantic matching of candidate sentences against phrase banks and a problem card's hidden facts.

Prototype embeddings are computed once per :class:`SemanticMatcher`; card facts and components once per
card. Sentence embeddings are cached by text, so re-analysing a transcript costs no new model calls, and
:meth:`SemanticMatcher.prime` embeds a whole transcript's sentences in one batched call up front.
Similarities are cosine values rounded to 3 decimals so tiny float noise cannot flip a threshold.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from analysis.prototypes import BANKS, TOPIC_PROTOTYPES
from knowledge.embeddings import Embedder
from knowledge.models import FactTopic, ProblemCard

# Cosine thresholds, calibrated on all-MiniLM-L6-v2 (paraphrases ~0.6-0.9, same topic ~0.4, unrelated < 0.25).
THRESHOLDS: dict[str, float] = {
    "fact": 0.55,  # a question and one of the card's ways of asking for a hidden fact
    "topic": 0.5,  # a question and a generic topic prototype (and a margin over the runner-up, below)
    "injection": 0.6,  # also needs an anchor word (grader, score, instructions...)
    "off_role": 0.6,
    "asks_for_hidden": 0.68,
    "asks_for_answer": 0.7,
    "dont_know": 0.72,
    "filler": 0.62,  # only for sentences with no digits, technologies, questions or other signals
    "trade_off": 0.72,  # content banks only add close paraphrases to the keyword rules
    "failure": 0.7,
    "scoping": 0.74,
    "summary": 0.7,
    "leadership": 0.62,
    "component": 0.6,  # a sentence and one of the card's components
}
TOPIC_MARGIN = 0.04
_CACHE_SIZE = 8192


def _unit(rows: list[list[float]]) -> np.ndarray:
    matrix = np.asarray(rows, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] == 0:
        return np.zeros((0, 1))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class _Store:
    """What one embedder has computed: prototype matrices, card matrices and a sentence cache."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder  # held so the id used as the key stays valid
        texts = [p for protos in BANKS.values() for p in protos] + [
            p for protos in TOPIC_PROTOTYPES.values() for p in protos
        ]
        embed = getattr(embedder, "embed_stored", embedder.embed)  # fixed texts: kept on disk by the local model
        vectors = _unit(embed(texts))
        self.banks: dict[str, np.ndarray] = {}
        pos = 0
        for name, protos in BANKS.items():
            self.banks[name] = vectors[pos : pos + len(protos)]
            pos += len(protos)
        self.topic_rows = vectors[pos:]
        self.cards: dict[str, tuple[ProblemCard, tuple[list[int], np.ndarray, np.ndarray]]] = {}
        self.sentences: OrderedDict[str, np.ndarray] = OrderedDict()
        self.lock = threading.Lock()


_STORES: dict[int, _Store] = {}
_STORES_LOCK = threading.Lock()


def _store(embedder: Embedder) -> _Store:
    """The process-wide store of ``embedder``: prototypes are embedded once per embedder, not per analyser."""
    with _STORES_LOCK:
        store = _STORES.get(id(embedder))
        if store is None or store.embedder is not embedder:
            store = _STORES[id(embedder)] = _Store(embedder)
        return store


class SemanticMatcher:
    """Cosine similarity of sentences to banks, topics and card facts, through one ``Embedder``."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._store = _store(embedder)
        self._bank_rows = self._store.banks
        self._topic_rows = self._store.topic_rows
        self._topics: list[FactTopic] = [t for t, protos in TOPIC_PROTOTYPES.items() for _ in protos]

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for ``texts`` (one model call for the ones not cached)."""
        if not texts:
            return np.zeros((0, 1))
        cache = self._store.sentences
        with self._store.lock:
            found = {t: cache[t] for t in dict.fromkeys(texts) if t in cache}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            rows = _unit(self._embedder.embed(missing))
            with self._store.lock:
                for text, row in zip(missing, rows, strict=True):
                    found[text] = cache[text] = row
                while len(cache) > _CACHE_SIZE:
                    cache.popitem(last=False)
        return np.vstack([found[t] for t in texts])

    def prime(self, texts: list[str], cards: list[ProblemCard] | None = None) -> int:
        """Embed the ``texts`` (and ``cards``) not cached yet in one batched model call; returns how many texts.

        Later :meth:`embed` calls for these texts then hit the cache. No more than the cache holds is primed,
        so priming never evicts its own entries.
        """
        cache = self._store.sentences
        with self._store.lock:
            missing = [t for t in dict.fromkeys(texts) if t not in cache][:_CACHE_SIZE]
        fresh = list({c.id: c for c in cards or [] if self._cached_card(c) is None}.values())
        card_texts = [self._card_texts(c) for c in fresh]
        wanted = missing + [t for _, questions, components in card_texts for t in questions + components]
        if not wanted:
            return 0
        rows = _unit(self._embedder.embed(wanted))
        with self._store.lock:
            for text, row in zip(missing, rows, strict=False):
                cache[text] = row
            while len(cache) > _CACHE_SIZE:
                cache.popitem(last=False)
        pos = len(missing)
        for card, (owners, questions, components) in zip(fresh, card_texts, strict=True):
            size = len(questions) + len(components)
            self._keep_card(card, owners, len(questions), rows[pos : pos + size])
            pos += size
        return len(wanted)

    def clear_cache(self) -> None:
        """Forget cached sentence embeddings (prototype and card embeddings stay)."""
        with self._store.lock:
            self._store.sentences.clear()

    @staticmethod
    def _sims(vecs: np.ndarray, rows: np.ndarray) -> np.ndarray:
        if vecs.shape[0] == 0 or rows.shape[0] == 0 or vecs.shape[1] != rows.shape[1]:
            return np.zeros((vecs.shape[0], rows.shape[0]))
        return np.round(vecs @ rows.T, 3)

    def bank_scores(self, vecs: np.ndarray) -> dict[str, np.ndarray]:
        """For each bank, the best similarity of every sentence vector to that bank's prototypes."""
        out: dict[str, np.ndarray] = {}
        for name, rows in self._bank_rows.items():
            sims = self._sims(vecs, rows)
            out[name] = sims.max(axis=1) if sims.shape[1] else np.zeros(vecs.shape[0])
        return out

    def topic(self, vec: np.ndarray) -> tuple[FactTopic, float] | None:
        """The generic topic nearest to a question vector, if close enough."""
        sims = self._sims(vec[None, :], self._topic_rows)[0]
        best: dict[FactTopic, float] = {}
        for topic, sim in zip(self._topics, sims, strict=True):
            best[topic] = max(best.get(topic, -1.0), float(sim))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or ranked[0][1] < THRESHOLDS["topic"]:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < TOPIC_MARGIN:
            return None
        return ranked[0]

    def _cached_card(self, card: ProblemCard) -> tuple[list[int], np.ndarray, np.ndarray] | None:
        entry = self._store.cards.get(card.id)
        if entry is not None and (entry[0] is card or entry[0] == card):  # a changed card is embedded afresh
            return entry[1]
        return None

    @staticmethod
    def _card_texts(card: ProblemCard) -> tuple[list[int], list[str], list[str]]:
        """The fact each question belongs to, the card's ways of asking for hidden facts, and its components."""
        owners = [i for i, fact in enumerate(card.hidden_facts) for _ in fact.questions]
        return owners, [q for fact in card.hidden_facts for q in fact.questions], list(card.components)

    def _keep_card(
        self, card: ProblemCard, owners: list[int], questions: int, vectors: np.ndarray
    ) -> tuple[list[int], np.ndarray, np.ndarray]:
        cached = (owners, vectors[:questions], vectors[questions:])
        self._store.cards[card.id] = (card, cached)
        return cached

    def _card(self, card: ProblemCard) -> tuple[list[int], np.ndarray, np.ndarray]:
        cached = self._cached_card(card)
        if cached is not None:
            return cached
        owners, questions, components = self._card_texts(card)
        return self._keep_card(card, owners, len(questions), _unit(self._embedder.embed(questions + components)))

    def facts(self, card: ProblemCard, vec: np.ndarray) -> list[tuple[int, float]]:
        """Hidden facts of ``card`` a question vector asks about, best first, above the threshold."""
        owners, rows, _ = self._card(card)
        sims = self._sims(vec[None, :], rows)[0]
        best: dict[int, float] = {}
        for owner, sim in zip(owners, sims, strict=True):
            if sim >= THRESHOLDS["fact"] and sim > best.get(owner, -1.0):
                best[owner] = float(sim)
        return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))

    def components(self, card: ProblemCard, vecs: np.ndarray) -> list[int]:
        """Indexes of the card's components that some sentence vector is close to."""
        _, _, rows = self._card(card)
        sims = self._sims(vecs, rows)
        if sims.size == 0:
            return []
        return [j for j in range(rows.shape[0]) if sims[:, j].max() >= THRESHOLDS["component"]]
