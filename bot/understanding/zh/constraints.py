"""Chinese search constraints in a whole message (read in Simplified): "有无烟房和叫醒服务的",
"评分4.5分以上", "价格在700-800元", "故宫附近" (reading.Found)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import SightInfo
from bot.understanding.reading import (PRICE_FLOOR, AmenityNames, Found, phrase_index, price_floor, price_range, ratings_in,
                                       settled)
from bot.understanding.zh.script import simplified
from bot.understanding.zh.words import looks_chinese
from intents.schema import AMENITY_WORDS_ZH

_NUMBER = r"(\d+(?:\.\d)?)"
# a guest rating: 评分4.5分以上, 评分不低于4.5, 4.5分以上的, 口碑4.8分
_RATING = re.compile(rf"(?:评分|评价|口碑|分数|打分|用户评分)\s*(?:在|要|是|为)?\s*(?:不低于|高于|超过|大于|至少|达到)?\s*{_NUMBER}\s*分?"
                     rf"(?:\s*(?:以上|及以上|或以上|起|\+))?"
                     rf"|{_NUMBER}\s*分\s*(?:以上|及以上|或以上)")
# a rating said apart from its number: "评分就4.5吧"
_RATING_WORD = re.compile(r"评分|评价|口碑|分数|打分")
_PRICE_WORDS = r"(?:价格|价位|房价|预算|每晚|一晚|费用)"
_YUAN = r"(?:元|块|rmb|RMB)"
# 700-800元, 价格在700到800之间, 预算五百到八百块 (digits only: counts in words are the model's)
_RANGE = re.compile(rf"(?:{_PRICE_WORDS}\s*(?:在|是)?\s*)?(\d{{2,5}})\s*{_YUAN}?\s*(?:-|–|~|～|到|至)\s*(\d{{2,5}})\s*{_YUAN}?"
                    rf"(?:\s*之间)?")
_AT_LEAST = re.compile(rf"(?:{_PRICE_WORDS}\s*(?:在|要)?\s*(?:不低于|高于|至少)?\s*(\d{{2,5}})\s*{_YUAN}?\s*(?:以上|起)"
                       rf"|(?:不低于|高于|至少)\s*(\d{{2,5}})\s*{_YUAN}|(\d{{2,5}})\s*{_YUAN}\s*(?:以上|起))")
_NEGATION = re.compile(r"(?:不需要|不用|不要|无需|用不着|没必要)(?:有)?$")


def _ways(name: str) -> str:
    return simplified(name).lower()


class Constraints:
    """The catalogue's amenities and sights in Chinese, and Chinese rating and price patterns."""

    def __init__(self, amenities: AmenityNames, sights: Sequence[SightInfo]) -> None:
        phrases = [(_ways(word), key) for key, words in AMENITY_WORDS_ZH.items() if key in amenities for word in words]
        phrases += [(_ways(zh), key) for key, (_, zh) in amenities.items()]
        self._amenities = phrase_index(phrases)
        self._sights = phrase_index((_ways(way), sight.name) for sight in sights
                                    for way in (sight.name_zh, *sight.aliases) if looks_chinese(way) and len(way) >= 2)

    def find(self, text: str) -> list[Found]:
        lowered = text.lower()
        found = [Found("amenity", start, start + len(phrase), key, f"'{phrase}' -> amenity {key}",
                       negated=bool(_NEGATION.search(text[max(0, start - 4) : start])))
                 for phrase, key in self._amenities for start in _starts(lowered, phrase)]
        found += [Found("sight", start, start + len(phrase), name, f"'{phrase}' -> near {name}")
                  for phrase, name in self._sights for start in _starts(lowered, phrase)]
        found += ratings_in(text, _RATING, _RATING_WORD)
        ranges = [end for m in _RANGE.finditer(text) if _priced(m, text)
                  for low, high in [sorted((float(m[1]), float(m[2])))] if low >= PRICE_FLOOR
                  for end in price_range(m, low, high)]
        found += [price_floor(m, value) for m in _AT_LEAST.finditer(text)
                  if (value := float(m[1] or m[2] or m[3])) >= PRICE_FLOOR]
        return settled(found, ranges)


def _priced(match: re.Match[str], text: str) -> bool:
    """Two numbers with a dash are a price when said with 元 or a price word (10-12号 is no price)."""
    return bool(re.search(_YUAN, match[0]) or re.search(_PRICE_WORDS, match[0])
                or re.search(_PRICE_WORDS, text[max(0, match.start() - 6) : match.start()]))


def _starts(text: str, phrase: str) -> list[int]:
    starts, at = [], text.find(phrase)
    while at >= 0:
        starts.append(at)
        at = text.find(phrase, at + len(phrase))
    return starts
