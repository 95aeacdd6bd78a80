"""The offer search over its index (search_index.py): what a plain reading of the catalogue
and the bookings gives, on either backend; read again when any connection imports a
catalogue; a version 8 file upgraded to it in place."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from math import cos, radians
from pathlib import Path
from typing import Any

import pytest

from bot.database import Database, NoAvailability, catalogue
from bot.database.catalogue_file import Catalogue, Hotel, Room
from bot.database.tables import SCHEMA_VERSION
from intents.schema import AMENITIES, STARS_TO_TIER, TIERS
from tests.backends import Backend, raw

DEC_8 = date(2026, 12, 8)
WORDS = ("Jade", "Lotus", "Harbour", "Willow", "Garden", "Pearl")
SPOTS = [(31.20 + 0.01 * i, 121.45 + 0.013 * i) for i in range(5)]  # shared by several hotels: distance ties
Taken = dict[tuple[str, str], Counter[date]]  # (hotel, room type) -> rooms taken per night


def random_catalogue(rng: random.Random, hotels: int = 36) -> Catalogue:
    """Two of the seeded cities with made-up hotels: names in either case, prices, ratings
    and places that tie, sold-out nights."""
    seeded = catalogue.seeded()
    cities = seeded.cities[:2]
    made = []
    for i in range(hotels):
        word = rng.choice(WORDS)
        stars = rng.randint(2, 5)
        rooms = [Room(name=name, name_zh=f"房型{j}", capacity=rng.randint(1, 4), price=rng.choice((200, 250, 300, 450)),
                      inventory=rng.randint(1, 3)) for j, name in enumerate(rng.sample(("Standard", "Twin", "Suite"), rng.randint(1, 3)))]
        lat, lon = rng.choice(SPOTS)
        made.append(Hotel(
            name=f"{word if rng.random() < 0.5 else word.lower()} {rng.choice(('Inn', 'hotel'))} {i}",
            name_zh=f"酒店{i}", city=cities[i % 2].name, tier=STARS_TO_TIER[stars], stars=stars,
            rating=rng.choice((3.5, 4.0, 4.5, 5.0)), address=f"{i} Test Road", lat=lat, lon=lon,
            amenities=tuple(rng.sample(sorted(AMENITIES), 3)), rooms=tuple(rooms),
            sold_out=(DEC_8 + timedelta(days=rng.randrange(8)),) if rng.random() < 0.2 else ()))
    return seeded.model_copy(update={"hotels": tuple(made)})


def book_some(db: Database, made: Catalogue, rng: random.Random, count: int = 40) -> Taken:
    """Random bookings of the catalogue's rooms; the rooms each night has taken, sold-out nights whole."""
    taken: Taken = defaultdict(Counter)
    for hotel in made.hotels:
        for room in hotel.rooms:
            for night in hotel.sold_out:
                taken[hotel.name, room.name][night] = room.inventory
    ids = {(hotel, room): room_type_id for room_type_id, hotel, room in
           raw(db, "SELECT r.room_type_id, h.name, r.name FROM room_types r JOIN hotels h ON h.hotel_id = r.hotel_id")}
    for _ in range(count):
        hotel = rng.choice(made.hotels)
        room = rng.choice(hotel.rooms)
        check_in = DEC_8 + timedelta(days=rng.randrange(8))
        stay = [check_in + timedelta(days=i) for i in range(rng.randint(1, 3))]
        rooms = rng.randint(1, 2)
        try:
            db.create_booking("web-someone", ids[hotel.name, room.name], stay[0], stay[-1] + timedelta(days=1),
                              guests=1, rooms=rooms)
        except NoAvailability:
            continue
        for night in stay:
            taken[hotel.name, room.name][night] += rooms
    return taken


def reference(made: Catalogue, taken: Taken, city: str | None, check_in: date, check_out: date, guests: int,
              rooms: int, *, order: str = "tier", near: tuple[float, float] | None = None, limit: int | None = None,
              exclude: tuple[str, ...] = (), amenities: tuple[str, ...] = (), tier: str | None = None,
              min_price: float | None = None, max_price: float | None = None, min_rating: float | None = None,
              hotel: str | None = None) -> tuple[list[tuple[str, str, float, int]], int]:
    """Database.best_offers read plainly off the catalogue file and the rooms taken:
    (hotel, room type, price, rooms left) of each offer shown, and how many hotels match."""
    nights = [check_in + timedelta(days=i) for i in range((check_out - check_in).days)]
    left_out = {name.lower() for name in exclude}
    found = []
    for h in made.hotels:
        if ((city is not None and h.city.lower() != city.lower()) or h.name.lower() in left_out
                or (hotel is not None and h.name.lower() != hotel.lower()) or (tier is not None and h.tier != tier)
                or (min_rating is not None and h.rating < min_rating) or not set(amenities) <= set(h.amenities)):
            continue
        fitting = []
        for j, room in enumerate(h.rooms):  # room type ids follow the file
            left = room.inventory - max(taken.get((h.name, room.name), Counter())[night] for night in nights)
            if (room.capacity * rooms >= guests and left >= rooms and (min_price is None or room.price >= min_price)
                    and (max_price is None or room.price <= max_price)):
                fitting.append((room.price, j, room, left))
        if fitting:
            _, _, room, left = min(fitting, key=lambda f: f[:2])
            found.append((h, room, left))
    matching = len(found)
    if order == "per_tier":  # the cheapest of each tier; the count is still of every hotel
        found = [min((f for f in found if f[0].tier == t), key=lambda f: (f[1].price, f[0].name.lower()))
                 for t in TIERS if any(f[0].tier == t for f in found)]

    def key(f: tuple[Hotel, Room, int]) -> tuple[Any, ...]:
        h, room = f[0], f[1]
        if near is not None:
            first = (h.lat - near[0]) * (h.lat - near[0]) + (h.lon - near[1]) * (h.lon - near[1]) * cos(radians(near[0])) ** 2
        else:
            first = 0 if order == "price" else TIERS.index(h.tier)
        return first, room.price, h.name.lower()

    shown = sorted(found, key=key)[:limit]
    return [(h.name, room.name, room.price, left) for h, room, left in shown], matching


def random_search(rng: random.Random, made: Catalogue) -> tuple[tuple[Any, ...], dict[str, Any]]:
    names = [h.name for h in made.hotels]
    city = rng.choice([made.cities[0].name, made.cities[1].name.upper(), None])
    check_in = DEC_8 + timedelta(days=rng.randrange(8))
    args = (city, check_in, check_in + timedelta(days=rng.randint(1, 3)), rng.randint(1, 5), rng.randint(1, 2))
    options: dict[str, Any] = {"order": rng.choice(("tier", "price", "per_tier"))}
    draws: list[tuple[str, Callable[[], Any]]] = [
        ("near", lambda: rng.choice(SPOTS)), ("limit", lambda: rng.randint(1, 5)),
        ("exclude", lambda: tuple(name.upper() for name in rng.sample(names, 8))),
        ("amenities", lambda: tuple(rng.sample(sorted(AMENITIES), rng.randint(1, 2)))),
        ("tier", lambda: rng.choice(TIERS)), ("min_rating", lambda: rng.choice((4.0, 4.5))),
        ("min_price", lambda: rng.choice((250, 300))), ("max_price", lambda: rng.choice((250, 300))),
        ("hotel", lambda: rng.choice(names).lower())]
    for name, draw in draws:
        if rng.random() < 0.3:
            options[name] = draw()
    return args, options


@pytest.mark.parametrize("seed", range(3))
def test_the_search_gives_what_a_plain_reading_of_the_catalogue_gives(backend: Backend, seed: int) -> None:
    rng = random.Random(seed)
    made = random_catalogue(rng)
    with Database.create(backend.scratch, catalogue=made) as db:
        taken = book_some(db, made, rng)
        for _ in range(60):
            args, options = random_search(rng, made)
            offers, matching = db.best_offers(*args, **options)
            shown, expected = reference(made, taken, *args, **options)
            assert [(o.hotel.name, o.room_type, o.price_per_night, o.rooms_left) for o in offers] == shown, (args, options)
            assert matching == expected, (args, options)
            if offers:  # an offer is the one the hotel's own room list gives
                assert offers[0] in db.room_offers(offers[0].hotel.name, *args[1:])


def test_an_import_is_seen_by_the_next_search_of_every_connection(backend: Backend) -> None:
    target = backend.new_database()
    made = random_catalogue(random.Random(7))
    city = made.cities[0].name
    stay = (DEC_8, DEC_8 + timedelta(days=1), 1)
    with Database.create(target, catalogue=made) as reader, Database(target) as writer:
        before = reader.search_offers(city, *stay)
        dearer = made.model_copy(update={"hotels": tuple(
            h.model_copy(update={"rooms": tuple(r.model_copy(update={"price": r.price + 1000}) for r in h.rooms)})
            for h in made.hotels[1:])})  # the first hotel is no longer listed: not bookable
        writer.import_catalogue(dearer)
        after = reader.search_offers(city, *stay)
    assert made.hotels[0].name in {o.hotel.name for o in before} - {o.hotel.name for o in after}
    assert {o.hotel.name for o in after} == {o.hotel.name for o in before} - {made.hotels[0].name}
    assert all(o.price_per_night >= 1200 for o in after)


def test_a_version_8_file_gets_the_search_index_in_place_and_keeps_its_bookings(
        tmp_path: Path, as_version_8: Callable[[Path], None]) -> None:
    path = tmp_path / "hotelbot.sqlite"
    stay = (DEC_8, DEC_8 + timedelta(days=2), 2)
    with Database.create(path) as db:
        made = db.create_booking("web-owner", db.search_offers("Sanya", *stay)[0].room_type_id, *stay)
        before, offers = db.dump(), db.search_offers("Sanya", *stay)
    as_version_8(path)
    with Database.open_default(path) as db:
        assert db.dump() == before
        assert db.get_booking("web-owner", made.ref) == made
        assert db.search_offers("Sanya", *stay) == offers
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
