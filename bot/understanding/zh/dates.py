"""Chinese dates: a check-in or check-out span -> a date or a Shift, relative to an injected today.

The rules are the English ones (en/dates.py) in Chinese forms; numerals are read as digits
first (十二月十号 = 12月10号), full-width digits too:
- 10号 / 10日: the next 10th on or after today (strictly after `after`, the check-in,
  when reading a check-out: 住到15号). 12月10日 / 12月10号: the next December 10th;
  2026年12月10日 as written; 明年1月5号 in the year named.
- 12.10 / 12/10: month first, as Chinese dates are written (25/12 can only be day/month).
- 下个月5号: the 5th of next month (这个月5号 of this one, even if it has passed); 月底 the
  last day of the month (下个月底 of next month, 1月底 of the next January).
- 今天 0, 明天 (明儿) 1, 后天 (后儿) 2, 大后天 3 days from today; 3天后 / 过3天 likewise, 2周后 14.
- 周五 / 星期五 / 礼拜五: the first Friday strictly after today (or after `after`), as the
  English "Friday". 这周五 is the Friday of this calendar week (which may have passed),
  下周五 of the next (as "next Friday"), 下下周五 of the one after.
- 周末: the first Saturday on or after today, as "the weekend"; 下周末 the Saturday of
  next week. 下周 alone is the Monday of next week.
- Fixed holidays: 元旦, 情人节, 五一, 国庆, 平安夜, 圣诞 (the next one on or after today).
- A move is a Shift, as in English: 推迟一天 / 往后推两天 / 晚一天 (+n), 提前一天 / 早两天 (-n);
  the direction word comes first, so 3天后 is a date and 推迟3天 a move.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.models import Shift
from bot.understanding.days import (_day_in_month, _exact_date, _first_saturday, _max_day, _monday, _month_day,
                                    _month_end, _next_day_of_month, _weekday_date, _weekday_in_week)
from bot.understanding.reading import Reading, fail
from bot.understanding.zh.words import fold, longest_word_in, with_digits

_HOLIDAYS: dict[str, tuple[int, int]] = {
    "元旦": (1, 1), "情人节": (2, 14), "五一": (5, 1), "劳动节": (5, 1), "国庆": (10, 1),
    "平安夜": (12, 24), "圣诞": (12, 25),
}
_RELATIVE_DAYS: dict[str, int] = {
    "今天": 0, "今晚": 0, "今日": 0, "今儿": 0, "明天": 1, "明晚": 1, "明日": 1, "明儿": 1,
    "后天": 2, "后儿": 2, "大后天": 3, "昨天": -1, "前天": -2,
}
# Weeks or months named by a prefix: this (0), next (1), the one after (2).
_AHEAD: dict[str, int] = {"这": 0, "本": 0, "下": 1, "下下": 2}
_YEARS_AHEAD: dict[str, int] = {"今": 0, "明": 1, "后": 2}
_WEEK = r"(?:周|星期|礼拜)"
_WEEK_PREFIX = r"(?P<prefix>下下|下|这|本)?个?"

_FULL_DATE = re.compile(r"(?P<year>\d{4})[年\-/.](?P<month>\d{1,2})[月\-/.](?P<day>\d{1,2})")
_NAMED_YEAR = re.compile(r"(?P<year>[今明后])年(?P<month>\d{1,2})月(?P<day>\d{1,2})")
_MONTH_DAY = re.compile(r"(?P<month>\d{1,2})月份?(?P<day>\d{1,2})")
_IN_MONTH = re.compile(r"(?P<prefix>下下|下|这|本)个?月的?(?P<day>\d{1,2})[号日]")
_MONTH_END = re.compile(r"(?:(?P<month>\d{1,2})月|(?P<prefix>下下|下|这|本)?个?月)底")
_NUMERIC = re.compile(r"(?<!\d)(?P<first>\d{1,2})[/.](?P<second>\d{1,2})(?!\d)")
_IN_PERIOD = re.compile(rf"(?P<count>\d+)个?(?P<unit>天|{_WEEK})(?:以|之)?后|过(?P<days>\d+)天")
_WEEKDAY = re.compile(rf"{_WEEK_PREFIX}{_WEEK}(?P<day>[1-7日天])")
_WEEKEND = re.compile(rf"{_WEEK_PREFIX}周末")
_NEXT_WEEK = re.compile(rf"(?P<prefix>下下|下)个?{_WEEK}")
_DAY = re.compile(r"(?<!\d)(?P<day>\d{1,2})[号日]")
_BARE_DAY = re.compile(r"\d{1,2}")


def read_date(text: str, today: date, after: date | None = None) -> Reading:
    """Read a Chinese date span; see the module docstring for the rules."""
    earliest = after + timedelta(days=1) if after else today
    digits = with_digits(text)
    if match := (_FULL_DATE.search(digits) or _NAMED_YEAR.search(digits)):
        year = match["year"]
        year_value = int(year) if year.isdigit() else today.year + _YEARS_AHEAD[year]
        return _exact_date(year_value, int(match["month"]), int(match["day"]), text)
    if match := _MONTH_DAY.search(digits):
        return _checked_month_day(int(match["month"]), int(match["day"]), text, earliest)
    if match := _IN_MONTH.search(digits):
        return _day_in_month(int(match["day"]), _AHEAD[match["prefix"]], text, today)
    if match := _MONTH_END.search(digits):
        return _month_end(text, today, earliest, months_ahead=_AHEAD[match["prefix"]] if match["prefix"] else None,
                          month=int(match["month"]) if match["month"] else None)
    if match := _NUMERIC.search(digits):
        return _month_first(int(match["first"]), int(match["second"]), text, earliest)
    if holiday := longest_word_in(fold(text), _HOLIDAYS):  # before numerals: 五一 is not 51
        return _month_day(*_HOLIDAYS[holiday[0]], None, text, earliest)
    if match := _IN_PERIOD.search(digits):
        days = int(match["days"]) if match["days"] else int(match["count"]) * (1 if match["unit"] == "天" else 7)
        return Reading(today + timedelta(days=days), f"'{text}' -> {today} + {days} days")
    if relative := longest_word_in(digits, _RELATIVE_DAYS):
        offset = _RELATIVE_DAYS[relative[0]]
        return Reading(today + timedelta(days=offset), f"'{text}' -> {today} {offset:+d} day{'s' * (abs(offset) != 1)}")
    return _read_week(text, digits, today, after, earliest) or _read_day(text, digits, earliest)


def _read_week(text: str, digits: str, today: date, after: date | None, earliest: date) -> Reading | None:
    """Weekdays, weekends and next week; None if the span names none."""
    if match := _WEEKDAY.search(digits):
        weekday = 6 if match["day"] in "日天" else int(match["day"]) - 1
        if match["prefix"] is None:
            return _weekday_date(weekday, False, text, today, after)
        return _weekday_in_week(weekday, _AHEAD[match["prefix"]], text, today)
    if match := _WEEKEND.search(digits):
        if match["prefix"] in (None, "这", "本"):
            return _first_saturday(earliest, text)
        saturday = _monday(today, _AHEAD[match["prefix"]]) + timedelta(days=5)
        return Reading(saturday, f"'{text}' -> Saturday of the week starting {saturday - timedelta(days=5)}")
    if match := _NEXT_WEEK.search(digits):
        monday = _monday(today, _AHEAD[match["prefix"]])
        return Reading(monday, f"'{text}' -> Monday of the week starting {monday}")
    return None


def _read_day(text: str, digits: str, earliest: date) -> Reading:
    """A day of the month, 10号 or a bare 10: the next such day on/after `earliest`."""
    match = _DAY.search(digits)
    day_text = match["day"] if match else digits if _BARE_DAY.fullmatch(digits) else None
    if day_text is None:
        return fail(f"no date in '{text}'")
    day = int(day_text)
    found = _next_day_of_month(day, earliest)
    if found is None:
        return fail(f"'{text}': no month has a day {day}")
    return Reading(found, f"'{text}' -> next day {day} of a month on/after {earliest}")


def _checked_month_day(month: int, day: int, text: str, earliest: date) -> Reading:
    if not 1 <= month <= 12:
        return fail(f"'{text}' is not a real date: no month {month}")
    return _month_day(month, day, None, text, earliest)


def _month_first(first: int, second: int, text: str, earliest: date) -> Reading:
    """12.10 / 12/10: month first; the other way round only when that is the one real date."""
    if 1 <= first <= 12 and 1 <= second <= _max_day(first):
        return _month_day(first, second, None, text, earliest)
    if 1 <= second <= 12 and 1 <= first <= _max_day(second):
        reading = _month_day(second, first, None, text, earliest)
        return reading._replace(note=f"{reading.note} (read day/month: no month {first})")
    return fail(f"'{text}' is not a real date")


# --------------------------------------------------------------------------- shifts

_LATER = ("往后推", "往后挪", "往后延", "往后", "推迟", "推后", "后推", "延后", "延迟", "延期", "顺延", "晚")
_EARLIER = ("往前推", "往前挪", "往前", "提前", "提早", "早")
_SHIFT_UNIT_DAYS: dict[str, int] = {"天": 1, "日": 1, "晚": 1, "周": 7, "星期": 7, "礼拜": 7}
_SHIFT = re.compile(
    rf"(?P<direction>{'|'.join(sorted(_LATER + _EARLIER, key=len, reverse=True))})了?"
    rf"(?P<count>\d+|几)个?(?P<unit>{'|'.join(_SHIFT_UNIT_DAYS)})"
)


# The day next to the one just said: 20号，不对，前一天 (-1) / 后一天 (+1).
_NEXT_DAY = re.compile(r"^(?:那|再)?(?P<way>[前后])(?:一|1)天$")


def read_shift(text: str) -> Reading | None:
    """推迟一天 -> Shift(days=1), 提前两天 -> Shift(days=-2), 前一天 -> Shift(days=-1); None
    when the span is no move."""
    if nearby := _NEXT_DAY.match(with_digits(text).strip()):
        days = -1 if nearby["way"] == "前" else 1
        return Reading(Shift(days=days), f"'{text}' -> the day {'before' if days < 0 else 'after'} the date just said")
    match = _SHIFT.search(with_digits(text))
    if match is None:
        return None
    if match["count"] == "几" or int(match["count"]) == 0:
        return fail(f"'{text}': no number of days to move by")
    sign = 1 if match["direction"] in _LATER else -1
    days = sign * int(match["count"]) * _SHIFT_UNIT_DAYS[match["unit"]]
    direction = "later" if days > 0 else "earlier"
    moved = f"{abs(days)} day{'s' * (abs(days) != 1)} {direction}"
    return Reading(Shift(days=days), f"'{text}' -> {moved} than the current date")


def bare_weekday(text: str) -> int | None:
    """周六 / 星期六 with nothing to pin its week (no 这 / 下, no date): Monday 0; else None."""
    digits = with_digits(fold(text))
    match = _WEEKDAY.search(digits)
    if match is None or match["prefix"] is not None or re.search(r"\d", digits[: match.start()] + digits[match.end() :]):
        return None
    return 6 if match["day"] in "日天" else int(match["day"]) - 1


def names_a_night(text: str) -> bool:
    """周六晚上, 12号晚上: the night itself (a count of nights is 两晚, never 晚上)."""
    return "晚上" in text or text.rstrip().endswith("夜里")


_DAY_WORD = re.compile(rf"大后天|后天|明天|明晚|明日|明儿|今天|今晚|今儿|(?:下下|下|这|本)个?{_WEEK}[1-7一二三四五六日天]")


def day_word(text: str) -> tuple[int, int] | None:
    """[start, end) of a word in a whole message that names a day for certain (明儿, 下礼拜三)."""
    found = _DAY_WORD.search(text)
    return (found.start(), found.end()) if found else None
