"""``babysteps doctor``: the effective configuration (key masked), the LLM mode and why, the index status,
and the health of the data directory (unwritable folders, a damaged or read-only checkpoint database,
checkpoints moved aside). Everything printed is redacted; any problem makes the exit code 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from kernel.config import Settings, SettingsError, get_settings
from kernel.redact import clean_text, redact_data


def state_report(settings: Settings) -> dict[str, str]:
    """One line per data-directory check; ``problems`` counts those that need the user."""
    from agent.store import StateError, check_data_dir, checkpoint_problem, damaged_checkpoints

    report: dict[str, str] = {}
    problems = 0
    try:
        check_data_dir(settings)
        report["data_dir"] = f"ok ({settings.data_dir})"
    except StateError as exc:
        report["data_dir"] = f"PROBLEM: {exc}"
        problems += 1
    path = settings.checkpoint_path
    problem = checkpoint_problem(path)
    if problem is not None:
        report["checkpoints"] = (f"PROBLEM: {path} cannot be read ({problem}); it is moved aside when an "
                                 "interview next starts, or move it away yourself")
        problems += 1
    elif path.exists() and not os.access(path, os.W_OK):
        report["checkpoints"] = f"PROBLEM: {path} is read-only; make it writable (chmod u+w)"
        problems += 1
    else:
        report["checkpoints"] = f"ok ({path})" if path.exists() else "none yet"
    damaged = damaged_checkpoints(settings)
    if damaged:
        report["moved_aside"] = (f"{len(damaged)} damaged checkpoint database(s) moved aside, latest {damaged[-1]}; "
                                 "the interviews in them cannot be resumed")
    report["problems"] = str(problems)
    return report


def database_report(settings: Settings) -> dict[str, str]:
    """PostgreSQL (``BABYSTEPS_DATABASE_URL``): reachable, its version, the schema, interviews and held locks."""
    if not settings.shared_database:
        return {"status": f"embedded (SQLite at {settings.checkpoint_path}; set BABYSTEPS_DATABASE_URL for a team)"}
    from agent.pgstore import SCHEMA_TABLES, THREAD_LOCKS, DatabaseError, connect

    report = {"url": settings.masked_database()}
    try:
        conn = connect(settings)
    except DatabaseError as exc:
        return {**report, "status": f"PROBLEM: {exc}"}
    try:
        version = conn.execute("SHOW server_version").fetchone()
        report["server"] = f"PostgreSQL {version[0] if version else '?'}"
        present = {row[0] for row in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").fetchall()}
        missing = [t for t in SCHEMA_TABLES if t not in present]
        report["schema"] = "ok" if not missing else f"not set up yet ({', '.join(missing)}); created on first start"
        if not missing:
            row = conn.execute("SELECT count(*), count(DISTINCT owner) FROM babysteps_sessions").fetchone()
            report["interviews"] = f"{row[0]} by {row[1]} account(s)" if row else "?"
        held = conn.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s::oid "
                            "AND objsubid = 2", (THREAD_LOCKS,)).fetchone()
        report["writers"] = f"{held[0] if held else 0} interview(s) open for writing now"
        report["status"] = "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        report["status"] = f"PROBLEM: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    finally:
        conn.close()
    return report


def chroma_report(settings: Settings) -> dict[str, str]:
    """The Chroma server (``BABYSTEPS_CHROMA_URL``): reachable, and the knowledge collection in it."""
    if not settings.chroma_url:
        return {"status": f"embedded (Chroma in {settings.index_dir}; set BABYSTEPS_CHROMA_URL for a server)"}
    from knowledge.store import COLLECTION, chroma_client

    report = {"url": settings.chroma_url}
    try:
        client = chroma_client(settings.index_dir, settings.chroma_url)
        client.heartbeat()
        report["server"] = f"Chroma {client.get_version()}"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return {**report, "status": f"PROBLEM: cannot reach the Chroma server ({type(exc).__name__}: {exc}); "
                                    "start it (chroma run) or fix BABYSTEPS_CHROMA_URL"}
    try:
        collection = client.get_collection(COLLECTION, embedding_function=None)
        report["collection"] = f"{COLLECTION}: {collection.count()} vectors"
    except Exception:  # noqa: BLE001 - no collection yet
        report["collection"] = "not built yet (babysteps kb build, or the first app start, builds it)"
    report["status"] = "ok"
    return report


def accounts_report(settings: Settings) -> dict[str, str]:
    """Sign-in: the mode in effect outside the app (OIDC needs Streamlit's secrets), the accounts file."""
    from kernel.accounts import AccountError, load_accounts

    path = settings.accounts_path
    report = {"setting": f"BABYSTEPS_AUTH={settings.auth}", "file": str(path)}
    try:
        users = load_accounts(path).users
    except AccountError as exc:
        return {**report, "status": f"PROBLEM: {exc}"}
    admins = sum(1 for a in users.values() if a.role == "admin")
    report["users"] = f"{len(users)} ({admins} admin)" if users else "none"
    if path.exists() and path.stat().st_mode & 0o077:
        report["status"] = f"PROBLEM: {path} is readable by others; chmod 600 it"
    elif settings.auth == "local" and not users:
        report["status"] = "PROBLEM: BABYSTEPS_AUTH=local and no users; add one with babysteps users add NAME"
    elif settings.shared_database and settings.auth in ("auto", "none") and not users:
        report["status"] = ("warning: a shared database without sign-in shows every interview to everyone; "
                            "add users (babysteps users add) or configure OIDC")
    else:
        report["status"] = "ok"
    return report


def run_doctor(args: argparse.Namespace) -> int:
    from knowledge.index import index_status

    try:
        settings = get_settings()
    except SettingsError as exc:
        print(clean_text(f"error: {exc}"), file=sys.stderr)
        return 2
    state = state_report(settings)
    try:
        index: Any = index_status(settings)
    except Exception as exc:  # a broken index is reported, not raised
        index = {"status": f"PROBLEM: {type(exc).__name__}: {exc}"}
    report: dict[str, Any] = {"config": settings.describe(), "state": state, "index": index}
    report["database"] = database_report(settings)
    report["chroma"] = chroma_report(settings)
    report["accounts"] = accounts_report(settings)
    code = 0 if state["problems"] == "0" else 1
    if any(str(report[s].get("status", "")).startswith("PROBLEM") for s in ("database", "chroma", "accounts")):
        code = 1
    if args.ping:
        from kernel.llm.openai_chat import ping

        report["ping"] = ping(settings)
        code = code or (0 if report["ping"].get("ok") else 1)
    report = redact_data(report)  # type: ignore[assignment]
    if args.json:
        print(json.dumps(report, indent=2))
        return code
    for title, section in (("Babysteps configuration", "config"), ("Data directory", "state"),
                           ("Knowledge index", "index"), ("Database", "database"), ("Chroma", "chroma"),
                           ("Sign-in", "accounts"), ("Endpoint ping", "ping")):
        if section not in report:
            continue
        print(title)
        for key, value in report[section].items():
            print(clean_text(f"  {key:<12} {value}"))
    return code


def register(sub: Any) -> None:
    p = sub.add_parser("doctor", help="show the effective configuration, LLM mode, data directory and index status")
    p.add_argument("--ping", action="store_true", help="call the configured endpoint once")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run_doctor)
