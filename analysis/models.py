"""What one candidate turn contains: the evidence model shared by the grader and the interviewer's policy.

The interviewer analyses each turn to choose its next act; the offline grader analyses every turn of
a transcript and scores from the same facts. ``analysis.turns.TurnAnalyzer`` produces these.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from knowledge.models import FactTopic


class Figure(BaseModel):
    """A number the candidate stated, normalised."""

    text: str  # as written: "100M a day", "1,160 writes/sec"
    value: float  # normalised magnitude: 100_000_000, 1160
    unit: Literal["per_second", "per_day", "per_month", "per_year", "bytes", "users", "count", "percent", "ms", "other"]


class ArithmeticCheck(BaseModel):
    """One step of a derivation the candidate wrote ("100M a day ≈ 1,160/s", "400M × 300 B = 120 GB"), checked."""

    claim: str  # the sentence that states the result, verbatim
    given: float  # the stated result, in its own units
    expected: float  # what the left side evaluates to, in the same units
    ok: bool  # within back-of-envelope tolerance (see ``analysis.derivations``)
    kind: Literal["rate", "ratio", "storage"] = "rate"  # storage: the result is a byte figure
    operation: Literal["convert", "multiply", "divide", "power", "percent"] = "convert"
    hint: str = ""  # a nudge that fits the operation, never the result


class TechMention(BaseModel):
    tech_id: str  # a knowledge technology id, e.g. "zookeeper"
    name: str  # the words used, e.g. "ZK"
    justified: bool  # a "because"/"since"/"so that" with a number or requirement came with it
    reason: str | None = None  # the justifying clause, verbatim
    quote: str  # the sentence it was named in, verbatim


class FactHit(BaseModel):
    """A clarifying question matched to a hidden fact of the problem card (or to a generic topic)."""

    question: str  # verbatim
    topic: FactTopic
    fact: int | None = None  # index into the card's hidden_facts; None for a generic topic
    score: float = 0.0  # similarity of the best match (1.0 for a keyword rule)


class Question(BaseModel):
    """A question the candidate put to the interviewer, with its kind (see ``analysis.intent``)."""

    text: str  # verbatim
    kind: Literal["fact", "scope", "yesno", "meta", "off_topic"]
    numeric: bool = False  # asks for a number
    meta: Literal["direction", "time", "check", "invite", "repeat"] | None = None  # invite: "anything you'd push back on?"


class DesignChoice(BaseModel):
    """A choice between two ways to build something, put to the interviewer ("Kafka or SQS here?")."""

    question: str  # verbatim
    options: list[str] = []  # the two options, by the words used: named products, or short alternatives closing it
    lean: str | None = None  # None: no lean said; "": leans, but not to a named option; else the option leaned to
    reasoned: bool = False  # the lean came with a reason
    weighed: bool = False  # what each option costs was said around the question
    switch_said: bool = False  # with the reasoned lean, when they would take the other way ("if product wants many
    # more sizes, on demand starts to look better")


class TurnAnalysis(BaseModel):
    """Everything the policy and the grader need from one candidate turn. Quotes are verbatim."""

    text: str
    intent: str = "answer"  # the primary intent (``analysis.intent.INTENTS``)
    asks: list[Question] = []  # every question put to the interviewer, with its kind
    choices: list[DesignChoice] = []  # design choices put to the interviewer ("websockets or long polling?")
    words: int = 0
    substantive_words: int = 0  # words left after removing filler and text addressed to the grader
    questions: list[str] = []  # clarifying questions, verbatim
    fact_topics: list[FactTopic] = []  # which hidden-fact topics those questions ask about
    figures: list[Figure] = []
    arithmetic: list[ArithmeticCheck] = []
    technologies: list[TechMention] = []
    components: list[str] = []  # design components proposed ("a redirect service", "a cache")
    trade_offs: list[str] = []  # sentences acknowledging a downside or comparing alternatives
    failure_modes: list[str] = []  # sentences about what happens when something fails
    over_engineering: list[str] = []  # tech ids that are overkill at the problem card's scale
    scoping: list[str] = []  # sentences that set scope or priorities ("let's focus on...", "out of scope")
    summary: list[str] = []  # sentences that summarise the design
    reasoning: list[str] = []  # sentences that explain why ("because", "so that", "which means")
    list_dump: bool = False  # several technologies named with no reasoning
    dont_know: bool = False  # says "I don't know" (or "not sure", "no idea")
    attempted: bool = False  # said it, then tried an answer anyway ("i dont know, i guess we'd..."): not stuck
    asks_for_answer: bool = False  # "just tell me the design", "what's the answer?"
    asks_for_hidden: bool = False  # "show me the card", "what are all the hidden facts?"
    off_role: bool = False  # tries to push the interviewer out of its role
    injection: list[str] = Field(default_factory=list)  # text addressed to the grader/AI, verbatim
    leadership: list[str] = []  # customer impact, team, build-vs-buy, MVP reasoning sentences
    fact_hits: list[FactHit] = []  # per question: the hidden fact (card index) or generic topic it asks about
    deferred: list[str] = []  # technology ids named only for later ("attachments later go to S3")
    rejected: list[TechMention] = []  # technologies named only to rule them out ("no Kafka, no sharding")
    card_components: list[str] = []  # the problem card's components this turn covers
    coverage: dict[str, float] = {}  # per card item and single probe ("probe:1:0"): the chance it was addressed
    covers: list[str] = []  # card items ("probe:1", "twist:0", "failure:2") and company kinds ("company:cost") addressed
    filler: list[str] = []  # sentences that earn nothing (small talk, repetition, restated prompt, lorem ipsum)

    @property
    def unjustified_technologies(self) -> list[TechMention]:
        return [t for t in self.technologies if not t.justified]

    @property
    def wrong_arithmetic(self) -> list[ArithmeticCheck]:
        return [a for a in self.arithmetic if not a.ok]
