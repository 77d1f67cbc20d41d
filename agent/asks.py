"""Company-mode questions written per kind and filled from this interview, never from another problem.

Amazon probes leadership principles through the candidate's own design (build or buy *their* component,
a conflict between the teams owning *their* components, an MVP in three months, customer impact, a metric
that looks wrong); a startup CTO asks cost, team size, shipping speed and "what about 10x?". Google and
Meta rounds lean on the card's own deep dives and twists instead. A kind the candidate already covered
(``analysis.coverage``) is not asked.
"""

from __future__ import annotations

import re

from knowledge.content import Knowledge

ASKS: dict[str, list[tuple[str, str]]] = {
    "amazon": [
        ("build_vs_buy", "Would you run {component} in-house or buy it as a managed service? Why?"),
        ("mvp", "What would you trade off to ship an MVP of this in 3 months?"),
        ("customer", "If {service} slows down or fails, how does that affect the customer, and what do you owe them?"),
        ("metric", "Tell me how you'd dig into a metric for this system that suddenly looks wrong."),
        ("team_conflict", "Say another team owns {service} and wants to change it in a way that breaks your part of "
                          "the design. How do you handle that?"),
    ],
    "startup": [
        ("cost", "What does this cost us per month to run?"),
        ("need_component", "Do we actually need {trap} today?"),
        ("team_size", "How many engineers would it take to build and run this, and which skills matter most?"),
        ("growth_10x", "What about when we grow 10x? What changes first?"),
        ("ship_fast", "What's the smallest version we could ship first, and what would you leave out of it?"),
    ],
}
PER_FORMAT = {"amazon": {30: 1, 45: 2, 60: 3}, "startup": {30: 3, 45: 3, 60: 3}}


def company_ask(
    kb: Knowledge, company: str, asked: list[str], covered: set[str], component: str | None, trap: str | None = None,
    service: str | None = None, deadline: str | None = None,
) -> tuple[str, str] | None:
    """The next company question (text, tag ``company:<kind>``) not asked and not covered, or None.

    ``component`` is a piece of the candidate's own design; ``trap`` one of its pieces that this problem's scale
    does not call for ("Do we actually need Kafka today?"); ``deadline`` the card's own shipping date, said in
    place of the three months.
    """
    for kind, template in ASKS.get(company, []):
        tag = f"company:{kind}"
        if tag in asked or tag in covered:
            continue
        service = service or component
        if ("{component}" in template and not component) or ("{trap}" in template and not trap) or (
                "{service}" in template and not service):
            continue
        text = template.format(component=component or "", trap=trap or "", service=_the(service))
        return (_on_their_clock(text, deadline) if deadline else text), tag
    return None


_IN_MONTHS = re.compile(r"\bin 3 months\b")
_DEADLINE = re.compile(r"\b(?:live|ship(?:ped)?|launch(?:ed)?|out|ready|done)\s+(this quarter|next week|next month|"
                       r"(?:in|within) (?:a|one|two|three|four|six|\d+) (?:weeks?|months?))\b", re.I)


def deadline_of(facts: list[str]) -> str | None:
    """The shipping date the card gives ("we want a first version live next week"), as said there."""
    for fact in facts:
        m = _DEADLINE.search(fact)
        if m:
            return m.group(1).lower()
    return None


def _on_their_clock(text: str, deadline: str) -> str:
    """"an MVP of this in 3 months" said to a team the card gives until next week: "an MVP of this by next week"."""
    when = deadline if deadline.startswith(("in ", "within ")) else \
        f"by the end of the {deadline[5:]}" if deadline.startswith("this ") else f"by {deadline}"
    return _IN_MONTHS.sub(when, text)


def _the(piece: str | None) -> str:
    """ "matching service" -> "the matching service"; a product name stays as it is."""
    if not piece:
        return ""
    return piece if piece[:1].isupper() or piece.lower().startswith(("the ", "a ", "an ")) else f"the {piece}"


def company_budget(company: str, format_minutes: int) -> int:
    table = PER_FORMAT.get(company, {})
    return table.get(format_minutes, table.get(45, 0))
