"""The hotel database behind a small typed API, and every query of it, on either backend.

The backend (SQLite or PostgreSQL, chosen by the target in ``backend.py``) holds the
connection, the transactions, the schema and the error mapping; the queries here are
written once for both.

Availability is kept per (room type, night) as a count of booked rooms; a missing row
means nothing is booked, so free rooms = inventory - booked and no date window exists.
Dates are stored as ISO text (``YYYY-MM-DD``), prices in ``schema.CURRENCY``. The tables
and the triggers that keep that count (within the inventory, never below the bookings)
are in ``tables.py`` (``pg_tables.py``): the database itself refuses an overbooking,
whoever writes.

The booking methods, each for the caller the booking belongs to, are in ``bookings.py``;
the catalogue's reads, import and export in ``catalogue_store.py``.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Any

from bot.database import catalogue, convert, migrations, tables
from bot.database.backend import open_backend
from bot.database.catalogue_file import Catalogue
from bot.database.catalogue_store import CatalogueQueries
from bot.database.convert import Row
from bot.database.errors import InvalidRequest, Overbooking
from bot.database.bookings import BookingQueries
from bot.database.paths import DEFAULT_DB_PATH
from bot.database.search_index import CityIndex, OfferQuery, nocase
from bot.database.tables import SCHEMA_VERSION
from bot.models import DbQuery, Hotel, RoomOffer
from intents.schema import CURRENCY, TIERS

logger = logging.getLogger(__name__)

# The queries of the current turn, per thread / asyncio task (see Database.recording).
_recorded: ContextVar[list[DbQuery] | None] = ContextVar("hotelbot_db_queries", default=None)


class Database(CatalogueQueries, BookingQueries):
    """The hotel catalogue, availability, bookings and policies in a SQLite file (or in
    memory) or a PostgreSQL database.

    Booking operations raise ``BookingError`` subclasses, any operation ``DatabaseBusy``
    when another connection keeps the database locked; on any error nothing changes.
    """

    def __init__(self, target: str | Path = ":memory:", **options: Any) -> None:
        """Open an existing database: a SQLite file, ``:memory:`` or a PostgreSQL URL.

        ``options``: ``busy_timeout``, the seconds to wait for another connection's lock
        before raising DatabaseBusy, and the backend's own (``sqlite.SqliteBackend``).
        """
        self._backend = open_backend(target, **options)
        self.path = self._backend.path
        self._lock = self._backend.lock
        # the search indexes by city (search_index.py), and the catalogue version they were read at
        self._indexes: tuple[str | None, dict[str | None, CityIndex]] = (None, {})

    # ------------------------------------------------------------------ construction

    @classmethod
    def create(cls, target: str | Path = ":memory:", catalogue: Catalogue | None = None, **options: Any) -> Database:
        """(Re)create the schema at ``target`` (a SQLite file, ``:memory:`` or a PostgreSQL URL)
        and load the seed: the seeded catalogue and its bookings, or ``catalogue`` alone
        (``options``: see __init__)."""
        db = cls(target, **options)
        with db._transaction("seed"):
            if catalogue is None:
                db._create_and_seed()
            else:
                db._create_schema()
                db._import(catalogue)
        return db

    @classmethod
    def open_default(cls, target: str | Path | None = None, **options: Any) -> Database:
        """Open the project's database (default DEFAULT_DB_PATH), seeding it if new.

        One of an older schema version is migrated in place where its backend can
        (a SQLite file from version 3 on: its bookings are kept), else re-created. The
        check and the seeding or migration are one write transaction, so two processes
        starting at once seed the database once.
        """
        db = cls(DEFAULT_DB_PATH if target is None else target, **options)
        with db._transaction("schema"):
            version = db._backend.schema_version(db._run)
            if version is not None and db._backend.upgrades_in_place:
                version = migrations.upgrade(db, version)
            if version is not None and version < SCHEMA_VERSION:
                logger.warning("%s has schema version %s, older than %s: re-created", db.path, version, SCHEMA_VERSION)
            if version is None or version < SCHEMA_VERSION:
                db._create_and_seed()
        return db

    def close(self) -> None:
        self._backend.close()

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

        Every statement after the connection's set-up goes through here, so the trace
        sees all of them. Callers hold ``self._lock``.
        """
        started = time.perf_counter()
        rows, count = self._backend.execute(name, sql, params, many)
        queries = _recorded.get()
        if queries is not None:
            queries.append(DbQuery(
                name=name, sql=" ".join(sql.split()), params=[convert.loggable(p) for p in params],
                rows=count, ms=(time.perf_counter() - started) * 1000.0,
            ))
        return rows

    def _statement(self) -> AbstractContextManager[None]:
        """Around a statement the database may refuse (Overbooked): the transaction goes on."""
        return self._backend.statement(self._run)

    def _transaction(self, name: str) -> AbstractContextManager[None]:
        """One write transaction, holding the write lock from its start; any error rolls it back."""
        return self._backend.transaction(self._run, name)

    # ------------------------------------------------------------------ seeding

    def _create_and_seed(self) -> None:
        """Drop and create every table and seed them; the caller holds a write transaction."""
        self._create_schema()
        self._seed()

    def _create_schema(self) -> None:
        self._backend.create_schema(self._run)
        self._renew_catalogue_version("schema")

    def _seed(self) -> None:
        """Import the seeded catalogue (hotel and room ids in file order, so every seed is
        identical), then the seeded bookings, which take their rooms (a trigger)."""
        self._import(catalogue.seeded())
        room_ids = {(row["hotel"], row["name"]): (row["room_type_id"], row["price"]) for row in self._run(
            "seed", "SELECT r.room_type_id, r.name, r.price, h.name AS hotel FROM room_types r JOIN hotels h USING (hotel_id)")}
        booking_rows = []
        for b in catalogue.SEED_BOOKINGS:
            room_id, price = room_ids[(b.hotel, b.room_type)]
            booking_rows.append((b.ref, b.owner, room_id, b.check_in.isoformat(), b.check_out.isoformat(), b.guests,
                                 b.rooms, convert.total(price, b.check_in, b.check_out, b.rooms), CURRENCY, b.status))
        self._run("seed", """INSERT INTO bookings (ref, owner, room_type_id, check_in,
                  check_out, guests, rooms, total_price, currency, status)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", booking_rows, many=True)

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table in a stable order (to compare two databases)."""
        with self._lock:
            return {table: [tuple(row) for row in
                            self._run("dump", f"SELECT * FROM {table} ORDER BY 1, 2")]
                    for table in tables.DATA_TABLES}

    # ------------------------------------------------------------------ availability

    def search_offers(self, city: str | None, check_in: date, check_out: date, guests: int,
                      rooms: int = 1, tier: str | None = None, max_price: float | None = None,
                      hotel: str | None = None, *, min_price: float | None = None,
                      min_rating: float | None = None, amenities: Sequence[str] = ()) -> list[RoomOffer]:
        """Per hotel, the cheapest room type that fits the party and is free every night.

        A room type fits if ``capacity * rooms >= guests`` and at least ``rooms`` rooms
        are free on every night in [check_in, check_out). ``min_price`` / ``max_price``
        bound the price per room per night, ``min_rating`` the guest rating; the hotel
        has every one of ``amenities``. Sorted by tier (budget first), then price, then name.
        """
        return self.best_offers(city, check_in, check_out, guests, rooms, tier=tier, max_price=max_price, hotel=hotel,
                                min_price=min_price, min_rating=min_rating, amenities=amenities)[0]

    def best_offers(self, city: str | None, check_in: date, check_out: date, guests: int, rooms: int = 1, *,
                    order: str = "tier", near: tuple[float, float] | None = None, limit: int | None = None,
                    exclude: Sequence[str] = (), amenities: Sequence[str] = (),
                    **filters: str | float | None) -> tuple[list[RoomOffer], int]:
        """What a search shows, chosen by the database however large the catalogue: each
        hotel's cheapest fitting room (search_offers' rules and ``filters``), the hotels named
        in ``exclude`` left out, in ``order`` ("tier": budget first, then price; "price";
        "per_tier": the cheapest of each tier only), nearest ``near`` (lat, lon) first when
        given, at most ``limit``; and how many hotels match in all.

        The catalogue's side is the city's search index (search_index.py); the database is
        asked the rooms booked on the stay's nights."""
        if filters.get("tier") is not None and filters["tier"] not in TIERS:
            raise InvalidRequest(f"unknown tier {filters['tier']!r}; expected one of {', '.join(TIERS)}")
        convert.validate_stay(check_in, check_out, guests, rooms)
        query = OfferQuery(guests, rooms, order=order, near=near, limit=limit, exclude=exclude, amenities=amenities,
                           **filters)
        with self._lock:
            index = self._search_index(city)
            booked = self._booked(city, check_in, check_out)
        rows, matching = index.choose(query, booked)
        return [convert.offer_of(row, check_in, check_out, guests, rooms) for row in rows], matching

    def _search_index(self, city: str | None) -> CityIndex:
        """The search index of ``city`` (None: of every city) for the catalogue as it is now,
        read from the database when the catalogue's version changed since it was read."""
        version = self._run("catalogue_version", "SELECT version FROM catalogue_version")[0]["version"]
        read, indexes = self._indexes
        if read != version:
            indexes = {}
            self._indexes = (version, indexes)
        key = None if city is None else nocase(city)
        if key not in indexes:
            in_city, params = ("" if city is None else " AND h.city = ?"), ([] if city is None else [city])
            hotels = self._run("search_index", f"SELECT {self.hotel_columns} FROM hotels h WHERE h.bookable = 1"
                                               f"{in_city} ORDER BY h.hotel_id", params)
            rooms = self._run("search_index", f"""
                SELECT r.room_type_id, r.hotel_id, r.name, r.name_zh, r.price, r.capacity, r.inventory
                FROM room_types r JOIN hotels h ON h.hotel_id = r.hotel_id
                WHERE r.bookable = 1 AND h.bookable = 1{in_city} ORDER BY r.hotel_id, r.price, r.room_type_id""", params)
            indexes[key] = CityIndex(hotels, rooms)
        return indexes[key]

    def _booked(self, city: str | None, check_in: date, check_out: date) -> dict[int, int]:
        """Room type id -> the most rooms booked on one night of [check_in, check_out), for the
        room types of ``city`` (None: of every city) with any night booked."""
        # the booked nights first (CROSS JOIN keeps SQLite's loops in this order): a stay's
        # nights hold a few rows, a city thousands of room types
        in_city, params = ("" if city is None else " AND h.city = ?"), ([] if city is None else [city])
        rows = self._run("rooms_booked", f"""
            SELECT n.room_type_id, MAX(n.booked) AS booked
            FROM room_nights n CROSS JOIN room_types r CROSS JOIN hotels h
            WHERE n.night >= ? AND n.night < ? AND r.room_type_id = n.room_type_id AND h.hotel_id = r.hotel_id{in_city}
            GROUP BY n.room_type_id""", [check_in.isoformat(), check_out.isoformat(), *params])
        return {row["room_type_id"]: row["booked"] for row in rows}

    def _renew_catalogue_version(self, name: str) -> None:
        """A new version of the catalogue: every process's search indexes are read again."""
        self._run(name, "DELETE FROM catalogue_version")
        self._run(name, "INSERT INTO catalogue_version VALUES (?)", [secrets.token_hex(8)])

    def room_offers(self, hotel: str, check_in: date, check_out: date, guests: int,
                    rooms: int = 1) -> list[RoomOffer]:
        """Every room type of one hotel that fits the party and is free, cheapest first."""
        convert.validate_stay(check_in, check_out, guests, rooms)
        # a room type's free rooms: its inventory less the fullest night of the stay
        sql = f"""
            SELECT * FROM (
                SELECT {self.hotel_columns}, r.room_type_id, r.name AS room_type, r.name_zh AS room_type_zh, r.price,
                       r.inventory - COALESCE((SELECT MAX(n.booked) FROM room_nights n WHERE n.room_type_id = r.room_type_id
                                               AND n.night >= ? AND n.night < ?), 0) AS rooms_left
                FROM hotels h JOIN room_types r ON r.hotel_id = h.hotel_id
                WHERE r.capacity * ? >= ? AND r.bookable = 1 AND h.bookable = 1 AND h.name = ?) free
            WHERE rooms_left >= ? ORDER BY price, room_type_id"""
        with self._lock:
            rows = self._run("room_offers", sql, [check_in.isoformat(), check_out.isoformat(), rooms, guests, hotel, rooms])
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
                    SELECT room_type_id, {self._backend.NEXT_NIGHT}, check_out, rooms FROM stay
                    WHERE {self._backend.NEXT_NIGHT} < check_out),
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
                SELECT p.text, {self.hotel_columns}
                FROM policies p LEFT JOIN hotels h ON h.hotel_id = p.hotel_id
                WHERE p.topic = ? AND p.language = ?
                ORDER BY p.hotel_id IS NOT NULL, h.city, h.hotel_id""", [topic, language])
        return [(convert.hotel_of(row) if row["hotel_id"] is not None else None, row["text"])
                for row in rows]

