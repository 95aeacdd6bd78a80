"""A SQLite file of an older schema version (3 on) upgraded in place, its bookings kept.

The statements are ``tables.py``'s; a step that needs the catalogue's content imports the
seeded catalogue, so a migrated file holds the same rows as a new one.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.database import catalogue, tables

if TYPE_CHECKING:  # the steps run on the Database that store.py builds and calls them with
    from bot.database.store import Database

logger = logging.getLogger(__name__)


def upgrade(db: Database, version: int) -> int:
    """Migrate a file of ``version`` step by step, inside the caller's write transaction;
    the version it reaches."""
    if version == 3:
        _to_4(db)
        version = 4
    if version == 4:
        _to_5(db)
        version = 5
    if version == 5:
        _to_6(db)
        version = 6
    if version == 6:
        _to_7(db)
        version = 7
    if version == 7:
        _to_8(db)
        version = 8
    return version


def _to_4(db: Database) -> None:
    logger.warning("%s has schema version 3: adding the Chinese names and policies", db.path)
    for statement in tables.MIGRATE_TO_4:
        db._run("migrate", statement)
    ids = {row["name"]: row["hotel_id"] for row in db._run("migrate", "SELECT hotel_id, name FROM hotels")}
    db._run("migrate", "UPDATE hotels SET name_zh = ? WHERE hotel_id = ?",
            [(hotel.name_zh, ids[hotel.name]) for hotel in catalogue.seeded().hotels], many=True)
    db._run("migrate", "UPDATE room_types SET name_zh = ? WHERE hotel_id = ? AND name = ?",
            [(room.name_zh, ids[hotel.name], room.name) for hotel in catalogue.seeded().hotels
             for room in hotel.rooms], many=True)
    db._run("migrate", "PRAGMA user_version = 4")  # the policies in Chinese come with version 7's import


def _to_5(db: Database) -> None:
    logger.warning("%s has schema version 4: adding the inventory guards", db.path)
    for statement in tables.MIGRATE_TO_5:
        db._run("migrate", statement)
    db._run("migrate", "INSERT INTO night_offsets VALUES (?)", tables.NIGHT_OFFSET_ROWS, many=True)
    db._run("migrate", "PRAGMA user_version = 5")
    # the guards check each change from now on; a file already overbooked stays so until fixed
    for night in db.overbooked_nights():
        logger.error("%s was overbooked before its guards: %s", db.path, night)


def _to_6(db: Database) -> None:
    logger.warning("%s has schema version 5: adding access codes", db.path)
    for statement in tables.MIGRATE_TO_6:
        db._run("migrate", statement)
    db._run("migrate", "PRAGMA user_version = 6")


def _to_7(db: Database) -> None:
    logger.warning("%s has schema version 6: adding the catalogue file's content", db.path)
    for statement in tables.MIGRATE_TO_7:
        db._run("migrate", statement)
    db._import(catalogue.seeded())
    db._run("migrate", "PRAGMA user_version = 7")


def _to_8(db: Database) -> None:
    logger.warning("%s has schema version 7: adding the cities' fare rules", db.path)
    columns = {row["name"] for row in db._run("migrate", "PRAGMA table_info(cities)")}
    if "fares" not in columns:  # version 7's tables, made by this version's migration from 6, have it
        for statement in tables.MIGRATE_TO_8:
            db._run("migrate", statement)
    db._import(catalogue.seeded())
    db._run("migrate", "PRAGMA user_version = 8")
