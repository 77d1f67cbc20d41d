"""What a candidate turn has already addressed, by meaning: card items and company-question kinds.

The interviewer must not ask what the candidate has covered. Card items are the deep dives
(``probe:<d>``), scale twists (``twist:<n>``) and failure questions (``failure:<n>``); a turn covers one
when one of its sentences is close in meaning to the item (sentence embeddings) or shares most of the
item's distinctive words. Company-question kinds (``company:cost``, ``company:growth_10x``...) are
covered by what a candidate says about money, team, growth, shipping, customers and so on.
"""

from __future__ import annotations

import re

import numpy as np

from analysis.semantic import SemanticMatcher
from analysis.sentences import Sentence
from knowledge.models import ProblemCard

ITEM_SIMILARITY = 0.62  # a sentence this close to a card question or signal addresses it
FAILURE_SIMILARITY = 0.55  # failure questions are short: an answer walking through the scenario is less alike
WORD_SHARE = 0.5  # or it shares this share (and at least three) of the item's distinctive words

COMPANY_KINDS: dict[str, re.Pattern[str]] = {
    "cost": re.compile(r"\$\s?\d|\bper month\b|\ba month\b.{0,20}\$|\bcosts?\b|\bbudget\b|\bdollars?\b|"
                       r"\bcheap\w*\b|\bexpensive\b|\bper month\b", re.I),
    "team_size": re.compile(r"\b(?:one|two|three|four|1|2|3|4|small) (?:engineers?|devs?|developers?|people)\b|"
                            r"\bteam of\b|\bon-?call\b|\bwho (?:runs|operates|maintains)\b|\boperational (?:burden|"
                            r"overhead)\b|\bops (?:burden|load)\b", re.I),
    "growth_10x": re.compile(r"\b10x\b|\bten ?times\b|\b10 times\b|\bgrows? (?:by )?(?:10|ten)\b|\bat (?:ten|10) times\b|"
                             r"\bwhen we grow\b|\bif (?:we|traffic|usage|load) (?:grows?|10x|doubles?)\b", re.I),
    "ship_fast": re.compile(r"\bnext week\b|\bship\w* (?:in|within) (?:a|one|two|\d+) (?:days?|weeks?)\b|"
                            r"\blaunch (?:in|within)\b", re.I),
    "mvp": re.compile(r"\bmvp\b|\bfirst version\b|\b(?:three|3) months\b|\bcut (?:scope|features)\b|"
                      r"\bphase (?:one|1)\b|\bv1\b", re.I),
    "build_vs_buy": re.compile(r"\bbuild (?:it |this )?(?:vs\.?|versus|or) buy\b|\bin-?house\b|\bthird[- ]party\b|"
                               r"\bmanaged (?:service|offering|\w+)\b|\bbuy (?:it|a|one)\b|\boff[- ]the[- ]shelf\b|"
                               r"\bvendors?\b|\bsaas\b|^\W*buy\b|\bbuy(?:ing)? (?:it|them|one|a)\b", re.I),
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


def card_items(card: ProblemCard) -> list[tuple[str, list[str]]]:
    """Each coverable card item as (tag, the texts that describe it)."""
    items: list[tuple[str, list[str]]] = []
    for d, dive in enumerate(card.deep_dives):
        items.append((f"probe:{d}", [dive.topic, *dive.probes, *dive.good_signals]))
    items += [(f"twist:{n}", [text]) for n, text in enumerate(card.scale_twists)]
    items += [(f"failure:{n}", [text]) for n, text in enumerate(card.failure_questions)]
    return items


def _stems(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in _GENERIC}


def covered_items(
    card: ProblemCard, sentences: list[Sentence], vectors: np.ndarray | None, semantic: SemanticMatcher | None
) -> list[str]:
    """Tags of the card items the sentences address."""
    if not sentences:
        return []
    found: list[str] = []
    items = card_items(card)
    item_rows = semantic.embed([t for _, texts in items for t in texts]) if semantic is not None and vectors is not None \
        else None
    pos = 0
    for tag, texts in items:
        rows = item_rows[pos : pos + len(texts)] if item_rows is not None else None
        pos += len(texts)
        bar = FAILURE_SIMILARITY if tag.startswith("failure:") else ITEM_SIMILARITY
        if rows is not None and vectors is not None and vectors.shape[1] == rows.shape[1] and \
                float((vectors @ rows.T).max()) >= bar:
            found.append(tag)
            continue
        for text in texts[: 1 if tag.startswith("probe:") else len(texts)] + texts[1:]:
            wanted = _stems(text)
            if len(wanted) < 3:
                continue
            best = max(len(wanted & _stems(s.text)) for s in sentences)
            if best >= 3 and best / len(wanted) >= WORD_SHARE:
                found.append(tag)
                break
    return found


ASKED_SIMILARITY = 0.7  # the interviewer's last question is this close to a card item: that item is being answered


def asked_item(card: ProblemCard, question: str, semantic: SemanticMatcher | None) -> list[str]:
    """The card item the interviewer's last question put, in whatever words, so the answer to it covers it."""
    if semantic is None or not question.strip():
        return []
    items = card_items(card)
    texts = [t for _, group in items for t in group[:1] + [x for x in group[1:] if x.endswith("?")]]
    owners = [tag for tag, group in items for _ in group[:1] + [x for x in group[1:] if x.endswith("?")]]
    rows = semantic.embed([question] + texts)
    sims = rows[1:] @ rows[0]
    best = int(np.argmax(sims)) if len(sims) else -1
    return [owners[best]] if best >= 0 and float(sims[best]) >= ASKED_SIMILARITY else []
