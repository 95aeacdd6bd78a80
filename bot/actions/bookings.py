"""Booking actions: book, change, cancel and check, each against the database.

The tracker's sender is the customer's identity: a booking is made for it, with an access
code the owner may pass on, and only the bookings it may reach (its own, and those whose
access code it gave) are found, changed or cancelled; any other reference reads as unknown.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import access
from bot.actions.base import HotelAction, quote, slot_date, slot_int, wording
from bot.database import BookingCancelled, BookingError, BookingNotFound, NoAvailability

DONE = [SlotSet("quote", None), SlotSet("confirming", None), SlotSet("target_ref", None), SlotSet("active_intent", None)]


def with_ref(tracker: Tracker, ref: str) -> list[dict[str, Any]]:
    refs = list(tracker.get_slot("booking_refs") or [])
    return [SlotSet("booking_refs", refs + [ref])] if ref not in refs else []


class ActionBookHotel(HotelAction):
    def name(self) -> str:
        return "action_book_hotel"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        replies = wording(tracker)
        offer = quote(tracker)
        check_in, check_out, guests = slot_date(tracker, "check_in"), slot_date(tracker, "check_out"), slot_int(tracker, "guests")
        if offer is None or not (check_in and check_out and guests):
            dispatcher.utter_message(text=replies.lost_booking())
            return [SlotSet("quote", None), SlotSet("confirming", None)]
        try:
            booking = self.db.create_booking(tracker.sender_id, offer.room_type_id, check_in, check_out, guests, offer.rooms,
                                             idempotency_key=tracker.get_slot("quote_key"), access_code=access.new_code())
        except NoAvailability:
            dispatcher.utter_message(text=replies.sold_out(offer.hotel))
            return [SlotSet("hotel", None), SlotSet("quote", None), SlotSet("confirming", None)]
        dispatcher.utter_message(text=replies.booked(booking), json_message={"booking": booking.model_dump(mode="json")})
        return with_ref(tracker, booking.ref) + DONE + [SlotSet("offers", [])]


class ActionChangeBooking(HotelAction):
    def name(self) -> str:
        return "action_change_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        replies = wording(tracker)
        ref = tracker.get_slot("target_ref")
        proposal = quote(tracker)
        try:
            booking = self.db.change_booking(
                tracker.sender_id,
                ref,
                check_in=slot_date(tracker, "check_in"),
                check_out=slot_date(tracker, "check_out"),
                guests=slot_int(tracker, "guests"),
                rooms=slot_int(tracker, "rooms"),
                room_type_id=proposal.room_type_id if proposal else None,
            )
        except NoAvailability:
            dispatcher.utter_message(text=replies.change_unavailable(ref))
            return DONE
        except BookingError as error:
            dispatcher.utter_message(text=replies.change_failed(ref, str(error)))
            return DONE
        dispatcher.utter_message(text=replies.changed(booking), json_message={"booking": booking.model_dump(mode="json")})
        return with_ref(tracker, booking.ref) + DONE


class ActionCancelBooking(HotelAction):
    def name(self) -> str:
        return "action_cancel_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        replies = wording(tracker)
        ref = tracker.get_slot("target_ref")
        try:
            booking = self.db.cancel_booking(tracker.sender_id, ref)
        except BookingCancelled as error:
            dispatcher.utter_message(text=replies.already_cancelled(error.booking))
            return DONE
        except BookingNotFound:
            dispatcher.utter_message(text=replies.unknown_ref(ref))
            return DONE
        dispatcher.utter_message(text=replies.cancelled(booking), json_message={"booking": booking.model_dump(mode="json")})
        return DONE


class ActionCheckBooking(HotelAction):
    def name(self) -> str:
        return "action_check_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        replies = wording(tracker)
        ref = tracker.get_slot("booking_ref")
        if ref:
            booking = self.db.get_booking(tracker.sender_id, ref)
            if booking is None:  # unknown, or someone else's: the same reply
                dispatcher.utter_message(text=replies.unknown_ref(ref))
                return [SlotSet("booking_ref", None)]
            dispatcher.utter_message(text=replies.booking_details(booking))
            return with_ref(tracker, booking.ref)
        bookings = self.db.customer_bookings(tracker.sender_id)  # the identity's, from any conversation
        if not bookings:
            dispatcher.utter_message(text=replies.no_bookings())
            return []
        for booking in bookings:
            dispatcher.utter_message(text=replies.booking_details(booking))
        return []
