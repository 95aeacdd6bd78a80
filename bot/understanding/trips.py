"""Trip plans beside the model's reading (SPEC section 10): "plan me a cheap 3-day trip in
Hangzhou", "节假日有哪些比较经济的旅游景点推荐？".

The model was not trained on plan_trip: these words tell it, as the catalogue's words tell
the search constraints (constraints.py). A message with a plan word (sights, itinerary,
景点, 行程, ...) or a trip word with no hotel word is a plan request; what the model made of
it as out of scope, a topicless question or a search without hotel words gives way, while
a booking asked for with it ("... and book a hotel for 2") stays. In a plan request, or
while a plan is under way (``planning``), a count of days is the trip's `days` ("3-day",
"玩三天"), not nights; clock times are the customer's day (hours.py: "from 10am to 5pm",
"十点出发"); a cheap word makes it a budget plan.

"Over the holiday", "this long weekend", "节假日", "国庆" mean the next public holiday period
(holidays.py) in any message: its first day is the check-in; a plan takes its length as its
days, a stay ends the morning after it. The note says which holiday was taken.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.models import Entity
from bot.understanding.holidays import HolidayPeriod, next_holiday
from bot.clock import hhmm
from bot.understanding.hours import DAY_SLOTS, DayTime, hours_in
from intents.schema import DATE_SLOTS

_PLAN_WORDS = re.compile(
    r"\bitinerar(?:y|ies)\b|\bsightseeing\b|\bsights?\b|\battractions?\b|\bthings to (?:see|do)\b|\bplaces to (?:see|visit|go)\b"
    r"|\bwhat (?:to|should i|should we|can i|can we) (?:see|do|visit)\b|\btrip plan|\bplan (?:me |us )?(?:a |an |my |our )?"
    r"(?:\S+ )?(?:trip|visit|days?|holiday|tour|sightseeing)\b|\btour of\b|\bday trip\b"
    # the customer's own schedule is no plan asked for: 我的行程往后延一天, 行程有变
    r"|景点|景区|(?<!我的)(?<!我们的)(?<![我])行程(?!有变|变了|改|推迟|提前|往后|延)|攻略|路线|怎么玩|玩什么|玩法|好玩|去哪儿?玩|一日游|[一二两三四五六七\d]日游|游玩|观光|逛逛", re.I)
_TRIP_WORDS = re.compile(r"\btrip\b|\btour\b|\bholiday\b|\bvacation\b|旅游|旅行|出去玩|玩[一二两三四五六七\d]+天", re.I)
_VISIT = re.compile(r"\b(?:see|visit|explore|discover|tour|sightsee in)\s*$|(?:看看|逛|逛逛|游览|参观)$", re.I)
_HOTEL_WORDS = re.compile(r"\bhotels?\b|\brooms?\b|\bstay\b|\baccommodation\b|\bbook\b|酒店|宾馆|饭店|住宿|住|房间|民宿|客栈|订", re.I)
_CHEAP_WORDS = re.compile(r"\bcheap(?:ly)?\b|\bbudget\b|\beconomical\b|\binexpensive\b|\baffordable\b|\blow[- ]cost\b"
                          r"|\bsave money\b|\bfrugal\b|经济|便宜|实惠|省钱|穷游|划算|性价比", re.I)
_NUMBER = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_DAYS = re.compile(r"\b(\d+|a|one|two|three|four|five|six|seven)[- ]?days?\b|([一二两三四五六七]|\d+)\s*(?:天|日游)", re.I)
# a holiday said as such ("on holiday" is a traveller's, not a date): key or None for the next of any
_HOLIDAYS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"\bnational day\b|\bgolden week\b|国庆|十一(?:黄金周|假期|长假)", re.I), "national_day"),
    (re.compile(r"\b(?:chinese|lunar) new year\b|\bspring festival\b|春节|过年", re.I), "spring_festival"),
    (re.compile(r"\bmay day\b|\blabou?r day\b|五一|劳动节", re.I), "labor_day"),
    (re.compile(r"\bmid-?autumn\b|\bmoon festival\b|中秋", re.I), "mid_autumn"),
    (re.compile(r"\bdragon boat\b|端午", re.I), "dragon_boat"),
    (re.compile(r"\bqingming\b|\btomb[- ]sweeping\b|清明", re.I), "tomb_sweeping"),
    (re.compile(r"\bnew year'?s?(?: day)?\b|元旦", re.I), "new_year"),
    (re.compile(r"\b(?:over|during|for|this|next|the coming) (?:the )?(?:(?:next|coming|public|bank) )?holidays?\b"
                r"|\blong weekend\b|\bpublic holidays?\b|\bholiday (?:period|break)\b|节假日|小长假|长假|假期|放假", re.I), None),
)
_REPLACEABLE = ("out_of_scope", "inform", "search_hotels", "change_booking")
_PLAN_CHANGES = ("days", *DAY_SLOTS)  # read here: a plan under way takes them as its own


def with_trip(entities: list[Entity], intents: list[str], text: str, today: date,
              planning: bool = False, guessed: bool = False) -> tuple[list[Entity], list[str]]:
    """The message's entities with its holiday, trip length and budget, and its intents (see
    the module's doc); ``guessed``: no intent passed its threshold, ``intents`` is the model's
    best guess, which a plan request replaces ("itinerary please" is no greeting)."""
    times = hours_in(text)  # "back at the hotel by 6", "五点前回酒店" ask for no hotel
    hotel_words = bool(_HOTEL_WORDS.search(_without(text, [(t.start, t.end) for t in times])))
    stay_words = hotel_words or "book_hotel" in intents
    asks_plan = bool(_PLAN_WORDS.search(text)) or (bool(_TRIP_WORDS.search(text)) and not stay_words) \
        or (_visits_city(text, entities) and not hotel_words and not any(
            e.entity == "nights" and not _DAYS.search(e.value) and not any(t.start <= e.start < t.end for t in times)
            for e in entities))  # nights name a stay; a count the model read in a clock time ("4pm") does not
    topic = any(e.entity == "topic" for e in entities)
    asides = {*_REPLACEABLE, "thank", *(() if topic else ("ask_faq",))}  # what a change of the plan may read as
    about_plan = asks_plan or (planning and not hotel_words and (not intents or set(intents) <= asides))
    if about_plan:
        entities = _with_hours(_with_days(entities, text), text, times)
    entities = _with_holiday(entities, text, today, about_plan)
    if not about_plan:
        return entities, intents
    found = _CHEAP_WORDS.search(text)
    if found:  # a tier span the normaliser could not read ("更省" of 更省钱) is this word's
        entities = [e for e in entities if not (e.entity == "tier" and e.normalized is None)]
    if found and not any(e.entity == "tier" for e in entities):
        entities.append(Entity(entity="tier", value=found.group(0), start=found.start(), end=found.end(), confidence=0.0,
                               normalized="budget", note="a cheap plan (read by the trip words)"))
    if not asks_plan and not any(e.entity in (*_PLAN_CHANGES, "tier", "city", "check_in", "max_price") for e in entities):
        return sorted(entities, key=lambda e: e.start), intents  # nothing of the plan changes
    # the model's guess of a stay where no hotel is named ("we're in Chengdu for 2 days") is the trip's
    kept = [intent for intent in intents if not guessed and intent not in _REPLACEABLE and not (intent == "ask_faq" and not topic)
            and not (intent in ("search_hotels", "book_hotel") and not hotel_words)]
    return sorted(entities, key=lambda e: e.start), ["plan_trip", *(i for i in kept if i != "plan_trip")]


def _visits_city(text: str, entities: list[Entity]) -> bool:
    """"see Beijing", "explore Chengdu for 2 days", "看看西安": a visit of a city, not a stay."""
    return any(e.entity == "city" and e.known and (found := _VISIT.search(text, max(0, e.start - 12), e.start))
               and not text[found.end() : e.start].strip(" the") for e in entities)


def days_in(text: str) -> int | None:
    """The first count of days in ``text`` ("3-day", "两日游"), or None."""
    found = _DAYS.search(text)
    if found is None:
        return None
    word = (found.group(1) or found.group(2)).lower()
    return int(word) if word.isdigit() else _NUMBER[word]


def _with_days(entities: list[Entity], text: str) -> list[Entity]:
    """A count of days is the trip's length: a count the model read in "3-day" (nights, a tier
    of "3-") gives way to the days; a date (3天后) or a name (7天酒店) keeps its span."""
    kept = [e for e in entities if not (e.entity == "nights" and _DAYS.search(e.value))]
    if any(e.entity == "days" for e in kept):
        return kept
    for found in _DAYS.finditer(text):
        over = [e for e in kept if e.start < found.end() and found.start() < e.end]
        if any(e.entity in ("city", "hotel", *DATE_SLOTS) for e in over):
            continue
        count = days_in(found.group(0))
        kept = [e for e in kept if e not in over]
        kept.append(Entity(entity="days", value=found.group(0), start=found.start(), end=found.end(), confidence=0.0,
                           normalized=count, note=f"{count} day(s) of the trip (read by the trip words)"))
        break
    return kept


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _with_hours(entities: list[Entity], text: str, times: list[DayTime]) -> list[Entity]:
    """The customer's day ("from 10am to 5pm", "十点出发"): a count or date the model read in
    its clock times gives way to it; a name (a city, a hotel) keeps its span."""
    kept = entities
    for time in times:
        over = [e for e in kept if e.start < time.end and time.start < e.end]
        if any(e.entity in ("city", "hotel") for e in over):
            continue
        value = hhmm(time.minutes)
        kept = [e for e in kept if e not in over or e.entity in DAY_SLOTS]
        kept.append(Entity(entity=time.slot, value=text[time.start : time.end], start=time.start, end=time.end,
                           confidence=0.0, normalized=value,
                           note=f"the day {'starts' if time.slot == 'day_start' else 'ends'} at {value} (read by the trip words)"))
    return kept


def _with_holiday(entities: list[Entity], text: str, today: date, plan: bool) -> list[Entity]:
    """The next public holiday the message names: its first day to check in, its length or end."""
    if any(e.entity in DATE_SLOTS and e.role == "value" and e.normalized is not None for e in entities):
        return entities  # a date of its own says when
    for pattern, key in _HOLIDAYS:
        found = pattern.search(text)
        period = next_holiday(today, key) if found else None
        if found and period:
            return _holiday_entities(entities, found, period, plan)
    return entities


def _holiday_entities(entities: list[Entity], found: re.Match[str], period: HolidayPeriod, plan: bool) -> list[Entity]:
    note = f"the next public holiday: {period.name} ({period.name_zh}), {period.start} to {period.end} (holidays.China)"
    span = dict(value=found.group(0), start=found.start(), end=found.end(), confidence=0.0, note=note)
    kept = [e for e in entities if not (e.entity in (*DATE_SLOTS, "nights") and e.start < found.end() and found.start() < e.end)]
    added = [Entity(entity="check_in", normalized=period.start, **span)]
    if plan and not any(e.entity == "days" for e in kept):  # "3 days over National Day" keeps its 3
        added.append(Entity(entity="days", normalized=period.days, **span))
    elif not plan:
        added.append(Entity(entity="check_out", normalized=period.end + timedelta(days=1), **span))
    return kept + added
