"""The ONNX embedder: the converted-model cache and its hash checks, pooling as sentence-transformers pools,
vectors that match the torch reference, and no torch on any run-time path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from knowledge import embeddings, onnx_export
from knowledge.embeddings import EmbeddingModelMissing, LocalEmbedder, prepare_model
from knowledge.index import KnowledgeIndex

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).with_name("data") / "reference_vectors.npz"


# --- the cache, with a fake exporter -----------------------------------------------------------------


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "source"
    folder.mkdir()
    (folder / onnx_export.WEIGHTS).write_bytes(b"weights")
    return folder


def fake_export(calls: list[Path]) -> Any:
    def export(src: Path, folder: Path) -> dict[str, Any]:
        calls.append(folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / onnx_export.GRAPH).write_bytes(b"graph")
        weights = src / onnx_export.WEIGHTS
        manifest = {"format": onnx_export.FORMAT, "sha256": onnx_export.sha256(folder / onnx_export.GRAPH),
                    "source_sha256": onnx_export.sha256(weights), "source_fingerprint": onnx_export.fingerprint(weights)}
        (folder / onnx_export.MANIFEST).write_text(json.dumps(manifest))
        return manifest

    return export


def test_converts_once_then_reuses_the_cache(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(onnx_export, "export", fake_export(calls))
    notices: list[str] = []
    graph = prepare_model(source, tmp_path / "cache", notify=notices.append)
    assert graph == tmp_path / "cache" / onnx_export.GRAPH and len(calls) == 1
    assert "no converted model" in notices[0]
    assert prepare_model(source, tmp_path / "cache", notify=notices.append) == graph
    assert len(calls) == 1 and len(notices) == 1


def test_a_damaged_graph_is_converted_again(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(onnx_export, "export", fake_export(calls))
    graph = prepare_model(source, tmp_path / "cache", notify=lambda _: None)
    graph.write_bytes(b"grapH")
    assert onnx_export.cache_problem(graph.parent, source) == "the converted model does not match its recorded hash"
    notices: list[str] = []
    prepare_model(source, tmp_path / "cache", notify=notices.append)
    assert len(calls) == 2 and "recorded hash" in notices[0]


def test_changed_weights_make_the_cache_stale(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(onnx_export, "export", fake_export([]))
    graph = prepare_model(source, tmp_path / "cache", notify=lambda _: None)
    (source / onnx_export.WEIGHTS).write_bytes(b"other weights")
    assert onnx_export.cache_problem(graph.parent, source) == "the packaged weights changed since the conversion"


def test_same_weights_with_a_new_timestamp_keep_the_cache(source: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(onnx_export, "export", fake_export([]))
    graph = prepare_model(source, tmp_path / "cache", notify=lambda _: None)
    os.utime(source / onnx_export.WEIGHTS, ns=(1, 1))
    assert onnx_export.cache_problem(graph.parent, source) is None


def test_a_failed_conversion_is_a_clear_error(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(src: Path, folder: Path) -> dict[str, Any]:
        raise onnx_export.ConversionError("converting the embedding model needs torch")

    monkeypatch.setattr(onnx_export, "export", fail)
    with pytest.raises(EmbeddingModelMissing, match="needs torch"):
        prepare_model(source, tmp_path / "cache", notify=lambda _: None)


def test_the_cache_lives_under_the_data_directory(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(embeddings.MODEL_CACHE_ENV, raising=False)
    assert embeddings.model_cache_dir() == isolated_env / "models" / embeddings.MODEL_NAME
    monkeypatch.setenv(embeddings.MODEL_CACHE_ENV, "/somewhere")
    assert embeddings.model_cache_dir() == Path("/somewhere") / embeddings.MODEL_NAME


# --- pooling, with a fake session --------------------------------------------------------------------


class _Encoding:
    def __init__(self, ids: list[int], real: int) -> None:
        self.ids = ids
        self.attention_mask = [1] * real + [0] * (len(ids) - real)
        self.type_ids = [0] * len(ids)


class _Session:
    """Token embeddings that make padding visible: a padded position holds a huge vector."""

    def run(self, outputs: Any, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        ids = feeds["input_ids"].astype(np.float32)
        tokens = np.stack([ids, np.ones_like(ids)], axis=-1)
        tokens[feeds["attention_mask"] == 0] = 1e6
        return [tokens]


def test_pooling_is_the_masked_mean_then_unit_length() -> None:
    rows = embeddings._run(_Session(), [_Encoding([3, 5, 0], 2), _Encoding([4, 0, 0], 1)], width=3)
    expected = np.array([[4.0, 1.0], [4.0, 1.0]])
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(rows, expected)


def test_runs_are_cut_to_their_longest_text() -> None:
    seen: list[tuple[int, ...]] = []

    class Recording(_Session):
        def run(self, outputs: Any, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
            seen.append(feeds["input_ids"].shape)
            return super().run(outputs, feeds)

    embeddings._run(Recording(), [_Encoding([3, 5, 0, 0], 2)], width=2)
    assert seen == [(1, 2)]


# --- the real model ----------------------------------------------------------------------------------


@pytest.mark.integration
def test_vectors_match_the_torch_reference_on_the_eval_sentences(real_embedder: LocalEmbedder) -> None:
    data = np.load(FIXTURE)
    texts = [str(t) for t in data["texts"]]
    reference = data["vectors"].astype(np.float32)
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    cosine = (real_embedder.embed_array(texts) * reference).sum(axis=1)
    assert len(texts) > 500
    assert cosine.min() >= 0.999, texts[int(cosine.argmin())]


@pytest.mark.integration
def test_embed_is_order_and_batch_independent(real_embedder: LocalEmbedder) -> None:
    texts = ["a short one", "a much longer sentence about sharding the database by user id", "cache"]
    together = np.array(real_embedder.embed(texts))
    alone = np.array([real_embedder.embed([t])[0] for t in reversed(texts)])[::-1]
    assert np.allclose(together, alone, atol=1e-5)


# Run a CLI command inside one process, then report which heavy modules it imported.
_PROBE = """
import sys
from ui.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules)
print("HEAVY", ",".join(heavy) or "-", code, file=sys.stderr)
"""

# The app's interview page under Streamlit's test runner, with the real embedder.
_APP_PROBE = """
import sys
from streamlit.testing.v1 import AppTest
app = AppTest.from_file(sys.argv[1], default_timeout=120).run()
from knowledge.embeddings import get_embedder
get_embedder().embed(["the app's first turn"])
heavy = sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules)
print("HEAVY", ",".join(heavy) or "-", len(app.exception), file=sys.stderr)
"""


def _heavy_modules(code: str, args: list[str], home: Path, model_cache: Path) -> str:
    env = {**os.environ, "BABYSTEPS_HOME": str(home), embeddings.MODEL_CACHE_ENV: str(model_cache),
           "BABYSTEPS_LLM": "offline"}
    env.pop("BABYSTEPS_UI_EMBEDDER", None)
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=300)
    line = next((ln for ln in proc.stderr.splitlines() if ln.startswith("HEAVY ")), None)
    assert line is not None, proc.stderr[-2000:]
    return line


@pytest.mark.integration
@pytest.mark.parametrize("args", [
    ["grade", "evals/data/cases/extra-pastebin.md"],
    ["kb", "search", "do I need ZooKeeper for unique ids"],
    ["interview", "--replay", "evals/data/scripts/b2b-chat-startup.yaml", "--llm", "offline"],
    ["eval", "--cases", "extra-pastebin", "--no-perturb", "--no-swaps", "--no-interviewer", "--out", "eval-probe"],
], ids=["grade", "kb-search", "interview", "eval"])
def test_run_time_paths_never_import_torch(args: list[str], real_index: KnowledgeIndex, model_cache: Path,
                                           tmp_path: Path) -> None:
    if args[0] == "eval":
        args = [*args[:-1], str(tmp_path / "eval-out")]
    line = _heavy_modules(_PROBE, args, real_index.path.parent, model_cache)
    assert line.split()[1] == "-", line


@pytest.mark.integration
def test_the_app_never_imports_torch(real_index: KnowledgeIndex, model_cache: Path) -> None:
    line = _heavy_modules(_APP_PROBE, [str(ROOT / "ui" / "app.py")], real_index.path.parent, model_cache)
    assert line.split()[1:] == ["-", "0"], line


def test_long_texts_run_in_small_batches() -> None:
    lengths = [256] * 10 + [20] * 40
    runs = embeddings._runs(list(range(50)), lengths, batch_size=32)
    assert [len(r) for r in runs] == [8, 8, 32, 2]  # the second run: two long texts, six short ones
    assert all(len(r) * lengths[r[0]] <= embeddings.RUN_TOKENS for r in runs)
    assert sorted(i for r in runs for i in r) == list(range(50))


def test_a_new_data_directory_copies_the_installed_model(source: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(onnx_export, "export", fake_export(calls))
    seed = tmp_path / "installed"
    prepare_model(source, seed, notify=lambda _: None)
    graph = prepare_model(source, tmp_path / "home" / "models", notify=lambda _: None, seed=seed)
    assert calls == [seed] and graph.read_bytes() == b"graph"
    assert onnx_export.cache_problem(graph.parent, source) is None


def test_a_damaged_installed_copy_is_not_used(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(onnx_export, "export", fake_export(calls))
    seed = tmp_path / "installed"
    prepare_model(source, seed, notify=lambda _: None)
    (seed / onnx_export.GRAPH).write_bytes(b"broken")
    prepare_model(source, tmp_path / "home", notify=lambda _: None, seed=seed)
    assert calls == [seed, tmp_path / "home"]
