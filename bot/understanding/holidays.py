"""Public holiday periods from a well-kept calendar (the `holidays` package, China's official
holidays with their observed and substituted days off), for "over the holiday" / "节假日".

A period is a run of days off (the holidays, and the weekend days next to them that are
not made-up working days) that holds at least one public holiday: New Year's Day on a
Friday is the three days Friday to Sunday. "The holiday" is the next period that has not
ended yet; a named one ("National Day", "国庆") the next period of that holiday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Optional

# the package's English name of a holiday -> our key; the Chinese names come from its zh_CN
HOLIDAY_KEYS = {
    "New Year's Day": "new_year", "Chinese New Year": "spring_festival", "Tomb-Sweeping Day": "tomb_sweeping",
    "Labor Day": "labor_day", "Dragon Boat Festival": "dragon_boat", "Mid-Autumn Festival": "mid_autumn",
    "National Day": "national_day",
}
# a weekend day worked instead of a day off, as the package labels the day off it pays for
_WORKED_INSTEAD = re.compile(r"substituted from (\d\d/\d\d/\d{4})")


@dataclass(frozen=True)
class HolidayPeriod:
    key: str
    name: str  # in English
    name_zh: str
    start: date
    end: date  # the last day off

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@lru_cache(maxsize=8)
def periods(year: int) -> tuple[HolidayPeriod, ...]:
    """The holiday periods that begin in ``year``."""
    import holidays  # on the first holiday asked about: the package loads every country's calendar (~8 MB)

    english = holidays.China(years=(year - 1, year, year + 1))
    chinese = holidays.China(years=(year - 1, year, year + 1), language="zh_CN")
    worked = {datetime.strptime(found, "%m/%d/%Y").date() for name in english.values() for found in _WORKED_INSTEAD.findall(name)}

    def off(day: date) -> bool:
        return day in english or (day.weekday() >= 5 and day not in worked)

    found: list[HolidayPeriod] = []
    for day in sorted(english):
        key = next((key for name, key in HOLIDAY_KEYS.items() if english[day].startswith(name)), None)
        if key is None or (found and found[-1].start <= day <= found[-1].end):
            continue
        start, end = day, day
        while off(start - timedelta(days=1)):
            start -= timedelta(days=1)
        while off(end + timedelta(days=1)):
            end += timedelta(days=1)
        if start.year == year:  # named by its holiday's own day (the Spring Festival, not its eve)
            named = next(d for d in sorted(english) if start <= d <= end and english[d].split(" (")[0] in HOLIDAY_KEYS)
            found.append(HolidayPeriod(key, english[named].split(" (")[0], chinese[named], start, end))
    return tuple(found)


def next_holiday(today: date, key: Optional[str] = None) -> Optional[HolidayPeriod]:
    """The next holiday period (of holiday ``key``) not over by ``today``, from today on if under way."""
    for year in (today.year - 1, today.year, today.year + 1, today.year + 2):
        for period in periods(year):
            if period.end >= today and key in (None, period.key):
                return period if period.start >= today else HolidayPeriod(
                    period.key, period.name, period.name_zh, today, period.end)
    return None


def holiday_of(day: date) -> Optional[HolidayPeriod]:
    """The holiday period ``day`` falls in, if any."""
    return next((period for period in periods(day.year) + periods(day.year - 1) if period.start <= day <= period.end), None)
