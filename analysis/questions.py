"""Clarifying questions: which sentences ask the interviewer something, and which hidden facts they ask for.

A question is matched to topics three ways: keyword rules (:data:`analysis.phrases.TOPIC_RULES`), the card's own
ways of asking for each hidden fact (semantic), and generic topic prototypes (semantic). Multi-part questions
("how many users, and do links expire?") are also matched clause by clause.
"""

from __future__ import annotations

import math
import re

import numpy as np

from analysis.models import FactHit
from analysis.phrases import TOPIC_RULES
from analysis.semantic import SemanticMatcher
from analysis.sentences import Sentence, core
from knowledge.models import FactTopic, ProblemCard

_CLAUSE_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+(?:(?:like|um|uh|also|then|so|roughly|approximately|about|maybe|just)\s+){0,2}(?=(?:what|how|do|does|is|are|will|"
                           r"should|can|which|who|where)\b)|;\s*|\s+also\s+|"
                           r"\s+(?:like|um|uh|so)\s+(?=(?:is|are|do|does|should|can|will) (?:this|it|we|they|there|the)\b|"
                           r"how (?:many|much|often|big|large|fast|long)\b|what(?:'s| is| are)\b)|"
                           r"(?<=[a-z])\s+(?=how (?:many|much|often)\b)",  # "…designing for how many photos…": spoken
                           # run-on asks with no join at all
                           re.I)  # "…drivers are we talking about like is this one city or global": spoken, no comma
_NEEDED_HEAD = (r"^(?:[\w',]+\s+){0,3}(?:numbers?|figures?|things?|data points?|ones?) (?:i|we)(?:'d)? (?:need|want|"
                r"would like|'d like)(?: to know)?(?: are| is)")  # "the numbers i need are daily active users, how many
_NEEDED_TAIL = r" [^,]+(?:,[^,]+){1,}"  # photos…": a list of asks, each item asking, the first one too
_WANT_HEAD = (r"^(?:(?:so|and|also|ok(?:ay)?|then)\s+)?(?:i'?d (?:like|want|need)|i would (?:like|want|need)|i need|"
              r"i want)(?: to (?:know|hear|get))?(?= [^.?!]*\b(?:how (?:many|much|often|big)|per (?:day|second|"
              r"hour|minute|month|year)|a (?:day|second)|peak|numbers?|counts?|volumes?|rates?(?![- ]limit))\b)")  # "i'd like peak
# drivers online, rides per day, and how many cities": a list of figures asked for
LISTED_ASKS = re.compile(r"^(?:[\w']+\s+){0,4}(?:questions|clarifications|numbers|figures)\b[^:]{0,30}:\s*\S|"
                         r"^(?:[\w']+\s+){1,8}(?:for|on|about|know|need)\s*:\s*[^,:]+(?:,[^,:]+){1,}|"  # "what scale should
                         # I design for: daily users, accounts followed, and how skewed…": a list of asks after a colon
                         + _NEEDED_HEAD + "?" + _NEEDED_TAIL + "|" + _WANT_HEAD + _NEEDED_TAIL)
NEEDED_LIST = re.compile(f"(?:{_NEEDED_HEAD}|{_WANT_HEAD}){_NEEDED_TAIL}")  # the same list said with its verb: a question however it is said
_STRONG_FACT = 0.8  # a second card fact counts for the same question only when this close


_DEALING = re.compile(r"\s+(?:that\s+)?(?:we'?re|we are|we'?ll be|we will be|you'?re|you are)\s+(?:dealing with|"
                      r"talking about|looking at|expecting|handling|working with|designing for)$", re.I)  # "the request
# volume and number of distinct users we're dealing with": two asks, the tail says nothing


def clauses(question: str) -> list[str]:
    """The parts of a multi-part question worth matching on their own: three words or more, or a shorter one that
    names a topic outright ("number of orgs, DAU?")."""
    parts = [_DEALING.sub("", p.strip(" ?.")) for p in _CLAUSE_SPLIT.split(question)]
    parts = [_WHAT_ARE.sub("", p) if _pair(_WHAT_ARE.sub("", p)) else p for p in parts]  # "what are the volume and
    # the number of users": the two things asked for
    pairs = [re.split(r"\s+and\s+", p) for p in parts]  # "daily uploads and average original size": two asks
    parts = [x for p, halves in zip(parts, pairs, strict=True)
             for x in (halves if len(halves) == 2 and all(_noun_phrase(h) for h in halves)
                       and any(_names_amount(h) for h in halves) and not _ASKING.match(p.lower()) else [p])]
    for k in range(1, len(parts)):  # "how many employees use it and how often": how often employees use it
        if re.fullmatch(r"(?i)how \w+", parts[k]):
            parts[k] += " " + re.sub(r"(?i)^(?:how (?:many|much)|what|which|who)\s+", "", parts[k - 1])
    halves = {x for h in pairs if len(h) == 2 for x in h}
    listed = bool(LISTED_ASKS.match(question))  # "numbers I'd like: uploads per day, total users, …": each item asks
    return [p + "?" for p in parts if len(p.split()) >= 3 or (p and _names_topic(p)) or
            ((p in halves or listed and _noun_phrase(p)) and len(p.split()) >= 2)]


_WHAT_ARE = re.compile(r"^(?:(?:and|also|so)\s+)*(?:what|what's|whats)\s+(?:(?:are|is|were)\s+)?(?:the\s+)?", re.I)


def _pair(text: str) -> bool:
    halves = re.split(r"\s+and\s+", text)
    return len(halves) == 2 and all(_noun_phrase(h) for h in halves) and any(_names_amount(h) for h in halves)


def _names_amount(part: str) -> bool:
    """A topic named outright, or an amount of something ("number of distinct users")."""
    return _names_topic(part) or bool(_QUANTITY.match(part.lower()))


_VERBISH = re.compile(r"\b(?:is|are|was|were|be|do|does|did|have|has|can|will|would|should|need|needs|use|uses|"
                      r"store|stores|we|i|it|they|you|he|she|this|that)\b", re.I)


def _noun_phrase(text: str) -> bool:
    """A bare noun phrase of a few words ("daily uploads", "average original size"): no verb, no subject."""
    return 0 < len(text.split()) <= 4 and not _VERBISH.search(text)


def _names_topic(part: str) -> bool:
    return any(rule.search(part.lower()) for rule in TOPIC_RULES.values())


_SPELLED = {"dau": "daily active users", "mau": "monthly active users", "qps": "queries per second",
            "rps": "requests per second", "dc": "data center", "tps": "transactions per second"}


def spelled_out(text: str) -> str:
    """``text`` with the usual metric acronyms written out, which embed and share words as the card's facts do."""
    return re.sub(r"\b(dau|mau|qps|rps|dc|tps)(s?)\b",
                  lambda m: _SPELLED[m.group(1).lower()] + (m.group(2) if m.group(1).lower() == "dc" else ""), text,
                  flags=re.I)  # "one DC", "five DCs": data centers


_QUANTITY = re.compile(r"^(?:the\s+)?(?:(?:average|avg|typical|rough|total|expected|peak|approximate)\s+)?"
                       r"(?:number|count|size|amount|volume|rate|ratio|share|percentage) of\b")  # "average number of
# friends", an ask of its own in a list ("the scale - DAU, average number of friends, and how often…")
_ASKING = re.compile(r"^(?:(?:and|also|then|so|like|um|uh|ok|okay|plus)\s+)*(?:what|what's|whats|how|how's|which|who|"
                     r"where|when|do|does|did|is|are|was|were|can|could|should|would|will|must|any|roughly how)\b")
_CLAUSE_MARGIN = 0.1  # how much closer another fact must embed for a part's shared words not to decide
_CLAUSE_STRONG = 0.7  # a clause's own embedding match is trusted over the topic its keywords name from here


def asking_parts(parts: list[str]) -> list[str]:
    """The parts of a multi-part question that ask, each with the clauses that elaborate it: "before I pick an
    algorithm: what are we protecting?" asks; "and on the viewing side," leads in; "a user, an IP or an API key?"
    belongs to the question before it."""
    out: list[str] = []
    for part in (p.rsplit(":", 1)[-1].strip() for p in parts):
        if _ASKING.match(part) or _QUANTITY.match(part.lower()) or (len(part.split()) <= 2 and _names_topic(part)):
            out.append(part)
        elif out:
            out[-1] = f"{out[-1].rstrip('?')}, {part}"
    return out


_DUPLICATES = re.compile(r"\bexactly[- ]once\b|\bidempoten\w*|\bduplicat\w*|\bdedup\w*|\bat[- ](?:least|most)[- ]once\b|"
                         r"\b(?:charged?|billed?|sent|send|delivered|processed|go(?:es)? out|happen\w*|run)\s+twice\b|"
                         r"\b(?:would|will|could|might|then) (?:re)?send (?:it )?again\b|"
                         r"\bdouble[- ]?(?:click\w*|charg\w*|bill\w*|send\w*|spend\w*|book\w*)", re.I)


_ORDERING = re.compile(r"\brank(?:ed|ing)?\b|\bchronolog\w*|\bnewest\b|\breverse[- ]chron\w*|\bordering\b|\bordered\b|"
                       r"\bsame order\b|\bin order\b(?! to)|\bsorted\b", re.I)
_ORDER_TOLD = re.compile(r"chronolog\w*|newest first|oldest first|same order|\bin order\b(?! to)|\bordering\b|"
                         r"\branking\b|\branked\b", re.I)


def duplicates_fact(text: str, card: ProblemCard) -> int | None:
    """The card fact on doing a thing twice, when ``text`` asks about it ("exactly once for the payment?", "can a
    notification go out twice?"): the fact whose own sample questions speak of duplicates, not a consistency fact
    about something else that the words "exactly once" would name."""
    if not _DUPLICATES.search(text):
        return None
    owned = [k for k, f in enumerate(card.hidden_facts) if sum(bool(_DUPLICATES.search(q)) for q in f.questions) >= 2]
    return owned[0] if len(owned) == 1 else None


def concept_fact(text: str, card: ProblemCard, ranked: list[tuple[int, float]]) -> int | None:
    """The card fact that speaks of the very thing asked, in other words than the card's sample questions: doing a
    thing twice ("exactly once?"), or order ("ranked or chronological?" where the card says "newest first"). Among
    several, the one the question embeds closest to (``ranked``, best first)."""
    duplicated = duplicates_fact(text, card)
    if duplicated is not None:
        return duplicated
    if _ORDERING.search(text):
        told = [k for k, f in enumerate(card.hidden_facts) if _ORDER_TOLD.search(f.answer)]
        order = [k for k, _ in ranked]
        return min(told, key=lambda k: order.index(k) if k in order else len(order) + k) if told else None
    return None


_ACTIVE_ASK = re.compile(r"\b(?:daily|monthly) active\b|\bactive (?:users|people|accounts)\b", re.I)
_ACTIVE_ANSWER = re.compile(r"\bactive\b", re.I)


def _clause_fact(text: str, vec: np.ndarray | None, card: ProblemCard, semantic: SemanticMatcher | None) -> int | None:
    """The one card fact a part of a multi-part question asks for: its embedding match when that is close, else
    the fact of the topic its words name that shares most words with it, else its weaker match."""
    text = spelled_out(text)
    part = Sentence(text=text, start=0, end=len(text), norm=text)
    ranked = semantic.facts(card, vec) if semantic is not None and vec is not None else []
    concept = concept_fact(text, card, ranked)
    if concept is not None:
        return concept
    if _ACTIVE_ASK.search(text):  # "DAU?": the fact that tells how many are active, wherever the card files it
        active = [k for k, f in enumerate(card.hidden_facts) if _ACTIVE_ANSWER.search(f.answer)]
        if active:
            order = [k for k, _ in ranked]
            return min(active, key=lambda k: order.index(k) if k in order else len(order) + k)
    lexical = lexical_hits(part, card, ranked[0][1] if ranked else 0.0)
    sims: dict[int | None, float] = dict(ranked)
    if lexical and (not ranked or ranked[0][1] < _CLAUSE_STRONG) and \
            (not ranked or ranked[0][1] - sims.get(lexical[0].fact, 0.0) < _CLAUSE_MARGIN):
        return lexical[0].fact  # rare shared words decide, unless the embedding clearly prefers another fact
    if ranked and ranked[0][1] >= _CLAUSE_STRONG:
        return ranked[0][0]
    for topic in rule_topics(text, card):
        fact = _named_fact(text, topic, card)
        if fact is not None:
            return fact
    return ranked[0][0] if ranked else None


def rule_topics(text: str, card: ProblemCard | None) -> list[FactTopic]:
    """The topics whose keyword rule matches ``text``; a match that is only a word of the problem's own prompt
    ("is this dashboard critical?" when the dashboard is what we design) names the product, not a topic."""
    own = set(re.findall(r"[a-z]+", card.prompt.lower())) if card is not None else set()
    text = re.sub(r"^\W*if .{0,80}?,\s*(?=(?:is|are|do|does|should|can|must|would|will|what|how|which)\b)", "", text,
                  flags=re.I)  # "if a key's limit is 1,000 per second, is it acceptable…": the ask, not its condition
    found: list[FactTopic] = []
    for topic, rule in TOPIC_RULES.items():
        for m in rule.finditer(text):
            span = m.group(0).lower().strip()
            if span and not (re.fullmatch(r"[a-z]+", span) and (span in own or span.rstrip("s") in own)):
                found.append(topic)
                break
    return found


def _named_fact(text: str, topic: FactTopic, card: ProblemCard) -> int | None:
    """The card fact of ``topic`` whose sample questions share most words with ``text`` (the first on a tie)."""
    indices = [k for k, f in enumerate(card.hidden_facts) if f.topic == topic]
    asked = set(_content(text))
    return max(indices, key=lambda k: (len(asked & set(_content(" ".join(card.hidden_facts[k].questions)))), -k),
               default=None)


_MAGNITUDE = re.compile(r"how (?:big|large)|size|length")
_FILED = 2  # sample questions of a fact that must name a topic for the fact to answer it (one word can mislead:
# "latency budget" is no budget)


def sized_only(question: str, topic: FactTopic) -> bool:
    """``topic`` is named in ``question`` only by a size word ("how big is each?"), which says nothing of what is
    sized: the team, a channel, a file."""
    rule = TOPIC_RULES.get(topic)
    return rule is not None and all(_MAGNITUDE.fullmatch(m.group(0).strip().lower())
                                    for m in rule.finditer(question.lower()))


def _filed_elsewhere(question: str, named: list[FactTopic], card: ProblemCard) -> list[FactHit]:
    """The card facts that answer a topic named outright though the card files them under another topic ("how
    many engineers?" where the team is told with the budget): those whose own sample questions name that topic."""
    filed = {f.topic for f in card.hidden_facts}
    named = [t for t in named if not sized_only(question, t)]
    out: list[FactHit] = []
    for k, f in enumerate(card.hidden_facts):
        for t in named:
            naming = sum(t in rule_topics(_DUPLICATES.sub(" ", q.lower()), card) for q in f.questions)  # duplicates:
            # their own fact, found by duplicates_fact
            # a topic the card has no fact for: two of its sample questions will do; one it has: most of them
            if t != f.topic and naming >= (_FILED if t not in filed else max(_FILED, len(f.questions) // 2 + 1)):
                out.append(FactHit(question=question, topic=f.topic, fact=k, score=1.0))
                break
    return out


def _multi_part_hits(
    s: Sentence, parts: list[str], card: ProblemCard, semantic: SemanticMatcher | None
) -> list[FactHit]:
    """One fact per part of a multi-part question ("how many rides a day, and how many riders have the app open at
    peak?"), each scored as a keyword match with its topic named, so the second part is answered as surely as the
    first and no look-alike of either slips in."""
    vecs: list[np.ndarray | None] = list(semantic.embed([spelled_out(p) for p in parts])) if semantic is not None \
        else [None] * len(parts)
    chosen: list[int | None] = [_clause_fact(text.rstrip("?"), vec, card, semantic) for text, vec in zip(parts, vecs,
                                                                                                         strict=True)]
    for k, text in enumerate(parts):  # "what does the follower distribution look like, average and the max?": a
        head = text.split(",")[0].strip()  # qualifier after the comma blurs the match; the part before it asks
        if chosen[k] is None and head != text.strip() and len(head.split()) >= 2 and \
                not re.search(r"\b(?:or|and|but)$", head):  # "the home timeline or, a profile page": one ask
            vec = semantic.embed([spelled_out(head)])[0] if semantic is not None else None
            chosen[k] = _clause_fact(head, vec, card, semantic)
    ranked = [dict(semantic.facts(card, vec)) if semantic is not None and vec is not None else {} for vec in vecs]
    for q in range(len(parts)):  # two parts on one fact: the other's runner-up, when that fits both better
        for p in range(q):
            f = chosen[q]
            if f is None or chosen[p] != f:
                continue
            alt_q = max((k for k in ranked[q] if k != f and k not in chosen), key=lambda k: ranked[q][k], default=None)
            alt_p = max((k for k in ranked[p] if k != f and k not in chosen), key=lambda k: ranked[p][k], default=None)
            keep_p = ranked[p].get(f, 0.0) + (ranked[q][alt_q] if alt_q is not None else 0.0)
            keep_q = ranked[q].get(f, 0.0) + (ranked[p][alt_p] if alt_p is not None else 0.0)
            if alt_p is not None and keep_q > keep_p and ranked[p][alt_p] >= RUNNER_UP:
                chosen[p] = alt_p  # "hours uploaded a minute, and the typical length and file size": upload volume
                # for the first, file size for the second
            elif alt_q is not None and ranked[q][alt_q] >= RUNNER_UP:
                chosen[q] = alt_q
    hits: list[FactHit] = []
    for fact in chosen:
        if fact is None or any(h.fact == fact for h in hits):
            continue
        topic = card.hidden_facts[fact].topic
        hits += [FactHit(question=s.text, topic=topic, fact=fact, score=1.0),
                 FactHit(question=s.text, topic=topic, score=1.0)]
    on_card = {f.topic for f in card.hidden_facts}
    for text, fact in zip(parts, chosen, strict=True):  # "…and is it one region or multi region?" on a card silent
        if fact is None:  # about regions: named, so it is answered as the candidate's call, not passed over
            hits += [FactHit(question=s.text, topic=t, score=1.0) for t in rule_topics(text, card)
                     if t not in on_card and not any(h.topic == t for h in hits)]
    return hits


RUNNER_UP = 0.7  # a part's second-best fact is taken, when another part holds its best, from this close


def question_parts(norm: str) -> list[str]:
    """The asks of one question sentence (normalised): the items of a list after a colon ("three questions: orders
    per day, number of skus, flash sales"), each noun phrase of a terse list ("daily uploads and average size."),
    else the parts that ask (:func:`asking_parts`)."""
    found = clauses(core(norm))
    listed = LISTED_ASKS.match(core(norm))
    terse = all(_noun_phrase(p.rstrip("?")) for p in found)
    return [p.rsplit(":", 1)[-1].strip() for p in found] if listed or terse else asking_parts(found)


def topic_hits(
    s: Sentence, vectors: list[np.ndarray], card: ProblemCard | None, semantic: SemanticMatcher | None
) -> list[FactHit]:
    """Every topic (and card fact) the question asks about, one hit per (topic, fact), best score kept.

    A question in several parts is matched part by part: each part's own fact, and nothing else."""
    parts = question_parts(s.norm)
    if card is not None and len(parts) >= 2:
        per_part = _multi_part_hits(s, parts, card, semantic)
        if len(per_part) >= 4:  # at least two parts placed on the card
            return per_part
    named = rule_topics(s.norm, card)
    duplicated = duplicates_fact(s.norm, card) if card is not None else None
    if card is not None and _DUPLICATES.search(s.norm):  # "exactly once" names the duplicates fact, if any, not
        # a consistency fact about something else
        named = [t for t in named if t != "consistency" or "consistency" in rule_topics(_DUPLICATES.sub(" ", s.norm), card)]
    hits = [FactHit(question=s.text, topic=topic, score=1.0) for topic in named]
    if card is not None and duplicated is not None:
        topic = card.hidden_facts[duplicated].topic
        hits += [FactHit(question=s.text, topic=topic, fact=duplicated, score=1.0),
                 FactHit(question=s.text, topic=topic, score=1.0)]
    if card is not None:
        hits += _filed_elsewhere(s.text, named, card)
    if semantic is not None:
        for vec in vectors:
            if card is not None:
                matches = semantic.facts(card, vec)
                for fact, score in [m for k, m in enumerate(matches) if k == 0 or m[1] >= _STRONG_FACT]:
                    hits.append(FactHit(question=s.text, topic=card.hidden_facts[fact].topic, fact=fact, score=score))
            generic = semantic.topic(vec)
            if generic is not None:
                hits.append(FactHit(question=s.text, topic=generic[0], score=generic[1]))
    elif card is not None:  # without embeddings: the card facts whose topic the keyword rules found
        found = {h.topic for h in hits}
        hits += [FactHit(question=s.text, topic=f.topic, fact=k, score=1.0)
                 for k, f in enumerate(card.hidden_facts) if f.topic in found]
    if card is not None:
        hits += lexical_hits(s, card, max((h.score for h in hits if h.fact is not None), default=0.0))
        ranked = semantic.facts(card, vectors[0]) if semantic is not None and vectors else []
        concept = concept_fact(s.norm, card, ranked)
        if concept is not None:  # "ranked, or is chronological fine?" where the card says "newest first"
            topic = card.hidden_facts[concept].topic
            hits += [FactHit(question=s.text, topic=topic, fact=concept, score=1.0),
                     FactHit(question=s.text, topic=topic, score=1.0)]
        if _ACTIVE_ASK.search(spelled_out(s.norm)):  # "users and DAU?": the active count, wherever it is filed
            active = next((k for k, f in enumerate(card.hidden_facts) if _ACTIVE_ANSWER.search(f.answer)), None)
            if active is not None:
                topic = card.hidden_facts[active].topic
                hits += [FactHit(question=s.text, topic=topic, fact=active, score=1.0),
                         FactHit(question=s.text, topic=topic, score=1.0)]
    best: dict[tuple[FactTopic, int | None], FactHit] = {}
    for hit in hits:
        key = (hit.topic, hit.fact)
        if key not in best or hit.score > best[key].score:
            best[key] = hit
    return list(best.values())


def topics_in_order(hits: list[FactHit]) -> list[FactTopic]:
    """Distinct topics, strongest match first (stable for equal scores)."""
    seen: list[FactTopic] = []
    for hit in sorted(hits, key=lambda h: -h.score):
        if hit.topic not in seen:
            seen.append(hit.topic)
    return seen


_STOPWORDS = frozenset(
    ["what", "whats", "how", "hows", "which", "who", "where", "when", "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "would", "will", "shall", "may", "must", "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "this", "that", "these", "those", "it", "its", "we", "our", "us", "you", "your", "they", "their", "there", "here", "be", "been", "have", "has", "had", "any", "some", "each", "per", "about", "like", "um", "uh", "so", "just", "also", "really", "okay", "ok", "right", "get", "got", "many", "much", "need", "needs", "want", "wants", "kind", "sort", "type", "going", "gonna"]
)


def _stem(word: str) -> str:
    return word[:5] if len(word) > 5 else word.rstrip("s")


def _content(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOPWORDS and len(w) > 1]


_VAGUE = frozenset(_stem(w) for w in ("work", "works", "way", "ways", "handle", "thing", "things", "stuff", "fine",
                                        "good", "okay", "standard", "approach", "idea", "sense", "people", "there"))
LEXICAL_WORDS = 6  # questions of at most this many content words are terse enough to match by their rare words


def lexical_hits(s: Sentence, card: ProblemCard, semantic_best: float) -> list[FactHit]:
    """The card fact whose sample questions (and, at half weight, answer) share the rarest words with the question.

    Terse and spoken questions ("How exact?", "the limit, per user?") embed poorly; words that few of the card's
    facts use identify the fact. Words are weighted by inverse document frequency over the card's facts. The hit
    is scored just above the best embedding match, so it decides only when the words clearly point to one fact.
    """
    asked = set(_content(core(s.norm))) - _VAGUE  # "off the top of my head, …" is no part of the question
    if not asked or len(asked) > LEXICAL_WORDS:
        return []  # a full question embeds well: a rare word it shares with a fact is no better sign than that
    docs = [(set(_content(" ".join(f.questions))), set(_content(f.answer))) for f in card.hidden_facts]
    n = len(docs)
    df = {w: sum(1 for q, a in docs if w in q or w in a) for w in asked}
    idf = {w: math.log((n + 1) / (df[w] + 0.5)) for w in asked if df[w]}
    scores = [sum(idf.get(w, 0.0) * (1.0 if w in q else 0.5 if w in a else 0.0) for w in asked) for q, a in docs]
    ranked = sorted(range(n), key=lambda i: -scores[i])
    top = ranked[0]
    second = scores[ranked[1]] if n > 1 else 0.0
    rare = any(df.get(w, n) <= 2 and (w in docs[top][0] or w in docs[top][1]) for w in asked)
    shared = asked & (docs[top][0] | docs[top][1])
    if scores[top] < 1.2 or scores[top] < 1.25 * second or not rare or len(shared) < min(2, len(asked)):
        return []  # "what kind of product, consumer or B2B?" shares one word with a fact: no sign of the same question
    fact = card.hidden_facts[top]
    return [FactHit(question=s.text, topic=fact.topic, fact=top, score=max(semantic_best + 0.01, 0.6))]
