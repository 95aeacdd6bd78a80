"""action_handoff and action_fallback: when a person or a clarifying question is needed."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import HotelAction, wording
from intents.schema import SLOTS


class ActionHandoff(HotelAction):
    def name(self) -> str:
        return "action_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        replies = wording(tracker)
        details = {slot: tracker.get_slot(slot) for slot in SLOTS if tracker.get_slot(slot) is not None}
        hotel = self.db.hotel_by_name(details["hotel"]) if "hotel" in details else None
        if hotel is not None:  # the state holds the canonical name; the summary names it as the customer reads it
            details["hotel"] = replies.hotel_name(hotel)
        summary = replies.handoff_summary(tracker.get_slot("active_intent"), details, tracker.get_slot("booking_refs") or [])
        dispatcher.utter_message(text=replies.handoff(summary), json_message={"handoff": {"summary": summary}})
        return []


class ActionFallback(HotelAction):
    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        replies = wording(tracker)
        ranking = sorted(tracker.latest_message.get("intent_ranking", []), key=lambda item: -item["confidence"])
        # the two best task readings: "inform" and "out_of_scope" make poor questions
        candidates = [item["name"] for item in ranking if item["name"] not in ("out_of_scope", "inform")]
        if len(candidates) >= 2:
            dispatcher.utter_message(text=replies.clarify(candidates[0], candidates[1]))
        else:
            dispatcher.utter_message(text=replies.not_understood())
        return []
