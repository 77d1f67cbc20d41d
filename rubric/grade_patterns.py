"""Phrase patterns the offline grader reads from interviewer turns and from the candidate's answers to them.

The candidate's own content comes from the semantic :class:`~analysis.models.TurnAnalysis`; these patterns
cover the interviewer's side (pushback, leadership questions), the shape of an answer under pushback, and
sizing language ("one server", "we don't need X at this scale", "at 10x we would...").
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# An interviewer challenge: asks for a reason, a number, or what happens in a scenario.
PUSHBACK = re.compile(
    r"\b(why|what if|what happens|how many|how much|how would|how do(?:es)? (?:you|it|this|that)|do you (?:really |actually )?need"
    r"|are you sure|isn't (?:that|it|this)|what about|walk me through|how does (?:this|that|it) (?:handle|scale|cope|work)"
    r"|suppose|imagine|couldn'?t|is there (?:anything|any|a way)|^\W*(?:and |but )?if\b|what would (?:you|happen)|bottleneck|chokepoint|becomes? unavailable"
    r"|how does [\w.-]+ (?:do|handle|cope|scale|work|guarantee)|is [\w.-]+ (?:the right|a good|really)|could (?:a|an|the|we|you|it|this)"
    r"|what does (?:that|this|it) (?:cost|buy|give|mean)|do (?:we|you) (?:really |actually )?need"
    r"|is that (?:enough|necessary|needed)|would (?:that|this) (?:hold|work|scale))\b",
    _I,
)
FAILURE_QUESTION = re.compile(
    r"\b(go(?:es)? down|fail\w*|crash\w*|outage|dies|die|unavailable|partition(?:ed)?|lose|lost|dead|offline|retr(?:y|ied|ies)|time ?out"
    r"|timed out|falls? behind|backs? up|cold|overload\w*|hot (?:key|spot)|spike|twice|duplicate)\b",
    _I,
)
# An answer that gives up under pushback.
FAILED_ANSWER = re.compile(
    r"\b(hadn'?t (?:really )?(?:thought|considered)|haven'?t (?:really )?(?:thought|considered)|didn'?t (?:really )?(?:think|consider)|not sure|no idea"
    r"|(?:i )?don'?t (?:really )?know|i guess(?: so)?|can'?t (?:really )?say|never thought|good question\W*$)",
    _I,
)
# An answer that abandons the candidate's own earlier choice: the design did not hold up under pushback.
REVERSAL = re.compile(
    r"(\blooking at it (?:now|again)\b|\bin hindsight\b|\bi (?:picked|chose|went with) [\w .-]{1,30} because\b|\bi was wrong\b"
    r"|\bmy mistake\b|\bshould have (?:started|asked|drawn|picked|chosen|used)\b|\bwrong (?:choice|database|call|pick)\b"
    r"|^\W*\w+\s*(?:\.\.\.|…))",
    _I,
)
# A sentence that admits a gap rather than describing a plan.
ABSENCE = re.compile(
    r"\b(no fallback|there'?s no|there is no|we don'?t have|doesn'?t have|(?:would )?need to think|have to think|didn'?t think"
    r"|hadn'?t (?:thought|considered)|not sure|no idea|only works when)\b",
    _I,
)
# A reason that is a slogan rather than a requirement or a number.
SLOGAN = re.compile(
    r"^\W*(?:because|since|as)?\s*(?:it(?:'s| is)?|they(?:'re| are)?|nosql|that)?\s*(?:(?:really|very|super|just)\s+)?"
    r"(?:scales?(?: horizontally| well| infinitely| better)?|fast|faster|scalable|popular|industry[- ]standard|best practice|what everyone uses"
    r"|what you use for [\w ]+|reliable|battle[- ]tested|modern|flexible|web[- ]scale)\W*$",
    _I,
)
# An interviewer asking for numbers (answers to it are prompted estimates).
ASKS_NUMBERS = re.compile(r"\bhow (?:many|much|large|big|long|often|fast)\b|\bin (?:\w+ )?(?:years?|months?)\b|\bper second\b|\bthe load\b|\bqps\b|\brate\b", re.I)
# Amazon leadership-principle questions by theme.
LP_THEMES: dict[str, re.Pattern[str]] = {
    "build_vs_buy": re.compile(r"\b(build\b.{0,40}\bbuy|buy\b.{0,40}\bbuild|in[- ]house|third[- ]party|vendor|off[- ]the[- ]shelf)", _I),
    "conflict": re.compile(r"\b(conflict|disagree(?:s|ment)?|(?:team|teams) (?:wants?|says?|thinks?|object|push)|says it(?:'ll| will) break)", _I),
    "mvp": re.compile(r"\b(mvp|minimum viable|(?:ship|launch|deliver|release|build)\b.{0,40}\b(?:\d+|three|two|six|a few)"
                     r" (?:months?|weeks?)|deadline)", _I),
    "story": re.compile(r"\b(?:tell me about|describe|give me an example of|walk me through|talk about) (?:a|one|the last) "
                       r"(?:time|situation|project|decision|moment)\b", _I),
    "customer": re.compile(r"\b(customer|affect the (?:users?|riders?|customers?))", _I),
}
# Leadership language in an answer (backs up the analyser's semantic leadership evidence).
LEADERSHIP_WORDS = re.compile(
    r"\b(customers?|customer impact|disagree and commit|earn(?:ing)? (?:their |the )?trust|time to market|business (?:value|impact|case|priorit\w+)"
    r"|stakeholders?|ownership|value to (?:the )?(?:customers?|riders?|users?|drivers?)|get(?:s)? value|bias for action|frugal\w*)\b",
    _I,
)
# A scope call in an answer to a delivery question ("I'd leave out the second queue at first", "skip WebP").
SCOPE_CALL = re.compile(
    r"\b(?:leave (?:\w+ )?out|left out|skip|cut|defer|drop|postpone|not (?:build|ship)|wouldn'?t (?:cut|build|ship)"
    r"|(?:add|build) (?:it |that |them )?(?:later|next)|next (?:iteration|version|quarter)|first version|phase (?:one|two|1|2))\b",
    _I,
)
# Text addressed to the grader or the model rather than the interviewer.
INJECTION = re.compile(
    r"(\bignore (?:all |any |the )?(?:previous|prior|above|earlier)? ?(?:instructions|rubric|rules)\b|\b(?:grader|grading (?:model|system)|evaluator|"
    r"language model|\bllm\b|\bai\b|assistant)\b.{0,60}\b(?:score|grade|mark|rate|give|assign|award)|\b(?:give|assign|award|score)\b.{0,30}"
    r"\b(?:top|full|maximum|max|perfect|highest) (?:marks?|scores?|grades?)|\bscore (?:of )?4 (?:on|for|in) (?:every|all|each)|"
    r"\bstrong[_ ]hire\b.{0,30}\b(?:verdict|grade|must|should)|\bsystem prompt\b|\bnew instructions\b)",
    _I,
)
# Deterministic backups for the analyser's semantic lists (distinct sentences only, so volume earns nothing).
SCOPING_TALK = re.compile(
    r"\b(focus on|concentrate on|out of scope|in scope|leave (?:\w+ )?(?:aside|out)|park(?:ing)? (?:that|it|the)|deprioriti[sz]e"
    r"|core (?:features?|flows?|paths?|use cases?)|nice[- ]to[- ]have|for (?:the first version|v1|now)|let me (?:first|start by)|"
    r"(?:first|then|next),? (?:i'?ll|let me|we'?ll) (?:scope|estimate|sketch|design|go deep|dive))\b",
    _I,
)
FAILURE_TALK = re.compile(
    r"(\b(?:if|when|should) (?:the |a |an |our |one )?[\w-]+(?: [\w-]+){0,3} (?:goes down|go down|fails?|dies|is down|be down|crashes|is unavailable"
    r"|becomes unavailable|is lost|restarts?|falls? behind|lags?|backs? up|is overloaded|is slow|gets? stale)\b|\bfail ?over\b|\bfalls? (?:back|through)\b|\bpromot(?:ed|e)\b|\bretr(?:y|ies) with\b"
    r"|\bidempoten\w*|\bcircuit breaker|\bdegrad\w+|\bsingle point of failure\b|\bthundering herd\b|\bbackups?\b.{0,40}\brestore)",
    _I,
)
SUMMARY_TALK = re.compile(r"^\W*(to summari[sz]e|in summary|in short|to sum up|to recap|so,? overall|summing up|recap:)", _I)

# A heavy technology named in a negated clause: "no Kafka", "we don't need sharding".
NEGATION = re.compile(
    r"\b(no|not|without|don'?t|do not|doesn'?t|won'?t|wouldn'?t|skip(?:ping)?|avoid(?:ing)?|instead of|rather than|overkill|unnecessary|no need"
    r"|isn'?t|aren'?t|never|drop(?:ping)?|instead)\b[^.;]*$",
    _I,
)
_HYPOTHETICAL = re.compile(
    r"\b(10x|10 ?times|ten ?(?:x|times)|when we (?:grow|hit|reach|get to|need)|if (?:we|traffic|load|usage|the load) (?:ever )?(?:grows?|reach(?:es)?|hits?|increases?|outgrows?)"
    r"|once we (?:hit|reach|grow|pass|outgrow)|later on|down the (?:road|line)|in the future|revisit|migration path|at \d[\d,.]*\s*(?:k|m|million|thousand|billion)?\s*"
    r"(?:users|requests|qps|rps|writes|reads)|past \d|beyond \d|when (?:traffic|load|usage) (?:grows|reaches)"
    r"|would (?:be|cost|need|mean) (?:thousands|hundreds|tens|expensive|overkill|more|too|a lot)|would be wasted)",
    _I,
)
GROWTH = _HYPOTHETICAL
SIZING = re.compile(
    r"(\b(?:one|a single|single|just one|only one|just a|a small|one small)\s+(?:\w+\s+){0,2}?(?:server|machine|instance|box|database|db|node|monolith|vps|process|postgres\w*|mysql|ec2|droplet)s?\b"
    r"|\bmonolith\b|\bsimplest\b|\b(?:start|keep it|keep things|begin|starting|stay) (?:simple|small|boring)\b|\b(?:don'?t|do not|won'?t|wouldn'?t|doesn'?t) (?:even )?need\b"
    r"|\bno need\b|\byagni\b|\boverkill\b|\b(?:at|for) (?:this|our|that|the current|today'?s) (?:scale|size|load|stage|volume)\b"
    r"|\bfits? (?:in|into|on) (?:memory|ram|one|a single)\b|\bwithin (?:what )?(?:a|one|a single)\b|\b(?:is|are) (?:plenty|enough|sufficient)\b"
    r"|\bhandles? (?:this|that|it|the load) (?:easily|comfortably|trivially)\b|\bcomfortably\b|\bplenty of headroom\b)",
    _I,
)


def flags_hypothetical(text: str) -> bool:
    """True when a sentence talks about a future scale rather than today's design."""
    return bool(_HYPOTHETICAL.search(text))
