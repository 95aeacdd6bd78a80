"""action_answer_faq: policy answers by topic, or by similarity for free-form questions."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import HotelAction, entities_of, language, wording


class ActionAnswerFaq(HotelAction):
    def name(self) -> str:
        return "action_answer_faq"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        topics = list(dict.fromkeys(e["normalized"] for e in entities_of(tracker, "topic") if e.get("normalized")))
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
