"""Design choices put to the interviewer: "should I use Kafka or SQS here?", "websockets or long polling?".

A question that offers two ways to build something asks the interviewer to pick for the candidate. It is no
requirement question ("do we need exactly-once, or is at-least-once fine?" is one, and the card answers it),
and no proposal ("should I put Kafka between them?" proposes Kafka). What the interviewer does with it depends
on what else the turn says: whether the candidate already leans one way, and whether they gave a reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from analysis.models import DesignChoice
from analysis.phrases import REASON_MARKER
from analysis.sentences import Sentence

_ALTERNATIVES = re.compile(r"\bor\b(?!\s+(?:not|no|so|something like that|anything|whatever)\b)")
_DESIGN_OPENING = re.compile(  # how to build it, put to us: the verbs of building, or a preference asked for
    r"^(?:\W*(?:so|and|ok(?:ay)?|um+|uh+|also|then|hmm)\W+)*(?:"
    r"(?:should|shall|would|do|can) (?:i|we) (?:use|go with|pick|choose|do|put|keep|store|make|build|have|run|"
    r"handle|check|push|pull|send|write|read|model|split|shard|partition|cache|compute|precompute|generate|"
    r"return|serve|go for|implement|treat)\b|"
    r"(?:is it|would it be) (?:better|cleaner|simpler|easier|cheaper|more common|standard) (?:to|if)\b|"
    r"(?:would|do) you (?:prefer|rather|want me to (?:use|go with|do|pick))\b|"
    r"which (?:one )?(?:would you|do you|should i|should we|is better|is the better|makes more sense)\b|"
    r"(?:should|does|would|will) (?:the|this|that|it|each|every) [\w' -]{2,40}? (?:be|happen|live|sit|go|run|use|"
    r"talk|call|hold|keep|store|push|pull|poll)\b|"
    r"where (?:does|should|would|will|do) (?:it|this|that|we|the [\w-]+(?: [\w-]+)?) (?:sit|live|run|go|put it|"
    r"enforce it|check)\b)",  # "where does it sit: at the gateway, or in-process in each service?"
    re.I)
_REQUIREMENT_OPENING = re.compile(  # what the product must do: the card's business, answered as a requirement
    r"^(?:\W*(?:so|and|ok(?:ay)?|um+|uh+|also|then)\W+)*(?:do (?:we|i|they|users|you) (?:need|have to|want to support|"
    r"care)|do (?:people|users|customers|employees|managers|staff|admins) |does (?:it|this|that|the (?:system|product|service|business)) (?:need|have to)|does (?:any|anything|"
    r"any of (?:this|it|that))\b|is it (?:ok|okay|fine|"
    r"acceptable|alright|required)|are (?:we|users|they)|will (?:users|people|they)|can (?:users|people|a user)|"
    r"how (?:many|much|often|big|fast|long)|what(?:'s| is| are) the (?:expected|target|number|size)|"
    r"(?:what|who|whom|where|when|how) (?:are|is|do|does|will|would) (?:we|you|they|users|people|it)\b(?! (?:use|pick|"
    r"choose|go with|prefer|sit|live|run)\b))\b",
    re.I)
_DESIGN_WORDS = re.compile(  # the pieces of a build, for the short "websockets or long polling?"
    r"\b(?:cache|caching|queue|database|db|sql|nosql|store|storage|table|index|api|service|server|worker|gateway|"
    r"library|sidecar|websockets?|polling|long[- ]poll\w*|push|pull|fan[- ]?out|redirect|30[12]|presigned|proxy|"
    r"shard\w*|partition\w*|replica\w*|leader|lock|lease|batch\w*|stream\w*|sync\w*|async\w*|cron|job|"
    r"precompute\w*|counter|hash\w*|uuid|snowflake|sequence|cdn|blob|bucket|topic|consumer|producer|client|"
    r"write[- ]through|write[- ]back|ttl|token bucket|sliding window|fixed window|rest|grpc|graphql|webhook\w*)\b",
    re.I)
_WHERE_NEXT = re.compile(  # "which do you want deeper: codes, or counting?" asks where the interview goes next
    r"\b(?:deeper|deep[- ]dive|dive|drill|zoom|focus|next|cover|talk about|go into|go over|go through|move on|walk "
    r"(?:you )?through|spend (?:more |the )?time|more detail|write (?:out|down)|describ\w*|would you rather (?:hear|see)|"
    r"keep (?:going|refining|working)|enough)\b", re.I)  # "should I write out the schema, or is describing it enough?"
_SHOULD = re.compile(r"^(?:\W*(?:so|and|ok(?:ay)?|um+|uh+|also|then)\W+)*(?:for [\w' -]{2,30}?,\s*)?(?:should|would|"
                     r"is it better|better to)\b", re.I)
_LEAN = re.compile(
    r"\b(?:i'?m (?:leaning|inclined|tempted)|leaning (?:towards?|to)|i'?d (?:go with|pick|choose|lean|use|do|put|keep|"
    r"start with|probably|rather|prefer)|i (?:would|will) (?:go with|pick|choose|use|do|put|keep|start with)|"
    r"i'?ll (?:go with|pick|choose|use|do|put|keep|start with)|i think (?:i'?d|i'?ll|we'?d|we should|it should|"
    r"it'?s)|my (?:gut|instinct|preference|pick|choice|vote|lean)(?: for [\w ]{1,20}?)? (?:is|says|would be)|i prefer|i like|i'?d say|"
    r"i (?:kind of |sort of |really )?(?:want|lean)|i'?m thinking|i (?:went|have gone|'ve gone) with|i (?:chose|picked)|"
    r"i'?ve (?:chosen|picked))\b",
    re.I)
_LEAD_IN = re.compile(r"^[^:?]{0,80}\b(?:your (?:take|view|opinion|thoughts|read)|unsure|not sure|torn|question for "
                      r"you|quick one)\b[^:?]{0,20}:\s*")  # said before the question itself
MAX_CHOICE_WORDS = 40  # a question running longer than this is thinking aloud, not a choice put to us


def design_choices(sentences: list[Sentence], named: Callable[[Sentence], list[str]]) -> list[DesignChoice]:
    """The design choices the candidate put to the interviewer in this turn, in order; ``named`` gives the
    technologies a sentence names, by the words used."""
    found: list[DesignChoice] = []
    for i, s in enumerate(sentences):
        lead = _LEAD_IN.match(s.norm)  # "one thing i'm unsure about, and i'd like your take: should…?"
        norm = s.norm[lead.end():] if lead else s.norm
        if not s.is_question or not _ALTERNATIVES.search(norm) or len(norm.split()) > MAX_CHOICE_WORDS:
            continue
        if _REQUIREMENT_OPENING.match(norm) or _WHERE_NEXT.search(norm):
            continue
        products = [n for n in dict.fromkeys(named(s)) if n.lower() in s.text.lower()]
        options = _options(s, products)
        if not (_DESIGN_OPENING.match(norm) or len(products) >= 2 or
                len(options) >= 2 and _DESIGN_WORDS.search(norm) or
                _SHOULD.match(norm) and _DESIGN_WORDS.search(norm) or
                len(norm.split()) <= 8 and len(_DESIGN_WORDS.findall(norm)) >= 2):
            continue
        lean, reasoned = _lean(sentences, i, options)
        weighed = any(_COSTS.search(x.norm) for x in sentences[max(0, i - 1): i + 3])
        switch = reasoned and any(_SWITCH.search(x.norm) for x in sentences[i + 1: i + 3])
        found.append(DesignChoice(question=s.text, options=options, lean=lean, reasoned=reasoned, weighed=weighed,
                                  switch_said=switch))
    return found


def _options(s: Sentence, technologies: list[str]) -> list[str]:
    """The two options offered: the technologies named, by the names the candidate used, or else two short
    alternatives closing the question ("websockets or long polling?", "a 301 or a 302?"); none when the
    alternatives are whole clauses."""
    if len(technologies) >= 2:
        return sorted(technologies, key=lambda n: s.text.lower().find(n.lower()))[:2]
    short = _SHORT_PAIR.search(s.text.rstrip())
    if short is None:
        listed = _AFTER_COLON.search(s.text.rstrip())  # "where does it sit: at the API gateway, or in-process in
        if listed is None:  # each service?": two ways named after the colon
            return []
        left, right = (_ARTICLE.sub("", re.sub(r"^(?:at|in|on|inside|as)\s+", "", listed.group(g).strip(), flags=re.I))
                       for g in ("a", "b"))
        return [left, right] if left and right and left.lower() != right.lower() else []
    left, right = (_ARTICLE.sub("", short.group(g)).strip() for g in ("a", "b"))
    return [left, right] if left and right and left.lower() != right.lower() else []


_SHORT_PAIR = re.compile(  # "…use websockets or long polling here?": one or two words each side, ending the question
    r"(?:^|[\s,:(])(?P<a>(?:an? |the )?[\w.+-]+(?: [\w.+-]+)?) or (?P<b>(?:an? |the )?[\w.+-]+(?: [\w.+-]+)?)"
    r"(?: (?:here|there|then|for (?:this|that|it|now)|in this case|instead))?\s*\?\W*$", re.I)
_AFTER_COLON = re.compile(r":\s*(?P<a>[^:,?]{3,60}?),?\s+or\s+(?P<b>[^:,?]{3,60}?)\s*\?\W*$")
_ARTICLE = re.compile(r"^(?:an?|the|use|using|do|go with|just)\s+", re.I)
_COSTS = re.compile(  # what each option costs, said around the question: "websockets are nicer, but…"
    r"\b(?:but|whereas|downside|upside|costs?|nicer|simpler|heavier|more (?:\w+ )?to (?:operate|run|build)|trade[- ]?offs?|"
    r"on the other hand|pros?|cons?|fits? (?:our|the|better)|stateful|stateless)\b", re.I)
_SWITCH = re.compile(  # when the other way would win: "but if product wants many more sizes, on demand starts to
    # look better", "once we pass 10K connections I'd switch to websockets"
    r"\b(?:if|once|when|until)\b[^.?!]{3,100}\b(?:starts? to (?:look|make sense|win|pay off)|(?:looks?|gets?) better|"
    r"makes? more sense|(?:becomes?|is) (?:worth it|better|the better)|i'?d (?:switch|flip|change|move|revisit|go (?:with|to))|"
    r"we'?d (?:switch|flip|change|move|revisit)|wins?\b|tips? (?:it|the balance))", re.I)
_DECIDED = re.compile(r"\b(?:i'?d|we'?d|i would|we would|i'?ll|we'?ll)\b", re.I)  # "…I'd fail open": one option, taken
_THINK = re.compile(r"\b(?:i think|i guess|probably|maybe|i'?d say|my guess)\b", re.I)


def _lean(sentences: list[Sentence], at: int, options: list[str]) -> tuple[str | None, bool]:
    """Which way they lean, said in the sentences around the question ("I'm leaning SQS since…"), and whether
    that lean came with a reason. The option leaned to is named only when it is one of the named options; an
    unnamed lean is "" (a lean, not which)."""
    question = sentences[at]
    near = [s for s in sentences[max(0, at - 1): at + 3] if s is not question and not s.is_question]
    for s in near:
        named = [o for o in options if o.lower() in s.text.lower()]
        if not (_LEAN.search(s.norm) or named and (_THINK.search(s.norm) or _DECIDED.search(s.norm))):
            continue
        picked = next((o for o in options if o.lower() in s.text.lower()), "")
        k = next(j for j, x in enumerate(sentences) if x is s)
        after = sentences[k + 1: k + 2]
        return picked, any(REASON_MARKER.search(x.text) and not x.is_question for x in [s, *after])  # "I'd fail
        # open. Rejecting all traffic because…": the reason in the sentence after
    return None, False
