"""The interviewer's voice: turns the policy's act into words.

Offline, each act is rendered from a phrase bank (``agent.phrasings``) with the template chosen by a
seeded hash of the thread id and turn number, so a replay always reads the same. With an LLM, the model
phrases the same act from a bounded prompt (``agent.prompts``): the last few turns verbatim, the older
ones as a whiteboard summary, the allowed facts and 1-3 guide snippets. The policy decides; the voice speaks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from agent import prompts
from agent.acts import Act, _content
from agent.configuration import Searcher
from agent.phrasings import PHRASES
from agent.state import Coverage
from kernel.llm import ChatModel, Message
from kernel.transcript import Turn
from knowledge.content import Knowledge
from knowledge.models import ProblemCard


def choose(options: list[str], *key: object) -> int:
    """The index of the template picked deterministically from the key (thread id, turn number, slot)."""
    digest = hashlib.sha256(":".join(str(k) for k in key).encode()).digest()
    return int.from_bytes(digest[:4], "big") % len(options)


def sentences_of(text: str) -> list[str]:
    return [" ".join(s.lower().split()) for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def _line(kind: str, act: Act, minutes: int, said: set[str], *key: object) -> str:
    """One phrase for ``kind`` none of whose sentences was said before in this interview.

    When every phrasing was used, only the act's own question is kept (or nothing, for a plain lead-in).
    """
    options = PHRASES[kind]
    start = choose(options, *key, kind)
    for step in range(len(options)):
        template = options[(start + step) % len(options)]
        if kind == "push_back_tech" and (act.question or "").startswith("Why") and template.startswith("Why {subject}?"):
            continue  # never "Why Redis? Why Redis and not the database alone?"
        if kind == "push_back_overengineering" and act.question:
            asks_load = bool(re.search(r"per second|\bload\b|\bwrites?\b", act.question))
            if asks_load == bool(re.search(r"per second|\bload\b", template)):
                continue  # the load is asked exactly once: by the card's question, or else by the lead-in
        line = template.format(
            question=act.question or "", subject=(act.subject or "that").rstrip(" .!?;:"), hint=act.hint or "",
            minutes=minutes,
        ).strip()
        if not any(s in said for s in sentences_of(line)):
            return line
    if act.question and act.subject and act.kind in ("push_back_tech", "push_back_overengineering", "ask_reasoning"):
        return f"{act.subject.rstrip(' .!?;:')}: {act.question}"  # still naming what is questioned
    if not any("{question}" in template for template in options):
        return ""  # a lead-in of its own ("Your call."): nothing, never the act's question a second time
    return act.question or ""


_ASK_LEAD = re.compile(r"^(?:(?:and|so|also|um|uh|like|then|oh|ok(?:ay)?|questions?)\W+)*", re.I)
_YES_NO_LEAD = re.compile(r"^(?:is|are|do|does|will|would|should|can|must|could)\s+(?:this|it|that|we|they|there|you|"
                          r"users?|the (?:system|app|product|service))\s+(?:(?:need to|have to|going to|supposed to)\s+)?"
                          r"(?:be\s+|support\s+|have\s+|care about\s+|want\s+|need\s+)?", re.I)
_HOW_MANY = re.compile(r"^how (?:many|much)\s+\w+", re.I)


def _about(questions: list[str]) -> str | None:
    """What the questions left to the candidate were about, in their words ("Mobile only", "How many engineers"),
    when each says it in a few words; None when any does not (then no referent is named at all)."""
    named: list[str] = []
    for question in questions[:2]:
        ask = _ASK_LEAD.sub("", question.strip().rstrip("?. ")).strip()
        if re.search(r"\bor\b", ask):
            return None  # "more like Google Photos, or Instagram?": naming one side would answer it
        if re.match(r"(?:is|isn'?t|would|does|will|could|can) (?:that|this|it)(?: be)? (?:a|an|ok|okay|fine|alright|"
                    r"acceptable|enough|reasonable|bad|good|worth)\b", ask, re.I):
            return None  # "Is that a problem?" points back at what they said: "A problem" names nothing
        ask = re.split(r",\s*|\s+and\s+(?=(?:is|are|do|does|what|how|which)\b)", ask)[0]
        lead = _YES_NO_LEAD.match(ask)
        what = ask[lead.end():] if lead else re.sub(r"\s+(?:do|does|are|is|will|would|should|can|we|there)\b.*$", "", ask) \
            if _HOW_MANY.match(ask) else ""  # "how many engineers do we have" -> "How many engineers"
        if not what or not 1 <= len(what.split()) <= 6 or what.lower() in ("it", "that", "this", "ok", "okay", "fine") \
                or re.search(r"^(?:something|anything)\b|\b(?:i|we|you|they|me|us)\b", what, re.I):
            return None  # "something I can assume already exists": no name for it in a few words
        named.append(what)
    joined = " and ".join(dict.fromkeys(named))
    return joined[:1].upper() + joined[1:] if joined else None


def _named(questions: list[str], reply: str, said: set[str]) -> str | None:
    """``reply`` led by what the questions were about ("Mobile only: that's your call…"), unless that cannot be
    named in a few words or was said already."""
    about = _about(questions)
    line = f"{about}: {reply}" if about else ""
    return line if line and not set(sentences_of(line)) & said else None


def render_offline(act: Act, *, thread_id: str, turn: int, minutes: int = 45, avoid: str = "",
                   said: set[str] | None = None) -> str:
    """The act as one spoken interviewer turn, from the phrase banks.

    ``said`` holds every sentence the interviewer already said (normalised); no sentence is said twice.
    ``avoid`` (the previous turn) is added to it for callers that only know that one.
    """
    seen = set(said or set()) | set(sentences_of(avoid))
    parts: list[str] = []
    answering = bool(act.answers or act.assume or act.your_call)
    if act.transition and not answering:
        parts.append(act.transition)
    parts.extend(_fresh(answer, seen, act.asked) for answer in act.answers)
    parts.extend(note for note in act.notes if not set(sentences_of(note)) <= seen)
    if act.assume:  # "How many engineers: …", so it is plain which question this answers
        parts.append(_named(act.assume, "I don't have a figure for that; assume one and state it.", seen) or
                     _line("assume", act, minutes, seen, thread_id, turn))
    if act.your_call:  # after facts, what is left is "the rest", never a bare "your call" that seems to take them back
        parts.append(_named(act.your_call, "that's your call; say what you'd assume.", seen) or
                     (_line("your_call_rest", act, minutes, seen, thread_id, turn) if act.answers else "") or
                     _line("your_call_line", act, minutes, seen, thread_id, turn))
    if act.transition and answering:  # what they asked first, then the clock: "Avoid it. … We're about 6 minutes in"
        parts.append(act.transition)
    if act.kind == "close" and act.question:
        parts.append(_line("close_question", act, minutes, seen, thread_id, turn))
    if act.kind == "close" and act.subject == "done":  # the candidate had nothing more: acknowledge, then close
        parts.append(_line("wrap_done", act, minutes, seen, thread_id, turn))
    kind: str = act.kind
    if kind == "ask_reasoning" and not act.subject:
        kind = "ask_reasoning_plain"
    if kind == "scale_twist" and act.subject == "extend":
        kind = "extend"
    if kind == "answer_theirs" and act.subject == "owed":
        kind = "answer_theirs_owed"
    if kind == "answer_theirs" and act.tag == "feedback":
        kind = "answer_theirs_feedback"  # about their own round: the scorecard, and the thinnest ground named
    if kind == "move_to_design" and act.subject == "given":
        kind = "move_to_design_given"
    if kind == "depth_probe" and (act.tag == "depth:pick:own" or (act.tag or "").startswith("push:")):
        kind = "own_pick"  # said as it is: no "going one level deeper" before "which part are you least sure of?"
    if kind == "weigh_choice" and act.subject in ("reasoned", "lean", "weighed", "settled"):
        kind = f"weigh_choice_{act.subject}"
    if kind == "listen" and act.subject == "driving":
        kind = "listen_driving"
    if kind == "listen" and act.subject == "thinking":
        kind = "listen_thinking"
    if kind == "listen" and act.subject == "numbers":
        kind = "listen_numbers"
    if kind == "listen" and act.subject == "agreed":
        kind = "listen_agreed"  # the note already said yes to their plan
    if kind in ("challenge_input", "correct_input") and (act.tag or "").startswith("checked:"):
        kind = "check_figures"  # they asked whether their figures are right: one is not
    if kind == "challenge_arithmetic" and (act.tag or "").startswith("standing:"):
        kind = "slip_standing"  # the slip we flagged is back, unfixed
    if kind == "challenge_input" and (act.tag or "").startswith("limit:"):
        kind = "correct_limit"  # a limit we gave, said back with another value: no numbers to redo
    if kind == "challenge_input" and (act.tag or "").startswith("again:"):
        kind = "challenge_again"  # they carried on from the figure we questioned
    if kind == "depth_probe" and (act.tag or "").startswith("revisit:"):
        kind = "revisit"  # a question of ours they never took up, put once more
    if kind == "listen" and act.subject == "deeper":
        kind = "listen_deeper"
    if kind == "refuse_answer" and act.question:
        kind = "refuse_answer_hint"
    if kind == "repeat_last" and not act.question:
        kind = "repeat_last_none"
    if kind == "give_direction" and act.subject == "own":
        kind = "give_direction_own"
    elif kind == "give_direction" and not act.question:
        kind = "give_direction_early"
    if kind == "follow_up" and act.subject in ("questions", "done"):
        kind = "questions_for_me" if act.subject == "questions" else "wrap_more"
    chased = ((act.tag or "").split(":") + [""])[1]
    if kind == "chase" and chased in ("failure", "twist"):
        kind = "chase_event" if act.subject else "chase_scenario"  # a scenario, not a topic
    elif kind == "chase" and chased == "extend":
        kind = "chase_extend"  # a requirement we added
    if kind == "encourage" and act.phase in ("high_level_design", "deep_dive", "failure_modes"):
        kind = "encourage_design"  # stuck on the design: a first step to take, not an assumption to state
    if kind == "redirect" and act.subject == "later":
        kind = "redirect_later"
    if kind == "answer_question" and act.phase != "requirements":
        kind = "answer_question_sizing" if act.phase == "estimation" else "answer_question_later"
    if kind == "probe_design" and act.subject == "early":
        kind = "probe_design_early"
    if kind == "failure_probe" and act.subject == "next":
        kind = "failure_probe_next"
    acked = False
    if act.hint == "numbers_hold" and not any("figure holds" in n for n in act.notes):  # correct working noticed
        line = _line("numbers_hold", act, minutes, seen, thread_id, turn, "ack")
        if line and line != (act.question or ""):
            parts.insert(len(parts) - len(act.notes) if act.notes else len(parts), line)
            acked = True
    acked = acked or any(_ACK_NOTE.match(n) for n in act.notes)  # "Yes, those numbers are about right. Good. …"
    seen |= {s for p in parts for s in sentences_of(p)}
    main = _line(kind, act, minutes, seen, thread_id, turn)
    if (acked or act.hint == "numbers_open") and (bare := _ACK_OPENER.sub("", main)) != main and bare:  # "Good, the
        # maths works. Good. Sketch…"; nor "Good." to numbers still built on a figure we questioned
        main = bare[:1].upper() + bare[1:]
    opener = _ACK_OPENER.match(main)
    if opener and act.transition and parts and parts[0] == act.transition and main[opener.end():]:
        lead = opener.group(0).strip().rstrip(",;:")
        parts.insert(0, lead if lead.endswith(".") else lead + ".")  # "Good. We're 12 minutes in, so…", not "…the
        # design. Good. Sketch…"
        main = main[opener.end():][:1].upper() + main[opener.end() + 1:]
    elif opener and act.transition and act.transition in parts and main[opener.end():]:  # answered, then the clock:
        main = main[opener.end():][:1].upper() + main[opener.end() + 1:]  # no "…move on to the estimates. OK. What…"
    parts.append(main)
    if act.secondary:
        seen |= {s for p in parts for s in sentences_of(p)}
        parts.append(render_offline(act.secondary, thread_id=thread_id, turn=turn * 1000 + 1, minutes=minutes,
                                    said=seen))
    text = " ".join(p for p in parts if p)
    if not text:  # every phrasing was used up: a short prompt to go on, or at the end a plain thanks
        lines = _DONE if act.phase == "wrap_up" else _GO_ON
        text = next((line for line in lines if line.lower() not in seen), lines[0])
    return text


_ACK_NOTE = re.compile(r"^(?:Yes\b|That works\b|Good\b|The arithmetic holds\b|You're right\b|Your pace is fine\b)")
_ACK_OPENER = re.compile(r"^(?:Good|Makes sense|OK|Okay|Got it|Right|Great|Nice|Understood)[.,;]\s+")
_DONE = ("Thanks.", "Thank you.", "Understood, thanks.", "OK, thanks.")


_GO_ON = ("Go on.", "Carry on.", "Please continue.", "Keep going.", "Take it from there.", "Go ahead.", "Thanks.", "OK.")


def _fresh(answer: str, seen: set[str], asked: str = "") -> str:
    """A fact answer without the sentences already said; a fact said before is only referred back to, by the
    sentence that fits what was asked ("last write wins is ok?" gets the sentence on last write wins)."""
    split = re.split(r"(?<=[.!?])\s+", answer.strip())
    new = [s for s in split if " ".join(s.lower().split()) not in seen]
    if new:
        return " ".join(new)
    wanted = _content(asked)
    fits = max(split, key=lambda s: len(_content(s) & wanted)) if wanted else split[0]
    first = fits if wanted and _content(fits) & wanted else next((s for s in split if re.search(r"\d", s)), split[0])
    keep = first[1:2].isupper() or first.split(" ", 1)[0] in ("I", "I'd", "I'm")  # "HR", "I": said as they are
    back = f"As I said, {first if keep else first[:1].lower() + first[1:]}"
    return "" if " ".join(back.lower().split()) in seen else back


# --- retrieval and coach hints ------------------------------------------------------------------

_COACH_QUERIES: dict[str, tuple[str, str | None]] = {
    "open": ("clarifying questions to ask before designing", "cheat"),
    "answer_question": ("clarifying questions scope users scale", "cheat"),
    "nudge_questions": ("ask clarifying questions before drawing boxes", "cheat"),
    "probe_requirements": ("clarifying questions scope users scale", "cheat"),
    "ask_estimates": ("estimation constants seconds per day QPS storage", "cheat"),
    "challenge_arithmetic": ("estimation constants 1 day is about 100K seconds", "cheat"),
    "challenge_input": ("clarifying questions scale figures given by the interviewer", "cheat"),
    "correct_input": ("clarifying questions scale ask before assuming a figure", "cheat"),
    "push_back_tech": ("technology choice needs a because with numbers", "technology"),
    "push_back_overengineering": ("over-engineering simplest architecture that meets the load", None),
    "ask_reasoning": ("think out loud explain why each technology", None),
    "encourage": ("state an assumption and reason aloud", None),
    "move_to_design": ("high-level design four to six boxes with arrows", "phase"),
    "probe_design": ("define API data model data flow for each component", None),
    "deep_dive_probe": ("deep dive trade-offs alternatives", None),
    "depth_probe": ("deep dive trade-offs bottleneck failure of a component", None),
    "listen": ("high-level design four to six boxes with arrows", "phase"),
    "chase": ("deep dive trade-offs alternatives", None),
    "scale_twist": ("re-estimate when the scale changes evolve the design", None),
    "failure_probe": ("failure checklist single point of failure cache down", "cheat"),
    "company_question": ("company interview expectations", "company"),
    "ask_summary": ("wrap-up summarise the design trade-offs", "phase"),
    "follow_up": ("wrap-up closing questions", "phase"),
    "close": ("wrap-up summarise the design trade-offs", "phase"),
}

# Never the problem chunks or stories: they describe designs and numbers the candidate must find.
GROUNDING_KINDS: tuple[str, ...] = (
    "cheat", "technology", "phase", "step", "mistake", "anti_lesson", "failure_mode", "checklist", "company", "level",
)
_FALLBACK_CHEAT = {"cheat": "clarifying-questions", "technology": "database-picks", "phase": "five-steps"}


def retrieve(
    index: Searcher | None,
    act: Act,
    card: ProblemCard,
    k: int = 2,
    cache: dict[tuple[str, str], list[Any]] | None = None,
    specific: bool = True,
) -> list[Any]:
    """Guide snippets relevant to the act (never problem chunks or stories: they describe designs).

    ``specific`` adds the act's question to the query (grounding for the LLM); without it the query
    depends on the act kind only (coach hints), so after the first turns every lookup is a cache hit.
    """
    if index is None:
        return []
    query, kind = _COACH_QUERIES.get(act.kind, ("system design interview", None))
    if act.question and specific:
        query = f"{query}. {act.question}"
    tech = _pushed_tech(act)
    key = (query, tech or kind or "")
    if cache is not None and key in cache:
        return cache[key]
    hits = _search(index, query, kind, k, technology=tech if act.kind != "ask_reasoning" else None)
    if cache is not None:
        if len(cache) > 256:
            cache.clear()
        cache[key] = hits
    return hits


def warm_coach_cache(index: Searcher | None, card: ProblemCard, cache: dict[tuple[str, str], list[Any]]) -> None:
    """Run every coach query once up front, so coach hints never cost a turn a search."""
    for kind in _COACH_QUERIES:
        if kind not in ("push_back_tech", "push_back_overengineering"):  # those name their own tech card
            retrieve(index, Act(kind=kind, phase="requirements"), card, cache=cache, specific=False)  # type: ignore[arg-type]


def _search(index: Searcher, query: str, kind: str | None, k: int, technology: str | None = None) -> list[Any]:
    try:
        hits = index.search(query, k=k, kind="technology", technology=technology) if technology else []
        hits = hits or index.search(query, k=k, kind=kind or GROUNDING_KINDS)
        if not hits and kind:
            hits = index.search(query, k=k, kind=GROUNDING_KINDS)
    except Exception:  # retrieval only grounds the voice; an index problem must not stop the interview
        return []
    return [h for h in hits if getattr(h, "kind", "") in GROUNDING_KINDS][:k]


def _pushed_tech(act: Act) -> str | None:
    """The technology id a pushback is about (from its tag ``tech:<id>:<n>``), looking into a nudge too."""
    part: Act | None = act
    while part is not None:
        if part.tag and part.tag.startswith("tech:"):
            return part.tag.split(":")[1]
        part = part.secondary
    return None


def coach_hint(act: Act, kb: Knowledge, hits: list[Any]) -> str | None:
    """A one-line pointer to the cheat card or guide section behind the interviewer's move."""
    label = {"cheat": "Cheat card", "technology": "Tech card", "phase": "Playbook", "company": "Company mode"}
    tech = kb.technologies.get(_pushed_tech(act) or "")
    if tech is not None:  # a pushback: the card of the technology in question, with its main trade-off
        return f"Tech card: {tech.name} — {tech.trade_offs[0]}"[:220]
    if hits:
        hit = hits[0]
        kind = getattr(hit, "kind", "") or ""
        lines = [  # content lines only: section headers ("Key points to remember:") say nothing on their own
            ln.strip(" -•") for ln in str(getattr(hit, "text", "")).splitlines()[1:]
            if ln.strip() and not ln.rstrip().endswith(":")
        ]
        tip = _best_line(lines, act) if lines else ""
        head = f"{label.get(kind, 'Guide')}: {getattr(hit, 'title', '')}"
        return f"{head} — {tip}"[:220] if tip else head
    query, kind = _COACH_QUERIES.get(act.kind, ("", None))
    cheat = kb.cheatcards.get(_FALLBACK_CHEAT.get(kind or "", "five-steps")) if kb.cheatcards else None
    if act.kind in ("ask_estimates", "challenge_arithmetic"):
        cheat = kb.cheatcards.get("estimation-constants", cheat)
    if act.kind == "failure_probe":
        cheat = kb.cheatcards.get("failure-checklist", cheat)
    if cheat is None:
        return None
    return f"Cheat card: {cheat.title} — {_best_line(list(cheat.items), act)}"[:220]


def _best_line(lines: list[str], act: Act) -> str:
    hint = act.hint if act.hint != "numbers_open" else None  # a flag, not words to match
    words = set((act.question or hint or act.kind.replace("_", " ")).lower().split())
    return max(lines, key=lambda ln: (len(words & set(ln.lower().split())), -lines.index(ln)))


# --- the LLM voice ------------------------------------------------------------------------------


def whiteboard(covered: Coverage | dict[str, Any]) -> dict[str, list[str]]:
    """What is on the board: answers given, the candidate's figures and components, pushbacks asked."""
    techs = [f"{t}{'' if ok else ' (no reason given)'}" for t, ok in (covered.get("technologies") or {}).items()]
    components: list[str] = []
    seen: set[str] = set()
    for item in list(covered.get("components", [])) + techs:  # "load balancer" and "load-balancer" once
        key = " ".join(re.findall(r"[a-z0-9]+", item.lower().removesuffix(" (no reason given)")))
        if key not in seen:
            seen.add(key)
            components.append(item)
    return {
        "requirements": list(covered.get("answers", [])),
        "figures": list(covered.get("figures", [])),
        "components": components,
        "pushbacks": list(covered.get("pushbacks", [])),
    }


def _clip(text: str, words: int) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def build_messages(
    act: Act,
    *,
    card: ProblemCard,
    state: dict[str, Any],
    hits: list[Any],
    offline_draft: str,
) -> list[Message]:
    """The bounded prompt for one interviewer turn: system rules + summary, then the last turns verbatim."""
    board = whiteboard(state.get("covered", {}) or {})
    board_lines = [
        f"{name}: " + "; ".join(_clip(x, 25) for x in items[-prompts.WHITEBOARD_ITEMS:])
        for name, items in board.items()
        if items
    ]
    notes = state.get("notes", [])[-prompts.WHITEBOARD_ITEMS:]
    if notes:
        board_lines.append("notes: " + "; ".join(notes))
    snippets = [f"- {getattr(h, 'title', '')}: {_clip(str(getattr(h, 'text', '')), prompts.SNIPPET_WORDS)}"
                for h in hits[: prompts.MAX_SNIPPETS]]
    detail = [prompts.ACT_GUIDANCE.get(act.kind, "")]
    if act.question:
        detail.append(f"Question to ask: {act.question}")
    if act.subject:
        detail.append(f"About: {act.subject}")
    if act.hint == "numbers_hold":
        detail.append("Their arithmetic holds: say so briefly.")
    elif act.hint == "numbers_open":
        detail.append("Their numbers still start from a figure you questioned: do not praise them.")
    elif act.hint:
        detail.append(f"Allowed hint: {act.hint}")
    if act.transition:
        detail.append(f"Say {'after answering' if act.answers else 'first'}: {act.transition}")
    for note in act.notes:
        detail.append(f"Also say: {note}")
    if act.secondary:
        detail.append(f"Then also: {prompts.ACT_GUIDANCE.get(act.secondary.kind, '')} {act.secondary.question or ''}")
    detail.append(f"A plain version you may improve on: {offline_draft}")
    facts = "\n".join(f"- {a}" for a in act.answers) or "(none)"
    if act.assume:
        facts += "\n- For anything else they asked: you have no figure; tell them to assume one and state it."
    if act.your_call:
        facts += "\n- Their requirement question is not settled by the facts: it is their call; ask for their assumption."
    system = prompts.SYSTEM_PROMPT.format(
        level=state.get("level", "senior"),
        company_style=prompts.COMPANY_STYLE.get(state.get("company", "google"), ""),
        minutes=state.get("format_minutes", 45),
        minute=int(float(state.get("minute", 0))),
        phase=act.phase.replace("_", " "),
        prompt=card.prompt,
        act=act.kind,
        act_detail="\n".join(d for d in detail if d),
        facts=facts,
        whiteboard="\n".join(board_lines) or "(nothing yet)",
        snippets="\n".join(snippets) or "(none)",
    )
    messages: list[Message] = [{"role": "system", "content": system}]
    turns: list[Turn] = list(state.get("transcript", []))[-prompts.RECENT_TURNS:]
    for turn in turns:
        role = "user" if turn.role == "candidate" else "assistant"
        messages.append({"role": role, "content": _clip(turn.content, prompts.MAX_TURN_WORDS)})
    if messages[-1]["role"] != "user":
        messages.append({"role": "user", "content": "(The candidate is waiting for you.)"})
    return messages


_ECHOES = ("Hard rules", "ACT:", "A plain version you may improve on", "Facts you may state")


def usable(reply: str) -> bool:
    """A model reply fit to be said: not empty, not a lecture, not an echo of the instructions."""
    return bool(reply.strip()) and len(reply.split()) <= 160 and not any(e in reply for e in _ECHOES)


def speak_llm(chat_model: ChatModel, messages: list[Message], on_token: Callable[[str], None] | None) -> str:
    """Stream the model's phrasing; raises ``LLMError`` (handled by the caller) when the endpoint fails."""
    pieces: list[str] = []
    for piece in chat_model.stream(messages, temperature=0.4, max_tokens=220):
        pieces.append(piece)
        if on_token:
            on_token(piece)
    return "".join(pieces).strip()
