"""English search constraints in a whole message: "with a pool and free parking", "rated
4.5 or more", "between 700 and 800 a night", "near West Lake" (reading.Found)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import SightInfo
from bot.understanding.en.words import WholeWords, has_latin
from bot.understanding.reading import (PRICE_FLOOR, AmenityNames, Found, phrase_index, price_floor, price_range, ratings_in,
                                       settled)
from intents.schema import AMENITY_WORDS

_NUMBER = r"(\d+(?:\.\d)?)"
_PRICE = r"(?:¥|cny|rmb|yuan)?\s*(\d{2,5}(?:,\d{3})?)"
_CURRENCY_OR_RATE = r"(?:\s*(?:yuan|rmb|cny|kuai|bucks|dollars))?(?:\s*(?:a|per|/)\s*night)?"
# a guest rating: "rated 4.5 or more", "rating above 4", "4.5+ rating", "at least 4 stars in reviews"
_RATING = re.compile(
    rf"\b(?:rated|rating|ratings|reviews?|review score|score|scores|scored)\s*(?:of|at|is|:)?\s*"
    rf"(?:at\s+least|above|over|higher\s+than|more\s+than|min(?:imum)?|>=?|\+)?\s*{_NUMBER}\s*(?:\+|stars?)?"
    rf"(?:\s*(?:or|and)\s*(?:more|higher|above|better|up))?"
    rf"|\b{_NUMBER}\s*(?:\+|stars?\s+or\s+(?:more|higher|better)|or\s+(?:more|higher|better|above))\s*"
    rf"(?:stars?\s+)?(?:guest\s+)?(?:rating|rated|reviews?|score)\b", re.I)
_RANGE = re.compile(rf"\bbetween\s+{_PRICE}\s*(?:and|-|to)\s*{_PRICE}{_CURRENCY_OR_RATE}"
                    rf"|{_PRICE}\s*(?:-|–|to)\s*{_PRICE}\s*(?:yuan|rmb|cny|kuai|(?:a|per|/)\s*night)", re.I)
_AT_LEAST = re.compile(rf"(?<!nothing )(?<!not )(?<!no )(?<!never )\b(?:over|above|more\s+than|at\s+least|no\s+less\s+than|min(?:imum)?(?:\s+of)?|starting\s+at|from)\s+"
                       rf"{_PRICE}\s*(yuan|rmb|cny|kuai|(?:a|per|/)\s*night)", re.I)
# a rating said apart from its number: "forget the rating, 4.5 is fine"
_RATING_WORD = re.compile(r"\b(?:rated|ratings?|reviews?|scores?)\b", re.I)
# "without a pool", "no need for parking", "don't need breakfast" just before an amenity
_NEGATION = re.compile(r"(?:\bwithout|\bno\s+need\s+(?:for|of)|\bdon'?t\s+need|\bdo\s+not\s+need|\bnot\s+necessary)\s+"
                       r"(?:an?\s+|the\s+|any\s+)?$", re.I)


def _price(text: str) -> float:
    return float(text.replace(",", ""))


class Constraints:
    """The catalogue's amenities and sights in Latin letters, and English rating and price patterns."""

    def __init__(self, amenities: AmenityNames, sights: Sequence[SightInfo]) -> None:
        phrases = [(word, key) for key, words in AMENITY_WORDS.items() if key in amenities for word in words]
        phrases += [(name.lower(), key) for key, (name, _) in amenities.items()]
        phrases += [(key.replace("_", " "), key) for key in amenities]
        self._amenities = WholeWords(phrase_index(phrases))
        self._sights = WholeWords(phrase_index((way.lower(), sight.name) for sight in sights
                                               for way in (sight.name, *sight.aliases) if has_latin(way)))

    def find(self, text: str) -> list[Found]:
        found = [Found("amenity", start, end, key, f"'{text[start:end]}' -> amenity {key}",
                       negated=bool(_NEGATION.search(text[:start])))
                 for start, end, key in self._amenities.find(text)]
        found += [Found("sight", start, end, name, f"'{text[start:end]}' -> near {name}")
                  for start, end, name in self._sights.find(text)]
        found += ratings_in(text, _RATING, _RATING_WORD)
        ranges = [end for m in _RANGE.finditer(text)
                  for low, high in [sorted((_price(m[1] or m[3]), _price(m[2] or m[4])))] if low >= PRICE_FLOOR
                  for end in price_range(m, low, high)]
        found += [price_floor(m, value) for m in _AT_LEAST.finditer(text) if (value := _price(m[1])) >= PRICE_FLOOR]
        return settled(found, ranges)


