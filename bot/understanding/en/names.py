"""English city and hotel names: a span -> a served city or hotel, or the name as written
when the bot does not serve it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.understanding.en.words import _MIN_FUZZY_LEN, _compact, _contains, _fuzzy, _ngrams, _words
from bot.understanding.reading import Reading, by_core, fail, one_of
from intents import schema


# --------------------------------------------------------------------------- city

_CITY_KEYS: dict[str, str] = {
    _compact(alias): city for city, aliases in schema.CITIES.items() for alias in (city, *aliases)
}
# Cities the database does not serve that score 80+ against a served name with the
# same first letter (Chengde/Chengdu 86, Ganzhou/Guangzhou 88, Xiamen/Xi'an 80). They
# compete in the fuzzy match so that they, and typos of them ("Xiamn"), are not read
# as a served city. Look-alikes with another first letter (Yangzhou) never match.
LOOKALIKE_CITIES: tuple[str, ...] = ("Chengde", "Ganzhou", "Xiamen")
_LOOKALIKE_KEYS: dict[str, str] = {_compact(name): name for name in LOOKALIKE_CITIES}
_CITY_CUTOFF = 85  # one-letter typos score 86-94 ("beijng" 92, "chegndu" 86); Xiamen/xian is 80
# Words around a city name in a span: "in Shanghai", "the city of Xi'an", "Sanya, China".
_CITY_FILLERS: frozenset[str] = frozenset({
    "in", "to", "at", "from", "for", "near", "around", "the", "city", "of", "downtown",
    "central", "center", "centre", "china", "prc", "area", "please", "pls",
})
# A sight's words as a city span's are read: without the fillers ("Forbidden City" -> forbidden)
_LANDMARK_KEYS: dict[str, tuple[str, str]] = {  # key -> (the sight, its city)
    "".join(word for word in _words(name) if word not in _CITY_FILLERS): (name, city)
    for city, names in schema.LANDMARKS.items() for name in names
}
_LEADING_FILLERS = re.compile(r"^(?:(?:in|to|at|from|for|near|around|the|city of)\s+)+", re.IGNORECASE)


def _tidy_name(text: str) -> str:
    """A name as the customer wrote it, without surrounding punctuation and leading
    prepositions: "  at the Hotel Indigo!" -> "Hotel Indigo"."""
    return _LEADING_FILLERS.sub("", " ".join(text.strip(" \t\n.,;:!?\"'()").split()))


def read_city(text: str) -> Reading:
    words = [w for w in _words(text) if w not in _CITY_FILLERS]
    key = "".join(words)
    if key in _CITY_KEYS:
        return Reading(_CITY_KEYS[key], f"'{text}' -> {_CITY_KEYS[key]}")
    if key in _LOOKALIKE_KEYS:
        return Reading(_LOOKALIKE_KEYS[key], f"'{text}' is not a served city", known=False)
    for group in _ngrams(words, 4):  # a served name inside a longer span: "Shanghai Pudong"; a sight
        for _start, gram in group:
            gram_key = gram.replace(" ", "")
            if len(gram_key) >= _MIN_FUZZY_LEN and gram_key in _CITY_KEYS:
                return Reading(_CITY_KEYS[gram_key], f"'{text}': '{gram}' -> {_CITY_KEYS[gram_key]}")
            if gram_key in _LANDMARK_KEYS:
                sight, city = _LANDMARK_KEYS[gram_key]
                return Reading(city, f"'{text}': '{sight}' is in {city}")
    hit = _fuzzy(key, [*_CITY_KEYS, *_LOOKALIKE_KEYS], _CITY_CUTOFF)
    if hit and hit[0] in _CITY_KEYS:
        city = _CITY_KEYS[hit[0]]
        return Reading(city, f"fuzzy '{text}' -> {city} (score {hit[1]:.0f})")
    if hit:
        place = _LOOKALIKE_KEYS[hit[0]]
        return Reading(place, f"fuzzy '{text}' -> {place}, which is not a served city", known=False)
    place = " ".join(word.capitalize() for word in _tidy_name(text).split())  # "new york" -> "New York"
    if not re.search(r"[^\W\d_]", place):
        return fail(f"no place name in '{text}'")
    return Reading(place, f"'{place}' is not a served city", known=False)


# --------------------------------------------------------------------------- hotel

# Words that do not tell hotels apart: "the Jade Garden" is the "Jade Garden Inn".
_HOTEL_GENERIC: frozenset[str] = frozenset({
    "the", "at", "hotel", "hotels", "inn", "resort", "suites", "hostel", "lodge",
})
_HOTEL_CUTOFF = 85


def _hotel_core(name: str) -> str:
    words = _words(name)
    core = [w for w in words if w not in _HOTEL_GENERIC]
    return " ".join(core or words)


class HotelNames:
    """The served hotel names in Latin letters, looked up by their distinctive words."""

    def __init__(self, names: Sequence[str]) -> None:
        self._by_core = by_core(names, _hotel_core)

    def read(self, text: str) -> Reading:
        core = _hotel_core(text)
        if core in self._by_core:
            return one_of(text, self._by_core[core], "")
        words = set(core.split())
        partial = [n for c, names in self._by_core.items() if words <= set(c.split()) for n in names]
        if partial:
            return one_of(text, partial, " (partial name)")
        # the tagged span ran over a neighbouring word: "reserve Panda Valley Hotel"
        inside = [c for c in self._by_core if _contains(core, c)]
        if inside:
            longest = max(inside, key=lambda c: len(c.split()))
            return one_of(text, self._by_core[longest], " (name found inside the tagged words)")
        hit = _fuzzy(core, self._by_core, _HOTEL_CUTOFF)
        if hit:
            return one_of(text, self._by_core[hit[0]], f" (fuzzy, score {hit[1]:.0f})")
        name = _tidy_name(text)
        if name.islower():
            name = " ".join(word.capitalize() for word in name.split())
        return Reading(name, f"'{text}' is not a hotel we list", known=False)


# Words that point without naming: "the one near the", "hotel", "that one".
_POINTING_EN = frozenset({
    "the", "one", "that", "this", "those", "these", "hotel", "inn", "lodge", "near", "by", "at", "in", "on", "next",
    "to", "close", "around", "option", "place", "a", "an", "of", "with", "please", "pls", "area", "side", "road",
    "street", "avenue", "district", "i", "take", "want", "go", "for", "ll", "s", "it", "is",
})


def names_hotel(reference: str, name: str, name_zh: str, address: str) -> float:
    """The share of the reference's distinctive words in a hotel's name or address (0-1):
    "the one near the Bund" names the Bund Riverside Hotel."""
    words = {word for word in _words(reference) if word not in _POINTING_EN and len(word) > 1}
    if not words:
        return 0.0
    found = set(_words(f"{name} {address}"))
    return len(words & found) / len(words)
