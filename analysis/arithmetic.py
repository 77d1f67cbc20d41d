"""Check the back-of-envelope conversions a candidate makes within one turn.

* rate: a per-day (month, year) count and a per-second rate for the same quantity, close together:
  the rate should be count / 86,400 (a day is ~100K seconds in the guide's shortcut; both pass).
* ratio: reads per second derived from writes and a read:write ratio ("100:1 so 116K reads/s").
* storage: a per-day count times a size per item times a retention period gives the stated total.

Everything is within a factor of 3: back-of-envelope, not exact. A "peak" figure may carry a stated
multiplier ("peak 3x") or, without one, be up to ~3x the average.
"""

from __future__ import annotations

import re

from analysis.figures import Found, multiplier
from analysis.models import ArithmeticCheck
from analysis.sentences import Sentence

TOLERANCE = 3.0
_SECONDS = {"per_day": 86_400.0, "per_month": 30 * 86_400.0, "per_year": 365 * 86_400.0}
_READ = {"read", "reads", "redirect", "redirects", "lookup", "lookups", "click", "clicks", "view", "views",
         "visit", "visits", "fetch", "fetches", "resolve", "resolves", "redirection", "redirections"}
_WRITE = {"write", "writes", "create", "creates", "created", "creation", "creations", "upload", "uploads",
          "uploaded", "insert", "inserts", "shorten", "shortens", "shortened", "new", "post", "posts", "posted"}
_SIZE_SECONDS = {"per_second": 1.0, **_SECONDS}
_PERIOD_TAIL = re.compile(r"\s*(?:/\s*(?:s|sec|second|day|d|month|mo|year|yr)\b|(?:a|per|each|every) (?:second|day|month|year)\b|"
                          r"daily|monthly|yearly|annually)", re.I)
_PER_ITEM = re.compile(r"per\s+(?:user|person|customer|employee|driver|rider|member|dau)|each|on average per", re.I)


def _group(text: str, fig: Found) -> str | None:
    """"read", "write" or None (neutral), from the figure's own noun and the few words before it."""
    before = re.findall(r"[a-z]+", text[max(0, fig.start - 40) : fig.start].lower())[-4:]
    for words in ((fig.noun or "").split(), before):
        if any(w in _READ for w in words):
            return "read"
        if any(w in _WRITE for w in words):
            return "write"
    return None


def _within(given: float, expected: float) -> bool:
    return expected > 0 and given > 0 and expected / TOLERANCE <= given <= expected * TOLERANCE


def _sentence_of(sentences: list[Sentence], pos: int) -> int:
    for s in sentences:
        if s.start <= pos < s.end + 1:
            return s.index
    return -1


def _claim(text: str, sentences: list[Sentence], a: int, b: int) -> str:
    """The sentence that states the result (``b``), verbatim; the same however the turn is padded."""
    return text[sentences[b].start : sentences[b].end]


def _closest(candidates: list[Found], target: Found) -> Found | None:
    # prefer figures stated before the rate; then the nearest
    return min(candidates, key=lambda d: (d.start > target.start, abs(d.start - target.start)), default=None)


def _peak(given: float, base: float, sentence: str) -> tuple[float, bool]:
    """The expected value and verdict, allowing a peak factor when the sentence talks about a peak."""
    if _within(given, base):
        return base, True
    if "peak" in sentence.lower():
        factor = multiplier(sentence)
        if factor is not None:
            return base * factor, _within(given, base * factor)
        # no stated multiplier: a peak of up to ~10x the average is a normal assumption
        factor = min(10.0, given / base) if base > 0 else 1.0
        return base * max(factor, 1.0), base * 10.0 / TOLERANCE <= given <= base * 10.0 * 1.5 or _within(given, base)
    return base, False


def check_rates(text: str, sentences: list[Sentence], figures: list[Found]) -> list[ArithmeticCheck]:
    """Rate and ratio checks for the per-second figures in one turn."""
    idx = {id(f): _sentence_of(sentences, f.start) for f in figures}
    groups = {id(f): _group(text, f) for f in figures}
    ratios = [f for f in figures if f.noun == "ratio" and f.figure.value > 1]
    counts = [
        f for f in figures
        if f.figure.unit in _SECONDS and f.figure.value >= 1000
        and not _PER_ITEM.search(text[max(0, f.start - 15) : f.end + 20])
    ]
    checks: list[ArithmeticCheck] = []
    for rate in (f for f in figures if f.figure.unit == "per_second"):
        here = idx[id(rate)]
        if here < 0:
            continue
        group = groups[id(rate)]
        near = [d for d in counts if idx[id(d)] >= 0 and abs(idx[id(d)] - here) <= 2]
        same = [d for d in near if group is not None and groups[id(d)] == group]
        neutral = [d for d in near if groups[id(d)] is None]
        other = [d for d in near if groups[id(d)] not in (None, group)]
        sentence = sentences[here].text
        source = _closest(same, rate) or (None if group == "read" and ratios else _closest(neutral, rate))
        if source is not None:
            base = source.figure.value / _SECONDS[source.figure.unit]
            expected, ok = _peak(rate.figure.value, base, sentence)
            claim = _claim(text, sentences, idx[id(source)], here)
            checks.append(ArithmeticCheck(claim=claim, given=rate.figure.value, expected=expected, ok=ok))
            continue
        if group != "read" or not ratios:
            continue
        ratio = _closest(ratios, rate)
        assert ratio is not None
        writes = _closest(other + neutral, rate)
        written_rates = [f for f in figures if f.figure.unit == "per_second" and groups[id(f)] == "write"]
        write_rate = _closest(written_rates, rate)
        if writes is not None:
            base, anchor = writes.figure.value / _SECONDS[writes.figure.unit], idx[id(writes)]
        elif write_rate is not None:
            base, anchor = write_rate.figure.value, idx[id(write_rate)]
        else:
            continue
        expected, ok = _peak(rate.figure.value, base * ratio.figure.value, sentence)
        claim = _claim(text, sentences, anchor, here)
        checks.append(ArithmeticCheck(claim=claim, given=rate.figure.value, expected=expected, ok=ok, kind="ratio"))
    return checks


_TIMES = re.compile(r"\s*(?:[x×*]|times)?\s*[~≈]?\s*$", re.I)
_EQUALS = re.compile(r"\s*(?:=|≈|~|is|are|gives?|comes to|that's|that is|makes?|equals|for|of)?\s*(?:about|around|roughly|"
                     r"approximately|~|≈)?\s*[~≈]?\s*$", re.I)


def _product(text: str, figures: list[Found], total: Found) -> float | None:
    """The product of a written chain "A × B × C = total" (or "A times B times C is total"), if there is one."""
    before = [f for f in figures if f.end <= total.start and f.noun != "ratio"]
    if len(before) < 2 or not _EQUALS.fullmatch(text[before[-1].end : total.start]):
        return None
    chain = [before[-1]]
    for f in reversed(before[:-1]):
        if not (_TIMES.fullmatch(text[f.end : chain[0].start]) or f.noun == "multiplier"):
            break
        chain.insert(0, f)
    if len(chain) < 2 or not any(f.figure.unit == "bytes" for f in chain):
        return None
    value = 1.0
    for f in chain:
        value *= f.figure.value / 100.0 if f.figure.unit == "percent" else f.figure.value
    return value


def check_storage(text: str, sentences: list[Sentence], figures: list[Found]) -> list[ArithmeticCheck]:
    """Total storage = items per day x bytes per item x days kept, when all three and the total are stated."""
    idx = {id(f): _sentence_of(sentences, f.start) for f in figures}
    checks: list[ArithmeticCheck] = []
    for total in (f for f in figures if f.figure.unit == "bytes" and f.figure.value >= 1e7):
        here = idx[id(total)]
        clause = re.split(r"[,;.](?:\s|$)", text[total.end : total.end + 60])[0]
        if re.search(r"compress|dedup|replicat|\d\s*(?:x|×|copies)", clause, re.I):
            continue  # a compressed or replicated total is not the raw product
        window = [f for f in figures if f is not total and abs(here - idx[id(f)]) <= 2]
        expected_product = _product(text, [f for f in window if idx[id(f)] == here], total)
        if expected_product is not None:  # the candidate wrote the multiplication out: check exactly that
            expected = expected_product
            checks.append(ArithmeticCheck(claim=_claim(text, sentences, here, here), given=total.figure.value,
                                          expected=expected, ok=_within(total.figure.value, expected), kind="storage"))
            continue
        counts = [f for f in window if f.figure.unit in _SIZE_SECONDS and f.figure.value >= 1
                  and _group(text, f) != "read"]  # reads add no storage
        count = _closest([f for f in counts if f.figure.unit != "per_second"] or counts, total)
        sizes = [f for f in window if f.figure.unit == "bytes" and f.figure.value <= 1e7
                 and not _PERIOD_TAIL.match(text, f.end) and f.figure.value < total.figure.value]
        size = _closest([f for f in sizes if count is None or f.start > count.start] or sizes, total)
        items = _closest([f for f in window if f.figure.unit == "count" and f.figure.value >= 1e6
                          and idx[id(f)] == here and re.search(r"[x×*]|times", text[f.end : total.start])], total)
        if size is not None and items is not None and (count is None or items.start > count.start):
            expected = items.figure.value * size.figure.value  # "182B URLs x 100 bytes = 18 TB"
            checks.append(
                ArithmeticCheck(claim=_claim(text, sentences, idx[id(items)], here), given=total.figure.value,
                                expected=expected, ok=_within(total.figure.value, expected), kind="storage")
            )
            continue
        if count is None or size is None:
            continue
        per_day = count.figure.value * 86_400.0 / _SIZE_SECONDS[count.figure.unit]
        tail = text[total.end : total.end + 16].lower()
        years = _closest([f for f in window if f.noun in {"year", "years", "yr", "yrs"}], total)
        if re.match(r"\s*(?:/\s*s(?:ec)?\b|a second|per second)", tail):
            days = 1 / 86_400.0
        elif re.match(r"\s*(?:/\s*day|a day|per day|daily)", tail):
            days = 1.0
        elif re.match(r"\s*(?:/\s*y(?:ea)?r|a year|per year|annually|yearly)", tail):
            days = 365.0
        elif years is not None:
            days = 365.0 * years.figure.value
        else:
            continue
        expected = per_day * size.figure.value * days
        claim = _claim(text, sentences, idx[id(count)], here)
        checks.append(
            ArithmeticCheck(claim=claim, given=total.figure.value, expected=expected,
                            ok=_within(total.figure.value, expected), kind="storage")
        )
    return checks
