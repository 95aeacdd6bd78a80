"""Slot-value normaliser: an extracted entity span -> the canonical value of SPEC section 2.

The extractor finds *where* a slot value is ("for the 10th"); this module decides *what*
it means (2026-12-10). Every result carries a short note for the trace, and `known`
tells the tracker whether the value can be served.

`known` is False when the value could not be read (value None) and when a well-formed
value names something the bot does not serve: a city or hotel not in the database
(value = the name as written, so the reply can quote it). Values outside the booking
limits stay known -- a date in the past or more than MAX_DAYS_AHEAD ahead, a check-out
not after the check-in, a count of 0 or above the schema limit -- because the tracker
drops unknown values, while the policy is what tells the customer what is wrong: the
note only flags them for the trace.

The readers live in one package per language (en/, zh/), behind the Reader interface
(reading.py); languages.py says which reads a span. Every language gives the same
canonical values: 上海 is Shanghai, 两晚 is 2. Dates are read through dates.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import cast

from pydantic import BaseModel

from bot.models import CityInfo, Shift, SightInfo
from bot.clock import hhmm
from bot.understanding.hours import DAY_SLOTS, hours_in
from bot.understanding.trips import days_in
from bot.understanding.dates import morning_after, read_date
from bot.understanding.languages import ENGLISH, READERS, read_either, reader_of
from bot.understanding.reading import (AmenityNames, CityIndex, ConstraintFinder, Found, NameIndex, Reader, Reading,
                                       SlotValue, fail)
from intents import schema


class Normalized(BaseModel):
    """One slot value, canonical, with why: what the tracker stores and the trace shows."""

    slot: str  # a name from schema.SLOTS
    surface: str  # the span as the customer wrote it
    value: SlotValue  # canonical value (SPEC section 2), None if it could not be read
    known: bool  # False if unreadable or a city/hotel not served (see the module docstring)
    note: str  # short explanation for the trace

def parse_nights(text: str) -> int | Shift | None:
    """Length of stay: "two nights" -> 2, "a week" -> 7, "a weekend" -> 2, "3" -> 3;
    a change of it: "one more night" -> Shift(days=1)."""
    return cast(int | Shift | None, _read_slot("nights", text).value)


def parse_guests(text: str) -> int | None:
    """Number of guests: "2 adults and 1 child" -> 3, "my wife and I" -> 2, "solo" -> 1."""
    return cast(int | None, _read_slot("guests", text).value)


def parse_rooms(text: str) -> int | None:
    """Number of rooms: "two rooms" -> 2, "a room" -> 1, "3" -> 3."""
    return cast(int | None, _read_slot("rooms", text).value)


def parse_ordinal(text: str) -> int | None:
    """1-based position in the offered list: "the second one" -> 2, "#3" -> 3, "the last" -> -1."""
    return cast(int | None, _read_slot("ordinal", text).value)


def parse_price(text: str) -> float | None:
    """Maximum price per night in CNY: "under 800" -> 800.0, "1.5k" -> 1500.0, "$100" -> None."""
    return cast(float | None, _read_slot("max_price", text).value)


def parse_booking_ref(text: str) -> str | None:
    """Canonical reference "HB-" + 4 or more characters: "hb 4821" -> "HB-4821" (an older
    one), "hb-7kq2xm4pa" -> "HB-7KQ2XM4PA" (as the bot issues them now)."""
    return cast(str | None, _read_slot("booking_ref", text).value)


def _flag_limit(reading: Reading, limit: int, what: str) -> Reading:
    """Note a count outside the booking limits; the policy rejects it with a reply."""
    if not isinstance(reading.value, int):
        return reading
    if reading.value < 1:
        return reading._replace(note=f"{reading.note}; must be at least 1")
    if reading.value > limit:
        return reading._replace(note=f"{reading.note}; above the limit of {limit} {what}")
    return reading

class _HotelIndex:
    """The served hotel names, each in the index of the language it is written in (the
    catalogue has an English and a Chinese name per hotel)."""

    def __init__(self, names: Sequence[str], places: PlaceIndex) -> None:
        written: dict[str, list[str]] = {language: [] for language in READERS}
        for name in names:
            written[reader_of(name).language].append(name)
        self._by_language: dict[str, NameIndex] = {
            language: READERS[language].hotel_names(names, places.cities) for language, names in written.items()
        }

    def read(self, text: str, language: str) -> Reading:
        return read_either(text, language, lambda reader: self._by_language[reader.language].read(text))


class PlaceIndex:
    """The catalogue's cities (names and aliases), sights and amenities, each in the index of
    every language: a city span reads as the city it names, or the city of the sight it names;
    a message's search constraints are found by the amenities' and sights' names."""

    def __init__(self, cities: Sequence[CityInfo], sights: Sequence[SightInfo],
                 amenities: AmenityNames = schema.AMENITIES) -> None:
        self.cities = tuple(cities)
        self.sights = tuple(sights)
        self.amenities = dict(amenities)
        self._by_language: dict[str, CityIndex] = {}  # built when a language first reads a span
        self._constraints: dict[str, ConstraintFinder] = {}  # likewise

    def read(self, text: str, language: str) -> Reading:
        return read_either(text, language, lambda reader: self._index(reader).read(text))

    def names_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, city) of every catalogue city written in a message, as each language
        finds it (CityIndex.find): what the model cut (日 | 照) or did not tag is found here."""
        return sorted({found for reader in READERS.values() for found in self._index(reader).find(text)})

    def constraints_in(self, text: str) -> list[Found]:
        """The search constraints of a whole message, as each language finds them (Reader.constraints)."""
        for reader in READERS.values():
            if reader.language not in self._constraints:
                self._constraints[reader.language] = reader.constraints(self.amenities, self.sights)
        return [found for finder in self._constraints.values() for found in finder.find(text)]

    def _index(self, reader: Reader) -> CityIndex:
        if reader.language not in self._by_language:
            self._by_language[reader.language] = reader.city_names(self.cities, self.sights)
        return self._by_language[reader.language]


@lru_cache(maxsize=1)
def seeded_places() -> PlaceIndex:
    """The seeded catalogue's places: what a normaliser reads when it is given no other."""
    from bot.database.catalogue import seeded  # the database stage is imported only for this default

    catalogue = seeded()
    return PlaceIndex([CityInfo(**city.model_dump()) for city in catalogue.cities],
                      [SightInfo(**sight.model_dump()) for sight in catalogue.sights])


@lru_cache(maxsize=8)
def _hotel_index(names: tuple[str, ...], places: PlaceIndex) -> _HotelIndex:
    """One index per list of names: the understanding stage makes a Normalizer every turn
    (its today moves), while the served hotels stay; building the index took a quarter
    of a millisecond a turn."""
    return _HotelIndex(names, places)


# --------------------------------------------------------------------------- normaliser

# Counts, with the schema limit they must respect.
_LIMITS: dict[str, int] = {"nights": schema.MAX_NIGHTS, "guests": schema.MAX_GUESTS, "rooms": schema.MAX_ROOMS}


def _read_slot(slot: str, text: str, language: str = ENGLISH.language) -> Reading:
    """A slot read from the span alone, by the span's reader (languages.reader_of)."""
    reading = read_either(text, language, lambda reader: reader.slots[slot](text))
    return _flag_limit(reading, _LIMITS[slot], slot) if slot in _LIMITS else reading


class Normalizer:
    """Turns (slot, surface) into the slot's canonical value, relative to an injected today."""

    def __init__(self, today: date, hotel_names: Sequence[str] = (), *, language: str = ENGLISH.language,
                 places: PlaceIndex | None = None) -> None:
        """`language`: the message's (languages.language_of), so that in a Chinese message
        spans without ideographs are read by the Chinese rules too ("12/10" is December 10th).
        `places`: the catalogue's cities and sights (default: the seeded catalogue's)."""
        self.today = today
        self.language = language
        self.places = places or seeded_places()
        self._hotels = _hotel_index(tuple(hotel_names), self.places)

    def normalize(self, slot: str, surface: str, *, after: date | None = None) -> Normalized:
        """`after` is the check-in when reading a check-out: open dates must fall after it."""
        if slot not in schema.SLOTS:
            raise ValueError(f"unknown slot {slot!r}; expected one of {schema.SLOTS}")
        reading = self._read(slot, surface, after) if surface.strip() else fail("empty span")
        return Normalized(slot=slot, surface=surface, value=reading.value, known=reading.known, note=reading.note)

    def _read(self, slot: str, text: str, after: date | None) -> Reading:
        if slot == "check_in":
            return read_date(text, self.today, after, language=self.language)
        if slot == "check_out":
            return morning_after(read_date(text, self.today, after, language=self.language), text, self.language)
        if slot == "hotel":
            return self._hotels.read(text, self.language)
        if slot == "city":
            return self.places.read(text, self.language)
        if slot == "days":  # a trip's length, found in whole messages (trips.py); a span alone reads the same way
            count = days_in(text)
            return Reading(count, f"{count} day(s) of a trip") if count else fail(f"no count of days in '{text}'")
        if slot in DAY_SLOTS:  # the customer's day, found in whole messages (hours.py)
            found = [time for time in hours_in(text) if time.slot == slot]
            return Reading(hhmm(found[0].minutes), f"the day's {slot[4:]} {hhmm(found[0].minutes)}") if found \
                else fail(f"no time of day in '{text}'")
        if slot in schema.CONSTRAINT_SLOTS:  # found in whole messages; a span alone reads the same way
            found = [f for f in self.places.constraints_in(text) if f.slot == slot]
            if found:
                return Reading(found[0].value, found[0].note)
            return _read_slot("max_price", text, self.language) if slot == "min_price" else fail(f"no {slot} in '{text}'")
        return _read_slot(slot, text, self.language)
