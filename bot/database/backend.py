"""Which backend holds the database, chosen in this one place by its target: a PostgreSQL
URL is PostgreSQL (``postgres.py``; psycopg is imported only then), anything else a SQLite
file or ``:memory:`` (``sqlite.py``).

`Database` (``store.py``) runs every query on a `Backend`; a backend holds the connection
and what differs between the two: transactions, the schema, error mapping and two pieces
of SQL dialect. Neither backend knows `Database`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from bot.database.convert import Row, Run
from bot.database.paths import is_postgres_url
from bot.database.sqlite import SqliteBackend

DEFAULT_BUSY_TIMEOUT = 5.0  # seconds a connection waits for another one's lock before DatabaseBusy


class Backend(Protocol):
    """What `Database` needs of a backend; ``run`` is the database's logged statement."""

    path: str  # the SQLite file (or ":memory:") or the PostgreSQL URL
    lock: AbstractContextManager[Any]  # held around each use of a connection its threads share
    upgrades_in_place: bool  # an older schema version is migrated (migrations.py), else re-created
    NEXT_NIGHT: str  # SQL: the night after ``night``, as ISO text
    JOIN_LIST: str  # SQL: an aggregate of the column ``{}``'s values joined by commas

    def execute(self, name: str, sql: str, params: Sequence[Any], many: bool) -> tuple[list[Row], int]:
        """The statement's rows, and how many it returned or changed; the backend's errors as
        DatabaseBusy and Overbooked."""
        ...

    def transaction(self, run: Run, name: str) -> AbstractContextManager[None]:
        """One write transaction, holding the write lock from its start; rolled back on any error."""
        ...

    def statement(self, run: Run) -> AbstractContextManager[None]:
        """Around a statement the database may refuse, so the transaction survives the refusal."""
        ...

    def create_schema(self, run: Run) -> None:
        """Drop and create every table (inside a write transaction)."""
        ...

    def schema_version(self, run: Run) -> int | None:
        """The schema version of the tables there, None when there are none."""
        ...

    def close(self) -> None: ...


def open_backend(target: str | Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT, **options: Any) -> Backend:
    """The backend of ``target`` (``options``: the backend's own, e.g. SQLite's ``wal``)."""
    if is_postgres_url(target):
        from bot.database.postgres import PostgresBackend  # psycopg is imported only when used

        return PostgresBackend(str(target), busy_timeout=busy_timeout, **options)
    return SqliteBackend(target, busy_timeout=busy_timeout, **options)
