"""Shared storage in PostgreSQL (``BABYSTEPS_DATABASE_URL``): checkpoints, session history, the writer lock.

Used instead of the data directory's SQLite database and JSON records when the database URL is set, so
several app processes (on one machine or many) serve the same users with no shared local files:

- checkpoints go through LangGraph's own ``PostgresSaver`` with the project's serializer;
- the history list's records and the scorecards are rows of ``babysteps_sessions``, each with its owner;
- one writer per interview is a PostgreSQL session-level advisory lock held on a connection of its own
  (:class:`PgThreadLock`): the server releases it when that connection ends, so a killed replica never
  leaves an interview locked (at once when the process dies; after the TCP keepalives when its host does).

The schema is created on first use in each process (``CREATE ... IF NOT EXISTS`` and LangGraph's own
migrations, serialised across processes by an advisory lock). Connections come from one pool per process;
the connection string holds a password and is never printed (see ``Settings.masked_database``).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from typing import Any

from kernel.config import Settings
from kernel.redact import redact

SCHEMA_LOCK = 0x0BAB_5E7  # advisory lock key serialising schema setup across processes
THREAD_LOCKS = 0x0BAB_1E5  # namespace of the per-interview advisory locks (the thread id is hashed in)
POOL_SIZE = 16
KEEPALIVES: dict[str, Any] = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3}

TABLES = (
    """CREATE TABLE IF NOT EXISTS babysteps_sessions (
        thread_id text PRIMARY KEY,
        owner text,
        record jsonb NOT NULL,
        scorecard jsonb,
        updated_at text NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS babysteps_sessions_owner ON babysteps_sessions (owner, updated_at DESC)",
)

SCHEMA_TABLES = ("checkpoints", "checkpoint_blobs", "checkpoint_writes", "checkpoint_migrations", "babysteps_sessions")

_pools: dict[str, Any] = {}
_ready: set[str] = set()
_guard = threading.Lock()


class DatabaseError(RuntimeError):
    """The database cannot be reached or used; the message names it (password masked) and what to do."""


def _unreachable(settings: Settings, exc: BaseException) -> DatabaseError:
    reason = redact(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
    return DatabaseError(f"cannot use the database {settings.masked_database()} ({reason}); check that PostgreSQL "
                         "is running and BABYSTEPS_DATABASE_URL is right (babysteps doctor)")


def connect(settings: Settings, **kwargs: Any) -> Any:
    """A new autocommit connection of its own (not from the pool)."""
    import psycopg

    try:
        return psycopg.connect(settings.database_dsn(), autocommit=True, connect_timeout=10, **KEEPALIVES, **kwargs)
    except psycopg.Error as exc:
        raise _unreachable(settings, exc) from None


def pool(settings: Settings) -> Any:
    """The process-wide connection pool for this database, with the schema set up."""
    from psycopg.rows import dict_row
    from psycopg_pool import ConnectionPool

    dsn = settings.database_dsn()
    with _guard:
        found = _pools.get(dsn)
        if found is None:
            found = ConnectionPool(
                dsn, min_size=1, max_size=POOL_SIZE, open=False, name="babysteps",
                kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row, "connect_timeout": 10,
                        **KEEPALIVES},
            )
            try:
                found.open(wait=True, timeout=15)
            except Exception as exc:  # noqa: BLE001 - PoolTimeout or a connection error
                found.close()
                raise _unreachable(settings, exc) from None
            _pools[dsn] = found
        if dsn not in _ready:
            setup_schema(settings, found)
            _ready.add(dsn)
    return found


def close_pools() -> None:
    """Close every pool of this process (tests, and the end of ``babysteps migrate``)."""
    with _guard:
        for p in _pools.values():
            p.close()
        _pools.clear()
        _ready.clear()


def setup_schema(settings: Settings, connections: Any) -> None:
    """LangGraph's checkpoint tables and migrations, then Babysteps' own tables; one process at a time."""
    import psycopg
    from langgraph.checkpoint.postgres import PostgresSaver

    from agent.state import checkpoint_serde

    try:
        with connections.connection() as conn:
            # Polled, never waited on: LangGraph's migrations create indexes CONCURRENTLY, which wait for every
            # open transaction, so a second process blocked in pg_advisory_lock would deadlock with them.
            while not conn.execute("SELECT pg_try_advisory_lock(%s) AS ok", (SCHEMA_LOCK,)).fetchone()["ok"]:
                time.sleep(0.05)
            try:
                PostgresSaver(conn, serde=checkpoint_serde()).setup()
                for statement in TABLES:
                    conn.execute(statement)
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))
    except psycopg.Error as exc:
        raise _unreachable(settings, exc) from None


def saver(settings: Settings) -> Any:
    """LangGraph's Postgres checkpointer on the process pool, with the project's serializer."""
    from langgraph.checkpoint.postgres import PostgresSaver

    from agent.state import checkpoint_serde

    return PostgresSaver(pool(settings), serde=checkpoint_serde())


def _run(settings: Settings, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    import psycopg

    try:
        with pool(settings).connection() as conn:
            cur = conn.execute(sql, params)
            return list(cur.fetchall()) if cur.description else []
    except psycopg.Error as exc:
        raise _unreachable(settings, exc) from None


# --- session records and scorecards ----------------------------------------------------------------


def save_record(settings: Settings, record: Any) -> None:
    """Insert or update a record; the owner of an existing row never changes."""
    _run(settings,
         """INSERT INTO babysteps_sessions (thread_id, owner, record, updated_at) VALUES (%s, %s, %s::jsonb, %s)
            ON CONFLICT (thread_id) DO UPDATE SET record = EXCLUDED.record, updated_at = EXCLUDED.updated_at,
            owner = COALESCE(babysteps_sessions.owner, EXCLUDED.owner)""",
         (record.thread_id, record.owner, redact(record.model_dump_json()), record.updated_at))


def _record(row: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from agent.store import SessionRecord

    try:
        record = SessionRecord.model_validate(row["record"])
    except ValidationError:
        return None
    record.owner = row["owner"]
    return record


def load_record(settings: Settings, thread_id: str) -> Any:
    rows = _run(settings, "SELECT owner, record FROM babysteps_sessions WHERE thread_id = %s", (thread_id,))
    return _record(rows[0]) if rows else None


def list_records(settings: Settings, owner: str | None = None, everyone: bool = False) -> list[Any]:
    """Records, most recently updated first: the owner's (``None``: those without an owner), or all."""
    if everyone:
        rows = _run(settings, "SELECT owner, record FROM babysteps_sessions ORDER BY updated_at DESC")
    else:
        rows = _run(settings, "SELECT owner, record FROM babysteps_sessions WHERE owner IS NOT DISTINCT FROM %s "
                              "ORDER BY updated_at DESC", (owner,))
    return [r for r in (_record(row) for row in rows) if r is not None]


def save_scorecard(settings: Settings, thread_id: str, data: dict[str, Any]) -> None:
    text = redact(json.dumps(data))
    found = _run(settings, "UPDATE babysteps_sessions SET scorecard = %s::jsonb WHERE thread_id = %s RETURNING thread_id",
                 (text, thread_id))
    if not found:  # graded before its record was written: keep the scorecard with a placeholder row
        _run(settings, """INSERT INTO babysteps_sessions (thread_id, record, scorecard, updated_at)
                          VALUES (%s, %s::jsonb, %s::jsonb, '') ON CONFLICT (thread_id) DO UPDATE
                          SET scorecard = EXCLUDED.scorecard""", (thread_id, "{}", text))


def load_scorecard_json(settings: Settings, thread_id: str) -> dict[str, Any] | None:
    rows = _run(settings, "SELECT scorecard FROM babysteps_sessions WHERE thread_id = %s", (thread_id,))
    data = rows[0]["scorecard"] if rows else None
    return data if isinstance(data, dict) else None


def delete_record(settings: Settings, thread_id: str) -> None:
    _run(settings, "DELETE FROM babysteps_sessions WHERE thread_id = %s", (thread_id,))


def delete_thread(settings: Settings, thread_id: str) -> None:
    """Remove the interview's checkpoints and writes."""
    import psycopg

    try:
        saver(settings).delete_thread(thread_id)
    except psycopg.Error as exc:
        raise _unreachable(settings, exc) from None


def owners(settings: Settings) -> dict[str, int]:
    """Interviews per owner (``""``: none), for ``babysteps users list`` and the doctor."""
    rows = _run(settings, "SELECT COALESCE(owner, '') AS owner, count(*) AS n FROM babysteps_sessions GROUP BY 1")
    return {str(r["owner"]): int(r["n"]) for r in rows}


# --- one writer per interview ------------------------------------------------------------------------


class PgThreadLock:
    """The lock on one interview as a PostgreSQL advisory lock; the same contract as ``agent.store.ThreadLock``.

    :meth:`acquire` never waits. The lock lives on a connection of its own, so two openers conflict even
    inside one process, and the server drops it when the holder's connection ends (a killed process, a
    lost host), so no interview stays locked by a replica that is gone.
    """

    def __init__(self, settings: Settings, thread_id: str) -> None:
        self._settings = settings
        self.thread_id = thread_id
        self._conn: Any = None

    @property
    def held(self) -> bool:
        return self._conn is not None and not self._conn.closed

    def acquire(self) -> bool:
        import psycopg

        from agent.store import StateError

        if self.held:
            return True
        try:
            conn = connect(self._settings)
        except DatabaseError as exc:
            raise StateError(str(exc)) from None
        try:
            row = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))",
                               (THREAD_LOCKS, self.thread_id)).fetchone()
        except psycopg.Error as exc:
            conn.close()
            raise StateError(str(_unreachable(self._settings, exc))) from None
        if not row or not row[0]:
            conn.close()
            return False
        self._conn = conn
        return True

    def free_elsewhere(self) -> bool:
        """Whether no other writer holds the lock now (this one does, or nobody)."""
        if self.held:
            return True
        if not self.acquire():
            return False
        self.release()
        return True

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        with contextlib.suppress(Exception):  # a broken connection has dropped its locks already
            # Unlocked before the connection ends: the server drops a closed connection's locks only when its
            # backend exits, after close() has returned, and an opener at once (a resume right after its check)
            # would find the interview still locked.
            conn.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", (THREAD_LOCKS, self.thread_id))
        with contextlib.suppress(Exception):
            conn.close()


def holders(settings: Settings) -> int:
    """How many interview locks are held right now (the doctor shows it)."""
    rows = _run(settings, "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = %s::oid AND objsubid = 2",
                (THREAD_LOCKS,))
    return int(rows[0]["n"]) if rows else 0
