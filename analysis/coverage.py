"""What a candidate turn has already addressed, by meaning: card items and company-question kinds.

The interviewer must not ask what the candidate has covered. Card items are the deep dives (``probe:<d>``),
their single probes (``probe:<d>:<p>``), scale twists (``twist:<n>``) and failure questions
(``failure:<n>``). For each item a small logistic regression per item kind (trained by
``evals.coverage_train`` on hand-labelled turns, ``evals/data/coverage``; weights in
``analysis/data/coverage_model.json``) turns five signals into the chance that the turn addressed it: the
closest sentence's and the whole turn's embedding similarity to the item's texts, the share of the item's
distinctive words the turn uses (stemmed with Snowball, weighted by how rare each word is among the card's
items), how many such words are shared, and similarity times word share. One signal alone is weak with a
small embedding model; together, and as a score rather than a yes/no, they let the interviewer skip what is
covered and prefer what is least discussed. Company-question kinds (``company:cost``...) are covered by what
a candidate says about money, team, growth, shipping, customers and so on.
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import snowballstemmer

from analysis.semantic import SemanticMatcher
from analysis.sentences import Sentence
from knowledge.models import ProblemCard

COVERED = 0.5  # an item whose modelled chance of being addressed is this high counts as covered
# Per item kind the bar sits lower where the model is unsure (failures, twists): asking what was answered is a
# wrong turn, skipping an item that was only touched costs little (there are others, and deeper questions).
SKIP_BAR = {"deep_dive": 0.5, "probe": 0.4, "twist": 0.35, "failure": 0.3}
MODEL_PATH = Path(__file__).parent / "data" / "coverage_model.json"
KINDS = ("deep_dive", "probe", "twist", "failure")
FEATURES = ("sentence_similarity", "turn_similarity", "word_share", "shared_words", "similarity_x_words")

COMPANY_KINDS: dict[str, re.Pattern[str]] = {
    "cost": re.compile(r"\$\s?\d|\bper month\b|\ba month\b.{0,20}\$|\bcosts?\b|\bbudget\b|\bdollars?\b|"
                       r"\bcheap\w*\b|\bexpensive\b|\bper month\b", re.I),
    "team_size": re.compile(r"\b(?:one|two|three|four|1|2|3|4|small) (?:engineers?|devs?|developers?|people)\b|"
                            r"\bteam of\b|\bon-?call\b|\bwho (?:runs|operates|maintains)\b|\boperational (?:burden|"
                            r"overhead)\b|\bops (?:burden|load)\b", re.I),
    "growth_10x": re.compile(r"\b10x\b|\bten ?times\b|\b10 times\b|\bgrows? (?:by )?(?:10|ten)\b|\bat (?:ten|10) times\b|"
                             r"\bwhen we grow\b|\bif (?:we|traffic|usage|load) (?:grows?|10x|doubles?)\b", re.I),
    "ship_fast": re.compile(r"\bnext week\b|\bship\w* (?:in|within) (?:a|one|two|\d+) (?:days?|weeks?)\b|"
                            r"\blaunch (?:in|within)\b|\bnot in (?:v1|the first version|phase (?:one|1))\b|"
                            r"\b(?:phase (?:one|1)|v1|mvp|first version)\b[^.]{0,80}\b(?:shippable|ship|leave out|skip|"
                            r"without|not (?:adding|building|doing))\b|\bship(?:pable)?\b[^.]{0,40}\b(?:phase (?:one|1)|v1|"
                            r"mvp|first version)\b|\b(?:deliberately )?not (?:adding|building|doing) [^.]{1,40}\bin "
                            r"(?:phase (?:one|1)|v1|the first version)\b", re.I),  # the smallest version said, and what waits
    "mvp": re.compile(r"\bmvp\b|\bfirst version\b|\b(?:three|3) months\b|\bcut (?:scope|features)\b|\bsimpler version\b|"
                      r"\bbare[- ]minimum\b|\bstripped[- ]down\b|"
                      r"\bphase (?:one|1)\b|\bv1\b", re.I),
    "build_vs_buy": re.compile(r"\bbuild (?:it |this )?(?:vs\.?|versus|or) buy\b|\bin-?house\b|\bthird[- ]party\b|"
                               r"\bmanaged (?:service|offering|\w+)\b|\bbuy (?:it|a|one)\b|\boff[- ]the[- ]shelf\b|"
                               r"\bvendors?\b|\bsaas\b|^\W*buy\b|\bbuy(?:ing)? (?:it|them|one|a)\b|"
                               r"\b(?:elasticache|rds|aurora|dynamo ?db|cloud ?sql|memorystore|msk|kinesis|sqs|sns|"
                               r"firestore|bigtable|cosmos ?db|fargate|serverless)\b", re.I),  # a managed offering named
    "customer": re.compile(r"\bcustomers?\b.{0,40}\b(?:impact|notice|experience|affect\w*|see|trust|lose)\b|"
                           r"\b(?:impact|affect)\w* (?:on )?(?:the )?customers?\b|\bcustomer[- ](?:facing|impact|"
                           r"experience)\b", re.I),
    "team_conflict": re.compile(r"\bdisagree\w*|\bconflict\w*|\bother team\b|\bowning team\b|\bescalat\w*|"
                                r"\b(?:don'?t|do not|doesn'?t) agree\b|\bagree on\b|"
                                r"\bstakeholders?\b|\bnegotiat\w*", re.I),
    "metric": re.compile(r"\bmetrics?\b.{0,40}\b(?:wrong|drop|spike|off|anomal\w*)\b|\broot cause\b|\bdig into\b",
                         re.I),
}

_GENERIC = frozenset(
    ["what", "how", "why", "when", "where", "which", "who", "would", "will", "should", "could", "does", "do", "did", "you", "your", "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "this", "that", "these", "those", "is", "are", "be", "it", "its", "we", "our", "us", "there", "their", "them", "then", "than", "as", "at", "by", "from", "into", "about", "happens", "happen", "now", "new", "one", "two", "system", "design", "handle", "handles", "make", "sure", "keep", "use", "using", "data"]
)


def company_kinds(text: str) -> list[str]:
    """The company-question kinds a candidate text addresses, as ``company:<kind>`` tags."""
    return [f"company:{kind}" for kind, rule in COMPANY_KINDS.items() if rule.search(text)]


def card_items(card: ProblemCard, probes: bool = False) -> list[tuple[str, list[str]]]:
    """Each coverable card item as (tag, the texts that describe it); with ``probes``, single probes too."""
    items: list[tuple[str, list[str]]] = []
    for d, dive in enumerate(card.deep_dives):
        items.append((f"probe:{d}", [dive.topic, *dive.probes, *dive.good_signals]))
        if probes:
            items += [(f"probe:{d}:{p}", [probe]) for p, probe in enumerate(dive.probes)]
    items += [(f"twist:{n}", [text]) for n, text in enumerate(card.scale_twists)]
    items += [(f"failure:{n}", [text]) for n, text in enumerate(card.failure_questions)]
    return items


def item_kind(tag: str) -> str:
    parts = tag.split(":")
    if parts[0] == "probe":
        return "deep_dive" if len(parts) == 2 else "probe"
    return parts[0]


_LOCAL = threading.local()  # a Snowball stemmer keeps state while it works: one per thread (the app serves many)


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    """One word's Snowball stem, remembered: a conversation says the same few thousand words again and again."""
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(word))


def stems(text: str) -> set[str]:
    """Snowball stems of the distinctive words of ``text`` (three letters or more, no question words)."""
    return {_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in _GENERIC}


@lru_cache(maxsize=64)
def card_words(texts: tuple[str, ...]) -> tuple[list[set[str]], dict[str, float]]:
    """Each item text's stems and each stem's rarity among them (the same card's texts give the same answer)."""
    item_stems = [stems(t) for t in texts]
    df: dict[str, int] = {}
    for group in item_stems:
        for w in group:
            df[w] = df.get(w, 0) + 1
    return item_stems, {w: math.log((len(item_stems) + 1) / (n + 0.5)) for w, n in df.items()}


def item_features(
    card: ProblemCard, sentences: list[Sentence], vectors: np.ndarray | None, semantic: SemanticMatcher | None
) -> tuple[list[str], np.ndarray]:
    """The item tags (deep dives, probes, twists, failures) and one feature row per item (see ``FEATURES``)."""
    items = card_items(card, probes=True)
    tags = [tag for tag, _ in items]
    texts = [t for _, group in items for t in group]
    item_stems, idf = card_words(tuple(texts))
    said: set[str] = set().union(*(stems(s.text) for s in sentences)) if sentences else set()
    usable = semantic is not None and vectors is not None and len(vectors) > 0
    rows = semantic.embed(texts) if usable and semantic is not None else None
    if usable and vectors is not None and rows is not None and vectors.shape[1] == rows.shape[1]:
        sentence_sims = vectors @ rows.T  # (sentences, texts)
        mean = vectors.mean(axis=0)
        turn_sims = rows @ (mean / (np.linalg.norm(mean) or 1.0))
    else:
        sentence_sims, turn_sims = None, None
    features = np.zeros((len(items), len(FEATURES)))
    pos = 0
    for k, (_, texts_of_item) in enumerate(items):
        span = slice(pos, pos + len(texts_of_item))
        share, shared = 0.0, 0
        for wanted in item_stems[span]:
            total = sum(idf[w] for w in wanted)
            if total and sum(idf[w] for w in wanted & said) / total > share:
                share, shared = sum(idf[w] for w in wanted & said) / total, len(wanted & said)
        sim = float(sentence_sims[:, span].max()) if sentence_sims is not None else 0.0
        whole = float(turn_sims[span].max()) if turn_sims is not None else 0.0
        features[k] = (sim, whole, share, min(shared, 6), sim * share)
        pos += len(texts_of_item)
    return tags, features


@dataclass(frozen=True)
class CoverageModel:
    """Per item kind, logistic-regression weights over ``FEATURES``."""

    weights: dict[str, tuple[list[float], float]]

    def scores(self, tags: list[str], features: np.ndarray) -> dict[str, float]:
        out: dict[str, float] = {}
        for tag, x in zip(tags, features, strict=True):
            coef, intercept = self.weights[item_kind(tag)]
            out[tag] = round(1.0 / (1.0 + math.exp(-(float(np.dot(coef, x)) + intercept))), 3)
        return out

    def save(self, path: Path = MODEL_PATH) -> None:
        data = {"features": list(FEATURES), "weights": {k: {"coef": c, "intercept": b} for k, (c, b) in
                                                        self.weights.items()}}
        path.write_text(json.dumps(data, indent=1) + "\n")


@lru_cache(maxsize=1)
def load_coverage_model(path: Path = MODEL_PATH) -> CoverageModel:
    data = json.loads(path.read_text())
    return CoverageModel({k: ([float(c) for c in v["coef"]], float(v["intercept"])) for k, v in data["weights"].items()})


def coverage_scores(
    card: ProblemCard, sentences: list[Sentence], vectors: np.ndarray | None, semantic: SemanticMatcher | None
) -> dict[str, float]:
    """For every card item (and single probe), the chance that the sentences addressed it."""
    if not sentences:
        return {}
    tags, features = item_features(card, sentences, vectors, semantic)
    return load_coverage_model().scores(tags, features)


def covered_items(
    card: ProblemCard, sentences: list[Sentence], vectors: np.ndarray | None, semantic: SemanticMatcher | None
) -> list[str]:
    """Tags of the card items (deep dives, twists, failures) the sentences address."""
    return [tag for tag, p in coverage_scores(card, sentences, vectors, semantic).items()
            if p >= SKIP_BAR[item_kind(tag)] and item_kind(tag) != "probe"]


THEIR_ASIDE = re.compile(  # "I'll assume photo upload is its own system": a part they put outside their design
    r"\b(?:is|as|be) (?:its own|a separate|another|someone else'?s|a different) (?:system|service|team'?s?|problem|"
    r"project)\b|\b(?:out of|outside (?:of )?)(?:my |the |our )?scope\b|\bblack box\b|\b(?:already )?exists? "
    r"(?:already|elsewhere)\b|\bnot (?:designing|going to design) (?:it|that|this|them)\b", re.I)
_ASIDE_PLAIN = frozenset(stems("assume going treat design system service part thing things i'm i'll we'll let's the and"))


def put_aside(card: ProblemCard, scoping: list[str]) -> list[str]:
    """The deep dives (and their probes) whose topic the candidate's scoping sentences put outside their design
    ("I'm going to assume photo and video upload is its own system… I'll focus on the feed"), by the topic's
    distinctive words."""
    aside = [s[: m.start()] for s in scoping if (m := THEIR_ASIDE.search(s))]
    if not aside:
        return []
    said = set().union(*(stems(a) for a in aside)) - _ASIDE_PLAIN
    return [tag for d, dive in enumerate(card.deep_dives) if stems(dive.topic) - _ASIDE_PLAIN & said
            for tag in [f"probe:{d}"] + [f"probe:{d}:{p}" for p in range(len(dive.probes))]]


EVIDENCE_FLOOR = 0.15  # a turn this likely to touch an item adds to the evidence of the turns before it


def accumulate(old: float, new: float, tag: str) -> float:
    """The chance an item was addressed after one more turn: a deep dive takes the best single turn; a question's
    evidence adds up over turns (noisy-or), since a terse candidate answers it a few words at a time."""
    if item_kind(tag) == "deep_dive" or new < EVIDENCE_FLOOR:
        return max(old, new)
    return 1.0 - (1.0 - old) * (1.0 - new)


ASKED_SIMILARITY = 0.7  # the interviewer's last question is this close to a card item: that item is being answered


def asked_item(card: ProblemCard, question: str | list[str], semantic: SemanticMatcher | None) -> list[str]:
    """The card items the interviewer's last question put, in whatever words, so the answer to it covers them.
    ``question`` may be several sentences of the turn ("A celebrity … tweets during the final. What changes in
    your design?"): an item any of them puts is being answered."""
    put = [q for q in ([question] if isinstance(question, str) else question) if q.strip()]
    if semantic is None or not put:
        return []
    items = card_items(card)
    texts = [t for _, group in items for t in group[:1] + [x for x in group[1:] if x.endswith("?")]]
    owners = [tag for tag, group in items for _ in group[:1] + [x for x in group[1:] if x.endswith("?")]]
    rows = semantic.embed(put + texts)
    sims = (rows[len(put):] @ rows[: len(put)].T).max(axis=1)
    # every item put in those words: a failure question that restates a deep-dive probe is asked with it
    return list(dict.fromkeys(owners[k] for k in np.argsort(-sims) if float(sims[k]) >= ASKED_SIMILARITY))
