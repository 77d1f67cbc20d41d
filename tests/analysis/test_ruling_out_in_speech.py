"""Pieces ruled out the way people say it: the last word on a piece in a turn is the one that counts."""

from __future__ import annotations

import pytest

from analysis.turns import TurnAnalyzer
from knowledge.content import knowledge


@pytest.fixture(scope="module")
def analyzer() -> TurnAnalyzer:
    return TurnAnalyzer(knowledge())


@pytest.mark.parametrize("text,out", [
    ("On sync: I would not put a cross-region Kafka in this path. Too much lag and too much to operate.", {"kafka"}),
    ("and I know someone's gonna say just use kafka here but no, I don't want kafka, that's a whole thing to run",
     {"kafka"}),
    ("at less than 1 request a second kafka is way overkill, we would have to run it and nobody at a startup wants to "
     "babysit kafka. i'll drop it. redis too probably, postgres with an index will answer a lookup in a millisecond.",
     {"kafka", "redis"}),
    ("I was going to make each widget its own microservice but that seems like alot for an internal tool so maybe "
     "just one service with modules inside", {"microservices"}),
    ("A single small server handles that without noticing. So I'm throwing out Kafka, the stream processor and the "
     "GraphQL gateway.", {"kafka", "stream-processing"}),
])
def test_ruled_out_in_speech(analyzer: TurnAnalyzer, text: str, out: set[str]) -> None:
    a = analyzer.analyze(text, knowledge().problem("b2b-chat"))
    assert {r.tech_id for r in a.rejected} == out and not out & {t.tech_id for t in a.technologies}


def test_a_piece_kept_alongside_one_used_is_not_ruled_out(analyzer: TurnAnalyzer) -> None:
    a = analyzer.analyze("We use Kafka for events. Redis too, for the cache.", knowledge().problem("b2b-chat"))
    assert {t.tech_id for t in a.technologies} == {"kafka", "redis"} and not a.rejected


@pytest.mark.parametrize("text,used,out", [
    ("why redis, mostly because lpush and ltrim are built in, memcache wouldn't give us that, we'd have to read "
     "modify write the whole list", {"redis"}, {"memcached"}),
    ("Cassandra doesn't support that kind of query, so I'd use Postgres.", {"postgresql"}, {"cassandra"}),
    ("Postgres can't do that alone at 100k reads a second, so Redis goes in front.", {"postgresql", "redis"}, set()),
    ("If Redis can't do that, we fall back to the database.", {"redis"}, set()),
    ("Redis, because sorted sets keep each feed in order. Memcached is only a plain cache, so we'd have to fetch "
     "the whole list and write it back on every post.", {"redis"}, {"memcached"}),
])
def test_an_alternative_said_to_fall_short_is_set_aside(analyzer: TurnAnalyzer, text: str, used: set[str],
                                                         out: set[str]) -> None:
    a = analyzer.analyze(text, knowledge().problem("twitter-timeline"))
    assert {t.tech_id for t in a.technologies} == used and {r.tech_id for r in a.rejected} == out


@pytest.mark.parametrize("text,deferred", [
    ("Deploy onto whatever we already run. If there's a Kubernetes cluster, it's one more deployment.", {"kubernetes"}),
    ("If we already have Kafka, we can publish click events there.", {"kafka"}),
    ("If Redis is down, we read from Postgres.", set()),
    ("the ranges can live in a postgres row, or zookeeper if we already had it but i doubt we would", {"zookeeper"}),
])
def test_a_piece_used_only_if_it_is_already_there_is_not_proposed(analyzer: TurnAnalyzer, text: str,
                                                                  deferred: set[str]) -> None:
    a = analyzer.analyze(text, knowledge().problem("internal-url-shortener"))
    assert set(a.deferred) == deferred


def test_numbered_items_after_an_announced_list_of_what_is_not_used_are_ruled_out(analyzer: TurnAnalyzer) -> None:
    a = analyzer.analyze("Three things I'm not using. One: a central Redis cluster. A cross-region round trip breaks "
                         "the latency budget. Two: DynamoDB global tables for the counters. Three: ZooKeeper, that's "
                         "consensus on every increment.", knowledge().problem("multi-dc-rate-limiter"))
    assert {r.tech_id for r in a.rejected} == {"redis", "dynamodb", "zookeeper"}
    kept = analyzer.analyze("One: the API goes through a gateway. Two: Redis holds the counters.",
                            knowledge().problem("multi-dc-rate-limiter"))
    assert "redis" in {t.tech_id for t in kept.technologies} and not kept.rejected


@pytest.mark.parametrize("text", ["Clock events are tiny. Nothing here justifies Kafka, so I'd skip it for now.",
                                  "At 18,000 events a day Kafka isn't warranted."])
def test_a_piece_said_to_be_unwarranted_is_ruled_out(analyzer: TurnAnalyzer, text: str) -> None:
    a = analyzer.analyze(text, knowledge().problem("employee-dashboard"))
    assert {r.tech_id for r in a.rejected} == {"kafka"}


def test_pieces_for_when_we_get_big_that_are_not_added_now_are_deferred(analyzer: TurnAnalyzer) -> None:
    a = analyzer.analyze("If we got really big, like 10x, I'd add a read replica first, then maybe Redis to cache the "
                         "task lists. But I wouldn't add either of those now.", knowledge().problem("task-app"))
    assert {"read-replicas", "redis"} <= set(a.deferred)


def test_a_piece_ruled_out_then_described_as_a_burden_stays_ruled_out(analyzer: TurnAnalyzer) -> None:
    a = analyzer.analyze("No Kafka for now. Even after 10x we're at about a hundred writes a second. Kafka is a cluster "
                         "to run, and we'd be using 1% of it.", knowledge().problem("task-app"))
    assert {r.tech_id for r in a.rejected} == {"kafka"} and "kafka" not in {t.tech_id for t in a.technologies}


@pytest.mark.parametrize("text,out", [
    ("Um, for Redis, no, I don't think we need it. Postgres does thousands of key lookups a second.", {"redis"}),
    ("Kafka? No, we don't need it at a few writes a second.", {"kafka"}),
    ("Kafka, no. That's right for analytics, wrong for a synchronous allow or deny.", {"kafka"}),
    ("Like Redis pub/sub. I've heard of Kafka but I'm not sure we need it at 2,000 messages a second.", {"kafka"}),
    ("Redis, no doubt, because it keeps the hot codes in memory.", set()),
])
def test_a_piece_named_then_answered_no_is_ruled_out(analyzer: TurnAnalyzer, text: str, out: set[str]) -> None:
    a = analyzer.analyze(text, knowledge().problem("internal-url-shortener"))
    assert {r.tech_id for r in a.rejected} == out


def test_the_step_after_the_first_is_for_later(analyzer: TurnAnalyzer) -> None:
    a = analyzer.analyze("At 10x I'd add a small in-memory cache in the app first, before Redis.",
                         knowledge().problem("internal-url-shortener"))
    assert a.deferred == ["redis"] and not a.rejected


def test_a_piece_wondered_about_aloud_is_not_proposed(analyzer: TurnAnalyzer) -> None:
    a = analyzer.analyze("Not sure, honestly. Maybe Kafka is better because of ordering? I think SQS is fine since "
                         "the timeline is sorted by timestamp anyway.", knowledge().problem("twitter-timeline"))
    assert a.deferred == ["kafka"] and "sqs" in {t.tech_id for t in a.technologies}  # for later, if at all
    b = analyzer.analyze("And, um, I think we need something to know which chat server each user is connected to. So maybe "
                         "a Redis that maps user ID to server ID?", knowledge().problem("b2b-chat"))
    assert not b.deferred and "redis" in {t.tech_id for t in b.technologies}  # a tentative proposal is still one


def test_a_piece_wondered_about_then_set_aside_is_ruled_out(analyzer: TurnAnalyzer) -> None:
    card = knowledge().problem("task-app")
    weighed = analyzer.analyze("Maybe websockets? But honestly polling every few minutes is probably enough.", card)
    assert [m.tech_id for m in weighed.rejected] == ["websockets"] and not weighed.technologies
    kept = analyzer.analyze("We'd use Redis for sessions. But Postgres is enough for the rest.", card)
    assert not kept.rejected and {m.tech_id for m in kept.technologies} == {"redis", "postgresql"}


def test_a_short_no_after_a_guess_rules_the_piece_out_and_a_deferral_after_the_name_defers(
        analyzer: TurnAnalyzer) -> None:
    card = knowledge().problem("internal-url-shortener")
    spoken = analyzer.analyze("um and i guess redis too? like the whole table is like. say 10000 links times um 500 "
                              "bytes is 5 megabytes so postgres will have the whole thing in memory anyway. so no redis. "
                              "maybe um just an in memory map in the app if anything", card)
    assert "redis" in {m.tech_id for m in spoken.rejected}
    assert "redis" not in {m.tech_id for m in spoken.technologies}
    later = analyzer.analyze("WebSockets I'd defer; they mean sticky connections and a pub/sub layer, and we don't "
                             "need that at this size.", knowledge().problem("task-app"))
    assert later.deferred == ["websockets"]


def test_a_piece_preferred_to_one_chosen_before_sets_the_first_aside(analyzer: TurnAnalyzer) -> None:
    card = knowledge().problem("internal-url-shortener")
    switched = analyzer.analyze("I'd use Amazon RDS with Postgres, or DynamoDB. Actually I'd pick DynamoDB because the "
                                "main lookup is just by the short name. Hmm, but search is harder in DynamoDB... maybe "
                                "Postgres is better, because I can do search with LIKE, and the data is small anyway.", card)
    assert "dynamodb" in {m.tech_id for m in switched.rejected}
    assert "postgresql" in {m.tech_id for m in switched.technologies}
    asked = analyzer.analyze("I'd pick DynamoDB for the lookups. Would Postgres be better for search?", card)
    assert "dynamodb" not in {m.tech_id for m in asked.rejected}


@pytest.mark.parametrize("text,tech", [
    ("so the hot feeds live in red is as a sorted set per user, because reading them from the database every time is "
     "too slow", "redis"),
    ("for storage i'd use my sequel with a read replica", "mysql"),
    ("the originals go to s three and the thumbnails next to them", "object-storage"),
    ("we publish the event to cough ka and the workers consume it", "kafka"),
])
def test_product_names_as_speech_to_text_writes_them_are_the_products(analyzer: TurnAnalyzer, text: str,
                                                                       tech: str) -> None:
    a = analyzer.analyze(text, knowledge().problem("news-feed"))
    assert tech in {t.tech_id for t in a.technologies}, a.technologies
    assert not analyzer.analyze("the light is red, is that a problem for the reader?",
                                knowledge().problem("news-feed")).technologies


@pytest.mark.parametrize("text,used,out", [
    ("For the events, I don't want the usual dual write where we save the row and then publish to Kafka and the "
     "publish fails. With Postgres I'd use an outbox table.", {"postgresql"}, {"kafka"}),
    ("I don't want to lose messages, so I'll put Kafka in between.", {"kafka"}, set()),
])
def test_a_piece_of_what_they_steer_clear_of_is_not_proposed(analyzer: TurnAnalyzer, text: str, used: set[str],
                                                            out: set[str]) -> None:
    a = analyzer.analyze(text, knowledge().problem("ecommerce-checkout"))
    assert {t.tech_id for t in a.technologies} == used and {r.tech_id for r in a.rejected} == out
