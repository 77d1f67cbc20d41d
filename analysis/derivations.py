"""Back-of-envelope derivations read as expressions and evaluated with units.

A candidate writes chains such as "10B a day ≈ 116K/s, ×3 at peak ≈ 350K/s", "400M × 300 B = 120 GB/day
≈ 45 TB/year", "62^7 is about 3.5 trillion" or "20% of 50M DAU is 10M". Each chain is tokenised into
quantities (a number with its magnitude, byte unit, period and percent sign) joined by operators
(×, /, ^, "of") and equalities ("=", "≈", "is about", "so", "which is", "→"). The left side is evaluated
with pint (units, prefixes and periods come from its registry, not from hand tables) and compared with
the stated result; the result then starts the next link of the chain.

A link is judged only when it is unambiguous: every operand is an explicit number, the units on both
sides are comparable (a per-day count against a per-second rate, bytes against bytes, or a product
whose missing period is the result's own), and a bare restatement with no operator is checked only when
it converts units ("100M a day is 1,160 a second"), never when two different counts are equated. It is
wrong only when no reasonable reading holds: within a factor of 2.5, with a peak factor of up to 10
allowed where the result is called a peak, and with a stated replication factor allowed.
"""

from __future__ import annotations

import math
import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from analysis.figures import _USER_WORDS, _USERS

TOLERANCE = 2.5  # back-of-envelope: 86,400 s rounded to 100K, 1,024 to 1,000, rough per-item sizes
PEAK_MAX = 10.0  # a stated peak with no stated factor may be up to this many times the average

Op = Literal["mul", "div", "pow", "of", "over"]  # "over" a duration: spread across it, or accumulated over it

_MAGNITUDE = {
    "k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "mm": 1e6, "mil": 1e6, "mln": 1e6, "mn": 1e6,
    "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12,
}
_SPOKEN = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "hundred": 100, "a hundred": 100, "one hundred": 100, "half a": 0.5,
}
_SPOKEN_SCALE = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# pint unit names for byte prefixes and for periods
# pint counts bits and bytes as dimensionless; a unit of its own keeps "bytes" apart from "requests"
_BYTE_UNIT = {"": "databyte", "k": "kilodatabyte", "m": "megadatabyte", "g": "gigadatabyte", "t": "teradatabyte",
              "p": "petadatabyte", "e": "exadatabyte", "ki": "kibidatabyte", "mi": "mebidatabyte", "gi": "gibidatabyte",
              "ti": "tebidatabyte", "pi": "pebidatabyte"}
_BYTE_WORD = {"kilo": "k", "mega": "m", "giga": "g", "tera": "t", "peta": "p", "exa": "e"}
_PERIOD_UNIT = {"s": "second", "min": "minute", "h": "hour", "day": "day", "week": "week", "month": "month",
                "year": "year"}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER = re.compile(
    rf"(?<![\w.,/:])(?P<base>{_NUM})(?:\s*(?:\^|\*\*)\s*(?P<exp>\d+))?(?:e(?P<sci>\d+)|"
    r"\s*(?:x|×|\*|times)\s*10\s*(?:\^|\*\*)\s*(?P<sci2>\d{1,2})(?!\d))?"  # "4.8 times 10^18": one number
    r"(?:\s*(?P<mag>thousand|grand|million|billion|trillion|mil|mln|mn|bn|tn|mm|[kmbt])(?![a-z]))?",
    re.I,
)
_SPOKEN_RE = re.compile(
    r"(?<![\w-])(?P<w>a hundred|one hundred|half a|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|fifteen|twenty|thirty|forty|fifty|sixty)\s+(?P<scale>hundred|thousand|million|billion|trillion)"
    r"(?:\s+(?P<scale2>thousand|million|billion))?(?![\w-])",
    re.I,
)
_BYTES = re.compile(
    r"\s*(?:(?P<p>[kmgtpe])(?P<i>i)?b(?:ytes?)?(?![a-z0-9])|(?P<w>kilo|mega|giga|tera|peta|exa)bytes?(?![a-z])"
    r"|(?P<slang>gig|meg|tera|peta)s?(?![a-z])"
    r"|(?P<plain>bytes?)(?![a-z])|(?P<bonly>b)(?![a-z0-9]))",
    re.I,
)
_BITS = re.compile(r"\s*(?:(?P<p>[kmgtp])(?:b|bit)(?P<ps>ps)|(?P<w>kilo|mega|giga|tera|peta)bits?)(?![a-z])", re.I)
_PERCENT = re.compile(r"\s*(?:%|percent\b|per\s*cent\b)", re.I)
_TIME_OF = re.compile(r"\s+(?:hours?|minutes?)\s+of\s+(?:new\s+)?[a-z]+", re.I)  # "hours of video": content measured
# in time, not a span of it
_NOUN = re.compile(r"\s+(?!(?:a|an|per|each|every|is|are|so|of|at|to|in|on|and|or|the|which|that|x|times|by|for|"
                   r"peak|about|around|roughly|gives|means|would|will|we|it|with|over|divided|multiplied|"
                   r"then|plus|minus|across|spread|giving|gives|makes|comes|instead|rather|than|versus|vs|not|"
                   r"s|sec|second|day|month|year|hour|minute|week|seconds|days|months|years|hours|minutes|weeks|"
                   r"something|like|roughly)\b)([a-z][a-z'-]*)", re.I)
_PERIOD = re.compile(
    r"\s*(?:/\s*(?P<a>s|sec|second|min|minute|h|hr|hour|d|day|wk|week|mo|month|y|yr|year)(?![a-z])"
    r"|(?:per|a|an|each|every)\s+(?P<b>sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year|yr)(?![a-z])"
    r"|(?P<c>qps|rps|tps|wps|iops|daily|hourly|monthly|yearly|annually|weekly)(?![a-z]))",
    re.I,
)
_PERIOD_KEY = {"s": "s", "sec": "s", "second": "s", "qps": "s", "rps": "s", "tps": "s", "wps": "s", "iops": "s",
               "min": "min", "minute": "min", "h": "h", "hr": "h", "hour": "h", "hourly": "h", "d": "day",
               "day": "day", "daily": "day", "wk": "week", "week": "week", "weekly": "week", "mo": "month",
               "month": "month", "monthly": "month", "y": "year", "yr": "year", "year": "year", "yearly": "year",
               "annually": "year"}
_OPERATOR = re.compile(r"^[\s,(]*(?:and\s+)?(?:then\s+)?(?:(?P<mul>[x×*✕]|times|multiplied by)|(?P<div>/|÷|divided by|over)|"
                       r"(?P<of>of))[\s(]*(?:(?:about|roughly|around|approximately|~|≈|maybe|say|a|an)\s*)*$", re.I)
_DANGLING = re.compile(r"(?:[x×*✕/÷]|\btimes|\bdivided by|\bmultiplied by|\bof|\bat|\bover)\W*"
                       r"(?:(?:about|roughly|around|approximately|maybe|say|like|uh|um)\W+)*$", re.I)
_PEAK_WORDS = r"(?:at |for |during |in )?(?:the )?(?:peak|busiest hour)(?: of)?|(?:at |on )?average|avg"
_EQ_WORD = (r"(?:and |so |which |that |this |it )?(?:=|≈|~=|~|→|->|=>|is|are|'s|gives(?: us| you)?|that's|thats|"
            r"that is|which is|which gives(?: us)?|so|so that's|comes to|works out to|equals|makes|means|or|i\.e\.?|"
            r"call it|becomes|therefore|that means|meaning|hence|thus|giving(?: us)?|which works out to|"
            r"which comes to)")
_APPROX = r"(?:about|roughly|around|approximately|approx\.?|~|≈|nearly|almost|some|like|call it|basically|something like|" \
          r"on the order of|in the order of|a (?:bit|little|touch) (?:over|under|more than|less than)|just (?:over|under)|" \
          r"north of|upwards of)"
_FILLER = r"(?:uh+|um+|er|like|so|basically|you know|i mean|i think|i guess|actually|just)"
_EQUALS = re.compile(
    r"^[\s,;:.)(-]*(?:(?:each|apiece|in total|total|(?:per|a|an|each) [a-z]+|" + _PEAK_WORDS + r")[\s,]*)?"
    r"(?:(?:" + _EQ_WORD + r"|" + _APPROX + r"|" + _FILLER + r")[\s,]*)+(?:(?:a|an)\s+)?"
    r"(?P<peak>" + _PEAK_WORDS + r")?[\s,:]*$",
    re.I,
)
_PEAK = re.compile(r"\bpeak|\bbusiest|\bburst|\bspike|\bmax(?:imum)?\b", re.I)
_REPLICA = re.compile(r"\breplic\w*|\bcopies\b|\brf\s*=?\s*\d|\bredundan\w*", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Quantity:
    """A number as written: its value, byte prefix (None for a count), period and position."""

    text: str
    start: int
    end: int
    value: float  # the number times its magnitude ("116K" -> 116000; "62^7" -> 3.5e12)
    byte_unit: str | None = None  # pint unit name, e.g. "teradatabyte"
    period: str | None = None  # pint unit name, e.g. "day"
    percent: bool = False
    power: bool = False  # written as a power ("62^7"): an operation of its own
    noun: str | None = None
    duration: str | None = None  # "5 years", "365 days": a span of time (pint unit name)

    def magnitude(self, spans: bool = True) -> Any:
        """The pint quantity; with ``spans`` false a duration counts as a plain number ("× 365 × 5 years")."""
        ureg = registry()
        if self.duration and spans:
            return ureg.Quantity(self.value, self.duration)
        units = self.byte_unit or "dimensionless"
        if self.period:
            units = f"{units} / {self.period}"
        value = self.value / 100.0 if self.percent else self.value
        return ureg.Quantity(value, units)


@dataclass
class Link:
    """One checked step of a chain: ``left`` (an expression) said to equal ``result``."""

    claim: str  # the sentence that states the result, verbatim
    expression: str  # the left side as written
    given: float  # the stated result, in the result's own units
    expected: float  # what the left side gives, in the result's units
    ok: bool
    operation: Literal["convert", "multiply", "divide", "power", "percent"]
    period_from: str | None = None  # for conversions: the period of the left side
    period_to: str | None = None
    at: int = 0  # where the stated result starts in the (converted) text


@dataclass
class _Chain:
    operands: list[Quantity] = field(default_factory=list)
    ops: list[Op] = field(default_factory=list)
    fragment: bool = False  # the chain's start was cut off: its left side is incomplete


@lru_cache(maxsize=1)
def registry() -> Any:
    """The pint unit registry, built once on first use. Pint keeps its parsed definitions under the data
    directory (``cache/pint``, keyed by a hash of the definitions): about 0.02 s to load instead of 0.2-0.6 s
    to parse, which the first estimate of an interview and every ``grade`` process would otherwise pay."""
    import pint

    from kernel.config import get_settings

    folder = get_settings().data_dir / "cache" / "pint"
    ureg: Any = None
    for _ in range(2):  # a damaged cache is removed and written again; an unwritable one is done without
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ureg = pint.UnitRegistry(cache_folder=folder)
            break
        except Exception:  # noqa: BLE001 - whatever unpickling a damaged file raises
            shutil.rmtree(folder, ignore_errors=True)
    if ureg is None:
        ureg = pint.UnitRegistry()
    ureg.define("databyte = [data]")
    ureg.define("databit = databyte / 8")  # network rates: "10 Tbps", "500 Gbps"
    return ureg


def _spoken_value(match: re.Match[str]) -> float:
    value = float(_SPOKEN[match.group("w").lower()]) * _SPOKEN_SCALE[match.group("scale").lower()]
    if match.group("scale2"):
        value *= _SPOKEN_SCALE[match.group("scale2").lower()]
    return value


def quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with what follows it (magnitude, bytes, percent, a noun or two, a period)."""
    return list(_quantities(text))


@lru_cache(maxsize=8192)  # keyed by the text: the same sentence is read for figures by several checks
def _quantities(text: str) -> tuple[Quantity, ...]:
    found: list[tuple[int, int, float, bool]] = []
    for match in _NUMBER.finditer(text):
        base = float(match.group("base").replace(",", ""))
        if match.group("exp"):
            value, power = base ** min(int(match.group("exp")), 64), True
        else:
            value, power = base, False
            if match.group("sci") or match.group("sci2"):
                value *= 10.0 ** int(match.group("sci") or match.group("sci2"))
        mag = match.group("mag")
        if mag and not power:
            key = mag.lower()
            # "300 B" is ambiguous between bytes and billions: bytes where a size is meant
            if key == "b" and _bytes_meant(text, match.start(), match.end()):
                mag = None
            if mag:
                value *= _MAGNITUDE[key]
        if _YEAR.match(match.group(0).strip()) and not mag and not _count_follows(text, match.end()):
            continue  # "in 2024" is a year; "around 2000 writes per second" is a count
        end = match.end() if mag or power or match.group("sci") or match.group("sci2") else \
            match.start("base") + len(match.group("base"))
        found.append((match.start(), end, value, power))
    taken = [(s, e) for s, e, _, _ in found]
    for match in _SPOKEN_RE.finditer(text):
        if not any(s <= match.start() < e or match.start() <= s < match.end() for s, e in taken):
            found.append((match.start(), match.end(), _spoken_value(match), False))
    return tuple(_tail(text, start, end, value, power) for start, end, value, power in sorted(found))


def _bytes_meant(text: str, start: int, end: int) -> bool:
    """True for "300 B each" or "× 500B =": a size in bytes, not a count in billions."""
    if _count_follows(text, end):
        return False
    before = text[max(0, start - 4) : start]
    after = text[end : end + 12]
    return bool(re.search(r"(?:[x×*]|times)\s*$", before, re.I) or re.match(
        r"\s*(?:each|apiece|per\b|=|≈|~|[x×*]\s|times\b|\)|for\b|of\b)", after, re.I))


def _count_follows(text: str, pos: int) -> bool:
    return bool(re.match(r"\s*(?:[a-z]+\s+){0,2}?(?:users?|requests?|links?|urls?|events?|messages?|posts?|"
                         r"records?|rows?|items?|views?|clicks?|writes?|reads?|a day|per|/|people|devices?)", text[pos:],
                         re.I))


def _tail(text: str, start: int, end: int, value: float, power: bool) -> Quantity:
    """Read the unit words after a number: bytes, percent, a noun or two, then a period."""
    pos = end
    byte_unit = None
    percent = False
    noun = None
    pct = _PERCENT.match(text, pos)
    bits = _BITS.match(text, pos) if not pct else None
    per_second = False
    if pct:
        percent, pos = True, pct.end()
    elif bits:
        prefix = (bits.group("p") or _BYTE_WORD.get((bits.group("w") or "").lower(), "")).lower()
        byte_unit, pos, per_second = _BYTE_UNIT.get(prefix, "databyte").replace("byte", "bit"), bits.end(), bool(bits.group("ps"))
    else:
        byte = _BYTES.match(text, pos)
        if byte and not (byte.group("bonly") and _count_follows(text, byte.end())):
            slang = {"gig": "g", "meg": "m", "tera": "t", "peta": "p"}.get((byte.group("slang") or "").lower(), "")
            prefix = (byte.group("p") or _BYTE_WORD.get((byte.group("w") or "").lower(), "") or slang).lower()
            if byte.group("i"):
                prefix += "i"
            byte_unit, pos = _BYTE_UNIT.get(prefix, "databyte"), byte.end()
    words: list[str] = []
    scan = pos
    content = _TIME_OF.match(text, pos) if not (byte_unit or percent) else None
    if content and _PERIOD.match(text, content.end()):  # "500 hours of video per minute": a volume of video, a rate
        words, scan = [content.group(0).strip().lower()], content.end()
    for _ in range(3 if not words else 0):
        period = _PERIOD.match(text, scan)
        if period:
            break
        noun_match = _NOUN.match(text, scan)
        if not noun_match:
            break
        words.append(noun_match.group(1).lower())
        scan = noun_match.end()
    period = _PERIOD.match(text, scan)
    period_unit = None
    if period:
        key = (period.group("a") or period.group("b") or period.group("c")).lower()
        period_unit = _PERIOD_UNIT[_PERIOD_KEY.get(key, key)]
        pos = period.end()
        if period.group("c") and not words:  # "50 million daily views": the noun follows the period word
            for _ in range(2):
                noun_match = _NOUN.match(text, pos)
                if not noun_match:
                    break
                words.append(noun_match.group(1).lower())
                pos = noun_match.end()
    elif words:
        pos = scan
    if per_second and period_unit is None:
        period_unit = "second"  # "Gbps": bits a second
    if words:
        noun = " ".join(words)
    duration = None
    if not (byte_unit or percent or period_unit):
        span = _DURATION.match(text, end)
        if span:
            duration = _PERIOD_UNIT[_PERIOD_KEY[span.group(1).lower().rstrip("s") or "s"]]
            pos = max(pos, span.end())
    return Quantity(text[start:pos], start, pos, value, byte_unit, period_unit, percent, power, noun, duration)


_DURATION = re.compile(r"\s*(?:(?:business|working|waking|busy|peak|office|work)\s+)?"  # "8 business hours"
                       r"(years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?)(?![a-z/])", re.I)


def _operator(gap: str, operand: Quantity) -> Op | None:
    gap = _NEXT_SENTENCE_OP.sub(" ", gap)  # "…30 terabytes a day. Times 365, that's…": the next sentence goes on
    if operand.duration and re.fullmatch(r"[\s,]*(?:each\s+)?(?:[a-z]+ing\s+)?(?:once\s+)?every\s*", gap, re.I):
        return "div"  # "a million drivers, each sending every 4 seconds"
    if operand.byte_unit and re.fullmatch(r"[\s,.]*(?:each\s+)?(?:at|with)\s*(?:(?:about|roughly|around|~|like|maybe|say)\s*)?",
                                          gap, re.I):
        return "mul"  # "100M a day at 500 bytes each"
    if operand.duration and re.fullmatch(r"[\s,]*(?:each\s+|apiece\s+)?(?:for|kept for)\s*", gap, re.I):
        return "mul"  # "... for 5 years"
    if operand.duration and re.fullmatch(r"[\s,]*(?:so\s+|and\s+|then\s+)?(?:each\s+|apiece\s+)?(?:over|across|"
                                         r"spread (?:over|across))\s*", gap, re.I):
        return "over"  # "20M over 86,400 seconds" divides; "50 GB a day over 5 years" multiplies
    match = _OPERATOR.match(gap)
    if not match:
        return None
    if match.group("mul"):
        return "mul"
    if match.group("div"):
        return "div"
    return "of"


_NEXT_SENTENCE_OP = re.compile(r"^\s*(?:(?:a|an|per|each|of|new)\s+[a-z]+\s*){0,3}[.;]\s+"  # "…22 KB a trip. Times 20
                               # million…", "…500 hours of video per minute. Times 1,440…"
                               r"(?=(?:and\s+)?(?:then\s+)?(?:times|multiplied by|divided by)\b)", re.I)


def _sentence_start(text: str, pos: int) -> int:
    left = max(text.rfind(mark, 0, pos) for mark in (". ", "? ", "! ", "\n"))
    return 0 if left < 0 else left + 1


def _sentence_around(text: str, start: int, end: int) -> str:
    left = _sentence_start(text, start)
    stops = [i for i in (text.find(mark, end) for mark in (". ", "? ", "! ", "\n")) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    return text[left:right].strip()


def _evaluate(chain: _Chain, spans: bool, ops: list[Op], periods: bool) -> Any | None:
    """The left side as a pint quantity under one reading, or None when it cannot be evaluated.

    ``spans``: durations are spans of time (else plain counts); ``periods``: the operands keep their periods
    (else "50M daily views across 86,400 seconds" counts the 50M once, not per day and per second).
    """
    try:
        value = _operand(chain.operands[0], spans, periods)
        for op, operand in zip(ops, chain.operands[1:], strict=True):
            other = _operand(operand, spans, periods)
            value = value / other if op == "div" else value * other
        return value
    except Exception:  # noqa: BLE001 - pint raises several kinds for nonsense combinations
        return None


def _operand(q: Quantity, spans: bool, periods: bool) -> Any:
    if periods or q.period is None:
        return q.magnitude(spans)
    return Quantity(q.text, q.start, q.end, q.value, q.byte_unit, None, q.percent, q.power, q.noun,
                    q.duration).magnitude(spans)


def _readings(chain: _Chain) -> list[tuple[bool, list[Op], bool]]:
    """Every reading of the chain: durations as spans or counts, "over" as division or product, periods kept."""
    choices: list[list[Op]] = [[]]
    for op in chain.ops:
        options: list[Op] = ["div", "mul"] if op == "over" else [op]
        choices = [c + [o] for c in choices for o in options]
    strip = [True, False] if any(q.period for q in chain.operands) and len(chain.operands) > 1 else [True]
    return [(spans, ops, keep) for spans in (True, False) for ops in choices for keep in strip]


def _compare(left: Any, result: Quantity, period: str | None) -> float | None:
    """The left side expressed in the result's units, or None when the two are not comparable."""
    right = result.magnitude()
    try:
        if left.dimensionality == right.dimensionality:
            return float(left.to(right.units).magnitude)
        if result.byte_unit and left.dimensionless:
            return float(left.magnitude)  # "30,000 × 50 is 1.5 million MB": the product is in the result's unit
        ureg = registry()
        time = ureg.second.dimensionality
        # a product with no period against a per-period result: the product counts that period
        if result.period and left.dimensionality == (right * ureg(result.period)).dimensionality:
            return float((left / ureg(result.period)).to(right.units).magnitude)
        # a per-period product against a total with no period ("50 GB/day × 365 × 5 = 90 TB"): the count
        # of periods is among the operands, so the left side is read per its own period
        if period and (left * ureg(period)).dimensionality == right.dimensionality and left.dimensionality != time:
            return float((left * ureg(period)).to(right.units).magnitude)
    except Exception:  # noqa: BLE001
        return None
    return None


def _within(given: float, expected: float, factor: float = TOLERANCE) -> bool:
    return expected > 0 and given > 0 and expected / factor <= given <= expected * factor


_BUSY_HOURS = re.compile(r"\b\d+[- ]hour (?:day|window|workday)|\bbusiness hours\b|\bworking hours\b|\bwaking hours\b|"
                         r"\bwork(?:ing)? ?day\b|\bduring the day\b|\boffice (?:day|hours)\b|\bbusiness day\b|"
                         r"\bschool (?:day|hours)\b|\bshift\b", re.I)


def _judge(given: float, expected: float, context: str, peak: bool, sizes: bool) -> bool:
    if _within(given, expected):
        return True
    if _BUSY_HOURS.search(context) and _within(given, expected * 3, TOLERANCE):
        return True  # a day's traffic squeezed into its busy hours
    if peak and expected > 0 and expected / TOLERANCE <= given <= expected * PEAK_MAX * TOLERANCE:
        return True  # a peak of up to ~10x the average, with no stated factor
    if _REPLICA.search(context) and any(_within(given, expected * k) for k in (2, 3)):
        return True
    # a decimal and a binary prefix mixed up
    return sizes and any(_within(given, expected * k, 1.3) for k in (1.024**2, 1.024**3, 1 / 1.024**2, 1 / 1.024**3))


def _operation(chain: _Chain) -> Literal["convert", "multiply", "divide", "power", "percent"]:
    if any(op == "of" for op in chain.ops) or any(q.percent for q in chain.operands):
        return "percent"
    if "div" in chain.ops or "over" in chain.ops:
        return "divide"
    if chain.ops:
        return "multiply"
    if chain.operands[0].power:
        return "power"
    return "convert"


_MAGNITUDE_WORD = {"1000": "thousand", "1000000": "million", "1000000000": "billion"}


def spoken_to_digits(text: str) -> str:
    """Numbers said in words become digits ("a hundred fifty gigs" -> "a 150 gigs"), with text2num."""
    from text_to_num import alpha2digit

    def convert(match: re.Match[str]) -> str:
        run = match.group(0)
        try:
            digits = str(alpha2digit(run, "en"))
        except Exception:  # noqa: BLE001 - an odd run keeps its words
            return run
        # "two point four million" comes back as "2.4 1000000": the magnitude is said again as a word
        return re.sub(r"(\d+\.\d+) (1000000000|1000000|1000)\b",
                      lambda m: f"{m.group(1)} {_MAGNITUDE_WORD[m.group(2)]}", digits)

    text = _HALF.sub(lambda m: f"0.5 {m.group(1)}", text)  # "half a billion" is 0.5 billion, not a billion
    text = _FEW.sub(_few, text)  # "a few thousand" is about 3,000, not a thousand
    text = _SPOKEN_POWER.sub(lambda m: f"{m.group(1)}^{m.group(2)}", text)  # "62 to the 7th" is 62^7
    text = _HESITATION.sub("", text)  # "10 million orders a day um divided by 86400": the um joins nothing
    text = _A_UNIT.sub(r"1 \1", text)  # "about a petabyte a year" is 1 PB (the same length: positions hold)
    return _WORD_RUN.sub(convert, text)


_A_UNIT = re.compile(r"(?<![\w.,])a ((?:peta|tera|giga|mega|kilo)bytes?)\b", re.I)
_HESITATION = re.compile(r"(?<=\s)(?:um+|uh+|uhm|erm|er)\b,?\s+", re.I)
_FEW = re.compile(r"\b(a few|a couple(?: of)?|several|a handful of) (hundred thousand|hundred|thousand|million|billion)\b",
                  re.I)
_FEW_COUNT = {"a few": "3", "a couple": "2", "a couple of": "2", "several": "5", "a handful of": "5"}
_FEW_SCALE = {"hundred": 100, "thousand": 1000, "hundred thousand": 100_000}


def _few(match: re.Match[str]) -> str:
    count, scale = int(_FEW_COUNT[match.group(1).lower()]), match.group(2).lower()
    return f"{count * _FEW_SCALE[scale]}" if scale in _FEW_SCALE else f"{count} {scale}"


_HALF = re.compile(r"\bhalf an? (thousand|million|billion|trillion)\b", re.I)
_SPOKEN_POWER = re.compile(r"\b(\d+) to the (?:power of )?(\d+)(?:st|nd|rd|th)?(?: power)?\b", re.I)


_NUMBER_WORD = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
                r"thousand|million|billion|trillion)")
# a run of number words not right after a digit ("500 million" stays as it is: it already parses)
_WORD_RUN = re.compile(rf"(?<![\d.,])(?<!\d\s)\b(?:(?:a|an)\s+)?{_NUMBER_WORD}(?:[\s-]+(?:and\s+|point\s+)?"
                       rf"{_NUMBER_WORD})*\b", re.I)  # "one point five terabytes" is 1.5 TB


_TRAILING_OFF = re.compile(r"(\w)\s*(?:\.{3}|\u2026)(?=\s*(?:about |around |roughly |like |maybe )?\d)")  # "is... 50"


def derivations(text: str, spoken: bool = True) -> list[Link]:
    """Every checkable link of every chain in ``text``, in order.

    With ``spoken`` the numbers said in words are turned into digits first; the links' claims and positions
    then refer to that converted text.
    """
    if spoken:
        text = spoken_to_digits(text)
    paused = _TRAILING_OFF.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - 1), text)  # "is... 50 MB": a pause,
    # not a full stop (spaces keep every position where it was, so each claim is quoted as said)
    if paused == text:
        return _chains(text)
    links = _chains(paused)
    for link in links:
        at = paused.find(link.claim)
        link.claim = text[at : at + len(link.claim)] if at >= 0 else link.claim
    return links


def _chains(text: str) -> list[Link]:
    found = quantities(text)
    links: list[Link] = []
    chain: _Chain | None = None
    previous: Quantity | None = None
    for q in found:
        gap = text[previous.end : q.start] if previous is not None else text[: q.start]
        op = _operator(gap, q) if previous is not None else None
        if op is None and previous is not None and chain is not None and _EACH.match(text, q.end) and \
                _EQUALS.match(gap):
            op = "mul"  # "20M trips a day, about 225 points each": a per-item count multiplies
        equals = _EQUALS.match(gap) if previous is not None and op is None else None
        if previous is not None and op is not None and chain is not None:
            chain.ops.append(op)
            chain.operands.append(q)
        elif previous is not None and equals is not None and chain is not None:
            link = _link(text, chain, q, peak_word=bool(equals.group("peak") and "peak" in equals.group("peak").lower()))
            if link is not None:
                links.append(link)
            chain = _Chain([q], [])
        else:
            # a chain whose first operand follows an operator we could not read is a fragment: never judged
            chain = _Chain([q], [], fragment=bool(_DANGLING.search(gap[-40:])))
        previous = q
    seen = {link.at for link in links}
    links += [link for link in periodic_links(text) if link.at not in seen]
    seen = {link.at for link in links}
    links += [link for link in bridged_links(text, found) if link.at not in seen]
    seen = {link.at for link in links}
    links += [link for link in per_item_links(text, found) if link.at not in seen]
    seen = {link.at for link in links}
    links += [link for link in span_links(text, found) if link.at not in seen]
    return [link for link in links if not _CORRECTED.match(text, link.at)]  # "1.4 exabytes a day, sorry, petabytes"


_CORRECTED = re.compile(r"(?:[^.?!]|\.\d){0,40}?[,;.!?]?\s*(?:(?:hmm+|uh+|um+|oh|ah)\W+)?(?:sorry|i mean|no,? wait|wait,? no|"
                        r"correction|oops|scratch that|or rather|my bad|that'?s wrong|"
                        r"actually(?=[^.?!]{0,80}\b(?:is more like|more like|slipped|i mean|mistake|typo)\b))\b", re.I)  # a result put right in the same breath is not theirs to defend


_OVER_SPAN = re.compile(r"^[^.?!\d]{0,12}?\b(?:over|in|for|across)\s+(?:a|one|the|a whole|the whole|an entire)\s+"
                        r"(?P<span>year|month|week|day)\b[^.?!\d]{0,30}?(?:\b(?:that'?s|thats|is|so|gives|comes to|"
                        r"about|roughly)\b|=)[^.?!\d]{0,25}$", re.I)


def span_links(text: str, found: list[Quantity]) -> list[Link]:
    """"1.5 TB a day, and over a year that's like 50 TB": a rate carried over one whole span of time is the rate times
    that span (checked only when the total has no period of its own and the same kind of unit)."""
    links: list[Link] = []
    ureg = registry()
    for q, r in zip(found, found[1:], strict=False):
        m = _OVER_SPAN.match(text[q.end : r.start])
        if not m or not q.period or r.period or r.duration or q.percent or r.percent or \
                bool(q.byte_unit) != bool(r.byte_unit) or q.value <= 0:
            continue
        total = _compare(q.magnitude() * ureg.Quantity(1, m.group("span")), r, None)
        if total is None or not math.isfinite(total):
            continue
        links.append(Link(claim=_sentence_around(text, r.start, r.end), expression=text[q.start : q.end] + " over a " +
                          m.group("span"), given=r.value, expected=total, ok=_judge(r.value, total, "", False,
                                                                                   bool(r.byte_unit)),
                          operation="convert", period_from=q.period, period_to=m.group("span"), at=r.start))
    return links


_EACH_ONE = re.compile(r"\b(?:each|every|per|one|a single|an average|the average|a typical)\s+([a-z]+)", re.I)
_SUPPOSED = re.compile(r"\b(?:if|say|assuming|assume|given|with)\b", re.I)
_SO_TOTAL = re.compile(r"^[^.?!]{0,30}?(?:\bso\b|\bthat'?s\b|\bthats\b|\bwhich is\b|\bgives\b|=|\bmeans\b|"
                       r"\bin total\b|\btotal\b|\boverall\b)", re.I)


def per_item_links(text: str, found: list[Quantity]) -> list[Link]:
    """"500,000 cards. Each card is about 2 KB, so about 1 TB total": a total said after the size of one item,
    with the count of those items stated shortly before (same noun), is checked as count × size."""
    links: list[Link] = []
    for k in range(1, len(found)):
        size, result = found[k - 1], found[k]
        if not (size.byte_unit and result.byte_unit) or size.period or result.period or size.duration:
            continue
        if not _SO_TOTAL.match(text[size.end : result.start]) or _OPERATOR_WORDS.search(text[size.end : result.start]):
            continue
        lead = text[max(0, size.start - 60) : size.start]
        lead = re.split(r"[.?!]\s", lead)[-1]  # the size's own sentence
        item = next(reversed(list(_EACH_ONE.finditer(lead))), None)  # the item nearest the size
        if item is None or re.search(r"\d", lead[item.end() :]):  # another figure between: not this size's item
            continue
        count = next((q for q in reversed(found[: k - 1]) if size.start - q.end <= BRIDGE_CHARS and q.noun and
                      not q.byte_unit and not q.period and not q.duration and
                      _stem_of(q.noun) == _stem_of(item.group(1))), None)
        if count is None or count.value < 2:
            continue
        links.append(_count_times_size(text, count, size, result))
    return links + _size_first_links(text, found)


def _count_times_size(text: str, count: Quantity, size: Quantity, result: Quantity) -> Link:
    """The total ``result`` checked as ``count`` items of ``size`` each."""
    expected = float((count.value * registry().Quantity(size.value, size.byte_unit)).to(result.byte_unit).magnitude)
    claim = _sentence_around(text, result.start, result.end)
    return Link(claim=claim, expression=f"{count.text} × {size.text}", given=result.value, expected=expected,
                ok=_judge(result.value, expected, claim, False, True), operation="multiply", at=result.start)


_COMES_TO = re.compile(r"^\s*(?:[a-z]+\s+){0,3}?(?:is|are|=|comes to|gives|makes|would be|that'?s|means)\s+"
                       r"(?:about |around |roughly |~|maybe |like )?$", re.I)


def _size_first_links(text: str, found: list[Quantity]) -> list[Link]:
    """"Each task is maybe 1 KB, so 100,000 tasks is 100 GB a day": the size of one item, then a count of those
    items and the total, checked as count × size."""
    links: list[Link] = []
    for k in range(2, len(found)):
        size, count, result = found[k - 2], found[k - 1], found[k]
        if not (size.byte_unit and result.byte_unit) or count.byte_unit or count.percent or size.period or \
                not count.noun or count.value < 2 or count.start - size.end > 80:
            continue
        lead = re.split(r"[.?!]\s", text[max(0, size.start - 60) : size.start])[-1]
        item = next(reversed(list(_EACH_ONE.finditer(lead))), None)
        between = text[size.end : count.start]
        supposed = _SUPPOSED.search(lead[: item.start()]) if item is not None else None  # "If an average photo is
        # 2 MB after compression, 100 million photos a day is…": the size supposed, then the total
        if item is None or _stem_of(count.noun) != _stem_of(item.group(1)) or \
                not (_SO_TOTAL.match(between) or supposed and re.fullmatch(r"[^.?!;]{0,40},\s*", between)) or \
                _OPERATOR_WORDS.search(text[size.end : result.start]):
            continue
        if _COMES_TO.match(text[count.end : result.start]):
            links.append(_count_times_size(text, count, size, result))
    return links


_OPERATOR_WORDS = re.compile(r"\btimes\b|\bx\b|[×*]|\bdivided\b|\bover\b|\bplus\b|\bminus\b", re.I)


BRIDGE_CHARS = 300  # "6 billion reads a day. A day is about 86,400 seconds, call it 100K, so 6,000 reads a second"


def bridged_links(text: str, found: list[Quantity]) -> list[Link]:
    """A rate stated a little after a volume of the same thing per another period, with the candidate's own
    working in between (which breaks the chain): checked as the conversion it is. Same noun, same turn, close by."""
    links: list[Link] = []
    for k, result in enumerate(found):
        if not result.period or result.byte_unit:
            continue
        if result.period != "second":
            continue
        for j in range(k - 1, -1, -1):
            source = found[j]
            if result.start - source.end > BRIDGE_CHARS:
                break
            after = re.split(r"\d", text[result.end : result.end + 25])[0]  # "…, maybe 18,000 at peak": the next one's
            between = text[source.end : result.end] + after
            inside = found[j + 1 : k]
            same_thing = bool(source.noun) and bool(result.noun) and _stem_of(source.noun or "") == _stem_of(result.noun or "")
            # "100M links a month. A month is about 2.5 million seconds, so 400 writes a second": the candidate's
            # own seconds for that period, and nothing else in between, make it the conversion whatever the noun
            seconds_said = len(inside) == 1 and (inside[0].duration == "second" or re.search(
                r"\bseconds?\b|\bdivid\w*\b|\bover\b|/", text[source.end : inside[0].start]))  # "divided by the
            # seconds in a month, 2.5M", "divide by 86,400"
            own_seconds = bool(seconds_said) and source.period in _SECONDS and \
                _within(inside[0].value, _SECONDS[source.period or "day"], 2.0)
            in_words = _SECONDS_SAID.search(text[source.end : result.start])  # "divided by the seconds in a day"
            own_seconds = own_seconds or not inside and in_words is not None and in_words.group(1) == source.period
            if not result.noun and not own_seconds:  # "6,000 QPS" names no thing: only after their own seconds
                continue
            if source.period in ("day", "week", "month", "year") and (source.noun or own_seconds) and \
                    not source.byte_unit and (same_thing or own_seconds) and not _PEAK.search(source.noun or "") and \
                    not _FACTOR.search(between):
                link = _link(text, _Chain([source], []), result, peak_word=False)
                if link is not None:
                    links.append(link)
                break
    return links


_SECONDS_SAID = re.compile(r"\b(?:divid\w*|over)\s+(?:it\s+|that\s+)?(?:by\s+)?(?:the\s+)?(?:number of\s+)?seconds\s+in\s+"
                         r"(?:a|one|the)\s+(day|week|month|year)\b", re.I)
_SECONDS = {"day": 86_400.0, "week": 604_800.0, "month": 2_592_000.0, "year": 31_536_000.0}
_FACTOR = re.compile(  # a factor or a window the candidate applied on the way: the plain conversion is not what they did
    r"\d\s*x\b|\btimes\b|\bpeak|\bburst|\bfactor|\bspike|\bhours?\b|\bwindow|\bif\b|\bfold\b|\bbusiest|"
    r"\bblack friday|\bdoubl|\btripl", re.I)


def _stem_of(noun: str) -> str:
    last = noun.split()[-1].lower()
    return last[:5] if len(last) > 5 else last.rstrip("s")


_PERIODIC = re.compile(  # "a million drivers, one ping every 4 seconds, so about 25,000 writes a second"
    r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<mag>thousand|million|billion|[kmb](?![a-z]))?\s+(?:[a-z-]+\s+){0,3}?"
    r"(?:[a-z-]+,?\s+)?(?:(?:each|and)\s+)?(?:(?:sends?|sending|pings?|pinging|reports?|reporting|updates?|updating|"
    r"refresh(?:es|ing)?|polls?|polling|one (?:[a-z-]+\s+)?|an? (?:[a-z-]+\s+)?)\s*)+every\s+(?P<k>\d+(?:\.\d+)?)\s*"
    r"(?P<u>seconds?|secs?|s|minutes?|mins?)\b(?P<gap>[^.?!]{0,60}?|[^.?!]{0,20}\.\s+(?:that'?s|so|which is|this is|it'?s|"
    r"that gives|that comes to)\b[^.?!]{0,40}?)(?P<r>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<rmag>thousand|million|billion|[kmb](?![a-z]))?\s+(?:[a-z-]+\s+){0,2}?(?:a|per|/)\s*(?:second|sec)\b", re.I)
_MAGS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "b": 1e9}


def periodic_links(text: str) -> list[Link]:
    """"N things, each once every K seconds, so R a second": R should be about N / K."""
    links: list[Link] = []
    for m in _PERIODIC.finditer(text):
        if not re.search(r"\b(?:so|that'?s|is|gives|means|=|about|roughly|around)\b|=", m.group("gap"), re.I):
            continue
        n = float(m.group("n").replace(",", "")) * _MAGS.get((m.group("mag") or "").lower(), 1.0)
        every = float(m.group("k")) * (60.0 if m.group("u").lower().startswith("min") else 1.0)
        given = float(m.group("r").replace(",", "")) * _MAGS.get((m.group("rmag") or "").lower(), 1.0)
        if every <= 0 or n <= 0:
            continue
        expected = n / every
        links.append(Link(claim=_sentence_around(text, m.start("r"), m.end()), expression=text[m.start():m.end("u")],
                          given=given, expected=expected, ok=_within(given, expected), operation="divide",
                          at=m.start("r")))
    return links


_EACH = re.compile(r"\s*(?:each|apiece|per (?:item|record|row|user|order|trip|message|event|post|request))\b", re.I)


_POPULATION = re.compile(r"\b(?:daily|monthly|weekly)\s+(?:active\s+)?(?:users?|actives?|people|members|customers|"
                         r"accounts|visitors|players|viewers|riders|drivers)\b|\b[dwm]au\b", re.I)


def _actors(noun: str) -> bool:
    """The noun counts people ("active users", "drivers"), not what they do ("requests")."""
    return any(w in _USERS or w in _USER_WORDS or w + "s" in _USERS for w in noun.lower().split())


def _link(text: str, chain: _Chain, result: Quantity, peak_word: bool) -> Link | None:
    first = chain.operands[0]
    if chain.fragment:
        return None
    operated = bool(chain.ops) or first.power
    if not chain.ops and first.power and not first.period and (result.period or _RATE_WORDS.search(
            text[result.end : result.end + 12])):
        return None  # "I'll round 86,400 seconds up to 10^5, so that's about 15K QPS": the power is a divisor rounded,
        # and the rate comes from a figure said before; no reading of it alone is the claim
    if not operated:
        # a bare restatement is checked only as a conversion between two stated periods ("a day" -> "a second");
        # "8 bytes each, that's 4 KB per user" equates two different quantities and is not judged
        both_periods = first.period and result.period and first.period != result.period
        if not both_periods or bool(first.byte_unit) != bool(result.byte_unit):
            return None
        if first.noun and result.noun and _actors(first.noun) and not _actors(result.noun):
            return None  # "30,000 users a day is 140 requests a second": a per-user rate stated earlier sits between
        if any(_POPULATION.search(q.text) for q in (first, result)):
            return None  # "two billion monthly users, about 800 million daily": who is active in a span, no rate
    if result.percent or any(q.value <= 0 for q in chain.operands):
        return None
    if result.byte_unit and not any(q.byte_unit for q in chain.operands) and "over" in chain.ops and \
            any(q.byte_unit and q.end <= first.start for q in quantities(text)):
        return None  # "500 bytes each. 5 million links over ten years, that's 2.5 gig": the size said before is a
        # factor this chain does not show, and "over ten years" says when, not what to divide by: no clear reading
    period = next((q.period for q in chain.operands if q.period), None)
    readings = [_compare(left, result, period) for spans, ops, keep in _readings(chain)
                if (left := _evaluate(chain, spans, ops, keep)) is not None]
    values = [v for v in readings if v is not None and math.isfinite(v)]
    if not values:
        return None
    claim = _sentence_around(text, result.start, result.end)
    after = text[result.end : result.end + 25]
    # "… a thousand a second average and peak maybe three thousand": the peak after an "average" or an "and" is
    # another figure's
    peak = peak_word or bool(_PEAK.search(re.split(r",|\band\b|\baverage\b|\bon average\b", after)[0])) or bool(
        _PEAK.search(text[max(0, result.start - 12) : result.start])
    )
    peak = peak and not any(q.noun and "peak" in q.noun for q in chain.operands)
    sizes = bool(result.byte_unit) or any(q.byte_unit for q in chain.operands)
    given = result.value / 100.0 if result.percent else result.value
    verdicts = [(_judge(given, v, claim, peak, sizes), v) for v in values]
    if result.byte_unit and not any(q.byte_unit for q in chain.operands):
        # "300 times 365, about 110 petabytes": the operands' unit was said earlier, so the prefix is unknown;
        # right up to a power of a thousand is right
        verdicts += [(_judge(given, v * 1000.0 ** k, claim, peak, sizes), v * 1000.0 ** k) for v in values
                     for k in range(-5, 6) if k]
    nearest = min(values, key=lambda v: abs(math.log(v / given)) if v > 0 and given > 0 else math.inf)  # the reading
    # closest to what they said is the operation they meant ("30 TB a day, times 365": per year, not per day again)
    ok, expected = next(((True, v) for good, v in verdicts if good), (False, nearest))
    if not ok:  # "A million users… even if every user had 1,000 tasks at 1 KB, that's 1 TB", "ten million active
        # users times we keep like the last 300 post ids times 8 bytes is 24 gigs": a head count said before is a
        # factor the chain does not show (anywhere before with "every user", else earlier in the same sentence)
        opened = _sentence_start(text, result.start)
        counts = [q.value for q in quantities(text) if q.end <= first.start and not q.byte_unit and not q.percent
                  and not q.period and q.value >= IMPLICIT_COUNT and (_EVERY_ONE.search(claim) or q.start >= opened)]
        found = next((v * c for v in values for c in counts if _judge(given, v * c, claim, peak, sizes)), None)
        if found is not None:
            ok, expected = True, found
    expression = text[first.start : chain.operands[-1].end]
    return Link(claim=claim, expression=expression, given=result.value, expected=expected, ok=ok,
                operation=_operation(chain), period_from=first.period, period_to=result.period, at=result.start)


_RATE_WORDS = re.compile(r"^\W*(?:qps|rps|tps|requests?|reads?|writes?|queries|ops)\b", re.I)
IMPLICIT_COUNT = 100  # a head count said earlier in the turn, this large at least, may be the unshown factor
_EVERY_ONE = re.compile(r"\b(?:every|each|all|per)\s+(?:single\s+|active\s+|registered\s+|one\s+of\s+(?:the|our|those|"
                        r"these)\s+)?(?:[a-z]+\s+)?(?:users?|customers?|employees?|members?|accounts?|people|persons?|"
                        r"devices?|drivers?|riders?|tenants?|sellers?|merchants?|creators?|subscribers?|viewers?|players?)\b",
                        re.I)


_SECONDS_IN = {"minute": "60", "hour": "3,600", "day": "86,400 (call it 100K)", "week": "about 600K",
               "month": "about 2.6 million", "year": "about 31.5 million"}


def hint(link: Link) -> str:
    """A hint that fits the operation the candidate made, never the result."""
    if link.operation == "convert" and link.period_from and link.period_to:
        big, small = link.period_from, link.period_to
        if _PERIOD_ORDER.get(big, 0) < _PERIOD_ORDER.get(small, 0):
            big, small = small, big
        if small == "second" and big in _SECONDS_IN:
            return f"a {big} has {_SECONDS_IN[big]} seconds"
        return f"check how many {small}s there are in a {big}"
    if link.operation == "convert":
        return "check the unit prefixes: a thousand KB to an MB, a thousand GB to a TB"
    if link.operation == "power":
        return "work the power out in steps, squaring first"
    if link.operation == "percent":
        return "a percentage of a figure is the figure times the percentage over 100"
    if link.operation == "divide":
        return "redo the division and count the zeros on each side"
    return "multiply it out again: count the zeros of each factor and add them up"


_PERIOD_ORDER = {"second": 0, "minute": 1, "hour": 2, "day": 3, "week": 4, "month": 5, "year": 6}
