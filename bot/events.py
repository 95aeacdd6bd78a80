"""Events: the one way the dialogue state changes.

Every stage (tracking, the policy's plans, the actions through `rasa_bridge`) returns
events, and `apply` folds each into the `DialogueState`; no other code assigns a state
field. A session's state is therefore the fold of its events (`fold`), which is what
the session store keeps beside the snapshot. Anything random (a quote's key) or read
from the clock (today) travels inside its event, so applying is deterministic.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Iterable, Literal, Optional, Union

from pydantic import BaseModel, Field, TypeAdapter

from bot.models import (Awaiting, Confirming, DialogueState, Language, OfferedOption, PendingShift, RoomOffer, Script, SlotChange,
                        SlotScalar, SlotValue)


class SessionStarted(BaseModel):
    """A new conversation (or one that was reset or expired): every event before it is void."""

    event: Literal["session_started"] = "session_started"
    session_id: str
    today: date


class TurnStarted(BaseModel):
    event: Literal["turn_started"] = "turn_started"
    turn: int
    today: date = Field(description="the session's clock for this turn")
    language: Language = Field(description="the language of the customer's message: the turn's replies'")
    script: Script = Field(default="hans", description="the script the customer writes Chinese in: the Chinese replies'")


class SlotSet(BaseModel):
    event: Literal["slot_set"] = "slot_set"
    slot: str
    value: SlotScalar
    surface: str = Field(description="the customer's words, or how the bot derived it")
    source: str = Field(description="'customer', 'derived', or the action that set it")
    reason: str
    previous: Optional[SlotScalar] = None


class SlotCleared(BaseModel):
    event: Literal["slot_cleared"] = "slot_cleared"
    slot: str
    reason: str
    previous: Optional[SlotScalar] = None


class TaskStarted(BaseModel):
    """A task becomes the active one (from the message or the queue): what the previous one waited for is void."""

    event: Literal["task_started"] = "task_started"
    intent: str


class TaskFinished(BaseModel):
    """The active task was done or dropped: no task, no quote, nothing to confirm."""

    event: Literal["task_finished"] = "task_finished"


class IntentsQueued(BaseModel):
    """The task intents waiting behind the active one, in order (the whole queue)."""

    event: Literal["intents_queued"] = "intents_queued"
    intents: list[str]


class QuestionAsked(BaseModel):
    """What the bot waits for next (a slot, 'confirm' or None) and what a 'yes' would do."""

    event: Literal["question_asked"] = "question_asked"
    awaiting: Awaiting
    confirming: Confirming = None


class TargetSet(BaseModel):
    """The booking a change or cancel is about."""

    event: Literal["target_set"] = "target_set"
    ref: Optional[str]


class BookingLinked(BaseModel):
    """A booking of the customer's made or referred to in this conversation."""

    event: Literal["booking_linked"] = "booking_linked"
    ref: str


class OffersShown(BaseModel):
    """The options a later ordinal points at (empty: none are offered any more)."""

    event: Literal["offers_shown"] = "offers_shown"
    offers: list[OfferedOption]


class HotelsListed(BaseModel):
    """The hotels listed so far for one search (its details), for 'show me more'."""

    event: Literal["hotels_listed"] = "hotels_listed"
    hotels: list[str]
    shown_for: dict[str, str]


class QuoteMade(BaseModel):
    event: Literal["quote_made"] = "quote_made"
    quote: RoomOffer
    quote_key: str = Field(description="random, per quote: a retried confirmation books once")


class QuoteDropped(BaseModel):
    event: Literal["quote_dropped"] = "quote_dropped"


class ShiftPending(BaseModel):
    """A relative change with nothing to apply to yet."""

    event: Literal["shift_pending"] = "shift_pending"
    shift: PendingShift


class ShiftsCleared(BaseModel):
    event: Literal["shifts_cleared"] = "shifts_cleared"


class ValuesQueued(BaseModel):
    """Values a message gave for the task it queued behind a change of a booking ("move HB-… to
    the 20th and book Sanya for the 24th": Sanya and the 24th): they wait for that task."""

    event: Literal["values_queued"] = "values_queued"
    slots: dict[str, SlotValue]


Event = Annotated[
    Union[SessionStarted, TurnStarted, SlotSet, SlotCleared, TaskStarted, TaskFinished, IntentsQueued, QuestionAsked,
          TargetSet, BookingLinked, OffersShown, HotelsListed, QuoteMade, QuoteDropped, ShiftPending, ShiftsCleared,
          ValuesQueued],
    Field(discriminator="event"),
]
EVENTS = TypeAdapter(list[Event])


def new_session(event: SessionStarted) -> DialogueState:
    """The state a session starts from."""
    return DialogueState(session_id=event.session_id, today=event.today)


def apply(state: DialogueState, event: Event) -> None:
    """Fold one event into the state, in place: the only code that assigns state fields."""
    match event:
        case SessionStarted():
            raise ValueError("a session starts from new_session(), not inside another one")
        case TurnStarted():
            state.turn, state.today, state.language, state.script = event.turn, event.today, event.language, event.script
        case SlotSet():
            state.slots[event.slot] = SlotValue(value=event.value, turn=state.turn, surface=event.surface,
                                                source=event.source, previous=event.previous)
        case SlotCleared():
            state.slots.pop(event.slot, None)
        case TaskStarted():
            state.active_intent, state.flow_started_turn = event.intent, state.turn
            state.awaiting, state.confirming, state.target_ref = None, None, None
            state.queued_slots = {}  # the task they waited for starts with them (Policy.next), or another one does
            state.pending_intents = [intent for intent in state.pending_intents if intent != event.intent]
        case TaskFinished():
            state.active_intent, state.confirming, state.quote, state.quote_key = None, None, None, None
        case IntentsQueued():
            state.pending_intents = list(event.intents)
        case QuestionAsked():
            state.awaiting, state.confirming = event.awaiting, event.confirming
        case TargetSet():
            state.target_ref = event.ref
        case BookingLinked():
            if event.ref not in state.booking_refs:
                state.booking_refs = [*state.booking_refs, event.ref]
        case OffersShown():
            state.offers = list(event.offers)
        case HotelsListed():
            state.shown_hotels, state.shown_for = list(event.hotels), dict(event.shown_for)
        case QuoteMade():
            state.quote, state.quote_key = event.quote, event.quote_key
        case QuoteDropped():
            state.quote, state.quote_key = None, None
        case ShiftPending():
            state.shifts = [*state.shifts, event.shift]
        case ShiftsCleared():
            state.shifts = []
        case ValuesQueued():
            state.queued_slots = dict(event.slots)
        case _:
            raise TypeError(f"not an event: {event!r}")


def fold(events: Iterable[Event]) -> Optional[DialogueState]:
    """The state a sequence of events leaves, from nothing; None before any session started."""
    state: Optional[DialogueState] = None
    for event in events:
        if isinstance(event, SessionStarted):
            state = new_session(event)
        elif state is None:
            raise ValueError(f"{event.event} before the session started")
        else:
            apply(state, event)
    return state


def slot_change(event: Event) -> Optional[SlotChange]:
    """A slot event as the trace's state change; None for the other kinds."""
    if isinstance(event, SlotSet):
        return SlotChange(slot=event.slot, old=event.previous, new=event.value, reason=event.reason)
    if isinstance(event, SlotCleared):
        return SlotChange(slot=event.slot, old=event.previous, new=None, reason=event.reason)
    return None


class Recorder:
    """A working state and the events that made it: each emitted event is applied at once
    (so later rules see it) and kept, in order, for the turn's record."""

    def __init__(self, state: DialogueState) -> None:
        self.state = state
        self.events: list[Event] = []

    def emit(self, event: Event) -> None:
        apply(self.state, event)
        self.events.append(event)
