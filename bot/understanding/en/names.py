"""English city and hotel names: a span -> a served city or hotel, or the name as written
when the bot does not serve it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import CityInfo, SightInfo
from bot.understanding.en.words import _MIN_FUZZY_LEN, WholeWords, _compact, _contains, _fuzzy, _ngrams, _words, has_latin
from bot.understanding.reading import Reading, by_core, fail, one_of


# --------------------------------------------------------------------------- city

# Cities no catalogue here serves that score 80+ against a served name with the same
# first letter (Chengde/Chengdu 86, Ganzhou/Guangzhou 88, Xiamen/Xi'an 80). They compete in
# the fuzzy match so that they, and typos of them ("Xiamn"), are not read as a served
# city; a catalogue that serves one reads it as served. Look-alikes with another first
# letter (Yangzhou) never match.
LOOKALIKE_CITIES: tuple[str, ...] = ("Chengde", "Ganzhou", "Xiamen")
_MIN_FOUND = 4  # letters of a city name found in a whole message (CityNames.find)
_CITY_CUTOFF = 85  # one-letter typos score 86-94 ("beijng" 92, "chegndu" 86); Xiamen/xian is 80
# Words around a city name in a span: "in Shanghai", "the city of Xi'an", "Sanya, China".
_CITY_FILLERS: frozenset[str] = frozenset({
    "in", "to", "at", "from", "for", "near", "around", "the", "city", "of", "downtown",
    "central", "center", "centre", "china", "prc", "area", "please", "pls",
})
_LEADING_FILLERS = re.compile(r"^(?:(?:in|to|at|from|for|near|around|the|city of)\s+)+", re.IGNORECASE)


def _tidy_name(text: str) -> str:
    """A name as the customer wrote it, without surrounding punctuation and leading
    prepositions: "  at the Hotel Indigo!" -> "Hotel Indigo"."""
    return _LEADING_FILLERS.sub("", " ".join(text.strip(" \t\n.,;:!?\"'()").split()))


def _place_key(name: str) -> str:
    """A name as a city span's words are matched: without the fillers ("Forbidden City" -> forbidden)."""
    return "".join(word for word in _words(name) if word not in _CITY_FILLERS) or _compact(name)


class CityNames:
    """The catalogue's cities and sights in Latin letters: a span -> the city it names."""

    def __init__(self, cities: Sequence[CityInfo], sights: Sequence[SightInfo]) -> None:
        self._cities = {_compact(way): city.name for city in cities for way in (city.name, *city.aliases)
                        if has_latin(way)}
        served = set(self._cities)
        self._lookalikes = {key: name for name in LOOKALIKE_CITIES if (key := _compact(name)) not in served}
        self._sights = {_place_key(way): (sight.name, sight.city) for sight in sights
                        for way in (sight.name, *sight.aliases) if has_latin(way)}
        # whole-word names of four letters or more ("sh", "cd" are too often something else)
        self._found = WholeWords([(way, city.name) for city in cities for way in (city.name, *city.aliases)
                                  if has_latin(way) and len(_compact(way)) >= _MIN_FOUND])

    def find(self, text: str) -> list[tuple[int, int, str]]:
        return self._found.find(text)

    def read(self, text: str) -> Reading:
        words = [w for w in _words(text) if w not in _CITY_FILLERS]
        key = "".join(words)
        if key in self._cities:
            return Reading(self._cities[key], f"'{text}' -> {self._cities[key]}")
        if key in self._lookalikes:
            return Reading(self._lookalikes[key], f"'{text}' is not a served city", known=False)
        for group in _ngrams(words, len(words)):  # a served name inside a longer span: "Shanghai Pudong"; a sight
            for _start, gram in group:
                gram_key = gram.replace(" ", "")
                if len(gram_key) >= _MIN_FUZZY_LEN and gram_key in self._cities:
                    return Reading(self._cities[gram_key], f"'{text}': '{gram}' -> {self._cities[gram_key]}")
                if gram_key in self._sights:
                    sight, city = self._sights[gram_key]
                    return Reading(city, f"'{text}': '{sight}' is in {city}")
        hit = _fuzzy(key, [*self._cities, *self._lookalikes], _CITY_CUTOFF)
        if hit and hit[0] in self._cities:
            city = self._cities[hit[0]]
            return Reading(city, f"fuzzy '{text}' -> {city} (score {hit[1]:.0f})")
        if hit:
            place = self._lookalikes[hit[0]]
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
    """The served hotel names in Latin letters, looked up by their distinctive words (the
    catalogue's cities play no part in English names)."""

    def __init__(self, names: Sequence[str], cities: Sequence[CityInfo] = ()) -> None:
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
