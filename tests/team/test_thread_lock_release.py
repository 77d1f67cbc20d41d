"""An interview's lock in PostgreSQL is free as soon as it is released, not when the server gets round to ending
the connection that held it: a resume checks the lock and takes it again at once, and on a busy machine the old
backend may not have exited by then (the resume was refused as "open elsewhere" by nobody else)."""

from __future__ import annotations

from typing import Any

import pytest

from agent.pgstore import PgThreadLock
from kernel.config import get_settings

pytestmark = pytest.mark.integration


def test_a_released_lock_is_free_at_once_though_its_connection_lingers(
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = get_settings()
    lock = PgThreadLock(settings, "url-shortener-0123456789")
    assert lock.acquire()
    conn: Any = lock._conn
    ended = conn.close
    monkeypatch.setattr(conn, "close", lambda: None)  # its backend has not exited yet, as on a busy machine
    try:
        lock.release()
        assert not lock.held
        again = PgThreadLock(settings, "url-shortener-0123456789")
        assert again.free_elsewhere() and again.acquire()  # the check, then the take, as a resume does
        assert not PgThreadLock(settings, "url-shortener-0123456789").acquire()  # and it is held again
        again.release()
    finally:
        ended()
