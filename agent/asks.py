"""Company-mode questions written per kind and filled from this interview, never from another problem.

Amazon probes leadership principles through the candidate's own design (build or buy *their* component,
a conflict between the teams owning *their* components, an MVP in three months, customer impact, a metric
that looks wrong); a startup CTO asks cost, team size, shipping speed and "what about 10x?". Google and
Meta rounds lean on the card's own deep dives and twists instead. A kind the candidate already covered
(``analysis.coverage``) is not asked.
"""

from __future__ import annotations

from knowledge.content import Knowledge

ASKS: dict[str, list[tuple[str, str]]] = {
    "amazon": [
        ("build_vs_buy", "Would you build {component} yourselves or use a managed service? What decides it for you?"),
        ("team_conflict", "The team that owns {component} wants to change how it works, and the team that depends on "
                          "it says that breaks them. How do you handle that?"),
        ("mvp", "If you had to ship a first version in three months, what would you cut from this design?"),
        ("customer", "If {component} slows down or fails, what does the customer notice, and what do you owe them?"),
        ("metric", "A key metric for this system suddenly looks wrong one morning. How do you dig into it?"),
    ],
    "startup": [
        ("cost", "Roughly what does this cost us per month to run?"),
        ("team_size", "With the team we have, who builds and runs {component}, and how much of their week does it take?"),
        ("growth_10x", "What about when we grow 10x? What changes first?"),
        ("ship_fast", "Could we ship a first version next week? What would you leave out?"),
    ],
}
PER_FORMAT = {"amazon": {30: 1, 45: 2, 60: 3}, "startup": {30: 3, 45: 3, 60: 3}}


def company_ask(
    kb: Knowledge, company: str, asked: list[str], covered: set[str], component: str | None
) -> tuple[str, str] | None:
    """The next company question (text, tag ``company:<kind>``) not asked and not covered, or None."""
    for kind, template in ASKS.get(company, []):
        tag = f"company:{kind}"
        if tag in asked or tag in covered:
            continue
        if "{component}" in template and not component:
            continue
        return template.format(component=component or ""), tag
    return None


def company_budget(company: str, format_minutes: int) -> int:
    table = PER_FORMAT.get(company, {})
    return table.get(format_minutes, table.get(45, 0))
