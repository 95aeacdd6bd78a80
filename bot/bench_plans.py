"""`hotelbot bench`'s trip-plan rows (SPEC section 10): whole turns that plan 1 to 5 days in
each seeded city, cheap and plain, each in a fresh conversation; and the planner against
the brute-force reference (bot.planning.exhaustive) on every seeded city for 1 and 2 days."""

from __future__ import annotations

import time
from datetime import date

from pydantic import BaseModel

from bot.agent import HotelBot
from bot.planning import exhaustive
from bot.planning.planner import TripRequest, considered

DAYS = (1, 2, 3, 4, 5)


class PlanBench(BaseModel):
    turn_p50_ms: float  # HotelBot.handle of a plan request
    turn_max_ms: float
    turns: int
    exact: int  # requests whose plan scores as the brute force's best
    checked: int


def measure_plans(template: HotelBot, today: date) -> PlanBench:
    bot = template.with_fresh_database(today)
    cities = [city.name for city in bot.db.city_infos()]
    bot.handle("plan-warm-up", "plan me a 2-day trip in Shanghai")  # the first turn loads what every turn shares
    turns = []
    for i, (city, days, cheap) in enumerate((c, d, k) for c in cities for d in DAYS for k in ("cheap ", "")):
        started = time.perf_counter()
        bot.handle(f"plan-{i}", f"plan me a {cheap}{days}-day trip in {city}")
        turns.append((time.perf_counter() - started) * 1000)
    exact = checked = 0
    fares = bot.db.fares()
    for city in cities:
        sights = considered(bot.db.sights(city))
        for days in (1, 2):
            for cheap in (False, True):
                request = TripRequest(city, today, days, cheap)
                exact += exhaustive.planner_score(request, sights, fares[city]) == exhaustive.best_score(
                    request, sights, fares[city])
                checked += 1
    ordered = sorted(turns)
    return PlanBench(turn_p50_ms=round(ordered[len(ordered) // 2], 2), turn_max_ms=round(ordered[-1], 2), turns=len(turns),
                     exact=exact, checked=checked)
