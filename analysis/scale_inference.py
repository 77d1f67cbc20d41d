"""The scale a transcript states: tiny, small, medium, large or massive, from its figures.

Users, request rates (per second/day/month/year, times a stated read:write ratio), data volumes and item counts
each map onto a scale; "N things, each doing M per period" multiplies out within a sentence.
"""

from __future__ import annotations

import re

from analysis.figures import parse_figures
from analysis.sentences import split_sentences
from knowledge.models import Scale

SCALES: tuple[Scale, ...] = ("tiny", "small", "medium", "large", "massive")
_USERS = (20e3, 2e6, 50e6, 500e6)  # upper bounds of tiny, small, medium, large
_RATE = (50.0, 1e3, 20e3, 300e3)  # per second
DATA_BOUNDS = (200e9, 2e12, 50e12, 2e15)  # bytes
_NOT_DATA = {
    "ratio", "multiplier", "shards", "shard", "servers", "server", "nodes", "node", "instances", "machines", "regions",
    "replicas", "services", "microservices", "engineers", "teams", "zones", "partitions", "seconds", "minutes", "hours",
    "days", "months", "years", "ids", "characters", "chars", "bits", "cores", "threads", "connections",
}
_EACH = re.compile(r"\b(?:each|per|every|apiece)\b", re.IGNORECASE)
_DURATIONS = {"second": 1.0, "seconds": 1.0, "minute": 60.0, "minutes": 60.0, "hour": 3600.0, "hours": 3600.0}
_PERIOD_SECONDS = {"per_second": 1.0, "per_day": 86_400.0, "per_month": 2.6e6, "per_year": 3.15e7}


def bucket(value: float, bounds: tuple[float, ...]) -> int:
    return next((i for i, b in enumerate(bounds) if value < b), len(bounds))


def scale_of_text(text: str) -> int | None:
    """The scale (index into SCALES) the figures in ``text`` imply, or None when it states none.

    Within one sentence, "N things, each doing M per period" multiplies out ("50,000 hosts, each reporting
    200 series every 10 seconds" is a million points a second).
    """
    levels: list[int] = []
    rates: list[float] = []
    ratio = 1.0
    for sentence in split_sentences(text):
        found_levels, found_rates, found_ratio = _sentence_scale(sentence.text)
        levels += found_levels
        rates += found_rates
        ratio = max(ratio, found_ratio)
    if rates:
        levels.append(bucket(max(rates) * ratio, _RATE))
    return max(levels) if levels else None


def _sentence_scale(text: str) -> tuple[list[int], list[float], float]:
    levels: list[int] = []
    rates: list[float] = []
    counts: list[float] = []
    people: list[float] = []
    every: list[float] = []
    ratio = 1.0
    for found in parse_figures(text):
        fig = found.figure
        if fig.unit == "users":
            levels.append(bucket(fig.value, _USERS))
            people.append(fig.value)
        elif fig.unit in _PERIOD_SECONDS:
            rates.append(fig.value / _PERIOD_SECONDS[fig.unit])
        elif fig.unit == "bytes":
            levels.append(bucket(fig.value, DATA_BOUNDS))
        elif fig.unit == "count" and found.noun and found.noun.split()[0] not in _NOT_DATA:
            levels.append(bucket(fig.value * 500, DATA_BOUNDS))  # rows of ~500 bytes
            counts.append(fig.value)
        elif found.noun == "ratio" and 1 < fig.value <= 10_000:
            ratio = max(ratio, fig.value)
        elif found.noun in _DURATIONS and re.search(r"\b(?:every|each|once every)\s*$", text[: found.start]):
            every.append(fig.value * _DURATIONS[found.noun])
    if _EACH.search(text):
        factors = people + counts
        if rates and factors:
            rates.append(max(rates) * _product(factors))
        elif every and len(factors) >= 1:
            rates.append(_product(factors) / min(every))
        elif len(people) >= 2:
            levels.append(bucket(_product(people), _USERS))
    return levels, rates, ratio


def _product(values: list[float]) -> float:
    out = 1.0
    for v in values:
        out *= v
    return out
