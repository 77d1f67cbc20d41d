"""Turn analysis: the verifiable facts of one candidate turn, for the interviewer's policy and the grader.

Keyword rules (:mod:`analysis.phrases`) catch the usual wording; sentence embeddings compared with phrase
banks (:mod:`analysis.semantic`) catch rewordings. Padding earns nothing (:mod:`analysis.filler`), and text
addressed to a grader or a model is reported as ``injection`` and excluded from every other field.
Deterministic: the same text, card and embedder always give the same analysis. One embedding call per turn, or
one per transcript when :meth:`TurnAnalyzer.prime` embeds all its turns up front.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from analysis.choices import design_choices
from analysis.components import covered_card_components, find_components
from analysis.coverage import (
    EVIDENCE_FLOOR,
    SKIP_BAR,
    asked_item,
    card_items,
    card_words,
    company_kinds,
    item_features,
    item_kind,
    load_coverage_model,
    stems,
)
from analysis.derivations import Link, derivations, hint, spoken_to_digits
from analysis.figures import Found, parse_figures
from analysis.filler import FillerJudge, filler_tokens
from analysis.intent import (
    META_TAIL,
    RUN_ON_ASKS,
    STACK_ASK,
    SYSTEM_WORDS,
    TAG_QUESTION,
    Ask,
    asks,
    attempts_after_doubt,
    interviewer_asked,
    primary_intent,
    question_part,
)
from analysis.intent_model import CONTENT_INTENTS, counts, feature_vector, load_model
from analysis.models import ArithmeticCheck, FactHit, Figure, Question, TechMention, TurnAnalysis
from analysis.phrases import (
    ASKS_FOR_ANSWER,
    ASKS_FOR_HIDDEN,
    DONT_KNOW,
    FAILURE,
    INJECTION,
    INJECTION_ANCHOR,
    LEADERSHIP,
    META_QUESTION,
    OFF_ROLE,
    REASONING,
    ROLE_PREFIX,
    SCOPING,
    SUMMARY,
    TRADE_OFF,
)
from analysis.questions import clauses, rule_topics, spelled_out, topic_hits, topics_in_order
from analysis.semantic import THRESHOLDS, SemanticMatcher
from analysis.sentences import Sentence, core, normalise, same_key, split_sentences, words
from analysis.techs import (
    Mention,
    TechMatcher,
    defers_previous,
    mentions_to_models,
    prefers,
    rejects_previous,
    sets_aside_previous,
)
from knowledge.content import Knowledge
from knowledge.embeddings import Embedder
from knowledge.models import ProblemCard, Scale

SCALE_ORDER: dict[Scale, int] = {"tiny": 0, "small": 1, "medium": 2, "large": 3, "massive": 4}
_CATEGORIES = {"trade_off": TRADE_OFF, "failure": FAILURE, "scoping": SCOPING, "summary": SUMMARY,
               "leadership": LEADERSHIP}
_FLAGS = {"off_role": OFF_ROLE, "asks_for_hidden": ASKS_FOR_HIDDEN, "asks_for_answer": ASKS_FOR_ANSWER,
          "dont_know": DONT_KNOW}
_FAILURE_EVENT = re.compile(r"\b(?:fail\w*|goes down|go down|crash\w*|dies|die|outages?|promot\w+|standby|takes? over|"
                            r"unavailable|unreachable|is lost|lose)\b")
_HYGIENE = {"read-replicas", "circuit-breaker"}  # failure handling, not a scale decision
_TWIST = re.compile(r"\b(?:\d+x|\d+ ?times|grows?|growth|viral|spikes?|celebrity|doubles|triples|ten times|"
                    r"more (?:users|traffic|load)|billions?)\b")
_CARRIED_OP = re.compile(r"^\W*(?:(?:so|and|then|ok(?:ay)?|right|um|uh)\W+)*(?:divided by|divide (?:that|it|this) by|"
                         r"over|times|multiplied by|×)\s*(?:\d|about|around|roughly)", re.I)


def carried_checks(text: str, previous: str) -> list[ArithmeticCheck]:
    """The checks of a step that opens this turn on the figure that closed the turn before ("…14.4 million
    messages a day." then "Divided by 86,400 seconds, that's about 1,700 a second."), quoted from this turn."""
    first, last = split_sentences(text)[:1], split_sentences(previous)[-1:]
    if not first or not last or not _CARRIED_OP.match(first[0].text):
        return []
    lead, body = spoken_to_digits(last[0].text), spoken_to_digits(first[0].text)
    return [_checked(link, first[0].text) for link in derivations(f"{lead} {body}", spoken=False)
            if link.at > len(lead)]  # a step of the turn before was checked with it


def _checked(link: Link, claim: str) -> ArithmeticCheck:
    """A derivation link as the check of the candidate's sentence ``claim``: storage when it names bytes, else a rate."""
    kind = "storage" if re.search(r"\d\s*[kmgtpe]?i?b(?:ytes?)?\b", claim, re.I) else "rate"
    return ArithmeticCheck(claim=claim, given=link.given, expected=link.expected, ok=link.ok, kind=kind,
                           operation=link.operation, hint=hint(link))


def _check_key(check: ArithmeticCheck) -> tuple[float, float, str]:
    """What makes two checks the same: the figure given, the figure expected (rounded) and the kind."""
    return check.given, round(check.expected, 3), check.kind


_TAKEN_BACK = re.compile(r"[^.;]{0,30}?\b(?:no,? (?:sorry|wait)|sorry,? (?:no|that'?s wrong)|that'?s wrong|i mean|"
                         r"scratch that|wait,? no|actually,? no|oops)\b", re.I)
_FIXED_NEXT = re.compile(r"[^.;!?]{0,40}?[.;!]\s+(?:sorry|i mean|correction|oops|no,? wait|wait,? no)\W+(?:that'?s |it'?s )?"
                         r"(?:about |roughly |around )?\d", re.I)  # "…25 GB a second. Sorry, 25 MB a second."
_REPORTED = re.compile(r"^\W*(?:(?:so|and|but|actually|earlier|before|previously|when)\W+)*(?:i|we) (?:said|had said|"
                       r"wrote|claimed|quoted|stated|computed|calculated|worked out)\b")
_GIVEN_FIGURES = {"users", "traffic", "data_size"}  # figures a problem's facts give when asked for by name
_NAMED_FIGURES = re.compile(r"\b(?:numbers?|figures?|how (?:many|much)|per (?:day|second|month))\b")
_MEMO_SIZE = 4096  # analyses kept by analyze_cached
_COMMAND = re.compile(r"\byou (?:must|are|should|will|shall)\b|\bignore\b|\boverride\b|\bdisregard\b")


@dataclass
class _Turn:
    """Working state of one analysis."""

    sentences: list[Sentence]
    vectors: np.ndarray | None
    banks: dict[str, np.ndarray]
    clause_vectors: dict[str, np.ndarray]
    questions: dict[int, Question] = field(default_factory=dict)  # by sentence start: questions to the interviewer
    assumed: dict[int, list[FactHit]] = field(default_factory=dict)  # by sentence index: the fact a check-in is about


_Memo = tuple[ProblemCard | None, TurnAnalysis]  # the card a remembered analysis was made with, and it


def last_question(text: str) -> str:
    """The last sentence of an interviewer turn, normalised as sentences are for matching."""
    put = [q for q in re.split(r"(?<=[.!?])\s+", text.strip()) if q]
    return core(normalise(put[-1])) if put else ""


PUT_WORDS = 6  # a sentence of the interviewer's turn this long may be the scenario its question is about


def scenario_sentences(text: str) -> list[str]:
    """The longer sentences of an interviewer turn before its last one, normalised: the scenario its question is
    about ("A celebrity with 50 million followers tweets during the final." before "What changes in your design?")."""
    put = [q for q in re.split(r"(?<=[.!?])\s+", text.strip()) if q]
    return [core(normalise(q)) for q in put[:-1] if len(q.split()) >= PUT_WORDS]


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = same_key(item)  # a point restated in the same turn counts once
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


_CHOICE = re.compile(r"\b(?:use|using|pick|choose|go with|put|store|keep|run|add|i'?d have|we'?d have|via|behind|"
                     r"in front|on top of|backed by|switch to|move to)\b")
_RULING_OUT = re.compile(r"\bno\b|\bnot\b|n't\b|\bwithout\b|\boverkill\b|\bone more thing\b|\bunnecessary\b|"
                         r"\bskip\b|\bavoid\b|\brul(?:e|ed|ing) (?:\w+ )?out\b")  # "I'd rule out Cassandra… Same for Kafka"
_CHECK_IN = re.compile(r"\b(?:you had in mind|you (?:expect|expected|were looking for)|you (?:want|wanted)(?=\W*$|\s+(?:me to(?! assume)|"
                       r"here|from me|to see|to hear|or\b|for (?:this|a|the) \w+)\b)|you'?re looking for|"
                       r"make sense|on the right track|is that (?:ok|okay|fine|right|enough)|does that (?:work|match|help)|"
                       r"anything (?:i|else i) (?:missed|should)|did i miss|sounds? (?:like )?(?:the )?right|right direction|"
                       r"sounds? (?:reasonable|good|ok|okay|fair)|anything you'?d (?:change|add|correct)|"
                       r"(?:would you|do you) agree|is (?:it|that) (?:ok|okay|fine) (?:if|to)|"
                       r"what you'?re looking for|(?:^|\W)(?:agree|fair|right|ok|okay)\?$|so far so good|"
                       r"(?:is|was) (?:that|this) (?:a |an )?(?:reasonable|good|fine|ok|okay|sensible|decent|fair) "
                       r"(?:start|beginning|first (?:cut|pass|version)|approach|plan|place to start|direction|choice|"
                       r"option|pick|call|trade-?off)|do you have a preference|"
                       r"(?:good|ok|okay|fine) so far|does (?:that|this)(?: \w+)? work(?: for you)?\b|"
                       r"is there an? (?:area|part|piece) you care about more|is (?:that|this) (?:the |a )?(?:usual|standard|normal|common|typical) "
                       r"(?:approach|way|pattern|thing|answer)|tell me if (?:that'?s|this is|i'?m|any of (?:that|this) is) "
                       r"(?:way |very |totally |completely )?(?:off|wrong|unrealistic))", re.I)


_PERMISSION = re.compile(r"\b(?:is it (?:ok|okay|alright|fine) if i|can i (?:ask|start|take|assume|go)|(?:do you )?mind if i|"
                         r"may i|would it be (?:ok|okay|fine) (?:if|to))\b", re.I)


_SIZES = frozenset({"traffic", "read_write_ratio", "data_size"})  # facts a scope question never asks for (who
# it is for may be filed under users)
PERMISSION_CHARS = 25  # "can I assume…" opens a permission check only near the start of the sentence
ASSUMED_WORDS = 6  # the assumption a check-in is about is a sentence of its own, this long at least
_ACCEPTABLE = re.compile(r"\b(?:ok(?:ay)?|acceptable|fine|fair|right|correct|realistic|reasonable|allowed|tolerable)\b|"
                         r"\bassum\w*|\bproduct side\b|\bbusiness side\b")
_STATED = re.compile(r"\b(?:i'?ll assume|i'?m assuming|i assume|let'?s assume|assuming|let'?s say|i'?ll take it|"
                     r"i'?m treating|i'?ll treat|i'?d treat|my assumption is|i'?m going to assume)\b")
_OWN_PLAN = re.compile(r"^\W*(?:(?:so|ok(?:ay)?|and|now|right|alright|first|next)\W+)*(?:(?:let me|let'?s|i'?ll|i will|i'?m "
                       r"going to|i am going to|we'?ll|we will|i want to|i'd like to)\b|here'?s (?:the|my|what) (?:\w+ )?"
                       r"(?:architecture|design|plan|approach|solution)? ?(?:i'?d|i would|i'?ll|i will|i'?m going to)\b)"
                       r"(?!.*\b(?:you|your)\b)")  # "So here's the architecture I'd go for.": theirs, about to come
_SUMMING_UP = re.compile(r"\bto (?:sum(?: it)? up|summari[sz]e|recap|wrap up)\b|\bin summary\b|^summary\b")
ASSUMED_MATCH = 0.6
BARE_CHECK_WORDS = 5  # "is that ok", "would that be fine?": a bare check on what was just said
STATED_MATCH = 0.6  # an assumption stated right after a question names the fact it asks for from this close
NAMED_FAILURE = 0.8  # a failure question about a piece they walked through failing: covered
_TOO = re.compile(r"^\W*(?:and\s+|oh\s+and\s+)?[\w .-]{2,25}?\s+(?:too|as well)\b")
_TABLE = re.compile(r"\b[a-z][a-z_]*\s*(?:\(\s*|with\s+)(?:id|[a-z]+_id)(?:\s*,\s*[a-z_]+){2,}", re.I)  # "cards (id,
# list_id, title", "lists with id, board_id, name, position"
_ASKS_TABLES = re.compile(r"\b(?:tables?|schema)\b", re.I)
_FAILING = re.compile(r"\b(?:go(?:es)? down|is down|fails?|failed|failing|dies|died|crash\w*|unavailable|outage|"
                      r"restart\w*|los(?:e|es|t) (?:its|the|a|all)|unreachable|partitioned|times? out|is slow|lags?|"
                      r"backs? up|falls? behind|corrupt\w*|is lost|wiped|evicted)\b", re.I)  # a piece failing, said so
_ROLE_WORDS = {  # a piece a failure question names by its role ("the inventory database primary fails")
    "database": re.compile(r"\b(?:database|db|datastore)s?\b", re.I),
    "cache": re.compile(r"\bcache(?: cluster| node| tier)?s?\b", re.I),
    "queue": re.compile(r"\b(?:queue|broker|message bus|log cluster)s?\b", re.I),
    "search": re.compile(r"\bsearch (?:index|cluster)\b", re.I),
    "coordination": re.compile(r"\bcoordination service\b|\block service\b", re.I),
}
SAME_FIGURE_FLOOR = 100  # a card figure this large said again by the candidate is that item, not a coincidence


@lru_cache(maxsize=512)  # keyed by the item's text: a card's items are read again on every turn
def _item_figures(text: str) -> tuple[Figure, ...]:
    return tuple(f.figure for f in parse_figures(text) if f.figure.value >= SAME_FIGURE_FLOOR)
_PERMISSION_ONLY = re.compile(r"\b(?:can i|may i|mind if i) (?:ask (?:a |some |a few |you )?(?:questions?|something)|"
                              r"start|take|assume|go)\b(?!\s+(?:about|how|what|which|who|whether|if)\b)", re.I)


_POINTS_BACK = re.compile(r"^\W*(?:(?:and|but|so|now)\W+)?(?:is|isn'?t|would|wouldn'?t|does|doesn'?t|will|could|can) "
                          r"(?:that|this|it|those|these)\b")


def _unrelated(question: str, card: ProblemCard) -> bool:
    """A question sharing no word with the problem card nor with system design in general."""
    if SYSTEM_WORDS.search(question.lower()) or _CHECK_IN.search(question):
        return False
    texts = [card.prompt, *card.components, *(f.answer for f in card.hidden_facts),
             *(q for f in card.hidden_facts for q in f.questions), *card.scale_twists, *card.failure_questions,
             *(t for d in card.deep_dives for t in (d.topic, *d.probes, *d.good_signals))]
    return not (stems(question) & set().union(*card_words(tuple(texts))[0]))


_NOT_USING = re.compile(r"\b(?:things?|pieces?|options?|technologies|tools?|choices?)\s+(?:that\s+)?(?:i'?m|i am|we'?re|"
                        r"we are|i'?d|i would|i'?ll|we'?d|we'?ll)\s+(?:be\s+)?(?:not|never|deliberately not|explicitly "
                        r"not)\s+(?:using|use|going to use|gonna use|choosing|picking|adding|building|doing)\b|"
                        r"\b(?:things?|what) (?:i'?d|i would|i|we) (?:rule|ruled|am ruling|would rule) out\b|"
                        r"\b(?:ruled out|rejected|not using|won'?t use|what i'?m avoiding)\s*:\s*$")
_ENUMERATOR = re.compile(r"^\W*(?:one|two|three|four|five|first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth|last(?:ly)?|"
                         r"\d)\s*[:.),-]")
_NO_DESCRIBED = re.compile(r"^\W*(?:so,? |and |then,? |hence )?no (?:single |one )?([a-z]{4,}) (?:store|cluster|cache|"
                           r"database|db|queue|counters?|service|server|broker|index|coordinator)s?(?: then| at all)?\W*$")


class TurnAnalyzer:
    """Analyses candidate turns against the knowledge (technology aliases, scales) and an optional card."""

    def __init__(self, knowledge: Knowledge, embedder: Embedder | None = None) -> None:
        self.knowledge = knowledge
        self._techs = TechMatcher(knowledge)
        self._roles = {t.id: t.category for t in knowledge.technologies.values()}
        self._semantic = SemanticMatcher(embedder) if embedder is not None else None
        self._memo: OrderedDict[tuple[str, str | None, str | None, str | None], _Memo] = OrderedDict()

    # --- public ---------------------------------------------------------------------------------------
    def analyze(
        self, text: str, card: ProblemCard | None = None, *, previous_interviewer: str | None = None,
        previous_candidate: str | None = None,
    ) -> TurnAnalysis:
        """The reading of one candidate turn; ``previous_candidate`` is their turn before, where a step begun
        there ("…14.4 million a day.") may end in this one ("Divided by 86,400, that's about 1,700 a second.")."""
        result, x = self.read(text, card, previous_interviewer=previous_interviewer)
        model = load_model()
        if result.intent in CONTENT_INTENTS and model is not None and x is not None and x.shape[0] == model.features:
            result.intent = model.predict(x)
        if previous_candidate:
            have = {_check_key(c) for c in result.arithmetic}
            result.arithmetic += [c for c in carried_checks(text, previous_candidate) if _check_key(c) not in have]
        return result

    def coverage_features(
        self, text: str, card: ProblemCard, *, previous_interviewer: str | None = None
    ) -> tuple[list[str], np.ndarray] | None:
        """The card items and their coverage features for one turn, as the analysis computes them (for training
        :mod:`analysis.coverage`'s model); None when the turn has no substantive statement."""
        capture: list[tuple[list[str], np.ndarray]] = []
        self.read(text, card, previous_interviewer=previous_interviewer, capture=capture)
        return capture[0] if capture else None

    def read(
        self, text: str, card: ProblemCard | None = None, *, previous_interviewer: str | None = None,
        capture: list[tuple[list[str], np.ndarray]] | None = None,
    ) -> tuple[TurnAnalysis, np.ndarray | None]:
        """The analysis with the intent the rules give, and the learned model's features (None without embeddings)."""
        sentences = split_sentences(text)
        turn = self._embed(sentences, last_question(previous_interviewer or ""))
        result = TurnAnalysis(text=text, words=len(words(text)))
        kept: list[Sentence] = []
        doubted: list[int] = []  # positions in ``kept`` of the sentences that say "I don't know"
        for i, s in enumerate(sentences):
            if self._is_injection(turn, i, s):
                result.injection.append(s.text)
                continue
            flags = [name for name in _FLAGS if self._hit(turn, i, s, name, _FLAGS[name])]
            if flags and set(flags) <= {"asks_for_answer"} and (
                    _NAMED_FIGURES.search(s.norm) and rule_topics(s.norm, card) or  # "just tell me the numbers: the
                    set(rule_topics(s.norm, card)) & _GIVEN_FIGURES or  # daily users and rides per day", "could you just
                    _NAMED_FIGURES.search(s.norm) and any(  # tell me the DAU?", "what's the expected order volume.
                        set(rule_topics(k.norm, card)) & _GIVEN_FIGURES for k in kept[-2:])):  # just give me the number"
                flags = []  # facts asked for by name, which the interviewer gives: a question, not a plea
            for name in flags:
                if name != "dont_know" or not s.is_question:
                    setattr(result, name, True)
            if {"off_role", "asks_for_hidden", "asks_for_answer"} & set(flags):
                continue  # earns nothing and is no clarifying question
            if "dont_know" in flags and not s.is_question:
                doubted.append(len(kept))
            kept.append(replace(s, index=i))
        # "i don't know, i guess we lose them unless...": an attempt, not a stuck turn
        result.attempted = result.dont_know and attempts_after_doubt(kept, doubted)
        asked = interviewer_asked(previous_interviewer)
        found = asks(kept, asked)
        if card is not None:  # "Rate limiter." to open: the problem's own name said back, no terse question
            named = stems(f"{card.prompt} {card.title}")
            found = [(s, a) for s, a in found if s.is_question or len(words(s.text)) > 3 or not stems(s.text) <= named
                     or not stems(s.text)]
        for s, ask in found:
            turn.questions[s.start] = Question(text=ask.text, kind=ask.kind, numeric=ask.numeric, meta=ask.meta)
        result.asks = list(turn.questions.values())
        self._substance(result, turn, kept, card, previous_interviewer, capture)
        result.choices = design_choices(kept, lambda s: [m.name for m in self._techs.find(s)])
        result.intent = primary_intent(
            injection=bool(result.injection), substantive=result.substantive_words > 0,
            asks_for_hidden=result.asks_for_hidden, asks_for_answer=result.asks_for_answer, off_role=result.off_role,
            questions=[Ask(q.text, q.kind, q.numeric, q.meta) for q in turn.questions.values()],  # as re-read
            dont_know=result.dont_know and not result.attempted,
            estimating=bool(result.arithmetic) or len(result.figures) >= 2, derived=bool(result.arithmetic),
            designing=bool(result.components or result.technologies),
            previous=asked,
        )
        return result, self._content_features(result, turn, previous_interviewer)

    def _content_features(self, result: TurnAnalysis, turn: _Turn, previous: str | None) -> np.ndarray | None:
        """The features of :mod:`analysis.intent_model` for this turn (None without an embedder)."""
        if self._semantic is None or turn.vectors is None or not len(turn.vectors):
            return None
        mean = turn.vectors.mean(axis=0)
        mean = mean / (np.linalg.norm(mean) or 1.0)
        put = last_question(previous or "")
        question = self._semantic.embed([put])[0] if put else np.zeros_like(mean)
        base = counts(arithmetic=len(result.arithmetic), figures=len(result.figures),
                      technologies=len(result.technologies), components=len(result.components),
                      dont_know=result.dont_know and not result.attempted, substantive_words=result.substantive_words,
                      failure=bool(result.failure_modes), trade_off=bool(result.trade_offs),
                      asked=interviewer_asked(previous))
        return feature_vector(base, mean, question)

    def analyze_cached(
        self, text: str, card: ProblemCard | None = None, *, previous_interviewer: str | None = None,
        previous_candidate: str | None = None,
    ) -> TurnAnalysis:
        """:meth:`analyze`, remembered: the same turn after the same question on the same card is analysed once.

        Graders of reworded or company-swapped copies of a transcript meet most turns again. Returns a copy.
        """
        carried = previous_candidate if previous_candidate and _CARRIED_OP.match(text) else None  # only then read
        key = (text, card.id if card else None, previous_interviewer, carried)
        entry = self._memo.get(key)
        if entry is None or not (entry[0] is card or entry[0] == card):  # a changed card is analysed afresh
            entry = (card, self.analyze(text, card, previous_interviewer=previous_interviewer,
                                        previous_candidate=carried))
            self._memo[key] = entry
            while len(self._memo) > _MEMO_SIZE:
                self._memo.popitem(last=False)
        return entry[1].model_copy(deep=True)

    def prime(self, texts: Iterable[str], cards: Iterable[ProblemCard | None] = (),
              interviewer: Iterable[str] = ()) -> int:
        """Embed every sentence (and question clause) of ``texts``, the ``cards`` with their coverable items, and
        the last question of each ``interviewer`` turn, in one batched model call.

        :meth:`analyze` then finds those embeddings cached, so a whole transcript costs one model call instead
        of one per turn. The analyses are the same either way. Returns how many new texts were embedded.
        """
        if self._semantic is None:
            return 0
        known = [c for c in cards if c is not None]
        wanted = [t for text in texts for t in self._embed_texts(split_sentences(text))]
        wanted += [t for card in known for _, group in card_items(card) for t in group]
        wanted += [q for q in (last_question(text) for text in interviewer) if q]
        return self._semantic.prime(wanted, known)

    def clear_cache(self) -> None:
        """Forget cached sentence embeddings and analyses, e.g. to measure a cold turn."""
        self._memo.clear()
        if self._semantic is not None:
            self._semantic.clear_cache()

    # --- steps -----------------------------------------------------------------------------------------
    @staticmethod
    def _clauses(sentences: list[Sentence]) -> list[str]:
        """The parts of multi-part questions, embedded on their own next to the sentences."""
        return [c for s in sentences if s.is_question for c in clauses(core(s.norm)) if c != core(s.norm)]

    def _embed_texts(self, sentences: list[Sentence]) -> list[str]:
        """What one turn embeds: every sentence's core, then its question clauses and spoken question tails."""
        tails = [core(part.norm) for s in sentences if (part := question_part(s)) is not s]
        return [core(s.norm) for s in sentences] + self._clauses(sentences) + tails

    def _embed(self, sentences: list[Sentence], put: str | None = None) -> _Turn:
        """The turn's vectors; the interviewer's last question ``put`` rides in the same model call, so reading
        what it asked (coverage, intent features) costs no call of its own."""
        if self._semantic is None or not sentences:
            return _Turn(sentences, None, {}, {})
        parts = self._clauses(sentences)
        vectors = self._semantic.embed(self._embed_texts(sentences) + ([put] if put else []))
        n = len(sentences)
        clause_vectors = {c: vectors[n + k] for k, c in enumerate(parts)}
        return _Turn(sentences, vectors[:n], self._semantic.bank_scores(vectors[:n]), clause_vectors)

    def _score(self, turn: _Turn, i: int, bank: str) -> float:
        scores = turn.banks.get(bank)
        return float(scores[i]) if scores is not None else 0.0

    def _hit(self, turn: _Turn, i: int, s: Sentence, bank: str, rule: re.Pattern[str]) -> bool:
        if rule.search(s.norm):
            return True
        if bank in ("off_role", "asks_for_hidden", "asks_for_answer") and _OWN_PLAN.match(s.norm):
            return False  # "so let me write the requirements I will design for": their own plan, asking nothing
        return self._score(turn, i, bank) >= THRESHOLDS[bank]

    def _is_injection(self, turn: _Turn, i: int, s: Sentence) -> bool:
        if INJECTION.search(s.norm):
            return True
        prefixed = ROLE_PREFIX.match(s.norm)
        if prefixed and (INJECTION_ANCHOR.search(prefixed.group("rest").replace("system", "")) or _COMMAND.search(s.norm)):
            return True
        return self._score(turn, i, "injection") >= THRESHOLDS["injection"] and bool(INJECTION_ANCHOR.search(s.norm))

    def _substance(
        self, result: TurnAnalysis, turn: _Turn, kept: list[Sentence], card: ProblemCard | None, previous: str | None,
        capture: list[tuple[list[str], np.ndarray]] | None = None,
    ) -> None:
        judge = FillerJudge([t for t in (previous, card.prompt if card else None) if t])
        substantive: list[Sentence] = []
        mentions: list[Mention] = []
        said: set[str] = set()  # the points already made in this turn
        asked_out: list[Mention] = []  # ruled out inside a question about the interview
        listed_out = False  # a list of what is not used was announced; its numbered items follow
        spoken_through: set[int] = set()  # long run-ons ending in a check on the interview: read as statements too
        for s in kept:
            key = same_key(s.text)
            if key in said and s.start not in turn.questions:
                result.filler.append(s.text)  # "Just to restate that: ..." adds nothing the turn has not said
                continue
            said.add(key)
            found = self._techs.find(s)
            asked = turn.questions.get(s.start)
            if asked is not None and asked.kind == "meta" and asked.meta == "check" and \
                    self._assumed(turn, kept, s.index, card):
                asked.kind, asked.meta = "yesno", None  # "…an occasional duplicate seems fine. Is that okay?"
            if asked is not None and asked.kind == "meta" and len(words(s.text)) >= RUN_ON_ASKS:
                spoken_through.add(s.start)  # "so yeah to sum up … token bucket in the gateway with redis … was
                # that kind of what you were looking for": a check tacked on a run-on; what it says still counts
            elif asked is not None and asked.kind in ("meta", "off_topic"):
                result.filler.append(s.text)  # about the interview, not the design: earns nothing, but what it
                asked_out.extend(m for m in found if m.status == "rejected")  # rules out still counts ("I was
                continue  # going to say Kafka, but would you rather I pick something managed?")
            signal = bool(found) or asked is not None or bool(re.search(r"\d", s.norm)) or any(
                rule.search(s.norm) for rule in (*_CATEGORIES.values(), REASONING)
            )
            why = None if asked is not None else "meta" if META_QUESTION.search(s.norm) else judge.reason(s, signal)
            if why is None and not signal and self._score(turn, s.index, "filler") >= THRESHOLDS["filler"]:
                why = "small talk"
            if why is not None and rejects_previous(s) and substantive:  # "So that's out.": short, but it rules
                last = substantive[-1].index  # out the pieces of the sentence before
                mentions = [replace(m, status="rejected") if m.sentence.index == last and m.status == "used" else m
                            for m in mentions]
            if why is not None:
                result.filler.append(s.text)
                asked_out.extend(m for m in found if m.status == "rejected")  # "so no redis.": short, but it rules
                continue  # a piece out all the same
            if defers_previous(s) and mentions and not found:  # one naming a piece of its own speaks of that one
                last = substantive[-1].index if substantive else -1
                mentions = [replace(m, status="deferred") if m.sentence.index == last and m.status == "used" else m
                            for m in mentions]
            if listed_out and _ENUMERATOR.match(s.norm):  # "Three things I'm not using. One: a central Redis…"
                found = [replace(m, status="rejected") if m.status == "used" else m for m in found]
            listed_out = listed_out or bool(_NOT_USING.search(s.norm))
            if (described := _NO_DESCRIBED.match(s.norm)) is not None:  # "one central redis cluster every dc calls…
                # but cross-dc rtt is a non-starter… so no central store": the piece described is ruled out
                adjective = described.group(1)
                mentions = [replace(m, status="rejected") if m.status == "used" and re.search(
                    rf"\b{adjective}\b(?:\W+\w+){{0,3}}?\W+{re.escape(m.name)}\b", m.sentence.text, re.I) else m
                    for m in mentions]
            preferred = {m.tech_id for m in found if m.status == "used" and prefers(s, m)}
            if preferred:  # "Actually I'd pick DynamoDB… Hmm, but search is harder in DynamoDB… maybe Postgres is
                # better": the earlier piece of the same kind is set aside for the one now preferred
                kinds = {self._roles.get(t) for t in preferred} - {None}
                mentions = [replace(m, status="rejected") if m.status == "used" and m.tech_id not in preferred and
                            self._roles.get(m.tech_id) in kinds else m for m in mentions]
            reject = bool(substantive) and (rejects_previous(s) or sets_aside_previous(s, substantive[-1]))
            if reject and not re.match(r"^\W*(?:same|likewise|neither)\b", s.norm):
                last = substantive[-1].index  # "I wouldn't put it there": the previous sentence's pieces
                mentions = [replace(m, status="rejected") if m.sentence.index == last and m.status == "used" else m
                            for m in mentions]
            substantive.append(replace(s, index=len(substantive)))
            ruled_like_before = bool(reject and re.match(r"^\W*(?:same|likewise|neither)\b", s.norm) and any(
                _RULING_OUT.search(p.norm) for p in substantive[-3:-1]))  # "No cache. … Same for read replicas."
            too = _TOO.match(s.norm)  # "i'll drop it. redis too probably": the same verdict for the piece named
            too_out = too is not None and bool(found) and len(substantive) >= 2 and any(
                m.status == "rejected" and m.sentence.index in {p.index for p in substantive[-3:-1]} for m in mentions)
            mentions.extend(replace(m, sentence=substantive[-1], status="rejected" if ruled_like_before or too_out and
                                    too is not None and m.name.lower() in s.norm[: too.end()] else m.status)
                            for m in found)
            spoken = core(s.norm)  # without opening fillers ("off the top of my head, ...")
            result.substantive_words += max(0, len(words(spoken)) - filler_tokens(spoken))
        self._questions(result, turn, substantive, kept, card)
        self._figures(result, substantive)
        self._technologies(result, mentions, substantive, turn, asked_out)
        for s in substantive:
            if s.start in turn.questions and s.start not in spoken_through:
                continue
            i = self._turn_index(kept, s)
            result.components.extend(find_components(s))
            for bank, target in (("trade_off", result.trade_offs), ("failure", result.failure_modes),
                                 ("scoping", result.scoping), ("summary", result.summary),
                                 ("leadership", result.leadership)):
                if self._hit(turn, i, s, bank, _CATEGORIES[bank]):
                    target.append(s.text)
            if REASONING.search(s.norm):
                result.reasoning.append(s.text)
        for name in ("components", "trade_offs", "failure_modes", "scoping", "summary", "reasoning", "leadership",
                     "filler", "injection"):
            setattr(result, name, _dedupe(getattr(result, name)))
        used = {t.tech_id for t in result.technologies}
        explained = result.reasoning or result.trade_offs or result.failure_modes or result.summary
        result.list_dump = len(used) >= 3 and not explained and not any(t.justified for t in result.technologies) \
            and result.substantive_words < 12 * len(used)  # names, not a walk through how data moves
        if card is not None:
            self._over_engineering(result, mentions, card, bool(previous and _TWIST.search(previous.lower())), turn)
            self._card_components(result, turn, substantive, kept, card)
            body = [s for s in substantive if s.start not in turn.questions]
            rows = [self._turn_index(kept, s) for s in body]
            vectors = turn.vectors[[i for i in rows if i >= 0]] if turn.vectors is not None and rows else None
            if body:
                tags, features = item_features(card, body, vectors, self._semantic)
                if capture is not None:
                    capture.append((tags, features))
                result.coverage = load_coverage_model().scores(tags, features)
            self._named_failures(result, card)
            self._same_figures(result, card, [s.text for s in body])
            result.covers = [t for t, p in result.coverage.items() if p >= SKIP_BAR[item_kind(t)] and item_kind(t) != "probe"]
            self._listed_schema(result, card, " ".join(s.text for s in body))
            if previous and body and previous.rstrip().endswith("?"):  # the question put is the one answered now
                put = asked_item(card, last_question(previous), self._semantic)
                put += [t for t in asked_item(card, scenario_sentences(previous), self._semantic)  # a scenario said
                        # before the question ("Redis restarts. What happens?") when the answer touches it at all
                        if t.split(":")[0] in ("twist", "failure") and result.coverage.get(t, 0.0) >= EVIDENCE_FLOOR]
                result.covers += [t for t in dict.fromkeys(put)
                                  if t not in result.covers]
        result.covers += company_kinds(" ".join(s.text for s in substantive if s.start not in turn.questions))

    @staticmethod
    def _same_figures(result: TurnAnalysis, card: ProblemCard, said: list[str]) -> None:
        """A failure or a change the card puts with a figure of its own ("one merchant's runaway script sends 50,000
        requests a second") is covered when the candidate works through that very figure ("say one customer doing
        50,000 requests a second … leases tokens in batches")."""
        theirs = [f.figure for text in said for f in parse_figures(text)]
        if not theirs:
            return
        items = [(f"failure:{n}", q) for n, q in enumerate(card.failure_questions)] + \
            [(f"twist:{n}", t) for n, t in enumerate(card.scale_twists)]
        for tag, text in items:
            ours = _item_figures(text)
            if any(o.unit == t.unit and abs(o.value - t.value) <= 0.05 * o.value for o in ours for t in theirs):
                result.coverage[tag] = max(result.coverage.get(tag, 0.0), NAMED_FAILURE)

    @staticmethod
    def _listed_schema(result: TurnAnalysis, card: ProblemCard, said: str) -> None:
        """Tables written out with their columns ("boards (id, name, owner_id). lists (id, board_id, …)") answer a
        probe that asks for the tables or the schema, whatever words the probe uses."""
        if len(_TABLE.findall(said)) < 2:
            return
        for d, dive in enumerate(card.deep_dives):
            for p, probe in enumerate(dive.probes):
                if _ASKS_TABLES.search(probe):
                    tag = f"probe:{d}:{p}"
                    result.coverage[tag] = max(result.coverage.get(tag, 0.0), NAMED_FAILURE)
                    if tag not in result.covers:
                        result.covers.append(tag)

    def _named_failures(self, result: TurnAnalysis, card: ProblemCard) -> None:
        """A failure question about a piece they named is covered when they walk through that piece failing ("If
        Redis goes down, fan-out and presence stop…" answers "Redis restarts. What happens to presence?")."""
        failing = {m.tech_id for text in result.failure_modes if _FAILING.search(text) for s in split_sentences(text)
                   for m in self._techs.find(s) if m.status == "used"}
        if not failing:
            return
        roles = {self._roles.get(t) for t in failing}  # "Postgres primary dies" is the database failing
        for n, question in enumerate(card.failure_questions):
            named = {m.tech_id for s in split_sentences(question) for m in self._techs.find(s)}
            scenario = split_sentences(question)[0].text if question.strip() else ""  # what fails, not what it hits
            kinds = {role for role, word in _ROLE_WORDS.items() if word.search(scenario)} if _FAILING.search(scenario) \
                else set()
            if named and named <= failing or not named and kinds and kinds <= roles:
                tag = f"failure:{n}"
                result.coverage[tag] = max(result.coverage.get(tag, 0.0), NAMED_FAILURE)

    @staticmethod
    def _turn_index(kept: list[Sentence], s: Sentence) -> int:
        """The sentence's index in the whole turn (for its embedding), found by position."""
        for k in kept:
            if k.start == s.start:
                return k.index
        return -1

    def _questions(
        self, result: TurnAnalysis, turn: _Turn, substantive: list[Sentence], kept: list[Sentence],
        card: ProblemCard | None,
    ) -> None:
        for s in substantive:
            if s.start not in turn.questions or turn.questions[s.start].kind == "meta":  # a run-on ending in a check
                continue  # on the interview is read as statements, its check answered as such
            result.questions.append(s.text)
            i = self._turn_index(kept, s)
            part = question_part(s)
            vecs: list[np.ndarray] = []
            if (part is not s or spelled_out(part.norm) != part.norm) and self._semantic is not None:  # a spoken
                # run-on: only the asking part is matched; "How many DCs." as "how many data centers"
                vecs = list(self._semantic.embed([core(spelled_out(part.norm))]))
            elif turn.vectors is not None and i >= 0:
                vecs = [turn.vectors[i]] + [turn.clause_vectors[c] for c in clauses(core(s.norm))
                                            if c in turn.clause_vectors]
            hits = topic_hits(part, vecs, card, self._semantic)
            asked = turn.questions[s.start]
            if asked.kind == "scope":  # "…kind of like Google Photos or Flickr?" asks what we build, never a volume
                hits = [h for h in hits if h.topic not in _SIZES]
            if asked.kind in ("fact", "yesno"):
                hits += self._stated_after(turn, kept, i, card)  # "…per channel? I'm assuming opt-outs are per
                # channel and per type": what they assume says what they ask
            if asked.kind == "meta" and asked.meta == "check" and _ACCEPTABLE.search(s.norm) and \
                    len(words(s.text)) <= BARE_CHECK_WORDS:
                assumed = self._assumed(turn, kept, i, card)
                if assumed:  # "…then it would send again i think. is that ok": asks about the card's fact on that
                    asked.kind, asked.meta = "yesno", None
                    result.fact_hits.extend(h.model_copy(update={"question": s.text}) for h in assumed)
                    continue
            asking_leave = _PERMISSION.search(s.text)
            permission = asking_leave is not None and asking_leave.start() <= PERMISSION_CHARS
            tail = META_TAIL.search(s.text.lower())  # "…or is there ranking… i'm not sure if you want me to go into
            # the ml side of it": a check after the ask, not the ask
            if asked.kind in ("fact", "yesno") and (_CHECK_IN.search(s.text[: tail.start()] if tail else s.text) or
                                                    permission) and \
                    not (hits and not _PERMISSION_ONLY.search(s.text)):  # "can I ask how many URLs a month?" asks
                assumed = self._assumed(turn, kept, i, card) if not permission else []
                if assumed:  # "For push, an occasional duplicate seems fine. Is that okay?": asks about that fact
                    asked.kind = "yesno"
                    result.fact_hits.extend(h.model_copy(update={"question": s.text}) for h in assumed)
                    continue
                asked.kind, asked.meta, asked.numeric = "meta", "check", False  # "does that match what you had in mind?"
                result.questions.pop()
                continue
            if not hits and card is not None and asked.kind in ("fact", "yesno") and _unrelated(s.text, card) and \
                    not STACK_ASK.search(s.norm) and not (i > 0 and _POINTS_BACK.match(s.norm)):
                # "do you guys use postgres here already": the stack, a requirement; "…one counter means one machine.
                # Is that a problem?": about what they just said
                asked.kind, asked.numeric = "off_topic", False  # "what do you think of the new phone?"
                result.questions.pop()
                continue
            result.fact_hits.extend(h.model_copy(update={"question": s.text}) for h in hits)
        result.fact_topics = topics_in_order(result.fact_hits)

    def _stated_after(self, turn: _Turn, kept: list[Sentence], i: int, card: ProblemCard | None) -> list[FactHit]:
        """The card fact the assumption stated right after a question matches clearly (scored as a fact named
        outright), or nothing."""
        after = next((k for k in kept if k.index == i + 1), None)
        if card is None or turn.vectors is None or self._semantic is None or after is None or after.is_question \
                or not _STATED.search(after.norm) or len(words(after.text)) < ASSUMED_WORDS:
            return []
        found = [h for h in topic_hits(after, [turn.vectors[i + 1]], card, self._semantic)
                 if h.fact is not None and h.score >= STATED_MATCH]
        return [max(found, key=lambda h: h.score).model_copy(update={"score": 1.0})] if found else []

    def _assumed(self, turn: _Turn, kept: list[Sentence], i: int, card: ProblemCard | None) -> list[FactHit]:
        """The card fact a check-in is about: the assumption stated in the sentence just before it, when that
        sentence matches one fact clearly ("an occasional duplicate seems acceptable" is the consistency fact)."""
        if i not in turn.assumed:
            turn.assumed[i] = self._read_assumed(turn, kept, i, card)
        return turn.assumed[i]

    def _read_assumed(self, turn: _Turn, kept: list[Sentence], i: int, card: ProblemCard | None) -> list[FactHit]:
        if card is None or turn.vectors is None or self._semantic is None:
            return []
        check = next((k for k in kept if k.index == i), None)
        if check is not None and TAG_QUESTION.search(check.norm) and len(words(check.text)) >= ASSUMED_WORDS:
            # "links live five years by default, correct?": the assumption is in the check-in itself
            own = [h for h in topic_hits(check, [turn.vectors[i]], card, self._semantic)
                   if h.fact is not None and h.score >= ASSUMED_MATCH and h.topic != "features"]
            if own:
                return [max(own, key=lambda h: h.score)]
        if i <= 0 or any(_SUMMING_UP.search(k.norm) for k in kept):
            return []  # "to sum up: … was that okay?" checks the whole answer, not an assumption
        before = next((k for k in kept if k.index == i - 1), None)
        if before is None or before.is_question or len(words(before.text)) < ASSUMED_WORDS:
            return []  # a hedge or a question before it: a plain check-in
        if check is None or not _ACCEPTABLE.search(check.norm):
            return []  # "does that make sense?" checks the explanation, not an assumption
        # an assumption said as such in the turn ("I'll assume push, email and SMS. ... Is that okay?") is what the
        # check-in is about, scope included, before whatever sentence happens to stand just before it
        assumptions = [k for k in kept if k.index < i and not k.is_question and _STATED.search(k.norm)
                       and len(words(k.text)) >= ASSUMED_WORDS]
        stated = [h for k in assumptions for h in topic_hits(k, [turn.vectors[k.index]], card, self._semantic)
                  if h.fact is not None and h.score >= ASSUMED_MATCH]
        if assumptions:  # what they assumed, or nothing the card holds: never what the last sentence happens to touch
            return [max(stated, key=lambda h: h.score)] if stated else []
        found = topic_hits(before, [turn.vectors[i - 1]], card, self._semantic)
        return [h for h in found if h.fact is not None and h.score >= ASSUMED_MATCH and h.topic != "features"][:1]

    @staticmethod
    def _figures(result: TurnAnalysis, substantive: list[Sentence]) -> None:
        found: list[Found] = []
        for s in substantive:
            found.extend(parse_figures(s.text, s.start))
        figures: dict[tuple[float, str], Figure] = {}
        for f in found:
            figures.setdefault((f.figure.value, f.figure.unit), f.figure)
        result.figures = list(figures.values())
        checks: dict[tuple[float, float, str], ArithmeticCheck] = {}
        # injected and filler sentences are left out; numbers said in words become digits, sentence by sentence,
        # so each claim is quoted from the candidate's own sentence
        converted = [spoken_to_digits(s.text) for s in substantive]
        bounds: list[int] = []
        pos = 0
        for c in converted:
            pos += len(c) + 1
            bounds.append(pos)
        joined = " ".join(converted)
        for link in derivations(joined, spoken=False):
            owner = next((i for i, end in enumerate(bounds) if link.at < end), len(bounds) - 1)
            if _TAKEN_BACK.match(joined, link.at) or _FIXED_NEXT.match(joined, link.at):
                continue  # "…is 100,000 users, no, sorry, that's wrong, …is a million": put right as it was said
            if _REPORTED.match(substantive[owner].norm):
                continue  # "I said a million keys at 100 bytes is 10 GB. That's wrong": their old claim, quoted
            check = _checked(link, substantive[owner].text)
            checks.setdefault(_check_key(check), check)
        result.arithmetic = list(checks.values())

    def _technologies(
        self, result: TurnAnalysis, mentions: list[Mention], substantive: list[Sentence], turn: _Turn,
        asked_out: list[Mention] | None = None,
    ) -> None:
        live = [m for m in mentions if m.status != "rejected" and m.sentence.start not in turn.questions]
        ruled_out = {m.tech_id for m in mentions + (asked_out or []) if m.status == "rejected"}
        last = {m.tech_id: m.status for m in sorted(mentions, key=lambda m: (m.sentence.index, m.sentence.text.lower().find(
            m.name.lower())))}  # "someone's gonna say just use kafka here but no, I don't want kafka": the last word
        chosen = {m.tech_id for m in live if _CHOICE.search(m.sentence.norm) and last.get(m.tech_id) != "rejected"}
        live = [m for m in live if m.tech_id not in ruled_out - chosen]  # "Redis and not Memcached. In Memcached…"
        result.technologies = mentions_to_models(live, substantive)
        used_now = {m.tech_id for m in live if m.status == "used"}
        result.deferred = sorted({m.tech_id for m in live if m.status == "deferred"} - used_now)
        named = {m.tech_id for m in live}
        result.rejected = [t for t in mentions_to_models([m for m in mentions if m.status == "rejected"], substantive)
                           if t.tech_id not in named]
        result.rejected += [TechMention(tech_id=m.tech_id, name=m.name, justified=False, quote=m.sentence.text)
                            for m in dict((m.tech_id, m) for m in asked_out or []).values()
                            if m.tech_id not in named and all(t.tech_id != m.tech_id for t in result.rejected)]

    def _over_engineering(
        self, result: TurnAnalysis, mentions: list[Mention], card: ProblemCard, twist: bool, turn: _Turn
    ) -> None:
        """Technologies put to use now that the card's scale does not call for (ruled out or deferred ones pass).

        Redundancy named while handling a failure ("a replica takes over") is hygiene, not a scale choice.
        """
        failure = {q for q in result.failure_modes if _FAILURE_EVENT.search(q.lower())}
        sized = {t.tech_id for t in result.technologies if t.justified and t.reason and re.search(r"\d", t.reason)}
        for m in mentions:
            if m.status != "used" or m.sentence.start in turn.questions or m.tech_id in result.over_engineering:
                continue
            tech = self.knowledge.technologies.get(m.tech_id)
            trap = m.tech_id in card.over_engineering_traps
            too_big = tech is not None and SCALE_ORDER[tech.min_scale] > SCALE_ORDER[card.scale]
            if twist or (too_big and not trap and (
                m.tech_id in sized or (m.tech_id in _HYGIENE and m.sentence.text in failure)
            )):
                continue  # answering a scale twist, sized with numbers, or failure hygiene
            if trap or too_big:
                result.over_engineering.append(m.tech_id)

    def _card_components(
        self, result: TurnAnalysis, turn: _Turn, substantive: list[Sentence], kept: list[Sentence], card: ProblemCard
    ) -> None:
        body = [s for s in substantive if s.start not in turn.questions]
        covered = set(covered_card_components(card, " ".join(s.text for s in body)))
        if self._semantic is not None and turn.vectors is not None and body:
            rows = [self._turn_index(kept, s) for s in body]
            vecs = turn.vectors[[r for r in rows if r >= 0]]
            covered |= {card.components[j] for j in self._semantic.components(card, vecs)}
        result.card_components = [c for c in card.components if c in covered]
