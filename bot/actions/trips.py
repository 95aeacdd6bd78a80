"""action_plan_trip: a day-by-day plan of a city's sights (SPEC section 10), and a hotel near them.

The plan starts on the check-in the customer gave (or the holiday's first day), else
tomorrow; it lasts the days asked, else the stay's nights plus one, else DEFAULT_DAYS (the
reply says so); each day runs from the customer's day_start to day_end (09:00-18:00 unless
they said). "Cheap" (tier budget) plans for the least money and recommends a budget
hotel; otherwise the hotel is of the tier asked, or any, nearest the middle of the plan's
stops. The plan sets the stay (check-in, check-out = one night fewer than the days) and
the hotel, and offers that hotel, so "book that hotel for 2" books it for the plan's dates.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import HotelAction, slot_int, stay_dates, today, wording
from bot.actions.search import cards, offer_events
from bot.models import RoomOffer, SightInfo, TripPlan
from bot.clock import clock
from bot.planning.planner import DAY_END, DAY_START, MAX_DAYS, TripRequest, plan_trip
from bot.understanding.hours import EARLIEST, LATEST
from bot.understanding.holidays import holiday_of

DEFAULT_DAYS = 2


class ActionPlanTrip(HotelAction):
    def name(self) -> str:
        return "action_plan_trip"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        replies = wording(tracker)
        city = tracker.get_slot("city")
        sights = self.db.sights(city) if city else []
        if not sights:
            dispatcher.utter_message(text=replies.no_sights(city or ""))
            return []
        check_in, check_out = stay_dates(tracker)
        start = check_in if check_in and check_in >= today(tracker) else today(tracker) + timedelta(days=1)
        days, assumed = self._days(tracker, check_in, check_out)
        tier = tracker.get_slot("tier")
        request = TripRequest(city, start, min(days, MAX_DAYS), cheap=tier == "budget", max_total=tracker.get_slot("max_price"),
                              **self._hours(tracker))
        plan, trace = plan_trip(request, sights, self.db.fares()[city])
        nights = max(1, len(plan.days) - 1)
        offer = self._hotel(plan, sights, tier, start, nights, slot_int(tracker, "guests") or 1)
        holiday = holiday_of(start)
        plan = plan.model_copy(update={"hotel": offer.hotel.name if offer else None, "hotel_offer": offer,
                                       "holiday": holiday.name if holiday else None,
                                       "holiday_zh": holiday.name_zh if holiday else None})
        custom: dict[str, Any] = {"plan": plan.model_dump(mode="json"), "planning": trace.model_dump(mode="json")}
        if offer:
            custom["cards"] = [card.model_dump(mode="json") for card in cards([offer], replies, self.db.amenity_names())]
        dispatcher.utter_message(text=replies.trip_plan(plan, assumed, days > MAX_DAYS), json_message=custom)
        events = [SlotSet("check_in", start.isoformat()), SlotSet("check_out", (start + timedelta(days=nights)).isoformat()),
                  SlotSet("days", len(plan.days))]
        if offer:
            events += [SlotSet("hotel", offer.hotel.name), *offer_events([offer], shown_before=[])]
        return events

    @staticmethod
    def _days(tracker: Tracker, check_in: Optional[date], check_out: Optional[date]) -> tuple[int, bool]:
        """(the trip's days, whether the bot assumed them)."""
        asked = slot_int(tracker, "days")
        if asked:
            return asked, False
        if check_in and check_out and tracker.get_slot("active_intent") == "plan_trip":
            return (check_out - check_in).days + 1, False
        return DEFAULT_DAYS, True

    @staticmethod
    def _hours(tracker: Tracker) -> dict[str, int]:
        """The customer's day, minutes after midnight: the times they named, the rest as by
        default; a side they did not name moves to keep a default-length day when the named
        one falls outside 09:00-18:00 ("start at 7pm" ends at 23:00)."""
        named = {side: clock(tracker.get_slot(f"day_{side}")) for side in ("start", "end") if tracker.get_slot(f"day_{side}")}
        start, end = named.get("start", DAY_START), named.get("end", DAY_END)
        if start >= end and "end" not in named:
            end = min(LATEST, start + DAY_END - DAY_START)
        elif start >= end and "start" not in named:
            start = max(EARLIEST, end - (DAY_END - DAY_START))
        elif start >= end:  # both named on different turns and crossed: the usual day
            start, end = DAY_START, DAY_END
        return {"day_start": start, "day_end": end}

    def _hotel(self, plan: TripPlan, sights: list[SightInfo], tier: Optional[str], start: date, nights: int,
               guests: int) -> Optional[RoomOffer]:
        """The hotel nearest the middle of the plan's stops, of the tier asked (budget when cheap)."""
        by_name = {s.name: s for s in sights}
        stops = [by_name[stop.sight] for day in plan.days for stop in day.stops]
        if not stops:
            return None
        middle = (sum(s.lat for s in stops) / len(stops), sum(s.lon for s in stops) / len(stops))
        offers, _ = self.db.best_offers(plan.city, start, start + timedelta(days=nights), guests, 1, near=middle, limit=1,
                                        tier="budget" if plan.cheap else tier)
        return offers[0] if offers else None
