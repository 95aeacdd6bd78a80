"""The customer's own day of a trip plan: when they set out and when they are back, as
clock times ("from 10am to 5pm", "start at 10, back by 4", "早上十点出发，下午五点前回来").

Read in a plan request, beside the days (trips.py), into the slots `day_start` and
`day_end` ("HH:MM"); the planner fits every day inside them (default 09:00-18:00).
A bare hour is a daytime hour: "from 10 to 4" is 10:00-16:00, "back by 5" 17:00 (nobody
plans a day that ends at five in the morning); 下午, 晚上 and pm move an hour past noon.

A date library reads dates, not a customer's day: dateparser has no time ranges and
Duckling's intervals would still need these daytime rules, so the few shapes are here.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.understanding.zh.words import numeral_value

DAY_SLOTS = ("day_start", "day_end")

_ZH_HOUR = r"(?P<{p}h>\d{{1,2}}|[零一二两三四五六七八九十]{{1,3}})(?:[点時时](?:(?P<{p}half>半)|(?P<{p}m>\d{{1,2}}|[零一二三四五六七八九十]{{1,3}})分?)?|:(?P<{p}m2>\d{{2}}))"
_ZH_PART = r"(?P<{p}part>早上|上午|早晨|中午|下午|傍晚|晚上)?"
_EN_TIME = r"(?P<{p}h>\d{{1,2}})(?::(?P<{p}m>\d{{2}}))?\s*(?P<{p}ampm>[ap]\.?m\b\.?)?"


def _zh(p: str) -> str:
    return _ZH_PART.format(p=p) + _ZH_HOUR.format(p=p)


def _en(p: str) -> str:
    return _EN_TIME.format(p=p)


# a window ("from 10am to 5pm", "10:00-17:00", "上午10点到下午5点"; a clock mark on one side at
# least: "from 10 to 12" may be dates), then a start or an end alone
_WINDOW = re.compile(
    rf"(?:\bfrom |\bbetween )?{_en('a')}\s*(?:-|–|to|till|until|and)\s*{_en('b')}(?=\W|$)"
    rf"|{_zh('c')}\s*(?:-|–|到|至|~)\s*{_zh('d')}", re.I)
_START = re.compile(
    rf"\b(?:start(?:ing)?|set(?:ting)? out|head(?:ing)? out|leav(?:e|ing)(?: the hotel)?|go(?:ing)? out|begin(?:ning)?)"
    rf"(?: the day)? (?:at|from|around|after) {_en('a')}(?=\W|$)|\bnot before {_en('e')}(?=\W|$)"
    rf"|{_zh('c')}(?:以后|之后)?(?:出发|出门|开始|动身)", re.I)
_END = re.compile(
    rf"\b(?:back|finish(?:ed)?|done|end(?:ing)?|return(?:ing)?|home|stop(?:ping)?)(?: at the hotel| to the hotel)?"
    rf"(?: by| at| before| around)? {_en('b')}(?=\W|$)|\b(?:until|till|no later than) {_en('f')}(?=\W|$)"
    rf"|{_zh('d')}(?:以前|之前|前)?(?:回来|回酒店|回到酒店|回去|结束|收工)", re.I)
EARLIEST, LATEST = 6 * 60, 23 * 60  # a planned day's bounds, minutes after midnight


class DayTime(NamedTuple):
    slot: str  # one of DAY_SLOTS
    minutes: int  # after midnight
    start: int  # the span in the message
    end: int


def hours_in(text: str) -> list[DayTime]:
    """The day the customer gives in ``text``: its start and end, either or both; none when
    its end is not after its start."""
    if found := _WINDOW.search(text):
        start, end = _clock(found, "a", "c"), _clock(found, "b", "d")
        clocked = found["ch"] is not None or any(found[g] for g in ("aampm", "bampm", "am", "bm"))
        if clocked and start is not None and end is not None and start < end:
            return [DayTime("day_start", start, found.start(), found.end()), DayTime("day_end", end, found.start(), found.end())]
        return []
    times = []
    if (found := _START.search(text)) and (start := _clock(found, "a", "e", "c")) is not None:
        times.append(DayTime("day_start", start, found.start(), found.end()))
    if (found := _END.search(text)) and (end := _clock(found, "b", "f", "d")) is not None:
        times.append(DayTime("day_end", end, found.start(), found.end()))
    return [] if len(times) == 2 and times[0].minutes >= times[1].minutes else times


def _clock(found: re.Match[str], *prefixes: str) -> int | None:
    """Minutes after midnight of the time named by the first of the group ``prefixes`` (English,
    Chinese) the match holds; None outside a day's bounds."""
    groups = found.groupdict()
    p = next((p for p in prefixes if groups.get(f"{p}h")), None)
    if p is None:
        return None
    hour_text = groups[f"{p}h"]
    hour = int(hour_text) if hour_text.isdigit() else numeral_value(hour_text)
    minute_text = groups.get(f"{p}m") or groups.get(f"{p}m2")
    minute = 30 if groups.get(f"{p}half") else 0 if not minute_text else (
        int(minute_text) if minute_text.isdigit() else numeral_value(minute_text))
    if hour is None or minute is None or hour > 23 or minute > 59:
        return None
    marker = (groups.get(f"{p}ampm") or "").lower().replace(".", "")
    part = groups.get(f"{p}part") or ""
    if hour < 12 and (marker == "pm" or part in ("下午", "傍晚", "晚上") or (not marker and not part and hour < 7)):
        hour += 12  # a bare 4 is four in the afternoon
    elif hour == 12 and marker == "am":
        hour = 0
    minutes = hour * 60 + minute
    return minutes if EARLIEST <= minutes <= LATEST else None
