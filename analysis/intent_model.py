"""Estimate, design proposal, answer or "I don't know": a small learned model for the turns rules cannot label.

Questions, requests and injections have exact wording classes (``analysis.intent``). Whether a turn full of
numbers is an estimate or the answer to the interviewer's question, or a paragraph of components is a design
or an answer, depends on what the interviewer asked and on the turn's meaning. A multinomial logistic
regression (scikit-learn, trained by ``evals.intent_train`` on the labelled turns in ``evals/data/turns``)
reads: the kind of the interviewer's last question, counts from the turn analysis, the turn's mean sentence
embedding and the embedding of the interviewer's last question. Its weights ship as a small ``.npz``; at run
time only numpy is used. Without the file, or with an embedder of another size, the rules decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

CONTENT_INTENTS = ("estimate", "design", "answer", "dont_know")
ASKED_KINDS = ("requirements", "estimates", "design", "specific", "challenge", "failure", "other")
MODEL_PATH = Path(__file__).parent / "data" / "content_intent.npz"


def counts(*, arithmetic: int, figures: int, technologies: int, components: int, dont_know: bool,
           substantive_words: int, failure: bool, trade_off: bool, asked: str) -> np.ndarray:
    """The hand-made part of the features: what the interviewer asked and what the turn contains."""
    kind = [1.0 if asked == k else 0.0 for k in ASKED_KINDS]
    return np.array(kind + [min(arithmetic, 3) / 3, min(figures, 5) / 5, min(technologies, 4) / 4,
                            min(components, 4) / 4, float(dont_know), min(substantive_words, 150) / 150,
                            float(failure), float(trade_off)])


def feature_vector(base: np.ndarray, turn: np.ndarray, question: np.ndarray) -> np.ndarray:
    return np.concatenate([base, turn, question])


@dataclass(frozen=True)
class ContentIntentModel:
    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)

    @property
    def features(self) -> int:
        return int(self.coef.shape[1])

    def predict(self, x: np.ndarray) -> str:
        return self.classes[int(np.argmax(self.coef @ x + self.intercept))]

    def save(self, path: Path = MODEL_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, classes=np.array(self.classes), coef=self.coef.astype(np.float32),
                            intercept=self.intercept.astype(np.float32))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> ContentIntentModel | None:
    """The shipped model, or None when there is none (the rules then decide)."""
    if not path.exists():
        return None
    with np.load(path) as data:
        return ContentIntentModel(tuple(str(c) for c in data["classes"]), data["coef"].astype(np.float64),
                                  data["intercept"].astype(np.float64))
