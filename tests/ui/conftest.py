"""UI test fixtures: the app under AppTest with deterministic embeddings and a prebuilt index."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kernel.config import get_settings
from tests.fakes import FakeEmbeddings

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
FAKE_EMBEDDER = "tests.fakes:FakeEmbeddings"


@pytest.fixture(scope="session")
def prebuilt_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The knowledge index built once with the fake embeddings; tests copy it into their own home."""
    from knowledge.index import open_index

    home = tmp_path_factory.mktemp("ui-index-home")
    index = open_index(get_settings(home=home), embedder=FakeEmbeddings())
    index.close()
    return home / "index"


@pytest.fixture
def ui_home(isolated_env: Path, prebuilt_index: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BABYSTEPS_UI_EMBEDDER", FAKE_EMBEDDER)
    shutil.copytree(prebuilt_index, isolated_env / "index")
    return isolated_env


@pytest.fixture
def make_app(ui_home: Path) -> Callable[[], AppTest]:
    def make() -> AppTest:
        return AppTest.from_file(str(APP), default_timeout=60)

    return make
