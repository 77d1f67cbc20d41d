"""Which topics a candidate's question names: keyword rules read beside the problem's own words."""

from __future__ import annotations

from analysis.questions import question_parts, rule_topics
from knowledge.content import Knowledge


def test_the_products_own_name_is_not_a_topic_and_criticality_is_availability(kbase: Knowledge) -> None:
    card = kbase.problem("employee-dashboard")
    topics = rule_topics("would you agree, or is this dashboard more critical than i'm assuming?", card)
    assert "analytics" not in topics and "availability" in topics
    assert "analytics" in rule_topics("do we need dashboards of usage?", kbase.problem("url-shortener"))


def test_internal_or_sold_asks_who_the_users_are(kbase: Knowledge) -> None:
    card = kbase.problem("task-app")
    for text in ("is this for our own team internally, or a product we're selling to other startups?",
                 "is this an internal tool or something we sell to customers?", "who is this for?"):
        topics = rule_topics(text, card)
        assert "users" in topics and "team" not in topics, text
    assert "team" in rule_topics("how big is the team building this?", card)


def test_how_strict_a_limit_is_asks_about_consistency(kbase: Knowledge) -> None:
    card = kbase.problem("multi-dc-rate-limiter")
    assert "consistency" in rule_topics("how strict is it: is a little overshoot a problem, or is it a hard limit?", card)


def test_a_leading_condition_with_a_figure_does_not_make_the_question_about_traffic(kbase: Knowledge) -> None:
    card = kbase.problem("multi-dc-rate-limiter")
    topics = rule_topics("if a key's limit is 1,000 per second, is it acceptable that they get 1,100 through, or must "
                         "every request over the line be rejected?", card)
    assert "consistency" in topics and "traffic" not in topics


def test_the_kind_of_traffic_is_no_question_about_its_volume() -> None:
    assert "traffic" not in rule_topics("is this for our public api, internal service-to-service traffic, or both?", None)
    assert "traffic" in rule_topics("how much traffic do we get?", None)


def test_a_list_after_the_numbers_i_need_are_asks_its_first_item_too() -> None:
    parts = question_parts("next, the numbers i need are daily active users, how many orders a day, and the peak "
                           "factor.")
    assert len(parts) == 3 and "daily active users" in parts[0]


def test_how_big_the_company_is_asks_how_many_people_not_how_much_data(kb: Knowledge) -> None:
    card = kb.problem("internal-url-shortener")
    assert rule_topics("how big is the company, like how many employees are we talking about?", card) == ["users"]
    assert rule_topics("how big is a stored link?", card) == ["data_size"]


def test_seeing_a_change_right_away_asks_about_freshness_and_upload_to_watchable_about_latency(kbase: Knowledge) -> None:
    card = kbase.problem("task-app")
    assert "consistency" in rule_topics("does it need to be real-time, like if i move a card does my teammate see it "
                                        "right away?", card)
    assert "latency" in rule_topics("upload-to-watchable target: minutes or hours?", kbase.problem("video-platform"))


def test_how_big_the_biggest_account_is_asks_about_people_not_data_size(kbase: Knowledge) -> None:
    card = kbase.problem("twitter-timeline")
    assert "data_size" not in rule_topics("average follows, and how big is the biggest account?", card)
    assert "data_size" in rule_topics("how big is a tweet?", card)
    assert "data_size" in rule_topics("how big do boards get, roughly?", kbase.problem("task-app"))


def test_figures_asked_for_as_a_wish_list_are_each_asked() -> None:
    assert question_parts("i'd like peak drivers online, rides per day, and how many cities.") == [
        "i'd like peak drivers online?", "rides per day?", "how many cities?"]
