"""The trip planner: a city's sights, a start date, a number of days -> the best day-by-day plan.

The problem is small (a city's dozen sights, up to a week), so the planner searches it
exactly instead of guessing greedily:

1. Day routes. Every ordered visit of up to PACE sights, with every sensible mode on every
   leg (bot.planning.legs), is scheduled from the day's start: a stop is reached no earlier
   than it opens and left by its closing time and the day's end. Per set of sights the best
   schedule is kept for each aim. Opening hours are the same on every open day, so this
   table serves every day of the trip (it is cached per city and day length).
2. Days. A dynamic programme over the days and the sets of sights used so far (2^n states,
   numpy over all of them at once) gives each day one set of sights open on its weekday,
   never one sight twice.

The aim is lexicographic, and starts the same for both kinds of plan: as many days with a
stop as there are days to fill. Then a plain plan takes as many stops as fit (PACE a day)
with the least time on the way, money breaking ties; a cheap plan the least money (tickets
and fares) less STOP_WORTH for each stop, so that it takes a sight only when its ticket and
the way there cost less than that, time breaking ties. Both search the same plans, so a
cheap plan never costs more than the plain one for the same city and days: the plain plan
has the most stops, and a cheap plan with fewer must save STOP_WORTH on each one fewer.
bot.planning.exhaustive checks the result against brute force (docs/design.md).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional, Sequence

import numpy as np

from bot.clock import clock, hhmm
from bot.database.catalogue_file import WEEKDAYS, Fares
from bot.models import LegWorking, PlanDay, PlanLeg, PlanStop, PlanTrace, SightChoice, SightInfo, TripPlan
from bot.planning.legs import options, road_km

PACE = 3  # sights a day at most: a day of three leaves time for meals and rest
MAX_CONSIDERED = 12  # sights of a city weighed at once (2^12 sets of them)
MAX_DAYS = 7
DAY_START, DAY_END = 9 * 60, 18 * 60  # a day's sightseeing unless the customer gives theirs, minutes after midnight
STOP_WORTH = 3000  # fen (CNY 30, about a meal): what a cheap plan will pay for one more sight
# one integer per day route, summed over the days: a day with a stop first, then (plain) the
# stops, minutes and money in fen, or (cheap) money less the stops' worth, then minutes
_DAY, _STOP, _MINUTE = 10**13, 10**11, 10**6
_MONEY = 10**4

@dataclass(frozen=True)
class TripRequest:
    city: str
    start: date
    days: int
    cheap: bool = False
    max_total: Optional[float] = None  # tickets and fares, the whole trip
    day_start: int = DAY_START  # minutes after midnight
    day_end: int = DAY_END


@dataclass(frozen=True)
class Route:
    """One day's visit: sight indices in order, the leg taken between each two, the arrival times."""

    order: tuple[int, ...]
    legs: tuple[PlanLeg, ...]
    arrives: tuple[int, ...]
    minutes: int  # on the way
    money: int  # tickets and fares, in fen

    def measure(self, cheap: bool) -> tuple[int, int]:
        return (self.money, self.minutes) if cheap else (self.minutes, self.money)

    def score(self, cheap: bool) -> int:
        if cheap:
            return -_DAY + (self.money - STOP_WORTH * len(self.order)) * _MONEY + self.minutes
        return -_DAY - len(self.order) * _STOP + self.minutes * _MINUTE + self.money


def considered(sights: Sequence[SightInfo]) -> list[SightInfo]:
    """The sights weighed: all of a city's, or its MAX_CONSIDERED cheapest nearest its middle."""
    if len(sights) <= MAX_CONSIDERED:
        return list(sights)
    lat, lon = sum(s.lat for s in sights) / len(sights), sum(s.lon for s in sights) / len(sights)
    return sorted(sights, key=lambda s: (s.ticket, (s.lat - lat) ** 2 + (s.lon - lon) ** 2))[:MAX_CONSIDERED]


def day_routes(sights: Sequence[SightInfo], fares: Fares, day_start: int, day_end: int) -> dict[bool, dict[int, Route]]:
    """aim (cheap?) -> set of sights (a bit mask over ``sights``) -> its best feasible route."""
    n = len(sights)
    ways = {(i, j): options(road_km(sights[i], sights[j])[1], fares) for i in range(n) for j in range(n) if i != j}
    opens = [clock(s.opens) for s in sights]
    closes = [min(clock(s.closes), day_end) for s in sights]
    stay = [s.visit_minutes for s in sights]
    tickets = [round(s.ticket * 100) for s in sights]
    best: dict[bool, dict[int, Route]] = {False: {}, True: {}}

    def keep(mask: int, route: Route) -> None:
        for cheap in (False, True):
            held = best[cheap].get(mask)
            if held is None or (route.measure(cheap), route.order) < (held.measure(cheap), held.order):
                best[cheap][mask] = route

    def extend(route: Route, leave: int, mask: int) -> None:
        keep(mask, route)
        if len(route.order) == PACE:
            return
        last = route.order[-1]
        for j in range(n):
            if mask >> j & 1:
                continue
            for leg in ways[last, j]:
                arrive = max(leave + leg.minutes, opens[j])
                if arrive + stay[j] <= closes[j]:
                    extend(Route(route.order + (j,), route.legs + (leg,), route.arrives + (arrive,),
                                 route.minutes + leg.minutes, route.money + tickets[j] + round(leg.fare * 100)),
                           arrive + stay[j], mask | 1 << j)

    for i in range(n):
        arrive = max(day_start, opens[i])
        if arrive + stay[i] <= closes[i]:
            extend(Route((i,), (), (arrive,), 0, tickets[i]), arrive + stay[i], 1 << i)
    return best


def best_days(routes: dict[int, Route], open_masks: Sequence[int], n: int, cheap: bool) -> list[int]:
    """For each day (``open_masks[d]``: the sights open that day), the set of sights it visits:
    the best total over all the ways to share the sights out, never one sight twice."""
    size = 1 << n
    masks = np.arange(size, dtype=np.int64)
    worst = np.iinfo(np.int64).max
    value = np.full(size, worst, dtype=np.int64)
    value[0] = 0
    choices = []
    for allowed in open_masks:
        new = value.copy()  # a day with no stop leaves the used sights as they were
        choice = np.zeros(size, dtype=np.int64)
        reached = masks[value != worst]
        for subset, route in routes.items():
            if subset & ~allowed:
                continue
            free = reached[(reached & subset) == 0]
            candidate = value[free] + route.score(cheap)
            target = free | subset
            better = candidate < new[target]
            new[target[better]] = candidate[better]
            choice[target[better]] = subset
        value = new
        choices.append(choice)
    mask, days = int(np.argmin(value)), []
    for choice in reversed(choices):
        subset = int(choice[mask])
        days.append(subset)
        mask ^= subset
    return days[::-1]


_ROUTES: dict[tuple, dict[bool, dict[int, Route]]] = {}  # day routes by what they depend on
_MAX_CACHED = 64


def _cached_routes(sights: Sequence[SightInfo], fares: Fares, day_start: int, day_end: int) -> dict[bool, dict[int, Route]]:
    key = (tuple((s.name, s.lat, s.lon, s.ticket, s.opens, s.closes, s.visit_minutes) for s in sights), fares, day_start, day_end)
    if key not in _ROUTES:
        if len(_ROUTES) >= _MAX_CACHED:
            _ROUTES.pop(next(iter(_ROUTES)))
        _ROUTES[key] = day_routes(sights, fares, day_start, day_end)
    return _ROUTES[key]


def plan_trip(request: TripRequest, sights: Sequence[SightInfo], fares: Fares) -> tuple[TripPlan, PlanTrace]:
    """The plan for ``request`` over a city's ``sights``, and its workings for the trace. With a
    budget, the plain plan if it fits, else the cheapest (the reply says if even that is over)."""
    started = time.perf_counter()
    weighed = considered(sights)
    routes = _cached_routes(weighed, fares, request.day_start, request.day_end)
    dates = [request.start + timedelta(days=d) for d in range(min(request.days, MAX_DAYS))]
    open_masks = [sum(1 << i for i, s in enumerate(weighed) if WEEKDAYS[day.weekday()] not in s.closed_on) for day in dates]
    cheap = request.cheap
    chosen = best_days(routes[cheap], open_masks, len(weighed), cheap)
    if request.max_total is not None and not cheap and _money(routes[False], chosen) > request.max_total * 100:
        cheap = True
        chosen = best_days(routes[True], open_masks, len(weighed), True)
    days = [_day(day, routes[cheap].get(mask), weighed) for day, mask in zip(dates, chosen)]
    plan = TripPlan(city=request.city, days=days, total_cost=round(sum(day.cost for day in days), 2), cheap=cheap,
                    max_total=request.max_total, day_start=hhmm(request.day_start), day_end=hhmm(request.day_end))
    millis = (time.perf_counter() - started) * 1000
    search = (f"exact: {len(routes[cheap])} day routes of up to {PACE} of {len(weighed)} sights, "
              f"{len(dates)} day(s) shared out over 2^{len(weighed)} sets of sights, {millis:.1f} ms")
    return plan, PlanTrace(considered=_choices(weighed, sights, days, dates, routes[cheap], cheap, request),
                           legs=_workings(days, weighed, fares, cheap), search=search)


def _money(routes: dict[int, Route], masks: Sequence[int]) -> int:
    return sum(routes[mask].money for mask in masks if mask)


def _day(day: date, route: Optional[Route], sights: Sequence[SightInfo]) -> PlanDay:
    if route is None:
        return PlanDay(date=day, stops=[], legs=[], cost=0)
    stops = [PlanStop(sight=sights[i].name, sight_zh=sights[i].name_zh, arrive=hhmm(arrive),
                      leave=hhmm(arrive + sights[i].visit_minutes), ticket=sights[i].ticket)
             for i, arrive in zip(route.order, route.arrives)]
    cost = sum(stop.ticket for stop in stops) + sum(leg.fare for leg in route.legs)
    return PlanDay(date=day, stops=stops, legs=list(route.legs), cost=round(cost, 2))


def _choices(weighed: Sequence[SightInfo], every: Sequence[SightInfo], days: Sequence[PlanDay], dates: Sequence[date],
             routes: dict[int, Route], cheap: bool, request: TripRequest) -> list[SightChoice]:
    """Each sight of the city: chosen (which day, when) or why not."""
    visits = {stop.sight: (i, stop) for i, day in enumerate(days, start=1) for stop in day.stops}
    fitting = {i for mask in routes for i in range(len(weighed)) if mask >> i & 1}
    weekdays = {WEEKDAYS[d.weekday()] for d in dates}
    found = []
    for i, sight in enumerate(weighed):
        if sight.name in visits:
            day, stop = visits[sight.name]
            found.append(SightChoice(sight=sight.name, ticket=sight.ticket, chosen=True,
                                     why=f"day {day}, {stop.arrive}-{stop.leave}"))
            continue
        if weekdays <= set(sight.closed_on):
            why = f"closed on {', '.join(sorted(weekdays, key=WEEKDAYS.index))}, the plan's days"
        elif i not in fitting:
            why = (f"open {sight.opens}-{sight.closes} for a visit of {sight.visit_minutes} min: it does not fit a "
                   f"{hhmm(request.day_start)}-{hhmm(request.day_end)} day")
        else:
            why = (f"its ticket and the way there cost more than CNY {STOP_WORTH // 100} the cheap plan pays for a sight"
                   if cheap else f"left out at {PACE} sights a day: the plan without it spends less time on the way")
        found.append(SightChoice(sight=sight.name, ticket=sight.ticket, chosen=False, why=why))
    kept = {s.name for s in weighed}
    found += [SightChoice(sight=s.name, ticket=s.ticket, chosen=False,
                          why=f"beyond the {MAX_CONSIDERED} sights weighed (the cheapest, nearest the city's middle)")
              for s in every if s.name not in kept]
    return found


def _workings(days: Sequence[PlanDay], sights: Sequence[SightInfo], fares: Fares, cheap: bool) -> list[LegWorking]:
    by_name = {sight.name: sight for sight in sights}
    found = []
    for day in days:
        for leg, a, b in zip(day.legs, day.stops, day.stops[1:]):
            straight, road = road_km(by_name[a.sight], by_name[b.sight])
            ways = options(road, fares)
            why = ("the only sensible way" if len(ways) == 1 else
                   "the cheapest way that keeps the day's times" if cheap else "the fastest way that keeps the day's times")
            found.append(LegWorking(start=a.sight, end=b.sight, straight_km=straight, road_km=road, options=ways,
                                    chosen=leg.mode, why=why))
    return found
