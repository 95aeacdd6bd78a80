"""The hotel database on PostgreSQL: the store's queries over a psycopg 3 connection pool.

The queries are the store's own (written with ``?``, passed as ``%s``); only the schema
(``pg_tables.py``), the transaction and the error mapping differ.

Why one advisory lock around every write (``pg_advisory_xact_lock``) rather than row locks
alone or SERIALIZABLE with retries: it is SQLite's ``BEGIN IMMEDIATE`` again. A booking's
transaction reads before it writes (its idempotency key, the booking it changes, a free
reference); taking the write lock first means nothing it read can change under it, with
no retry loop in every caller. Writes take a few milliseconds and are rare beside the
reads, which never wait (MVCC). The triggers row-lock the counters they change, so even a
hand-typed INSERT that skips the advisory lock cannot oversell. ``lock_timeout`` is the
busy timeout: a statement that waits longer for any lock raises DatabaseBusy and its
transaction is rolled back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import psycopg
from psycopg import errors
from psycopg_pool import ConnectionPool

from bot.database import pg_tables, tables
from bot.database.errors import DatabaseBusy, Overbooked
from bot.database.store import DEFAULT_BUSY_TIMEOUT, Database

logger = logging.getLogger(__name__)

# The advisory lock of booking writes: a two-key lock, so it never meets the sessions' keys.
WRITE_LOCK = (0x686F7465, 0)
POOL_SIZE = 8  # connections per Database; the threads of a worker share them (with the sessions: 24 a worker)
_OPEN = (psycopg.pq.TransactionStatus.INTRANS, psycopg.pq.TransactionStatus.INERROR)


class Row(tuple):
    """A row as sqlite3.Row gives it: by position or by column name."""

    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        return super().__getitem__(self._names[key] if isinstance(key, str) else key)


def rows_by_name(cursor: psycopg.Cursor[Any]) -> Callable[[Sequence[Any]], Row]:
    """psycopg's row factory for `Row`."""
    names = {column.name: i for i, column in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row._names = names
        return row

    return make


class PostgresDatabase(Database):
    """The catalogue, availability, bookings and policies in a PostgreSQL database."""

    _NEXT_NIGHT = "to_char(night::date + 1, 'YYYY-MM-DD')"
    _LIST = "string_agg({}, ',')"

    def __init__(self, url: str | Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        self.path = str(url)
        self._lock = nullcontext()  # no shared connection to guard: each thread takes its own from the pool
        self._current = threading.local()  # the connection of this thread's open transaction
        timeout_ms = max(1, round(busy_timeout * 1000))
        self._pool = ConnectionPool(self.path, min_size=1, max_size=POOL_SIZE, open=True, name="hotelbot-db",
                                    kwargs={"autocommit": True, "row_factory": rows_by_name,
                                            "options": f"-c lock_timeout={timeout_ms}"})

    @classmethod
    def open_default(cls, path: str | Path | None = None, **options: Any) -> Database:
        """Open the database at the URL ``path``, creating and seeding it if empty (or of
        another schema version); under the write lock, so concurrent starts seed it once."""
        if path is None:
            raise ValueError("a PostgreSQL database needs its URL")
        db = cls(path, **options)
        with db._transaction("schema"):
            seeded = db._run("schema", "SELECT to_regclass('schema_version') IS NOT NULL")[0][0]
            version = db._run("schema", "SELECT MAX(version) FROM schema_version")[0][0] if seeded else None
            if seeded and version != tables.SCHEMA_VERSION:
                logger.warning("%s has schema version %s, not %s: re-created", db.path, version, tables.SCHEMA_VERSION)
            if version != tables.SCHEMA_VERSION:
                db._create_and_seed()
        return db

    def close(self) -> None:
        self._pool.close()

    def _create_schema(self) -> None:
        for statement in (*pg_tables.DROP, *pg_tables.SCHEMA):
            self._run("schema", statement)

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Row]]:
        """The open transaction's connection, or one from the pool for a single statement."""
        current = getattr(self._current, "conn", None)
        if current is not None:
            yield current
        else:
            with self._pool.connection() as conn:
                yield conn

    def _execute(self, name: str, sql: str, params: Sequence[Any], many: bool) -> tuple[list[Row], int]:
        if params:  # psycopg reads placeholders (and %% for %) only when given parameters
            sql = sql.replace("%", "%%").replace("?", "%s")
        try:
            with self._connection() as conn, conn.cursor() as cursor:
                if many:
                    cursor.executemany(sql, params)
                else:
                    cursor.execute(sql, params or None)
                if cursor.description is None:
                    return [], max(cursor.rowcount, 0)
                rows = cursor.fetchall()
                return rows, len(rows)
        except (errors.LockNotAvailable, errors.DeadlockDetected) as error:
            raise DatabaseBusy(f"the database stayed locked by another connection ({type(error).__name__} in "
                               f"{name}); nothing was changed") from error
        except errors.CheckViolation as error:
            if error.diag.message_primary == tables.OVERBOOKED:
                raise Overbooked(tables.OVERBOOKED) from error
            raise

    @contextmanager
    def _statement(self) -> Iterator[None]:
        """A savepoint: a refused statement aborts the whole transaction otherwise."""
        self._run("savepoint", "SAVEPOINT refusable")
        try:
            yield
        except Overbooked:
            self._run("savepoint", "ROLLBACK TO SAVEPOINT refusable")
            raise
        self._run("savepoint", "RELEASE SAVEPOINT refusable")

    @contextmanager
    def _transaction(self, name: str) -> Iterator[None]:
        """One write transaction, holding the write lock from its first statement; any
        error (a failed COMMIT included) rolls it back."""
        with self._pool.connection() as conn:
            self._current.conn = conn
            try:
                self._run(name, "BEGIN")
                try:
                    self._run(name, "SELECT pg_advisory_xact_lock(?, ?)", WRITE_LOCK)
                    yield
                    self._run(name, "COMMIT")
                except BaseException:
                    if conn.info.transaction_status in _OPEN:
                        self._run(name, "ROLLBACK")
                    raise
            finally:
                self._current.conn = None
