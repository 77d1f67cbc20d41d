"""The knowledge index on a Chroma server (``chroma run`` on loopback) instead of the embedded store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kernel.config import get_settings
from knowledge.index import index_status, open_index
from tests.fakes import FakeEmbeddings
from tests.team.services import ChromaServer

pytestmark = pytest.mark.integration


def test_the_index_is_built_and_searched_on_the_server(
        chroma_server: ChromaServer, isolated_env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BABYSTEPS_CHROMA_URL", chroma_server.url)
    settings = get_settings()
    index = open_index(settings, embedder=FakeEmbeddings())
    assert index.count() > 0
    hits = index.search("consistent hashing for a cache", k=3)
    assert hits
    index.close()
    assert not (isolated_env / "index" / "chroma.sqlite3").exists()  # nothing local

    monkeypatch.setenv("BABYSTEPS_HOME", str(isolated_env.parent / "another-host"))
    again = open_index(get_settings(), embedder=FakeEmbeddings())  # another process: up to date, nothing rebuilt
    assert not any("building" in n for n in again.notices)
    assert [h.id for h in again.search("consistent hashing for a cache", k=3)] == [h.id for h in hits]
    again.close()

    from ui.cli import main

    main(["doctor", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["chroma"]["status"] == "ok" and "vectors" in report["chroma"]["collection"]


def test_an_unreachable_chroma_server_is_reported(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from ui.cli import main

    monkeypatch.setenv("BABYSTEPS_CHROMA_URL", "http://127.0.0.1:1")
    assert main(["doctor", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["chroma"]["status"].startswith("PROBLEM")
    assert index_status(get_settings())["exists"] == "no"
