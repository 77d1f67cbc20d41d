"""Invariances of the grounded grader: what must add nothing, and what must lose nothing.

Each test grades a base interview and a variant of it (the ledger scorer with the packaged cut points, fake
embeddings) and compares the dimension scores.
"""

from __future__ import annotations

import re

from analysis.ledger import build_ledger, implied_rates
from kernel.transcript import Transcript, Turn, parse_transcript
from knowledge.content import knowledge
from rubric.grader import assess, finish
from rubric.models import Scorecard
from rubric.rubric import rubric
from tests.fakes import FakeEmbeddings

PROMPT = "Design the backend for a ticket sale: a venue releases seats for a concert and fans buy them."
FACTS = ("About 50,000 seats go on sale at 10:00, and we expect 2 million fans to try in the first minute. "
         "A seat must never be sold twice.")
BASE = [
    ("interviewer", PROMPT),
    ("candidate", "How many seats are on sale, and how many people try to buy at once? Can a seat ever be sold twice?"),
    ("interviewer", FACTS),
    ("candidate", "2 million fans in one minute is 2,000,000 / 60 ≈ 33,000 requests per second at the start. "
                  "Only 50,000 of them can succeed, so most of the load is people being told to wait or that seats "
                  "are gone."),
    ("interviewer", "Go ahead with the design."),
    ("candidate", "I'd put a waiting room in front: fans get a queue position, and we admit about 2,000 a second, "
                  "because the seat database only needs to handle the admitted buyers. Seats live in PostgreSQL "
                  "with a row per seat, and a purchase is a conditional UPDATE that only succeeds if the seat is "
                  "still free, so a seat can never be sold twice. A hold expires after 5 minutes so abandoned "
                  "carts release their seats."),
    ("interviewer", "What happens if the payment provider is down?"),
    ("candidate", "The hold keeps the seat for 5 minutes while we retry the payment with backoff; if it still "
                  "fails, the hold expires and the seat goes back on sale, so no fan is charged without a seat."),
]


def _grade(turns: list[tuple[str, str]]) -> Scorecard:
    t = Transcript(turns=[Turn(role=r, content=c) for r, c in turns], problem="concert-tickets",  # type: ignore[arg-type]
                   company="google", level="senior")
    return finish(assess(t, embedder=FakeEmbeddings(), scorer="ledger"), rubric())  # type: ignore[arg-type]


def _no_gain(variant: Scorecard, base: Scorecard) -> list[str]:
    return [f"{d}: {base.scores()[d]} -> {s}" for d, s in variant.scores().items() if s > base.scores()[d]]


def _no_loss(variant: Scorecard, base: Scorecard) -> list[str]:
    return [f"{d}: {base.scores()[d]} -> {s}" for d, s in variant.scores().items() if s < base.scores()[d]]


def test_padding_and_generic_prose_add_nothing() -> None:
    prose = ("Scalability, reliability and maintainability are the pillars of any good system. Best practice is to "
             "keep services loosely coupled and highly cohesive, and to monitor everything.")
    padded = [(r, f"{prose} {c} {c} {prose}" if r == "candidate" else c) for r, c in BASE]
    assert _no_gain(_grade(padded), _grade(BASE)) == []


def test_guide_phrases_without_problem_content_add_nothing() -> None:
    phrases = ("The trade-off here is consistency versus availability. I'd use Redis because it answers in 0.1 ms "
               "versus 5 ms for a database. What are the non-functional requirements?")
    recited = [*BASE[:-1], (BASE[-1][0], f"{BASE[-1][1]} {phrases}")]
    assert _no_gain(_grade(recited), _grade(BASE)) == []


def test_restated_interviewer_ideas_add_nothing() -> None:
    hinted = [*BASE, ("interviewer", "What about a Redis cache in front of the seat map, with Kafka for the orders?"),
              ("candidate", "Yes, as you said, a Redis cache in front of the seat map, and Kafka for the orders.")]
    quiet = [*BASE, ("interviewer", "Anything else?"), ("candidate", "No, that covers it.")]
    assert _no_gain(_grade(hinted), _grade(quiet)) == []


def test_brevity_loses_nothing() -> None:
    terse = [
        BASE[0], BASE[1], BASE[2],
        ("candidate", "2,000,000 / 60 ≈ 33,000 requests per second. 50,000 can succeed, so the rest wait or see sold out."),
        BASE[4],
        ("candidate", "A waiting room admits about 2,000 a second, because the seat database only needs the admitted "
                      "buyers. PostgreSQL, row per seat; purchase is a conditional UPDATE if still free, so a seat "
                      "can never be sold twice. Holds expire after 5 minutes."),
        BASE[6],
        ("candidate", "Hold the seat 5 minutes, retry payment with backoff; if it still fails, the hold expires and "
                      "the seat goes back on sale, so no fan is charged without a seat."),
    ]
    assert _no_loss(_grade(terse), _grade(BASE)) == []


def test_speech_to_text_noise_loses_nothing() -> None:
    def noisy(text: str) -> str:
        return "um so " + text[0].lower() + text[1:].replace(", ", ", like, ").replace(". ", ". uh ")

    spoken = [(r, noisy(c) if r == "candidate" else c) for r, c in BASE]
    split: list[tuple[str, str]] = []
    for role, text in spoken:  # a long answer split over two turns, as transcription often does
        if role == "candidate" and "waiting room" in text:
            half = text.index("Seats live") if "Seats live" in text else len(text) // 2
            split += [(role, text[:half]), ("interviewer", "Mm-hm."), (role, text[half:])]
        else:
            split.append((role, text))
    assert _no_loss(_grade(split), _grade(BASE)) == []


def test_ruled_out_technologies_are_not_over_engineering() -> None:
    ruled = [*BASE[:-2], (BASE[5][0], BASE[5][1] + " No Kafka and no Cassandra: one PostgreSQL primary handles "
                                                  "2,000 purchases a second."), *BASE[-2:]]
    card = _grade(ruled)
    assert "beyond the stated scale" not in card.dimension("proportionality").rationale
    assert _no_loss(card, _grade(BASE)) == []


def test_scale_comes_from_the_interviewers_figures_and_an_unmet_burst_is_a_finding() -> None:
    assert implied_rates("we expect 2 million fans to try in the first minute") == [2_000_000 / 60]
    ignored = [BASE[0], BASE[1], BASE[2],
               ("candidate", "50,000 seats a day is under one a second, so one small server is plenty."), *BASE[4:]]
    t = parse_transcript("\n\n".join(f"{r.capitalize()}: {c}" for r, c in ignored))
    from rubric.grader import _analyzer, analyze_turns

    kb = knowledge()
    led = build_ledger(t, analyze_turns(t, _analyzer(kb, FakeEmbeddings()), None), kb)  # type: ignore[arg-type]
    assert led.unmet_load() and "2 million" in led.unmet_load()[0].text
    assert _grade(ignored).dimension("estimation").score <= _grade(BASE).dimension("estimation").score


def test_thin_evidence_is_said_and_reasons_are_plain_english() -> None:
    from rubric.scorecard import render_markdown

    thin = _grade([("interviewer", PROMPT), ("candidate", "I'd use microservices, Kafka and Redis.")])
    assert thin.confidence == "low"
    assert any(f.startswith("thin_evidence:") for f in thin.flags)
    assert '"confidence": "low"' in thin.to_json()
    md = render_markdown(thin, rubric(), kb=knowledge())
    assert "thin evidence" in md
    full = _grade(BASE)
    for card in (thin, full):
        for d in card.dimensions:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", d.rationale), d.rationale  # no raw ids
            assert "technolog(ies)" not in d.rationale
            assert not d.rationale[:1].islower() and d.rationale.endswith(".")


def _ledger(turns: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    from rubric.grader import _analyzer, analyze_turns

    t = parse_transcript("\n\n".join(f"{r.capitalize()}: {c}" for r, c in turns))
    kb = knowledge()
    return build_ledger(t, analyze_turns(t, _analyzer(kb, FakeEmbeddings()), None), kb)  # type: ignore[arg-type]


def test_spoken_figures_count_like_written_ones() -> None:
    spoken = [BASE[0], BASE[1], BASE[2],
              ("candidate", "so two million fans in one minute is, uh, about thirty three thousand requests a second "
                            "at the start, and only fifty thousand of them can succeed."), *BASE[4:]]
    led = _ledger(spoken)
    assert any(abs(f.value - 33_000) < 100 for f in led.figures)
    assert not led.unmet_load()


def test_a_load_an_order_of_magnitude_off_is_unmet_and_an_echo_is_not_a_fact() -> None:
    off = [BASE[0], BASE[1], BASE[2],
           ("candidate", "2 million fans a day, divided by 86,400, is about 23 purchases a second, so 100 a second "
                         "at peak."),
           ("interviewer", "You said 23 a second. Go ahead with the design."), *BASE[5:]]
    led = _ledger(off)
    assert led.unmet_load() and "2 million" in led.unmet_load()[0].text
    assert all(23 not in f.values for f in led.facts)  # the interviewer repeating the candidate's figure
    assert all(abs(f.value - 86_400) > 1 for f in led.figures)  # seconds in a day is a constant, not an estimate


def test_a_denied_consequence_is_not_a_failure_walk() -> None:
    from analysis.ledger import _consequence

    assert not _consequence("Kafka is replicated too, so we don't lose events.")
    assert _consequence("If the consumer crashes, the events are delivered twice and the count is wrong.")


def test_designing_before_any_scale_is_a_finding() -> None:
    assert _ledger(BASE).scale_established()
    blind = [BASE[0], *BASE[4:]]
    assert not _ledger(blind).scale_established()
    assert _grade(blind).dimension("requirements").score <= _grade(BASE).dimension("requirements").score


def test_a_number_beside_a_slogan_is_no_grounded_reason() -> None:
    from analysis.ledger import slogan

    assert slogan("With 50 million users we need something that scales horizontally, so MongoDB.")
    assert slogan("Cassandra is the industry standard, Netflix uses it.")
    assert not slogan("2 million fans in a minute is 33,000 a second, which a single Postgres primary can't take.")
    said = [*BASE[:5], ("candidate", "With 2 million fans we need something that scales horizontally, so MongoDB for "
                                     "the seats.")]
    assert not [d for d in _ledger(said).decisions if d.subject == "mongodb" and d.grounded]


def test_agreeing_with_the_interviewers_suggestion_is_restated_not_reasoned() -> None:
    from analysis.ledger import taken_up

    led_by = [*BASE, ("interviewer", "A common approach is to hold each seat for a few minutes while the fan pays. "
                                     "What do you think?"),
              ("candidate", "Yes, that's exactly right. Holding the seat while the fan pays is a really elegant "
                            "approach, because nobody loses a seat they are paying for.")]
    t = parse_transcript("\n\n".join(f"{r.capitalize()}: {c}" for r, c in led_by))
    assert taken_up(t) == {len(led_by) - 1}
    led = _ledger(led_by)
    assert not [d for d in led.decisions if d.turn == len(led_by) - 1]
    own = [*BASE, ("interviewer", "What do you think about holding seats?"),
           ("candidate", "Yes, because a hold of 5 minutes covers the 2 minutes a payment takes at the 99th "
                         "percentile, so fans never lose seats they are paying for.")]
    assert [d for d in _ledger(own).decisions if d.turn == len(own) - 1]  # a figure of its own is the candidate's


def test_an_unmet_heaviest_load_holds_estimation_and_proportionality_below_the_bar() -> None:
    off = [BASE[0], BASE[1], BASE[2],
           ("candidate", "2 million fans a day, divided by 86,400, is about 23 purchases a second, so 100 a second "
                         "at peak."),
           ("interviewer", "Go ahead with the design."), *BASE[5:]]
    card = _grade(off)
    assert card.dimension("estimation").score <= 2
    assert card.dimension("proportionality").score <= 2
    for dim in ("justification", "deep_dive"):  # reasons and depth built on the wrong load: below the bar, said why
        assert card.dimension(dim).score <= 2 and "held below the bar" in card.dimension(dim).rationale


def test_a_design_that_keeps_pieces_its_scale_does_not_need_holds_its_reasons_below_the_bar() -> None:
    small = "About 300 employees use it, a few requests a second at most."
    built = [("interviewer", "Design an internal dashboard for our employees."),
             ("candidate", "How many people use it, and how much traffic do we expect?"), ("interviewer", small),
             ("candidate", "300 employees checking a few times a day is well under 1 request per second, so load "
                           "is tiny."),
             ("interviewer", "Go ahead with the design."),
             ("candidate", "I'd run it on Kubernetes with a service mesh, put Kafka between the services for every "
                           "update, and store the events in Cassandra, because that's how we keep it scalable and "
                           "resilient. A Redis cluster sits in front for caching, since the dashboards need to be fast.")]
    card = _grade(built)
    for dim in ("justification", "deep_dive"):
        assert card.dimension(dim).score <= 2 and "pieces the stated scale does not call for" in \
            card.dimension(dim).rationale, card.dimension(dim)


def test_a_pushback_answered_in_the_questions_own_terms_is_defended() -> None:
    asked = [*BASE, ("interviewer", "How does this hold up across several regions?")]
    held = [*asked, ("candidate", "Regions are independent of each other, so I run one copy of the whole stack per "
                                  "region, with its own database, and route each request by its country.")]
    slogan_only = [*asked, ("candidate", "It scales horizontally, so we just add more servers behind the load "
                                         "balancer as needed.")]
    assert {e.ask_turn: e.outcome for e in _ledger(held).exchanges}[len(BASE)] == "defended"
    assert {e.ask_turn: e.outcome for e in _ledger(slogan_only).exchanges}[len(BASE)] != "defended"
