"""A weekday with nothing to pin its week, and the one nearest a date (for corrections)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.dates import bare_weekday, nearest_weekday

TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize("text, weekday", [("Saturday", 5), ("on Sat", 5), ("to Monday", 0), ("周六", 5), ("星期天", 6),
                                           ("礼拜一入住", 0)])
def test_a_bare_weekday_is_read(text: str, weekday: int) -> None:
    assert bare_weekday(text) == weekday


@pytest.mark.parametrize("text", ["next Saturday", "this Saturday", "the coming Friday", "Saturday the 12th", "下周六",
                                  "这周六", "12月12号周六", "the 12th", "tomorrow"])
def test_a_weekday_pinned_to_a_week_or_no_weekday_is_not_bare(text: str) -> None:
    assert bare_weekday(text) is None


@pytest.mark.parametrize("near, weekday, expected", [
    (date(2026, 12, 11), 5, date(2026, 12, 12)),  # Friday -> the Saturday after
    (date(2026, 12, 10), 1, date(2026, 12, 8)),   # Thursday -> the Tuesday before
    (date(2026, 12, 20), 0, date(2026, 12, 21)),  # Sunday -> the Monday after
    (date(2026, 12, 3), 0, date(2026, 12, 7)),    # the Monday before (Nov 30) is past: a week later
])
def test_the_weekday_nearest_a_date_and_not_in_the_past(near: date, weekday: int, expected: date) -> None:
    assert nearest_weekday(weekday, near, TODAY) == expected
