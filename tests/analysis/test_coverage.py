"""Coverage by meaning: the shipped model, its features, and how the interviewer uses the scores."""

from __future__ import annotations

import numpy as np

from agent.acts import Discussed, _deep_dive, _pick_item, depth_probe
from analysis.coverage import FEATURES, KINDS, card_items, coverage_scores, item_features, load_coverage_model
from analysis.models import TechMention, TurnAnalysis
from analysis.sentences import split_sentences


def test_the_shipped_model_has_weights_for_every_item_kind():
    model = load_coverage_model()
    assert set(model.weights) == set(KINDS)
    assert all(len(coef) == len(FEATURES) for coef, _ in model.weights.values())


def test_every_card_item_and_probe_gets_a_chance_between_0_and_1(kb, analyzer):
    card = kb.problem("url-shortener")
    scores = coverage_scores(card, split_sentences("If Redis dies, the database takes 116K reads a second."), None, None)
    tags = {tag for tag, _ in card_items(card, probes=True)}
    assert set(scores) == tags and all(0.0 <= p <= 1.0 for p in scores.values())


def test_rare_words_of_an_item_raise_its_chance_without_embeddings(kb):
    card = kb.problem("photo-storage")
    failure = next(n for n, q in enumerate(card.failure_questions) if "metadata" in q)
    said = split_sentences("If the upload lands but the metadata write fails, the object is an orphan; "
                           "a daily sweep deletes objects with no metadata row.")
    unrelated = split_sentences("We could paint the office walls green next spring.")
    tags, x = item_features(card, said, None, None)
    _, y = item_features(card, unrelated, None, None)
    k = tags.index(f"failure:{failure}")
    assert x[k][FEATURES.index("word_share")] > 0.3 and y[k][FEATURES.index("word_share")] == 0.0
    assert coverage_scores(card, said, None, None)[f"failure:{failure}"] > \
        coverage_scores(card, unrelated, None, None)[f"failure:{failure}"]


def test_a_turn_that_answers_a_failure_covers_it_with_real_embeddings(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    card = kb.problem("ride-sharing")
    drop = next(n for n, q in enumerate(card.failure_questions) if "phone" in q)
    turn = ("If the driver's phone drops while an offer is out, the ten-second timer just runs out and we offer "
            "the ride to the next driver; the driver goes back to free when they reconnect.")
    analysis = TurnAnalyzer(kb, real_embedder).analyze(turn, card)
    assert f"failure:{drop}" in analysis.covers
    assert analysis.coverage[f"failure:{drop}"] > max(p for t, p in analysis.coverage.items()
                                                      if t.startswith("probe:") and t.count(":") == 1)


def test_an_answer_to_a_scenario_put_before_the_question_covers_that_scenario(kb, real_embedder):
    from analysis.turns import TurnAnalyzer

    card = kb.problem("twitter-timeline")
    twist = next(n for n, q in enumerate(card.scale_twists) if "celebrity" in q)
    put = f"That works. Suppose things change. {card.scale_twists[twist]} What changes in your design?"
    answer = ("the obvious problem is celebrities: with 100 million followers one tweet means 100 million timeline "
              "writes, and at a million writes a second that takes 100 seconds to reach everyone")
    analyzer = TurnAnalyzer(kb, real_embedder)
    assert f"twist:{twist}" in analyzer.analyze(answer, card, previous_interviewer=put).covers
    assert f"twist:{twist}" not in analyzer.analyze(answer, card, previous_interviewer="What changes in your "
                                                    "design?").covers


def test_the_interviewer_skips_covered_items_and_prefers_the_least_discussed(kb):
    card = kb.problem("url-shortener")
    first = _deep_dive(card, [], "deep_dive", "google", Discussed())
    assert first.tag == "probe:0:0"
    covered = _deep_dive(card, [], "deep_dive", "google", Discussed({"probe:0"}))
    assert covered.tag and not covered.tag.startswith("probe:0:")
    # every deep dive looks discussed: the least discussed one is asked, not the first in card order
    scores = {f"probe:{d}": 0.4 for d in range(len(card.deep_dives))} | {"probe:1": 0.2}
    least = _deep_dive(card, [], "deep_dive", "google", Discussed(scores=scores))
    assert least.tag == "probe:1:0"
    question, tag = _pick_item(list(card.failure_questions), ["failure:0"], Discussed({"failure:1"}), "failure")
    assert tag == "failure:2" and question == card.failure_questions[2]


def test_deeper_questions_are_about_the_candidates_own_pieces_never_dropped_ones(kb):
    covered = {"technologies": {"redis": True, "kafka": False}, "dropped": ["kafka"], "components": ["redirect service"]}
    analysis = TurnAnalysis(text="x", technologies=[TechMention(tech_id="postgresql", name="Postgres", justified=True,
                                                                quote="Postgres for links")])
    first = depth_probe(kb, covered, analysis, [], "deep_dive")  # type: ignore[arg-type]
    assert first is not None and first.subject in ("Redis", "PostgreSQL") and "Kafka" not in (first.question or "")
    asked = [first.tag or ""]
    second = depth_probe(kb, covered, analysis, asked, "deep_dive")  # type: ignore[arg-type]
    assert second is not None and second.tag not in asked and second.question != first.question
    failure = depth_probe(kb, covered, analysis, [], "failure_modes")  # type: ignore[arg-type]
    assert failure is not None and "goes down" in (failure.question or "")
    assert depth_probe(kb, {}, TurnAnalysis(text="x"), [], "deep_dive") is None  # nothing of theirs to ask about


def test_feature_rows_are_finite(kb):
    card = kb.problem("news-feed")
    _, x = item_features(card, split_sentences("Fan-out on write for most users; celebrities are pulled."), None, None)
    assert np.isfinite(x).all()


def test_stemming_is_safe_from_many_threads():
    from concurrent.futures import ThreadPoolExecutor

    from analysis.coverage import stems

    texts = [f"replicated partitions failing over {n} times while caches are rebuilding" for n in range(400)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(stems, texts))
    assert all("partit" in r and "rebuild" in r for r in results)


def test_a_deeper_question_starts_from_the_candidates_own_words_once(kb):
    covered = {"technologies": {"redis": True}, "said_about": {"redis": "hot links are cached in Redis"}}
    first = depth_probe(kb, covered, TurnAnalysis(text="x"), [], "deep_dive")  # type: ignore[arg-type]
    assert first is not None and (first.question or "").startswith("You said hot links are cached in Redis.")
    second = depth_probe(kb, covered, TurnAnalysis(text="x"), [first.tag or ""], "deep_dive")  # type: ignore[arg-type]
    assert second is not None and not (second.question or "").startswith("You said")


def test_a_failure_question_about_a_piece_they_walked_through_failing_is_covered(kb, analyzer):
    card = kb.problem("b2b-chat")
    redis = next(f"failure:{n}" for n, q in enumerate(card.failure_questions) if "Redis" in q)
    postgres = next(f"failure:{n}" for n, q in enumerate(card.failure_questions) if "PostgreSQL" in q)
    turn = ("If Redis goes down, real-time fan-out and presence stop, but sends still succeed because they go to "
            "the database first; clients fall back to polling until Redis is back.")
    analysis = analyzer.analyze(turn, card)
    assert redis in analysis.covers and postgres not in analysis.covers
    named_only = analyzer.analyze("Redis holds presence with a 60-second TTL per user.", card)
    assert redis not in named_only.covers  # named, but not walked through failing



def test_a_failure_question_naming_a_role_is_covered_by_that_kind_of_piece_failing(kb, analyzer):
    card = kb.problem("video-platform")
    primary = next(f"failure:{n}" for n, q in enumerate(card.failure_questions) if "database primary" in q)
    turn = ("If the MySQL primary dies, uploads stop registering for the half minute failover takes, while playback "
            "keeps going because manifests are served from the CDN.")
    assert primary in analyzer.analyze(turn, card).covers
    feed = kb.problem("news-feed")
    stampede = next(f"failure:{n}" for n, q in enumerate(feed.failure_questions) if "expire" in q)
    down = analyzer.analyze("If the Postgres primary dies, a replica is promoted in about thirty seconds.", feed)
    assert stampede not in down.covers  # the database is what a stampede hits, not what fails

def test_a_card_figure_worked_through_covers_its_failure_and_a_piece_merely_named_does_not(kb, analyzer):
    card = kb.problem("rate-limiter")
    runaway = next(f"failure:{n}" for n, q in enumerate(card.failure_questions) if "50,000" in q)
    down = next(f"failure:{n}" for n, q in enumerate(card.failure_questions) if "goes down" in q)
    turn = ("For the rare very hot keys, say one customer doing 50,000 requests a second, I wouldn't want every request "
            "hitting one Redis shard, so the gateway leases tokens in batches.")
    analysis = analyzer.analyze(turn, card)
    assert runaway in analysis.covers and down not in analysis.covers
