"""What the interviewer does next: the act label, its content slots, and the phases' own moves.

The policy (``agent.policy``) chooses an :class:`Act`; the voice (``agent.voice``) only phrases it,
offline from templates or through an LLM. Slots carry exactly what may be said: the card facts the
candidate asked for, the one question to ask, and nothing else from the problem card.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from agent.state import Coverage
from analysis.coverage import SKIP_BAR, company_kinds
from analysis.models import FactHit, TurnAnalysis
from analysis.questions import sized_only
from knowledge.content import Knowledge
from knowledge.models import PHASES, PhaseId, ProblemCard

DEEP_PROBES = {"junior": 2, "mid": 3, "senior": 4, "staff": 5}  # deep-dive questions per level
PHASE_NAMES = {
    "requirements": "requirements",
    "estimation": "the estimates",
    "high_level_design": "the high-level design",
    "deep_dive": "the deep dive",
    "failure_modes": "failure modes",
    "wrap_up": "the wrap-up",
}

ActKind = Literal[
    "open",  # the opening: the problem prompt
    "answer_question",  # answer clarifying questions from the card's facts (only those asked)
    "answer_scope",  # what is in and out of scope, from the card's core and nice-to-have lists
    "your_call",  # a requirement the card is silent on: the candidate states an assumption
    "assume_figure",  # a number the card is silent on: assume one and say it
    "give_direction",  # a question about the interview: where to go next
    "repeat_last",  # "could you repeat that?": the interviewer's last real question again
    "answer_theirs",  # the candidate's questions about the team or the job, at the wrap-up
    "redirect",  # off-topic: back to the problem
    "concede_check",  # the interviewer's own arithmetic check was wrong: say so
    "turn_back",  # a design question put to the interviewer late on: what would the candidate do?
    "weigh_choice",  # "Kafka or SQS?": the choice is theirs; what tips it, or what would change their mind
    "nudge_questions",  # the candidate designs before scoping: ask them to ask questions first
    "probe_requirements",  # keep scoping going
    "ask_estimates",  # move to back-of-envelope numbers
    "challenge_arithmetic",  # a rate conversion is off: ask them to redo it (hint, not the number)
    "challenge_input",  # an estimate starts from a figure the given facts contradict: which fact it came from
    "correct_input",  # an assumed figure far from the problem's own (not yet told): give theirs, ask for a redo
    "push_back_tech",  # a technology named without a reason: why this one?
    "push_back_overengineering",  # too much machinery for the load: how much load is there?
    "ask_reasoning",  # a list of names with no reasoning: walk me through it
    "encourage",  # "I don't know": reason aloud, state an assumption
    "refuse_answer",  # asked for the design: decline, redirect
    "refuse_hidden",  # asked for the card / hidden facts / prompt: decline, redirect
    "stay_in_role",  # tried to push the interviewer out of its role
    "move_to_design",  # numbers are done: sketch the high-level design
    "probe_design",  # fill in the high-level design (flow, API, data)
    "deep_dive_probe",  # a deep-dive question from the card
    "depth_probe",  # a deeper question about a piece of the candidate's own design, once the card's are used
    "listen",  # the candidate is working through their own plan: a short acknowledgement, no new question
    "chase",  # the last question went unanswered while they moved on: come back to it once
    "scale_twist",  # "now you have 2 billion users" from the card
    "failure_probe",  # the failure walk from the card
    "company_question",  # a company-mode question (Amazon leadership, startup cost/growth, ...)
    "ask_summary",  # wrap-up: summarise the design
    "follow_up",  # the wrap-up continues: anything you'd change, questions for me
    "close",  # the end of the interview
]

ACT_KINDS: tuple[str, ...] = ActKind.__args__  # type: ignore[attr-defined]


class Act(BaseModel):
    """One interviewer move. ``secondary`` is an optional second move in the same turn."""

    kind: ActKind
    phase: PhaseId
    answers: list[str] = Field(default_factory=list)  # card fact answers the candidate asked for
    assume: list[str] = Field(default_factory=list)  # topics asked that the card says nothing about
    question: str | None = None  # the question to ask, from a card or a company mode
    subject: str | None = None  # what the act is about: a technology name, a claim, a phase name
    hint: str | None = None  # a nudge that is allowed (e.g. "a day is about 86,400 seconds")
    transition: str | None = None  # phase change or time warning, said first
    notes: list[str] = Field(default_factory=list)  # short statements said after the answers (time left, "yes")
    your_call: list[str] = Field(default_factory=list)  # requirement questions the card is silent on
    tag: str | None = None  # id of the question asked ("twist:0", "company:2", "tech:redis:1")
    asked: str = ""  # the candidate's questions the answers reply to: a fact said before is quoted by its fitting part
    secondary: Act | None = None

    def kinds(self) -> list[str]:
        return [self.kind] + (self.secondary.kinds() if self.secondary else [])

    def questions(self) -> list[str]:
        own = [self.question] if self.question else []
        return own + (self.secondary.questions() if self.secondary else [])


# --- the clock and the phases -------------------------------------------------------------------


def phase_budget(kb: Knowledge, format_minutes: int) -> dict[str, int]:
    """Minutes per phase for the format (the playbook's table)."""
    table = kb.playbook.formats.get(format_minutes) or kb.playbook.formats[45]
    return {phase: int(table.get(phase, 0)) for phase in PHASES}


def phase_end(kb: Knowledge, format_minutes: int, phase: str) -> float:
    """The minute by which ``phase`` should be over (cumulative budget)."""
    budget = phase_budget(kb, format_minutes)
    return float(sum(budget[p] for p in PHASES[: PHASES.index(phase) + 1]))  # type: ignore[arg-type]


def next_phase(phase: str) -> PhaseId:
    index = PHASES.index(phase)  # type: ignore[arg-type]
    return PHASES[min(index + 1, len(PHASES) - 1)]


def phase_index(phase: str) -> int:
    return PHASES.index(phase) if phase in PHASES else 0  # type: ignore[arg-type]


# --- the card's facts ---------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


KEYWORD_SCORE = 0.99  # the analyser scores keyword-rule matches 1.0 and embedding matches by similarity
SEMANTIC_MARGIN = 0.05  # an embedding match counts only if it is about as good as the question's best one


RUN_ON_WORDS = 30  # a question this long without commas is a spoken run-on of several asks
STRONG_LOOKALIKE = 0.75  # a fact of another topic than the one named outright must match this well to be given


def facts_for(card: ProblemCard, analysis: TurnAnalysis) -> tuple[list[str], list[str]]:
    """(answers, silent topics): the card facts for exactly what was asked, in the order asked.

    Per question, a fact the analyser matched is given when its topic was named outright (a keyword match)
    or when it is the question's best embedding match; weaker look-alikes are dropped, so nothing unasked
    slips out. Several facts of one topic: only those whose sample questions share most words with the
    question. A topic matched without a fact gets the topic's best-fitting fact; topics the card has no
    fact for come back as silent ("assume a reasonable figure and state it").
    """
    answers: list[str] = []
    silent: list[str] = []
    by_question: dict[str, list[FactHit]] = {}
    for hit in analysis.fact_hits:
        by_question.setdefault(hit.question, []).append(hit)
    covered: set[str] = set()
    for question, hits in by_question.items():
        named = {h.topic for h in hits if h.fact is None and h.score >= KEYWORD_SCORE}
        specific = [h for h in hits if h.fact is not None and 0 <= h.fact < len(card.hidden_facts)]
        best = max((h.score for h in specific), default=0.0)
        kept = [h for h in specific if h.topic in named or h.score >= best - SEMANTIC_MARGIN]
        on_card = {t for t in named if any(f.topic == t for f in card.hidden_facts)}
        if named:  # a topic named outright wins over a weak look-alike of another topic, even one the card is
            # silent on ("how big do boards get?" is the candidate's call, not the consistency fact)
            kept = [h for h in kept if h.topic in named or h.score >= STRONG_LOOKALIKE]
        topics = dict.fromkeys(h.topic for h in kept)
        for topic in topics:
            indices = [h.fact for h in kept if h.topic == topic and h.fact is not None]
            direct = [h.fact for h in kept if h.topic == topic and h.fact is not None and h.score >= KEYWORD_SCORE]
            if len(set(direct)) > 1:  # each part of a multi-part question placed on its own fact: all of them
                _add(answers, [answer_for(card.hidden_facts[i].answer, question) for i in dict.fromkeys(direct)])
                continue
            _add(answers, _best_fit(card, question, indices))
        covered |= set(topics)
        # "custom aliases, link expiration, and click analytics?": each topic named outright is its own ask
        listed = {t for t in on_card if not sized_only(question, t)} if "," in question or len(
            question.split()) >= RUN_ON_WORDS else set()  # a spoken run-on lists its asks without commas
        for topic in sorted(on_card - set(topics)) if best < STRONG_LOOKALIKE else sorted(listed - set(topics)):
            # matched for the question: the named topic's best-fitting fact
            _add(answers, _best_fit(card, question, [i for i, f in enumerate(card.hidden_facts) if f.topic == topic],
                                    default_first=True))
            covered.add(topic)
        if not specific:  # matched to topics only: those named outright, when any were, not weak look-alikes
            for topic in dict.fromkeys(h.topic for h in hits if not named or h.topic in named or
                                       h.score >= STRONG_LOOKALIKE):
                indices = [i for i, f in enumerate(card.hidden_facts) if f.topic == topic]
                if indices:
                    _add(answers, _best_fit(card, question, indices, default_first=True))
                    covered.add(topic)
    for topic in dict.fromkeys(analysis.fact_topics):
        if topic in covered:
            continue
        indices = [i for i, f in enumerate(card.hidden_facts) if f.topic == topic]
        if not indices:
            silent.append(topic)
        elif not by_question:  # an analysis without per-question hits: fall back to the topic
            _add(answers, _best_fit(card, " ".join(analysis.questions), indices, default_first=True))
    for question in analysis.questions:
        if question not in by_question:  # a question the analyser could not place: near-verbatim match only
            close = _close_fact(card, question)
            if close is not None:
                _add(answers, [answer_for(card.hidden_facts[close].answer, question)])
    return answers, silent


_STOP = frozenset(["the", "and", "are", "for", "what", "how", "any", "can", "does", "this", "that", "with", "our", "you", "your", "who", "which", "will", "should", "would", "could", "there", "their", "them", "its", "into", "from", "about", "have", "has", "was", "were", "many", "much"])


def _content(text: str) -> set[str]:
    return {w.rstrip("s") for w in _words(text) if w not in _STOP}


def _close_fact(card: ProblemCard, question: str) -> int | None:
    """The fact one of whose sample questions is nearly the same question (most of its content words)."""
    asked = _content(question)
    best: tuple[float, int] | None = None
    for i, fact in enumerate(card.hidden_facts):
        for sample in fact.questions:
            words = _content(sample)
            shared = len(asked & words)
            if shared >= 3 and shared / max(len(words), 1) >= 0.6 and (best is None or shared > best[0]):
                best = (shared, i)
    return best[1] if best else None


_FUTURE = re.compile(r"\b(later|in the future|eventually|next year|may add|might add|could grow|will grow|growth|"
                     r"grows?|plan to|roadmap)\b", re.I)
_ASKS_FUTURE = re.compile(r"\b(grow|growth|later|future|next year|10x|ten times|scale up|increase|expand)\w*", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def answer_for(answer: str, question: str) -> str:
    """The fact as asked: a sentence about future plans is left out unless the question asks about the future."""
    if _ASKS_FUTURE.search(question):
        return answer
    sentences = _SENTENCE.split(answer.strip())
    kept = [s for i, s in enumerate(sentences) if i == 0 or not _FUTURE.search(s)]
    return " ".join(kept)


def _add(answers: list[str], new: list[str]) -> None:
    answers.extend(a for a in new if a not in answers)


def _best_fit(card: ProblemCard, question: str, indices: list[int], default_first: bool = False) -> list[str]:
    """The answers of the facts (among ``indices``) whose sample questions share most words with ``question``."""
    asked = _words(question)
    scores = {i: len(asked & _words(" ".join(card.hidden_facts[i].questions))) for i in dict.fromkeys(indices)}
    best = max(scores.values())
    if best == 0 and default_first and len(scores) > 1:
        return [answer_for(card.hidden_facts[next(iter(scores))].answer, question)]
    return [answer_for(card.hidden_facts[i].answer, question) for i, score in scores.items() if score == best]


# --- helpers ------------------------------------------------------------------------------------


def pick(options: list[str], asked: list[str], prefix: str) -> tuple[str | None, str | None]:
    """The first option not yet asked, with its tag ``prefix:<n>``."""
    for n, option in enumerate(options):
        tag = f"{prefix}:{n}"
        if tag not in asked:
            return option, tag
    return None, None


_SCALES = ("tiny", "small", "medium", "large", "massive")


def above_scale(kb: Knowledge, tech_id: str, card: ProblemCard) -> bool:
    """The technology usually only pays off at a larger scale than the problem's."""
    tech = kb.technologies.get(tech_id)
    return tech is not None and _SCALES.index(tech.min_scale) > _SCALES.index(card.scale)


def tech_name(kb: Knowledge, tech_id: str) -> str:
    tech = kb.technologies.get(tech_id)
    return tech.name if tech else tech_id


# --- the phases' own moves ------------------------------------------------------------------


SKETCH_WORDS = 30  # a turn naming three boxes in fewer words than this is a list, not yet a design


def sketched(pieces: int, probed: int, analysis: TurnAnalysis) -> bool:
    """Enough of a design on the board to go deeper: three pieces or more, explained at some length or after one
    question about how they fit ("a load balancer, some API servers and a database" alone gets that question)."""
    designing_now = bool(analysis.components or analysis.technologies)  # an estimate turn is not the sketch
    return pieces >= 3 and (probed >= 1 or (designing_now and (pieces >= 5 or analysis.substantive_words >= SKETCH_WORDS)))


def phase_move(
    phase: PhaseId,
    analysis: TurnAnalysis,
    card: ProblemCard,
    kb: Knowledge,
    covered: Coverage,
    asked: list[str],
    topics: set[str],
    asked_any: bool,
    out_of_time: bool,
    level: str,
    company: str,
    done: set[str] | None = None,
    early: bool = False,
    dive_left: bool = False,
) -> Act:
    """The act that belongs to the phase; its ``phase`` is the next phase when this one is done.

    ``early``: well inside this phase's budget; ``dive_left``: the deep dive's budget is far from used up."""
    if phase == "requirements":
        scoped = len(topics) >= 4 or (len(topics) >= 2 and bool(analysis.scoping or analysis.figures))
        estimated = (bool(analysis.arithmetic) or len(analysis.figures) >= 3) and any(
            f.unit in ("per_second", "bytes") for f in analysis.figures)  # a load or a size worked out, not only the
        # population assumed ("2 billion daily actives, 400 million posts a day, 300 friends"): sizing comes next
        if asked_any and estimated and not analysis.questions:  # the numbers came with the scoping
            return Act(kind="move_to_design", phase="high_level_design")
        if analysis.questions and not out_of_time:  # still asking: answer, and let them go on asking
            return Act(kind="answer_question", phase=phase)
        if out_of_time or scoped or (asked_any and analysis.figures) or (asked_any and len(topics) >= 2) or \
                (bool(analysis.scoping or covered.get("scoped")) and not analysis.questions):  # scope said: numbers
            return Act(kind="ask_estimates", phase="estimation")
        if analysis.questions:
            return Act(kind="answer_question", phase=phase)
        return Act(kind="probe_requirements", phase=phase)
    if phase == "estimation":
        if analysis.questions and not out_of_time and not analysis.arithmetic:
            return Act(kind="answer_question", phase=phase)
        if out_of_time or analysis.arithmetic or len(analysis.figures) >= 2 or analysis.components:
            return Act(kind="move_to_design", phase="high_level_design")
        if analysis.questions:
            return Act(kind="answer_question", phase=phase)
        return Act(kind="ask_estimates", phase=phase)
    if phase == "high_level_design":
        pieces = len(covered.get("components", [])) + len(analysis.components)
        pieces += len(set(covered.get("technologies", {})) | {t.tech_id for t in analysis.technologies})
        probed = sum(1 for a in covered.get("acts", []) if a == "probe_design")
        if pieces >= 2 and "move_to_design" in covered.get("acts", []) and (probed or analysis.components or
                                                                          analysis.technologies):
            probed += 1  # the call to design asked for the pieces too, once some are named (in a turn about the
            # design: non-functionals said after it, with "photos go to a CDN" set aside earlier, sketch nothing)
        if out_of_time or probed >= 2 or sketched(pieces, probed, analysis):  # enough on the board: go deeper
            act = _deep_dive(card, asked, "deep_dive", company, done)
            if act.phase != "deep_dive" and dive_left:  # the card's deep dives are covered: deeper on their pieces
                theirs = depth_probe(kb, covered, analysis, asked, "deep_dive", getattr(done, "said", None), _limit(done),
                                     _heard(done))
                # never from the sketch straight to failures: a card probe not yet asked, however it was touched
                fresh = _deep_dive(card, asked, "deep_dive", company, _passed_over(done))
                return theirs or (fresh if fresh.phase == "deep_dive" else act)
            return act
        if analysis.questions:
            return Act(kind="answer_question", phase=phase)
        return Act(kind="probe_design", phase=phase)
    if phase in ("deep_dive", "failure_modes") and analysis.summary and (
            not early or not _card_left(card, asked, done)):  # an early summary with topics left is probed on
        # "with more time I'd…" said with it: their questions next, not "what would you do with more time?"
        return Act(kind="follow_up", phase="wrap_up", subject="questions" if covered.get("reflected") else "reflect")
    if phase == "deep_dive":
        probes = sum(1 for t in asked if t.startswith("probe:"))
        if out_of_time or (probes >= DEEP_PROBES.get(level, 4) and not early) or (
                probes >= max(2, DEEP_PROBES.get(level, 4) - 1) and not analysis.questions and (any(t.startswith("failure:") for t in analysis.covers) or any(
                    _FAILURE_EVENT.search(f) for f in analysis.failure_modes))):  # they moved on to failures
            return _failure(card, asked, "failure_modes", done)
        if analysis.questions and not analysis.components:
            return Act(kind="answer_question", phase=phase)
        twist_first = company == "meta"
        if probes >= (1 if twist_first else 2) and not any(t.startswith("twist:") for t in asked):
            question, tag = _pick_item(list(card.scale_twists), asked, done, "twist")
            if question:
                return Act(kind="scale_twist", phase=phase, question=_asking(_no_worked_figures(question), tag,
                                                                            _TWIST_ASKS), tag=tag)
        act = _deep_dive(card, asked, phase, company, done)
        deeper = depth_probe(kb, covered, analysis, asked, phase, getattr(done, "said", None), _limit(done), _heard(done)) \
            if act.phase != phase and dive_left and not out_of_time else None
        if deeper is not None:  # the card's deep dives are covered and time is left: deeper on their own pieces
            return deeper
        if act.kind == "ask_summary" and (early or dive_left):  # every card question is used up, time is left
            return depth_probe(kb, covered, analysis, asked, "failure_modes", getattr(done, "said", None), _limit(done), _heard(done)) or act
        return act
    if phase == "failure_modes":
        walked = sum(1 for t in asked if t.startswith("failure:"))
        if out_of_time or (walked >= 2 and not early):
            return Act(kind="ask_summary", phase="wrap_up")
        act = _failure(card, asked, phase, done)
        if act.phase != phase and early:
            return depth_probe(kb, covered, analysis, asked, phase, getattr(done, "said", None), _limit(done), _heard(done)) or act
        return act
    # wrap_up: the summary, one reflective question, the candidate's questions, then nothing more to ask
    if not covered.get("summary_asked") and not analysis.summary:
        return Act(kind="ask_summary", phase=phase)
    follow_ups = sum(1 for a in covered.get("acts", []) if a == "follow_up")
    follow_ups += 1 if covered.get("reflected") else 0  # they reflected unasked: no "what would you change?"
    stage = "reflect" if follow_ups == 0 else "questions" if follow_ups == 1 else "done"
    return Act(kind="follow_up", phase=phase, subject=stage)


_FAILURE_EVENT = re.compile(r"\b(?:dies|die|goes down|is down|fails|failed|crash\w*|outage|unavailable|restarts?)\b",
                            re.I)
FRESH = 0.1  # an item this unlikely to have been discussed is asked in card order; otherwise the least discussed.
# Taking the least discussed failure or twist outright re-asks what the turn just addressed less often out of fold
# (``python -m evals.coverage_train --scripts``), but in judged conversations it chose scenarios about pieces the
# candidate had not built yet ("the reminder job stops sending emails" before any reminder): card order stays.
PASSING = 0.3  # a deep dive touched no more than this is still taken in card order: that is where to go deeper


class Discussed(set[str]):
    """The card items the candidate covered (a set of tags), with the chance each item was addressed so far."""

    def __init__(self, covered: set[str] | list[str] | None = None, scores: dict[str, float] | None = None,
                 said: list[str] | None = None, heard: list[str] | None = None) -> None:
        super().__init__(covered or ())
        self.scores = dict(scores or {})
        self.said = list(said or [])  # the interviewer's own questions so far
        self.heard = list(heard or [])  # the candidate's sentences so far, this turn's included
        self.depth_limit = DEPTH_MAX  # deeper questions on their own pieces this interview may ask

    def score(self, *tags: str) -> float:
        return max((1.0 if t in self else self.scores.get(t, 0.0) for t in tags), default=0.0)


WELL_COVERED = 0.9  # a deep dive discussed this surely is not gone into again, not even by another of its probes


def _passed_over(done: set[str] | None) -> Discussed:
    """What is covered, less the deep dives covered only on the whole: a probe of one they touched but did not go
    through is still to ask, but nothing of one they went through at length, and no probe they answered."""
    scores = done.scores if isinstance(done, Discussed) else {}
    kept = {t for t in done or set() if not re.fullmatch(r"probe:\d+", t) or scores.get(t, 1.0) >= WELL_COVERED}
    return Discussed(kept, scores, list(getattr(done, "said", [])), list(getattr(done, "heard", [])))


def _least_discussed(options: list[tuple[str, ...]], done: set[str] | None, fresh_below: float = 0.0) -> int | None:
    """Index of the option to ask: the first fresh one in card order, else the least discussed (None if none)."""
    if not options:
        return None
    score = done.score if isinstance(done, Discussed) else (lambda *tags: 1.0 if set(tags) & (done or set()) else 0.0)
    fresh = next((k for k, tags in enumerate(options) if score(*tags) < (fresh_below or FRESH)), None)
    return fresh if fresh is not None else min(range(len(options)), key=lambda k: score(*options[k]))


def _deep_dive(card: ProblemCard, asked: list[str], phase: PhaseId, company: str,
               covered: set[str] | None = None) -> Act:
    """The next deep-dive probe: first probe of each deep dive, then the second ones, and so on.

    A deep dive the candidate already covered (``probe:<d>`` in ``covered``) or a probe they answered is skipped;
    among the rest the first touched only in passing, else the least discussed.
    """
    done = covered if covered is not None else set()
    probes = [(d, p) for p in range(4) for d in range(len(card.deep_dives)) if p < len(card.deep_dives[d].probes)]
    answered = done.scores if isinstance(done, Discussed) else {}
    heard = list(getattr(done, "heard", []))
    open_ = [(d, p) for d, p in probes if f"probe:{d}:{p}" not in asked and f"probe:{d}" not in done
             and f"probe:{d}:{p}" not in done and answered.get(f"probe:{d}:{p}", 0.0) < SKIP_BAR["probe"]
             and not chose_listed(card.deep_dives[d].probes[p], heard)]
    # in card order, a topic touched only in passing included (that is where to go deeper); else the least discussed
    k = _least_discussed([(f"probe:{d}", f"probe:{d}:{p}") for d, p in open_], done, PASSING)
    if k is not None:
        d, p = open_[k]
        return Act(kind="deep_dive_probe", phase=phase, question=card.deep_dives[d].probes[p],
                   subject=_spoken_topic(card.deep_dives[d].topic), tag=f"probe:{d}:{p}")
    return _failure(card, asked, "failure_modes", covered)


_LISTED = re.compile(r"^(?P<options>[^.?]+?),? or (?P<last>[^.?,]+)[.?]\s*which\b", re.I)


def chose_listed(probe: str, heard: list[str]) -> bool:
    """A probe offering options ("Token bucket, fixed window or sliding window. Which and why?") the candidate
    already picked from: one of them is named in what they said."""
    m = _LISTED.match(probe.strip())
    if m is None:
        return False
    options = [o.strip().lower() for o in re.split(r",\s*", m.group("options"))] + [m.group("last").strip().lower()]
    said = " ".join(heard).lower()
    return any(len(o) >= 4 and re.search(rf"\b{re.escape(o)}\b", said) for o in options)


ECHO_STEMS = 3  # distinctive five-letter stems a card failure question shares with a deep-dive probe put already


def _stems5(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{5,}", text.lower())} - _PLAIN_STEMS


_PLAIN_STEMS = frozenset({"happe", "which", "would", "there", "their", "about", "where", "doesn", "every", "users",
                          "syste", "desig"})


def _echoes_asked(card: ProblemCard, question: str, asked: list[str]) -> bool:
    """The card asks this in two places ("Stripe is down for 30 minutes on Black Friday" in a deep dive, "Our card
    processor has a 30-minute outage on Black Friday" among the failures): put once, by whichever came first."""
    mine = _stems5(question)
    for tag in asked:
        m = re.fullmatch(r"(?:chase:)?probe:(\d+):(\d+)", tag)
        if m is None or int(m.group(1)) >= len(card.deep_dives):
            continue
        dive = card.deep_dives[int(m.group(1))]
        if int(m.group(2)) < len(dive.probes) and \
                len(mine & _stems5(f"{dive.topic} {dive.probes[int(m.group(2))]}")) >= ECHO_STEMS:
            return True
    return False


def _spoken_topic(topic: str) -> str:
    """A card's section title as said in a sentence: "Choosing the algorithm" -> "choosing the algorithm"."""
    spoken = topic[:1].lower() + topic[1:] if topic[:2] != topic[:2].upper() else topic
    return f"the {spoken}" if spoken.split(" ", 1)[0] in _COUNT_HEADS else spoken  # "the data model", "the path to…"


_COUNT_HEADS = {"data", "path", "payment", "read", "write", "upload", "timeline"}  # a thing, said with its article


def _no_worked_figures(question: str) -> str:
    """A twist without the card's worked arithmetic in brackets: the candidate does that part."""
    return re.sub(r"\s*\([^)]*\d[^)]*\)", "", question).strip()


def _failure(card: ProblemCard, asked: list[str], phase: PhaseId, covered: set[str] | None = None) -> Act:
    echoed = [f"failure:{n}" for n, q in enumerate(card.failure_questions) if _echoes_asked(card, q, asked)]
    question, tag = _pick_item(list(card.failure_questions), asked + echoed, covered, "failure")
    if question:
        return Act(kind="failure_probe", phase=phase, question=_asking(question, tag, _FAILURE_ASKS), tag=tag)
    return Act(kind="ask_summary", phase="wrap_up")


def _card_left(card: ProblemCard, asked: list[str], done: set[str] | None) -> bool:
    """Some deep dive or failure question of the card is neither asked nor covered."""
    return _deep_dive(card, asked, "deep_dive", "", done).phase == "deep_dive" or \
        _failure(card, asked, "failure_modes", done).kind == "failure_probe"


def _pick_item(options: list[str], asked: list[str], done: set[str] | None, prefix: str) -> tuple[str | None, str | None]:
    """A twist or failure question neither asked nor covered nor already put in other words (the same company kind,
    "what about 10x?"): the first fresh one, else the least discussed."""
    put = {t for t in asked if t.startswith("company:")}
    open_ = [n for n in range(len(options)) if f"{prefix}:{n}" not in asked and f"{prefix}:{n}" not in (done or set())
             and not (company_kinds(options[n]) and set(company_kinds(options[n])) <= put)]
    k = _least_discussed([(f"{prefix}:{n}",) for n in open_], done)
    return (options[open_[k]], f"{prefix}:{open_[k]}") if k is not None else (None, None)


DEPTH_ASKS: dict[str, list[tuple[str, str]]] = {  # about a piece the candidate proposed: never another problem's
    "deep_dive": [
        ("load", "At ten times today's load, where does {subject} give first, and how do you handle it?"),
        ("data", "What exactly does {subject} hold, and how is it keyed or partitioned?"),
        ("trade", "What did you give up by choosing {subject}, and when would that start to hurt?"),
    ],
    "failure_modes": [
        ("down", "Say {subject} goes down: walk me through what users see and how it comes back."),
        ("slow", "Say {subject} gets slow rather than failing outright: talk me through what happens to its callers."),
        ("watch", "How would you know {subject} is in trouble before users tell you?"),
    ],
}
PLAIN_PUSHES: tuple[tuple[str, str | None, str], ...] = (  # asked what we would push on, the card's
    # own questions spent: pushes any design owes (tag, the ground that makes it moot, the question)
    ("push:watch", None, "I'd push on running it: which two or three numbers would tell you first that this design is "
                         "in trouble, and what would you do when they move?"),
    ("push:grow", "company:growth_10x", "I'd push on growth: at ten times today's load, which of your decisions breaks "
                                        "first, and what would you change?"),
    ("push:cost", "company:cost", "I'd push on cost: where does most of the money go in this design, and what would "
                                  "you cut first?"),
)
DEPTH_MAX = 4  # deeper questions on their own pieces in a 45-minute round: more sounds like a template
DEPTH_PER_FORMAT = {30: 2, 45: 4, 60: 6}
_DEPTH_CATEGORIES = ("database", "search", "queue", "cache", "storage", "coordination")


_KIND_WORDS = {"load": r"10x|ten times|load|scale|grow", "data": r"key|partition|shard|schema|store|hold",
               "trade": r"give up|trade|instead|rather than|why", "down": r"fail|down|dies|die|crash|restart|outage|lost",
               "slow": r"slow|latency|timeout|lag", "watch": r"monitor|alert|know|detect|notice"}


_ANSWERED = {  # the candidate already said this about the piece, unasked
    "load": r"\b(?:shard\w*|partition\w*|replica\w*|cluster\w*|scal\w+|10x|ten times|bottleneck|throughput|"
            r"per second|/s|headroom|capacity)\b",
    "data": r"\b(?:key(?:ed|s)?|partition\w*|shard\w*|holds?|stores?|schema|table|ttl|hash(?:es)?|lists?|sets?)\b",
    "trade": r"\b(?:over|instead of|rather than|trade-?offs?|downside|simpler|give up|gave up|cost\w*|cheaper)\b",
    "down": r"\b(?:fails?|failed|down|dies|die|crash\w*|restarts?|outage|unavailable|lost|lose|failover|fall back|"
            r"falls back|replica\w*|standby|backup)\b",
    "slow": r"\b(?:slow\w*|latency|timeouts?|back-?pressure|lag\w*|circuit breaker)\b",
    "watch": r"\b(?:monitor\w*|alert\w*|alarm\w*|metrics?|dashboards?|p99|p95|on-?call)\b",
}


def _answered_unasked(kind: str, names: list[str], heard: list[str]) -> bool:
    """The candidate already spoke to this about the piece ("Redis keyed by user and channel" answers "how is
    Redis keyed?"), in a sentence that names it by any of ``names`` ("Postgres" is PostgreSQL)."""
    spelled = "|".join(re.escape(re.sub(r"^the ", "", n.lower())) for n in names if n)
    if not spelled:
        return False
    for k, s in enumerate(heard):  # the sentence naming it, or a terse one right after ("Redis. … Key is user ID.")
        if re.search(rf"\b(?:{spelled})\b", s.lower()):
            near = [s] + [t for t in heard[k + 1 : k + 1 + _AFTER_NAMED] if len(t.split()) <= _TERSE_WORDS]
            if any(re.search(_ANSWERED[kind], t.lower()) for t in near):
                return True
    return False


_DOWN_EVENT = re.compile(r"\b(?:dies|crash(?:es)?|fails(?! to)|goes down|is down|restarts(?: empty)?|is unreachable|"
                         r"becomes unavailable|goes offline|has an? (?:[\w-]+ )?outage|(?:'s )?disk fails)\b", re.I)
_QUALIFIER = re.compile(r"\s+(?:holding|behind|for|of|in|with|that|which|serving)\b.*$", re.I)
_NOT_A_NAME = frozenset(["the", "a", "an", "one", "only", "whole", "entire", "single", "our", "your", "local", "main",
                         "some", "its"])
_WENT_DOWN = re.compile(r"\b(?:crash\w*|dies|die|died|fail(?:s|ed|ing|over)?|fail[- ]over|goes down|go down|went down|"
                        r"is down|outage|unavailable|unreachable|restart\w*|lose|loses|lost|offline)\b", re.I)


def failure_spoken(question: str, heard: list[str], kb: Knowledge | None = None) -> bool:
    """A card failure of one piece ("The only server dies.", "The Redis counter store goes down.") the candidate
    already walked through unasked: a sentence naming that piece with it failing ("if an API server crashes it
    doesn't matter, they're stateless behind a load balancer"). A product is named by any of its names ("Postgres
    failover takes 30 seconds" for "The PostgreSQL primary fails")."""
    first = re.split(r"(?<=[.!?])\s+", question.strip())[0]
    event = _DOWN_EVENT.search(first)
    if event is None:
        return False
    subject = _QUALIFIER.sub("", first[: event.start()].strip())
    words = [w for w in re.findall(r"[A-Za-z0-9']+", subject) if w.lower() not in _NOT_A_NAME and len(w) >= 3]
    if not words:
        return False
    names = [re.sub(r"'s$", "", words[-1].lower())] + [w.lower() for w in words[:-1] if w[:1].isupper()]  # the
    # piece itself and the products named with it ("Redis counter store": store, Redis), not its qualifiers
    names += ["database", "db"] if "database" in subject.lower() else []
    spelled = "|".join(re.escape(n.rstrip("s")) for n in names)
    products = [p for p in (kb.tech_names.values() if kb is not None else []) if p.search(subject.lower())]
    return any(len(s.split()) >= 8 and (re.search(rf"\b(?:{spelled})s?\b", s, re.I) or
                                        any(p.search(s.lower()) for p in products)) and _WENT_DOWN.search(s)
               for s in heard)


_KIND_NAMES = {"database": ["database", "db"], "cache": ["cache"], "queue": ["queue"], "search": ["search index"],
               "storage": ["object store", "blob store", "bucket"]}
_AFTER_NAMED = 3  # sentences after the one naming a piece that may still be about it
_TERSE_WORDS = 12  # only short ones: a long sentence after it has its own subject


def _put_before(kind: str, subject: str, said: list[str]) -> bool:
    """The interviewer already asked this about the piece, in other words ("The PostgreSQL primary fails...")."""
    name = re.escape(re.sub(r"^the ", "", subject.lower()))
    return any(re.search(rf"\b{name}\b", q.lower()) and re.search(_KIND_WORDS[kind], q.lower()) for q in said)


def _heard(done: set[str] | None) -> list[str]:
    return list(getattr(done, "heard", []))


def _limit(done: set[str] | None) -> int:
    return int(getattr(done, "depth_limit", DEPTH_MAX))


_MEDIA = re.compile(r"\b(?:photos?|videos?|images?|media|attachments?|files?)\b", re.I)
_LEFT_OUT = re.compile(r"\bout of scope\b|\bare later\b|\bdon'?t spend time\b|\bcan wait\b", re.I)


def serves_left_out(kb: Knowledge, card: ProblemCard, tech_id: str) -> bool:
    """The technology's job is media (blob storage, a CDN) and this card leaves media out of the core ("Images and
    video live in separate storage and are out of scope", "media are later"): probing it is off the problem."""
    tech = kb.technologies.get(tech_id)
    if tech is None or not _MEDIA.search(tech.purpose):
        return False
    core = " ".join(card.core_scope)
    if _MEDIA.search(core) or _MEDIA.search(card.prompt):
        return False
    left = " ".join(card.nice_to_have) + " " + " ".join(
        sentence for f in card.hidden_facts for sentence in re.split(r"(?<=[.!?])\s+", f.answer) if _LEFT_OUT.search(sentence))
    return bool(_MEDIA.search(left))


def depth_probe(kb: Knowledge, covered: Coverage, analysis: TurnAnalysis, asked: list[str],
                phase: PhaseId, said: list[str] | None = None, limit: int = 4, heard: list[str] | None = None) -> Act | None:
    """A question about a piece of the candidate's own design (a data store or queue first, else a service);
    never one they already answered unasked."""
    said = said or []
    heard = heard or []
    dropped = set(covered.get("dropped", [])) | {r.tech_id for r in analysis.rejected} | \
        set(covered.get("alternatives", [])) | set(covered.get("aside", [])) | set(covered.get("could_be", []))
    chosen = [t for t, reasoned in covered.get("technologies", {}).items() if reasoned]  # real choices, with reasons
    techs = [t for t in chosen + [m.tech_id for m in analysis.technologies if m.justified]
             if t not in dropped and t not in covered.get("introduced", []) and t in kb.technologies
             and kb.technologies[t].category in _DEPTH_CATEGORIES]
    spoken = covered.get("spoken", {}) or {}
    names = ["the object store" if kb.technologies[t].category == "storage" else
             spoken.get(t) or re.sub(r"^Apache ", "", tech_name(kb, t)) for t in techs]
    subjects = list(dict.fromkeys(names))  # named technologies only: free-text pieces echo misheard words
    their_words = {name: covered.get("said_about", {}).get(t) for t, name in zip(techs, names, strict=True)
                   if t not in covered.get("retracted", [])}
    spellings: dict[str, list[str]] = {}
    categories = [kb.technologies[t].category for t in dict.fromkeys(techs)]
    for t, name in zip(techs, names, strict=True):
        spellings.setdefault(name, [name]).extend([*kb.technologies[t].aliases, kb.technologies[t].name])
        if categories.count(kb.technologies[t].category) == 1:  # "the database fails over" speaks of their only database
            spellings[name].extend(_KIND_NAMES.get(kb.technologies[t].category, []))
    if sum(1 for t in asked if t.startswith("depth:")) >= limit:
        return None
    used_kinds = {t.split(":")[1] for t in asked if t.startswith("depth:")}
    used_subjects = {t.split(":", 2)[2] for t in asked if t.startswith("depth:")}
    uses = {k: sum(1 for t in asked if t.startswith(f"depth:{k}:")) for k in _KIND_WORDS}
    kinds = DEPTH_ASKS.get(phase, []) + (DEPTH_ASKS["deep_dive"] if phase == "failure_modes" else [])
    options = [(kind, template, subject) for kind, template in kinds for subject in subjects
               if f"depth:{kind}:{subject.lower()}" not in asked and not _put_before(kind, subject, said)
               and not _answered_unasked(kind, spellings.get(subject, [subject]), heard)
               and uses[kind] < 1 and sum(1 for t in asked if t.startswith("depth:") and t.endswith(":" + subject.lower()))
               < 2]  # the same question about piece after piece, or piece after piece about one, sounds canned
    last = next((t.split(":", 2)[2] for t in reversed(asked) if t.startswith("depth:")), None)
    options = [o for o in options if o[2].lower() != last] or options  # another piece than last time, if any
    options.sort(key=lambda o: (o[0] in used_kinds, o[2].lower() in used_subjects))  # something new first
    for kind, template, subject in options[:1]:
        question = template.format(subject=subject)
        words = their_words.get(subject)
        if words and re.match(r"(?:A|An|The|Our|We|It|This|That|Each|Every)\b", words):  # "You said a Redis node…"
            words = words[:1].lower() + words[1:]
        if words and not any(t.endswith(":" + subject.lower()) for t in asked if t.startswith("depth:")) and \
                f"You said {words}." not in said:
            question = f"You said {words}. {question}"  # first time on this piece: from what they said about it
        return Act(kind="depth_probe", phase=phase, subject=subject, tag=f"depth:{kind}:{subject.lower()}",
                   question=question)
    return None


_TWIST_ASKS = ("What changes in your design?", "Which part of your design feels it first?", "What would you change?",
               "How does your design take that?")  # as many as a card has twists, so none is said twice
_FAILURE_ASKS = ("What happens, and how does your design cope?", "What does the user see, and how do you recover?",
                 "How does your design handle that?", "What breaks, and what do you do about it?")


def _asking(statement: str, tag: str | None, asks: tuple[str, ...]) -> str:
    """A card's scenario said as a statement ("The CDN has an outage.") ends with a question to answer."""
    if statement.rstrip().endswith("?"):
        return statement
    n = int(tag.rsplit(":", 1)[-1]) if tag and tag.rsplit(":", 1)[-1].isdigit() else 0
    return f"{statement.rstrip()} {asks[n % len(asks)]}"  # one closing question per item: never said twice
