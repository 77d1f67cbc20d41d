"""``babysteps doctor``: the effective configuration (key masked), the LLM mode and why, the index status."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kernel.config import get_settings


def run_doctor(args: argparse.Namespace) -> int:
    from knowledge.index import index_status

    settings = get_settings()
    report: dict[str, Any] = {"config": settings.describe(), "index": index_status(settings)}
    code = 0
    if args.ping:
        from kernel.openai_chat import ping

        report["ping"] = ping(settings)
        code = 0 if report["ping"].get("ok") else 1
    if args.json:
        print(json.dumps(report, indent=2))
        return code
    print("Babysteps configuration")
    for key, value in report["config"].items():
        print(f"  {key:<12} {value}")
    print("Knowledge index")
    for key, value in report["index"].items():
        print(f"  {key:<12} {value}")
    if "ping" in report:
        print("Endpoint ping")
        for key, value in report["ping"].items():
            print(f"  {key:<12} {value}")
    return code


def register(sub: Any) -> None:
    p = sub.add_parser("doctor", help="show the effective configuration, LLM mode and index status")
    p.add_argument("--ping", action="store_true", help="call the configured endpoint once")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run_doctor)
