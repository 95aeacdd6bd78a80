"""The backends the backend-dependent tests run against: SQLite, and PostgreSQL + Redis
(throwaway servers, `tests/servers.py`). The `backend` fixture (tests/conftest.py) gives
each test one of them; `raw` runs SQL typed by hand, past every check of the store."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from bot.database import Database
from bot.database.paths import is_postgres_url

SQLITE, POSTGRES = "sqlite", "postgres+redis"
BACKENDS = (SQLITE, POSTGRES)
# what SQL typed by hand raises when the database's own guards refuse it
REFUSED_BY_HAND = (sqlite3.IntegrityError, psycopg.IntegrityError)


@dataclass
class Backend:
    name: str
    new_database: Callable[[], str]  # an empty database: a SQLite file in the test's temp dir, or a PostgreSQL URL
    scratch: str  # a database for tests that (re)create their schema: ":memory:", or one PostgreSQL database
    redis_url: str | None = None


def raw(db: Database, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """One statement on a connection of its own (autocommit); its rows, if any."""
    if is_postgres_url(db.path):
        cursor = _connection(db.path).execute(sql.replace("?", "%s"), params)
        return cursor.fetchall() if cursor.description is not None else []
    return [tuple(row) for row in db._backend.conn.execute(sql, params)]


@functools.cache
def _connection(url: str) -> psycopg.Connection[Any]:
    """One connection per database for the whole run (a dropped database's goes with it)."""
    return psycopg.connect(url, autocommit=True)
