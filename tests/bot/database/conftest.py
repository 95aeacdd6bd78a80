"""Fixtures for the database tests: a fresh seeded database per test on each backend
(SQLite in memory, PostgreSQL), and a way back to an older SQLite schema version for the
migration tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.database import Database
from tests.backends import Backend


@pytest.fixture
def db(backend: Backend) -> Iterator[Database]:
    """A freshly seeded database."""
    with Database.create(backend.scratch) as database:
        yield database


def _to_version_5(path: Path) -> None:
    """Turn a database file back into what version 5 wrote: no access codes, no grants."""
    old = sqlite3.connect(path)
    old.executescript("""
        DROP TABLE booking_access;
        ALTER TABLE bookings DROP COLUMN access_code;
        PRAGMA user_version = 5;""")
    old.close()


def _to_version_4(path: Path) -> None:
    """Turn a database file back into what version 4 wrote: the same rows, no inventory guards."""
    _to_version_5(path)
    old = sqlite3.connect(path)
    triggers = [name for (name,) in old.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    old.executescript("".join(f"DROP TRIGGER {name};" for name in triggers) + """
        DROP INDEX bookings_by_room;
        DROP TABLE night_offsets;
        PRAGMA user_version = 4;""")
    old.close()


@pytest.fixture
def as_version_4() -> Callable[[Path], None]:
    return _to_version_4


@pytest.fixture
def as_version_5() -> Callable[[Path], None]:
    return _to_version_5
