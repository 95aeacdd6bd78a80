"""Slot-value normaliser: an extracted entity span -> the canonical value of SPEC section 2.

The extractor finds *where* a slot value is ("for the 10th"); this module decides *what*
it means (2026-12-10). Every result carries a short note for the trace, and `known`
tells the tracker whether the value can be served.

`known` is False when the value could not be read (value None) and when a well-formed
value names something the bot does not serve: a city or hotel not in the database
(value = the name as written, so the reply can quote it). Values outside the booking
limits stay known -- a date in the past or more than MAX_DAYS_AHEAD ahead, a check-out
not after the check-in, a count of 0 or above the schema limit -- because the tracker
drops unknown values, while the policy is what tells the customer what is wrong: the
note only flags them for the trace.

Dates are read in dates.py; text and number primitives live in words.py. Chinese spans
(and every span of a Chinese message) go to the Chinese readers (zh_slots.py, zh_dates.py),
which give the same canonical values: 上海 is Shanghai, 两晚 is 2.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple, cast

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from bot.models import Shift
from bot.understanding import zh_slots
from bot.understanding.dates import read_date
from bot.understanding.words import (_TENS, _UNITS, SlotValue, _compact, _contains, _fail, _fold, _ngrams,
                                     _numbers_in, _ordinals_in, _phrase, _Reading, _tier_step, _words)
from bot.understanding.zh_words import has_latin, looks_chinese
from intents import schema


class Normalized(BaseModel):
    """One slot value, canonical, with why: what the tracker stores and the trace shows."""

    slot: str  # a name from schema.SLOTS
    surface: str  # the span as the customer wrote it
    value: SlotValue  # canonical value (SPEC section 2), None if it could not be read
    known: bool  # False if unreadable or a city/hotel not served (see the module docstring)
    note: str  # short explanation for the trace


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




# Units a stay length can be given in, in nights per unit. Days are read as nights:
# customers say "3 days" for a three-night stay far more often than for two nights.
_STAY_UNITS: dict[str, int] = {
    "night": 1, "nights": 1, "day": 1, "days": 1, "week": 7, "weeks": 7,
    "fortnight": 14, "fortnights": 14,
}
_SINGULAR_STAY_UNITS: frozenset[str] = frozenset({"night", "day", "week", "fortnight"})


def _count_of(words: list[str], singular_units: Iterable[str]) -> int | None:
    """The first number stated, else 1 for a singular unit ("a night", "the room"), else
    None: unlike parse_number, an article alone ("a while") is no count here."""
    numbers = _numbers_in(words)
    if numbers:
        return numbers[0].value
    return 1 if any(unit in words for unit in singular_units) else None


# Words that make a night count a change of the current one: "one more night", "an extra
# night", "add two nights" (+); "one night less", "a night shorter", "drop a night" (-).
_MORE_NIGHTS: frozenset[str] = frozenset({"more", "extra", "another", "additional", "add", "longer", "extend"})
_FEWER_NIGHTS: frozenset[str] = frozenset({"less", "fewer", "shorter", "drop", "cut", "remove", "off", "shorten"})


def _read_nights(text: str) -> _Reading:
    words = _words(text)
    more, fewer = bool(_MORE_NIGHTS.intersection(words)), bool(_FEWER_NIGHTS.intersection(words))
    if more != fewer:
        return _read_nights_shift(text, words, 1 if more else -1)
    if "weekend" in words:
        nights = 3 if "long" in words else 2
        return _Reading(nights, f"'{text}' = Friday/Saturday{'/Sunday' if nights == 3 else ''} nights")
    unit = next((w for w in words if w in _STAY_UNITS), None)
    count = _count_of(words, _SINGULAR_STAY_UNITS)
    if count is None:
        return _fail(f"no number of nights in '{text}'")
    per_unit = _STAY_UNITS[unit] if unit else 1
    nights = count * per_unit
    if unit in ("day", "days"):
        return _Reading(nights, f"'{text}' -> {nights} (days read as nights)")
    return _Reading(nights, f"'{text}' -> {nights} night{'s' if nights != 1 else ''}")


def _read_nights_shift(text: str, words: list[str], sign: int) -> _Reading:
    count = _count_of(words, _SINGULAR_STAY_UNITS)
    if count is None:
        return _fail(f"no number of nights in '{text}'")
    unit = next((w for w in words if w in _STAY_UNITS), "night")
    nights = count * _STAY_UNITS[unit]
    return _Reading(Shift(days=sign * nights), f"'{text}' -> {nights} night{'s' * (nights != 1)} {'more' if sign > 0 else 'fewer'} than now")


def parse_nights(text: str) -> int | Shift | None:
    """Length of stay: "two nights" -> 2, "a week" -> 7, "a weekend" -> 2, "3" -> 3;
    a change of it: "one more night" -> Shift(days=1)."""
    return cast(int | Shift | None, _read_slot("nights", text).value)


# People a guest count is made of. A singular noun without a number is one person
# ("my wife", "a child"); a plural one needs a number ("2 kids"), or cannot be counted.
_SELF: frozenset[str] = frozenset({"me", "i", "myself"})
_PERSON: frozenset[str] = frozenset({
    "adult", "person", "guest", "child", "kid", "baby", "infant", "toddler", "teenager",
    "teen", "wife", "husband", "partner", "spouse", "friend", "girlfriend", "boyfriend",
    "fiance", "fiancee", "son", "daughter", "mother", "mom", "mum", "father", "dad",
    "brother", "sister", "colleague", "grandma", "grandpa", "grandmother", "grandfather",
})
_PAIRS: dict[str, int] = {"parents": 2, "grandparents": 2}
_PEOPLE: frozenset[str] = frozenset({
    "adults", "people", "persons", "guests", "children", "kids", "babies", "infants",
    "teenagers", "teens", "friends", "sons", "daughters", "colleagues", "brothers",
    "sisters",
})
_SOLO: frozenset[str] = frozenset({"alone", "solo", "own"})  # "on my own"


def _read_guests(text: str) -> _Reading:
    """Sum of everyone mentioned: "2 adults and 1 child" -> 3, "me and my wife" -> 2."""
    words = _words(text)
    numbers = _numbers_in(words)
    counted_by_number = {n.end for n in numbers}  # the word right after a number
    total = sum(n.value for n in numbers)
    for i, word in enumerate(words):
        if i in counted_by_number:
            continue
        if word in _SELF:
            total += 1
        elif word in _PERSON:
            total += 1
        elif word in _PAIRS:
            total += _PAIRS[word]
        elif word in _PEOPLE:
            return _fail(f"cannot count '{word}' in '{text}'")
    if total == 0 and _SOLO.intersection(words):
        total = 1
    if total == 0:
        return _fail(f"no number of guests in '{text}'")
    return _Reading(total, f"'{text}' -> {total} guest{'s' if total != 1 else ''}")


def parse_guests(text: str) -> int | None:
    """Number of guests: "2 adults and 1 child" -> 3, "my wife and I" -> 2, "solo" -> 1."""
    return cast(int | None, _read_slot("guests", text).value)


def _read_rooms(text: str) -> _Reading:
    rooms = _count_of(_words(text), ("room",))
    if rooms is None:
        return _fail(f"no number of rooms in '{text}'")
    return _Reading(rooms, f"'{text}' -> {rooms} room{'s' if rooms != 1 else ''}")


def parse_rooms(text: str) -> int | None:
    """Number of rooms: "two rooms" -> 2, "a room" -> 1, "3" -> 3."""
    return cast(int | None, _read_slot("rooms", text).value)


def _flag_limit(reading: _Reading, limit: int, what: str) -> _Reading:
    """Note a count outside the booking limits; the policy rejects it with a reply."""
    if not isinstance(reading.value, int):
        return reading
    if reading.value < 1:
        return reading._replace(note=f"{reading.note}; must be at least 1")
    if reading.value > limit:
        return reading._replace(note=f"{reading.note}; above the limit of {limit} {what}")
    return reading


# --------------------------------------------------------------------------- ordinal

# Negative ordinals count from the end of the offered list, like Python indexes:
# -1 is the last option, -2 the one before it. The tracker resolves them.
_SECOND_TO_LAST = re.compile(r"\b(?:second|2nd)(?: to)? last\b|\blast but one\b|\bpenultimate\b")
_OPTION_MARKERS: frozenset[str] = frozenset({"number", "no", "num", "option", "choice", "hotel"})


def _read_ordinal(text: str) -> _Reading:
    words = _words(text)
    phrase = " ".join(words)
    if _SECOND_TO_LAST.search(phrase):
        return _Reading(-2, f"'{text}' -> -2 (second to last offered option)")
    if "last" in words:
        return _Reading(-1, f"'{text}' -> -1 (last offered option)")
    ordinals = _ordinals_in(words)
    numbers = _numbers_in(words)
    if ordinals:
        position = ordinals[0].value
    elif numbers and ("#" in text or _OPTION_MARKERS.intersection(words)):
        position = numbers[0].value  # "option 3", "number two", "#2"
    elif len(rest := [w for w in words if w != "the"]) == 1 and numbers and rest[0] != "one":
        position = numbers[0].value  # the span is just a number: "2", "two"; "the one" is not
    else:
        return _fail(f"no position in '{text}'")
    if position < 1:
        return _fail(f"'{text}': positions start at 1")
    return _Reading(position, f"'{text}' -> option {position}")


def parse_ordinal(text: str) -> int | None:
    """1-based position in the offered list: "the second one" -> 2, "#3" -> 3, "the last" -> -1."""
    return cast(int | None, _read_slot("ordinal", text).value)


# --------------------------------------------------------------------------- price

_FOREIGN_CURRENCY = re.compile(
    r"[$€£₩]|\b(?:usd|dollars?|bucks|eur|euros?|gbp|pounds?|jpy|yen|hkd|krw|won|sgd|twd)\b"
)
_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:(k|thousand|hundred)(?![a-z]))?")
_MULTIPLIERS: dict[str, int] = {"k": 1000, "thousand": 1000, "hundred": 100}


def _word_amount(words: Sequence[str]) -> int:
    """An amount in words: "eight hundred" -> 800, "a thousand and fifty" -> 1050, else 0."""
    total = current = 0
    for word in words:
        if word in _UNITS or word in _TENS:
            current += _UNITS.get(word, _TENS.get(word, 0))
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total, current = total + (current or 1) * 1000, 0
    return total + current


def _read_price(text: str) -> _Reading:
    folded = _fold(text)
    foreign = _FOREIGN_CURRENCY.search(folded)
    if foreign:
        return _fail(f"only {schema.CURRENCY} prices ('{foreign[0]}' in '{text}')")
    amounts = [
        float(digits.replace(",", "")) * _MULTIPLIERS.get(multiplier or "", 1)
        for digits, multiplier in _AMOUNT.findall(folded)
    ]
    if not amounts and (in_words := _word_amount(_words(text))):
        amounts = [float(in_words)]
    if not amounts or max(amounts) <= 0:
        return _fail(f"no price in '{text}'")
    # A range ("500-800", "between 500 and 800") caps the price at its upper end.
    price = max(amounts)
    ranged = " (upper end of the range)" if len(amounts) > 1 else ""
    shown = f"{price:.2f}".rstrip("0").rstrip(".")
    return _Reading(price, f"'{text}' -> {shown} {schema.CURRENCY} per night{ranged}")


def parse_price(text: str) -> float | None:
    """Maximum price per night in CNY: "under 800" -> 800.0, "1.5k" -> 1500.0, "$100" -> None."""
    return cast(float | None, _read_slot("max_price", text).value)


# --------------------------------------------------------------------------- booking ref

_REF_WITH_PREFIX = re.compile(r"\bhb[\s\-_#:.]*([a-z0-9]{4,})\b")
# Without the prefix only a code with a digit is taken ("4821"), never a plain word.
_REF_BARE = re.compile(r"\b((?=[a-z]*\d)[a-z0-9]{4,})\b")


def _read_booking_ref(text: str) -> _Reading:
    folded = _fold(text)
    match = _REF_WITH_PREFIX.search(folded)
    if match:
        ref = f"HB-{match[1].upper()}"
        return _Reading(ref, f"'{text}' -> {ref}")
    match = _REF_BARE.search(folded)
    if match:
        ref = f"HB-{match[1].upper()}"
        return _Reading(ref, f"'{text}' -> {ref} (added the HB- prefix)")
    return _fail(f"no booking reference (HB- and 4+ letters/digits) in '{text}'")


def parse_booking_ref(text: str) -> str | None:
    """Canonical reference "HB-" + 4 or more characters: "hb 4821" -> "HB-4821" (an older
    one), "hb-7kq2xm4pa" -> "HB-7KQ2XM4PA" (as the bot issues them now)."""
    return cast(str | None, _read_slot("booking_ref", text).value)


# --------------------------------------------------------------------------- tier

_TIER_VOCAB: dict[str, str] = {
    _phrase(word): tier for tier, words in schema.TIER_WORDS.items() for word in words
}
_TIER_STEP_VOCAB: dict[str, str] = {  # phrase -> signed steps, as text (a _PhraseMatch's canonical)
    _phrase(word): str(steps) for steps, words in schema.TIER_STEP_WORDS.items() for word in words
}
_STARS = re.compile(r"(?<![\d.])\b(\d|one|two|three|four|five|six|seven)\s*-?\s*(?:stars?|\*)")
_NEGATIONS: frozenset[str] = frozenset({"not", "no", "nothing", "without", "never", "dont", "don"})  # don't
_TIER_CUTOFF = 80  # "cheep" -> cheap scores 80, "luxary" -> luxury 83
_TIER_STEP_CUTOFF = 90  # "cheaper" is no misspelt "cheap" (83), nor "nicer" a "nice" (89)


def _read_tier(text: str) -> _Reading:
    stars = _STARS.search(_fold(text))
    if stars:
        count = int(stars[1]) if stars[1].isdigit() else _UNITS[stars[1]]
        tier = schema.STARS_TO_TIER.get(count)
        if tier is None:
            return _fail(f"'{text}': no {count}-star tier")
        return _Reading(tier, f"'{text}': {count} stars -> {tier}")
    words = _words(text)
    step = _match_phrase(words, _TIER_STEP_VOCAB, _TIER_STEP_CUTOFF)
    match = step or _match_phrase(words, _TIER_VOCAB, _TIER_CUTOFF)
    if match is None:
        return _fail(f"no tier word in '{text}'")
    if _NEGATIONS.intersection(words[: match.start]):
        return _fail(f"'{text}': negated '{match.phrase}' names no tier")
    if step is not None:
        return _tier_step(text, int(step.canonical))
    return _Reading(match.canonical, _describe(text, match))


# --------------------------------------------------------------------------- topic

_TOPIC_VOCAB: dict[str, str] = {
    _phrase(word): topic for topic, words in schema.TOPIC_WORDS.items() for word in words
}
_TOPIC_CUTOFF = 85  # "brekfast" 94, "parkng" 92, "checking out" 86; 3-letter words never


def _read_topic(text: str) -> _Reading:
    match = _match_phrase(_words(text), _TOPIC_VOCAB, _TOPIC_CUTOFF)
    if match is None:
        return _fail(f"unknown topic '{text}'")
    return _Reading(match.canonical, _describe(text, match))


# --------------------------------------------------------------------------- city

_CITY_KEYS: dict[str, str] = {
    _compact(alias): city for city, aliases in schema.CITIES.items() for alias in (city, *aliases)
}
# Cities the database does not serve that score 80+ against a served name with the
# same first letter (Chengde/Chengdu 86, Ganzhou/Guangzhou 88, Xiamen/Xi'an 80). They
# compete in the fuzzy match so that they, and typos of them ("Xiamn"), are not read
# as a served city. Look-alikes with another first letter (Yangzhou) never match.
_LOOKALIKE_CITIES: tuple[str, ...] = ("Chengde", "Ganzhou", "Xiamen")
_LOOKALIKE_KEYS: dict[str, str] = {_compact(name): name for name in _LOOKALIKE_CITIES}
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


def _read_city(text: str) -> _Reading:
    words = [w for w in _words(text) if w not in _CITY_FILLERS]
    key = "".join(words)
    if key in _CITY_KEYS:
        return _Reading(_CITY_KEYS[key], f"'{text}' -> {_CITY_KEYS[key]}")
    if key in _LOOKALIKE_KEYS:
        return _Reading(_LOOKALIKE_KEYS[key], f"'{text}' is not a served city", known=False)
    for group in _ngrams(words, 4):  # a served name inside a longer span: "Shanghai Pudong"; a sight
        for _start, gram in group:
            gram_key = gram.replace(" ", "")
            if len(gram_key) >= _MIN_FUZZY_LEN and gram_key in _CITY_KEYS:
                return _Reading(_CITY_KEYS[gram_key], f"'{text}': '{gram}' -> {_CITY_KEYS[gram_key]}")
            if gram_key in _LANDMARK_KEYS:
                sight, city = _LANDMARK_KEYS[gram_key]
                return _Reading(city, f"'{text}': '{sight}' is in {city}")
    hit = _fuzzy(key, [*_CITY_KEYS, *_LOOKALIKE_KEYS], _CITY_CUTOFF)
    if hit and hit[0] in _CITY_KEYS:
        city = _CITY_KEYS[hit[0]]
        return _Reading(city, f"fuzzy '{text}' -> {city} (score {hit[1]:.0f})")
    if hit:
        place = _LOOKALIKE_KEYS[hit[0]]
        return _Reading(place, f"fuzzy '{text}' -> {place}, which is not a served city", known=False)
    place = " ".join(word.capitalize() for word in _tidy_name(text).split())  # "new york" -> "New York"
    if not re.search(r"[^\W\d_]", place):
        return _fail(f"no place name in '{text}'")
    return _Reading(place, f"'{place}' is not a served city", known=False)


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


class _HotelIndex:
    """The served hotel names, looked up by their distinctive words; Chinese names (the
    catalogue has one per hotel) by their distinctive characters, for Chinese spans."""

    def __init__(self, names: Sequence[str]) -> None:
        self._by_core: dict[str, list[str]] = {}
        for name in names:
            if not looks_chinese(name):
                self._by_core.setdefault(_hotel_core(name), []).append(name)
        self._chinese = zh_slots.ZhHotelNames([name for name in names if looks_chinese(name)])

    def read(self, text: str, chinese: bool = False) -> _Reading:
        if not (chinese or looks_chinese(text)):
            return self._read_english(text)
        return _either(self._chinese.read(text), text, self._read_english)

    def _read_english(self, text: str) -> _Reading:
        core = _hotel_core(text)
        if core in self._by_core:
            return self._pick(text, self._by_core[core], "")
        words = set(core.split())
        partial = [n for c, names in self._by_core.items() if words <= set(c.split()) for n in names]
        if partial:
            return self._pick(text, partial, " (partial name)")
        # the tagged span ran over a neighbouring word: "reserve Panda Valley Hotel"
        inside = [c for c in self._by_core if _contains(core, c)]
        if inside:
            longest = max(inside, key=lambda c: len(c.split()))
            return self._pick(text, self._by_core[longest], " (name found inside the tagged words)")
        hit = _fuzzy(core, self._by_core, _HOTEL_CUTOFF)
        if hit:
            return self._pick(text, self._by_core[hit[0]], f" (fuzzy, score {hit[1]:.0f})")
        name = _tidy_name(text)
        if name.islower():
            name = " ".join(word.capitalize() for word in name.split())
        return _Reading(name, f"'{text}' is not a hotel we list", known=False)

    @staticmethod
    def _pick(text: str, names: list[str], how: str) -> _Reading:
        if len(names) > 1:
            return _fail(f"'{text}' is ambiguous: {', '.join(sorted(names))}")
        return _Reading(names[0], f"'{text}' -> {names[0]}{how}")


@lru_cache(maxsize=8)
def _hotel_index(names: tuple[str, ...]) -> _HotelIndex:
    """One index per list of names: the understanding stage makes a Normalizer every turn
    (its today moves), while the served hotels stay; building the index took a quarter
    of a millisecond a turn."""
    return _HotelIndex(names)


# --------------------------------------------------------------------------- normaliser


# Slots read from the text alone: the English and the Chinese reader of each.
_READERS: dict[str, tuple[Callable[[str], _Reading], Callable[[str], _Reading]]] = {
    "city": (_read_city, zh_slots.read_city),
    "tier": (_read_tier, zh_slots.read_tier),
    "max_price": (_read_price, zh_slots.read_price),
    "booking_ref": (_read_booking_ref, zh_slots.read_booking_ref),
    "topic": (_read_topic, zh_slots.read_topic),
    "ordinal": (_read_ordinal, zh_slots.read_ordinal),
    "nights": (_read_nights, zh_slots.read_nights),
    "guests": (_read_guests, zh_slots.read_guests),
    "rooms": (_read_rooms, zh_slots.read_rooms),
}
# Counts, with the schema limit they must respect.
_LIMITS: dict[str, int] = {"nights": schema.MAX_NIGHTS, "guests": schema.MAX_GUESTS, "rooms": schema.MAX_ROOMS}


def _either(chinese: _Reading, text: str, english: Callable[[str], _Reading]) -> _Reading:
    """The Chinese reading, unless it names nothing served and the English reader serves the
    span's Latin letters: "去sh" is Shanghai, "2 nights" in a Chinese message is 2. A span
    without ideographs that neither serves keeps the English reading ("Paris", not "paris")."""
    if chinese.known or not has_latin(text):
        return chinese
    other = english(text)
    return other if other.known or not looks_chinese(text) else chinese


def _read_slot(slot: str, text: str, chinese: bool = False) -> _Reading:
    """`chinese`: the message is Chinese, so even a span without ideographs goes to the
    Chinese reader first."""
    english, in_chinese = _READERS[slot]
    if chinese or looks_chinese(text):
        reading = _either(in_chinese(text), text, english)
    else:
        reading = english(text)
    return _flag_limit(reading, _LIMITS[slot], slot) if slot in _LIMITS else reading


class Normalizer:
    """Turns (slot, surface) into the slot's canonical value, relative to an injected today."""

    def __init__(self, today: date, hotel_names: Sequence[str] = (), *, chinese: bool = False) -> None:
        """`chinese`: the message is Chinese (zh_words.is_chinese), so spans without
        ideographs are read by the Chinese rules too ("12/10" is December 10th)."""
        self.today = today
        self.chinese = chinese
        self._hotels = _hotel_index(tuple(hotel_names))

    def normalize(self, slot: str, surface: str, *, after: date | None = None) -> Normalized:
        """`after` is the check-in when reading a check-out: open dates must fall after it."""
        if slot not in schema.SLOTS:
            raise ValueError(f"unknown slot {slot!r}; expected one of {schema.SLOTS}")
        reading = self._read(slot, surface, after) if surface.strip() else _fail("empty span")
        return Normalized(slot=slot, surface=surface, value=reading.value, known=reading.known, note=reading.note)

    def _read(self, slot: str, text: str, after: date | None) -> _Reading:
        if slot in ("check_in", "check_out"):
            return read_date(text, self.today, after, chinese=self.chinese)
        if slot == "hotel":
            return self._hotels.read(text, self.chinese)
        return _read_slot(slot, text, self.chinese)
