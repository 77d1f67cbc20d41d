"""Split a candidate turn into sentences that are verbatim spans of the original text.

Splits at sentence punctuation, newlines, bullet markers, semicolon-free list items and hidden comments,
while keeping abbreviations ("e.g.", "vs.") and decimals ("1.5") inside their sentence. Each sentence
carries a normalised form (NFKC, zero-width characters removed, lowercase, single spaces) for matching.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "approx", "dr", "mr", "mrs", "inc", "ltd", "resp", "cf", "fig", "ca", "al", "eg",
    "ie", "aka", "incl", "esp",
}
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)|/\*.*?(?:\*/|$)|\[\[.*?\]\]", re.S)
_BULLET = re.compile(r"[ \t]*(?:[-*•·▪‣◦]|\d{1,2}[.)]|[a-z][.)])[ \t]+")
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)|[.!?]+[\"')\]]*$|\?(?=[A-Z])")
_PLACEHOLDER = re.compile(r"(?:[=<>(,]|\b(?:in|like|values|limit|offset))\s*\?\Z", re.I)  # "seq < ?", "IN (?"
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text`` is exactly ``source[start:end]``; ``norm`` is for matching only."""

    text: str
    start: int
    end: int
    norm: str
    index: int = 0

    @property
    def is_question(self) -> bool:
        text = self.text.rstrip(" \"')]*_")
        return text.endswith("?") and not _PLACEHOLDER.search(text)


# Speech-to-text and fast typing garble the short words that make a question ("shoud we", "wat happens",
# "hw long", "how big r the channels"): the usual misspellings of those words, read as meant.
_SPOKEN_SPELLING = {
    "shoud": "should", "shud": "should", "shuold": "should", "shoudl": "should", "sould": "should",
    "wat": "what", "waht": "what", "whta": "what", "wht": "what", "hw": "how", "hwo": "how", "hows": "how's",
    "teh": "the", "r": "are", "u": "you", "ur": "your", "hav": "have", "wich": "which", "whcih": "which",
    "cna": "can", "coudl": "could", "woudl": "would", "wiht": "with", "ther": "there", "thier": "their",
    "somthing": "something", "isnt": "isn't", "doesnt": "doesn't", "thats": "that's", "theres": "there's",
    "wats": "what's", "whats": "what's", "wheres": "where's", "whos": "who's", "hve": "have",
}
_SPELLING = re.compile(r"(?<![\w/'-])(?:" + "|".join(sorted(_SPOKEN_SPELLING, key=len, reverse=True)) + r")(?![\w/'-])")


def normalise(text: str) -> str:
    """NFKC, invisible characters removed, curly quotes straightened, lowercase, single spaces, and the usual
    misspellings of question words read as meant ("shoud we" is "should we", "hw long" is "how long")."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = " ".join(text.lower().split())
    return _SPELLING.sub(lambda m: _SPOKEN_SPELLING[m.group(0)], text)


_LEAD = re.compile(
    r"^(?:(?:um+|uh+|erm|hmm+|ah|oh|okay|ok|so|and|or|but|also|i mean|well|right|yeah|yes|alright|sure|great|good question|"
    r"off the top of my head|i think|i guess|i believe|my sense is|basically|honestly|actually|just to restate that|"
    r"to be honest|let me think(?: for a (?:second|moment))?|thinking out loud|then|now|like|roughly|just|cool|nice|"
    r"perfect|awesome|got it|makes sense|gotcha|by the way|btw|oh|quick question|one more thing)\b[\s,.:;!-]*)+"
)


def core(norm: str) -> str:
    """A normalised sentence without leading fillers and connectives ("off the top of my head, and ..."), for
    semantic matching: the same question embeds the same however it is introduced."""
    stripped = _LEAD.sub("", norm).strip()
    return stripped if len(stripped.split()) >= 2 else norm


def same_key(text: str) -> str:
    """The key under which two statements are the same point: normalised, without the opening fillers that
    :func:`core` drops ("Just to restate that: ...") and without end punctuation."""
    return core(normalise(text)).strip(" .,;:!?")


def words(text: str) -> list[str]:
    """Word tokens (letters/digits, with an apostrophe suffix such as "don't")."""
    return _WORD.findall(text)


def _trim(source: str, start: int, end: int) -> tuple[int, int]:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    bullet = _BULLET.match(source, start, end)
    if bullet and bullet.end() < end:
        start = bullet.end()
    return start, end


def _is_abbreviation(source: str, start: int, stop: int) -> bool:
    """True when the '.' at ``stop`` ends an abbreviation or an initial rather than a sentence."""
    if source[stop] != ".":
        return False
    match = re.search(r"(?:^|(?<=[\s(\[\"']))([A-Za-z][A-Za-z.]*)$", source[start:stop])
    if not match:
        return False
    token = match.group(1).rstrip(".")
    return token.lower() in _ABBREVIATIONS or (len(token) == 1 and token.isupper() and token != "I")


def _split_block(source: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _END.finditer(source, start, end):
        piece = source[cursor : match.end()].strip()
        if _is_abbreviation(source, cursor, match.start()) or re.fullmatch(r"\d{1,2}\.|[a-z]\.", piece):
            continue
        if _PLACEHOLDER.search(source, cursor, match.start() + 1) and match.end() < end:
            continue  # "WHERE conversation_id = ? AND seq < ?": a query's placeholders, not questions
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def _blocks(source: str) -> list[tuple[int, int]]:
    """Lines, with hidden comments cut out as blocks of their own."""
    blocks: list[tuple[int, int]] = []
    cursor = 0
    for match in _COMMENT.finditer(source):
        blocks.extend(_lines(source, cursor, match.start()))
        blocks.append((match.start(), match.end()))
        cursor = match.end()
    blocks.extend(_lines(source, cursor, len(source)))
    return blocks


def _lines(source: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cursor = start
    for match in re.finditer(r"\r?\n", source[start:end]):
        out.append((cursor, start + match.start()))
        cursor = start + match.end()
    out.append((cursor, end))
    return out


def split_sentences(source: str) -> list[Sentence]:
    """The sentences of ``source`` in order; empty and punctuation-only pieces are dropped."""
    return list(_split(source))


@lru_cache(maxsize=8192)  # keyed by the text itself: a turn is split by several readers, a pasted one many times
def _split(source: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    for block_start, block_end in _blocks(source):
        for raw_start, raw_end in _split_block(source, block_start, block_end):
            s, e = _trim(source, raw_start, raw_end)
            if e <= s or not re.search(r"[A-Za-z0-9]", source[s:e]):
                continue
            text = source[s:e]
            sentences.append(Sentence(text, s, e, normalise(text), len(sentences)))
    return tuple(sentences)
