"""The planner's reference: the same problem solved by brute force, for checking (tests,
docs/design.md, `hotelbot bench`). Every ordered visit of up to PACE sights with every mode
on every leg is scheduled on its own (itertools, no pruning), and every way of giving each
day one of those visits, no sight twice, is scored: the best of all plans, slowly."""

from __future__ import annotations

from datetime import timedelta
from itertools import permutations, product
from typing import Optional, Sequence

from bot.database.catalogue_file import WEEKDAYS, Fares
from bot.models import SightInfo
from bot.planning.legs import options, road_km
from bot.clock import clock
from bot.planning.planner import PACE, Route, TripRequest, considered, plan_trip


def _schedule(order: tuple[int, ...], modes: tuple, sights: Sequence[SightInfo], start: int, end: int) -> Optional[Route]:
    t, arrives, minutes, money = start, [], 0, 0
    for position, i in enumerate(order):
        sight = sights[i]
        if position:
            leg = modes[position - 1]
            t += leg.minutes
            minutes += leg.minutes
            money += round(leg.fare * 100)
        arrive = max(t, clock(sight.opens))
        t = arrive + sight.visit_minutes
        if t > min(clock(sight.closes), end):
            return None
        arrives.append(arrive)
        money += round(sight.ticket * 100)
    return Route(order, tuple(modes), tuple(arrives), minutes, money)


def every_route(sights: Sequence[SightInfo], fares: Fares, start: int, end: int) -> list[Route]:
    found = []
    for size in range(1, PACE + 1):
        for order in permutations(range(len(sights)), size):
            ways = [options(road_km(sights[a], sights[b])[1], fares) for a, b in zip(order, order[1:])]
            for modes in product(*ways):
                route = _schedule(order, modes, sights, start, end)
                if route is not None:
                    found.append(route)
    return found


def best_score(request: TripRequest, sights: Sequence[SightInfo], fares: Fares) -> int:
    """The best plan's score (Route.score summed over the days) over every plan there is."""
    routes = every_route(sights, fares, request.day_start, request.day_end)
    best_by_set: dict[int, int] = {}
    for route in routes:
        mask = sum(1 << i for i in route.order)
        score = route.score(request.cheap)
        best_by_set[mask] = min(best_by_set.get(mask, score), score)
    days = [request.start + timedelta(days=d) for d in range(request.days)]
    per_day = []
    for day in days:
        closed = {i for i, s in enumerate(sights) if WEEKDAYS[day.weekday()] in s.closed_on}
        per_day.append([(0, 0)] + [(mask, score) for mask, score in best_by_set.items()
                                   if not any(mask >> i & 1 for i in closed)])
    best = 0
    for choice in product(*per_day):
        used = 0
        for mask, _ in choice:
            if used & mask:
                break
            used |= mask
        else:
            best = min(best, sum(score for _, score in choice))
    return best


def planner_score(request: TripRequest, sights: Sequence[SightInfo], fares: Fares) -> int:
    """The planner's plan for ``request``, scored as best_score scores plans (its days' routes
    scheduled again here, each with the legs the plan took)."""
    weighed = considered(sights)
    names = [sight.name for sight in weighed]
    plan, _ = plan_trip(request, sights, fares)
    total = 0
    for day in plan.days:
        if day.stops:
            order = tuple(names.index(stop.sight) for stop in day.stops)
            route = _schedule(order, tuple(day.legs), weighed, request.day_start, request.day_end)
            assert route is not None, f"the planner's day {day.date} does not fit its own rules"
            total += route.score(request.cheap)
    return total
