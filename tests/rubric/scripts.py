"""Hand-analysed transcripts for the scoring rules: a strong round, a box-drawing round, an over-built tool."""

from __future__ import annotations

from tests.rubric.helpers import Script, check, fig, ta, tech

Q1 = "How many new URLs per day should we expect?"
Q2 = "What is the read to write ratio?"
Q3 = "Do links expire?"
Q4 = "Do we need click analytics?"
Q5 = "What latency do redirects need?"
SCOPE = "Let's focus on shortening and redirecting; custom aliases are out of scope."
EST = (
    "100 million a day is about 1,160 writes per second, so about 116K reads per second at 100:1. "
    "Each record is about 500 bytes, so roughly 18 TB per year."
)
DDB = "The creation service writes to DynamoDB because the data is pure key-value and grows 18 TB a year."
REDIS = "The redirect service reads through Redis because 116K reads per second need sub-millisecond lookups."
API = "API: POST /urls returns the short key and GET /{key} returns a 302; the table has short_key as the partition key."
TRADE = "The trade-off is that DynamoDB has no joins, which is fine because we only do point lookups."
RANGE = "Each server pre-fetches a block of 10,000 IDs, so there is no central bottleneck."
RANGE_TRADE = "The trade-off is gaps in the sequence if a server dies, which is acceptable."
FAIL1 = "If Redis goes down, reads fall back to DynamoDB at about 10 ms instead of 1 ms, still under 50 ms."
FAIL2 = "We run a Redis replica with automatic failover in about 30 seconds."
FAIL3 = "If the allocator dies, servers keep using their current blocks for several minutes."
SUMMARY = "To summarise: writes go to DynamoDB through the creation service, reads go through Redis, analytics is async."


def strong() -> Script:
    return [
        ("interviewer", "Design a URL shortener like bit.ly.", None),
        ("candidate", f"Before I draw anything: {Q1} {Q2} {Q3} {Q4} {Q5} {SCOPE}", ta(
            f"{Q1} {Q2} {Q3} {Q4} {Q5} {SCOPE}", questions=[Q1, Q2, Q3, Q4, Q5],
            fact_topics=["traffic", "read_write_ratio", "retention", "analytics", "latency"], scoping=[SCOPE])),
        ("interviewer", "100 million new URLs a day, 100:1 reads to writes, no expiry, click counts, redirects under 50 ms.", None),
        ("candidate", EST, ta(EST, figures=[fig("1,160 writes per second", 1160, "per_second"),
                                            fig("116K reads per second", 116_000, "per_second"),
                                            fig("500 bytes", 500, "bytes"), fig("18 TB per year", 18e12, "bytes")],
                              arithmetic=[check("100 million a day is about 1,160 writes per second", 1160, 1157)],
                              reasoning=["Each record is about 500 bytes, so roughly 18 TB per year."])),
        ("interviewer", "Good. What does the design look like?", None),
        ("candidate", f"{DDB} {REDIS} {API} {TRADE}", ta(
            f"{DDB} {REDIS} {API} {TRADE}",
            technologies=[tech("dynamodb", "DynamoDB", DDB, "because the data is pure key-value and grows 18 TB a year"),
                          tech("redis", "Redis", REDIS, "because 116K reads per second need sub-millisecond lookups")],
            components=["creation service", "redirect service", "analytics service"],
            reasoning=[DDB, REDIS, API], trade_offs=[TRADE])),
        ("interviewer", "What if ID generation becomes a bottleneck?", None),
        ("candidate", f"{RANGE} {RANGE_TRADE}", ta(f"{RANGE} {RANGE_TRADE}", figures=[fig("10,000 IDs", 10_000, "count")],
                                                   reasoning=[RANGE], trade_offs=[RANGE_TRADE], failure_modes=[RANGE_TRADE])),
        ("interviewer", "What happens if Redis goes down?", None),
        ("candidate", f"{FAIL1} {FAIL2} {FAIL3}", ta(f"{FAIL1} {FAIL2} {FAIL3}", failure_modes=[FAIL1, FAIL2, FAIL3],
                                                     reasoning=[FAIL1])),
        ("interviewer", "Please wrap up.", None),
        ("candidate", SUMMARY, ta(SUMMARY, summary=[SUMMARY])),
    ]


BOXES = "Let me start with the architecture: a load balancer, Kafka, Redis, Cassandra, ZooKeeper and a CDN."
ZK = "Because ZooKeeper is what you use for distributed coordination."


def box_drawing() -> Script:
    mentions = [tech(t, n, BOXES) for t, n in (("load-balancer", "load balancer"), ("kafka", "Kafka"), ("redis", "Redis"),
                                               ("cassandra", "Cassandra"), ("zookeeper", "ZooKeeper"), ("cdn", "CDN"))]
    return [
        ("interviewer", "Design a URL shortener.", None),
        ("candidate", BOXES, ta(BOXES, technologies=mentions, list_dump=True, components=["load balancer"])),
        ("interviewer", "Why ZooKeeper instead of a database sequence?", None),
        ("candidate", ZK, ta(ZK, technologies=[tech("zookeeper", "ZooKeeper", ZK)], substantive_words=9)),
        ("interviewer", "Do you need distributed coordination? How many URL-generation servers do you have?", None),
        ("candidate", "I hadn't really thought about that.", ta("I hadn't really thought about that.", dont_know=True)),
        ("interviewer", "What happens if the cache goes down?", None),
        ("candidate", "Not sure, it would just be slow I guess.", ta("Not sure, it would just be slow I guess.", dont_know=True)),
    ]


INTERNAL = "We have about 500 employees and maybe 10 million URLs in total."
OVERBUILT = "I'll use consistent hashing across 20 shards, Kafka for click events and a multi-region CDN."


def overbuilt_internal() -> Script:
    return [
        ("interviewer", "Design a URL shortener for an internal company tool.", None),
        ("candidate", "How many users and URLs?", ta("How many users and URLs?", questions=["How many users and URLs?"],
                                                   fact_topics=["users"])),
        ("interviewer", INTERNAL, None),
        ("candidate", OVERBUILT, ta(OVERBUILT, technologies=[
            tech("consistent-hashing", "consistent hashing", OVERBUILT), tech("sharding", "shards", OVERBUILT),
            tech("kafka", "Kafka", OVERBUILT), tech("cdn", "CDN", OVERBUILT)], components=["ID service", "click pipeline"])),
    ]


SIMPLE = "At this scale one server and a single PostgreSQL instance are enough; 10 million rows fit in memory."
NO_KAFKA = "We don't need Kafka or sharding for 500 employees."
TEN_X = "If we grow 10x, we add a read replica and a cache, but not before."


def sized_internal() -> Script:
    return [
        ("interviewer", "Design a URL shortener for an internal company tool.", None),
        ("candidate", "How many users and URLs?", ta("How many users and URLs?", questions=["How many users and URLs?"])),
        ("interviewer", INTERNAL, None),
        ("candidate", f"{SIMPLE} {NO_KAFKA} {TEN_X}", ta(
            f"{SIMPLE} {NO_KAFKA} {TEN_X}",
            technologies=[tech("postgresql", "PostgreSQL", SIMPLE, "10 million rows fit in memory"),
                          tech("kafka", "Kafka", NO_KAFKA), tech("sharding", "sharding", NO_KAFKA),
                          tech("read-replicas", "read replica", TEN_X)],
            components=["web server", "database"], reasoning=[SIMPLE], scoping=[NO_KAFKA])),
    ]
