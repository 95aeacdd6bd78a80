"""action_search_hotels: hotels with rooms for the stay, as a numbered list with cards.

The database chooses what a list shows (Database.best_offers), so a catalogue of 10,000
hotels costs a search no more than one of 50. What it lists depends on the tracker's `search_request` (policy.search_request):
- new: one recommendation per tier; with a tier, a price, an amenity or a rating, every
  match (up to MAX_OPTIONS), cheapest first; near a sight, nearest first with the distance;
- more: the matches not listed yet for these search details, the same way;
- again: the options already offered, when the customer picked a number beyond them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from types import ModuleType
from typing import Any, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import HotelAction, offered, slot_int, stay_dates, wording
from bot.geo import distance_km
from bot.models import HotelCard, OfferedOption, RoomOffer, SearchAsk, SightInfo

MAX_OPTIONS = 5  # a list a customer reads at a glance and picks from by number


@dataclass
class Search:
    """The stay being searched, what it asks of the hotels, and the defaults the prices assume."""

    city: str
    check_in: date
    check_out: date
    guests: int
    rooms: int
    tier: Optional[str]
    max_price: Optional[float]
    hotel: Optional[str] = None  # the hotel the search is about (_asked_hotel): that hotel only
    assumed: list[str] = field(default_factory=list)  # slots whose default the prices assume (wording.ASSUMED)
    min_price: Optional[float] = None
    min_rating: Optional[float] = None
    amenities: list[str] = field(default_factory=list)  # amenity keys the hotel must have, all of them
    sight: Optional[str] = None  # a sight's name: hotels nearest it first, with the distance
    near: Optional[SightInfo] = None  # that sight as the catalogue has it (its coordinates)

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
                   tracker.get_slot("tier"), tracker.get_slot("max_price"), _asked_hotel(tracker), assumed,
                   tracker.get_slot("min_price"), tracker.get_slot("min_rating"), list(tracker.get_slot("amenity") or []),
                   tracker.get_slot("sight"))

    @property
    def filtered(self) -> bool:
        return bool(self.tier or self.max_price or self.hotel or self.min_price or self.min_rating or self.amenities
                    or self.sight)

    def filters(self) -> dict[str, Any]:
        """The database's filters of this search (Database.search_offers)."""
        return {"tier": self.tier, "max_price": self.max_price, "hotel": self.hotel, "min_price": self.min_price,
                "min_rating": self.min_rating, "amenities": self.amenities}

    def without(self, constraint: str) -> "Search":
        """The same search without one of its constraints (RELAXABLE): what to suggest when nothing matches."""
        if constraint.startswith("amenity:"):
            return replace(self, amenities=[key for key in self.amenities if key != constraint.removeprefix("amenity:")])
        if constraint == "price":
            return replace(self, min_price=None, max_price=None)
        return replace(self, **{constraint: None})

    def constraints(self) -> list[str]:
        """The constraints a customer could drop, in the order the replies name them."""
        return ([f"amenity:{key}" for key in self.amenities] + ["min_rating"] * bool(self.min_rating)
                + ["price"] * bool(self.min_price or self.max_price) + ["tier"] * bool(self.tier))


class ActionSearchHotels(HotelAction):
    def name(self) -> str:
        return "action_search_hotels"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        request = tracker.get_slot("search_request")
        replies = wording(tracker)
        if request == "again":
            options = [option.offer for option in offered(tracker)]
            _utter_list(dispatcher, replies, replies.only_options(options), options, self.db.amenity_names())
            return []  # the same options stay offered
        search = Search.from_tracker(tracker)
        if search is None:
            return []
        if search.sight:
            search.near = next((s for s in self.db.sights(search.city) if s.name == search.sight), None)
        names = self.db.amenity_names()
        ask = self._ask(search, names)
        if request == "more":
            return self._more(dispatcher, tracker, replies, search, ask, names)
        return self._new(dispatcher, replies, search, ask, names)

    def _shown(self, search: Search, order: str, exclude: Sequence[str] = (),
               limit: int = MAX_OPTIONS) -> tuple[list[RoomOffer], int]:
        """The offers a list shows, chosen by the database (whatever the catalogue's size), and
        how many hotels match in all; near a sight, nearest first, each with its distance."""
        sight = search.near
        offers, matching = self.db.best_offers(search.city, search.check_in, search.check_out, search.guests,
                                               search.rooms, order=order, near=(sight.lat, sight.lon) if sight else None,
                                               limit=limit, exclude=exclude, **search.filters())
        if sight is None:
            return offers, matching
        near = [offer.model_copy(update={"distance_km": round(distance_km(sight.lat, sight.lon, offer.hotel.lat,
                                                                              offer.hotel.lon), 1)}) for offer in offers]
        return sorted(near, key=lambda offer: (offer.distance_km, offer.price_per_night)), matching

    @staticmethod
    def _ask(search: Search, names: dict[str, tuple[str, str]]) -> SearchAsk:
        sight = search.near
        return SearchAsk(tier=search.tier, min_price=search.min_price, max_price=search.max_price, min_rating=search.min_rating,
                         amenities=[names.get(key, (key, key)) for key in search.amenities],
                         sight=(sight.name, sight.name_zh) if sight else None)

    def _relaxed(self, search: Search, ask: SearchAsk) -> list[tuple[str, Any, int]]:
        """(what, its name or value, hotels found without it) for each constraint whose drop alone
        finds some: what the reply suggests when nothing matches them all."""
        named = dict(zip((f"amenity:{key}" for key in search.amenities), ask.amenities))
        relaxed = []
        for constraint in search.constraints():
            count = self._shown(search.without(constraint), "price", limit=1)[1]
            if count:
                kind = "amenity" if constraint in named else constraint
                relaxed.append((kind, named.get(constraint, getattr(ask, constraint, None)), count))
        return relaxed

    def _new(self, dispatcher: CollectingDispatcher, replies: ModuleType, search: Search, ask: SearchAsk,
             names: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
        # one recommendation per tier, or with a tier, a price, an amenity, a rating or a sight every match
        options, matching = self._shown(search, "price" if search.filtered else "per_tier")
        if not options:
            dispatcher.utter_message(text=replies.no_offers(search.city, search.check_in, search.check_out, ask,
                                                            self._relaxed(search, ask)))
            return [SlotSet("offers", []), SlotSet("shown_hotels", [])]
        text = replies.offers(search.city, search.check_in, search.check_out, search.guests, options, search.assumed,
                              unseen=matching - len(options), ask=ask)
        _utter_list(dispatcher, replies, text, options, names, ask)
        return offer_events(options, shown_before=[])

    def _more(self, dispatcher: CollectingDispatcher, tracker: Tracker, replies: ModuleType, search: Search,
              ask: SearchAsk, names: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
        shown = list(tracker.get_slot("shown_hotels") or [])
        options, unseen = self._shown(search, "price", exclude=shown)
        if not options:  # the last list stays offered, so its numbers can still be picked
            dispatcher.utter_message(text=replies.no_more_offers(search.city, search.check_in, search.check_out,
                                                                 ask, offered=len(offered(tracker))))
            return []
        text = replies.more_offers(search.city, search.check_in, search.check_out, search.guests, options,
                                   search.assumed, unseen=unseen - len(options), ask=ask)
        _utter_list(dispatcher, replies, text, options, names, ask)
        return offer_events(options, shown_before=shown)


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


def _utter_list(dispatcher: CollectingDispatcher, replies: ModuleType, text: str, options: list[RoomOffer],
               names: dict[str, tuple[str, str]], ask: Optional[SearchAsk] = None) -> None:
    found = cards(options, replies, names, ask)
    dispatcher.utter_message(text=text, json_message={"cards": [card.model_dump(mode="json") for card in found]})


def cards(offers: list[RoomOffer], replies: ModuleType, names: dict[str, tuple[str, str]] | None = None,
          ask: Optional[SearchAsk] = None) -> list[HotelCard]:
    """The offers as the UI and the REST channel show them, named in the replies' language
    (`names`: the catalogue's amenity names, key -> (English, Chinese))."""
    names = names or {}
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
            rating=offer.hotel.rating,
            amenities=[replies.in_language(names.get(key, (key, key))) for key in offer.hotel.amenities],
            distance_km=offer.distance_km,
            near=replies.in_language(ask.sight) if ask is not None and ask.sight else "",
        )
        for i, offer in enumerate(offers, start=1)
    ]


def offer_events(options: list[RoomOffer], shown_before: list[str]) -> list[dict[str, Any]]:
    """Events that make `options` the offered list (numbered from 1) and add them to the shown hotels."""
    offered_now = [OfferedOption(ordinal=i, offer=offer).model_dump(mode="json") for i, offer in enumerate(options, start=1)]
    return [SlotSet("offers", offered_now), SlotSet("shown_hotels", shown_before + [offer.hotel.name for offer in options])]
