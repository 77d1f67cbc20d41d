"""Figures a candidate starts from that contradict the facts already given to them.

The arithmetic check (:mod:`analysis.derivations`) only asks whether each step follows from the one before;
an estimate built on "50M a day" when the interviewer said "16M a day" passes it. Here each base quantity
the candidate states (users, a daily/monthly/yearly volume) is set beside the same kind of quantity in the
facts the interviewer gave: when no given figure, no sum of given figures and no figure derived from them
(the card's own estimates) comes within a factor of :data:`TOLERANCE`, the figure is an input at odds with
what they were told. A figure said as growth, a hypothesis or a range of the candidate's own is left alone.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from analysis.derivations import spoken_to_digits
from analysis.figures import _USER_WORDS, _USERS, RATE_NOUNS, parse_figures
from analysis.sentences import split_sentences

MIN_COUNT = 100  # smaller counts are settings and choices ("3 replicas", "20 shards"), not populations
PER_HEAD = 1000  # a daily figure below this is a rate per person ("40 messages a day"), not a volume
TOLERANCE = 2.5  # back-of-envelope rounding and a different peak factor stay well inside this
USERS_TOLERANCE = 1.6  # a count of active people they were told is restated, not derived: rounding only
_DAILY = {"per_day": 1.0, "per_month": 1 / 30, "per_year": 1 / 365}  # everything compared as per day
_AS_DAILY = {**_DAILY, "per_second": 86_400.0}
_NOT_A_BASE = re.compile(  # growth, hypotheses, other people's numbers: not what they start from
    r"\b(?:(?:grows?|growth|grew|growing|grown)(?: \w+)? (?:to|by|into|past)|in \d+ years|years? from now|future|if we(?! (?:have|say|assume|take|figure|estimate)\b)|suppose|what if|at \d+ ?x|"
    r"\d+ ?x (?:growth|bigger|more users)|worst case|at most|up to|could reach|someday|eventually|later)\b",
    re.I,
)
_RATE_AFTER = re.compile(r"[^.;]{0,40}?\b(?:a|per|each|every)\s+(?:second|sec|minute|hour)\b|[^.;]{0,40}?/\s*s\b", re.I)
_SPAN_AFTER = re.compile(r"\s*\d*[\d,.]*\s*-\s*(?:hours?|days?|minutes?|seconds?|weeks?|months?|years?)\b", re.I)
_OF_THEM = re.compile(r"\s*of (?:them|those|these)\b", re.I)
_RESULT = re.compile(  # "100 million a day times 365 times 5 years is about 180 billion": a total worked out, not a rate
    r"(?:\b(?:times|multiplied by|divided by|over)\b|×)[^.;]{0,80}\b(?:is|are|equals|gives|giving|that's|comes to|makes|"
    r"so)\s+"
    r"(?:about |around |roughly |approximately |nearly |almost |~)?$"
    r"|(?:\b(?:times|multiplied by|divided by)\b|×)\s*[\d.,]+\s*(?:thousand|million|billion|[kmb])?\s*[,:]\s*"
    r"(?:about |around |roughly |~)?$", re.I)  # "500 million times 200, 100 billion": the product after a comma
_PER_THING = re.compile(  # "about 100 per order", "3 for each checkout": a ratio, not a population
    r"\s*(?:[a-z]+\s+){0,2}?(?:per|for each|for every|each|every)\s+(?!(?:second|sec|minute|hour|day|week|month|year)s?\b)"
    r"[a-z]", re.I)
_SUBSET = re.compile(r"\b(?:only|just) (?:(?:for|to|the) )*(?:active|online|connected|recent)\b|"
                     r"\b(?:segment|subset|cohort|fraction|portion|slice) of\b|\bactive (?:users|customers|"
                     r"people|accounts) only\b|\bin any (?:window|interval|second|minute)\b", re.I)
_CEILING = re.compile(r"\b(?:ceiling|at most|(?<!adds )(?<!add )(?<!adding )up to|over the life|lifetime|eventually|in \d+ years|maximum|"
                      r"not what we have today)\b", re.I)
_READS = frozenset({"read", "lookup", "view", "load", "fetch", "query", "querie", "hit", "redirect", "click", "request"})
_WRITES = frozenset({"write", "insert", "creation", "create", "upload", "post", "submission", "signup"})  # a write
# rate, or a daily count of uploads, is the rate things are created at
_FANNED = re.compile(r"\bfan[- ]?(?:s? ?out|ning)|\bfeeds?\b|\btimelines?\b|\binbox(?:es)?\b|\bredis\b|\bcache\b|"
                     r"\breplica", re.I)  # writes copied into many places, not things created
_CREATED = re.compile(r"\b(?:new|create[sd]?|creation|upload(?:s|ed)?|sign[- ]?ups?|posted|added)\b", re.I)
_DIVISOR = re.compile(r"(?:divided by|\bover|/)\s*(?:about |roughly |around )?$", re.I)
_PEAK = re.compile(r"\bpeak|\bbusiest|\bburst|\bspike|\bmax(?:imum)?\b|\bblack friday\b|\bcyber monday\b|"
                   r"\bflash sales?\b|\bholiday (?:season|peak|rush)\b|\bnew year'?s eve\b", re.I)  # a peak day too
PEAK_FACTOR = 8.0  # a peak is up to this many times the average (3x, rounded generously): a rate said against a
# daily volume, or a peak against an average, may sit that much above it
_PER_PERSON = re.compile(  # "a typical user follows 200 accounts": a figure per person, not a population
    r"\b(?:typical|average|each|every|per|one) (?:user|person|member|customer|employee|rider|driver|account)\b", re.I)
_PERIOD_WORD = re.compile(r"\b(?:a|an|per|each|every)(?: (?:normal|typical|average|regular|ordinary|quiet|given))? "
                          r"(day|month|year)\b|\b(daily|monthly|yearly|annually)\b", re.I)  # "on a normal day"
_ORGS = {"company", "companies", "organization", "organizations", "organisation", "organisations", "tenant",
         "tenants", "business", "businesses", "customer", "customers", "merchant", "merchants", "team", "teams"}
_AVERAGE = re.compile(r"\b(?:average|avg|typical|median|mean)(?: of)?(?: about| around| roughly| ~)?\s*~?$|"
                      r"\b(?:the|an?) (?:average|typical|median) [a-z]+(?: [a-z]+){0,3}? (?:goes to|reaches|gets|has|sees|"
                      r"is seen by)(?: about| around| roughly| ~)?\s*$", re.I)  # "the average tweet goes to 200 followers"
_AVERAGE_AFTER = re.compile(r"^\s*(?:[a-z]+\s+){0,2}?(?:on average|on avg|each(?!\s+(?:person|user|member|customer|"
                            r"driver|rider|employee|one)\b)(?!\s+(?:(?:maybe|like|about|roughly|probably)\s+)?(?:[a-z]+s|has|"
                            r"does|of them)\b)|apiece|per (?:user|person|account))\b", re.I)  # "each person opens the
# feed…" after "200 million daily actives", "100k employees each clicks maybe 20 links": the next thought starts,
# spoken with no full stop
_SHARE = re.compile(r"\b(?:\d+|one|a) (?:in|out of)\s*$", re.I)
_ORG_STEMS = frozenset({"org", "company", "compan", "tenant", "business", "merchant", "team"})
_ACTIVE = {"active", "daily", "dau", "online", "concurrent", "concurrently", "connected", "simultaneous"}
_SKIP = {"of", "them", "the", "a", "an", "and", "new", "about", "around", "roughly", "like", "total", "registered",
         "each", "per", "every", "day", "month", "year", "daily", "monthly", "yearly", "is", "are", "so", "that",
         "thousand", "million", "billion", "trillion", "k", "m", "b", "mil", "bn", "on", "in", "at", "for",
         "thousands", "millions", "billions", "hundreds", "tens", "dozens"}


@dataclass(frozen=True)
class Quantity:
    """A figure as a quantity of something: users (who, active or all) or a volume per day (of what)."""

    kind: str  # "users", "count" (a population of things: shops, vehicles) or "per_day"
    value: float  # people, or items per day
    qualifier: str  # "active" or "all" (users only)
    words: frozenset[str]  # what is counted: "companies", "photos", "notifications"
    sentence: str
    rate: bool = False  # said per second, minute or hour (kept here as per day)
    peak: bool = False  # said of the peak ("500K a second at peak")
    result: bool = False  # worked out in its sentence ("500 million times 200 is 100 billion"), not a starting figure
    before: str = ""  # the words of its sentence just before it
    after: str = ""  # and just after it
    future: bool = False  # said of a later time ("in the first year", "in three years"), or just after asking about one


def _stem(word: str) -> str:
    word = word.lower().strip(".,;:!?\"'()")
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _window(sentence: str, start: int) -> list[str]:
    """The words right after a number: what it counts, up to a period word or a break."""
    words = re.split(r"\s+", sentence[start:].strip())[1:6]
    out: list[str] = []
    for w in words:
        clean = w.lower().strip(".,;:!?\"'()")
        if clean in ("a", "per", "each", "every") and out:
            break
        out.append(clean)
        if re.search(r"[,;.]$", w):
            break
    return out


_HORIZON = (  # a time later than today: a size guessed for then is no contradiction of today's
    r"in (?:the )?(?:first|second|third|next) (?:year|two years|few years|\d+ years)|"
    r"(?:in|within|after|over) (?:a|one|two|three|five|ten|\d+|a few|a couple of) (?:more )?years?|next year|"
    r"by (?:year \w+|the end of (?:the |next )?year)|in year (?:one|two|three|\d)")
_FUTURE_BEFORE = re.compile(  # "…growing to 3,000", "if we grow 10x, half a million users", "by next year 2 million"
    rf"\b(?:{_HORIZON}|(?:expected|projected|planned|target) (?:size|growth|scale|number)|grows? to|growing to|"
    r"(?:if|when|once|as) (?:we|it|traffic|usage|the (?:user base|product|business|company)) (?:ever )?(?:grows?|scales?|"
    r"doubles?|triples?|(?:gets?|got) to|hits?|reach(?:es)?)|grows? (?:by )?(?:\d+x|tenfold|ten ?times)|"
    r"at \d+x|(?:revisit|reconsider|rethink|re-?evaluate|split|shard|add \w+)(?: (?:it|this|that))? (?:at|around|past|"
    r"beyond|once we (?:hit|reach|pass))|once we (?:hit|reach|pass|cross))\b[^.;]{0,30}$", re.I)  # "Revisit at 200k RPS":
# a threshold for later, not today's traffic
_FUTURE_AFTER = re.compile(rf"^[^\d.;]{{0,30}}?\b(?:{_HORIZON})\b", re.I)  # "3,000 in a couple of years"
_FUTURE_ASKED = re.compile(rf"\b(?:{_HORIZON}|(?:expected|projected) (?:size|growth|scale|number))\b[^.]*\?\s*$", re.I)


def quantities(text: str, people: bool = True) -> list[Quantity]:
    """Every users or per-day figure in ``text``; ``people``: a bare count of people-like words is users too."""
    return list(_quantities(text, people))


@lru_cache(maxsize=4096)
def _quantities(text: str, people: bool) -> tuple[Quantity, ...]:
    """``quantities`` remembered by text: every answer reads the earlier turns again."""
    found: list[Quantity] = []
    before = ""
    for sentence in _sentences(text):
        lead, before = before, sentence
        period = _PERIOD_WORD.search(sentence)
        per = (period.group(1) or period.group(2) or "").lower() if period else ""
        unit_of_sentence = {"day": "per_day", "daily": "per_day", "month": "per_month", "monthly": "per_month",
                            "year": "per_year", "yearly": "per_year", "annually": "per_year"}.get(per)
        for item in parse_figures(sentence):
            if _SPAN_AFTER.match(sentence[item.end:]) or _SPAN_AFTER.match(sentence[item.start:]):
                continue  # "an 8-hour business day": a span of time, not a population
            if _DIVISOR.search(sentence[max(0, item.start - 14) : item.start]):
                continue  # "divided by 86,400": the clock, not a quantity of anything
            window = _window(sentence, item.start)
            unit: str = item.figure.unit
            active = bool(_ACTIVE & set(window)) and (unit == "users" or not re.search(
                r"\b(?:at|during|in) (?:the )?peak\b", " ".join(window)))  # "700 at peak" is a rate; "5 million
            # drivers online at peak" are people
            active = active or bool(_SUBSET.search(lead[-80:] + " " + sentence[: item.start]))  # "only active users…"
            said_before = set(re.findall(r"[a-z]+", (lead + " " + sentence[: item.start]).lower()))
            if unit == "count" and people and _OF_THEM.match(sentence[item.end:]) and _USER_WORDS & said_before:
                unit, active = "users", True  # "500 million users, and 200 million of them open the app each day"
            elif unit == "count" and people and (_ORGS & set(window) or active) and (
                    not item.noun or set(item.noun.lower().split()) & (_USERS | _USER_WORDS | _ORGS | _ACTIVE)):
                unit = "users"  # "10,000 customer companies", "10 million of them active each day"
            elif unit == "count" and unit_of_sentence and item.figure.value >= 1000 and \
                    not _RESULT.search(sentence[: item.start]):
                unit = unit_of_sentence  # "10 million push notifications, 5 million emails ... a day"
            elif unit == "per_day" and item.noun and item.noun.split(" ")[0] in _USER_WORDS:
                unit, active = "users", True  # "a million active each day" are people
            if unit == "users":
                kind, value = "users", item.figure.value
            elif unit == "count" and item.figure.value >= MIN_COUNT and not _RATE_AFTER.match(sentence[item.end:]) \
                    and not _PER_THING.match(sentence[item.end:]):
                kind, value = "count", item.figure.value  # "4,000 shops": a population of things
            elif unit in _DAILY:
                kind, value = "per_day", item.figure.value * _DAILY[unit]
            elif unit == "per_second" and item.noun:  # "2 million requests a second": a volume, per day here
                kind, value = "per_day", item.figure.value * 86_400
            else:
                continue
            what = {_stem(w) for w in window if w and w not in _SKIP and w not in _ACTIVE and not w[0].isdigit()}
            if kind == "users":
                what = {"org"} if _ORGS & set(window) else {"people"}
            near = sentence[max(0, item.start - 30) : item.end + 30]
            found.append(Quantity(kind, value, "active" if active and kind == "users" else "all",
                                  frozenset(what | ({_stem(item.noun.split()[-1])} if unit == "per_second" and item.noun
                                                    else set())), sentence,
                                  rate=unit == "per_second", peak=bool(_PEAK.search(near)),
                                  result=bool(_RESULT.search(sentence[: item.start])),
                                  before=sentence[max(0, item.start - 60) : item.start],
                                  after=sentence[item.end : item.end + 50],
                                  future=bool(_FUTURE_BEFORE.search(sentence[max(0, item.start - 60) : item.start])
                                              or _FUTURE_AFTER.search(sentence[item.end :])
                                              or _FUTURE_ASKED.search(lead))))  # "…in the first year? Say 50,000"
    return tuple(found)


def _clause(q: Quantity) -> str:
    """The clause a figure sits in: "for our own 300 employees; every employee signs in" keeps "every employee" out of
    the head count's clause."""
    return re.split(r"[;:]", q.before)[-1] + " # " + re.split(r"[;:]", q.after)[0]


def given_figures(facts: list[str]) -> list[Quantity]:
    """The quantities in the facts given, plus the sums of one sentence's volumes ("10M push, 5M email and
    1M SMS a day" is also 16M a day, of any of those)."""
    found: list[Quantity] = []
    for fact in facts:
        items = [q for q in quantities(fact) if not _PER_PERSON.search(_clause(q))
                 and not _SUPERLATIVE.search(q.before)]  # "the largest has around 50 million": one, not the whole
        said = list(items)
        for k, q in enumerate(said):  # "2 million orders on a normal day and about 20 million on Black Friday":
            # the second counts orders too
            kin = [o for o in said if o.sentence == q.sentence and o.kind == q.kind]
            if len(kin) > 1 and len({o.peak for o in kin}) > 1 and not any(q.words & o.words for o in kin if o is not q):
                items[k] = replace(q, words=q.words.union(*(o.words for o in kin)))
        found.extend(items)
        for sentence in dict.fromkeys(q.sentence for q in items):
            volumes = [q for q in items if q.sentence == sentence and q.kind == "per_day" and not q.peak]  # a normal
            # day and a peak day are never summed
            for size in range(2, min(len(volumes), 4) + 1):
                for combo in combinations(volumes, size):
                    words = frozenset().union(*(q.words for q in combo))
                    found.append(Quantity("per_day", sum(q.value for q in combo), "all", words, sentence))
    return found


def lands_on_given(text: str, facts: list[str]) -> bool:
    """The candidate's head count comes out at one we gave ("2,000 companies averaging 200 users… half active daily,
    so 200k DAU" where we said about 200,000 are active): the figures that led there do no harm, whatever they were."""
    given = [q.value for q in given_figures(facts) if q.kind == "users" and not _EACH.match(q.after)]
    said = [q.value for q in quantities(spoken_to_digits(text)) if q.kind == "users" and not _EACH.match(q.after)]
    return any(abs(s - g) <= LANDED * g for s in said for g in given if g > 0)


def on_the_way(found: list[Mismatch], text: str, facts: list[str]) -> list[Mismatch]:
    """The mismatches left once figures that differ from ours only on the way to a head count we gave are let be
    ("2,000 companies × 200 users, half active: 200k DAU" where we said 10,000 companies of about 50, and 200,000
    active): the count they design for is ours."""
    if not found or not lands_on_given(text, facts):
        return found
    return [m for m in found if _PEOPLE_SAID.search(m.said)]


_PEOPLE_SAID = re.compile(r"\b(?:users?|dau|mau|people|accounts|members|employees|active|shoppers|subscribers|riders|"
                          r"drivers)\b", re.I)  # a head count itself, not a factor on the way to one
LANDED = 0.1  # within this share of a given head count, a head count worked out lands on it
_EACH = re.compile(r"\s*(?:\w+\s+){0,2}?(?:each|at each|apiece|per (?:company|customer|tenant|team|org\w*))\b", re.I)  # "50
# people at each": one company's, not the whole


@dataclass(frozen=True)
class Mismatch:
    """A stated figure and the given fact it contradicts."""

    said: str  # the candidate's figure, verbatim ("50 million notifications a day")
    fact: str  # the sentence of the given fact with the nearest figure of the same kind
    ratio: float  # how far apart, >= TOLERANCE
    like_for_like: bool = True  # both a rate, or neither
    fact_figure: str = ""  # the fact's own figure, verbatim ("50 million photo views a day")
    limit: bool = False  # a limit given for one user or key, said back with another value


def _sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def _derived(estimates: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The card's own estimates as (kind, value): anything a sound derivation from the facts may reach.

    Each estimate is (unit, value); only counts of people and volumes per day, month or year take part.
    """
    out: list[tuple[str, float]] = []
    for unit, value in estimates:
        u = " ".join(unit.lower().split())
        if u in ("users", "people", "employees", "members", "customers"):
            out.append(("users", value))
        elif u in ("per day", "per month", "per year"):
            out.append(("per_day", value * _DAILY["per_" + u.split()[1]]))
    return out


_CHUNK = re.compile(r"\b(?:chunks?|batch(?:es)?|pages?|groups?|blocks?|buckets?|windows?|slices?|sub-?rows?) of "
                    r"(?:(?:a few|about|roughly|around|up to|some|say|maybe|like)\s+)*$", re.I)
RUN_ON_WORDS = 30  # a "sentence" this long is spoken run-on: only the words around a figure say what it is


def _not_a_base(said: Quantity) -> bool:
    """Growth, a hypothesis or someone else's number, not a figure they start from. In a long spoken run-on only
    the stretch since the figure before it counts ("say around 800 employees maybe growing to 2000": the 800 is
    theirs, the 2000 is growth)."""
    if len(said.sentence.split()) <= RUN_ON_WORDS:
        return bool(_NOT_A_BASE.search(said.sentence))
    since = re.split(r"\d[\d,.]*", said.before)[-1]
    until = re.split(r"\d", said.after)[0]
    return bool(_NOT_A_BASE.search(since) or _LATER.match(until))


_LATER = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:in \w+ years|years? from now|later|eventually|someday)\b", re.I)


def _above(said: Quantity, given: Quantity | None) -> float:
    """How far above a given figure the candidate's may sit: a peak rate above an average or a daily volume
    is expected; an unmarked rate above a given peak is not."""
    if not said.rate:
        return TOLERANCE
    if given is not None and given.peak and not said.peak:
        return TOLERANCE  # an average cannot be above the peak
    if given is not None and given.rate and given.peak == said.peak:
        return TOLERANCE  # like for like
    return PEAK_FACTOR


def _restates(said: Quantity, given: Quantity) -> bool:
    """``said`` is ``given`` said again: the same kind of whole figure of the same thing, not a rate. A head count
    is a restatement only when said as one ("you said 10 million riders"); bare, it may count a part of them
    ("shipping counts for 50 million users" of 100 million)."""
    if said.kind == "users" and given.kind == "users" and "org" not in said.words and \
            not _RESTATING.search(said.sentence):
        return False  # organisations are no part of themselves: "5K companies" after 10,000 misquotes them
    return ((_kin(said, given) or said.kind == given.kind and said.qualifier == given.qualifier)
            and bool(said.words & given.words) and not (said.rate or given.rate))


def _heads_agree(said: Quantity, given: Quantity) -> bool:
    """What two figures count, by the last word of each: "10 million API keys" are no "10,000 API requests" though
    both say "API". People are people whatever they are called, so head counts always agree."""
    if said.kind == "users" or given.kind == "users":
        return True
    mine, theirs = _head(_figure_text(said)), _head(_figure_text(given))
    return not mine or not theirs or mine == theirs or mine in given.words or theirs in said.words


def _kin(said: Quantity, given: Quantity) -> bool:
    """Organisations counted as things beside the same organisations given as customers ("5K orgs" after "10,000
    customer companies")."""
    return {said.kind, given.kind} == {"users", "count"} and bool(said.words & given.words & _ORG_STEMS)


def _figure_text(q: Quantity) -> str:
    """The figure of ``q`` as said in its sentence ("50 million notifications a day")."""
    found = next((f for f in parse_figures(q.sentence)
                  if abs(f.figure.value * _AS_DAILY.get(f.figure.unit, 1.0) - q.value) < 1e-6 * q.value
                  or f.figure.value == q.value), None)
    text = ""
    if found is not None:  # the noun said whole: "500 customer companies", "10 million API keys", not "500 customer"
        rest = _NOUN_REST.match(q.sentence[found.end:])
        whole = rest and found.figure.unit != "users" and bool(found.noun) and \
            found.figure.text.lower().endswith((found.noun or "").lower())  # not past a period: "100 requests a second"
        text = found.figure.text + (rest.group(0).rstrip() if whole and rest else "")
    return re.sub(r"\b\d{5,}\b", lambda m: f"{int(m.group()):,}", text)  # spoken figures come back as digits


_NOUN_REST = re.compile(  # one or two more words of the noun a figure counts, up to a function word or a break
    r"(?:\s+(?!(?:a|an|the|per|each|every|and|or|but|with|to|of|in|at|on|for|from|by|is|are|was|were|be|that|which|"
    r"so|if|then|than|we|i|it|they|you|this|these|those|active|total|today|now|daily|monthly|peak)\b)[A-Za-z][\w-]*){1,2}",
    re.I)


def _head(said: str) -> str:
    """What a figure counts, as its last word before a period or a "per": "2 billion photo uploads a day" -> "upload"."""
    words: list[str] = []
    for w in re.findall(r"[A-Za-z]+", said):
        if w.lower() in ("a", "an", "per", "each", "every") and words:
            break
        if w.lower() not in _SKIP and w.lower() not in _ACTIVE:
            words.append(w)
    last = words[-1].lower() if words else ""
    return _stem(RATE_NOUNS.get(last, last)) if words else ""  # "1M RPS" counts requests


_PEOPLE = re.compile(r"\b(?:users?|dau|mau|people|accounts|members|customers|employees|shoppers|subscribers)\b", re.I)
_PER_ENTITY = re.compile(r"[^.;]{0,25}?\bper (?:api )?(?:key|user|client|customer|tenant|account|ip|endpoint|merchant|"
                         r"device|person|employee|driver|rider|shard|node|server|instance|partition)\b", re.I)
_EXAMPLE = re.compile(r"\b(?:like|say|e\.?g\.?|for example|for instance|such as)[,:]?\s*(?:about |around |roughly )?$",
                      re.I)
_FACTOR = re.compile(r"(?:\b(?:times|multiplied by)|[x×])\s*(?:about |around |roughly |say |like |~)?$", re.I)
_ONE_CASE = re.compile(r"\bif (?:someone|somebody|one (?:user|account|person|customer|merchant)|a (?:single )?(?:user|"
                       r"celebrity|person|merchant|customer|tenant|channel|group|account))\s+(?:has|had|with|gets|sends|"
                       r"posts)\s+(?:about |around |like |say |maybe )?$|"
                       r"\b(?:someone|somebody|a user|a person|one user|each user|every user|the average user|a typical "
                       r"user)\s+(?:who\s+)?(?:follow(?:s|ing)?|has|having|with)\s+(?:about |around |like |say |maybe )?$",
                       re.I)  # "someone following 300 accounts": one person's, not the whole
_EVEN_AT = re.compile(r"\beven (?:at|with|if (?:we (?:do|did|had|hit|handle)|it (?:does|did|were)))\s+(?:about |around |"
                      r"roughly |say |like )?(?:a |an )?$", re.I)
_SUPERLATIVE = re.compile(r"\b(?:the|our|their) (?:biggest|largest|smallest|busiest|heaviest|hottest|most active|"
                          r"top|single largest|single biggest)\b(?: \w+){0,2}?\s*,?\s*(?:is |has |with |at )?"
                          r"(?:about |around |roughly |maybe |say |like )?$", re.I)
_TIER = re.compile(r"\b(?:free|paid|premium|basic|pro|standard|enterprise|gold|trial) (?:tier|plan|users?|customers?|"
                   r"accounts?)\b|\btiers?\b", re.I)
_IF = re.compile(r"\bif\b[^.;]*$", re.I)  # "if there's 10 million users": their figure, said as a case
_WHOLE = re.compile(r"\b(?:total|peak|average|rate|sum|load|volume|base|population) of\s*(?:about |around |roughly )?$",
                    re.I)
_RULE = re.compile(r"\b(?:limits?|quotas?|caps?|thresholds?|allowances?|at most|up to|no more than|maximum)\b|"
                   r"\bper (?:api )?(?:key|user|client|customer|tenant|account|ip|endpoint)\b", re.I)
_RESTATING = re.compile(r"\byou (?:said|mentioned|told me|gave)\b|\bas (?:you )?(?:said|mentioned)\b|\bgiven\b|"
                        r"\b(?:to |let me )?restat\w*|\bi (?:heard|have|wrote down)\b", re.I)
_NOUN_OF_NEXT = re.compile(r"^\s*(?:are|is|would be|=)\s+(?:about |around |roughly |like |maybe )?\d[\d.,]*\s*"
                           r"(?:k|m|b|thousand|million|billion)?\s+(?:a|per|each)\s+(?:day|month|year)\b", re.I)
_CUTOFF = re.compile(r"\b(?:above|below|beyond|exceeding|past|under|over)\s*(?:about |around |roughly )?(?:a |an )?$", re.I)  # "skip fan-out
# above 50K followers": a cut-off the design picks, not a count of anything
_AT_ONCE = re.compile(r"^\s*(?:[\w-]+\s+){0,2}?(?:have|with|keep) (?:a|the|an|their) [\w-]+(?: [\w-]+)? open\b|"
                      r"\b(?:at once|at the same time|concurrently|simultaneously|at any (?:one )?(?:time|moment))\b",
                      re.I)
_PART = re.compile(  # "a single customer sending 50,000", "a channel with 20,000", "a segment of, say, 10 million"
    r"(?:\b(?:a|an|one|single|each|some|any)\s+(?:\S+\s+){0,5}?(?:with|sending|of|having|has|to)|\bif\b[^.;]*?)"
    r"\s*,?\s*(?:(?:say|like|maybe|about|around|roughly),?\s*)?$", re.I)


def far_assumptions(text: str, untold: list[str], estimates: list[tuple[str, float]], far: float,
                    worked: list[float] | None = None) -> list[Mismatch]:
    """Figures the candidate assumed that a fact not yet told to them puts at least ``far`` times off, where the
    figure counts what the fact counts ("5 million drivers" against "a million drivers", never against riders),
    rate against rate, and is the whole load or population: not a rule such as a limit per key, nor a part
    ("a single customer sending 50,000 a second") or a case ("if 10,000 users have the app open")."""
    out: list[Mismatch] = []
    sentences = _sentences(text)
    for m in mismatched_inputs(text, untold, estimates, qualified=False, worked=worked):
        k = next((n for n, s in enumerate(sentences) if m.said in s), None)
        sentence = sentences[k] if k is not None else m.said
        before = sentence[: max(0, sentence.find(m.said))][-60:]
        rule = _RULE.search(sentence) or (k and _RULE.search(sentences[k - 1])) or _RULE.search(m.fact)  # limits, not loads
        head = _head(m.said)
        same = bool(head) and head == _head(m.fact_figure) or not head and bool(_PEOPLE.search(m.said)) and \
            bool(_PEOPLE.search(m.fact))  # "2M DAU" against "500 million of them active each day": people both
        if m.ratio >= far and m.like_for_like and same and not rule and not _PART.search(before):
            out.append(m)
    return out


def worked_out(text: str) -> list[float]:
    """The quantities ``text`` works out from others (as volumes per day, or people), for :func:`mismatched_inputs`
    to know them when they are said again later ("at 1.2 million inserts a second, that's most of a minute"); a
    figure set for a later time ("in the first year, say 50,000 users") is theirs to carry on from too."""
    return [q.value for q in quantities(spoken_to_digits(text)) if q.result or q.future]


def checked_figures(text: str, facts: list[str], worked: list[float] | None = None) -> tuple[list[Mismatch], bool]:
    """The candidate's figures held up against ``facts`` because they asked ("…does that sound about right?"):
    each is set beside the fact of the same thing with rounding only, active or not, and the figures that differ
    are returned, with whether any figure met a fact at all (so "yes, about right" is said only of figures we hold)."""
    met: list[int] = []
    found = mismatched_inputs(text, facts, qualified=False, worked=worked, tight=True, met=met)
    return found, bool(met)


_REFINED = re.compile(r"^(?:\s+[a-z]+){0,2}\s*,\s*(?:say|let'?s say|call it|or so,? say)\s+~?"
                      r"(?P<n>\d[\d,]*(?:\.\d+)?)(?![\d.,]*\s*(?:%|(?:k|m|b|thousand|million|billion|percent)\b))", re.I)


def mismatched_inputs(text: str, facts: list[str], estimates: list[tuple[str, float]] = (),  # type: ignore[assignment]
                      qualified: bool = True, worked: list[float] | None = None, tight: bool = False,
                      met: list[int] | None = None) -> list[Mismatch]:
    """The candidate's base figures in ``text`` that the given facts contradict (beyond :data:`TOLERANCE`).

    ``facts`` are the fact answers the interviewer gave; ``estimates`` the card's (unit, value) estimates.
    A figure is judged only beside given figures of the same quantity (users of the same kind, volumes of
    the same thing); a figure of a quantity nobody gave is the candidate's own assumption, and one they worked out
    earlier (``worked``, from :func:`worked_out`) was checked as arithmetic then. ``qualified=False``
    sets users beside users whether or not either is said to be active (for facts not yet told, where only a
    figure far off counts).
    """
    given = given_figures(facts)
    if not given:
        return []
    text = spoken_to_digits(text)  # "fifty eight thousand a second" is 58,000 a second
    derived = _derived(list(estimates))
    out: list[Mismatch] = []
    for said in quantities(text):
        again = any(abs(said.value - w) <= 0.05 * w for w in worked or [])
        if said.result or again or _not_a_base(said) or (said.kind == "per_day" and said.value < PER_HEAD):
            continue  # a figure worked out from others is checked as arithmetic, not as a starting figure
        if _SHARE.search(said.before) or _AVERAGE.search(said.before) or _PER_PERSON.search(said.before[-40:]):
            continue  # "if 1 in 5 users posts", "an average of 200 followers", "an average user follows around
            # 200 accounts": a share or a figure per person
        if _PER_ENTITY.match(said.after):
            continue  # "100 requests a second per key": an allowance for one, not the whole load
        if _AVERAGE_AFTER.match(said.after):
            continue  # "times 200 followers on average": a figure per person, its "average" said after it
        if re.match(r"\s*[,;)]", said.after) and not re.search(r"[a-z]", _figure_text(said) or "", re.I) and \
                said.kind == "users":
            continue  # "capped at 800, active users only": a bare number ends its clause; the people are another's
        refined = _REFINED.match(said.after)
        if refined:  # "a few thousand employees, say 5000": the figure said next is the one they go on with
            said = replace(said, value=float(refined.group("n").replace(",", "")))
        if _CHUNK.search(said.before[-40:]):
            continue  # "page through the followers in chunks of a few thousand": a batch size, not a count
        if _FACTOR.search(said.before) or _ONE_CASE.search(said.before):
            continue  # "5,800 tweets a second times 200 followers": a factor of the product, not a population;
            # "if someone has 30 million followers": one case supposed, not the whole
        if _EVEN_AT.search(said.before):
            continue  # "even at a million writes a second, that's 5 minutes": a rate supposed, to show a limit
        if _TIER.search(said.before[-50:]):
            continue  # "like the free tier gets a hundred requests a minute": one plan's allowance, not the load
        if _SUPERLATIVE.search(said.before):
            continue  # "the biggest around 2,000 users": one of them, not the whole
        if not tight and _EXAMPLE.search(said.before) and said.sentence.rstrip().endswith("?"):
            continue  # "is a limit a single rule like 100 requests a second, or…?": an example in a question
        if _NOUN_OF_NEXT.match(said.after):
            continue  # "peaks maybe 3x so 150k uploads are 100 million a day": run-on speech, the noun is the
            # subject of the next figure, not a count of this one
        if (_PART.search(said.before) and not _WHOLE.search(said.before) and not _IF.search(said.before)) or (
                _RULE.search(said.before) and said.kind != "per_day") or _CUTOFF.search(said.before):
            continue  # "a celebrity with 50 million", "above a threshold, say 100,000 followers": not the whole load
        reads = bool(said.words & _READS)  # "a million tweet lookups a second" reads tweets, it does not create them
        fanned = bool(_FANNED.search(said.sentence))  # feed or timeline inserts are no count of new things
        same = [g for g in given if not _PER_ENTITY.match(g.after) and (g.future or not said.future) and (_kin(said, g) or g.kind == said.kind and (g.qualifier == said.qualifier or not qualified)) and (
            g.words & said.words and _heads_agree(said, g)
            or (said.words & _WRITES and _CREATED.search(g.sentence) and not fanned))  # "350 million
            # uploads a day" beside "50 million new photos a year"
            and not (reads and _CREATED.search(g.sentence) and not g.words & _READS)]
        if not same:
            continue
        if tight:  # checked for them: drivers beside drivers, not beside riders (both are people)
            head = _head(_figure_text(said))
            same = [g for g in same if not head or not _head(_figure_text(g)) or _head(_figure_text(g)) == head]
            if not same:
                continue
        if said.kind == "users" and _AT_ONCE.search(said.after[:50]) and all(said.value < g.value for g in same):
            continue  # "if 1,000 people have a board open": some of them at one moment, fewer than all is no slip
        if any(g.peak == said.peak for g in same):  # a normal day beside the normal day, not beside Black Friday
            same = [g for g in same if g.peak == said.peak]
        kin = [g.value for g in given if g.kind == said.kind]
        products = [a * b for a, b in combinations(kin, 2)] if said.kind == "users" else []  # companies × people
        tight_here = tight or qualified and said.kind == "users" and said.qualifier == "active" and not said.peak
        # "1 billion daily" after "500 million", or any figure they asked us to check; a head count at peak is an
        # estimate to a factor of two
        low = USERS_TOLERANCE if tight_here else TOLERANCE
        # a figure they were told, said again as the same thing ("you said ten million rides a day" after twenty
        # million): restated, not estimated, so only rounding separates the two
        close = [(g.value, USERS_TOLERANCE, USERS_TOLERANCE) if _restates(said, g) else
                 (g.value, low, min(_above(said, g), USERS_TOLERANCE) if tight_here else _above(said, g))
                 for g in same + [g for g in given if g.kind == said.kind and not g.words]] + \
            [(v, low, min(_above(said, None), USERS_TOLERANCE) if tight_here else _above(said, None))
             for v in products + [v for k, v in derived if k == said.kind]]
        if any(v > 0 and v / below <= said.value <= v * above for v, below, above in close):
            if met is not None:
                met.append(1)
            continue
        if all(said.value < g.value and _CEILING.search(g.sentence) for g in same):
            continue  # below a ceiling they were given ("10 million links over the life of the tool"): today's figure
        if said.kind == "users" and said.qualifier == "active" and all(
                g.kind == "users" and g.qualifier == "all" and said.value < g.value for g in same):
            continue  # "50M active" of "100 million users": a share of them active, no contradiction
        nearest = min(abs(math.log(said.value / v)) for v, _, _ in close if v > 0)
        fact = min(same, key=lambda g: abs(math.log(said.value / g.value)))
        if any(g.sentence == fact.sentence and g.kind == said.kind and g.words & said.words and
               abs(said.value - g.value) <= 0.05 * g.value
               for g in given):
            continue  # the other figure of the very sentence, under a looser name ("500 million users" after "2
            # billion accounts, with roughly 500 million active"): ours, not a slip
        out.append(Mismatch(said=_figure_text(said) or said.sentence, fact=fact.sentence, ratio=math.exp(nearest),
                            like_for_like=said.rate == fact.rate, fact_figure=_figure_text(fact)))
    return out


_ENTITY = re.compile(r"\b(?:per|each|every|for each|for every) (user|api key|key|account|customer|merchant|ip|"
                     r"client|device|tenant|driver|rider|member|employee)s?\b", re.I)
_LIMIT_HYPOTHESIS = re.compile(r"\b(?:if|suppose|what if|even at|grows?|later|someday|future)\b", re.I)
RATE_UNITS = {"per_second": 86_400.0, "per_day": 1.0, "per_month": 1 / 30, "per_year": 1 / 365}  # as per day


def restated_limits(text: str, facts: list[str]) -> list[Mismatch]:
    """A limit or allowance given for one user, key or device ("per user, at most 1 SMS a day"; "100 requests per
    second per key") that the candidate says back with another value ("at most 3 SMS an hour per user"): the same
    thing, for the same kind of one, a different rate. Only rounding separates a restated figure from ours."""
    given: list[tuple[str, str, float, str, str]] = []  # (entity, thing, per day, sentence, figure)
    for sentence in [s for fact in facts for s in _sentences(fact)]:
        entity = _ENTITY.search(sentence)
        if entity is None:
            continue
        for item in parse_figures(sentence):
            if item.figure.unit in RATE_UNITS and item.noun:
                given.append((entity.group(1).lower(), _thing(item.noun), item.figure.value * RATE_UNITS[
                    item.figure.unit], sentence, sentence[item.start:item.end]))
    out: list[Mismatch] = []
    for sentence in _sentences(spoken_to_digits(text)):
        entity = _ENTITY.search(sentence)
        if entity is None or _LIMIT_HYPOTHESIS.search(sentence):
            continue
        for item in parse_figures(sentence):
            if item.figure.unit not in RATE_UNITS or not item.noun or item.figure.value <= 0:
                continue
            said = item.figure.value * RATE_UNITS[item.figure.unit]
            same = [g for g in given if g[0] == entity.group(1).lower() and g[1] == _thing(item.noun) and g[2] > 0]
            if same and all(max(said / g[2], g[2] / said) > USERS_TOLERANCE for g in same):
                fact = min(same, key=lambda g: abs(math.log(said / g[2])))
                out.append(Mismatch(said=sentence[item.start:item.end], fact=fact[3], ratio=max(said / fact[2],
                                    fact[2] / said), fact_figure=fact[4], limit=True))
    return out


def _thing(noun: str) -> str:
    """The thing a rate counts, by its last word without a plural s ("push notifications" -> "notification")."""
    last = noun.lower().split()[-1]
    return last[:-1] if last.endswith("s") and not last.endswith("ss") and len(last) > 3 else last
