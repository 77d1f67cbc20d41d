"""The interviewer's policy: which act comes next. Pure functions of the state and the turn analysis.

The same policy runs in offline and LLM mode; an LLM only phrases the act chosen here. It listens first:
every question the candidate asked is answered for what it is (a card fact, the scope, "your call" for a
requirement the card is silent on, "assume a figure" only for a number the card is silent on, a direction
for a question about the interview, a short redirect for an off-topic one). Then, first match wins:

1. requests for the card / hidden facts / prompt, for the answer, or to leave the role -> refuse, redirect
2. the interviewer's own arithmetic check was wrong -> say so plainly
3. designing before any clarifying question -> nudge towards questions (at most twice; not for a design
   pasted whole, which goes to the deep dive)
4. a technology the candidate proposed with no reason anywhere (this turn or earlier), not introduced by
   the interviewer, not ruled out, deferred or hypothetical -> "why?" (over-built for the scale -> the load)
5. a derivation that does not hold -> ask to redo it, with a hint that fits the operation
6. "I don't know" -> reason aloud, state an assumption
7. the company-mode question (Amazon leadership, startup cost/team/10x) once a design exists
8. the phase's own move, skipping every card item the candidate already covered
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import BaseModel

from agent.acts import (
    DEPTH_MAX,
    DEPTH_PER_FORMAT,
    KEYWORD_SCORE,
    PASSING,
    PHASE_NAMES,
    PLAIN_PUSHES,
    RUN_ON_WORDS,
    Act,
    ActKind,
    Discussed,
    _content,
    _deep_dive,
    above_scale,
    depth_probe,
    facts_for,
    failure_spoken,
    phase_budget,
    phase_end,
    phase_index,
    phase_move,
    serves_left_out,
    sketched,
    tech_name,
)
from agent.asks import company_ask, company_budget, deadline_of
from agent.diagram_asks import diagram_ask
from agent.state import Coverage, InterviewState
from analysis.components import architecture_pieces
from analysis.coverage import (
    COVERED,
    SKIP_BAR,
    THEIR_ASIDE,
    accumulate,
    company_kinds,
    item_kind,
    put_aside,
    stems,
)
from analysis.derivations import quantities, spoken_to_digits
from analysis.figures import parse_figures
from analysis.inputs import (
    Mismatch,
    checked_figures,
    far_assumptions,
    mismatched_inputs,
    on_the_way,
    restated_limits,
    worked_out,
)
from analysis.inputs import quantities as people_figures
from analysis.intent import (
    BREADTH,
    CLARITY,
    LEARNING,
    MANNER,
    MEDIUM,
    PRIVACY_ASK,
    PRODUCT_CHOICE,
    REASONED,
    RESTATED,
    SKIP_ASK,
    STACK_ASK,
    UNLESS_YOU,
    guessed_aloud,
    interviewer_asked,
    leans_to,
    numbered_items,
    offered_options,
)
from analysis.models import ArithmeticCheck, DesignChoice, Figure, TechMention, TurnAnalysis
from analysis.questions import question_parts
from analysis.sentences import core, normalise, split_sentences
from kernel.diagram import DiagramError, load_diagram
from knowledge.content import Knowledge
from knowledge.models import PhaseId, ProblemCard

MAX_PUSHBACKS_PER_TECH = 1
MAX_NUDGES = 2
COMPANY_GAP = 2  # interviewer turns between two company questions
NAMED_PIECES = 3  # pieces named in one turn that make the sketch the move to the design would ask for
KNOWN_DESIGN = 4  # pieces known (the playbook's four-box minimum) before a kind of piece counts as absent from the design
FAR_OFF = 4.0  # an assumed figure this many times off the problem's own is corrected, not built on

_HYPOTHETICAL = re.compile(
    r"\b(?:if we (?:ever |later |really )?(?:need|needed|had to|have to|want|wanted|outgrow)|we could (?:also )?(?:use|add|"
    r"swap|move)|could (?:later )?(?:swap|add|move)|could (?:also|just as well|equally well) (?:be|use|do)|might (?:use|add|need)|"
    r"one option|alternatively|or we could|"
    r"instead of|rather than|compared to|versus|vs\.?|for example|e\.g\.|such as|if (?:\w+ ){0,3}(?:ever|later|someday|"
    r"one day)|considered|neither|earn its keep|would (?:turn|mean|force|need|require|add)|could almost|could have|"
    r"would have (?:been|worked|done))\b", re.I)  # "125k I could almost push through a couple of Redis nodes": the
# case that no longer holds
_REASON = re.compile(r"\b(?:because|since|so (?:that|nobody|no one|we|it|they|there|the|each|every|any|a|an|one|only|if|"
                     r"when|our|your|users|clients|nothing)|which (?:is|means|"
                     r"gives|lets|keeps|makes|works|fits|handles|supports)|given|as it|to (?:avoid|keep|protect|survive|"
                     r"handle|absorb)|otherwise|that way|it has to|needs? to be)\b(?:\W+\w+){1,}", re.I)
# a piece the company already runs is given, not chosen: "with one Postgres already running", "our existing MySQL"
_IN_PLACE = re.compile(r"\b(?:already|existing|currently) (?:\w+ )?(?:running|run|runs|have|has|use|uses|using|in place|in "
                       r"production|deployed|operate|operating)\b|\b(?:we|they|you|the company|the team) (?:already )?"
                       r"(?:have|run|use|operate) (?:an? |one |the )?(?:existing |managed |single )?\w+ (?:already|today|"
                       r"in production)\b|\b(?:our|the|an|your) existing\b|\bthe team (?:already )?knows\b", re.I)
_CONTEST = re.compile(
    r"\b(?:that'?s (?:right|correct)|it'?s (?:right|correct)|i (?:think|believe) (?:that'?s|it'?s|my (?:math|figure|"
    r"number)) (?:right|correct|fine)|checks out|double[- ]?check|i stand by|it (?:was|is) (?:a )?(?:multiplication|"
    r"division|product)|no,? (?:it|that)|actually (?:it|that)'?s (?:right|correct)|redo(?:ing)? it|same (?:answer|"
    r"result|figure|number))\b", re.I)
_ABOUT_FIGURES = re.compile(r"\d|\b(?:math|maths|figure|number|calculation|arithmetic|divi\w+|multipl\w*|zeros?)\b",
                            re.I)


def _contests(text: str) -> bool:
    """The candidate stands by the figure we challenged ("no, that's right: 50M over 86,400 is 580"): said about
    numbers, or as the turn opens, not "latency can be a few seconds, i think it's fine" about something else."""
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        m = _CONTEST.search(sentence)
        if m and (_ABOUT_FIGURES.search(sentence) or text.strip().startswith(sentence)
                  and len(sentence[: m.start()].split()) <= OPENING_WORDS):
            return True
    return False


OPENING_WORDS = 6  # "No, that's right" as the turn opens answers the challenge
_EITHER_OR = re.compile(r"\bor (?:does|do|is|are|should|can|will|would|just|we|it|they)\b", re.I)
_ASKS_SCOPE = re.compile(r"\bcan (?:\w+ ){1,2}be (?:edited|changed|deleted|shared|updated|renamed|customi[sz]ed|reused|"
                         r"undone|recovered)\b|"  # "can links be edited?": whether the product does it
                         r"\b(?:need(?! to be)|support|include|in scope|out of scope|cover|handle|build|"
                         r"have to (?:support|build|handle|include|cover|offer)|part of|worry about|care about)\b", re.I)
_CLOSING = re.compile(r"^\W*done\b|\b(?:no (?:more )?questions|nothing (?:more|else)|that'?s (?:all|it)(?: from me)?|i'?m done|"
                      r"i (?:think i(?:'ve)? |have )?covered (?:the main|everything|most|all)|"
                      r"all good|i think that covers it|no,? thanks?|that'?s (?:my|the) (?:whole )?design|"
                      r"that'?s about it)\b", re.I)
_ABOUT_US = re.compile(r"\byour (?:team|company|org|organi[sz]ation|engineers|teams|role)\b|\bat your (?:company|work)\b|"
                       r"\bquestions? for you\b(?![\s,:;-]+(?:do|does|is|are|should|would|will|can|could|must|how|what|which|when|"
                       r"where|who)\b)|\bwhat does the team\b|\b(?:in|for) (?:this|the) (?:role|position|job)\b|"
                       r"\bpain points?\b|\bfirst (?:six|6|three|3) months\b|"
                       r"\byou (?:guys|folks|all) (?:do|handle|use|run)\b|\bif you can share\b|"
                       r"\bthe (?:engineering )?team (?:right now|today|currently|has|have|is working)\b|"
                       r"\b(?:has|have) the team\b|\bthe team (?:own|owns|works? on|handles?|builds?|"
                       r"runs?|is on|are on)\b|\bshare on-?call\b|\b(?:work|working) on day[- ]to[- ]day\b|"
                       r"\bwhat(?:'s| is) it like (?:for|to work|working)\b|"  # "what's it like for new grads on the team?"
                       r"\b(?:new grads?|juniors?|interns?|mid-?level (?:engineers|folks|people|devs)|senior engineers)\b"
                       r"[^?]{0,60}\b(?:usually|typically|get to|get scoped|assigned|on the team|grow|ramp)\b", re.I)


def _about_job(question: str) -> bool:
    """About the interviewer's team or job ("how do you guys handle on-call?"), not the stack the design runs on
    ("do you folks use a managed Postgres already?")."""
    return bool(_ABOUT_US.search(question)) and not STACK_ASK.search(normalise(question))


_ASKING_YOU = re.compile(r"\b(?:ask|have) (?:you )?(?:a (?:couple|few) (?:of )?|some |two |a |my )?(?:quick )?"
                         r"(?:questions?|things)(?! (?:about|on) (?:the|this|your) (?:design|problem|requirements))\b|"
                         r"\btime for (?:a |one |some )?(?:quick )?questions?\b", re.I)  # "do I have time for a question?"


QUOTE_WORDS = 20  # a longer claim (a spoken run-on) is quoted by the clause holding the figure


def _vouched(analysis: TurnAnalysis, covered: Coverage) -> bool:
    """Whether we can say their figures hold: the steps add up, and they start from figures we gave them, said
    again with rounding only. Sound steps on a figure of their own, or on one we never checked, are not ours to
    endorse: "the maths works" of 2 million rows a day built on the wrong upload rate puts our name to it."""
    told = list(covered.get("answers", []))
    if not told:
        return False
    differ, met = checked_figures(analysis.text, told, worked=list(covered.get("worked", [])))
    return met and not differ


SLIP_RANGE = (1e-4, 1e4)  # a slip is off by a few zeros; a redone figure further out means the reading went wrong


def _slip(claim: ArithmeticCheck) -> dict[str, Any] | None:
    """The figure a slip produced, as the candidate said it, with what it comes to redone ("25,000 writes a
    second" and "250,000 writes a second")."""
    if not claim.given or not claim.expected:
        return None
    for found in reversed(parse_figures(claim.claim)):
        f = found.figure
        scale = f.value / claim.given
        number = re.match(r"\d[\d,]*(?:\.\d+)?", f.text)
        if number is None or f.unit in ("count", "percent", "ms", "other") or \
                not any(abs(scale / p - 1) < 0.01 for p in (1, 1e3, 1e6, 1e9, 1e12, 1e15)) or \
                not SLIP_RANGE[0] <= claim.expected / claim.given <= SLIP_RANGE[1]:  # a reading gone astray, not a slip
            continue
        redone = float(number.group(0).replace(",", "")) * claim.expected / claim.given
        rounded = float(f"{redone:.2g}")  # back-of-envelope: two figures, "about 58,000", not "57,870"
        shown = f"{rounded:,.0f}" if rounded >= 10 else f"{rounded:g}"
        return {"said": f.text, "value": f.value, "unit": f.unit, "right": shown + f.text[number.end():]}
    return None


def _short_claim(claim: str, given: float) -> str:
    """The claim as quoted back: whole when short, else the clause that states the figure ("around 2000 writes
    per second")."""
    if len(claim.split()) <= QUOTE_WORDS:
        return claim
    parts = [p.strip(" ,.;") for p in re.split(r"[,;]|\bso\b|\band then\b|\bwhich is\b|\bthat[’']?s\b|\bthat\b", claim)]
    for part in parts:
        if any(abs(q.value - given) <= 0.01 * max(abs(given), 1e-9) for q in quantities(spoken_to_digits(part))):
            return re.sub(r"^(?:(?:um+|uh+|like)\s+)+", "", part) or claim
    return claim


def _restates(previous_act: dict[str, Any], earlier: str, check: str, analysis: TurnAnalysis) -> bool:
    """The turn works out again, correctly, a figure of the claim the interviewer challenged (else of the
    candidate's turn before, ``earlier``), from the same inputs: the check (``check``, the interviewer's words)
    was wrong. Correct arithmetic about something else, the candidate moving on, concedes nothing."""
    act: Act | None = Act.model_validate(previous_act) if previous_act else None
    claims = []
    while act is not None:
        if act.kind == "challenge_arithmetic" and act.subject:
            claims.append(act.subject)
        act = act.secondary

    def numbers(text: str) -> list[float]:
        return [q.value for q in quantities(spoken_to_digits(text))]

    def among(value: float, values: list[float], share: float = 0.02) -> bool:
        return any(abs(value - v) <= share * max(abs(v), 1e-9) for v in values)

    challenged = [v for claim in claims or [earlier] for v in numbers(claim)]
    context = challenged + numbers(earlier) + numbers(check)
    said = numbers(analysis.text)
    if not analysis.arithmetic or not all(a.ok for a in analysis.arithmetic):
        return False
    said = [v for v in said if not among(v, _SECONDS_PER)]  # the clock's constants are in anyone's working
    restated = {v for v in said if among(v, challenged, 0.1)}  # the challenged figures, rounded
    shared = {v for v in said if among(v, context, 0.1)}
    results = [numbers(claim)[-1] for claim in claims if numbers(claim)]  # what each challenged claim came to
    if results and not any(among(r, said, 0.1) for r in results):
        return False  # building on to the inputs ("20 million times 3 MB") leaves the questioned result unsaid
    return bool(restated) and len(shared) >= 2  # a result with its inputs, not one number met by chance


_SECONDS_PER = [60.0, 3_600.0, 86_400.0, 100_000.0, 2_500_000.0, 2_600_000.0, 2_592_000.0, 30_000_000.0,
                31_536_000.0]  # a minute, hour, day (and "100K"), month, year in seconds: shared by any two rates


def _last_candidate(state: InterviewState, now: str) -> str:
    """The candidate's turn before this one (the transcript may already hold this one)."""
    turns = [t.content for t in state.get("transcript", []) if t.role == "candidate"]
    if turns and turns[-1] == now:
        turns.pop()
    return turns[-1] if turns else ""


_SELF_FIX = re.compile(r"\b(?:that'?s wrong|that was wrong|i was wrong|scratch that|my (?:mistake|bad)|i had an extra|extra zero|i was off|i made a|oops|good catch|"
                       r"you'?re right|i slipped|i dropped a|should have been|should be \d|i misspoke|let me fix|"
                       r"i added an? (?:extra )?zero|i (?:think i )?(?:divided|multiplied|did (?:that|it)) wrong|"
                       r"i messed (?:that|it) up|i got (?:that|it) wrong|let me (?:correct|redo|fix) (?:that|this|my|the)|"
                       r"correcting (?:that|myself|my)|(?:need|want|have) to correct|let me correct|i was out by|mistake (?:earlier|before|there|above))\b|"
                       r",\s*not \d[\d.,]*\s*(?:[kmgtp]b\b|\w*bytes?\b|million|billion|thousand|trillion|percent|%|k\b)|"
                       r"\d[\d.,]*\s*(?:[kmgtp]b\b|\w*bytes?\b|million|billion|thousand|trillion|percent|%|k\b|"
                       r"(?:a|per) (?:second|day)\b)[^.;,]{0,30},?"
                       r"\s*not \d", re.I)  # "about 91 terabytes, not 9": a figure put right; not "302, not 301"
_ROLES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("pub/sub layer", "queue", re.compile(r"\bpub[/ -]?sub\b|\bpublish\w*|\bfan[- ]?out to\b|\bbroadcast", re.I)),
    ("queue", "queue", re.compile(r"\bqueue\b|\bjob queue\b|\bworkers? pull\b", re.I)),
    ("lock service", "coordination", re.compile(r"\block(?:s|ing)?\b|\bleader election\b", re.I)),
    ("counter store", "cache", re.compile(r"\bcounters?\b|\btoken bucket\b|\brate limit", re.I)),
    ("geo index", "search", re.compile(r"\bgeo\w* (?:index|search|query|queries)\b|\bgeospatial\b|\bnearby search\b|"
                                      r"\bproximity\b", re.I)),
    ("session store", "cache", re.compile(r"\bsessions?\b", re.I)),
    ("leaderboard", "cache", re.compile(r"\bleaderboards?\b|\bsorted sets?\b|\branking\b", re.I)),
    ("cache", "cache", re.compile(r"\bcach\w*\b|\bhot (?:set|keys?|data)\b", re.I)),
)
_GENERIC_STEMS = frozenset(
    ["should", "would", "could", "focus", "cover", "include", "support", "scope", "feature", "features", "also", "just", "only", "need", "needs", "want", "think", "what", "which", "about", "there", "their", "this", "that", "with", "from", "into", "have", "does", "doing", "being", "core", "part", "parts", "things", "thing", "too", "either", "besides", "beyond", "other", "others"])


def conversion_hint(claim: str) -> str:
    """The seconds in the period the claim converts from: a hint that never gives the result away."""
    text = claim.lower()
    if re.search(r"\b(month|monthly|mo)\b", text):
        return "a month has about 2.6 million seconds, so divide the monthly figure by that"
    if re.search(r"\b(year|yearly|annual|annually|yr)\b", text):
        return "a year has about 30 million seconds, so divide the yearly figure by that"
    if re.search(r"\b(hour|hourly|hr)\b", text):
        return "an hour has 3,600 seconds, so divide the hourly figure by that"
    return "a day has 86,400 seconds, call it about 100K, so divide the daily figure by that"


class Decision(BaseModel):
    """The policy's output: the act, the phase after it, and what the state records."""

    act: Act
    phase: PhaseId
    covered: dict[str, Any]
    pending_pushbacks: list[str]
    warned: list[str]


# --- reading the conversation ---------------------------------------------------------------------


def named_technologies(kb: Knowledge, text: str) -> set[str]:
    """Technology ids named in a text (the interviewer's own turns: what it introduced is never pushed on)."""
    low = text.lower()
    return {tech_id for tech_id, names in kb.tech_names.items() if names.search(low)}


def _stems(text: str) -> set[str]:
    """Word stems, cut to five letters ("edited" and "editing" are one, "links" is "link")."""
    kept = " ".join(w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3 and w not in _GENERIC_STEMS)
    return {w[:5] for w in stems(kept)}


def scope_answer(card: ProblemCard, question: str, specific: bool) -> str | None:
    """What is in and out of scope, from the card's lists; for a specific item, only that item's status."""
    items = [*card.core_scope, *card.nice_to_have]
    counts: dict[str, int] = {}
    for item in items:
        for w in _stems(item):
            counts[w] = counts.get(w, 0) + 1
    common = {w for w, n in counts.items() if n >= max(2, len(items) // 3)}
    asked = _stems(question) - _stems(card.prompt) - common  # "link" in a link shortener names no one feature
    said = _stems(question) - _stems(card.prompt)

    def named(item: str) -> bool:  # most of a short item, or two of its words: "previews … link" is not "create a link"
        shared = _stems(item) & asked
        both = _stems(item) & said  # "likes and comments?" names "posts, likes and comments", though each of those
        # words is in another item too
        return len(shared) >= 2 or (len(shared) == 1 and len(_stems(item)) <= 3) or \
            len(both) >= 2 and 2 * len(both) >= len(_stems(item))

    core = [item for item in card.core_scope if named(item)]
    nice = [item for item in card.nice_to_have if named(item)]
    if core or nice:
        parts = []
        if core:
            parts.append("Yes, that's in scope: " + "; ".join(_lower(c) for c in core) + ".")
        if nice:
            parts.append("That's a nice-to-have, only if time allows: " + "; ".join(_lower(c) for c in nice) + ".")
        return " ".join(parts)
    if specific:
        return None
    text = "The core is: " + "; ".join(_lower(c) for c in card.core_scope) + "."
    if card.nice_to_have:
        text += " Nice to have if there's time: " + "; ".join(_lower(c) for c in card.nice_to_have) + "."
    return text


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2].isupper() is False else text


def _card_text(card: ProblemCard) -> str:
    return " ".join([card.prompt, *card.core_scope, *card.components, *(d.topic for d in card.deep_dives)])


def _category(kb: Knowledge, tech_id: str) -> str | None:
    tech = kb.technologies.get(tech_id)
    return tech.category if tech else None


def _role(kb: Knowledge, mention: TechMention) -> str | None:
    """The role a technology plays in its sentence when that is not its usual one (Redis as pub/sub)."""
    tech = kb.technologies.get(mention.tech_id)
    if tech is None or tech.category not in ("database", "cache", "queue", "search", "coordination"):
        return None
    near = _clause_of(mention.quote, mention.name)  # "config lives in Postgres, cached in each server": no cache
    for role, category, rule in _ROLES:
        if rule.search(near):
            return role if category != tech.category else None
    return None


_VERSUS = re.compile(r"(?:\b(?:rather than|instead of|and not|versus|vs\.?|over)|"
                     r"\bor(?=\s+(?:a |an |the )?[\w-]+(?: [\w-]+)?\s*\?))"  # "Kafka or RabbitMQ?": the other one
                     r"\s+(?:a |an |the |just )?([\w-]+(?: [\w-]+)?)", re.I)


def _compared(kb: Knowledge, question: str) -> set[str]:
    """The products a question holds up as the alternative ("…rather than Memcached?"): not a piece it presumes."""
    return {t for m in _VERSUS.finditer(question) for t in named_technologies(kb, m.group(1))}


def _in_their_stack(kb: Knowledge, question: str, chosen: list[str]) -> str:
    """A card scenario naming the card's usual technology, said with the one the candidate chose for that job
    ("The Redis cache cluster goes down" to a candidate who chose Memcached)."""
    compared = _compared(kb, question)
    for tech_id in sorted(named_technologies(kb, question)):  # sorted: the same words on every run
        category = _category(kb, tech_id)
        if tech_id in chosen or category in (None, "technique", "protocol") or tech_id in compared:
            continue
        theirs = list(dict.fromkeys(t for t in chosen if _category(kb, t) == category))
        if len(theirs) != 1:
            continue
        tech, mine = kb.technologies[tech_id], kb.technologies[theirs[0]]
        if theirs[0] in compared:  # "Redis … rather than Memcached?" to one who chose Memcached: the other way round
            question = _swap(question, [tech.name, *tech.aliases], [mine.name, *mine.aliases],
                             re.sub(r"^Apache ", "", tech_name(kb, theirs[0])), re.sub(r"^Apache ", "", tech_name(kb, tech_id)))
            continue
        if any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", question, re.I) for n in {mine.name, *mine.aliases}):
            continue  # "Kafka or RabbitMQ?" with Kafka said as theirs already: RabbitMQ stays the alternative
        for name in sorted({tech.name, *tech.aliases}, key=len, reverse=True):
            pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.I)
            if pattern.search(question):
                question = pattern.sub(re.sub(r"^Apache ", "", tech_name(kb, theirs[0])), question, count=1)
                break
    return question


def _swap(question: str, first: list[str], second: list[str], first_to: str, second_to: str) -> str:
    """Each of two products' names replaced by the other's, in one pass."""
    names = sorted({*first, *second}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", re.I)
    lowered = {n.lower() for n in first}
    return pattern.sub(lambda m: first_to if m.group(1).lower() in lowered else second_to, question)


_KIND_WORDS = {"cache": r"cach", "database": r"database|\bdb\b|\bstore\b|table", "queue": r"queue|stream|broker|\blog\b",
               "storage": r"object|blob|storage|bucket", "search": r"search|index"}


_KIND_NOUN = {"cache": "cache", "database": "database", "queue": "queue", "storage": "object store", "search": "search index"}
_NOUN_KIND = {noun: category for category, noun in _KIND_NOUN.items()}  # "search index" -> "search"


def _unnamed(kb: Knowledge, question: str, foreign: list[str], components: list[str]) -> tuple[str, list[str]]:
    """A scenario's product name dropped where the candidate has that kind of piece without naming a product
    ("The Redis cache cluster goes down" -> "The cache cluster goes down"); the rest stay foreign."""
    left: list[str] = []
    said = " ".join(components).lower()
    for tech_id in foreign:
        words = _KIND_WORDS.get(_category(kb, tech_id) or "")
        tech = kb.technologies[tech_id]
        names = sorted({tech.name, *tech.aliases}, key=len, reverse=True)
        found = next((n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", question, re.I)), None)
        if words and found and re.search(words, said):
            kind = _KIND_NOUN.get(_category(kb, tech_id) or "", "store")
            named = re.search(rf"(?<![\w-]){re.escape(found)}\s+(\w+)", question, re.I)
            if named and re.match(_KIND_WORDS.get(_category(kb, tech_id) or "", "$^") + r"|cluster|node|shard|primary",
                                  named.group(1), re.I):  # "the Redis cache cluster" -> "the cache cluster"
                question = re.sub(rf"(?<![\w-]){re.escape(found)}\s+", "", question, count=1, flags=re.I)
            else:  # "Redis restarts empty" -> "The cache restarts empty"
                article = re.search(rf"(?<![\w-])(the|a|an)\s+{re.escape(found)}(?![\w-])", question, re.I)
                question = re.sub(rf"(?<![\w-])(?:(?:the|a|an)\s+)?{re.escape(found)}(?![\w-])",
                                  f"{article.group(1) if article else 'the'} {kind}", question, count=1, flags=re.I)
                # "The Redis instance crashes" -> "The cache instance crashes", not "The the cache instance"
                question = question[:1].upper() + question[1:]
            continue
        left.append(tech_id)
    return question, left


def _spoken_name(kb: Knowledge, tech_id: str, mention: TechMention | None) -> str:
    """The product as the candidate named it when that is another product of the same family ("ScyllaDB" is
    not to be called "Cassandra"); the usual name for spellings of the same one ("Postgres", "PG")."""
    usual = tech_name(kb, tech_id)
    said = (mention.name if mention else "").strip()
    kind = _STORE_KINDS.get(said.lower())
    if kind:
        return kind  # "a wide-column store": a kind of store, not a product to name for them
    a, b = said.lower().replace(" ", ""), usual.lower().replace(" ", "")
    product = said[:1].isupper() or (" " not in said and said.lower() not in _PLAIN_WORDS)  # "etcd" too
    if len(said) >= 4 and product and a not in b and b not in a and not b.endswith(a):
        return said
    if re.fullmatch(r"[A-Z0-9]{2,5}", said) and len(usual.split()) >= 2:
        return said  # "CDN", not "Content Delivery Network"
    return usual


_AGAINST = re.compile(r"\b(?:beyond|more than|too (?:much|many|slow|big)|wrong tool|not|no|never|n't|can'?t|cannot|"
                      r"won'?t|instead of|rather than|overkill|breaks?|falls? over|chokes?)\b", re.I)


def _hedged(m: TechMention, analysis: TurnAnalysis) -> bool:
    """Named as one of two open options in its sentence ("DynamoDB with condition writes or sharded Aurora")."""
    others = [o.name for o in analysis.technologies if o.quote == m.quote and o.tech_id != m.tech_id]
    a = m.quote.lower().find(m.name.lower())
    after = m.quote[a + len(m.name) :] if a >= 0 else ""
    if re.match(r"^(?:\s+[a-z]+){0,4},?\s+or\s+(?:[a-z]+\s+){0,2}[A-Z][A-Za-z0-9]+", after):
        return True  # "…DynamoDB with condition expressions or sharded Aurora": a product the index does not know
    for name in others:
        b = m.quote.lower().find(name.lower())
        if a < 0 or b < 0:
            continue
        between = m.quote[min(a, b) : max(a, b)]
        if re.search(r"\bor\b", between, re.I) and len(between.split()) <= 8 and \
                not re.search(r"\b(?:not|no|rather than|instead of|over)\b", between, re.I):
            return True
    return False


def _their_words(t: TechMention, proper: str | None = None) -> str | None:
    """The candidate's clause naming the technology, said back to them ("preferences live in a DynamoDB table"); a
    name as speech-to-text wrote it ("my sequel") is said as ``proper``, the product's name, when given."""
    clause = _clause_of(t.quote, t.name).strip(" .,;:!?")
    if proper:
        clause = re.sub(rf"(?<!\w){re.escape(t.name)}(?!\w)", proper, clause, flags=re.I)
    clause = re.sub(r"^(?:and|so|then|but|also|um|uh|like|i think|i'd say|well)\s+", "", clause, flags=re.I)
    n = len(clause.split())
    if not 4 <= n <= 16 or re.search(r"[?\"]|\byou\b", clause, re.I) or _AGAINST.search(clause):
        return None  # a clause against it ("beyond what a single Postgres handles") is no reason they chose it
    first = clause.split()[0]
    keep = first.isupper() or first in ("I", "I'd", "I'm", "I'll") or any(c.isupper() for c in first[1:])
    clause = clause if keep else clause[:1].lower() + clause[1:]
    said = re.sub(r"\b(?:I|I'd|I'm|I'll|i|i'd|i'm|i'll|we|we'd|we'll|my|our)\b",  # spoken: "i'd" too
                  lambda m: {"i": "you", "i'd": "you'd", "i'm": "you're", "i'll": "you'll", "we": "you",
                             "we'd": "you'd", "we'll": "you'll", "my": "your", "our": "your"}[m.group(0).lower()], clause)
    return re.sub(r"\byou (was|am)\b", lambda m: "you were" if m.group(1) == "was" else "you are", said)  # "i was
    # thinking…": "you were thinking…"


def _clause_of(sentence: str, name: str) -> str:
    """The clause of ``sentence`` that names ``name`` (split at punctuation and joining words)."""
    parts = re.split(r"[;:()]|,(?!\d{3}\b)|\s(?:but|while|whereas|so|because|and then|which)\s", sentence)  # 60,000 whole
    return next((p for p in parts if name.lower() in p.lower()), sentence)


_WHY_BEFORE = re.compile(r"\b(?:because|since|needs?|rather|than|where|so that|otherwise|given|requires?|must)\b", re.I)
_CONCLUDES = re.compile(r"^\W*(?:so|hence|therefore|thus|that'?s why|which is why|that is why)\b", re.I)


_DATABASE_CHOICE = re.compile(r"\bsql or nosql\b|\bwhich (?:database|datastore|data store|db)\b|\brelational or\b",
                              re.I)
_ABOUT_SCOPE = re.compile(r"\bscop|\brequirements\b", re.I)
_KEYED = re.compile(r"\b(?:shard|partition)\w*\s+(?:it |them |everything |the \w+ |each \w+ )?(?:by|on)\s+(?:the )?\w+|"
                    r"\bkeyed (?:by|on)\b|\b(?:shard|partition)(?:ing)? key\b|\bhash(?:ed)? (?:on|of|by) (?:the )?\w+", re.I)


def _near(sentence: str, name: str) -> str:
    """Around the name in a long run-on sentence (a "so it's always fresh" 300 characters on is another piece's
    reason); a sentence of ordinary length whole."""
    at = sentence.lower().find(name.lower())
    if len(sentence.split()) < LONG_SENTENCE or at < 0:
        return sentence
    return sentence[max(0, at - 80) : at + len(name) + 160]


LONG_SENTENCE = 40  # words


def _justified_here(t: TechMention, analysis: TurnAnalysis) -> bool:
    """A reason in this turn: a "because" that is no slogan, a number in the same sentence, the technology named
    while handling a failure or weighing a trade-off, a reason in the next sentence, or a few names in a turn
    that sizes things."""
    own = _own_clause(t)  # in a list of pieces ("A for x; B for y, so z"), a reason belongs to its own piece
    if t.justified or _SIZING.search(spoken_to_digits(own)) or _HYPOTHETICAL.search(t.quote) or _IN_PLACE.search(own):
        return True
    if _SLOGAN_ONLY.search(t.quote) and not re.search(r"\d", t.quote):
        return False
    if t.tech_id in ("sharding", "consistent-hashing") and _KEYED.search(t.quote):
        return True  # "sharded by region": the key is the decision the pushback would ask for
    if _CONCLUDES.match(t.quote) and _WHY_BEFORE.search(_previous_sentence(analysis.text, t.quote)):
        return True  # "…I'd rather be in a relational database where that's routine. So PostgreSQL for orders."
    following = _next_sentence(analysis.text, t.quote)
    listed = own != t.quote
    if _REASON.search(_near(own, t.name)) or (not listed and not _names_other(analysis, t, following) and _REASON.search(following)
                               and not (_GENERIC_CLAIM.search(following) and not re.search(r"\d", following))):
        return True  # "It scales horizontally" after it is a slogan, not this system's reason
    again = [x for x in re.split(r"(?<=[.!?])\s+", analysis.text) if x != t.quote and t.name.lower() in x.lower()]
    if any(_REASON.search(x) and not _names_other(analysis, t, x) for x in again):
        return True  # named again later in the turn, with its reason
    failures = {q for q in analysis.failure_modes if _FAILURE_EVENT.search(q)}
    if t.quote in failures | set(analysis.trade_offs) | set(analysis.scoping):
        return True
    before = _previous_sentence(analysis.text, t.quote)
    after = _next_sentence(analysis.text, following) if following else ""
    if not listed and after and _REASON.search(after) and not _names_other(analysis, t, following) and \
            not _names_other(analysis, t, after) and not _GENERIC_CLAIM.search(after):
        return True  # "…is this a CRDT: effectively yes. What I described is a grow-only counter… That's the property
        # that makes duplicates harmless, which matters because…": the reason two sentences on, about the same piece
    near = [x for x in (before, following, after) if x and not _names_other(analysis, t, x)]
    return any(_SIZING.search(x) for x in near) and not _SLOGAN_ONLY.search(t.quote)


_GENERIC_CLAIM = re.compile(r"\b(?:faster|fast|quicker|speed|performance|performant|scal\w+|industry standard|"
                            r"best practice|everyone|everybody|every \w+|always|standard|common(?:ly)?|usual(?:ly)?|"
                            r"typical(?:ly)?|robust|future[- ]proof|in case|just to be safe)\b", re.I)


def _sized(t: TechMention, analysis: TurnAnalysis) -> bool:
    """The technology comes with this system's numbers (in its own clause or the sentences around it)."""
    if _SIZING.search(spoken_to_digits(_own_clause(t))):
        return True
    near = [_previous_sentence(analysis.text, t.quote), _next_sentence(analysis.text, t.quote)]
    return any(x and _SIZING.search(spoken_to_digits(x)) and not _names_other(analysis, t, x) for x in near)


def _own_clause(t: TechMention) -> str:
    """The semicolon-separated piece of the sentence that names the technology (the whole sentence otherwise)."""
    pieces = [p for p in re.split(r";\s*", t.quote) if p.strip()]
    if len(pieces) < 2:
        return t.quote
    named = [p for p in pieces if t.name.lower() in p.lower()]
    return named[0] if len(named) == 1 else t.quote


_SIZING = re.compile(r"\d{1,3}(?:,\d{3})+\s+[a-z]+s\b|\d{3,}\s+[a-z]+s\b|"
                     r"\d[\d,.]*\s*(?:k|m|b|million|billion|thousand)?\s*(?:(?:[a-z]+\s){0,2}(?:a|per|/)\s*(?:second|sec|s|"
                     r"minute|day|month)\b|[kmgtp]i?b\b|(?:kilo|mega|giga|tera|peta|exa)?bytes?\b|qps\b|rps\b|(?:[a-z]+\s)?(?:requests|writes|reads|users|"
                     r"connections|messages|events|keys|rows)\b)", re.I)


def _names_other(analysis: TurnAnalysis, t: TechMention, sentence: str) -> bool:
    """The sentence names another product (a technique such as replicas or sharding does not count)."""
    return any(o.tech_id != t.tech_id and o.name.lower() in sentence.lower() and o.tech_id not in _TECHNIQUES
               for o in analysis.technologies)


_TECHNIQUES = {"read-replicas", "sharding", "consistent-hashing", "circuit-breaker", "bloom-filter", "geohash",
               "cqrs-event-sourcing", "microservices"}


def _previous_sentence(text: str, quote: str) -> str:
    at = text.find(quote)
    if at <= 0:
        return ""
    parts = re.split(r"(?<=[.!?])\s+", text[:at].strip())
    return parts[-1] if parts else ""


def _next_sentence(text: str, quote: str) -> str:
    at = text.find(quote)
    if at < 0:
        return ""
    rest = text[at + len(quote) :].strip()
    return re.split(r"(?<=[.!?])\s+", rest, maxsplit=1)[0] if rest else ""


_FAILURE_EVENT = re.compile(r"\b(?:fail\w*|goes down|go down|crash\w*|dies|outages?|unavailable|unreachable|is lost|"
                            r"takes? over|fall(?:s)? back|failover|partition(?:ed)?)\b", re.I)


_SLOGAN_ONLY = re.compile(r"\b(?:scales? horizontally|web[- ]scale|industry standard|everyone uses|(?:no)?sql (?:databases? )?"
                          r"(?:do(?:es)?n'?t |don'?t |do not )?scales?|so (?:the )?\w+ (?:is|are) (?:fast|quick|snappy|faster)|"
                          r"(?:for|because of) (?:speed|performance)|(?:it'?s|is) (?:fast|faster|quick))\b", re.I)


def _asked_in_words(card: ProblemCard, said: list[str]) -> list[str]:
    """Card questions the interviewer already put, found in its own words (whoever chose them)."""
    text = " ".join(said).lower()
    tags = [f"twist:{n}" for n, q in enumerate(card.scale_twists) if q[:48].lower() in text]
    tags += [f"failure:{n}" for n, q in enumerate(card.failure_questions) if q[:48].lower() in text]
    tags += [f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p, q in enumerate(dive.probes)
             if q[:48].lower() in text]
    questions = " ".join(s for turn in said for s in re.split(r"(?<=[.!?])\s+", turn) if s.endswith("?"))
    return tags + company_kinds(questions)


def _introduced(kb: Knowledge, covered: Coverage, said: list[str], analysis: TurnAnalysis) -> set[str]:
    """Technologies the interviewer named before the candidate did ("20 API servers behind a load balancer").

    Kept up turn by turn: only the interviewer's latest turn is read, against what the candidate had named.
    """
    introduced = set(covered.get("introduced", []))
    candidate = set(covered.get("technologies", {})) | set(covered.get("dropped", []))
    if said:
        introduced |= named_technologies(kb, said[-1]) - candidate
    return introduced


def _said(state: InterviewState) -> list[str]:
    return [t.content for t in state.get("transcript", []) if t.role == "interviewer"]


_ROUTINE = re.compile(  # questions that only hand the turn back: never the one to repeat
    r"\b(?:does that (?:answer|help|settle|give)|what else|anything else|is there more|how would you like to start|"
    r"over to you|any questions|carry on|go on|keep going)\b", re.I)


def _last_question(said: list[str]) -> str | None:
    """The interviewer's most recent real question, with the sentence that sets it up ("X fails. What then?")."""
    for turn in reversed(said[-3:]):
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", turn.strip()) if s]
        for k in range(len(sentences) - 1, -1, -1):
            if sentences[k].endswith("?") and not _ROUTINE.search(sentences[k]):
                setup = sentences[k - 1] if k and not sentences[k - 1].endswith("?") and \
                    len(sentences[k - 1].split()) >= 5 and not sentences[k - 1].endswith(":") else ""
                scenario = setup and not re.match(r"(?:ok|good|right|thanks|sure|we're|we have|as i said)\b", setup, re.I)
                return f"{setup} {sentences[k]}".strip() if scenario else sentences[k]
    return None


# --- the policy ---------------------------------------------------------------------------------


def open_act(card: ProblemCard) -> Act:
    return Act(kind="open", phase="requirements", question=card.prompt)


def close_act(state: InterviewState, kb: Knowledge) -> Decision:
    """The closing turn when the interview ends (by the candidate, the caller or the end of a replay)."""
    covered: Coverage = state.get("covered", {}) or {}
    asked = list(covered.get("asked", []))
    company = state.get("company", "google")
    act = Act(kind="close", phase="wrap_up")
    if company in ("amazon", "startup") and not any(t.startswith("company:") for t in asked):
        components = list(covered.get("components", []))
        found = company_ask(kb, company, asked, set(covered.get("covered_items", [])), components[0] if components else None)
        if found:
            act.question, act.tag = found
    if state.get("phase") != "wrap_up":
        act.transition = None  # the closing line itself says we stop
    left = int(state.get("format_minutes", 45)) - float(state.get("minute", 0.0))
    if left >= 5:  # ended early by the candidate: say so plainly, with no new question they cannot answer
        said = _said(state)
        wrapping = state.get("phase") == "wrap_up"  # we were closing already: the early end is the round's, not theirs
        act.transition = (f"We're finishing about {round(left)} minutes early" if wrapping else
                          f"You've stopped about {round(left)} minutes early") + (
            ", so we'll leave my last question open." if said and said[-1].rstrip().endswith("?") and
            not _ROUTINE.search(re.split(r"(?<=[.!?])\s+", said[-1].strip())[-1]) else ".")  # not "anything else?"
    update: dict[str, Any] = {"acts": ["close"], "asked": [act.tag] if act.tag else []}
    owed = list(covered.get("owed", []))
    if owed and not covered.get("questions_answered"):  # "happy to answer that at the end": the end is here
        act.notes.append(_OWED_AT_CLOSE.format(question=owed[0].strip()))
        update["questions_answered"] = True
    return Decision(act=act, phase="wrap_up", covered=update, pending_pushbacks=[], warned=state.get("warned", []))


_OWED_AT_CLOSE = ("You asked earlier: \"{question}\" I'm only playing the interviewer here, so I won't invent an "
                  "answer; ask it in your real rounds.")


def _already_at(twist: str, figures: list[str]) -> bool:
    """A growth twist to a head count the candidate already designs for (within :data:`TWIST_REACHED`): no change."""
    grown = [q.value for q in people_figures(twist) if q.kind == "users"]
    theirs = [q.value for text in figures for q in people_figures(text) if q.kind == "users"]
    return bool(grown) and any(v * TWIST_REACHED >= max(grown) for v in theirs)


_VOLUME_TOPICS = frozenset({"traffic", "users", "data_size", "read_write_ratio", "growth"})


def _topic_of(card: ProblemCard, answer: str, default: str = "") -> str:
    """The topic of the card fact an answer gives (by its opening words), else ``default``."""
    return next((f.topic for f in card.hidden_facts if f.answer[:30] in answer or answer[:30] in f.answer), default)


_UNSURE_OF = re.compile(r"\b(?:unsure|not (?:so |very |too )?sure|least sure|shak(?:y|iest)|weak(?:est)?|struggled|"
                        r"less confident|least confident)\s+(?:on|about|with|in)\s+(?:the\s+)?(?P<part>[\w -]{3,40}?"
                        r"(?:\s+part)?)\s*(?:[.,;!?]|$)", re.I)  # "I felt least sure about the broadcast part"
_FEEDBACK_ASK = re.compile(  # their own round, asked about at the end: answered from it, not "ask a real team"
    r"\b(?:feedback|how (?:did|am) i (?:do|doing)|(?:should|could|would) (?:i|you have wanted me to) (?:have )?(?:done|"
    r"do|scoped?|read|study|practi[cs]e|improve|work on)\b|(?:suggest|recommend)\b[^?]{0,20}\b(?:read|study|look at|"
    r"practi[cs]e|work on)|read (?:more )?(?:about|up on)|differently\b|what (?:was|were) (?:my )?weak)", re.I)


def _plain_push(asked: list[str], covered: set[str]) -> Act | None:
    """The first push not yet put whose ground they have not covered (growth, cost), else None."""
    for tag, ground, question in PLAIN_PUSHES:
        if tag not in asked and (ground is None or (ground not in asked and ground not in covered)):
            return Act(kind="depth_probe", phase="deep_dive", tag=tag, question=question)
    return None


_STUCK_HERE = re.compile(r"\b(?:stuck|lost|blanking) (?:on|with) (?:this|that|it)\b|\b(?:on|for|with) (?:this|that) "
                         r"one\b|\b(?:answer|solution|normal way|usual way|right way)\b[^.?!]{0,20}\b(?:for|to) "
                         r"(?:this|that|it)\b", re.I)
SCOPE_NEAR = 0.1  # a scope question's match to the card's features fact this close to its best match: the features
_SUPPOSED_GROWTH = re.compile(  # our question supposes growth: the figures in the answer are supposed, not the base
    r"\b(?:\d+ ?x|\d+ times|ten ?times|grows?|growth|doubles?|triples?|outgrow\w*|stop(?:s)? being enough|"
    r"at what point|how far (?:does|would|can)|(?:where|when) (?:does|would) (?:it|this|that|the design) (?:break|"
    r"give|fall over|stop))\b", re.I)
TWIST_REACHED = 5.0  # 500 million a day against "2 billion users": the same scale, active against registered
_INSTEAD = re.compile(r"\b(?:an? |the )?([a-z][a-z-]{3,}) [a-z]+ instead of (?:an? |the )?([a-z][a-z-]{3,})\b", re.I)
BUILT_SENTENCES = 3  # sentences of theirs using the twist's new way before it counts as already their design


def _already_built(twist: str, heard: list[str]) -> bool:
    """A twist asking for one way instead of another ("Product wants a ranked feed instead of a chronological
    one") when the candidate's own sentences already build that way, again and again (ranking, ranked)."""
    found = _INSTEAD.search(twist)
    if found is None:
        return False
    new_way = stems(found.group(1))
    if not new_way or new_way & stems(found.group(2)):
        return False
    return sum(1 for s in heard if new_way & stems(s)) >= BUILT_SENTENCES


def _their_sizes(question: str, figures: list[str]) -> str:
    """A card question quoting the card's own data size ("How do you spread 18 TB across machines?") said with the
    size the candidate worked out instead, when theirs is of another order ("180 TB"): we talk about their design."""
    theirs = [f.figure for text in figures for f in parse_figures(text) if f.figure.unit == "bytes" and f.figure.value > 0]
    if not theirs:
        return question
    for found in reversed(parse_figures(question)):
        card = found.figure
        if card.unit != "bytes" or card.value <= 0 or any(1 / SIZE_ORDER <= f.value / card.value <= SIZE_ORDER for f in theirs):
            continue
        kin = [f for f in theirs if 1 / 1000 <= f.value / card.value <= 1000]  # a total, not a record's size
        if kin:
            near = min(kin, key=lambda f: abs(math.log(f.value / card.value)))
            question = question[:found.start] + near.text + question[found.end:]
    return question


SIZE_ORDER = 2.5  # a size within this of the card's is the same figure, rounded another way


def _asked_about(mention: TechMention, analysis: TurnAnalysis) -> bool:
    """The technology is named only in a question to us ("do we run our own CDN or a third-party one?"): asked
    about, not proposed."""
    quote = " ".join(mention.quote.split()).lower()
    return bool(quote) and any(quote in " ".join(q.split()).lower() for q in analysis.questions)


def _answers_itself(text: str, question: str, asked: list[str]) -> bool:
    """The question is followed, in the same turn, by a long stretch of the candidate's own reasoning and no
    further question put to us (``asked``: the turn's questions; "i think separate is better?" is their own
    reading said with a rising voice): a question put to themselves."""
    at = text.find(question)
    after = text[at + len(question):] if at >= 0 else ""
    later = any(a != question and text.find(a) > at for a in asked)
    return not later and len(after.split()) >= SELF_ANSWER_WORDS and bool(_OWN_ANSWER.search(after)) \
        and not _WHY_ASKING.search(after)  # "that determines whether…": why they ask us, not their own answer


_OWN_ANSWER = re.compile(r"\b(?:i'?d|i will|i'll|let'?s|we'll|we'd|we can|we could|i think|probably|my guess|i'd say|"
                         r"i'?m going to|i'll go with|i would|assum\w*|so (?:we|i)|the answer|yes|no)\b", re.I)
_WHY_ASKING = re.compile(r"^\W*(?:because|cause|since|'cause)\b|"  # "Do we need GDPR? Because if a user deletes…": why they ask
                         r"\b(?:that|this|it|the answer) (?:determines|decides|changes|matters|drives|affects|tells me)\b|"
                         r"\bi(?:'m| am) asking because\b|\bwhich is why i ask\b", re.I)


SELF_ANSWER_WORDS = 20
CARD_ANSWERS = 0.9  # a card fact this close to a question they answer themselves is told all the same


def _answers(
    state: InterviewState, analysis: TurnAnalysis, card: ProblemCard, covered: Coverage
) -> tuple[list[str], list[str], list[str], list[str]]:
    """(answers, numeric topics to assume, requirement questions that are the candidate's call, those of them the
    candidate already settled with a stated assumption), per question."""
    answers: list[str] = []
    assume: list[str] = []
    your_call: list[str] = []
    assumed: list[str] = []
    if not analysis.asks:  # an analysis without question kinds (hand-built or read elsewhere): topics only
        facts, silent = facts_for(card, analysis)
        if analysis.questions and not analysis.fact_topics and not facts:
            silent = ["other"]
        return facts, silent, [], []
    for ask in analysis.asks:
        if ask.kind in ("meta", "off_topic"):
            continue
        hits = [h for h in analysis.fact_hits if h.question == ask.text]
        outright = any(h.score >= (CARD_ANSWERS if h.fact is not None else KEYWORD_SCORE) and
                       any(f.topic == h.topic for f in card.hidden_facts) for h in hits)
        if ask.kind == "yesno" and not outright and _FIGURES_CHECK.search(ask.text):
            continue  # "does that math look reasonable?" is answered by checking their figures, not as "your call"
        if (ask.kind == "yesno" or ask.kind == "fact" and not ask.numeric) and not outright and \
                _assumes_after(analysis.text, ask.text):
            assumed.append(ask.text)  # "…acceptable? I'm assuming yes, since…": theirs to settle, put to us to confirm
            continue
        if (ask.kind in ("yesno", "scope") or ask.kind == "fact" and not ask.numeric and not hits) and not outright and \
                not SKIP_ASK.search(ask.text) and _answers_itself(analysis.text, ask.text, [a.text for a in analysis.asks]):
            continue  # "Do we actually need the cache? The store alone could…", "So how do replicas learn about
            # edits? Simplest version: each polls…" (no card fact near it): thinking aloud, not asking us;
            # a question the card answers outright is answered, whatever they guess ("is a few seconds stale ok? I'd
            # say yes")
        one = analysis.model_copy(update={"questions": [ask.text], "fact_hits": hits,
                                          "fact_topics": list(dict.fromkeys(h.topic for h in hits))})
        facts, _silent = facts_for(card, one)
        parts = max(1 + len(re.findall(r",\s*(?!or\b)(?:and\s+)?|\s+and\s+(?=(?:what|how|do|does|is|are|will|should|can|which)\b)",
                                       ask.text, re.I)),  # ", or does it just…": one question, two alternatives
                    len(question_parts(normalise(ask.text))))  # spoken: "…global and uh how many rides"
        if len(ask.text.split()) >= RUN_ON_WORDS:  # a spoken run-on asks for each topic it names outright, once
            parts = max(parts, len({h.topic for h in hits if h.fact is None and h.score >= KEYWORD_SCORE and
                                    any(f.topic == h.topic for f in card.hidden_facts)}))
            facts = [a for k, a in enumerate(facts)
                     if _topic_of(card, a, a) not in {_topic_of(card, b, b) for b in facts[:k]}]
        if ask.kind == "scope" and RESTATED.search(core(normalise(ask.text))):
            parts = 1  # "so it's a dashboard where people see metrics, time off, …, right?": one ask, the scope
        given = set(covered.get("answers", []))
        strong = {card.hidden_facts[h.fact].answer for h in hits if h.fact is not None and h.score >= REPEAT_MATCH}
        strong |= {f.answer for h in hits if h.fact is None and h.score >= REPEAT_TOPIC and h.topic not in _BROAD
                   for f in card.hidden_facts if f.topic == h.topic}  # "Number of employees." again: the topic itself
        facts = [a for a in facts if a not in given or a in strong]  # "as I said" only for the very same question
        unsaid = [a for a in facts if not any(a in g for g in given)]
        facts = facts[: min(parts, 4 if ask.numeric else 3)]  # one fact per part asked: nothing it did not ask for
        features = [f.answer for f in card.hidden_facts if f.topic == "features"]
        scoped_fact = [a for a in facts if any(a.startswith(x[:40]) for x in features)]
        specific = scope_answer(card, ask.text, specific=True) if ask.kind == "scope" else None
        if ask.kind == "scope" and SKIP_ASK.search(ask.text) and not outright and specific is None:
            assumed.append(ask.text)  # "is it ok that i'm not talking about caching…": a piece of their design left
            continue  # out, not a feature of the problem: theirs to settle
        if ask.kind == "scope":
            restated = bool(RESTATED.search(core(normalise(ask.text))))  # the problem put back for a nod: the scope
            general = None if facts and not restated and not re.search(r"\bscope\b|\bfeatures\b", ask.text, re.I) \
                else scope_answer(card, ask.text, specific=False)
            best = max((h.score for h in hits), default=0.0)
            feature_hits = [card.hidden_facts[h.fact].answer for h in hits if h.fact is not None and
                            card.hidden_facts[h.fact].topic == "features" and h.score >= best - SCOPE_NEAR]
            # the card's own words on scope first, then its lists ("are we doing upload and sharing, or also face
            # search?" is answered with what is in scope, not the upload volume the same words brush against)
            found = scoped_fact or feature_hits[:1] or ([specific] if specific else ([general] if general else facts))
            fresh = [a for a in unsaid if a not in found]
            if found and all(any(a in g for g in given) for a in found) and fresh:  # "custom aliases yes but optional, and analytics
                found = fresh  # like click counts, is that in scope?": the part not answered yet, not the scope again
            if specific and SKIP_ASK.search(ask.text):
                found = [specific]  # "is it fine to skip payments?": that item's place, not the whole scope again
            if parts > 2:  # "aliases, expiry and analytics, or just shorten?": a fact for each other part asked too;
                # a volume only when a number was asked ("upload, view and sharing" names features, not upload rates)
                found = (found + [a for a in facts if a not in found and a not in scoped_fact and
                                  (ask.numeric or _topic_of(card, a) not in _VOLUME_TOPICS)])[:min(parts, 3)]
        elif ask.kind == "yesno":
            scoped = scope_answer(card, ask.text, specific=True) if _ASKS_SCOPE.search(ask.text) else None
            if scoped and _EITHER_OR.search(ask.text):  # "does it wait, or just need an ack?": no "yes" to an either-or
                scoped = scoped.replace("Yes, that's in scope: ", "In scope: ")
            first = scoped_fact or ([scoped] if scoped else [])
            # "do we need aliases, expiry and analytics?": the scope, and a fact for each other part asked
            found = (first + [a for a in facts if a not in first])[:max(2, min(parts, 3))] if parts > 2 else \
                scoped_fact or (([scoped] if scoped else []) + facts)[:2]
        else:
            found = facts
        if not found and not ask.numeric and STACK_ASK.search(normalise(ask.text)):
            found = [STACK_ANSWER]  # "do you folks use a managed Postgres already?": what there is to build on
        elif PRIVACY_ASK.search(ask.text) and not any(_PRIVACY_TOLD.search(a) for a in found) and \
                not re.search(r"\d", ask.text):  # "…gone from every copy within 30 days?": a term of their own to assume
            found = [PRIVACY_ANSWER]  # "do we need GDPR or data residency?" with no privacy fact on the card: the
            # usual rules, not a fact on another topic nor "your call"
        elif not found and ask.kind != "scope":
            (assume if ask.numeric else your_call).append(ask.text)
        answers.extend(a for a in found if a not in answers)
    told = set(_content_words(" ".join(answers)))
    your_call = [q for q in your_call if len(set(_content_words(q)) & told) < _TOLD_WORDS]  # "mostly password
    # resets, or marketing blasts?" after "…for things like password resets, order updates and marketing": told
    checking = any(a.kind == "meta" and a.meta == "check" for a in analysis.asks)
    if checking and analysis.scoping and state.get("phase", "requirements") == "requirements":
        features = [f.answer for f in card.hidden_facts if f.topic == "features"][:1]  # "I'd skip X. Sound good?"
        answers.extend(a for a in features if a not in answers and a not in covered.get("answers", []))
    return answers, assume, your_call, assumed


PRIVACY_ANSWER = ("The usual privacy rules apply: people can ask for their personal data to be deleted, and we don't "
                  "collect more than the product needs. There's no data-residency requirement for now.")
_PRIVACY_TOLD = re.compile(r"\bprivacy\b|\bgdpr\b|\bpersonal data\b|\bresiden\w*|\bdelet\w*|\bcomplian\w*", re.I)

STACK_ANSWER = ("Assume a major cloud: managed databases, queues and containers are there if you want them. Pick "
                "what fits and say why.")
_TOLD_WORDS = 3  # a question sharing this many content words with the facts just given was answered by them


def _content_words(text: str) -> list[str]:
    return [w[:6] for w in re.findall(r"[a-z]{5,}", text.lower()) if w not in ("about", "there", "which", "would",
                                                                           "should", "their", "these", "those")]


def _assumes_after(text: str, question: str) -> bool:
    """The question is followed at once by the candidate's own answer stated as an assumption ("Is it acceptable to
    publish the low renditions first? I'm assuming yes, since…"): a requirement put to us to confirm."""
    at = text.find(question)
    if at > 0 and UNLESS_YOU.match(core(normalise(question))):
        return True  # "…up to a minute of staleness, which I think is acceptable? Unless you think it has to be instant.":
        # their reading stated, put to us to overturn
    after = re.split(r"(?<=[.!?])\s+", text[at + len(question):].strip(), maxsplit=1)[0] if at >= 0 else ""
    if bool(_ASSUMED_ANSWER.search(after)) and not after.rstrip().endswith("?"):  # not the next question's own
        return True
    before = re.split(r"(?<=[.!?])\s+", text[:at].strip())[-1] if at > 0 else ""  # "I think we drop it rather than
    # delay it. But I'm not sure, would product want it delayed instead?": their choice first, then put to us
    return bool(_CHOSEN_BEFORE.search(before)) and bool(re.match(r"^\W*(?:but |so |and )?(?:i'?m not sure|not sure)\b",
                                                                 question, re.I))


def _twist_reached(twist: str, figures: list[str], told: list[str]) -> bool:
    """A growth twist to a head count they already design for, or to the target we told them ("…the real target is
    about 2 billion accounts" makes "Now you have 2 billion users" no change)."""
    return _already_at(twist, figures + [a for a in told if _TARGET_TOLD.search(a)])


_TARGET_TOLD = re.compile(r"\b(?:target|plan for|design for|aim for|eventually|real scale)\b", re.I)
_EITHER_WAY = "Either is defensible here; pick one and say what it costs the product."


_ESTIMATES_DONE = re.compile(r"\b(?:that'?s (?:it for|all for|enough on|my) (?:the )?(?:numbers|estimates|sizing)|"
                            r"(?:moving|move|let'?s move|on) (?:on )?to (?:the )?(?:design|architecture|high[- ]level)|"
                            r"now (?:the )?(?:design|architecture)|so (?:the )?design|"
                            # the sizing's verdict drawn: "That's tiny. One Postgres box handles that."
                            r"(?:that'?s|that is|it'?s|this is) (?:all )?(?:tiny|small|modest|nothing|not much|very little|"
                            r"manageable|a small load|a tiny load|low)\b[^.?!]{0,40}[.!]\s*(?:\S[^.?!]*[.!]?\s*){0,2}$|"
                            r"(?:one|a single) (?:\w+ ){0,2}(?:box|server|instance|machine|node|database|db)"
                            r" (?:handles|can handle|will handle|is (?:plenty|enough|fine))\b)", re.I)
_PROPOSED_NEXT = re.compile(  # "should I talk about failures next, or…": the next step they propose
    r"\b(?:should|shall|can|do you want me to) (?:i )?(?:talk about|go (?:in)?to|go through|cover|move (?:on )?to|do|"
    r"get (?:in)?to|jump (?:in)?to|start on|walk (?:you )?through) (?P<x>[\w /-]{3,40}?) (?:next|now)\b", re.I)
WENT_ON_WORDS = 25  # words said after "should I move on to X?" that show they simply went on
_OTHERWISE = re.compile(  # "tell me if there's a part you want me to zoom in on. otherwise I'll go to failures."
    r"\botherwise,? (?:i'?ll|i will|i'?m going to|let me) (?:go (?:on )?to|move (?:on )?to|talk about|cover|do|"
    r"start (?:on|with)|get (?:in)?to|jump (?:in)?to) (?P<x>[\w /-]{3,40}?)\s*(?:[.?!,]|$|\bnext\b|\bnow\b)", re.I)
_DEEPER_ON = re.compile(  # "…or do you want me to go deeper on the like counts and comments, because…"
    r"\b(?:do you want|would you like|should|shall) (?:me to |i )?(?:go|dig|dive) (?:deeper|further|into more detail) "
    r"(?:on|into|in) (?!(?:something|anything|that|this|it|them|those|one|any|some)\b)"
    r"(?P<x>(?:(?!\bor\b)[\w /-]){3,50}?)\s*(?:[?.,;]|$|\bbecause\b|\bsince\b|\bas\b)", re.I)
_OR_NEXT = re.compile(r"(?:^|[.?!]\s+)or (?:should i |do i |shall i )?(?:move (?:on )?to |go (?:on )?to |do )?(?:the )?"
                      r"(?P<x>[a-z][a-z -]{2,30}?) next\s*\?", re.I)  # "Is this the depth you want? Or failures next?"
_PLAN = re.compile(  # "I'd like to spend real time on the hot SKU case and on payment failures; does that match…"
    r"\bi'?d (?:like|want|plan) to (?:spend (?:real |more |some |the )?(?:time|most of the time|the rest) on|focus on|cover) "
    r"(?P<x>[\w /-]{3,60}?)\s*[;.,]\s*(?:(?:does|would|is) (?:that|this)|(?:sound|ok|okay)\b)", re.I)
_KEEP_GOING = re.compile(  # "should I keep going on the write path?": on with what they are doing
    r"\b(?:should|shall|can) i (?:keep going|continue|carry on|go on) (?:on|with) (?P<x>[\w /-]{3,40}?)\s*(?:[?.,]|$|"
    r"\bor\b)", re.I)
_CHOSEN_BEFORE = re.compile(r"\b(?:i think|i'?d|i would|my (?:call|choice|take) is)\b[^.?!]*\b(?:rather than|instead of|"
                            r"not)\b", re.I)
_ASSUMED_ANSWER = re.compile(r"\b(?:i'?ll|i'?m|i|we'?ll|let'?s) assum\w*\s+(?:yes|no|so|not|that|it|they|we|the|\w+ "
                             r"(?:is|are)\b|\w+ (?:consistency|ordering|delivery))\b", re.I)

def choose_act(state: InterviewState, analysis: TurnAnalysis, card: ProblemCard, kb: Knowledge) -> Decision:
    """The next interviewer act after the candidate turn ``analysis``."""
    covered: Coverage = state.get("covered", {}) or {}
    phase: PhaseId = state.get("phase", "requirements")  # type: ignore[assignment]
    minute = float(state.get("minute", 0.0))
    fmt = int(state.get("format_minutes", 45))
    company, level = state.get("company", "google"), state.get("level", "senior")
    warned = list(state.get("warned", []))
    said = _said(state)
    asked = list(covered.get("asked", [])) + _asked_in_words(card, said)
    sentences = [q for turn in said for q in re.split(r"(?<=[.!?])\s+", turn)]
    own = [q for k, q in enumerate(sentences) if q.endswith("?") or (k + 1 < len(sentences) and
                                                                      sentences[k + 1].endswith("?"))]
    asked += [k for k in company_kinds(" ".join(own)) if k not in asked]  # already put, in other words
    scores = dict(covered.get("item_scores", {}))
    for tag, chance in analysis.coverage.items():
        scores[tag] = accumulate(scores.get(tag, 0.0), chance, tag)
    heard = [q for turn in [t.content for t in state.get("transcript", []) if t.role == "candidate"] + [analysis.text]
             for q in re.split(r"(?<=[.!?;])\s+", turn)]
    covers = [t for t in analysis.covers if analysis.substantive_words >= DIVE_WORDS or not re.fullmatch(r"probe:\d+", t)]
    covers += [t for t in put_aside(card, analysis.scoping) if t not in covers]  # "I'll assume photo upload is its own
    # system": the deep dive on uploads is theirs to leave, once said and let stand
    spoken = {f"failure:{n}" for n, q in enumerate(card.failure_questions) if failure_spoken(q, heard, kb)}  # walked
    # through unasked: "if an API server crashes it doesn't matter, they're stateless" answers "the server dies"
    rated = _rates_said(heard)  # "…for 17 writes a second": "what write rate does this have to handle?" is answered
    rated_probes = {f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p, probe in enumerate(dive.probes)
                    if (rate := _RATE_ASKED.search(probe)) and (rate.group(1) or "request").lower()[:4] in rated}
    leaning = {f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives) for p, probe in enumerate(dive.probes)
               if _leans_on_topic(probe, dive.topic) and scores.get(f"probe:{d}", 0.0) >= TOPIC_SAID}  # "What does
    # each approach cost?" under "Fan-out on write versus on read", after both were weighed in full
    done_items = Discussed(set(covered.get("covered_items", [])) | set(covers) | spoken | rated_probes | leaning,
                           scores, sentences, heard)
    done_items.depth_limit = DEPTH_PER_FORMAT.get(fmt, DEPTH_MAX)
    justified = {t for t, why in (covered.get("technologies") or {}).items() if why} | {
        t.tech_id for t in analysis.technologies if _justified_here(t, analysis)}
    if any(_category(kb, t) == "database" for t in justified):  # "SQL or NoSQL?" after "DynamoDB, because…" is answered
        done_items.update(f"probe:{d}:{p}" for d, dive in enumerate(card.deep_dives)
                          for p, probe in enumerate(dive.probes) if _DATABASE_CHOICE.search(probe))
    if covered.get("scoped") or analysis.scoping:  # they set their own scope: a deep dive on scoping is done
        done_items.update(tag for d, dive in enumerate(card.deep_dives) if _ABOUT_SCOPE.search(dive.topic)
                          for tag in [f"probe:{d}"] + [f"probe:{d}:{p}" for p in range(len(dive.probes))])
    pushed: dict[str, int] = {}
    for tag in asked:
        if tag.startswith("tech:"):
            pushed[tag.split(":")[1]] = pushed.get(tag.split(":")[1], 0) + 1
    update: dict[str, Any] = {
        "scoped": bool(covered.get("scoped") or ((analysis.scoping or _TERMS_STATED.search(analysis.text) and
                                                   analysis.figures) and phase_index(phase) <= phase_index("estimation"))),
        "questions": analysis.questions[:5],
        "fact_topics": list(analysis.fact_topics),
        "figures": [f.text for f in analysis.figures][:6],
        "components": analysis.components[:8],
        "covered_items": covers,
        "item_scores": dict(analysis.coverage),
    }
    if _REFLECTING.search(analysis.text) and phase_index(phase) >= phase_index("deep_dive"):
        update["reflected"] = True  # "if I had more time I'd dig into…", whatever reply it gets: not asked again
    refusing = analysis.asks_for_hidden or analysis.off_role
    # at the wrap-up the candidate's questions are about the job, not the problem: no card facts then
    closing = phase == "wrap_up" and bool(covered.get("summary_asked")) and bool(
        re.search(r"\b(?:you|your team|your company|at your|you guys|you folks)\b", analysis.text, re.I))
    # mid-interview, a question about the interviewer's own team is about the job: kept for the end, no card facts
    about_us = not closing and bool(analysis.questions) and (
        all(_about_job(q) for q in analysis.questions) or  # "I'd love to ask a couple of questions. How…?"
        (any(_about_job(q) for q in analysis.questions) and (
            bool(_ASKING_YOU.search(analysis.text)) or  # or, late on, one about the team with a follow-on
            (len(analysis.questions) <= 2 and not analysis.components and not analysis.technologies
             and phase_index(phase) >= phase_index("deep_dive")))))
    answers, assume, your_call, assumed = ([], [], [], []) if refusing or closing or about_us else _answers(
        state, analysis, card, covered)
    update["answers"] = answers
    notes: list[str] = []
    if assumed and not answers:  # the card is silent and they said what they assume: theirs to settle, and settled
        left_out = all(SKIP_ASK.search(q) for q in assumed)  # a piece of the design left out, with or without a reason
        notes.append(("That's your call, and your reason holds; leave it out." if REASONED.search(analysis.text) else
                      "That's your call; if you leave it out, say why.") if left_out else
                     "That's your call, and it's a fair assumption; go with it.")
    direction = any(a.kind == "meta" and a.meta == "direction" for a in analysis.asks)
    went_on = next((analysis.text[analysis.text.find(a.text) + len(a.text):] for a in reversed(analysis.asks)
                    if a.kind == "meta" and a.meta == "direction" and a.text in analysis.text), "")
    if direction and len(went_on.split()) >= WENT_ON_WORDS and not analysis.questions:  # "should i move on to
        direction = False  # failures? um i'll just go. a storage node dies…": they took the step; what they said counts
    if any(a.kind == "meta" and a.meta == "time" for a in analysis.asks):
        spent = round(minute)  # the two figures said add up to the round
        notes.append(f"We're about {spent} minute{'' if spent == 1 else 's'} in, with about {max(0, fmt - spent)} left."
                     if spent >= 1 else f"We've only just started; you have about {fmt} minutes.")
    off_topic = any(a.kind == "off_topic" for a in analysis.asks)
    checking = [a for a in analysis.asks if a.kind == "meta" and a.meta == "check"]
    if checking and not (analysis.dont_know and not analysis.attempted) and not analysis.questions:  # "i don't
        # know the right number, maybe 10k? … am i off track": a guess made, the check answered
        depth = any(re.search(r"\b(?:depth|deep|detail|level|enough|too (?:much|little|shallow|simple|simplistic|basic|"
                              r"naive|easy))\b", a.text, re.I)
                    for a in checking)
        understood = any(_OUR_QUESTION.search(a.text) for a in checking)  # "does that answer it, or did I miss
        # what you were asking?": about our question, not about what the design lacks
        missed = not understood and any(re.search(
            r"\bmiss(?:ed|ing)?\b|\bforg[eo]t\b|\bleft out\b|\bskipped\b|\b(?:liked|wanted) me to\b", a.text, re.I)
            for a in checking)
        clear = any(CLARITY.search(a.text) for a in checking)
        scope_told = any(f.topic == "features" and f.answer in answers for f in card.hidden_facts)
        pace = any(re.search(r"\btoo (?:fast|quick\w*|slow\w*)\b|\brushing\b|\btalking too much\b|\bgoing on too long\b|"
                             r"\b(?:be )?going (?:faster|slower)\b|\bspeed (?:it )?up\b|\bslow (?:it )?down\b",
                             a.text, re.I) for a in checking)
        weighed = any(re.search(r"\b(?:good|sound|valid|reasonable|fair|solid|strong)(?: enough)? (?:reason|argument|"
                                r"justification|approach|call|choice)\b|\breasoning (?:hold|make|work)", a.text, re.I)
                      for a in checking)  # "is that a good enough reason?": their own argument, weighed
        if understood:
            notes.append("Yes, that answers it.")
        elif any(MEDIUM.search(a.text) for a in checking):
            notes.append(_MEDIUM_NOTE)
        elif any(BREADTH.search(a.text) for a in checking) and phase_index(phase) <= phase_index("high_level_design"):
            notes.append(_BREADTH_NOTE)
        elif any(MANNER.search(a.text) for a in checking):
            notes.append(_PICK_AND_WHY)
        elif weighed:
            notes.append(_HOLDS_UP)
        elif pace:
            notes.append("Your pace is fine.")
        elif any(re.search(r"\b(?:off|on the right|on) track\b|\bright direction\b|\bwhat you(?:'re| were| are) looking "
                           r"for\b", a.text, re.I) for a in checking) and not missed:
            notes.append(_fresh_note(_ON_TRACK, _ON_TRACK_AGAIN, state))
        elif missed or depth or clear or not scope_told:  # the card's scope said instead of "that works"
            early = minute < fmt * EARLIEST_WRAP and phase_index(phase) <= phase_index("high_level_design")
            notes.append(_START_NOTE if missed and early else _SCORECARD_NOTE if missed else
                         _fresh_note(_DEPTH_NOTE, _DEPTH_AGAIN, state) if depth
                         else "It's been clear so far." if clear else _GO_AHEAD)
    if re.search(r"\bhow (?:did|am) i (?:do|doing)\b(?! (?:on|for) time)|\bwould i pass\b|"
                 r"\byour (?:view|take|feedback|opinion|thoughts) on (?:whether|if) i\b|\bshould i have (?:spent|gone|"
                 r"covered|talked|focused)\b|"
                 r"\bam i doing (?:ok|okay|well|alright)\b|\bhow(?:'s| is) (?:it|this) going\b|"
                 r"\b(?:any|some|your) (?:\w+ )?feedback\b|\bfeedback (?:for|on) me\b|\bhow did (?:that|it|i) go\b|"
                 r"\bwhat (?:could|should|would) i (?:improve|do better|have done better)\b",
                 analysis.text, re.I) or LEARNING.search(analysis.text):
        notes.append("I'll keep the feedback for the end; you'll get a full scorecard.")
    invited = any(a.kind == "meta" and a.meta == "invite" for a in analysis.asks) and not analysis.questions and \
        phase_index(phase) >= phase_index("high_level_design")  # "anything you'd change before I go?" after the
    # requirements is a check-in on them, not an invitation to pick a deep-dive question
    if invited:
        notes.append(_INVITED)

    reasoning_about: list[str] = []  # technologies an "ask_reasoning" names: each counts as asked about

    def done(act: Act, new_phase: PhaseId | None = None, pending: list[str] | None = None) -> Decision:
        summing_up = bool(analysis.summary) and phase_index(phase) >= phase_index("deep_dive")
        if summing_up:
            update["summarised"] = True
        if act.kind == "ask_summary" and (summing_up or covered.get("summarised")):  # summed up now or before: not
            # asked for again, nor what they'd do with more time once they said it
            reflected = covered.get("reflected") or bool(_REFLECTING.search(analysis.text))
            act = Act(kind="follow_up", phase="wrap_up", subject="questions" if reflected else "reflect")
            new_phase = "wrap_up" if phase != "wrap_up" else new_phase
        if _INVITED in notes and _GO_BACK.search(analysis.text) and not (act.tag or "").startswith("revisit:") and \
                fmt - minute >= INVITE_MINUTES:  # "anything you'd like me to go back to?": one of ours left open first
            again = _unanswered(card, asked, done_items, invited=True, answering=_answering(state, card))
            if again is not None:
                act, new_phase = Act(kind=again.kind, phase=phase, question=again.question, tag=again.tag), None
        theirs = offered_options(analysis.text) if _INVITED in notes else []  # "…deeper on: the fan-out worker,
        # the merge, or the rebuild?"
        if _INVITED in notes and (not act.questions() or theirs):  # "which part would you push on?" is owed a question
            passed = list(asked)
            for _ in range(3):  # a card question about a piece they do not have ("the cache cluster loses a node",
                # no cache drawn) is passed over, as in the phases' own moves
                way_in: Act | None = _deep_dive(card, passed, "deep_dive", company, done_items)
                if way_in is not None and not way_in.question:  # the card's are spent: one about their own pieces
                    way_in = depth_probe(kb, covered, analysis, passed, "failure_modes", said, DEPTH_MAX + 2, heard)
                if way_in is None or not way_in.question:  # nothing new to push on: one of ours they never took up
                    way_in = _unanswered(card, passed, done_items, invited=True,
                                         answering=_answering(state, card)) or way_in  # asked for: even a third time
                if way_in is not None and way_in.question and way_in.tag and \
                        way_in.kind in ("failure_probe", "scale_twist", "deep_dive_probe"):
                    fitted, foreign, _ = _misfit(kb, way_in, *_their_pieces(covered, analysis),
                                                 [card.prompt] + said + heard)
                    if way_in.kind == "deep_dive_probe" and _settled_kind(kb, fitted, covered, update, heard):
                        foreign = ["settled"]  # "Do you need a cache?" after the cache was dropped or argued for
                    if foreign:
                        skipped = _passed_over(way_in, card, whole_topic=False)
                        passed += skipped
                        update.setdefault("asked", []).extend(skipped)
                        way_in = None
                        continue
                    way_in.question = fitted
                break
            if theirs and (way_in is None or not way_in.question or not any(
                    _content(o) & _content(f"{way_in.subject or ''} {way_in.question}") for o in theirs)):
                pick = theirs[0]  # none of theirs is ours to put: take the one they lean to, else the first
                way_in = Act(kind="give_direction", phase=phase, question="What's the key idea, and where does it break?",
                             subject=pick if re.match(r"(?:the|a|an|my|our|your|how|what|why|where)\b", pick, re.I)
                             else f"the {pick}")
            if fmt - minute >= INVITE_MINUTES and (way_in is None or not way_in.question) and \
                    (not _GO_BACK.search(analysis.text) or _DEEPER.search(analysis.text)):  # "revisit or go deeper on"
                way_in = _plain_push(asked, set(covered.get("covered_items", [])) | set(analysis.covers))  # asked
                # to push and the card's ground is covered: a push every design owes, not "you've answered it all"
            if fmt - minute >= INVITE_MINUTES and way_in is not None and way_in.question:
                act = Act(kind=way_in.kind, phase=phase, question=way_in.question, subject=way_in.subject or "next",
                          tag=way_in.tag)
                new_phase = None
            else:
                notes.remove(_INVITED)
                if fmt - minute >= INVITE_MINUTES and act.kind != "close":  # asked, so answered: nothing left open
                    notes.append("You've already answered what I'd have pushed on.")
                    if not covered.get("reflected") and not update.get("reflected") and act.kind != "follow_up":
                        act, new_phase = Act(kind="follow_up", phase="wrap_up", subject="reflect"), "wrap_up"
        if {"challenge_input", "correct_input", "challenge_arithmetic"} & set(act.kinds()):  # a figure of theirs put
            # in question is no moment for "that figure holds now"
            notes[:] = [n for n in notes if n != _HOLDS_NOW]
        choice = analysis.choices[-1] if analysis.choices else None
        only_choice = choice is not None and all(q in choice.question or choice.question in q for q in analysis.questions)
        if choice is not None and answers and (not choice.options or any(
                o.lower() in a.lower() for a in answers for o in choice.options)):
            choice = None  # a fact on it: told, not weighed
        elif choice is not None and answers and only_choice:
            answers.clear()  # "301 or 302?" met with a fact on neither: the choice is theirs
        # a fact for another question of the turn ("should the other see it instantly? websockets or polling?") is
        # told, and the choice still put back to them
        if choice is not None and act.kind not in _OVER_CHOICE and act.kind != "weigh_choice":
            act = weigh_choice(choice, act)  # "Kafka or SQS here?": theirs to pick, never ignored nor picked for them
            your_call[:] = [q for q in your_call if q not in choice.question and choice.question not in q]
            assume[:] = [q for q in assume if q not in choice.question and choice.question not in q]
        act.answers, act.assume, act.your_call = answers, assume, your_call
        act.asked = " ".join(analysis.questions) if answers else ""
        if any(n.startswith(("Yes, those numbers", "The arithmetic holds", "Those starting figures")) for n in notes):
            notes[:] = [n for n in notes if n != _GO_AHEAD]  # "does that sound reasonable?" has its answer already
        if act.kind in _OBJECTIONS or act.kind == "weigh_choice":  # "does that sound right?" answered by the
            # objection itself, not "go ahead"; "which way would you want?" by putting the choice back
            notes[:] = [n for n in notes if n not in (_GO_AHEAD, _DEPTH_NOTE, _HOLDS_UP, _ON_TRACK)]
        act.notes = notes + act.notes
        if act.transition and act.transition.startswith("We still have about") and \
                any(re.search(r" minutes? in, with about |only just started", n) for n in act.notes):
            act.transition = None  # the time asked for is said once, not "we still have 22… we're 23 minutes in"
        parts: list[Act] = []
        part: Act | None = act
        while part is not None:
            parts.append(part)
            part = part.secondary
        for part in parts:
            if part.tag:
                update.setdefault("asked", []).append(part.tag)
                if part.tag.startswith("tech:"):
                    update.setdefault("pushed_back", []).append(part.tag.split(":")[1])
            if part.kind == "ask_reasoning" and part.subject:  # each technology it names was asked about
                update.setdefault("asked", []).extend(f"tech:{t}:reasoning" for t in reasoning_about)
                update.setdefault("pushed_back", []).extend(reasoning_about)
            if part.kind in ("push_back_tech", "push_back_overengineering", "ask_reasoning") and part.question:
                update.setdefault("pushbacks", []).append(part.question)
            if part.kind == "challenge_arithmetic" and part.subject:
                update.setdefault("challenged", []).append(part.subject)
            if part.kind in ("challenge_input", "correct_input") and part.subject:
                update.setdefault("challenged", []).append(f"input:{part.subject}")
                if part.tag:
                    update["challenged"].append(part.tag)
            if part.kind == "correct_input" and part.hint:  # told now: later figures are checked against it
                update["answers"] = [*update.get("answers", []), part.hint]
        update["acts"] = act.kinds()
        if any(p.kind in ("ask_summary", "follow_up") for p in parts):
            update["summary_asked"] = True
        return Decision(
            act=act,
            phase=new_phase or phase,
            covered=update,
            pending_pushbacks=pending if pending is not None else list(state.get("pending_pushbacks", [])),
            warned=warned,
        )

    pause = _PAUSE.search(analysis.text)
    if pause and (analysis.substantive_words <= PAUSE_WORDS or _THINK_THROUGH.match(analysis.text[pause.end():]) or
                  analysis.substantive_words <= PAUSE_TURN and _ASKED_PAUSE.search(analysis.text) is not None and
                  _only_the_pause(analysis.text[pause.end():])) and not analysis.arithmetic and \
            not any(a.kind != "meta" or a.meta not in ("check", None) for a in analysis.asks) and \
            not analysis.figures and not analysis.technologies and phase != "wrap_up":
        return done(Act(kind="listen", phase=phase, subject="thinking"))  # "let me think for a sec": they will

    # --- what the interviewer itself said: techs it introduced, checks it made ---
    introduced = _introduced(kb, covered, said, analysis)
    update["introduced"] = sorted(introduced)
    previous_act = state.get("act") or {}
    previous_kinds = Act.model_validate(previous_act).kinds() if previous_act else []
    challenged = set(covered.get("challenged", []))

    wrong = [a for a in analysis.arithmetic if not a.ok and a.claim not in challenged and not _redone(a, analysis)]
    challenge = None
    if wrong:
        claim = wrong[0]
        challenge = Act(kind="challenge_arithmetic", phase=phase, subject=_short_claim(claim.claim, claim.given),
                        hint=claim.hint or conversion_hint(claim.claim))
        update.setdefault("challenged", []).append(claim.claim)  # never challenged twice, however it was quoted
        update["slips"] = [slip for c in wrong if (slip := _slip(c)) is not None]
        told = list(covered.get("answers", []))
        base = [m for m in mismatched_inputs(analysis.text, told, [(e.unit, e.value) for e in card.estimates],
                                             worked=list(covered.get("worked", []))) if m.like_for_like
                and f"input:{m.said}" not in challenged and f"fact:{m.fact[:60]}" not in challenged] if told else []
        base = on_the_way(base, analysis.text, told)
        if base and phase != "wrap_up":  # the slip sits on a figure we gave otherwise: the figure first, then the slip
            challenge = Act(kind="challenge_input", phase=phase, subject=base[0].said, hint=base[0].fact,
                            tag=f"fact:{base[0].fact[:60]}", secondary=challenge)
    elif analysis.figures and phase != "wrap_up":
        estimates = [(e.unit, e.value) for e in card.estimates]
        told = list(covered.get("answers", []))

        just_checked = bool({"challenge_input", "correct_input"} & set(previous_kinds))

        def unchallenged(found: list[Mismatch]) -> list[Mismatch]:  # once per figure and per fact, and once more
            # straight after, when they carry on from the figure we just questioned
            return [m for m in found if f"input:{m.said}" not in challenged and f"fact:{m.fact[:60]}" not in challenged
                    and f"checked:{m.fact[:60]}" not in challenged and f"limit:{m.fact[:60]}" not in challenged
                    or just_checked and f"again:{m.fact[:60]}" not in challenged]

        worked = list(covered.get("worked", []))
        last_put = re.split(r"(?<=[.!?])\s+", said[-1].strip())[-2:] if said and said[-1].rstrip().endswith("?") else []
        supposed = bool(_SUPPOSED_GROWTH.search(" ".join(last_put)))
        odd = unchallenged(mismatched_inputs(analysis.text, told, estimates, worked=worked) +
                           restated_limits(analysis.text, told)) if told and not supposed else []  # a fact given
        # contradicts it, or a limit we gave for one user or key is said back with another value; not when we asked
        # about growth ("At what point would this stop being enough?" - "At 30K employees it still holds")
        odd = on_the_way(odd, analysis.text, told)
        untold = [f.answer for f in card.hidden_facts if f.answer not in told and f.answer not in answers]
        far = [] if supposed else unchallenged(far_assumptions(analysis.text, untold, estimates, FAR_OFF, worked))
        if odd:
            again = f"fact:{odd[0].fact[:60]}" in challenged
            challenge = Act(kind="challenge_input", phase=phase, subject=odd[0].said, hint=odd[0].fact,
                            tag=f"{'again' if again else 'limit' if odd[0].limit else 'fact'}:{odd[0].fact[:60]}")
        elif far:  # an assumption the problem's own figure is far from: told now, before a design is built on it
            challenge = Act(kind="correct_input", phase=phase, subject=far[0].said, hint=far[0].fact,
                            tag=f"fact:{far[0].fact[:60]}")
        put = _input_check(previous_act)
        hint = str(put.get("hint") or "")
        ours = [f.figure for f in parse_figures(hint)]  # the figure we just gave them instead of theirs
        put_figures = [f.figure for f in parse_figures(str(put.get("subject") or ""))]
        if challenge is None and just_checked and put.get("subject") and ours and \
                f"again:{hint[:60]}" not in challenged and \
                (analysis.arithmetic or len(analysis.figures) >= 2) and _built_on(analysis.figures, put_figures) and \
                any(f.unit not in _NOT_AMOUNTS for f in analysis.figures) and \
                not _uses(analysis.figures, ours):  # amounts, not a latency and a share ("5 ms", "5 percent")
            # the numbers go on from the figure we questioned, not from ours: said once more, plainly
            challenge = Act(kind="challenge_input", phase=phase, subject=str(put["subject"]), hint=hint,
                            tag=f"again:{hint[:60]}")

    if challenge is None and not wrong and "challenge_arithmetic" not in previous_kinds and \
            not _SELF_FIX.search(analysis.text):  # a slip we flagged, back unfixed in a later step: once more, with
        # the figure it comes to, since carrying on from it builds the design on a number out by the slip
        back = next((slip for slip in covered.get("slips", []) if f"standing:{slip['said']}" not in challenged and
                     any(f.unit == slip["unit"] and abs(f.value - slip["value"]) <= 0.02 * slip["value"]
                         for f in analysis.figures) and not _put_right(slip, analysis.figures)), None)
        if back is not None:
            challenge = Act(kind="challenge_arithmetic", phase=phase, subject=back["said"], hint=back["right"],
                            tag=f"standing:{back['said']}")
            update.setdefault("challenged", []).append(f"standing:{back['said']}")

    if challenge is None and phase != "wrap_up" and not wrong and _FIGURES_CHECK.search(analysis.text):
        # "…say 500K drivers, does that sound about right?": their figures set beside ours, rounding only (a check
        # sentence is no estimate of theirs, so this does not wait for figures the turn reads as its own)
        told = list(covered.get("answers", []))
        untold = [f.answer for f in card.hidden_facts if f.answer not in told and f.answer not in answers]
        figures = analysis.text if parse_figures(spoken_to_digits(analysis.text)) else _last_candidate(state, analysis.text)  # "does that look
        # about right?" on its own asks about the figures just given
        off, met = checked_figures(figures, told + untold, list(covered.get("worked", [])))
        off = [m for m in off if not {f"input:{m.said}", f"fact:{m.fact[:60]}", f"checked:{m.fact[:60]}"} & challenged]
        if off and off[0].fact not in answers:  # a fact we answer with now needs no second telling
            challenge = Act(kind="correct_input" if off[0].fact in untold else "challenge_input", phase=phase,
                            subject=off[0].said, hint=off[0].fact, tag=f"checked:{off[0].fact[:60]}")
        elif met and not off:
            notes.append("Yes, those numbers are about right.")
        elif not off and not answers and parse_figures(figures) and \
                not {"challenge_input", "correct_input", "challenge_arithmetic"} & set(previous_kinds):  # figures of their own, none set beside ours
            # (and no facts of ours given in this reply, which would contradict "yours to assume"): the steps are
            # what we can vouch for, and the question is answered rather than left hanging
            sound = analysis.arithmetic and all(a.ok for a in analysis.arithmetic)
            notes.append("The arithmetic holds; the starting figures are yours to assume." if sound else
                         "Those starting figures are yours to assume; go with them.")

    # --- technologies proposed with no reason ---
    earlier = covered.get("technologies") or {}
    update["dropped"] = [r.tech_id for r in analysis.rejected]
    update["worked"] = worked_out(analysis.text)
    if (reset := _RESET.search(analysis.text)) is not None:  # "let me walk back my opening": what is not said again
        # is gone, and so is what this very turn named before the reset ("…Kinesis, a Flink job… Actually, let me
        # stop. That's me over-building."), unless named again after it
        after = analysis.text[reset.start():]
        used_now = {t.tech_id for t in analysis.technologies if re.search(re.escape(t.name), after, re.I)}
        update["dropped"] += [t for t in list(earlier) + [m.tech_id for m in analysis.technologies] if t not in used_now]
    elif _OWN_IDEA_BACK.search(analysis.text):  # "I want to push back on my own idea there. Writing 250k records a
        # second into a durable store is the wrong choice": last turn's pieces of the kind now called wrong are gone
        used_now = {t.tech_id for t in analysis.technologies}
        before = named_technologies(kb, _last_candidate(state, analysis.text))
        update["dropped"] += [t for t in before if t not in used_now and
                              re.search(_KIND_WORDS.get(_category(kb, t) or "", "$^"), analysis.text, re.I)]
    reasoned = {t.tech_id for t in analysis.technologies if _justified_here(t, analysis)}  # any mention will do
    reasoned |= set(analysis.deferred)  # a piece for later is no choice made now
    update["technologies"] = {t.tech_id: t.tech_id in reasoned for t in analysis.technologies}
    update["spoken"] = {t.tech_id: _spoken_name(kb, t.tech_id, t) for t in analysis.technologies
                        if _spoken_name(kb, t.tech_id, t) != tech_name(kb, t.tech_id)}  # "ScyllaDB", not "Cassandra"
    passed_over = {m.tech_id for m in analysis.technologies  # "I lean SQS here over Kafka because …"
                   if re.search(rf"\b(?:over|instead of|rather than)\s+(?:\w+\s+){{0,2}}{re.escape(m.name)}\b", m.quote, re.I)}
    update["alternatives"] = [t for t in dict.fromkeys(m.tech_id for m in analysis.technologies)
                              if t not in earlier and (t in analysis.deferred or t in passed_over or all(
                                  _ALTERNATIVE.search(m.quote) or _HYPOTHETICAL.search(m.quote) or _hedged(m, analysis)
                                  or _either_of(m, analysis)
                                  for m in analysis.technologies if m.tech_id == t))]  # "if it gets slow, OpenSearch"
    update["could_be"] = [t for t in dict.fromkeys(m.tech_id for m in analysis.technologies) if t not in earlier and
                          all(_could_be(m, analysis.text) for m in analysis.technologies if m.tech_id == t)]
    update["aside"] = [t for t in dict.fromkeys(m.tech_id for m in analysis.technologies) if serves_left_out(kb, card, t)
                       or all(THEIR_ASIDE.search(m.quote) for m in analysis.technologies if m.tech_id == t)]  # "I'll
    # assume media upload is its own system, so media goes to blob storage…": a part they put out of their design
    words_of = {t.tech_id: _their_words(t, tech_name(kb, t.tech_id) if t.tech_id in kb.technologies and re.sub(
                    r"[\s-]+", " ", t.name.lower()) in kb.technologies[t.tech_id].dictated else None)
                for t in analysis.technologies if t.tech_id in reasoned}  # "my sequel" said back as "MySQL"
    shared = {w for w in words_of.values() if list(words_of.values()).count(w) > 1}  # one clause, several pieces
    update["said_about"] = {t: w for t, w in words_of.items() if w and w not in shared}
    if _TAKES_BACK.search(analysis.text) or _RESET.search(analysis.text):  # "I take that back", "the revised picture":
        # what is said now stands, the old use is not quoted back
        update["retracted"] = [m.tech_id for m in analysis.technologies if m.tech_id in (covered.get("said_about") or {})]
    sizes_given = bool(_AMOUNT_OF_DATA.search(" ".join(heard)))  # "3 PB a day": "how much data a year?" is answered
    rates_given = any(re.search(r"(?:/\s*s\b|per second|a second|/sec)", f, re.I)
                      for f in list(covered.get("figures", [])) + [f.text for f in analysis.figures])
    fresh = [  # a technology never justified nor asked about yet; a protocol is a means, not a choice
        t for t in analysis.technologies
        if t.tech_id not in reasoned and not earlier.get(t.tech_id) and t.tech_id not in introduced
        and t.tech_id not in set(covered.get("dropped", []))  # ruled out earlier: a look-alike word is no comeback
        and t.tech_id not in update["alternatives"]  # "memcached or Redis", "either works": no choice made to question
        and t.tech_id not in update["aside"]  # the blob store of media the card leaves out
        and not all(_asked_about(m, analysis) for m in analysis.technologies if m.tech_id == t.tech_id)
        and t.name.lower() not in _GENERIC_NAMES
        and not _need_argued(kb, t.tech_id, heard)  # "100 Tb/s… nobody serves that from an origin", then "a CDN tier"
        and pushed.get(t.tech_id, 0) < MAX_PUSHBACKS_PER_TECH
        and (_category(kb, t.tech_id) != "protocol" or t.tech_id in analysis.over_engineering)
    ]
    named_services = r"\b([a-z][\w-]*) (?:service|server|backend)s?\b"
    behind = len({n for text in [analysis.text, *covered.get("components", []), *analysis.components]
                  for n in re.findall(named_services, text.lower()) if n not in ("a", "an", "the", "one", "app")})
    fresh = [t for t in fresh if not (t.tech_id in _FRONT_DOORS and behind >= 2 and t.tech_id not in analysis.over_engineering)]
    # a gateway in front of the several services just named is what a gateway is for: no "how many services?"
    unjustified = [t for t in dict.fromkeys(t.tech_id for t in fresh)  # the default store with nothing fitting
                   if t not in _DEFAULT_STORES or not _pushback(kb, None, t, asked, _card_text(card),  # to ask:
                                                                rates_given=rates_given, sizes_given=sizes_given, turn=analysis.text
                                                                )[1].endswith(":plain")]  # no "why not simpler?"
    mentions = {t.tech_id: t for t in fresh}
    overkill = [t for t in analysis.over_engineering
                if pushed.get(t, 0) < MAX_PUSHBACKS_PER_TECH and t not in introduced and not earlier.get(t)
                and t in mentions]
    overkill += [t for t in unjustified if t not in overkill and (t in card.over_engineering_traps or above_scale(kb, t, card))]
    for t in analysis.technologies:  # a piece too big for this scale needs numbers, not only a reason
        if t.tech_id not in overkill and t.tech_id not in introduced and not pushed.get(t.tech_id) and \
                (t.tech_id in card.over_engineering_traps or above_scale(kb, t.tech_id, card)) and \
                t.tech_id not in analysis.deferred and t.tech_id not in update["alternatives"] and \
                t.name.lower() not in _GENERIC_NAMES and \
                not _sized(t, analysis) and not earlier.get(t.tech_id) and not _HYPOTHETICAL.search(t.quote) and \
                (not _justified_here(t, analysis) or _GENERIC_CLAIM.search(_own_clause(t))) and \
                not re.search(r"\b(?:later|might|optional|not now|eventually|could add)\b", _own_clause(t), re.I):
            overkill.append(t.tech_id)
            mentions.setdefault(t.tech_id, t)
    push: Act | None = None  # a "why?" belongs to the turn that named the technology; later it talks past them
    rest: list[str] = []
    if overkill:
        names = _spoken_name(kb, overkill[0], mentions.get(overkill[0]))  # one at a time: the others wait
        question, tag = _pushback(kb, mentions.get(overkill[0]), overkill[0], asked, _card_text(card), role=False,
                                  rates_given=rates_given, sizes_given=sizes_given)
        push = Act(kind="push_back_overengineering", phase=phase, subject=names, question=question, tag=tag,
                   secondary=challenge)
        rest = [t for t in unjustified if t not in overkill]
    elif unjustified:
        first = unjustified[0]
        question, tag = _pushback(kb, mentions.get(first), first, asked, _card_text(card), rates_given=rates_given,
                                  sizes_given=sizes_given,
                                  turn=analysis.text)
        kind: ActKind = "ask_reasoning" if analysis.list_dump and len(unjustified) > 1 else "push_back_tech"
        names = ", ".join(_spoken_name(kb, t, mentions.get(t)) for t in unjustified[:4]) if kind == "ask_reasoning" \
            else _spoken_name(kb, first, mentions.get(first))
        if kind == "ask_reasoning":
            reasoning_about[:] = unjustified[:4]
        push = Act(kind=kind, phase=phase, subject=names, question=question, tag=tag, secondary=challenge)
        rest = unjustified[1:]
    elif analysis.list_dump and not analysis.asks:
        push = Act(kind="ask_reasoning", phase=phase, secondary=challenge)
    pending = list(dict.fromkeys(rest))[:4]

    # 1. out of bounds: never hand over the card, the design or the role
    if analysis.asks_for_hidden:
        return done(Act(kind="refuse_hidden", phase=phase, secondary=push), pending=pending)
    if analysis.off_role or (analysis.injection and not analysis.substantive_words):
        return done(Act(kind="stay_in_role", phase=phase, secondary=push), pending=pending)
    if analysis.asks_for_answer:  # no answer; past the requirements, a question that points the way
        refusal = Act(kind="refuse_answer", phase=phase, secondary=push)
        if phase_index(phase) >= phase_index("high_level_design") and push is None and \
                not _STUCK_HERE.search(analysis.text):  # "I'm stuck on this one, just tell me": not a new topic
            # as the hint; a plain refusal keeps them on what they are stuck on
            way_in = _deep_dive(card, asked, "deep_dive", company, done_items)
            if way_in.kind in ("deep_dive_probe", "failure_probe") and way_in.question:
                refusal.question, refusal.tag = way_in.question, way_in.tag
        return done(refusal, pending=pending)

    if phase == "wrap_up" and any(_FEEDBACK_ASK.search(a.text) for a in analysis.asks):
        weakest = min(range(len(card.deep_dives)), key=lambda d: done_items.score(f"probe:{d}"), default=None)
        unsure = _UNSURE_OF.search(analysis.text)
        if unsure is not None or weakest is not None:  # "anything you'd suggest I read up on?": the part they felt
            # unsure of, as they named it, else the round's own thinnest ground
            update["questions_answered"] = True
            topic = f"the {unsure.group('part').strip()} you named" if unsure else card.deep_dives[weakest or 0].topic
            return done(Act(kind="answer_theirs", phase=phase, tag="feedback", subject=topic[:1].lower() + topic[1:]))

    # 2. the candidate shows the interviewer's own check was wrong
    checked = "challenge_arithmetic" in previous_kinds or interviewer_asked(said[-1] if said else None) == "challenge"
    left_open = checked and not _SELF_FIX.search(analysis.text)  # the figure challenged last time still stands
    questioned = {f.figure.value for c in challenged if c.startswith("input:") for f in parse_figures(c[6:])}
    left_open = left_open or bool(questioned & {f.value for f in analysis.figures})  # still built on a questioned input
    if {"challenge_input", "correct_input"} & set(previous_kinds) and not _SELF_FIX.search(analysis.text):
        used = _uses(analysis.figures, [f.figure for f in parse_figures(str(_input_check(previous_act).get("hint") or ""))])
        left_open = left_open or not used  # numbers not redone from our figure: nothing to endorse yet
    if checked and not wrong and _SELF_FIX.search(analysis.text):
        notes.insert(0, _HOLDS_NOW)
    elif checked and not wrong and (
        ("challenge_arithmetic" in previous_kinds or not {"challenge_input", "correct_input"} & set(previous_kinds))
        and _restates(previous_act, _last_candidate(state, analysis.text), said[-1] if said else "", analysis)
        or _contests(analysis.text)
    ):  # a figure we said contradicts our facts is not put right by sound arithmetic on it, only by their case
        notes.insert(0, "You're right, I misread that; your figure holds.")
        if push:
            return done(push, pending=pending)
        concede = Act(kind="concede_check", phase=phase)
        nxt = _phase_act(state, analysis, card, kb, covered, asked, done_items, minute, fmt, level, company, phase)
        concede.secondary = nxt.act if nxt.act.kind not in ("answer_question",) else None
        return done(concede, new_phase=nxt.act.phase if nxt.act.phase != phase else None)

    # 3. designing before asking anything: nudge towards questions (the pushback rides along)
    designing = bool(analysis.components or analysis.technologies)
    complete = _complete_design(analysis)
    if (
        phase == "requirements"
        and designing
        and not complete
        and not covered.get("questions")
        and not analysis.questions
        and not covered.get("scoped") and not analysis.scoping  # stated assumptions ("I'd skip pooling; 20M rides a day") are their requirements
        and not (_TERMS_STATED.search(analysis.text) and analysis.figures)  # "Assumptions, correct me if wrong: …
        # 1M RPS global peak, limits per API key": requirements stated, not asked
        and covered.get("nudges", 0) < MAX_NUDGES
    ):
        update["nudges"] = covered.get("nudges", 0) + 1
        return done(Act(kind="nudge_questions", phase=phase, secondary=push or challenge), pending=pending)
    if push:
        return done(push, pending=pending)

    # 5. wrong arithmetic
    if challenge:
        return done(challenge)

    # 6. "I don't know"
    attempt = analysis.attempted or (analysis.intent not in ("dont_know", "question_meta")
                                     and analysis.substantive_words >= 6)
    if analysis.dont_know and not analysis.questions and not attempt:  # "no idea, but I'd ..." is an answer
        return done(Act(kind="encourage", phase=phase, subject=level))


    # "could you repeat that?": the last real question again, nothing new
    if any(a.kind == "meta" and a.meta == "repeat" for a in analysis.asks) and analysis.questions and said:
        told = [q for q in re.split(r"(?<=[.!?])\s+", said[-1]) if q and not q.endswith("?") and
                not re.match(r"(?:we have|we're about|we're|as i said|ok|good|right|thanks)\b", q, re.I)]
        if told:  # "could you say that again? and how many…": what was just told, then the new answer
            answers.insert(0, "Sure, again: " + " ".join(told))
    if any(a.kind == "meta" and a.meta == "repeat" for a in analysis.asks) and not analysis.questions:
        if re.search(r"\bhear me\b", analysis.text, re.I):
            notes.insert(0, "Yes, I can hear you.")
        return done(Act(kind="repeat_last", phase=phase, question=_last_question(said)))

    if any(a.kind == "meta" and MANNER.search(a.text) for a in analysis.asks) and not analysis.questions:
        return done(Act(kind="listen", phase=phase, subject="agreed"))  # "walk through it, or just pick?": told how,
        # and the floor is theirs

    # their questions about us: answered when asked, honestly (this is a practice round), with no promise to answer
    # at the end that the end could only take back
    if phase == "wrap_up" and (closing or about_us) and analysis.questions:
        update["questions_answered"] = True
        return done(Act(kind="answer_theirs", phase=phase))

    # questions about the interview, and off-topic ones
    if direction and not analysis.questions and phase == "wrap_up" and fmt - minute < WRAP_DIRECTION_MINUTES:
        notes.append("The feedback at the end will say where to go deeper.")
    elif (direction or checking) and not analysis.questions and (proposed := next(
            (m for rule in ([_PROPOSED_NEXT, _OTHERWISE, _OR_NEXT, _PLAN] if direction else []) + [_KEEP_GOING, _DEEPER_ON] +
             ([_OTHERWISE, _PLAN] if checking else []) if (m := rule.search(analysis.text))), None)) is not None:
        # "should I talk about failures next, or is there something else?": their plan is a fine one; say yes
        notes[:] = [n for n in notes if n not in (_GO_AHEAD, _DEPTH_NOTE)]  # one answer to "deeper, or enough?"
        topic = re.sub(r"^(?:the|my|our)\s+", "", proposed.group("x").strip())
        failures = bool(re.search(r"\bfail|\boutage|\bwhat (?:can )?(?:goes|go) wrong|\bbreak", topic, re.I))
        topic = re.sub(r"\band on\b", "and", topic)  # "the hot SKU case and on payment failures"
        either = len(offered_options(analysis.text)) >= 2  # "X next, or Y?": no "yes" to an either-or, the pick said
        notes.append(f"Yes, keep going with the {topic}." if proposed.re is _KEEP_GOING else
                     f"Take {'failures' if failures else 'the ' + topic} next." if either and proposed.re is not _PLAN else
                     f"Yes, spend it on the {topic}." if proposed.re is _PLAN else
                     f"Yes, go deeper on the {topic}." if proposed.re is _DEEPER_ON else
                     f"Yes, take {'failures' if failures else 'the ' + topic} next.")
        target: PhaseId = "failure_modes" if failures else phase
        return done(Act(kind="listen", phase=target, subject="agreed"),
                    new_phase=target if phase_index(target) > phase_index(phase) else None)
    elif direction and not analysis.questions:
        pieces_known = len(set(covered.get("components", [])) | set(analysis.components)) + len(
            set(covered.get("technologies", {})) | {t.tech_id for t in analysis.technologies})
        designed = phase in ("requirements", "estimation") and pieces_known >= KNOWN_DESIGN + 2  # a design laid out
        # early: where to go deeper in it, not back to the requirements
        act = _direction(card, asked, done_items, "high_level_design" if designed else phase, company)
        options = offered_options(analysis.text) if phase_index(phase) >= phase_index("high_level_design") or \
            designed else []
        if phase == "high_level_design" and pieces_known < KNOWN_DESIGN and not options:
            # "draw the high level now, or more numbers first?" with no design yet: the design now, not a deep
            # dive into pieces they have not drawn
            act = Act(kind="give_direction", phase=phase, subject="the high-level design now: the main pieces and "
                                                                   "how data moves between them")
        if options:  # they offered two ways: take one of theirs, the card's way when it is one of them
            planned = _content(f"{act.subject or ''} {act.question or ''}")
            pick = options[0] if leans_to(analysis.text) else max(options, key=lambda o: len(_content(o) & planned))
            if not _content(pick) & planned:
                named = pick if re.match(r"(?:the|a|an|my|our|your|how|what|why|where)\b", pick, re.I) else f"the {pick}"
                act = Act(kind="give_direction", phase=phase, subject=named,
                          question="What's the key idea, and where does it break?")
        if phase_index(act.phase) > phase_index("deep_dive") and minute < phase_end(kb, fmt, "deep_dive") - 4:
            single = re.compile(r"probe:\d+:\d+")  # a probe they answered, or chose from, is not put; early on, a
            answered = Discussed({t for t in done_items if single.fullmatch(t)},  # deep dive they only touched is
                                 {t: p for t, p in done_items.scores.items() if single.fullmatch(t)},
                                 done_items.said, done_items.heard)
            touched = _deep_dive(card, asked, "deep_dive", company, answered)
            offered = not options or any(_content(o) & _content(f"{touched.subject or ''} {touched.question or ''}")
                                         for o in options)  # ways of their own offered: a card topic among them
            if touched.kind == "deep_dive_probe" and touched.question and offered:
                act = Act(kind="give_direction", phase="deep_dive" if phase_index(phase) < phase_index("deep_dive")
                          else phase, subject=touched.subject, question=touched.question, tag=touched.tag)
        if act.question:  # a card scenario about a product they do not use is said with their piece, or not at all
            mine = [t for t in list(covered.get("technologies") or {}) + [m.tech_id for m in analysis.technologies]
                    if t not in set(covered.get("dropped", [])) | set(update["dropped"])]
            question, foreign = _fit_to_stack(kb, act.question, act.tag is not None and act.tag.startswith("probe:"),
                                              mine, list(covered.get("components", [])) + analysis.components)
            act.question = None if foreign else question
            if foreign:  # "Is Elasticsearch needed?" to one without it: not "Start with search.", a piece of theirs
                act.subject = "own"
        theirs = depth_probe(kb, covered, analysis, asked, "failure_modes", said, DEPTH_MAX + 2, heard) \
            if act.subject == "own" else None
        if theirs is not None:  # the plan is covered: point at a piece of their own design, not "your call"
            act = Act(kind="give_direction", phase=phase, subject=theirs.subject, question=theirs.question,
                      tag=theirs.tag)
        return done(act, new_phase=act.phase if phase_index(act.phase) > phase_index(phase) else None)
    reflecting = phase in ("deep_dive", "failure_modes") and minute >= fmt * 0.55 and \
        bool(_REFLECTING.search(analysis.text)) and not analysis.questions
    early_check = bool(checking) and phase_index(phase) <= phase_index("high_level_design") and \
        minute < fmt * EARLIEST_WRAP and not analysis.summary  # "i think thats it? am i
    # missing something big" about a list early on: a check-in, not the end of the round
    if phase in ("high_level_design", "deep_dive", "failure_modes") and (_CLOSING.search(analysis.text) or reflecting) and (
            about_us or not analysis.questions) and not early_check:  # they consider the design done: the wrap-up, their questions last
        if about_us:
            notes.append("Happy to take your questions at the end.")
        # a summary with a third of the round left is not the end either: the time is used first
        more = _use_the_time(state, analysis, card, kb, covered, asked, done_items, minute, fmt, level, company, phase)
        if more is not None:  # a third of the round is left: use it, as a person would, once
            update["kept_going"] = int(covered.get("kept_going") or 0) + 1
            notes[:] = [n for n in notes if n not in (_SCORECARD_NOTE, _START_NOTE, _GO_AHEAD)]
            return done(more, new_phase=more.phase if phase_index(more.phase) > phase_index(phase) else None)
        if analysis.summary:  # they summed it up already: straight to the reflection, or past it when given
            ahead = bool(_MORE_TIME.search(analysis.text)) or bool(covered.get("reflected"))
            if ahead:
                update["reflected"] = True
            return done(Act(kind="follow_up", phase="wrap_up", subject="questions" if ahead else "reflect"),
                        new_phase="wrap_up")
        return done(Act(kind="ask_summary", phase="wrap_up"), new_phase="wrap_up")
    if about_us:
        nxt = _phase_act(state, analysis.model_copy(update={"questions": [], "asks": []}), card, kb, covered, asked,
                         done_items, minute, fmt, level, company, phase)
        later = Act(kind="redirect", phase=phase, subject="later",
                    secondary=nxt.act if nxt.act.kind != "answer_question" else None)
        return done(later, new_phase=nxt.act.phase if nxt.act.phase != phase else None)
    if off_topic and not analysis.questions:
        nxt = _phase_act(state, analysis, card, kb, covered, asked, done_items, minute, fmt, level, company, phase)
        redirect = Act(kind="redirect", phase=phase, secondary=nxt.act if nxt.act.kind != "answer_question" else None)
        return done(redirect, new_phase=nxt.act.phase if nxt.act.phase != phase else None)

    # the diagram: an over-built box, a box with no arrows, a box never explained (one at a time, not twice running)
    drawn = _diagram_question(state, kb, card, asked, analysis, previous_kinds, phase)
    if drawn is not None:
        return done(drawn, new_phase=drawn.phase if drawn.phase != phase else None)

    if not answers and not analysis.questions and phase in ("high_level_design", "deep_dive", "failure_modes") and \
            guessed_aloud(split_sentences(analysis.text)) and "listen" not in previous_kinds:
        notes.append(_GUESSED)  # "…they might both send the same reminder. I guess we just run one?": their step,
        return done(Act(kind="listen", phase=phase, subject="agreed"))  # weighed, before any new topic of ours

    # 7. the company question, once a design exists
    components = list(covered.get("components", [])) + analysis.components
    dropped = set(covered.get("dropped", [])) | set(update["dropped"])
    maybe = set(covered.get("alternatives", [])) | set(update["alternatives"])  # "or Redis if you already run it"
    covered = {**covered, "alternatives": sorted(maybe)}  # named this turn as what it would be: no deeper question
    techs = [t for t in [t.tech_id for t in analysis.technologies] + list(reversed(list(earlier)))
             if t not in introduced and t not in dropped and t not in maybe and
             _category(kb, t) not in ("protocol", "technique")]
    design_exists = phase_index(phase) >= phase_index("deep_dive") and len(components) + len(techs) >= 2  # not mid-sketch
    company_tags = [t for t in covered.get("asked", []) if t.startswith("company:")]  # its own, not look-alikes
    since = _turns_since_company(covered)
    if (company in ("amazon", "startup") and design_exists and not analysis.questions
            and len(company_tags) < company_budget(company, fmt) and since >= COMPANY_GAP and phase != "wrap_up"
            and not _walking_list(analysis)):  # a walk through failures of their own under way: theirs first
        called = {**dict(covered.get("spoken", {}) or {}), **update["spoken"]}  # "etcd", not "ZooKeeper"
        buyable = [t for t in techs if _category(kb, t) in ("queue", "search", "cache", "storage", "coordination", "network")
                   and t not in _MANAGED and tech_name(kb, t).lower() not in _GENERIC_NAMES
                   and not _MANAGED_NAME.search(called.get(t) or "")]  # not "run SQS (or ElastiCache) in-house?"
        services = [c for c in components if re.search(r"\b(?:service|worker|pipeline|engine|api|gateway)\b", c, re.I)]
        subject = (called.get(buyable[0]) or tech_name(kb, buyable[0])) if buyable else None  # a product, not a service
        traps = [t for t in techs if (t in card.over_engineering_traps or above_scale(kb, t, card)) and not earlier.get(t)]
        found = company_ask(kb, company, asked, done_items, subject,
                            (called.get(traps[0]) or tech_name(kb, traps[0])) if traps else None,
                            services[0] if services else subject, deadline_of([f.answer for f in card.hidden_facts]))
        if found and not _already_asked(found[0], said):
            return done(Act(kind="company_question", phase=phase, question=found[0], tag=found[1]))

    previous = Act.model_validate(previous_act) if previous_act else None
    last_said = (_interviewer_said(state) or [""])[-1]
    if previous is not None and not analysis.questions and not analysis.dont_know and not wrong:
        left = minute < phase_end(kb, fmt, phase) - 1
        estimating = bool(analysis.arithmetic or analysis.figures) and (  # numbers, a box named on the way at most
            not (analysis.components or analysis.technologies) or analysis.intent == "estimate" or
            len(analysis.figures) > max(2, len(analysis.components) + len(analysis.technologies)))
        if phase == "high_level_design" and left and estimating and previous.kind in ("move_to_design", "probe_design"):
            return done(Act(kind="listen", phase=phase,
                            hint="numbers_hold" if analysis.arithmetic and not left_open and _vouched(analysis, covered)
                            else None))
        chased = previous.tag and f"chase:{previous.tag}" in asked
        elsewhere = max((p for t, p in analysis.coverage.items() if t != previous.tag
                         and not (previous.tag or "").startswith(t + ":") and not t.startswith((previous.tag or "-") + ":")),
                        default=0.0)
        parent = ":".join((previous.tag or "").split(":")[:2])  # the deep dive of a probe
        if left and previous.kind in _CHASED and previous.tag and not chased and elsewhere >= COVERED and \
                not analysis.summary and \
                analysis.substantive_words < CHASE_WORDS and \
                analysis.coverage.get(previous.tag, 1.0) < UNANSWERED and \
                analysis.coverage.get(parent, 0.0) < 3 * UNANSWERED and \
                done_items.score(parent) < PASSING:  # moved on unanswered, from a topic they never really took up
            return done(Act(kind="chase", phase=phase, subject=_chase_subject(previous, card, last_said),
                            tag=f"chase:{previous.tag}"))
        listened = 0  # listens running, just before this turn
        for kind_said in reversed(list(covered.get("acts", []))):
            if kind_said != "listen":
                break
            listened += 1
        owed = previous.kind in _CHASED and previous.tag and not chased and \
            _still_owed(previous, analysis, card) and _chase_subject(previous, card, last_said)
        if left and phase in ("high_level_design", "deep_dive", "failure_modes") and listened < 1 and \
                analysis.substantive_words >= 25 and (_TAKES_UP.search(analysis.text.strip()) or
                                                      _GOING_ON.search(_last_sentence(analysis.text))) and \
                not _REFLECTING.search(analysis.text) and not analysis.summary:  # they lead with a topic of their own: let them, once,
            if owed:  # unless our question went unanswered: that answer first
                return done(Act(kind="chase", phase=phase, subject=_chase_subject(previous, card, last_said),
                                tag=f"chase:{previous.tag}"))
            return done(Act(kind="listen", phase=phase, subject="driving"))
    if _REFLECTING.search(analysis.text) and phase_index(phase) >= phase_index("deep_dive"):
        covered = {**covered, "reflected": True}  # "with more time I'd…" said: no "what would you do with more time?"
    could = set(covered.get("could_be", [])) | set(update["could_be"])
    used_now = {m.tech_id for m in analysis.technologies if not _could_be(m, analysis.text)}
    chosen = [t for t in _their_pieces(covered, analysis)[0] if t not in could or t in used_now]  # "it could also
    # be Redis, same idea": no Redis failure asked of them
    heard_out = analysis  # a question with nothing to tell them (they answered it themselves): carry on as if unasked
    if analysis.questions and not answers and not assume and not your_call:
        heard_out = analysis.model_copy(update={"questions": []})
    for _ in range(3):  # a card scenario about a piece they do not have ("Redis goes down", no cache drawn) is skipped
        decision = _phase_act(state, heard_out, card, kb, covered, asked, done_items, minute, fmt, level, company, phase)
        act = decision.act
        if act.phase == "wrap_up" and phase in ("deep_dive", "failure_modes") and analysis.summary and (  # a full
                more := _use_the_time(state, analysis, card, kb, covered, asked, done_items, minute, fmt, level,
                                      company, phase)) is not None:  # summary early: as when they say they are done
            update["kept_going"] = int(covered.get("kept_going") or 0) + 1
            act = decision.act = more
        if act.kind in ("failure_probe", "scale_twist", "deep_dive_probe") and act.question:
            act.question, foreign, absent = _misfit(kb, act, chosen, components, [card.prompt] + said + heard)
            act.question = _one_of_several(act.question, heard)
            figures_said = list(covered.get("figures", [])) + [f.text for f in analysis.figures]
            act.question = _their_sizes(act.question, figures_said)
            if act.kind == "scale_twist" and _twist_reached(act.question, figures_said,
                                                            list(covered.get("answers", [])) + answers):
                foreign = ["reached"]  # "Now you have 2 billion users" to one designing for 500 million a day
            if act.kind == "scale_twist" and _already_built(act.question, heard):
                foreign = ["built"]  # "a ranked feed instead of a chronological one" to one who designed the ranking
            if act.kind == "deep_dive_probe" and _presumes(act.question, heard, list(covered.get("answers", []))):
                foreign = ["presumed"]  # "Is 20/min there too strict?" to one who never split the limit
            if act.kind == "deep_dive_probe" and (_settled_kind(kb, act.question, covered, update, heard) or
                                                  _sized_already(act.question, heard)):
                foreign = ["settled"]  # "Do you need a cache?" to one who justified Redis, or said "no cache"; "How
                # much data will this hold?" to one who said "a few million rows times 500 bytes, a couple of GB"
            if act.kind == "scale_twist" and _ruled_out_by_us(act.question, _interviewer_said(state)):
                foreign = ["out of scope"]  # "add live streaming" after we said live streaming is out of scope
            if _scenario_put_before(act.question, said):
                foreign = ["put"]  # "a 30-minute card processor outage on Black Friday" after "Stripe is down for
                # 30 minutes on Black Friday": the same scenario under another item of the card
            if foreign and act.tag:
                passed = _passed_over(act, card, whole_topic=absent)
                asked = asked + passed  # passed over, and never put again later
                update.setdefault("asked", []).extend(passed)
                continue
        break
    else:  # card question after card question about pieces they do not have: one about their own, or let them go on
        act = depth_probe(kb, covered, analysis, asked, phase, said, getattr(done_items, "depth_limit", DEPTH_MAX),
                          heard) or Act(kind="listen", phase=phase)
        decision = _Next(act=act, warned=decision.warned)
    if act.kind == "scale_twist" and "scale_twist" in previous_kinds:  # never a change stacked on a change
        theirs = depth_probe(kb, covered, analysis, asked, "deep_dive", said,
                             getattr(done_items, "depth_limit", DEPTH_MAX), heard)
        act = theirs or Act(kind="listen", phase=phase)
    if act.kind == "failure_probe" and sum(1 for f in analysis.failure_modes if _SCENARIO_SAID.search(f)) >= \
            OWN_FAILURES and not analysis.questions and \
            "listen" not in previous_kinds and not analysis.summary:
        act = Act(kind="listen", phase=act.phase, subject="deeper")  # they walked through failures of their own: the
        # weakest of those first, not a scenario of ours they may have just answered in other words
    if act.kind in _NEW_TOPIC and _walking_list(analysis) and "listen" not in previous_kinds:
        act = Act(kind="listen", phase=act.phase)  # "one, APNs throttles us… two, a worker crashes…": a list of
        # their own under way, let them finish it before a topic of ours
    stacking = act.kind in _CHASED and act.tag != (previous.tag if previous is not None else None)
    if (act.kind == "listen" and act.subject in (None, "driving", "deeper") or stacking) and previous is not None and \
            previous.kind in _CHASED and previous.tag and f"chase:{previous.tag}" not in asked and \
            not analysis.questions and _still_owed(previous, analysis, card) and \
            not analysis.summary and _chase_subject(previous, card, last_said):  # summing up: not the moment to chase
        # about to say only "go on", or to pile a new question on ours, while ours went unanswered: ask for the
        # answer once
        act = Act(kind="chase", phase=phase, subject=_chase_subject(previous, card, last_said), tag=f"chase:{previous.tag}")
    if act.kind == "failure_probe" and "failure_probe" in previous_kinds:
        act.subject = "next"  # already talking about failure: no "let's talk about failure" again
    if analysis.arithmetic and all(a.ok for a in analysis.arithmetic) and \
            act.kind not in ("challenge_arithmetic", "challenge_input", "correct_input") and not left_open and \
            _vouched(analysis, covered):
        act.hint = act.hint or "numbers_hold"
    elif left_open and act.kind not in ("challenge_arithmetic", "challenge_input", "correct_input"):
        act.hint = act.hint or "numbers_open"  # moving on with a questioned figure still standing: no "Good."
    if act.kind == "follow_up" and act.subject == "questions" and covered.get("questions_answered"):
        act.subject = "done"  # they asked theirs already: nothing to invite
    elif act.kind == "follow_up" and act.subject == "questions" and covered.get("owed"):
        update["questions_answered"] = True
        act = Act(kind="answer_theirs", phase=phase, subject="owed", question=list(covered.get("owed", []))[0])
    if phase == "wrap_up" and act.kind == "follow_up" and _CLOSING.search(analysis.text) and not analysis.questions:
        act = Act(kind="close", phase="wrap_up", subject="done")  # they have nothing more: thanks and goodbye
    if act.kind == "probe_design" and len(components) + len(techs) < 2:
        act.subject = "early"
    nod = _seeks_nod(analysis, card) if not answers else None
    if nod is not None and phase in ("high_level_design", "deep_dive", "failure_modes"):  # "maybe leave gaps like 100,
        # 200, 300… is that a normal way to do it?": their own idea, weighed, not turned back to them
        your_call.clear()
        notes.append(nod)
        if act.kind in ("follow_up", "answer_question"):
            act = Act(kind="listen", phase=phase, subject="agreed")
    if your_call and phase in ("deep_dive", "failure_modes", "wrap_up") and not answers and \
            all(PRODUCT_CHOICE.search(q) for q in your_call):
        your_call.clear()  # "do you want copyright matching in the critical path or async?": a product decision the
        notes.append(_EITHER_WAY)  # card is silent on, theirs to make and cost, not a design question turned back;
        act = Act(kind="listen", phase=phase, subject="agreed")  # their pick next, before any new question of ours
    if act.kind in ("follow_up", "answer_question") and your_call and phase in ("deep_dive", "failure_modes", "wrap_up") \
            and not answers:
        your_call.clear()  # a design question late on is turned back to the candidate, not "your call"
        act.kind = "turn_back"
    if act.kind == "answer_question" and not answers and (assume or your_call):
        act.kind = "assume_figure" if assume and not your_call else "your_call"
    if act.kind == "answer_question" and analysis.asks and all(a.kind == "scope" for a in analysis.asks if
                                                               a.kind not in ("meta", "off_topic")):
        act.kind = "answer_scope"
    warned[:] = decision.warned
    return done(act, new_phase=act.phase if act.phase != phase else None)


_OVER_CHOICE = ("challenge_arithmetic", "challenge_input", "correct_input", "concede_check", "refuse_answer",
                "refuse_hidden", "stay_in_role", "close", "answer_theirs", "redirect", "ask_summary")  # said first


WEIGH_QUESTION = re.compile(  # the reply to a design choice, built from the candidate's own two options
    r"^(?:What would make you (?:switch to .+|change your mind)|Why .+ over .+ here|What tips it for you|"
    r"So, .+ or .+: which would you pick here|Which would you pick here|"
    r".+ or .+: which would you pick here, and why|Which would you pick here, and what does each cost you)\?$")


def weigh_choice(choice: DesignChoice, act: Act) -> Act:
    """The reply to a design choice put to us: with a reasoned pick, what would change their mind; with a bare
    lean, what tips it; with costs laid out, which they would pick; with none, which and why. The phase of ``act``
    is kept, and its time statement unless it calls the next phase."""
    options = choice.options
    other = next((o for o in options if o != choice.lean), None) if choice.lean else None
    if choice.lean is not None and choice.reasoned and choice.switch_said:
        subject, question = "settled", None  # why, and what would change it, both said: nothing left to ask of it
    elif choice.lean is not None and choice.reasoned:
        subject = "reasoned"
        question = f"What would make you switch to {other}?" if choice.lean and other else \
            "What would make you change your mind?"
    elif choice.lean is not None:
        subject = "lean"
        question = f"Why {choice.lean} over {other} here?" if choice.lean and other else "What tips it for you?"
    elif choice.weighed:  # "websockets are nicer, but stateful; long polling fits our stack": the costs are said
        subject = "weighed"
        question = f"So, {options[0]} or {options[1]}: which would you pick here?" if len(options) == 2 else \
            "Which would you pick here?"
    else:
        subject = "open"
        question = f"{options[0]} or {options[1]}: which would you pick here, and why?" if len(options) == 2 else \
            "Which would you pick here, and what does each cost you?"
    moving = bool(act.transition and "move on to" in act.transition)  # "let's move on to the estimates. Why 301
    # over 302?" says two things at once: the choice now, the next phase on the next turn
    return Act(kind="weigh_choice", phase=act.phase, subject=subject, question=question,
               transition=None if moving else act.transition)


_NOD = re.compile(r"\b(?:is|would) (?:that|this|it) (?:be )?(?:a |the )?(?:normal|common|standard|usual|typical|reasonable|"
                  r"sensible|good|okay|ok|fine|legit)(?: (?:way|approach|thing|idea|pattern|practice|solution))?\b", re.I)
SIGNAL_WORDS = 3  # content words shared with one of the card's good signals: the idea is the standard one


def _seeks_nod(analysis: TurnAnalysis, card: ProblemCard) -> str | None:
    """Their own idea with "is that a normal way to do it?": said to be the usual approach when it shares words with
    one of the card's good signals, else said to be workable and theirs to defend; None when no idea came first."""
    asking = next((a.text for a in analysis.asks if _NOD.search(a.text)), None)
    if asking is None:
        return None
    before = analysis.text[: analysis.text.find(asking)] if asking in analysis.text else ""
    if len(before.split()) < PROPOSAL_WORDS:
        return None
    said = _content(before)
    usual = any(len(_content(signal) & said) >= SIGNAL_WORDS for dive in card.deep_dives for signal in dive.good_signals)
    return "Yes, that's a common way to do it." if usual else "It can work; the question is what it costs you here."


PROPOSAL_WORDS = 15  # words of their own idea before "is that normal?"
_GUESSED = "It can work; the question is what it costs you here."


def _diagram_question(state: InterviewState, kb: Knowledge, card: ProblemCard, asked: list[str],
                       analysis: TurnAnalysis, previous_kinds: list[str], phase: PhaseId) -> Act | None:
    raw = state.get("diagram")
    shown = phase in ("requirements", "estimation") and bool(analysis.components or _DESIGN_SHOWN.search(analysis.text))
    # "Here is my design: …" with boxes drawn, while the numbers were still going: the design is on the table
    if not raw or phase not in ("high_level_design", "deep_dive") and not shown or analysis.questions or \
            any(t.startswith("diagram:") for t in asked[-1:]) or "depth_probe" in previous_kinds[:1]:
        return None
    try:
        diagram = load_diagram(raw)
    except DiagramError:
        return None
    said = " ".join(t.content for t in state.get("transcript", []) if t.role == "candidate")
    found = diagram_ask(diagram, said, asked, kb, card.scale, set(card.over_engineering_traps))
    if found is None:
        return None
    return Act(kind="depth_probe", phase="high_level_design" if shown else phase, subject=found.box,
               question=found.question, tag=found.id)


_DESIGN_SHOWN = re.compile(r"\b(?:here(?:'s| is) (?:my|the) (?:design|architecture|diagram)|(?:my|the) (?:design|"
                           r"architecture) (?:is|looks like)|i(?:'ve| have) drawn)\b", re.I)
_STORE_KINDS = {"wide-column": "the wide-column store", "wide column": "the wide-column store",
                "key-value": "the key-value store", "key value": "the key-value store", "nosql": "the NoSQL store",
                "document store": "the document store", "document db": "the document store",
                "time-series": "the time-series store", "columnar": "the columnar store",
                "in-memory": "the in-memory store", "relational": "the relational database",
                "sql": "the SQL database"}
_PLAIN_WORDS = frozenset({"cache", "queue", "database", "broker", "storage", "store", "search", "index", "lock", "stream",
                          "bucket", "replica", "replicas", "replication", "failover", "standby", "sharding", "shard",
                          "shards", "partition", "partitioning", "gateway", "proxy", "worker", "workers", "cluster",
                          "balancer", "pubsub", "cron"})  # lower-case words naming a kind of piece, not a product
_GENERIC_NAMES = frozenset({"replica", "replicas", "replication", "failover", "standby", "load balancer",
                            "load balancers", "load-balancer", "lb"})  # words and plumbing, not choices
_MANAGED_NAME = re.compile(r"\b(?:elasticache|memorystore|aurora|rds|cloud ?sql|kinesis|msk|amazon|aws|azure|gcp|"
                           r"google cloud|cosmos|bigtable|spanner|firestore|atlas|confluent|upstash|managed)\b", re.I)
_MANAGED = frozenset({"sqs", "dynamodb", "object-storage", "cdn", "api-gateway"})  # only ever bought (or a trivial
# choice: nobody builds an API gateway in an interview)
_FIGURES_CHECK = re.compile(  # their figures put to us for a check
    r"\b(?:does|do|would) (?:that|this|those|these|my)(?: numbers?| figures?| estimates?| assumptions?| math| maths|"
    r" arithmetic| sizing)? (?:sound|seem|look)(?: like)?"
    r" (?:about |roughly |more or less |the )?(?:right|ok|okay|reasonable|fair|correct|sane)\b|\bsounds? (?:about )?right\b|"
    r"\bthe right ballpark\b|"
    r"\b(?:is|are) (?:that|this|those|these)(?: numbers?| figures?)? (?:about |roughly )?(?:right|correct|accurate)\b|"
    r"\b(?:in|within) the (?:right )?ballpark\b|\bcorrect me\b|\bam i (?:close|in the ballpark|right)\b|"
    r"\b(?:tell me|let me know|stop me) if (?:that'?s|those are|these are|this is|they'?re|it'?s|i'?m) (?:\w+ )?(?:off|wrong)\b",
    re.I)
_NOT_AMOUNTS = frozenset({"ms", "percent", "other"})  # latencies, shares, multipliers, durations, money
_DEFAULT_STORES = frozenset({"postgresql", "mysql"})  # the sensible default store: never "why not something simpler?"
WRAP_DIRECTION_MINUTES = 8  # with more left, "where should I go deeper?" in the wrap-up gets a direction, not the end
_INVITED = "Sure, here's one I'd push on."
_DEEPER = re.compile(r"\b(?:go|dig|dive) (?:deeper|further)\b|\b(?:expand|elaborate) on\b", re.I)
_GO_BACK = re.compile(r"\b(?:go|come|get) back to\b|\brevisit\b|\breturn to\b", re.I)
INVITE_MINUTES = 3  # with less left, an invitation to push back is thanked, not taken up
_CHASED = ("deep_dive_probe", "failure_probe", "scale_twist", "depth_probe")
_NUMBERS_NEXT = re.compile(r"\b(?:move|moving|go|going|get|getting|turn|turning|jump|jumping) (?:on )?(?:to|into) (?:the |some )?(?:estimat\w*|numbers|math|"
                           r"maths|back[- ]of[- ](?:the[- ])?envelope)\b|\blet me (?:do|run|work out) (?:the |some )?"
                           r"(?:numbers|estimates|math|maths)\b", re.I)  # the candidate's own next step: the numbers
ESTIMATE_GRACE = 3  # minutes past the estimation budget allowed when no number has been given yet
REQUIREMENTS_GRACE = 2  # minutes past the requirements budget a candidate still asking about the problem is given
CHASE_WORDS = 40  # a turn this long on another topic is a contribution to follow, not a dodge to chase
UNANSWERED = 0.05  # below this chance that the last question's item was addressed, the answer is still owed


SCENARIO_UNANSWERED = 0.2  # a failure or a change we put is still owed below this chance: under the 0.3 at which a
# failure counts as covered, above the 0.003-0.17 that replies on another topic got in 40 replayed interviews


def _still_owed(previous: Act, analysis: TurnAnalysis, card: ProblemCard) -> bool:
    """Our last question is still owed after this turn: a scenario the model rates as not taken up, a new
    requirement none of whose words come back. A question on one of their own pieces is not chased: it is often
    asked of ground they walked in other words, and asking it twice compounds that."""
    tag = previous.tag or ""
    kind, _, rest = tag.partition(":")
    if kind in ("failure", "twist"):
        return analysis.coverage.get(tag, 1.0) < SCENARIO_UNANSWERED
    if kind == "extend" and rest.isdigit() and int(rest) < len(card.nice_to_have):
        return not _mentioned(card.nice_to_have[int(rest)], analysis.text.lower())
    return analysis.coverage.get(tag, 1.0) < UNANSWERED


_PUT_RIGHT = re.compile(r"\b(?:wait|hold on|sorry|oops|off by|i mean|actually|correction|scratch that|no,? (?:it'?s|that'?s))\b",
                        re.I)


def _redone(step: ArithmeticCheck, analysis: TurnAnalysis) -> bool:
    """A slip put right later in the same turn: "…roughly 3.5k QPS. Wait, that's off by 10x. 3B over 86k is about
    35k": after the slip's sentence, a word of correction and the right result."""
    at = analysis.text.find(step.claim)
    after = analysis.text[at + len(step.claim):] if at >= 0 else ""
    return bool(_PUT_RIGHT.search(after) or _SELF_FIX.search(after)) and any(
        abs(f.figure.value - step.expected) <= 0.05 * abs(step.expected) for f in parse_figures(after))


def _chase_subject(previous: Act, card: ProblemCard, last_said: str = "") -> str:
    """How to name an unanswered question when coming back to it (never its words again): by the topic it was put
    under when that was said with it, else as "my last question" (never a card title the candidate never heard);
    a new requirement by the requirement."""
    kind, _, rest = (previous.tag or "").partition(":")
    if kind == "extend" and rest.isdigit() and int(rest) < len(card.nice_to_have):
        item = card.nice_to_have[int(rest)].rstrip(".")
        return item[:1].lower() + item[1:] if not item[:2].isupper() else item
    if previous.kind in ("deep_dive_probe", "depth_probe") and previous.subject:
        named = {w for w in re.findall(r"[a-z]{4,}", previous.subject.lower())}
        heard = set(re.findall(r"[a-z]{4,}", last_said.lower()))
        return previous.subject if not last_said or named <= heard else "my last question"
    if previous.kind in ("failure_probe", "scale_twist") and previous.question:  # "The CDN has an outage." -> "the CDN
        # has an outage"; "We now run in 5 data centers." -> "we now run in 5 data centers"
        first = re.sub(r"^Now,?\s+", "", re.split(r"(?<=[.:?])\s+", previous.question.strip())[0].rstrip(".:?"))
        first = re.sub(r"^(add|limit|support|allow|make)\b", lambda m: "we " + m.group(1).lower(), first,
                       flags=re.I)  # "Add live streaming." -> "we add live streaming"
        if not re.match(r"(?:what|how|why|when|which|who|can|could|does|do|is|are)\b", first, re.I):
            common = re.match(r"(?:the|a|an|our|your|one|two|three|four|five|ten|thousands|millions|many|some|all|"
                              r"every|each|half|most|several|a few|we|you|product|marketing|investors|leadership|"
                              r"executives|uploads|traffic|volume|daily|different)\b", first, re.I)  # "Redis restarts"
            # keeps its case
            return first[:1].lower() + first[1:] if common else first
    return ""


_ASKED_ABOUT = frozenset({  # what a pushback asks about, as five-letter stems: "which indexes…?" is about "index"
    "index", "shard", "parti", "evict", "repla", "reten", "quoru", "failo", "consi", "dedup", "idemp", "schem",
    "table", "offse", "order", "hotte", "fanou", "batch", "expir"})


def _already_said(option: str, turn: str, own: str = "") -> bool:
    """The pushback's own subject ("Which indexes…?") is already in what the candidate said ("a unique index on code");
    the technology's own name (``own``: "sharded" for "what is the shard key?") is no such subject."""
    said = {w[:5] for w in re.findall(r"[a-z]{5,}", turn.lower())}
    asks = {w[:5] for w in re.findall(r"[a-z]{5,}", option.lower())} & _ASKED_ABOUT
    return bool((asks - {w[:5] for w in re.findall(r"[a-z]{5,}", own.lower())}) & said)


def _pushback(kb: Knowledge, mention: TechMention | None, tech_id: str, asked: list[str],
              card_text: str = "", role: bool = True, rates_given: bool = False, turn: str = "",
              sizes_given: bool = False) -> tuple[str, str]:
    """The "why?" for a technology, fitted to the role it plays here (Redis as pub/sub is not a cache)."""
    role_name = _role(kb, mention) if mention is not None and role else None
    if role_name:
        name = tech_name(kb, tech_id)
        return (f"What does {name} give you as the {role_name} here, and what would you use if it weren't available?",
                f"tech:{tech_id}:role")
    tech = kb.technologies.get(tech_id)
    name = tech_name(kb, tech_id)
    said = (mention.quote if mention else "").lower()
    for n, option in enumerate(tech.pushback if tech else []):
        tag = f"tech:{tech_id}:{n}"
        others = named_technologies(kb, option) - {tech_id} - named_technologies(kb, said)
        presumes = re.search(r"\d|\bthat many\b|\bthose numbers?\b", option) or (
            re.search(r"\bIDs?\b|\bsequence\b", option) and not re.search(r"\bIDs?\b|\bcodes?\b", card_text))
        load = re.search(r"per second|how many (?:writes|reads|requests)|\bwhat load\b", option, re.I)
        volume = re.search(r"\bhow much (?:\w+ )?(?:data|storage)\b|\bper (?:year|day)\b", option, re.I)
        if tag not in asked and not others and not presumes and not (load and rates_given) and \
                not (volume and sizes_given) and \
                not _already_said(option, turn, " ".join([tech_id, name, *(tech.aliases if tech else [])])):
            return option, tag
    return f"Why {name} here? What does it give you that a simpler option wouldn't?", f"tech:{tech_id}:plain"


def _complete_design(analysis: TurnAnalysis) -> bool:
    """A design pasted whole: several components or technologies, with numbers."""
    techs = {t.tech_id for t in analysis.technologies}
    named = {w for t in analysis.technologies for w in re.findall(r"[a-z0-9]+", f"{t.tech_id} {t.name}".lower())}
    own = [c for c in analysis.components if not set(re.findall(r"[a-z0-9]+", c.lower())) & named]  # "Redis node" is
    pieces = len(own) + len(techs)  # Redis once, not a component and a technology
    return pieces >= 4 and (len(analysis.figures) >= 2 or bool(analysis.arithmetic)) and \
        analysis.substantive_words >= PASTED_WORDS  # an estimate naming its storage is not yet a design


def _turns_since_company(covered: Coverage) -> int:
    """Interviewer acts since the last company question (a large number when there was none)."""
    acts = list(covered.get("acts", []))
    if "company_question" not in acts:
        return 99
    return len(acts) - 1 - max(i for i, a in enumerate(acts) if a == "company_question")


PUT_BEFORE = 0.4  # this share of a question's distinctive words in one earlier turn of ours: asked already
_PLAIN_QUESTION = frozenset(stems("walk me through what breaks what does the user see how recover say goes down fails "
                                  "next failure let talk about another one before move on"))


def _scenario_put_before(question: str, said: list[str]) -> bool:
    """Whether an earlier turn of ours put the same scenario in other words (shared distinctive words, three at
    least): one scenario is asked once however many items of the card describe it."""
    def words_of(text: str) -> set[str]:  # with its figures: "30" minutes is as telling as "outage"
        return (stems(text) | set(re.findall(r"\d+", text.replace(",", "")))) - _PLAIN_QUESTION

    mine = words_of(question)
    if len(mine) < 3:
        return False
    for turn in said:
        earlier = " ".join(re.split(r"(?<=[.!?])\s+", turn.strip())[-2:])  # what it asked, not the facts it told
        shared = mine & words_of(earlier)
        if len(shared) >= 3 and len(shared) / len(mine) >= PUT_BEFORE:
            return True
    return False


def _already_asked(question: str, said: list[str]) -> bool:
    key = question.lower().strip(" ?.")
    return any(key in s.lower() for s in said)


_WHETHER_KIND = re.compile(r"\b(?:do you (?:really |actually )?need|why (?:put|use|add|have)|is there a need for) "
                           r"(?:an? |the )?(cache|queue|search index|cdn)\b", re.I)


def _settled_kind(kb: Knowledge, question: str, covered: Coverage, update: dict[str, Any], heard: list[str]) -> bool:
    """A probe asking whether to have a kind of piece ("Do you need a cache?") that the candidate already settled:
    a piece of that kind chosen with its reason, or the kind ruled out ("no cache for now")."""
    m = _WHETHER_KIND.search(question)
    if m is None:
        return False
    word = m.group(1).lower()
    kind = {**_NOUN_KIND, "cdn": "network"}.get(word, word)
    techs = {**dict(covered.get("technologies") or {}), **dict(update.get("technologies") or {})}
    out = set(covered.get("dropped", [])) | set(update.get("dropped", []))
    if any(reasoned and _category(kb, t) == kind for t, reasoned in techs.items()) or \
            any(_category(kb, t) == kind for t in out):
        return True
    return any(re.search(rf"\bno {word}\b|\bwithout an? {word}\b|\b{word} (?:is|would be) overkill\b", h.lower())
               for h in heard)


_ASKS_DATA = re.compile(r"\bhow much (?:data|storage|disk|memory|space)\b|\bfits? on (?:one|a single) (?:machine|box|server|"
                        r"node|instance|disk)\b|\bhow (?:big|large) (?:is|will|does) (?:the )?(?:data|dataset|table)", re.I)
_ASKS_RATE = re.compile(r"\bwhat (?:write|read|request|peak) rate\b|\bhow many (?:writes|reads|requests|queries) (?:per|a) "
                        r"second\b|\bwhat (?:qps|rps)\b", re.I)
_ASKS_SERVERS = re.compile(r"\bhow many (?:servers|machines|boxes|instances|nodes) do you need\b", re.I)
_SERVERS_SAID = re.compile(r"\b(?:\d+|one|two|three|four|five|ten|a single|a couple of|a few) (?:app |api |web )?(?:servers|"
                           r"machines|boxes|instances|nodes|server|machine|box|instance|node)\b|\bone (?:postgres|mysql|"
                           r"database)\b", re.I)


def _sized_already(question: str, heard: list[str]) -> bool:
    """A sizing probe the candidate's own figures already answer: "How much data will this hold? Does it fit on one
    machine?" after a size in bytes, "What write rate…?" after a rate a second, "How many servers do you need?" after
    a count of machines."""
    units = {f.figure.unit for h in heard for f in parse_figures(h)}
    if _ASKS_DATA.search(question):
        return "bytes" in units
    if _ASKS_RATE.search(question):
        return "per_second" in units
    if _ASKS_SERVERS.search(question):
        return any(_SERVERS_SAID.search(h) for h in heard)
    return False


def _presumes(question: str, heard: list[str], answers: list[str]) -> bool:
    """A probe that points at a figure of their design ("Is 20/min there too strict?") they never said."""
    said = " ".join(heard + answers).replace(",", "")
    for sentence in re.split(r"(?<=[.?!])\s+", question):
        figures = re.findall(r"\d+(?:\.\d+)?", sentence.replace(",", ""))
        if figures and re.search(r"\b(?:there|that|those|this|your)\b", sentence, re.I) and \
                any(not re.search(rf"(?<![\d.]){re.escape(f)}(?![\d])", said) for f in figures):
            return True
    return False


_ONLY = re.compile(r"\b([Tt])he (?:only (server|machine|instance|node|box|host)|(server|machine|instance|box|host))\b"
                   r"(?!s)")  # "the only server", "the server's disk": one box, where they run several
_COPIES = r"(?:server|machine|instance|node|box|host|replica|pod|container|copie|vm)"  # copie-s: "copies"


def _one_of_several(question: str, heard: list[str]) -> str:
    """"The only server dies" said to a candidate who runs several ("at least two, stateless behind a load
    balancer"): "One server dies"."""
    m = _ONLY.search(question)
    if m is None:
        return question
    noun = m.group(2) or m.group(3)
    nouns = rf"(?:{noun}|{_COPIES})"  # "three or so replicas per region" run the same piece several times over
    several = re.compile(rf"\b(?:two|three|four|five|several|multiple|\d+|a few|a pair of|at least (?:two|2))\s+"
                         rf"(?:or so\s+|or more\s+)?(?:[\w-]+\s+)?{nouns}s\b|"
                         rf"\b{nouns}s\b[^.]{{0,60}}\b(?:behind (?:a|the) load balancer|stateless)\b|"
                         rf"\bstateless\b[^.]{{0,40}}\b{nouns}s\b|\b{nouns}s?\b[^.]{{0,120}}\b(?:run|keep|have) at least (?:two|2)\b",
                         re.I)
    if not any(several.search(s) for s in heard):
        return question
    return f"{question[: m.start()]}{'One' if m.group(1) == 'T' else 'one'} {noun}{question[m.end():]}"


_NEED_WORDS = {"cache": r"\bcach(?:e|es|ed|ing)\b|\bin[- ]memory\b|\bhot (?:set|keys?|data)\b",
               "cdn": r"\bedge\b|\borigins?\b|\bcdns?\b"}  # what the piece is for, said without its name
_LOAD_FIGURE = re.compile(r"\d[\d,.]*\s*(?:k|m|b|thousand|million|billion)?\s*(?:qps|rps|/\s*s\b|(?:reads?|requests?|"
                          r"writes?|views?|streams?|queries)? ?(?:per|a) second|[kmgtpe]b\b|[kmgt]?bps\b|"
                          r"(?:tera|giga|mega|peta)(?:bits?|bytes?))", re.I)


def _need_argued(kb: Knowledge, tech_id: str, heard: list[str]) -> bool:
    """The candidate argued, with a load or size of this problem, for what the piece does, before or while naming it
    ("one cache read per timeline, which suits a read-heavy system at 70k QPS"; "100 terabits per second… Nobody
    serves that from an origin"): the reason is given, in other words."""
    words = _NEED_WORDS.get(tech_id) or _NEED_WORDS.get(_category(kb, tech_id) or "")
    if words is None:
        return False
    for k, sentence in enumerate(heard):
        if sentence.rstrip().endswith("?") or not re.search(words, sentence, re.I) or \
                re.search(rf"\bno (?:{words})|\bwithout (?:a |an )?(?:{words})", sentence, re.I):
            continue
        if _LOAD_FIGURE.search(sentence) or (k and _LOAD_FIGURE.search(heard[k - 1])):
            return True
    return False


_BOX = re.compile(r"\b(?:services?|databases?|dbs?|caches?|queues?|gateways?|workers?|stores?|balancers?|brokers?|"
                  r"cdn|servers?|prox(?:y|ies)|clusters?|buckets?)\b", re.I)  # a box of a drawing, not "api limits"


def _sizing_only(state: InterviewState, analysis: TurnAnalysis) -> bool:
    """Every candidate turn so far, this one included, was a question, or worked with numbers: no turn laid out
    a design, whatever pieces the sizing named on the way."""
    turns = [t.content for t in state.get("transcript", []) if t.role == "candidate"] + [analysis.text]
    return all("?" in t or len(re.findall(r"\d", t)) >= SIZING_DIGITS for t in turns)


SIZING_DIGITS = 4  # a turn with this many digits in it is working with numbers


def _misfit(kb: Knowledge, act: Act, chosen: list[str], components: list[str],
            talk: list[str]) -> tuple[str, list[str], bool]:
    """A card question said about the candidate's own pieces (:func:`_fit_to_stack`), what in it they do not have
    or nobody has named yet (``talk``: everything said so far, the prompt first), and whether that is its whole
    topic ("justifying the cache", none drawn): then no probe of the topic fits."""
    question, foreign = _fit_to_stack(kb, act.question or "", act.kind == "deep_dive_probe", chosen, components)
    if act.kind != "scale_twist" and len(set(chosen)) + len(set(components)) >= KNOWN_DESIGN:  # a design known
        # to miss it (a twist brings in what is new on purpose)
        foreign = foreign + _unintroduced(kb, question, talk)  # "The ETA service slows" to one whose matching never
        # called an ETA service
    absent = _subject_absent(kb, act, chosen, components)
    return question, foreign or absent, bool(absent)


def _passed_over(act: Act, card: ProblemCard, whole_topic: bool) -> list[str]:
    """The tags of a card question passed over, never put again later; with ``whole_topic``, every probe of its
    deep dive too."""
    tags = [act.tag or "", f"revisit:{act.tag}"]
    dive = re.match(r"probe:(\d+)", act.tag or "")
    if whole_topic and dive:
        tags += [f"{dive.group(0)}:{p}" for p in range(len(card.deep_dives[int(dive.group(1))].probes))] + [dive.group(0)]
    return tags


def _subject_absent(kb: Knowledge, act: Act, chosen: list[str], components: list[str]) -> list[str]:
    """The kind of piece a card topic is about ("justifying the cache") when the design has none of it."""
    if not act.subject or len(set(chosen)) + len(set(components)) < KNOWN_DESIGN:
        return []
    return _absent_kinds(kb, act.subject, chosen, components)


def _their_pieces(covered: Coverage, analysis: TurnAnalysis) -> tuple[list[str], list[str]]:
    """The technologies the candidate uses (not dropped) and the components they drew, so far and in this turn."""
    dropped = set(covered.get("dropped", [])) | {r.tech_id for r in analysis.rejected}
    earlier = covered.get("technologies") or {}
    chosen = [t for t in list(earlier) + [m.tech_id for m in analysis.technologies] if t not in dropped]
    return chosen, list(covered.get("components", [])) + analysis.components


def _fit_to_stack(kb: Knowledge, question: str, probe: bool, chosen: list[str],
                  components: list[str]) -> tuple[str, list[str]]:
    """A card question said about the candidate's own pieces, and the products it still names that they do not
    use: a probe loses its sentences about them ("Do you need a cache? Why Redis?"), a scenario names the piece
    they have instead ("the Redis cache" to a candidate with a cache of no name)."""
    question = _in_their_stack(kb, question, chosen)
    compared = _compared(kb, question)
    foreign = [t for t in named_technologies(kb, question) if t not in chosen and t not in compared
               and _category(kb, t) not in (None, "technique", "protocol")]
    if probe and foreign:
        parts = re.split(r"(?<=[.?!])\s+", question)
        cut = [k for k, q in enumerate(parts) if named_technologies(kb, q) & set(foreign)]
        kept = [q for k, q in enumerate(parts) if k not in cut]
        scenario = any(not parts[k].rstrip().endswith("?") and k < len(parts) - 1 for k in cut)  # "Redis is
        # unreachable. What does the API do?": the question stands on the scenario it would lose
        if kept and not scenario and not _LEANS_ON.search(kept[0]):  # never "Now what?" with its scenario cut away
            question, foreign = " ".join(kept), []
    if not probe and foreign:
        question, foreign = _unnamed(kb, question, foreign, components)
    if not foreign and len(set(chosen)) + len(set(components)) >= KNOWN_DESIGN:
        foreign = _absent_kinds(kb, question, chosen, components)  # a design described well enough to miss a piece
    if not foreign and re.search(r"\bprimary\b", question, re.I) and \
            any(t in _LEADERLESS and re.search(rf"\b{re.escape(re.sub(r'^Apache ', '', tech_name(kb, t)))}\b", question, re.I)
                for t in chosen):
        foreign = ["leaderless"]  # "The Cassandra primary fails": a store with no primary to fail
    stores = {t for t in chosen if _category(kb, t) == "database"}
    if not foreign and re.search(r"\bprimary\b", question, re.I) and not named_technologies(kb, question) and \
            stores and stores <= _LEADERLESS:
        foreign = ["leaderless"]  # "The metadata database primary fails" to one whose only store is DynamoDB
    if not foreign and _OWN_NODES.search(question) and any(_category(kb, t) == "storage" for t in chosen) and \
            not any(_category(kb, t) == "database" and t in _NODE_STORES for t in chosen):
        foreign = ["managed"]  # "A storage node dies", "how many storage nodes?" to one who keeps the bytes in S3
    return question, foreign


_OWN_NODES = re.compile(r"\bstorage (?:nodes?|servers?|machines?|disks?)\b", re.I)
_LEADERLESS = {"cassandra", "dynamodb"}  # every replica takes writes: no primary fails over
_NODE_STORES = {"cassandra", "mongodb"}  # stores whose nodes the candidate would run themselves


_SCENARIO_PIECE = re.compile(r"\b(?:the|your)\s+(?:[\w-]+\s+){0,2}?(queue|cache|search index)\b|"
                             r"\b(cache)d\s+[a-z]+", re.I)  # "the cache cluster", "thousands of cached feeds"


def _absent_kinds(kb: Knowledge, question: str, chosen: list[str], components: list[str]) -> list[str]:
    """The kinds of piece a card scenario is about ("The click-count queue backs up") that the candidate has none
    of: no technology of that category and no component of that kind."""
    said = " ".join(components).lower()
    out: list[str] = []
    for m in _SCENARIO_PIECE.finditer(question):
        kind = _NOUN_KIND[(m.group(1) or m.group(2)).lower()]
        if not any(_category(kb, t) == kind for t in chosen) and not re.search(_KIND_WORDS[kind], said):
            out.append(f"kind:{kind}")
    return out


_PART = re.compile(  # "the nightly import", "the ETA service", "last night's import": a part of the system, named
    r"\b(?:the|your|last)\s+((?:[\w/'-]+\s+){0,3}?)(services?|jobs?|tables?|queues?|imports?|workers?|"
    r"pipelines?|streams?|schedulers?|feeds?|ledgers?|counters?)\b", re.I)
_PLAIN = frozenset(["main", "primary", "only", "single", "whole", "entire", "new", "old", "one", "two", "second", "other", "same", "shared", "central", "global", "local", "regional", "read", "write", "hot", "cold", "big", "small", "slow", "busy", "separate", "bad", "right", "smallest", "last", "downstream", "upstream", "internal", "external", "backing", "underlying"])


def _unintroduced(kb: Knowledge, question: str, talk: list[str]) -> list[str]:
    """The parts of the system a card question takes as known ("The nightly import has failed", "The ETA service
    slows") that nobody has named yet, in the prompt, the interviewer's answers or the candidate's design."""
    known = stems(" ".join(talk))
    out: list[str] = []
    for m in _PART.finditer(question):
        words = [w for w in m.group(1).split() if w.lower() not in _PLAIN and not named_technologies(kb, w)]
        marks = stems(" ".join(words))
        if marks and not marks & known:
            out.append(f"unnamed:{' '.join(words).lower()}")
    return out


def _direction(card: ProblemCard, asked: list[str], done_items: set[str], phase: PhaseId, company: str) -> Act:
    """Where to go next, for "which part do you want me to go deeper on?"."""
    if phase in ("requirements", "estimation"):
        subject = "the rough numbers now, then the main components" if phase == "estimation" else \
            "the requirements and rough numbers first, then the main components"
        return Act(kind="give_direction", phase=phase, subject=subject)
    probe = _deep_dive(card, asked, "deep_dive", company, done_items)
    if probe.kind == "ask_summary":  # the planned ground is covered: the choice is theirs
        return Act(kind="give_direction", phase=phase, subject="own")
    later = probe.phase if phase_index(probe.phase) > phase_index(phase) else phase  # phases never go back
    act = Act(kind="give_direction", phase=later, subject=probe.subject or "failure handling",
              question=probe.question, tag=probe.tag)
    return act


_COULD_ALSO = re.compile(r"\bcould (?:also|just as well|equally well) (?:be|use|do)\b|"
                         r"\bwould (?:also|just as well|equally) (?:be fine|work|do)\b|"
                         r"\b(?:could|would) (?:probably |also |likely |maybe )*(?:be fine|work|do)(?: fine)?,? (?:too|as well)\b",
                         re.I)  # what it might have been: "postgres with partitioning could probably work too"
_COULD = re.compile(r"\b(?:could|might) (?:just )?(?:use|be|do)\b", re.I)
_RATHER = re.compile(r"^\W*(?:but |though |honestly,? )?(?:i'?d|i would|we'?d) (?:rather|prefer)\b|^\W*(?:but )?i prefer\b",
                     re.I)


def _could_be(mention: TechMention, text: str) -> bool:
    """Named as what it could also be ("it could also be Redis, same idea"), or as an option set aside in the next
    breath ("Could use Redis GEO for this. I'd rather own the structure, because…")."""
    if _COULD_ALSO.search(mention.quote):
        return True
    at = text.find(mention.quote)
    return bool(_COULD.search(mention.quote)) and at >= 0 and bool(_RATHER.search(text[at + len(mention.quote):]))
def _either_of(mention: TechMention, analysis: TurnAnalysis) -> bool:
    """Named as one of two ways ("a job queue on Postgres or Redis with a cron"): no choice made to question."""
    names = [re.escape(m.name) for m in analysis.technologies if m.tech_id != mention.tech_id]
    if not names:
        return False
    other = "|".join(sorted(names, key=len, reverse=True))
    own = re.escape(mention.name)
    return bool(re.search(rf"\b(?:{own})\s+or\s+(?:a |an |the |just |plain )?(?:{other})\b|"
                          rf"\b(?:{other})\s+or\s+(?:a |an |the |just |plain )?(?:{own})\b", mention.quote, re.I))


_ALTERNATIVE = re.compile(  # named as what they could have used, not what they use
    r"\bwould be (?:fine|enough|simpler|plenty|ok|okay)\b|\bi'?d (?:start|begin) with\b|\bif (?:the team|we were|it were)\b|"
    r"\b(?:over|instead of|rather than|versus|vs\.?) (?:\w+ ){0,2}$|"
    r"\bor \w+(?: \w+)? if (?:you|we) (?:already )?(?:run|have|use|know)\b|"  # "…, or Redis if you already run it"
    r"\beither (?:one )?(?:works|would work|is fine|would do)\b|\bany of (?:them|those) (?:works|would work)\b|"
    r"\b(?:works?|would work|would do) (?:just )?as well\b", re.I)  # "outside Google, sharded Postgres works just as well"
_TAKES_BACK = re.compile(r"\b(?:i )?take (?:that|it|this) back\b|\bscratch that\b|\bi was wrong\b|\bchanging my mind\b|"
                         r"\bon second thought\b|\bactually,? no\b|\bi retract\b", re.I)
_OWN_IDEA_BACK = re.compile(r"\bpush(?:ing)? back on my own\b|\b(?:my (?:first|own|earlier|initial) (?:idea|instinct|"
                            r"choice|proposal|plan)|that) (?:is|was) (?:the )?wrong (?:choice|call|idea|move)\b|"
                            r"\bi take (?:that|it) back\b|\bon second thought\b", re.I)
_RESET = re.compile(r"\bwalk back\b|\bscrap (?:that|this|all|most|my)\b|\bstart(?:ing)? over\b|\bthrow (?:that|it|this) "
                    r"(?:all )?away\b|\bredo (?:this|it|that)\b|\bforget (?:what i said|my (?:first|opening))\b|"
                    r"\bback to the drawing board\b|\bmuch simpler\b|"
                    r"\b(?:revised|trimmed|updated|simplified|corrected|cut-down|slimmed-down|leaner) (?:picture|design|"
                    r"stack|architecture|plan|version)\b|\blet me stop\b|\b(?:i'?m|that'?s me|i was|i'?ve been|i) "
                    r"over-?(?:build|engineer)\w*\b|\bthat'?s over-?(?:built|engineered)\b|"
                    r"\b(?:let me |i'?ll |i'?d )?(?:cut|trim|pare|pull|scale|dial) (?:most |much |all |some )?(?:of )?(?:it|that|"
                    r"this|them) (?:back|down)\b|\blet me trim\b|\bsimpler version\b|"
                    r"\b(?:is|was) way too much\b|\bgetting ahead of myself\b|\bthat'?s (?:way |far |much )?too much\b|"
                    r"\blistening to myself\b|\b(?:this|that|it|all (?:of )?(?:this|that)) (?:is|was|'s) (?:probably |"
                    r"definitely |clearly |way |total )?overkill\b|\bi (?:kind of |probably |definitely )?overdid it\b", re.I)
_TAKES_UP = re.compile(  # a turn that opens a topic of the candidate's own: "Idempotency: ...", "Let me cover failures"
    r"^\W*(?!(?i:ok|okay|so|right|sure|yes|yeah|no|well|hmm|um|uh|got it|thanks|great|cool|alright|fine|good)\b)"
    r"(?:(?i:let me (?:talk|cover|go|walk|turn|move|address|touch|get|also)|let'?s (?:talk|cover|turn|move|look)|"
    r"i(?:'d| would) like to (?:go|talk|cover|dig)|i want to (?:go|talk|cover|dig)|"
    r"now (?:for|on|let)|next,|moving on|one (?:more )?(?:thing|trade-?off|risk)|another (?:thing|piece|point))|"
    r"[A-Z][A-Za-z /&'-]{2,40}:\s|(?:[A-Z][\w/&'-]*(?: [\w/&'-]+){0,3})\.\s+[A-Z])")
_GOING_ON = re.compile(  # the turn ends on their next step: "Let me keep going on the write path, then reads."
    r"^\W*(?:(?:so|ok(?:ay)?|and|now|right)\W+)?(?:let me|i'?ll|i will|i'?m going to|next,? i'?ll)\s+(?:keep going|go on|"
    r"continue|carry on|finish|walk (?:you )?through|go through|do|cover|get to|start with|talk about|move (?:on )?to)\b"
    r"(?![^.?!]*\b(?:if you|unless you|or (?:do|would|should) you)\b)", re.I)


def _last_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[-1].text if sentences else ""


_MORE_TIME = re.compile(r"\b(?:with|given) (?:more|another \w+ of) time\b|\bif i had (?:more|another)\b|"
                        r"\bnext steps?\b|\bwhat i'?d (?:do|explore|cover|look at) next\b", re.I)
_REFLECTING = re.compile(r"\bwith more time\b|\bif i had (?:more|another)\b|\bnext steps?\b|\bto sum (?:it )?up\b|"
                         r"^\W*(?:so,? )?(?:to summari[sz]e|to recap|in short)\b|"
                         r"\bin summary\b|\bthat'?s my design\b", re.I)
def _deep_dive_left(card: ProblemCard, asked: list[str], done: set[str]) -> bool:
    return _deep_dive(card, asked, "deep_dive", "", done).phase == "deep_dive"


_EXTEND_ASKS = ("How would you fit that in?", "What would you add, and what stays as it is?",
                "Where in your design does that go?", "How does that change your data model?")
MAX_EXTENSIONS = 2  # "suppose we now want search": new requirements from the card's nice-to-haves


_OUT_OF_SCOPE = re.compile(r"\bout of scope\b|\bnot in scope\b|\bnot needed\b|\bleave (?:it|them|that) out\b", re.I)


_CHANGE_WORDS = frozenset(["suppose", "imagine", "what", "changes", "change", "design", "your", "would", "does", "that",
                           "this", "with", "from", "want", "wants", "product", "support", "adding", "now"])


def _ruled_out_by_us(question: str, put: list[str]) -> bool:
    """A new requirement whose subject we ourselves called out of scope ("Recommendations, comments, search and live
    streaming are out of scope" before "Add live streaming"): most of its words are in that very sentence."""
    first = re.split(r"(?<=[.!?])\s+", question.strip())[0].lower()
    words = [w for w in re.findall(r"[a-z]{4,}", first) if w not in _CHANGE_WORDS][:3]
    if not words:
        return False
    need = min(2, len(words))
    return any(_OUT_OF_SCOPE.search(p) and sum(1 for w in words if w[:5] in p.lower()) >= need
               for t in put for p in re.split(r"(?<=[.!?])\s+", t))


def _interviewer_said(state: InterviewState) -> list[str]:
    """Everything the interviewer said so far: its scope answers included ("search is out of scope")."""
    return [t.content for t in state.get("transcript", []) if t.role == "interviewer"]


def _mentioned(item: str, said: str) -> bool:
    """At least half of a card item's words (four letters or more, by their first five) are in ``said``."""
    words = [w for w in re.findall(r"[a-z]{4,}", item.lower()) if w not in ("instead", "with", "from", "that")]
    return sum(1 for w in words if w[:5] in said) >= max(1, (len(words) + 1) // 2)


def _extension(card: ProblemCard, asked: list[str], heard: list[str], put: list[str] | None = None) -> Act | None:
    """A nice-to-have of the card neither the candidate nor the interviewer (``put``) has raised yet, as a new
    requirement."""
    said = " ".join(heard + list(put or [])).lower()
    for n, item in enumerate(card.nice_to_have):
        words = [w for w in re.findall(r"[a-z]{4,}", item.lower()) if w not in ("instead", "with", "from", "that")]
        mentioned = _mentioned(item, said)
        excluded = bool(words) and any(_OUT_OF_SCOPE.search(p) and words[0][:5] in p.lower()
                                       for t in put or [] for p in re.split(r"(?<=[.!?])\s+", t))
        if f"extend:{n}" in asked or mentioned or excluded:  # never a new requirement the interviewer ruled out
            continue
        want = item[:1].lower() + item[1:] if not item[:2].isupper() else item
        return Act(kind="scale_twist", phase="deep_dive", subject="extend", tag=f"extend:{n}",
                   question=f"Suppose we now want {want.rstrip('.')}. {_EXTEND_ASKS[n % len(_EXTEND_ASKS)]}")
    return None


_LEANS_ON = re.compile(r"\b(?:that|this|then|there)\b\W*$|^(?:now what|and|so|then|what else)\b|\bthat\b|"
                       r"^\W*(?:why|how|what|and why|why not)\W*$", re.I)  # "Kafka or RabbitMQ? Why?": no bare "Why?"
_RATE_SAID = re.compile(r"\d[\d,.]*\s*(?:k|m|thousand|million)?\s*(?:peak\s+)?(write|read|request|quer)\w*\s*(?:a|per|/)\s*"
                        r"(?:second|sec|s)\b", re.I)
_RATE_ASKED = re.compile(r"\bwhat (write|read|request)?\s*rate\b|\bhow many (write|read|request)s? (?:a|per) second\b",
                         re.I)


def _rates_said(heard: list[str]) -> set[str]:
    """The kinds of rate ("writ", "read", "requ") the candidate has put a figure on."""
    return {m.group(1).lower()[:4] for text in heard for m in _RATE_SAID.finditer(text)}


_AMOUNT_OF_DATA = re.compile(r"\d[\d.,]*\s*(?:k|m|b|thousand|million|billion)?\s*(?:[kmgtpe]i?b|(?:kilo|mega|giga|tera|"
                             r"peta|exa)bytes?|gigs?|megs?)\b", re.I)
OWN_FAILURES = 2  # failures of their own walked through in one turn, each with what happens
LIST_ITEMS = 2  # items of a numbered list of their own in one turn: a walk-through under way
_NEW_TOPIC = ("company_question", "failure_probe", "scale_twist", "deep_dive_probe")


def _walking_list(analysis: TurnAnalysis) -> bool:
    """A numbered walk through failures of their own ("one, APNs throttles us… two, a worker crashes…"), still
    going: no question put, no summing up."""
    return numbered_items(analysis.text) >= LIST_ITEMS and bool(analysis.failure_modes) and \
        not analysis.questions and not analysis.summary


_SCENARIO_SAID = re.compile(r"\b(?:if|when|whenever|once)\b", re.I)  # each one set up as a scenario of its own
_ON_TRACK = "You're on a reasonable track."  # "am i off track?", "is that what you were looking for?"
_GO_AHEAD = "That works."  # the act after it says what comes next: no "go ahead" too
_OUR_QUESTION = re.compile(r"\b(?:does|did) (?:that|this) (?:answer|cover|address) (?:it|that|this|your question|the "
                           r"question|what you (?:were|are) asking)\b|\bmiss(?:ed)? (?:what you (?:were|are) asking|your "
                           r"question|the question|what you meant)\b", re.I)


def _put_right(slip: dict[str, Any], figures: list[Figure]) -> bool:
    """The turn also gives the figure the slip comes to ("I said 1,100 per second. It's actually about 115"): the
    old one is quoted to be replaced, not built on."""
    right = [f.figure for f in parse_figures(str(slip.get("right") or ""))]
    return any(f.unit == r.unit and r.value > 0 and abs(f.value - r.value) <= 0.25 * r.value
               for f in figures for r in right)


_HOLDS_NOW = "Good, that figure holds now."  # a slip we flagged, put right
_START_NOTE = "That's a reasonable place to start from."  # "am i missing something big?" early on
_SCORECARD_NOTE = "I'll keep what was missing for the feedback at the end."
REPEAT_TOPIC = 0.7  # ... or that names the fact's topic this clearly (the broad scope topics excepted)
_BROAD = ("features", "other")  # many product questions look like these: "share one namespace?" is not "what's in?"
PASTED_WORDS = 60  # a whole design pasted in one turn runs to at least this many words
REPEAT_MATCH = 0.55  # a fact given before is given again only to a question that matches that very fact this well
DIVE_WORDS = 20  # a whole deep dive is covered in passing only by a turn of this many words or more
TWIST_AFTER = 0.25  # a card's "suppose things change" comes no earlier than this share into the deep dive
KEEP_GOING_MINUTES = 8  # "I think that's it" with this much of the round left: one more question first
KEEP_GOING_SHARE = 0.3  # ... or this share of the round


def _twist_time(kb: Knowledge, fmt: int) -> float:
    """The minute from which the problem may change under the candidate (a twist, a new requirement)."""
    return phase_end(kb, fmt, "high_level_design") + TWIST_AFTER * phase_budget(kb, fmt)["deep_dive"]


def _use_the_time(state: InterviewState, analysis: TurnAnalysis, card: ProblemCard, kb: Knowledge, covered: Coverage,
                  asked: list[str], done_items: set[str], minute: float, fmt: int, level: str, company: str,
                  phase: PhaseId) -> Act | None:
    """One more question, said with the time left, when the candidate stops with a third of the round to go (twice at
    most, each later time needing more left); None when the time is short or nothing is left to ask."""
    went_on = int(covered.get("kept_going") or 0)  # times already asked to go on
    if went_on >= 2 or fmt - minute < max(KEEP_GOING_MINUTES, fmt * (KEEP_GOING_SHARE + 0.1 * went_on)):
        return None
    more = _more_to_ask(state, analysis, card, kb, covered, asked, done_items, minute, fmt, level, company, phase)
    if more is None:  # nothing planned is left: a question of ours they never took up, else a new requirement
        more = _unanswered(card, asked, done_items, answering=_answering(state, card)) or (
            _extension(card, asked, list(getattr(done_items, "heard", [])), _interviewer_said(state))
            if sum(1 for t in asked if t.startswith("extend:")) < MAX_EXTENSIONS else None)
    if more is not None:
        more.transition = f"We still have about {round(fmt - minute)} minutes, so let's use them."
        more.question = re.sub(r"^We still have time\.\s+", "", more.question or "") or None  # said once
    return more


def _more_to_ask(state: InterviewState, analysis: TurnAnalysis, card: ProblemCard, kb: Knowledge, covered: Coverage,
                 asked: list[str], done_items: set[str], minute: float, fmt: int, level: str, company: str,
                 phase: PhaseId) -> Act | None:
    """A question worth the time left when the candidate thinks they are done early: the deep dive's or the failures'
    next one, else one about a piece of their own design (None when nothing is left to ask)."""
    quiet = analysis.model_copy(update={"summary": False, "questions": [], "asks": []})
    for at in ("deep_dive", "failure_modes"):
        if phase_index(at) < phase_index(phase):
            continue
        act = _phase_act(state, quiet, card, kb, covered, asked, done_items, minute, fmt, level, company, at).act
        if act.kind in ("deep_dive_probe", "failure_probe", "scale_twist", "depth_probe") and act.question and \
                not _already_asked(act.question, _said(state)):
            act.transition = None
            return act
    return depth_probe(kb, covered, analysis, asked, "failure_modes", _said(state), DEPTH_MAX + 2)
_PAUSE = re.compile(r"\blet me (?:think|mull|consider)\b|\bgive me (?:a|one) (?:sec|second|moment|minute)\b|"
                    r"\b(?:one|a|just a) (?:sec|second|moment)\b|\bhold on\b|\bthinking (?:about|it over)\b|"
                    r"\b(?:can|could|may) i (?:take|have|get) (?:a|one) (?:sec|second|moment|minute)\b|"
                    r"\blet me (?:take|have) (?:a|one) (?:sec|second|moment|minute)\b|\bbear with me\b", re.I)
_THINK_THROUGH = re.compile(r"^\W*(?:(?:to|and|so i can|while i)\s+)?(?:like\s+|just\s+|quickly\s+)?(?:think|work|figure|"
                            r"sort|reason)(?:\s+it)?\s+(?:through|about|out)\b[^.?!]{0,60}[.!]?\W*$", re.I)  # "give me a
# sec to think through the partition part": still only asking for the moment
_DEPTH_NOTE = "That level of detail is about right."
_DEPTH_AGAIN = "Yes, that's about the depth I was after."  # the same answer, when the first words were said already
_ON_TRACK_AGAIN = "Yes, that's broadly what I was looking for."


def _fresh_note(note: str, again: str, state: InterviewState) -> str:
    """``note``, or ``again`` when ``note`` was said already in the round (no sentence is said twice, and a
    question asked twice still gets its answer)."""
    return again if any(note in said for said in _said(state)) else note


_BREADTH_NOTE = "Start broad: the requirements, rough numbers and the main pieces; then we'll go deep on one or two areas."
_MEDIUM_NOTE = "Talking it through is fine; sketch the boxes as well if that helps you think."
_PICK_AND_WHY = "Give me your pick and why; the trade-off as far as it decides it."
_HOLDS_UP = "Yes, that holds up."
_ASKED_PAUSE = re.compile(r"\b(?:give me|(?:can|could|may) i (?:take|have|get)|let me (?:take|have|think)|hold on|"
                          r"bear with me)\b", re.I)  # a moment asked for in so many words, not "sixty a second"
_PAUSE_REST = re.compile(  # what may follow a request for a moment in the same sentence: what it is for, and why
    r"^\W*(?:(?:on|about|for|with|to (?:think|look|check|work|go)(?: (?:about|through|at|over|back over))?)\s+"
    r"[\w' -]{0,40}?)?(?:,?\s*(?:because|since|as)\b[^.?!]*)?[.!?]?\W*$", re.I)
_ABOUT_ME = re.compile(r"^\W*(?:(?:sorry|okay|ok|um+|uh+|hmm+)\W+)*(?:i\b|i'm\b|i'd\b|i'll\b|let me\b|"
                       r"that'?s (?:the|a) (?:part|bit|one)\b|just\b)", re.I)


def _only_the_pause(rest: str) -> bool:
    """Whether what follows a request for a moment says only what it is for ("…a moment? I want to look at that
    against my own numbers"), not the thought itself ("…to think. During a partition each site keeps…")."""
    parts = re.split(r"(?<=[.!?])\s+", rest.strip())
    return bool(_PAUSE_REST.match(parts[0])) and all(_ABOUT_ME.match(p) for p in parts[1:] if p.strip())
PAUSE_WORDS = 6  # "hmm, let me think about that for a sec": asking for a moment, nothing said yet
PAUSE_TURN = 25  # a turn this short that asks for a moment, with no figure or piece in it, is only asking for it
# ("can I take a moment? I want to look at that against my own numbers")
_FRONT_DOORS = ("api-gateway", "load-balancer")  # entry pieces a design of several services takes for granted
_OBJECTIONS = ("push_back_tech", "push_back_overengineering", "challenge_arithmetic", "challenge_input", "correct_input", "ask_reasoning",
               "nudge_questions")
_CARRIED = {"users": {"users", "per_day", "per_second", "per_month", "per_year"},  # figures a questioned one can be
            "per_day": {"per_day", "per_second", "per_month", "per_year"},  # carried into: people into daily
            "per_month": {"per_day", "per_second", "per_month", "per_year"},  # volumes and rates, a volume into
            "per_year": {"per_day", "per_second", "per_month", "per_year"},  # rates; never one driver's 100 bytes
            "per_second": {"per_second", "per_day"}, "count": {"count"}}


def _built_on(figures: list[Figure], questioned: list[Figure]) -> bool:
    """Their new figures could carry the one we questioned: of a kind it turns into (a count of people into daily
    volumes and rates), not only sizes or counts of something else ("1 million drivers times 100 bytes")."""
    return any(f.unit in _CARRIED.get(q.unit, {q.unit}) and not (
        f.unit in ("count", "other") and q.value and not 0.1 <= f.value / q.value <= 10)  # "500 units of something we
        # have 100 of" builds on no "10M orders"
               for f in figures for q in questioned)


def _uses(figures: list[Figure], ours: list[Figure]) -> bool:
    """Some figure of theirs is one of ours: the same unit, within a tenth."""
    return any(f.unit == o.unit and o.value and abs(f.value - o.value) <= 0.1 * o.value for f in figures for o in ours)


def _input_check(act: dict[str, Any]) -> dict[str, Any]:
    """The part of an act (itself or one it carries) that questioned a figure of theirs; empty when none did."""
    part: dict[str, Any] | None = act
    while part:
        if part.get("kind") in ("challenge_input", "correct_input"):
            return part
        part = part.get("secondary")
    return {}


def _put_again(question: str, default: str = "What changes?") -> str:
    """A card question said once more as one new sentence, never word for word ("The only server dies. What is
    lost?" -> "Going back to when the only server dies: what is lost?")."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", question.strip()) if p.strip()]
    ask = parts[-1] if parts[-1].endswith("?") else default
    scene = [re.sub(r"^(?:suppose|imagine|say)\s+(?:that\s+)?", "", p.rstrip(".!"), flags=re.I)
             for p in (parts[:-1] if parts[-1].endswith("?") else parts)]
    told = ", ".join(_lower_first(p) for p in scene)
    if scene and _ORDERED.match(scene[0]):  # "Add live streaming.": a change asked for, not a moment
        lead = f"Going back to the change to {told}"
    else:
        lead = f"Going back to when {told}" if scene else "Going back to this one"
    return f"{lead}: {_lower_first(ask)}"


_ORDERED = re.compile(r"(?:add|support|allow|introduce|build|launch|offer|expand|extend|make|let|enable|move)\b", re.I)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or text[1:2] == " " else text


_TERMS_STATED = re.compile(r"\b(?:assum\w*|correct me if|let'?s say|i'?ll take it that|working assumption|"
                           r"my (?:starting )?(?:numbers|figures) are)\b", re.I)
_WATCHED = re.compile(r"\b(?:metrics?|alert\w*|dashboards?|monitor\w*|slis?|slos?|p99|p95|observability|on-?call|"
                      r"page (?:someone|the on-?call))\b", re.I)  # how they would watch it said already: no "which numbers
# would tell you first…"
EARLIEST_WRAP = 0.7  # before this share of the format, a candidate still bringing substance is never wrapped up
LATE_WRAP = 6  # minutes left below which the summary is asked for once the planned questions are used up
MAX_REVISITS = 2  # questions of ours the candidate never took up, put again when time is left over


TOPIC_SAID = 0.9  # a deep dive addressed this surely carries the probes that only point back at it


def _leans_on_topic(probe: str, topic: str) -> bool:
    """A probe with no words of its own that only points back at its topic ("What does each approach cost?")."""
    return bool(re.search(r"\b(?:each|either|both|that|this|those|these|them)\b", probe, re.I)) and \
        not stems(probe) & stems(topic)


def _answering(state: InterviewState, card: ProblemCard) -> set[str]:
    """The card questions of the interviewer's last turn: the turn being read is the candidate's answer to them."""
    tag = str((state.get("act") or {}).get("tag") or "")
    return set(_asked_in_words(card, _said(state)[-1:])) | {re.sub(r"^(?:chase|revisit):", "", tag)} - {""}


def _unanswered(card: ProblemCard, asked: list[str], done: set[str], invited: bool = False,
                answering: set[str] | None = None) -> Act | None:
    """The earliest card question we put that the candidate's answers never addressed (by the coverage model's
    reading, not by having said something next), put once more; one already chased right after it is not put a
    third time unless the candidate asks what to go back to (``invited``); none they are answering right now
    (``answering``: :func:`_answering`)."""
    scores = done.scores if isinstance(done, Discussed) else {}
    if sum(1 for t in asked if t.startswith("revisit:")) >= MAX_REVISITS + invited:  # one more when asked for
        return None
    texts = {f"probe:{d}:{p}": q for d, dive in enumerate(card.deep_dives) for p, q in enumerate(dive.probes)}
    texts |= {f"failure:{n}": q for n, q in enumerate(card.failure_questions)}
    texts |= {f"twist:{n}": q for n, q in enumerate(card.scale_twists)}
    for tag in dict.fromkeys(asked):
        parent = ":".join(tag.split(":")[:2]) if tag.startswith("probe:") else tag
        if tag in texts and f"revisit:{tag}" not in asked and (invited or f"chase:{tag}" not in asked) and \
                tag not in done and tag not in (answering or set()) and \
                max(scores.get(tag, 0.0), scores.get(parent, 0.0)) < SKIP_BAR[item_kind(tag)]:
            ask = "What happens, and what do you do?" if tag.startswith("failure") else "What changes?"
            return Act(kind="depth_probe", phase="deep_dive", tag=f"revisit:{tag}", question=_put_again(texts[tag], ask))
    return None


_OWN_PICK = "depth:pick:own"  # "which part are you least sure of?": asked once, when the planned ground is covered


class _Next(BaseModel):
    act: Act
    warned: list[str]


def _phase_act(
    state: InterviewState, analysis: TurnAnalysis, card: ProblemCard, kb: Knowledge, covered: Coverage,
    asked: list[str], done_items: set[str], minute: float, fmt: int, level: str, company: str, phase: PhaseId,
) -> _Next:
    """The phase's own move, with the time said only when it is true."""
    warned = list(state.get("warned", []))
    out_of_time = minute >= phase_end(kb, fmt, phase) and phase != "wrap_up"
    if phase == "estimation" and out_of_time and not covered.get("figures") and not analysis.figures and \
            minute < phase_end(kb, fmt, phase) + ESTIMATE_GRACE:  # asked for numbers and none came yet: a little longer
        out_of_time = False
    if phase == "estimation" and out_of_time and _NUMBERS_NEXT.search(analysis.text) and not analysis.figures and \
            minute < phase_end(kb, fmt, phase) + ESTIMATE_GRACE * (1 if covered.get("figures") else 2):
        out_of_time = False  # "…before I move on to estimates?", "let me do some numbers" with none given yet: let
        # them; skipping the sizing altogether costs the round more than a late start on it
    if phase == "requirements" and out_of_time and analysis.questions and not analysis.arithmetic and \
            minute < phase_end(kb, fmt, phase) + REQUIREMENTS_GRACE:  # still asking about the problem: answered, and
        out_of_time = False  # let finish a little past the budget, not cut off mid-questions with "let's size it"
    topics = set(covered.get("fact_topics", [])) | set(analysis.fact_topics)
    asked_any = bool(covered.get("questions") or analysis.questions or covered.get("scoped") or analysis.scoping)
    if phase in ("requirements", "estimation") and _complete_design(analysis):
        act = phase_move("deep_dive", analysis, card, kb, covered, asked, topics, True, False, level, company,
                         done_items, early=minute < phase_end(kb, fmt, "deep_dive") - 4)  # a design pasted early, with
        # a recap of it, opens the deep dive: it does not end the round
        if act.phase == "deep_dive" or phase_index(act.phase) > phase_index("deep_dive"):
            return _Next(act=act, warned=warned)
    early = minute < phase_end(kb, fmt, phase) - 4
    dive_left = minute < phase_end(kb, fmt, "deep_dive") - 4
    if minute < fmt * 0.6 and isinstance(done_items, Discussed):  # far from the end: room for more of their pieces
        done_items.depth_limit += 2
    act = phase_move(phase, analysis, card, kb, covered, asked, topics, asked_any, out_of_time, level, company,
                     done_items, early, dive_left)
    if act.kind == "scale_twist" and (act.tag or "").startswith("twist:") and minute < _twist_time(kb, fmt):
        probe: Act | None = _deep_dive(card, asked, phase, company, done_items)
        if probe is None or probe.kind != "deep_dive_probe":
            probe = depth_probe(kb, covered, analysis, asked, "deep_dive", list(getattr(done_items, "said", [])),
                                getattr(done_items, "depth_limit", DEPTH_MAX), list(getattr(done_items, "heard", [])))
        listened = (list(covered.get("acts", [])) or [""])[-1] == "listen"
        act = probe or (act if listened else Act(kind="listen", phase=phase))  # nothing of theirs yet: let them build
    just_asked = (list(covered.get("acts", [])) or [""])[-1] == "ask_estimates"
    said_figures = list(covered.get("figures", [])) + [f.text for f in analysis.figures]
    units = {f.figure.unit for t in said_figures for f in parse_figures(t)}  # the figures' own parser, not a pattern
    sized, rated = "bytes" in units, "per_second" in units
    if act.kind in ("ask_estimates", "move_to_design") and (analysis.arithmetic or _NUMBERS_NEXT.search(analysis.text)) and \
            phase == "requirements" and minute < phase_end(kb, fmt, "estimation") - 1 and \
            not _ESTIMATES_DONE.search(analysis.text) and not (analysis.arithmetic and sized and rated):
        act = Act(kind="listen", phase="estimation", subject="numbers")  # sizing it now: let them finish the numbers
    elif act.kind == "ask_estimates" and (len(covered.get("figures", [])) >= 2 or analysis.arithmetic or (
            just_asked and analysis.figures)):
        act = Act(kind="move_to_design", phase="high_level_design")  # the numbers were given already
    if act.kind == "move_to_design" and phase == "estimation" and (analysis.arithmetic or len(analysis.figures) >= 2 and
                                                                   not analysis.technologies and not analysis.components
                                                                   and not any(f.unit in ("per_second", "bytes")
                                                                               for f in analysis.figures)) and \
            not (sized and rated) and \
            minute < phase_end(kb, fmt, "estimation") and not _ESTIMATES_DONE.search(analysis.text) and \
            len(analysis.components) < 2:  # traffic done, storage not yet (or the reverse), or only the population
        # assumed so far ("500 million daily actives, 100 million photos a day"): let them finish the numbers
        act = Act(kind="listen", phase="estimation", subject="numbers")
    drawn = len(set(covered.get("components", [])) | set(analysis.components)) + len(
        set(covered.get("technologies", {})) | {t.tech_id for t in analysis.technologies})
    laid_out = len(set(analysis.components) | {t.tech_id for t in analysis.technologies}) >= KNOWN_DESIGN and \
        not analysis.arithmetic  # a design laid out whole, not boxes named on the way through the numbers
    if act.kind == "move_to_design" and sketched(drawn, 0, analysis) and (analysis.components or analysis.technologies) \
            and (laid_out or not analysis.questions and not (analysis.arithmetic or len(analysis.figures) >= 3) and
                 "move_to_design" in covered.get("acts", [])):  # the design on the table (asked for, or laid out
        # whole in this turn): deeper on it, never "what does the architecture look like?"
        deeper = phase_move("high_level_design", analysis, card, kb, covered, asked, topics, asked_any, False, level,
                            company, done_items, early, dive_left)
        if deeper.phase in ("high_level_design", "deep_dive") and deeper.kind != "probe_design":
            act = deeper
        else:  # not straight to failures at minute ten: the flow through what they already named
            act.subject = "given"
    named_now = len(analysis.components) + len({t.tech_id for t in analysis.technologies})
    generic = architecture_pieces(analysis.text)
    pieces = set(analysis.components) | {t.tech_id for t in analysis.technologies} | generic
    boxes = {p for p in analysis.components if _BOX.search(p)} | generic | {
        t.tech_id for t in analysis.technologies if _category(kb, t.tech_id) != "protocol"}
    laid_out_now = len(pieces) >= NAMED_PIECES and len(boxes) >= 2 and not analysis.arithmetic
    if act.kind == "move_to_design" and act.subject != "given" and (
            laid_out_now or drawn >= KNOWN_DESIGN + 2 and not _sizing_only(state, analysis)):  # "a frontend, a
        # backend and a database", in this turn or over the last few: the pieces are named, not asked for (pieces
        # said only while sizing, "…80 cache nodes with one replica each", are no sketch; nor "api limits")
        act.subject = "given"
    if act.kind == "probe_design" and named_now >= 2 and (list(covered.get("acts", [])) or [""])[-1] != "listen":
        act = Act(kind="listen", phase=phase)  # they are laying the pieces out: no "what are the main pieces?"
    early_dive = act.phase == "failure_modes" and phase in ("high_level_design", "deep_dive") and not out_of_time and \
        minute >= _twist_time(kb, fmt) and minute < phase_end(kb, fmt, "deep_dive") - 4 and \
        not _deep_dive_left(card, asked, done_items)
    if early_dive and (theirs := depth_probe(kb, covered, analysis, asked, "deep_dive",
                                             list(getattr(done_items, "said", [])),
                                             getattr(done_items, "depth_limit", DEPTH_MAX),
                                             list(getattr(done_items, "heard", [])))) is not None:
        return _Next(act=theirs, warned=warned)  # the planned deep dives covered early: deeper on their own pieces
        # before anything new is added to the problem
    if early_dive and \
            sum(1 for t in asked if t.startswith("extend:")) < MAX_EXTENSIONS and \
            (extension := _extension(card, asked, list(getattr(done_items, "heard", [])),
                                     _interviewer_said(state))) \
            is not None:
        extension.phase = "deep_dive"  # the planned deep dives are covered early: a new requirement, not failures yet
        return _Next(act=extension, warned=warned)
    if act.phase != phase:
        if out_of_time and not (act.kind == "listen" and act.subject == "numbers"):  # already sizing: no call to size
            act.transition = f"We're about {int(minute)} minutes in, so let's move on to {PHASE_NAMES[act.phase]}."
        if act.kind == "ask_summary" and minute >= fmt - LATE_WRAP:
            act.transition = (act.transition + " " if act.transition else "") + "We're close to time."
        elif act.kind == "ask_summary" and minute < fmt - 10 and _OWN_PICK in asked and \
                sum(1 for t in asked if t.startswith(_OWN_PICK)) <= 2 and analysis.substantive_words >= 20 and \
                not analysis.summary and not _REFLECTING.search(analysis.text):
            # they are taking the part they chose deeper: let them, with one question about what they said
            more = sum(1 for t in asked if t.startswith(_OWN_PICK))
            return _Next(act=Act(kind="listen", phase=phase, subject="deeper", tag=f"{_OWN_PICK}:{more}"),
                         warned=warned)
        elif act.kind == "ask_summary" and minute < fmt - 12 and phase == "failure_modes" and \
                len(analysis.failure_modes) >= 2 and list(covered.get("acts", []))[-3:] != ["listen"] * 3:
            # going through failures of their own, one after another: let them finish before anything new
            return _Next(act=Act(kind="listen", phase=phase), warned=warned)
        elif act.kind == "ask_summary" and minute < fmt - 12 and \
                sum(1 for t in asked if t.startswith("extend:")) < MAX_EXTENSIONS and \
                (extension := _extension(card, asked, list(getattr(done_items, "heard", [])),
                                         _interviewer_said(state))) \
                is not None:
            # the planned ground is covered with time left: extend the problem, as a person would
            extension.phase = phase
            return _Next(act=extension, warned=warned)
        elif act.kind == "ask_summary" and minute < fmt - 12 and _OWN_PICK not in asked:
            # much time left and the planned ground covered: they choose where to go deeper, as a person would
            act = Act(kind="depth_probe", phase=phase, tag=_OWN_PICK, question=(
                "We still have time. Which part of your design are you least sure of? Take me deeper there."))
            return _Next(act=act, warned=warned)
        elif act.kind == "ask_summary" and minute < fmt - LATE_WRAP and (theirs := depth_probe(
                kb, covered, analysis, asked, "failure_modes", list(getattr(done_items, "said", [])),
                getattr(done_items, "depth_limit", DEPTH_MAX) + 2, list(getattr(done_items, "heard", [])))) is not None:
            return _Next(act=theirs, warned=warned)  # much time left: deeper on a piece of their own before the summary
        elif act.kind == "ask_summary" and minute < fmt - LATE_WRAP and (back := _unanswered(card, asked, done_items, answering=_answering(state, card))):
            back.phase = phase  # much time left: back to a question of ours they never took up (phases never go back)
            return _Next(act=back, warned=warned)
        elif act.kind == "ask_summary" and minute < fmt * EARLIEST_WRAP and analysis.substantive_words >= 20:
            # far from time and still bringing substance: no wrap-up at minute 23 of 60, deeper on what they said
            return _Next(act=Act(kind="listen", phase=phase, subject="deeper"), warned=warned)
        elif act.kind == "ask_summary" and minute < fmt - 12 and (push := _plain_push(
                asked + (["push:watch"] if any(_WATCHED.search(h) for h in list(getattr(done_items, "heard", [])) +
                                               [analysis.text]) else []),
                set(covered.get("covered_items", [])) | set(analysis.covers))) is not None:
            push.phase = phase  # a third of the round left and our own questions spent: a push any design owes
            return _Next(act=push, warned=warned)  # (running it, growth, cost), not a wrap-up at minute 27 of 45
        elif act.kind == "ask_summary" and minute < fmt - 12:  # said plainly, not as if time were up
            act.transition = "We've covered the ground I wanted to, with time to spare."
        return _Next(act=act, warned=warned)
    remaining = phase_end(kb, fmt, phase) - minute
    if phase not in warned and 0 < remaining <= 2 and phase_budget(kb, fmt)[phase] >= 4:
        warned.append(phase)
        left = "about a minute" if remaining < 1.5 else f"about {round(remaining)} minutes"
        act.transition = act.transition or f"We have {left} left for {PHASE_NAMES[phase]}."
    elif phase == "wrap_up" and minute >= fmt and "overtime" not in warned:
        warned.append("overtime")
        act.transition = act.transition or "We're at time now, so this is the last part."
    return _Next(act=act, warned=warned)
