"""``babysteps migrate``: copy an embedded data directory's interviews into PostgreSQL, nothing lost.

Every checkpoint of every thread (with its parent link, metadata and pending writes) goes through
LangGraph's own savers, SQLite to Postgres, oldest first; then each session record and scorecard. A thread
already in the database is left alone, so running it again only adds what is new. Each copied thread is
checked: the same checkpoints, and the latest state equal to the source's. Records already in the
database are left alone too (an interview may have carried on there since). The source is opened read-only
and never changed. ``--owner`` gives the interviews without an owner to an account (needed once sign-in is
on: an interview without an owner is nobody's).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from kernel.config import Settings, SettingsError, get_settings
from kernel.redact import clean_text


class MigrationReport(BaseModel):
    source: str
    target: str
    threads: int = 0
    checkpoints: int = 0
    writes: int = 0
    records: int = 0
    scorecards: int = 0
    skipped: list[str] = Field(default_factory=list)  # threads already in the database
    problems: list[str] = Field(default_factory=list)


def _source_saver(path: Path) -> tuple[Any, sqlite3.Connection]:
    from langgraph.checkpoint.sqlite import SqliteSaver

    from agent.state import checkpoint_serde

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return SqliteSaver(conn, serde=checkpoint_serde()), conn


def _threads(conn: sqlite3.Connection) -> list[str]:
    try:
        return [row[0] for row in conn.execute("SELECT DISTINCT thread_id FROM checkpoints ORDER BY thread_id")]
    except sqlite3.OperationalError:  # no interview was ever checkpointed
        return []


def copy_thread(source: Any, target: Any, thread_id: str) -> tuple[int, int]:
    """Copy one thread's checkpoints and pending writes, oldest first; returns (checkpoints, writes)."""
    tuples = list(source.list({"configurable": {"thread_id": thread_id}}))
    tuples.reverse()  # list() gives the newest first; parents must go in before their children
    checkpoints = writes = 0
    for item in tuples:
        conf = item.config["configurable"]
        parent = (item.parent_config or {}).get("configurable", {}).get("checkpoint_id")
        config: dict[str, Any] = {"configurable": {"thread_id": thread_id, "checkpoint_ns": conf.get("checkpoint_ns", "")}}
        if parent:
            config["configurable"]["checkpoint_id"] = parent
        checkpoint = item.checkpoint
        stored = target.put(config, checkpoint, item.metadata, dict(checkpoint.get("channel_versions", {})))
        checkpoints += 1
        by_task: dict[str, list[tuple[str, Any]]] = defaultdict(list)
        for task_id, channel, value in item.pending_writes or []:
            by_task[task_id].append((channel, value))
        for task_id, pending in by_task.items():
            target.put_writes(stored, pending, task_id)
            writes += len(pending)
    return checkpoints, writes


def check_thread(source: Any, target: Any, thread_id: str) -> str | None:
    """Why the copy of ``thread_id`` differs from the source (``None``: it does not)."""
    config = {"configurable": {"thread_id": thread_id}}
    ids_source = [t.config["configurable"]["checkpoint_id"] for t in source.list(config)]
    ids_target = [t.config["configurable"]["checkpoint_id"] for t in target.list(config)]
    if sorted(ids_source) != sorted(ids_target):
        return f"{thread_id}: {len(ids_target)} checkpoints in the database, {len(ids_source)} in the source"
    latest_source, latest_target = source.get_tuple(config), target.get_tuple(config)
    if latest_source is None or latest_target is None:
        return f"{thread_id}: no latest checkpoint"
    if latest_source.checkpoint["channel_values"] != latest_target.checkpoint["channel_values"]:
        return f"{thread_id}: the latest state differs after the copy"
    if len(latest_source.pending_writes or []) != len(latest_target.pending_writes or []):
        return f"{thread_id}: pending writes differ after the copy"
    return None


def migrate(settings: Settings, source_home: Path, owner: str | None = None) -> MigrationReport:
    """Copy the interviews of the embedded data directory ``source_home`` into ``settings``' database."""
    from agent import pgstore
    from agent.store import list_records, load_record, load_scorecard_json, save_record, save_scorecard

    if not settings.shared_database:
        raise SettingsError("set BABYSTEPS_DATABASE_URL to the PostgreSQL database to migrate into")
    source_home = source_home.expanduser()
    embedded = get_settings(home=source_home).model_copy(update={"database_url": None})
    report = MigrationReport(source=str(source_home), target=settings.masked_database())
    if not source_home.is_dir():
        raise FileNotFoundError(f"no data directory at {source_home}")
    target = pgstore.saver(settings)
    if embedded.checkpoint_path.exists():
        source, conn = _source_saver(embedded.checkpoint_path)
        try:
            for thread_id in _threads(conn):
                if target.get_tuple({"configurable": {"thread_id": thread_id}}) is not None:
                    report.skipped.append(thread_id)
                    continue
                checkpoints, writes = copy_thread(source, target, thread_id)
                report.threads += 1
                report.checkpoints += checkpoints
                report.writes += writes
                problem = check_thread(source, target, thread_id)
                if problem:
                    report.problems.append(problem)
        finally:
            conn.close()
    for record in list_records(embedded):
        if load_record(settings, record.thread_id) is not None:
            continue  # already migrated (and maybe carried on since): the database's is the newer
        if record.owner is None and owner:
            record.owner = owner
        save_record(settings, record)
        report.records += 1
        card = load_scorecard_json(embedded, record.thread_id)
        if card is not None:
            save_scorecard(settings, record.thread_id, card)
            report.scorecards += 1
    return report


def run_migrate(args: argparse.Namespace) -> int:
    from kernel.accounts import AccountError, check_name

    try:
        settings = get_settings()
        owner = check_name(args.owner) if args.owner else None
        source = Path(args.source) if args.source else settings.data_dir
        report = migrate(settings, source, owner)
    except (SettingsError, AccountError, FileNotFoundError) as exc:
        print(clean_text(f"error: {exc}"), file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the database or the source failed: say which, redacted
        print(clean_text(f"error: the migration stopped: {type(exc).__name__}: {exc}"), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.model_dump(), indent=2))
    else:
        print(clean_text(f"migrated {report.source} into {report.target}: {report.threads} interviews "
                         f"({report.checkpoints} checkpoints, {report.writes} pending writes), {report.records} "
                         f"history records, {report.scorecards} scorecards"))
        if report.skipped:
            print(f"already in the database, left alone: {len(report.skipped)} interview(s)")
        for problem in report.problems:
            print(clean_text(f"PROBLEM: {problem}"), file=sys.stderr)
    return 1 if report.problems else 0


def register(sub: Any) -> None:
    p = sub.add_parser("migrate", help="copy an embedded data directory's interviews into PostgreSQL")
    p.add_argument("--from", dest="source", metavar="DIR",
                   help="the embedded data directory (default: BABYSTEPS_HOME, ~/.babysteps)")
    p.add_argument("--owner", metavar="NAME", help="give interviews without an owner to this account")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=run_migrate)
