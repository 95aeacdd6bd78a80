"""action_search_hotels: one recommendation per tier with rooms for the stay."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import replies
from bot.actions.base import HotelAction, slot_int, stay_dates
from bot.models import OfferedOption, RoomOffer
from intents.schema import TIERS


def one_per_tier(offers: list[RoomOffer]) -> list[RoomOffer]:
    """The cheapest offer of each tier, budget first."""
    best: dict[str, RoomOffer] = {}
    for offer in offers:
        current = best.get(offer.hotel.tier)
        if current is None or offer.price_per_night < current.price_per_night:
            best[offer.hotel.tier] = offer
    return [best[tier] for tier in TIERS if tier in best]


class ActionSearchHotels(HotelAction):
    def name(self) -> str:
        return "action_search_hotels"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        city = tracker.get_slot("city")
        check_in, check_out = stay_dates(tracker)
        if not city or not check_in:
            return []
        assumed = []
        if not check_out:
            check_out = check_in + timedelta(days=1)
            assumed.append("1 night")
        guests = slot_int(tracker, "guests")
        if guests is None:
            guests = 1
            assumed.append("1 guest")
        rooms = slot_int(tracker, "rooms") or 1
        tier, max_price = tracker.get_slot("tier"), tracker.get_slot("max_price")
        found = self.db.search_offers(city, check_in, check_out, guests, rooms, tier=tier, max_price=max_price)
        options = one_per_tier(found)
        if not options:
            filters = ([f"{tier} hotels"] if tier else []) + ([f"at most {replies.money(max_price)} a night"] if max_price else [])
            dispatcher.utter_message(text=replies.no_offers(city, check_in, check_out, filters))
            return [SlotSet("offers", [])]
        dispatcher.utter_message(
            text=replies.offers(city, check_in, check_out, guests, options, assumed),
            json_message={"cards": [card.model_dump(mode="json") for card in replies.cards(options)]},
        )
        offered = [OfferedOption(ordinal=i, offer=offer).model_dump(mode="json") for i, offer in enumerate(options, start=1)]
        return [SlotSet("offers", offered)]
