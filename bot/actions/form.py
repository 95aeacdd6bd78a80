"""validate_booking_form: check the stay the customer described, price it when complete.

Rejected values are unset (SlotSet None) with a message saying why; the policy then
asks for them again. For a change, the proposal (the booking's values with the
customer's changes applied) is written into the slots for the confirmation.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import HotelAction, slot_int, stay_dates, today, wording
from intents.schema import MAX_DAYS_AHEAD, MAX_GUESTS, MAX_NIGHTS, MAX_ROOMS


class ValidateBookingForm(HotelAction):
    def name(self) -> str:
        return "validate_booking_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        events = self._reject_unusable_entities(dispatcher, tracker)
        events += self._validate_values(dispatcher, tracker)
        if events:
            return events
        if tracker.get_slot("active_intent") == "change_booking":
            return self._propose_change(tracker)
        if tracker.get_slot("active_intent") == "book_hotel":
            return self._quote(dispatcher, tracker)
        return []

    @staticmethod
    def _reject_unusable_entities(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        replies = wording(tracker)
        for entity in tracker.latest_message.get("entities", []):
            if entity.get("role") == "negated":
                continue
            if entity["entity"] == "city" and not entity.get("known", True):
                dispatcher.utter_message(text=replies.unknown_city(entity["value"]))
            elif entity["entity"] == "hotel" and not entity.get("known", True):
                dispatcher.utter_message(text=replies.unknown_hotel(entity["value"]))
            elif entity["entity"] in ("check_in", "check_out") and entity.get("normalized") is None:
                dispatcher.utter_message(text=replies.unusable_date(entity["value"]))
        return []

    @staticmethod
    def _validate_values(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        replies = wording(tracker)
        events: list[dict[str, Any]] = []
        now = today(tracker)
        check_in, check_out = stay_dates(tracker)

        def reject(message: str, *slots: str) -> None:
            dispatcher.utter_message(text=message)
            events.extend(SlotSet(slot, None) for slot in slots)

        if check_in and check_in < now:
            reject(replies.past_date(check_in), "check_in", "check_out")
        elif check_in and check_in > now + timedelta(days=MAX_DAYS_AHEAD):
            reject(replies.too_far_ahead(), "check_in", "check_out")
        elif check_in and check_out and not 1 <= (check_out - check_in).days <= MAX_NIGHTS:
            reject(replies.stay_out_of_range(), "check_out", "nights")
        elif (nights := slot_int(tracker, "nights")) is not None and not 1 <= nights <= MAX_NIGHTS:
            # a length with no dates yet (or a change of a booking's length) is checked too
            reject(replies.stay_out_of_range(), "check_out", "nights")
        guests, rooms = slot_int(tracker, "guests"), slot_int(tracker, "rooms")
        if guests is not None and not 1 <= guests <= MAX_GUESTS:
            reject(replies.guests_out_of_range(guests), "guests")
        if rooms is not None and not 1 <= rooms <= MAX_ROOMS:
            reject(replies.rooms_out_of_range(), "rooms")
        return events

    def _quote(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        hotel = tracker.get_slot("hotel")
        check_in, check_out = stay_dates(tracker)
        guests = slot_int(tracker, "guests")
        if not (hotel and check_in and check_out and guests):
            return []
        rooms = slot_int(tracker, "rooms")
        offers = self.db.room_offers(hotel, check_in, check_out, guests, rooms or 1)
        if not offers and rooms is None and guests > 2:
            # no single room fits the party: try double rooms
            offers = self.db.room_offers(hotel, check_in, check_out, guests, -(-guests // 2))
        if not offers:
            replies, listed = wording(tracker), self.db.hotel_by_name(hotel)
            dispatcher.utter_message(text=replies.no_rooms_at(listed, guests, check_in, check_out) if listed
                                     else replies.unknown_hotel(hotel))
            return [SlotSet("hotel", None), SlotSet("quote", None)]
        return [SlotSet("quote", offers[0].model_dump(mode="json"))]

    def _propose_change(self, tracker: Tracker) -> list[dict[str, Any]]:
        ref = tracker.get_slot("target_ref")
        booking = self.db.get_booking(tracker.sender_id, ref) if ref else None
        if booking is None:
            return []
        changed = set(tracker.get_slot("changed_slots") or [])
        check_in = _changed_date(tracker, "check_in", changed) or booking.check_in
        check_out = _changed_date(tracker, "check_out", changed)
        nights = slot_int(tracker, "nights") if "nights" in changed else None
        if check_out is None or check_out <= check_in:
            check_out = check_in + timedelta(days=nights or booking.nights)
        guests = slot_int(tracker, "guests") if "guests" in changed else booking.guests
        rooms = slot_int(tracker, "rooms") if "rooms" in changed else booking.rooms
        # price the new stay: the same room type if it still fits, else the cheapest of this
        # hotel that does (availability is re-checked, own rooms included, when it is booked)
        offers = self.db.room_offers(booking.hotel, check_in, check_out, guests, rooms)
        same_room = [offer for offer in offers if offer.room_type == booking.room_type]
        proposal = (same_room or offers or [None])[0]
        return [
            SlotSet("quote", proposal.model_dump(mode="json") if proposal else None),
            SlotSet("check_in", check_in.isoformat()),
            SlotSet("check_out", check_out.isoformat()),
            SlotSet("nights", (check_out - check_in).days),
            SlotSet("guests", guests),
            SlotSet("rooms", rooms),
            SlotSet("hotel", booking.hotel),
            SlotSet("city", booking.city),
        ]


def _changed_date(tracker: Tracker, slot: str, changed: set[str]) -> Optional[date]:
    value = tracker.get_slot(slot)
    return date.fromisoformat(value) if slot in changed and value else None
