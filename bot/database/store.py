"""The hotel database: SQLite behind a small typed API, and every query of it.

`PostgresDatabase` (``postgres.py``) runs the same queries on PostgreSQL; only its
schema, transactions and error mapping are its own.

Availability is kept per (room type, night) as a count of booked rooms; a missing row
means nothing is booked, so free rooms = inventory - booked and no date window exists.
Dates are stored as ISO text (``YYYY-MM-DD``), prices in ``schema.CURRENCY``. The tables
and the triggers that keep that count (within the inventory, never below the bookings)
are in ``tables.py`` (``pg_tables.py``): the database itself refuses an overbooking,
whoever writes.

One connection per Database serves all its threads; an ``RLock`` serialises its use.
Several connections (processes, workers) share a file: in WAL mode readers never block
the writer, every write starts with ``BEGIN IMMEDIATE`` so two writers queue for the
write lock instead of deadlocking on an upgrade, and a connection waits up to its busy
timeout before giving up with ``DatabaseBusy`` (the transaction rolled back, the
connection ready for the next one).

Every booking belongs to an owner (the customer identity that made it). Each method that
reads or writes one booking by reference takes the caller's identity and finds the booking
only if the caller may reach it: as its owner, or as a customer who gave its access code
(``booking_access``, written by ``grant_access``). Someone else's reference is not found,
exactly like a reference that does not exist, by the same query.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Any

from bot import access
from bot.database import catalogue, convert, tables
from bot.database.convert import Row
from bot.database.errors import (BookingCancelled, BookingNotFound, DatabaseBusy, InvalidRequest,
                                 NoAvailability, Overbooked, Overbooking)
from bot.database.paths import DEFAULT_DB_PATH, is_postgres_url
from bot.database.tables import SCHEMA_VERSION
from bot.models import Booking, DbQuery, Hotel, RoomOffer
from intents.schema import CURRENCY, REF_ALPHABET, REF_LENGTH, REF_PREFIX, TIERS

logger = logging.getLogger(__name__)

_REF_ATTEMPTS = 10  # 31**9 ≈ 2.6e13 references (intents/schema.py): a collision is rare
DEFAULT_BUSY_TIMEOUT = 5.0  # seconds a connection waits for another one's lock before DatabaseBusy
_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)  # primary codes of "database is locked"

# The queries of the current turn, per thread / asyncio task (see Database.recording).
_recorded: ContextVar[list[DbQuery] | None] = ContextVar("hotelbot_db_queries", default=None)



_HOTEL_COLUMNS = "h.hotel_id, h.name, h.name_zh, h.city, h.tier, h.stars, h.address, h.booking_url"
# Optional filters of an offer search; names and cities compare case-insensitively
# (the columns are COLLATE NOCASE). max_price is per room per night.
_OFFER_FILTERS = {
    "city": "h.city = ?",
    "tier": "h.tier = ?",
    "max_price": "r.price <= ?",
    "hotel": "h.name = ?",
}
_BOOKING_SELECT = """
    SELECT b.ref, b.owner, h.name AS hotel, h.name_zh AS hotel_zh, h.city, r.name AS room_type, r.name_zh AS room_type_zh,
           b.check_in, b.check_out, b.guests, b.rooms, b.total_price, b.currency, b.status,
           b.room_type_id, r.hotel_id, b.access_code
    FROM bookings b
    JOIN room_types r ON r.room_type_id = b.room_type_id
    JOIN hotels h ON h.hotel_id = r.hotel_id"""
# The bookings a caller may reach (parameters: the caller twice): its own, and those it
# gave the access code of. A reference that is someone else's is not found, by the same
# query as one that does not exist.
_REACHABLE = "(b.owner = ? OR EXISTS (SELECT 1 FROM booking_access a WHERE a.grantee = ? AND a.ref = b.ref))"
_ONE_REACHABLE = " WHERE b.ref = ? AND " + _REACHABLE


class Database:
    """The hotel catalogue, availability, bookings and policies in one SQLite file.

    Booking operations raise ``BookingError`` subclasses, any operation ``DatabaseBusy``
    when another connection keeps the file locked; on any error nothing changes.
    ``create`` and ``open_default`` given a PostgreSQL URL return a `PostgresDatabase`.
    """

    _NEXT_NIGHT = "date(night, '+1 day')"  # the night after ``night``, as ISO text

    def __init__(self, path: str | Path = ":memory:", *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
                 wal: bool = True) -> None:
        """Open an existing database.

        ``busy_timeout``: seconds to wait for another connection's lock before raising
        DatabaseBusy. ``wal``: a file database uses write-ahead logging, so a long read
        never blocks a booking; False keeps SQLite's rollback journal, for a file on a
        network filesystem, where WAL's shared memory does not work.
        """
        self.path = str(path)
        self._conn = sqlite3.connect(self.path, timeout=busy_timeout, check_same_thread=False,
                                     isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        with self._lock:
            self._run("connect", "PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                mode = self._run("connect", f"PRAGMA journal_mode = {'WAL' if wal else 'DELETE'}")[0][0]
                if mode.upper() != ("WAL" if wal else "DELETE"):
                    logger.warning("%s: journal mode is %s, not the %s asked for", self.path, mode, "WAL" if wal else "DELETE")

    # ------------------------------------------------------------------ construction

    @classmethod
    def create(cls, path: str | Path = ":memory:", **options: Any) -> Database:
        """(Re)create the schema at ``path`` (a SQLite file, ``:memory:`` or a PostgreSQL URL)
        and load the seed catalogue (``options``: see __init__)."""
        db = _backend(path)(path, **options)
        with db._transaction("seed"):
            db._create_and_seed()
        return db

    @classmethod
    def open_default(cls, path: str | Path | None = None, **options: Any) -> Database:
        """Open the project's database file (default DEFAULT_DB_PATH), seeding it if new.

        A file of version 3 or 4 is migrated in place (its bookings are kept); one older
        than that is re-created: its bookings had no owner to keep. The check and the
        seeding or migration are one write transaction, so two processes starting at
        once seed the file once.
        """
        if is_postgres_url(path):
            return _backend(path).open_default(path, **options)
        path = Path(path) if path is not None else DEFAULT_DB_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        db = cls(path, **options)
        with db._transaction("schema"):
            seeded = db._run("schema", "SELECT 1 FROM sqlite_master WHERE name = 'hotels'")
            version = db._run("schema", "PRAGMA user_version")[0][0]
            if seeded and version == 3:
                db._migrate_to_4()
                version = 4
            if seeded and version == 4:
                db._migrate_to_5()
                version = 5
            if seeded and version == 5:
                db._migrate_to_6()
                version = 6
            outdated = bool(seeded) and version < SCHEMA_VERSION
            if outdated:
                logger.warning("%s has schema version %s, older than %s: re-created", path, version, SCHEMA_VERSION)
            if not seeded or outdated:
                db._create_and_seed()
        return db

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ query log

    @staticmethod
    @contextmanager
    def recording() -> Iterator[list[DbQuery]]:
        """Collect the queries run in this thread / task inside the block, for the trace.

        The list is per context (a ContextVar), so concurrent sessions in other threads
        never mix in; it collects the queries of every Database used in the block. Nested blocks each get their own list; the outer list receives the inner queries too.
        """
        queries: list[DbQuery] = []
        token = _recorded.set(queries)
        try:
            yield queries
        finally:
            _recorded.reset(token)
            outer = _recorded.get()
            if outer is not None:
                outer.extend(queries)

    def _run(self, name: str, sql: str, params: Sequence[Any] = (), *,
             many: bool = False) -> list[Row]:
        """Run one statement (``many``: once per parameter row), log it, return its rows.

        Every SQL statement goes through here, so the trace sees all of them.
        Callers hold ``self._lock``.
        """
        started = time.perf_counter()
        rows, count = self._execute(name, sql, params, many)
        queries = _recorded.get()
        if queries is not None:
            queries.append(DbQuery(
                name=name, sql=" ".join(sql.split()), params=[convert.loggable(p) for p in params],
                rows=count, ms=(time.perf_counter() - started) * 1000.0,
            ))
        return rows

    def _execute(self, name: str, sql: str, params: Sequence[Any], many: bool) -> tuple[list[Row], int]:
        """The statement's rows, and how many it returned or changed; the backend's errors
        as DatabaseBusy and Overbooked."""
        try:
            cursor = self._conn.executemany(sql, params) if many else self._conn.execute(sql, params)
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
    def _statement(self) -> Iterator[None]:
        """Around a statement the database may refuse: SQLite undoes a refused statement by
        itself and the transaction goes on (PostgreSQL needs a savepoint for that)."""
        yield

    @contextmanager
    def _transaction(self, name: str) -> Iterator[None]:
        """One write transaction; BEGIN IMMEDIATE takes the write lock before any read.

        The COMMIT is inside the error handling: one that fails (in rollback-journal mode,
        "database is locked" while another connection still reads) leaves SQLite inside
        the transaction, and only the ROLLBACK here makes the connection usable again.
        """
        with self._lock:
            self._run(name, "BEGIN IMMEDIATE")
            try:
                yield
                self._run(name, "COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._run(name, "ROLLBACK")
                raise

    # ------------------------------------------------------------------ seeding

    def _create_and_seed(self) -> None:
        """Drop and create every table and seed them; the caller holds a write transaction."""
        self._create_schema()
        self._seed()

    def _create_schema(self) -> None:
        for table in tables.TABLES:
            self._run("schema", f"DROP TABLE IF EXISTS {table}")
        for statement in tables.SCHEMA:
            self._run("schema", statement)
        self._run("schema", "INSERT INTO night_offsets VALUES (?)", tables.NIGHT_OFFSET_ROWS, many=True)
        self._run("schema", f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _migrate_to_4(self) -> None:
        logger.warning("%s has schema version 3: adding the Chinese names and policies", self.path)
        for statement in tables.MIGRATE_TO_4:
            self._run("migrate", statement)
        ids = {row["name"]: row["hotel_id"] for row in self._run("migrate", "SELECT hotel_id, name FROM hotels")}
        self._run("migrate", "UPDATE hotels SET name_zh = ? WHERE hotel_id = ?",
                  [(hotel.name_zh, ids[hotel.name]) for hotel in catalogue.HOTELS], many=True)
        self._run("migrate", "UPDATE room_types SET name_zh = ? WHERE hotel_id = ? AND name = ?",
                  [(room.name_zh, ids[hotel.name], room.name) for hotel in catalogue.HOTELS for room in hotel.rooms],
                  many=True)
        self._run("migrate", "INSERT INTO policies VALUES (?, ?, ?, ?)",
                  [row for row in convert.policy_rows(ids) if row[3] != "en"], many=True)
        self._run("migrate", "PRAGMA user_version = 4")

    def _migrate_to_5(self) -> None:
        logger.warning("%s has schema version 4: adding the inventory guards", self.path)
        for statement in tables.MIGRATE_TO_5:
            self._run("migrate", statement)
        self._run("migrate", "INSERT INTO night_offsets VALUES (?)", tables.NIGHT_OFFSET_ROWS, many=True)
        self._run("migrate", "PRAGMA user_version = 5")
        # the guards check each change from now on; a file already overbooked stays so until fixed
        for night in self.overbooked_nights():
            logger.error("%s was overbooked before its guards: %s", self.path, night)

    def _migrate_to_6(self) -> None:
        logger.warning("%s has schema version 5: adding access codes", self.path)
        for statement in tables.MIGRATE_TO_6:
            self._run("migrate", statement)
        self._run("migrate", "PRAGMA user_version = 6")

    def _seed(self) -> None:
        """Insert the catalogue with ids in catalogue order, so every seed is identical."""
        hotel_ids: dict[str, int] = {}
        room_ids: dict[tuple[str, str], int] = {}
        prices: dict[int, float] = {}
        hotel_rows, room_rows = [], []
        for hotel_id, hotel in enumerate(catalogue.HOTELS, start=1):
            hotel_ids[hotel.name] = hotel_id
            hotel_rows.append((hotel_id, hotel.name, hotel.city, hotel.tier, hotel.stars,
                               hotel.address, hotel.booking_url, hotel.name_zh))
            for room in hotel.rooms:
                room_id = len(room_rows) + 1
                room_ids[(hotel.name, room.name)] = room_id
                prices[room_id] = room.price
                room_rows.append((room_id, hotel_id, room.name, room.capacity, room.price,
                                  room.inventory, room.name_zh))
        night_rows = [(room_ids[(hotel, room)], night.isoformat(), booked)
                      for (hotel, room, night), booked in catalogue.seed_booked_rooms().items()]
        booking_rows = []
        for b in catalogue.SEED_BOOKINGS:
            room_id = room_ids[(b.hotel, b.room_type)]
            total = prices[room_id] * (b.check_out - b.check_in).days * b.rooms
            booking_rows.append((b.ref, b.owner, room_id, b.check_in.isoformat(),
                                 b.check_out.isoformat(), b.guests, b.rooms, total, CURRENCY,
                                 b.status))

        self._run("seed", "INSERT INTO hotels VALUES (?, ?, ?, ?, ?, ?, ?, ?)", hotel_rows, many=True)
        self._run("seed", "INSERT INTO room_types VALUES (?, ?, ?, ?, ?, ?, ?)", room_rows, many=True)
        self._run("seed", """INSERT INTO bookings (ref, owner, room_type_id, check_in,
                  check_out, guests, rooms, total_price, currency, status)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", booking_rows, many=True)
        # the bookings took their rooms (a trigger); each night's count becomes the seed's
        # total, sold-out nights included
        self._run("seed", """INSERT INTO room_nights VALUES (?, ?, ?)
                  ON CONFLICT (room_type_id, night) DO UPDATE SET booked = excluded.booked""", night_rows, many=True)
        self._run("seed", "INSERT INTO policies VALUES (?, ?, ?, ?)", convert.policy_rows(hotel_ids), many=True)

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table in a stable order (to compare two databases)."""
        with self._lock:
            return {table: [tuple(row) for row in
                            self._run("dump", f"SELECT * FROM {table} ORDER BY 1, 2")]
                    for table in tables.DATA_TABLES}

    # ------------------------------------------------------------------ catalogue

    def cities(self) -> list[str]:
        """Cities with at least one hotel, in alphabetical order."""
        with self._lock:
            rows = self._run("cities", "SELECT DISTINCT city FROM hotels ORDER BY city")
        return [row["city"] for row in rows]

    def hotels(self, city: str | None = None) -> list[Hotel]:
        """All hotels, or those of one city (case-insensitive), by city then catalogue order."""
        sql = f"SELECT {_HOTEL_COLUMNS} FROM hotels h"
        params: list[Any] = []
        if city is not None:
            sql += " WHERE h.city = ?"
            params.append(city)
        with self._lock:
            rows = self._run("hotels", sql + " ORDER BY h.city, h.hotel_id", params)
        return [convert.hotel_of(row) for row in rows]

    def hotel_names(self) -> list[str]:
        """The canonical (English) names; Hotel.name_zh gives the Chinese ones."""
        with self._lock:
            rows = self._run("hotel_names", "SELECT name FROM hotels ORDER BY hotel_id")
        return [row["name"] for row in rows]

    def hotel_by_name(self, name: str) -> Hotel | None:
        """The hotel with exactly this name, English (ignoring case) or Chinese, ignoring surrounding spaces."""
        with self._lock:
            rows = self._run("hotel_by_name",
                             f"SELECT {_HOTEL_COLUMNS} FROM hotels h WHERE h.name = ? OR h.name_zh = ?",
                             [name.strip()] * 2)
        return convert.hotel_of(rows[0]) if rows else None

    # ------------------------------------------------------------------ availability

    def search_offers(self, city: str | None, check_in: date, check_out: date, guests: int,
                      rooms: int = 1, tier: str | None = None, max_price: float | None = None,
                      hotel: str | None = None) -> list[RoomOffer]:
        """Per hotel, the cheapest room type that fits the party and is free every night.

        A room type fits if ``capacity * rooms >= guests`` and at least ``rooms`` rooms
        are free on every night in [check_in, check_out). ``max_price`` caps the price
        per room per night. Sorted by tier (budget first), then price, then name.
        """
        if tier is not None and tier not in TIERS:
            raise InvalidRequest(f"unknown tier {tier!r}; expected one of {', '.join(TIERS)}")
        cheapest: dict[int, RoomOffer] = {}
        for offer in self._offers("search_offers", check_in, check_out, guests, rooms,
                                  city=city, tier=tier, max_price=max_price, hotel=hotel):
            cheapest.setdefault(offer.hotel.hotel_id, offer)  # offers come cheapest first
        return sorted(cheapest.values(), key=lambda o: (TIERS.index(o.hotel.tier),
                                                        o.price_per_night, o.hotel.name))

    def room_offers(self, hotel: str, check_in: date, check_out: date, guests: int,
                    rooms: int = 1) -> list[RoomOffer]:
        """Every room type of one hotel that fits the party and is free, cheapest first."""
        return self._offers("room_offers", check_in, check_out, guests, rooms, hotel=hotel)

    def _offers(self, name: str, check_in: date, check_out: date, guests: int, rooms: int,
                **filters: str | float | None) -> list[RoomOffer]:
        """Room types that fit and are free, cheapest first; ``filters`` skip None values."""
        convert.validate_stay(check_in, check_out, guests, rooms)
        where = ["r.capacity * ? >= ?"]
        params: list[Any] = [check_in.isoformat(), check_out.isoformat(), rooms, guests]
        for key, value in filters.items():
            if value is not None:
                where.append(_OFFER_FILTERS[key])
                params.append(value)
        sql = f"""
            SELECT {_HOTEL_COLUMNS}, r.room_type_id, r.name AS room_type, r.name_zh AS room_type_zh, r.price,
                   r.inventory - COALESCE(MAX(n.booked), 0) AS rooms_left
            FROM hotels h
            JOIN room_types r ON r.hotel_id = h.hotel_id
            LEFT JOIN room_nights n ON n.room_type_id = r.room_type_id
                 AND n.night >= ? AND n.night < ?
            WHERE {" AND ".join(where)}
            GROUP BY r.room_type_id, h.hotel_id
            HAVING r.inventory - COALESCE(MAX(n.booked), 0) >= ?
            ORDER BY r.price, r.room_type_id"""
        with self._lock:
            rows = self._run(name, sql, [*params, rooms])
        return [convert.offer_of(row, check_in, check_out, guests, rooms) for row in rows]

    def rooms_free(self, room_type_id: int, check_in: date, check_out: date) -> int:
        """The fewest free rooms of a room type over the nights [check_in, check_out)."""
        with self._lock:
            return self._min_free("rooms_free", room_type_id, check_in, check_out)

    def _min_free(self, name: str, room_type_id: int, check_in: date, check_out: date) -> int:
        rows = self._run(name, """
            SELECT r.inventory - COALESCE(MAX(n.booked), 0) AS free
            FROM room_types r
            LEFT JOIN room_nights n ON n.room_type_id = r.room_type_id
                 AND n.night >= ? AND n.night < ?
            WHERE r.room_type_id = ?
            GROUP BY r.room_type_id""",
                         [check_in.isoformat(), check_out.isoformat(), room_type_id])
        if not rows:
            raise InvalidRequest(f"no room type with id {room_type_id}")
        return int(rows[0]["free"])

    def _room_type(self, name: str, room_type_id: int) -> Row:
        rows = self._run(name, """
            SELECT r.room_type_id, r.hotel_id, r.name, r.capacity, r.price, h.name AS hotel
            FROM room_types r JOIN hotels h ON h.hotel_id = r.hotel_id
            WHERE r.room_type_id = ?""", [room_type_id])
        if not rows:
            raise InvalidRequest(f"no room type with id {room_type_id}")
        return rows[0]

    @contextmanager
    def _taking_rooms(self, name: str, room: Row, check_in: date, check_out: date,
                      rooms: int) -> Iterator[None]:
        """Write a booking's rooms in the block; the database's refusal becomes NoAvailability.

        The triggers of tables.py (pg_tables.py) are the one check: they refuse the
        statement that would take more rooms than a night has (its effects undone, the
        transaction still open for the caller to roll back), whatever wrote it.
        """
        try:
            with self._statement():
                yield
        except Overbooked as error:
            free = self._min_free(name, room["room_type_id"], check_in, check_out)
            raise NoAvailability(
                f"only {free} {room['name']} room(s) free at {room['hotel']} "
                f"from {check_in} to {check_out}; {rooms} requested") from error

    # ------------------------------------------------------------------ bookings

    def create_booking(self, owner: str, room_type_id: int, check_in: date,
                       check_out: date, guests: int, rooms: int = 1, *,
                       idempotency_key: str | None = None, access_code: str | None = None) -> Booking:
        """Book ``rooms`` rooms of a room type for the stay, for ``owner``, with a new reference
        (and ``access_code``, the second factor that lets someone else reach it: bot.access).

        If this owner already made a booking with ``idempotency_key``, that booking is
        returned and nothing is booked: a confirmation sent again, or retried after an
        error that followed the commit, books once.

        Raises InvalidRequest (bad stay, party too big for the rooms) or NoAvailability.
        """
        convert.validate_stay(check_in, check_out, guests, rooms)
        with self._transaction("create_booking"):
            if idempotency_key is not None:
                done = self._run("create_booking", "SELECT ref FROM bookings WHERE owner = ? AND idempotency_key = ?",
                                 [owner, idempotency_key])
                if done:
                    return self._booking_or_raise("create_booking", owner, done[0]["ref"])
            room = self._room_type("create_booking", room_type_id)
            convert.check_capacity(room, guests, rooms)
            ref = self._new_ref()
            with self._taking_rooms("create_booking", room, check_in, check_out, rooms):
                self._run("create_booking", """
                    INSERT INTO bookings (ref, owner, room_type_id, check_in, check_out,
                                          guests, rooms, total_price, currency, status, idempotency_key, access_code)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, ?)""",
                          [ref, owner, room_type_id, check_in.isoformat(),
                           check_out.isoformat(), guests, rooms,
                           convert.total(room["price"], check_in, check_out, rooms), CURRENCY, idempotency_key, access_code])
            return self._booking_or_raise("create_booking", owner, ref)

    def change_booking(self, owner: str, ref: str, check_in: date | None = None,
                       check_out: date | None = None, guests: int | None = None,
                       rooms: int | None = None, room_type_id: int | None = None) -> Booking:
        """Change a confirmed booking ``owner`` may reach in place; it keeps its reference.

        Unchanged fields keep their values, except that a new ``check_in`` without a
        ``check_out`` keeps the number of nights (the stay moves). ``room_type_id`` must
        belong to the same hotel. The booking's own rooms count as free. Recomputes the
        total. Raises BookingNotFound (also for someone else's booking), BookingCancelled,
        InvalidRequest or NoAvailability.
        """
        with self._transaction("change_booking"):
            old = self._booking_row("change_booking", owner, ref)
            old_in = date.fromisoformat(old["check_in"])
            old_out = date.fromisoformat(old["check_out"])
            if check_in is not None and check_out is None:
                check_out = check_in + (old_out - old_in)
            new_in = convert.either(check_in, old_in)
            new_out = convert.either(check_out, old_out)
            new_guests = convert.either(guests, old["guests"])
            new_rooms = convert.either(rooms, old["rooms"])
            convert.validate_stay(new_in, new_out, new_guests, new_rooms)
            room = self._room_type("change_booking", convert.either(room_type_id, old["room_type_id"]))
            if room["hotel_id"] != old["hotel_id"]:
                raise InvalidRequest("a booking can only move to a room type of the same hotel")
            convert.check_capacity(room, new_guests, new_rooms)
            with self._taking_rooms("change_booking", room, new_in, new_out, new_rooms):
                self._run("change_booking", """
                    UPDATE bookings SET room_type_id = ?, check_in = ?, check_out = ?, guests = ?,
                                        rooms = ?, total_price = ?
                    WHERE ref = ?""",  # found reachable by owner in this transaction
                          [room["room_type_id"], new_in.isoformat(), new_out.isoformat(),
                           new_guests, new_rooms, convert.total(room["price"], new_in, new_out, new_rooms),
                           old["ref"]])
            return self._booking_or_raise("change_booking", owner, old["ref"])

    def cancel_booking(self, owner: str, ref: str) -> Booking:
        """Cancel a confirmed booking ``owner`` may reach and release its rooms; the row stays.

        Not silently idempotent: cancelling an already cancelled booking raises
        BookingCancelled (its ``.booking`` is the unchanged booking), so the caller can
        tell the customer. Raises BookingNotFound for a reference that is unknown or
        someone else's.
        """
        with self._transaction("cancel_booking"):  # the rooms come back by a trigger
            old = self._booking_row("cancel_booking", owner, ref)
            self._run("cancel_booking",
                      "UPDATE bookings SET status = 'cancelled' WHERE ref = ?",  # found reachable just above
                      [old["ref"]])
            return self._booking_or_raise("cancel_booking", owner, old["ref"])

    def get_booking(self, owner: str, ref: str) -> Booking | None:
        """The booking with this reference (case-insensitive) if ``owner`` may reach it, or None."""
        with self._lock:
            rows = self._run("get_booking", _BOOKING_SELECT + _ONE_REACHABLE,
                             [convert.normal_ref(ref), owner, owner])
        return convert.booking_of(rows[0]) if rows else None

    def get_bookings(self, owner: str, refs: Sequence[str]) -> list[Booking]:
        """The bookings ``owner`` may reach among these references, in the order given."""
        wanted = list(dict.fromkeys(convert.normal_ref(ref) for ref in refs))
        if not wanted:
            return []
        with self._lock:
            rows = self._run("get_bookings", _BOOKING_SELECT +
                             f" WHERE b.ref IN ({', '.join('?' * len(wanted))}) AND {_REACHABLE}",
                             [*wanted, owner, owner])
        found = {row["ref"]: convert.booking_of(row) for row in rows}
        return [found[ref] for ref in wanted if ref in found]

    def customer_bookings(self, owner: str) -> list[Booking]:
        """Every booking ``owner`` may reach (made by them, or opened with its access code), by check-in."""
        with self._lock:
            rows = self._run("customer_bookings", _BOOKING_SELECT + f" WHERE {_REACHABLE} ORDER BY b.check_in, b.ref",
                             [owner, owner])
        return [convert.booking_of(row) for row in rows]

    def grant_access(self, grantee: str, ref: str, code: str) -> Booking | None:
        """With the right access code, ``grantee`` may reach the booking from now on (it is
        returned); else None, and nothing changes. An unknown reference, a booking without a
        code and a wrong code take the same query and comparison: none of them tells."""
        with self._transaction("grant_access"):
            ref = convert.normal_ref(ref)
            # one row whether the booking exists or not (NULL code): the trace tells nothing
            (row,) = self._run("grant_access", "SELECT (SELECT access_code FROM bookings WHERE ref = ?)", [ref])
            if not access.matches(row[0], code):
                return None
            self._run("grant_access", "INSERT INTO booking_access (grantee, ref) VALUES (?, ?) ON CONFLICT DO NOTHING",
                      [grantee, ref])
            return self._booking_or_raise("grant_access", grantee, ref)

    def bookings_of(self, owner: str) -> list[Booking]:
        """All of ``owner``'s bookings, cancelled ones included, oldest first."""
        with self._lock:
            rows = self._run("bookings_of",
                             _BOOKING_SELECT + " WHERE b.owner = ? ORDER BY b.booking_id",
                             [owner])
        return [convert.booking_of(row) for row in rows]

    def _booking_row(self, name: str, owner: str, ref: str) -> Row:
        """The raw row of a confirmed booking; raises BookingNotFound / BookingCancelled."""
        rows = self._run(name, _BOOKING_SELECT + _ONE_REACHABLE, [convert.normal_ref(ref), owner, owner])
        if not rows:
            raise BookingNotFound(f"no booking with reference {ref!r}")
        if rows[0]["status"] == "cancelled":
            raise BookingCancelled(convert.booking_of(rows[0]))
        return rows[0]

    def _booking_or_raise(self, name: str, owner: str, ref: str) -> Booking:
        rows = self._run(name, _BOOKING_SELECT + _ONE_REACHABLE, [ref, owner, owner])
        if not rows:
            raise BookingNotFound(f"no booking with reference {ref!r}")
        return convert.booking_of(rows[0])

    def _new_ref(self) -> str:
        """A random unused reference; called inside the write transaction, so no race.

        ``secrets``, not ``random``: a reference must not be predictable from earlier ones.
        """
        for _ in range(_REF_ATTEMPTS):
            ref = REF_PREFIX + "".join(secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH))
            if not self._run("new_ref", "SELECT 1 FROM bookings WHERE ref = ?", [ref]):
                return ref
        raise RuntimeError("could not find an unused booking reference")

    def overbooked_nights(self) -> list[Overbooking]:
        """Every (room type, night) with more rooms taken than its inventory; [] when sound.

        Taken is the larger of the night's counter (what searches and bookings read) and
        the rooms of the confirmed bookings staying that night, so a counter that drifted
        below the bookings cannot hide an overbooking.
        """
        with self._lock:
            rows = self._run("overbooked_nights", f"""
                WITH RECURSIVE stay (room_type_id, night, check_out, rooms) AS (
                    SELECT room_type_id, check_in, check_out, rooms FROM bookings
                    WHERE status = 'confirmed'
                    UNION ALL
                    SELECT room_type_id, {self._NEXT_NIGHT}, check_out, rooms FROM stay
                    WHERE {self._NEXT_NIGHT} < check_out),
                taken (room_type_id, night, rooms) AS (
                    SELECT room_type_id, night, booked FROM room_nights
                    UNION ALL
                    SELECT room_type_id, night, SUM(rooms) FROM stay GROUP BY room_type_id, night)
                SELECT h.name AS hotel, r.name AS room_type, t.night, MAX(t.rooms) AS booked, r.inventory
                FROM taken t
                JOIN room_types r ON r.room_type_id = t.room_type_id
                JOIN hotels h ON h.hotel_id = r.hotel_id
                GROUP BY t.room_type_id, t.night, h.name, r.name, r.inventory
                HAVING MAX(t.rooms) > r.inventory
                ORDER BY h.name, r.name, t.night""")
        return [Overbooking(*row) for row in rows]

    # ------------------------------------------------------------------ policies

    def policy(self, topic: str, hotel_id: int | None = None, language: str = "en") -> str:
        """The answer on a topic in a language: the hotel's own policy if it has one, else the general one."""
        convert.check_topic(topic)
        with self._lock:
            rows = self._run("policy", """
                SELECT text FROM policies
                WHERE topic = ? AND (hotel_id = ? OR hotel_id IS NULL) AND language = ?
                ORDER BY hotel_id IS NULL LIMIT 1""", [topic, hotel_id, language])
        return str(rows[0]["text"])

    def policies(self, topic: str, language: str = "en") -> list[tuple[Hotel | None, str]]:
        """The general answer on a topic (hotel None) first, then every hotel's override."""
        convert.check_topic(topic)
        with self._lock:
            rows = self._run("policies", f"""
                SELECT p.text, {_HOTEL_COLUMNS}
                FROM policies p LEFT JOIN hotels h ON h.hotel_id = p.hotel_id
                WHERE p.topic = ? AND p.language = ?
                ORDER BY p.hotel_id IS NOT NULL, h.city, h.hotel_id""", [topic, language])
        return [(convert.hotel_of(row) if row["hotel_id"] is not None else None, row["text"])
                for row in rows]


def _backend(target: str | Path) -> type[Database]:
    """The class that opens ``target``: PostgresDatabase for a PostgreSQL URL, else Database."""
    if is_postgres_url(target):
        from bot.database.postgres import PostgresDatabase  # psycopg is imported only when used

        return PostgresDatabase
    return Database
