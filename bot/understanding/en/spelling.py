"""English as customers type it: chat abbreviations spelt out, misspelt domain words
corrected, and keyboard noise recognised, before the model reads the message.

- Abbreviations ("2moro", "nxt wk", "htl", "ppl", "pls") come from a small lexicon
  (ABBREVIATIONS) and are written out in full, the forms the model was trained on; a count
  glued to what it counts is parted ("2ppl" -> "2 people", "3nts" -> "3 nights").
- Spelling is corrected towards the domain's vocabulary only (served cities and their
  aliases, the words of the served hotels' names, sights, tiers, topics, weekdays, months,
  number words and the desk's own words), and only for a word that is no English word:
  "Shangai" and "Bejing" are corrected, "shanghaied" or "cheap" never. The English word
  list is the frequency dictionary symspellpy ships (82,765 words, kept as hashes); the
  look-up is rapidfuzz's Levenshtein distance over the few hundred domain words, since
  importing SymSpell itself costs every serving process 3 MB for a speed that matters
  only over large dictionaries (docs/design.md).
- A message of Latin letters in which no word is English, a domain word or an
  abbreviation ("asdf jkl", "qwrtz") is keyboard noise: it is not read at all, and the
  bot asks the customer to say it again (policy rule "gibberish"), whatever the model.

The result is a Written (original and corrected text), so spans found in the corrected
text map back to the customer's own words, and every change is noted for the trace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.models import CityInfo, SightInfo
from bot.understanding.en.dates import _MONTHS, _WEEKDAYS
from bot.understanding.en.names import LOOKALIKE_CITIES
from bot.understanding.en.words import _ORDINALS, _TENS, _UNITS, _words, has_latin
from bot.understanding.written import Written
from intents import schema

# Chat forms -> what they stand for (lower case). Only words that are no English word.
ABBREVIATIONS: dict[str, str] = {
    "2moro": "tomorrow", "2morrow": "tomorrow", "2mrw": "tomorrow", "tmrw": "tomorrow", "tmr": "tomorrow",
    "tmw": "tomorrow", "tmrow": "tomorrow", "tomoz": "tomorrow", "2nite": "tonight", "2night": "tonight",
    "tonite": "tonight", "nite": "night", "nites": "nights", "nxt": "next", "wk": "week", "wks": "weeks",
    "wkend": "weekend", "wknd": "weekend", "htl": "hotel", "htls": "hotels", "rm": "room", "rms": "rooms",
    "ppl": "people", "pax": "people", "nts": "nights", "nt": "night", "ngts": "nights", "pls": "please", "plz": "please", "plss": "please", "thx": "thanks",
    "thnx": "thanks", "tnx": "thanks", "ty": "thank you", "u": "you", "ur": "your", "b4": "before",
    "bc": "because", "cuz": "because", "coz": "because", "abt": "about", "bfast": "breakfast",
    "brekkie": "breakfast", "brekky": "breakfast", "chkin": "checkin", "chkout": "checkout", "resv": "reservation",
    "rez": "reservation", "bkg": "booking", "bking": "booking", "cxl": "cancel", "canx": "cancel", "nr": "near",
    "ctr": "centre", "xmas": "christmas", "dbl": "double", "sgl": "single", "k": "ok", "kk": "ok",
    "okie": "ok", "y": "yes", "ya": "yes", "yh": "yes", "yep": "yes", "yup": "yes", "nope": "no", "nah": "no", "hii": "hi",
}
# Chat words that are no English dictionary word and stand as they are: a message of them is no noise.
CHAT_WORDS: frozenset[str] = frozenset({"ok", "lol", "idk", "yo", "omg", "btw", "fyi", "hmmm", "ah", "eh", "oh"})
# The desk's own words, beside the catalogue's: what a booking message is made of.
DESK_WORDS: tuple[str, ...] = (
    "hotel", "hotels", "room", "rooms", "night", "nights", "book", "booking", "reserve", "reservation",
    "cancel", "change", "check", "checkin", "checkout", "guest", "guests", "people", "adults", "children",
    "tomorrow", "tonight", "today", "week", "weekend", "please", "thanks", "breakfast", "parking", "price",
)
_MAX_DISTANCE = 2
_MIN_CORRECTED = 4  # shorter words are never corrected: one letter off "sh" or "inn" is another word
_LETTERS = re.compile(r"[A-Za-z0-9']+")
# A count glued to what it counts: "2ppl", "3nts", "2nights" (never "2nd", "10th", "5pm").
_GLUED_COUNT = re.compile(r"(\d+)([a-z]+)")
_COUNTED_UNITS = frozenset({"ppl", "pax", "people", "persons", "guests", "adults", "kids", "nts", "nt", "ngts", "nights",
                            "night", "nites", "nite", "rooms", "room", "rms", "rm", "days", "weeks", "wks"})
# symspellpy's package folder, found without importing it
_SYMSPELL_DATA = Path(next(iter(find_spec("symspellpy").submodule_search_locations)))


@cache
def _english_hashes() -> np.ndarray:
    """The hashes of the words of symspellpy's English frequency dictionary, sorted: (82,765,)
    int64, 0.7 MB, where a set of the words themselves holds 12 MB in a serving process."""
    with open(_SYMSPELL_DATA / "frequency_dictionary_en_82_765.txt", encoding="utf-8") as lines:  # a line at a time
        hashes = np.fromiter((hash(line.split(" ", 1)[0]) for line in lines if line.strip()), dtype=np.int64)
    hashes.sort()
    return hashes


def is_english(word: str) -> bool:
    """``word`` (lower case) is in the English dictionary: 64-bit hashes, one process's, never stored."""
    hashes, key = _english_hashes(), hash(word)
    at = int(np.searchsorted(hashes, key))
    return at < len(hashes) and int(hashes[at]) == key


def domain_words(hotel_names: Iterable[str], cities: Iterable[CityInfo] = (), sights: Iterable[SightInfo] = ()) -> dict[str, int]:
    """The words a correction may lead to, the catalogue's and the desk's, each with its
    weight when two are as close to a typo: a city's name (3) before a word of a hotel's or
    a sight's name (2) before any other (1); "chengu" is Chengdu, not the "cheng" of a name."""
    weighted: dict[str, int] = {}

    def add(names: Iterable[str], weight: int, whole: bool = False) -> None:
        for name in names:
            for word in ["".join(_words(name))] if whole else _words(name):  # a city whole: "cheng du" is chengdu
                if word.isalpha():
                    weighted[word] = max(weight, weighted.get(word, 0))

    add([*_MONTHS, *_WEEKDAYS, *_UNITS, *_TENS, *_ORDINALS, *DESK_WORDS], 1)
    add([word for words in (*schema.TIER_WORDS.values(), *schema.TOPIC_WORDS.values()) for word in words], 1)
    add([*hotel_names, *(sight.name for sight in sights)], 2)  # a sight's aliases are read as written only
    add([way for city in cities for way in (city.name, *city.aliases) if has_latin(way)], 3, whole=True)
    return weighted


def _places_not_served(served: dict[str, int]) -> frozenset[str]:
    """Cities one letter from a served one (Chengde, Xiamen): names, never typos."""
    return frozenset(word for name in LOOKALIKE_CITIES for word in _words(name) if served.get(word) != 3)


@dataclass(frozen=True)
class Speller:
    """Corrections towards one catalogue's vocabulary."""

    weights: dict[str, int]  # domain_words
    names: frozenset[str]  # place names that are neither English nor ours, never corrected
    by_first_letter: dict[str, list[str]]  # the domain words, by their first letter

    @classmethod
    def of(cls, hotel_names: Sequence[str], cities: Sequence[CityInfo] = (), sights: Sequence[SightInfo] = ()) -> "Speller":
        """The speller of a catalogue: its hotels, cities (with their aliases) and sights."""
        weights = domain_words(hotel_names, cities, sights)
        by_first_letter: dict[str, list[str]] = {}
        for word in weights:
            by_first_letter.setdefault(word[0], []).append(word)
        return cls(weights, _places_not_served(weights), by_first_letter)

    def read(self, text: str) -> tuple[Written, str]:
        """The message with abbreviations spelt out and domain words corrected, and why it
        is keyboard noise ("" when it is not)."""
        pieces, notes, known, start = [], [], 0, 0
        for match in _LETTERS.finditer(text):
            word = match[0]
            pieces.append(text[start : match.start()])
            start = match.end()
            lower = word.lower().replace("'", "")  # Xi'an is xian, don't is dont
            is_known = self._known(lower)
            replacement = self._replacement(lower, is_known)
            known += is_known or replacement is not None
            if replacement is None or replacement == lower:
                pieces.append(word)
                continue
            pieces.append(replacement.capitalize() if word[0].isupper() else replacement)
            notes.append(f"'{word}' -> '{replacement}'")
        pieces.append(text[start:])
        corrected = "".join(pieces)
        return Written(text, corrected, None, "; ".join(notes)), self._noise(text, known)

    def _known(self, lower: str) -> bool:
        return (is_english(lower) or lower in self.weights or lower in ABBREVIATIONS or lower in CHAT_WORDS
                or lower in self.names)

    def _replacement(self, lower: str, is_known: bool) -> str | None:
        if lower in ABBREVIATIONS:
            return ABBREVIATIONS[lower]
        if (glued := _GLUED_COUNT.fullmatch(lower)) and glued[2] in _COUNTED_UNITS:
            return f"{glued[1]} {ABBREVIATIONS.get(glued[2], glued[2])}"
        if len(lower) < _MIN_CORRECTED or not lower.isalpha() or is_known:
            return None
        distance = 1 if len(lower) < 7 else _MAX_DISTANCE
        # as the normaliser's fuzzy match: typos rarely hit the first letter, look-alike names
        # differ exactly there (Yangzhou / Hangzhou)
        near = process.extract(lower, self.by_first_letter.get(lower[0], []), scorer=Levenshtein.distance,
                               score_cutoff=distance, limit=None)
        if not near:
            return None
        closest = min(d for _, d, _ in near)
        found = sorted((self.weights[word], word) for word, d, _ in near if d == closest)
        if len(found) > 1 and found[-1][0] == found[-2][0]:
            return None  # two words as close and as weighty: no guess
        return found[-1][1]

    @staticmethod
    def _noise(text: str, known: int) -> str:
        letters = sum(char.isalpha() for char in text)
        if known or letters < 3 or any(char.isdigit() for char in text):
            return ""
        return f"no word of '{text.strip()[:40]}' is English, a place, a hotel or an abbreviation: keyboard noise"
