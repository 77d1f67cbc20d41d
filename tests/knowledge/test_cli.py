"""``babysteps kb`` and ``babysteps problems`` through the real argument parser, with fake embeddings."""

from __future__ import annotations

import json

import pytest

from knowledge import embeddings
from knowledge.chunks import KINDS, build_chunks
from knowledge.content import knowledge
from tests.fakes import FakeEmbeddings
from ui.cli import main


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> FakeEmbeddings:
    fake = FakeEmbeddings()
    monkeypatch.setattr(embeddings, "get_embedder", lambda: fake)
    return fake


def test_kb_search_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["kb", "search", "ZooKeeper coordination ranges", "--k", "3", "--json"])
    captured = capsys.readouterr()
    assert code == 0
    hits = json.loads(captured.out)
    assert len(hits) == 3
    for hit in hits:
        assert {"id", "title", "text", "score", "kind", "metadata"} <= set(hit)
        assert isinstance(hit["score"], float)
    assert hits[0]["id"] == "tech:zookeeper"
    assert "building the knowledge index" in captured.err


def test_kb_search_filters_and_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "search", "short code generation", "--problem", "url-shortener", "--k", "4"]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line[:1].isdigit()]
    assert len(lines) == 4 and all("problem:url-shortener" in line for line in lines)


def test_kb_search_unknown_kind_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "search", "cache", "--kind", "recipe"]) == 2
    err = capsys.readouterr().err
    assert "unknown kind 'recipe'" in err and all(k in err for k in KINDS)


def test_kb_search_unknown_problem_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "search", "cache", "--problem", "design-everything"]) == 2
    err = capsys.readouterr().err
    assert "design-everything" in err and "url-shortener" in err


def test_kb_build_then_incremental_and_if_missing(capsys: pytest.CaptureFixture[str]) -> None:
    total = len(build_chunks(knowledge()))
    assert main(["kb", "build"]) == 0
    assert f"{total} added" in capsys.readouterr().out
    assert main(["kb", "build"]) == 0
    assert f"{total} unchanged" in capsys.readouterr().out
    assert main(["kb", "build", "--if-missing"]) == 0
    assert "already present" in capsys.readouterr().out
    assert main(["kb", "build", "--force"]) == 0
    assert f"{total} added" in capsys.readouterr().out


def test_invalid_knowledge_file_exits_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from knowledge import cli, content

    def broken() -> content.Knowledge:
        raise content.ContentError("/x/problems/bad.yaml: invalid field 'scale': Input should be 'tiny'")

    monkeypatch.setattr(cli, "knowledge", broken)
    assert main(["kb", "search", "cache"]) == 2
    assert "bad.yaml" in capsys.readouterr().err
    assert main(["problems"]) == 2


def test_problems_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["problems", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in rows} == set(knowledge().problems)
    assert all(set(r) == {"id", "title"} for r in rows)
    assert main(["problems"]) == 0
    assert "url-shortener" in capsys.readouterr().out
