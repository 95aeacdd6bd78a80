"""The custom actions (SPEC section 3), as rasa-sdk Action classes."""

from __future__ import annotations

from rasa_sdk import Action

from bot.actions.base import INTERNAL_SLOTS, Services
from bot.actions.bookings import ActionBookHotel, ActionCancelBooking, ActionChangeBooking, ActionCheckBooking
from bot.actions.conversation import ActionFallback, ActionHandoff
from bot.actions.faq import ActionAnswerFaq
from bot.actions.form import ValidateBookingForm
from bot.actions.search import ActionSearchHotels
from bot.actions.trips import ActionPlanTrip
from intents.schema import ACTIONS

ACTION_CLASSES = (
    ActionSearchHotels,
    ActionBookHotel,
    ActionChangeBooking,
    ActionCancelBooking,
    ActionCheckBooking,
    ActionAnswerFaq,
    ActionHandoff,
    ActionFallback,
    ActionPlanTrip,
    ValidateBookingForm,
)


def build_actions(services: Services) -> dict[str, Action]:
    actions = {action.name(): action for action in (cls(services) for cls in ACTION_CLASSES)}
    assert set(actions) == set(ACTIONS), "every schema action is implemented, and only those"
    return actions


__all__ = ["INTERNAL_SLOTS", "Services", "build_actions"]
