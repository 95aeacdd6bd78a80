"""Slot values: the surface forms a clause's placeholders are filled with ("beijng",
"Bund Riverside", "the 10th", "two nights", "HB-7KQ2XM4PA"), drawn from intents/sources/
(fillers.yaml, hotel_names.yaml, world_cities.txt) and from one side's pool (training/pools.py).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta

from intents.schema import REF_ALPHABET, REF_LENGTH
from training.languages import Style
from training.pools import Pool
from training.sources import TIER_STEP_VARIANT, Placeholder, Sources

UNKNOWN_CITY_RATE = 0.3  # a city the bot does not serve (world_cities.txt)
CITY_TYPO_RATE = 0.06  # of served cities: "beijng" (the span is the misspelt surface)
CITY_ALIAS_RATE = 0.15  # of served cities: "sh", "peking", "xian"
DATABASE_HOTEL_RATE = 0.55  # else an invented name (hotel_names.yaml)
HOTEL_SHORT_NAME_RATE = 0.4  # "Bund Riverside" for "Bund Riverside Hotel"
NUMBER_AS_WORD_RATE = 0.35  # "two nights" rather than "2 nights"
RELATIVE_DATE_RATE = 0.15  # of check-ins: "tomorrow", "next week"
STAR_TIER_RATE = 0.2  # "5-star" rather than a tier word
ISSUED_REF_RATE = 0.5  # "HB-7KQ2XM4PA", the shape the bot issues, rather than an older "HB-4821"
DIGITS_ONLY_REF_RATE = 0.6  # of the older 4-character ones: "HB-4821" rather than "HB-7KQ2"
BASE_DATE = date(2026, 12, 1)  # drawn dates fall in the year after it


def database_hotel_names(language: str = "en") -> tuple[str, ...]:
    """The seeded catalogue's hotel names in a language (Chinese: each hotel's `name_zh`)."""
    attribute = "name" if language == "en" else f"name_{language}"
    from bot.database.catalogue import seeded

    return tuple(sorted(getattr(hotel, attribute) for hotel in seeded().hotels))


def ordinal_suffix(day: int) -> str:
    """10 -> "10th", 22 -> "22nd"."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


@dataclass
class ClauseContext:
    """Values drawn so far in one clause: a check-out falls after its check-in, and the
    two values of a correction ("the 11th, not the 10th") differ."""

    last_date: date | None = None
    used: dict[str, set[str]] = field(default_factory=dict)


class SlotFiller:
    """Draws surface forms of slot values for one pool."""

    def __init__(self, sources: Sources, pool: Pool, hotel_names: tuple[str, ...], style: Style):
        self.fillers = sources.fillers
        self.style = style
        self.pool = pool
        self.database_hotels = hotel_names
        self.hotel_shapes = tuple(sources.hotel_parts["shapes"])
        self.hotel_types = tuple(sources.hotel_parts["types"])
        self.hotel_districts = tuple(sources.hotel_parts["districts"])
        self.short_name_ends = frozenset(t for t in self.hotel_types if " " not in t)
        self.city_misspellings = sources.city_misspellings
        self.city_names = sources.city_names
        self.served_cities = tuple(sources.city_names)
        self.tier_words = sources.tier_words
        self.tier_step_words = sources.tier_step_words
        self.number_words = tuple(sources.fillers["number_words"])
        self.amount_words = tuple(sources.fillers.get("amount_words", ()))

    def draw(self, placeholder: Placeholder, rng: random.Random, context: ClauseContext) -> str:
        """A value for the placeholder, different from the slot's earlier values in the clause."""
        used = context.used.setdefault(placeholder.slot, set())
        value = self._value(placeholder, rng, context)
        for _ in range(10):
            if value.lower() not in used:
                break
            value = self._value(placeholder, rng, context)
        used.add(value.lower())
        return value

    def _value(self, placeholder: Placeholder, rng: random.Random, context: ClauseContext) -> str:
        if placeholder.options:
            return rng.choice(placeholder.options)
        slot = placeholder.slot
        if slot == "city":
            return self._city(rng)
        if slot == "hotel":
            return self._hotel(rng)
        if slot in ("check_in", "check_out"):
            return self._date(slot, placeholder.variant, rng, context)
        if slot == "tier" and placeholder.variant is None and rng.random() >= STAR_TIER_RATE:
            return rng.choice(self.tier_words)
        if slot == "tier" and placeholder.variant == TIER_STEP_VARIANT:
            return rng.choice(self.tier_step_words)
        return self._shape(slot, placeholder.variant, rng)

    def _city(self, rng: random.Random) -> str:
        if rng.random() < UNKNOWN_CITY_RATE:
            return rng.choice(self.pool.unknown_cities)
        city = rng.choice(self.served_cities)
        name, aliases = self.city_names[city]
        roll = rng.random()
        if roll < CITY_TYPO_RATE:
            return rng.choice(self.city_misspellings[city])
        if roll < CITY_TYPO_RATE + CITY_ALIAS_RATE:
            return rng.choice(aliases)
        return name

    def _hotel(self, rng: random.Random) -> str:
        if self.database_hotels and rng.random() < DATABASE_HOTEL_RATE:
            name = rng.choice(self.database_hotels)
            return self._short_name(name) if rng.random() < HOTEL_SHORT_NAME_RATE else name
        return rng.choice(self.hotel_shapes).format(
            brand=rng.choice(self.pool.hotel_brands),
            core=rng.choice(self.pool.hotel_cores),
            type=rng.choice(self.hotel_types),
            district=rng.choice(self.hotel_districts),
        )

    def _short_name(self, name: str) -> str:
        """ "Bund Riverside Hotel" -> "Bund Riverside": how customers refer to it."""
        words = name.split()
        return " ".join(words[:-1]) if len(words) > 2 and words[-1] in self.short_name_ends else name

    def _date(self, slot: str, variant: str | None, rng: random.Random, context: ClauseContext) -> str:
        dates = self.fillers["dates"]
        if slot == "check_out" and context.last_date is not None:
            day = context.last_date + timedelta(days=rng.randint(1, 7))
        else:
            day = BASE_DATE + timedelta(days=rng.randrange(365))
        context.last_date = day
        relative = variant == "relative" or (variant is None and slot == "check_in" and rng.random() < RELATIVE_DATE_RATE)
        group = "shift" if variant == "shift" else "relative" if relative else "absolute"
        month_names = dates["months"][day.month - 1]
        return rng.choice(dates[group]).format(
            # drawn for shifts only, so that the other dates' draws stay as they were
            nword=rng.choice(self.number_words[2:4]) if group == "shift" else "",
            day_ord=ordinal_suffix(day.day),
            day=day.day,
            month_num=day.month,
            month=month_names[0],
            mon=rng.choice(month_names[1:]),
            weekday=dates["weekdays"][day.weekday()],
            iso=day.isoformat(),
            year=day.year,
        )

    def _shape(self, slot: str, variant: str | None, rng: random.Random) -> str:
        spec = self.fillers[slot]
        groups = spec["shapes"]
        named_only = spec.get("by_name_only", ())
        shapes = groups[variant] if variant else [shape for name, group in groups.items() if name not in named_only for shape in group]
        low, high = spec.get("numbers", (1, 1))
        n = rng.randint(low, high)
        code = self._booking_code(rng)
        return rng.choice(shapes).format(
            n=self.number_words[n] if rng.random() < NUMBER_AS_WORD_RATE else n,
            nword=self.number_words[n],
            amount=self._amount(rng),
            thousands=rng.choice(("1", "1.5", "2", "2.5", "3")),
            code=code,
            code_lower=code.lower(),
            # a language without amounts in words (English) draws none, its stream unchanged
            amount_word=rng.choice(self.amount_words) if self.amount_words else "",
        )

    def _amount(self, rng: random.Random) -> str:
        amount = rng.randrange(200, 3001, 50)
        return f"{amount:,}" if amount >= 1000 and rng.random() < self.style.thousands_comma_rate else str(amount)

    @staticmethod
    def _booking_code(rng: random.Random) -> str:
        if rng.random() < ISSUED_REF_RATE:
            return "".join(rng.choice(REF_ALPHABET) for _ in range(REF_LENGTH))
        alphabet = string.digits if rng.random() < DIGITS_ONLY_REF_RATE else string.ascii_uppercase + string.digits
        return "".join(rng.choice(alphabet) for _ in range(4))

