"""The session store on SQLite: tables beside the bookings, in the same file.

Three tables: ``sessions`` (one JSON snapshot of the dialogue state per session),
``session_turns`` (the append-only turn records) and ``session_locks`` (one row per
session whose turn is running).

Why a lock row and not ``BEGIN IMMEDIATE`` around the turn: the turn itself writes
bookings through the catalogue's own connection to the same file, which would then wait
for the write lock this connection holds; and one write lock per file would serialise
every customer's turns, where the lock row serialises only the turns of one session. A
lock row is a lease (``until``): a process killed in the middle of a turn leaves it
behind, and the next turn of that session takes it over once the lease has run out.
The save checks that the lease is still this turn's, in the same transaction, so a
turn that outlived its lease can never overwrite a newer state.

With a lock store (Redis, ``locks``), the turns take their lock there instead, and the
save checks that lease.

A fourth table, ``lookup_failures``, is the failure log of `bot.limits.LookupLimiter`,
so that every worker counts the same failed look-ups.

The file is switched to WAL, so that workers read while one writes.
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from bot.models import DialogueState
from bot.sessions.base import (DEFAULT_IDLE_SECONDS, DEFAULT_LEASE_SECONDS, Lease, LockLost, LockStore, StripedLocks,
                               TurnRecord, backoff)

logger = logging.getLogger(__name__)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sessions (session_id TEXT PRIMARY KEY, state TEXT NOT NULL, updated REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sessions_by_age ON sessions (updated)",
    """CREATE TABLE IF NOT EXISTS session_turns (
        session_id TEXT NOT NULL, turn INTEGER NOT NULL, at REAL NOT NULL, record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS session_turns_by_session ON session_turns (session_id)",
    "CREATE INDEX IF NOT EXISTS session_turns_by_age ON session_turns (at)",
    "CREATE TABLE IF NOT EXISTS session_locks (session_id TEXT PRIMARY KEY, holder TEXT NOT NULL, until REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS lookup_failures (key TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS lookup_failures_by_key ON lookup_failures (key, at)",
    "CREATE INDEX IF NOT EXISTS lookup_failures_by_age ON lookup_failures (at)",
)
# Take the lock if nobody holds it or the holder's lease ran out; changes() tells which.
_ACQUIRE = """
    INSERT INTO session_locks (session_id, holder, until) VALUES (?, ?, ?)
    ON CONFLICT (session_id) DO UPDATE SET holder = excluded.holder, until = excluded.until
    WHERE session_locks.until < ?"""
BUSY_TIMEOUT_SECONDS = 10.0


class SqliteSessionStore:
    """Sessions in a SQLite file (shared by every process that opens it) or ``:memory:``
    (this store alone: the scripted dialogues, the tests)."""

    def __init__(self, path: str | Path = ":memory:", *, idle_seconds: float = DEFAULT_IDLE_SECONDS,
                 lease_seconds: float = DEFAULT_LEASE_SECONDS, wait_seconds: float | None = None,
                 expire_every: int = 256, clock: Callable[[], float] = time.time,
                 locks: LockStore | None = None) -> None:
        self.path = str(path)
        self._locks = locks
        self.idle_seconds = idle_seconds
        self.lease_seconds = lease_seconds
        # a turn waits for another turn of its session at most this long (default: past a dead holder's lease)
        self.wait_seconds = lease_seconds + 5.0 if wait_seconds is None else wait_seconds
        self.expire_every = expire_every  # saves between two opportunistic expiries
        self._clock = clock  # Unix seconds, the same in every process; tests inject a fake one
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None,
                                     timeout=BUSY_TIMEOUT_SECONDS)
        self._conn_lock = threading.Lock()  # one connection, used by one thread at a time
        self._threads = StripedLocks()
        self._saves = 0
        if self.path != ":memory:":
            self._use_wal()
        with self._transaction():
            for statement in _SCHEMA:
                self._conn.execute(statement)
        self.expire()

    def _use_wal(self) -> None:
        with self._conn_lock:
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            # a commit reaches the OS before COMMIT returns (a killed process loses nothing);
            # the fsync waits for the next checkpoint
            self._conn.execute("PRAGMA synchronous = NORMAL")
        if mode.lower() != "wal":
            logger.warning("%s stays in journal mode %s: readers will wait for writers", self.path, mode)

    # ------------------------------------------------------------------ the interface

    @contextmanager
    def locked(self, session_id: str) -> Iterator[_Locked]:
        with self._threads.for_key(session_id):
            if self._locks is not None:
                lease = self._locks.acquire(session_id, self.lease_seconds, self.wait_seconds)
            else:
                lease = self._lock_row(session_id)
            session = _Locked(self, session_id, lease, self.load(session_id))
            try:
                yield session
            finally:
                lease.release()

    def _lock_row(self, session_id: str) -> _RowLease:
        holder = f"{os.getpid()}:{secrets.token_hex(6)}"
        for _ in backoff(self.wait_seconds):
            now = self._clock()
            if self._execute(_ACQUIRE, [session_id, holder, now + self.lease_seconds, now]) == 1:
                break  # (backoff raises SessionBusy once the wait is over)
        return _RowLease(self, session_id, holder)

    def load(self, session_id: str) -> Optional[DialogueState]:
        rows = self._query("SELECT state FROM sessions WHERE session_id = ?", [session_id])
        return DialogueState.model_validate_json(rows[0][0]) if rows else None

    def turns(self, session_id: str) -> list[TurnRecord]:
        rows = self._query("SELECT record FROM session_turns WHERE session_id = ? ORDER BY rowid", [session_id])
        return [TurnRecord.model_validate_json(row[0]) for row in rows]

    def expire(self) -> int:
        """Sessions idle past ``idle_seconds`` go, with their turn records; so do the turn
        records of reset sessions once they are as old, and the locks of dead holders."""
        now = self._clock()
        cutoff = now - self.idle_seconds
        with self._transaction():
            self._conn.execute("""
                DELETE FROM session_turns WHERE at < ?
                AND session_id NOT IN (SELECT session_id FROM sessions WHERE updated >= ?)""", [cutoff, cutoff])
            gone = self._conn.execute("DELETE FROM sessions WHERE updated < ?", [cutoff]).rowcount
            self._conn.execute("DELETE FROM session_locks WHERE until < ?", [now])
        return gone

    def record_failure(self, key: str, at: float) -> None:
        self._execute("INSERT INTO lookup_failures (key, at) VALUES (?, ?)", [key, at])

    def failures_since(self, key: str, since: float) -> int:
        return self._query("SELECT COUNT(*) FROM lookup_failures WHERE key = ? AND at > ?", [key, since])[0][0]

    def forget_failures(self, before: float) -> None:
        self._execute("DELETE FROM lookup_failures WHERE at <= ?", [before])

    def count(self) -> int:
        """Stored sessions (for tests and the bench)."""
        return self._query("SELECT COUNT(*) FROM sessions", [])[0][0]

    def close(self) -> None:
        with self._conn_lock:
            self._conn.close()

    # ------------------------------------------------------------------ for _Locked

    def _save(self, session_id: str, lease: Lease, state: DialogueState, record: TurnRecord) -> None:
        now = self._clock()
        record = record.model_copy(update={"at": now})
        with self._transaction():
            if not lease.held():
                raise LockLost(f"session {session_id}: the turn outlived its {self.lease_seconds:.0f} s lease")
            self._conn.execute("""
                INSERT INTO sessions (session_id, state, updated) VALUES (?, ?, ?)
                ON CONFLICT (session_id) DO UPDATE SET state = excluded.state, updated = excluded.updated""",
                               [session_id, state.model_dump_json(), now])
            self._conn.execute("INSERT INTO session_turns (session_id, turn, at, record) VALUES (?, ?, ?, ?)",
                               [session_id, record.turn, now, record.model_dump_json()])
        self._saves += 1
        if self._saves % self.expire_every == 0:
            self.expire()

    def _delete(self, session_id: str) -> None:
        self._execute("DELETE FROM sessions WHERE session_id = ?", [session_id])

    # ------------------------------------------------------------------ SQL

    def _execute(self, sql: str, params: Sequence[Any]) -> int:
        """One statement in its own transaction; the rows it changed."""
        with self._conn_lock:
            return self._conn.execute(sql, params).rowcount

    def _query(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self._conn_lock:
            return self._conn.execute(sql, params).fetchall()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE (the write lock before the first read); COMMIT inside the error
        handling, so a failed commit rolls back instead of leaving the transaction open."""
        with self._conn_lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise


class _RowLease:
    """The store's own lock: a row of ``session_locks`` with its holder and lease."""

    def __init__(self, store: SqliteSessionStore, session_id: str, holder: str) -> None:
        self._store, self._session_id, self._holder = store, session_id, holder

    def held(self) -> bool:
        """Called inside the save's transaction, so the row cannot change before the write."""
        return self._store._conn.execute("SELECT 1 FROM session_locks WHERE session_id = ? AND holder = ?",
                                         [self._session_id, self._holder]).fetchone() is not None

    def release(self) -> None:
        self._store._execute("DELETE FROM session_locks WHERE session_id = ? AND holder = ?",
                             [self._session_id, self._holder])


class _Locked:
    """A session of `SqliteSessionStore` while its lock is held."""

    def __init__(self, store: SqliteSessionStore, session_id: str, lease: Lease, state: Optional[DialogueState]) -> None:
        self.state = state
        self._store, self._session_id, self._lease = store, session_id, lease

    def save(self, state: DialogueState, record: TurnRecord) -> None:
        self._store._save(self._session_id, self._lease, state, record)

    def delete(self) -> None:
        self._store._delete(self._session_id)
