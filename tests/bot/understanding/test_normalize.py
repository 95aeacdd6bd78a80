"""Slot-value normaliser: surface span -> canonical value (SPEC section 2)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.models import Shift, TierStep
from bot.understanding.dates import parse_date
from bot.understanding.normalize import (
    Normalized,
    Normalizer,
    parse_booking_ref,
    parse_guests,
    parse_nights,
    parse_ordinal,
    parse_price,
    parse_rooms,
)
from bot.understanding.en.words import parse_number
from intents import schema
from tests import seeded_names

TODAY = date(2026, 12, 1)  # a Tuesday
HOTELS = ["Bund Riverside Hotel", "Jade Garden Inn", "Peace Palace Grand"]


@pytest.fixture
def normalizer() -> Normalizer:
    return Normalizer(TODAY, HOTELS)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the 10th", date(2026, 12, 10)),
        ("10th", date(2026, 12, 10)),
        ("on the 1st", date(2026, 12, 1)),  # today itself counts
        ("22nd", date(2026, 12, 22)),
        ("the 3rd", date(2026, 12, 3)),
        ("the tenth", date(2026, 12, 10)),
        ("the twenty-first", date(2026, 12, 21)),
        ("the 10", date(2026, 12, 10)),
        ("10", date(2026, 12, 10)),
        ("until the 12th", date(2026, 12, 12)),
        ("Dec 10", date(2026, 12, 10)),
        ("dec 10", date(2026, 12, 10)),
        ("Dec. 10", date(2026, 12, 10)),
        ("December 10th", date(2026, 12, 10)),
        ("december the tenth", date(2026, 12, 10)),
        ("10 December", date(2026, 12, 10)),
        ("10 Dec", date(2026, 12, 10)),
        ("the 10th of December", date(2026, 12, 10)),
        ("the first of January", date(2027, 1, 1)),
        ("Jan 3", date(2027, 1, 3)),
        ("March 5th", date(2027, 3, 5)),
        ("Nov 30", date(2027, 11, 30)),  # passed this year: next year
        ("December 10, 2026", date(2026, 12, 10)),
        ("10 Dec 2027", date(2027, 12, 10)),
        ("2026-12-10", date(2026, 12, 10)),
        ("2026/12/10", date(2026, 12, 10)),
        ("25/12", date(2026, 12, 25)),  # only day/month is possible
        ("12/25", date(2026, 12, 25)),  # only month/day is possible
        ("10/10", date(2027, 10, 10)),  # both readings agree
        ("25.12.2026", date(2026, 12, 25)),
        ("12/25/26", date(2026, 12, 25)),
        ("today", date(2026, 12, 1)),
        ("tonight", date(2026, 12, 1)),
        ("tomorrow", date(2026, 12, 2)),
        ("Tomorrow!", date(2026, 12, 2)),
        ("tmrw", date(2026, 12, 2)),
        ("tmr", date(2026, 12, 2)),
        ("the day after tomorrow", date(2026, 12, 3)),
        ("day after tomorrow", date(2026, 12, 3)),
        ("in 3 days", date(2026, 12, 4)),
        ("in three days", date(2026, 12, 4)),
        ("in a couple of days", date(2026, 12, 3)),
        ("in a week", date(2026, 12, 8)),
        ("in two weeks", date(2026, 12, 15)),
        ("3 days from now", date(2026, 12, 4)),
        ("3 days from today", date(2026, 12, 4)),
        ("next week", date(2026, 12, 7)),
        ("this weekend", date(2026, 12, 5)),
        ("the weekend", date(2026, 12, 5)),
        ("next weekend", date(2026, 12, 12)),
        ("Christmas", date(2026, 12, 25)),
        ("christmas eve", date(2026, 12, 24)),
        ("Boxing Day", date(2026, 12, 26)),
        ("New Year's Eve", date(2026, 12, 31)),
        ("new year's day", date(2027, 1, 1)),
        ("Friday the 11th", date(2026, 12, 11)),  # the dated form wins over the weekday
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 11, 28), "the 2nd", date(2026, 12, 2)),  # month wrap
        (date(2026, 12, 20), "the 5th", date(2027, 1, 5)),  # year wrap
        (date(2026, 12, 20), "Jan 3", date(2027, 1, 3)),
        (date(2026, 12, 15), "the 10th", date(2027, 1, 10)),
        (date(2026, 12, 15), "the 15th", date(2026, 12, 15)),
        (date(2026, 12, 1), "the 1st", date(2026, 12, 1)),  # same day
        (date(2026, 11, 5), "the 31st", date(2026, 12, 31)),  # November has no 31st
        (date(2027, 1, 31), "the 30th", date(2027, 3, 30)),  # nor February a 30th
        (date(2027, 1, 31), "the 29th", date(2027, 3, 29)),  # 2027 is not a leap year
        (date(2028, 1, 31), "the 29th", date(2028, 2, 29)),  # 2028 is
        (date(2026, 12, 1), "Feb 29", date(2028, 2, 29)),
        (date(2028, 3, 1), "Feb 29", date(2032, 2, 29)),
        (date(2026, 12, 31), "new year's eve", date(2026, 12, 31)),
        (date(2026, 12, 31), "tomorrow", date(2027, 1, 1)),
        (date(2026, 12, 30), "in 5 days", date(2027, 1, 4)),
    ],
)
def test_parse_date_wraps_months_and_years(today: date, text: str, expected: date) -> None:
    assert parse_date(text, today) == expected


# Weekdays: a bare or "this" weekday is the first one strictly after today (1-7 days);
# "next X" is X in next calendar week (weeks start on Monday).
@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 12, 1), "Friday", date(2026, 12, 4)),  # Tuesday
        (date(2026, 12, 1), "this Friday", date(2026, 12, 4)),
        (date(2026, 12, 1), "on friday", date(2026, 12, 4)),
        (date(2026, 12, 1), "fri", date(2026, 12, 4)),
        (date(2026, 12, 1), "next Friday", date(2026, 12, 11)),
        (date(2026, 12, 1), "Friday next week", date(2026, 12, 11)),
        (date(2026, 12, 1), "Tuesday", date(2026, 12, 8)),  # today's weekday: a week on
        (date(2026, 12, 1), "next Tuesday", date(2026, 12, 8)),
        (date(2026, 12, 1), "Wednesday", date(2026, 12, 2)),
        (date(2026, 12, 1), "Sunday", date(2026, 12, 6)),
        (date(2026, 12, 1), "next Sunday", date(2026, 12, 13)),
        (date(2026, 12, 1), "Monday", date(2026, 12, 7)),
        (date(2026, 12, 4), "Friday", date(2026, 12, 11)),  # Friday
        (date(2026, 12, 4), "next Friday", date(2026, 12, 11)),
        (date(2026, 12, 4), "Saturday", date(2026, 12, 5)),
        (date(2026, 12, 4), "next Saturday", date(2026, 12, 12)),
        (date(2026, 12, 5), "Friday", date(2026, 12, 11)),  # Saturday
        (date(2026, 12, 5), "next Friday", date(2026, 12, 11)),
        (date(2026, 12, 5), "this weekend", date(2026, 12, 5)),
        (date(2026, 12, 6), "Monday", date(2026, 12, 7)),  # Sunday
        (date(2026, 12, 6), "next Monday", date(2026, 12, 7)),
        (date(2026, 12, 6), "next week", date(2026, 12, 7)),
        (date(2026, 12, 6), "this weekend", date(2026, 12, 12)),
        (date(2026, 12, 30), "Friday", date(2027, 1, 1)),  # Wednesday, year wrap
        (date(2026, 12, 30), "next week", date(2027, 1, 4)),
        (date(2026, 12, 30), "next Thursday", date(2027, 1, 7)),
    ],
)
def test_parse_date_weekdays(today: date, text: str, expected: date) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    ("today", "after", "text", "expected"),
    [
        (date(2026, 12, 1), date(2026, 12, 30), "until the 2nd", date(2027, 1, 2)),
        (date(2026, 12, 1), date(2026, 12, 30), "the 30th", date(2027, 1, 30)),  # strictly after
        (date(2026, 12, 1), date(2026, 12, 30), "the 31st", date(2026, 12, 31)),
        (date(2026, 12, 1), date(2026, 12, 30), "Jan 2", date(2027, 1, 2)),
        (date(2026, 12, 1), date(2026, 12, 10), "the 12th", date(2026, 12, 12)),
        (date(2026, 12, 1), date(2026, 12, 10), "12th", date(2026, 12, 12)),
        (date(2026, 12, 1), date(2027, 1, 31), "the 2nd", date(2027, 2, 2)),
        (date(2026, 12, 1), date(2026, 12, 4), "Friday", date(2026, 12, 11)),  # after a Friday
        (date(2026, 12, 1), date(2026, 12, 4), "Sunday", date(2026, 12, 6)),
        (date(2026, 12, 1), date(2026, 12, 10), "tomorrow", date(2026, 12, 2)),  # relative to today
    ],
)
def test_parse_date_after_check_in(today: date, after: date, text: str, expected: date) -> None:
    assert parse_date(text, today, after=after) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Feb 30",
        "February 31st",
        "April 31",
        "the 45th",
        "the 0th",
        "31/4",
        "13/13",
        "2026-02-30",
        "2026-13-01",
        "12/10",  # Oct 12 or Dec 10: ambiguous
        "1/2/2027",
        "sometime",
        "next month",
        "soon",
        "",
    ],
)
def test_parse_date_impossible_or_unreadable(text: str) -> None:
    assert parse_date(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "note_part"),
    [
        ("Feb 30", "February has no day 30"),
        ("the 45th", "no month has a day 45"),
        ("12/10", "ambiguous"),
        ("2026-02-30", "not a real date"),
    ],
)
def test_impossible_dates_explain_why(normalizer: Normalizer, text: str, note_part: str) -> None:
    result = normalizer.normalize("check_in", text)
    assert (result.value, result.known) == (None, False)
    assert note_part in result.note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-01", date(2025, 1, 1)),  # an explicit past date is kept as written
        ("Dec 10 2025", date(2025, 12, 10)),
        ("yesterday", date(2026, 11, 30)),
    ],
)
def test_past_dates_are_kept_for_the_policy(normalizer: Normalizer, text: str, expected: date) -> None:
    result = normalizer.normalize("check_in", text)
    assert (result.value, result.known) == (expected, True)
    assert "in the past" in result.note


def test_date_too_far_ahead_is_kept_for_the_policy(normalizer: Normalizer) -> None:
    result = normalizer.normalize("check_in", "Feb 29")
    assert (result.value, result.known) == (date(2028, 2, 29), True)
    assert "365 days ahead" in result.note


# Found by the fuzz suite (tests/bot/test_fuzz.py): the bot's date arithmetic on these raised.
@pytest.mark.parametrize(("slot", "text"), [
    ("check_in", "9999-12-31"),
    ("check_out", "0001-01-01"),
    ("check_in", "Dec 10 2127"),
    ("check_in", "in 99999999 days"),
    ("check_in", "in 999999999999 weeks"),
    ("check_in", "3000000 days later"),
    ("check_out", "99999 weeks earlier"),
])
def test_a_date_or_shift_beyond_a_century_is_not_read(normalizer: Normalizer, slot: str, text: str) -> None:
    result = normalizer.normalize(slot, text)
    assert (result.value, result.known) == (None, False)
    assert "too far from today" in result.note


def test_check_out_not_after_check_in_is_kept_for_the_policy(normalizer: Normalizer) -> None:
    result = normalizer.normalize("check_out", "2026-12-05", after=date(2026, 12, 10))
    assert (result.value, result.known) == (date(2026, 12, 5), True)
    assert "not after 2026-12-10" in result.note


def test_check_out_wraps_past_check_in(normalizer: Normalizer) -> None:
    result = normalizer.normalize("check_out", "until the 2nd", after=date(2026, 12, 30))
    assert result == Normalized(
        slot="check_out", surface="until the 2nd", value=date(2027, 1, 2), known=True, note=result.note
    )
    assert "2026-12-31" in result.note


@pytest.mark.parametrize(
    ("text", "note_part"),
    [
        ("the 10th", "'the 10th' -> next 10th on/after 2026-12-01"),
        ("next Friday", "Friday of the week starting 2026-12-07"),
        ("Friday", "first Friday after 2026-12-01"),
        ("tomorrow", "+1 day"),
        ("2026-12-10", "as written"),
    ],
)
def test_date_notes(normalizer: Normalizer, text: str, note_part: str) -> None:
    assert note_part in normalizer.normalize("check_in", text).note


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", 2),
        ("two", 2),
        ("Two", 2),
        ("twenty", 20),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("nineteen", 19),
        ("a", 1),
        ("an", 1),
        ("one", 1),
        ("a room", 1),
        ("a couple", 2),
        ("a couple of nights", 2),
        ("a pair", 2),
        ("a dozen", 12),
        ("a family of four", 4),
        ("12 nights", 12),
        ("few", None),
        ("a few nights", None),
        ("several", None),
        ("nights", None),
        ("", None),
    ],
)
def test_parse_number(text: str, expected: int | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two nights", 2),
        ("2 nights", 2),
        ("for 2 nights", 2),
        ("a night", 1),
        ("one night", 1),
        ("just the night", 1),
        ("night", 1),
        ("a week", 7),
        ("one week", 7),
        ("two weeks", 14),
        ("a fortnight", 14),
        ("a weekend", 2),
        ("the weekend", 2),
        ("a long weekend", 3),
        ("3", 3),
        ("three", 3),
        ("a couple of nights", 2),
        ("ten nights", 10),
        ("2 days", 2),  # days are read as nights
        ("few nights", None),
        ("a few nights", None),
        ("several nights", None),
        ("nights", None),
        ("a while", None),
        ("for a bit", None),
    ],
)
def test_parse_nights(text: str, expected: int | None) -> None:
    assert parse_nights(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 adults", 2),
        ("two people", 2),
        ("2 adults and 1 child", 3),
        ("two adults, one child", 3),
        ("2 adults 2 kids", 4),
        ("an adult and a child", 2),
        ("me and my wife", 2),
        ("for me and my wife", 2),
        ("my wife and I", 2),
        ("me and my husband", 2),
        ("me, my wife and our 2 kids", 4),
        ("me and my parents", 3),
        ("me and 2 friends", 3),
        ("just me", 1),
        ("only me", 1),
        ("myself", 1),
        ("by myself", 1),
        ("alone", 1),
        ("solo", 1),
        ("I'm travelling alone", 1),
        ("on my own", 1),
        ("a family of four", 4),
        ("a family of 5", 5),
        ("for 3", 3),
        ("3", 3),
        ("3 guests", 3),
        ("a couple", 2),
        ("us two", 2),
        ("the two of us", 2),
        ("both of us", 2),
        ("we are 4", 4),
        ("me and my kids", None),  # how many kids?
        ("some friends", None),
        ("people", None),
        ("us", None),
    ],
)
def test_parse_guests(text: str, expected: int | None) -> None:
    assert parse_guests(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two rooms", 2),
        ("a room", 1),
        ("1 room", 1),
        ("one room", 1),
        ("a double room", 1),
        ("room", 1),
        ("3", 3),
        ("a couple of rooms", 2),
        ("rooms", None),
        ("several rooms", None),
    ],
)
def test_parse_rooms(text: str, expected: int | None) -> None:
    assert parse_rooms(text) == expected


# Counts outside the schema limits stay known (the policy rejects them with a reply);
# the note flags them for the trace.
@pytest.mark.parametrize(
    ("slot", "text", "value", "flag"),
    [
        ("nights", "30 nights", 30, None),
        ("nights", "31 nights", 31, "above the limit of 30 nights"),
        ("nights", "0 nights", 0, "must be at least 1"),
        ("guests", "10 people", 10, None),
        ("guests", "12 people", 12, "above the limit of 10 guests"),
        ("rooms", "5 rooms", 5, None),
        ("rooms", "6 rooms", 6, "above the limit of 5 rooms"),
        ("rooms", "zero rooms", 0, "must be at least 1"),
    ],
)
def test_counts_flag_schema_limits(normalizer: Normalizer, slot: str, text: str, value: int, flag: str | None) -> None:
    result = normalizer.normalize(slot, text)
    assert (result.value, result.known) == (value, True)
    assert (flag in result.note) if flag else (";" not in result.note)


# --------------------------------------------------------------------------- city


@pytest.mark.parametrize(("city", "alias"), [(c, a) for c, aliases in seeded_names.CITIES.items() for a in (c, *aliases)])
def test_every_city_name_and_alias(normalizer: Normalizer, city: str, alias: str) -> None:
    for surface in (alias, alias.upper(), f"in {alias}"):
        result = normalizer.normalize("city", surface)
        assert (result.value, result.known) == (city, True), surface


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shanghai", "Shanghai"),
        ("in shanghai", "Shanghai"),
        ("In Shanghai.", "Shanghai"),
        ("shanghai!", "Shanghai"),
        ("SH", "Shanghai"),
        ("sh", "Shanghai"),
        ("bj", "Beijing"),
        ("Peking", "Beijing"),
        ("Canton", "Guangzhou"),
        ("xian", "Xi'an"),
        ("Xi’an", "Xi'an"),  # typographic apostrophe
        ("Xī'ān", "Xi'an"),
        ("XI AN", "Xi'an"),
        ("the city of Chengdu", "Chengdu"),
        ("Sanya, China", "Sanya"),
        ("Shanghai Pudong", "Shanghai"),
        ("downtown Beijing", "Beijing"),
    ],
)
def test_city_exact(normalizer: Normalizer, text: str, expected: str) -> None:
    result = normalizer.normalize("city", text)
    assert (result.value, result.known) == (expected, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("beijng", "Beijing"),
        ("bejing", "Beijing"),
        ("beiijng", "Beijing"),
        ("shangai", "Shanghai"),
        ("shanghia", "Shanghai"),
        ("shanhai", "Shanghai"),
        ("hangzou", "Hangzhou"),
        ("hangzhuo", "Hangzhou"),
        ("chengdou", "Chengdu"),
        ("chegndu", "Chengdu"),
        ("guangzou", "Guangzhou"),
        ("gaungzhou", "Guangzhou"),
        ("shenzen", "Shenzhen"),
        ("sanyaa", "Sanya"),
        ("xiann", "Xi'an"),
        ("in beijng", "Beijing"),
    ],
)
def test_city_fuzzy(normalizer: Normalizer, text: str, expected: str) -> None:
    result = normalizer.normalize("city", text)
    assert (result.value, result.known) == (expected, True)
    assert result.note.startswith(f"fuzzy '{text}' -> {expected} (score ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paris", "Paris"),
        ("paris", "Paris"),
        ("in paris", "Paris"),
        ("Tokyo", "Tokyo"),
        ("new york", "New York"),
        ("Mexico City", "Mexico City"),
        ("Sandiego", "Sandiego"),
        ("Shanxi", "Shanxi"),
        ("Shaanxi", "Shaanxi"),
        ("Nanjing", "Nanjing"),
        ("Suzhou", "Suzhou"),
        ("Yangzhou", "Yangzhou"),  # one letter from Hangzhou, but a real city
        ("Changzhou", "Changzhou"),
        ("Zhangzhou", "Zhangzhou"),
        ("Zhengzhou", "Zhengzhou"),
        ("Ganzhou", "Ganzhou"),
        ("Chengde", "Chengde"),
        ("Xiamen", "Xiamen"),
        ("xiamn", "Xiamen"),  # a typo of an unserved look-alike stays unserved
        ("Shenyang", "Shenyang"),
        ("Chongqing", "Chongqing"),
        ("Hong Kong", "Hong Kong"),
        ("Shantou", "Shantou"),
        ("Sha Tin", "Sha Tin"),  # "sha" is a short alias: never inside a longer name
        ("Ji'an", "Ji'an"),
    ],
)
def test_city_not_served(normalizer: Normalizer, text: str, expected: str) -> None:
    result = normalizer.normalize("city", text)
    assert (result.value, result.known) == (expected, False)
    assert "not a served city" in result.note


@pytest.mark.parametrize(("city", "sight"), [(city, sight) for city, sights in seeded_names.LANDMARKS.items() for sight in sights])
def test_a_sight_names_its_city(normalizer: Normalizer, city: str, sight: str) -> None:
    """"Near the Forbidden City", "around West Lake": the city of the sight, the trace says why."""
    for surface in (sight, sight.title(), f"near the {sight}"):
        result = normalizer.normalize("city", surface)
        assert (result.value, result.known) == (city, True), surface
        assert f"is in {city}" in result.note


@pytest.mark.parametrize("text", ["shx", "bjj", "cdd", "szz"])
def test_short_aliases_are_never_fuzzy(normalizer: Normalizer, text: str) -> None:
    assert not normalizer.normalize("city", text).known


@pytest.mark.parametrize("text", ["123", "!!", "   "])
def test_city_without_a_name(normalizer: Normalizer, text: str) -> None:
    result = normalizer.normalize("city", text)
    assert (result.value, result.known) == (None, False)


# --------------------------------------------------------------------------- hotel


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bund Riverside Hotel", "Bund Riverside Hotel"),
        ("the Bund Riverside", "Bund Riverside Hotel"),
        ("THE BUND RIVERSIDE HOTEL", "Bund Riverside Hotel"),
        ("at the bund riverside", "Bund Riverside Hotel"),
        ("Bund-Riverside", "Bund Riverside Hotel"),
        ("the Riverside", "Bund Riverside Hotel"),  # a unique part of the name
        ("Jade Garden", "Jade Garden Inn"),
        ("the jade garden hotel", "Jade Garden Inn"),
        ("Peace Palace Grand", "Peace Palace Grand"),
        ("the Peace Palace", "Peace Palace Grand"),
        ("bund riversid", "Bund Riverside Hotel"),  # typos
        ("jade gardn inn", "Jade Garden Inn"),
        ("peace palce grand", "Peace Palace Grand"),
        ("reserve Bund Riverside Hotel", "Bund Riverside Hotel"),  # a span that ran over a word
        ("book jade garden for me", "Jade Garden Inn"),
    ],
)
def test_hotel_known(normalizer: Normalizer, text: str, expected: str) -> None:
    result = normalizer.normalize("hotel", text)
    assert (result.value, result.known) == (expected, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hotel Indigo", "Hotel Indigo"),
        ("hotel indigo", "Hotel Indigo"),
        ("the Ritz-Carlton", "Ritz-Carlton"),
        ("at the Hilton!", "Hilton"),
        ("Jade Palace", "Jade Palace"),  # words of two different hotels
    ],
)
def test_hotel_unknown(normalizer: Normalizer, text: str, expected: str) -> None:
    result = normalizer.normalize("hotel", text)
    assert (result.value, result.known) == (expected, False)
    assert "not a hotel we list" in result.note


def test_hotel_ambiguous_partial_name() -> None:
    normalizer = Normalizer(TODAY, ["Jade Garden Inn", "Jade Tower Hotel"])
    result = normalizer.normalize("hotel", "the Jade")
    assert (result.value, result.known) == (None, False)
    assert "ambiguous" in result.note


def test_hotel_without_a_hotel_list() -> None:
    result = Normalizer(TODAY).normalize("hotel", "the Bund Riverside")
    assert (result.value, result.known) == ("Bund Riverside", False)


# --------------------------------------------------------------------------- tier


@pytest.mark.parametrize(("tier", "word"), [(t, w) for t, words in schema.TIER_WORDS.items() for w in words])
def test_every_tier_word(normalizer: Normalizer, tier: str, word: str) -> None:
    assert normalizer.normalize("tier", word).value == tier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5-star", "luxury"),
        ("five star", "luxury"),
        ("5 star", "luxury"),
        ("5 stars", "luxury"),
        ("a five-star hotel", "luxury"),
        ("4*", "comfort"),
        ("4 star", "comfort"),
        ("four-star", "comfort"),
        ("3-star", "budget"),
        ("2 stars", "budget"),
        ("something cheap", "budget"),
        ("the cheapest", "budget"),
        ("CHEAP", "budget"),
        ("mid-range", "comfort"),
        ("something nice", "comfort"),
        ("Luxury", "luxury"),
        ("a fancy one", "luxury"),
        ("luxary", "luxury"),  # typos
        ("luxery", "luxury"),
        ("cheep", "budget"),
        ("budjet", "budget"),
        ("afordable", "budget"),
        ("no-frills", "budget"),
    ],
)
def test_tier(normalizer: Normalizer, text: str, expected: str) -> None:
    result = normalizer.normalize("tier", text)
    assert (result.value, result.known) == (expected, True)


@pytest.mark.parametrize(("steps", "word"), [(steps, word) for steps, words in schema.TIER_STEP_WORDS.items() for word in words])
def test_every_comparative_is_a_tier_step(normalizer: Normalizer, steps: int, word: str) -> None:
    """"Cheaper" names no tier (it is no misspelt "cheap"): the tracker moves one from the tier talked about."""
    result = normalizer.normalize("tier", f"something {word}")
    assert (result.value, result.known) == (TierStep(steps=steps), True)


@pytest.mark.parametrize(
    "text",
    [
        "6-star",
        "4.5 star",
        "expensive",  # not a look-alike of "inexpensive": the first letter differs
        "nothing fancy",
        "not luxury",
        "not cheaper",
        "don't want anything fancy",
        "quiet",
        "whatever",
    ],
)
def test_tier_unreadable(normalizer: Normalizer, text: str) -> None:
    result = normalizer.normalize("tier", text)
    assert (result.value, result.known) == (None, False)


# --------------------------------------------------------------------------- price


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("800", 800.0),
        ("800 yuan", 800.0),
        ("¥800", 800.0),
        ("￥800", 800.0),  # full-width yen/yuan sign
        ("800 rmb", 800.0),
        ("800RMB", 800.0),
        ("RMB 800", 800.0),
        ("800 kuai", 800.0),
        ("CNY 1,200", 1200.0),
        ("1,200.50", 1200.5),
        ("1.5k", 1500.0),
        ("1k", 1000.0),
        ("2K", 2000.0),
        ("2 thousand", 2000.0),
        ("under 800", 800.0),
        ("less than 800 yuan", 800.0),
        ("no more than 1000", 1000.0),
        ("max 800", 800.0),
        ("800 a night", 800.0),
        ("800 per night", 800.0),
        ("eight hundred", 800.0),
        ("a thousand", 1000.0),
        ("fifteen hundred", 1500.0),
        ("one thousand five hundred", 1500.0),
        ("500-800", 800.0),  # a range caps at its upper end
        ("between 500 and 800", 800.0),
    ],
)
def test_parse_price(text: str, expected: float) -> None:
    assert parse_price(text) == expected


@pytest.mark.parametrize(
    ("text", "note_part"),
    [
        ("$100", "only CNY prices"),
        ("100 USD", "only CNY prices"),
        ("100 dollars", "only CNY prices"),
        ("€90", "only CNY prices"),
        ("80 euros", "only CNY prices"),
        ("£70", "only CNY prices"),
        ("10000 yen", "only CNY prices"),
        ("cheap", "no price"),
        ("0", "no price"),
        ("", "empty span"),
    ],
)
def test_price_unreadable(normalizer: Normalizer, text: str, note_part: str) -> None:
    result = normalizer.normalize("max_price", text)
    assert (result.value, result.known) == (None, False)
    assert note_part in result.note


def test_price_value_is_a_float(normalizer: Normalizer) -> None:
    result = normalizer.normalize("max_price", "under 800")
    assert isinstance(result.value, float)
    assert result.note == "'under 800' -> 800 CNY per night"


# --------------------------------------------------------------------------- booking ref


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HB-4821", "HB-4821"),
        ("hb-4821", "HB-4821"),
        ("HB 4821", "HB-4821"),
        ("hb4821", "HB-4821"),
        ("HB-7Q2K", "HB-7Q2K"),
        ("hb-7q2k", "HB-7Q2K"),
        ("HB_4821", "HB-4821"),
        ("HB-48213", "HB-48213"),
        ("booking HB-4821, please", "HB-4821"),
        ("#4821", "HB-4821"),  # the missing prefix is added
        ("4821", "HB-4821"),
        # as the bot issues them now: 9 characters without look-alikes
        ("HB-7KQ2XM4PA", "HB-7KQ2XM4PA"),
        ("hb-7kq2xm4pa", "HB-7KQ2XM4PA"),
        ("HB 7KQ2XM4PA", "HB-7KQ2XM4PA"),
        ("my reference is hb7kq2xm4pa.", "HB-7KQ2XM4PA"),
        ("7KQ2XM4PA", "HB-7KQ2XM4PA"),
    ],
)
def test_parse_booking_ref(text: str, expected: str) -> None:
    assert parse_booking_ref(text) == expected


@pytest.mark.parametrize("text", ["garbage", "HB-12", "HB-", "hb", "my booking", "12", "HB-4!21", ""])
def test_parse_booking_ref_garbage(text: str) -> None:
    assert parse_booking_ref(text) is None


# --------------------------------------------------------------------------- topic


@pytest.mark.parametrize(("topic", "word"), [(t, w) for t, words in schema.TOPIC_WORDS.items() for w in words])
def test_every_topic_word(normalizer: Normalizer, topic: str, word: str) -> None:
    assert normalizer.normalize("topic", word).value == topic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("check-in", "check_in_time"),
        ("check-out", "check_out_time"),
        ("Check In", "check_in_time"),
        ("what time is check-out", "check_out_time"),
        ("late checkout", "check_out_time"),
        ("late check out", "check_out_time"),
        ("early check-in", "check_in_time"),
        ("checking out", "check_out_time"),  # fuzzy, whole phrase before "checking"
        ("checking in", "check_in_time"),
        ("is breakfast included", "breakfast"),
        ("brekfast", "breakfast"),
        ("breakfest", "breakfast"),
        ("can I bring my dog", "pets"),
        ("dogs", "pets"),
        ("cats", "pets"),
        ("free cancellation", "cancellation"),
        ("cancelation", "cancellation"),
        ("can I cancel", "cancellation"),
        ("is parking free", "parking"),
        ("can I pay for parking", "parking"),  # the longer word wins
        ("parkng", "parking"),
        ("wifi password", "wifi"),
        ("Wi-Fi", "wifi"),
        ("credit cards", "payment"),
        ("pay by wechat pay", "payment"),
        ("invoices", "invoice"),
        ("recipt", "invoice"),
        ("a fapiao", "invoice"),
    ],
)
def test_topic(normalizer: Normalizer, text: str, expected: str) -> None:
    result = normalizer.normalize("topic", text)
    assert (result.value, result.known) == (expected, True)


@pytest.mark.parametrize("text", ["gym", "pool", "swimming pool", "spa", "laundry", "airport shuttle", "room service"])
def test_topic_unknown(normalizer: Normalizer, text: str) -> None:
    result = normalizer.normalize("topic", text)
    assert (result.value, result.known) == (None, False)
    assert "unknown topic" in result.note


def test_topic_fuzzy_note(normalizer: Normalizer) -> None:
    note = normalizer.normalize("topic", "brekfast").note
    assert note.startswith("fuzzy 'brekfast' -> breakfast")


# --------------------------------------------------------------------------- ordinal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("first", 1),
        ("the first one", 1),
        ("First!", 1),
        ("1st", 1),
        ("the 1st one", 1),
        ("second", 2),
        ("the second one", 2),
        ("2nd", 2),
        ("third", 3),
        ("the 3rd", 3),
        ("fourth", 4),
        ("tenth", 10),
        ("number 2", 2),
        ("number two", 2),
        ("No. 2", 2),
        ("option 3", 3),
        ("option one", 1),
        ("#2", 2),
        ("2", 2),
        ("two", 2),
        ("the last one", -1),  # -1: the last offered option, resolved by the tracker
        ("last", -1),
        ("the second to last", -2),
        ("second last", -2),
        ("the one", None),
        ("the middle one", None),
        ("that one", None),
        ("option 0", None),
        ("", None),
    ],
)
def test_parse_ordinal(text: str, expected: int | None) -> None:
    assert parse_ordinal(text) == expected


# --------------------------------------------------------------------------- the normaliser


@pytest.mark.parametrize("slot", schema.SLOTS)
def test_every_slot_has_a_reader(normalizer: Normalizer, slot: str) -> None:
    result = normalizer.normalize(slot, "zzzz qqqq")
    assert result.slot == slot
    assert result.note


@pytest.mark.parametrize("slot", schema.SLOTS)
def test_empty_span(normalizer: Normalizer, slot: str) -> None:
    result = normalizer.normalize(slot, "  ")
    assert (result.value, result.known, result.note) == (None, False, "empty span")


def test_unknown_slot_is_an_error(normalizer: Normalizer) -> None:
    with pytest.raises(ValueError, match="unknown slot"):
        normalizer.normalize("weather", "sunny")


@pytest.mark.parametrize(
    ("slot", "text", "value"),
    [
        ("check_in", "the 10th", date(2026, 12, 10)),
        ("nights", "two nights", 2),
        ("guests", "me and my wife", 2),
        ("rooms", "a room", 1),
        ("city", "SH", "Shanghai"),
        ("hotel", "the Bund Riverside", "Bund Riverside Hotel"),
        ("tier", "5-star", "luxury"),
        ("max_price", "under 800", 800.0),
        ("booking_ref", "hb 4821", "HB-4821"),
        ("topic", "can I bring my dog?", "pets"),
        ("ordinal", "the second one", 2),
    ],
)
def test_normalized_keeps_value_types_through_json(
    normalizer: Normalizer, slot: str, text: str, value: object
) -> None:
    result = normalizer.normalize(slot, text)
    assert result.value == value
    assert type(result.value) is type(value)
    assert result.surface == text
    assert Normalized.model_validate_json(result.model_dump_json()).model_dump(mode="json") == result.model_dump(
        mode="json"
    )


# --------------------------------------------------------------------------- relative changes


@pytest.mark.parametrize(
    ("slot", "text", "days"),
    [
        ("check_in", "a day later", 1),
        ("check_in", "one day later", 1),
        ("check_in", "two days later", 2),
        ("check_in", "3 days earlier", -3),
        ("check_in", "back a day", 1),
        ("check_in", "back by two days", 2),
        ("check_in", "forward two days", -2),  # "bring it forward": earlier
        ("check_in", "a week later", 7),
        ("check_in", "a couple of days later", 2),
        ("check_out", "a day early", -1),
        ("check_out", "Two Days Sooner", -2),
        ("nights", "one more night", 1),
        ("nights", "an extra night", 1),
        ("nights", "another night", 1),
        ("nights", "add two nights", 2),
        ("nights", "two more nights", 2),
        ("nights", "a night longer", 1),
        ("nights", "one night less", -1),
        ("nights", "one fewer night", -1),
        ("nights", "drop a night", -1),
        ("nights", "a night shorter", -1),
    ],
)
def test_relative_changes_are_shifts(normalizer: Normalizer, slot: str, text: str, days: int) -> None:
    result = normalizer.normalize(slot, text)
    assert result.value == Shift(days=days)
    assert result.known


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("check_in", "the day after tomorrow", date(2026, 12, 3)),  # "after" is no direction
        ("check_in", "in 3 days", date(2026, 12, 4)),
        ("check_in", "2 days from now", date(2026, 12, 3)),
        ("nights", "two nights", 2),
        ("nights", "6 days", 6),  # a stay of N days is N nights
        ("nights", "a week", 7),
    ],
)
def test_absolute_values_are_no_shifts(normalizer: Normalizer, slot: str, text: str, expected) -> None:
    assert normalizer.normalize(slot, text).value == expected


@pytest.mark.parametrize("text", ["a few days later", "days earlier", "0 days later"])
def test_a_move_by_no_stated_number_is_not_understood(normalizer: Normalizer, text: str) -> None:
    result = normalizer.normalize("check_in", text)
    assert (result.value, result.known) == (None, False)


def test_a_shift_is_kept_through_json(normalizer: Normalizer) -> None:
    result = normalizer.normalize("check_in", "two days earlier")
    assert Normalized.model_validate_json(result.model_dump_json()).value == Shift(days=-2)
