"""Numbers a candidate states, normalised: "100M a day" -> 1e8 per_day, "1.2K QPS" -> 1200 per_second.

Each figure keeps its verbatim text, its position and the quantity it counts ("writes", "reads",
"urls"...); :mod:`analysis.derivations` checks the arithmetic that connects them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.models import Figure

_NUM = r"(?<![\w./:,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d:])"
_MAG = r"(?P<mag>thousand|million|billion|trillion|mil|mln|mn|bn|[kmbt])(?![a-z])"
_BYTES = (
    r"(?P<bytes>(?P<bmag>[kmgtpe])i?b(?!\w)|(?P<bword>kilo|mega|giga|tera|peta|exa)bytes?(?!\w)|bytes?(?!\w)"
    r"|(?P<bonly>b)(?![a-z0-9]))"
)
_SECOND = r"(?:/\s*s(?:ec(?:ond)?)?(?![a-z])|per\s+sec(?:ond)?(?![a-z])|an?\s+sec(?:ond)?|each\s+second|every\s+second|qps|rps|tps|wps|ops/s(?:ec)?)(?![a-z])"
_MINUTE = r"(?:/\s*min(?:ute)?|per\s+min(?:ute)?|an?\s+minute|each\s+minute|every\s+minute)(?![a-z])"
_HOUR = r"(?:/\s*h(?:ou)?r|per\s+hour|an?\s+hour|each\s+hour|every\s+hour|hourly)(?![a-z])"
_DAY = r"(?:/\s*day|/d|per\s+day|an?\s+day|each\s+day|every\s+day|daily|per\s+24\s*h(?:ours)?)(?![a-z])"
_MONTH = r"(?:/\s*mo(?:nth)?|per\s+month|an?\s+month|each\s+month|every\s+month|monthly)(?![a-z])"
_YEAR = r"(?:/\s*y(?:ea)?r|per\s+year|an?\s+year|each\s+year|every\s+year|yearly|annually|per\s+annum)(?![a-z])"
_PERIODS: tuple[tuple[str, str, float], ...] = (
    (_SECOND, "per_second", 1.0),
    (_MINUTE, "per_second", 1 / 60),
    (_HOUR, "per_second", 1 / 3600),
    (_DAY, "per_day", 1.0),
    (_MONTH, "per_month", 1.0),
    (_YEAR, "per_year", 1.0),
)
_ACTIVES = re.compile(r"\s*(?:daily|monthly|weekly)\s+actives\b", re.I)
_STOP = {
    "is", "are", "was", "be", "and", "or", "so", "which", "that", "then", "means", "gives", "to", "in", "over",
    "for", "at", "with", "but", "than", "vs", "of", "on", "by", "we", "it", "i", "this", "would", "will", "the",
    "peak", "average", "avg", "about", "around", "roughly", "from", "into", "if", "as", "per", "a", "an", "each",
}
_USERS = {
    "users", "user", "dau", "mau", "people", "customers", "employees", "members", "subscribers", "riders",
    "drivers", "accounts", "merchants", "sellers", "buyers", "clients", "students", "players", "viewers",
    "creators", "tenants", "companies", "organizations", "organisations", "businesses",
}
_USER_WORDS = {"daily", "monthly", "weekly", "active", "concurrent", "registered", "total", "unique", "paying"}
_DURATION = re.compile(
    r"\s*(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|s)(?![a-z0-9/])", re.I
)
_MAGNITUDES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mil": 1e6, "mln": 1e6, "mn": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "t": 1e12, "trillion": 1e12,
}
_BYTE_MAG = {"k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "p": 1e15, "e": 1e18,
             "kilo": 1e3, "mega": 1e6, "giga": 1e9, "tera": 1e12, "peta": 1e15, "exa": 1e18}
_NUMBER = re.compile(_NUM)
_MAG_RE = re.compile(r"\s*" + _MAG, re.I)
_BYTES_RE = re.compile(r"\s*" + _BYTES, re.I)
_NOUN = re.compile(r"\s+(?:-\s*)?([a-z][a-z-]*)(?![\w])", re.I)
_RATIO = re.compile(
    r"(?<![\w.:])(?P<a>\d[\d,]*(?:\.\d+)?)\s*(?P<sep>:|to)\s*(?P<b>\d[\d,]*(?:\.\d+)?)(?![\d:])"
    r"|(?<![\w.])(?P<c>\d[\d,]*)\s*(?:reads?|lookups?|redirects?)\s+(?:per|for\s+(?:each|every))\s+write",
    re.I,
)


_SCIENTIFIC = re.compile(r"(?<![\w.,])(?P<m>\d+(?:\.\d+)?)\s*(?:(?:x|×|\*|times)\s*10\s*(?:\^|\*\*)\s*(?P<e>\d{1,2})|"
                         r"e\+?(?P<e2>\d{1,2}))(?![\w.])", re.I)

_WORD_VALUES = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twenty": 20, "fifty": 50, "a hundred": 100, "one hundred": 100, "hundreds of": 100, "tens of": 10,
    "a few": 3, "a couple of": 2, "several": 5, "half a": 0.5,
}
_WORDS_RE = re.compile(
    r"(?<![\w-])(?P<w>a hundred|one hundred|hundreds of|tens of|a few|a couple of|half a|several|an?|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|twenty|fifty)\s+(?P<wmag>thousand|million|billion|trillion)s?(?![\w-])",
    re.I,
)


@dataclass(frozen=True)
class Found:
    """A figure with where it is (offsets into the analysed text) and the quantity it counts."""

    figure: Figure
    start: int
    end: int
    noun: str | None = None


def _value(num: str) -> float:
    return float(num.replace(",", ""))


def _read_nouns(text: str, pos: int, limit: int = 3) -> tuple[list[str], int]:
    """Up to ``limit`` plain words after ``pos`` (stopping at function words); returns them and the end."""
    found: list[str] = []
    end = pos
    for _ in range(limit):
        match = _NOUN.match(text, end)
        if not match or match.group(1).lower() in _STOP:
            break
        found.append(match.group(1).lower())
        end = match.end()
    return found, end


RATE_NOUNS = {"rps": "requests", "qps": "queries", "tps": "transactions", "wps": "writes"}


def _period(text: str, pos: int) -> tuple[str, float, int] | None:
    for pattern, unit, scale in _PERIODS:
        match = re.compile(r"\s*" + pattern, re.I).match(text, pos)
        if match:
            return unit, scale, match.end()
    return None


_COUNTED = re.compile(r"\s+(?:[a-z-]+\s+)?(?!(?:was|has|is|its|this|as|us|his|yes|less|plus|across|always|perhaps|"
                      r"afterwards|towards|sometimes|does|goes|says)\b)[a-z]{3,}s\b", re.I)  # "2000 employees", "2000
# active users": a count, where "in 2000 this was…" is a year


def _one(text: str, start: int, end: int, value: float, offset: int, digits: str = "") -> Found | None:
    """Classify the number ``value`` written at ``text[start:end]`` by what follows it."""
    if digits and "," not in digits and "." not in digits and 1900 <= value <= 2100 and not _MAG_RE.match(text, end) \
            and not _COUNTED.match(text, end):
        return None  # a year; "2000 employees" is a count
    before = text[max(0, start - 1) : start]
    after = text[end:]

    def made(unit: str, val: float, stop: int, noun: str | None = None) -> Found:
        return Found(Figure(text=text[start:stop], value=val, unit=unit), offset + start, offset + stop, noun)  # type: ignore[arg-type]

    if before == "$" or re.match(r"\s*(?:[kmb]|thousand|million|billion)?\s*(?:dollars|usd|bucks)\b", after, re.I):
        mag = _MAG_RE.match(text, end)
        stop = mag.end() if mag else end
        return made("other", value * (_MAGNITUDES[mag.group("mag").lower()] if mag else 1), stop, "dollars")
    if re.match(r"\s*(?:%|percent\b|per\s+cent\b)", after, re.I):
        return made("percent", value, end + re.match(r"\s*(?:%|percent|per\s+cent)", after, re.I).end())  # type: ignore[union-attr]
    ms = re.match(r"\s*(?:ms|msecs?|milliseconds?)(?![a-z])", after, re.I)
    if ms:
        return made("ms", value, end + ms.end())
    byte = _BYTES_RE.match(text, end)
    if byte:
        word = byte.group("bword") or byte.group("bmag")
        factor = _BYTE_MAG[word.lower()] if word else 1.0
        ambiguous = byte.group("bonly") and (_period(text, byte.end()) or _read_nouns(text, byte.end(), 1)[0])
        if not ambiguous:  # "500B" is bytes; "2B users" / "1B a day" is billions
            return made("bytes", value * factor, byte.end())
    mag = _MAG_RE.match(text, end)
    if mag:
        value *= _MAGNITUDES[mag.group("mag").lower()]
        end = mag.end()
        byte = _BYTES_RE.match(text, end)
        if byte and not byte.group("bonly") and not byte.group("bmag"):
            return made("bytes", value, byte.end())
    mult = re.match(r"\s*(?:x|×|times)(?![a-z])", text[end:], re.I)
    if mult:
        # "100 times that" / "100x as many" derives one quantity from another: a ratio
        derived = re.match(r"\s*(?:that|this|as many|more|the writes|writes)\b", text[end + mult.end() :], re.I)
        return made("other", value, end + mult.end(), "ratio" if derived else "multiplier")
    duration = _DURATION.match(text, end)
    if duration and not _period(text, end):
        return made("other", value, duration.end(), duration.group(0).strip().lower())
    nouns, noun_end = _read_nouns(text, end)
    head = next((n for n in nouns if n not in _USER_WORDS), None)
    if head in _USERS or (nouns and nouns[0] in {"dau", "mau"}):
        users_end = noun_end if head else end
        for i, noun in enumerate(nouns):
            if noun in _USERS:
                users_end = _read_nouns(text, end, i + 1)[1]
                break
        return made("users", value, users_end, "users")
    actives = _ACTIVES.match(text, end)  # "500 million daily actives", "2 million monthly actives": people
    if actives:
        return made("users", value, actives.end(), "users")
    for stop, words in ((noun_end, nouns), (end, [])):
        period = _period(text, stop)
        if period:
            unit, scale, period_end = period
            said = re.sub(r"\W", "", text[stop:period_end]).lower()  # "1M RPS" counts requests, "50k QPS" queries
            return made(unit, value * scale, period_end, " ".join(words) or RATE_NOUNS.get(said))
    if nouns and nouns[0] not in _STOP:
        return made("count", value, _read_nouns(text, end, 1)[1], nouns[0])
    return made("count", value, end)


def parse_figures(text: str, offset: int = 0) -> list[Found]:
    """Every number in ``text`` with its unit; offsets are shifted by ``offset``."""
    return list(_parse_figures(text, offset))


@lru_cache(maxsize=8192)
def _parse_figures(text: str, offset: int) -> tuple[Found, ...]:
    """``parse_figures`` remembered by text: the interviewer reads the same turns again on every answer."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for match in _RATIO.finditer(text):
        if match.group("c"):
            ratio = _value(match.group("c"))
        else:
            a, b = _value(match.group("a")), _value(match.group("b"))
            colon = match.group("sep") == ":"
            if min(a, b) <= 0 or not ((colon and (min(a, b) == 1 or "ratio" in text.lower())) or b == 1 < a):
                continue
            ratio = max(a, b) / min(a, b)
        taken.append(match.span())
        fig = Figure(text=match.group(0), value=ratio, unit="other")
        found.append(Found(fig, offset + match.start(), offset + match.end(), "ratio"))
    for match in _SCIENTIFIC.finditer(text):  # "4.8 times 10^18 bits a day", "2.5e9": one number, said in powers
        taken.append(match.span())
        value = _value(match.group("m")) * 10 ** int(match.group("e") or match.group("e2"))
        item = _one(text, match.start(), match.end(), value, offset)
        if item is not None:
            found.append(item)
    for match in _NUMBER.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        if re.search(r"(?:step|phase|option|version|v|p|tier|level|layer|part)\s*#?$", text[: match.start()], re.I):
            continue
        if re.match(r"\s*/\s*\d", text[match.end():]):
            continue  # "4/4", "3/5": a score or a fraction, not a quantity
        taken.append(match.span())
        item = _one(text, match.start(), match.end(), _value(match.group("num")), offset, match.group("num"))
        if item is not None:
            found.append(item)
    for match in _WORDS_RE.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        base = _WORD_VALUES[" ".join(match.group("w").lower().split())]
        value = base * _MAGNITUDES[match.group("wmag").lower()]
        item = _one(text, match.start(), match.end(), value, offset)
        if item is not None:
            found.append(item)
    return tuple(sorted(found, key=lambda f: f.start))


def multiplier(text: str) -> float | None:
    """The first "3x" / "2-3x" / "5 times" multiplier in ``text`` (the upper figure of a range)."""
    match = re.search(r"(?<![\w.])\d+(?:\.\d+)?(?:\s*-\s*(\d+(?:\.\d+)?))?\s*(?:x|×|times)(?![a-z])", text, re.I)
    if not match:
        return None
    top = match.group(1) or re.match(r"\d+(?:\.\d+)?", match.group(0)).group(0)  # type: ignore[union-attr]
    return float(top)
