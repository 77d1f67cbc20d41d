"""Sentences that earn nothing: small talk, praise, hedges, "um", repetition, a restated prompt, lorem ipsum.

Filler is judged per sentence by rules; :mod:`analysis.turns` adds a semantic check for reworded small
talk. A sentence carrying a number or a technology is never judged filler by the semantic check.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.phrases import FILLER_TOKENS, LOREM, SMALL_TALK
from analysis.sentences import Sentence, words

STOPWORDS = {
    "a", "an", "the", "and", "or", "but", "if", "then", "so", "to", "of", "in", "on", "at", "by", "for", "with",
    "about", "as", "into", "like", "through", "after", "over", "between", "out", "against", "during", "without",
    "before", "under", "around", "among", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
    "do", "does", "did", "will", "would", "should", "can", "could", "may", "might", "must", "shall", "i", "me", "my",
    "we", "our", "us", "you", "your", "it", "its", "this", "that", "these", "those", "there", "here", "what",
    "which", "who", "whom", "whose", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more",
    "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same", "than", "too", "very", "just",
    "also", "i'm", "i'd", "i'll", "we'll", "we'd", "it's", "that's", "let's", "let", "think", "going", "get", "got",
    "thing", "things", "stuff", "maybe", "perhaps", "probably", "pretty", "quite", "something", "anything", "one",
    "design", "system", "good", "great", "make", "sure", "want", "need", "start", "now", "today", "lot", "lots",
    "therefore", "thus", "hence", "however", "anyway",
}


def content_words(text: str) -> list[str]:
    """Lowercase words that carry meaning: no stopwords, no verbal tics."""
    return list(_content_words(text))


@lru_cache(maxsize=8192)  # keyed by the text: every reader of a sentence asks for its words
def _content_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in (x.lower().replace("\u2019", "'") for x in words(text))
            if (w not in STOPWORDS and w not in FILLER_TOKENS and len(w) > 1) or w.isdigit())


def filler_tokens(text: str) -> int:
    """How many verbal tics ("um", "uh", "basically", "you know") a substantive sentence carries."""
    low = text.lower()
    count = len(re.findall(r"\b(?:um+|uh+|erm|hmm+|basically|literally|you know|i mean|kind of|sort of)\b", low))
    return count


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class FillerJudge:
    """Judges the sentences of one turn in order; remembers what was said to spot repetition."""

    def __init__(self, echo: list[str]) -> None:
        # content words of the problem prompt and the interviewer's last message: restating them earns nothing
        self._echo = {w for text in echo for w in content_words(text)}
        self._seen: list[set[str]] = []

    def reason(self, sentence: Sentence, has_signal: bool) -> str | None:
        """Why the sentence is filler ("lorem", "small talk", "repeat", "echo", "empty"), or None."""
        tokens = [w.lower() for w in words(sentence.text)]
        if tokens and sum(1 for _ in LOREM.finditer(sentence.norm)) >= max(2, len(tokens) // 3):
            return "lorem"
        content = content_words(sentence.text)
        bag = set(content)
        if not bag:
            return "empty"
        if any(_jaccard(bag, seen) >= 0.8 for seen in self._seen):
            return "repeat"
        self._seen.append(bag)
        if self._echo and len(bag) >= 4 and len(bag - self._echo) <= len(bag) // 5:
            return "echo"  # restating the prompt or the interviewer, whatever connective it starts with
        if has_signal:
            return None
        if SMALL_TALK.search(sentence.norm) and len(bag) <= 6 and not re.search(r"\d", sentence.norm):
            return "small talk"
        return None
