"""The policy stage: DialogueState + ParsedMessage -> Plan (rule-named steps, in reply order).

The turn runs Rasa's loop: `Policy.next` picks what comes next (the booking form's check,
the reply to the message, a queued task's start and its reply), the agent runs it and
applies its events, and so on until `next` says to wait for the customer (None).

Order of a reply: greeting, lookups and task actions, FAQ answers, then the one
question the bot needs answered next, then thanks / goodbye. Every step names the
rule that produced it, for the trace. A plan changes the state only through its events:
the question it leaves open and the booking it is about before its steps, the end of
the task after them.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import ModuleType
from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

from bot.database import Database
from bot.events import Event, QuestionAsked, SlotCleared, SlotSet, TargetSet, TaskFinished, TaskStarted
from bot.models import Awaiting, Booking, Confirming, DialogueState, Hotel, ParsedMessage, PolicyDecision
from bot.tracking import STAY_SLOTS, drops_draft
from bot.wording import for_state, noted
from intents.schema import BOOKING_FORM_SLOTS, CONSTRAINT_SLOTS, DATE_SLOTS

SEARCH_REQUIRED = ("city", "check_in")
SEARCH_SLOTS = ("city", "check_in", "check_out", "nights", "guests", "rooms", "tier", "max_price", *CONSTRAINT_SLOTS)
CHANGEABLE = ("check_in", "check_out", "nights", "guests", "rooms")
VALIDATED_FLOWS = ("book_hotel", "search_hotels", "change_booking")
FORM_CHECK = "validate_booking_form"
# The questions of a form that say nothing of the values given so far: a correction said
# with the answer to one of them is confirmed first (a summary to confirm or a list shows it).
FORM_QUESTIONS = ("booking_needs_slot", "search_needs_slot")
STAY_DATES = (*DATE_SLOTS, "nights")
NOTED_SLOTS = ("city", "hotel", "guests", "rooms", "tier", "max_price")
PLAN_SLOTS = ("city", "days", "tier", "max_price", "check_in", "check_out", "nights", "day_start", "day_end")  # a change of one replans
STAY_NAMING = frozenset({"hotel", "city", "check_in", "check_out", "nights"})  # what names a stay rather than a booking
SearchRequest = Literal["new", "more", "again"]


def replies(state: DialogueState) -> ModuleType:
    """The wording of the turn: the language of the customer's latest message."""
    return for_state(state)


def changed_slots(state: DialogueState, slots: tuple[str, ...]) -> list[str]:
    """Slots the customer set since the active task began."""
    return [
        slot for slot in slots
        if slot in state.slots and state.slots[slot].source == "customer" and state.slots[slot].turn >= state.flow_started_turn
    ]


def search_details(state: DialogueState) -> dict[str, str]:
    """The details a hotel list depends on; a list shown for other details is not this search's."""
    return {slot: str(state.value(slot)) for slot in SEARCH_SLOTS if slot in state.slots}


def search_request(state: DialogueState, parsed: ParsedMessage) -> SearchRequest:
    """What showing hotels means this turn: the options 'again' (an option number beyond
    the list), 'more' hotels of the same search (hotels asked for again, no search detail
    changed since they were listed; restating one is no change), or a 'new' list. The policy
    picks its rule by it, action_search_hotels its list."""
    if not state.offers:
        return "new"
    ordinals = [e.normalized for e in parsed.entities if e.entity == "ordinal" and isinstance(e.normalized, int)]
    if ordinals and state.offered(ordinals[-1]) is None:
        return "again"  # the numbers refer to the list the customer saw, whatever changed since
    unchanged = state.shown_for == search_details(state)
    # a city or hotel the desk cannot use is not a request for more of the same search
    return "more" if "search_hotels" in parsed.intents and unchanged and not names_unusable(parsed) else "new"


def names_unusable(parsed: ParsedMessage, entity: Optional[str] = None) -> bool:
    """Does the message name a city or hotel the desk does not have (``entity``: of that kind)?
    The form check says so, listing what the desk has."""
    kinds = (entity,) if entity else ("city", "hotel")
    return any(e.entity in kinds and not e.known and e.role != "negated" for e in parsed.entities)


def _queued_values(state: DialogueState) -> list[Event]:
    """The values the message gave for the task that starts from the queue (tracking's
    ValuesQueued): they replace the slots that described the booking just changed."""
    if not state.queued_slots:
        return []
    stale = [SlotCleared(slot=slot, reason="it described the booking just changed", previous=state.value(slot))
             for slot in (*STAY_SLOTS, "booking_ref") if slot in state.slots]
    given = [SlotSet(slot=slot, value=held.value, surface=held.surface, source=held.source, reason="given for this task with the change")
             for slot, held in state.queued_slots.items()]
    return [*stale, *given]


class Step(BaseModel):
    decision: PolicyDecision
    say: Optional[str] = None  # text the policy itself contributes (no action)
    needs_offers: bool = False  # said only if options are offered by then (the search before it may find none)


class Plan(BaseModel):
    steps: list[Step] = []
    awaiting: Awaiting = None
    confirming: Confirming = None
    target_ref: Optional[str] = None
    finished_flow: bool = False  # the active task was completed or dropped this turn
    events: list[Event] = Field(default=[], description="applied before the steps run")
    closing: list[Event] = Field(default=[], description="applied after the steps ran (the confirmed action needs the quote)")
    traced: bool = Field(default=True, description="its steps are reply rules for the trace; not the loop's own (form, queue)")

    def act(self, rule: str, action: str, reason: str) -> None:
        self.steps.append(Step(decision=PolicyDecision(rule=rule, action=action, reason=reason)))

    def say(self, rule: str, text: str, reason: str, needs_offers: bool = False) -> None:
        self.steps.append(Step(decision=PolicyDecision(rule=rule, action=None, reason=reason), say=text, needs_offers=needs_offers))

    def settle(self, state: DialogueState) -> "Plan":
        """The plan's events: the question it leaves open and its booking, the end of its task."""
        if (self.awaiting, self.confirming) != (state.awaiting, state.confirming):
            self.events.append(QuestionAsked(awaiting=self.awaiting, confirming=self.confirming))
        if self.target_ref != state.target_ref:
            self.events.append(TargetSet(ref=self.target_ref))
        if self.finished_flow:
            self.closing.append(TaskFinished())
        return self


class Progress(BaseModel):
    """What the loop has done so far this turn, for `Policy.next`."""

    stay_changed: bool = Field(description="the message changed a slot of the stay")
    replied: bool = False  # the message's plan ran
    checked: list[str] = []  # tasks whose form was checked this turn
    planned: list[str] = []  # tasks whose plan ran this turn


class Policy:
    def __init__(self, db: Database):
        self.db = db

    def next(self, state: DialogueState, parsed: ParsedMessage, progress: Progress) -> Optional[Plan]:
        """What the turn does next; None once the bot waits for the customer (Rasa's action_listen).
        Records in ``progress`` what it hands out."""
        task = state.active_intent
        if task in VALIDATED_FLOWS and task not in progress.checked + progress.planned and (
                progress.stay_changed or state.flow_started_turn == state.turn or names_unusable(parsed)):
            # the stay changed, its task begins or a city or hotel is refused: check it (and price it)
            # before the reply reads it
            progress.checked.append(task)
            plan = Plan(traced=False)
            plan.act("form", FORM_CHECK, f"{task}: the stay changed, the task began or a value is refused")
            return plan
        if not progress.replied:
            progress.replied = True
            progress.planned += [task] if task else []
            return self.plan(state, parsed)
        if task is not None and task not in progress.planned:
            progress.planned.append(task)
            return self.next_task(state)
        if task is None and state.pending_intents:
            return Plan(events=[TaskStarted(intent=state.pending_intents[0]), *_queued_values(state)], traced=False)
        return None

    def plan(self, state: DialogueState, parsed: ParsedMessage) -> Plan:
        """The reply to the message."""
        return self._reply(state, parsed).settle(state)

    def _reply(self, state: DialogueState, parsed: ParsedMessage) -> Plan:
        plan = Plan(target_ref=state.target_ref)
        intents = set(parsed.intents)
        usable_entities = [e for e in parsed.entities if e.normalized is not None]
        if parsed.noise:
            plan.act("gibberish", "action_fallback", parsed.noise)
            plan.awaiting, plan.confirming = state.awaiting, state.confirming  # the pending question stays as it was
            return plan
        if parsed.low_confidence and not usable_entities:
            best = parsed.intents[0]
            plan.act("low_confidence", "action_fallback", f"no sure reading (best: {best} at {parsed.intent_scores.get(best, 0.0):.2f})")
            plan.awaiting, plan.confirming = state.awaiting, state.confirming  # the pending question stays as it was
            return plan
        if drops_draft(state, parsed):
            plan.say("booking_dropped", replies(state).booking_dropped(), "cancel asked before the booking was made: it is dropped")
            plan.finished_flow = True
            return plan
        if "greet" in intents:
            plan.say("greet", replies(state).greet(), "greet detected")
        if "request_human" in intents:
            plan.act("handoff", "action_handoff", "customer asked for a person")
            return plan
        if ("check_booking" in intents and not self._asks_about_a_stay(state, parsed)) or (
                state.awaiting == "booking_ref" and state.active_intent is None and state.value("booking_ref")):
            plan.act("check_booking", "action_check_booking", "customer asked about a booking")
        self._unapplied_shifts(state, plan)
        question = self._confirmation_response(state, intents, plan)
        if question is None and not plan.finished_flow:
            question = self._flow(state, plan, search_request(state, parsed), names_unusable(parsed))
            if state.active_intent == "change_booking" and (other := self._other_hotel(state, parsed, plan.target_ref)):
                plan.say("hotel_not_changeable", replies(state).hotel_not_changeable(other, str(plan.target_ref)),
                         f"a booking keeps its hotel; {other.name} was asked for")
            if question and plan.awaiting == "city" and names_unusable(parsed, "city"):
                # the form check's refusal has just listed the cities served
                question = (question[0], replies(state).ask_city_again(), f"{question[2]}; the cities served were just listed")
        if question and question[0] in FORM_QUESTIONS and (corrected := self._corrections(state)):
            # the form goes on with its next question; say first what the correction changed
            plan.say("correction_noted", noted(replies(state), corrected), "the customer changed " + ", ".join(k for k, _ in corrected))
        if "ask_faq" in intents:
            plan.act("faq", "action_answer_faq", "policy question" + (" mid-task; the pending question follows" if state.active_intent else ""))
        if "out_of_scope" in intents:
            plan.say("out_of_scope", replies(state).out_of_scope(), "request outside the hotel desk")
        if question is None and self._still_open(state) and not plan.finished_flow and plan.awaiting is None:
            question = self._repeat_question(state, plan)
        if question:
            # "which hotel?" after a search is asked only if the search found some
            searched = any(step.decision.action == "action_search_hotels" for step in plan.steps)
            plan.say(question[0], question[1], question[2], needs_offers=searched and plan.awaiting == "hotel")
        if "thank" in intents:
            plan.say("thank", replies(state).thank(), "thanks detected")
        if "goodbye" in intents:
            plan.say("goodbye", replies(state).goodbye(), "goodbye detected")
        if not plan.steps:
            plan.act("nothing_to_do", "action_fallback", f"no rule applies to {parsed.intents}")
        return plan

    def _other_hotel(self, state: DialogueState, parsed: ParsedMessage, ref: Optional[str]) -> Optional[Hotel]:
        """The hotel a change of booking ``ref`` names that is not the booking's ("switch HB-… to
        the Jade Magnolia Palace"): a booking keeps its hotel, so the reply says how to move."""
        names = [str(e.normalized) for e in parsed.entities if e.entity == "hotel" and e.known and e.role != "negated"]
        booking = self.db.get_booking(state.session_id, ref) if ref and names else None
        other = next((name for name in names if booking and name != booking.hotel), None)
        return self.db.hotel_by_name(other) if other else None

    def _asks_about_a_stay(self, state: DialogueState, parsed: ParsedMessage) -> bool:
        """"How much is the Bund Riverside for 2 nights from the 10th?" read as a booking check,
        from a customer with no booking: it names a stay, not a booking, and "I don't see a
        booking of yours" would not answer it (the stay's own task does)."""
        named = {e.entity for e in parsed.entities if e.role != "negated"}
        return ("booking_ref" not in named and bool(named & STAY_NAMING)
                and not self.db.customer_bookings(state.session_id))

    @staticmethod
    def _unapplied_shifts(state: DialogueState, plan: Plan) -> None:
        """Say why a relative change ("a day later") said this turn changed nothing yet; the
        question that follows asks for what it needs."""
        for item in state.shifts:
            if item.turn == state.turn:
                waits = state.active_intent == "change_booking"  # the tracker keeps it until the booking is known
                plan.say("shift_waits_for_booking" if waits else "shift_needs_value", replies(state).shift_pending(item.surface, item.slot, waits),
                         f"nothing to apply {item.surface!r} to yet")

    # ------------------------------------------------------------ confirmation

    def _confirmation_response(self, state: DialogueState, intents: set[str], plan: Plan) -> Optional[tuple[str, str, str]]:
        if state.awaiting != "confirm" or state.active_intent is None:
            return None
        changed_now = any(s.turn == state.turn and s.source == "customer" for s in state.slots.values())
        # "cancel it" in answer to "Cancel booking HB-4821?" says yes too
        restated = state.active_intent in intents and not changed_now and "deny" not in intents
        if "affirm" in intents or restated:
            action = {"book": "action_book_hotel", "change": "action_change_booking", "cancel": "action_cancel_booking"}[state.confirming]
            reason = "customer confirmed" if "affirm" in intents else f"customer restated {state.active_intent} while asked to confirm it"
            plan.act(f"confirmed_{state.confirming}", action, reason)
            plan.finished_flow = True
            return None
        if "deny" in intents:
            if state.confirming == "cancel":
                plan.say("cancel_denied", replies(state).kept(state.target_ref or ""), "customer does not want to cancel")
                plan.finished_flow = True
                return None
            if not changed_now:
                return ("confirmation_denied", replies(state).what_to_change(), "customer said no; nothing is booked")
        return None

    # -------------------------------------------------------------------- flows

    def _flow(self, state: DialogueState, plan: Plan, request: SearchRequest,
              refused: bool = False) -> Optional[tuple[str, str, str]]:
        """The active task's next step; ``refused``: the message named a city or hotel the desk does not have."""
        flow = state.active_intent
        if flow == "search_hotels":
            return self._search(state, plan, request, refused)
        if flow == "book_hotel":
            return self._book(state, plan, request)
        if flow in ("change_booking", "cancel_booking"):
            return self._change_or_cancel(state, plan, flow)
        if flow == "plan_trip":
            return self._trip(state, plan)
        return None

    def _trip(self, state: DialogueState, plan: Plan) -> Optional[tuple[str, str, str]]:
        """A plan needs its city; it is made when asked and made again when one of its details
        changes. A booking asked for with it starts once it is shown (the plan's hotel and dates)."""
        if state.value("city") is None:
            plan.awaiting = "city"
            return ("plan_needs_city", replies(state).ask_trip_city(), "a plan needs its city")
        changed = [slot for slot in PLAN_SLOTS
                   if slot in state.slots and state.slots[slot].turn == state.turn and state.slots[slot].source == "customer"]
        if changed or state.flow_started_turn == state.turn:
            plan.act("plan_trip", "action_plan_trip",
                     "a plan asked for in " + str(state.value("city")) if not changed else "the plan's " + ", ".join(changed) + " changed")
        if state.pending_intents:
            plan.finished_flow = True  # the task queued behind it works from the plan
        return None

    def _corrections(self, state: DialogueState) -> list[tuple[str, Any]]:
        """What the customer changed this turn from an earlier value of the task under way, for
        the reply to say: ("stay", (check-in, check-out)) for any date or length, ("hotel", Hotel),
        else (slot, value). Nothing for a task that began this turn: its values are the request."""
        if state.flow_started_turn == state.turn:
            return []
        changed = [slot for slot, filled in state.slots.items() if filled.turn == state.turn and filled.source == "customer"
                   and filled.previous is not None and filled.previous != filled.value and filled.value is not None]
        said: list[tuple[str, Any]] = []
        check_in, check_out = state.value("check_in"), state.value("check_out")
        if any(slot in STAY_DATES for slot in changed) and isinstance(check_in, date) and isinstance(check_out, date):
            said.append(("stay", (check_in, check_out)))
        for slot in (s for s in NOTED_SLOTS if s in changed):
            hotel = self.db.hotel_by_name(str(state.value(slot))) if slot == "hotel" else None
            said.append((slot, hotel or state.value(slot)))
        return said

    def _ask(self, state: DialogueState, plan: Plan, slot: str, rule: str) -> tuple[str, str, str]:
        plan.awaiting = slot
        return (rule, replies(state).ask(slot), f"{slot} is missing")

    def _search(self, state: DialogueState, plan: Plan, request: SearchRequest, refused: bool) -> Optional[tuple[str, str, str]]:
        missing = [slot for slot in SEARCH_REQUIRED if state.value(slot) is None]
        if missing:
            return self._ask(state, plan, missing[0], "search_needs_slot")
        if request == "again":
            return self._offer_again(state, plan)
        if request == "more":
            plan.act("search_more", "action_search_hotels", "hotels asked for again, search unchanged: the ones not listed yet")
            return None
        if self._search_is_current(state):
            if refused:  # the form check said why; the list shown stands, and waits for its pick
                plan.awaiting = "hotel"
                return ("search_kept", replies(state).offers_still_open(str(state.value("city"))),
                        "a city or hotel the desk does not have; the options shown stand")
            return None
        plan.act("search", "action_search_hotels", "city and check-in known")
        if self._stay_without_party(state):  # a whole stay asked for: the party comes next, as in a booking
            plan.awaiting = "guests"
            return ("search_asks_the_party", replies(state).ask("guests"),
                    "the options are shown for a stay with its length; the number of guests is missing")
        plan.awaiting = "hotel"  # the desk waits for a pick from the list, as a booking's does
        return ("search_offers_a_pick", replies(state).ask("hotel"), "the options are shown; the customer may pick one")

    @staticmethod
    def _stay_without_party(state: DialogueState) -> bool:
        """A search that names how long the stay is ("on the 16th for 2 nights") is a stay
        being planned; with no party yet, the party is asked before a pick."""
        said_length = any(state.value(slot) is not None and state.slots[slot].turn == state.turn
                          for slot in ("nights", "check_out") if slot in state.slots)
        return said_length and state.value("guests") is None

    @staticmethod
    def _search_is_current(state: DialogueState) -> bool:
        """The options shown still match the search: nothing to re-run (a restated value re-runs it)."""
        changed_now = any(state.slots[s].turn == state.turn for s in SEARCH_SLOTS if s in state.slots)
        return bool(state.offers) and not changed_now and state.flow_started_turn != state.turn

    @staticmethod
    def _offer_again(state: DialogueState, plan: Plan) -> tuple[str, str, str]:
        """"The fourth one" when three were shown: say so, show the three again, ask."""
        plan.act("ordinal_out_of_range", "action_search_hotels", f"the option asked for is not one of the {len(state.offers)} offered")
        plan.awaiting = "hotel"
        return ("booking_needs_hotel", replies(state).ask("hotel"), "the hotel is not chosen yet")

    def _book(self, state: DialogueState, plan: Plan, request: SearchRequest) -> Optional[tuple[str, str, str]]:
        if request == "again":  # whatever hotel was held before, the customer meant another one
            return self._offer_again(state, plan)
        for slot in BOOKING_FORM_SLOTS:
            if slot == "nights" and state.value("check_out") is not None:
                continue
            if state.value(slot) is not None:
                continue
            if slot == "hotel":
                plan.awaiting = "hotel"
                if request == "more":
                    plan.act("search_more", "action_search_hotels", "booking form needs a hotel; other hotels asked for")
                    return ("booking_needs_hotel", replies(state).ask("hotel"), "hotel is missing")
                if self._search_is_current(state):
                    return ("booking_needs_hotel", replies(state).ask("hotel"), "hotel is missing; the options are shown")
                plan.act("offer_hotels", "action_search_hotels", "booking form needs a hotel: show the options")
                return ("booking_needs_hotel", replies(state).ask("hotel"), "hotel is missing")
            return self._ask(state, plan, slot, "booking_needs_slot")
        if state.quote is None:
            return None  # validation reported why; the hotel was cleared and is asked next turn
        check_in, check_out, guests = state.value("check_in"), state.value("check_out"), state.value("guests")
        plan.awaiting, plan.confirming = "confirm", "book"
        return ("booking_confirm", replies(state).confirm_booking(state.quote, check_in, check_out, guests), "every booking slot is filled and priced")

    def _change_or_cancel(self, state: DialogueState, plan: Plan, flow: str) -> Optional[tuple[str, str, str]]:
        booking = self._target(state)
        if booking is None:
            ref = state.value("booking_ref")
            if ref and state.slots["booking_ref"].turn == state.turn:
                plan.say("unknown_ref", replies(state).unknown_ref(str(ref)), "no booking with that reference")
            refs = self._open_refs(state)
            if len(refs) > 1:
                plan.awaiting = "booking_ref"
                return ("which_booking", replies(state).which_booking(refs), "several bookings in this conversation")
            return self._ask(state, plan, "booking_ref", "needs_booking_ref")
        plan.target_ref = booking.ref
        if booking.status == "cancelled":
            plan.say("already_cancelled", replies(state).already_cancelled(booking), "the booking is cancelled")
            plan.finished_flow = True
            return None
        if flow == "cancel_booking":
            plan.awaiting, plan.confirming = "confirm", "cancel"
            return ("cancel_confirm", replies(state).confirm_cancel(booking), "cancelling needs a confirmation")
        given = changed_slots(state, CHANGEABLE)
        # a value the booking already has ("I booked one room ...") changes nothing in it
        changed = [slot for slot in given if state.value(slot) != getattr(booking, slot)]
        if not changed:
            plan.awaiting = "check_in"
            if state.awaiting == "check_in" and state.flow_started_turn < state.turn:
                # asked already, and the answer ("yes", "sure") changed nothing: ask again, concretely
                return ("change_still_needs_values", replies(state).change_what_again(booking), "the answer named nothing to change")
            as_booked = f"; {', '.join(given)} as booked already" if given else ""
            return ("change_needs_values", replies(state).change_what(booking),
                    f"booking {booking.ref} found, nothing to change yet{as_booked}")
        plan.awaiting, plan.confirming = "confirm", "change"
        # A value the form refused is cleared: the change keeps the booking's (store.change_booking).
        check_in = state.value("check_in") or booking.check_in
        check_out = state.value("check_out") or check_in + timedelta(days=booking.nights)
        guests, rooms = state.value("guests") or booking.guests, state.value("rooms") or booking.rooms
        return (
            "change_confirm",
            replies(state).confirm_change(booking, check_in, check_out, guests, rooms, state.quote),
            f"changes to {', '.join(changed)}",
        )

    def next_task(self, state: DialogueState) -> Plan:
        """The reply for a task started from the queue after the message's task finished."""
        plan = Plan(target_ref=state.target_ref)
        question = self._flow(state, plan, "new")  # the message was the finished task's
        if question:
            # "which hotel?" after a search is asked only if the search found some
            searched = any(step.decision.action == "action_search_hotels" for step in plan.steps)
            plan.say(question[0], question[1], question[2], needs_offers=searched and plan.awaiting == "hotel")
        return plan.settle(state)

    def target_ref(self, state: DialogueState) -> Optional[str]:
        """The booking a change or cancel is about, if it can be told."""
        booking = self._target(state)
        return booking.ref if booking else None

    def _target(self, state: DialogueState) -> Optional[Booking]:
        """The session's own booking a change or cancel is about: the session id is the
        customer's identity, and the database finds only that identity's bookings."""
        owner = state.session_id
        ref = state.value("booking_ref")
        if ref:
            return self.db.get_booking(owner, str(ref))
        if state.target_ref:
            return self.db.get_booking(owner, state.target_ref)
        refs = self._open_refs(state)
        return self.db.get_booking(owner, refs[0]) if len(refs) == 1 else None

    def _open_refs(self, state: DialogueState) -> list[str]:
        """The customer's bookings a change or cancel may be about: confirmed and not over, made in
        any conversation of this identity (or opened with an access code)."""
        return [b.ref for b in self.db.customer_bookings(state.session_id) if b.status == "confirmed" and b.check_out > state.today]

    @staticmethod
    def _still_open(state: DialogueState) -> bool:
        """The pending question still wants an answer. A slot question answered this turn is
        closed even when no flow asks anything next: a search ("which city?" answered by
        "Shenzhen then") shows its list and must not end on the city question again."""
        if state.awaiting is None or state.awaiting == "confirm":
            return state.awaiting is not None
        return state.value(state.awaiting) is None

    def _repeat_question(self, state: DialogueState, plan: Plan) -> Optional[tuple[str, str, str]]:
        plan.awaiting, plan.confirming = state.awaiting, state.confirming
        if state.awaiting == "confirm":
            plan.target_ref = state.target_ref
            return ("resume_confirm", replies(state).resume_confirm(), "back to the pending confirmation")
        return ("resume_question", replies(state).ask(state.awaiting), f"back to the pending question: {state.awaiting}")
