"""Pydantic models that the pipeline stages hand each other.

understanding -> ParsedMessage -> tracking -> DialogueState -> policy -> actions
-> database (Hotel, RoomOffer, Booking) -> replies -> Turn (with its Trace).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

SlotScalar = str | int | float | date


# --------------------------------------------------------------------------- database


class Hotel(BaseModel):
    hotel_id: int
    name: str
    city: str
    tier: Literal["budget", "comfort", "luxury"]
    stars: int
    address: str
    booking_url: str = Field(description="base customer-facing booking link, without query")


class RoomOffer(BaseModel):
    """The cheapest room type of one hotel that is free on every night of a stay."""

    hotel: Hotel
    room_type: str
    room_type_id: int
    price_per_night: float = Field(description="in CURRENCY, per room per night")
    nights: int
    rooms: int
    total_price: float = Field(description="price_per_night * nights * rooms")
    currency: str
    rooms_left: int = Field(description="minimum free rooms of this type over the stay")
    booking_link: str = Field(description="booking_url with check-in, check-out, guests, rooms")


class Booking(BaseModel):
    ref: str
    session_id: str
    hotel: str
    city: str
    room_type: str
    check_in: date
    check_out: date
    nights: int
    guests: int
    rooms: int
    total_price: float
    currency: str
    status: Literal["confirmed", "cancelled"]


class DbQuery(BaseModel):
    """One SQL statement run by the database module, for the trace."""

    name: str = Field(description="what the query is for, e.g. 'search_offers'")
    sql: str
    params: list[Any]
    rows: int = Field(description="rows returned, or rows changed by a write")
    ms: float
