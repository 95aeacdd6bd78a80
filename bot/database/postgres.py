"""The database on PostgreSQL: the store's queries over a psycopg 3 connection pool.

The queries are the store's own (written with ``?``, passed as ``%s``); only the schema
(``pg_tables.py``), the transaction and the error mapping are this backend's.

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
from typing import Any

import psycopg
from psycopg import errors
from psycopg_pool import ConnectionPool

from bot.database import pg_tables, tables
from bot.database.convert import Run
from bot.database.errors import DatabaseBusy, Overbooked

logger = logging.getLogger(__name__)

# The advisory lock of booking writes: a two-key lock, so it never meets the sessions' keys.
WRITE_LOCK = (0x686F7465, 0)
POOL_SIZE = 8  # connections per database; the threads of a worker share them (with the sessions: 24 a worker)
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


class PostgresBackend:
    """A pool of connections to one PostgreSQL database (see `backend.Backend`)."""

    upgrades_in_place = False  # a database of another schema version is re-created
    NEXT_NIGHT = "to_char(night::date + 1, 'YYYY-MM-DD')"
    JOIN_LIST = "string_agg({}, ',')"

    def __init__(self, url: str, *, busy_timeout: float) -> None:
        self.path = url
        self.lock = nullcontext()  # no shared connection to guard: each thread takes its own from the pool
        self._current = threading.local()  # the connection of this thread's open transaction
        timeout_ms = max(1, round(busy_timeout * 1000))
        self._pool = ConnectionPool(self.path, min_size=1, max_size=POOL_SIZE, open=True, name="hotelbot-db",
                                    kwargs={"autocommit": True, "row_factory": rows_by_name,
                                            "options": f"-c lock_timeout={timeout_ms}"})

    def close(self) -> None:
        self._pool.close()

    def create_schema(self, run: Run) -> None:
        for statement in (*pg_tables.DROP, *pg_tables.SCHEMA):
            run("schema", statement)

    def schema_version(self, run: Run) -> int | None:
        if not run("schema", "SELECT to_regclass('schema_version') IS NOT NULL")[0][0]:
            return None
        return run("schema", "SELECT MAX(version) FROM schema_version")[0][0]

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Row]]:
        """The open transaction's connection, or one from the pool for a single statement."""
        current = getattr(self._current, "conn", None)
        if current is not None:
            yield current
        else:
            with self._pool.connection() as conn:
                yield conn

    def execute(self, name: str, sql: str, params: Sequence[Any], many: bool) -> tuple[list[Row], int]:
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
    def statement(self, run: Run) -> Iterator[None]:
        """A savepoint: a refused statement aborts the whole transaction otherwise."""
        run("savepoint", "SAVEPOINT refusable")
        try:
            yield
        except Overbooked:
            run("savepoint", "ROLLBACK TO SAVEPOINT refusable")
            raise
        run("savepoint", "RELEASE SAVEPOINT refusable")

    @contextmanager
    def transaction(self, run: Run, name: str) -> Iterator[None]:
        """The write lock is taken by the first statement; any error (a failed COMMIT
        included) rolls the transaction back."""
        with self._pool.connection() as conn:
            self._current.conn = conn
            try:
                run(name, "BEGIN")
                try:
                    run(name, "SELECT pg_advisory_xact_lock(?, ?)", WRITE_LOCK)
                    yield
                    run(name, "COMMIT")
                except BaseException:
                    if conn.info.transaction_status in _OPEN:
                        run(name, "ROLLBACK")
                    raise
            finally:
                self._current.conn = None
