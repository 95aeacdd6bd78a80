"""The customer's day of a trip plan read from clock times (bot/understanding/hours.py), in
both languages; dates and counts are no clock times."""

from __future__ import annotations

import pytest

from bot.clock import hhmm
from bot.understanding.hours import hours_in


def day(text: str) -> dict[str, str]:
    return {time.slot: hhmm(time.minutes) for time in hours_in(text)}


@pytest.mark.parametrize("text, expected", [
    ("from 10am to 5pm", {"day_start": "10:00", "day_end": "17:00"}),
    ("10:00-16:30 each day", {"day_start": "10:00", "day_end": "16:30"}),
    ("we start at 10 and need to be back by 4", {"day_start": "10:00", "day_end": "16:00"}),  # a bare 4 is the afternoon
    ("not before 10am please, the kids sleep late", {"day_start": "10:00"}),
    ("back at the hotel by 6pm", {"day_end": "18:00"}),
    ("上午10点到下午5点", {"day_start": "10:00", "day_end": "17:00"}),
    ("早上九点半出发，晚上八点前回酒店", {"day_start": "09:30", "day_end": "20:00"}),
    ("十点以后出门", {"day_start": "10:00"}),
])
def test_clock_times_are_the_customers_day(text: str, expected: dict[str, str]) -> None:
    assert day(text) == expected


@pytest.mark.parametrize("text", [
    "from 10 to 12",  # dates as likely as hours: no clock mark
    "a 2-3 day trip", "3天后出发", "for 2 nights from the 10th",
    "start at 5pm, back by 2pm",  # ends before it starts
    "start at 3am",  # outside any planned day
])
def test_dates_counts_and_impossible_days_are_no_day(text: str) -> None:
    assert day(text) == {}
