"""The PostgreSQL schema: the tables of ``tables.py`` and its inventory guards in PL/pgSQL.

Same columns, same rules, same messages as the SQLite schema, so the store's queries and
its tests run unchanged. Dates stay ISO text (the store compares and returns them as
text, as with SQLite), checked to be real dates. Names and cities compare ignoring case,
as SQLite's COLLATE NOCASE: a nondeterministic ICU collation. A refusal raises SQLSTATE
23514 (check_violation, an IntegrityError to psycopg) with the message of ``tables.py``.
"""

from __future__ import annotations

from typing import Final

from bot.database.tables import ACCESS, NOT_A_STAY, OVERBOOKED, SCHEMA_VERSION, SEARCH, UNCOVERED, catalogue_tables, share
from intents.schema import MAX_NIGHTS

_REFUSE = "RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{}'"
_COVERED_ROOMS = """(SELECT COALESCE(SUM(rooms), 0) FROM bookings
    WHERE room_type_id = {row}.room_type_id AND status = 'confirmed'
      AND check_in <= {row}.night AND check_out > {row}.night)"""
# the nights of a stay, as ISO text (the booking's dates are checked before any of this runs)
_NIGHTS = ("SELECT to_char({row}.check_in::date + n, 'YYYY-MM-DD') AS night "
           "FROM generate_series(0, {row}.check_out::date - {row}.check_in::date - 1) AS n")

_FUNCTIONS: Final[tuple[str, ...]] = (
    # a text that is a real date written YYYY-MM-DD (a cast of anything else raises)
    """CREATE FUNCTION is_iso_date(value TEXT) RETURNS BOOLEAN LANGUAGE plpgsql IMMUTABLE AS $$
    BEGIN
        RETURN value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND to_char(value::date, 'YYYY-MM-DD') = value;
    EXCEPTION WHEN others THEN
        RETURN FALSE;
    END $$""",
    f"""CREATE FUNCTION booking_is_a_stay() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT (is_iso_date(NEW.check_in) AND is_iso_date(NEW.check_out)) OR NEW.rooms < 1 THEN
            {_REFUSE.format(NOT_A_STAY)};
        END IF;
        IF NEW.check_out::date - NEW.check_in::date NOT BETWEEN 1 AND {MAX_NIGHTS} THEN
            {_REFUSE.format(NOT_A_STAY)};
        END IF;
        RETURN NEW;
    END $$""",
    # A new confirmed booking takes its rooms on each night; a change moves them (each
    # counter row it touches changes once, by the difference between the new and the old
    # share, so the booking's own rooms count as free); a deletion gives them back.
    f"""CREATE FUNCTION booking_moves_rooms() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.status = 'confirmed' THEN
                UPDATE room_nights SET booked = booked - OLD.rooms
                WHERE room_type_id = OLD.room_type_id AND night >= OLD.check_in AND night < OLD.check_out;
            END IF;
            RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' THEN
            UPDATE room_nights SET booked = booked + {share('NEW')} - {share('OLD')}
            WHERE room_type_id IN (OLD.room_type_id, NEW.room_type_id) AND {share('NEW')} <> {share('OLD')};
            IF NEW.status = 'confirmed' THEN  -- nights new to the room type get their row
                INSERT INTO room_nights (room_type_id, night, booked)
                SELECT NEW.room_type_id, night, NEW.rooms FROM ({_NIGHTS.format(row='NEW')}) AS stay
                ON CONFLICT (room_type_id, night) DO NOTHING;
            END IF;
        ELSIF NEW.status = 'confirmed' THEN
            INSERT INTO room_nights (room_type_id, night, booked)
            SELECT NEW.room_type_id, night, NEW.rooms FROM ({_NIGHTS.format(row='NEW')}) AS stay
            ON CONFLICT (room_type_id, night) DO UPDATE SET booked = room_nights.booked + excluded.booked;
        END IF;
        RETURN NEW;
    END $$""",
    # the counter stays within the inventory and above the bookings, and never moves
    f"""CREATE FUNCTION night_is_sound() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF {_COVERED_ROOMS.format(row='OLD')} > 0 THEN {_REFUSE.format(UNCOVERED)}; END IF;
            RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND (NEW.room_type_id <> OLD.room_type_id OR NEW.night <> OLD.night) THEN
            {_REFUSE.format(UNCOVERED)};
        END IF;
        IF NEW.booked > (SELECT inventory FROM room_types WHERE room_type_id = NEW.room_type_id) THEN
            {_REFUSE.format(OVERBOOKED)};
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.booked < {_COVERED_ROOMS.format(row='NEW')} THEN
            {_REFUSE.format(UNCOVERED)};
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE FUNCTION inventory_covers_its_nights() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM room_nights WHERE room_type_id = NEW.room_type_id AND booked > NEW.inventory) THEN
            {_REFUSE.format(OVERBOOKED)};
        END IF;
        RETURN NEW;
    END $$""",
)

SCHEMA: Final[tuple[str, ...]] = (
    "CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    f"INSERT INTO schema_version VALUES ({SCHEMA_VERSION})",
    """CREATE TABLE hotels (
        hotel_id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE nocase,
        city TEXT NOT NULL COLLATE nocase,
        tier TEXT NOT NULL,
        stars INTEGER NOT NULL,
        address TEXT NOT NULL,
        booking_url TEXT NOT NULL,
        name_zh TEXT NOT NULL UNIQUE,
        rating DOUBLE PRECISION NOT NULL DEFAULT 0,
        lat DOUBLE PRECISION NOT NULL DEFAULT 0,
        lon DOUBLE PRECISION NOT NULL DEFAULT 0,
        bookable INTEGER NOT NULL DEFAULT 1)""",
    "CREATE INDEX hotels_by_city ON hotels (city)",
    """CREATE TABLE room_types (
        room_type_id INTEGER PRIMARY KEY,
        hotel_id INTEGER NOT NULL REFERENCES hotels(hotel_id),
        name TEXT NOT NULL,
        capacity INTEGER NOT NULL CHECK (capacity > 0),
        price DOUBLE PRECISION NOT NULL CHECK (price > 0),
        inventory INTEGER NOT NULL CHECK (inventory > 0),
        name_zh TEXT NOT NULL,
        bookable INTEGER NOT NULL DEFAULT 1,
        UNIQUE (hotel_id, name))""",
    """CREATE TABLE room_nights (
        room_type_id INTEGER NOT NULL REFERENCES room_types(room_type_id),
        night TEXT NOT NULL,
        booked INTEGER NOT NULL CHECK (booked >= 0),
        PRIMARY KEY (room_type_id, night))""",
    """CREATE TABLE bookings (
        booking_id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE,
        owner TEXT NOT NULL,
        room_type_id INTEGER NOT NULL REFERENCES room_types(room_type_id),
        check_in TEXT NOT NULL,
        check_out TEXT NOT NULL,
        guests INTEGER NOT NULL,
        rooms INTEGER NOT NULL,
        total_price DOUBLE PRECISION NOT NULL,
        currency TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
        idempotency_key TEXT,
        access_code TEXT,
        UNIQUE (owner, idempotency_key))""",
    "CREATE UNIQUE INDEX bookings_by_owner ON bookings (owner, ref)",
    *ACCESS,
    "CREATE INDEX bookings_by_room ON bookings (room_type_id, check_in)",
    """CREATE TABLE policies (
        hotel_id INTEGER REFERENCES hotels(hotel_id),
        topic TEXT NOT NULL,
        text TEXT NOT NULL,
        language TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX one_policy_per_language ON policies (COALESCE(hotel_id, 0), topic, language)",
    *catalogue_tables("DOUBLE PRECISION"),  # COLLATE NOCASE is the collation above: unquoted names fold to lower case
    *_FUNCTIONS,
    """CREATE TRIGGER booking_is_a_stay BEFORE INSERT OR UPDATE OF check_in, check_out, rooms ON bookings
    FOR EACH ROW EXECUTE FUNCTION booking_is_a_stay()""",
    """CREATE TRIGGER booking_moves_rooms
    AFTER INSERT OR DELETE OR UPDATE OF room_type_id, check_in, check_out, rooms, status ON bookings
    FOR EACH ROW EXECUTE FUNCTION booking_moves_rooms()""",
    "CREATE TRIGGER night_is_sound BEFORE INSERT OR UPDATE OR DELETE ON room_nights FOR EACH ROW EXECUTE FUNCTION night_is_sound()",
    """CREATE TRIGGER inventory_covers_its_nights BEFORE UPDATE OF inventory ON room_types
    FOR EACH ROW EXECUTE FUNCTION inventory_covers_its_nights()""",
    *SEARCH,
)

# dropped before a re-creation, with whatever depends on them
DROP: Final[tuple[str, ...]] = (
    "DROP TABLE IF EXISTS schema_version, catalogue_version, policies, booking_access, bookings, room_nights, sold_out, hotel_amenities, "
    "amenities, sights, cities, room_types, hotels CASCADE",
    "DROP FUNCTION IF EXISTS is_iso_date, booking_is_a_stay, booking_moves_rooms, night_is_sound, "
    "inventory_covers_its_nights CASCADE",
)
