"""The database stage's plain functions: stay checks, and rows into the pydantic models."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from bot.database.errors import InvalidRequest
from bot.models import Booking, Hotel, RoomOffer
from intents.schema import CURRENCY, MAX_GUESTS, MAX_NIGHTS, MAX_ROOMS, TOPICS

Row = Any  # a row by column name or position: sqlite3.Row, or postgres.Row
Run = Callable[..., list[Row]]  # Database._run: one statement, logged for the trace


def loggable(value: Any) -> Any:
    """Parameters as JSON-friendly values (executemany rows become lists)."""
    return list(value) if isinstance(value, (tuple, list)) else value


def either(new: Any, old: Any) -> Any:
    """The new value of a changed field, or the old one if the caller left it None."""
    return old if new is None else new


def normal_ref(ref: str) -> str:
    return ref.strip().upper()


def total(price: float, check_in: date, check_out: date, rooms: int) -> float:
    return round(price * (check_out - check_in).days * rooms, 2)


def validate_stay(check_in: date, check_out: date, guests: int, rooms: int) -> None:
    """Reject stays the hotel desk cannot sell (limits from intents/schema.py)."""
    nights = (check_out - check_in).days
    if nights < 1:
        raise InvalidRequest("check-out must be after check-in")
    if nights > MAX_NIGHTS:
        raise InvalidRequest(f"a stay can last at most {MAX_NIGHTS} nights")
    if not 1 <= guests <= MAX_GUESTS:
        raise InvalidRequest(f"guests must be between 1 and {MAX_GUESTS}")
    if not 1 <= rooms <= MAX_ROOMS:
        raise InvalidRequest(f"rooms must be between 1 and {MAX_ROOMS}")


def check_capacity(room: Row, guests: int, rooms: int) -> None:
    if room["capacity"] * rooms < guests:
        raise InvalidRequest(f"{rooms} {room['name']} room(s) at {room['hotel']} sleep at "
                             f"most {room['capacity'] * rooms} guests, not {guests}")


def check_topic(topic: str) -> None:
    if topic not in TOPICS:
        raise InvalidRequest(f"unknown topic {topic!r}; expected one of {', '.join(TOPICS)}")


def hotel_of(row: Row, amenities: str | None = None) -> Hotel:
    """A hotel from the columns of CatalogueQueries.hotel_columns; its amenities joined by
    commas are the row's, or ``amenities`` when the query looked them up apart."""
    joined = row["amenities"] if amenities is None else amenities
    return Hotel(hotel_id=row["hotel_id"], name=row["name"], name_zh=row["name_zh"], city=row["city"],
                 tier=row["tier"], stars=row["stars"], address=row["address"], booking_url=row["booking_url"],
                 rating=row["rating"], lat=row["lat"], lon=row["lon"],
                 amenities=sorted(joined.split(",")) if joined else [])


def offer_of(row: Row, check_in: date, check_out: date, guests: int, rooms: int,
             amenities: str | None = None) -> RoomOffer:
    hotel = hotel_of(row, amenities)
    nights = (check_out - check_in).days
    query = (f"?check_in={check_in.isoformat()}&check_out={check_out.isoformat()}"
             f"&guests={guests}&rooms={rooms}")
    return RoomOffer(hotel=hotel, room_type=row["room_type"], room_type_zh=row["room_type_zh"],
                     room_type_id=row["room_type_id"],
                     price_per_night=row["price"], nights=nights, rooms=rooms,
                     total_price=total(row["price"], check_in, check_out, rooms),
                     currency=CURRENCY, rooms_left=row["rooms_left"],
                     booking_link=hotel.booking_url + query)


def booking_of(row: Row) -> Booking:
    check_in = date.fromisoformat(row["check_in"])
    check_out = date.fromisoformat(row["check_out"])
    return Booking(ref=row["ref"], owner=row["owner"], hotel=row["hotel"], hotel_zh=row["hotel_zh"],
                   city=row["city"], room_type=row["room_type"], room_type_zh=row["room_type_zh"], check_in=check_in,
                   check_out=check_out, nights=(check_out - check_in).days,
                   guests=row["guests"], rooms=row["rooms"], total_price=row["total_price"],
                   currency=row["currency"], status=row["status"], access_code=row["access_code"] or "")
