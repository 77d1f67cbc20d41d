"""YAML reading through libyaml's C parser when PyYAML was built with it (about eight times faster than the
pure-Python parser on the knowledge files, with the same result); the pure-Python safe loader otherwise."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with the fastest safe loader available; raises ``yaml.YAMLError`` as it does."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
