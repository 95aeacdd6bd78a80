"""action_answer_faq: policy answers by topic, or by similarity for free-form questions."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import HotelAction, entities_of, language, offered, wording


class ActionAnswerFaq(HotelAction):
    def name(self) -> str:
        return "action_answer_faq"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        topics = list(dict.fromkeys(e["normalized"] for e in entities_of(tracker, "topic") if e.get("normalized")))
        asked = [e["normalized"] for e in entities_of(tracker, "amenity") if e.get("role") == "asked"]
        if asked and not topics:
            dispatcher.utter_message(text=self._amenities_answer(tracker, list(dict.fromkeys(asked))))
            return []
        if not topics:
            match = self.services.knowledge.match(tracker.latest_message.get("text", ""), language(tracker))
            dispatcher.utter_message(json_message={"faq_match": match.model_dump()})
            topics = [match.topic] if match.topic else []
        if not topics:
            dispatcher.utter_message(text=wording(tracker).faq_unknown())
            return []
        hotel_name = tracker.get_slot("hotel")
        hotel = self.db.hotel_by_name(hotel_name) if hotel_name else None
        for topic in topics:
            dispatcher.utter_message(text=self.services.knowledge.answer(topic, hotel, language(tracker)))
        return []

    def _amenities_answer(self, tracker: Tracker, asked: list[str]) -> str:
        """"Does the Bund Riverside have a pool?": from the hotel's own record."""
        replies, names = wording(tracker), self.db.amenity_names()
        hotel_name = tracker.get_slot("hotel")
        hotel = self.db.hotel_by_name(hotel_name) if hotel_name else None
        named = [replies.in_language(names.get(key, (key, key))) for key in asked]
        shown = [option.offer.hotel for option in offered(tracker)]
        if hotel is None and shown:  # "which of them has a gym?": the hotels listed, from their records
            having = [h for h in shown if set(asked) <= set(h.amenities)]
            return replies.shown_with_amenities([replies.hotel_name(h) for h in having], named, len(shown))
        if hotel is None:
            return replies.amenity_which_hotel(named)
        has = [name for key, name in zip(asked, named) if key in hotel.amenities]
        lacks = [name for key, name in zip(asked, named) if key not in hotel.amenities]
        others = [replies.in_language(names.get(key, (key, key))) for key in hotel.amenities if key not in asked]
        return replies.hotel_amenities(hotel, has, lacks, others)
