"""Per-tab state and cached heavy resources for the Streamlit app.

Everything a browser tab owns lives in ``st.session_state`` (one per tab), and the current interview's
thread id is mirrored in the URL (``?thread=...``) so a reload resumes it from its checkpoint.
Heavy, shareable resources (knowledge, the embedder, the index) are cached once per process with
``st.cache_resource``.

``BABYSTEPS_UI_EMBEDDER`` (``module:Class``) swaps the embedder for another implementation, for fast
tests; unset, the app uses the real local embedder.
"""

from __future__ import annotations

import importlib
import os
import threading
from typing import Any

import streamlit as st

from kernel.config import Settings, get_settings

EMBEDDER_ENV = "BABYSTEPS_UI_EMBEDDER"
THREAD_PARAM = "thread"


# --- cached resources ------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _embedder(spec: str) -> Any:
    if not spec:
        from knowledge.embeddings import get_embedder

        return get_embedder()
    module, _, attr = spec.partition(":")
    if not attr:
        raise ValueError(f"{EMBEDDER_ENV} must look like 'package.module:Class', got {spec!r}")
    return getattr(importlib.import_module(module), attr)()


def embedder() -> Any:
    """The process-wide embedder (the real local model unless ``BABYSTEPS_UI_EMBEDDER`` names another)."""
    return _embedder(os.environ.get(EMBEDDER_ENV, ""))


_warmed = threading.Event()


def warm_up() -> None:
    """Load the embedding model in the background, once per process, so the first interview starts sooner.

    Only the model is touched (its own lock makes concurrent first use safe); the index is opened on demand.
    """
    if _warmed.is_set():
        return
    _warmed.set()
    model = embedder()
    threading.Thread(target=lambda: model.embed(["warm up"]), name="babysteps-warm-up", daemon=True).start()


@st.cache_resource(show_spinner="Opening the knowledge index (the first time it is built; this takes a while)…")
def _index(home: str, spec: str) -> Any:
    from knowledge.index import open_index

    return open_index(get_settings(home=home), embedder=_embedder(spec))


def index(settings: Settings) -> Any:
    """The knowledge index of this data directory, built on first use and then shared."""
    return _index(str(settings.data_dir), os.environ.get(EMBEDDER_ENV, ""))


@st.cache_resource(show_spinner=False)
def knowledge() -> Any:
    from knowledge.content import knowledge as load

    return load()


def settings() -> Settings:
    """Settings read afresh each run (cheap); the data directory is created on demand."""
    s = get_settings()
    s.ensure_dirs()
    return s


# --- LLM status ----------------------------------------------------------------------------------


def llm_status(s: Settings) -> tuple[str, str]:
    """A short label of the LLM mode in use and the reason; never includes the key."""
    mode, why = s.llm_mode()
    if mode == "offline":
        return "offline", why
    return f"openai · {s.model} @ {s.openai_base_url or 'api.openai.com'}", why


def openai_configured(s: Settings) -> tuple[bool, str]:
    """Whether the OpenAI-compatible mode can be chosen, and why not when it cannot."""
    if s.llm == "offline":
        return False, "BABYSTEPS_LLM=offline forces offline mode."
    if s.llm == "openai" or s.openai_api_key is not None or s.openai_base_url:
        return True, f"endpoint {s.openai_base_url or 'api.openai.com'}, model {s.model}"
    return False, "No endpoint configured: set OPENAI_API_KEY and/or OPENAI_BASE_URL (and BABYSTEPS_MODEL)."


# --- the current interview of this tab -------------------------------------------------------------


def current_thread() -> str | None:
    """This tab's interview thread: session state first, else the URL (a reload)."""
    thread = st.session_state.get("thread")
    if thread:
        return str(thread)
    from_url = st.query_params.get(THREAD_PARAM)
    if from_url:
        st.session_state["thread"] = from_url
        return str(from_url)
    return None


def owner() -> str | None:
    """The signed-in account of this tab (``None``: no sign-in configured; see :mod:`ui.auth`)."""
    value = st.session_state.get("owner")
    return str(value) if value else None


def open_session(s: Settings, thread: str) -> Any:
    """This tab's live :class:`agent.session.InterviewSession` for ``thread``, resumed from its checkpoint
    the first time (a reload, a new tab, a resume from the history) and kept for the tab's later runs.

    A session that is read-only (another terminal or tab writes the interview) is reopened on each run,
    so the tab shows the latest turns and becomes writable once the other writer is gone. It is opened under
    the tab's :func:`turn_lock`: a turn still being written, or the interview being opened, by a run this one
    replaced is waited for, and then used."""
    with turn_lock():
        held = st.session_state.get("session_obj")
        if (held is not None and held[0] == thread and held[1].settings.data_dir == s.data_dir
                and not getattr(held[1], "read_only", False) and getattr(held[1], "owner", None) == owner()):
            return held[1]
        from agent.session import InterviewSession

        session = InterviewSession.resume(s, thread, embedder=embedder(), index=index(s), owner=owner())
        keep_session(session)
        return session


def keep_session(session: Any) -> None:
    """Hold ``session`` as this tab's live interview, closing the one held before."""
    held = st.session_state.get("session_obj")
    if held is not None and held[1] is not session:
        held[1].close()
    st.session_state["session_obj"] = (session.thread_id, session)


def turn_lock() -> threading.Lock:
    """This tab's lock around a turn being written. With fast reruns (Streamlit's default) a click while the
    interviewer replies stops the run and starts the next one at once, beside it; the next run takes this lock
    before it touches the interview (:func:`open_session`), so it shows the reply the stopped run is still
    writing, and never opens the interview a second time beside it (the second would find it locked)."""
    lock = st.session_state.get("turn_lock")
    if lock is None:
        lock = threading.Lock()
        st.session_state["turn_lock"] = lock
    return lock


def set_thread(thread: str | None) -> None:
    """Make ``thread`` this tab's interview (or clear it) and mirror it in the URL."""
    st.session_state["thread"] = thread
    held = st.session_state.get("session_obj")
    if held is not None and held[0] != thread:
        held[1].close()
        st.session_state.pop("session_obj", None)
    if thread:
        st.query_params[THREAD_PARAM] = thread
    elif THREAD_PARAM in st.query_params:
        del st.query_params[THREAD_PARAM]


def sync_url() -> None:
    """Keep ``?thread=`` in the URL on every page, so a reload anywhere keeps the interview."""
    thread = st.session_state.get("thread")
    if thread and st.query_params.get(THREAD_PARAM) != thread:
        st.query_params[THREAD_PARAM] = thread


def scorecards() -> dict[str, Any]:
    """Scorecards (``rubric.models.Scorecard`` or their JSON form) seen in this tab, by thread id."""
    cards: dict[str, Any] = st.session_state.setdefault("scorecards", {})
    return cards
