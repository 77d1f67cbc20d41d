"""A click while the interviewer replies: the turn is written whole, and the run that replaced the stopped one
waits for it, so the tab shows the reply (Streamlit stops a run at the next element drawn when a click comes)."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from streamlit.runtime.scriptrunner import StopException

from ui import state
from ui.components import LiveReply

REPLY = ["So about ", "1,160 writes ", "per second."]


class Slot:
    """An ``st.empty()`` that records what it shows; ``stop_at`` makes that call raise as a click would."""

    def __init__(self, stop_at: int | None = None) -> None:
        self.shown: list[str] = []
        self.calls = 0
        self.stop_at = stop_at
        self.stop = StopException()

    def text(self, body: str) -> None:
        self.calls += 1
        if self.calls == self.stop_at:
            raise self.stop
        self.shown.append(body)

    def empty(self) -> None:
        self.shown.append("")


def send(live: LiveReply, written: list[str]) -> str:
    """The session's send: the reply streams to ``token``, then the turn is written."""
    for piece in REPLY:
        live.token(piece)
    written.append("".join(REPLY))
    return "".join(REPLY)


def test_a_reply_streams_then_is_shown_whole() -> None:
    slot, written = Slot(), list[str]()
    live = LiveReply(slot)
    live.done(send(live, written))
    assert slot.shown == ["So about  ▌", "So about 1,160 writes  ▌", "So about 1,160 writes per second. ▌",
                          "So about 1,160 writes per second."]
    assert written == ["So about 1,160 writes per second."]


def test_a_click_during_the_reply_stops_the_run_only_once_the_turn_is_written() -> None:
    slot, written = Slot(stop_at=2), list[str]()
    live = LiveReply(slot)
    reply = send(live, written)  # the stop came at the second token: held, and the reply still written
    assert written == ["So about 1,160 writes per second."]
    assert slot.shown == ["So about  ▌"]  # nothing drawn after the stop
    with pytest.raises(StopException) as raised:
        live.done(reply)
    assert raised.value is slot.stop


def test_a_refused_message_clears_the_reply_without_raising() -> None:
    slot = Slot(stop_at=1)
    live = LiveReply(slot)
    live.token("So")
    live.clear()  # the refusal reruns the page itself, with the text kept
    assert slot.shown == [""]


def test_the_run_that_replaced_a_stopped_one_waits_for_its_turn(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(state.st, "session_state", {})
    settings: Any = SimpleNamespace(data_dir=tmp_path)
    session = SimpleNamespace(settings=settings, read_only=False, owner=None)
    state.st.session_state["session_obj"] = ("t1", session)
    opened: list[Any] = []
    with state.turn_lock():  # the stopped run, still writing its turn
        waiting = threading.Thread(target=lambda: opened.append(state.open_session(settings, "t1")))
        waiting.start()
        waiting.join(0.3)
        assert waiting.is_alive() and not opened
    waiting.join(10)
    assert opened == [session]
    assert state.turn_lock() is state.turn_lock()  # one lock per tab
