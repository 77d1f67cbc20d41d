"""Phrase banks for the turn analyser: keyword rules (regexes over the normalised sentence).

Rules catch the usual wording; the prototypes in :mod:`analysis.prototypes` catch rewordings through
sentence embeddings (see :mod:`analysis.semantic`). All patterns run on ``Sentence.norm`` (lowercase,
NFKC, single spaces) unless a caller says otherwise.
"""

from __future__ import annotations

import re

from knowledge.models import FactTopic


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


# --- text addressed to the grader or the model: earns nothing, is reported verbatim -------------------------
INJECTION = _rx(
    r"\bgraders?\b(?!\s*(?:workers?|services?|queues?|jobs?|pools?|clusters?|fleets?|containers?|box(?:es)?|nodes?|"
    r"instances?|apis?|sandbox(?:es)?|process(?:es)?|machines?|runners?|hosts?|pods?|results?|outputs?|verdicts? table|"
    r"tier|layer)\b)|\bgrading (?:model|system|bot|llm|ai)\b|\bjudge (?:model|llm)\b",  # "grader workers" is a design
    r"^\W*(?:evaluator|reviewer|examiner|assessor|scorer|judge)s?\s*[:,]|\b(?:dear|hey|to the|attention|note to the) "
    r"(?:evaluator|reviewer|examiner|assessor|scorer)\b|\bthe evaluator (?:should|must|will|needs to|has to)\b",
    r"\b(?:ignore|disregard|forget|override)\b.{0,30}\b(?:previous|prior|above|earlier|all|your|the|any)\b.{0,20}"
    r"\b(?:instructions?|prompts?|rules|guidelines|rubric|directions)\b",
    r"\[/?(?:inst|system)\]|<\|?(?:im_start|im_end|system)\|?>|</?s>",
    r"\b(?:score|rate|grade|mark|evaluate|assess)\s+(?:this|me|my|the candidate|the transcript|the interview|him|her|"
    r"them|it|us)\b.{0,40}\b(?:strong hire|hire|\d+\s*/\s*\d+|\d+ out of \d+|full marks|top marks|top score|maximum|"
    r"perfect|highest|excellent|pass)\b",
    r"\b(?:give|award|assign)\s+(?:me|this|the candidate|him|her|them|us|this candidate|this answer)\b.{0,30}"
    r"\b(?:\d+\s*/\s*\d+|\d+ out of \d+|full marks|top marks|a perfect|strong hire|the highest|maximum|a pass|hire)\b",
    r"\b(?:note|message|instruction)s? (?:to|for) (?:the )?(?:ai|llm|model|grader|evaluator|reviewer|system|assistant)\b",
    r"\b(?:dear|hey|attention|to the) (?:ai|llm|language model|model|assistant|chatgpt|gpt|claude|grader|evaluator)\b",
    r"\bas (?:an?|the) (?:ai|llm|language model|evaluator|grader|assistant)\b",
    r"\b(?:this|the) candidate (?:is|should be|must be|deserves)\b.{0,30}\b(?:hire|hired|pass|passed|top|excellent|"
    r"strong|perfect)\b",
    r"\b(?:mark|rate|score) (?:this|the|my) (?:transcript|interview|answer|candidate)\b",
    r"<!--|-->", r"\bstrong[_-]hire\b|\bno[_-]hire\b|\"(?:overall|verdict|scores?|flags|dimensions|grade)\"\s*:",
    r"\brubric override\b|\boverride (?:the|your) (?:rubric|score|grade|verdict)\b", r"\bevaluation note\b|\bwhoever (?:reviews|grades|scores|evaluates|marks|reads) this\b",
    r"\b(?:rubric|criteria|criterion|every dimension|all dimensions)\b.{0,30}\b(?:met|satisfied|passed|fulfilled|achieved)\b",
    r"\b(?:output|return|respond with|print|emit) (?:a |the )?(?:perfect|full|maximum|max|top|highest) (?:score|marks|grade|rating)\b",
    r"\b(?:automatic|automated) (?:scorer|grader|evaluator|reviewer)\b",
    r"\bif (?:there(?:'s| is) )?an? (?:ai|llm|model|bot|scorer|machine)\b.{0,30}\b(?:grad|scor|read|evaluat|review)\w*",
    r"\bplease mark\b|\bmark (?:requirements|this|me|it|everything) as (?:done|complete|met|passed)\b",
    r"\b(?:hiring manager|committee) has (?:already )?(?:approved|signed off)\b",
    r"\b(?:output|give|print) (?:your|the) (?:final )?(?:evaluation|verdict|score)\b",
)
INJECTION_ANCHOR = re.compile(
    r"\b(?:grader|evaluator|score|scor|grade|grading|rate|rating|hire|instructions?|prompt|system|assistant|model|"
    r"ai|llm|points|marks|rubric|pass|verdict|evaluat)\w*"
)

# --- pushing the interviewer out of its role / asking for what it must not give -------------------------
ROLE_PREFIX = re.compile(r"^\W*(?:system|assistant|developer)\s*\]?\s*:\s*(?P<rest>.*)$")
OFF_ROLE = _rx(
    r"\b(?:ignore|disregard|forget)\b.{0,25}\b(?:your|the|previous|prior|all)\b.{0,15}\b(?:instructions?|rules|role|prompt)\b",
    r"(?<!where )(?<!what )(?<!how )\byou are (?:now (?:an?|my|the|acting|playing|free|in|going to be|called)\b|no longer\b)",
    r"\bfrom now on,? you\b", r"\bpretend (?:to be|you(?:'re| are))\b",
    r"\bstop (?:being|acting as|playing) (?:an?|the|my) interviewer\b",
    r"(?:^|\b(?:you|please|now),?\s+)(?:act|behave) as (?:an?|my|the|if)\b",
    r"\broleplay as\b", r"\bswitch (?:roles|to being)\b", r"\bdeveloper mode\b|\bjailbreak\b|\bdan mode\b",
    r"\bbreak character\b", r"\bdrop the interviewer\b",
)
ASKS_FOR_HIDDEN = _rx(
    r"\b(?:show|give|tell|read|list|reveal|print|dump|paste|share|output|repeat|send)\s+(?:me|us)\b.{0,25}\b(?:card|"
    r"hidden|secret|system prompt|your (?:prompt|instructions|notes|script)|rubric|answer key|expected answers?)\b",
    r"^(?:please |can you |could you )?(?:show|reveal|print|dump|paste|output|repeat|read out)\b.{0,20}\b(?:the (?:problem )?"
    r"card|hidden facts?|system prompt|your (?:prompt|instructions|notes|script)|the rubric|answer key)\b",
    r"\bwhat (?:are|is) (?:all )?(?:the |your )?(?:hidden facts|hidden information|system prompt|instructions|"
    r"rubric|answer key)\b",
    r"\bwhat(?:'s| is) on (?:the|your) card\b", r"\bevery(?:thing| fact) (?:you know|on the card)\b",
    r"\b(?:paste|share|show|send|read out|give|tell)\b.{0,40}\b(?:(?:your |the )?notes|(?:list|set) of requirements|"
    r"what you(?:'ve| have) (?:written|got)|written down|answer sheet|what you(?:'re| are) scoring|scoring (?:me|guide)|"
    r"checklist|expected (?:answer|components|design))\b",
    r"\bon your (?:answer sheet|notes|list|card|rubric|checklist)\b", r"\bwhat (?:are|is) you scoring\b",
    r"\bis there a (?:rubric|scoring guide|checklist|answer key)\b",
    r"\b(?:show|give|tell|read|print|reveal|list|share|paste|dump)\b.{0,30}\b(?:your (?:card|notes|prompt|instructions|"
    r"rubric|brief|hidden facts?)|hidden facts?|system prompt|the (?:problem )?(?:card|brief|rubric)|all the facts)\b",
)
ASKS_FOR_ANSWER = _rx(
    r"\bjust (?:tell|give|show) me\b.{0,30}\b(?:answer|design|solution|architecture|right|correct)\b",
    r"\bwhat (?:would|should) you (?:do|build|design|choose|pick)\b",
    r"\bwhat(?:'s| is) the (?:right|correct|best|ideal|expected|optimal) (?:answer|design|architecture|solution|approach)\b",
    r"\bhow would you (?:design|build|solve|architect) (?:it|this|the system)\b",
    r"\bhow you(?:'d| would) (?:design|build|solve|architect|do) (?:it|this|the system)\b",
    r"\b(?:can|could) you (?:just )?(?:give|show|tell|walk) me (?:the|your|a) (?:answer|solution|design|architecture)\b",
    r"\b(?:solve|design) (?:it|this) for me\b",
    r"\b(?:give|offer|throw|have|got) (?:me )?(?:a |any |some |one )?(?:small |little )?(?:hint|clue|nudge)s?\b",
    r"\bany (?:hints?|clues?)\b",
    r"\b(?:ask (?:you )?for|get|use) (?:a |any |some |one )?(?:small |little |quick )?(?:hint|clue|nudge)s?\b",
    r"\b(?:what|which) [a-z]+(?: [a-z]+)? (?:are you|you're|you are) (?:looking for|expecting)\b",
    r"\btell me (?:the|what|which) [a-z]+(?: [a-z]+)? you (?:expect|want|are looking for)\b",
    r"\bgive me the [a-z]+(?: [a-z]+)? you(?:'re| are) (?:looking for|expecting)\b",
    r"\b(?:the )?expected (?:answer|design|solution)\b", r"\bjust (?:give|tell) me the (?:number|answer|figure|design)\b",
    r"\bconfirm it and (?:we|i) can skip\b", r"\b(?:can|could) you just tell me\b", r"\bjust tell me (?:how|what|which)\b",
    r"\b(?:give|tell|show|send|write) me (?:the |a |your )?(?:full |whole |complete |ideal |right |correct |best |"
    r"reference |model |final )?(?:answer|solution|design|architecture)\b",
)
DONT_KNOW = _rx(
    r"\bi (?:don't|do not|dont) (?:really |actually |quite |even )?know\b", r"\bi(?:'m| am) not (?:sure|certain)\b(?! (?:whether|if) (?:we|you|the|it))",
    r"\bno idea\b", r"\bi(?:'m| am) (?:uncertain|unsure)\b", r"\bi can(?:'t|not) say (?:for certain|for sure)\b", r"\b(?:i )?(?:have )?no clue\b", r"\bi(?:'m| am) (?:stuck|lost|blanking)\b",
    r"\bi (?:can't|cannot) (?:remember|recall|think of)\b", r"\bnot familiar with\b", r"\bi give up\b",
    r"\bi(?:'ve| have)? never (?:heard of|used)\b", r"\bi (?:haven't|have not|didn't|did not) (?:work(?:ed)? (?:that|it|this) "
    r"out|calculated?|figured? (?:that|it|this) out|think about (?:that|it|this)|ask(?:ed)?(?: about)? (?:that|it|this))\b", r"\bi(?:'m| am) (?:drawing a )?blank\b|\bi have nothing\b|\bmy mind (?:is|went) blank\b",
)

# --- design content --------------------------------------------------------------------------------------
QUESTION_REQUEST = _rx(
    r"^(?:i'?d like to|i would like to|i want to|i wonder|i'm wondering) (?:know|ask|understand|check|confirm|clarify|"
    r"find out) (?:what|how|whether|if|who|when|where|which|the|about|that|your|our)\b.{6,}",
    r"^let me (?:ask|check|confirm|clarify) (?:whether|if|how|what|who|when|where|which|that)\b",
    r"\b(?:could|can|would) you (?:just |please )?(?:tell|let) me\b", r"^(?:what's|what is) the expected\b", r"^i(?:'m| am) wondering\b",
    r"^(?:(?:a few|few|some|two|three|four|five|a couple of|couple of|one|my|\d+)\s+)?(?:more\s+)?(?:quick\s+)?"
    r"(?:questions?|clarifications?)(?:\s+for you)?\s*:\s*\S",  # "three questions: orders per day, SKUs and ..."
    # a request in statement form: "two numbers i need: new links per day and redirects per day"
    r"\b(?:numbers?|figures?|facts?|things?|details?|inputs?) i(?:'d| would)? (?:need|want|like|'d like)(?: to know| from you)?"
    r"\s*(?::|-|are\b)",
    r"^i(?:'d| would)? (?:need|want) (?:to know|from you|you to tell me) (?:the |our |a |your )?(?:\w+ ){0,3}"
    r"(?:numbers?|figures?|counts?|volume|rate|traffic|size|ratio|budget|latency)\b",
    # "first thing I want to know is which channels we need", "I'd like to know whether…" mid-sentence
    r"\b(?:first |next |one |other |last |main )?thing i(?:'d| would)? (?:want|need|like) to (?:know|understand|check|"
    r"ask|clarify|pin down) is\b",
    r"\bi(?:'d| would)?(?: also| just| really)? (?:want|need|like) to (?:know|understand|check|clarify|find out) "
    r"(?:what|how|whether|if|who|when|where|which)\b",
)
META_QUESTION = _rx(
    r"\b(?:does (?:that|this) make sense|make sense\?|sound (?:good|ok|okay|right)|is that (?:ok|okay|fine|alright|good)|"
    r"should i (?:go|continue|move|proceed|dive|start|keep)|shall i|can i (?:continue|proceed|move|start)|"
    r"any questions|do you want me to|would you like me to|want me to|am i on the right track|how am i doing|"
    r"how are you|how's it going|are you there|can you hear me|ready\?|is that what you (?:meant|wanted)|"
    r"can i ask (?:you )?(?:a few |some |a couple of |a couple |few )?(?:clarifying )?questions)\b",
    r"^(?:so,? )?(?:is that|was that|am i) (?:wrong|right|correct|ok|okay|fine)\W*$",
)
TRADE_OFF = _rx(
    r"\btrade[- ]?offs?\b", r"\bdown ?sides?\b", r"\binstead of\b", r"\brather than\b", r"\bat the (?:cost|expense|price) of\b",
    r"\b(?:pros and cons|pro and con|on the other hand|the catch is|the cost is|the price is|the risk is)\b",
    r"\b\w+ (?:vs\.?|versus) \w+", r"\b(?:but|however),? (?:it|this|that|we|the) (?:means|costs?|loses?|adds?|gives up|"
    r"sacrifices?|won't|will not|can't|cannot|is slower|is more|makes)\b", r"\bcompared (?:to|with)\b", r"\bthe alternative\b",
    r"\bwe (?:lose|give up|sacrifice)\b|\bin exchange for\b", r"\b(?:simpler|cheaper|faster|slower|harder) (?:but|than)\b",
    r"\b(?:eventual(?:ly)? consisten\w*|stale reads?)\b.{0,40}\b(?:acceptable|fine|ok|okay|tolerable)\b",
)
FAILURE = _rx(
    r"\bif (?:the |a |an |one |our |that |this )?[\w' -]{0,30}\b(?:goes down|go down|fails?|crash(?:es)?|dies|is down|'s down|'s unavailable|"
    r"becomes unavailable|is unavailable|times? out|is slow|falls over|gets overloaded|runs out|loses|partitions?)\b",
    r"\bsingle points? of failure\b|\bspof\b", r"\bfail ?over\b|\bfailover\b", r"\breplicas?\b|\breplicat\w+\b",
    r"\bretr(?:y|ies|ied|ying)\b", r"\bcircuit[- ]breakers?\b", r"\bidempoten\w*\b", r"\bthundering herd\b|\bstampede\b",
    r"\bhot ?(?:spot|key|shard|partition)s?\b", r"\bdegrad\w*\b|\bfall ?back\b|\bfallback\b", r"\boutages?\b",
    r"\bback ?pressure\b|\bdead[- ]letter\b|\bdlq\b", r"\b(?:redundan\w+|health ?checks?|heartbeats?|timeouts?)\b",
    r"\bwhen (?:a|the|one) [\w -]{0,25}\b(?:fails|goes down|crashes|dies)\b", r"\b(?:data loss|lose data|durab\w+)\b",
    r"\bdisaster recovery\b|\bmulti[- ](?:az|region)\b|\bbackups?\b",
    r"\b(?:primary|leader|master|node|server|instance|region|zone|broker|shard|cache|database|db|worker)s? (?:dies|die|fails|"
    r"crashes|goes down|is lost|is unreachable)\b", r"\bpromot\w+\b.{0,30}\b(?:replica|follower|secondary|standby)\b",
    r"\b(?:follower|secondary|standby|replica) (?:gets |is )?promoted\b",
)
SCOPING = _rx(
    r"\blet(?:'s| us) (?:focus|concentrate|start with|prioriti[sz]e|scope|limit|keep it)\b", r"\bout of scope\b",
    r"\bin scope\b", r"\bcore (?:features?|use cases?|functionality|requirements?)\b", r"\bi(?:'ll|'d| will| would) "
    r"(?:de-?prioriti[sz]e|skip|leave out|park|set aside|not cover|focus)\b", r"\bnon-?goals?\b",
    r"\b(?:for|in) (?:the |an |our )?(?:mvp|v1|first version|first iteration)\b", r"\bnice[- ]to[- ]haves?\b",
    r"\bfunctional requirements?\b|\bnon-?functional requirements?\b", r"\bwe(?:'ll| will) (?:leave out|skip|not cover|not support|not build|not handle)\b",
    r"\bmust[- ]haves?\b", r"\b(?:prioriti[sz]e|priorities are|top priority|first priority|main priority)\b",
    r"\b(?:i(?:'ll|'m going to| will| want to|'d like to| would like to)|let me) (?:scope|keep (?:the )?scope)\b|\bscope (?:it |this |things )?(?:hard|tight\w*|"
    r"down|narrowly)\b",  # "I'll scope hard", "let me scope this down"
    r"\bassum\w* (?:that )?(?:an? |the )?(?:[\w-]+ ){1,3}(?:is|are) out\b(?! of (?:the )?(?:question|date|reach))",
    r"\bi (?:won'?t|will not|'m not going to|'m not gonna|am not going to) (?:design|build|cover|go into|get into)\b",
    r"\bi'?m (?:gonna|going to) (?:treat|assume) (?:[\w-]+ ){1,4}(?:as (?:given|out|separate|other)|(?:already )?exists?)\b",
    r"\bscope first\b|\bi'?m (?:leaving out|skipping|not covering|not doing|setting aside|parking|excluding)\b",
    r"\bscope check\b|\bunless you say otherwise\b|\bout,? unless (?:you|we)\b|\bnon-?functional\b",  # scope stated
    r"\b(?:must|needs? to|has to|should) (?:be|stay) (?:\w+ )?(?:durable|consistent|highly available|available|fresh|"
    r"exactly[- ]once|idempotent|ordered)\b|\bmatters? more than\b",  # a requirement stated, not asked
    r"\bi(?:'d| would|'ll| will) leave (?:[\w,]+ ){1,8}out\b",  # "I'd leave stories, reels, DMs and search out"
)
SUMMARY = _rx(
    r"\bto (?:summari[sz]e|sum up|recap|wrap up)\b", r"\b(?:to )?sum(?:ming)? (?:it|this|that|things|everything) "
    r"(?:all )?up\b|\bsumming up\b", r"\bin summary\b|\bin short\b|\bin a nutshell\b",
    r"^so,? (?:overall|in the end|to recap|putting it (?:all )?together)\b", r"\boverall,? (?:the|our) design\b",
    r"\bto put it (?:all )?together\b|\bputting it (?:all )?together\b", r"\bend[- ]to[- ]end,? (?:a|the) (?:request|write|read)\b",
    r"\b(?:recap|summary):", r"^\W*(?:(?:so|ok(?:ay)?|right|alright)\W+)?(?:quick |short |a quick |in )?(?:recap|summary)"
    r"(?:\W*$|\s*[.:,;]|\s+of (?:the |my )?(?:design|whole (?:thing|design)|everything|it all)\b)",
    r"\b(?:let me|let's|i'?ll|i will|i'?d like to|i want to) (?:quickly |briefly |just )?(?:summari[sz]e|recap|sum "
    r"(?:it |this |things |everything )?up)\b", r"\bwrapping up\b|\bwrap(?:ping)? (?:it|this|things) (?:all )?up\b", r"\bthe (?:final|overall) (?:design|architecture)\b",
)
REASON_MARKER = _rx(
    r"\bbecause\b|\b(?:bc|b/c|cuz|coz)\b|'cause\b", r"\bsince\b", r"\bso that\b", r"\bgiven\b", r"\bwhich means\b", r"\bthat means\b", r"\bmeaning\b",
    r"\bas we need\b|\bas we have\b|\bas it\b", r"\bto handle\b|\bto absorb\b|\bto avoid\b|\bto keep\b|\bto serve\b",
    r"\bthe trade[- ]?off\b", r"\bin order to\b", r"\bdue to\b", r"\bthat(?:'s| is) why\b|\bthis is why\b|\bwhich is why\b",
    r"\b(?:good|great|ideal|suited|built|designed|perfect|optimi[sz]ed|works well) for\b", r"\bso (?:we|it|the|i)\b",
    r"\b(?:handles?|can handle|sustains?|supports?|serves?)\b.{0,20}(?:\d|thousands|millions|hundreds|tens of)", r"\b(?:enough|plenty|comfortably|fits)\b",
    r"\bthanks to\b|\bwhereas\b|\bgiving us\b|\blets us\b|\ballows us\b|\bguarantees?\b",
    r"\btherefore\b|\bthus\b|\bhence\b|\bthis means\b|^so\b|\bwhat we give up\b|\bin exchange for\b|\bthe downside\b",
    r"\b(?:for|at) (?:a|our|this|that|the current) (?:\w+ )?(?:scale|size|stage|load|volume|traffic)\b",
)
REQUIREMENT = _rx(
    r"\d", r"\blaten\w*\b|\bqps\b|\bthroughput\b|\bconsisten\w*\b|\bavailab\w*\b|\bread[- ]heavy\b|\bwrite[- ]heavy\b",
    r"\bscal\w*\b|\bdurab\w*\b|\border(?:ing|ed)\b|\breplay\b|\blookups?\b|\bjoins?\b|\btransaction\w*\b",
    r"\bacid\b|\bburst\w*\b|\bspikes?\b|\bhot\b|\bmilliseconds?\b|\bms\b|\bpartition\w*\b|\bfault\w*\b|\bcost\w*\b",
    r"\bcheap\w*\b|\bbudget\b|\bsimpl\w+\b|\bstraightforward\b|\bplain\b|\boperat\w+\b|\bteam\b|\bload\b|\btraffic\b|\bconcurren\w*\b|\breal[- ]time\b",
    r"\bpersist\w*\b|\bretention\b|\bquer(?:y|ies)\b|\bgeo\w*\b|\bsearch\b|\bfull[- ]text\b|\bstorage\b|\bmemory\b",
    r"\bkey[- ]value\b|\bschema\b|\brelational\b|\bindex\w*\b|\bfan[- ]?out\b|\bdecoupl\w*\b|\basync\w*\b|\bexpir\w*\b",
    r"\bttl\b|\bevict\w*\b|\bhorizontal\w*\b|\bvertical\w*\b|\bshard\w*\b|\breplica\w*\b|\bfailover\b|\bsla\b|\bslo\b",
    r"\bp9\d\b|\bstale\w*\b|\bcorrect\w*\b|\bmanaged\b|\bops\b|\bbottleneck\w*\b|\bpush\b|\bconnections?\b",
)
REASONING = _rx(
    r"\bbecause\b", r"\bwhich means\b|\bthat means\b|\bthis means\b", r"\bso we need\b|\bso we(?:'ll| will| can| should)\b",
    r"\bso that\b", r"\bsince\b", r"\bthat(?:'s| is) why\b|\bwhich is why\b|\bthis is why\b", r"\bin order to\b", r"\bdue to\b",
    r"\btherefore\b|\bhence\b|\bthus\b", r"\bgiven (?:that|the|our|we)\b", r"\bthe reason\b", r"\bit follows\b",
    r"\bif we .{3,60}, (?:then )?we\b", r"^so\b(?!,? (?:yeah|um|uh|okay|ok|basically)\b)", r"(?:,|;|:|\u2014|\s-)\s*so\b", r"\bso (?:about|roughly|around|approximately|~)\s*\d",
)
LEADERSHIP = _rx(
    r"\bcustomers?\b.{0,40}\b(?:impact|value|experience|trust|needs of|car(?:e|es|ed|ing)|obsess\w*|happy|complain\w*|"
    r"churn|retention)\b", r"\bdisagree\w*\b|\bpushed back\b|\b(?:reach|found|made|make) a compromise\b",
    r"\b(?:team|stakeholder|interpersonal|people) conflicts?\b|\bconflict with (?:a|my|the|our) (?:colleague|teammate|"
    r"manager|pm|team|lead)\b",
    r"\b(?:small|tiny|our|\d+|two|three|four|five|six) (?:person |-person )?(?:team|engineers|devs|developers)\b",
    r"\b(?:impact|value) (?:to|for|on) (?:the |our )?(?:customers?|users?|business)\b", r"\bstakeholders?\b",
    r"\bdisagree and commit\b", r"\bbuild (?:vs\.?|versus|or) buy\b|\bbuy (?:vs\.?|versus|or|rather than|instead of) build\w*\b",
    r"\boff[- ]the[- ]shelf\b|\bvendor\b|\bmanaged (?:service|queue|database|offering)\b.{0,40}\b(?:cost|team|time|engineer\w*|cheaper)\b",
    r"\bmvp\b|\bminimum viable\b|\bship (?:it |this |something )?(?:in|within) \d+ (?:weeks?|months?)\b",
    r"\b(?:cut|trim|reduce|descope|de-scope) (?:the )?scope\b", r"\bownership\b|\bi(?:'d| would) own\b|\bi owned\b|\bon-?call\b",
    r"\bfrugal\w*\b|\bcost[- ](?:effective|conscious|saving|benefit)\b|\bsave (?:money|\$)",
    r"\bteam (?:of \d+|conflicts?|disagree\w*|members?|capacity|is small|skills?|knows)\b", r"\bengineers? (?:time|months|weeks)\b",
    r"\b(?:convince\w*|alignment|escalat\w+|get buy-in)\b", r"\b(?:product manager|pm|leadership|business) "
    r"(?:wants?|needs?|asked|agreed|priorit\w*)\b", r"\btime to market\b|\bdeadline\b|\bin \d+ months\b",
)
FILLER_TOKENS = {
    "um", "umm", "uh", "uhh", "erm", "er", "hmm", "hmmm", "mm", "ah", "oh", "like", "basically", "literally",
    "actually", "honestly", "okay", "ok", "so", "well", "yeah", "yes", "right", "sure", "anyway", "anyways",
    "just", "really", "very", "totally", "kind", "sort", "of", "you", "know", "mean", "i", "guess", "cool", "awesome",
    "perfect", "nice", "alright", "hi", "hello", "hey", "thanks", "thank", "cheers", "got", "it", "wow", "indeed",
}
SMALL_TALK = _rx(
    r"^(?:hi|hello|hey|good (?:morning|afternoon|evening)|thanks|thank you|cheers|nice to meet you|sounds good|got it|"
    r"no problem|of course)\b(?:\W+\w+){0,4}\W*$",
    r"\b(?:great|good|excellent|fantastic|interesting|fun|awesome) (?:question|point|problem|one|challenge|idea)\b",
    r"\b(?:thanks|thank you) (?:for|so much)\b", r"\bi(?:'m| am) (?:really |very |so )?(?:excited|happy|glad|thrilled)\b",
    r"\bi (?:love|like|enjoy) (?:this|these|that|system design)\b", r"\blet me think\b|\bgive me a (?:second|moment|minute)\b",
    r"\b(?:that's|that is|this is|what a) (?:a )?(?:really |very )?(?:great|good|fun|interesting|cool|nice)\b",
    r"\bhow are you\b|\bnice weather\b|\bhope you(?:'re| are) (?:well|doing well)\b", r"\bbear with me\b",
    r"\bi hope (?:that|this|it) (?:makes sense|helps|is clear)\b|\bthinking out loud\b",
)
LOREM = re.compile(r"\b(?:lorem|ipsum|dolor|sit amet|amet|consectetur|adipiscing|elit|sed|eiusmod|tempor|incididunt|"
                   r"labore|dolore|magna|aliqua|enim|minim|veniam|nostrud|exercitation|ullamco|laboris|nisi|aliquip|"
                   r"commodo|consequat|duis|aute|irure|reprehenderit|voluptate|velit|esse|cillum|fugiat|nulla|pariatur)\b")

# Generic hidden-fact topics: keyword rules for clarifying questions.
TOPIC_RULES: dict[FactTopic, re.Pattern[str]] = {
    "users": _rx(r"\bwhat (?:kind of |sort of |level of )?scale (?:are we|we'?re|should i|do we|is (?:this|it))\b|"
                 r"\bhow (?:big|large) (?:is |are )?(?:the |our |your )?(?:company|org|organi[sz]ation|user ?base|"
                 r"audience|staff|workforce)\b|\bhow (?:big|large) are we talking\b|\bhow (?:big|large) (?:is|will) "
                 r"(?:this|it|the (?:system|problem|thing|service|product))\b|\bis (?:it|this|that) (?:like )?[\w.]+[- ]scale\b|"
                 r"\b(?:facebook|twitter|google|"
                 r"instagram|youtube|uber)[- ](?:sized|size|scale)\b|"
                 r"\b(?:users?|dau|mau|people|customers|user ?base|audience|employees|members|accounts|drivers|riders)\b"
                 r".{0,30}\b(?:how many|number|count|expect|many|size|active)\b|\bhow many (?:\w+ )?(?:users?|people|"
                 r"customers|employees|members|drivers|riders|folks|accounts)\b|\b(?:dau|mau)\b|\bwho (?:are|is) the users?\b|"
                 r"\bwho (?:is (?:this|it) for|uses (?:this|it)|will use (?:this|it))\b|"  # the audience: whose product is it
                 r"\b(?:internal(?:ly)?|in[- ]house|our own (?:team|use|people))\b.{0,60}\bor\b.{0,60}\b(?:customers?|"
                 r"external|public|sell\w*|sold|clients?|other (?:companies|startups|businesses|teams))\b|"
                 r"\b(?:customers?|external|public|sell\w*|sold|clients?)\b.{0,60}\bor\b.{0,60}\b(?:internal(?:ly)?|"
                 r"in[- ]house|our own (?:team|use|people))\b"),
    "traffic": _rx(r"\b(?:qps|rps|requests? per|(?<!internal )(?<!external )(?<!public )(?<!service )(?<!user )traffic"
                   r"|throughput|how many (?:\w+ )?(?:requests|writes|urls|messages|"
                   r"posts|notifications|orders|rides|uploads|events|tweets|photos|videos|links)|per (?:second|day)|volume)\b"),
    "read_write_ratio": _rx(r"\bread[- /]?(?:to[- ])?write\b|\bread[- ]heavy\b|\bwrite[- ]heavy\b|\bratio\b|"
                            r"\bmore reads\b|\bmore writes\b|\b(?:reads?|loads?|views?|lookups?|clicks?|opens?|fetch\w*) "
                            r"(?:versus|vs\.?|to|per|compared? (?:to|with)|relative to) (?:writes?|uploads?|posts?|creates?|creations?|tweets?|orders?|"
                            r"updates?|sends?)\b|\bmostly (?:look|read|view|brows|check)\w*\b.{0,40}\bor (?:mostly )?(?:chang|writ|"
                            r"edit|updat|post|creat)\w*|\b(?:more|mostly) (?:reading|viewing|looking) (?:than|or)\b"),
    "latency": _rx(r"\blaten\w*\b|\bhow (?:fast|quick|quickly|snappy|responsive)\b|\bresponse time\b|\bp9\d\b|\bmilliseconds?\b|\breal[- ]?time\b|"
                   r"\b(?:upload|post|write|send)[- ]to[- ](?:watchable|playable|visible|live|delivery|read)\b|"
                   r"\bhow (?:long|soon|quickly) (?:until|before|till|after)\b"),
    "retention": _rx(r"\bretention\b|\bretain\b|\bhow long\b.{0,30}\b(?:keep|store|last|stay|live)\b|\bexpir\w*\b|\bttl\b|"
                     r"\bforever\b|\barchiv\w*\b"),
    "consistency": _rx(r"\bhow (?:strict|exact|precise|accurate)\b|\b(?:strict|exact|hard|soft) (?:limits?|caps?|enforcement)\b|"
                       r"\bovershoot\w*\b|\bover the (?:line|limit)\b|\bconsisten\w*\b|\bstale\b|\bhow fresh\b|\bfreshness\b|\blag(?:s|ging)?\b(?! behind on)|\bseconds? (?:behind|late|later)\b|\bup[- ]to[- ]date\b|\bimmediately (?:visible|see)\b|\bexactly[- ]once\b|"
                       r"\b(?:see|sees|seen|show(?:s)? up|appears?|visible)\b[^.?!]{0,30}\b(?:right away|immediately|"
                       r"instantly|straight away|at once)\b|"
                       r"\bduplicates?\b|\border(?:ing)?\b.{0,20}\bguarantee\w*\b"),
    "availability": _rx(r"\bfail(?:s|ing)?[- ](?:open|closed|safe)\b|\b(?:how|more|less|that|so|mission|business)[- ]critical\b|\bavailability\b|\b(?:highly|always|stays?|remain\w*|be) available\b|\buptime\b|\bdowntime\b|\bsla\b|\bnines\b|\b99\.9\b|\bfault[- ]toleran\w*\b"),
    "analytics": _rx(r"\banalytics?\b|\bmetrics\b|\bstatistics\b|\bstats\b|\bclick (?:count|tracking)\b|\breporting\b|"
                     r"\bdashboards?\b|\btrack (?:clicks|views|usage)\b"),
    "features": _rx(r"\bfeatures?\b|\bcustom (?:alias|url|name|short)\w*\b|\bshould (?:it|we|users) (?:be able|allow)\b|"
                    r"\bdo (?:we|users) need (?:to support|accounts|editing)\b|\bin scope\b|\bcan users\b"),
    "data_size": _rx(r"\bhow (?:big|large)\b(?! (?:this|it|the (?:system|problem|thing)) (?:is|gets|will be)\b)"
                     r"(?! (?:is|will) (?:this|it|the (?:system|problem|thing|service|product))\b)"
                     r"(?! are we talking\b)"
                     r"(?! (?:is|are|does|do|can|gets?) (?:the |an? )?(?:biggest |largest |typical |average )?(?:accounts?|"
                     r"users?|customers?|celebrit\w+|followers?|tenants?|compan\w+|orgs?|merchants?|teams?)\b)"
                     r"(?! (?:is |are )?(?:the |our |your )?(?:company|team|org|organi[sz]ation|user ?base|audience|"
                     r"staff|workforce)\b)|(?<!team )(?<!company )(?<!org )(?<!headcount )\bsize\b|\bbytes?\b|\b[kmgt]b\b|"
                     r"\bstorage\b|\bhow much data\b|\blength\b"),  # "the team size" asks about the team
    "geography": _rx(r"\bglobal\w*\b|\bregions?\b|\bcountr(?:y|ies)\b|\bgeograph\w*\b|\bworld ?wide\b|\binternational\b|"
                     r"\bwhere (?:are|do|is) (?:the |our |all )?(?:users|people|viewers|customers|employees|riders|drivers|"
                     r"shoppers|staff|team|data ?cent(?:er|re)s|dcs|servers)\b|\bwhere (?:are|is) (?:they|everyone)\b|"
                     r"\bmulti[- ]region\b|\bcontinents?\b|\bwhich (?:regions?|locations?|countries)\b|\blocated\b"),
    "growth": _rx(r"\bgrowth\b|\bgrow\w*\b|\bin (?:\d+|a few|five|two|three) years\b|\bfuture\b|\b10x\b|\bscale up\b"),
    "team": _rx(r"(?<!own )(?<!support )(?<!sales )(?<!customer )(?<!customers' )(?<!their )(?<!ops )(?<!hr )"
                r"(?<!legal )(?<!finance )(?<!security )(?<!other )\bteam\b|\bengineers\b|\bheadcount\b|\bhow many (?:devs|developers)\b|\bin-house\b"),
    "budget": _rx(r"\bbudget\b|\bcost\w*\b|\bspend\w*\b|\bmoney\b|\bafford\b|\bcheap\w*\b|\bexpensive\b|\$"),
    "security": _rx(r"\bsecur\w*\b|\bauth\w*\b|\bpermission\w*\b|\bprivacy\b|\bencrypt\w*\b|\bcomplian\w*\b|\bgdpr\b|"
                    r"\bspam\b|\babuse\b|\bmalicious\b|\baccess control\b|\bsso\b|\bpii\b"),
}
