"""The offer search's index: one city's bookable hotels and room types as arrays, read from
the database once per catalogue version, filtered and ranked in a few vector operations.

A search weighs every hotel of its city (the count of all that match is part of the
reply): with 1,250 hotels a city, that is 3,750 room types, which SQL would walk row by
row at every search. The catalogue changes only by an import, so `Database.best_offers`
keeps an index per city until the catalogue's version changes, and asks the database per
search only what bookings change: the rooms booked on the stay's nights.

The rules are those of a search (``Database.search_offers``): per hotel the cheapest
room type (ties: the lower room type id) that fits the party and has the rooms free on
every night; names and cities compare as SQLite's NOCASE does (ASCII letters folded, on
either backend), and order ties on price by name.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from math import cos, radians
from typing import Any

import numpy as np

from bot.database.convert import Row
from intents.schema import TIERS

_NOCASE = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def nocase(text: str) -> str:
    """``text`` as SQLite's NOCASE collation compares it."""
    return text.translate(_NOCASE)


@dataclass(frozen=True)
class OfferQuery:
    """What a search asks of the hotels (Database.best_offers): None skips a filter."""

    guests: int
    rooms: int
    order: str = "tier"
    near: tuple[float, float] | None = None  # (lat, lon): nearest first
    limit: int | None = None
    exclude: Sequence[str] = ()  # hotel names left out
    amenities: Sequence[str] = ()  # keys the hotel has, every one
    tier: str | None = None
    min_price: float | None = None  # per room per night, as max_price
    max_price: float | None = None
    min_rating: float | None = None
    hotel: str | None = None  # that hotel only


class OfferRow:
    """A hotel's row and one of its room types, read as one row by ``convert.offer_of``."""

    def __init__(self, hotel: Row, room: dict[str, Any]) -> None:
        self.hotel, self.room = hotel, room

    def __getitem__(self, key: str) -> Any:
        return self.room[key] if key in self.room else self.hotel[key]


class CityIndex:
    """The bookable hotels of a city (or of the catalogue) and their bookable room types.

    ``hotels``: rows of ``CatalogueQueries.hotel_columns``; ``rooms``: rows of room_type_id,
    hotel_id, name, name_zh, price, capacity, inventory, ordered by hotel, price, room type
    id, so a hotel's first fitting room type is its cheapest.
    """

    def __init__(self, hotels: Sequence[Row], rooms: Sequence[Row]) -> None:
        self.hotels = list(hotels)
        position = {row["hotel_id"]: i for i, row in enumerate(self.hotels)}
        self.by_name = {nocase(row["name"]): i for i, row in enumerate(self.hotels)}
        self.tier = np.array([TIERS.index(row["tier"]) for row in self.hotels], dtype=np.int8)
        self.rating, self.lat, self.lon = (np.array([row[key] for row in self.hotels], dtype=float)
                                           for key in ("rating", "lat", "lon"))
        self.name_rank = np.empty(len(self.hotels), dtype=np.int64)
        self.name_rank[sorted(range(len(self.hotels)), key=lambda i: nocase(self.hotels[i]["name"]))] = \
            np.arange(len(self.hotels))
        self.amenity: dict[str, np.ndarray] = {}
        for i, row in enumerate(self.hotels):
            for key in row["amenities"].split(",") if row["amenities"] else ():
                self.amenity.setdefault(key, np.zeros(len(self.hotels), dtype=bool))[i] = True
        self.rooms = [{"room_type_id": row["room_type_id"], "room_type": row["name"], "room_type_zh": row["name_zh"],
                       "price": row["price"]} for row in rooms]
        self.room_at = {row["room_type_id"]: i for i, row in enumerate(rooms)}
        self.room_hotel = np.array([position[row["hotel_id"]] for row in rooms], dtype=np.int64)
        self.price = np.array([row["price"] for row in rooms], dtype=float)
        self.capacity, self.inventory = (np.array([row[key] for row in rooms], dtype=np.int64)
                                         for key in ("capacity", "inventory"))

    def choose(self, query: OfferQuery, booked: dict[int, int]) -> tuple[list[OfferRow], int]:
        """The rows of the offers ``query`` shows, in its order, and how many hotels match in
        all; ``booked``: room type id -> the most rooms booked on one night of the stay."""
        free = self.inventory.copy()
        for room_type_id, rooms in booked.items():
            if room_type_id in self.room_at:
                free[self.room_at[room_type_id]] -= rooms
        fits = self._hotels_asked(query)[self.room_hotel] & (self.capacity * query.rooms >= query.guests) \
            & (free >= query.rooms)
        if query.min_price is not None:
            fits &= self.price >= query.min_price
        if query.max_price is not None:
            fits &= self.price <= query.max_price
        fitting = np.flatnonzero(fits)
        if not fitting.size:
            return [], 0
        owners = self.room_hotel[fitting]
        cheapest = fitting[np.concatenate(([True], owners[1:] != owners[:-1]))]  # each hotel's first fitting room
        chosen = self._ranked(cheapest, query)
        return [OfferRow(self.hotels[self.room_hotel[i]], {**self.rooms[i], "rooms_left": int(free[i])})
                for i in chosen], len(cheapest)

    def _hotels_asked(self, query: OfferQuery) -> np.ndarray:
        """Which hotels the query's hotel filters keep (tier, rating, amenities, name, exclusions)."""
        keep = np.ones(len(self.hotels), dtype=bool)
        if query.hotel is not None:
            keep[:] = False
            if nocase(query.hotel) in self.by_name:
                keep[self.by_name[nocase(query.hotel)]] = True
        if query.tier is not None:
            keep &= self.tier == TIERS.index(query.tier)
        if query.min_rating is not None:
            keep &= self.rating >= query.min_rating
        for key in dict.fromkeys(query.amenities):
            keep &= self.amenity.get(key, False)
        for name in query.exclude:
            if nocase(name) in self.by_name:
                keep[self.by_name[nocase(name)]] = False
        return keep

    def _ranked(self, cheapest: np.ndarray, query: OfferQuery) -> np.ndarray:
        """The room types of ``cheapest`` (one per hotel) the query shows, in its order."""
        owners = self.room_hotel[cheapest]
        if query.order == "per_tier":  # the cheapest of each tier (ties: by name)
            by_tier = cheapest[np.lexsort((self.name_rank[owners], self.price[cheapest], self.tier[owners]))]
            tiers = self.tier[self.room_hotel[by_tier]]
            cheapest = by_tier[np.concatenate(([True], tiers[1:] != tiers[:-1]))]
            owners = self.room_hotel[cheapest]
        keys = [self.name_rank[owners], self.price[cheapest]]
        if query.near is not None:  # an equirectangular distance orders as the great circle does at a city's scale
            lat, lon = query.near
            keys.append((self.lat[owners] - lat) * (self.lat[owners] - lat)
                        + (self.lon[owners] - lon) * (self.lon[owners] - lon) * cos(radians(lat)) ** 2)
        elif query.order != "price":
            keys.append(self.tier[owners])
        return cheapest[np.lexsort(keys)][:query.limit]
