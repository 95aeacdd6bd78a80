"""Date readers: a day of a named month, a month's last day, a period counted from tomorrow,
and the holidays no fixed date is (en/dates.py, zh/dates.py, days.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.models import Entity
from bot.understanding.dates import read_date
from bot.understanding.trips import with_trip

TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the 5th of next month", date(2027, 1, 5)),
        ("the fifth of next month", date(2027, 1, 5)),
        ("the 1st of next month", date(2027, 1, 1)),
        ("the 15th of this month", date(2026, 12, 15)),
        ("the 31st of next month", date(2027, 1, 31)),
        ("end of the month", date(2026, 12, 31)),
        ("the end of next month", date(2027, 1, 31)),
        ("end of this month", date(2026, 12, 31)),
        ("end of december", date(2026, 12, 31)),
        ("the end of feb", date(2027, 2, 28)),
        ("the last day of the month", date(2026, 12, 31)),
        ("a week from tomorrow", date(2026, 12, 9)),
        ("3 days from tomorrow", date(2026, 12, 5)),
        ("3 days from today", date(2026, 12, 4)),
        ("valentine's day", date(2027, 2, 14)),
        ("valentines day", date(2027, 2, 14)),
    ],
)
def test_english_month_parts_and_periods(text: str, expected: date) -> None:
    assert read_date(text, TODAY).value == expected


def test_a_day_of_a_month_it_lacks_is_not_read() -> None:
    assert read_date("the 31st of next month", date(2027, 1, 5)).value is None  # February
    assert read_date("下个月31号", date(2027, 1, 5), language="zh").value is None


def test_the_end_of_the_month_of_a_check_out_is_the_check_ins_month_or_later() -> None:
    assert read_date("the end of the month", TODAY, after=date(2026, 12, 31)).value == date(2027, 1, 31)
    assert read_date("月底", TODAY, after=date(2026, 12, 31), language="zh").value == date(2027, 1, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1月底", date(2027, 1, 31)), ("一月底", date(2027, 1, 31)), ("12月底", date(2026, 12, 31)),
     ("2月底", date(2027, 2, 28)), ("下个月底", date(2027, 1, 31)), ("后儿", date(2026, 12, 3))],
)
def test_chinese_month_ends_and_days(text: str, expected: date) -> None:
    assert read_date(text, TODAY, language="zh").value == expected


def test_no_month_13_has_an_end() -> None:
    assert read_date("13月底", TODAY, language="zh").value is None


@pytest.mark.parametrize("text", ["chinese new year", "Lunar New Year"])
def test_the_lunar_new_year_is_no_new_years_day_but_the_spring_festivals_days_off(text: str) -> None:
    reading = read_date(text, TODAY)
    assert reading.value is None
    span = Entity(entity="check_in", value=text, start=0, end=len(text), confidence=1.0, normalized=None, known=False)
    entities, _ = with_trip([span], ["book_hotel"], text, TODAY)
    assert [(e.entity, e.normalized) for e in entities] == [("check_in", date(2027, 2, 5)), ("check_out", date(2027, 2, 11))]
    assert read_date("new year", TODAY).value == date(2027, 1, 1)
