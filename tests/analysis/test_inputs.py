"""Figures an estimate starts from, set beside the facts the interviewer gave."""

from analysis.inputs import checked_figures, given_figures, mismatched_inputs, restated_limits, worked_out

FACTS = [
    "Around 4,000 shops sell through us, with about 30 staff at each.",
    "Roughly 6 million card payments and 2 million refunds a day.",
    "About 90 million new receipts a year.",
]
DRIVERS = ["About a million drivers are online at peak worldwide, and we have tens of millions of riders."]
FOLLOWS = ["A typical user follows about 200 accounts and has a few hundred followers. A small number of "
           "celebrities have tens of millions of followers; the largest has around 50 million."]


def test_a_population_that_contradicts_the_facts_is_found() -> None:
    found = mismatched_inputs("Let's say 400 shops with 30 staff, so 12,000 people.", FACTS)
    assert [m.said for m in found][:1] == ["400 shops"]
    assert "4,000 shops" in found[0].fact


def test_a_daily_volume_beside_a_sum_of_given_volumes() -> None:
    assert mismatched_inputs("I'll plan for 8 million payments a day.", FACTS) == []  # 6M + 2M
    found = mismatched_inputs("I'll plan for 40 million payments a day.", FACTS)
    assert found and found[0].said == "40 million payments a day"


def test_a_yearly_fact_is_compared_per_day() -> None:
    assert mismatched_inputs("That's about 250 thousand receipts a day.", FACTS) == []
    assert mismatched_inputs("That's 3 million receipts a day.", FACTS)


def test_products_of_given_populations_and_card_estimates_are_sound() -> None:
    assert mismatched_inputs("4,000 shops times 30 staff is 120,000 people.", FACTS) == []
    assert mismatched_inputs("So 900 million payments a month.", FACTS, [("per month", 180e6)]) != []
    assert mismatched_inputs("So 180 million payments a month.", FACTS, [("per month", 180e6)]) == []


def test_growth_hypotheses_other_quantities_and_per_person_rates_are_left_alone() -> None:
    assert mismatched_inputs("If we grow to 40,000 shops we'd shard.", FACTS) == []
    assert mismatched_inputs("At 10x, 40,000 shops still fit one database.", FACTS) == []
    assert mismatched_inputs("Each cashier rings up about 300 payments a day.", FACTS) == []  # a rate per person
    assert mismatched_inputs("We'd log 50 million page views a day.", FACTS) == []  # nobody gave page views
    told = ["About 500 million people use it every day."]
    assert mismatched_inputs("If 1 in 5 users posts once a day, that's 100M posts a day.", told) == []  # a share
    famous = ["Yes, public figures and pages with tens of millions of followers."]
    assert mismatched_inputs("That's about 1,200 posts per second. With an average of 200 followers, fan-out on "
                             "write is 1,200 x 200 = 240K feed inserts a second.", famous) == []


def test_per_person_facts_are_no_population() -> None:
    given = given_figures(["A typical user follows about 200 accounts."])
    assert given == []
    assert mismatched_inputs("500 million users.", ["A typical user follows about 200 accounts."]) == []


def test_nothing_given_nothing_judged() -> None:
    assert mismatched_inputs("Say 1 billion users.", []) == []


def test_a_rate_at_peak_is_no_head_count() -> None:
    facts = DRIVERS
    assert mismatched_inputs("Rides: 20 million a day is about 230 a second, roughly 700 at peak.", facts) == []


def test_people_online_at_peak_are_set_beside_the_people_online_at_peak_given() -> None:
    facts = DRIVERS
    (odd,) = mismatched_inputs("Global, say 5 million drivers online at peak, each pinging every 4 seconds.", facts)
    assert odd.said == "5 million drivers"
    assert mismatched_inputs("Say a million drivers online at peak, each pinging every 4 seconds.", facts) == []


def test_a_product_said_after_a_comma_is_worked_out_not_a_starting_figure() -> None:
    facts = ["Around 500 million new tweets a day."]
    text = "If the average tweet goes to 200 followers, that's 500 million times 200, 100 billion timeline inserts a day."
    assert mismatched_inputs(text, facts) == []
    assert mismatched_inputs("So 2 billion tweets a day, times 200 followers.", facts)  # a starting figure still is one


def test_an_average_said_of_one_item_and_the_largest_one_given_are_no_populations() -> None:
    facts = FOLLOWS
    assert mismatched_inputs("If the average tweet goes to 200 followers, we write 200 copies.", facts) == []


def test_fewer_people_at_one_moment_than_the_users_given_is_no_slip() -> None:
    facts = ["About 5,000 users today, and on a typical weekday roughly half of them use it."]
    assert mismatched_inputs("If 1,000 people have a board open and poll every 5 seconds, that's 200 a second.",
                             facts) == []
    assert mismatched_inputs("If 50,000 people have a board open and poll every 5 seconds, that's 10,000 a second.",
                             facts)  # more at one moment than there are users is still one


def test_spoken_daily_actives_before_each_person_are_a_population() -> None:
    facts = ["About 50 million registered users, 10 million of them active each day."]
    (odd,) = mismatched_inputs("so 200 million daily actives um each person opens the feed like 10 times a day", facts)
    assert odd.said == "200 million daily actives"
    assert mismatched_inputs("users follow 200 accounts each", facts) == []


def test_a_share_active_of_the_users_given_is_no_slip_and_rps_counts_requests() -> None:
    facts = ["About 100 million users, each with their own limit.",
             "About 500,000 requests a second globally at peak, unevenly spread."]
    off, _ = checked_figures("Assumptions, correct me if wrong. 50M active users. 1M RPS peak globally.", facts)
    assert [m.said for m in off] == ["1M RPS"]
    off, _ = checked_figures("Correct me if wrong: 500M active users.", facts)
    assert [m.said for m in off] == ["500M active users"]


def test_a_factor_of_a_product_one_case_supposed_and_timeline_inserts_are_no_populations() -> None:
    follows = FOLLOWS
    assert mismatched_inputs("5,800 tweets a second times 200 followers is about 1.2 million inserts a second.",
                             follows) == []
    assert mismatched_inputs("If someone has 30 million followers, one tweet means 30 million inserts.", follows) == []
    assert mismatched_inputs("Celebrities above a million followers are not fanned out.", follows) == []
    tweets = ["Around 500 million new tweets a day."]
    assert mismatched_inputs("I thought about storing the timelines in a SQL table, but at a million inserts a second "
                             "that's a lot for a relational database.", tweets) == []
    assert mismatched_inputs("So 2 billion new tweets a day, times 200 followers.", tweets)  # a base still is one


def test_a_figure_per_thing_is_a_ratio_not_a_population() -> None:
    assert mismatched_inputs("Reads are about 100 per payment, so around 700 a second.", FACTS) == []
    assert mismatched_inputs("Each shop has about 200 for every till.", FACTS) == []
    assert mismatched_inputs("We have 400 shops.", FACTS)  # a population still is one


def test_a_span_of_time_is_no_population() -> None:
    assert mismatched_inputs("Over an 8-hour business day that's about 280 a second.", FACTS) == []


def test_a_rate_is_set_beside_the_rate_given_and_a_peak_beside_an_average() -> None:
    given = ["About 500,000 requests a second globally at peak, unevenly spread."]
    odd = mismatched_inputs("Scale assumptions: 2 million requests per second in total, about 400,000 per site.", given)
    assert [m.said for m in odd] == ["2 million requests per second"]  # an average above the given peak
    assert mismatched_inputs("Call it 300,000 requests per second on average.", given) == []
    daily = ["About 16 million notifications a day."]
    assert mismatched_inputs("So about 200 notifications a second, and 1,000 notifications a second at peak.", daily) == []
    assert mismatched_inputs("We send about 20 notifications a second.", daily) != []  # 1.7M a day: far below
    spoken = "so five billion views a day divided by eighty six thousand four hundred, thats fifty eight thousand views a second"
    assert mismatched_inputs(spoken, ["Around 5 billion video views a day worldwide."]) == []  # the divisor is no base


def test_a_subset_of_the_users_said_as_such_is_not_the_population() -> None:
    given = ["About 100 million users, each with their own limit."]
    said = "Sync deltas only for active users. About 1M users × 12 B is 12 MB a round."
    assert mismatched_inputs(said, given) == []
    assert mismatched_inputs("About 1M users in all, each with a limit.", given) != []


def test_a_write_rate_is_set_beside_the_number_of_things_created_a_day() -> None:
    given = ["We create about 100 million new short links per day."]
    assert [m.said for m in mismatched_inputs("So about 12 writes per second.", given)] == ["12 writes per second"]
    assert mismatched_inputs("So about 1,200 writes per second, 4,000 writes per second at peak.", given) == []
    assert mismatched_inputs("So about 12 writes per second.", ["About 100 million links are clicked a day."]) == []


def test_growing_slowly_is_no_growth_figure_and_a_ceiling_is_not_todays_figure() -> None:
    given = ["Only our own staff, about 500 employees, signing in with their company accounts.",
             "Plan for around 10 million links over the life of the tool."]
    said = "So about 20,000 employees and maybe 100,000 links, growing slowly."
    assert [m.said for m in mismatched_inputs(said, given)] == ["20,000 employees"]
    assert mismatched_inputs("If the company grows to 20,000 employees we would shard.", given) == []


def test_a_count_of_active_people_restated_twice_as_large_is_questioned() -> None:
    given = ["The real target is about 2 billion accounts, with roughly 500 million active on any given day."]
    assert [m.said for m in mismatched_inputs("Okay, 1 billion daily active users.", given)] == \
        ["1 billion daily active users"]
    assert mismatched_inputs("Okay, half a billion daily active users.", given) == []
    assert mismatched_inputs("Okay, 600 million daily active users.", given) == []


def test_a_segment_of_the_users_is_not_the_user_count() -> None:
    given = ["About 50 million users have at least one device token, email address or phone number on file."]
    assert mismatched_inputs("For campaigns sending to a segment of, say, 10 million users, we page through it.",
                             given) == []


def test_an_assumption_far_from_a_fact_not_yet_told_is_found_only_for_the_same_thing() -> None:
    from analysis.inputs import far_assumptions

    facts = ["About 800 couriers are on shift at the busiest hour, and we have a few hundred thousand customers.",
             "Around 40,000 deliveries a day."]
    said = "Let's say 10,000 couriers on shift, each pinging every 5 seconds, so 2,000 pings a second."
    found = far_assumptions(said, facts, [], 4.0)
    assert [m.said for m in found] == ["10,000 couriers"] and found[0].fact == facts[0]
    assert far_assumptions("Let's say 2,000 couriers on shift.", facts, [], 4.0) == []  # theirs to assume: near enough
    assert far_assumptions("Say 10,000 customers on the app at once.", facts, [], 4.0) == []  # not the couriers
    rule = ["Each restaurant may send at most 50 requests a second."]
    assert far_assumptions("That's 10,000 requests a second at peak.", rule, [], 4.0) == []  # a limit, not the load
    views = ["About 40 million menu views a day."]
    assert far_assumptions("We keep 400 million menus a year.", views, [], 4.0) == []  # menus are not menu views
    for part in ("A single restaurant with 10,000 couriers would be unusual.",
                 "If 10,000 couriers were on shift, we'd need more partitions.",
                 "The limit is 10,000 couriers per region."):
        assert far_assumptions(part, facts, [], 4.0) == [], part  # a part, a case or a rule, not the population


def test_a_figure_worked_out_in_its_sentence_is_not_read_as_a_starting_figure() -> None:
    facts = ["Around 500 million new tweets a day."]
    said = ("If every tweet goes to 200 followers, that's 500 million times 200, so 100 billion timeline inserts a day, "
            "which is about 1.2 million inserts per second.")
    assert mismatched_inputs(said, facts) == []
    assert mismatched_inputs("We see 5 billion new tweets a day.", facts)  # a starting figure is still checked


def test_some_of_them_after_a_population_are_the_active_users() -> None:
    facts = ["About 500 million monthly active users, and around 200 million of them open the app on a typical day."]
    assert mismatched_inputs("With 200 million daily users, reads dominate.", facts) == []
    assert mismatched_inputs("With 20 million daily users, reads dominate.", facts)


def test_a_figure_the_interviewer_gave_without_its_noun_still_counts() -> None:
    facts = ["A typical user has a few hundred followers. A few celebrities have tens of millions of followers; "
             "the largest has around 50 million."]
    assert mismatched_inputs("An account with 50 million followers means 50 million inserts per tweet.", facts) == []


def test_a_figure_worked_out_earlier_is_not_checked_again_as_a_starting_figure() -> None:
    facts = ["Around 500 million new tweets a day."]
    earlier = "500 million times 200 followers is 100 billion inserts a day, which is about 1.2 million inserts a second."
    later = "A celebrity with 50 million followers at 1.2 million inserts a second takes most of a minute."
    assert mismatched_inputs(later, facts)  # on its own it reads as a write rate against the tweets given
    assert mismatched_inputs(later, facts, worked=worked_out(earlier)) == []
    assert mismatched_inputs("That's 1.2 million new tweets a second.", facts, worked=worked_out("500 tweets a day."))


def test_a_threshold_a_part_or_a_read_rate_is_not_the_load_given() -> None:
    facts = ["Around 500 million new tweets a day.", "A small number of celebrities have tens of millions of followers; "
             "the largest has around 50 million.", "About 100 million users."]
    assert mismatched_inputs("Accounts above a threshold, say 100,000 followers, are not fanned out.", facts) == []
    assert mismatched_inputs("That's over a million tweet lookups a second.", facts) == []
    assert mismatched_inputs("An account with 900 million followers would be a problem.", facts) == []
    assert mismatched_inputs("We have a total of 900 million users.", facts)  # the whole population is still checked


def test_an_allowance_per_key_is_not_set_beside_the_whole_load() -> None:
    facts = ["About 10,000 API requests per second at peak."]
    assert mismatched_inputs("A typical limit is something like 100 requests per second per key.", facts) == []
    assert mismatched_inputs("We get 1 million requests per second at peak.", facts)


def test_a_given_figure_said_again_wrong_is_found_though_within_estimating_rounding() -> None:
    """Told 6 million payments a day, "you said 3 million payments a day" misquotes it; a rounding does not."""
    found = mismatched_inputs("You said 3 million payments a day, so about 35 a second.", FACTS)
    assert found and "6 million" in found[0].fact
    assert mismatched_inputs("You said about 5 million payments a day.", FACTS) == []


def test_organisations_counted_as_things_beside_organisations_given() -> None:
    told = ["About 10,000 customer companies use us, with roughly 50 people at each."]
    found = mismatched_inputs("5K companies, 50 users each, so 250K users.", told)
    assert [m.said for m in found][:1] == ["5K companies"]
    assert mismatched_inputs("10K companies, 50 users each, so 500K users.", told) == []


def test_a_head_count_far_below_an_untold_one_is_found_whatever_the_people_are_called() -> None:
    from analysis.inputs import far_assumptions

    untold = ["About a billion monthly users, roughly 500 million of them active each day."]
    found = far_assumptions("Estimates: 2M DAU. 10% post daily, so 200K posts a day.", untold, [], 10.0, [])
    assert [m.said for m in found] == ["2M DAU"]
    assert far_assumptions("Estimates: 300M DAU, so 30M posts a day.", untold, [], 10.0, []) == []


def test_a_cut_off_the_design_picks_is_no_count_to_set_beside_the_facts() -> None:
    told = ["A handful of celebrities have hundreds of millions of followers."]
    assert mismatched_inputs("Celebrities: skip fan-out above 50K followers, and merge at read time.", told) == []
    assert mismatched_inputs("Celebrities have maybe 50K followers, so fan-out is cheap.", told)


def test_a_normal_day_is_set_beside_the_normal_day_given_not_beside_the_peak_day() -> None:
    told = ["Around 2 million orders on a normal day and about 20 million on Black Friday."]
    found = mismatched_inputs("Say 10 million orders a day, divided by 86,400.", told)
    assert found and found[0].fact_figure == "2 million orders"
    assert mismatched_inputs("Say 2 million orders a day, and 20 million on Black Friday.", told) == []


def test_uploads_a_day_are_set_beside_the_new_things_given() -> None:
    told = ["About 50 million new photos a year.", "About 50 million photo views a day."]
    found = mismatched_inputs("Working assumptions: 350 million uploads a day, 3 MB each.", told)
    assert found and "new photos" in found[0].fact
    assert mismatched_inputs("About 140,000 uploads a day, so 50 million a year.", told) == []
    assert mismatched_inputs("About 10 million segment requests a second reach the CDN.", told) == []


def test_a_part_of_the_people_a_count_per_person_and_rows_are_not_set_beside_head_counts() -> None:
    from analysis.inputs import far_assumptions

    assert mismatched_inputs("Shipping counts for 50 million users every half second is expensive.",
                             ["About 100 million users, each with their own limit."]) == []
    assert mismatched_inputs("You said 50 million users, so that's the key space.",
                             ["About 100 million users, each with their own limit."])  # said as theirs: misquoted
    assert mismatched_inputs("I'll assume 500 million DAU, and an average user follows around 200 accounts.",
                             ["About a billion monthly users, roughly 500 million of them active each day."]) == []
    assert far_assumptions("So the hot set is tens of millions of rows, tens of GB.",
                           ["Anyone can create links and click them, so think hundreds of millions of people."],
                           [], 4.0, []) == []


def test_a_spoken_noun_that_belongs_to_the_next_figure_is_no_count_of_this_one() -> None:
    told = ["Around 100 million new photos a day."]
    assert mismatched_inputs("peaks maybe 3x so 150k uploads are 100 million a day so about 1200 a second", told) == []
    assert mismatched_inputs("So 400 million uploads a day, about 4,600 a second.", told)


def test_an_example_inside_a_question_is_no_figure_to_set_beside_the_facts() -> None:
    given = ["About 10,000 API requests per second at peak, spread over roughly 20 API servers."]
    assert mismatched_inputs("And is a limit a single rule like 100 requests a second, or several windows?", given) == []
    assert mismatched_inputs("Should I plan for, say, 100 requests a second?", given) == []
    found = mismatched_inputs("So we have 100 requests a second overall, right?", given)  # a figure of theirs
    assert [m.said for m in found] == ["100 requests a second"]


def test_the_biggest_one_is_no_population_and_the_figure_is_quoted_with_its_whole_noun() -> None:
    given = ["About 10,000 customer companies use us, with roughly 50 people at each."]
    found = mismatched_inputs("Okay, roughly 500 customer companies, the biggest around 2,000 users, so about "
                              "50,000 users total.", given)
    assert [m.said for m in found] == ["500 customer companies", "50,000 users"]
    assert mismatched_inputs("The largest customer has 2,000 users.", given) == []


def test_figures_put_to_us_for_a_check_are_held_to_rounding_and_to_the_same_thing() -> None:
    facts = ["About a million drivers are online at peak worldwide, and we have tens of millions of riders.",
             "Around 20 million rides a day.",
             "At peak about half a million riders have the app open."]
    asked = "say five hundred thousand drivers online at peak and like twenty million rides a day does that sound right"
    off, met = checked_figures(asked, facts)
    assert [m.said for m in off] == ["500,000 drivers"] and met  # not excused by the half a million riders
    assert mismatched_inputs(asked, facts) == []  # unasked, a factor of two is estimating
    assert checked_figures("so about a million drivers online at peak, does that sound right?", facts) == ([], True)


def test_a_rate_supposed_to_show_a_limit_and_feed_inserts_are_no_count_of_new_things() -> None:
    given = ["Around 100 million new photos a day."]
    assert mismatched_inputs("one post is 300 million Redis writes and even at a million writes a second that's "
                             "5 minutes before the last follower sees it", given) == []
    assert mismatched_inputs("fan out on write means a million feed writes a second", given) == []
    assert [m.said for m in mismatched_inputs("so we get a million writes a second", given)] == \
        ["1,000,000 writes a second"]


def test_figures_that_count_different_things_are_not_set_side_by_side_for_a_shared_word() -> None:
    given = ["About 1,000 merchants today, each with one live key. About 10,000 API requests per second at peak."]
    found = mismatched_inputs("My own assumptions: 10 million API keys, about 1 million active on a given day, peak "
                              "500,000 requests a second.", given)
    assert [m.said for m in found] == ["500,000 requests a second"]


def test_adds_up_to_is_no_ceiling() -> None:
    given = ["Around 5 billion video views a day worldwide, which adds up to roughly a billion hours of watching."]
    off, met = checked_figures("Say 500 hours uploaded a minute and 1 billion views a day, you can correct me.", given)
    assert [m.said for m in off] == ["1 billion views a day"]


def test_a_few_thousand_is_some_thousands_not_one() -> None:
    given = ["About 5,000 people use the app, across 300 teams."]
    assert mismatched_inputs("So we have a few thousand users, maybe a few hundred teams.", given) == []
    assert [m.said for m in mismatched_inputs("So we have a few hundred users.", given)] == ["300 users"]


def test_the_other_figure_of_a_given_sentence_under_a_looser_name_is_ours_not_a_slip() -> None:
    given = ["Plan for about 3 billion accounts, of which roughly 800 million are active on a typical day."]
    assert mismatched_inputs("So 800 million users, each opening the app 5 times, is 4 billion opens a day.", given) == []
    assert [m.said for m in mismatched_inputs("So 80 million users open it 5 times a day.", given)] == ["80 million users"]


def test_in_a_long_spoken_run_on_only_the_words_around_a_figure_say_it_is_growth() -> None:
    given = ["About 400 employees use it today."]
    said = ("okay so let me just put numbers down out loud um say we have around 1,200 employees maybe growing to like "
            "3,000 in a couple of years and each of them opens it maybe five times a day so that's 6,000 loads a day")
    assert [m.said for m in mismatched_inputs(said, given)] == ["1,200 employees"]
    grown = ("okay so let me just put numbers down out loud um we're at 400 employees today and it maybe grows to like "
             "3,000 employees in a couple of years and each of them opens it five times a day so that's 2,000 loads a day")
    assert mismatched_inputs(grown, given) == []


def test_a_batch_size_is_no_count_of_the_world() -> None:
    given = ["A handful of celebrities have hundreds of millions of followers."]
    for said in ("Workers walk the follower list in chunks of a few thousand and write one batch per shard.",
                 "We write in batches of about 5,000 follower ids."):
        assert mismatched_inputs(said, given) == []


def test_an_allowance_we_gave_per_key_is_no_whole_load_to_check_against() -> None:
    per_key = ["By default 100 requests per second per key, with short bursts allowed."]
    assert mismatched_inputs("Say 3,000 keys and about 30,000 requests a second across the whole API.", per_key) == []
    both = ["About 10,000 API requests per second at peak. By default 100 requests per second per key."]
    assert [m.said for m in mismatched_inputs("Say 50,000 requests a second at peak.", both)] == \
        ["50,000 requests a second"]


def test_daily_actives_are_people_set_beside_the_active_users_given() -> None:
    facts = ["About 50 million registered users, 10 million of them active each day."]
    found = mismatched_inputs("Say 500 million daily actives, each opening the feed about 10 times a day.", facts)
    assert [m.said for m in found] == ["500 million daily actives"]
    assert mismatched_inputs("Say 10 million daily actives, each opening the feed 10 times a day.", facts) == []


def test_a_limit_given_for_one_user_or_key_said_back_with_another_value() -> None:
    facts = ["Per user, at most 5 push notifications an hour, 3 emails a day and 1 SMS a day.",
             "By default 100 requests per second per key, with short bursts allowed.",
             "About 10,000 API requests per second at peak, spread over roughly 20 API servers."]
    found = restated_limits("Rate limits: a counter per user per channel, like at most 3 SMS an hour.", facts)
    assert [(m.said, m.fact_figure, m.limit) for m in found] == [("3 SMS an hour", "1 SMS a day", True)]
    (m,) = restated_limits("Default limit of 600 requests a minute per key, so 10 a second sustained.", facts)
    assert m.fact_figure == "100 requests per second"
    assert restated_limits("At most 1 SMS a day per user, so a counter with a 24 hour expiry.", facts) == []
    assert restated_limits("Each key gets 100 requests per second.", facts) == []
    assert restated_limits("Peak total traffic of about 10,000 requests a second.", facts) == []  # not one key's
    assert restated_limits("If a key sends 1,000 requests a second we throttle it.", facts) == []  # a supposition


def test_a_per_person_average_said_after_and_a_bare_cap_are_no_populations() -> None:
    facts = ["A small number of celebrities have tens of millions of followers; the largest has around 50 million.",
             "About 500 million monthly active users, and around 200 million of them open the app on a typical day."]
    text = ("500 million tweets times 200 followers on average is 100 billion timeline inserts a day. Fan-out pushes "
            "ids into per-user timelines, capped at 800, active users only.")
    assert mismatched_inputs(text, facts) == []
    assert [m.said for m in mismatched_inputs("We have 800 active users.", facts)] == ["800 active users"]
