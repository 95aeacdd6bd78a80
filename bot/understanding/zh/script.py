"""The two scripts of Chinese (SPEC section 7): a Traditional message is read in Simplified,
and replies go out in the script the customer writes.

Every reader (the model, the normaliser, the tracker's cues) knows Simplified only, so a
Traditional message is converted by OpenCC before any of them sees it, with the phrase
profile of its region: Taiwan's (tw2sp: 網路 -> 网络, 計程車 -> 出租车) or Hong Kong's (hk2s).
No Traditional copy of any rule exists. Where the conversion changes the length of a word
(隨身碟 -> U盘) the offsets of a span are mapped back through the alignment of the two texts,
so a span in the trace shows the customer's own characters.

Which script a message is in: the characters that Traditional-to-Simplified conversion
changes are Traditional-only, those CC-CEDICT lists as Simplified and not as Traditional
(zhon) Simplified-only; the larger count wins, a tie (上海, 入住: shared characters only, or as many of each) says
nothing and the conversation keeps its script. Taiwan or Hong Kong: whichever regional
rendering of the message's Simplified reading matches more of its characters (衞/衛, 綫/線),
Taiwan when they match equally, unless the conversation is already Hong Kong's.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

import opencc

from bot.models import Script
from bot.understanding.written import Written

TRADITIONAL: tuple[Script, ...] = ("tw", "hk")

# OpenCC's configurations: reading (Traditional with a region's phrases -> Simplified) and writing.
_READ = {"tw": "tw2sp", "hk": "hk2s"}
_WRITE = {"tw": "s2twp", "hk": "s2hk"}
# Words of the hotel desk that OpenCC's phrase tables leave to the region: in Taiwan a hotel
# is a 飯店, which in Simplified reads as a restaurant, and an itinerary a 行程, which tw2sp
# takes for a computer process (进程). Each is as long as what it replaces.
_DESK_WORDS = {"饭店": "酒店", "旅馆": "酒店", "进程": "行程"}


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    """The characters only Simplified writes, by CC-CEDICT's lists (zhon): 们, 这, 吗; not 台,
    里 or 周, which Traditional writes too. OpenCC's s2t would tell the same by converting,
    but its phrase table takes 26 MB of a process's memory; these lists take 2 MB."""
    from zhon import cedict

    return frozenset(cedict.simplified) - frozenset(cedict.traditional)


# Traditional -> Simplified character by character, Hong Kong's variants (衞, 綫) included.
_TO_SIMPLIFIED = "hk2s"


def _changed(text: str, converter: opencc.OpenCC) -> int:
    """How many characters of ``text`` a character-for-character conversion changes."""
    converted = converter.convert(text)
    if len(converted) != len(text):
        return sum(1 for char in text if converter.convert(char) != char)
    return sum(1 for a, b in zip(text, converted) if a != b)


def script_of(text: str, previous: Script = "hans") -> tuple[Optional[Script], str]:
    """The script of a Chinese message and why; None when it does not tell (see the module's doc)."""
    traditional = _changed(text, _converter(_TO_SIMPLIFIED))
    simplified = sum(char in _simplified_only() for char in text)
    if traditional == simplified:
        return None, f"{traditional} Traditional-only and {simplified} Simplified-only characters: the conversation's script"
    if simplified > traditional:
        return "hans", f"{simplified} Simplified-only characters, {traditional} Traditional-only"
    region = _region(text, previous)
    return region, f"{traditional} Traditional-only characters, {simplified} Simplified-only; {_REGION_NAMES[region]}"


_REGION_NAMES = {"tw": "Taiwan phrasing", "hk": "Hong Kong phrasing"}


def _region(text: str, previous: Script) -> Script:
    simplified = _converter(_TO_SIMPLIFIED).convert(text)
    matches = {region: _same(text, _converter(config).convert(simplified)) for region, config in (("tw", "s2tw"), ("hk", "s2hk"))}
    if matches["hk"] > matches["tw"] or (matches["hk"] == matches["tw"] and previous == "hk"):
        return "hk"
    return "tw"


def _same(a: str, b: str) -> int:
    return sum(1 for x, y in zip(a, b) if x == y) if len(a) == len(b) else 0


def read(text: str, previous: Script = "hans") -> Written:
    """The message in Simplified for the readers, with the script it was written in."""
    script, why = script_of(text, previous)
    reading = script if script in TRADITIONAL else previous if script is None and previous in TRADITIONAL else None
    if reading is None:
        return written(text, text, script, why)
    return written(text, _replaced(_converter(_READ[reading]).convert(text), _DESK_WORDS), script, why)


def written(original: str, text: str, script: Optional[Script], why: str = "") -> Written:
    """``original`` read as ``text``, Traditional characters aligned with their Simplified ones."""
    return Written(original, text, script, why, by_character=_simplified_character)


def _simplified_character(char: str) -> str:
    return _converter(_TO_SIMPLIFIED).convert(char)


def simplified(text: str) -> str:
    """A name in Simplified characters, whatever script it was given in (a catalogue's 青島 -> 青岛)."""
    return _converter(_TO_SIMPLIFIED).convert(text)


# The ways of getting about that a region names its own way and OpenCC's phrase tables do not
# know: a bus is 公車 in Taiwan and 巴士 in Hong Kong, a taxi ride 搭計程車 / 搭的士 (not 打車).
_REGION_WORDS = {"tw": {"公交": "公車", "打車": "搭計程車"}, "hk": {"公交": "巴士", "打車": "搭的士"}}


def write(text: str, script: Script) -> str:
    """A reply in the customer's script (Simplified text unchanged for a Simplified customer)."""
    if script not in TRADITIONAL:
        return text
    return _replaced(_converter(_WRITE[script]).convert(text), _REGION_WORDS[script])


def _replaced(text: str, words: dict[str, str]) -> str:
    for word, instead in words.items():
        text = text.replace(word, instead)
    return text
