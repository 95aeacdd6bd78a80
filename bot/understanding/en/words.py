"""English text and number primitives for the English readers (en/dates.py, en/slots.py).

These helpers fold accents and punctuation away and find the counts and ordinals stated
in words or digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz, process


# --------------------------------------------------------------------------- text


def _fold(text: str) -> str:
    """Lowercase without accents and with plain apostrophes, so "Xī’ān" equals "xi'an"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower().replace("\u2019", "'").replace("\u2018", "'").strip()


def has_latin(text: str) -> bool:
    """Latin letters in the span (full-width ones too): English words, even inside another
    language's message ("去sh", "wifi")."""
    return bool(re.search(r"[a-z]", _fold(text)))


def _words(text: str) -> list[str]:
    """Alphanumeric words; punctuation, hyphens and apostrophes only separate them."""
    return re.findall(r"[a-z0-9]+", _fold(text))


def _phrase(text: str) -> str:
    """Words joined by single spaces: "Check-in" and "check  in" both become "check in"."""
    return " ".join(_words(text))


def _compact(text: str) -> str:
    """Words glued together: "Xi'an", "xi an" and "XIAN" all become "xian"."""
    return "".join(_words(text))


def _contains(haystack: str, phrase: str) -> bool:
    """Whole-word containment of a _phrase in another."""
    return f" {phrase} " in f" {haystack} "


def _ngrams(words: Sequence[str], max_len: int) -> list[list[tuple[int, str]]]:
    """(start, n-gram) pairs grouped by length, longest first, each group left to right."""
    return [
        [(start, " ".join(words[start : start + size])) for start in range(len(words) - size + 1)]
        for size in range(min(max_len, len(words)), 0, -1)
    ]

# --------------------------------------------------------------------------- numbers

_UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# Words that state an exact count ("a couple of nights", "both of us").
_COUNT_WORDS: dict[str, int] = {"couple": 2, "pair": 2, "both": 2, "dozen": 12}
# Quantifiers that mean "some": "a few nights" is not one night.
_VAGUE: frozenset[str] = frozenset({"few", "several", "some", "many", "multiple", "lots", "lot"})
_ARTICLES: frozenset[str] = frozenset({"a", "an"})

_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
_DIGIT_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")


class _Num(NamedTuple):
    value: int
    start: int  # word index of the first word of the number
    end: int  # word index after its last word


def _numbers_in(words: Sequence[str]) -> list[_Num]:
    """Every cardinal number stated in the words: digits, number words, "twenty one",
    "couple". Articles are not numbers here (see parse_number)."""
    found: list[_Num] = []
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word.isdigit():
            found.append(_Num(int(word), i, i + 1))
        elif word in _TENS and 1 <= _UNITS.get(nxt, 0) <= 9:
            found.append(_Num(_TENS[word] + _UNITS[nxt], i, i + 2))
            i += 1
        elif word in _TENS:
            found.append(_Num(_TENS[word], i, i + 1))
        elif word in _UNITS:
            found.append(_Num(_UNITS[word], i, i + 1))
        elif word in _COUNT_WORDS:
            found.append(_Num(_COUNT_WORDS[word], i, i + 1))
        i += 1
    return found


def _ordinals_in(words: Sequence[str]) -> list[_Num]:
    """Every ordinal: "first", "twenty-first" (two words here), "22nd"."""
    found: list[_Num] = []
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        digits = _DIGIT_ORDINAL.fullmatch(word)
        if digits:
            found.append(_Num(int(digits[1]), i, i + 1))
        elif word in _TENS and 1 <= _ORDINALS.get(nxt, 0) <= 9:
            found.append(_Num(_TENS[word] + _ORDINALS[nxt], i, i + 2))
            i += 1
        elif word in _ORDINALS:
            found.append(_Num(_ORDINALS[word], i, i + 1))
        i += 1
    return found


def parse_number(text: str) -> int | None:
    """The first count stated in the text: "2 nights" -> 2, "twenty-one" -> 21,
    "a couple of rooms" -> 2, "a family of four" -> 4; a bare article counts one
    ("a room" -> 1) unless the text is vague ("a few nights" -> None)."""
    words = _words(text)
    numbers = _numbers_in(words)
    if numbers:
        return numbers[0].value
    if _VAGUE.intersection(words) or not _ARTICLES.intersection(words):
        return None
    return 1


_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
# A count in a phrase pattern: "2", "two", "twenty one", "a couple of", "a".
_COUNT = rf"(?:\d+|a\s+couple(?:\s+of)?|(?:{_NUMBER_WORD})(?:\s+(?:{_NUMBER_WORD}))?|an?)"


# --------------------------------------------------------------------------- fuzzy matching

# Fuzzy matching uses rapidfuzz's ratio (0-100, Indel distance). Keys shorter than this
# are matched exactly only: one typo in "sh" or "pet" is another word.
_MIN_FUZZY_LEN = 4


def _fuzzy(query: str, choices: Iterable[str], cutoff: float) -> tuple[str, float] | None:
    """Best choice scoring at least `cutoff`, among choices with the query's first letter.

    Typos rarely hit the first letter, while real look-alike words often differ exactly
    there (Yangzhou/Hangzhou, expensive/inexpensive), so a differing first letter is
    never a typo here.
    """
    if len(query) < _MIN_FUZZY_LEN:
        return None
    pool = [c for c in choices if len(c) >= _MIN_FUZZY_LEN and c[0] == query[0]]
    best = process.extractOne(query, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
    return (best[0], best[1]) if best else None


class _PhraseMatch(NamedTuple):
    canonical: str
    phrase: str  # the vocabulary phrase that matched
    score: float  # 100 for an exact match
    start: int  # word index of the match in the text


def _match_phrase(words: list[str], vocab: dict[str, str], cutoff: float) -> _PhraseMatch | None:
    """The most specific vocabulary phrase in the words, else the longest fuzzy n-gram match.

    Most specific = most words, then most letters, then leftmost: "late checkout" wins
    over "checkout", "parking" over "pay". A plural "s" is ignored ("dogs" -> dog).
    Fuzzy matching also tries longer n-grams first, so "checking out" is compared as a
    whole before "checking" alone.
    """
    groups = _ngrams(words, max(phrase.count(" ") + 1 for phrase in vocab))
    exact = [
        _PhraseMatch(vocab[form], form, 100.0, start)
        for group in groups
        for start, gram in group
        for form in {gram, gram.removesuffix("s")}
        if form in vocab
    ]
    if exact:
        return max(exact, key=lambda match: (match.phrase.count(" "), len(match.phrase), -match.start))
    for group in groups:
        hits = [
            _PhraseMatch(vocab[hit[0]], hit[0], hit[1], start)
            for start, gram in group
            if (hit := _fuzzy(gram, vocab, cutoff))
        ]
        if hits:
            return max(hits, key=lambda match: match.score)
    return None


def _describe(surface: str, match: _PhraseMatch) -> str:
    if match.score == 100:
        return f"'{surface}': '{match.phrase}' -> {match.canonical}"
    return f"fuzzy '{surface}' -> {match.canonical} via '{match.phrase}' (score {match.score:.0f})"


class WholeWords:
    """Phrases found as whole words in a text, ignoring case, by one pattern: (phrase, value)
    pairs, the longest phrase first where two start at one place ("free parking" over "parking")."""

    def __init__(self, phrases: Sequence[tuple[str, str]]) -> None:
        self._values = {phrase.lower(): value for phrase, value in phrases}
        ordered = sorted(self._values, key=len, reverse=True)
        self._pattern = (re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, ordered)) + r")(?![^\W_])", re.I)
                         if ordered else None)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, value) of each phrase found, left to right, none overlapping."""
        if self._pattern is None:
            return []
        return [(m.start(), m.end(), self._values[m[0].lower()]) for m in self._pattern.finditer(text)]
