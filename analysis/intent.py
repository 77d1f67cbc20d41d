"""What a candidate turn is for: its intent, and what kind of question each question is.

Questions are found by form, not only by a question mark: "so how much traffic are we talking",
"whats the read write ratio", "do we need to like support edits or" count, and a design question the
candidate answers in the next breath ("how do we store this? we'd shard by user") does not. Each
question is then a fact question (numeric or not), a scope question, a yes/no requirement question, a
question about the interview (direction, time, a check-in) or off-topic. The turn's primary intent
follows a fixed priority: injection, a request for the answer or the hidden notes, a question, "I don't
know", then an estimate, a design proposal or an answer to the interviewer's last question.

Rules here are exact wording classes (interrogative openers, scope words, off-topic small talk); the
meaning of a fact question is matched to the card by embeddings in :mod:`analysis.questions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from analysis.filler import content_words
from analysis.phrases import DONT_KNOW, META_QUESTION, QUESTION_REQUEST, SMALL_TALK
from analysis.questions import NEEDED_LIST, question_parts
from analysis.sentences import Sentence, core, split_sentences, words

Intent = Literal[
    "question_fact", "question_scope", "question_yesno", "question_meta", "off_topic", "request_answer",
    "request_hidden", "injection", "design", "estimate", "answer", "dont_know",
]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]
AskKind = Literal["fact", "scope", "yesno", "meta", "off_topic"]
MetaKind = Literal["direction", "time", "check", "invite", "repeat"]
Asked = Literal["requirements", "estimates", "design", "specific", "challenge", "failure", "other"]

_OPENER = re.compile(  # a question by its form when speech-to-text dropped the question mark
    r"^(?:(?:what|which|who|where) (?:is|are|was|were|do|does|did|should|would|will|can|could)\b|whats\b|what's\b|"
    r"whos\b|who's\b|who (?:uses|owns|calls|sends|reads|needs|sees|runs)\b|wheres\b|where's\b|how's\b|by when\b|what (?:kind|sort|type)\b|which \w+ (?:do|does|should|would|will|can|is|are)\b|how (?:many|much|big|large|fast|long|"
    r"often|do|does|did|should|would|will|can|could|is|are)\b|(?:is|are|isn't|aren't|do|does|did|can|could|should|will|"
    r"would|must|shall|have|has|any|anything) (?:we|i|you|it|they|there|the|this|that|users?|people|these|those|our|"
    r"all|else|other|requirements?|constraints?)\b)"
)
_REQUEST = re.compile(
    r"^(?:tell me (?:about|more about|what|how|whether|if)|i'?m curious (?:about|whether|if|how|what)|"
    r"(?:just )?(?:wondering|curious) (?:about|whether|if|how|what)|i was wondering|"
    r"(?:can|could) you (?:tell|give|share|clarify|confirm)|i(?:'d| would) (?:like|love) to (?:know|understand|"
    r"clarify|confirm) (?:what|how|whether|if|who|when|where|which|the|about))\b"
)
_RHETORICAL = re.compile(
    r"^(?:how (?:do|would|should|can|will|could) (?:we|i)|what (?:do|would|should|will|could) (?:we|i)|"
    r"where (?:do|would|should|will|could) (?:we|i)|which \w+(?: \w+)? (?:do|would|should) (?:we|i)|what happens|"
    r"what if|why (?:do|would|should|not)|so how do we|now how do we|what (?:could|can|might|would) (?:go wrong|break|fail)|"
    r"(?:where|how|what|which|when) (?:does|do|is|are|would|will|should) (?:it|that|this|they)\b(?=(?:\W+\w+){0,3}\W*$))\b"
)
_ANSWER_START = re.compile(r"^(?:we|i|so|well|the|it|that|for|first|one|let's|then|here|this|if|you|easy|simple|since|"
                           r"because|nothing|not much|only|"
                           r"basically|probably|maybe|my|our|in|on|at|with|by|through|via|using|behind|into|just|no|"
                           r"yes|yeah|nope|there|they|each|every|a|an)\b")
_ASIDE = re.compile(r"\b(?:random|unrelated|side|personal) question\b|\btotally unrelated\b|\bbefore i forget\b|"
                    r"\bquick aside\b|\boff the record\b|\bwhere you work\b|\byourself\b|\bonsite\b|"
                    r"\bunrelated\b|\bquick question first\b|"
                    r"\bare you (?:hiring|enjoying)\b|\bwork (?:remote(?:ly)?|from home|in an office)\b|\bin an office\b|"
                    r"\bwhere you are\b(?! (?:now|today|at)\b)|\blike working here\b|\bthe culture\b|\braining\b|\bsnowing\b|\bfully remote\b|"
                    r"\bremote or (?:in|hybrid|on)|\b(?:go|come) in ?to (?:an|the) office\b|\bhybrid or\b|"
                    r"\byour (?:job|role|day)\b|\bhow long have you (?:been|worked)\b|\btotally random\b|"
                    r"\bwhat do you (?:actually |personally )?(?:work on|do here|do day)\b|\bnot about the (?:design|"
                    r"problem|system|interview)\b|\boff[- ]topic\b|\bunrelated to the (?:design|problem)\b")
_OPENING = re.compile(r"^(?:(?:um+|uh+|ok(?:ay)?|so|and|but|well|like|yeah|hmm|right|alright|sure|honestly|basically|"
                      r"actually|off the top of my head|to be honest|thinking out loud|now|then)\W+)+")
_TENTATIVE = re.compile(r"^(?:i guess|i think|i believe|my sense is|maybe|perhaps|possibly|probably|i'd|we'd|i would|we would|"
                        r"i could|we could|so i|i suppose|i'll|we'll|we can|i can|that would|it would|i'm guessing)\b")
_CONDITION = re.compile(  # "if the limiter is down should we let traffic through": the question after the condition
    # (", which is fine" after a condition is a relative clause going on, not the question)
    r"^(?:if|when|whenever|once|while|in case|say|suppose|assuming|after|before|during)\b.{3,80}?"
    r"\b(?=(?:(?:should|can|could|would|will|must|shall) (?:we|i|you|they|it|there|the \w+|users?|people|clients?)|"
    r"(?:do|does|did) (?:we|i|you|they|it)|is (?:it|there)|are (?:we|they|there)|(?:what|how|(?<!, )which|who|where)"
    r"(?: \w+)? (?:do|does|should|would|will|is|are|happens))\b)"
)
_METRIC = re.compile(  # what a terse requirements question asks for: "Read/write ratio." "Latency target on redirect."
    r"\b(?:ratio|rates?|targets?|budgets?|volumes?|sizes?|counts?|numbers?|latency|retention|sla|slo|availability|dau|mau|"
    r"uptime|peak|qps|rps|throughput|growth|skew|freshness|concurren\w*|lifetime|ttl|headcount|per|versus|vs|"
    r"expectations?|requirements?|limits?|p9\d|duration|frequency|timeline|deadline)\b"
)
_CLAUSE_WORDS = re.compile(  # a verb, a subject or a stated value: a sentence, not a bare noun phrase
    r"\b(?:is|are|was|were|be|been|being|am|need|needs|has|have|had|will|would|can|could|should|must|do|does|did|"
    r"matters?|goes|go|use|uses|using|store|stores|keep|keeps|let|lets|let's|we|i|it|you|they|he|she|our|my|this|"
    r"that|these|those|so|because|then|not|no|low|high|strong|weak|eventual|fast|slow|small|large|huge|tiny|big|"
    r"minimal|heavy|light|under|below|above|over|about|around|roughly|at least|at most|plenty|enough|fine|ok|okay|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand|million|billion|dozen|single|"
    r"first|next|done|here|there|yes|yeah|nope|sure|thanks|good|great|cool|nice|right|wrong)\b|'s\b|'re\b|[\d:=]"
)
LEARNING = re.compile(r"\bwhat (?:i|should i|i should|i need to|to) (?:should |need to )?(?:learn|study|read up on|"
                      r"work on|improve|brush up on|practi[sc]e)\b", re.I)  # "what should I learn more about?"
_CHECK = re.compile(  # a check-in on depth or level: "was that the right depth for a senior role?"
    LEARNING.pattern + r"|\b(?:something|anything) (?:important |big |obvious |major )?(?:that )?i(?:'ve| have)? "
    r"(?:missed|forgot|left out|overlooked)\b|"  # what to learn, what they missed: about the interview
    r"\b(?:right|enough|too much|too little|the right|appropriate|sufficient) (?:depth|detail|level(?: of detail)?)\b|"
    r"^(?:that|this|it) (?:doesn'?t|does not) (?:seem|sound|look) (?:too )?(?:crazy|bad|off|wrong|unreasonable|high|"
    r"low|much)\W*$|"  # "That doesn't seem too crazy?": a nod sought on their own numbers
    r"\b(?:deep|detailed|thorough|concrete|specific) enough\b|\btoo (?:simple|simplistic|basic|naive|easy|deep|shallow|much detail|detailed|high[- ]level|"
    r"low[- ]level|hand-?wavy|far into the weeds)\b|\b(?:level|depth|amount) of (?:detail|depth)\b|"
    r"\b(?:for|at|meet|clear|hit) (?:a|the|your) (?:senior|staff|mid|junior|principal|l\d|e\d)(?:[- ]level)?"
    r"(?: (?:role|bar|loop|level|candidate|engineer|interview|position))?\b|\bwhat you(?:'d)? expect (?:from|of) a\b|"
    r"\b(?:senior|staff|mid|junior|principal)[- ]level (?:interview|role|bar|candidate|answer)\b|\bin the weeds\b|"
    r"\b(?:anything|something|any (?:\w+ )?ones?)(?: (?:else|big|important|major))?(?: (?:you think|that))? i (?:missed|"
    r"forgot|skipped|left out)\b|\bdid i (?:miss|forget|skip|leave out)\b|\bam i (?:missing|forgetting) (?:something|anything)\b|\bwhat did i (?:miss|forget|skip)\b|"
    r"\b(?:a |any )?part (?:of (?:this|it) )?you'?d have (?:liked|wanted) me to\b|"  # "anything you think I missed?"
    r"\b(?:does|do|would|did) (?:that|this|my) (?:reasoning|logic|argument|approach|answer|explanation) (?:hold up|hold|"
    r"make sense|work|stand up)\b|\b(?:does|did) (?:that|this) (?:answer|cover|address) (?:it|that|your question|the "
    r"question)\b|\bmiss(?:ed)? (?:what you (?:were|are) asking|your question|the question|what you meant)\b|"
    r"\b(?:am i|are we) (?:going|moving|talking) (?:too|a bit too) (?:fast|quick\w*|slow\w*|much)\b|"
    r"\bthe (?:depth|level|detail|level of detail) you(?:'re| are)? (?:want|wanted|looking for|after|expect)\b|"
    r"\bis (?:that|this|it),?(?: (?:um|uh),?)? (?:a )?(?:good|sound|valid|reasonable|fair|solid|strong)(?: enough)? (?:reason|argument|"
    r"justification|answer|approach|call|choice)\b|"
    r"\bam i (?:rushing|talking too much|going on too long)\b|"  # "am i going too fast?": the pace, ours to judge
    r"\b(?:is|was) (?:that|this|it) (?:\w+ ){0,2}what you(?:'re| were| are| had)? (?:looking for|after|wanted|expected|"
    r"had in mind)\b"  # "was that kind of what you were looking for": a check on their answer
)
SKIP_ASK = re.compile(r"\b(?:is it|would it be|can i|could i|ok(?:ay)? (?:if|to)|fine (?:if|to))\b[^?]{0,20}\bskip\b|"
                      r"\b(?:is it|would it be|is that) (?:ok(?:ay)?|fine|alright|all right|acceptable) (?:that|if) (?:i'?m|im|i am|"
                      r"we'?re|we are|i|we) (?:not|don'?t|do not|won'?t|will not)(?: really| even)? (?:talk\w* about|cover\w*|"
                      r"go\w* into|includ\w*|us\w*|add\w*|do\w*|design\w*|build\w*)\b|"
                       r"\b(?:talk about|go into|bother with|cover|worry about) [a-z ]{2,30}? at all\b", re.I)
MEDIUM = re.compile(  # how to show the design: "should I be drawing on the whiteboard thing, or just talking?"
    r"\b(?:should|shall|can|do you want) (?:i|me to) (?:be )?(?:draw\w*|sketch\w*|diagram\w*|us(?:e|ing) (?:the|a) "
    r"(?:white ?board|board|canvas)|writ\w+ (?:it|this|things) (?:down|out))\b[^?]{0,60}\bor (?:should i )?(?:just )?"
    r"(?:be )?(?:talk\w*|explain\w*|describ\w*|say\w*|tell\w*|do it verbally)\b|"
    r"\b(?:can|should|may) i (?:use|draw on|have) (?:the|a) (?:white ?board|canvas|diagram)\b", re.I)
BREADTH = re.compile(  # how to spend the round: "how do you want me to use the 30 minutes, mostly high level, or pick
    # one area and go deep?"
    r"\b(?:how|where) (?:do|would) you (?:want|like) me to (?:use|spend|split|structure|divide|budget) (?:the|our|my|this)\b|"
    r"\b(?:high[- ]level|broad|breadth|wide)\b[^?.]{0,40}\bor\b[^?.]{0,40}\b(?:deep|depth|in detail|one area)\b|"
    r"\b(?:deep|depth|one area)\b[^?.]{0,40}\bor\b[^?.]{0,40}\b(?:high[- ]level|broad|breadth|everything)\b", re.I)
MANNER = re.compile(  # how to go about an answer, not what it is: "Do you want me to walk through the tradeoff, or
    # just state what I'd pick and why?"
    r"\b(?:do you want|would you like|should i|shall i)(?: me to)? (?:walk (?:you )?through|go through|talk through|"
    r"lay out|explain|compare|cover)\b[^?]{0,60}\bor (?:should i )?(?:just )?(?:state|tell you|say|give (?:you )?|pick|"
    r"go with|jump to)\b", re.I)
CLARITY = re.compile(  # a check-in on how clearly they spoke: "tell me if something I should explain better"
    r"\b(?:explain|say|put) (?:\w+ )?(?:better|more clearly|differently)\b|"
    r"\b(?:is|was|were) (?:that|it|this|everything|my (?:\w+ )?(?:english|explanations?|answers?)) (?:\w+ )?"
    r"(?:clear|understandable|easy to follow)\b|\b(?:anything|something) (?:is |was )?(?:unclear|not clear|confusing)\b",
    re.I)
_INVITE = re.compile(  # an invitation to push back: "anything you want to push on?" "what would you challenge?"
    r"\byou(?:'d| would| want to| wanna| like to| might)? (?:\w+ )?(?:push(?:ed)? (?:back )?on|push(?:ed)? back|challenged?|"
    r"disagree|poke|"
    r"pick (?:at|apart)|question|attack|stress[- ]test|grill me on|probe)\b|\b(?:push|poke|challenge|pick at|"
    r"stress[- ]test)\b.{0,30}\b(?:you|for you)\b|\bpoke holes\b|\b(?:weakest|weak spots?|weak points?|shakiest|"
    r"holes|blind spots?|what looks (?:wrong|off|weak|shaky)|what (?:would|do) you (?:change|criticise|criticize)|"
    r"where did i (?:hand-?wave|gloss over|skimp)|hand-?wav(?:ed|ing|y)? the most|"
    r"(?:would|do) you do (?:it|this|that|anything) differently|(?:would )?you (?:would )?have done (?:it |this |that |"
    r"anything )?differently)\b|"
    r"\b(?:anything|something|(?:a|an|any|one) (?:part|piece|area|bit|topic|scenario|case|failure|edge case)"
    r"(?: case| scenario| mode)?)(?: else)? "
    r"(?:(?:that )?i [a-z]+(?: [a-z]+)? )?"
    r"(?:that )?you(?:'d| would)?(?: like| want)?"
    r"(?: me)?(?: to)? (?:change or |rethink or )?(?:go back to|revisit|change|rethink|"
    r"come back to|explain|expand on|clarify|dig into|go deeper on|go over|go into|walk through|cover|think about|"
    r"consider|look at)\b|"  # "anything
    # you'd like me to go back to?", "is there a scenario you'd like me to go into?"
    r"^\W*(?:any )?questions(?: for me)?\W*$|"  # "…Open items: search and share links. Questions?"
    r"\bwhat(?:'s| is| else is) missing\b|\bdid i (?:miss|forget|leave out) (?:anything|something)\b|"
    r"\bwhat did i (?:miss|forget|leave out)\b|\banything (?:important |big |obvious )?(?:that )?i (?:missed|forgot|left out)\b"
)  # "What's missing for you?", "did I miss anything?": asked what we would push on
_PREFERENCE = re.compile(  # "surge pricing or the geo index next, which do you prefer?": the interviewer picks the way
    r"\b(?:(?:which|what) (?:one )?(?:do|would) you (?:prefer|like|want|rather)|your (?:preference|pick|call)|"
    r"you(?:'d| would) (?:prefer|rather|like)|up to you)\b"
)
STACK_ASK = re.compile(  # what the company already runs: "do you guys use postgres here already", "managed or not"
    r"\b(?:tech|technology|software|infra|infrastructure) stack\b|\bthe stack\b|\bmanaged\b|\bself[- ]?host\w*|"
    r"\b(?:use|using|run|running|on)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:postgres\w*|mysql|mongo\w*|kubernetes|k8s|aws|"
    r"gcp|azure|the cloud|vms?|kafka|redis|\w+sql)\s+(?:\w+\s+)?(?:already|here|today|in[- ]house)\b")
_SMALL_TALK = re.compile(  # about the interviewer, not the problem
    r"\byour (?:day|week|weekend|morning|afternoon|evening|trip|commute|holidays?)\b|"
    r"\b(?:like|enjoy|love) (?:working|it) (?:at|for|there|here|with (?:your|the) team)\b|"
    r"\bworking (?:at|for) (?:meta|google|amazon|facebook|your company|the company|a big company|a startup)\b|"
    r"\bare you (?:\w+ ){0,3}(?:office|based|located|remote)\b|\bdo you (?:actually |really |still )?(?:like|enjoy|love) "
    r"(?:your job|the job|it there|it here|working)\b"
)
_STUCK_TAIL = re.compile(  # what follows a don't-know when the candidate is still stuck, not attempting
    r"\b(?:no idea|not sure|don't know|dont know|do not know|stuck|blank\w*|never (?:seen|done|used|worked)|haven't|"
    r"have not|where to (?:start|begin)|how to (?:start|begin)|can't|cannot|couldn't)\b"
)
_ATTEMPT = re.compile(  # a clause that tries an answer after the doubt: "..., but i'd retry", "i guess we lose them"
    r"^(?:(?:so|but|and|um+|uh+|well|honestly|ok(?:ay)?|yeah|though|still|anyway)\W+)*(?:i guess|my guess|i'd guess|"
    r"i think|i'd say|i would say|probably|maybe|perhaps|i'd|we'd|i would|we would|we could|we can|we should|we just|"
    r"we lose|we keep|we need|let's say|if i had to (?:guess|pick)|my (?:instinct|hunch|first thought)|off the top of "
    r"my head)\b"
)
_OFF_TOPIC = re.compile(
    r"\b(?:your )?favou?rite\b|\bhow(?:'s| is| are| was)? (?:your|you)(?: doing)?\b(?!['’]| (?:want|like|expect|see|think|would|prioriti\w*|rank|weigh))|"
    r"\bweather\b|\bweekend\b|\bwhere are you (?:from|based|located)\b|\bdo you (?:like|enjoy|have (?:kids|pets))\b|"
    r"\bwhat do you do (?:for fun|outside)\b|\bhow long have you (?:been|worked)\b|\bwhat team are you\b|\blunch\b|"
    r"\bsports?\b|\bmovies?\b|\bmusic\b|\bhobb(?:y|ies)\b|\bvacation\b|\bholiday\b|\bcoffee\b"
)
SYSTEM_WORDS = re.compile(
    r"\b(?:users?|traffic|requests?|data|latency|storage|scale|system|service|database|db|cache|queue|api|servers?|"
    r"reads?|writes?|qps|feature|requirement|scope|design|links?|messages?|region|budget|team|engineers?|"
    r"estimates?|estimation|numbers|math|maths|architecture|diagram|components?|rank(?:ed|ing)?|chronological(?:ly)?|"
    r"order(?:ed|ing)?|sorted|consisten(?:t|cy)|availability|durab(?:le|ility)|fresh(?:ness)?|stale(?:ness)?|"
    r"mobile|web|ios|android|desktop|browsers?|platforms?|offline|cloud)\b"  # "is this mobile only?" is a requirement
)
_DIRECTION = re.compile(
    r"\b(?:where|what|which) (?:do|would) you (?:want|like) (?:more |the )?(?:depth|detail|focus)\b|"
    r"\b(?:which|what) (?:part|area|component|piece|aspect|bit|topic|section)s? (?:should|do you want|would you like|"
    r"shall|are you|is most)\b|\bwhere (?:should|do you want me to|would you like me to|shall) (?:i )?(?:go|start|"
    r"focus|dig|dive|spend)\b|\b(?:go|going|dive|diving|dig|digging) deeper\b|\bshould i (?:focus|move|spend)\b|\bwhat (?:would|do) you (?:like|want) (?:me )?to (?:focus|cover|"
    r"talk|go|dive|dig|spend|look|hear)\b|\bwhat (?:should|shall|do you want|would you like) (?:i|me to) (?:\w+ ){0,3}next\b|\bwhere next\b|"
    r"\bwhere (?:should|shall|do you want me to|would you like me to) (?:i )?take (?:it|this|things)\b|"
    r"\bwhere (?:do|would) you (?:want|like) (?:me )?to (?:push|go|dig|focus|spend|start)\b|"
    r"\bshould i keep going\b.{0,50}\bor\b|\b(?:is that|enough) (?:enough )?to move on\b|"
    r"\b(?:part|area|piece|bit|topic|component)s? (?:of (?:this|it|the design) )?you(?:'d)? (?:want|like) me to (?:zoom|dig|"
    r"go|dive|focus|spend|expand)\b|"  # "tell me if there's a part you want me to zoom in on"
    r"\b(?:part|area|piece|bit|topic|component)s? (?:of (?:this|it|the design) )?you(?:'d)? (?:want|like)\b[^.?]{0,30}"
    r"\b(?:time|focus|depth|spent|spend)\b|"  # "is there one part you want most of the time spent on?"
    r"\bshould i (?:do|start|begin|move (?:on )?to|go (?:on )?to) (?:the |with (?:the )?)?(?:estimates?|numbers|math|maths|"
    r"design|high[- ]level|architecture|deep dive|failures?)\b|"
    r"\bany (?:particular|specific) (?:area|part|component)\b|\banything else (?:you(?:'d)? (?:want|like) me to|i should) (?:cover|discuss|talk about|go into|dig into)\b|\bwhat else should i (?:cover|discuss|talk about)\b|\bhow deep\b|\bam i heading\b|"
    r"\bwould you (?:rather|prefer) (?:i|me to)\b|\byou'?d rather i\b|\b(?:requirements|architecture|design|numbers) first\b|"
    r"\bthe direction you want\b|\bshould i spend (?:more |less )?time\b|\b(?:more|most) useful (?:to|for) you\b|"
    r"\bwhich (?:one )?would you (?:prefer|like)\b|\bam i spending\b|\bspending too (?:long|much time)\b|"
    r"\bshould i (?:\w+ )?(?:draw|sketch|write)\b.{0,30}\bor\b|\btalk it through\b|\banything else you'?d like me to\b|"
    r"\b(?:do you want|would you like|should|shall) (?:me to |i )?(?:go|dig|dive|get|jump|move|talk|start)(?: deeper)? "
    r"(?:in)?(?:to|on|about|with)\b[^?.]{2,60}?,? or (?!not\b|just\b|something\b|anything\b|is\b|was\b|should\b|"
    r"do\b)|"  # "do you want me to go into multi-region, or the hydration path?": two ways, ours to pick
    r"\bunless you'?d (?:rather|prefer)\b|"  # "I'm going into transcoding now unless you'd rather I start with delivery"
    r"\bwhat (?:else )?(?:do|would) you want "
    r"(?:to see|me to)\b|\bwhat'?s most (?:interesting|important) to you\b|"
    r"\bshould i (?:also |just |now |first |then )?(?:go through|start with|begin with|do|cover|talk about|walk through) "
    r"[^?.]{2,40}?,? or\b|"  # "should I
    # go through the data model, or the APIs?": theirs to offer, ours to pick
    r"\bwhich (?:one |part )?(?:do|would) you (?:want|like|prefer)(?: me to go)?(?: (?:to )?(?:go )?(?:deeper|first|next|more))?"
    r"\s*(?::|$|\?)|\bwhich do you want (?:deeper|first|next)\b|\b(?:tell me|let me know) if you'?d rather (?:see|hear|"
    r"have|i|me)\b"
)
_OFFERED = re.compile(  # "i'd suggest either ID generation or the counter path": the ways they offer to go
    r"\b(?:either|suggest|could (?:do|go (?:into|with))|options? (?:are|is)|between|(?:depth|detail|focus|deeper)\s*[:-]|"
    r"(?:go|dig|dive|talk|walk)(?: you)? (?:deeper |deep |further )?(?:into|on|about|through))[,:]?\s+(?:like\s+|say\s+)?"
    r"(?:either\s+)?(?:the\s+)?"
    r"(?P<a>[a-z][a-z0-9 /-]{2,40}?),?\s+or\s+(?:the\s+)?(?P<b>[a-z][a-z0-9 /-]{2,40}?)\s*(?:[.?!]|$)", re.I)


# Two ways forward offered for us to choose ("if you want, I can go deeper into the bound, or the sync protocol"):
# the choice is put to the interviewer, a question about where to go, with or without its question mark.
OFFER = re.compile(
    r"^(?:\W*(?:and|so|um+|uh+|ok(?:ay)?)\W+)*(?:if you (?:want|like|'d like|prefer)\W+|(?:i'?m |i am )?happy to )?"
    r"(?:(?:i|we) (?:can|could) )?(?:go|dig|dive|talk|walk)(?: you)? (?:deeper |deep |further |more )?(?:into|on|about|through)"
    r"\b[^.?!]{3,80}?,? or\b")


_ASSUME_WHICH = re.compile(r"\bor (?:do you want me to|should i|shall i|can i) (?:just )?assume\b")
_SCOPE_CHOICE = re.compile(
    r"\b(?:also|too|as well)\b[^?]{0,60}\bor (?:just|only)\b|\b(?:only|just)\b[^?,]{0,30},? or (?:can|do|does|is|are|should|"
    r"also|will)\b|\b(?:is|are) (?:this|it)\b[^?]{3,80}\bor also\b|"
    r"^(?:\W*(?:so|and|ok(?:ay)?|first question|one question|like|um+|uh+)\W+)*(?:is|are) (?:this|it|we) (?:building |designing )?"
    r"(?:a|an|for)\b[^?]{3,100}?,? or (?:a|an|is it|for|more)\b")
_SPOKEN_RESTATE = re.compile(  # "ok um so this is like a url shortener but just for our company right like the go thing"
    r"^(?:(?:ok(?:ay)?|um+|uh+|so|and|right)\W+)*(?:this|it)(?:'s| is)\b(?=.{0,40}\blike\b|.{0,40}\bbasically\b)"
    r".{5,150}?\bright\b")
_TALKING_OR = re.compile(  # "…are we talking like youtube scale public video or more of an internal thing": a choice
    r"\b(?:are|is) (?:we|it|this|that) (?:talking|looking at|dealing with|thinking)\b(?: about)?[^.?!]{2,100}?\bor\b")
_UNLESS_RATHER = re.compile(r"\bunless you'?d (?:rather|prefer)\b")
UNLESS_YOU = re.compile(r"^(?:(?:but|and|so|or)\W+)?unless you (?:think|want|need|feel|say|'d (?:want|like|need)|would "
                        r"(?:want|like|need))\b")  # "…I think is acceptable? Unless you think it has to be instant."
_UNLESS_TAIL = re.compile(r",\s*unless you (?:think|want|need|feel|'d (?:want|like|need)|would (?:want|like|need))\b"
                          r"[^,]{3,80}$")  # "…so no WebSockets for now, unless you think real-time is really important."
_HANGING_OR = re.compile(  # "is this for like actual instagram scale or like.", "click counts is that in scope or"
    r"\b(?:is|are|do|does|should|can)\s+(?:this|it|we|there|that)\b.{3,80}\bor(?: like| so| um+| uh+)?\W*$")
PRIVACY_ASK = re.compile(r"\bgdpr\b|\bdata[- ]residency\b|\bprivacy (?:laws?|rules?|regulations?|requirements?)\b|"
                         r"\b(?:data|personal data) (?:stored|kept|living|stay\w*) in (?:the )?(?:eu|europe|us|region)\b|"
                         r"\bccpa\b|\bright to (?:be forgotten|erasure)\b", re.I)  # privacy rules asked about
PRODUCT_CHOICE = re.compile(  # "do you want copyright matching in the critical path or async?": a product either-or
    r"\b(?:do you want|would you want|do we want|does (?:the )?(?:product|business) want|should (?:it|we|this|that|"
    r"the \w+)|is it|does it need to|must it)\b[^?]{3,120}?\bor\b", re.I)
REASONED = re.compile(  # a reason given for leaving a piece out: "i don't think checkout needs a cache"
    r"\b(?:because|since|as long as|so that|don'?t think (?:we|it|i|checkout|the \w+) (?:need|needs)|"
    r"(?:doesn'?t|does not|don'?t|do not) (?:really )?need|no need|not needed|isn'?t needed|you (?:kind of )?"
    r"want the|the reason)\b", re.I)
_PLAN_UNLESS = re.compile(  # "I'm going to go into transcoding now unless you'd rather I start with delivery"
    r"\b(?:go|going|move|moving|dig|digging|dive|diving|jump|start|starting)(?: (?:on|deeper|straight))? (?:in)?(?:to|with|on) "
    r"(?:the\s+)?(?P<a>(?!(?:go|move|dig|dive|jump|start|talk)\b)[a-z][a-z0-9 /-]{2,40}?)(?:\s+(?:now|next|first|then))?,?\s+unless you'?d (?:rather|prefer)"
    r"(?: (?:i|me to|we|to))? (?:start with|go (?:in)?to|do|take|cover|talk about|look at|focus on|begin with|hear about) "
    r"(?:the\s+)?(?P<b>[a-z][a-z0-9 /-]{2,40}?)\s*(?:first|instead)?\s*(?:[.?!,]|$)", re.I)


def offered_options(text: str) -> list[str]:
    """The ways forward a candidate offers beside a question about where to go ("…either the ID generation
    or the counter path", "stay on inventory, or move to payments?", "key generation, hot links, or analytics?"),
    in their words, the one they lean to first ("If you don't have a preference I'll take hot links"); empty when
    they offer none."""
    plain = _ANY_ELSE.sub("", re.sub(r"\b(?:um+|uh+)\b\s*", "", text))  # "…or um search or whatever you want"
    listed = _OFFERED_LIST.search(plain)
    m = _OFFERED.search(plain) or _STAY_OR_MOVE.search(plain) or _COULD_OR.search(plain) or _PLAN_UNLESS.search(plain)
    options = ([o.strip() for o in listed.group("items").split(",")] + [listed.group("last").strip()] if listed else
               [m.group("a").strip(), m.group("b").strip()] if m else [])
    options = [re.sub(r"^(?:the|a|an)\s+", "", o.strip(" -\u2013\u2014:")) for o in options if o.strip(" -\u2013\u2014:")]
    options = [o for o in options if not _NO_OPTION.match(o)]
    if len(options) < 2:  # "should I go deeper on anything, or is that what you were looking for?": no ways offered
        return []
    lean = _LEANS.search(plain[listed.end() if listed else m.end() if m else 0 :])
    if lean is not None:
        leaned = re.sub(r"^(?:the|a|an)\s+", "", lean.group("p").strip())
        options.sort(key=lambda o: o.lower() != leaned.lower() and o.lower() not in leaned.lower() and
                     o.lower().split()[0] != leaned.lower().split()[0])  # "hydration path": "hydration is where…"
    return options


_NO_OPTION = re.compile(r"^(?:any|some|every)(?:thing|where|one)\b|^(?:is|was|does|do) (?:that|this|it)\b|^(?:that|this|it|not)$",
                        re.I)  # an indefinite "anything", or the question itself ("…or is that what you wanted")


def leans_to(text: str) -> bool:
    """They said which way they would take ("If you don't have a preference I'll take hot links"); with
    :func:`offered_options` non-empty, that way is its first."""
    return bool(_LEANS.search(text)) or bool(_PLAN_UNLESS.search(text))


_OFFERED_LIST = re.compile(  # "which part would you like me to go deeper on, key generation, hot links, or analytics?"
    r"\b(?:go|dig|dive)(?: you)? (?:deeper |deep |further )?(?:into|on)[,:]?\s+(?:like\s+)?"
    r"(?P<items>[a-z0-9 /-]{2,40}(?:,\s*[a-z0-9 /-]{2,40})+),?\s+or\s+(?P<last>[a-z0-9 /-]{2,40}?)\s*(?:[.?!]|$)", re.I)
_LEANS = re.compile(r"\b(?:i'?ll take|i'?d (?:take|pick|go with|start with|argue (?:for )?)|my instinct is|i lean (?:towards? )?)\s*"
                    r"(?P<p>[a-z0-9 /-]{3,40}?)\s*(?:[.,;!?]|$|\b(?:since|because|as)\b)", re.I)


_QUESTIONS_ARE = re.compile(r"\bquestions? (?:is|are|would be)\b[,:]?\s*(?:how|what|which|who|where|when|do|does|is|are|"
                            r"can|should|will)\b")  # "i guess my first questions are, how many employees are there?"
_STAY_OR_MOVE = re.compile(r"\b(?:stay|keep going|continue) (?:on|with) (?:the\s+)?(?P<a>[a-z][a-z0-9 /-]{2,40}?),?\s+or "
                           r"(?:move|go|switch|jump) (?:on )?to (?:the\s+)?(?P<b>[a-z][a-z0-9 /-]{2,40}?)\s*(?:[.?!]|$)", re.I)
_COULD_OR = re.compile(  # "I could go further on the buckets, like how we rebalance, or I could move to the payment flow."
    r"\bi (?:could|can) (?:go further on|go deeper (?:on|into)|dig (?:into|deeper (?:on|into))|keep going (?:on|with)|"
    r"stay (?:on|with)|spend more time on|say more about) (?:the\s+)?(?P<a>[a-z][a-z0-9 /-]{2,40}?)(?:,? (?:like|e\.?g\.?|"
    r"such as) [^,.?]*)?,?\s+or (?:i (?:could|can) )?(?:move (?:on )?to|go (?:on )?to|switch to|jump to|cover|do) (?:the\s+)?"
    r"(?P<b>[a-z][a-z0-9 /-]{2,40}?)\s*(?:[.?!]|$)", re.I)
_ANY_ELSE = re.compile(r",?\s+or (?:whatever|anything|something)(?: else)?(?: you (?:want|prefer|like|think|choose))?"
                       r"(?=\s*(?:[.?!]|$))", re.I)


_ANNOUNCED = re.compile(r"^(?:(?:and|so|um+|uh+|okay|ok)\W+)*(?:a |one )?(?:yes[- ]or[- ]no(?: one| question)?|"
                        r"quick question|(?:another|one more|next) question)\s*[,:]\s*\w")
_REPEAT = re.compile(  # lost the thread: "could you repeat that?", "what was the question?", "can you hear me?"
    r"\b(?:could|can|would) you (?:please )?(?:repeat|say (?:that|it) again|rephrase)\b|\brepeat (?:the|that|your) "
    r"question\b|\bwhat (?:was|is) (?:the|your) question\b|\bwhat did you (?:just )?(?:ask|say|want me to)\b|"
    r"\bwhat (?:was|were) (?:i|we) (?:saying|talking about|on)\b|\bwhere was i\b|\bcan you hear me\b|"
    r"\bcome again\b|\bsorry,? what (?:was|did)\b|\bi (?:kind of |sort of )?(?:blanked|lost (?:my train of thought|track|"
    r"the thread))\b")
_TIME = re.compile(r"\bhow (?:much|long)(?: time)? (?:do )?(?:we|i) (?:have|got)\b|\bhow much time (?:do|have|is|left|we)\b|"
                   r"\btime (?:left|check)\b|"
                   r"\bhow are we (?:doing )?(?:on|for|with) time\b|\b(?:are we|am i) (?:ok|okay|good|fine|alright) "
                   r"(?:on|for|with) time\b|\bam i (?:on|out of) time\b|\bhow long do we have for\b|"
                   r"\bhow am i doing (?:on|for) time\b|\bhow(?:'s| is) (?:the|my) time\b|"
                   r"\bhow did i do (?:on|for|with) time\b|^\W*(?:and |so |um |uh )?time\W*$|"
                   r"\b(?:we|i) (?:have|get|got) (?:about |roughly )?(?:\d+|thirty|forty(?:[- ]five)?|sixty|an hour)"
                   r"(?: minutes| mins)?\b.{0,30}\b(?:right|correct|yes)\W*$|"  # "we have 30 minutes, right?"
                   r"^\W*(?:and |so )?is (?:this|it|that) (?:\d+|thirty|forty(?:[- ]five)?|sixty) minutes\b")
_SCOPE = re.compile(
    r"\bscope\b|\bin[- ]scope\b|\bthe right (?:cut|slice|focus|subset|split)\b|\bout of scope\b|\bfeatures?\b|\bfunctional requirements?\b|\bfocus (?:on|only)\b|"
    r"\bshould (?:i|we) (?:also )?(?:cover|include|handle|support|design|worry about|think about|consider|build)\b|"
    r"\b(?:just|only) (?:the )?[a-z]+(?: [a-z]+)? or\b|\bor (?:just|only)\b|\bwhat (?:are|am) (?:we|i) (?:building|"
    r"designing|covering)\b|\bcore (?:use cases?|features?|flows?|functionality)\b|\buse cases?\b|\bmvp\b|\bv1\b|"
    r"\bwhat (?:do|should) (?:we|users|people) need to be able to do\b|\bwhat does (?:it|the system|this) need to do\b|"
    r"\bin or out\b|\bpart of (?:this|the) (?:problem|design|exercise)\b|\bout for (?:today|now|this)\b|"
    r"\bleave (?:\w+ )?out\b|\bfor today\b|\bscope check\b|\bback in\b|"
    r"\bare we (?:doing|building|designing|covering|including) (?:both|the|all|just|only)\b|"
    r"\b(?:are|do|will|would|should) (?:we|you|i) (?:doing|building|designing|covering|including|supporting|want|"
    r"need)\b[^?]{0,80}\bor (?:also|just|only|even)\b|"  # "are we doing upload and sharing, or also face search?"
    r"\bblack box\b|\b(?:want|need)(?: me)?(?: to)? (?:\w+ )?design(?:ed)? (?:as )?(?:a |its own )?(?:system|component|part)\b"
)
_CHOICE_ASKED = re.compile(r"(?:^|,\s*|\b(?:and|so|um+|uh+|okay|ok|check|wondering|curious|question|know)\s+)(?:and\s+|or\s+)?(?:is|are|do|does|should|will|would|"
                           r"can)\s+(?:it|we|they|there|this|that|you)\b[^,.]{0,60}\bor\b")  # one of two, put to us
_ASKED_ANY_MARK = re.compile(
    r"(?:^|,\s*)(?:and\s+|so\s+|but\s+)?how (?!many\b|much\b|come\b)[a-z]+ (?:are|is|do|does|should|must) (?:we|you|they|it|"
    r"the|this|that)\b|"  # a "how strict are we" at the start of a clause
    r"(?:^|,\s*)(?:do|can|should) (?:i|we) \w+[^,.?]{0,60},\s*or (?:can|do|should|is|are|could) (?:i|we|it)\b|"  # one of
    # two, each put with its inverted verb
    r"(?:^|,\s*)in or out\W*$|"
    r"^(?:(?:so|and|ok(?:ay)?)\W+)?(?:the|my|one|a) (?:real |big |main |key )?question (?:for you |to you )?is "
    r"(?:whether|if|how|what|which|who)\b")
_CURIOUS = re.compile(r"^(?:(?:and|so|also|but)\W+)?(?:i'?d be|i'?m|i am|i'?d (?:love|like) to know|i'?d (?:love|like) to hear)"
                      r"(?: (?:really |also |just )?(?:curious|interested))?(?: to (?:know|hear|learn))? (?:how|what|whether|"
                      r"if|why|who|where)\b(?=.*\b(?:you|your)\b)")  # curiosity about us, said as a statement
_NEEDS_TO = re.compile(r"^(?:(?:and|so|um+|uh+|okay|ok|also|but)\W+)*(?:does|do|would|will|should|must) (?:it|we|this|"
                       r"the (?:system|service|limiter|api|feed|count|counter|order|data)|they) (?:really )?(?:need|have|has) "
                       r"to\b")  # a requirement asked as yes or no
_FIGURE_WANTED = re.compile(r"\b(?:tell|give) me (?:the |a |an |your )?(?:rough |expected |target |real )?(?:dau|mau|number of "
                            r"\w+|\w+ count|count of \w+|qps|volume|traffic|scale|order volume)\b")
_TELL_ME = re.compile(r"^\W*(?:and |but |so )?if (?:the (?:product|business|api|spec|requirement)|it|they|we|you|users|"
                      r"customers|the limits?)\b[^.?!]{3,120}?,\s*(?:please\s+)?(?:tell me|let me know|say so|flag it)\b|"
                      r"\bif you (?:want|'d like|would like|need) (?:\w+ ){0,5}(?:back in|in scope|included|covered)\b"
                      r".{0,40}\b(?:tell me|let me know|say so)\b|\b(?:tell me|let me know) (?:now )?if you (?:want|'d like|"
                      r"would like|need) (?:\w+ ){0,5}(?:back in|in scope|included)\b|\b(?:tell me|let me know) if you'?d "
                      r"rather\b")
_REAL_NUMBERS = re.compile(r"\bif you have (?:the |any |some )?(?:real |actual |better |exact |official |target )?"
                           r"(?:numbers|figures|data|scale|traffic numbers)\b[^.?!]{0,40}\b(?:tell me|let me know|say so|"
                           r"share them|give me)\b")
_SIZING_THIS = re.compile(r"^(?:so )?how (?:much|many|big|large)\b.{0,40}\b(?:is|are|would be) (?:this|that|it|they|these|"
                          r"those)\W*$")
_PICTURE = re.compile(r"^\W*(?:so,? |and )?(?:is|does|did) (?:that|this) (?:(?:sound|seem|look) like )?(?:the right|a fair|"
                      r"an accurate|a correct|the correct|a good|a reasonable) (?:picture|understanding|read|reading|framing|"
                      r"summary|description|way to (?:see|think about) (?:it|this))\W*$|^\W*(?:am i|did i) (?:understanding|"
                      r"reading|get(?:ting)?) (?:it|this|that) (?:right|correctly)\W*$")
_RIGHT = re.compile(r"^\W*(?:so,? |and )?(?:is|does) (?:that|this) (?:right|correct|sound right|look right|cover it)\W*$")
_REQUIREMENTS_SAID = re.compile(r"\b(?:requirements?|features?|in scope|scope|users? (?:can|should)|needs? to|it should|"
                                r"we need|core (?:flows?|use cases?))\b")
_BARE_CONFIRM = re.compile(r"^\W*(?:correct|right|yes|agreed|true|accurate)\W*$")
RESTATED = re.compile(  # "just to make sure I understand, it's a dashboard where…, right?": the problem restated
    r"\b(?:make sure i (?:understand|get (?:it|this|that)|have (?:it|this|that)|got (?:it|this|that))|(?:just )?to confirm|"
    r"if i understand (?:it |this |you )?(?:right|correctly))\b.{0,200}"
    r"\b(?:right|correct|yes)\W*$|\bmake sure i (?:understand|get (?:it|this|that))\b.{0,200}\bis that (?:\w+ )?"
    r"(?:it|right|correct)\b|^\W*(?:(?:hi|hey|ok(?:ay)?|so|um+|uh+|and)\W+)*(?:just )?(?:to confirm|confirming)\b,?\s*"
    r"(?:(?:this|it)(?:'s| is)|we(?:'re| are) (?:designing|building|talking about|doing))\b|\b(?:out of|in) scope\W+(?:correct|right)\W*$")
_METHOD = re.compile(r"^(?:should|shall|can|do) i (?:just )?(?:divide|multiply|round|add|assume|use the|start|go|draw|"
                     r"sketch|continue|move|write|list)\b|^is it ok (?:if|to) i\b")
_PROPOSES = re.compile(r"^(?:should|shall|could|can) (?:i|we) (?:just )?(?:use|put|add|go with|introduce|pick|choose|"
                       r"bring in|stick|throw in)\b|^(?:what about|how about) (?:using|adding|putting)\b")
_YESNO = re.compile(
    r"^(?:do|does|did|is|are|will|would|should|can|could|must|shall|have|has|isn't|aren't|don't|doesn't)\b"
    r"|\bdo we (?:need|have) to\b|\bis it (?:required|necessary|ok|okay|fine|acceptable)\b|\bare we (?:expected|"
    r"required|supposed|allowed)\b|\bneed to support\b|\bhave to support\b|\bor not\b"
)
_NUMERIC = re.compile(
    r"\bhow (?:many|much|big|large|fast|long|often|frequent|frequently|quickly|old)\b|"
    r"\bwhat(?:'s| is| are|s)? (?:the |our |a )?(?:expected |rough |typical |average |peak |total )?(?:number|count|size|rate|"
    r"volume|qps|rps|throughput|latency|budget|ratio|percentage|share|peak|scale|traffic|load|sla|slo|p99|"
    r"retention|growth|dau|mau)\b|\b(?:number|count|amount) of\b|\bqps\b|\bper (?:second|day|month|user)\b|"
    r"\bratio\b|\blatency\b|\bwhat (?:kind of )?scale\b|\bhow much (?:data|storage|traffic)\b|\bwhat percent"
)
_PER_ENTITY = re.compile(r"\bper[- ](?:api |live )?(?:users?|keys?|ips?|ip address(?:es)?|accounts?|tenants?|merchants?|"
                         r"customers?|endpoints?|devices?|channels?|regions?|sites?|data ?cent(?:er|re)s?)\b")
_ASKS_ESTIMATES = re.compile(r"\bnumbers?\b|\bestimat|\bback[- ]of[- ](?:the[- ])?envelope|\bqps\b|\brequests per second\b|"
                             r"\bhow (?:much|big|many|large)\b|\bsize (?:it|this)\b|\bsizing\b|\bstorage\b|\bmemory\b|"
                             r"\bspace\b|\bbandwidth\b|\bwrite side\b|\bread side\b|\bper second\b", re.I)
_CHALLENGED = re.compile(r"\b(?:redo (?:that|the)|walk me through that arithmetic|check that|not sure about|"
                         r"let me stop you on one number|double-check|seems (?:high|low|off)|sounds (?:high|low|off|more like)|"
                         r"i get \d|isn't it\?|no\?|not \d[\d,.]*|more like \d|are you sure|that's off|doesn't add up)",
                         re.I)
_FAILURE_Q = re.compile(r"\b(?:fails?|goes down|went down|dies|crash\w*|outage|unreachable|what else worries|"
                        r"what breaks|lose|lost|partition\w*)\b", re.I)
_ASKS_DESIGN = re.compile(r"\bhigh[- ]level\b|\bsketch\b|\barchitecture\b|\bmain (?:components|pieces|boxes)\b|\bboxes\b|"
                          r"\bwalk me through a request\b|\bwhat does the (?:overall )?design look\b|"
                          r"\bhow would you (?:build|store|structure|design|lay out|model)\b|\bwhere (?:do|does|would|will) "
                          r"[a-z ]{1,30} live\b|\blook like\b|\bdata ?stores?\b|\bdata model\b|\bwhich database\b|"
                          r"\bwhat would you use\b|(?<!change )(?<!affect )\bthe design\b", re.I)  # "does it change the design?" asks
# whether an assumption matters, not for a design
_ASKS_REQUIREMENTS = re.compile(r"\bwhat else\b|\banything else\b|\bclarify\b|\bneed to know\b|\bbefore you (?:size|start|"
                                r"design|draw)\b|\bhow would you like to start\b|\bover to you\b|\brequirements\b|"
                                r"\bdoes (?:that|it|this) (?:settle|answer|help|change|cover)\b", re.I)  # our answer
# checked: more questions may follow


@dataclass(frozen=True)
class Ask:
    """One question the candidate put to the interviewer."""

    text: str  # verbatim
    kind: AskKind
    numeric: bool = False  # asks for a number ("how many", "what's the latency")
    meta: MetaKind | None = None


def _plain(s: Sentence) -> str:
    return core(s.norm).strip()


# A spoken question's inverted verb and subject, at the start of a clause and in agreement ("and do we keep…",
# "um is there a limit"), not a copula inside a statement ("the key thing is we don't need…").
_SPOKEN_INVERSION = re.compile(
    r"(?:^|,\s*|\b(?:and|so|um|uh|like|also|but|then|or|okay|ok|right|oh|well|actually|question|thanks|thank you|"
    r"wise)\s+|^(?:(?:and|so|um|uh|okay|ok|also)\s+)*(?:the|our|these|those) \w+(?: \w+)?\s+(?=(?:do|does|can|will|"
    r"are|is|should) (?:they|it|we|you)\b))"  # "feature wise do we need", "um and the rules do they change"
    r"(?:(?:in|for|on|from|with) (?:your|our|this|that|the) \w+\s+)?"  # "like, in your world is it survivable that…"
    r"(?:(?:do|can|should|will|would|could|did)\s+(?:we|i|you|it|they|there)|(?:is|was|does)\s+(?:it|there|that|this)|"
    r"(?:can|should|could|does)\s+(?:a|an|the|each|every|someone|anyone)\s+\w+\s+(?:see|get|edit|read|use|have|do|be|"
    r"need|access|change|send|create|delete|want|expect|require|allow|care)\b|"  # "like can a manager see salaries"
    r"(?:are|were)\s+(?:we|you|they|there))\b")


EMBEDDED_WORDS = 15  # a spoken inversion with this many words of statement on each side is reported, not asked


def _inverted_ask(text: str) -> bool:
    """A spoken question by its inverted verb ("and do we need sms"), unless it sits inside a long statement ("…checks
    the user's preferences like did they opt out of sms and then it puts a message on a queue…")."""
    return any(len(words(text[: m.start()])) < EMBEDDED_WORDS or len(words(text[m.end():])) < EMBEDDED_WORDS
               for m in _SPOKEN_INVERSION.finditer(text))


# A spoken "how many…" that asks starts its clause ("and like how many drivers…"), not one inside a statement
# ("with features like how much you interact with that author").
_SPOKEN_HOW = re.compile(r"(?:^|,\s*|\b(?:and|so|um|uh|also|but|then|or|okay|ok|right|well|question|wondering)\s+)"
                         r"(?:like\s+)?how (?:(?:many|much|quick|quickly|fast|big|large|often|long)\b|"
                         r"\w+ (?:does|do|is|are|should|must|can) (?:it|the|a|an|we|this|that|they)\b)")  # "and also how
# fresh does the data need to be"


_EMBEDS = re.compile(r"\b(?:track|tracking|measure|measuring|monitor|monitoring|log|logging|alert on|count|counting|watch|"
                     r"graph|chart|record|know|see|show|shows)\s+(?:like\s+)?$")  # "i'd track like how many…": a report


def _spoken_how(text: str) -> bool:
    """A spoken "how many…" that asks, not one reported after a verb ("i'd track like how many requests are getting
    limited… and how often we're failing open") nor a clause with its subject first ("how often we're failing")."""
    for m in _SPOKEN_HOW.finditer(text):
        after = text[m.end():]
        if _EMBEDS.search(text[: m.end()].rsplit("how", 1)[0][-30:]):  # what comes before its "how"
            continue
        if re.match(r"\s+(?:we|i|you|they|it)(?:'re|'ve|'ll| are| were| will| have| can)\b", after) and \
                re.search(r"\b(?:often|long|fast|quickly)$", m.group(0)):
            continue
        return True
    return False


def _tail_how(text: str) -> bool:
    """ "scale wise like how many rides a day": a "how many" near the end of what is said asks, wherever it starts."""
    found = list(re.finditer(r"\bhow (?:many|much|quick|quickly|fast|big|large|often|long)\b", text))
    return bool(found) and len(words(text[found[-1].start():])) <= 10


_PSEUDO_CLEFT = re.compile(  # "what's left is misestimating rates", "what i'd do is shard it": a statement, not a question
    r"^what(?:'s| is| was|s)? (?!(?:the|a|an|your|our|this|that|these|those|their|its|my|do|does|did|would|should|can|"
    r"could|will|you|is|was|are)\b)(?:(?!is\b|was\b)[\w'-]+ ){1,4}(?:is|was)\b(?! (?:it|that|this|there)\W*$)")


def looks_like_question(s: Sentence) -> bool:
    """A question by its mark or by its form (speech-to-text drops question marks)."""
    text = _plain(s)
    if re.search(r"[=(,]\s*\?\W*$", s.norm):
        return False
    if len(words(s.text)) < 2:  # "Clocks?" asks; "Right?" and "OK?" check in
        return s.is_question and not re.fullmatch(r"\W*(?:right|ok|okay|yes|no|yeah|sure|so|and|hmm|huh)\W*", s.norm)
    if s.is_question:
        return True
    if META_QUESTION.search(s.norm) or QUESTION_REQUEST.search(s.norm) or _REQUEST.match(text) or CLARITY.search(text):
        return True
    if RESTATED.search(text):
        return True  # "so just to make sure i understand we're talking about the home timeline …, not the profile
        # page right": the problem restated for a nod, its mark dropped
    if _TELL_ME.search(text) or _REAL_NUMBERS.search(text):
        return True  # "if you want one of those back in, tell me now": the scope put to us to confirm; "if you have
        # real numbers you'd rather I use, tell me now": their figures put to us to confirm
    if bool(_OPENER.match(text)) and len(words(text)) >= 3 and not _PSEUDO_CLEFT.match(text) and not (
            re.match(r"^which (?:is|was)\b", text) and not re.search(r"\bor\b|\b(?:better|best|worse|right|cheaper|"
                                                                  r"faster|simpler)\b", text)):
        return True  # "…as long as a read is one seek. which is the catch": a relative clause going on
    if _TIME.search(text) and len(words(text)) <= TIME_WORDS:
        return True  # "Time check." "I'm not totally sure how much time we have left.": asking the time
    if re.match(r"^any\s+\w+(?:\s+\w+){0,3}\W*$", text) and not _CLAUSE_WORDS.search(text[4:]):
        return True  # "Any celebrity accounts": a terse yes/no question, its mark dropped
    if _ANNOUNCED.match(s.norm):
        return True  # "and yes or no, do links expire, or do they last forever."
    if NEEDED_LIST.match(core(s.norm)):
        return True  # "the ones i need are peak drivers online, trips per day, and how often…": a list of asks
    if OFFER.search(s.norm):
        return True  # "if you want, i can go deeper into the bound, or the sync protocol.": ours to choose
    if _UNLESS_RATHER.search(text) or UNLESS_YOU.match(text) or _UNLESS_TAIL.search(text):
        return True  # "i'll go into transcoding now unless you'd rather i start with delivery", "unless you think
        # revocation has to be instant.": their plan or their reading, put to us to change
    if _CHECK.search(text) and re.match(r"^(?:is|was|am|are|did|does|do|should|would|will|have|has)\b", text):
        return True  # "was that deep enough for a senior role": a check-in, with or without its question mark
    if _CONDITION.match(text) and not re.search(r"[.!]\W*$", s.text):
        return True  # "if the limiter is down should we let traffic through": the question follows the condition
    if re.search(r"(?:^|,\s*)(?:and\s+|so\s+|but\s+)?how (?:many|much) [\w ]{1,40}?\b(?:do|does|did|is|are|will|would|"
                 r"can|should)\s+(?:we|you|they|it|the|our|your|this|that|there|people|users|each)\b", s.norm):
        return True  # "sorry one more question, how many employees does the company have.": asked, whatever mark
    if _CURIOUS.search(text):
        return True  # "I'd be curious how your org splits dispatch work from the infrastructure side": asked
    marked = _ASK_MARK.search(s.text)
    if marked is not None and marked.start() > 0 and _OPENER.match(core(s.text[marked.end():].strip(" ,:;-").lower())):
        return True  # "so i guess first thing i wanna ask is like are we doing just the home feed or also posting…"
    if _ASKED_ANY_MARK.search(text):
        return True  # "And inventory, how strict are we supposed to be about it.", "Tax, promo codes, do I own any of
        # that, or can I treat pricing as somebody else's service.", "And guest checkout, in or out", "The question
        # for you is whether any type is worse duplicated than dropped.": asked, whatever mark ends it
    if TAG_QUESTION.search(s.norm):
        return True  # "…keep messages forever for business customers right, maybe for compliance": a nod sought
    if re.match(r"^(?:who|what|which|where|how)\b", text) and re.search(r",\s*(?:is it|are they|is that|is this)\b", text):
        return True  # "and who triggers the notifications, is it other services calling us.": asked, whatever mark
    if _CHOICE_ASKED.search(s.norm):  # "who uses this, is it our own
        # team or a product we sell.", "and um do we keep the originals forever or can we recompress them." ask
        return True  # whichever mark ends it: a choice put after a comma
    if _HANGING_OR.search(text):
        return True  # "is this for like actual instagram scale or like.": a choice left hanging, whatever its mark
    spoken = not re.search(r"[.!]\W*$", s.text)  # speech-to-text: no full stop, no question mark
    if spoken and (re.match(r"^(?:is|are|do|does|did|can|could|should|will|would|must|has|have)\s+\w+\s+\w+", text)
                   or _spoken_how(text) or _tail_how(text)
                   or _inverted_ask(text)
                   and not re.search(r"\b(?:so|then|and) (?:we|i) (?:do|can|should|will|would)\b", text)
                   or re.search(r"\bor (?:something|anything) else\W*$|\bor what\W*$|\bor not\W*$", text)
                   or _TALKING_OR.search(text) or _SPOKEN_RESTATE.match(text)
                   or re.search(r"\b(?:is it|would it be|is that) (?:ok(?:ay)?|fine|alright|all right|acceptable|"
                                r"allowed) (?:if|to|that|for)\b", text)):  # "…a hundred per minute is it okay if they…"
        return True
    # speech runs on with no full stop: "okay a million, got it, and um how often does the app send its location"
    if "," not in s.norm or re.search(r"[.!]\W*$", s.text):
        return False
    tail = core(re.split(r",\s*", s.norm)[-1])
    return bool(_OPENER.match(tail)) and not re.match(r"(?:which|who|where)\b", tail) and len(words(tail)) >= 3


def terse_question(s: Sentence) -> bool:
    """A bare noun phrase naming a requirement or a figure ("Read/write ratio." "Latency target on redirect."):
    a staff-style question when the interviewer has not just asked for something it would answer."""
    text = _plain(s)
    if _NODDED.match(s.norm):
        return False  # "Ok, per-key global quota.": the answer taken down, not a new ask
    n = len(words(text))
    named = bool(_METRIC.search(text)) or bool(_ALTERNATIVES.fullmatch(text.strip(" .!")))
    return 2 <= n <= 7 and named and not _CLAUSE_WORDS.search(text) and not re.search(
        r"[A-Z]", _ACRONYMS.sub("", s.text.strip()[1:])) and not proposes_technology(s)


_NODDED = re.compile(r"^\W*(?:ok(?:ay)?|got it|right|cool|great|sure|alright|understood|makes sense|noted|perfect)\b")
_ALTERNATIVES = re.compile(r"[a-z-]+(?: [a-z-]+)? or [a-z-]+(?: [a-z-]+)?")  # "Ranked or chronological."
_ACRONYMS = re.compile(r"\b(?:DAU|MAU|QPS|RPS|TPS|SLAs?|SLOs?|TTL|P\d\d)\b")  # "Users and DAU.": a metric, no product


def _main_clause(text: str) -> str:
    """The question after a leading condition ("if a site is cut off, should it keep enforcing limits" -> "should it
    keep enforcing limits"); the text itself when there is none."""
    m = _CONDITION.match(text)
    return text[m.end():].lstrip(" ,") if m else text


HEDGED = 3  # content words on each side of an "i don't know" inside one sentence: a hedge in a statement
_HEDGED_FIGURE = re.compile(r"^\W*(?:(?:like|maybe|um+|uh+|say|roughly|around|about|something like)\W+)*(?:\d|(?:a|one|"
                            r"two|three|four|five|ten|twenty|fifty|a few|a couple of) (?:hundred|thousand|million|"
                            r"billion|dozen)\b)")  # "…at like i don't know a million writes a second…": a guess at a figure


def attempts_after_doubt(sentences: list[Sentence], doubted: list[int]) -> bool:
    """Whether the candidate tries an answer besides saying "I don't know" ("i dont know, i guess we lose them unless
    we keep copies"; "Not sure of the policy. I'd retry three times, then mark it failed") rather than only being
    stuck. ``doubted`` are the positions of the don't-know sentences. An attempt is a statement of three content words
    or more with no doubt in it, or a clause after the doubt that starts trying ("i guess", "i'd", "probably", "we could")."""
    if not doubted:
        return False
    for k, s in enumerate(sentences):
        if k in doubted:
            doubts = list(DONT_KNOW.finditer(s.norm))
            cut = [m.end() for m in doubts]
            first = doubts[0] if doubts else None
            if first is not None and len(content_words(core(s.norm[: first.start()]))) >= HEDGED and \
                    _HEDGED_FIGURE.match(s.norm[first.end():]) and \
                    len(content_words(core(s.norm[first.end():]))) >= HEDGED and not _STUCK_TAIL.search(s.norm[first.end():]):
                return True  # "one tweet means 100 million writes, at like i don't know a million a second that's
                # 100 seconds": a hedge inside a statement, not being stuck
            for clause in re.split(r"[,;:.!?]+\s*|\s+(?=but\b)|\s+-\s+", s.norm[cut[-1]:] if cut else ""):
                m = _ATTEMPT.match(clause.strip())
                if m and len(words(clause.strip()[m.end():])) >= 3 and not _STUCK_TAIL.search(clause):
                    return True
        elif not s.is_question and len(content_words(core(s.norm))) >= 3 and not _STUCK_TAIL.search(s.norm) \
                and not DONT_KNOW.search(s.norm) and not META_QUESTION.search(s.norm) and not SMALL_TALK.search(s.norm):
            return True
    return False


_CONFIRM = re.compile(r"^(?:does (?:that|this) |that |this )?(?:sounds?|look|looks) (?:good|ok|okay|fair|right|reasonable)\b|"

                      r"^(?:is|would) (?:that|this) (?:be )?(?:ok|okay|fine|alright|all right|correct|reasonable|acceptable)\b|"
                      r"^(?:makes? sense|ok|okay|fair|right|agreed|good|alright|all right)\W*$")  # "Sound good?" checks in


_PUT_TO_US = re.compile(  # the last clause of a marked question puts it to the interviewer, after a guess or a doubt
    r"[,;:]\s*(?:but\s+|so\s+|and\s+)?(?:is|are|does|do|would|will|can|could|should)\s+(?:it|that|this|you|they|"
    r"product|the business|the product|we|users|customers)\b[^,;:]{0,60}\?\W*$|"
    r"\byour (?:take|view|opinion|thoughts|read)\b[^?]{0,20}[:,]\s*\w[^?]*\?\W*$")  # "I'd like your take: should…?"


def guessed_aloud(sentences: list[Sentence]) -> str | None:
    """Their own next step guessed with a rising voice at the end of the turn ("Oh, but if we run two schedulers they
    might both send the same reminder. I guess we just run one?"): not a question for us to answer, but a step that
    wants a reaction rather than a new topic. None when the turn ends otherwise."""
    if not sentences:
        return None
    last = sentences[-1]
    plain = _OPENING.sub("", last.norm)
    if last.is_question and _TENTATIVE.match(plain) and re.search(r"\b(?:we|i|i'd|we'd)\b", plain) and \
            not _OK_IF.search(plain) and not _DIRECTION.search(plain) and not re.search(r"\bor\b", plain):
        return last.text
    return None


def asks(sentences: list[Sentence], previous: Asked | None = None) -> list[tuple[Sentence, Ask]]:
    """The questions put to the interviewer, each with its kind; rhetorical design questions are left out.

    ``previous`` is what the interviewer's last turn asked for: a terse noun phrase ("Clock skew across regions.")
    asks only when the interviewer did not just put a question it answers, and nothing but questions follows it."""
    found: list[tuple[Sentence, Ask]] = []
    announced = next((k for k, s in enumerate(sentences) if _ASKS_AHEAD.search(s.norm)), None)
    for i, s in enumerate(sentences):
        item = _ENUMERATED.match(s.text) if announced is not None and i > announced else None
        if item is not None and not looks_like_question(s):  # "the numbers i need. one, registered users and daily
            # actives. two, total notifications per day.": each numbered item asks
            found.append((s, Ask(s.text, "fact", True, None)))
            continue
        if i and s.is_question and (_PICTURE.match(s.norm) or _RIGHT.match(s.norm) and not re.search(
                r"\d", sentences[i - 1].text) and _REQUIREMENTS_SAID.search(sentences[i - 1].norm)) and \
                not sentences[i - 1].is_question:
            restated = [x for x in sentences[max(0, i - 3): i] if not x.is_question]  # "…The paying customer is the
            # company and the end users are their employees. Is that the right picture?": the restated problem, to confirm
            text = " ".join(x.text for x in restated) + " " + s.text
            found.append((s, Ask(text, "scope", False, None)))
            continue
        if i and s.is_question and _BARE_CONFIRM.match(s.norm) and not sentences[i - 1].is_question:
            before = sentences[i - 1]  # "Clients, feed and ranking are out of scope. Correct?": the scope, confirmed
            kind = _kind(Sentence(text=before.text.rstrip(" .") + ", correct?", start=before.start, end=before.end,
                                  norm=before.norm.rstrip(" .") + ", correct?", index=before.index))
            if kind[0] == "scope":
                found.append((before, Ask(before.text, *kind)))
                continue
        if i and s.is_question and _PREFERENCE.search(s.norm) and len(words(s.text)) <= 8 and (
                _COULD_OR.search(_plain(sentences[i - 1])) or _STAY_OR_MOVE.search(sentences[i - 1].text)):
            found.append((s, Ask(s.text, "meta", False, "direction")))  # "I can keep going on failures, or I can
            continue  # switch to delivery. What would you prefer?": the ways are in the sentence before
        if found and found[-1][0] is sentences[i - 1] and found[-1][1].kind != "meta" and re.match(r"^\W*(?:for (?:example|instance)|e\.?g\.?|like\b(?=[^?]*\bor\b))\b", s.norm):
            continue  # "Can links be edited? For example, if the doc moves, can the owner…?", "How big do boards
            # get? Like tens of cards or thousands?": the same ask, shown
        if re.match(r"^\W*(?:so,? )?(?:that'?s|thats|it'?s|its|this is|that seems|seems)\b.{0,60}\b(?:i think|i guess|i "
                    r"suppose)\?\W*$", s.norm):
            continue  # "thats pretty small i think?": their own reading, said with a rising voice
        if i and _BARE_FIGURE.match(s.norm) and any(re.search(r"\d", x.text) for x in sentences[:i]):
            continue  # "…divided by the seconds in a day thats like... 200 a second?": their result, voice rising
        tail = s.norm.rsplit(",", 1)[-1] if "," in s.norm else ""
        if tail and _BARE_FIGURE.match(tail) and re.match(r"\W*(?:so|maybe|like|about|roughly|around|call it)\b", tail):
            continue  # "each user needs tokens and a timestamp plus the key, so maybe 50 bytes?": their estimate
        if found and found[-1][0] is sentences[i - 1] and (found[-1][1].kind == "off_topic" and re.match(
                r"^\W*(?:just |i'?m |i was )?(?:curious|wondering)\b", s.norm) or re.match(
                r"^\W*(?:i'?m |i was )?just (?:curious|wondering)\b", s.norm)):
            continue  # "…Kubernetes or plain VMs? Just curious what I'd be deploying into.": the same ask, its reason
        if not looks_like_question(s):
            rest = sentences[i + 1:]
            if not (previous not in ("specific", "failure", "challenge", "design") and terse_question(s)
                    and all(looks_like_question(r) or terse_question(r) for r in rest)):
                continue
        text = _plain(s)
        if "?" not in s.text and len(words(s.text)) > THINKING_WORDS and re.match(
                r"^(?:how|what|which|where|when|why|is|are|do|does|should|can)\b", _OPENING.sub("", text)) and \
                _WORKING.search(" ".join(words(text)[6:])) and not _ANOTHER_ASK.search(text) and \
                not _ASK_MARKER.search(s.norm) and not _TIME.search(text) and not _CHOICE_ASKED.search(s.norm) and \
                not META_QUESTION.search(s.norm):  # "how do you want me to use the 30 minutes…" asks us
            continue  # "so how big is the cache so like daily reads are 200000 times…": thinking aloud, spoken
        put = bool(_PUT_TO_US.search(s.norm))  # "i think it's acceptable, is it for you?": a guess, then put to us
        if not (QUESTION_REQUEST.search(s.norm) or _REQUEST.match(text) or _CHECK.search(text) or put or
                NEEDED_LIST.match(core(s.norm)) or _QUESTIONS_ARE.search(s.norm) or OFFER.search(s.norm) or
                _UNLESS_RATHER.search(text) or re.search(r"\b(?:first|one|quick|my|next|another) question\b", s.norm) or
                s.is_question and _DIRECTION.search(text) or s.is_question and _OK_IF.search(text) or
                _CURIOUS.search(text)) and \
                _TENTATIVE.match(_OPENING.sub("", s.norm)):
            continue  # "i guess i'd renumber them?" is a guess said with a rising voice; "I guess it's okay if a
            # post shows up a few seconds late?" puts a requirement to us to confirm
        if i and len(words(s.text)) <= 3 and (_TENTATIVE.match(_OPENING.sub("", sentences[i - 1].norm)) or re.search(
                r"\b(?:i'?d|we'?d|i would|we would|i'?ll|we'?ll) (?:probably |maybe |just )?(?:use|go with|pick|choose|"
                r"say)\W*$", sentences[i - 1].norm)) and not _CONFIRM.match(text):
            continue  # "Maybe a cache. Redis?", "For the database I'd use... MySQL?": a guess going on, not a question put
        following = sentences[i + 1] if i + 1 < len(sentences) else None
        if _RHETORICAL.match(text) and following is not None and not looks_like_question(following) and \
                _ANSWER_START.match(_plain(following)):
            continue  # thinking aloud: the candidate answers it in the next sentence
        if following is not None and not looks_like_question(following) and picks_own_option(text, _plain(following)):
            continue  # "fail open or closed? For quota enforcement I'd fail open.": their either-or, settled at once
        kind = _kind(s)
        about_us = kind[0] == "meta"  # "how am I doing on time? I want to leave room for…" asks us
        if not about_us and following is not None and _PROPOSAL.match(_plain(following)) and \
                re.match(r"^(?:where|what|which|how)\b", text) and not _NUMERIC.search(text) and \
                not looks_like_question(following):
            continue  # "where does the feed live? I'd keep it in Redis": their own question, their own answer
        if not about_us and (_SELF_ASKED.search(text) or _WEIGHING.match(text)) and following is not None and \
                not _CHOICE_ASKED.search(s.norm) and \
                not looks_like_question(following) and len(words(following.text)) >= 4:
            continue  # "how do I fix that? I think with a Lua script": a question to themselves, answered
        if re.match(r"^(?:why|what about)\b", text) and not _SCOPE.search(text) and not re.search(
                r"\bhow (?:many|much|often|big|fast|long)\b|\bwhat(?:'s| is| are)\b|\bwhich\b", text) and not (
                text.startswith("what about") and (following is None or looks_like_question(following))):
            continue  # "why X?" / "what about Y? we'd…" in a candidate's own reasoning; a "what about Y?" left
            # for us to answer ("Do we need aliases? What about expiry?") asks
        if _SIZING_THIS.match(text) and following is not None and re.search(r"\d", following.text) and \
                not looks_like_question(following):
            continue  # "How much Redis is this? Say I keep 500 ids per user…": their own sizing, worked out next
        if DONT_KNOW.search(s.norm) and not put:
            continue  # "i'm not sure, like is it just sitting there": thinking aloud, not asking
        if _PROPOSES.match(text) and proposes_technology(s):
            continue  # "should I put Kafka between them?" proposes a design: it is read as one
        found.append((s, Ask(s.text, *kind)))
    return found


_NEEDS_TO_INSIDE = re.compile(r"\b(?:does|do|would|will|should|must) (?:it|we|this|they|the \w+) (?:really )?(?:need|have|has) "
                              r"to\b", re.I)
_UNLESS_INSIDE = re.compile(r",\s*(unless you\b.*)$", re.I)


def _asked_part(text: str) -> str:
    """What a long sentence asks, for matching it to the facts: the requirement after statements run on before it
    ("…it should be highly available and um does it need to be exact like…"), the reading put to us after a plan
    ("…so no WebSockets for now, unless you think real-time is really important"); the sentence itself otherwise."""
    tail = _UNLESS_INSIDE.search(text)
    if tail is not None and len(words(tail.group(1))) >= 4:
        return tail.group(1)
    check = META_TAIL.search(text.lower())
    if check is not None and "?" not in text:  # "…and is it like chronological or is there ranking because… but like
        # i'm not sure if you want me to go into the ml side of it": the ask, without the check after it
        choice = _CHOICE_ASKED.search(text.lower()[: check.start()])
        if choice is not None and len(words(text[: choice.start()])) >= STATED_BEFORE and \
                not _WH.search(text[: choice.start()]):
            cut = re.split(r"\s+because\s+", text[choice.start(): check.start()], maxsplit=1)[0]
            return cut.strip(" ,").removeprefix("and ").removeprefix("so ")
    inside = list(_NEEDS_TO_INSIDE.finditer(text))
    before = text[: inside[-1].start()] if inside else ""
    if len(words(before)) >= STATED_BEFORE and not _WH.search(before) and len(words(text[len(before):])) >= 4:
        text = text[len(before):]  # statements first, then the requirement asked
        example = _SPOKEN_EXAMPLE.search(text) if "?" not in text else None  # spoken, its example after "like":
        # "does it need to be exact like if the limit is a hundred and someone gets a hundred and three through…"
        if example is not None and len(words(text[: example.start()])) >= EXAMPLE_AFTER:
            return text[: example.start()]
    return text


_SPOKEN_EXAMPLE = re.compile(r"\s+like (?:if|when|say)\b", re.I)
_WH = re.compile(r"\b(?:who|what|when|where|which|why|how|hw)\b|\?", re.I)
STATED_BEFORE = 8  # words of statement before a requirement asked in the same run-on sentence
EXAMPLE_AFTER = 4  # words asked before a spoken example for the example to be set aside


_OK_IF = re.compile(r"\b(?:it'?s|that'?s|it is|that is|it would be|it'?d be) (?:ok(?:ay)?|fine|acceptable|alright|"
                    r"good enough) (?:if|that|for)\b(?! (?:we|i|you)\b)")  # a requirement, not their own step
_EITHER = re.compile(r"(?P<a>(?:[\w'-]+\s+){0,2}[\w'-]+),?\s+or\s+(?P<b>[\w'-]+(?:\s+[\w'-]+){0,2})\W*$")
_DECIDES = re.compile(r"\b(?:i'?d|i would|we'?d|we would|i'?ll|we'?ll|i'?m going (?:to go )?with|go(?:ing)? with|i pick|i choose|"
                      r"i prefer|i lean|my (?:pick|choice|vote|preference) is|so probably)\b")  # "Glacier is slow to get
# things back though, so probably Infrequent Access"
_STILL_ASKING = re.compile(r"\byour (?:take|view|call|thoughts|preference)\b|\bwhat do you think\b|\bunless you\b|"
                           r"\bdo you (?:agree|prefer|want)\b|\bnot sure\b")
_ASKS_US = re.compile(  # "do you want me to go into X, or Y? I'd argue Y": still ours to answer
    r"\byou\b|^(?:\W*(?:so|and|ok(?:ay)?|um+|uh+)\W+)*(?:should|shall|can|may) (?:i|we)\b")
_WHY_I_ASK = re.compile(r"^\W*(?:because|cause|since|'cause)\b")  # "GDPR or account deletion? Because if a user…"
_PICK_SPAN = 3  # words between the decision and the option it takes
_OPTION_PLAIN = frozenset(["the", "a", "an", "it", "is", "be", "we", "i", "to", "of", "in", "on", "for", "and", "just",
                           "more", "less", "do", "does", "should", "would"])


def picks_own_option(question: str, following: str) -> bool:
    """An either-or the candidate settles in the very next sentence ("if the store is unavailable, fail open or
    closed? For quota enforcement I'd fail open."): they name one of its options with a decision of their own."""
    found = _EITHER.search(question.rstrip(" ?"))
    if found is None or _STILL_ASKING.search(following) or _ASKS_US.search(question) or _WHY_I_ASK.match(following):
        return False
    options = {w for side in ("a", "b") for w in found.group(side).split()} - _OPTION_PLAIN
    said = re.findall(r"[\w'-]+", following)
    decided = [k for k, m in enumerate(re.finditer(r"[\w'-]+", following)) if _DECIDES.match(following, m.start())]
    return any(abs(k - d) <= _PICK_SPAN for k, w in enumerate(said) if w in options for d in decided)  # "I'd fail
    # open", "eventual, I'd say": the decision said with the option, not anywhere in the sentence


_ASK_MARK = re.compile(r"\b(?:i'?ll (?:also |just )?ask|i (?:wanna|want to|would like to|'d like to) (?:also |just )?ask"
                       r"(?: (?:you )?is(?: like)?)?|"
                       r"(?:my|the other|another|one more|next) question is|i was wondering|i'?m wondering|let me (?:also )?ask"
                       r")\b", re.I)


def question_part(s: Sentence) -> Sentence:
    """The part of a run-on spoken sentence that asks ("okay, got it, and um what's the daily active count"), or of
    a question that offers its own options after a colon ("what shape is the limit: per second, per minute, per
    day?" asks what the limit is)."""
    head, colon, options = s.text.partition(":")
    if colon and _HEAD_ASKS.match(core(" ".join(head.lower().split()))) and len(words(head)) >= 3 and _options(options):
        text = head.strip()
        start = s.start + (len(head) - len(head.lstrip()))
        return Sentence(text=text + "?", start=start, end=start + len(text), norm=" ".join(text.lower().split()) + "?",
                        index=s.index)
    told = _TELL_IF.match(s.text)
    if told is not None:  # "If the product exposes 'N per minute' rather than 'per second with burst', tell me,
        # because…": what they want told is the condition
        text = told.group("cond").strip()
        start = s.start + told.start("cond")
        return Sentence(text=text + "?", start=start, end=start + len(text), norm=" ".join(text.lower().split()) + "?",
                        index=s.index)
    asked = _asked_part(s.text) if not s.is_question else s.text
    if asked != s.text:  # "…and um does it need to be exact like…", "…so no WebSockets for now, unless you think
        # real-time is really important": the requirement or the reading put to us, after their statements
        start = s.start + s.text.rfind(asked)
        return Sentence(text=asked, start=start, end=start + len(asked), norm=" ".join(asked.lower().split()),
                        index=s.index)
    marked = _ASK_MARK.search(s.text)
    if marked is not None and len(words(s.text[marked.end():])) >= 3 and marked.start() > 0:  # "ok so no expiry by
        # default, makes sense um so i'll also ask what kind of scale we're at": what follows the ask is the ask
        rest = s.text[marked.end():]
        text = rest.strip(" ,:;-")
        start = s.start + marked.end() + (len(rest) - len(rest.lstrip(" ,:;-")))
        return Sentence(text=text, start=start, end=start + len(text), norm=" ".join(text.lower().split()),
                        index=s.index)
    tag = _MID_TAG.search(s.text) if TAG_QUESTION.search(s.norm) else None
    if tag is not None:  # "we need to keep them forever right, maybe for compliance": what the nod is sought on
        text = s.text[: tag.start()].strip()
        return Sentence(text=text, start=s.start, end=s.start + len(text), norm=" ".join(text.lower().split()),
                        index=s.index)
    if s.is_question or "," not in s.text or _OPENER.match(_plain(s)) or re.search(r"[.!]\W*$", s.text):
        return s
    cuts = [m.start() for m in re.finditer(",", s.text)]
    cut = cuts[-1]
    for c in reversed(cuts):  # the last part that asks, not a reason tacked on ("…, just so I know how big it is")
        following = s.text[c + 1 :].split(",")[0]
        if _OPENER.match(core(" ".join(following.lower().split()))):
            cut = c
            break
    tail = s.text[cut + 1 :]
    start = s.start + cut + 1 + (len(tail) - len(tail.lstrip()))
    text = tail.strip()
    return Sentence(text=text, start=start, end=start + len(text), norm=" ".join(text.lower().split()), index=s.index)


_TELL_IF = re.compile(r"^\W*(?:and |but |so )?if (?P<cond>[^.?!]{3,120}?),\s*(?:please\s+)?(?:tell me|let me know|say so|"
                      r"flag it)\b", re.I)
_MID_TAG = re.compile(r"\s*\b(?:right|correct),\s*(?:maybe|probably|i guess|i think|since|because|like|for)\b.*$", re.I | re.S)
_HEAD_ASKS = re.compile(r"^(?:(?:and|so|also)\s+)?(?:what|which|how|who|where|when|is|are|do|does|should|will|would)\b")


def _options(text: str) -> bool:
    """Alternatives for one answer ("per second, per minute, or per day"), not a list of separate asks."""
    items = [i.strip().lower() for i in re.split(r",|\bor\b", text.strip(" ?.")) if i.strip()]
    firsts = [i.split()[0] for i in items if i.split()]
    return len(items) >= 2 and (max(firsts.count(f) for f in firsts) >= 2 or bool(re.search(r"\bor\b", text, re.I)))


def proposes_technology(s: Sentence) -> bool:
    """A rough test for a product name in the sentence (a capitalised word past the first, or a known shape)."""
    return bool(re.search(r"(?<!^)(?<![.?!]\s)\b[A-Z][A-Za-z0-9]+", _ACRONYMS.sub("", s.text.strip()[1:]))) or bool(
        re.search(r"\b(?:cache|queue|database|db|broker|cdn|load balancer|shard\w*|replica\w*)\b", s.norm))


_SELF_ASKED = re.compile(  # a design question put to themselves: "how do I fix that?", "where do we store it?"
    r"\b(?:how(?! (?:many|much|big|large|often|long|fast|quick|soon|strict|exact))|what|where|which)\b[^?]{0,30}?"
    r"\b(?:do|does|should|would|can|could|will|shall)\s+(?:i|we)\b(?!\s+(?:need to (?:ask|know)|assume|support|have|design for|plan for|size for|build for|target|expect))|"
    r"\bshould (?:i|we) (?:use|go with|pick|choose|put|store)\b|\bwhose \w+(?: \w+)? (?:should|would|does)\b|"
    r"\b(?:could|can) (?:i|we) (?!support|handle|need|have|assume|allow|expect|ignore|skip|drop|get|ask)[a-z]+\b")
_WEIGHING = re.compile(r"^(?:what are (?:the|my|our) (?:options|choices|alternatives)|what(?:'s| is) (?:wrong|the (?:catch|"
                       r"problem|downside)) with (?:it|that|this)|what(?:'s| is) the catch)\b")
_PROPOSAL = re.compile(r"^(?:i'?d|i would|we'?d|we would|i'?ll|we'?ll|i think (?:we|i)|my (?:take|answer|pick) is|"
                       r"i (?:want|plan|prefer) to)\b")
_WORKING = re.compile(r"\d|\b(?:lets|let's|i'd|i would|i think|we'd|we could|which is|thats|that's)\b")
_ANOTHER_ASK = re.compile(r"\b(?:and|or)\s+(?:(?:also|uh+|um+|like|then|so)\s+)*(?:(?:is|are|do|does|should|can|how|what|"
                          r"which|will)\s+(?:it|we|they|there|you|the|a|an)\b|how (?:big|many|much|fast|often|long|"
                          r"large|fresh|old|strict|exact)\b)")  # "…or is a refresh fine and also uh how big is the team"
_ASK_MARKER = re.compile(  # said to be a question however long it runs: "quick question do we…", "is it ok if the…"
    r"^(?:\W*(?:um+|uh+|so|and|ok(?:ay)?|also)\W+)*(?:(?:a |one )?quick question|one question|is it (?:ok|okay|fine|"
    r"acceptable|alright|all right) (?:if|that|to))\b|\b(?:is that|does that sound|would that be) (?:fair|ok|okay|right|"
    r"reasonable|acceptable|correct)\W*$")
_BARE_FIGURE = re.compile(r"^\W*(?:(?:so|like|um+|uh+|about|around|roughly|maybe|that'?s|thats|which is|or)\W+)*"
                          r"~?\d[\d,.]*\s*(?:k|m|b|thousand|million|billion)?(?:\s+[a-z]+){0,3}\W*\?\W*$", re.I)
_ASKS_AHEAD = re.compile(r"\b(?:numbers?|figures?|questions?|things?|ones?) (?:i|we)(?:'d)? (?:need|want|would like|"
                         r"have)\b|\b(?:a few|some|several|my) questions\b")  # a list of asks announced
_ENUMERATED = re.compile(r"^\W*(?:one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|"
                         r"seventh|\d{1,2}[.)]?)\s*[,:.)-]\s*(?=\w)", re.I)  # "Two, total notifications per day."


def numbered_items(text: str) -> int:
    """How many sentences or lines of ``text`` open as the item of a numbered list ("one, APNs throttles us",
    "2. a worker crashes")."""
    return sum(1 for line in text.splitlines() for s in split_sentences(line) if _ENUMERATED.match(s.text))


THINKING_WORDS = 20  # a spoken question form running on this long without a question mark is thinking aloud
TAG_QUESTION = re.compile(r",\s*(?:right|no|correct|yeah|yes|isn'?t (?:it|there|that)|aren'?t (?:they|there)|doesn'?t it|"
                           r"won'?t it|don'?t you think|agreed)\s*\?\s*$|"
                           r"^(?=.*\b(?:we|i|it|they|users|people)\b).{12,}?(?<!that's )(?<!thats )(?<!you're )(?<!all )"
                           r"(?<!is )(?<!the )(?<!to the )\b(?:right|correct),\s*(?:maybe|probably|i guess|i think|since|"
                           r"because|like|for|not)\b")  # spoken: "we need to keep them forever right, maybe for compliance"


TIME_WORDS = 15  # a sentence this short about the time left asks it, mark or no mark
RUN_ON_ASKS = 25  # a spoken "sentence" this long that holds several asks is read part by part


def _kind(s: Sentence) -> tuple[AskKind, bool, MetaKind | None]:
    """What a question asks. A long spoken run-on with several asks ("is this the public API … and how many keys …
    and is it okay if it's a bit off, is that fine") asks for facts when any of its parts does: a check tacked on
    at the end does not make the card's facts it asks for a question about the interview."""
    whole = _plain(s)
    if _COULD_OR.search(whole):
        return "meta", False, "direction"  # "I could go further on the buckets, like how we pick the count, or…"
    if RESTATED.search(whole):
        return "scope", False, None  # "just to make sure I understand, we're designing the feed, like…, where you get
        # posts from people you follow, right?": one restatement to confirm, however many clauses it runs to
    parts = question_parts(s.norm) if len(words(s.text)) >= RUN_ON_ASKS and "?" not in s.text.rstrip()[:-1] else []
    if len(parts) >= 2 and not (_ASIDE.search(whole) or _SMALL_TALK.search(whole) or _REPEAT.search(whole)):
        kinds = [_one_kind(Sentence(text=p, start=s.start, end=s.end, norm=p, index=s.index)) for p in parts]
        facts = [k for k in kinds if k[0] == "fact"]
        if facts:
            return "fact", any(k[1] for k in facts), None
        if any(k[0] == "scope" for k in kinds):
            return "scope", False, None
    if len(parts) == 1 and _NEEDS_TO.match(core(parts[0])) and question_part(s).text != s.text:
        return "yesno", False, None  # "…it should be highly available and um does it need to be exact like if … is
        # that a big deal or is that fine": the requirement asked, not a check on their statement
    return _one_kind(s)


_LIKE_PRODUCT = re.compile(r"\b(?:kind of|sort of|something|basically|pretty much) like (?:a |an )?[\w' ]{2,30}?"
                           r"(?:,? or [\w' ]{2,30})?\W*$")
META_TAIL = re.compile(r"\b(?:(?:but )?(?:like )?i'?m not sure (?:if|whether)|unless|if) you(?:'d)? (?:want|like|prefer) me to\b")


def _one_kind(s: Sentence) -> tuple[AskKind, bool, MetaKind | None]:
    whole = _plain(s)
    tail = META_TAIL.search(whole)
    head = whole[: tail.start()].strip(" ,") if tail is not None else ""
    if head and (_CHOICE_ASKED.search(head) or _NUMERIC.search(head) and _spoken_how(head)):
        return _one_kind(Sentence(text=head, start=s.start, end=s.start + len(head), norm=head, index=s.index))  # "is
        # it like chronological or is there ranking because… i'm not sure if you want me to go into the ml side",
        # "how many users are we talking about… unless you want me to use a different number": the ask comes first
    part = _plain(question_part(s))
    text = _main_clause(part)  # the spoken tail that asks, after any leading condition
    numeric = bool(_NUMERIC.search(text))
    if (_ASIDE.search(whole) and not STACK_ASK.search(whole)) or _SMALL_TALK.search(whole) or (
            _OFF_TOPIC.search(text) and not (SYSTEM_WORDS.search(text) and not re.search(r"favou?rite", text))):
        return "off_topic", False, None  # an aside about the stack we run ("random question, do you guys use postgres
        # here already") is a requirement all the same
    if _REPEAT.search(whole):
        return "meta", False, "repeat"
    if _REAL_NUMBERS.search(whole):
        return "meta", False, "check"  # their figures put to us: checked against ours, or nodded through
    if RESTATED.search(whole) or _SPOKEN_RESTATE.match(whole) and not re.search(r"[.!?]\W*$", s.text):
        return "scope", False, None  # the problem as they understand it, put to us to confirm
    if _LIKE_PRODUCT.search(whole) and not re.match(r"^(?:what|which|how|where|when|who|why|do|does|did|is|are|will|would|"
                                                    r"should|can|could|must|has|have)\b", whole) and \
            not _NUMERIC.search(whole):
        return "scope", False, None  # "Like users upload photos and look at them later, kind of like Google Photos
        # or Flickr?": the product as they picture it
    if TAG_QUESTION.search(s.norm) and re.search(r"\b(?:just|only)\b.{3,80}\b(?:right|correct),\s*not\b", whole):
        return "scope", False, None  # "the feed is just photos from people you follow right, not explore or reels"
    if _TIME.search(text) or _TIME.search(part) or _TIME.search(whole):
        return "meta", False, "time"  # "how am I doing on time, should I be going faster or is this ok", "we have 30
        # minutes, right?": the time
    if TAG_QUESTION.search(s.norm) and not re.match(r"^(?:what|which|how|where|when|who|why)\b", whole):
        return "meta", False, "check"  # "it's the same kind of problem, right?": a statement seeking a nod
    if _INVITE.search(whole) and not SYSTEM_WORDS.search(re.sub(r"\b(?:design|system)\b", "", whole)):
        return "meta", False, "invite"
    if _CHECK.search(whole) or CLARITY.search(whole) or MANNER.search(whole) or MEDIUM.search(whole) or \
            BREADTH.search(whole):
        return "meta", False, "check"
    if SKIP_ASK.search(whole):
        return "scope", False, None  # "should i talk about payments at all, or is it fine to skip it?": in or out
    if _SCOPE_CHOICE.search(whole) and not re.match(r"^(?:\W*\w+\W+){0,4}?(?:who|what|which|how|where|when)\b", whole):
        return "scope", False, None  # "should I also cover posting tweets, or just the reading side?", "is this a
        # library inside one service, or a distributed limiter?": what the problem is ("who uses this, is it just our
        # own team or a product we sell?" asks who)
    if _DIRECTION.search(text) or OFFER.search(s.norm) or _STAY_OR_MOVE.search(text) or _COULD_OR.search(text) or \
            re.match(r"^\W*or\b.{0,40}\bnext\W*$", s.norm) or (  # "…? Or failures next?"
            _PREFERENCE.search(whole) and re.search(r"\bnext\b|\bfirst\b", whole)
                                   and re.search(r"\bor\b", whole)):
        return "meta", False, "direction"
    if _SCOPE.search(whole) and not numeric:
        return "scope", False, None
    if _FIGURE_WANTED.search(text):
        return "fact", True, None  # "could you just tell me the DAU you want me to design for?": a figure, by name
    if _NEEDS_TO.match(text):
        return "yesno", False, None  # "does it need to be exact like if … a hundred and three get through is that a big
        # deal or is that fine": a requirement put to us, its tail a check on the same requirement
    if (META_QUESTION.search(s.norm) or _METHOD.search(text)) and not _ASSUME_WHICH.search(whole):
        return "meta", False, "check"  # "…a few cities, or do you want me to assume global from day one?" asks the scale
    if _YESNO.search(text) and not (numeric and _NUMERIC.search(re.sub(_PER_ENTITY, "", text))):
        return "yesno", False, None  # "should the limit be per user or per key" asks yes or no, not for a number
    return "fact", numeric, None


def interviewer_asked(text: str | None) -> Asked:
    """What the interviewer's last turn asked for: more requirements, estimates, a design, or a specific question."""
    if not text:
        return "other"
    last = re.split(r"(?<=[.!?])\s+", text.strip())[-1]
    if _CHALLENGED.search(text) and re.search(r"\d", text):
        return "challenge"
    if _FAILURE_Q.search(last):
        return "failure"
    if _ASKS_DESIGN.search(last):
        return "design"
    if _ASKS_ESTIMATES.search(last):
        return "estimates"
    if _ASKS_REQUIREMENTS.search(last):
        return "requirements"
    if "?" in text:
        return "specific"
    return "other"


def primary_intent(
    *,
    injection: bool,
    substantive: bool,
    asks_for_hidden: bool,
    asks_for_answer: bool,
    off_role: bool,
    questions: list[Ask],
    dont_know: bool,
    estimating: bool,
    designing: bool,
    previous: Asked,
    derived: bool = False,
) -> Intent:
    """The turn's primary intent, by the fixed priority described in the module docstring."""
    if injection or off_role:
        return "injection"
    if asks_for_hidden:
        return "request_hidden"
    if asks_for_answer:
        return "request_answer"
    if questions:
        first = questions[0].kind
        return "off_topic" if first == "off_topic" else f"question_{first}"  # type: ignore[return-value]
    if dont_know and not (estimating and designing):
        return "dont_know"
    if previous == "challenge":
        return "answer"  # defending or redoing a figure the interviewer questioned
    if previous in ("specific", "failure"):
        return "answer"  # a deep-dive, twist, failure or company question, whatever it contains
    if estimating and previous != "design":
        return "estimate"
    if designing:
        return "design"
    if estimating:
        return "estimate"
    return "answer" if substantive else "dont_know"
