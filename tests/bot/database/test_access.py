"""The second factor in the database: an access code given with a reference lets a second
customer reach the booking (Database.grant_access); nothing else does."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.database import BookingNotFound, Database
from bot.database.catalogue import SEED_OWNER_CHEN
from bot.database.tables import SCHEMA_VERSION

DEC_10, DEC_11, DEC_12 = (date(2026, 12, d) for d in (10, 11, 12))
CODE, OTHER_CODE = "7KQ2-XM4P", "XM4P-7KQ2"


def _booked(db: Database, owner: str = "web-owner", code: str | None = CODE):
    offer = db.room_offers("Bund Riverside Hotel", DEC_10, DEC_12, 2)[0]
    return db.create_booking(owner, offer.room_type_id, DEC_10, DEC_12, 2, access_code=code)


def test_a_booking_keeps_the_code_it_was_made_with(db: Database) -> None:
    booking = _booked(db)
    assert booking.access_code == CODE == db.get_booking("web-owner", booking.ref).access_code


def test_a_retried_booking_keeps_its_first_code(db: Database) -> None:
    offer = db.room_offers("Bund Riverside Hotel", DEC_10, DEC_12, 2)[0]
    first = db.create_booking("web-owner", offer.room_type_id, DEC_10, DEC_12, 2, idempotency_key="k", access_code=CODE)
    again = db.create_booking("web-owner", offer.room_type_id, DEC_10, DEC_12, 2, idempotency_key="k", access_code=OTHER_CODE)
    assert again == first and again.access_code == CODE


def test_the_right_code_lets_a_second_customer_check_change_and_cancel(db: Database) -> None:
    booking = _booked(db)
    assert db.get_booking("web-agent", booking.ref) is None
    assert db.grant_access("web-agent", booking.ref.lower(), CODE.lower()) == booking
    assert db.get_booking("web-agent", booking.ref) == booking
    assert db.get_bookings("web-agent", [booking.ref]) == [booking]
    moved = db.change_booking("web-agent", booking.ref, check_in=DEC_11)
    assert db.get_booking("web-owner", booking.ref) == moved and moved.owner == "web-owner"
    assert db.cancel_booking("web-agent", booking.ref).status == "cancelled"
    assert db.get_booking("web-third", booking.ref) is None  # the grant is the agent's alone


def test_a_wrong_code_or_a_booking_without_one_opens_nothing_and_changes_nothing(db: Database) -> None:
    booking = _booked(db)
    before = db.dump()
    assert db.grant_access("web-agent", booking.ref, OTHER_CODE) is None
    assert db.grant_access("web-agent", "HB-7305", CODE) is None  # seeded: no code at all
    assert db.grant_access("web-agent", "HB-NOSUCH99", CODE) is None
    assert db.dump() == before
    with pytest.raises(BookingNotFound):
        db.cancel_booking("web-agent", booking.ref)
    assert db.get_booking(SEED_OWNER_CHEN, "HB-7305").status == "confirmed"


def test_a_wrong_code_and_an_unknown_reference_take_the_same_queries(db: Database) -> None:
    booking = _booked(db)
    with db.recording() as wrong_code:
        db.grant_access("web-agent", booking.ref, OTHER_CODE)
    with db.recording() as unknown:
        db.grant_access("web-agent", "HB-NOSUCH99", OTHER_CODE)
    assert [(q.name, q.sql, q.rows) for q in wrong_code] == [(q.name, q.sql, q.rows) for q in unknown]
    assert all(OTHER_CODE not in map(str, q.params) for q in wrong_code)  # the code given is never logged


def test_a_version_5_file_gets_access_codes_in_place_and_keeps_its_bookings(
        tmp_path: Path, as_version_5: Callable[[Path], None]) -> None:
    path = tmp_path / "hotelbot.sqlite"
    with Database.create(path) as db:
        made = _booked(db, code=None)
        before = db.dump()
    as_version_5(path)
    with Database.open_default(path) as db:
        assert db.dump() == before
        assert db.get_booking("web-owner", made.ref) == made
        assert db.grant_access("web-agent", made.ref, CODE) is None  # made before codes: none opens it
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9


def test_a_customers_bookings_are_their_own_and_those_opened_with_a_code(db: Database) -> None:
    """Database.customer_bookings: what "what bookings do I have?" lists, from any conversation
    of the identity; someone else's booking only once its code was given."""
    mine = _booked(db, owner="web-owner")
    theirs = _booked(db, owner="web-other")
    assert [b.ref for b in db.customer_bookings("web-owner")] == [mine.ref]
    assert db.customer_bookings("web-agent") == []
    assert db.grant_access("web-agent", theirs.ref, CODE) is not None
    assert [b.ref for b in db.customer_bookings("web-agent")] == [theirs.ref]
    assert [b.ref for b in db.customer_bookings(SEED_OWNER_CHEN)] == ["HB-7305"]
