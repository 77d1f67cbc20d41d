"""Reference vectors of the eval sentences from the sentence-transformers (torch) embedder.

The ONNX embedder must reproduce them (cosine >= 0.999, see ``test_onnx_embeddings.py``). Made once, where
torch is installed, and committed::

    python -m tests.knowledge.reference_vectors          # write tests/knowledge/data/reference_vectors.npz
    python -m tests.knowledge.reference_vectors --check  # compare the ONNX embedder with torch, live

The sentences are what the turn analyser embeds: the core of every sentence of every eval transcript.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

FIXTURE = Path(__file__).with_name("data") / "reference_vectors.npz"


def eval_sentences() -> list[str]:
    """Every distinct sentence core of the eval transcripts, in a stable order."""
    from analysis.sentences import core, split_sentences
    from evals.dataset import load_cases

    seen: dict[str, None] = {}
    for case in load_cases(swaps=False):
        for turn in case.transcript.turns:
            for sentence in split_sentences(turn.content):
                text = core(sentence.norm)
                if text.strip():
                    seen.setdefault(text, None)
    return list(seen)


def torch_vectors(texts: list[str]) -> np.ndarray:
    """The vectors of the sentence-transformers pipeline the project used before ONNX Runtime."""
    from sentence_transformers import SentenceTransformer

    from knowledge.embeddings import model_dir

    model = SentenceTransformer(str(model_dir()), device="cpu", local_files_only=True)
    return np.asarray(model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True))


def onnx_vectors(texts: list[str]) -> np.ndarray:
    from knowledge.embeddings import LocalEmbedder

    return LocalEmbedder().embed_array(texts)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare ONNX with torch instead of writing")
    args = parser.parse_args(argv)
    texts = eval_sentences()
    reference = torch_vectors(texts)
    if args.check:
        cosine = (onnx_vectors(texts) * reference).sum(axis=1)
        print(f"{len(texts)} eval sentences: cosine min {cosine.min():.7f}, mean {cosine.mean():.7f}")
        return 0 if cosine.min() >= 0.999 else 1
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(FIXTURE, texts=np.array(texts), vectors=reference.astype(np.float16))
    print(f"wrote {len(texts)} reference vectors to {FIXTURE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
