"""An agency's catalogue file (SPEC section 9): what the bot sells and knows, as data.

One YAML file holds the cities (with the aliases customers write, both scripts), the
amenities beyond the built-in ones, the sights, the hotels with their rooms, ratings,
coordinates, amenities, sold-out nights and policy overrides, and the general policy
answers. The seeded catalogue is one such file (``seeded_catalogue.yaml``); the database
is built from a file by ``Database.import_catalogue`` and written back by
``export_catalogue``.

``read_catalogue`` checks a file whole and raises ``CatalogueError`` listing every error
with its place (``hotels[3].rooms[0].price: must be > 0``), so that an import either
loads everything or nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from intents.schema import AMENITIES, CURRENCY, TOPICS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
BOOKING_BASE_URL = "https://book.hotelbot.example/hotels/"
# libyaml's safe loader where PyYAML was built with it: 5 times faster, and a seed or an
# import of a large catalogue holds far fewer parser objects at once
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")

Text = Annotated[str, Field(min_length=1)]


class CatalogueError(ValueError):
    """A catalogue file that cannot be loaded; ``errors`` holds every problem with its place."""

    def __init__(self, errors: list[str], source: str = "catalogue") -> None:
        self.errors = errors
        super().__init__(f"{source}: {len(errors)} error(s)\n" + "\n".join(f"  {error}" for error in errors))


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Translated(_Entry):
    """A text in both reply languages."""

    en: Text
    zh: Text


Positive = Annotated[float, Field(gt=0)]
Fare = Annotated[float, Field(ge=0)]  # in the catalogue's currency


class Metro(_Entry):
    """A metro fare by distance: ``base_fare`` up to ``base_km``, then ``per_km_fare`` more per
    ``per_km_step`` km begun, at most ``max_fare``."""

    base_fare: Fare = 3
    base_km: Positive = 6
    per_km_fare: Fare = 1
    per_km_step: Positive = 10
    max_fare: Fare = 15
    kmh: Positive = 35  # average speed between stations


class Taxi(_Entry):
    """A metered taxi: ``flag_fall`` for the first ``flag_km`` km, then ``per_km`` a km."""

    flag_fall: Fare = 13
    flag_km: Positive = 3
    per_km: Fare = 2.5
    kmh: Positive = 22  # average speed in city traffic


class Bus(_Entry):
    fare: Fare = 2  # flat, per ride
    kmh: Positive = 15


class Fares(_Entry):
    """How a city's visitors get between sights, for the trip planner (SPEC section 10):
    walking up to ``walk_max_km``, and the bus, the metro (``null``: the city has none) and
    taxis with their fare rules. The defaults are a typical Chinese city's."""

    walk_kmh: Positive = 4.5
    walk_max_km: Positive = 2.0  # road distance; farther, the legs ride
    metro: Metro | None = Metro()
    taxi: Taxi = Taxi()
    bus: Bus = Bus()


class City(_Entry):
    name: Text  # canonical, in English: the value of the `city` slot
    name_zh: Text
    aliases: tuple[Text, ...] = ()  # what else customers write, in any language or script
    fares: Fares = Fares()


class Amenity(_Entry):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    en: Text
    zh: Text


class Sight(_Entry):
    name: Text
    name_zh: Text
    city: Text
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    ticket: Annotated[float, Field(ge=0)] = 0
    opens: str = "00:00"
    closes: str = "24:00"
    closed_on: tuple[str, ...] = ()
    visit_minutes: Annotated[int, Field(gt=0, le=720)] = 60
    aliases: tuple[Text, ...] = ()

    @field_validator("opens", "closes", mode="before")
    @classmethod
    def _sexagesimal(cls, value: Any) -> Any:
        """An unquoted 10:30 is YAML 1.1's base-60 integer 630: read it back as the time written."""
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 24 * 60:
            return "%02d:%02d" % divmod(value, 60)
        return value

    @field_validator("opens", "closes")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ValueError("must be a time HH:MM")
        return value

    @field_validator("closed_on")
    @classmethod
    def _weekdays(cls, days: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [day for day in days if day not in WEEKDAYS]
        if unknown:
            raise ValueError(f"unknown weekday {unknown[0]!r}; one of {', '.join(WEEKDAYS)}")
        return days


class Room(_Entry):
    name: Text
    name_zh: Text
    capacity: Annotated[int, Field(gt=0)]  # guests per room
    price: Annotated[float, Field(gt=0)]  # per room per night, in the catalogue's currency
    inventory: Annotated[int, Field(gt=0)]  # rooms of this type


class Hotel(_Entry):
    name: Text  # canonical, in English: the value of the `hotel` slot
    name_zh: Text
    city: Text
    tier: Literal["budget", "comfort", "luxury"]
    stars: Annotated[int, Field(ge=1, le=5)]
    rating: Annotated[float, Field(ge=0, le=5)]  # guest rating
    address: Text
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    amenities: tuple[str, ...] = ()
    rooms: Annotated[tuple[Room, ...], Field(min_length=1)]
    sold_out: tuple[date, ...] = ()  # nights with no room left
    policies: dict[str, Translated] = {}  # topic -> this hotel's answer, over the general one
    booking_url: str = ""  # the customer-facing link; default BOOKING_BASE_URL + the name's slug

    @field_validator("amenities")
    @classmethod
    def _amenity_set(cls, keys: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(keys)))  # a set, in the order the database gives it back

    _topic_order = field_validator("policies")(lambda cls, policies: _in_topic_order(policies))

    @property
    def link(self) -> str:
        return self.booking_url or BOOKING_BASE_URL + slugify(self.name)


class Catalogue(_Entry):
    currency: str = CURRENCY
    cities: Annotated[tuple[City, ...], Field(min_length=1)]
    amenities: tuple[Amenity, ...] = ()  # beyond schema.AMENITIES
    sights: tuple[Sight, ...] = ()
    hotels: Annotated[tuple[Hotel, ...], Field(min_length=1)]
    policies: dict[str, Translated] = {}  # topic -> the general answer, over the bot's default

    _topic_order = field_validator("policies")(lambda cls, policies: _in_topic_order(policies))
    _by_key = field_validator("amenities")(lambda cls, amenities: tuple(sorted(amenities, key=lambda a: a.key)))

    @field_validator("currency")
    @classmethod
    def _served_currency(cls, currency: str) -> str:
        if currency != CURRENCY:
            raise ValueError(f"must be {CURRENCY}: prices, totals and replies are in {CURRENCY}")
        return currency

    def amenity_names(self) -> dict[str, Translated]:
        """Every amenity key a hotel may list: the built-in ones and the file's own."""
        return {**{key: Translated(en=en, zh=zh) for key, (en, zh) in AMENITIES.items()},
                **{amenity.key: Translated(en=amenity.en, zh=amenity.zh) for amenity in self.amenities}}


def _in_topic_order(policies: dict[str, Translated]) -> dict[str, Translated]:
    """Policies in schema.TOPICS order (an unknown topic last, for _links to report)."""
    order = {topic: i for i, topic in enumerate(TOPICS)}
    return dict(sorted(policies.items(), key=lambda item: order.get(item[0], len(order))))


def slugify(name: str) -> str:
    """'Jing'an Corner Inn' -> 'jingan-corner-inn'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "")).strip("-")


# --------------------------------------------------------------------------- checks


def _place(loc: Iterable[Any]) -> str:
    """('hotels', 3, 'rooms', 0, 'price') -> 'hotels[3].rooms[0].price'."""
    place = ""
    for part in loc:
        place += f"[{part}]" if isinstance(part, int) else f".{part}" if place else str(part)
    return place or "file"


_MESSAGES = {
    "greater_than": "must be > {gt:g}", "greater_than_equal": "must be >= {ge:g}",
    "less_than_equal": "must be <= {le:g}", "less_than": "must be < {lt:g}",
    "missing": "is missing", "extra_forbidden": "is not a field of the catalogue",
    "string_too_short": "must not be empty", "too_short": "must not be empty",
    "literal_error": "must be one of {expected}",
}


def _message(error: dict[str, Any]) -> str:
    template = _MESSAGES.get(error["type"])
    if template is None:
        return str(error["msg"]).removeprefix("Value error, ")
    return template.format(**error.get("ctx", {}))


def _entries(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings of a list in the raw file, with their index (anything else is the model's to report)."""
    value = data.get(key)
    return [(i, entry) for i, entry in enumerate(value) if isinstance(entry, dict)] if isinstance(value, list) else []


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return value.casefold() if isinstance(value, str) else ""


def _duplicates(entries: list[tuple[int, dict[str, Any]]], key: str) -> list[str]:
    counts = Counter(_text(entry, key) for _, entry in entries)
    return sorted(name for name, count in counts.items() if name and count > 1)


def _links(data: dict[str, Any]) -> list[str]:
    """The errors between entries, on the raw file so that they are listed with the entries'
    own: names that must be unique, references that must exist."""
    errors: list[str] = []
    cities, hotels, sights = _entries(data, "cities"), _entries(data, "hotels"), _entries(data, "sights")
    spelled: dict[str, str] = {}  # every way of writing a city -> the city
    for i, city in cities:
        aliases = city.get("aliases") if isinstance(city.get("aliases"), list) else []
        for way in (city.get("name"), city.get("name_zh"), *aliases):
            if isinstance(way, str) and (other := spelled.setdefault(way.casefold(), str(city.get("name")))) != city.get("name"):
                errors.append(f"cities[{i}]: {way!r} already names {other}")
    names = {_text(city, "name") for _, city in cities}
    keys = set(AMENITIES)
    for i, amenity in _entries(data, "amenities"):
        if amenity.get("key") in AMENITIES:
            errors.append(f"amenities[{i}].key: {amenity['key']!r} is built in")
        keys.add(amenity.get("key"))
    for field in ("name", "name_zh"):
        errors += [f"hotels: duplicate hotel {field} {name!r}" for name in _duplicates(hotels, field)]
        errors += [f"sights: duplicate sight {field} {name!r}" for name in _duplicates(sights, field)]
    for where, entries in (("sights", sights), ("hotels", hotels)):
        for i, entry in entries:
            if isinstance(entry.get("city"), str) and _text(entry, "city") not in names:
                errors.append(f"{where}[{i}].city: unknown city {entry['city']!r}")
    for i, hotel in hotels:
        for key in hotel.get("amenities") or ():
            if isinstance(key, str) and key not in keys:
                errors.append(f"hotels[{i}].amenities: unknown amenity {key!r}")
        rooms = [(j, room) for j, room in enumerate(hotel.get("rooms") or ()) if isinstance(room, dict)]
        errors += [f"hotels[{i}].rooms: duplicate room {name!r}" for name in _duplicates(rooms, "name")]
        for topic in hotel.get("policies") or ():
            if topic not in TOPICS:
                errors.append(f"hotels[{i}].policies: unknown topic {topic!r}")
    for topic in data.get("policies") or ():
        if topic not in TOPICS:
            errors.append(f"policies: unknown topic {topic!r}")
    served = {_text(hotel, "city") for _, hotel in hotels}
    errors += [f"cities[{i}]: {city.get('name')} has no hotel" for i, city in cities if _text(city, "name") not in served]
    return errors


def check_catalogue(data: Any, source: str = "catalogue") -> Catalogue:
    """The catalogue in ``data`` (a parsed YAML document), or CatalogueError with every error."""
    if not isinstance(data, dict):
        raise CatalogueError(["file: must be a mapping with cities and hotels"], source)
    errors = []
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as error:
        errors = [f"{_place(e['loc'])}: {_message(e)}" for e in error.errors()]
    errors += _links(data)
    if errors:
        raise CatalogueError(errors, source)
    return catalogue


def read_catalogue(path: str | Path) -> Catalogue:
    """A catalogue file, checked whole (CatalogueError lists every problem with its place)."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except OSError as error:
        raise CatalogueError([f"file: cannot read it ({error.strerror})"], str(path)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "file"
        raise CatalogueError([f"{where}: not YAML ({getattr(error, 'problem', error)})"], str(path)) from None
    return check_catalogue(data, str(path))


def write_catalogue(catalogue: Catalogue, path: str | Path | None = None) -> str:
    """The catalogue as YAML (written to ``path`` when given): what ``read_catalogue`` reads back."""
    data = {"currency": catalogue.currency, **catalogue.model_dump(mode="json", exclude_defaults=True)}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120, default_flow_style=None)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
