"""The session store on PostgreSQL: tables beside the bookings, in the same database.

``sessions`` (one JSONB snapshot of the dialogue state per session), ``session_turns`` (the
append-only turn records, JSONB documents, so a new field of TurnRecord needs no schema
change) and ``lookup_failures`` (the failure log of `bot.limits.LookupLimiter`).

A turn runs inside one transaction on one pooled connection: it takes the session's
advisory lock (``pg_advisory_xact_lock``), loads the state, and the save writes the new
state and the record and commits, which releases the lock. A held advisory lock cannot
outlive its holder: a process killed mid-turn drops its connection and the server frees
the lock at once; a holder that hangs is cut off after ``lease_seconds`` by the
connection's ``idle_in_transaction_session_timeout`` (the lease), and its late save then
fails on the closed connection (LockLost) instead of overwriting a newer state. Other
turns wait up to ``wait_seconds`` (``lock_timeout``), then SessionBusy.

With a lock store (Redis, ``locks``) the turn takes its lock there instead, and the save
checks that lease before it commits.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, Callable, Optional, Sequence

import psycopg
from psycopg import errors
from psycopg_pool import ConnectionPool

from bot.models import DialogueState
from bot.sessions.base import (DEFAULT_IDLE_SECONDS, DEFAULT_LEASE_SECONDS, Lease, LockLost, LockStore, SessionBusy,
                               StripedLocks, TurnRecord)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sessions (session_id TEXT PRIMARY KEY, state JSONB NOT NULL, updated DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sessions_by_age ON sessions (updated)",
    """CREATE TABLE IF NOT EXISTS session_turns (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, session_id TEXT NOT NULL, turn INTEGER NOT NULL,
        at DOUBLE PRECISION NOT NULL, record JSONB NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS session_turns_by_session ON session_turns (session_id, id)",
    "CREATE INDEX IF NOT EXISTS session_turns_by_age ON session_turns (at)",
    "CREATE TABLE IF NOT EXISTS lookup_failures (key TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS lookup_failures_by_key ON lookup_failures (key, at)",
    "CREATE INDEX IF NOT EXISTS lookup_failures_by_age ON lookup_failures (at)",
)
# A two-key advisory lock per session, apart from the bookings' write lock (bot/database/postgres.py).
# hashtext collisions only make two sessions wait for each other now and then.
_LOCK = "SELECT pg_advisory_xact_lock(1936942450, hashtext(%s))"
# Creating the tables once per database, whichever worker starts first.
_SCHEMA_LOCK = "SELECT pg_advisory_xact_lock(1936942450, 0)"
_OPEN = (psycopg.pq.TransactionStatus.INTRANS, psycopg.pq.TransactionStatus.INERROR)
# what a statement raises on a connection the server ended (its idle-in-transaction timeout)
_CUT_OFF = (psycopg.OperationalError, errors.IdleInTransactionSessionTimeout)
POOL_SIZE = 16  # turns in flight per process (each holds a connection for its duration); more wait for one


class PostgresSessionStore:
    """Sessions in a PostgreSQL database, shared by every process that opens it."""

    def __init__(self, url: str, *, idle_seconds: float = DEFAULT_IDLE_SECONDS,
                 lease_seconds: float = DEFAULT_LEASE_SECONDS, wait_seconds: float | None = None,
                 expire_every: int = 256, clock: Callable[[], float] = time.time,
                 locks: LockStore | None = None) -> None:
        self.path = url
        self.idle_seconds = idle_seconds
        self.lease_seconds = lease_seconds
        self.wait_seconds = lease_seconds + 5.0 if wait_seconds is None else wait_seconds
        self.expire_every = expire_every
        self._clock = clock
        self._locks = locks
        self._threads = StripedLocks()
        self._saves = 0
        self._saves_lock = threading.Lock()
        options = (f"-c idle_in_transaction_session_timeout={_ms(lease_seconds)} "
                   f"-c lock_timeout={_ms(self.wait_seconds)}")
        self._pool = ConnectionPool(url, min_size=1, max_size=POOL_SIZE, open=True, name="hotelbot-sessions",
                                    kwargs={"autocommit": True, "options": options})
        with self._pool.connection() as conn, conn.transaction():
            conn.execute(_SCHEMA_LOCK)
            # not even CREATE ... IF NOT EXISTS once the tables are there: a CREATE INDEX
            # locks its table, and would deadlock with the turns of a worker already serving
            if conn.execute("SELECT to_regclass('lookup_failures') IS NULL").fetchone()[0]:
                for statement in _SCHEMA:
                    conn.execute(statement)
        self.expire()

    # ------------------------------------------------------------------ the interface

    @contextmanager
    def locked(self, session_id: str) -> Iterator[_Locked]:
        with self._threads.for_key(session_id), self._pool.connection() as conn:
            lease = self._locks.acquire(session_id, self.lease_seconds, self.wait_seconds) if self._locks else None
            session: _Locked | None = None
            try:
                conn.execute("BEGIN")
                if lease is None:
                    try:
                        conn.execute(_LOCK, [session_id])
                    except errors.LockNotAvailable as error:
                        raise SessionBusy(f"the session stayed locked for {self.wait_seconds:.0f} s") from error
                yield (session := _Locked(self, conn, session_id, lease, _state(conn, session_id)))
            finally:
                if conn.info.transaction_status in _OPEN:  # no save: only a deletion to keep; the lock goes
                    with suppress(*_CUT_OFF):  # the server ended the connection, and the transaction with it
                        conn.execute("COMMIT" if session is not None and session.deleted else "ROLLBACK")
                if lease is not None:
                    lease.release()

    def load(self, session_id: str) -> Optional[DialogueState]:
        with self._pool.connection() as conn:
            return _state(conn, session_id)

    def turns(self, session_id: str) -> list[TurnRecord]:
        rows = self._query("SELECT record::text FROM session_turns WHERE session_id = %s ORDER BY id", [session_id])
        return [TurnRecord.model_validate_json(row[0]) for row in rows]

    def expire(self) -> int:
        """Sessions idle past ``idle_seconds`` go, with their turn records; so do the turn
        records of reset sessions once they are as old."""
        cutoff = self._clock() - self.idle_seconds
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("""
                DELETE FROM session_turns WHERE at < %s
                AND session_id NOT IN (SELECT session_id FROM sessions WHERE updated >= %s)""", [cutoff, cutoff])
            return conn.execute("DELETE FROM sessions WHERE updated < %s", [cutoff]).rowcount

    def count(self) -> int:
        return self._query("SELECT COUNT(*) FROM sessions", [])[0][0]

    def record_failure(self, key: str, at: float) -> None:
        self._query("INSERT INTO lookup_failures (key, at) VALUES (%s, %s)", [key, at])

    def failures_since(self, key: str, since: float) -> int:
        return self._query("SELECT COUNT(*) FROM lookup_failures WHERE key = %s AND at > %s", [key, since])[0][0]

    def forget_failures(self, before: float) -> None:
        self._query("DELETE FROM lookup_failures WHERE at <= %s", [before])

    def close(self) -> None:
        self._pool.close()

    # ------------------------------------------------------------------ for _Locked

    def _save(self, conn: psycopg.Connection[Any], session_id: str, lease: Lease | None, state: DialogueState,
              record: TurnRecord) -> None:
        now = self._clock()
        record = record.model_copy(update={"at": now})
        try:
            if lease is not None and not lease.held():
                raise LockLost(f"session {session_id}: the turn outlived its {self.lease_seconds:.0f} s lease")
            conn.execute("""
                INSERT INTO sessions (session_id, state, updated) VALUES (%s, %s::jsonb, %s)
                ON CONFLICT (session_id) DO UPDATE SET state = excluded.state, updated = excluded.updated""",
                         [session_id, state.model_dump_json(), now])
            conn.execute("INSERT INTO session_turns (session_id, turn, at, record) VALUES (%s, %s, %s, %s::jsonb)",
                         [session_id, record.turn, now, record.model_dump_json()])
            conn.execute("COMMIT")
        except _CUT_OFF as error:  # the server ended the connection: the lease ran out
            raise LockLost(f"session {session_id}: the turn outlived its {self.lease_seconds:.0f} s lease") from error
        with self._saves_lock:
            self._saves += 1
            due = self._saves % self.expire_every == 0
        if due:
            self.expire()

    def _query(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """One statement on a pooled connection (autocommit); its rows, if any."""
        with self._pool.connection() as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description is not None else []


class _Locked:
    """A session of `PostgresSessionStore` while its lock is held (its transaction open)."""

    def __init__(self, store: PostgresSessionStore, conn: psycopg.Connection[Any], session_id: str,
                 lease: Lease | None, state: Optional[DialogueState]) -> None:
        self.state = state
        self.deleted = False
        self._store, self._conn, self._session_id, self._lease = store, conn, session_id, lease

    def save(self, state: DialogueState, record: TurnRecord) -> None:
        self._store._save(self._conn, self._session_id, self._lease, state, record)

    def delete(self) -> None:
        """In the turn's transaction, committed when the lock is released."""
        self._conn.execute("DELETE FROM sessions WHERE session_id = %s", [self._session_id])
        self.deleted = True


def _state(conn: psycopg.Connection[Any], session_id: str) -> Optional[DialogueState]:
    row = conn.execute("SELECT state::text FROM sessions WHERE session_id = %s", [session_id]).fetchone()
    return DialogueState.model_validate_json(row[0]) if row else None


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))
