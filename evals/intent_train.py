"""Train the content-intent model (``analysis.intent_model``) on the labelled turns and measure it out of fold.

    python -m evals.intent_train          # report out-of-fold accuracy, then fit on every turn and save

Only turns that the rules label as an estimate, a design, an answer or "I don't know", and that are labelled
so, are used. Folds are grouped by problem card, so a turn is never judged by a model that saw its card.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from analysis.intent_model import CONTENT_INTENTS, MODEL_PATH, ContentIntentModel
from analysis.turns import TurnAnalyzer
from evals.listening import TurnItem, load_turns
from knowledge.content import Knowledge

FOLDS = 8
C = 1.0  # the usual regularisation; not tuned on these turns


@dataclass
class Examples:
    ids: list[str]
    x: np.ndarray
    y: np.ndarray
    groups: list[str]


def _previous(item: TurnItem) -> str | None:
    return next((next(iter(e.values())) for e in reversed(item.history) if "interviewer" in e), None)


def examples(items: list[TurnItem], kb: Knowledge, analyzer: TurnAnalyzer) -> Examples:
    ids: list[str] = []
    rows: list[np.ndarray] = []
    labels: list[str] = []
    groups: list[str] = []
    for item in items:
        result, x = analyzer.read(item.candidate, kb.problem(item.problem), previous_interviewer=_previous(item))
        if x is None or result.intent not in CONTENT_INTENTS or item.intent not in CONTENT_INTENTS:
            continue
        ids.append(item.id)
        rows.append(x)
        labels.append(item.intent)
        groups.append(item.problem)
    return Examples(ids, np.array(rows), np.array(labels), groups)


def fit(x: np.ndarray, y: np.ndarray) -> ContentIntentModel:
    clf = LogisticRegression(C=C, max_iter=3000)
    clf.fit(x, y)
    return ContentIntentModel(tuple(str(c) for c in clf.classes_), clf.coef_, clf.intercept_)


def out_of_fold(data: Examples) -> dict[str, str]:
    """Each example's prediction by a model fitted without its problem card."""
    predicted: dict[str, str] = {}
    folds = GroupKFold(n_splits=min(FOLDS, len(set(data.groups))))
    for train, test in folds.split(data.x, data.y, groups=data.groups):
        if len(set(data.y[train])) < 2:
            continue
        model = fit(data.x[train], data.y[train])
        for i in test:
            predicted[data.ids[i]] = model.predict(data.x[i])
    return predicted


def main(argv: list[str] | None = None) -> int:
    from knowledge.content import knowledge
    from knowledge.embeddings import get_embedder

    kb = knowledge()
    analyzer = TurnAnalyzer(kb, get_embedder())
    data = examples(load_turns(), kb, analyzer)
    predicted = out_of_fold(data)
    right = sum(predicted[i] == label for i, label in zip(data.ids, data.y, strict=True) if i in predicted)
    rules = sum(analyzer.read(item.candidate, kb.problem(item.problem), previous_interviewer=_previous(item))[0].intent
                == item.intent for item in load_turns() if item.id in set(data.ids))
    print(f"{len(data.ids)} turns; out of fold {right / len(data.ids):.3f}; rules alone {rules / len(data.ids):.3f}")
    fit(data.x, data.y).save(MODEL_PATH)
    print(f"saved {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


__all__: list[Any] = ["examples", "fit", "out_of_fold", "main"]
