"""Verbatim evidence: a quote counts only when it occurs in the turn it names.

Shared by the offline grader (its evidence items) and the LLM grader (the model's quotes).
"""

from __future__ import annotations

from analysis.sentences import normalise, split_sentences
from kernel.transcript import Transcript
from rubric.grade_signals import Item
from rubric.models import Evidence

MAX_EVIDENCE = 3
MAX_QUOTE = 300


def quote_in(quote: str, text: str) -> bool:
    """A quote is verbatim when it occurs in the turn's text up to whitespace."""
    q = " ".join(quote.split())
    return bool(q) and q in " ".join(text.split())


def verified(items: list[Item], transcript: Transcript) -> list[Evidence]:
    """Up to ``MAX_EVIDENCE`` distinct quotes found verbatim in their turns; a short quote becomes its sentence."""
    out: list[Evidence] = []
    seen: set[str] = set()
    for item in items:
        if not 0 <= item.turn < len(transcript.turns):
            continue
        text = transcript.turns[item.turn].content
        quote = " ".join(item.quote.split())[:MAX_QUOTE].strip()
        if not quote or not quote_in(quote, text):
            continue
        if len(quote.split()) < 5:  # a figure or a component name: quote the sentence it sits in
            quote = next((s.text for s in split_sentences(text) if quote_in(quote, s.text)), quote)
            quote = " ".join(quote.split())[:MAX_QUOTE].strip()
        if normalise(quote) in seen:
            continue
        seen.add(normalise(quote))
        out.append(Evidence(quote=quote, turn=item.turn))
        if len(out) == MAX_EVIDENCE:
            break
    return out
