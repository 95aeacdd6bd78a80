"""The inventory the database itself protects: SQL typed by hand, bypassing the store,
cannot take more rooms than a night has, nor free rooms that bookings hold; the store's
own bookings, changes and cancellations keep the counters exact; a version 4 file gets
the guards in place and keeps its bookings."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.database import BookingError, Database, catalogue
from bot.database.catalogue import SEED_OWNER_WANG, nights_of
from bot.database.tables import NOT_A_STAY, OVERBOOKED, SCHEMA_VERSION, UNCOVERED
from intents.schema import MAX_NIGHTS
from tests.backends import REFUSED_BY_HAND, raw

DEC_10, DEC_12 = date(2026, 12, 10), date(2026, 12, 12)
INSERT_BOOKING = """INSERT INTO bookings (ref, owner, room_type_id, check_in, check_out, guests, rooms,
                    total_price, currency, status) VALUES (?, 'hand', ?, ?, ?, 1, ?, 1, 'CNY', 'confirmed')"""

# (hotel name, night): the seeded catalogue's sold-out nights
SOLD_OUT = [(hotel.name, night) for hotel in catalogue.seeded().hotels for night in hotel.sold_out]


def room_type(db: Database, hotel: str, name: str) -> int:
    return raw(db, "SELECT r.room_type_id FROM room_types r JOIN hotels h USING (hotel_id) WHERE h.name = ? AND r.name = ?",
               [hotel, name])[0][0]


def courtyard_suite(db: Database) -> int:
    """The room type with a single room."""
    return room_type(db, "French Concession Garden Hotel", "Courtyard Suite")


def by_hand(db: Database, sql: str, params: list[object] = ()) -> None:
    """One statement straight on a connection: none of the store's checks run."""
    raw(db, sql, params)


def refused(db: Database, sql: str, params: list[object], message: str) -> None:
    before = db.dump()
    with pytest.raises(REFUSED_BY_HAND, match=message):
        by_hand(db, sql, params)
    assert db.dump() == before


def counters(db: Database) -> Counter[tuple[int, str]]:
    return Counter({(row[0], row[1]): row[2] for row in raw(db, "SELECT * FROM room_nights") if row[2]})


def expected_counters(db: Database) -> Counter[tuple[int, str]]:
    """What the counters must hold: the seed's sold-out nights plus every confirmed booking."""
    ids = {(h, r): room_type(db, h, r) for h, r, _ in catalogue.seed_booked_rooms()}
    taken: Counter[tuple[int, str]] = Counter()
    for hotel, night in SOLD_OUT:
        for room in next(h for h in catalogue.seeded().hotels if h.name == hotel).rooms:
            taken[(ids[(hotel, room.name)], night.isoformat())] = room.inventory
    for row in raw(db, "SELECT room_type_id, check_in, check_out, rooms FROM bookings WHERE status = 'confirmed'"):
        for night in nights_of(date.fromisoformat(row[1]), date.fromisoformat(row[2])):
            taken[(row[0], night.isoformat())] += row[3]
    return taken


# ------------------------------------------------------------------------- refused by hand


def test_a_booking_typed_by_hand_cannot_take_the_last_room_twice(db: Database) -> None:
    suite = courtyard_suite(db)
    by_hand(db, INSERT_BOOKING.replace("?, 'hand'", "'HB-HAND1', 'hand'"), [suite, "2026-12-10", "2026-12-12", 1])
    assert db.rooms_free(suite, DEC_10, DEC_12) == 0  # the trigger took the room
    refused(db, INSERT_BOOKING, ["HB-HAND2", suite, "2026-12-11", "2026-12-13", 1], OVERBOOKED)
    assert db.overbooked_nights() == []


def test_a_booking_typed_by_hand_cannot_take_a_sold_out_night(db: Database) -> None:
    hotel, night = SOLD_OUT[0]
    room = next(h for h in catalogue.seeded().hotels if h.name == hotel).rooms[0]
    stay = [night.isoformat(), (night + timedelta(days=1)).isoformat()]
    refused(db, INSERT_BOOKING, ["HB-HAND", room_type(db, hotel, room.name), *stay, 1], OVERBOOKED)


def test_more_rooms_than_the_inventory_in_one_booking_are_refused(db: Database) -> None:
    suite = courtyard_suite(db)
    refused(db, INSERT_BOOKING, ["HB-HAND", suite, "2026-12-10", "2026-12-11", 2], OVERBOOKED)


def test_a_cancelled_booking_cannot_come_back_over_a_room_sold_since(db: Database) -> None:
    suite = courtyard_suite(db)
    first = db.create_booking("s1", suite, DEC_10, DEC_12, guests=1)
    db.cancel_booking("s1", first.ref)
    db.create_booking("s2", suite, DEC_10, DEC_12, guests=1)
    refused(db, "UPDATE bookings SET status = 'confirmed' WHERE ref = ?", [first.ref], OVERBOOKED)


def test_a_stay_stretched_by_hand_onto_a_taken_night_is_refused(db: Database) -> None:
    suite = courtyard_suite(db)
    first = db.create_booking("s1", suite, DEC_10, DEC_12, guests=1)
    db.create_booking("s2", suite, DEC_12, date(2026, 12, 14), guests=1)
    refused(db, "UPDATE bookings SET check_out = '2026-12-13' WHERE ref = ?", [first.ref], OVERBOOKED)


@pytest.mark.parametrize("sql, params, message", [
    ("UPDATE room_nights SET booked = booked + 1 WHERE room_type_id = ? AND night = ?", ["2026-12-10"], OVERBOOKED),
    ("UPDATE room_nights SET booked = 0 WHERE room_type_id = ? AND night = ?", ["2026-12-10"], UNCOVERED),
    ("DELETE FROM room_nights WHERE room_type_id = ? AND night = ?", ["2026-12-11"], UNCOVERED),
    ("UPDATE room_nights SET night = '2027-01-01' WHERE room_type_id = ? AND night = ?", ["2026-12-11"], UNCOVERED),
])
def test_a_counter_cannot_be_pushed_over_the_inventory_nor_under_its_bookings(
        db: Database, sql: str, params: list[object], message: str) -> None:
    suite = courtyard_suite(db)
    db.create_booking("s1", suite, DEC_10, DEC_12, guests=1)
    refused(db, sql, [suite, *params], message)


def test_the_inventory_cannot_shrink_under_the_rooms_taken(db: Database) -> None:
    room = room_type(db, "Bund Riverside Hotel", "Family Room")
    inventory = raw(db, "SELECT inventory FROM room_types WHERE room_type_id = ?", [room])[0][0]
    db.create_booking("s1", room, DEC_10, DEC_12, guests=2, rooms=2)
    refused(db, "UPDATE room_types SET inventory = 1 WHERE room_type_id = ?", [room], OVERBOOKED)
    by_hand(db, "UPDATE room_types SET inventory = ? WHERE room_type_id = ?", [inventory + 1, room])  # growing is fine


def test_unused_counters_can_go(db: Database) -> None:
    suite = courtyard_suite(db)
    booking = db.create_booking("s1", suite, DEC_10, DEC_12, guests=1)
    db.cancel_booking("s1", booking.ref)
    by_hand(db, "DELETE FROM room_nights WHERE room_type_id = ?", [suite])
    assert db.rooms_free(suite, DEC_10, DEC_12) == 1


@pytest.mark.parametrize("check_in, check_out, rooms", [
    ("2026-12-12", "2026-12-10", 1),  # backwards
    ("2026-12-10", "2026-12-10", 1),  # no night
    ("2026-12-10", (date(2026, 12, 10) + timedelta(days=MAX_NIGHTS + 1)).isoformat(), 1),  # longer than the offsets
    ("2026-12-10", "2026-12-12", 0),
    ("2026-12-10", "2026-12-12", -1),  # would give rooms back
    ("10/12/2026", "12/12/2026", 1),  # not ISO: julianday() is NULL, no nights
    ("2026-12-10 ", "2026-12-12", 1),
])
def test_a_booking_the_counters_cannot_hold_is_refused(db: Database, check_in: str, check_out: str, rooms: int) -> None:
    refused(db, INSERT_BOOKING, ["HB-HAND", courtyard_suite(db), check_in, check_out, rooms], NOT_A_STAY)


def test_a_booking_deleted_by_hand_gives_its_rooms_back(db: Database) -> None:
    suite = courtyard_suite(db)
    booking = db.create_booking("s1", suite, DEC_10, DEC_12, guests=1)
    by_hand(db, "DELETE FROM bookings WHERE ref = ?", [booking.ref])
    assert db.rooms_free(suite, DEC_10, DEC_12) == 1


# ------------------------------------------------------------------------- exact counters


def test_the_seed_counters_are_the_sold_out_nights_plus_the_bookings(db: Database) -> None:
    assert counters(db) == expected_counters(db)


def test_bookings_changes_and_cancellations_keep_the_counters_exact(db: Database) -> None:
    """Random operations through the store; after each, the counters are recomputed from scratch."""
    rng = random.Random(11)
    hotel = "French Concession Garden Hotel"
    rooms = [room_type(db, hotel, room.name) for room in next(h for h in catalogue.seeded().hotels if h.name == hotel).rooms]
    made: list[str] = []
    outcomes: Counter[str] = Counter()
    for _ in range(300):
        check_in = date(2026, 12, 1) + timedelta(days=rng.randrange(20))
        check_out = check_in + timedelta(days=rng.randrange(1, 5))
        try:
            if made and rng.random() < 0.3:
                db.cancel_booking("s", rng.choice(made))
            elif made and rng.random() < 0.5:
                db.change_booking("s", rng.choice(made), check_in=check_in, check_out=check_out,
                                  rooms=rng.randint(1, 2), room_type_id=rng.choice(rooms))
            else:
                made.append(db.create_booking("s", rng.choice(rooms), check_in, check_out, guests=1,
                                              rooms=rng.randint(1, 2)).ref)
            outcomes["done"] += 1
        except BookingError as error:
            outcomes[type(error).__name__] += 1
        assert counters(db) == expected_counters(db)
    assert db.overbooked_nights() == []
    assert outcomes["done"] > 100 and outcomes["NoAvailability"] > 10  # both paths ran


def test_a_change_within_a_full_night_counts_the_bookings_own_rooms_as_free(db: Database) -> None:
    suite = courtyard_suite(db)
    booking = db.create_booking("s1", suite, DEC_10, DEC_12, guests=1)
    moved = db.change_booking("s1", booking.ref, check_in=date(2026, 12, 11))  # keeps the 11th, takes the 12th
    assert (moved.check_in, moved.check_out) == (date(2026, 12, 11), date(2026, 12, 13))
    assert counters(db) == expected_counters(db)


# ------------------------------------------------------------------------- migration


def test_a_version_4_file_gets_the_guards_in_place_and_keeps_its_bookings(
        tmp_path: Path, as_version_4: Callable[[Path], None]) -> None:
    path = tmp_path / "hotelbot.sqlite"
    with Database.create(path) as db:
        db.cancel_booking(SEED_OWNER_WANG, "HB-4821")
        made = db.create_booking("web-someone", courtyard_suite(db), DEC_10, DEC_12, guests=1)
        before = db.dump()
    as_version_4(path)
    with Database(path) as old:
        assert not old._backend.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger'").fetchall()
    with Database.open_default(path) as db:
        assert db.dump() == before
        assert db.get_booking("web-someone", made.ref).status == "confirmed"
        assert db.get_booking(SEED_OWNER_WANG, "HB-4821").status == "cancelled"
        refused(db, INSERT_BOOKING, ["HB-HAND", courtyard_suite(db), "2026-12-11", "2026-12-12", 1], OVERBOOKED)
        assert db._backend.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
