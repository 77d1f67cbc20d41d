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
    code = 0 if state["problems"] == "0" else 1
    if args.ping:
        from kernel.llm.openai_chat import ping

        report["ping"] = ping(settings)
        code = code or (0 if report["ping"].get("ok") else 1)
    report = redact_data(report)  # type: ignore[assignment]
    if args.json:
        print(json.dumps(report, indent=2))
        return code
    for title, section in (("Babysteps configuration", "config"), ("Data directory", "state"),
                           ("Knowledge index", "index"), ("Endpoint ping", "ping")):
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
