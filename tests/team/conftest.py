"""Fixtures of the team-deployment suite: a real PostgreSQL cluster (started here, stopped after) and a fresh
database per test, set as ``BABYSTEPS_DATABASE_URL``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.team.services import ChromaServer, Postgres


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    try:
        server = Postgres().start()
    except FileNotFoundError as exc:
        pytest.skip(f"PostgreSQL is not installed: {exc}")
    try:
        yield server
    finally:
        from agent import pgstore

        pgstore.close_pools()
        server.stop()


@pytest.fixture
def database_url(postgres: Postgres, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database of its own, as ``BABYSTEPS_DATABASE_URL``."""
    url = postgres.create_database(f"t_{uuid.uuid4().hex[:12]}")
    monkeypatch.setenv("BABYSTEPS_DATABASE_URL", url)
    yield url
    from agent import pgstore

    pgstore.close_pools()


@pytest.fixture(scope="session")
def chroma_server() -> Iterator[ChromaServer]:
    server = ChromaServer().start()
    try:
        yield server
    finally:
        server.stop()
