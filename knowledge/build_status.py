"""The knowledge index build as other processes see it: a small status file in the data directory.

``babysteps ui`` builds the index in the terminal (with a progress bar) while the app starts; the app reads
this file to show the same progress and to keep Start waiting, saying for what, until the index is ready.
The file is replaced atomically on every update and names the building process, so a build that died is
told from one that is still running.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ValidationError

from kernel.config import Settings
from knowledge.embeddings import Embedder

if TYPE_CHECKING:
    from knowledge.index import KnowledgeIndex

STATUS_FILE = "index-build.json"
State = Literal["building", "ready", "failed"]


class BuildStatus(BaseModel):
    """Where a build stands: ``done`` of ``total`` chunks embedded (``total`` 0 while it is not known yet)."""

    state: State
    step: str = ""
    done: int = 0
    total: int = 0
    pid: int = 0
    message: str = ""
    updated: float = 0.0

    def alive(self) -> bool:
        """Whether the process that wrote this status still runs."""
        if self.pid <= 0:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # someone else's process: it exists
            return True
        return True

    def building(self) -> bool:
        """A build is under way in a live process."""
        return self.state == "building" and self.alive()

    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0

    def describe(self) -> str:
        if self.state == "ready":
            return self.message or "The knowledge index is ready."
        if self.state == "failed":
            return f"Building the knowledge index failed: {self.message}"
        if self.total:
            return f"Building the knowledge index: {self.done} of {self.total} chunks embedded…"
        return f"Building the knowledge index: {self.step or 'starting'}…"


def status_path(settings: Settings) -> Path:
    return settings.data_dir / STATUS_FILE


def read_status(settings: Settings) -> BuildStatus | None:
    try:
        return BuildStatus.model_validate(json.loads(status_path(settings).read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return None


def write_status(settings: Settings, state: State, **fields: object) -> BuildStatus:
    status = BuildStatus.model_validate({"state": state, "pid": os.getpid(), "updated": time.time(), **fields})
    path = status_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(status.model_dump_json(), encoding="utf-8")
    os.replace(tmp, path)
    return status


def build_index(
    settings: Settings,
    embedder: Embedder | None = None,
    progress: Callable[[int, int], None] | None = None,
    notify: Callable[[str], None] | None = None,
) -> KnowledgeIndex:
    """:func:`knowledge.index.open_index`, reporting each step and chunk count in the status file.

    Returns the open index; a failure is recorded (``failed`` with its message) and raised again.
    """
    from knowledge.embeddings import get_embedder
    from knowledge.index import open_index

    write_status(settings, "building", step="loading the embedding model")
    try:
        model = embedder or get_embedder()
        model.embed(["warm up"])  # loads (or first converts) the model, so its time shows as a step
        write_status(settings, "building", step="checking the index")

        def update(done: int, total: int) -> None:
            write_status(settings, "building", step="embedding chunks", done=done, total=total)
            if progress is not None:
                progress(done, total)

        index = open_index(settings, model, update, notify=notify)
        chunks = index.count()
    except Exception as exc:
        write_status(settings, "failed", message=f"{type(exc).__name__}: {exc}")
        raise
    write_status(settings, "ready", done=chunks, total=chunks, message=f"The knowledge index is ready ({chunks} chunks).")
    return index
