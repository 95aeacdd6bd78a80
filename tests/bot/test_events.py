"""Events: what each kind does to the state, that they survive JSON, that a session is the
fold of its events, that only `apply` writes the state, and the loop's order of plans."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from bot.database import Database
from bot.database.catalogue import SEED_OWNER_WANG
from bot.events import (EVENTS, BookingLinked, HotelsListed, IntentsQueued, OffersShown, QuestionAsked, QuoteDropped,
                        QuoteMade, Recorder, SessionStarted, ShiftPending, ShiftsCleared, SlotCleared, SlotSet, TargetSet,
                        TaskFinished, TaskStarted, TurnStarted, ValuesQueued, apply, fold, new_session)
from bot.models import DialogueState, OfferedOption, ParsedMessage, PendingShift, RoomOffer, Shift, SlotValue
from bot.policy import FORM_CHECK, Policy, Progress

TODAY = date(2026, 12, 1)
BOT = Path(__file__).resolve().parents[2] / "bot"


@pytest.fixture(scope="module")
def db() -> Database:
    return Database.create(":memory:")


@pytest.fixture(scope="module")
def offer(db: Database) -> RoomOffer:
    return db.search_offers("Shanghai", date(2026, 12, 10), date(2026, 12, 12), 2, 1)[0]


def a_state() -> DialogueState:
    """Mid-booking: a task, a queue, a question, a quote, offers and a pending shift, on turn 3."""
    state = DialogueState(session_id="s", today=TODAY, turn=3, active_intent="book_hotel", flow_started_turn=2,
                          pending_intents=["cancel_booking"], awaiting="confirm", confirming="book", target_ref="HB-OLD",
                          quote_key="key", booking_refs=["HB-OLD"])
    state.slots["city"] = SlotValue(value="Shanghai", turn=1, surface="Shanghai")
    state.shifts = [PendingShift(slot="check_in", shift=Shift(days=1), surface="a day later", turn=3)]
    return state


def test_turn_started_moves_the_turn_the_clock_and_the_language() -> None:
    state = a_state()
    apply(state, TurnStarted(turn=4, today=date(2026, 12, 2), language="zh"))
    assert (state.turn, state.today, state.language) == (4, date(2026, 12, 2), "zh")


def test_slot_set_keeps_its_provenance_and_the_turn_it_was_set_on() -> None:
    state = a_state()
    apply(state, SlotSet(slot="city", value="Beijing", surface="Peking", source="customer", reason="said", previous="Shanghai"))
    assert state.slots["city"] == SlotValue(value="Beijing", turn=3, surface="Peking", source="customer", previous="Shanghai")


def test_slot_cleared_empties_the_slot_and_clearing_an_empty_one_changes_nothing() -> None:
    state = a_state()
    apply(state, SlotCleared(slot="city", reason="not served", previous="Shanghai"))
    apply(state, SlotCleared(slot="hotel", reason="nothing there"))
    assert state.slots == {}


def test_task_started_voids_what_the_previous_task_waited_for_and_leaves_the_queue() -> None:
    state = a_state()
    apply(state, TaskStarted(intent="cancel_booking"))
    assert (state.active_intent, state.flow_started_turn) == ("cancel_booking", 3)
    assert (state.awaiting, state.confirming, state.target_ref, state.pending_intents) == (None, None, None, [])


def test_task_finished_drops_the_task_its_quote_and_the_confirmation(offer: RoomOffer) -> None:
    state = a_state()
    apply(state, QuoteMade(quote=offer, quote_key="k1"))
    apply(state, TaskFinished())
    assert (state.active_intent, state.quote, state.quote_key, state.confirming) == (None, None, None, None)
    assert state.pending_intents == ["cancel_booking"], "the queue is the loop's to start"


def test_intents_queued_replace_the_queue() -> None:
    state = a_state()
    apply(state, IntentsQueued(intents=["change_booking", "cancel_booking"]))
    assert state.pending_intents == ["change_booking", "cancel_booking"]


def test_question_asked_and_target_set() -> None:
    state = a_state()
    apply(state, QuestionAsked(awaiting="guests"))
    apply(state, TargetSet(ref="HB-NEW"))
    assert (state.awaiting, state.confirming, state.target_ref) == ("guests", None, "HB-NEW")


def test_booking_linked_adds_a_reference_once() -> None:
    state = a_state()
    for ref in ("HB-NEW", "HB-NEW", "HB-OLD"):
        apply(state, BookingLinked(ref=ref))
    assert state.booking_refs == ["HB-OLD", "HB-NEW"]


def test_offers_and_listed_hotels(offer: RoomOffer) -> None:
    state = a_state()
    apply(state, OffersShown(offers=[OfferedOption(ordinal=1, offer=offer)]))
    apply(state, HotelsListed(hotels=[offer.hotel.name], shown_for={"city": "Shanghai"}))
    assert state.offered(1).offer == offer and state.offered(2) is None
    assert (state.shown_hotels, state.shown_for) == ([offer.hotel.name], {"city": "Shanghai"})
    apply(state, OffersShown(offers=[]))
    assert state.offers == [] and state.shown_hotels == [offer.hotel.name]


def test_a_quote_comes_with_its_key_and_goes_with_it(offer: RoomOffer) -> None:
    state = a_state()
    apply(state, QuoteMade(quote=offer, quote_key="k1"))
    assert (state.quote, state.quote_key) == (offer, "k1")
    apply(state, QuoteDropped())
    assert (state.quote, state.quote_key) == (None, None)


def test_shifts_wait_and_are_cleared() -> None:
    state = a_state()
    later = PendingShift(slot="nights", shift=Shift(days=-1), surface="one night less", turn=3)
    apply(state, ShiftPending(shift=later))
    assert [item.surface for item in state.shifts] == ["a day later", "one night less"]
    apply(state, ShiftsCleared())
    assert state.shifts == []


def test_a_session_cannot_start_inside_another() -> None:
    with pytest.raises(ValueError):
        apply(a_state(), SessionStarted(session_id="s", today=TODAY))


def every_kind(offer: RoomOffer) -> list:
    return [
        SessionStarted(session_id="s", today=TODAY),
        TurnStarted(turn=1, today=TODAY, language="en"),
        SlotSet(slot="check_in", value=date(2026, 12, 10), surface="the 10th", source="customer", reason="said"),
        SlotSet(slot="guests", value=2, surface="two of us", source="customer", reason="said"),
        SlotSet(slot="max_price", value=800.0, surface="under 800", source="customer", reason="said"),
        SlotSet(slot="hotel", value=offer.hotel.name, surface="set by validate_booking_form",
                source="validate_booking_form", reason="set by validate_booking_form"),
        SlotCleared(slot="max_price", reason="dropped", previous=800.0),
        TaskStarted(intent="book_hotel"),
        IntentsQueued(intents=["cancel_booking"]),
        OffersShown(offers=[OfferedOption(ordinal=1, offer=offer)]),
        HotelsListed(hotels=[offer.hotel.name], shown_for={"city": "Shanghai"}),
        QuoteMade(quote=offer, quote_key="k1"),
        QuestionAsked(awaiting="confirm", confirming="book"),
        TargetSet(ref="HB-4821"),
        BookingLinked(ref="HB-4821"),
        ShiftPending(shift=PendingShift(slot="nights", shift=Shift(days=1), surface="one more night", turn=1)),
        TurnStarted(turn=2, today=TODAY, language="en"),
        ShiftsCleared(),
        QuoteDropped(),
        TaskFinished(),
        ValuesQueued(slots={"city": SlotValue(value="Hangzhou", turn=2, surface="Hangzhou")}),
    ]


def test_events_read_back_from_json_fold_into_the_same_state(offer: RoomOffer) -> None:
    events = every_kind(offer)
    stored = EVENTS.validate_json(EVENTS.dump_json(events))
    assert stored == events
    state = fold(stored)
    assert state == fold(events)
    assert state.value("check_in") == date(2026, 12, 10) and state.value("guests") == 2
    assert state.slots["hotel"].source == "validate_booking_form"
    assert state.queued_slots["city"].value == "Hangzhou"


def test_values_queued_wait_until_a_task_starts() -> None:
    state = a_state()
    apply(state, ValuesQueued(slots={"check_in": SlotValue(value=date(2026, 12, 15), turn=1, surface="the 15th")}))
    assert state.queued_slots["check_in"].value == date(2026, 12, 15) and state.value("check_in") != date(2026, 12, 15)
    apply(state, TaskStarted(intent="book_hotel"))
    assert state.queued_slots == {}, "the policy sets them with the task's start (Policy.next), or another task voids them"


def test_a_new_session_start_voids_the_events_before_it(offer: RoomOffer) -> None:
    again = SessionStarted(session_id="s", today=date(2026, 12, 5))
    assert fold(every_kind(offer) + [again]) == new_session(again)
    assert fold([]) is None
    with pytest.raises(ValueError):
        fold([TurnStarted(turn=1, today=TODAY, language="en")])


def test_the_recorder_applies_each_event_at_once_and_keeps_them_in_order() -> None:
    recorder = Recorder(a_state())
    recorder.emit(QuestionAsked(awaiting="guests"))
    assert recorder.state.awaiting == "guests"
    recorder.emit(TargetSet(ref=None))
    assert [event.event for event in recorder.events] == ["question_asked", "target_set"]


STATE_FIELDS = set(DialogueState.model_fields)
MUTATORS = {"append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault"}
NOT_STATES = {"self", "cls", "plan", "progress", "config", "args", "entity", "record"}  # objects with same-named fields


def state_writes(tree: ast.AST) -> list[int]:
    """Lines that assign, delete or mutate a DialogueState field (by its name, on any object
    but those of NOT_STATES)."""
    def field_of_state(node: ast.AST) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr in STATE_FIELDS
                and not (isinstance(node.value, ast.Name) and node.value.id in NOT_STATES))

    lines = []
    for node in ast.walk(tree):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
            targets = [node.func.value]
        for target in targets:
            if isinstance(target, ast.Subscript):
                target = target.value
            if field_of_state(target):
                lines.append(node.lineno)
    return sorted(lines)


def test_only_apply_writes_the_dialogue_state() -> None:
    """The rule the design rests on: no module of the bot but bot/events.py assigns, deletes or
    mutates a field of the dialogue state."""
    offenders = [f"{path.relative_to(BOT.parent)}:{line}" for path in sorted(BOT.rglob("*.py")) if path.name != "events.py"
                 for line in state_writes(ast.parse(path.read_text(encoding="utf-8")))]
    assert not offenders, offenders
    assert state_writes(ast.parse("state.awaiting = None\nnew.slots['city'] = v\nstate.booking_refs.append(r)\n"
                                  "del state.slots[name]\nstate.turn += 1")) == [1, 2, 3, 4, 5], "the check finds writes"


# ----------------------------------------------------------------------------- the loop


def parsed(*intents: str) -> ParsedMessage:
    return ParsedMessage(text="...", intents=list(intents), intent_scores={i: 0.9 for i in intents}, low_confidence=False,
                         entities=[])


def test_a_confirmed_task_is_followed_by_the_queued_one_checked_and_answered_in_the_same_turn(db: Database) -> None:
    """"yes" to a cancellation with a booking queued behind it: the cancel, then the booking
    starts, its form is checked (which prices it) and it is answered; then the bot waits."""
    policy = Policy(db)
    state = DialogueState(session_id=SEED_OWNER_WANG, today=TODAY, turn=1, active_intent="cancel_booking",
                          flow_started_turn=1, pending_intents=["book_hotel"], awaiting="confirm", confirming="cancel",
                          target_ref="HB-4821", booking_refs=["HB-4821"])
    recorder = Recorder(state)
    recorder.emit(TurnStarted(turn=2, today=TODAY, language="en"))
    progress = Progress(stay_changed=False)
    steps = []
    while (plan := policy.next(recorder.state, parsed("affirm"), progress)) is not None:
        assert len(steps) < 6, steps
        for event in plan.events + plan.closing:  # the actions are not run here
            recorder.emit(event)
        steps.append([step.decision.action or step.decision.rule for step in plan.steps] or [e.event for e in plan.events])
    assert steps == [["action_cancel_booking"], ["task_started"], [FORM_CHECK], ["booking_needs_slot"]]
    assert recorder.state.active_intent == "book_hotel" and recorder.state.flow_started_turn == 2
    assert recorder.state.pending_intents == [] and recorder.state.awaiting is not None


def test_a_booking_queued_behind_a_change_starts_with_its_own_values(db: Database) -> None:
    """"Move HB-4821 to the 20th and also book Hangzhou for the 15th", then "yes": once the
    change is done the booking starts from the values its clause gave, not from the slots
    that described the changed booking (its hotel, city and dates)."""
    policy = Policy(db)
    state = DialogueState(session_id=SEED_OWNER_WANG, today=TODAY, turn=1, active_intent="change_booking",
                          flow_started_turn=1, pending_intents=["book_hotel"], awaiting="confirm", confirming="change",
                          target_ref="HB-4821", booking_refs=["HB-4821"])
    for slot, value in (("booking_ref", "HB-4821"), ("hotel", "Bund Riverside Hotel"), ("city", "Shanghai"),
                        ("check_in", date(2026, 12, 20)), ("check_out", date(2026, 12, 22)), ("guests", 2)):
        state.slots[slot] = SlotValue(value=value, turn=1, surface=str(value))
    state.queued_slots = {"city": SlotValue(value="Hangzhou", turn=1, surface="Hangzhou"),
                          "check_in": SlotValue(value=date(2026, 12, 15), turn=1, surface="the 15th")}
    recorder = Recorder(state)
    recorder.emit(TurnStarted(turn=2, today=TODAY, language="en"))
    progress = Progress(stay_changed=False)
    policy.next(recorder.state, parsed("affirm"), progress)  # the change (its action is not run here)
    recorder.emit(TaskFinished())
    start = policy.next(recorder.state, parsed("affirm"), progress)
    for event in start.events:
        recorder.emit(event)
    assert recorder.state.active_intent == "book_hotel" and recorder.state.queued_slots == {}
    assert recorder.state.slot_values() == {"city": "Hangzhou", "check_in": date(2026, 12, 15)}
