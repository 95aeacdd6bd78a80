"""A SQLite file of an older schema version (3 on) upgraded in place, its bookings kept.

The statements are ``tables.py``'s; a step that needs the catalogue's content imports the
seeded catalogue, so a migrated file holds the same rows as a new one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from bot.database import catalogue, tables

if TYPE_CHECKING:  # the steps run on the Database that store.py builds and calls them with
    from bot.database.store import Database

logger = logging.getLogger(__name__)


def _to_4(db: Database) -> None:
    for statement in tables.MIGRATE_TO_4:
        db._run("migrate", statement)
    ids = {row["name"]: row["hotel_id"] for row in db._run("migrate", "SELECT hotel_id, name FROM hotels")}
    db._run("migrate", "UPDATE hotels SET name_zh = ? WHERE hotel_id = ?",
            [(hotel.name_zh, ids[hotel.name]) for hotel in catalogue.seeded().hotels], many=True)
    db._run("migrate", "UPDATE room_types SET name_zh = ? WHERE hotel_id = ? AND name = ?",
            [(room.name_zh, ids[hotel.name], room.name) for hotel in catalogue.seeded().hotels
             for room in hotel.rooms], many=True)
    # the policies in Chinese come with version 7's import


def _to_5(db: Database) -> None:
    for statement in tables.MIGRATE_TO_5:
        db._run("migrate", statement)
    db._run("migrate", "INSERT INTO night_offsets VALUES (?)", tables.NIGHT_OFFSET_ROWS, many=True)
    # the guards check each change from now on; a file already overbooked stays so until fixed
    for night in db.overbooked_nights():
        logger.error("%s was overbooked before its guards: %s", db.path, night)


def _to_6(db: Database) -> None:
    for statement in tables.MIGRATE_TO_6:
        db._run("migrate", statement)


def _to_7(db: Database) -> None:
    for statement in tables.MIGRATE_TO_7:
        db._run("migrate", statement)
    db._import(catalogue.seeded())


def _to_8(db: Database) -> None:
    columns = {row["name"] for row in db._run("migrate", "PRAGMA table_info(cities)")}
    if "fares" not in columns:  # version 7's tables, made by this version's migration from 6, have it
        for statement in tables.MIGRATE_TO_8:
            db._run("migrate", statement)
    db._import(catalogue.seeded())


def _to_9(db: Database) -> None:
    for statement in tables.MIGRATE_TO_9:
        db._run("migrate", statement)
    db._renew_catalogue_version("migrate")


# (the version a file has, what its step adds, the step to the next version), in order
STEPS: Final[tuple[tuple[int, str, Callable[[Database], None]], ...]] = (
    (3, "the Chinese names and policies", _to_4),
    (4, "the inventory guards", _to_5),
    (5, "access codes", _to_6),
    (6, "the catalogue file's content", _to_7),
    (7, "the cities' fare rules", _to_8),
    (8, "the search index's catalogue version", _to_9),
)


def upgrade(db: Database, version: int) -> int:
    """Migrate a file of ``version`` step by step, inside the caller's write transaction;
    the version it reaches (``version`` itself when no step starts there)."""
    for from_version, adds, step in STEPS:
        if version == from_version:
            logger.warning("%s has schema version %s: adding %s", db.path, version, adds)
            step(db)
            version += 1
            db._run("migrate", f"PRAGMA user_version = {version}")
    return version
