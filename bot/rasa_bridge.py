"""Between the bot's pydantic state and Rasa's tracker: actions see a rasa-sdk Tracker,
their SlotSet events come back as our events (bot.events), applied by `apply`."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any, Optional

from rasa_sdk import Tracker

from bot.events import (BookingLinked, Event, HotelsListed, OffersShown, QuestionAsked, QuoteDropped, QuoteMade, Recorder,
                        SlotCleared, SlotSet, TargetSet, TaskFinished)
from bot.models import DialogueState, OfferedOption, ParsedMessage, RoomOffer
from bot.policy import changed_slots, search_details, search_request
from intents.schema import DATE_SLOTS, SLOTS

INT_SLOTS = ("nights", "guests", "rooms", "ordinal", "days")


def to_tracker(state: DialogueState, parsed: ParsedMessage) -> Tracker:
    slots: dict[str, Any] = {slot: _jsonable(state.value(slot)) for slot in SLOTS}
    slots.update(
        today=state.today.isoformat(),
        language=state.language,
        script=state.script,
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
    best = parsed.intents[0] if parsed.intents else None  # None: a message not read (keyboard noise)
    latest_message = {
        "text": parsed.text,
        "intent": {"name": best, "confidence": parsed.intent_scores.get(best, 0.0) if best else 0.0},
        "intent_ranking": [{"name": name, "confidence": score} for name, score in ranking],
        "entities": [entity.model_dump(mode="json") for entity in parsed.entities],
    }
    return Tracker(state.session_id, slots, latest_message, [], False, None, {}, None)


def apply_events(recorder: Recorder, events: list[dict[str, Any]], action: str) -> list[Event]:
    """An action's rasa-sdk events as our events, each applied to the recorder's state as it
    is translated (a later SlotSet of the same action reads the earlier one's result)."""
    translated = []
    for rasa_event in events:
        if rasa_event.get("event") != "slot":
            continue
        event = _translate(recorder.state, rasa_event["name"], rasa_event["value"], action)
        if event is not None:
            recorder.emit(event)
            translated.append(event)
    return translated


def _translate(state: DialogueState, name: str, value: Any, action: str) -> Optional[Event]:
    """One SlotSet as the event it means; None when it changes nothing."""
    if name in SLOTS:
        return _domain_slot(state, name, value, action)
    if name == "offers":
        return OffersShown(offers=[OfferedOption.model_validate(item) for item in value or []])
    if name == "quote":  # a new quote gets a new key, so confirming it twice books once
        return QuoteMade(quote=RoomOffer.model_validate(value), quote_key=secrets.token_urlsafe(12)) if value else QuoteDropped()
    if name == "booking_refs":
        new = [ref for ref in value or [] if ref not in state.booking_refs]
        if len(new) > 1:
            raise ValueError(f"{action} linked {len(new)} bookings at once")
        return BookingLinked(ref=new[0]) if new else None
    if name == "shown_hotels":  # listed for the search the action just ran on
        return HotelsListed(hotels=list(value or []), shown_for=search_details(state))
    if name == "confirming":
        return QuestionAsked(awaiting=state.awaiting, confirming=value)
    if name == "target_ref":
        return TargetSet(ref=value)
    if name == "active_intent" and value is None:
        return TaskFinished()
    raise ValueError(f"{action} set {name} = {value!r}, which no event means")


def _domain_slot(state: DialogueState, name: str, value: Any, action: str) -> Optional[Event]:
    old = state.value(name)
    if value is None:
        return SlotCleared(slot=name, reason=f"{action} rejected it", previous=old) if old is not None else None
    if name in DATE_SLOTS:
        value = date.fromisoformat(value)
    elif name in INT_SLOTS:
        value = int(value)
    if value == old:
        return None
    reason = f"set by {action}"
    return SlotSet(slot=name, value=value, surface=reason, source=action, reason=reason, previous=old)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
