"""Technologies named in a turn: alias matching, whether each is used, ruled out or deferred, and why.

"No Kafka, no sharding", "we don't need Kubernetes" and "Kafka would be overkill" rule a technology
out; "we'd only add Redis at 10x" or "later, if traffic grows" defers it. Neither counts as
over-engineering. A mention is justified when its sentence (or a neighbouring sentence naming no other
technology) gives a reason ("because", "since", "so that"...) carrying a number or a requirement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from analysis.models import TechMention
from analysis.phrases import REASON_MARKER, REQUIREMENT
from analysis.sentences import Sentence
from knowledge.content import Knowledge

Status = Literal["used", "rejected", "deferred"]

_CLAUSE = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\bbut\b|\bwhile\b|\bwhereas\b|\bthough\b|\bhowever\b")
_RULED_OUT_LABEL = re.compile(
    r"^\W*(?:rejected|ruled out|not using|dropped|avoided|skipped|skipping|won'?t use|not doing|no-gos?|"
    r"what i (?:would ?n'?t|won'?t) (?:do|use|build)|things i'?d avoid)\s*:", re.I)
_JOINED = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:and|or|nor|plus|as well as)\s+(?:an?\s+|the\s+)?$")  # one list, one verdict
_LISTED = re.compile(r"^(?:\s*,\s*(?:the\s+|an?\s+)?[\w.-]+(?:\s[\w.-]+)?)*,?\s+(?:and|or|nor)\s")  # "X, Y and Z": Y is in the list
_OWN_VERB = re.compile(r"\s+(?:handles?|does|is|are|will|would|can|could|stores?|keeps?|takes?|holds?|serves?|runs?|"
                       r"gives?|covers?|works?|for|to|as)\b")
_NEG_BEFORE = re.compile(
    r"\b(?:no|not|without|never|skip|skipping|avoid|avoiding|ditch|ditched|drop|dropped|dropping|remove|removed|removing|"
    r"scrap|scrapped|got rid of|get rid of|lose|instead of|throw(?:ing)? out|threw out|throw(?:ing)? away|threw away|"
    r"toss|tossing|tossed|take back|taking back|took back|retract|retracting|(?:chang\w+|chang\w+) my mind (?:on|about)|"
    r"(?:mov\w+|switch\w*|walk\w*) (?:away )?from|back (?:away )?from|"
    r"rather than|(?:better|cheaper|simpler|faster|safer) than|no need for|leaving out|"
    r"(?:was|were) (?:gonna|going to) (?:say|suggest|propose)|(?:wouldn'?t|won'?t|don'?t|not) (?:even )?bother(?:ing)? with|"
    r"not (?:gonna|going to) (?:do|use|build|add|run|go with|introduce|bother with)|"
    r"(?:i'?m|we'?re|i am|we are) not (?:doing|using|building|adding|running|introducing)|"
    r"(?:don'?t|do not|can'?t|cannot) see (?:a |any )?(?:reason|need|case) (?:to|for)(?: (?:add|use|bring in|introduce|run))?|"
    r"no (?:reason|need|case) (?:to|for)(?: (?:add|use|bring in|introduce|run))?|"
    r"(?:can'?t|cannot|couldn'?t) afford(?: to (?:run|operate|maintain))?|no budget for|"
    r"leave out|left out|considered|not using|deliberately not|won't need|don't need|do not need|"
    r"(?:do|does|did|will|would|should)n'?t|(?:do|does|will|would|should) not|won'?t|nor|neither|"
    r"unnecessary|overkill|babysit|babysitting)\b(?:\W+(?!(?:so|because|since|which|that|then|as|given|to|but|and\s+(?:use|using|pick|choose|adopt|keep|go|switch|move))\b)\w+(?:-\w+)?){0,3}?\W*$"
)
_NEG_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:is|are|would be|'d be|will be|seems?|feels?|sounds?)?\s*(?:not needed|isn'?t needed|"
    r"aren'?t needed|not necessary|unnecessary|overkill|premature|too (?:much|heavy|complex|complicated)|not worth|"
    r"can wait|not required|is not needed|are not needed|off the table|out of the picture)\b"
    r"|^\W*(?:\w+\W+){0,6}?(?:is |are |gets? |can be |is being )?(?:gone|out|dropped|removed|pointless|redundant|goes|"
    r"go|go away|can go|has to go|comes out)\b(?: too| as well| away)?(?: entirely| completely| altogether| for good)?\W*$"
    r"|^\W*(?:\w+\W+){0,6}?(?:would|will|'d) (?:be|cost|mean|need|require) (?:\w+ ){0,2}(?:thousands|expensive|costly|"
    r"more expensive|overkill|too much|someone to run|a team to run|extra (?:ops|operations))\b"
)
_DEFER = re.compile(
    r"\b(?:later|eventually|down the (?:road|line)|in the future|not yet|not until|the last (?:step|resort|thing)|"
    r"a long way (?:away|off)|(?:do|doing|add|adding) (?:that|it|this) until|"
    r"(?:if|when|once) (?:we|traffic|load|usage|volume|the (?:user base|traffic|load|data|volume)) (?:ever |later |"
    r"actually )?(?:grows?|reach(?:es)?|hits?|exceeds?|outgrows?|scales?|need to scale|go(?:es)? past|gets? to|"
    r"gets? bigger|(?:got|get|grew|grow) (?:really |much |a lot |way )?(?:big|bigger|huge|large|larger)|doubles?|"
    r"triples?)|at \d+x|\d+x (?:scale|growth|traffic|load|users|path|plan|scenario)|what about \d+x|"
    r"only (?:add|introduce|need|bring in|reach for)|only (?:then )?(?:move|switch|go|migrate|upgrade|graduate|jump)"
    r"(?: over)? to|(?:if|when|once|until) [a-z' ]{0,40}\b(?:actually |really |ever )?(?:need|needs|require|requires|"
    r"ask for|asks for) (?:it|them|that|this|one)|yagni|premature|hypothetical\w*|that'?s when (?:i|we)(?:'d| would)|"
    r"that is when (?:i|we) would|only then|(?:i|we)(?:'d| would) (?:think about|consider|look at) (?:adding )?|"
    r"(?:if|when|once) [a-z' ]{0,40}(?:ever |gets? |got |becomes? |shows? up as |turns? out (?:to be )?|proves? (?:to be )?)"
    r"(?:slow|slower|too slow|a problem|a bottleneck|hot|big|bigger|large|larger)|"
    r"only (?:if|when|once|after)|not (?:until|before) (?:we|it|they|there|the))\b"
    r"|\bat (?:\d[\d,.]*\s*(?:k|m|b|x|million|billion|thousand)?|that|this|higher|larger|bigger|10x)\s*(?:scale|users|"
    r"customers|companies|qps|rps|requests|traffic|load|volume|writes|reads|connections)?\b.{0,30}"
    r"\b(?:i|we)(?:'d| would| will|'ll| could| might)\b"
)
_LATER_ALL = re.compile(r",\s*(?:(?:but |and )?(?:only )?(?:later|eventually|in v2|for v2|not in v1|in phase two|"
                        r"post[- ]launch)|not (?:now|yet|for v1|on day one))\W*$|"
                        r"^\W*[\w /-]{1,30}\b(?:comes?|is|goes|can come|can wait) (?:later|for v2|after launch)\s*[:,-]")
_DEFER_THAT = re.compile(r"\b(?:i'?d|we'?d|i would|we would|let'?s|i'?ll|we'?ll) (?:probably )?(?:defer|park|hold off on|"
                         r"leave) (?:that|this|it)(?: (?:for later|for v2|until later|out of v1))?\b(?! (?:to|up to) (?:you|the))")
_DEFER_PREVIOUS = re.compile(
    r"\b(?:wouldn'?t|would not|won'?t|will not|not going to|don'?t|do not)\s+(?:build|do|add|need|introduce)\s+"
    r"(?:that|this|it|them|those|any of (?:that|this|it|those|them)|either of (?:those|them|these)|both of (?:those|"
    r"them|these))\s+(?:today|now|yet|up front|upfront|on day one|"
    r"until (?:we|it|they|there)(?:'s| is| are)? (?:actually |really )?(?:need|needed|have to|must|outgrow|hit|grow)\w*)\b"
    r"|\b(?:none of (?:that|this|those|it) (?:is|are)|(?:that|this|it)(?:'s| is) not|(?:that|this|it) isn'?t|"
    r"(?:those|they) (?:are not|aren'?t)) (?:needed|necessary|required|worth (?:it|building)) (?:now|today|yet|up front|"
    r"upfront|on day one|for v1|at launch)\b"  # "…and add OpenSearch for search. None of that is needed now."
)


@dataclass(frozen=True)
class Mention:
    tech_id: str
    name: str
    sentence: Sentence
    status: Status


def lowered(text: str) -> str:
    straight = text.replace("\u2019", "'").replace("\u2018", "'")
    low = straight.lower()
    return low if len(low) == len(straight) else straight


_MEMO_SIZE = 20_000  # sentences remembered per matcher


class TechMatcher:
    """Finds technology aliases (word-boundary, case-insensitive) and classifies each mention."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._memo: dict[str, tuple[tuple[str, str, Status], ...]] = {}
        self._owner: dict[str, str] = {}
        for card in knowledge.technologies.values():
            for alias in [*card.aliases, *card.dictated, card.id, card.name.lower()]:
                self._owner.setdefault(self._key(alias), card.id)
        ordered = sorted(self._owner, key=lambda a: (-len(a), a))
        body = "|".join(re.escape(a).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]*") for a in ordered)
        self._pattern = re.compile(rf"(?<![\w.-])(?:{body})(?![\w-])(?!\s+holes?\b)", re.I)  # no "rabbit hole"

    @staticmethod
    def _key(alias: str) -> str:
        return re.sub(r"[\s-]+", " ", alias.lower().strip())

    def find(self, sentence: Sentence) -> list[Mention]:
        """Every technology named in ``sentence``; a sentence met before (pasted again) is not searched again."""
        read = self._memo.get(sentence.text)
        if read is None:
            read = tuple((m.tech_id, m.name, m.status) for m in self._find(sentence))
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[sentence.text] = read
        return [Mention(tech, name, sentence, status) for tech, name, status in read]

    def _find(self, sentence: Sentence) -> list[Mention]:
        low = lowered(sentence.text)
        found: list[Mention] = []
        ends: list[int] = []  # where each found mention ends
        label = _RULED_OUT_LABEL.match(low)  # "Rejected: central Redis, consensus, event sourcing"
        previous: tuple[int, str] | None = None  # where the last mention ended, and how it was read
        for match in self._pattern.finditer(sentence.text):
            tech = self._owner.get(self._key(match.group(0)))
            if tech is None:
                continue
            status: Status = "used"
            gap = low[previous[0] : match.start()] if previous is not None else ""
            listed = re.fullmatch(r"\s*,\s*(?:the\s+|an?\s+)?", gap) is not None and bool(_LISTED.match(low[match.end():]))
            joined = previous is not None and (previous[1] == "rejected" and (_JOINED.match(gap) or listed) or
                                               previous[1] == "declined" and re.fullmatch(r"\W*(?:with|and|or)\s+", gap)) and \
                not _OWN_VERB.match(low[match.end():])  # "can't afford microservices plus Kafka"; not "and Redis does X"
            variant = _VARIANT.match(low[match.end():])
            if variant and negated(low, match.start(), match.end()):  # "why not a Redis cluster with X": a way of
                previous = (match.end() + variant.end(), "declined")  # running it is declined (X with it), not Redis
                continue
            if negated(low, match.start(), match.end()) or (label and match.start() >= label.end()) or joined:
                status = "rejected"
            elif _CONCEDED.match(low[match.end():]):
                status = "rejected"  # "I know microservices are popular, but for a small team they'd slow us down"
            elif _FALLS_SHORT.match(low[match.end():]) and not _ONE_OF.search(low[max(0, match.start() - 25):
                                                                                       match.start()]):
                status = "rejected"  # "memcache wouldn't give us that": the alternative weighed and set aside
            elif _BURDEN.match(low[match.end():]) or _RETRACTED.match(low[match.end():]):
                status = "rejected"  # "Kafka and Cassandra are real ops overhead a small team shouldn't carry";
                # "Route points go on a Kafka topic, actually no, I'd buffer them in Redis"
            elif _FIRST_THOUGHT.search(low[: match.start()]) and _THOUGHT_BETTER.search(low[match.end():]):
                status = "rejected"  # "at first I was thinking services with Kafka in between, but that's too much"
            elif (_WEIGHED.search(low[: match.start()]) or _FIRST_THOUGHT.search(low[: match.start()])) and \
                    _went_elsewhere(low[match.end():], match.group(0).lower()):
                status = "rejected"  # "I went back and forth between Cassandra and sharded MySQL, and I also thought
                # about Spanner…, but I'll go with sharded MySQL": the ones weighed and not picked
            elif _WHY_NOT_MINE.search(low[: match.start()]) and not low.rstrip().endswith("?"):
                status = "rejected"  # "Pushback you might have: why not DynamoDB global tables. Cross-region…":
                # the road not taken, answered before it is asked
            elif _AVOIDED.match(low[: match.start()]):
                status = "rejected"  # "I don't want the classic dual write, where we write the order and then
                # publish to Kafka and the publish fails": a piece of what they steer clear of
            elif _REPORTED.search(low[: match.start()]) and not _ADOPTED.search(low[match.end():]):
                status = "rejected"  # "hmm but my friend said chat apps use cassandra": reported, not theirs
            elif _WOULD_DO.match(low[match.end():]) and _EVEN.search(low[max(0, match.start() - 30): match.start()]):
                status = "rejected"  # "even sharded MySQL would do, I just don't want to own resharding": the road
                # not taken, named to show the load is modest
            elif _UNWARRANTED.search(low[max(0, match.start() - 50): match.start()]) or \
                    _NOT_WARRANTED.match(low[match.end():]) or _NO_VERDICT.match(low[match.end():]):
                status = "rejected"  # "nothing here justifies Kafka", "Kafka isn't warranted at this size"
            elif _DEFERRED_AFTER.match(low[match.end():]):
                status = "deferred"  # "WebSockets I'd defer; they mean sticky connections…"
            elif _IF_THERE.search(low[max(0, match.start() - 60): match.start()]) or _IF_THERE_AFTER.match(low[match.end():]):
                status = "deferred"  # "if there's a Kubernetes cluster, it's one more deployment": used only if it
                # is already there, not proposed
            elif _DEFER.search(clause_of(low, match.start(), match.end())) or _LATER_ALL.search(low) or \
                    _NEXT_STEP_UP.search(low[max(0, match.start() - 60): match.start()]):  # "start with Postgres
                # full-text search before adding something like OpenSearch": the second is for later, the first not
                status = "deferred"  # "later, if traffic grows" in the mention's own clause; "Search: an index in
                # Elasticsearch fed from Kafka, later." or "Search comes later: …": the whole sentence is for later
            found.append(Mention(tech, match.group(0), sentence, status))
            ends.append(match.end())
            previous = (match.end(), status)
        if _WONDERING.match(low):  # "Maybe Kafka is better because of ordering?": wondered aloud, not proposed
            found = [replace(m, status="deferred") if m.status == "used" else m for m in found]
        later = _DEFER_THAT.search(low)  # "…into opensearch, with an index per tenant, but i'd defer that": the piece
        # named last before it waits
        before = [k for k, end in enumerate(ends) if later is not None and end <= later.start()]
        if before and found[before[-1]].status == "used":
            found[before[-1]] = replace(found[before[-1]], status="deferred")
        return found



_DEFERRED_AFTER = re.compile(r"^\W{0,3}(?:(?:i|we)(?:'?d| would| will|'?ll)|let'?s)\s+(?:probably\s+|just\s+)?(?:defer|park|"
                             r"hold off on|leave (?:it|them|that|those) (?:for later|out for now|until later)|add (?:it|them|"
                             r"that) later)\b")
_NEXT_STEP_UP = re.compile(
    r"\b(?:before|until) (?:we |i )?(?:ever )?(?:add(?:ing)?|mov(?:e|ing) (?:up )?to|switch(?:ing)? to|reach(?:ing)? for|"
    r"bring(?:ing)? in|introduc(?:e|ing)|migrat(?:e|ing) to|go(?:ing)? to|need(?:ing)?)\s+(?:something like |a |an |the )?$|"
    r"\b(?:then|later|eventually|and only then) (?:move|switch|migrate|graduate|go|upgrade) (?:over )?to "
    r"(?:something like |a |an |the )?$|"
    r"\bfirst,?\s+(?:well |long )?before (?:any |a |an |the |something like |reaching for )?$")  # "I'd add a small
# in-memory cache first, before Redis": the step after the first, not taken
_FALLS_SHORT = re.compile(
    r"^(?:\s+(?:just|really|also|though|here|too|simply))?\s+(?:wouldn'?t|won'?t|doesn'?t|does not|can'?t|cannot|"
    r"couldn'?t|would not|will not|wouldnt|doesnt|cant|wont)\s+(?:really\s+|actually\s+|even\s+)?(?:give (?:us|you|me)|"
    r"support (?:that|this|it)|offer (?:that|this|it)|do (?:that|this|it)\b|work (?:here|for (?:us|this|that))|"
    r"cut it|fit (?:here|this|the bill))\b(?![^.;]{0,30}\b(?:alone|on its own|by itself|without)\b)|"
    r"^\s+(?:is|are|'s)\s+(?:just|only|merely|purely)\s+[\w -]{2,30}?,?\s+so\s+(?:i|we)(?:'d| would|'ll| will)?\s+"
    r"(?:have|need) to\b")  # "Memcached is just key-value, so I'd have to read the whole list…": weighed, set aside
_WONDERING = re.compile(r"^\W*(?:(?:hmm+|um+|uh+|so|or)\W+)*(?:maybe|perhaps|possibly)\b[^?]*\b(?:better|instead|rather)\b"
                        r"[^?]*\?\W*$")  # an alternative weighed aloud; "So maybe a Redis that maps users to servers?"
# is a tentative proposal, not this
_NO_VERDICT = re.compile(r"^\s*[,:\u2014-]\s*(?:no|nope)\s*[.!;]?\s*$|"
                         r"^\W*(?:no|nope|not really)\s*[,;.:\u2014-]\s*(?:honestly,? |i mean,? )?(?:i|we)\b[^.?!]{0,30}?"
                         r"\b(?:don'?t|do not|won'?t|wouldn'?t)\b[^.?!]{0,25}?\b(?:need|want|use|add|bother)\b|"
                         r"^[^.?!]{0,20}?\bbut\s+(?:i'?m|i am|we'?re|we are)\s+not (?:sure|convinced)\s+(?:that\s+)?"
                         r"(?:we|i)\s+(?:really\s+|even\s+)?(?:need|want)\s+(?:it|that|them|one)\b|"
                         r"^[^.?!]{0,20}?\bbut\s+(?:i|we)\s+(?:don'?t|do not)\s+think\s+(?:we|i)\s+(?:really\s+|even\s+)?"
                         r"(?:need|want)\s+(?:it|that|them|one)\b")  # "for Redis, no, I don't think we need it", "I've
# heard of Kafka but I'm not sure we need it": the piece named, then the verdict on it
_UNWARRANTED = re.compile(r"\b(?:nothing|none of (?:this|these|that)|no part of (?:this|it))\s+(?:here\s+|in (?:this|"
                          r"these|it|the \w+)\s+|about (?:this|it)\s+|so far\s+)?(?:justifies|needs|requires|warrants|"
                          r"calls for|demands)\s+(?:a |an |the |something like )?$")
_NOT_WARRANTED = re.compile(r"^\s+(?:is|are|would be)(?:n'?t| not)\s+(?:really\s+)?(?:justified|warranted|needed|"
                            r"necessary|required)\b")
_IF_THERE = re.compile(r"\b(?:if|unless|where|wherever) (?:there'?s|there is|there are|we (?:already )?(?:have|run)|"
                       r"you (?:already )?(?:have|run)|the company (?:already )?(?:has|runs)|(?:we|they)(?:'re| are) "
                       r"already (?:on|running|using))\s+(?:already\s+)?(?:an?\s+|the\s+|some\s+)?(?:existing\s+|"
                       r"shared\s+)?$")
_IF_THERE_AFTER = re.compile(r"^\s+(?:if|when) (?:we|you|the company|they) (?:already )?(?:had|have|run|ran|used?) "
                             r"(?:it|one)(?: already)?\b")  # "…or zoo keeper if we already had it": only if it is there
_ONE_OF = re.compile(r"\b(?:if|single|one|plain|vanilla|just)\s+(?:a\s+|the\s+)?$")  # "if Redis can't do it", "a single
# Postgres can't do that alone": a condition or one instance, not the piece set aside
_BURDEN = re.compile(r"^(?:\s+and\s+[\w' -]{2,30}?)?\s+(?:are|is|would be|'d be|means?)\s+(?:real |a lot of |too much "
                     r"|extra |serious |heavy |just )?(?:ops |operational |operations )?(?:overhead|burden|a pain to run|"
                     r"work to run|(?:a|another|one more|whole) (?:\w+ ){0,2}(?:to run|to operate|to maintain|to "
                     r"babysit|to look after))\b"
                     r"(?![^.;]{0,30}\b(?:can afford|can live with|worth|is fine|acceptable|we can handle)\b)")
_RETRACTED = re.compile(r"^[^.;!?]{0,25}?,?\s*(?:actually,? no|no,? wait|scratch that|strike that|on second thought|"
                        r"or actually|actually,? (?:make (?:that|it)|rather))\b")  # "maybe
# postgres, or actually i guess cassandra too": the first named is taken back
_CONCEDED = re.compile(
    r"\s+(?:are|is|would be|'d be|seems?|sounds?|looks?|feels?)\s+(?:\w+\s+)?(?:popular|nicer|fancier|tempting|trendy|fashionable|nice|great|"
    r"cool|the default|common|standard|industry standard|appealing|attractive|the obvious choice|an option|"
    r"the (?:usual|standard|typical|default|obvious|go-to) (?:answer|choice|pick|tool|option))\b[^.;]{0,20}?"
    r",?\s+but\b(?![^.;]{0,30}\b(?:we|i)(?:'ll| will| would|'d) (?:still )?(?:use|go with|pick)\b)")
_FIRST_THOUGHT = re.compile(r"\b(?:at first|initially|originally|my (?:first|initial) (?:idea|thought|instinct|plan)|"
                            r"first i (?:thought|was thinking|wanted)|(?:i|we) (?:was|were) (?:going to|gonna) (?:\w+ ){0,5}$|(?:i|we) (?:did |had )?(?:thought about|think about|"
                            r"considered|looked at|toyed with|was tempted by|were tempted by)(?: \w+){0,4}\W*$)")
# "i thought about kafka but…", "i did think about just putting locations in postgres but…"
_THOUGHT_BETTER = re.compile(r"\bbut\b.{0,120}?\b(?:too much|overkill|too (?:heavy|complex|complicated|big)|instead|"
                             r"(?:seems|is|feels|sounds) like (?:a ?lot|too much|a bit much)|a ?lot (?:for|to run)|"
                             r"rather|not worth|simpler|don'?t need|do not need|no need|more latency|extra (?:latency|hop|"
                             r"ops)|(?:another|one more) (?:thing|system|piece|service) to (?:run|operate|maintain|"
                             r"babysit)|more (?:moving parts|to run|to operate|ops)|(?:don'?t|do not) think (?:that'?s|"
                             r"it'?s|it|that) (?:gonna|going to|will|would) work|won'?t work|(?:ruling|rule|ruled) (?:that|"
                             r"it|them) out|(?:so )?i'?d skip (?:it|that|them)|more (?:things|stuff|pieces|parts) (?:that )?"
                             r"(?:can|could|to) (?:break|fail|go wrong))\b")
_WEIGHED = re.compile(r"\b(?:back and forth|torn|choosing|deciding|debating|undecided) (?:between|on)\b(?: [\w-]+){0,3}"
                      r"\W*$")  # "I went back and forth between Cassandra and…": options weighed
_DECIDED_FOR = re.compile(r"\b(?:i'?ll|i will|i'?m going to|i'?m gonna|we'?ll|we will|so i'?d|i'?d rather) (?:go with|pick|"
                          r"choose|settle on|land on|stick with)\s+(?P<pick>[^.;,]{1,40})")


def _went_elsewhere(after: str, name: str) -> bool:
    """Later in the sentence they decide for something that is not ``name`` ("…but I'll go with sharded MySQL")."""
    decided = _DECIDED_FOR.search(after)
    return decided is not None and name not in decided.group("pick") and re.search(r"[a-z]{3,}", decided.group("pick")) \
        is not None and not re.match(r"\s*(?:it|that|this|them|one|the first|either)\b", decided.group("pick"))


_WHY_NOT_MINE = re.compile(r"\bwhy not\b[^.?!]{0,60}$|\b(?:someone|somebody|people|you|others)(?:'s| is| are|'re)? "
                           r"(?:gonna|going to|might|would|will|could|often) (?:say|ask|suggest|want)\b[^.?!]{0,40}$")
_AVOIDED = re.compile(  # the sentence opens with what they will not do, and the piece comes before any turn to theirs
    r"^(?:[^.?!,]{0,40},\s*)?\W*(?:(?:so|and|but|also|now|here)\W+)?(?:(?:i|we)\s+(?:really\s+)?(?:don'?t|do not|wouldn'?t|would not|won'?t)\s+"
    r"want\b|(?:i'?d|i would|we'?d|we would)\s+(?:rather not|avoid)\b|(?:i|we)\s+want to avoid\b)"
    r"(?![^.?!]*\b(?:so|instead|because|which is why|rather|but)\b)[^.?!]*$")
_REPORTED = re.compile(  # "my friend said chat apps use cassandra": someone else's idea, reported, not proposed
    r"\b(?:friends?|colleagues?|co-?workers?|teammates?|someone|somebody|people|everyone|everybody|folks|blogs?|"
    r"articles?|the internet)\b[^.?!]{0,15}?\b(?:said|says|say|told me|tells me|suggested|suggests|recommend(?:s|ed)?|"
    r"swears? by)\b[^.?!]{0,50}$")
_ADOPTED = re.compile(r"\b(?:so|and|which)\b[^.?!]{0,20}\b(?:i|we)(?:'ll| will|'d| would| should)? (?:use|go with|pick|"
                      r"agree|take)\b|\bmakes sense\b")
_WOULD_DO = re.compile(r"\s+(?:would|could|might) (?:do|work|cope|handle (?:it|that|this))\b")
_EVEN = re.compile(r"\beven(?: a| an| the| plain| sharded| one| single| a single| vanilla)?\s*$")
_VARIANT = re.compile(r"\s+(?:cluster|sharding|shards?|replicas?|sentinel|cluster mode|multi-?region|fleet)\b")
_REJECT_PREVIOUS = re.compile(  # "People often draw Kafka here. I wouldn't put it on the synchronous path."
    r"\b(?:i|we)\s+(?:wouldn'?t|would not|won'?t|will not|don'?t|do not)\s+(?:put|use|add|need|want|run|choose|pick|"
    r"introduce|go with)\s+(?:it|that|them|one|those)\b|^\W*(?:same (?:for|with|goes for)|likewise|neither (?:for|do))\b|"
    r"\brul(?:e|ed|ing) (?:both|them|those|it|all of them|each) out\b|"
    r"^\W*(?:so,? |and )?(?:that'?s|that is|those are|it'?s|they'?re) (?:out|gone|off the table|a no-go)\W*$|"
    r"^\W*(?:so,? |and )?(?:i'?ll |let'?s |we'?ll |i'?d |i'?m gonna |i'?m going to )?(?:scrap|drop|ditch|kill|cut) "
    r"(?:that|it|those|them)\W*$")  # "…Redis counters synced later. So
# that's out."


def rejects_previous(sentence: Sentence) -> bool:
    """True for "I wouldn't put it there" or "Same for read replicas." after a piece was ruled out: the
    previous sentence's pieces (and, for "same for", this one's) are ruled out too."""
    return bool(_REJECT_PREVIOUS.search(lowered(sentence.text)))


def prefers(sentence: Sentence, mention: Mention) -> bool:
    """True for "maybe Postgres is better, because…" or "on second thought, Postgres is the better fit": the piece is
    preferred to another of its kind named before."""
    low = lowered(sentence.text)
    at = low.find(mention.name.lower())
    return at >= 0 and bool(_PREFERRED.match(low[at + len(mention.name):])) and not low.rstrip().endswith("?")


_PREFERRED = re.compile(r"^\s+(?:is|would be|'s|might be|seems|sounds)\s+(?:probably\s+|actually\s+|just\s+)?(?:better|"
                        r"the better (?:choice|fit|option|pick)|a better (?:choice|fit|option|pick))\b")


def sets_aside_previous(sentence: Sentence, previous: Sentence) -> bool:
    """True for "But honestly polling every few minutes is probably enough." after a piece wondered about aloud
    ("Maybe websockets?"): the wondered piece is weighed and set aside."""
    return bool(_WONDERED.match(lowered(previous.text))) and bool(_ENOUGH_INSTEAD.match(lowered(sentence.text)))


_WONDERED = re.compile(r"^\W*(?:(?:hmm+|um+|uh+|so|or|and)\W+)*(?:maybe|perhaps|possibly|what about|how about)\b[^.!?]{0,60}\?\W*$|"
                       r"^[^.!?]{0,40}\b(?:maybe|perhaps)\W*\?\W*$")  # "Maybe websockets?", "WebSockets maybe?"
_ENOUGH_INSTEAD = re.compile(r"^\W*(?:but|though|although|then again|eh)\b[^.!?]{0,80}?\b(?:is|are|'s|would be|should be|"
                             r"seems?|sounds?)\s+(?:\w+\s+){0,2}?(?:enough|fine|plenty|sufficient|good enough|all we need)\b")


def defers_previous(sentence: Sentence) -> bool:
    """True for "but I wouldn't build that today": the previous sentence described a future step."""
    return bool(_DEFER_PREVIOUS.search(lowered(sentence.text)))


def clause_of(low: str, start: int, end: int) -> str:
    """The clause around ``low[start:end]``: "all running in Kubernetes for when we grow" defers Kubernetes only.

    A leading condition belongs to the clause it governs: "if traffic grows 10x, we'd shard" defers sharding.
    """
    cuts = [m.end() for m in _LIST_CLAUSE.finditer(low, 0, start)]
    after = _LIST_CLAUSE.search(low, end)
    begin = cuts[-1] if cuts else 0
    if len(cuts) >= 1:
        previous = low[cuts[-2] if len(cuts) >= 2 else 0 : cuts[-1]]
        if re.match(r"\W*(?:if|when|once|whenever|should|at \d|after)\b", previous):
            begin = cuts[-2] if len(cuts) >= 2 else 0
    return low[begin : after.start() if after else len(low)]


_LIST_CLAUSE = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\bbut\b|\bwhile\b|\bwhereas\b|\band then\b")


def negated(low: str, start: int, end: int) -> bool:
    """True when the words at ``low[start:end]`` are ruled out within their clause ("no X", "X is overkill")."""
    cuts = [m.end() for m in _CLAUSE.finditer(low, 0, start)]
    clause_start = cuts[-1] if cuts else 0
    after = _CLAUSE.search(low, end)
    clause_end = after.start() if after else len(low)
    sentence = low[max(low.rfind(". ", 0, start), low.rfind("? ", 0, start), 0) : start]
    ruled = _RULE_OUT.search(sentence)
    ruled_here = ruled is not None and not _OWN_CHOICE.search(sentence[ruled.end() :])
    listed = bool(_OR_TAIL.search(sentence) and _NEG_LIST.search(sentence))  # "we don't want to run our own database
    # clusters or, you know, Kafka": the last of a list ruled out together
    return bool(_NEG_BEFORE.search(low[clause_start:start]) or _NEG_AFTER.search(low[end:clause_end]) or ruled_here
                or listed)


_OR_TAIL = re.compile(r"\b(?:or|nor)\W*(?:(?:you know|like|um+|uh+|even|maybe|honestly|say)\W+)*$")
_NEG_LIST = re.compile(r"\b(?:don'?t|do not|won'?t|will not|never|no need to|can'?t|cannot)\s+(?:\w+\s+){0,2}?"
                       r"(?:run|use|manage|operate|maintain|build|add|host|babysit|deal with)\b[^.;?!]{0,80}$")


_OWN_CHOICE = re.compile(r"[,;]\s*(?:we|i|so|and)\b|\b(?:use|using|keep|pick|choose|go with|we'?ll|i'?ll)\b")


_RULE_OUT = re.compile(  # "the first thing I want to rule out is a global counter, one Redis everyone calls"
    r"\b(?:rule|ruling|ruled) out\b(?![^.]*\b(?:but|instead|so|then|which leaves|leaving|in favou?r of)\b)")


_SLOGAN = re.compile(
    r"\b(?:(?:no)?sql (?:databases? )?(?:do(?:es)?n'?t |don'?t |do not |does not )?scales?(?: horizontally| well)?|"
    r"(?:it|they) (?:just )?scales?(?: well| horizontally)?|web[- ]scale|industry standard|everyone uses|"
    r"battle[- ]tested|best practice|is (?:fast|popular|modern|flexible|reliable)|(?:every|any|most) (?:big|large|"
    r"modern|social|real) \w+)\b")


_CAPACITY = re.compile(  # a claim about the load just worked out, pointing back at it
    r"\b(?:handles?|can handle|will handle|can take|takes|copes? with|can cope with|absorbs?|can absorb|serves?|can serve)"
    r" (?:all of |all )?(?:that|this|it|those|these|the (?:load|traffic|volume|writes|reads|rate|peak))\b|"
    r"\bwithout breaking a sweat\b|\b(?:is|are|'s) (?:plenty|more than enough|enough|fine) for (?:that|this|it|those)\b")


def reason_in(sentence: Sentence) -> str | None:
    """The justifying clause of a sentence, verbatim: from a reason marker to the end, if it names a need.

    A slogan ("NoSQL scales horizontally", "industry standard") with no number is no reason for this problem.
    """
    low = lowered(sentence.text)
    for match in REASON_MARKER.finditer(low):
        clause = sentence.text[match.start() :].strip()
        if REQUIREMENT.search(lowered(clause)) and not (_SLOGAN.search(lowered(clause)) and not re.search(r"\d", clause)):
            return clause
    return None


def mentions_to_models(mentions: list[Mention], sentences: list[Sentence]) -> list[TechMention]:
    """One TechMention per technology: the first justified mention if any, else the first mention.

    A reason counts from the mention's sentence, from a neighbouring sentence naming no other technology, or,
    when the turn names a single technology, from any sentence of the turn (so sentence order does not matter).
    """
    techs_in: dict[int, set[str]] = {}
    for m in mentions:
        techs_in.setdefault(m.sentence.index, set()).add(m.tech_id)
    by_index = {s.index: s for s in sentences}
    chosen: dict[str, TechMention] = {}
    for m in mentions:
        reason = reason_in(m.sentence)
        if reason is None:
            for near in (m.sentence.index + 1, m.sentence.index - 1):
                other = by_index.get(near)
                if other is not None and techs_in.get(near, set()) <= {m.tech_id}:
                    reason = reason_in(other)
                    if reason is not None:
                        break
        if reason is None and _CAPACITY.search(lowered(m.sentence.text)) and any(
                s.index < m.sentence.index and re.search(r"\d", s.text) for s in sentences):
            reason = m.sentence.text  # "…about 50 writes a second at peak. One Postgres box handles that easily.":
            # the load they just worked out is the reason
        if reason is None and len({x.tech_id for x in mentions}) == 1:
            reason = next((r for s in sentences if s.index not in techs_in and (r := reason_in(s))), None)
        model = TechMention(tech_id=m.tech_id, name=m.name, justified=reason is not None, reason=reason,
                            quote=m.sentence.text)
        if m.tech_id not in chosen or (model.justified and not chosen[m.tech_id].justified):
            chosen[m.tech_id] = model
    return list(chosen.values())
