"""The ``babysteps`` command: one entry point; each layer registers its own subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from agent.cli import register as register_agent
from agent.migrate import register as register_migrate
from evals.cli import register as register_evals
from knowledge.cli import register as register_knowledge
from rubric.cli import register as register_rubric
from ui.doctor import register as register_doctor
from ui.serve import register as register_ui
from ui.users import register as register_users


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="babysteps",
        description="A system-design mock interviewer and honest transcript grader, on your own machine.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in (register_agent, register_rubric, register_knowledge, register_evals, register_doctor, register_ui,
                     register_users, register_migrate):
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return code


if __name__ == "__main__":
    sys.exit(main())
