"""State tracker: corrections, switches, derived dates, intent queue (no model needed)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.database import Database
from bot.models import DialogueState, Entity, OfferedOption, ParsedMessage, SlotValue
from bot.tracking import StateTracker

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def db() -> Database:
    return Database.create(":memory:")


@pytest.fixture
def tracker(db: Database) -> StateTracker:
    return StateTracker(hotel_city=lambda name: (db.hotel_by_name(name).city if db.hotel_by_name(name) else None))


def entity(text: str, slot: str, surface: str, value, role: str = "value", known: bool = True, occurrence: int = 0) -> Entity:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return Entity(entity=slot, value=surface, start=start, end=start + len(surface), confidence=0.99,
                  normalized=value, known=known, role=role)


def message(text: str, intents: list[str], *entities: Entity) -> ParsedMessage:
    return ParsedMessage(text=text, intents=intents, intent_scores={i: 0.99 for i in intents}, low_confidence=False,
                         entities=list(entities))


def state_with(**values) -> DialogueState:
    state = DialogueState(session_id="s", today=TODAY, turn=1, active_intent="book_hotel")
    for slot, value in values.items():
        state.slots[slot] = SlotValue(value=value, turn=1, surface=str(value))
    return state


def test_negated_value_is_dropped_whichever_order(tracker: StateTracker) -> None:
    for text in ("the 11th, not the 10th", "not the 10th, the 11th"):
        parsed = message(text, ["inform"],
                         entity(text, "check_in", "the 11th", date(2026, 12, 11)),
                         entity(text, "check_in", "the 10th", date(2026, 12, 10), role="negated"))
        new, diff = tracker.update(state_with(check_in=date(2026, 12, 10), nights=2, check_out=date(2026, 12, 12)), parsed)
        assert new.value("check_in") == date(2026, 12, 11)
        assert new.slots["check_in"].previous == date(2026, 12, 10)
        assert new.value("check_out") == date(2026, 12, 13), "the number of nights is kept"
        assert any("negated" in change.reason for change in diff)


@pytest.mark.parametrize(
    "text, intents",
    [
        ("move my booking from the 10th to the 11th", ["change_booking"]),
        ("from the 10th to the 11th please", ["inform"]),
    ],
)
def test_from_old_to_new_keeps_the_new_value(tracker: StateTracker, text: str, intents: list[str]) -> None:
    parsed = message(text, intents,
                     entity(text, "check_in", "the 10th", date(2026, 12, 10)),
                     entity(text, "check_in", "the 11th", date(2026, 12, 11)))
    new, diff = tracker.update(state_with(check_in=date(2026, 12, 10), nights=2), parsed)
    assert new.value("check_in") == date(2026, 12, 11)
    assert new.value("check_out") == date(2026, 12, 13)
    assert "replaces" in next(c.reason for c in diff if c.slot == "check_in")


def test_two_dates_for_a_new_stay_are_a_range(tracker: StateTracker) -> None:
    text = "hotels from the 12th to the 14th"
    parsed = message(text, ["search_hotels"],
                     entity(text, "check_in", "the 12th", date(2026, 12, 12)),
                     entity(text, "check_in", "the 14th", date(2026, 12, 14)))
    new, _ = tracker.update(DialogueState(session_id="s", today=TODAY), parsed)
    assert (new.value("check_in"), new.value("check_out"), new.value("nights")) == (date(2026, 12, 12), date(2026, 12, 14), 2)


def test_two_changes_in_one_message(tracker: StateTracker) -> None:
    text = "make it Beijing and 3 guests"
    parsed = message(text, ["inform"], entity(text, "city", "Beijing", "Beijing"), entity(text, "guests", "3 guests", 3))
    new, diff = tracker.update(state_with(city="Shanghai", guests=2), parsed)
    assert (new.value("city"), new.value("guests")) == ("Beijing", 3)
    assert {(c.slot, c.old, c.new) for c in diff} >= {("city", "Shanghai", "Beijing"), ("guests", 2, 3)}


def test_city_change_drops_a_hotel_of_the_old_city(tracker: StateTracker) -> None:
    text = "actually Hangzhou"
    new, diff = tracker.update(state_with(city="Shanghai", hotel="Bund Riverside Hotel"),
                               message(text, ["inform"], entity(text, "city", "Hangzhou", "Hangzhou")))
    assert new.value("city") == "Hangzhou" and new.value("hotel") is None
    assert any(c.slot == "hotel" and c.new is None for c in diff)


def test_hotel_sets_its_city(tracker: StateTracker) -> None:
    text = "the Bund Riverside please"
    new, _ = tracker.update(state_with(city="Beijing"),
                            message(text, ["select_option"], entity(text, "hotel", "Bund Riverside", "Bund Riverside Hotel")))
    assert new.value("city") == "Shanghai"


@pytest.mark.parametrize("nights_given, expected_nights", [(False, 3), (True, 3)])
def test_check_out_determines_nights(tracker: StateTracker, nights_given: bool, expected_nights: int) -> None:
    text = "until the 13th"
    new, _ = tracker.update(state_with(check_in=date(2026, 12, 10), nights=1),
                            message(text, ["inform"], entity(text, "check_out", "the 13th", date(2026, 12, 13))))
    assert new.value("nights") == expected_nights


@pytest.mark.parametrize(
    "slot, surface, value, known",
    [("city", "Paris", "Paris", False), ("check_in", "Feb 30", None, True), ("hotel", "Hotel Indigo", "Hotel Indigo", False)],
)
def test_unusable_values_leave_the_state_alone(tracker: StateTracker, slot: str, surface: str, value, known: bool) -> None:
    text = f"in {surface}"
    before = state_with(city="Shanghai", check_in=date(2026, 12, 10))
    new, diff = tracker.update(before, message(text, ["inform"], entity(text, slot, surface, value, known=known)))
    assert new.slot_values() == before.slot_values()
    assert diff and diff[0].old == diff[0].new


@pytest.mark.parametrize("ordinal, expected", [(1, 0), (2, 1), (-1, 2), (-2, 1)])
def test_ordinal_picks_an_offered_hotel(tracker: StateTracker, db: Database, ordinal: int, expected: int) -> None:
    offers = db.search_offers("Shanghai", date(2026, 12, 11), date(2026, 12, 13), 2)
    state = state_with(city="Shanghai")
    state.offers = [OfferedOption(ordinal=i, offer=o) for i, o in enumerate(offers[:3], start=1)]
    text = "that one"
    new, _ = tracker.update(state, message(text, ["select_option"], entity(text, "ordinal", "that", ordinal)))
    assert new.value("hotel") == offers[expected].hotel.name



@pytest.mark.parametrize("ordinal", [4, -4])
def test_ordinal_beyond_the_offered_list_keeps_the_hotel_and_says_why(tracker: StateTracker, db: Database, ordinal: int) -> None:
    offers = db.search_offers("Shanghai", date(2026, 12, 11), date(2026, 12, 13), 2)
    state = state_with(city="Shanghai", hotel=offers[0].hotel.name)
    state.offers = [OfferedOption(ordinal=i, offer=o) for i, o in enumerate(offers[:3], start=1)]
    text = "that one"
    new, diff = tracker.update(state, message(text, ["select_option"], entity(text, "ordinal", "that", ordinal)))
    assert new.value("hotel") == offers[0].hotel.name
    assert [change.reason for change in diff if change.slot == "hotel"] == ["option 'that' is not one of the 3 offered"]

def test_several_tasks_queue_behind_the_leader(tracker: StateTracker) -> None:
    new, _ = tracker.update(DialogueState(session_id="s", today=TODAY),
                            message("book a room and cancel my other booking", ["book_hotel", "cancel_booking"]))
    assert new.active_intent == "cancel_booking" and new.pending_intents == ["book_hotel"]


def test_switch_from_booking_to_search_drops_the_pending_confirmation(tracker: StateTracker) -> None:
    state = state_with(city="Shanghai", check_in=date(2026, 12, 10))
    state.awaiting, state.confirming = "confirm", "book"
    text = "show me the 11th instead"
    new, _ = tracker.update(state, message(text, ["search_hotels"], entity(text, "check_in", "the 11th", date(2026, 12, 11))))
    assert (new.active_intent, new.awaiting, new.confirming) == ("search_hotels", None, None)
    assert new.value("check_in") == date(2026, 12, 11)
