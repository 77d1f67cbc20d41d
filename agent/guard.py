"""Guarded LLM questions: code checks every LLM phrasing before the candidate sees it.

The policy chose the act; the model only words it (:mod:`agent.voice`). A reply is said only when code finds in it

* no hidden card fact the candidate did not ask for (its figures or its distinctive words),
* none of the card's solution components, nor any technology, that neither the candidate nor the act raised,
* no design handed over ("you should use ...", "the answer is ..."),
* nothing out of the interviewer's role (talk of being a model, of prompts or instructions, labels, markdown),
* a bounded length.

A reply that fails is regenerated once, with the problems named; a second failure says the offline phrasing. The
reply is held back until it has passed (nothing streams before the check), then handed to ``on_token`` whole. A
reply :func:`agent.voice.usable` rejects (empty, an echo of the instructions) goes straight to the offline phrasing,
as it always has.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from agent.acts import Act
from agent.voice import usable
from analysis.derivations import quantities, spoken_to_digits
from kernel.llm import ChatModel, Message
from knowledge.content import Knowledge
from knowledge.models import ProblemCard

MIN_WORDS_BOUND = 90  # a reply may run to twice the offline phrasing, at least this many words
MAX_WORDS = 160
MAX_SENTENCES = 8
QUESTION_MAX_TOKENS = 220

_SOLUTION = re.compile(
    r"\b(?:you (?:should|could|might want to|need to|can just|'d want to) (?:use|add|put|pick|choose|shard|cache|go with)"
    r"|i(?:'d| would) (?:use|go with|suggest|recommend|pick|choose)|the (?:right )?(?:answer|solution) (?:is|would be)"
    r"|a good (?:design|approach|solution) (?:is|would be|uses)|consider using|how about using|the trick is"
    r"|the standard (?:approach|design|answer) is)\b", re.I)
_OUT_OF_ROLE = re.compile(
    r"\b(?:as an ai|an ai (?:model|assistant)|language model|i'?m an? (?:ai|assistant|chatbot|bot)|openai|chatgpt"
    r"|system prompt|my (?:instructions|prompt|notes say)|hidden facts?|problem card|the rubric)\b", re.I)
_LABEL = re.compile(r"^\s*(?:\*\*)?(?:interviewer|candidate|assistant|user)(?:\*\*)?\s*:", re.I | re.M)
_MARKDOWN = re.compile(r"^\s*(?:[-*•]\s|#{1,6}\s|\d+\.\s)|\*\*|```", re.M)
_PLAIN = frozenset({"api", "apis", "url", "urls", "rest", "http", "https", "id", "ids", "hr", "ui", "ux", "sso", "ttl",
                    "json", "sql", "qps", "rps", "p99", "p95", "sla", "slo"})
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_COMMON = frozenset(
    ["about", "above", "after", "again", "against", "allow", "also", "always", "another", "answer", "anyone", "around", "because", "before", "being", "below", "both", "cannot", "could", "does", "doing", "during", "each", "either", "enough", "every", "fine", "first", "from", "have", "having", "here", "however", "into", "itself", "just", "large", "later", "least", "less", "like", "long", "looks", "made", "make", "many", "might", "more", "most", "much", "must", "need", "never", "number", "often", "only", "other", "over", "people", "plan", "please", "quite", "rather", "really", "same", "should", "since", "small", "some", "something", "still", "such", "sure", "than", "that", "their", "them", "then", "there", "these", "they", "thing", "think", "this", "those", "though", "through", "time", "under", "until", "used", "user", "users", "using", "very", "want", "well", "were", "what", "when", "where", "which", "while", "will", "with", "within", "without", "would", "your"])


@dataclass
class Verdict:
    """What the guard decided for one interviewer turn."""

    text: str
    outcome: str = "llm"  # llm | regenerated | offline_unusable | offline_after_retry
    problems: list[str] = field(default_factory=list)
    attempts: int = 1
    prompt_chars: int = 0

    def describe(self) -> dict[str, object]:
        return {"outcome": self.outcome, "problems": self.problems[:4], "attempts": self.attempts,
                "prompt_tokens_est": self.prompt_chars // 4}


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())


def _values(text: str) -> set[float]:
    return {round(q.value, 6) for q in quantities(spoken_to_digits(text))}


def act_texts(act: Act) -> list[str]:
    """Everything the act itself puts into words (its question, answers, notes, hint), with its follow-on act."""
    out: list[str] = []
    part: Act | None = act
    while part is not None:
        out += [t for t in (part.question, part.subject, part.hint, part.transition) if t]
        out += list(part.answers) + list(part.notes)
        part = part.secondary
    return out


def _fact_terms(answer: str) -> tuple[set[float], set[str]]:
    values = {v for v in _values(answer) if v > 3}
    words = {w for w in _WORD.findall(answer.lower()) if len(w) >= 5 and w not in _COMMON}
    return values, words


def _component_terms(card: ProblemCard, kb: Knowledge) -> set[str]:
    """The distinctive terms of the card's solution: technologies named in it, coined names (Base62, LRU, 302)."""
    terms: set[str] = set()
    text = " ".join(card.components)
    low = text.lower()
    for tech in kb.technologies.values():
        for alias in (tech.name.lower(), *tech.aliases):
            if len(alias) >= 3 and re.search(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", low):
                terms.add(alias)
    terms |= {w.lower() for w in re.findall(r"\b(?=\w*[A-Z]\w*[A-Z0-9])\w{2,}\b|\b[A-Za-z]+\d+\b", text)}
    terms |= {w for w in re.findall(r"\b\d{3}\b", text)}  # status codes and the like
    return terms - _PLAIN


def _tech_terms(kb: Knowledge) -> dict[str, str]:
    """Every technology alias (three letters or more) and the technology's name."""
    out: dict[str, str] = {}
    for tech in kb.technologies.values():
        for alias in (tech.name.lower(), *tech.aliases):
            if len(alias) >= 3:
                out[alias] = tech.name
    return out


def _mentions(term: str, low: str) -> bool:
    return bool(re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", low))


def check_reply(
    reply: str, *, act: Act, card: ProblemCard, kb: Knowledge, candidate: Iterable[str], draft: str
) -> list[str]:
    """The reasons ``reply`` cannot be said (empty when it can)."""
    problems: list[str] = []
    allowed = " ".join([*candidate, *act_texts(act), draft, card.prompt])
    allowed_low, reply_low = _norm(allowed), _norm(reply)
    allowed_values = _values(allowed)
    reply_values = _values(reply)
    allowed_words = set(_WORD.findall(allowed_low))
    for n, fact in enumerate(card.hidden_facts):
        if fact.answer in act.answers or _norm(fact.answer) in allowed_low:
            continue
        values, distinct = _fact_terms(fact.answer)
        leaked_values = (values & reply_values) - allowed_values
        leaked_words = (distinct & set(_WORD.findall(reply_low))) - allowed_words
        if leaked_values or len(leaked_words) >= 3:
            what = ", ".join(f"{v:g}" for v in sorted(leaked_values)) or ", ".join(sorted(leaked_words)[:3])
            problems.append(f"states hidden fact {n} ({fact.topic}) that was not asked for ({what})")
    for term in sorted(_component_terms(card, kb)):
        if _mentions(term, reply_low) and not _mentions(term, allowed_low):
            problems.append(f"names part of the expected design the candidate has not raised ({term})")
    for alias, name in sorted(_tech_terms(kb).items()):
        if _mentions(alias, reply_low) and not _mentions(alias, allowed_low) and \
                not any(name.lower() in p.lower() or alias in p for p in problems):
            problems.append(f"proposes a technology the candidate has not raised ({name})")
    solution = _SOLUTION.search(reply)
    if solution and not _SOLUTION.search(draft):
        problems.append(f"hands over a design ('{solution.group(0)}')")
    if _OUT_OF_ROLE.search(reply) or _LABEL.search(reply) or _MARKDOWN.search(reply):
        problems.append("steps out of the interviewer's role (talk of models or instructions, labels or markdown)")
    size = len(reply.split())
    bound = min(MAX_WORDS, max(MIN_WORDS_BOUND, 2 * len(draft.split())))
    sentences = len([s for s in re.split(r"(?<=[.!?])\s+", reply.strip()) if s])
    if size > bound or sentences > MAX_SENTENCES:
        problems.append(f"too long ({size} words, {sentences} sentences; at most {bound} words)")
    return problems


def _collect(chat: ChatModel, messages: list[Message]) -> str:
    return "".join(chat.stream(messages, temperature=0.4, max_tokens=QUESTION_MAX_TOKENS)).strip()


def speak_guarded(
    chat: ChatModel,
    messages: list[Message],
    on_token: Callable[[str], None] | None,
    *,
    act: Act,
    card: ProblemCard,
    kb: Knowledge,
    candidate: list[str],
    draft: str,
) -> Verdict:
    """The model's phrasing once code has checked it; else one regeneration; else the offline phrasing.

    Raises ``LLMError`` (handled by the caller) when the endpoint fails.
    """
    verdict = Verdict(text=draft, prompt_chars=sum(len(m["content"]) for m in messages))
    reply = _collect(chat, messages)
    if not usable(reply):
        verdict.outcome = "offline_unusable"
    else:
        problems = check_reply(reply, act=act, card=card, kb=kb, candidate=candidate, draft=draft)
        if not problems:
            verdict.text = reply
        else:
            verdict.problems = problems
            verdict.attempts = 2
            retry = [*messages, {"role": "assistant", "content": reply}, {
                "role": "user",
                "content": "(Not said to the candidate: that reply breaks the rules - " + "; ".join(problems) +
                ". Say the decided move again in 1-3 short spoken sentences, using only the facts listed and "
                "what the candidate said.)"}]
            verdict.prompt_chars += sum(len(m["content"]) for m in retry)
            again = _collect(chat, retry)
            later = check_reply(again, act=act, card=card, kb=kb, candidate=candidate, draft=draft) \
                if usable(again) else ["unusable"]
            if later:
                verdict.outcome = "offline_after_retry"
                verdict.problems += [p for p in later if p not in problems]
            else:
                verdict.text, verdict.outcome = again, "regenerated"
    if on_token:
        on_token(verdict.text)
    return verdict
