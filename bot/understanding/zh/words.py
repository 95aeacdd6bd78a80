"""Chinese text and number primitives for the Chinese slot readers (dates.py, slots.py).

Which reader a span goes to: a span is read as Chinese when it holds a CJK ideograph or
a full-width form (“１０号”, “ＨＢ－４８２１”); everything else keeps the English readers.
A message as a whole is Chinese when it holds a CJK ideograph (SPEC section 7).

Numbers are read after NFKC (full-width digits become ASCII) in Arabic digits or Chinese
numerals, including the colloquial short forms customers type: 一百五 = 150, 一千二 = 1200.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# CJK ideographs: extension A, the unified block and the compatibility block (the one
# definition: the tag reader and the encoder's vocabulary trim use it too)
CJK_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{CJK_IDEOGRAPHS}]")
# Full-width ASCII forms and the ideographic space/punctuation block.
_WIDE = re.compile(r"[\u3000-\u303f\uff01-\uff5e]")


def is_chinese(text: str) -> bool:
    """The message is Chinese: it holds a CJK ideograph (mixed "sh 15号 2晚" included)."""
    return bool(_CJK.search(text))


def looks_chinese(span: str) -> bool:
    """A span for the Chinese readers: ideographs or full-width forms ("１０" too)."""
    return bool(_CJK.search(span) or _WIDE.search(span))


def fold(text: str) -> str:
    """NFKC (full-width digits, letters and punctuation to ASCII), lowercase, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).lower())


# --------------------------------------------------------------------------- numerals

_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9,
    "俩": 2, "仨": 3,  # "we two" / "we three": a count of people on their own
}
_MAGNITUDES: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
_TEN_THOUSAND = "万"
# 一 in 一起, 一直, 一样, 一定, 一些, 一般 (together, always, same, surely, some, usually) counts nothing.
NUMERAL = re.compile(rf"(?!一[起直样定些般])(?:\d+|[{''.join(_DIGITS)}{''.join(_MAGNITUDES)}{_TEN_THOUSAND}])+")
_PIECE = re.compile(r"\d+|.")


def numeral_value(numeral: str) -> int | None:
    """A numeral as written: "12", "十二" (12), "二十" (20), "一百零五" (105), "二零二六"
    (2026, digit by digit), "1千2" (1200). A digit right after 百/千/万 is the next lower
    place (一百五 = 150, 一万五 = 15000), as Chinese speakers abbreviate; after 零 it is units."""
    total = section = 0
    digit: int | None = None
    last_magnitude = 1
    after_magnitude = False  # the previous piece was 十/百/千/万 (not 零, not a digit)
    for piece in _PIECE.findall(numeral):
        if piece.isdigit() or piece in _DIGITS:
            value = int(piece) if piece.isdigit() else _DIGITS[piece]
            digit = value if digit is None else digit * 10 + value  # 二零二六: digit by digit
            after_magnitude = after_magnitude and piece not in "零〇"
        elif piece in _MAGNITUDES:
            section += (1 if digit is None else digit) * _MAGNITUDES[piece]
            digit, last_magnitude, after_magnitude = None, _MAGNITUDES[piece], True
        elif piece == _TEN_THOUSAND:
            total += (section + (digit or 0) or 1) * 10000
            section, digit, last_magnitude, after_magnitude = 0, None, 10000, True
        else:
            return None
    if digit is not None:
        short_form = after_magnitude and last_magnitude >= 100
        section += digit * (last_magnitude // 10) if short_form else digit
    return total + section


def with_digits(text: str) -> str:
    """The folded text with every numeral as Arabic digits: "两晚" -> "2晚", "十二月十号" ->
    "12月10号", "我们俩" -> "我们2". Used for counts, dates and prices, never for names
    (万达, 千岛湖 are names)."""
    return NUMERAL.sub(lambda m: str(value) if (value := numeral_value(m[0])) is not None else m[0], fold(text))


def numbers_in(text: str) -> list[int]:
    """Every number in the text, in order: "2大1小" -> [2, 1]."""
    return [int(found) for found in re.findall(r"\d+", with_digits(text))]


def parse_number(text: str) -> int | None:
    """The first count in a Chinese span: "两晚" -> 2, "十二个" -> 12, "１０" -> 10,
    "几个" -> None (a vague count is none)."""
    if "几" in text:
        return None
    numbers = numbers_in(text)
    return numbers[0] if numbers else None


def longest_word_at(text: str, at: int, words: Iterable[str]) -> str | None:
    """The longest of the words that starts at text[at] (Chinese has no spaces to split on)."""
    found = [word for word in words if text.startswith(word, at)]
    return max(found, key=len) if found else None


def longest_word_in(text: str, words: Iterable[str]) -> tuple[str, int] | None:
    """The longest of the words found anywhere in the text, with where it starts (leftmost
    among equals): "几点退房" wins over "退房"."""
    found = [(word, text.find(word)) for word in words if word and word in text]
    if not found:
        return None
    return min(found, key=lambda hit: (-len(hit[0]), hit[1]))
