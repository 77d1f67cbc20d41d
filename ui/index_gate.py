"""The app's view of the knowledge index build: a progress indicator, and whether Start may be pressed.

``babysteps ui`` builds the index while the app starts and reports in the data directory's status file
(:mod:`knowledge.build_status`); the app shows that progress. Where no live process is building and there is
no index yet (the app started some other way, or a build died), the app builds it in a background thread of
its own, reporting the same way. Either way Start waits, and says what for.
"""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st

from kernel.config import Settings
from knowledge.build_status import BuildStatus, build_index, read_status, write_status

POLL_SECONDS = 1.0

_started: set[str] = set()  # data directories this process has started a build for
_lock = threading.Lock()


def ready(settings: Settings, embedder: Any) -> bool:
    """True when the index can be opened now; otherwise make sure a build runs and show its progress."""
    status = read_status(settings)
    if status is not None and status.building():
        progress(settings)
        return False
    if status is not None and status.state == "failed":
        return _failed(settings, status, embedder)
    if settings.chroma_url and status is not None and status.state == "ready":
        return True  # on a Chroma server: this process (or `babysteps ui`) has checked or built it
    if (settings.index_dir / "chroma.sqlite3").is_file() and (status is None or status.state == "ready"):
        return True  # opening it brings it up to date if the content changed
    _start_build(settings, embedder)  # no index yet, or the build that was making it died
    progress(settings)
    return False


def _start_build(settings: Settings, embedder: Any) -> None:
    """Build the index in a background thread of this process, once per data directory."""
    key = str(settings.data_dir)
    with _lock:
        if key in _started:
            return
        _started.add(key)
    write_status(settings, "building", step="starting")  # seen at once, before the thread runs

    def work() -> None:
        try:
            build_index(settings, embedder).close()
        except Exception:  # noqa: BLE001 - recorded in the status file, shown by the page
            return

    threading.Thread(target=work, name="babysteps-index-build", daemon=True).start()


def _failed(settings: Settings, status: BuildStatus, embedder: Any) -> bool:
    st.error(status.describe(), icon=":material/error:")
    if st.button("Build the knowledge index again", key="index_retry"):
        with _lock:
            _started.discard(str(settings.data_dir))
        _start_build(settings, embedder)
        st.rerun()
    return False


@st.fragment(run_every=POLL_SECONDS)
def progress(settings: Settings) -> None:
    """The build's progress, redrawn every second; the whole page reruns once the index is ready."""
    status = read_status(settings)
    if status is None or status.state != "building":
        st.rerun(scope="app")
        return
    st.progress(status.fraction(), text=status.describe())
    st.caption("Start waits for the knowledge index; it is built once per data directory and then updated "
               "only where the content changes.")
