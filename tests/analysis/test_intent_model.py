"""The learned content-intent model: shipped, loadable, and never in the way when the embeddings differ."""

from __future__ import annotations

import numpy as np

from analysis.intent_model import ASKED_KINDS, CONTENT_INTENTS, ContentIntentModel, counts, load_model
from analysis.turns import TurnAnalyzer
from knowledge.content import Knowledge


def test_the_model_ships_with_the_package() -> None:
    model = load_model()
    assert model is not None
    assert set(model.classes) <= set(CONTENT_INTENTS)
    assert model.coef.shape == (len(model.classes), model.features)


def test_predict_picks_the_highest_scoring_class(tmp_path) -> None:
    model = ContentIntentModel(("answer", "estimate"), np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros(2))
    assert model.predict(np.array([0.2, 0.9])) == "estimate"
    model.save(tmp_path / "m.npz")
    assert load_model.__wrapped__(tmp_path / "m.npz").classes == ("answer", "estimate")  # type: ignore[attr-defined]


def test_features_start_with_what_the_interviewer_asked() -> None:
    base = counts(arithmetic=1, figures=2, technologies=0, components=0, dont_know=False, substantive_words=30,
                  failure=False, trade_off=False, asked="estimates")
    assert base[: len(ASKED_KINDS)].tolist() == [1.0 if k == "estimates" else 0.0 for k in ASKED_KINDS]


def test_other_embeddings_leave_the_rules_in_charge(analyzer: TurnAnalyzer, kbase: Knowledge) -> None:
    # the fake embeddings have another size than the model's: the rule intent stands
    result = analyzer.analyze("100M a day is about 1,160 writes a second.", kbase.problem("url-shortener"),
                              previous_interviewer="Let's put some numbers on it.")
    assert result.intent == "estimate"
