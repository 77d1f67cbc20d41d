"""CLI commands of the rubric layer (placeholder until the layer lands)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add this layer's subcommands to the babysteps parser."""
    del sub


def _unused(_: argparse.Namespace) -> int:
    return 0
