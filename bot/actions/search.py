"""action_search_hotels: hotels with rooms for the stay, as a numbered list with cards.

What it lists depends on the tracker's `search_request` (policy.search_request):
- new: one recommendation per tier; with a tier or a price cap, every match (up to
  MAX_OPTIONS), cheapest first;
- more: the matches not listed yet for these search details, cheapest first;
- again: the options already offered, when the customer picked a number beyond them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from types import ModuleType
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import HotelAction, offered, slot_int, stay_dates, wording
from bot.models import HotelCard, OfferedOption, RoomOffer
from intents.schema import TIERS

MAX_OPTIONS = 5  # a list a customer reads at a glance and picks from by number


def one_per_tier(offers: list[RoomOffer]) -> list[RoomOffer]:
    """The cheapest offer of each tier, budget first."""
    best: dict[str, RoomOffer] = {}
    for offer in offers:
        current = best.get(offer.hotel.tier)
        if current is None or offer.price_per_night < current.price_per_night:
            best[offer.hotel.tier] = offer
    return [best[tier] for tier in TIERS if tier in best]


def cheapest_first(offers: list[RoomOffer]) -> list[RoomOffer]:
    return sorted(offers, key=lambda offer: (offer.price_per_night, offer.hotel.name))


@dataclass
class Search:
    """The stay being searched, with the defaults the prices assume."""

    city: str
    check_in: date
    check_out: date
    guests: int
    rooms: int
    tier: Optional[str]
    max_price: Optional[float]
    hotel: Optional[str] = None  # the hotel the search is about (_asked_hotel): that hotel only
    assumed: list[str] = field(default_factory=list)  # slots whose default the prices assume (wording.ASSUMED)

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> Optional["Search"]:
        city = tracker.get_slot("city")
        check_in, check_out = stay_dates(tracker)
        if not city or not check_in:
            return None
        assumed = []
        if not check_out:
            check_out = check_in + timedelta(days=1)
            assumed.append("nights")
        guests = slot_int(tracker, "guests")
        if guests is None:
            guests = 1
            assumed.append("guests")
        return cls(city, check_in, check_out, guests, slot_int(tracker, "rooms") or 1,
                   tracker.get_slot("tier"), tracker.get_slot("max_price"), _asked_hotel(tracker), assumed)

    @property
    def filtered(self) -> bool:
        return bool(self.tier or self.max_price or self.hotel)


class ActionSearchHotels(HotelAction):
    def name(self) -> str:
        return "action_search_hotels"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        request = tracker.get_slot("search_request")
        replies = wording(tracker)
        if request == "again":
            options = [option.offer for option in offered(tracker)]
            _utter_list(dispatcher, replies, replies.only_options(options), options)
            return []  # the same options stay offered
        search = Search.from_tracker(tracker)
        if search is None:
            return []
        found = self.db.search_offers(search.city, search.check_in, search.check_out, search.guests, search.rooms,
                                      tier=search.tier, max_price=search.max_price, hotel=search.hotel)
        if request == "more":
            return self._more(dispatcher, tracker, replies, search, found)
        return self._new(dispatcher, replies, search, found)

    @staticmethod
    def _new(dispatcher: CollectingDispatcher, replies: ModuleType, search: Search,
             found: list[RoomOffer]) -> list[dict[str, Any]]:
        options = cheapest_first(found)[:MAX_OPTIONS] if search.filtered else one_per_tier(found)
        if not options:
            dispatcher.utter_message(text=replies.no_offers(search.city, search.check_in, search.check_out,
                                                            search.tier, search.max_price))
            return [SlotSet("offers", []), SlotSet("shown_hotels", [])]
        text = replies.offers(search.city, search.check_in, search.check_out, search.guests, options, search.assumed,
                              unseen=len(found) - len(options))
        _utter_list(dispatcher, replies, text, options)
        return _offer(options, shown_before=[])

    @staticmethod
    def _more(dispatcher: CollectingDispatcher, tracker: Tracker, replies: ModuleType, search: Search,
              found: list[RoomOffer]) -> list[dict[str, Any]]:
        shown = list(tracker.get_slot("shown_hotels") or [])
        unseen = cheapest_first([offer for offer in found if offer.hotel.name not in shown])
        options = unseen[:MAX_OPTIONS]
        if not options:  # the last list stays offered, so its numbers can still be picked
            dispatcher.utter_message(text=replies.no_more_offers(search.city, search.check_in, search.check_out,
                                                                 search.tier, search.max_price, offered=len(offered(tracker))))
            return []
        text = replies.more_offers(search.city, search.check_in, search.check_out, search.guests, options,
                                   search.assumed, unseen=len(unseen) - len(options))
        _utter_list(dispatcher, replies, text, options)
        return _offer(options, shown_before=shown)


def _asked_hotel(tracker: Tracker) -> Optional[str]:
    """The hotel a search is about: named in this message ("how much is the Bund Riverside
    ..."), or the one the list shown is about while its details change ("2 of us"). A hotel
    picked or asked about from a list of several, or left from an earlier task, is not."""
    hotel = tracker.get_slot("hotel")
    if tracker.get_slot("active_intent") != "search_hotels" or not hotel:
        return None
    named = any(entity["entity"] == "hotel" for entity in tracker.latest_message.get("entities", []))
    options = offered(tracker)
    return hotel if named or (options and all(option.offer.hotel.name == hotel for option in options)) else None


def _utter_list(dispatcher: CollectingDispatcher, replies: ModuleType, text: str, options: list[RoomOffer]) -> None:
    dispatcher.utter_message(text=text, json_message={"cards": [card.model_dump(mode="json") for card in cards(options, replies)]})


def cards(offers: list[RoomOffer], replies: ModuleType) -> list[HotelCard]:
    """The offers as the UI and the REST channel show them, named in the replies' language."""
    return [
        HotelCard(
            ordinal=i,
            tier=offer.hotel.tier,
            hotel=replies.hotel_name(offer.hotel),
            stars=offer.hotel.stars,
            room_type=replies.room_name(offer),
            price_per_night=offer.price_per_night,
            total_price=offer.total_price,
            nights=offer.nights,
            currency=offer.currency,
            booking_link=offer.booking_link,
        )
        for i, offer in enumerate(offers, start=1)
    ]


def _offer(options: list[RoomOffer], shown_before: list[str]) -> list[dict[str, Any]]:
    """Events that make `options` the offered list (numbered from 1) and add them to the shown hotels."""
    offered_now = [OfferedOption(ordinal=i, offer=offer).model_dump(mode="json") for i, offer in enumerate(options, start=1)]
    return [SlotSet("offers", offered_now), SlotSet("shown_hotels", shown_before + [offer.hotel.name for offer in options])]
