"""The ways between two sights: each mode's minutes and fare, from their coordinates and a
city's fare rules (the catalogue's `fares`, bot.database.catalogue_file.Fares).

Distances are straight lines (bot.geo) times ROAD_FACTOR: streets do not run as the crow
flies. A leg short enough is walked; a longer one rides the bus, the metro (where the city
has one) or a taxi, each with its waiting or walking time to the ride. Only options no
other beats on both time and money are kept: the planner chooses among them.
"""

from __future__ import annotations

import math

from bot.database.catalogue_file import Fares
from bot.geo import distance_km
from bot.models import PlanLeg, SightInfo

ROAD_FACTOR = 1.3  # road km per straight-line km in a city's street grid
ALWAYS_WALK_KM = 0.8  # nobody takes a ride this short
# minutes to the stop or station and waiting for the ride (a taxi is hailed or called)
ACCESS_MINUTES = {"bus": 10, "metro": 12, "taxi": 5}


def road_km(a: SightInfo, b: SightInfo) -> tuple[float, float]:
    """(straight-line km, road km) between two sights, to 10 m."""
    straight = distance_km(a.lat, a.lon, b.lat, b.lon)
    return round(straight, 2), round(straight * ROAD_FACTOR, 2)


def options(km: float, fares: Fares) -> list[PlanLeg]:
    """Every sensible way to cover ``km`` by road, fastest first; none slower and dearer than another."""
    found = []
    if km <= max(fares.walk_max_km, ALWAYS_WALK_KM):
        found.append(PlanLeg(mode="walk", minutes=_minutes(km, fares.walk_kmh, 0), fare=0, km=km))
    if km > ALWAYS_WALK_KM:
        found.append(PlanLeg(mode="bus", minutes=_minutes(km, fares.bus.kmh, ACCESS_MINUTES["bus"]), fare=fares.bus.fare, km=km))
        if fares.metro is not None:
            metro = fares.metro
            steps = math.ceil(max(0.0, km - metro.base_km) / metro.per_km_step)
            fare = min(metro.max_fare, metro.base_fare + steps * metro.per_km_fare)
            found.append(PlanLeg(mode="metro", minutes=_minutes(km, metro.kmh, ACCESS_MINUTES["metro"]), fare=fare, km=km))
        taxi = fares.taxi
        fare = float(round(taxi.flag_fall + max(0.0, km - taxi.flag_km) * taxi.per_km))  # the meter shows whole yuan
        found.append(PlanLeg(mode="taxi", minutes=_minutes(km, taxi.kmh, ACCESS_MINUTES["taxi"]), fare=fare, km=km))
    kept = [leg for leg in found if not any(_beats(other, leg) for other in found)]
    return sorted(kept, key=lambda leg: (leg.minutes, leg.fare))


def _beats(other: PlanLeg, leg: PlanLeg) -> bool:
    return other.minutes <= leg.minutes and other.fare <= leg.fare and (other.minutes, other.fare) != (leg.minutes, leg.fare)


def _minutes(km: float, kmh: float, access: int) -> int:
    return access + math.ceil(km / kmh * 60)
