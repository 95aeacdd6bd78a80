"""A planned day's route as both languages write it: the stops in order, each leg between
two of them ("09:00-10:30 A → walk 16 min → 10:46-12:16 B"); the wording module of each
language gives the stop's and the leg's words."""

from __future__ import annotations

from collections.abc import Callable

from bot.models import PlanDay, PlanLeg, PlanStop


def route(plan_day: PlanDay, stop: Callable[[PlanStop], str], leg: Callable[[PlanLeg], str]) -> str:
    """The day's stops joined by its legs (legs[i] joins stops[i] to stops[i + 1])."""
    parts = [stop(plan_day.stops[0])] if plan_day.stops else []
    for way, next_stop in zip(plan_day.legs, plan_day.stops[1:]):
        parts += [f"→ {leg(way)} →", stop(next_stop)]
    return " ".join(parts)
