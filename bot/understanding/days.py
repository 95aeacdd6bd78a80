"""Calendar rules both date readers share (en/dates.py, zh/dates.py):
the next occurrence of a day or a month/day, a weekday, a day of a named month, a month's
last day, and dates as written."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from bot.understanding.reading import Reading, fail


def _nth(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _max_day(month: int) -> int:
    return calendar.monthrange(2000, month)[1]  # 2000 is a leap year: Feb has 29


def _next_month_day(month: int, day: int, earliest: date) -> date | None:
    """The first month/day on or after `earliest`; None if no year has it (Feb 30)."""
    if not 1 <= day <= _max_day(month):
        return None
    year = earliest.year
    while True:  # ends within 8 years: Feb 29 is the rarest possible date
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) >= earliest:
            return date(year, month, day)
        year += 1


def _next_day_of_month(day: int, earliest: date) -> date | None:
    """The first day `day` of a month on or after `earliest`, skipping shorter months."""
    if not 1 <= day <= 31:
        return None
    year, month = earliest.year, earliest.month
    while True:  # ends within 2 months: every other month has a 31st
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) >= earliest:
            return date(year, month, day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _exact_date(year: int, month: int, day: int, text: str) -> Reading:
    try:
        return Reading(date(year, month, day), f"'{text}' -> {year:04d}-{month:02d}-{day:02d} as written")
    except ValueError:
        return fail(f"'{text}' is not a real date")


def _month_day(month: int, day: int, year: int | None, text: str, earliest: date) -> Reading:
    if year is not None:
        return _exact_date(year, month, day, text)
    found = _next_month_day(month, day, earliest)
    if found is None:
        return fail(f"'{text}': {calendar.month_name[month]} has no day {day}")
    return Reading(found, f"'{text}' -> next {calendar.month_abbr[month]} {day} on/after {earliest}")


def _monday(today: date, weeks_ahead: int) -> date:
    """Monday of the calendar week `weeks_ahead` weeks after today's (weeks start on Monday)."""
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks_ahead)


def _weekday_in_week(weekday: int, weeks_ahead: int, text: str, today: date) -> Reading:
    """The weekday of a named calendar week: "next Friday" (1), 下下周五 (2), 这周五 (0)."""
    monday = _monday(today, weeks_ahead)
    found = monday + timedelta(days=weekday)
    return Reading(found, f"'{text}' -> {calendar.day_name[weekday]} of the week starting {monday}")


def _weekday_date(weekday: int, is_next: bool, text: str, today: date, after: date | None) -> Reading:
    if is_next:
        return _weekday_in_week(weekday, 1, text, today)
    base = after or today
    found = base + timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)
    return Reading(found, f"'{text}' -> first {calendar.day_name[weekday]} after {base}")


def _first_saturday(earliest: date, text: str) -> Reading:
    """"the weekend", 周末: the first Saturday on or after `earliest`."""
    found = earliest + timedelta(days=(5 - earliest.weekday()) % 7)
    return Reading(found, f"'{text}' -> first Saturday on/after {earliest}")


def _add_months(today: date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + months
    return index // 12, index % 12 + 1


def _day_in_month(day: int, months_ahead: int, text: str, today: date) -> Reading:
    """"the 5th of next month", 下个月5号: day 5 of the month named, even this month's if it has
    passed (the policy says so)."""
    year, month = _add_months(today, months_ahead)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return fail(f"'{text}': {calendar.month_name[month]} {year} has no day {day}")
    return Reading(date(year, month, day), f"'{text}' -> day {day} of {calendar.month_abbr[month]} {year}")


def _month_end(text: str, today: date, earliest: date, *, months_ahead: int | None = None,
               month: int | None = None) -> Reading:
    """"the end of the month", 月底: the last day of the month of `earliest`; of the month
    `months_ahead` after today's ("the end of next month", 下个月底); of the next `month` not
    over by `earliest` ("the end of January", 1月底)."""
    if months_ahead is not None:
        year, month = _add_months(today, months_ahead)
    elif month is not None:
        if not 1 <= month <= 12:
            return fail(f"'{text}' is not a real date: no month {month}")
        year = earliest.year + (month < earliest.month)
    else:
        year, month = earliest.year, earliest.month
    found = date(year, month, calendar.monthrange(year, month)[1])
    return Reading(found, f"'{text}' -> last day of {calendar.month_abbr[month]} {year}")
