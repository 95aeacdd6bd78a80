"""What every action shares: the services it uses and typed access to the Rasa tracker.

Actions are rasa-sdk `Action`s. Everything an action needs travels in the tracker's
slots (the 12 domain slots, dates as ISO strings, plus the internal slots below), so
the same classes run in-process and behind `hotelbot actions` over Rasa's /webhook.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from types import ModuleType
from typing import Any, Optional

from rasa_sdk import Action, Tracker

from bot.database import Database
from bot.knowledge import KnowledgeBase
from bot.models import OfferedOption, RoomOffer
from bot.wording import DEFAULT_LANGUAGE, for_language

# Internal slots, beside the domain slots of intents.schema.SLOTS.
INTERNAL_SLOTS = (
    "today",  # ISO date: the session's clock
    "language",  # the language of the customer's latest message: the replies' (bot.wording)
    "script",  # the script the customer writes Chinese in: the Chinese replies' (bot.models.Script)
    "active_intent",
    "offers",  # list of OfferedOption
    "shown_hotels",  # hotel names listed for the current search
    "search_request",  # new / more / again: what showing hotels means this turn (policy.search_request)
    "quote",  # RoomOffer awaiting confirmation
    "quote_key",  # the quote's idempotency key, stored with the booking it becomes
    "confirming",  # what a "yes" would do: book / change / cancel
    "target_ref",  # the booking a change or cancel is about
    "booking_refs",  # the sender's own bookings made or referred to in this conversation
    "changed_slots",  # slot names the customer set since the active intent began
)


@dataclass
class Services:
    db: Database
    knowledge: KnowledgeBase


class HotelAction(Action):
    """An action with the bot's services; subclasses give name() and run()."""

    def __init__(self, services: Services):
        self.services = services

    @property
    def db(self) -> Database:
        return self.services.db


def slot_date(tracker: Tracker, name: str) -> Optional[date]:
    value = tracker.get_slot(name)
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def slot_int(tracker: Tracker, name: str) -> Optional[int]:
    value = tracker.get_slot(name)
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def language(tracker: Tracker) -> str:
    """The language the customer last wrote in: the replies' (DialogueState.language)."""
    return tracker.get_slot("language") or DEFAULT_LANGUAGE


def wording(tracker: Tracker) -> ModuleType:
    """The wording module of the replies, Chinese in the customer's script."""
    return for_language(language(tracker), tracker.get_slot("script") or "hans")


def today(tracker: Tracker) -> date:
    return slot_date(tracker, "today") or date.today()


def offered(tracker: Tracker) -> list[OfferedOption]:
    return [OfferedOption.model_validate(item) for item in tracker.get_slot("offers") or []]


def quote(tracker: Tracker) -> Optional[RoomOffer]:
    value = tracker.get_slot("quote")
    return RoomOffer.model_validate(value) if value else None


def entities_of(tracker: Tracker, slot: str) -> list[dict[str, Any]]:
    return [e for e in tracker.latest_message.get("entities", []) if e.get("entity") == slot]


def stay_dates(tracker: Tracker) -> tuple[Optional[date], Optional[date]]:
    """check-in and check-out; check-out from nights when only those were given."""
    check_in, check_out, nights = slot_date(tracker, "check_in"), slot_date(tracker, "check_out"), slot_int(tracker, "nights")
    if check_in and not check_out and nights:
        check_out = check_in + timedelta(days=nights)
    return check_in, check_out
