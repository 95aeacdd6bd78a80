"""The trip planner (SPEC section 10): exact against brute force on every seeded city, and,
over many random requests, a plan that keeps every rule: opening hours, closed weekdays, the
customer's day, legs that join the stops, totals that add up, a cheap plan never dearer."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import pytest
from hypothesis import given, settings, strategies as st

from bot.database import Database
from bot.database.catalogue_file import WEEKDAYS, Fares, Metro
from bot.models import SightInfo, TripPlan
from bot.planning import exhaustive
from bot.planning.legs import options
from bot.clock import clock
from bot.planning.planner import MAX_DAYS, PACE, TripRequest, considered, plan_trip


@cache
def seeded() -> tuple[dict[str, list[SightInfo]], dict[str, Fares]]:
    db = Database.create(":memory:")
    return {city.name: db.sights(city.name) for city in db.city_infos()}, db.fares()


CITIES = sorted(seeded()[0])


def planned(request: TripRequest) -> TripPlan:
    sights, fares = seeded()
    return plan_trip(request, sights[request.city], fares[request.city])[0]


@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("cheap", [False, True])
@pytest.mark.parametrize("days", [1, 2])
def test_the_plan_is_the_best_of_every_plan_there_is(city: str, cheap: bool, days: int) -> None:
    request = TripRequest(city, date(2026, 12, 7), days, cheap)  # a Monday: the museums are closed
    sights, fares = seeded()
    assert exhaustive.planner_score(request, sights[city], fares[city]) == exhaustive.best_score(
        request, considered(sights[city]), fares[city])


def check_rules(plan: TripPlan, request: TripRequest) -> None:
    sights = {s.name: s for s in seeded()[0][request.city]}
    assert [day.date for day in plan.days] == [request.start + timedelta(days=d) for d in range(min(request.days, MAX_DAYS))]
    seen = [stop.sight for day in plan.days for stop in day.stops]
    assert len(seen) == len(set(seen)), "no sight twice"
    for day in plan.days:
        assert len(day.stops) <= PACE and len(day.legs) == max(0, len(day.stops) - 1)
        for stop in day.stops:
            sight = sights[stop.sight]
            assert WEEKDAYS[day.date.weekday()] not in sight.closed_on
            assert clock(sight.opens) <= clock(stop.arrive) and clock(stop.leave) <= clock(sight.closes)
            assert request.day_start <= clock(stop.arrive) and clock(stop.leave) <= request.day_end
            assert clock(stop.leave) - clock(stop.arrive) == sight.visit_minutes
            assert stop.ticket == sight.ticket
        for leg, before, after in zip(day.legs, day.stops, day.stops[1:]):
            assert clock(before.leave) + leg.minutes <= clock(after.arrive), "the leg joins the stops"
        assert day.cost == pytest.approx(sum(s.ticket for s in day.stops) + sum(leg.fare for leg in day.legs))
    assert plan.total_cost == pytest.approx(sum(day.cost for day in plan.days))


requests = st.builds(
    TripRequest, city=st.sampled_from(CITIES), start=st.dates(date(2026, 12, 1), date(2027, 12, 31)),
    days=st.integers(1, 5), cheap=st.booleans(), max_total=st.none(),
    day_start=st.sampled_from([8 * 60, 9 * 60, 10 * 60]), day_end=st.sampled_from([16 * 60, 18 * 60, 20 * 60]))


@settings(max_examples=150, deadline=None)
@given(requests)
def test_every_plan_keeps_hours_days_legs_and_sums(request: TripRequest) -> None:
    plan = planned(request)
    check_rules(plan, request)
    assert plan.cheap == request.cheap


@settings(max_examples=100, deadline=None)
@given(requests)
def test_a_cheap_plan_never_costs_more_than_a_plain_one(request: TripRequest) -> None:
    plain = planned(TripRequest(**{**request.__dict__, "cheap": False}))
    cheap = planned(TripRequest(**{**request.__dict__, "cheap": True}))
    assert cheap.total_cost <= plain.total_cost
    assert sum(bool(d.stops) for d in cheap.days) == sum(bool(d.stops) for d in plain.days), "every day still has a stop"


def test_a_budget_the_plain_plan_exceeds_takes_the_cheap_one() -> None:
    plain = planned(TripRequest("Beijing", date(2026, 12, 8), 3))
    within = planned(TripRequest("Beijing", date(2026, 12, 8), 3, max_total=plain.total_cost))
    tight = planned(TripRequest("Beijing", date(2026, 12, 8), 3, max_total=plain.total_cost - 1))
    assert not within.cheap and within.total_cost == plain.total_cost
    assert tight.cheap and tight.total_cost < plain.total_cost


def test_a_closed_sight_is_left_out_and_the_trace_says_why() -> None:
    sights, fares = seeded()
    monday = date(2026, 12, 7)
    plan, trace = plan_trip(TripRequest("Hangzhou", monday, 1), sights["Hangzhou"], fares["Hangzhou"])
    museum = next(c for c in trace.considered if c.sight == "Zhejiang Provincial Museum")
    assert not museum.chosen and "closed on monday" in museum.why
    assert all(stop.sight != museum.sight for day in plan.days for stop in day.stops)
    assert len(trace.legs) == sum(len(day.legs) for day in plan.days)
    assert all(working.chosen in {option.mode for option in working.options} for working in trace.legs)


def test_a_short_leg_is_walked_and_a_long_one_rides_by_the_citys_rules() -> None:
    fares = Fares()
    assert [leg.mode for leg in options(0.5, fares)] == ["walk"]
    long = {leg.mode: leg for leg in options(14, fares)}
    assert set(long) == {"bus", "metro"}, "a taxi slower than the metro and dearer is no option"
    assert long["metro"].fare == 4  # 3 to 6 km, 1 more per 10 km begun
    assert options(40, Fares(metro=Metro(max_fare=5)))[0].fare == 5  # the cap
    no_metro = {leg.mode: leg for leg in options(14, Fares(metro=None))}
    assert set(no_metro) == {"bus", "taxi"}
    assert no_metro["taxi"].fare == round(13 + (14 - 3) * 2.5) and no_metro["taxi"].minutes < no_metro["bus"].minutes
