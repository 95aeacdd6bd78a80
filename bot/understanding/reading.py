"""What every language's readers return: a Reading of one span, before the normaliser wraps
it into a Normalized (normalize.py), and the Reader each language's package (en/, zh/)
exports; languages.py picks the reader of a span."""

from __future__ import annotations

import re

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import NamedTuple, Protocol

from bot.models import CityInfo, Shift, SightInfo, TierStep

SlotValue = str | int | float | date | Shift | TierStep | None


class Reading(NamedTuple):
    """What a slot reader made of a span: the canonical value, a note for the trace, and
    whether the bot can serve it (see normalize.py)."""

    value: SlotValue
    note: str
    known: bool = True


def fail(note: str) -> Reading:
    return Reading(None, note, known=False)


# The slots a language reads from a span alone (dates, and the catalogue's cities and hotels, have readers of their own).
TEXT_SLOTS = ("tier", "max_price", "booking_ref", "topic", "ordinal", "nights", "guests", "rooms")
_READER_NAMES = {"max_price": "read_price"}  # the reader's name where it is not read_<slot>


def slot_readers(*modules: ModuleType) -> dict[str, Callable[[str], Reading]]:
    """Each of TEXT_SLOTS -> its reader, ``read_<slot>`` in the first of a language's modules
    that has it; a language that lacks one fails at import, not in a turn."""
    readers = {}
    for slot in TEXT_SLOTS:
        name = _READER_NAMES.get(slot, f"read_{slot}")
        found = next((getattr(module, name) for module in modules if hasattr(module, name)), None)
        if found is None:
            raise ImportError(f"no {name} in {', '.join(module.__name__ for module in modules)}")
        readers[slot] = found
    return readers


def by_core(names: Sequence[str], core: Callable[[str], str]) -> dict[str, list[str]]:
    """Names grouped by their distinctive part (``core``: without "Hotel", "酒店", ...)."""
    grouped: dict[str, list[str]] = {}
    for name in names:
        grouped.setdefault(core(name), []).append(name)
    return grouped


def one_of(text: str, names: list[str], how: str) -> Reading:
    """The one served name a span matched (``how`` says how), or a failure naming them all."""
    if len(names) > 1:
        return fail(f"'{text}' is ambiguous: {', '.join(sorted(names))}")
    return Reading(names[0], f"'{text}' -> {names[0]}{how}")


def tier_step(text: str, steps: int) -> Reading:
    """A comparative ("cheaper", "贵一点"): a tier from the one talked about, which the tracker knows."""
    step = TierStep(steps=steps)
    return Reading(step, f"'{text}' -> a tier {step.way} from the one talked about")


class NameIndex(Protocol):
    """The catalogue's names (hotels, or cities and sights) written in one language, looked up from a span."""

    def read(self, text: str) -> Reading: ...


# key -> (English name, Chinese name): schema.AMENITIES and the catalogue's own
AmenityNames = Mapping[str, tuple[str, str]]
PRICE_FLOOR = 50  # a price per night under this is no price (a count, a day of the month)


class Found(NamedTuple):
    """A search constraint found in a whole message (schema.CONSTRAINT_SLOTS, and a price
    range's max_price): the slot, where it is, its canonical value, why."""

    slot: str
    start: int
    end: int
    value: str | float  # an amenity key, a sight's name, a number
    note: str
    negated: bool = False  # "without a pool", "不需要停车场"


class ConstraintFinder(Protocol):
    """One language's reader of search constraints, built from the catalogue's amenities and sights."""

    def find(self, text: str) -> list[Found]: ...


def phrase_index(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(phrase, value), longest phrase first, so that "free parking" wins over "parking"."""
    return sorted({(phrase, value) for phrase, value in pairs if phrase}, key=lambda pair: (-len(pair[0]), pair[0]))


def non_overlapping(found: list[Found]) -> list[Found]:
    """The longest of overlapping finds (leftmost among equals), in message order."""
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(item.end <= other.start or other.end <= item.start for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


# a rating said apart from its word ("forget the rating, 4.5 is fine", "评分就4.5吧")
BARE_RATING = re.compile(r"(?<![\d.])([0-4]\.\d|5\.0)(?![\d.])")


def ratings_in(text: str, rating: re.Pattern[str], rating_word: re.Pattern[str]) -> list[Found]:
    """A guest rating floor: by a language's ``rating`` pattern (the number in its first or
    second group), else a bare rating in a message with a ``rating_word``."""
    found = [Found("min_rating", m.start(), m.end(), value, f"'{m[0]}' -> rated {value:g} or more")
             for m in rating.finditer(text) if 0 < (value := float(m[1] or m[2])) <= 5]
    if not found and rating_word.search(text) and (m := BARE_RATING.search(text)):
        found.append(Found("min_rating", m.start(), m.end(), float(m[1]),
                           f"'{m[0]}' in a message about the rating -> rated {m[1]} or more"))
    return found


def price_range(match: re.Match[str], low: float, high: float) -> list[Found]:
    """Both ends of a price range, on its span."""
    return [Found("min_price", match.start(), match.end(), low, f"'{match[0]}' -> from {low:g} a night"),
            Found("max_price", match.start(), match.end(), high, f"'{match[0]}' -> up to {high:g} a night")]


def price_floor(match: re.Match[str], value: float) -> Found:
    return Found("min_price", match.start(), match.end(), value, f"'{match[0]}' -> from {value:g} a night")


def settled(found: list[Found], ranges: list[Found]) -> list[Found]:
    """A message's constraints in order: the price ranges (whose two ends share a span), and
    of the rest the longest of those that overlap, none over a range."""
    rest = [f for f in found if not any(r.start < f.end and f.start < r.end for r in ranges)]
    return sorted(non_overlapping(rest) + ranges, key=lambda f: f.start)


class CityIndex(NameIndex, Protocol):
    """The catalogue's cities and sights written in one language."""

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, city) of each catalogue city named in a whole message, in this language's writing."""
        ...


@dataclass(frozen=True)
class Reader:
    """One language's readers: what its package (en/, zh/) exports as READER."""

    language: str  # the SPEC's language code: "en", "zh"
    claims: Callable[[str], bool]  # the span is written in this language's letters or characters
    slots: Mapping[str, Callable[[str], Reading]]  # the slots read from the span alone (schema.SLOTS but dates, hotel)
    read_date: Callable[[str, date, date | None], Reading]  # (span, today, after: the check-in) -> a date
    read_shift: Callable[[str], Reading | None]  # a relative move ("a day later"), None when the span is none
    bare_weekday: Callable[[str], int | None]  # Monday 0, for a weekday with nothing to pin its week
    hotel_names: Callable[[Sequence[str], Sequence[CityInfo]], NameIndex]  # an index of the hotel names it claims
    city_names: Callable[[Sequence[CityInfo], Sequence[SightInfo]], CityIndex]  # the cities, by name, alias or sight
    constraints: Callable[[AmenityNames, Sequence[SightInfo]], ConstraintFinder]  # amenities, sights, ratings, prices
    range_words: tuple[str, ...]  # what stands between the two dates of a range ("to", "到")
    is_message: Callable[[str], bool]  # a whole message is in this language (Chinese: it holds an ideograph)
    names_a_night: Callable[[str], bool]  # a date span that names a night ("Saturday night", "周六晚上")
    party_phrase: Callable[[str], tuple[int, int] | None]
    day_word: Callable[[str], tuple[int, int] | None]  # where a message names a day for certain ("tomorrow", 明儿)
    names_hotel: Callable[[str, str, str, str], float]  # (reference, name, Chinese name, address) -> 0-1  # where a message describes its party ("for my parents")
