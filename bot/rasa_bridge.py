"""Between the bot's pydantic state and Rasa's tracker: actions see a rasa-sdk Tracker,
their SlotSet events come back as typed state changes."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from rasa_sdk import Tracker

from bot.models import DialogueState, OfferedOption, ParsedMessage, RoomOffer, SlotChange, SlotValue
from bot.policy import changed_slots, search_details, search_request
from intents.schema import SLOTS

DATE_SLOTS = ("check_in", "check_out")
INT_SLOTS = ("nights", "guests", "rooms", "ordinal")


def to_tracker(state: DialogueState, parsed: ParsedMessage) -> Tracker:
    slots: dict[str, Any] = {slot: _jsonable(state.value(slot)) for slot in SLOTS}
    slots.update(
        today=state.today.isoformat(),
        language=state.language,
        active_intent=state.active_intent,
        offers=[option.model_dump(mode="json") for option in state.offers],
        shown_hotels=list(state.shown_hotels),
        search_request=search_request(state, parsed),
        quote=state.quote.model_dump(mode="json") if state.quote else None,
        quote_key=state.quote_key,
        confirming=state.confirming,
        target_ref=state.target_ref,
        booking_refs=list(state.booking_refs),
        changed_slots=changed_slots(state, SLOTS),
    )
    ranking = sorted(parsed.intent_scores.items(), key=lambda item: -item[1])
    latest_message = {
        "text": parsed.text,
        "intent": {"name": parsed.intents[0], "confidence": parsed.intent_scores.get(parsed.intents[0], 0.0)},
        "intent_ranking": [{"name": name, "confidence": score} for name, score in ranking],
        "entities": [entity.model_dump(mode="json") for entity in parsed.entities],
    }
    return Tracker(state.session_id, slots, latest_message, [], False, None, {}, None)


def apply_events(state: DialogueState, events: list[dict[str, Any]], action: str) -> list[SlotChange]:
    """Apply an action's SlotSet events to the state; returns the domain-slot changes."""
    changes = []
    for event in events:
        if event.get("event") != "slot":
            continue
        name, value = event["name"], event["value"]
        if name in SLOTS:
            change = _set_domain_slot(state, name, value, action)
            if change:
                changes.append(change)
        elif name == "offers":
            state.offers = [OfferedOption.model_validate(item) for item in value or []]
        elif name == "quote":  # a new quote gets a new key, so confirming it twice books once
            state.quote = RoomOffer.model_validate(value) if value else None
            state.quote_key = secrets.token_urlsafe(12) if value else None
        elif name == "booking_refs":
            state.booking_refs = list(value or [])
        elif name == "shown_hotels":  # listed for the search the action just ran on
            state.shown_hotels, state.shown_for = list(value or []), search_details(state)
        elif name in ("confirming", "target_ref", "active_intent"):
            setattr(state, name, value)
    return changes


def _set_domain_slot(state: DialogueState, name: str, value: Any, action: str) -> SlotChange | None:
    old = state.value(name)
    if value is None:
        if name not in state.slots:
            return None
        del state.slots[name]
        return SlotChange(slot=name, old=old, new=None, reason=f"{action} rejected it")
    if name in DATE_SLOTS:
        value = date.fromisoformat(value)
    elif name in INT_SLOTS:
        value = int(value)
    if value == old:
        return None
    state.slots[name] = SlotValue(value=value, turn=state.turn, surface=f"set by {action}", source=action, previous=old)
    return SlotChange(slot=name, old=old, new=value, reason=f"set by {action}")


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
