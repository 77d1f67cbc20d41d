"""``babysteps migrate``: an embedded data directory's interviews into PostgreSQL, nothing lost, idempotent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.clock import WordClock
from agent.session import AccessDenied, InterviewSession, list_sessions
from agent.store import load_scorecard_json
from kernel.config import get_settings

pytestmark = pytest.mark.integration


def test_migrate_round_trips_an_embedded_data_directory(
        postgres: object, isolated_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from ui.cli import main

    embedded = get_settings()
    assert not embedded.shared_database
    done = InterviewSession.start(embedded, problem_id="url-shortener", clock=WordClock(), retrieval=False)
    done.send("About 100 million new URLs a day, so roughly 1,200 writes per second.")
    card = done.end(grade=True)
    going = InterviewSession.start(embedded, problem_id="url-shortener", clock=WordClock(), retrieval=False)
    going.send("How many reads per write?")
    going.send("Do links expire?")
    before = {s.thread_id: s.transcript().model_dump() for s in (done, going)}
    done.close()
    going.close()

    url = postgres.create_database("migrated")  # type: ignore[attr-defined]
    monkeypatch.setenv("BABYSTEPS_DATABASE_URL", url)
    assert main(["migrate", "--owner", "alice", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["threads"] == 2 and report["records"] == 2 and report["scorecards"] == 1 and not report["problems"]
    assert "hunter" not in json.dumps(report)

    shared = get_settings()
    assert shared.shared_database
    assert {r.thread_id for r in list_sessions(shared, owner="alice")} == set(before)
    for thread, transcript in before.items():
        again = InterviewSession.resume(shared, thread, clock=WordClock(), owner="alice")
        assert again.transcript().model_dump() == transcript
        again.close()
    with pytest.raises(AccessDenied):
        InterviewSession.resume(shared, going.thread_id, clock=WordClock(), owner="bob")
    stored = load_scorecard_json(shared, done.thread_id)
    assert stored is not None and stored["overall"] == pytest.approx(card.overall)
    carried = InterviewSession.resume(shared, going.thread_id, clock=WordClock(), owner="alice")
    carried.send("What about custom aliases?")  # the interview goes on in the database
    assert len(carried.transcript().candidate_turns()) == 3
    carried.close()

    assert main(["migrate", "--owner", "alice", "--json"]) == 0  # again: nothing copied twice
    again_report = json.loads(capsys.readouterr().out)
    assert again_report["threads"] == 0 and sorted(again_report["skipped"]) == sorted(before)
    assert again_report["records"] == 0
    from agent.store import load_record

    assert load_record(shared, going.thread_id).candidate_turns == 3  # type: ignore[union-attr]
    from agent import pgstore

    pgstore.close_pools()
