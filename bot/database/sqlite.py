"""The database in one SQLite file (or in memory): its connection, transactions and schema.

One connection per Database serves all its threads; an ``RLock`` serialises its use.
Several connections (processes, workers) share a file: in WAL mode readers never block
the writer, every write starts with ``BEGIN IMMEDIATE`` so two writers queue for the
write lock instead of deadlocking on an upgrade, and a connection waits up to its busy
timeout before giving up with ``DatabaseBusy`` (the transaction rolled back, the
connection ready for the next one).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.database import tables
from bot.database.convert import Row, Run
from bot.database.errors import DatabaseBusy, Overbooked

logger = logging.getLogger(__name__)

_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)  # primary codes of "database is locked"


class SqliteBackend:
    """A SQLite connection shared by the threads of one Database (see `backend.Backend`)."""

    upgrades_in_place = True  # files from schema version 3 on (migrations.py)
    NEXT_NIGHT = "date(night, '+1 day')"
    JOIN_LIST = "group_concat({}, ',')"

    def __init__(self, path: str | Path, *, busy_timeout: float, wal: bool = True) -> None:
        """Open the file at ``path`` (its directory made if missing), or ``:memory:``.

        ``busy_timeout``: seconds to wait for another connection's lock before raising
        DatabaseBusy. ``wal``: a file database uses write-ahead logging, so a long read
        never blocks a booking; False keeps SQLite's rollback journal, for a file on a
        network filesystem, where WAL's shared memory does not work.
        """
        self.path = str(path)
        if self.path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=busy_timeout, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.lock = threading.RLock()
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            wanted = "WAL" if wal else "DELETE"
            mode = self.conn.execute(f"PRAGMA journal_mode = {wanted}").fetchone()[0]
            if mode.upper() != wanted:
                logger.warning("%s: journal mode is %s, not the %s asked for", self.path, mode, wanted)

    def execute(self, name: str, sql: str, params: Sequence[Any], many: bool) -> tuple[list[Row], int]:
        try:
            cursor = self.conn.executemany(sql, params) if many else self.conn.execute(sql, params)
            if cursor.description is None:
                return [], max(cursor.rowcount, 0)
            rows = cursor.fetchall()
            return rows, len(rows)
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF in _BUSY_CODES:  # extended codes keep the primary in the low byte
                raise DatabaseBusy(f"{self.path} stayed locked by another connection "
                                   f"({error.sqlite_errorname} in {name}); nothing was changed") from error
            raise
        except sqlite3.IntegrityError as error:
            if str(error) == tables.OVERBOOKED:
                raise Overbooked(str(error)) from error
            raise

    @contextmanager
    def statement(self, run: Run) -> Iterator[None]:
        """SQLite undoes a refused statement by itself and the transaction goes on."""
        yield

    @contextmanager
    def transaction(self, run: Run, name: str) -> Iterator[None]:
        """BEGIN IMMEDIATE takes the write lock before any read.

        The COMMIT is inside the error handling: one that fails (in rollback-journal mode,
        "database is locked" while another connection still reads) leaves SQLite inside
        the transaction, and only the ROLLBACK here makes the connection usable again.
        """
        with self.lock:
            run(name, "BEGIN IMMEDIATE")
            try:
                yield
                run(name, "COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    run(name, "ROLLBACK")
                raise

    def create_schema(self, run: Run) -> None:
        for table in tables.TABLES:
            run("schema", f"DROP TABLE IF EXISTS {table}")
        for statement in tables.SCHEMA:
            run("schema", statement)
        run("schema", "INSERT INTO night_offsets VALUES (?)", tables.NIGHT_OFFSET_ROWS, many=True)
        run("schema", f"PRAGMA user_version = {tables.SCHEMA_VERSION}")

    def schema_version(self, run: Run) -> int | None:
        if not run("schema", "SELECT 1 FROM sqlite_master WHERE name = 'hotels'"):
            return None
        return int(run("schema", "PRAGMA user_version")[0][0])

    def close(self) -> None:
        with self.lock:
            self.conn.close()
