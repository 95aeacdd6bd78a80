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


def _to_version_8(path: Path) -> None:
    """Turn a database file back into what version 8 wrote: no catalogue version, no nights index."""
    old = sqlite3.connect(path)
    old.executescript("DROP TABLE catalogue_version; DROP INDEX room_nights_by_night; PRAGMA user_version = 8;")
    old.close()


def _to_version_7(path: Path) -> None:
    """Turn a database file back into what version 7 wrote: no fare rules of the cities."""
    _to_version_8(path)
    old = sqlite3.connect(path)
    old.executescript("ALTER TABLE cities DROP COLUMN fares; PRAGMA user_version = 7;")
    old.close()


def _to_version_6(path: Path) -> None:
    """Turn a database file back into what version 6 wrote: no catalogue-file content
    (cities, amenities, sights, ratings, coordinates, sold-out list, bookable flags)."""
    _to_version_7(path)
    old = sqlite3.connect(path)
    old.executescript("""
        DROP INDEX hotels_by_city; DROP TABLE sold_out; DROP TABLE hotel_amenities; DROP TABLE amenities; DROP TABLE sights; DROP TABLE cities;
        ALTER TABLE hotels DROP COLUMN rating; ALTER TABLE hotels DROP COLUMN lat; ALTER TABLE hotels DROP COLUMN lon;
        ALTER TABLE hotels DROP COLUMN bookable; ALTER TABLE room_types DROP COLUMN bookable;
        PRAGMA user_version = 6;""")
    old.close()


def _to_version_5(path: Path) -> None:
    """Turn a database file back into what version 5 wrote: no access codes, no grants."""
    _to_version_6(path)
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


@pytest.fixture
def as_version_6() -> Callable[[Path], None]:
    return _to_version_6


@pytest.fixture
def as_version_7() -> Callable[[Path], None]:
    return _to_version_7


@pytest.fixture
def as_version_8() -> Callable[[Path], None]:
    return _to_version_8
