"""The database's tables, the triggers that guard the inventory, and the migrations.

The data definition lives here; ``sqlite.py`` creates it, ``migrations.py`` brings an older
file up to it, and ``store.py`` holds every query. The inventory rule is the database's
own: for every (room type, night), the rooms taken (``room_nights.booked``) never exceed
the room type's inventory, and never fall below the rooms of the confirmed bookings
staying that night. The counter is kept by triggers on
``bookings``, so a booking written by any code path, the store or a hand-typed INSERT,
takes its rooms or is refused (RAISE(ABORT) undoes the statement and raises
``sqlite3.IntegrityError`` with the message ``OVERBOOKED``).
"""

from __future__ import annotations

from typing import Final

from intents.schema import MAX_NIGHTS

# Bumped when the tables change; Database.open_default migrates older files in place
# (from version 3 on) or re-creates them.
SCHEMA_VERSION: Final[int] = 9
# 2: bookings.session_id became bookings.owner, seeded owners "seed:…"; 3: idempotency keys;
# 4: Chinese names of hotels and room types, policies per language;
# 5: triggers keep room_nights in step with the bookings and within the inventory;
# 6: access codes, and the customers a code let reach a booking (booking_access);
# 7: the catalogue file's content (cities, amenities, sights, ratings, coordinates, sold-out
# nights), and hotels and room types an import no longer lists (bookable = 0); 8: the cities' fare rules;
# 9: the catalogue's version and the booked nights by night, for the search's index.

# The messages of the triggers' RAISE (SQLite takes only literals there).
OVERBOOKED: Final[str] = "overbooked: more rooms taken than the room type has"
UNCOVERED: Final[str] = "a night cannot hold fewer rooms than its confirmed bookings"
NOT_A_STAY: Final[str] = "a booking must be a stay of 1 to %d nights of at least one room, dates YYYY-MM-DD" % MAX_NIGHTS

ONE_POLICY: Final[str] = "CREATE UNIQUE INDEX one_policy_per_language ON policies (COALESCE(hotel_id, 0), topic, language)"

# A trigger cannot use WITH (SQLite forbids CTEs inside triggers), so the nights of a stay
# come from this table of offsets 0 .. MAX_NIGHTS - 1 joined to check_in.
_NIGHT_OFFSETS = "CREATE TABLE night_offsets (n INTEGER PRIMARY KEY)"
NIGHT_OFFSET_ROWS: Final[list[tuple[int]]] = [(n,) for n in range(MAX_NIGHTS)]


def _nights_of(row: str) -> str:
    """The rows of night_offsets that are nights of the OLD or NEW booking ``row``."""
    return f"n < julianday({row}.check_out) - julianday({row}.check_in)"


def share(row: str) -> str:
    """The rooms the OLD or NEW booking takes on the counter row being updated, else 0."""
    return (f"(CASE WHEN {row}.status = 'confirmed' AND room_type_id = {row}.room_type_id "
            f"AND night >= {row}.check_in AND night < {row}.check_out THEN {row}.rooms ELSE 0 END)")


def _refuse(when: str, message: str, event: str, name: str) -> str:
    return f"CREATE TRIGGER {name} {event} WHEN {when} BEGIN SELECT RAISE(ABORT, '{message}'); END"


_COVERED_ROOMS = """(SELECT COALESCE(SUM(rooms), 0) FROM bookings
    WHERE room_type_id = {row}.room_type_id AND status = 'confirmed'
      AND check_in <= {row}.night AND check_out > {row}.night)"""
_INVENTORY = "(SELECT inventory FROM room_types WHERE room_type_id = NEW.room_type_id)"
# date(x) IS x holds only for a valid YYYY-MM-DD date; julianday of anything else is NULL,
# which would make a stay of no nights and take no rooms.
_BAD_STAY = (f"NEW.check_in IS NOT date(NEW.check_in) OR NEW.check_out IS NOT date(NEW.check_out) "
             f"OR julianday(NEW.check_out) - julianday(NEW.check_in) NOT BETWEEN 1 AND {MAX_NIGHTS} "
             f"OR NEW.rooms IS NOT CAST(NEW.rooms AS INTEGER) OR NEW.rooms < 1")

# Version 5's guards; created by the schema and by the migration from version 4 alike.
GUARDS: Final[tuple[str, ...]] = (
    _NIGHT_OFFSETS,
    # the triggers below look up the bookings of one room type around one night
    "CREATE INDEX bookings_by_room ON bookings (room_type_id, check_in)",
    # a booking is a stay the counter can hold
    _refuse(_BAD_STAY, NOT_A_STAY, "BEFORE INSERT ON bookings", "booking_is_a_stay"),
    _refuse(_BAD_STAY, NOT_A_STAY, "BEFORE UPDATE OF check_in, check_out, rooms ON bookings",
            "changed_booking_is_a_stay"),
    # a confirmed booking takes its rooms on each night of its stay
    f"""CREATE TRIGGER booking_takes_rooms AFTER INSERT ON bookings WHEN NEW.status = 'confirmed'
    BEGIN
        INSERT INTO room_nights (room_type_id, night, booked)
        SELECT NEW.room_type_id, date(NEW.check_in, '+' || n || ' days'), NEW.rooms
        FROM night_offsets WHERE {_nights_of('NEW')}
        ON CONFLICT (room_type_id, night) DO UPDATE SET booked = booked + excluded.booked;
    END""",
    # A change moves the booking's rooms: each counter row it touches changes once, by the
    # difference between the new and the old share, so the booking's own rooms count as
    # free and a night it keeps never dips below its bookings in between. Nights new to
    # the room type get their row after.
    f"""CREATE TRIGGER booking_moves_rooms
    AFTER UPDATE OF room_type_id, check_in, check_out, rooms, status ON bookings
    BEGIN
        UPDATE room_nights SET booked = booked + {share('NEW')} - {share('OLD')}
        WHERE room_type_id IN (OLD.room_type_id, NEW.room_type_id) AND {share('NEW')} != {share('OLD')};
        INSERT INTO room_nights (room_type_id, night, booked)
        SELECT NEW.room_type_id, date(NEW.check_in, '+' || n || ' days'), NEW.rooms
        FROM night_offsets WHERE NEW.status = 'confirmed' AND {_nights_of('NEW')}
        ON CONFLICT (room_type_id, night) DO NOTHING;
    END""",
    """CREATE TRIGGER booking_gives_rooms_back AFTER DELETE ON bookings WHEN OLD.status = 'confirmed'
    BEGIN
        UPDATE room_nights SET booked = booked - OLD.rooms
        WHERE room_type_id = OLD.room_type_id AND night >= OLD.check_in AND night < OLD.check_out;
    END""",
    # the counter stays within the inventory ...
    _refuse(f"NEW.booked > {_INVENTORY}", OVERBOOKED, "BEFORE INSERT ON room_nights", "night_within_inventory"),
    _refuse(f"NEW.booked > {_INVENTORY}", OVERBOOKED, "BEFORE UPDATE OF booked ON room_nights",
            "changed_night_within_inventory"),
    _refuse("EXISTS (SELECT 1 FROM room_nights WHERE room_type_id = NEW.room_type_id AND booked > NEW.inventory)",
            OVERBOOKED, "BEFORE UPDATE OF inventory ON room_types", "inventory_covers_its_nights"),
    # ... and above the bookings: lowering or deleting a counter row cannot free rooms
    # that confirmed bookings hold, nor can a row move to another night or room type
    _refuse(f"NEW.booked < {_COVERED_ROOMS.format(row='NEW')}", UNCOVERED,
            "BEFORE UPDATE OF booked ON room_nights", "night_covers_its_bookings"),
    _refuse(f"{_COVERED_ROOMS.format(row='OLD')} > 0", UNCOVERED, "BEFORE DELETE ON room_nights",
            "booked_night_stays"),
    _refuse("NEW.room_type_id IS NOT OLD.room_type_id OR NEW.night IS NOT OLD.night", UNCOVERED,
            "BEFORE UPDATE OF room_type_id, night ON room_nights", "night_stays_put"),
)

# Who may reach a booking besides its owner: a customer who gave its access code.
ACCESS: Final[tuple[str, ...]] = (
    """CREATE TABLE booking_access (
        grantee TEXT NOT NULL,
        ref TEXT NOT NULL REFERENCES bookings(ref),
        PRIMARY KEY (grantee, ref))""",
)


# What the offer search's index needs (store.py, search_index.py): the version of the
# catalogue its arrays were read at, which every import renews, and a stay's booked nights.
SEARCH: Final[tuple[str, ...]] = (
    "CREATE TABLE catalogue_version (version TEXT NOT NULL)",
    "CREATE INDEX room_nights_by_night ON room_nights (night, room_type_id, booked)",
)


def catalogue_tables(real: str) -> tuple[str, ...]:
    """The catalogue file's own tables (version 7), in either backend's type for floats.
    Lists (aliases, closed weekdays) are JSON text: they are read whole, never queried."""
    return (
        """CREATE TABLE cities (
            name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            name_zh TEXT NOT NULL,
            aliases TEXT NOT NULL,
            position INTEGER NOT NULL,
            fares TEXT NOT NULL DEFAULT '{}')""",
        """CREATE TABLE amenities (
            amenity TEXT NOT NULL PRIMARY KEY,
            en TEXT NOT NULL,
            zh TEXT NOT NULL)""",
        """CREATE TABLE hotel_amenities (
            hotel_id INTEGER NOT NULL REFERENCES hotels(hotel_id),
            amenity TEXT NOT NULL REFERENCES amenities(amenity),
            PRIMARY KEY (hotel_id, amenity))""",
        f"""CREATE TABLE sights (
            sight_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name_zh TEXT NOT NULL,
            city TEXT NOT NULL COLLATE NOCASE,
            lat {real} NOT NULL,
            lon {real} NOT NULL,
            ticket {real} NOT NULL,
            opens TEXT NOT NULL,
            closes TEXT NOT NULL,
            closed_on TEXT NOT NULL,
            visit_minutes INTEGER NOT NULL,
            aliases TEXT NOT NULL)""",
        """CREATE TABLE sold_out (
            hotel_id INTEGER NOT NULL REFERENCES hotels(hotel_id),
            night TEXT NOT NULL,
            PRIMARY KEY (hotel_id, night))""",
    )


SCHEMA: Final[tuple[str, ...]] = (
    """CREATE TABLE hotels (
        hotel_id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        city TEXT NOT NULL COLLATE NOCASE,
        tier TEXT NOT NULL,
        stars INTEGER NOT NULL,
        address TEXT NOT NULL,
        booking_url TEXT NOT NULL,
        name_zh TEXT NOT NULL,
        rating REAL NOT NULL DEFAULT 0,
        lat REAL NOT NULL DEFAULT 0,
        lon REAL NOT NULL DEFAULT 0,
        bookable INTEGER NOT NULL DEFAULT 1)""",
    "CREATE UNIQUE INDEX hotel_name_zh ON hotels (name_zh)",
    "CREATE INDEX hotels_by_city ON hotels (city)",  # a search is one city's
    """CREATE TABLE room_types (
        room_type_id INTEGER PRIMARY KEY,
        hotel_id INTEGER NOT NULL REFERENCES hotels(hotel_id),
        name TEXT NOT NULL,
        capacity INTEGER NOT NULL CHECK (capacity > 0),
        price REAL NOT NULL CHECK (price > 0),
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
        booking_id INTEGER PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE,
        owner TEXT NOT NULL,
        room_type_id INTEGER NOT NULL REFERENCES room_types(room_type_id),
        check_in TEXT NOT NULL,
        check_out TEXT NOT NULL,
        guests INTEGER NOT NULL,
        rooms INTEGER NOT NULL,
        total_price REAL NOT NULL,
        currency TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
        idempotency_key TEXT,
        access_code TEXT,
        UNIQUE (owner, idempotency_key))""",
    "CREATE UNIQUE INDEX bookings_by_owner ON bookings (owner, ref)",
    *ACCESS,
    """CREATE TABLE policies (
        hotel_id INTEGER REFERENCES hotels(hotel_id),
        topic TEXT NOT NULL,
        text TEXT NOT NULL,
        language TEXT NOT NULL)""",
    ONE_POLICY,
    *catalogue_tables("REAL"),
    *GUARDS,
    *SEARCH,
)
DATA_TABLES: Final[tuple[str, ...]] = ("policies", "booking_access", "bookings", "room_nights", "sold_out",
                                       "hotel_amenities", "amenities", "sights", "cities", "room_types", "hotels")  # drop order
# the offsets and the catalogue's version are no data: Database.dump skips them
TABLES: Final[tuple[str, ...]] = ("night_offsets", "catalogue_version", *DATA_TABLES)

# Version 3 -> 4 in place: the new columns go last, as in SCHEMA, so a migrated file
# and a new one hold the same rows (Database.dump); the Chinese values come from the seed.
MIGRATE_TO_4: Final[tuple[str, ...]] = (
    "ALTER TABLE hotels ADD COLUMN name_zh TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE room_types ADD COLUMN name_zh TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE policies ADD COLUMN language TEXT NOT NULL DEFAULT 'en'",
    "DROP INDEX one_policy",
    ONE_POLICY,
)
# Version 4 -> 5 in place: version 4's counters already include its bookings (the store
# kept them), so only the guards are added; the rows stay as they are.
MIGRATE_TO_5: Final[tuple[str, ...]] = GUARDS
# Version 5 -> 6 in place: bookings made before have no access code (a NULL code opens nothing).
MIGRATE_TO_6: Final[tuple[str, ...]] = ("ALTER TABLE bookings ADD COLUMN access_code TEXT", *ACCESS)
# Version 6 -> 7 in place: the columns and tables of the catalogue file; the seeded
# catalogue's import then fills them (migrations.py).
MIGRATE_TO_7: Final[tuple[str, ...]] = (
    "ALTER TABLE hotels ADD COLUMN rating REAL NOT NULL DEFAULT 0",
    "ALTER TABLE hotels ADD COLUMN lat REAL NOT NULL DEFAULT 0",
    "ALTER TABLE hotels ADD COLUMN lon REAL NOT NULL DEFAULT 0",
    "ALTER TABLE hotels ADD COLUMN bookable INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE room_types ADD COLUMN bookable INTEGER NOT NULL DEFAULT 1",
    "CREATE INDEX hotels_by_city ON hotels (city)",
    *catalogue_tables("REAL"),
)
MIGRATE_TO_8: Final[tuple[str, ...]] = ("ALTER TABLE cities ADD COLUMN fares TEXT NOT NULL DEFAULT '{}'",)
MIGRATE_TO_9: Final[tuple[str, ...]] = SEARCH
