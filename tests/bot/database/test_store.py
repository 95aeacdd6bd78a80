"""The database API: search, booking, change, cancel, ownership, concurrency and the query log."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.database import (
    BookingCancelled,
    BookingNotFound,
    Database,
    InvalidRequest,
    NoAvailability,
    Overbooking,
    catalogue,
    bookings,
)
from bot.database.catalogue import SEED_OWNER_CHEN, SEED_OWNER_WANG
from bot.models import RoomOffer
from intents.schema import REF_ALPHABET, REF_LENGTH, TIERS

DEC_10, DEC_11, DEC_12, DEC_13 = (date(2026, 12, d) for d in (10, 11, 12, 13))


def _offer(db: Database, hotel: str, room_type: str, check_in: date = DEC_10,
           check_out: date = DEC_12) -> RoomOffer:
    """The offer of one room type of one hotel (guests=1, so every type fits)."""
    return next(o for o in db.room_offers(hotel, check_in, check_out, guests=1)
                if o.room_type == room_type)


def _courtyard_suite(db: Database) -> int:
    """The room type with a single room: one booking sells it out."""
    return _offer(db, "French Concession Garden Hotel", "Courtyard Suite").room_type_id


# ------------------------------------------------------------------------- search


def test_search_returns_one_cheapest_offer_per_hotel_sorted_by_tier_then_price(
        db: Database) -> None:
    offers = db.search_offers("Shanghai", DEC_10, DEC_12, guests=2)
    assert len({o.hotel.hotel_id for o in offers}) == len(offers) == 9
    keys = [(TIERS.index(o.hotel.tier), o.price_per_night) for o in offers]
    assert keys == sorted(keys)
    for offer in offers:
        cheaper = [o for o in db.room_offers(offer.hotel.name, DEC_10, DEC_12, 2)
                   if o.price_per_night < offer.price_per_night]
        assert cheaper == []


def test_offer_prices_and_link(db: Database) -> None:
    offer = db.search_offers("shanghai", DEC_10, DEC_13, guests=3, rooms=2,
                             hotel="bund riverside hotel")[0]
    assert offer.hotel.name == "Bund Riverside Hotel"
    assert (offer.nights, offer.rooms, offer.currency) == (3, 2, "CNY")
    assert offer.total_price == offer.price_per_night * 3 * 2
    assert offer.booking_link == (
        "https://book.hotelbot.example/hotels/bund-riverside-hotel"
        "?check_in=2026-12-10&check_out=2026-12-13&guests=3&rooms=2")


@pytest.mark.parametrize("tier", TIERS)
def test_search_tier_filter(db: Database, tier: str) -> None:
    offers = db.search_offers("Beijing", DEC_10, DEC_12, guests=2, tier=tier)
    assert len(offers) >= 2 and {o.hotel.tier for o in offers} == {tier}


@pytest.mark.parametrize("max_price", [250, 300, 800, 2000])
def test_search_price_cap_is_per_room_per_night(db: Database, max_price: float) -> None:
    offers = db.search_offers("Hangzhou", DEC_10, DEC_12, guests=2, max_price=max_price)
    assert offers and all(o.price_per_night <= max_price for o in offers)
    uncapped = db.search_offers("Hangzhou", DEC_10, DEC_12, guests=2)
    assert len(offers) == sum(o.price_per_night <= max_price for o in uncapped)


def test_search_price_cap_below_everything_finds_nothing(db: Database) -> None:
    assert db.search_offers("Hangzhou", DEC_10, DEC_12, guests=1, max_price=100) == []


@pytest.mark.parametrize(("guests", "rooms"), [(1, 1), (2, 1), (3, 1), (4, 1), (4, 2), (6, 2)])
def test_search_respects_capacity(db: Database, guests: int, rooms: int) -> None:
    capacity = {(h.name, r.name): r.capacity for h in catalogue.seeded().hotels for r in h.rooms}
    offers = db.search_offers("Chengdu", DEC_10, DEC_12, guests=guests, rooms=rooms)
    assert offers
    for offer in offers:
        assert capacity[(offer.hotel.name, offer.room_type)] * rooms >= guests


def test_search_with_too_many_guests_per_room_finds_nothing(db: Database) -> None:
    assert db.search_offers("Chengdu", DEC_10, DEC_12, guests=5, rooms=1) == []


@pytest.mark.parametrize(("check_in", "check_out"), [
    (date(2026, 12, 24), date(2026, 12, 25)),
    (date(2026, 12, 25), date(2026, 12, 27)),
    (date(2026, 12, 20), date(2026, 12, 30)),
])
def test_sanya_is_sold_out_over_christmas(db: Database, check_in: date, check_out: date) -> None:
    assert db.search_offers("Sanya", check_in, check_out, guests=1) == []


def test_sanya_is_free_around_christmas(db: Database) -> None:
    assert len(db.search_offers("Sanya", date(2026, 12, 22), date(2026, 12, 24), 2)) == 6
    assert len(db.search_offers("Sanya", date(2026, 12, 27), date(2026, 12, 29), 2)) == 6


@pytest.mark.parametrize(("check_in", "check_out", "listed"), [
    (date(2026, 12, 29), date(2026, 12, 31), True),  # checks out on the sold-out night
    (date(2026, 12, 30), date(2027, 1, 2), False),  # spans it
    (date(2026, 12, 31), date(2027, 1, 1), False),
    (date(2027, 1, 1), date(2027, 1, 3), True),
])
def test_a_stay_spanning_a_sold_out_night_is_excluded(db: Database, check_in: date,
                                                      check_out: date, listed: bool) -> None:
    names = {o.hotel.name for o in db.search_offers("Shanghai", check_in, check_out, 2)}
    assert ("Jade Magnolia Palace" in names) is listed
    assert len(names) == 9 - (not listed)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"check_in": DEC_12, "check_out": DEC_10}, "after check-in"),
    ({"check_in": DEC_10, "check_out": DEC_10}, "after check-in"),
    ({"guests": 0}, "guests"),
    ({"rooms": 9}, "rooms"),
    ({"tier": "cheap"}, "tier"),
])
def test_search_rejects_nonsense(db: Database, kwargs: dict, message: str) -> None:
    args = {"city": "Shanghai", "check_in": DEC_10, "check_out": DEC_12, "guests": 2} | kwargs
    with pytest.raises(InvalidRequest, match=message):
        db.search_offers(**args)


# ------------------------------------------------------------------------- booking


def test_booking_takes_rooms_on_every_night(db: Database) -> None:
    offer = _offer(db, "Lujiazui Tower Hotel", "Deluxe King")
    before = db.rooms_free(offer.room_type_id, DEC_10, DEC_12)
    booking = db.create_booking("s1", offer.room_type_id, DEC_10, DEC_12, guests=4, rooms=2)
    assert db.rooms_free(offer.room_type_id, DEC_10, DEC_11) == before - 2
    assert db.rooms_free(offer.room_type_id, DEC_11, DEC_12) == before - 2
    assert db.rooms_free(offer.room_type_id, DEC_12, DEC_13) == before  # check-out night
    assert (booking.hotel, booking.city, booking.room_type, booking.status) == (
        "Lujiazui Tower Hotel", "Shanghai", "Deluxe King", "confirmed")
    assert (booking.nights, booking.guests, booking.rooms) == (2, 4, 2)
    assert booking.total_price == offer.price_per_night * 2 * 2
    assert db.bookings_of("s1") == [booking]


def test_booking_refs_are_random_unique_and_readable(db: Database) -> None:
    offer = _offer(db, "Pudong Airport Transit Hotel", "Standard Double")
    refs = [db.create_booking("s1", offer.room_type_id, date(2027, 3, 1 + i % 25),
                              date(2027, 3, 2 + i % 25), guests=1).ref for i in range(200)]
    assert all(re.fullmatch(f"HB-[{REF_ALPHABET}]{{9}}", ref) for ref in refs)
    assert not set("0O1IL") & set(REF_ALPHABET)  # no look-alikes
    assert len(set(refs)) == len(refs)
    assert sorted(refs) != refs and sorted(refs, reverse=True) != refs  # not sequential
    assert not set(refs) & {b.ref for b in catalogue.SEED_BOOKINGS}


def test_a_reference_carries_at_least_40_bits() -> None:
    assert len(set(REF_ALPHABET)) ** REF_LENGTH >= 2 ** 40


def test_refs_are_drawn_with_secrets(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []

    def choice(alphabet: str) -> str:
        drawn.append(alphabet)
        return alphabet[len(drawn) % len(alphabet)]

    monkeypatch.setattr(bookings.secrets, "choice", choice)
    room_type_id = _offer(db, "Liwan Lane Inn", "Twin Room").room_type_id
    ref = db.create_booking("s", room_type_id, DEC_10, DEC_11, 1).ref
    assert drawn == [REF_ALPHABET] * REF_LENGTH
    assert ref == "HB-" + "".join(REF_ALPHABET[i] for i in range(1, REF_LENGTH + 1))


def test_an_unused_ref_is_drawn_again_after_a_collision(db: Database,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bookings.secrets, "choice", lambda alphabet: alphabet[0])  # always "HB-AAAAAAAAA"
    room_type_id = _offer(db, "Liwan Lane Inn", "Twin Room").room_type_id
    db.create_booking("s", room_type_id, DEC_10, DEC_11, 1)
    before = db.dump()
    with pytest.raises(RuntimeError, match="unused booking reference"):
        db.create_booking("s", room_type_id, DEC_10, DEC_11, 1)
    assert db.dump() == before


def test_booking_a_sold_out_room_raises_and_changes_nothing(db: Database) -> None:
    room_type_id = _courtyard_suite(db)
    db.create_booking("s1", room_type_id, DEC_10, DEC_12, guests=2)
    before = db.dump()
    with pytest.raises(NoAvailability):
        db.create_booking("s2", room_type_id, DEC_11, DEC_13, guests=2)
    assert db.dump() == before
    assert db.bookings_of("s2") == []


def test_booking_over_a_seeded_sold_out_night_raises(db: Database) -> None:
    room_type_id = _offer(db, "Palm Bay Hotel", "Standard Double",
                          date(2026, 12, 20), date(2026, 12, 21)).room_type_id
    with pytest.raises(NoAvailability):
        db.create_booking("s1", room_type_id, date(2026, 12, 23), date(2026, 12, 25), 2)


@pytest.mark.parametrize(("guests", "rooms", "error"), [
    (3, 1, "sleep at most 2"),
    (0, 1, "guests"),
    (2, 0, "rooms"),
])
def test_booking_rejects_parties_that_do_not_fit(db: Database, guests: int, rooms: int,
                                                 error: str) -> None:
    room_type_id = _offer(db, "Grand Canal Hotel", "Standard Double").room_type_id
    with pytest.raises(InvalidRequest, match=error):
        db.create_booking("s1", room_type_id, DEC_10, DEC_12, guests=guests, rooms=rooms)
    assert db.bookings_of("s1") == []


def test_booking_an_unknown_room_type_raises(db: Database) -> None:
    with pytest.raises(InvalidRequest):
        db.create_booking("s1", 99999, DEC_10, DEC_12, guests=1)


# ------------------------------------------------------------------------- change


def test_change_moves_the_stay_and_keeps_the_ref(db: Database) -> None:
    offer = _offer(db, "Hefang Street Inn", "Twin Room")
    old = db.create_booking("s1", offer.room_type_id, DEC_10, DEC_12, guests=2)
    free = db.rooms_free(offer.room_type_id, DEC_10, DEC_11)
    new = db.change_booking("s1", old.ref.lower(), check_in=DEC_11)  # keeps the 2 nights
    assert (new.ref, new.check_in, new.check_out, new.nights) == (old.ref, DEC_11, DEC_13, 2)
    assert db.rooms_free(offer.room_type_id, DEC_10, DEC_11) == free + 1
    assert db.rooms_free(offer.room_type_id, DEC_12, DEC_13) == free
    assert db.bookings_of("s1") == [new]


def test_change_guests_rooms_and_room_type_recomputes_the_total(db: Database) -> None:
    standard = _offer(db, "West Lake Willow Hotel", "Standard Double")
    family = _offer(db, "West Lake Willow Hotel", "Family Room")
    old = db.create_booking("s1", standard.room_type_id, DEC_10, DEC_12, guests=2)
    new = db.change_booking("s1", old.ref, check_out=DEC_13, guests=6, rooms=2,
                            room_type_id=family.room_type_id)
    assert (new.room_type, new.guests, new.rooms, new.nights) == ("Family Room", 6, 2, 3)
    assert new.total_price == family.price_per_night * 3 * 2
    assert db.rooms_free(standard.room_type_id, DEC_10, DEC_12) == standard.rooms_left


def test_change_counts_the_bookings_own_rooms_as_free(db: Database) -> None:
    room_type_id = _courtyard_suite(db)
    booking = db.create_booking("s1", room_type_id, DEC_10, DEC_12, guests=1)
    changed = db.change_booking("s1", booking.ref, check_in=DEC_11, guests=3)
    assert (changed.check_in, changed.check_out, changed.guests) == (DEC_11, DEC_13, 3)
    assert db.rooms_free(room_type_id, DEC_10, DEC_11) == 1
    assert db.rooms_free(room_type_id, DEC_11, DEC_13) == 0


@pytest.mark.parametrize(("changes", "error"), [
    ({"check_in": date(2026, 12, 30)}, NoAvailability),  # Jade Magnolia sold out on the 31st
    ({"rooms": 9}, InvalidRequest),
    ({"guests": 5}, InvalidRequest),  # a Twin Room sleeps 2
    ({"check_out": date(2026, 12, 28)}, InvalidRequest),  # before check-in
    ({"room_type_id": 1}, InvalidRequest),  # a room type of another hotel
])
def test_failed_change_leaves_the_booking_intact(db: Database, changes: dict,
                                                 error: type[Exception]) -> None:
    offer = _offer(db, "Jade Magnolia Palace", "Twin Room", date(2027, 1, 1), date(2027, 1, 3))
    booking = db.create_booking("s1", offer.room_type_id, date(2027, 1, 1), date(2027, 1, 3), 2)
    before = db.dump()
    with pytest.raises(error):
        db.change_booking("s1", booking.ref, **changes)
    assert db.dump() == before
    assert db.get_booking("s1", booking.ref) == booking


def test_change_of_unknown_or_cancelled_booking_raises(db: Database) -> None:
    with pytest.raises(BookingNotFound):
        db.change_booking(SEED_OWNER_WANG, "HB-ZZZZ", guests=1)
    with pytest.raises(BookingCancelled) as raised:
        db.change_booking(SEED_OWNER_WANG, "HB-5190", guests=1)
    assert raised.value.booking.status == "cancelled"


def test_change_seeded_booking(db: Database) -> None:
    changed = db.change_booking(SEED_OWNER_WANG, "HB-4821", check_in=DEC_11)
    assert (changed.ref, changed.check_in, changed.check_out) == ("HB-4821", DEC_11, DEC_13)


# ------------------------------------------------------------------------- cancel


def test_cancel_releases_the_rooms_and_keeps_the_row(db: Database) -> None:
    room_type_id = _courtyard_suite(db)
    booking = db.create_booking("s1", room_type_id, DEC_10, DEC_12, guests=2)
    assert db.rooms_free(room_type_id, DEC_10, DEC_12) == 0
    cancelled = db.cancel_booking("s1", booking.ref)
    assert cancelled == booking.model_copy(update={"status": "cancelled"})
    assert db.rooms_free(room_type_id, DEC_10, DEC_12) == 1
    assert db.bookings_of("s1") == [cancelled]
    assert db.create_booking("s2", room_type_id, DEC_10, DEC_12, guests=2).status == "confirmed"


def test_cancelling_twice_raises_and_releases_nothing_more(db: Database) -> None:
    db.cancel_booking(SEED_OWNER_WANG, "HB-4821")
    before = db.dump()
    with pytest.raises(BookingCancelled):
        db.cancel_booking(SEED_OWNER_WANG, "hb-4821")
    assert db.dump() == before


def test_cancel_unknown_booking_raises(db: Database) -> None:
    with pytest.raises(BookingNotFound):
        db.cancel_booking(SEED_OWNER_WANG, "HB-0000")


def test_get_bookings(db: Database) -> None:
    assert db.get_booking(SEED_OWNER_CHEN, " hb-7305 ").ref == "HB-7305"
    assert db.get_booking(SEED_OWNER_CHEN, "HB-NOPE") is None
    refs = [b.ref for b in db.get_bookings(SEED_OWNER_WANG,
                                           ["HB-5190", "hb-4821", "HB-NOPE", "HB-7305", "HB-5190"])]
    assert refs == ["HB-5190", "HB-4821"]  # HB-7305 is Chen's
    assert db.get_bookings(SEED_OWNER_WANG, []) == []
    assert [b.ref for b in db.bookings_of(SEED_OWNER_WANG)] == ["HB-4821", "HB-5190"]
    assert [b.ref for b in db.bookings_of(SEED_OWNER_CHEN)] == ["HB-7305"]


# ------------------------------------------------------------------------- ownership


@pytest.mark.parametrize("intruder", ["s2", SEED_OWNER_CHEN, "", "S1", "s1 "])
def test_another_owner_can_neither_read_change_nor_cancel(db: Database, intruder: str) -> None:
    offer = _offer(db, "Hefang Street Inn", "Twin Room")
    booking = db.create_booking("s1", offer.room_type_id, DEC_10, DEC_12, guests=2)
    before = db.dump()
    assert db.get_booking(intruder, booking.ref) is None
    assert db.get_bookings(intruder, [booking.ref]) == []
    assert booking not in db.bookings_of(intruder)
    with pytest.raises(BookingNotFound):
        db.change_booking(intruder, booking.ref, check_in=DEC_11)
    with pytest.raises(BookingNotFound):
        db.cancel_booking(intruder, booking.ref)
    assert db.dump() == before
    assert db.get_booking("s1", booking.ref) == booking


def test_someone_elses_cancelled_booking_is_not_found_rather_than_cancelled(db: Database) -> None:
    for act in (lambda: db.cancel_booking(SEED_OWNER_CHEN, "HB-5190"),
                lambda: db.change_booking(SEED_OWNER_CHEN, "HB-5190", guests=1)):
        with pytest.raises(BookingNotFound):
            act()


def test_someone_elses_reference_is_looked_up_like_an_unknown_one(db: Database) -> None:
    """The same statement, parameters of the same shape and no row: nothing tells them apart."""
    with db.recording() as foreign:
        db.get_booking(SEED_OWNER_CHEN, "HB-4821")
    with db.recording() as unknown:
        db.get_booking(SEED_OWNER_CHEN, "HB-4822")
    assert [(q.name, q.sql, q.rows) for q in foreign] == [(q.name, q.sql, q.rows) for q in unknown]
    assert foreign[0].rows == 0 and "b.ref = ? AND (b.owner = ? OR EXISTS" in foreign[0].sql
    with pytest.raises(BookingNotFound) as foreign_error:
        db.cancel_booking(SEED_OWNER_CHEN, "HB-4821")
    with pytest.raises(BookingNotFound) as unknown_error:
        db.cancel_booking(SEED_OWNER_CHEN, "HB-4822")
    assert str(foreign_error.value).replace("4821", "4822") == str(unknown_error.value)


# ------------------------------------------------------------------------- policies


def test_policy_rejects_unknown_topics(db: Database) -> None:
    with pytest.raises(InvalidRequest):
        db.policy("weather")


def test_policies_lists_general_then_overrides(db: Database) -> None:
    pets = db.policies("pets")
    assert pets[0][0] is None
    welcome = {hotel.name for hotel, text in pets[1:] if "welcome" in text}
    assert "Bund Riverside Hotel" in welcome and len(welcome) >= 3


# ------------------------------------------------------------------------- concurrency


def _race(databases: list[Database], room_type_id: int, threads: int = 8) -> list[object]:
    """Start ``threads`` bookings of the same room at once; return bookings or errors."""
    barrier = threading.Barrier(threads)
    results: list[object] = [None] * threads

    def book(i: int) -> None:
        barrier.wait()
        try:
            results[i] = databases[i % len(databases)].create_booking(
                f"s{i}", room_type_id, DEC_10, DEC_12, guests=1)
        except NoAvailability as error:
            results[i] = error

    workers = [threading.Thread(target=book, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def test_racing_for_the_last_room_one_thread_wins(db: Database) -> None:
    room_type_id = _courtyard_suite(db)
    results = _race([db], room_type_id)
    assert sum(not isinstance(r, NoAvailability) for r in results) == 1
    assert sum(isinstance(r, NoAvailability) for r in results) == 7
    assert db.rooms_free(room_type_id, DEC_10, DEC_12) == 0


def test_racing_through_two_connections_to_one_file(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    with Database.create(path) as first, Database(path) as second:
        room_type_id = _courtyard_suite(first)
        results = _race([first, second], room_type_id)
        assert sum(not isinstance(r, NoAvailability) for r in results) == 1
        assert second.rooms_free(room_type_id, DEC_10, DEC_12) == 0


# ------------------------------------------------------------------------- query log


def test_recording_logs_name_sql_params_and_rows(db: Database) -> None:
    xian = [hotel for hotel in catalogue.seeded().hotels if hotel.city == "Xi'an"]
    taken = _offer(db, xian[0].name, xian[0].rooms[0].name)
    db.create_booking("s1", taken.room_type_id, DEC_10, DEC_11, guests=1)
    with db.recording() as queries:
        offers = db.search_offers("Xi'an", DEC_10, DEC_12, guests=2, tier="luxury")
        again = db.search_offers("Xi'an", DEC_10, DEC_12, guests=2, tier="luxury")
        db.get_booking(SEED_OWNER_CHEN, "HB-7305")
    # the first search reads the city's catalogue (its hotels, its room types) into its index;
    # every search reads the catalogue's version and the rooms booked on the stay's nights
    assert [q.name for q in queries] == ["catalogue_version", "search_index", "search_index", "rooms_booked",
                                         "catalogue_version", "rooms_booked", "get_booking"]
    hotels, rooms, booked, lookup = queries[1], queries[2], queries[3], queries[-1]
    assert "FROM hotels" in hotels.sql and hotels.params == ["Xi'an"] and hotels.rows == len(xian)
    assert "FROM room_types" in rooms.sql and rooms.rows == sum(len(hotel.rooms) for hotel in xian)
    assert "FROM room_nights" in booked.sql and booked.params == ["2026-12-10", "2026-12-12", "Xi'an"]
    assert booked.rows >= 1 and queries[5].rows == booked.rows  # the room type booked above among them
    assert offers == again and len(offers) == 2
    assert lookup.params == ["HB-7305", SEED_OWNER_CHEN, SEED_OWNER_CHEN] and lookup.rows == 1
    assert all(q.ms >= 0 for q in queries)


def test_recording_logs_writes_with_changed_rows(db: Database) -> None:
    with db.recording() as queries:
        db.cancel_booking(SEED_OWNER_WANG, "HB-4821")
    assert {q.name for q in queries} == {"cancel_booking"}
    assert [q.sql for q in queries][0] in ("BEGIN IMMEDIATE", "BEGIN") and queries[-1].sql == "COMMIT"
    update = next(q for q in queries if q.sql.startswith("UPDATE bookings"))
    assert update.rows == 1 and update.params == ["HB-4821"]


def test_recording_is_per_thread_and_nests(db: Database) -> None:
    other: list[str] = []

    def elsewhere() -> None:
        with db.recording() as queries:
            db.hotel_names()
        other.extend(q.name for q in queries)

    with db.recording() as outer:
        db.cities()
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
        with db.recording() as inner:
            db.hotels("Sanya")
    assert [q.name for q in inner] == ["hotels"]
    assert [q.name for q in outer] == ["cities", "hotels"]
    assert other == ["hotel_names"]
    db.cities()  # outside any recording: nothing collected, nothing fails
    assert len(outer) == 2


# ------------------------------------------------------------------------- inventory invariant


def test_the_seed_and_ordinary_bookings_overbook_nothing(db: Database) -> None:
    room_type_id = _courtyard_suite(db)
    booking = db.create_booking("s1", room_type_id, DEC_10, DEC_12, guests=2)
    db.change_booking("s1", booking.ref, check_in=DEC_11)
    assert db.overbooked_nights() == []


def test_a_counter_over_the_inventory_is_an_overbooking(tmp_path: Path,
                                                        as_version_4: Callable[[Path], None]) -> None:
    path = tmp_path / "v4.sqlite"  # a file from before the database guarded its inventory
    with Database.create(path) as db:
        room_type_id = _courtyard_suite(db)
        db.create_booking("s1", room_type_id, DEC_10, DEC_12, guests=2)
    as_version_4(path)
    with Database(path) as db:
        db._backend.conn.execute("UPDATE room_nights SET booked = 2 WHERE room_type_id = ? AND night = ?",
                         [room_type_id, DEC_11.isoformat()])  # what a reservation without a check would do
        assert db.overbooked_nights() == [Overbooking("French Concession Garden Hotel", "Courtyard Suite",
                                                      "2026-12-11", 2, 1)]


def test_bookings_over_the_inventory_are_an_overbooking_even_if_the_counter_drifted(
        tmp_path: Path, as_version_4: Callable[[Path], None]) -> None:
    path = tmp_path / "v4.sqlite"
    with Database.create(path) as db:
        room_type_id = _courtyard_suite(db)
        first = db.create_booking("s1", room_type_id, DEC_10, DEC_13, guests=2)
    as_version_4(path)
    with Database(path) as db:
        db._backend.conn.execute("DELETE FROM room_nights WHERE room_type_id = ?", [room_type_id])  # released, still booked
        db._backend.conn.execute("""INSERT INTO bookings (ref, owner, room_type_id, check_in, check_out, guests, rooms,
                            total_price, currency, status) VALUES ('HB-X', 's2', ?, ?, ?, 2, 1, 1, 'CNY', 'confirmed')""",
                         [room_type_id, DEC_12.isoformat(), DEC_13.isoformat()])
        assert db.overbooked_nights() == [Overbooking("French Concession Garden Hotel", "Courtyard Suite",
                                                      "2026-12-12", 2, 1)]
        db._backend.conn.execute("UPDATE bookings SET status = 'cancelled' WHERE ref = ?", [first.ref])
        assert db.overbooked_nights() == []
