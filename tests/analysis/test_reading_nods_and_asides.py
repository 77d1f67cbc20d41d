"""What a turn asks, read as meant: a condition followed by a statement asks nothing, a nod sought in the middle of
a spoken sentence asks about what comes before it, a request for feedback is about the interview, a question about
the stack the company runs is a requirement even when called an aside, and ideas reported from someone else or
not worth the bother are not the candidate's proposals."""

from __future__ import annotations

from typing import Any

import pytest

from analysis.intent import asks, question_part
from analysis.sentences import split_sentences
from analysis.techs import TechMatcher
from knowledge.content import Knowledge


def _asked(text: str) -> list[tuple[str, str]]:
    return [(s.text, a.kind) for s, a in asks(split_sentences(text))]


def test_a_condition_followed_by_a_statement_asks_nothing() -> None:
    assert not _asked("and if the queue backs up, posts just show up in feeds a bit late, which is fine, nobody "
                      "really notices like a 30 second delay")
    assert _asked("if the limiter is down should we let traffic through")


def test_a_nod_sought_mid_sentence_asks_about_what_comes_before_it() -> None:
    text = "we probably need to keep messages forever for business customers right, maybe for compliance"
    found = asks(split_sentences(text))
    assert found
    assert question_part(found[0][0]).text == "we probably need to keep messages forever for business customers"
    assert not _asked("that's right, because the writes are small")  # agreeing is no nod sought


@pytest.mark.parametrize("text", [
    "is there something important i missed?",
    "i'd like to know what i should learn more about",
])
def test_a_request_for_feedback_is_about_the_interview(text: str) -> None:
    assert [k for _, k in _asked(text)] == ["meta"]


def test_a_wh_question_with_its_options_after_a_comma_asks_whatever_mark_ends_it() -> None:
    found = _asked("ok. and who triggers the notifications, is it other services in the company calling us, like the "
                   "orders service says send this person a message.")
    assert found and found[0][1] != "meta"


def test_the_answer_taken_down_is_no_new_question() -> None:
    found = _asked("Ok, per-key global quota. Second question, how precise does it need to be?")
    assert [t for t, _ in found] == ["Second question, how precise does it need to be?"]


@pytest.mark.parametrize("text", [
    "oh sorry random question but like do you guys use postgres here already or is it like mongo or something?",
    "Quick off-topic thing, do you folks use a managed Postgres already or are you self-hosting?",
])
def test_a_question_about_the_stack_we_run_is_a_requirement_even_as_an_aside(kb: Knowledge, analyzer: Any,
                                                                               text: str) -> None:
    a = analyzer.analyze(text, kb.problem("employee-dashboard"))
    assert a.asks and a.asks[0].kind != "off_topic"
    chat = analyzer.analyze("random question, do you work remote or in the office?", kb.problem("employee-dashboard"))
    assert chat.asks[0].kind == "off_topic"


def test_a_bare_check_after_a_described_duplicate_asks_the_cards_fact_on_duplicates(kb: Knowledge,
                                                                                      analyzer: Any) -> None:
    card = kb.problem("notification-system")
    text = ("i think the caller sends an idempotency key and we store it in redis with a TTL of a day. i'm not sure "
            "what happens if the worker sends to the provider and then crashes before it marks it done though, then "
            "it would send again i think. is that ok")
    a = analyzer.analyze(text, card)
    assert a.asks[0].kind == "yesno"
    told = [card.hidden_facts[h.fact].answer for h in a.fact_hits if h.fact is not None]
    assert any("duplicate" in t.lower() for t in told)


def _status(kb: Knowledge, text: str) -> dict[str, str]:
    matcher = TechMatcher(kb)
    return {m.tech_id: m.status for s in split_sentences(text) for m in matcher.find(s)}


def test_an_idea_reported_from_someone_else_is_not_proposed(kb: Knowledge) -> None:
    found = _status(kb, "for the database i was going to use mysql because i know it better. hmm but my friend said "
                        "chat apps use cassandra... at 175 writes a second i think mysql is fine actually")
    assert found["mysql"] == "used" and found["cassandra"] == "rejected"
    assert _status(kb, "My friend said Kafka is great for this, so I'll use it.")["kafka"] == "used"


def test_a_piece_not_worth_the_bother_is_ruled_out(kb: Knowledge) -> None:
    found = _status(kb, "One managed Postgres instance with backups. I wouldn't even bother with a read replica yet.")
    assert found["read-replicas"] == "rejected" and found["postgresql"] == "used"


def test_another_group_called_a_team_is_not_our_engineering_team() -> None:
    from analysis.questions import rule_topics

    assert "team" not in rule_topics("is the chat also between our customers and like our support team", None)
    assert "team" in rule_topics("how big is the team building this", None)


def test_a_slip_put_right_with_actually_is_not_theirs_to_defend() -> None:
    from analysis.derivations import derivations

    text = ("40 million tweets times 200 is 8 billion timeline inserts a day, that's roughly 9,000 inserts a second. "
            "Hmm, actually 8 billion over 86k is more like 93k a second, I slipped a zero there.")
    assert all(link.ok for link in derivations(text))
    assert not all(link.ok for link in derivations("50 million a day divided by 86400 thats about 5,800 per second."))


def test_a_total_over_a_span_of_years_with_its_size_said_before_is_no_division() -> None:
    from analysis.derivations import derivations

    text = ("Call it 500 bytes on the generous side. Even with 5 million links accumulated over ten years that's "
            "2.5 gig.")
    assert all(link.ok for link in derivations(text))


@pytest.mark.parametrize(("text", "ok"), [
    ("500 million times 300 bytes is 150 gigabytes a day, so a bit over 5 terabytes a year.", False),
    ("500 million times 300 bytes is 150 gigabytes a day, so a bit over 50 terabytes a year.", True),
    ("that's about 22 KB a trip. Times 20 million trips is about 45 GB a day", False),
    ("that's about 22 KB a trip. Times 20 million trips is about 440 GB a day", True),
    ("1.5 TB a day and over a year thats like uh 50 terabytes", False),
    ("10 GB a day, so over a year that is about 3.6 TB.", True),
    ("Inventory is small: say 50 million SKUs at like 200 bytes per row, that's about 1 GB total.", False),
    ("50 million SKUs at like 200 bytes each, so 10 GB.", True),
])
def test_a_total_carried_on_from_the_figure_before_is_checked(text: str, ok: bool) -> None:
    from analysis.derivations import derivations

    links = derivations(text)
    assert links and all(link.ok for link in links) == ok


def test_scope_said_as_what_is_left_out_is_scoping(kb: Knowledge, analyzer: Any) -> None:
    a = analyzer.analyze("Scope first: a ranked feed of posts from friends, and posting. I'm leaving out ads, groups "
                         "and stories.", kb.problem("news-feed"))
    assert len(a.scoping) == 2
    b = analyzer.analyze("My proposal: upload a photo, follow accounts, a home feed. I'd leave stories, reels, DMs and "
                         "search out unless one of them is what you care about.", kb.problem("instagram-feed"))
    assert b.scoping


def test_whether_a_part_is_designed_or_a_black_box_is_a_scope_question() -> None:
    found = _asked("Is ranking something you want designed as a system, or can I treat the model as a black box that "
                   "scores candidates")
    assert [k for _, k in found] == ["scope"]


def test_their_figures_put_to_us_to_confirm_are_a_check() -> None:
    found = asks(split_sentences("I'll assume 2 billion daily actives. If you have real numbers you'd rather I use, "
                                 "tell me now; otherwise I'll go with these."))
    assert [(a.kind, a.meta) for _, a in found] == [("meta", "check")]
