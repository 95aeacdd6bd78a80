"""Trip plans read beside the model (bot/understanding/trips.py) and public holidays from the
calendar (holidays.py): words, days and holidays in both languages, asides that give way."""

from __future__ import annotations

from datetime import date

import pytest

from bot.models import Entity
from bot.understanding.holidays import next_holiday
from bot.understanding.trips import with_trip

DEC_1 = date(2026, 12, 1)


def read(text: str, intents: list[str], planning: bool = False, entities: list[Entity] | None = None):
    found, intents = with_trip(list(entities or []), intents, text, DEC_1, planning)
    return {e.entity: e.normalized for e in found}, intents


@pytest.mark.parametrize("text, model, expected", [
    ("plan me a 3-day trip in hangzhou", ["out_of_scope"], ["plan_trip"]),
    ("any sightseeing ideas for xian?", ["ask_faq"], ["plan_trip"]),
    ("我想在杭州玩三天，帮我安排一下行程", ["out_of_scope"], ["plan_trip"]),
    ("plan our 2 days in chengdu and book a hotel for 2", ["book_hotel", "out_of_scope"], ["plan_trip", "book_hotel"]),
    ("book a hotel in shanghai for my business trip", ["book_hotel"], ["book_hotel"]),
    ("I'm on holiday next week, need a room in Sanya", ["search_hotels"], ["search_hotels"]),
    # the customer's own schedule changing is no plan asked for
    ("抱歉，我的行程往后延一天，改成19号到21号", ["change_booking"], ["change_booking"]),
    ("行程有变，帮我改一下订单", ["change_booking"], ["change_booking"]),
])
def test_plan_words_make_a_plan_and_a_booking_asked_with_it_stays(text: str, model: list[str], expected: list[str]) -> None:
    assert read(text, model)[1] == expected


def test_a_count_of_days_is_the_trips_and_cheap_words_its_budget() -> None:
    nights = Entity(entity="nights", value="3-day", start=10, end=15, confidence=0.9, normalized=3)
    slots, _ = read("plan me a 3-day cheap trip", ["out_of_scope"], entities=[nights])
    assert slots == {"days": 3, "tier": "budget"}
    assert read("两日游有什么经济的景点", ["out_of_scope"])[0] == {"days": 2, "tier": "budget"}


def test_while_planning_a_new_length_replans_and_a_hotel_request_does_not() -> None:
    assert read("make it 4 days", ["change_booking"], planning=True) == ({"days": 4}, ["plan_trip"])
    assert read("book that hotel for 2", ["book_hotel"], planning=True)[1] == ["book_hotel"]


def test_the_holiday_is_the_next_public_holiday_period() -> None:
    new_year = next_holiday(DEC_1)
    assert (new_year.key, new_year.start, new_year.end) == ("new_year", date(2027, 1, 1), date(2027, 1, 3))
    assert next_holiday(DEC_1, "national_day").start == date(2027, 10, 1)
    slots, intents = read("节假日有哪些比较经济的旅游景点推荐？", ["out_of_scope", "search_hotels"])
    assert intents == ["plan_trip"] and slots == {"check_in": date(2027, 1, 1), "days": 3, "tier": "budget"}
    # a stay over the holiday, no plan: the whole period, out the morning after
    assert read("a room in Sanya over the national day holiday", ["search_hotels"])[0] == {
        "check_in": date(2027, 10, 1), "check_out": date(2027, 10, 6)}
    assert read("3 days over national day in beijing, what to see?", ["out_of_scope"])[0]["days"] == 3


def test_a_count_the_model_read_in_the_days_gives_way_but_a_date_keeps_its_span() -> None:
    tier = Entity(entity="tier", value="3-", start=16, end=18, confidence=0.7, normalized=None)
    slots, _ = read("plan me a cheap 3-day trip in Hangzhou", ["out_of_scope"], entities=[tier])
    assert slots == {"days": 3, "tier": "budget"}
    after = Entity(entity="check_in", value="3天后", start=0, end=3, confidence=0.9, normalized=date(2026, 12, 4))
    slots, _ = read("3天后去杭州玩两天", ["out_of_scope"], entities=[after])
    assert slots == {"check_in": date(2026, 12, 4), "days": 2}


def test_a_plan_request_replaces_the_models_unsure_guess_not_what_it_is_sure_of() -> None:
    assert read("itinerary please", ["greet"])[1] == ["plan_trip", "greet"]
    with_trip_args = ([], ["greet"], "itinerary please", DEC_1)
    assert with_trip(*with_trip_args, guessed=True)[1] == ["plan_trip"]


def test_the_customers_day_is_read_with_the_plan_and_the_hotel_they_return_to_asks_for_no_hotel() -> None:
    slots, intents = read("杭州玩两天，早上十点出发，下午五点前回酒店", ["inform"])
    assert intents == ["plan_trip"] and slots == {"days": 2, "day_start": "10:00", "day_end": "17:00"}
    slots, intents = read("make it start at 8", ["inform"], planning=True)
    assert intents == ["plan_trip"] and slots == {"day_start": "08:00"}
    assert read("book a hotel near the station, we arrive by 8pm", ["book_hotel"]) == ({}, ["book_hotel"])


@pytest.mark.parametrize("text, model, expected", [
    ("I want to see Beijing for 2 days", ["search_hotels"], ["plan_trip"]),
    ("想去看看西安，三天", ["inform"], ["plan_trip"]),
    ("I'll visit Shanghai on the 10th for 2 nights", ["inform"], ["inform"]),  # nights: a stay
    ("visit Beijing and book a hotel there", ["book_hotel"], ["book_hotel"]),
])
def test_a_visit_of_a_city_is_a_plan_and_a_stay_is_not(text: str, model: list[str], expected: list[str]) -> None:
    city = next(name for name in ("Beijing", "西安", "Shanghai") if name in text)
    entities = [Entity(entity="city", value=city, start=text.index(city), end=text.index(city) + len(city), confidence=0.9,
                       normalized=city)]
    if "2 nights" in text:
        entities.append(Entity(entity="nights", value="2 nights", start=text.index("2 nights"), end=len(text),
                               confidence=0.9, normalized=2))
    assert read(text, model, entities=entities)[1] == expected
