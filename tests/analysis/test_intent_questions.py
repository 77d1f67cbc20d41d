"""Questions heard by their form: terse, misspelt, after a condition, in two parts, about the interview itself;
and "I don't know" followed by an attempt is an answer, not a stuck turn."""

from __future__ import annotations

import pytest

from analysis.intent import asks, attempts_after_doubt, offered_options
from analysis.phrases import DONT_KNOW
from analysis.sentences import split_sentences
from analysis.turns import TurnAnalyzer
from knowledge.content import knowledge


def _kinds(text: str, previous: str | None = None) -> list[tuple[str, str | None]]:
    return [(a.kind, a.meta) for _, a in asks(split_sentences(text), previous)]  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["Read/write ratio.", "Latency target on redirect.", "Concurrent users at peak.",
                                  "Orders per day, normal versus peak.", "Clock skew across regions."])
def test_terse_requirement_fragments_ask(text: str) -> None:
    assert _kinds(text, "requirements") == [("fact", None)]
    assert _kinds(text, "other") == [("fact", None)]


@pytest.mark.parametrize("text", ["Stateless redirect tier. Key-value store behind it.",
                                  "Low latency on redirects.", "Peak QPS. 100M a day is about 1,160 a second.",
                                  "Read-heavy, so a cache in front."])
def test_terse_statements_do_not_ask(text: str) -> None:
    assert _kinds(text, "requirements") == []


def test_a_terse_fragment_answering_the_interviewer_does_not_ask() -> None:
    assert _kinds("Clock skew between regions. Partitions between sites.", "failure") == []
    assert _kinds("Fan-out volume for the big accounts.", "specific") == []


@pytest.mark.parametrize("text, kind", [
    ("if the limiter itself is down shoud we let traffic through or block", "yesno"),
    ("if one datacenter gets cut off shoud it keep enforcing limits on its own", "yesno"),
    ("hw long do the links need to stay around", "fact"),
    ("um how big r the channels usually", "fact"),
    ("wat does the team know, sql or nosql", "fact"),
])
def test_misspelt_and_condition_led_questions(text: str, kind: str) -> None:
    assert [k for k, _ in _kinds(text)] == [kind]


@pytest.mark.parametrize("text, meta", [
    ("Was that the right depth for a senior role?", "check"),
    ("was that deep enough on durability", "check"),
    ("Am I going too deep on presence for a mid-level interview?", "check"),
    ("What should I focus on next, failure handling or scaling?", "direction"),
    ("Surge pricing or the geo index next, which do you prefer?", "direction"),
    ("What would you like to challenge?", "invite"),
    ("Anything you want to push on?", "invite"),
    ("Where do you think this is weakest?", "invite"),
    ("Sorry, could you say that again?", "repeat"),
    ("What was the question again?", "repeat"),
    ("Hello, can you hear me?", "repeat"),
    ("Is the cache worth going deeper on, or should I move to storage?", "direction"),
    ("Should I do estimates now?", "direction"),
])
def test_questions_about_the_interview(text: str, meta: str) -> None:
    assert _kinds(text) == [("meta", meta)]


@pytest.mark.parametrize("text", ["how's your day going?", "Do you actually like working at Meta?",
                                  "sure, by the way hows your day been so far"])
def test_small_talk_about_the_interviewer(text: str) -> None:
    assert _kinds(text) == [("off_topic", None)]


def test_a_rhetorical_question_answered_at_once_is_not_asked() -> None:
    assert _kinds("Where does it live? In Redis, one key per API key with a TTL of the window.") == []


def _doubt(text: str) -> bool:
    sentences = split_sentences(text)
    doubted = [i for i, s in enumerate(sentences) if DONT_KNOW.search(s.norm)]
    return bool(doubted) and not attempts_after_doubt(sentences, doubted)


@pytest.mark.parametrize("text", [
    "i dont know i guess we lose stuff unless we have backups so like nightly backups to s3",
    "I don't know the exact policy, but I'd retry a few times with backoff and then mark it failed.",
    "hmm i dont really know what the usual approach is. i'd say last write wins with an updated at check",
    "one tweet means 100 million cache writes and at like i don't know a million writes a second across the fleet "
    "that's still 100 seconds to deliver one tweet",
])
def test_dont_know_then_an_attempt_is_an_answer(text: str) -> None:
    assert not _doubt(text)


@pytest.mark.parametrize("text", [
    "honestly no idea how to handle that, i haven't seen a case like that before",
    "maybe a lock around it? but honestly i dont know if thats how people do it",
    "uh i'm drawing a blank. i'd just say page one, page two, but i don't know if that's actually right",
    "I'm not sure. I've never worked on video encoding, so I don't know where I'd begin.",
])
def test_stuck_stays_dont_know(text: str) -> None:
    assert _doubt(text)


def test_each_part_of_a_two_part_question_gets_its_fact() -> None:
    kb = knowledge()
    card = kb.problem("url-shortener")
    result = TurnAnalyzer(kb).analyze("How many links get created in a day, and how long does each one have to keep "
                                      "working?", card)
    assert {h.fact for h in result.fact_hits if h.fact is not None} == {1, 4}


def test_an_attempt_after_doubt_is_marked_and_read_as_an_answer() -> None:
    kb = knowledge()
    card = kb.problem("photo-storage")
    analyzer = TurnAnalyzer(kb)
    tried = analyzer.analyze("i dont know i guess we lose stuff unless we have backups so like nightly backups to s3",
                             card, previous_interviewer="What happens if a storage node dies?")
    assert tried.dont_know and tried.attempted and tried.intent == "answer"
    stuck = analyzer.analyze("honestly no idea, i haven't seen a case like that before", card,
                             previous_interviewer="What happens if a storage node dies?")
    assert stuck.dont_know and not stuck.attempted and stuck.intent == "dont_know"


def test_rare_words_place_a_terse_question_but_not_a_long_one_sharing_a_single_word(kbase) -> None:
    from analysis.questions import lexical_hits
    from analysis.sentences import split_sentences

    card = kbase.problem("notification-system")

    def hit(text: str) -> list[int | None]:
        return [h.fact for h in lexical_hits(split_sentences(text)[0], card, 0.0)]

    assert hit("What kind of product is it, consumer or B2B?") == []  # one word in common with the templates fact
    assert hit("Would that work?") == []
    templates = next(k for k, f in enumerate(card.hidden_facts) if "template" in f.answer.lower())
    assert hit("Templates with placeholders?") == [templates]


def test_sound_good_after_a_stated_scope_checks_in_and_a_trailing_guess_does_not_ask() -> None:
    assert _kinds("I'd skip pooling and scheduled rides unless you want them. Sound good?") == [("meta", "check")]
    assert _kinds("Maybe a cache. Redis?") == []


def test_how_you_would_prioritise_is_about_the_problem_not_small_talk() -> None:
    assert _kinds("Does that match how you'd prioritize?")[0][0] != "off_topic"
    assert _kinds("How are you doing today?") == [("off_topic", None)]


def test_a_statement_with_a_tag_is_a_check_in_and_what_could_go_wrong_is_their_own_lead_in() -> None:
    assert _kinds("But it's the same kind of problem, right?") == [("meta", "check")]
    assert _kinds("What's the peak, right?")[0][0] == "fact"
    assert _kinds("Now, what could go wrong? If a worker crashes, the message goes back on the queue.") == []


def test_asking_for_a_hint_is_a_request_for_the_answer() -> None:
    from analysis.phrases import ASKS_FOR_ANSWER

    assert ASKS_FOR_ANSWER.search("could i ask for a hint on transcoding?")


@pytest.mark.parametrize("text", [
    "Now the algorithm. What are the options? Fixed window counter, sliding window log, token bucket.",
    "So for the token bucket, what do I need to store per user? Just two numbers: tokens left and the refill time.",
    "How do I fix that? I think with a Lua script in Redis, so the read and write happen atomically.",
    "If it's too slow, could we batch, like each server grabbing a few tokens? That makes it less accurate.",
])
def test_a_design_question_put_to_themselves_and_answered_asks_nothing(text: str) -> None:
    assert _kinds(text) == []


@pytest.mark.parametrize("text", ["How many users do we have? I'll guess 10 million.",
                                  "Do we need to handle GDPR? I think yes for EU users.",
                                  "Can we assume users are in one region? I'll go with yes."])
def test_a_requirement_question_with_a_guess_still_asks(text: str) -> None:
    assert _kinds(text) and _kinds(text)[0][0] in ("fact", "yesno", "scope")


@pytest.mark.parametrize("text", ["Do you have a preference, or is that a reasonable choice?", "Is that the usual approach?",
                                  "There's a race condition, isn't there?"])
def test_asking_for_a_nod_is_a_check_in(text: str) -> None:
    from analysis.turns import TurnAnalyzer

    analysis = TurnAnalyzer(knowledge(), None).analyze(text, knowledge().problem("rate-limiter"))
    assert [a.meta for a in analysis.asks] == ["check"]


def test_would_you_do_it_differently_invites_a_pushback() -> None:
    assert _kinds("I think fail open. Would you do it differently?") == [("meta", "invite")]


def test_a_where_question_followed_by_their_own_proposal_asks_nothing() -> None:
    assert _kinds("Where does the feed live? I'd keep it in something like Redis, a list per user.") == []
    assert _kinds("How many users? I'd guess 10 million.") == [("fact", None)]  # a figure: still theirs to ask


def test_spoken_questions_that_ask_and_spoken_thinking_that_does_not() -> None:
    analyzer = TurnAnalyzer(knowledge(), None)
    card = knowledge().problem("url-shortener")
    asking = "so basically you give it a long url and it redirects right so um can i ask like how many urls per month"
    assert analyzer.analyze(asking, card).questions
    assert [a.meta for a in analyzer.analyze("Can I ask a few questions first?", card).asks] == ["check"]
    thinking = ("um so how big is the cache so like daily reads are 200000 times 86400 which is about 17 billion and "
                "um lets just say like 100 gigabytes of redis")
    assert _kinds(thinking) == []
    several = "so um how many users do we have like daily and is it global or just one country and do we need analytics"
    assert _kinds(several)


def test_a_question_about_the_clock_is_asked_even_when_a_plan_follows() -> None:
    assert _kinds("How am I doing on time? I want to make sure I leave room for the reliability part.") == \
        [("meta", "time")]


def test_a_request_for_figures_in_statement_form_asks() -> None:
    found = asks(split_sentences("Scope is clear. Two numbers I need: new links per day and redirects per day."))
    assert [a.kind for _, a in found] == ["fact"]


def test_where_to_push_with_two_ways_offered() -> None:
    found = asks(split_sentences("Where do you want to push? I'd suggest either ID generation or the counter path."))
    assert [(a.kind, a.meta) for _, a in found] == [("meta", "direction")]
    assert offered_options("I'd suggest either ID generation or the counter path.") == ["ID generation", "counter path"]


def test_a_time_question_after_a_leading_clause_is_about_time() -> None:
    found = asks(split_sentences("Before I start, how much time do I have for this one?"))
    assert [(a.kind, a.meta) for _, a in found] == [("meta", "time")]


def test_a_plea_for_named_figures_is_a_question_for_them(kbase) -> None:
    card = kbase.problem("ride-sharing")
    a = TurnAnalyzer(kbase, None).analyze(
        "could you just tell me the numbers you're expecting so like the daily users and how many rides per day", card)
    assert not a.asks_for_answer and a.asks and "traffic" in a.fact_topics


@pytest.mark.integration
def test_a_listed_set_of_questions_is_asked_part_by_part(kbase, real_embedder) -> None:
    card = kbase.problem("ecommerce-checkout")
    a = TurnAnalyzer(kbase, real_embedder).analyze(
        "Three questions: orders per day and at peak, number of SKUs, and whether we run flash sales.", card)
    assert a.asks and {"traffic", "data_size"} <= set(a.fact_topics)


def test_an_announced_yes_no_question_without_its_mark_asks() -> None:
    found = asks(split_sentences("um and yes or no, do links expire, or do they last forever."))
    assert len(found) == 1


def test_a_reason_tacked_on_after_the_question_is_not_what_it_asks() -> None:
    from analysis.intent import question_part

    s = split_sentences("so first question, how many new links are created per day, just so I know how big this is")[0]
    assert question_part(s).text.startswith("how many new links")


def test_terse_spoken_asks_with_metric_acronyms_and_a_bare_any_are_questions() -> None:
    from analysis.intent import asks
    from analysis.sentences import split_sentences

    found = asks(split_sentences("Users and DAU. Follows per user. Any celebrity accounts"), None)
    assert [a.kind for _, a in found] == ["fact", "fact", "fact"]
    assert asks(split_sentences("Any server will do."), None) == []


def test_a_terse_ask_after_our_answer_is_checked_is_still_a_question() -> None:
    from analysis.intent import interviewer_asked

    for ours in ("Your call. Say what you'd assume. Does it change the design?",
                 "Yes, that's in scope: upload a photo with a caption. Does that settle the scope?"):
        assert _kinds("Latency target for feed load", interviewer_asked(ours)) == [("fact", None)]
    assert interviewer_asked("Sketch the high-level design now.") == "design"


def test_query_placeholders_are_no_questions() -> None:
    text = ("History: the query is WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT 50, which uses the "
            "index directly. Is a month of history enough?")
    sentences = split_sentences(text)
    assert [s.is_question for s in sentences] == [False, True]
    assert [a.text for _, a in asks(sentences)] == ["Is a month of history enough?"]
    assert not split_sentences("We look it up with SELECT * FROM links WHERE code = ?")[0].is_question


@pytest.mark.parametrize("text", [
    "so for the location service like the key thing is we don't need to store every ping durably we just need the "
    "latest position so it's in memory and that path can lag a bit and it doesn't matter",
    "and the important thing here is we can't give the same driver two rides at once so when we offer we do a "
    "compare and set on the driver's status",
])
def test_a_spoken_statement_with_is_we_inside_is_no_question(text: str) -> None:
    assert asks(split_sentences(text)) == []


@pytest.mark.parametrize("text", ["and do we need per user limits as well", "ok so is there a latency target for matching",
                                  "um are we doing payments too"])
def test_a_spoken_question_starts_its_clause_with_the_verb(text: str) -> None:
    assert len(asks(split_sentences(text))) == 1


def test_a_how_much_inside_a_long_spoken_statement_is_no_question() -> None:
    text = ("and on ranking if we wanted it the precomputed feed becomes a candidate set and a ranking service scores "
            "the top few hundred candidates with features like how much you interact with that author but that's a "
            "whole other interview honestly")
    assert asks(split_sentences(text)) == []
    assert len(asks(split_sentences("okay and then scale wise like how many rides a day"))) == 1


@pytest.mark.parametrize("text", [
    # a long spoken run-on whose second ask comes after "or"/"and also": it asks, though it mentions "what I'd pick"
    "okay so um does the list have to update live like if two people look at the same list and one ticks an item "
    "off does the other see it straight away or is a reload fine and also uh how many people are on the team "
    "because that changes what i'd pick",
    # spoken, no mark: "can a manager see…", "how current does it need to be"
    "right and um about the private fields like can a manager see pay for everyone under them or only their own "
    "reports and also how current does the data need to be",
])
def test_a_long_spoken_run_on_with_several_asks_is_a_question(text: str) -> None:
    assert len(asks(split_sentences(text))) == 1


def test_a_spoken_statement_about_what_a_role_can_see_is_no_question() -> None:
    text = "so the access rule is simple managers see their reports and hr sees everything and we check it in the api"
    assert asks(split_sentences(text)) == []


def test_a_spoken_run_on_with_a_check_at_the_end_still_asks_for_the_facts_in_it() -> None:
    text = ("okay so before I start I want to get a feel for the size of it so how many new links get created a day "
            "and like how long does a link have to live and also um is it fine if the click counts lag a bit behind "
            "or is that fine")
    assert _kinds(text) == [("fact", None)]
    text = "okay so I'll walk you through the read path first and then the write path and is that fine"
    assert _kinds(text) != [("fact", None)]  # one check, no facts asked: still about the interview


@pytest.mark.parametrize("text, kind", [
    ("um how much time do we have left i could talk about the nice to haves like attachments in s3", ("meta", "time")),
    ("yeah i think thats it um thanks is there anything you think i missed", ("meta", "check")),
    ("Did I miss any big ones you wanted me to cover?", ("meta", "check")),
    ("Was there a part of this you'd have liked me to spend more time on?", ("meta", "check")),
    ("Okay. Should I go through the data model, or the APIs? I can do either.", ("meta", "direction")),
    ("Which do you want deeper: fan-out, or follow changes and pagination?", ("meta", "direction")),
    ("Um, is there anything you'd want me to change or go back to?", ("meta", "invite")),
    ("Honestly, where did I hand-wave the most?", ("meta", "invite")),
])
def test_questions_about_the_interview_itself_are_heard_as_such(text: str, kind: tuple[str, str]) -> None:
    assert _kinds(text) == [kind]


@pytest.mark.parametrize("text", ["Which database do you want us to use?", "I think I missed the cache."])
def test_look_alikes_of_interview_questions_are_not_taken_for_them(text: str) -> None:
    assert all(k[0] != "meta" for k in _kinds(text))


def test_a_spoken_either_or_after_a_condition_asks() -> None:
    text = ("okay and last one um when we reject do we just return a four twenty nine and if the limiter itself is "
            "broken is it okay to fail open or does the business want fail closed")
    assert _kinds(text) and _kinds(text)[0][0] in ("yesno", "fact")


@pytest.mark.parametrize("text, kind", [
    ("Does that reasoning hold up for you?", ("meta", "check")),
    ("Does that answer it, or did I miss what you were asking?", ("meta", "check")),
    ("Does that cover it, or is there a scenario you'd like me to go into?", ("meta", "invite")),
])
def test_checks_on_an_answer_and_offers_of_a_scenario_are_about_the_interview(text: str, kind: tuple[str, str]) -> None:
    assert _kinds(text) == [kind]


def test_numbered_items_after_an_announced_list_of_numbers_each_ask() -> None:
    text = ("Now the numbers I need. One, daily active users. Two, orders per day. Three, how many warehouses. "
            "Four, one region or several.")
    assert _kinds(text) == [("fact", None)] * 4
    assert _kinds("First, we shard by user. Second, we cache the feed. Third, Kafka carries events.") == []


def test_a_list_after_the_ones_i_need_are_asks() -> None:
    text = "Then numbers. The ones I need are peak drivers online, trips per day, and how often a phone pings."
    assert _kinds(text) == [("fact", None)]


@pytest.mark.parametrize("text", [
    "What's left is misestimating rates during a sudden ramp, and a site can cover that by assuming the others ramped.",
    "What I'd do is shard the counters by user id.",
    "What happens is the island keeps limiting on its own share.",
])
def test_a_statement_that_opens_with_what_is_not_a_question(text: str) -> None:
    assert _kinds(text) == []


@pytest.mark.parametrize("text", ["What is the read to write ratio", "what's the peak traffic this is supposed to handle.",
                                  "What is acceptable staleness for the feed."])
def test_what_questions_without_their_mark_still_ask(text: str) -> None:
    assert [k for k, _ in _kinds(text)] == ["fact"]


@pytest.mark.parametrize("text", ["Time check.", "I'm also not totally sure how much time we have left."])
def test_the_time_asked_without_a_question_mark(text: str) -> None:
    assert _kinds(text) == [("meta", "time")]


def test_where_to_put_the_depth_with_two_ways_offered() -> None:
    text = "Where do you want depth: permissions, or search?"
    assert _kinds(text) == [("meta", "direction")]
    assert offered_options(text) == ["permissions", "search"]


@pytest.mark.parametrize("text", [
    "If someone's over the limit, I think we drop it rather than delay it. But I'm not sure, would product want it "
    "delayed instead?",
    "I think an occasional duplicate text is acceptable, is it for you?",
])
def test_a_guess_or_a_doubt_then_put_to_us_asks(text: str) -> None:
    assert len(_kinds(text)) == 1


def test_a_doubt_thought_aloud_still_does_not_ask() -> None:
    assert _kinds("i'm not sure, like is it just sitting there in the queue") == []


def test_a_wish_list_of_figures_asks_and_a_wish_list_of_boxes_does_not() -> None:
    assert _kinds("I'd like peak drivers online, rides per day, and how many cities.") == [("fact", None)]
    assert _kinds("I'd like Redis, Kafka, and Postgres here.") == []
    assert _kinds("I'd like a load balancer, API servers, and a database.") == []


def test_is_it_okay_if_in_the_middle_of_spoken_text_asks() -> None:
    text = ("okay and one more thing um bursts like if someone has a limit of a hundred per minute is it okay if they "
            "send like twenty in one second as long as the minute average is fine")
    assert [k for k, _ in _kinds(text)] and _kinds(text)[0][0] != "meta"
    assert _kinds("it is okay if they retry later, we just return 429") == []


def test_options_said_after_a_question_are_the_same_ask() -> None:
    assert len(_kinds("How big do boards get, roughly? Like tens of cards or thousands?")) == 1


@pytest.mark.parametrize("text", ["How did I do on time? I know I spent a while on the big version.", "Time?"])
def test_the_time_asked_tersely_or_looking_back_is_a_time_question(text: str) -> None:
    assert _kinds(text)[0] == ("meta", "time")


def test_stay_or_move_offers_two_ways_and_asks_for_direction() -> None:
    assert _kinds("Depth check: stay on inventory, or move to payments?") == [("meta", "direction")]
    assert offered_options("Depth check: stay on inventory, or move to payments?") == ["inventory", "payments"]
    assert offered_options("um how are we on time i can talk about unfollow and deletes or um search or whatever "
                           "you want") == ["unfollow and deletes", "search"]


def test_whether_their_own_reason_is_good_enough_is_a_check() -> None:
    assert _kinds("I'd use 302. Is that, um, a good enough reason?") == [("meta", "check")]


@pytest.mark.parametrize("text", ["Are we doing upload, view and sharing, or also things like face search and auto albums?",
                                  "do we need editing and comments or even stories"])
def test_which_features_asked_as_one_or_another_is_scope(text: str) -> None:
    assert _kinds(text) == [("scope", None)]


def test_go_deeper_on_anything_offers_no_ways() -> None:
    from analysis.intent import offered_options

    assert offered_options("Should I go deeper on anything, or is that what you were looking for?") == []
    assert offered_options("I can go deeper into the ID generation or the counter path.") == ["ID generation",
                                                                                              "counter path"]
