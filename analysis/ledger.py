"""A grounded evidence ledger of a whole interview, for the grader.

One pass over the transcript, after each candidate turn has been analysed (:class:`~analysis.models.TurnAnalysis`):

- the facts and constraints the interviewer stated, and whether the candidate used them afterwards;
- the candidate's figures with provenance (given by the interviewer, derived, assumed, unexplained) and the
  derivations checked with units (:mod:`analysis.derivations`);
- decisions with their reasons, and whether a reason cites this problem's numbers or requirements (a memorised
  constant or a slogan does not);
- ideas (technologies) with who introduced them first: restating the interviewer's suggestion earns nothing;
- pushback exchanges and their outcome: defended with new information, changed for a reason, repeated, gave up;
- failure scenarios with a mechanism and a consequence;
- what the candidate ruled out or deferred.

Everything is distinct by meaning-bearing content (numbers, problem words), never by volume: saying a thing twice,
padding, or reciting generic phrases adds no entry.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from analysis.derivations import Quantity, quantities, spoken_to_digits
from analysis.filler import content_words
from analysis.models import TurnAnalysis
from analysis.phrases import DONT_KNOW, REASONING
from analysis.sentences import core, normalise, same_key, split_sentences
from analysis.techs import TechMatcher
from kernel.transcript import Transcript
from knowledge.content import Knowledge

Provenance = Literal["given", "derived", "assumed", "unexplained"]
Outcome = Literal["defended", "changed", "repeated", "gave_up"]

# Words any system-design conversation uses: a sentence is specific to this problem through a number or a word
# the interviewer used about this problem that is not one of these.
GENERIC = frozenset(
    ["system", "systems", "design", "service", "services", "server", "servers", "data", "database", "databases", "user", "users", "request", "requests", "scale", "scaling", "scalable", "latency", "throughput", "storage", "cache", "caching", "queue", "queues", "load", "traffic", "read", "reads", "write", "writes", "api", "apis", "client", "clients", "backend", "frontend", "app", "application", "applications", "store", "stored", "stores", "time", "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "month", "months", "year", "years", "number", "numbers", "million", "millions", "billion", "thousand", "thousands", "per", "average", "peak", "high", "low", "fast", "slow", "simple", "good", "better", "best", "work", "works", "way", "ways", "part", "parts", "thing", "things", "case", "cases", "kind", "really", "around", "roughly", "maybe", "question", "questions", "answer", "idea", "ideas", "talk", "look", "sure", "right", "okay", "yeah", "well", "start", "first", "next", "last", "also", "would", "could", "should", "will", "mean", "means", "point", "level", "levels", "team", "feature", "features", "requirement", "requirements", "design's", "need", "needs", "want", "wants", "use", "using", "used", "make", "makes", "made", "keep", "keeps", "give", "gives", "go", "goes", "going", "come", "comes", "different", "same", "another", "able", "available", "availability", "consistency", "consistent", "reliable", "reliability", "interview", "interviewer", "candidate"]
)
# A figure worked out in its sentence: an operator, or a word that equates it to what came before.
_WORKED = re.compile(r"[x×*/=≈]|\b(?:times|divided|over|so|that'?s|that is|which is|which means|that means|comes? to|"
                     r"works? out|gives|giving|equals|in total|therefore|thus|hence|meaning)\b", re.I)
_ASSUME = re.compile(r"\b(?:assum\w*|let'?s say|say we|suppose|estimate|guess|ballpark|call it|rough(?:ly)?|maybe|"
                     r"perhaps|possibly|probably|i'?d say|i would say)\b", re.I)
_MECHANISM = re.compile(
    r"\b(?:retr(?:y|ies|ied)|backoff|replica\w*|replicat\w*|fail ?over|promot\w*|standby|idempot\w*|dedup\w*|queue\w*"
    r"|buffer\w*|circuit|fall ?back|fallback|snapshot\w*|rebuild\w*|replay\w*|checkpoint\w*|timeouts?|health ?checks?"
    r"|heartbeats?|backups?|restor\w*|quorum|lease\w*|fenc\w*|spool\w*|park\w*|dead[- ]letter|dlq|reconcil\w*"
    r"|re-?drive|re-?sync\w*|write[- ]ahead|wal|shed\w*|rate[- ]limit\w*|throttl\w*|degrad\w*|expir\w*|ttl)\b",
    re.I,
)
_CONSEQUENCE = re.compile(
    r"\b(?:los[est]|lose|losing|duplicat\w*|twice|double\w*|stale|delay\w*|late|lag\w*|backlog\w*|errors?|unavailable"
    r"|drop\w*|miss\w*|wrong|corrupt\w*|inconsisten\w*|blocked|stuck|timeout|slow\w*|overload\w*"
    r"|users? (?:see|get|wait)|customers?|\d+\s*(?:seconds?|minutes?|ms|%))\b",
    re.I,
)
_CHALLENGE = re.compile(
    r"\b(?:why|what if|what happens|are you sure|isn'?t (?:that|it)|what about|how (?:would|does|do|will) (?:that|this|it|you)"
    r"|do you (?:really |actually )?need|couldn'?t|is that (?:enough|right|necessary)|walk me through|suppose|imagine)\b",
    re.I,
)
_CHANGED = re.compile(
    r"\b(?:you'?re right|good (?:point|catch)|i (?:was|am) wrong|my mistake|let me (?:change|revise|redo|correct|fix)"
    r"|i'?d (?:change|switch|revise)|(?:change|switch) (?:it|that|to)|instead,? (?:i|we)|actually,? (?:i|we|it|that)"
    r"|on second thought|that (?:changes|breaks)|i(?:'ll| will) (?:change|switch|move|use))\b",
    re.I,
)
_GAVE_UP = re.compile(
    r"\b(?:not sure|no idea|don'?t know|hadn'?t (?:really )?(?:thought|considered)|haven'?t (?:really )?(?:thought|considered)"
    r"|never thought|can'?t (?:really )?say|i guess (?:so|we could)|whatever (?:you|works)|doesn'?t (?:really )?matter"
    r"|it'?s fine|it'?ll be fine|shouldn'?t (?:really )?(?:happen|go down|fail))\b",
    re.I,
)
_PROPOSED = re.compile(r"\b(?:reasonable|off base|fair|sound (?:right|ok|okay|good)|makes? sense|a good (?:number|estimate|start)"
                       r"|ballpark|in the right range|way off)\b", re.I)
# A reason that is a slogan: true of the technology anywhere, so it says nothing about this problem. A number beside it
# ("with 50 million users we need something that scales horizontally") does not make it an argument.
_SLOGAN = re.compile(
    r"\b(?:scal(?:es?|ing) (?:out )?(?:horizontally|infinitely|independently|linearly|well|better)|(?:horizontally|infinitely)"
    r" scal\w+|web[- ]scale|industry[- ]standard|(?:the )?standard (?:pattern|choice|approach|threshold|practice|way)"
    r"|everyone uses|(?:what )?the industry uses|battle[- ]tested|best practices?|out of the box|proven at scale"
    r"|(?:netflix|google|facebook|uber|amazon|twitter|meta|linkedin|discord) (?:uses|used|runs on|built)"
    r"|no single point of failure|(?:we'?d|we will|we'?ll|would) outgrow|(?:don'?t|doesn'?t|do not|does not|can'?t) scale"
    r"|handles? (?:any|massive|huge|unlimited) (?:scale|load|traffic))\b", re.I)
_MIN_FIGURE = 10.0
_MIN_LOAD = 100.0  # per second: below this one server copes and the load needs no sizing
_PEOPLE = re.compile(r"\b(?:users?|dau|mau|actives?|people|customers?|accounts?|members?|subscribers?|employees?|followers?)\b",
                     re.I)  # smaller numbers are counts of boxes or replicas, not estimates


class Fact(BaseModel):
    """A figure or constraint the interviewer stated, and whether the candidate used it afterwards."""

    turn: int
    text: str
    values: list[float] = []
    rate: float | None = None  # the highest per-second rate the statement implies
    constraint: bool = False  # a requirement without a number ("must not double-book")
    used: bool = False
    used_turn: int | None = None


class LedgerFigure(BaseModel):
    turn: int
    text: str  # the sentence it sits in
    value: float
    provenance: Provenance
    checked: bool | None = None  # a checked derivation ends at this figure: True right, False wrong
    prompted: bool = False  # said in answer to the interviewer asking for numbers
    per_second: float | None = None  # a rate ("580 tweets a second", "2 million a minute"), per second
    used_later: bool = False  # the figure comes back in a later reason, trade-off or choice
    context: str = ""  # the sentence with the one before it: what the figure is about


class Decision(BaseModel):
    turn: int
    quote: str
    subject: str  # a technology id, or "design" for a reasoned design statement
    reason: str = ""
    grounded: bool = False  # the reason cites this problem's numbers or requirements
    concrete: bool = True  # the reason names something checkable: a figure, a technology or a mechanism
    introduced_by: Literal["candidate", "interviewer"] = "candidate"


class Exchange(BaseModel):
    ask_turn: int
    answer_turn: int
    ask: str
    outcome: Outcome
    about_failure: bool = False


class FailureScenario(BaseModel):
    turn: int
    quote: str
    mechanism: bool
    consequence: bool
    prompted: bool


class RuledOut(BaseModel):
    turn: int
    subject: str
    quote: str
    reasoned: bool  # with a number or a reason


class Ledger(BaseModel):
    facts: list[Fact] = []
    figures: list[LedgerFigure] = []
    decisions: list[Decision] = []
    restated: list[Decision] = []  # decisions on ideas the interviewer introduced first
    exchanges: list[Exchange] = []
    failures: list[FailureScenario] = []
    ruled_out: list[RuledOut] = []
    questions: list[tuple[int, str]] = []  # distinct clarifying questions, in order
    questions_before_design: int = 0
    failure_asked: bool = False  # the interviewer asked what happens when something fails
    numeric_asks_before_design: int = 0  # questions asking the interviewer for a number (users, load, sizes)
    first_design_turn: int | None = None
    problem_terms: list[str] = []
    candidate_words: int = 0
    term_groups: list[list[str]] = []  # the problem's words per interviewer statement
    known: list[float] = []  # the interviewer's figures and the candidate's sound ones

    def cites_problem(self, text: str) -> bool:
        """The sentence cites this problem's numbers, facts or scope (see :func:`specific`)."""
        return specific(text, [set(g) for g in self.term_groups], self.known)

    def ignored_facts(self) -> list[Fact]:
        """Numeric facts the interviewer stated before or during the design that the candidate never used."""
        return [f for f in self.facts if f.values and not f.used]

    def unmet_load(self) -> list[Fact]:
        """The heaviest load the interviewer's figures imply (a burst, a peak), when none of the candidate's
        worked-out figures about it comes within a factor of three: the design was never sized for it, or was
        sized for a load an order of magnitude away."""
        start = self.first_design_turn if self.first_design_turn is not None else 10**6
        loads = sorted((f for f in self.facts if f.rate and f.turn < start), key=lambda f: -(f.rate or 0))
        if not loads:
            return []
        top = loads[0]
        if any(_close(v, top.rate or 0.0, 0.1) for v in top.values):  # stated as a rate: using it is enough
            return [] if top.used else [top]
        return [] if any(self._meets(f, top) for f in self.figures) else [top]

    def _meets(self, fig: LedgerFigure, fact: Fact) -> bool:
        rate = fact.rate or 0.0
        if fig.turn <= fact.turn or fig.provenance not in ("derived", "assumed") or fig.checked is False:
            return False
        value = fig.per_second if fig.per_second is not None else fig.value
        if not rate / 3 <= value <= rate * 3:
            return False
        about = _terms(fact.text)
        return not about or bool(about & _terms(fig.context)) or any(
            _close(v, g) for v in _values(fig.context) for g in fact.values)

    def scale_established(self) -> bool:
        """Before the design began the scale was on the table: asked for, stated by the interviewer, or
        assumed or worked out by the candidate."""
        start = self.first_design_turn if self.first_design_turn is not None else 10**6
        return bool(self.numeric_asks_before_design
                    or any(f.values and f.turn <= start for f in self.facts)
                    or any(f.turn <= start and f.provenance in ("derived", "assumed") for f in self.figures))

    def grounded_figures(self) -> list[LedgerFigure]:
        return [f for f in self.figures if f.provenance in ("derived", "assumed") and f.checked is not False]

    def wrong_figures(self) -> list[LedgerFigure]:
        return [f for f in self.figures if f.checked is False]


# A spoken aside between a figure and what it counts ("10 million, let's say, max, daily active users").
_ASIDE = (r"let'?s say|say|max(?:imum)?|tops|at (?:most|least)|roughly|about|approximately|or so|ish|like|maybe|"
          r"i (?:guess|think|suppose)|i'?d say|you know|give or take|um+|uh+|er+|peak")
_HEDGED = re.compile(rf"(\d(?:[\d.,]*\d)?(?:\s*(?:k|m|b|thousand|million|billion|trillion)\b)?)"
                     rf"((?:\s*,\s*(?:{_ASIDE})\b)+\s*,)\s*(?=[a-z])", re.I)


@lru_cache(maxsize=4096)
def digits(text: str) -> str:
    """``text`` with numbers said in words turned into digits and spoken asides between a figure and its noun
    dropped, so speech-to-text figures parse like written ones."""
    return unhedged(spoken_to_digits(text))


def rough(text: str) -> str:
    """:func:`digits`, with an order of magnitude said in words read as a round figure ("hundreds of terabytes"
    is 100 TB): the candidate's rough estimates count as figures, never as a scale worked out."""
    return digits(_MAGNITUDE.sub(lambda m: _MAGNITUDES[m.group(1).lower()] + " ", text))


# An order of magnitude said in words ("hundreds of terabytes", "tens of thousands of models") is a rough figure.
_MAGNITUDES = {"dozens": "24", "hundreds": "100", "thousands": "1000", "tens of thousands": "10000",
               "hundreds of thousands": "100000", "millions": "1000000", "tens of millions": "10000000",
               "hundreds of millions": "100000000", "billions": "1000000000"}
_MAGNITUDE = re.compile(r"\b((?:tens of |hundreds of )?(?:dozens|hundreds|thousands|millions|billions)) of\s+", re.I)


def unhedged(text: str) -> str:
    """``text`` without spoken asides between a written figure and its noun ("10 million, let's say, max, users")."""
    return _HEDGED.sub(r"\1 ", text)


def _quantities(text: str) -> list[Quantity]:
    return quantities(digits(text))


def slogan(text: str) -> bool:
    """The reason rests on a slogan, with at most one figure beside it: no worked-out argument from the numbers."""
    return bool(_SLOGAN.search(text)) and len(_values(text)) < 2


def _close(a: float, b: float, tol: float = 0.03) -> bool:
    return abs(a - b) <= tol * max(abs(a), abs(b), 1.0)


def _values(text: str) -> list[float]:
    """The figures of a sentence: counts, rates and sizes (not spans of time such as "45 minutes")."""
    return [q.value for q in _quantities(text) if (q.value >= _MIN_FIGURE or q.percent) and not q.duration]


_WINDOW = re.compile(
    r"\b(?P<n>an?|first|one|two|three|four|five|six|ten|fifteen|twenty|thirty|sixty|\d+(?:\.\d+)?)[- ]?"
    r"(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\b", re.I)
_SMALL = {"a": 1, "an": 1, "first": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "fifteen": 15,
          "twenty": 20, "thirty": 30, "sixty": 60}
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_CONVERSIONS = (3600.0, 86400.0, 604800.0, 2.592e6, 3.1536e7)  # seconds in an hour ... a year: not estimates
_PERIOD_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800, "month": 2.6e6, "year": 3.15e7}


def implied_rates(text: str) -> list[float]:
    """Per-second rates a sentence implies: a count over a stated window ("10 million votes in five minutes"),
    or a count per period ("20 million a day")."""
    out: list[float] = []
    text = digits(text)
    people = bool(_PEOPLE.search(text))  # "2 billion monthly, 1 billion daily" counts people, not events
    qs = [q for q in quantities(text) if not q.duration and not q.percent and not q.byte_unit and q.value >= _MIN_FIGURE
          and not _PEOPLE.search(q.noun or ("users" if people else ""))]
    window = _WINDOW.search(text)
    out += [q.value / _PERIOD_SECONDS[q.period] for q in qs if q.period in _PERIOD_SECONDS]
    if window is not None:  # the count said just before the window ("2 million fans ... first minute"), else after it
        before = [q for q in qs if not q.period and q.end <= window.start()]
        after = [q for q in qs if not q.period and q.start >= window.end()]
        count = before[-1] if before else after[0] if after else None
        n = window.group("n").lower()
        span = (_SMALL.get(n) or float(n)) * _SECONDS[window.group("unit")[0].lower()]
        out += [count.value / span] if count else []
    return [r for r in out if r >= _MIN_LOAD]


def _terms(text: str) -> set[str]:
    return {w for w in content_words(text) if len(w) >= 4 and w not in GENERIC and not w.isdigit()}


def problem_terms(transcript: Transcript, facts: list[Fact], scope: list[str] | None = None) -> list[set[str]]:
    """The problem's own words, per statement: the interviewer's prompt, each stated fact or constraint and the
    scope the candidate set, beyond generic design vocabulary."""
    prompt = next((t.content for t in transcript.turns if t.role == "interviewer"), "")
    groups = [_terms(s.text) for s in split_sentences(prompt)] + [_terms(f.text) for f in facts]
    groups += [_terms(core(normalise(s))) for s in scope or []]  # "off the top of my head, …" adds no term
    return [g for g in groups if g]


def specific(text: str, terms: list[set[str]], known: list[float]) -> bool:
    """A sentence cites this problem: one of its stated or worked-out numbers, or a word of its prompt, of a
    stated fact or of the scope the candidate set (beyond generic design vocabulary)."""
    if any(_close(v, k, 0.1) for v in _values(text) for k in known):
        return True
    mine = _terms(text)
    return any(len(mine & group) >= min(2, len(group)) for group in terms)


def _facts(transcript: Transcript) -> list[Fact]:
    """The interviewer's figures and constraints. A figure the candidate said first and the interviewer only
    repeats back ("you said 116 a second") is the candidate's, not a fact of the problem."""
    facts: list[Fact] = []
    seen: set[str] = set()
    said: list[float] = []
    for i, turn in enumerate(transcript.turns):
        if turn.role != "interviewer":
            said += _values(turn.content)
            continue
        for s in split_sentences(turn.content):
            if s.is_question or s.norm in seen:
                continue
            values = [v for v in _values(s.text) if not any(_close(v, c) for c in said)]
            echo = len(values) < len(_values(s.text))
            constraint = bool(re.search(r"\b(?:must|never|can'?t|cannot|has to|have to|need(?:s)? to|guarantee\w*|budget|deadline)\b",
                                        s.text, re.I))
            if values or (constraint and not echo):
                seen.add(s.norm)
                rates = implied_rates(s.text) if values else []
                facts.append(Fact(turn=i, text=s.text, values=values, constraint=constraint and not values,
                                  rate=max(rates) if rates else None))
    return facts


def _mark_used(facts: list[Fact], transcript: Transcript) -> None:
    for fact in facts:
        words = _terms(fact.text)
        for j in range(fact.turn + 1, len(transcript.turns)):
            turn = transcript.turns[j]
            if turn.role != "candidate":
                continue
            vals = _values(turn.content)
            hit = any(_close(v, f) for f in fact.values for v in vals) if fact.values else (
                len(words & _terms(turn.content)) >= 2)
            if hit:
                fact.used, fact.used_turn = True, j
                break


def _mark_used_later(figures: list[LedgerFigure], analyses: dict[int, TurnAnalysis]) -> None:
    """A worked-out figure is used when it comes back in a reason, a trade-off or a technology choice said after
    it (the next sentences or later turns), not only in the sentence that works it out."""
    decisions = [(i, digits(x)) for i, a in sorted(analyses.items())
                 for x in [*a.reasoning, *a.trade_offs, *(t.quote for t in a.technologies), *a.scoping]]
    for f in figures:
        if f.provenance not in ("derived", "assumed") or f.checked is False:
            continue
        f.used_later = any(i >= f.turn and text != f.text and any(_close(f.value, v) for v in _values(text))
                           for i, text in decisions)


def _figures(transcript: Transcript, analyses: dict[int, TurnAnalysis], given: list[tuple[int, float]],
             asked_numbers: set[int]) -> list[LedgerFigure]:
    out: list[LedgerFigure] = []
    seen: list[float] = []
    for i, a in sorted(analyses.items()):
        checks = [(c.given, c.ok, c.claim) for c in a.arithmetic]
        previous = ""
        for s in split_sentences(rough(a.text)):
            context, previous = f"{previous} {s.text}", s.text
            if s.is_question and not _PROPOSED.search(s.text):  # "is 1,000 TPS reasonable?" puts a figure forward
                continue
            for q in quantities(s.text):
                if q.value < _MIN_FIGURE or q.percent or q.duration or any(_close(q.value, v) for v in seen) or (
                        not q.period and not q.byte_unit and any(_close(q.value, c, 0.02) for c in _CONVERSIONS)):
                    continue
                stated = [v for t, v in given if t < i]
                check = next((ok for g, ok, claim in checks if _close(g, q.value, 0.02) and q.text in claim), None)
                if any(_close(q.value, v) for v in stated):
                    prov: Provenance = "given"
                elif check is not None or _WORKED.search(s.text):
                    prov = "derived"
                elif _ASSUME.search(s.text) or s.is_question:
                    prov = "assumed"
                else:
                    prov = "unexplained"
                seen.append(q.value)
                per_second = q.value / _PERIOD_SECONDS[q.period] if q.period in _PERIOD_SECONDS else None
                out.append(LedgerFigure(turn=i, text=s.text, value=q.value, provenance=prov, checked=check,
                                        prompted=i in asked_numbers, per_second=per_second, context=context))
    return out


_SUGGESTS = re.compile(
    r"\b(?:what about|how about|have you (?:considered|thought)|could you|couldn'?t you|would you|you could|you might"
    r"|consider|maybe (?:a|an|use)|what if you|why not|instead)\b", re.I)


def _first_mentions(transcript: Transcript, matcher: TechMatcher) -> tuple[dict[str, tuple[int, str]], set[str]]:
    """Technology id -> (turn, role) of the first time it was put forward: by the candidate in any form, by the
    interviewer only as a suggestion (a question or "you could..."); and the technologies the interviewer stated
    as part of the setting ("originals are already in S3"), which are givens, not the candidate's choices."""
    first: dict[str, tuple[int, str]] = {}
    setting: set[str] = set()
    for i, turn in enumerate(transcript.turns):
        for s in split_sentences(turn.content):
            suggestion = turn.role == "candidate" or s.is_question or bool(_SUGGESTS.search(s.text))
            for m in matcher.find(s):
                if m.status == "rejected" or m.tech_id in first:
                    continue
                if suggestion:
                    first[m.tech_id] = (i, turn.role)
                else:
                    setting.add(m.tech_id)
    return first, setting


# An alternative weighed and set aside ("Kafka would work too, but ... for no benefit here"), or put out of scope.
_WEIGHED_OUT = re.compile(
    r"\b(?:would|could|might) (?:also |probably )?work(?: too| as well)?\b.{0,40}\bbut\b|\boverkill\b|\bno (?:benefit|need)\b"
    r"|\bnot worth\b|\bmore than (?:we|this|it) needs?\b|\bout of scope\b|\bnot in scope\b|\bwouldn'?t (?:use|pick|choose|go with)\b",
    re.I)


def _reason_near(sentences: list[str], k: int, terms: list[set[str]], known: list[float]) -> str:
    """A reason for the choice named in sentence ``k``: that sentence, or after a terse pick one of the two
    sentences that follow it ("SQS. We don't need ordering ... At 200 messages a second it's nowhere near any
    limit."), when it argues (a reasoning word or a figure) from this problem's numbers or needs."""
    window = sentences[k: k + 3] if len(content_words(sentences[k])) <= 6 else sentences[k: k + 1]  # a terse pick
    for text in window:
        if (REASONING.search(text) or _values(text)) and specific(text, terms, known) and len(content_words(text)) >= 4 \
                and not slogan(text):
            return text
    return ""


def stem(word: str) -> str:
    """A crude English stem, so "widen", "widening" and "widened" are one word when telling who said it first."""
    for suffix in ("ing", "ed", "es", "s", "ly", "er"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> set[str]:
    return {stem(w) for w in _terms(text)}


def hinted_terms(transcript: Transcript) -> dict[int, set[str]]:
    """Candidate turn index -> the problem words (stemmed) the interviewer put forward before it that the candidate
    had not used first: in the two turns just before, or earlier in a question or a suggestion (a hint), beyond
    the opening prompt. What an answer made of them only repeats."""
    out: dict[int, set[str]] = {}
    own: set[str] = set()
    recent: list[set[str]] = []
    hints: set[str] = set()
    for i, turn in enumerate(transcript.turns):
        words = _stems(turn.content)
        if turn.role == "interviewer":
            recent = [*recent[-1:], words - own]
            if i > 0 and any(s.is_question or _SUGGESTS.search(s.text) for s in split_sentences(turn.content)):
                hints |= words - own
        else:
            out[i] = (set().union(*recent) | hints) - own if recent else set()
            own |= words
    return out


# An answer that opens by taking up what the interviewer just said ("Yes, that's exactly right", "as you said").
AGREES = re.compile(r"^\W*(?:(?:yes|yeah|yep|right|absolutely|exactly|definitely|sure|totally|agreed|great|good|ok(?:ay)?)\b"
                    r"(?!\W*(?:question|q)\b)"  # "Good question." takes nothing up: it only opens the answer
                    r"|(?:that'?s|that is) (?:a )?(?:(?:really|very) )?(?:right|true|fair|correct|great|good|exactly|a great)"
                    r"|as you (?:said|mentioned|suggested|pointed out)|you'?re right)", re.I)


_LEADING = re.compile(r"\b(?:(?:a|one) (?:common|standard|usual|typical) (?:approach|way|option|pattern)|one option|one way"
                      r"|(?:could|would|might|should) (?:one|the|a|we|it|you)\b[^?.]{0,40}\bjust\b|what do you think)\b", re.I)
_WH = re.compile(r"^\W*(?:what|why|how|when|where|which|who|walk|tell|talk|describe|explain)\b(?! (?:about|if)\b)", re.I)


def taken_up(transcript: Transcript) -> set[int]:
    """Candidate turns that agree with what the interviewer just put forward: a suggestion ("what about...", "a common
    approach is..."), or a leading yes-or-no question ("Something sorted by rating, per time control?"). What such
    a turn reasons without a figure of its own takes up the interviewer's idea."""
    out: set[int] = set()
    for i, turn in enumerate(transcript.turns):
        if turn.role != "candidate" or i == 0 or not AGREES.search(turn.content):
            continue
        before = transcript.turns[i - 1]
        if before.role != "interviewer":
            continue
        sentences = split_sentences(before.content)
        if any(_SUGGESTS.search(x.text) or _LEADING.search(x.text) or (x.is_question and not _WH.search(x.text))
               for x in sentences):
            out.add(i)
    return out


def echoes(text: str, hinted: set[str], agreed: bool = False) -> bool:
    """Most of a sentence's problem words come from the interviewer's last turns: restated, not contributed. In an
    answer that opens by agreeing with the interviewer, a third is enough."""
    mine = _stems(text)
    return len(mine) >= 2 and len(mine & hinted) * (3 if agreed else 2) >= len(mine)


def matcher_hits(sentence: str, a: TurnAnalysis) -> bool:
    """The sentence names one of the technologies or components the turn proposed."""
    low = sentence.lower()
    return any(t.name.lower() in low for t in a.technologies) or any(c.lower() in low for c in a.components)


def _decisions(analyses: dict[int, TurnAnalysis], first: dict[str, tuple[int, str]], terms: list[set[str]],
               known: list[float], setting: set[str] | None = None,
               hinted: dict[int, set[str]] | None = None, led: set[int] | None = None,
               ruled: list[tuple[int, str, str]] | None = None) -> tuple[list[Decision], list[Decision]]:
    """The candidate's technology choices and reasoned design statements. A choice counts once, grounded when any
    of its mentions comes with a reason from this problem; a technology given by the setting, or named only to
    be weighed out or put out of scope, is no choice."""
    own: dict[str, Decision] = {}
    restated: list[Decision] = []
    seen: set[str] = set()
    setting = setting or set()
    hinted = hinted or {}
    for i, a in sorted(analyses.items()):
        hint = hinted.get(i, set())
        agreed = bool(AGREES.search(a.text))
        follows = i in (led or set())
        rejected = {t.tech_id for t in a.rejected}
        out_here = [(tech, quote) for turn, tech, quote in ruled or [] if turn == i]
        sentences = [x.text for x in split_sentences(a.text)]
        for t in a.technologies:
            if t.tech_id in rejected or (t.tech_id in setting and t.tech_id not in first) or _WEIGHED_OUT.search(t.quote):
                continue
            if t.quote.strip() and any(tech == t.tech_id and t.quote.strip() in quote for tech, quote in out_here):
                continue  # the mention is the candidate ruling it out or deferring it
            reason = t.reason or ""
            grounded = bool(reason) and specific(reason if len(reason.split()) > 3 else t.quote, terms, known) \
                and not slogan(reason) and not slogan(t.quote)
            if not grounded:
                k = next((n for n, x in enumerate(sentences) if t.quote.strip() and t.quote.strip() in x), None)
                near = _reason_near(sentences, k, terms, known) if k is not None else ""
                reason, grounded = (near, True) if near else (reason, False)
            who = first.get(t.tech_id, (i, "candidate"))[1]
            if who == "candidate" and (echoes(t.quote, hint, agreed) and not (grounded and not echoes(reason, hint, agreed))
                                       or follows and not re.search(r"\d", digits(f"{t.quote} {reason}"))):
                who = "interviewer"  # named in answer to the interviewer describing it
            d = Decision(turn=i, quote=t.quote, subject=t.tech_id, reason=reason, grounded=grounded,
                         introduced_by="interviewer" if who == "interviewer" else "candidate")
            if d.introduced_by == "interviewer" and not grounded:
                if all(r.subject != d.subject for r in restated) and t.tech_id not in own:
                    restated.append(d)
            elif t.tech_id not in own or (grounded and not own[t.tech_id].grounded):
                own[t.tech_id] = d
                restated = [r for r in restated if r.subject != t.tech_id]
        for r in a.reasoning:
            key = same_key(r)
            if key in seen or not specific(r, terms, known) or len(content_words(r)) < 3 or slogan(r):
                continue
            seen.add(key)
            if echoes(r, hint, agreed) or (follows and not re.search(r"\d", digits(r))):
                restated.append(Decision(turn=i, quote=r, subject="design", reason=r, introduced_by="interviewer"))
                continue
            concrete = bool(re.search(r"\d", digits(r)) or _MECHANISM.search(r) or matcher_hits(r, a))
            own[key] = Decision(turn=i, quote=r, subject="design", reason=r, grounded=True, concrete=concrete)
    return sorted(own.values(), key=lambda d: d.turn), restated


def _exchanges(transcript: Transcript, analyses: dict[int, TurnAnalysis], start: int,
               terms: list[set[str]] | None = None, known: list[float] | None = None) -> list[Exchange]:
    out: list[Exchange] = []
    said: set[str] = set()
    turns = transcript.turns
    for i, turn in enumerate(turns):
        said |= set(content_words(turn.content))  # the interviewer's words said back are no new information
        if turn.role != "interviewer" or i < start or i + 1 >= len(turns) or turns[i + 1].role != "candidate":
            continue
        asks = [s.text for s in split_sentences(turn.content) if s.is_question and _CHALLENGE.search(s.text)]
        a = analyses.get(i + 1)
        if not asks or a is None:
            continue
        text = turns[i + 1].content
        new = set(content_words(text)) - said
        fresh = bool(a.figures or a.arithmetic or a.reasoning or a.trade_offs or a.failure_modes)
        outcome: Outcome
        if a.dont_know or _GAVE_UP.search(text) or DONT_KNOW.search(text):
            outcome = "gave_up"
        elif _CHANGED.search(text):
            outcome = "changed" if fresh else "gave_up"
        elif fresh and len(new) >= 3 and (a.figures or a.arithmetic or a.technologies or a.components or _values(text)) and (
                terms is None or any((specific(x.text, terms, known or []) or _values(x.text) or _terms(x.text) & _terms(asks[0]))
                                     and not slogan(x.text) for x in split_sentences(text))):
            outcome = "defended"  # with something concrete about this problem, not a vague promise or a slogan
        else:
            outcome = "repeated"
        failure = any(re.search(r"\b(?:fail\w*|down|crash\w*|outage|lost|lose|dies|partition\w*|unavailable)\b", q, re.I)
                      for q in asks)
        out.append(Exchange(ask_turn=i, answer_turn=i + 1, ask=asks[0], outcome=outcome, about_failure=failure))
    return out


_NEGATED = re.compile(r"\b(?:no|not|never|without|nothing|don'?t|doesn'?t|won'?t|can'?t|wouldn'?t|isn'?t|zero)\b[\w\s']{0,12}$",
                      re.I)


def _consequence(sentence: str) -> bool:
    """What the failure does to users or data ("duplicates", "stale for 30 seconds"). A consequence denied
    ("we don't lose events", "no data loss") is a claim that nothing happens, not a walk through what does."""
    return any(not _NEGATED.search(sentence[: m.start()]) for m in _CONSEQUENCE.finditer(sentence))


def _failures(analyses: dict[int, TurnAnalysis], failure_asked: set[int]) -> list[FailureScenario]:
    out: list[FailureScenario] = []
    seen: set[str] = set()
    for i, a in sorted(analyses.items()):
        for s in a.failure_modes:
            key = same_key(s)
            if key in seen or len(content_words(s)) < 3 or _GAVE_UP.search(s):
                continue
            seen.add(key)
            out.append(FailureScenario(turn=i, quote=s, mechanism=bool(_MECHANISM.search(s)),
                                       consequence=_consequence(s), prompted=i in failure_asked))
    return out


def _ruled_mentions(analyses: dict[int, TurnAnalysis], matcher: TechMatcher) -> list[tuple[int, str, str]]:
    """Every (turn, technology, sentence) where the candidate rejects, defers or weighs out a technology."""
    out: list[tuple[int, str, str]] = []
    for i, a in sorted(analyses.items()):
        out += [(i, t.tech_id, t.quote) for t in a.rejected]
        for s in split_sentences(a.text):
            weighed = bool(_WEIGHED_OUT.search(s.text))
            out += [(i, m.tech_id, s.text) for m in matcher.find(s) if m.status in ("rejected", "deferred") or weighed]
    return out


def _ruled_out(mentions: list[tuple[int, str, str]]) -> list[RuledOut]:
    out: dict[str, RuledOut] = {}
    for i, tech, quote in mentions:
        reasoned = bool(re.search(r"\d", quote) or REASONING.search(quote) or re.search(r"\bbut\b", quote, re.I))
        if tech not in out or (reasoned and not out[tech].reasoned):
            out[tech] = RuledOut(turn=i, subject=tech, quote=quote, reasoned=reasoned)
    return list(out.values())


def _design_start(analyses: dict[int, TurnAnalysis]) -> int | None:
    return next((i for i, a in sorted(analyses.items())
                 if len({t.tech_id for t in a.technologies}) + len(a.components) >= 2), None)


_FAILURE_ASK = re.compile(r"\b(?:go(?:es)? down|fail\w*|crash\w*|outage|dies|unavailable|partition\w*|lose|lost|dead|offline"
                          r"|retr(?:y|ies)|time ?outs?|timed out|duplicat\w*|twice|disaster|recover\w*|resilien\w*|fault\w*"
                          r"|what (?:can|could) go wrong|single point)\b", re.I)


def _failure_asked(transcript: Transcript) -> bool:
    return any(s.is_question and _FAILURE_ASK.search(s.text)
               for t in transcript.turns if t.role == "interviewer" for s in split_sentences(t.content))


def _numbers_asked(transcript: Transcript) -> set[int]:
    rx = re.compile(r"\bhow (?:many|much|big|large)\b|\bestimat\w*\b|\bnumbers?\b|\bper second\b|\bqps\b|\bmath\b", re.I)
    return {i + 1 for i, t in enumerate(transcript.turns) if t.role == "interviewer" and rx.search(t.content)}


def build_ledger(
    transcript: Transcript, analyses: dict[int, TurnAnalysis], knowledge: Knowledge, skip: set[int] | None = None
) -> Ledger:
    """The ledger of ``transcript`` from its candidate turns' analyses (keyed by turn index). Interviewer turns in
    ``skip`` (behavioural questions, graded on their own) are not read as pushback."""
    matcher = TechMatcher(knowledge)
    facts = _facts(transcript)
    _mark_used(facts, transcript)
    given = [(f.turn, v) for f in facts for v in f.values]
    asked = _numbers_asked(transcript)
    figures = _figures(transcript, analyses, given, asked)
    _mark_used_later(figures, analyses)
    known = [v for _, v in given] + [f.value for f in figures if f.provenance in ("derived", "assumed") and f.checked is not False]
    terms = problem_terms(transcript, facts, [s for a in analyses.values() for s in a.scoping])
    first, setting = _first_mentions(transcript, matcher)
    hinted = hinted_terms(transcript)
    ruled = _ruled_mentions(analyses, matcher)
    decisions, restated = _decisions(analyses, first, terms, known, setting, hinted, taken_up(transcript), ruled)
    design = _design_start(analyses)
    proposed = next((i for i, a in sorted(analyses.items()) if a.technologies or a.components), len(transcript.turns))
    exchanges = [e for e in _exchanges(transcript, analyses, proposed, terms, known) if e.ask_turn not in (skip or set())]
    failure_asked = {e.answer_turn for e in exchanges if e.about_failure}
    questions: list[tuple[int, str]] = []
    qseen: set[str] = set()
    for i, a in sorted(analyses.items()):
        for q in a.questions:
            if normalise(q) not in qseen:
                qseen.add(normalise(q))
                questions.append((i, q))
    return Ledger(
        facts=facts,
        figures=figures,
        decisions=decisions,
        restated=restated,
        exchanges=exchanges,
        failures=_failures(analyses, failure_asked),
        ruled_out=_ruled_out(ruled),
        questions=questions,
        failure_asked=_failure_asked(transcript),
        questions_before_design=sum(1 for t, _ in questions if design is None or t <= design),
        numeric_asks_before_design=sum(1 for i, a in analyses.items() if design is None or i <= design
                                       for q in a.asks if q.numeric),
        first_design_turn=design,
        problem_terms=sorted(set().union(*terms)) if terms else [],
        term_groups=[sorted(g) for g in terms],
        known=known,
        candidate_words=sum(a.substantive_words for a in analyses.values()),
    )

