"""The English slot readers: a span -> the slot's canonical value (SPEC section 2), with a
note for the trace. Dates are read in en/dates.py, city and hotel names in en/names.py."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.models import Shift
from bot.understanding.en.words import (_TENS, _UNITS, _describe, _fold, _match_phrase, _numbers_in, _ordinals_in,
                                        _phrase, _words)
from bot.understanding.reading import Reading, fail, tier_step
from intents import schema


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


def read_nights(text: str) -> Reading:
    words = _words(text)
    more, fewer = bool(_MORE_NIGHTS.intersection(words)), bool(_FEWER_NIGHTS.intersection(words))
    if more != fewer:
        return _read_nights_shift(text, words, 1 if more else -1)
    if "weekend" in words:
        nights = 3 if "long" in words else 2
        return Reading(nights, f"'{text}' = Friday/Saturday{'/Sunday' if nights == 3 else ''} nights")
    unit = next((w for w in words if w in _STAY_UNITS), None)
    count = _count_of(words, _SINGULAR_STAY_UNITS)
    if count is None:
        return fail(f"no number of nights in '{text}'")
    per_unit = _STAY_UNITS[unit] if unit else 1
    nights = count * per_unit
    if unit in ("day", "days"):
        return Reading(nights, f"'{text}' -> {nights} (days read as nights)")
    return Reading(nights, f"'{text}' -> {nights} night{'s' if nights != 1 else ''}")


def _read_nights_shift(text: str, words: list[str], sign: int) -> Reading:
    count = _count_of(words, _SINGULAR_STAY_UNITS)
    if count is None:
        return fail(f"no number of nights in '{text}'")
    unit = next((w for w in words if w in _STAY_UNITS), "night")
    nights = count * _STAY_UNITS[unit]
    return Reading(Shift(days=sign * nights), f"'{text}' -> {nights} night{'s' * (nights != 1)} {'more' if sign > 0 else 'fewer'} than now")




# People a guest count is made of. A singular noun without a number is one person
# ("my wife", "a child", "my boss"); a plural one needs a number ("2 kids"), or cannot be counted.
_SELF: frozenset[str] = frozenset({"me", "i", "myself"})
_PERSON: frozenset[str] = frozenset({
    "adult", "person", "guest", "child", "kid", "baby", "infant", "toddler", "teenager", "teen", "wife",
    "husband", "partner", "spouse", "friend", "girlfriend", "boyfriend", "fiance", "fiancee", "son",
    "daughter", "mother", "mom", "mum", "mommy", "mummy", "father", "dad", "daddy", "brother", "sister",
    "colleague", "coworker", "workmate", "classmate", "roommate", "flatmate", "teammate", "mate", "buddy",
    "pal", "boss", "manager", "assistant", "client", "customer", "grandma", "grandpa", "grandmother",
    "grandfather", "granny", "gran", "nan", "nana", "grandson", "granddaughter", "grandchild", "cousin",
    "aunt", "auntie", "uncle", "nephew", "niece", "neighbour", "neighbor", "bride", "groom", "sibling",
    "stepson", "stepdaughter", "wifey", "hubby", "missus", "man", "woman", "lady", "gentleman", "guy", "girl",
    "boy", "student", "driver", "nanny", "carer", "caregiver",
})
_PAIRS: dict[str, int] = {"parents": 2, "grandparents": 2}
_PEOPLE: frozenset[str] = frozenset({
    "adults", "people", "persons", "guests", "children", "kids", "babies", "infants", "teenagers", "teens",
    "friends", "sons", "daughters", "colleagues", "coworkers", "workmates", "classmates", "brothers", "sisters",
    "siblings", "cousins", "grandchildren", "grandkids", "students", "men", "women", "ladies", "guys", "girls",
    "boys", "mates", "folks", "relatives", "clients",
})
# Animals come along, but are no guests: "one small dog" counts nobody.
_ANIMALS: frozenset[str] = frozenset({
    "dog", "dogs", "puppy", "puppies", "pup", "cat", "cats", "kitten", "kittens", "pet", "pets", "bird", "birds",
    "rabbit", "rabbits", "hamster", "hamsters", "parrot", "parrots", "doggy", "doggo", "pooch", "ferret", "ferrets",
})
_SOLO: frozenset[str] = frozenset({"alone", "solo", "own"})  # "on my own"
_ANIMAL_REACH = 3  # "two small dogs": the animal within three words after the number


# A change of the party: "add my brother", "one more person", "another guest" (+); "one person
# less", "one fewer guest", "minus one" (-).
# Also told by who comes: "my sister is coming too" (+), "my brother isn't coming" (-).
_MORE_GUESTS = re.compile(r"^(?:also\s+)?(?:add|adding|another|extra|additional)\b|\b(?:more|extra)\s+(?:person|people|guests?|adults?|kids?)\b"
                          r"|\b(?:is|are|s|will\s+be)\s+(?:also\s+)?(?:coming|joining)\b|\b(?:comes|joins)\s+(?:too|as\s+well|along)\b")
_CHANGE_WORDS = re.compile(r"^(?:also\s+)?(?:add|adding|minus|drop|remove|without)\s+")
_FEWER_GUESTS = re.compile(r"\b(?:less|fewer)\b|^(?:minus|drop|remove|without)\b"
                           r"|\b(?:isn\s+t|is\s+not|aren\s+t|are\s+not|can\s+t|cannot|won\s+t|will\s+not)\s+(?:coming|come|join|joining|make\s+it)\b")


def read_guests(text: str) -> Reading:
    """Sum of everyone mentioned: "2 adults and 1 child" -> 3, "me and my wife" -> 2; a number
    of animals counts nobody ("one small dog", "me and my 2 cats" -> 1); a change of the party
    is a Shift ("add my brother" +1, "two more people" +2, "one person less" -1)."""
    phrase = " ".join(_words(text))
    more, fewer = bool(_MORE_GUESTS.search(phrase)), bool(_FEWER_GUESTS.search(phrase))
    if more != fewer:
        numbers = _numbers_in(phrase.split())
        named = _count_party(_CHANGE_WORDS.sub("", phrase))
        count = numbers[0].value if numbers else named.value if isinstance(named.value, int) else 1
        sign = 1 if more else -1
        return Reading(Shift(days=sign * count), f"'{text}' -> {count} guest{'s' * (count != 1)} {'more' if more else 'fewer'} than now")
    return _count_party(text)


def _count_party(text: str) -> Reading:
    words = _words(text)
    numbers = [n for n in _numbers_in(words) if not _ANIMALS.intersection(words[n.end : n.end + _ANIMAL_REACH])]
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
            return fail(f"cannot count '{word}' in '{text}'")
    if total == 0 and _SOLO.intersection(words):
        total = 1
    if total == 0:
        pets = _ANIMALS.intersection(words)
        return fail(f"'{text}': a pet is no guest" if pets else f"no number of guests in '{text}'")
    return Reading(total, f"'{text}' -> {total} guest{'s' if total != 1 else ''}")




_SOMEONE = "|".join(sorted(_PERSON | set(_PAIRS) | _PEOPLE, key=len, reverse=True))
# A party a message describes, which the model may leave untagged: "just me", "for my parents",
# "me and my wife", "with my two kids" (the guests reader counts it).
_PARTY = re.compile(
    rf"\bjust\s+(?:me|myself)\b|\b(?:me|myself|i)\s+(?:and|plus|&)\s+(?:my|our)\s+(?:\w+\s+)?(?:{_SOMEONE})\b"
    rf"|\b(?:for|with)\s+(?:my|our)\s+(?:(?:\w+\s+)?(?:{_SOMEONE})(?:\s*(?:,|and|&)\s*(?:my|our)?\s*)?)+",
    re.I)


def party_phrase(text: str) -> tuple[int, int] | None:
    """[start, end) of the party an English message describes, if it describes one."""
    match = _PARTY.search(text)
    if match is None:
        return None
    start = match.start() + (len(match[0]) - len(match[0].lstrip()))
    for lead in ("for ", "with "):
        if text[start : start + len(lead)].lower() == lead:
            start += len(lead)
    return start, match.start() + len(match[0].rstrip(" ,&").removesuffix(" and").rstrip(" ,&"))


def read_rooms(text: str) -> Reading:
    rooms = _count_of(_words(text), ("room",))
    if rooms is None:
        return fail(f"no number of rooms in '{text}'")
    return Reading(rooms, f"'{text}' -> {rooms} room{'s' if rooms != 1 else ''}")


# --------------------------------------------------------------------------- ordinal

# Negative ordinals count from the end of the offered list, like Python indexes:
# -1 is the last option, -2 the one before it. The tracker resolves them.
_SECOND_TO_LAST = re.compile(r"\b(?:second|2nd)(?: to)? last\b|\blast but one\b|\bpenultimate\b")
_OPTION_MARKERS: frozenset[str] = frozenset({"number", "no", "num", "option", "choice", "hotel"})


def read_ordinal(text: str) -> Reading:
    words = _words(text)
    phrase = " ".join(words)
    if _SECOND_TO_LAST.search(phrase):
        return Reading(-2, f"'{text}' -> -2 (second to last offered option)")
    if "last" in words:
        return Reading(-1, f"'{text}' -> -1 (last offered option)")
    ordinals = _ordinals_in(words)
    numbers = _numbers_in(words)
    if ordinals:
        position = ordinals[0].value
    elif numbers and ("#" in text or _OPTION_MARKERS.intersection(words)):
        position = numbers[0].value  # "option 3", "number two", "#2"
    elif len(rest := [w for w in words if w != "the"]) == 1 and numbers and rest[0] != "one":
        position = numbers[0].value  # the span is just a number: "2", "two"; "the one" is not
    else:
        return fail(f"no position in '{text}'")
    if position < 1:
        return fail(f"'{text}': positions start at 1")
    return Reading(position, f"'{text}' -> option {position}")




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


def read_price(text: str) -> Reading:
    folded = _fold(text)
    foreign = _FOREIGN_CURRENCY.search(folded)
    if foreign:
        return fail(f"only {schema.CURRENCY} prices ('{foreign[0]}' in '{text}')")
    amounts = [
        float(digits.replace(",", "")) * _MULTIPLIERS.get(multiplier or "", 1)
        for digits, multiplier in _AMOUNT.findall(folded)
    ]
    if not amounts and (in_words := _word_amount(_words(text))):
        amounts = [float(in_words)]
    if not amounts or max(amounts) <= 0:
        return fail(f"no price in '{text}'")
    # A range ("500-800", "between 500 and 800") caps the price at its upper end.
    price = max(amounts)
    ranged = " (upper end of the range)" if len(amounts) > 1 else ""
    shown = f"{price:.2f}".rstrip("0").rstrip(".")
    return Reading(price, f"'{text}' -> {shown} {schema.CURRENCY} per night{ranged}")




# --------------------------------------------------------------------------- booking ref

_REF_WITH_PREFIX = re.compile(r"\bhb[\s\-_#:.]*([a-z0-9]{4,})\b")
# Without the prefix only a code with a digit is taken ("4821"), never a plain word.
_REF_BARE = re.compile(r"\b((?=[a-z]*\d)[a-z0-9]{4,})\b")


def read_booking_ref(text: str) -> Reading:
    folded = _fold(text)
    match = _REF_WITH_PREFIX.search(folded)
    if match:
        ref = f"HB-{match[1].upper()}"
        return Reading(ref, f"'{text}' -> {ref}")
    match = _REF_BARE.search(folded)
    if match:
        ref = f"HB-{match[1].upper()}"
        return Reading(ref, f"'{text}' -> {ref} (added the HB- prefix)")
    return fail(f"no booking reference (HB- and 4+ letters/digits) in '{text}'")




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


def read_tier(text: str) -> Reading:
    stars = _STARS.search(_fold(text))
    if stars:
        count = int(stars[1]) if stars[1].isdigit() else _UNITS[stars[1]]
        tier = schema.STARS_TO_TIER.get(count)
        if tier is None:
            return fail(f"'{text}': no {count}-star tier")
        return Reading(tier, f"'{text}': {count} stars -> {tier}")
    words = _words(text)
    step = _match_phrase(words, _TIER_STEP_VOCAB, _TIER_STEP_CUTOFF)
    match = step or _match_phrase(words, _TIER_VOCAB, _TIER_CUTOFF)
    if match is None:
        return fail(f"no tier word in '{text}'")
    if _NEGATIONS.intersection(words[: match.start]):
        return fail(f"'{text}': negated '{match.phrase}' names no tier")
    if step is not None:
        return tier_step(text, int(step.canonical))
    return Reading(match.canonical, _describe(text, match))


# --------------------------------------------------------------------------- topic

_TOPIC_VOCAB: dict[str, str] = {
    _phrase(word): topic for topic, words in schema.TOPIC_WORDS.items() for word in words
}
_TOPIC_CUTOFF = 85  # "brekfast" 94, "parkng" 92, "checking out" 86; 3-letter words never


def read_topic(text: str) -> Reading:
    match = _match_phrase(_words(text), _TOPIC_VOCAB, _TOPIC_CUTOFF)
    if match is None:
        return fail(f"unknown topic '{text}'")
    return Reading(match.canonical, _describe(text, match))
