"""English dates: a check-in or check-out span -> a date, relative to an injected today.

Date rules (today is injected; `after` is the check-in when reading a check-out):
- A day of the month alone ("the 10th", "22nd", "the tenth", "on the 10", "10") is the
  next such day on or after today, skipping months that lack it ("the 31st" in
  November -> December 31st). With `after`, it is the next such day strictly after it.
- A month and day without a year ("Dec 10", "10th of December", "Christmas") is the next
  such date on or after today (or strictly after `after`); Feb 29 waits for a leap year.
  "The Chinese (lunar) new year" is no New Year's Day: its dates are the holiday words'
  (trips.py, holidays.py).
- "the 5th of next month" is day 5 of the month named ("of this month": even if it has
  passed); "the end of the month" the last day of the month (of `after`'s when reading a
  check-out), "the end of next month" / "the end of January" of the month named.
- A date with a year ("2026-12-10", "Dec 10 2025") is returned as written, even in the
  past: the policy, not the normaliser, tells the customer.
- "12/10": a numeric day/month pair is read whichever way is possible ("25/12" and
  "12/25" are both Christmas); when both readings are valid and differ it is ambiguous
  and the value is None.
- "today"/"tonight", "tomorrow", "the day after tomorrow", "yesterday", "in 3 days",
  "2 weeks from now" count from today; "a week from tomorrow" from tomorrow.
- "Friday" / "this Friday" is the first Friday strictly after today (1-7 days ahead),
  or strictly after `after`. "next Friday" / "Friday next week" is the Friday of next
  calendar week (weeks start on Monday): on Tuesday 2026-12-01 "Friday" is 12-04 and
  "next Friday" is 12-11; on Saturday 12-05 both are 12-11.
- "next week" is the Monday of next week; "this weekend" / "the weekend" is the first
  Saturday on or after today; "next weekend" is the Saturday of next week.
- A relative move is a Shift, not a date: "a day later", "two days earlier", "a day
  early", "back a day" (+1), "forward two days" (-2: as in "bring the stay forward"),
  "a week later" (+7). The direction word must be in the span; the tracker applies the
  Shift to the current check-in or check-out.
- A length of stay ("6 days", "for a week") is no date: the model tags it as nights.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.models import Shift
from bot.understanding.days import (_day_in_month, _exact_date, _first_saturday, _max_day, _month_day, _month_end,
                                    _next_day_of_month, _nth, _weekday_date)
from bot.understanding.en.words import _COUNT, _contains, _fold, _ordinals_in, _words, parse_number
from bot.understanding.reading import Reading, fail

_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "weds": 2, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
# (phrase in _phrase form, month, day); checked in order, so "christmas eve" first.
_HOLIDAYS: tuple[tuple[str, int, int], ...] = (
    ("christmas eve", 12, 24),
    ("new year s eve", 12, 31),
    ("new years eve", 12, 31),
    ("christmas", 12, 25),
    ("boxing day", 12, 26),
    ("valentine s day", 2, 14),
    ("valentines day", 2, 14),
    ("xmas", 12, 25),
    ("new year s", 1, 1),
    ("new years", 1, 1),
    ("new year", 1, 1),
)
# Words for a day relative to today, in days.
_RELATIVE_DAYS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:the )?day after (?:tomorrow|tmrw|tmr)\b|\bovermorrow\b"), 2),
    (re.compile(r"\b(?:today|tonight|this evening)\b"), 0),
    (re.compile(r"\b(?:tomorrow|tmrw|tmr|tmw|tomorow|tommorow|tommorrow|2morrow|2moro)\b"), 1),
    (re.compile(r"\byesterday\b"), -1),
)

_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_ORD_SUFFIX = r"(?:st|nd|rd|th)?"
_YEAR = r"(?: (?P<year>\d{4}))?"
_ISO = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?\b")
_MONTH_DAY = re.compile(rf"\b(?P<month>{_MONTH_ALT}) (?:the )?(?P<day>\d{{1,2}}){_ORD_SUFFIX}\b{_YEAR}")
_DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}}){_ORD_SUFFIX} (?:of )?(?P<month>{_MONTH_ALT})\b{_YEAR}")
_IN_PERIOD = re.compile(r"\bin ((?:[a-z0-9]+ ){1,3}?)(days?|weeks?)\b")
_PERIOD_FROM_NOW = re.compile(r"\b((?:[a-z0-9]+ ){1,3}?)(days?|weeks?) from (now|today|tomorrow)\b")
_IN_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?: of)? (this|next) month\b")
_MONTH_END = re.compile(rf"\b(?:end|last day) of (?:(?P<ahead>this|next) month|the month|(?P<month>{_MONTH_ALT})\b)")
_LUNAR_NEW_YEAR = re.compile(r"\b(?:chinese|lunar) new year")
_DAY_OF_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b|\bthe (\d{1,2})\b")
_WEEKDAY = re.compile(rf"\b(?:(?P<next>next) )?(?P<weekday>{_WEEKDAY_ALT})\b")
_BARE_DAY = re.compile(r"^(?:(?:on|from|until|till|til|to|by|for) )?(\d{1,2})$")


def _date_words(text: str) -> str:
    """The text as a _phrase with ordinal words as digits: "the twenty-first" -> "the 21th"."""
    words = _words(text)
    out: list[str] = []
    i = 0
    for ordinal in _ordinals_in(words):
        out.extend(words[i : ordinal.start])
        out.append(f"{ordinal.value}th")
        i = ordinal.end
    out.extend(words[i:])
    return " ".join(out)


def _numeric_date(first: int, second: int, year_text: str, text: str, earliest: date) -> Reading:
    """"25/12", "12/25", "12/10/2026": day/month or month/day, whichever is possible."""
    year = None if not year_text else int(year_text) + (2000 if len(year_text) == 2 else 0)
    readings = {(m, d) for m, d in ((first, second), (second, first)) if 1 <= m <= 12 and 1 <= d <= _max_day(m)}
    if not readings:
        return fail(f"'{text}' is not a real date")
    if len(readings) > 1:
        options = " or ".join(f"{calendar.month_abbr[m]} {d}" for m, d in sorted(readings))
        return fail(f"'{text}' is ambiguous: {options}")
    ((month, day),) = readings
    return _month_day(month, day, year, text, earliest)


def read_date(text: str, today: date, after: date | None = None) -> Reading:
    """Read a date span; see the module docstring for the rules."""
    earliest = after + timedelta(days=1) if after else today
    folded = _fold(text)
    if match := _ISO.search(folded):
        return _exact_date(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _NUMERIC.search(folded):
        return _numeric_date(int(match[1]), int(match[2]), match[3] or "", text, earliest)
    phrase = _date_words(text)
    if match := (_MONTH_DAY.search(phrase) or _DAY_MONTH.search(phrase)):
        year = int(match["year"]) if match["year"] else None
        return _month_day(_MONTHS[match["month"]], int(match["day"]), year, text, earliest)
    if match := _IN_MONTH.search(phrase):
        return _day_in_month(int(match[1]), 1 if match[2] == "next" else 0, text, today)
    if match := _MONTH_END.search(phrase):
        return _month_end(text, today, earliest, months_ahead=int(match["ahead"] == "next") if match["ahead"] else None,
                          month=_MONTHS[match["month"]] if match["month"] else None)
    if _LUNAR_NEW_YEAR.search(phrase):
        return fail(f"'{text}': the lunar new year is no New Year's Day (the holiday words read it)")
    for holiday, month, day in _HOLIDAYS:
        if _contains(phrase, holiday):
            return _month_day(month, day, None, text, earliest)
    # before the relative days: "3 days from today" is not today
    if match := (_IN_PERIOD.search(phrase) or _PERIOD_FROM_NOW.search(phrase)):
        count = parse_number(match[1])
        if count is None:
            return fail(f"no number of {match[2]} in '{text}'")
        days = count * (7 if match[2].startswith("week") else 1)
        start = today + timedelta(days=1 if match.re is _PERIOD_FROM_NOW and match[3] == "tomorrow" else 0)
        return Reading(start + timedelta(days=days), f"'{text}' -> {start} + {days} days")
    for pattern, offset in _RELATIVE_DAYS:
        if pattern.search(phrase):
            found = today + timedelta(days=offset)
            return Reading(found, f"'{text}' -> {today} {offset:+d} day{'s' if abs(offset) != 1 else ''}")
    if match := _DAY_OF_MONTH.search(phrase):
        day = int(match[1] or match[2])
        found = _next_day_of_month(day, earliest)
        if found is None:
            return fail(f"'{text}': no month has a day {day}")
        return Reading(found, f"'{text}' -> next {_nth(day)} on/after {earliest}")
    if match := _WEEKDAY.search(phrase):
        is_next = bool(match["next"]) or _contains(phrase, "next week")
        return _weekday_date(_WEEKDAYS[match["weekday"]], is_next, text, today, after)
    next_monday = today + timedelta(days=7 - today.weekday())
    if _contains(phrase, "next weekend"):
        return Reading(next_monday + timedelta(days=5), f"'{text}' -> Saturday of the week starting {next_monday}")
    if _contains(phrase, "weekend"):
        return _first_saturday(earliest, text)
    if _contains(phrase, "next week"):
        return Reading(next_monday, f"'{text}' -> Monday of next week")
    if match := _BARE_DAY.match(phrase):
        found = _next_day_of_month(int(match[1]), earliest)
        if found is None:
            return fail(f"'{text}': no month has a day {match[1]}")
        return Reading(found, f"'{text}' read as a day of the month -> next {_nth(int(match[1]))} on/after {earliest}")
    return fail(f"no date in '{text}'")


# --------------------------------------------------------------------------- shifts and lengths

_SHIFT_UNIT_DAYS: dict[str, int] = {"day": 1, "days": 1, "night": 1, "nights": 1, "week": 7, "weeks": 7}
_SHIFT_SIGNS: dict[str, int] = {"later": 1, "back": 1, "earlier": -1, "early": -1, "sooner": -1, "forward": -1}
_DATE_SHIFT = re.compile(
    rf"\b(?:by\s+)?(?:(?P<before>back|forward)\s+(?:by\s+)?)?(?:(?P<count>{_COUNT})\s+)?(?P<unit>days?|nights?|weeks?)"
    r"(?:\s+(?P<after>later|earlier|early|sooner|back|forward))?\b",
    re.IGNORECASE,
)


def _sign(match: re.Match[str]) -> int | None:
    """+1 later, -1 earlier; None without a direction ("two days" is a length) or with two opposite ones."""
    signs = {_SHIFT_SIGNS[word.lower()] for word in (match["before"], match["after"]) if word}
    return signs.pop() if len(signs) == 1 else None





# The day next to the one just said: "the 20th, no wait, the day before" (-1), "the day after" (+1).
_NEXT_DAY = re.compile(r"(?:the\s+)?(?:day\s+(?P<way>before|after)|(?P<adjective>previous|next|following)\s+day)")


def read_shift(text: str) -> Reading | None:
    """"a day later" -> Shift(days=1), "the day before" -> Shift(days=-1); None when the span is
    not a relative move."""
    phrase = " ".join(_words(text))
    if nearby := _NEXT_DAY.fullmatch(phrase):
        days = -1 if nearby["way"] == "before" or nearby["adjective"] == "previous" else 1
        return Reading(Shift(days=days), f"'{text}' -> the day {'before' if days < 0 else 'after'} the date just said")
    match = _DATE_SHIFT.fullmatch(phrase)
    sign = _sign(match) if match else None
    if match is None or sign is None:
        return None
    singular = not match["unit"].endswith("s")
    count = parse_number(match["count"]) if match["count"] else 1 if singular else None
    if not count:
        return fail(f"'{text}': no number of days to move by")  # "a few days later", "0 days later"
    days = sign * count * _SHIFT_UNIT_DAYS[match["unit"]]
    direction = "later" if days > 0 else "earlier"
    return Reading(Shift(days=days), f"'{text}' -> {abs(days)} day{'s' * (abs(days) != 1)} {direction} than the current date")


def bare_weekday(text: str) -> int | None:
    """The weekday (Monday 0) a span names with nothing to pin its week ("Saturday", "on
    Sat"); None for "next Saturday", "this Saturday", "Saturday the 12th"."""
    words = _date_words(text)
    match = _WEEKDAY.search(words)
    if match is None or match["next"] or re.search(r"\d|\b(?:this|next|coming|following)\b", words):
        return None
    return _WEEKDAYS[match["weekday"]]


def names_a_night(text: str) -> bool:
    """"Saturday night", "the 12th at night": the night itself, not "tonight" or a count of nights."""
    words = _words(text)
    return "night" in words and not any(word.isdigit() and words[i + 1 : i + 2] == ["night"] for i, word in enumerate(words))


_DAY_WORD = re.compile(r"\b(?:the day after tomorrow|tomorrow|tmrw|tonight)\b", re.I)


def day_word(text: str) -> tuple[int, int] | None:
    """[start, end) of a word in a whole message that names a day for certain ("tomorrow")."""
    found = _DAY_WORD.search(text)
    return (found.start(), found.end()) if found else None
