"""The seeded catalogue: coverage of the domain, consistency and determinism."""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from bot.database import Database, catalogue
from bot.database.catalogue import SEED_OWNER_CHEN, SEED_OWNER_WANG
from bot.database.catalogue_file import Hotel
from intents.schema import STARS_TO_TIER, TIERS, TOPICS
from tests.seeded_names import CITIES

PRICE_RANGE = {"budget": (200, 500), "comfort": (550, 1200), "luxury": (1400, 3600)}


def test_every_schema_city_is_served(db: Database) -> None:
    assert sorted(db.cities()) == sorted(CITIES)


@pytest.mark.parametrize("city", list(CITIES))
@pytest.mark.parametrize("tier", TIERS)
def test_at_least_two_hotels_per_tier_and_city(db: Database, city: str, tier: str) -> None:
    hotels = [h for h in db.hotels(city) if h.tier == tier]
    assert len(hotels) >= (3 if city == "Shanghai" else 2)


def test_hotel_names_are_unique_and_match_lookup(db: Database) -> None:
    names = db.hotel_names()
    assert len({n.lower() for n in names}) == len(names) == len(catalogue.seeded().hotels)
    for name in names:
        assert db.hotel_by_name(name.upper()).name == name  # case-insensitive
    assert db.hotel_by_name("Hotel That Does Not Exist") is None


def test_spec_example_hotel_exists(db: Database) -> None:
    hotel = db.hotel_by_name("  bund riverside hotel ")
    assert (hotel.city, hotel.tier, hotel.stars) == ("Shanghai", "comfort", 4)


def test_hotels_have_stars_of_their_tier_address_and_link(db: Database) -> None:
    urls = set()
    for hotel in db.hotels():
        assert STARS_TO_TIER[hotel.stars] == hotel.tier
        assert hotel.stars >= 2 and hotel.address
        assert re.fullmatch(r"https://book\.hotelbot\.example/hotels/[a-z0-9-]+", hotel.booking_url)
        urls.add(hotel.booking_url)
    assert len(urls) == len(catalogue.seeded().hotels)


@pytest.mark.parametrize("hotel", catalogue.seeded().hotels, ids=lambda h: h.name)
def test_rooms_are_plausible(hotel: Hotel) -> None:
    assert 2 <= len(hotel.rooms) <= 3
    assert len({r.name for r in hotel.rooms}) == len(hotel.rooms)
    low, high = PRICE_RANGE[hotel.tier]
    for room in hotel.rooms:
        assert low <= room.price <= high
        assert room.capacity >= 2 and room.inventory >= 1


def test_some_room_type_has_a_single_room() -> None:
    assert any(r.inventory == 1 for h in catalogue.seeded().hotels for r in h.rooms)


@pytest.mark.parametrize("topic", TOPICS)
def test_general_policy_for_every_topic(db: Database, topic: str) -> None:
    hotel, text = db.policies(topic)[0]
    assert hotel is None and text == db.policy(topic) == catalogue.GENERAL_POLICIES[topic]


def test_luxury_hotels_answer_breakfast_and_parking_their_own_way() -> None:
    for hotel in catalogue.seeded().hotels:
        if hotel.tier == "luxury":
            assert {"breakfast", "parking"} <= set(hotel.policies), hotel.name
            assert "breakfast" in hotel.amenities and "parking" in hotel.amenities


@pytest.mark.parametrize(("hotel", "topic", "expected"), [
    ("Jade Magnolia Palace", "breakfast", "included"),
    ("Hongkou Lane House Inn", "breakfast", "30 CNY"),
    ("Bund Riverside Hotel", "breakfast", "not included"),  # comfort: the general answer
    ("Bund Riverside Hotel", "pets", "welcome"),
    ("Lujiazui Tower Hotel", "pets", "not allowed"),
    ("Bund Riverside Hotel", "parking", "80 CNY"),
    ("Yalong Bay Cliffside Resort", "cancellation", "non-refundable"),
    ("Yalong Bay Cliffside Resort", "check_in_time", "15:00"),
    ("Chaoyang Gate Hotel", "check_in_time", "14:00"),
    ("Chaoyang Gate Hotel", "invoice", "fapiao"),
])
def test_policy_overrides_win_over_general(db: Database, hotel: str, topic: str,
                                           expected: str) -> None:
    assert expected in db.policy(topic, db.hotel_by_name(hotel).hotel_id)


@pytest.mark.parametrize(("ref", "owner", "hotel", "city", "check_in", "check_out", "guests",
                          "status"), [
    ("HB-4821", SEED_OWNER_WANG, "Bund Riverside Hotel", "Shanghai", date(2026, 12, 10),
     date(2026, 12, 12), 2, "confirmed"),
    ("HB-7305", SEED_OWNER_CHEN, "Imperial Lotus Hotel", "Beijing", date(2027, 1, 5),
     date(2027, 1, 8), 1, "confirmed"),
    ("HB-5190", SEED_OWNER_WANG, "West Lake Willow Hotel", "Hangzhou", date(2026, 11, 20),
     date(2026, 11, 22), 2, "cancelled"),
])
def test_seeded_bookings(db: Database, ref: str, owner: str, hotel: str, city: str,
                         check_in: date, check_out: date, guests: int, status: str) -> None:
    booking = db.get_booking(owner, ref)
    assert (booking.hotel, booking.city, booking.check_in, booking.check_out, booking.guests,
            booking.rooms, booking.status) == (hotel, city, check_in, check_out, guests, 1, status)
    assert booking.total_price > 0 and booking.currency == "CNY"
    assert booking in db.bookings_of(owner)


def test_seeded_bookings_belong_to_identities_no_channel_issues() -> None:
    assert all(b.owner.startswith("seed:") for b in catalogue.SEED_BOOKINGS)


@pytest.mark.parametrize(("ref", "consumed"), [("HB-4821", 1), ("HB-7305", 1), ("HB-5190", 0)])
def test_seeded_bookings_consume_availability(db: Database, ref: str, consumed: int) -> None:
    booking = next(db.get_booking(b.owner, ref) for b in catalogue.SEED_BOOKINGS if b.ref == ref)
    room = next(r for r in _seed(booking.hotel).rooms if r.name == booking.room_type)
    room_type_id = _room_type_id(db, booking.hotel, booking.room_type, booking.check_in,
                                 booking.check_out)
    free = db.rooms_free(room_type_id, booking.check_in, booking.check_out)
    assert free == room.inventory - consumed


def test_seeding_is_deterministic(tmp_path: Path) -> None:
    first = Database.create(":memory:").dump()
    second = Database.create(tmp_path / "again.sqlite").dump()
    assert first == second
    assert len(first["hotels"]) == len(catalogue.seeded().hotels) and first["room_nights"]


def test_every_backend_is_seeded_with_the_same_rows(db: Database) -> None:
    """On either backend, every table holds what SQLite's seed holds, row for row (in an
    order of their own: PostgreSQL sorts NULL last, SQLite first)."""
    def rows(dump: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
        return {table: sorted(table_rows, key=repr) for table, table_rows in dump.items()}

    assert rows(db.dump()) == rows(Database.create(":memory:").dump())


def test_seeding_is_fast() -> None:
    started = time.perf_counter()
    Database.create(":memory:").close()
    assert time.perf_counter() - started < 1.0


def test_create_resets_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "hotelbot.sqlite"
    with Database.create(path) as db:
        db.cancel_booking(SEED_OWNER_WANG, "HB-4821")
    with Database.create(path) as db:
        assert db.get_booking(SEED_OWNER_WANG, "HB-4821").status == "confirmed"


def test_open_default_seeds_a_missing_file_once(tmp_path: Path) -> None:
    path = tmp_path / "var" / "hotelbot.sqlite"
    with Database.open_default(path) as db:
        assert len(db.hotel_names()) == len(catalogue.seeded().hotels)
        db.cancel_booking(SEED_OWNER_WANG, "HB-4821")
    with Database.open_default(path) as db:  # reopened, not reseeded
        assert db.get_booking(SEED_OWNER_WANG, "HB-4821").status == "cancelled"


def test_open_default_recreates_a_file_of_an_older_schema(tmp_path: Path) -> None:
    path = tmp_path / "hotelbot.sqlite"
    with Database.create(path) as db:
        db.cancel_booking(SEED_OWNER_WANG, "HB-4821")
    old = sqlite3.connect(path)
    old.execute("PRAGMA user_version = 1")  # as a file from before bookings had owners
    old.close()
    with Database.open_default(path) as db:
        assert db.get_booking(SEED_OWNER_WANG, "HB-4821").status == "confirmed"


def _seed(hotel: str) -> catalogue.HotelSeed:
    return next(h for h in catalogue.seeded().hotels if h.name == hotel)


def _room_type_id(db: Database, hotel: str, room_type: str, check_in: date,
                  check_out: date) -> int:
    return next(o.room_type_id for o in db.room_offers(hotel, check_in, check_out, guests=1)
                if o.room_type == room_type)
