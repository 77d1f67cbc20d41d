"""Design components a candidate proposes: "a redirect service", "an API gateway", "a cache", "workers".

A component is a head noun (service, gateway, cache, queue, database...) with at most two modifiers taken
verbatim from the sentence; components in a ruled-out clause ("we don't need a queue") are skipped.
"""

from __future__ import annotations

import re

from analysis.filler import content_words
from analysis.sentences import Sentence
from analysis.techs import lowered, negated
from knowledge.models import ProblemCard

_HEADS = (
    r"services?|microservices?|servers?|gateways?|generators?|caches?|caching layer|queues?|databases?|dbs?|"
    r"data ?stores?|stores?|workers?|balancers?|indexes|index|pipelines?|schedulers?|limiters?|clusters?|apis?|"
    r"proxies|proxy|brokers?|buckets?|cdn|tables?|replicas?|consumers?|producers?|streams?|topics?|"
    r"layers?|endpoints?|tier|fleet|nodes?|counters?|allocators?|registry|coordinators?|dispatchers?|"
    r"aggregators?|trackers?|matchers?|processors?|handlers?|sockets?|storage|warehouse|lake|log|ledger"
)
_SKIP = {
    "a", "an", "the", "our", "this", "that", "these", "those", "one", "each", "every", "single", "new", "separate",
    "simple", "basic", "main", "big", "own", "some", "any", "same", "which", "its", "their", "my", "your", "two",
    "three", "multiple", "several", "many", "another", "other", "first", "second", "we", "i", "use", "add", "put",
    "have", "need", "with", "of", "to", "in", "on", "for", "and", "or", "is", "are", "be", "web", "small", "large",
    "dedicated", "central", "global", "local", "in-memory", "whole", "entire", "existing",
    "ok", "okay", "um", "uh", "yeah", "right", "alright", "well", "now", "next", "then",  # spoken fillers: "ok api."
}
_VERBS = {
    "introduce", "introduces", "add", "adds", "use", "uses", "build", "builds", "put", "puts", "deploy", "run", "runs",
    "need", "needs", "keep", "keeps", "call", "calls", "hit", "hits", "store", "stores", "send", "sends", "via",
    "behind", "front", "talk", "talks", "go", "goes", "sit", "sits", "no", "not", "every", "then", "also", "into",
    "from", "by", "at", "as", "like", "such", "than", "between", "across", "per", "whole", "just", "only", "would",
    "could", "should", "will", "can", "may", "might", "must", "it", "they", "them", "he", "she", "has", "had", "was",
    "so", "because", "since", "therefore", "thus", "hence", "while", "when", "if", "where", "about", "around",
}
_NP = re.compile(rf"(?<![\w'\u2019-])((?:[A-Za-z][\w-]*\s+){{0,2}})({_HEADS})(?![\w-])(?!\s+(?:{_HEADS})(?![\w-]))", re.I)
_GENERIC = {"server", "servers", "api", "apis", "store", "stores", "layer", "layers", "table", "tables", "node", "nodes", "log", "tier", "storage", "topics",
            "topic", "stream", "streams", "endpoint", "endpoints", "index", "indexes", "handler", "handlers"}


_PIECE = re.compile(r"\b(?:front[- ]?end|back[- ]?end|api (?:layer|server|tier|gateway)|web (?:server|app|tier)|"
                    r"database|cache|queue|load balancer|workers?|cdn|object store|blob store)\b", re.I)


def architecture_pieces(text: str) -> set[str]:
    """The generic boxes of an architecture named in ``text`` ("a frontend, a backend and a database"), one key
    each, whether or not they are components of a known kind."""
    return {re.sub(r"[\s-]", "", m.group(0).lower()) for m in _PIECE.finditer(text)}


def find_components(sentence: Sentence) -> list[str]:
    """Component phrases named in a sentence, verbatim, ruled-out ones skipped."""
    low = lowered(sentence.text)
    found: list[str] = []
    for match in _NP.finditer(sentence.text):
        keep: list[str] = []
        for m in reversed(match.group(1).split()):  # modifiers next to the head, up to a function word or verb
            low_m = m.lower()
            if low_m in _SKIP or low_m in _VERBS or low_m.endswith(("ly", "ed")) or "-" in low_m.strip("-")[1:-1]:
                break
            keep.insert(0, m)
        head = match.group(2)
        if not keep and head.lower() in _GENERIC:
            continue
        start = match.start(2) if not keep else sentence.text.rindex(keep[0], match.start(), match.start(2))
        if negated(low, start, match.end()):
            continue
        if not keep and re.search(r"\b(?:even|never|not even|nor) (?:from|in|through|via) $", low[:start]):
            continue  # "a post I may no longer see must never be served, even from cache": a case, not a piece
        found.append(sentence.text[start : match.end()])
    return found


def covered_card_components(card: ProblemCard, text: str) -> list[str]:
    """The card's components whose key words all appear in ``text`` (a keyword fallback to the semantic check)."""
    bag = set(content_words(text))
    stems = {w.rstrip("s") for w in bag}
    out: list[str] = []
    for component in card.components:
        key = content_words(re.split(r"[(:,\u2014\u2013-]", component)[0])[:3]
        if key and all(w in bag or w.rstrip("s") in stems for w in key):
            out.append(component)
    return out
