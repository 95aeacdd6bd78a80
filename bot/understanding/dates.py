"""Dates: a check-in or check-out span -> a date or a Shift, relative to an injected today,
by the span's language (en/dates.py, zh/dates.py hold the rules), with what every language
shares: the horizon, the flags of a date the bot cannot book, the words between the two
dates of a range, and the nearest weekday.

A date in the past, not after the check-in, or more than MAX_DAYS_AHEAD ahead is read and
flagged in its note (the policy tells the customer); a date or a move beyond HORIZON_DAYS
is not read at all.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import cast

from bot.models import Shift
from bot.understanding.languages import ENGLISH, READERS, read_either, reader_of
from bot.understanding.reading import Reading, fail
from intents import schema

# What stands between the two dates of a range ("the 29th to the 3rd", "10号到12号", "between the
# 10th and the 12th"), in any language: the tracker asks it whether two dates make one stay.
_RANGE_WORDS = "|".join(re.escape(word) for reader in READERS.values() for word in reader.range_words)
FROM_TO_BETWEEN = re.compile(rf"^\W*(?:{_RANGE_WORDS})\W*(?:the|on)?\W*$", re.I)
FROM_BEFORE = re.compile(r"\bfrom\s*(?:the|on)?\s*$", re.I)
# What marks a date as the end of a stay right before it: "until the 12th", "checking out the
# 12th", "leave on the 12th", "到12号", "12号退房" (after it, in Chinese).
END_BEFORE = re.compile(r"\b(?:until|till|til|to|through|thru|out|leav\w*|depart\w*|check(?:ing)?[- ]?out)\W*(?:the|on)?\W*$"
                        r"|(?:到|至|离店|退房)\s*$", re.I)
END_AFTER = re.compile(r"^\s*(?:走|离店|退房|离开)")

# No stay a guest means is a century away. Refusing such dates and shifts keeps every date
# the bot derives from them (check-out = check-in + nights, a shift, "the 10th" after a
# check-in) inside the calendar: 9999-12-31 + 2 nights raises OverflowError.
HORIZON_DAYS = 100 * 365


def read_date(text: str, today: date, after: date | None = None, *, language: str = ENGLISH.language) -> Reading:
    """A check-in or check-out span: a date (flagged when the bot cannot book it), or a Shift;
    neither is read beyond HORIZON_DAYS from today. `language`: the message's, so that in a
    Chinese message even a span without ideographs ("12/10") is read by the Chinese rules."""
    try:
        reading = _shift_reading(text, language) or _flag_date(_date_reading(text, today, after, language), today, after)
    except OverflowError:  # "in 99999999 days": past the calendar's end
        return fail(f"'{text}' is too far from today")
    if _days_away(reading.value, today) > HORIZON_DAYS:
        return fail(f"'{text}' is too far from today")
    return reading


def _date_reading(text: str, today: date, after: date | None, language: str) -> Reading:
    return read_either(text, language, lambda reader: reader.read_date(text, today, after))


def _shift_reading(text: str, language: str) -> Reading | None:
    """A relative move by the span's reader, or by the English one for its Latin letters ("下周 a day later")."""
    reader = reader_of(text, language)
    move = reader.read_shift(text)
    if move is None and reader is not ENGLISH and ENGLISH.claims(text):
        return ENGLISH.read_shift(text)
    return move


def _days_away(value: object, today: date) -> int:
    if isinstance(value, Shift):
        return abs(value.days)
    return abs((value - today).days) if isinstance(value, date) else 0


def parse_date(text: str, today: date, after: date | None = None, *, language: str = ENGLISH.language) -> date | None:
    """The date a span names, e.g. "the 10th", "Dec 10", "next Friday", "tomorrow", "12月10号".

    `after` (the check-in when reading a check-out) moves open dates past it.
    """
    return cast(date | None, _date_reading(text, today, after, language).value)


def _flag_date(reading: Reading, today: date, after: date | None) -> Reading:
    """Note a date the bot cannot book; the policy rejects it with a reply."""
    found = reading.value
    if not isinstance(found, date):
        return reading
    if found < today:
        return reading._replace(note=f"{reading.note}; in the past")
    if after is not None and found <= after:
        return reading._replace(note=f"{reading.note}; not after {after}")
    if found > today + timedelta(days=schema.MAX_DAYS_AHEAD):
        return reading._replace(note=f"{reading.note}; more than {schema.MAX_DAYS_AHEAD} days ahead")
    return reading


def morning_after(reading: Reading, text: str, language: str = ENGLISH.language) -> Reading:
    """A check-out span that names a night ("friday and saturday night", "住到周六晚上") names
    the last night stayed: the guest leaves the morning after."""
    if not isinstance(reading.value, date) or not reader_of(text, language).names_a_night(text):
        return reading
    left = reading.value + timedelta(days=1)
    return reading._replace(value=left, note=f"{reading.note}; the night of {reading.value} is stayed: check-out {left}")


def bare_weekday(text: str) -> int | None:
    """The weekday (Monday 0) a span names with nothing to pin its week ("Saturday", "on
    Sat", "周六"); None for "next Saturday", "this Saturday", "下周六", "Saturday the 12th"."""
    return reader_of(text).bare_weekday(text)


def nearest_weekday(weekday: int, near: date, today: date) -> date:
    """The ``weekday`` closest to ``near`` (at most 3 days away), or a week later if that is before today."""
    day = near + timedelta(days=(weekday - near.weekday() + 3) % 7 - 3)
    return day if day >= today else day + timedelta(days=7)
