"""The one redaction applied to every string that leaves the process or lands on disk.

:func:`redact` masks the configured API key (remembered by :func:`kernel.config.get_settings`, and
``OPENAI_API_KEY`` from the environment) and anything shaped like a credential whatever its prefix:
``Bearer``/``Basic`` tokens, ``api_key=...``-style assignments, and long letter-and-digit runs such as
``sk-proj-…``, ``gsk_…``, ``AIza…`` or ``ghp_…``. :func:`clean_text` also strips terminal control and
escape sequences, for text printed on a terminal.
"""

from __future__ import annotations

import os
import re
import threading

MASK = "[redacted]"
_MIN_SECRET = 6  # shorter "keys" (e.g. "x") would mask ordinary words

_secrets: set[str] = set()
_lock = threading.Lock()

_BEARER = re.compile(r"(?i)\b(bearer)(\s+)(?=[A-Za-z0-9._~+/=\-]*[0-9._~+/=\-])[A-Za-z0-9._~+/=\-]{8,}")
_VALUE = r"(?!\[redacted\]|(?i:bearer)\b)([^\s\"',;}]{4,})"
_ASSIGNED = re.compile(  # a credential's name, then ``:`` or ``=``, then its value
    r"(?i)\b((?:x-)?api[_-]?key|apikey|access[_-]?token|auth[_-]?token|refresh[_-]?token|client[_-]?secret"
    r"|secret[_-]?key)(\"?'?\s*[:=]\s*\"?'?)" + _VALUE
)
_AUTH_HEADER = re.compile(r"(?i)\b(authorization)(\"?'?\s*[:=]\s*\"?'?)[^\r\n\"']+")
_PASSWORD = re.compile(r"(?i)\b(password|passwd|secret)(\"?'?\s*=\s*\"?'?|\"\s*:\s*\")" + _VALUE)
_SK = re.compile(r"\bsk-[A-Za-z0-9_\-*.]{4,}")
# a run of 20+ letters and digits that mixes both, with whatever prefix is glued to it ("gsk_", "sk-proj-")
_KEY_SHAPED = re.compile(r"[A-Za-z0-9_\-]*(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{20,}[A-Za-z0-9_\-]*")
# CSI/OSC/other escape sequences, then any other C0/C1 control except tab and newline
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def remember_secret(secret: str | None) -> None:
    """Add a secret (the configured API key) to those :func:`redact` always masks."""
    if secret and len(secret) >= _MIN_SECRET:
        with _lock:
            _secrets.add(secret)


def _known_secrets() -> list[str]:
    env = os.environ.get("OPENAI_API_KEY", "")
    with _lock:
        found = set(_secrets)
    if len(env) >= _MIN_SECRET:
        found.add(env)
    return sorted(found, key=len, reverse=True)  # longest first, so a key containing another is masked whole


def redact(text: str) -> str:
    """``text`` with every known secret and credential-shaped token replaced by ``[redacted]``."""
    if not text:
        return text
    for secret in _known_secrets():
        text = text.replace(secret, MASK)
    text = _AUTH_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _ASSIGNED.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _PASSWORD.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _SK.sub(MASK, text)
    return _KEY_SHAPED.sub(MASK, text)


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences and control characters (tabs and newlines stay)."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))


def clean_text(text: str) -> str:
    """Redacted and safe to print on a terminal."""
    return strip_controls(redact(text))


def redact_data(value: object) -> object:
    """Redact every string inside JSON-like data (dicts, lists, strings), for files and ``--json`` output."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_data(v) for v in value]
    return value
