"""State tracker: corrections, switches, derived dates, intent queue (no model needed)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.database import Database
from bot.models import Booking, DialogueState, Entity, OfferedOption, ParsedMessage, Shift, SlotValue, TierStep
from bot.tracking import StateTracker

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def db() -> Database:
    return Database.create(":memory:")


@pytest.fixture
def tracker(db: Database) -> StateTracker:
    return StateTracker(hotel=db.hotel_by_name)


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


@pytest.mark.parametrize("text, old, new", [("不是10号，是12号", "10号", "12号"), ("not the 10th, the 12th", "the 10th", "the 12th")])
def test_a_date_that_corrects_the_check_in_is_the_check_in_whatever_the_model_read(tracker: StateTracker, text, old, new) -> None:
    """After "how many nights?" the model may read the new date as a check-out: the value it
    negates is the check-in, so the new one is too."""
    parsed = message(text, ["inform"], entity(text, "check_in", old, date(2026, 12, 10), role="negated"),
                     entity(text, "check_out", new, date(2026, 12, 12)))
    state, diff = tracker.update(state_with(city="Hangzhou", check_in=date(2026, 12, 10)), parsed)
    assert state.value("check_in") == date(2026, 12, 12)
    assert state.value("check_out") is None
    assert any("corrects the check-in it negates" in change.reason for change in diff)


def test_a_date_that_corrects_the_check_out_is_the_check_out(tracker: StateTracker) -> None:
    text = "not the 14th, the 15th"
    parsed = message(text, ["inform"], entity(text, "check_out", "the 14th", date(2026, 12, 14), role="negated"),
                     entity(text, "check_in", "the 15th", date(2026, 12, 15)))
    state, _ = tracker.update(state_with(check_in=date(2026, 12, 10), nights=4, check_out=date(2026, 12, 14)), parsed)
    assert (state.value("check_in"), state.value("check_out")) == (date(2026, 12, 10), date(2026, 12, 15))


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


@pytest.mark.parametrize("tier, kept", [("budget", False), ("luxury", True)])
def test_a_tier_change_drops_a_hotel_of_another_tier(tracker: StateTracker, db: Database, tier: str, kept: bool) -> None:
    """"Let's do the budget option instead" with a luxury hotel chosen: the hotel goes (the form
    then lists that tier); restating the hotel's own tier keeps it."""
    hotel = next(h for h in db.hotels("Shanghai") if h.tier == "luxury")
    text = f"let's do the {tier} option instead"
    new, diff = tracker.update(state_with(city="Shanghai", hotel=hotel.name),
                               message(text, ["inform"], entity(text, "tier", tier, tier)))
    assert new.value("tier") == tier and new.value("hotel") == (hotel.name if kept else None)
    assert [c.reason for c in diff if c.slot == "hotel"] == ([] if kept else [f"{hotel.name} is not a budget hotel"])


@pytest.mark.parametrize("text, parts, party", [("2 adults and 1 child", ("2 adults", "1 child"), 3),
                                                ("两个大人和两个孩子", ("两个大人", "两个孩子"), 4)])
def test_the_kinds_of_people_of_a_party_add_up(tracker: StateTracker, text: str, parts: tuple[str, str], party: int) -> None:
    counts = [int(part[0]) if part[0].isdigit() else 2 for part in parts]
    new, diff = tracker.update(state_with(city="Shanghai"), message(text, ["inform"], *(
        entity(text, "guests", part, count) for part, count in zip(parts, counts))))
    assert new.value("guests") == party
    assert [c.reason for c in diff if c.slot == "guests"] == [f"the party: {parts[0]!r} + {parts[1]!r} = {party}"]


def test_two_counts_of_one_kind_are_a_correction_not_a_party(tracker: StateTracker) -> None:
    text = "2 adults, no, 3 adults"
    new, _ = tracker.update(state_with(city="Shanghai"), message(text, ["inform"], entity(text, "guests", "2 adults", 2),
                                                                 entity(text, "guests", "3 adults", 3)))
    assert new.value("guests") == 3, "the later count wins, as for any slot said twice"


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


@pytest.mark.parametrize("listed, picked", [(1, True), (3, False)])
def test_an_approval_picks_the_only_option_offered(tracker: StateTracker, db: Database, listed: int, picked: bool) -> None:
    offers = db.search_offers("Shanghai", date(2026, 12, 11), date(2026, 12, 13), 2)
    state = state_with(city="Shanghai")
    state.offers = [OfferedOption(ordinal=i, offer=o) for i, o in enumerate(offers[:listed], start=1)]
    new, diff = tracker.update(state, message("sounds lovely", ["select_option"]))
    assert new.value("hotel") == (offers[0].hotel.name if picked else None)
    assert [c.reason for c in diff if c.slot == "hotel"] == (["the only option offered"] if picked else [])


def one_per_tier(db: Database) -> list[OfferedOption]:
    """The recommendation without filters: the cheapest hotel of each tier, budget first."""
    offers = db.search_offers("Shanghai", date(2026, 12, 11), date(2026, 12, 13), 2)
    firsts = [next(o for o in offers if o.hotel.tier == tier) for tier in ("budget", "comfort", "luxury")]
    return [OfferedOption(ordinal=i, offer=o) for i, o in enumerate(firsts, start=1)]


@pytest.mark.parametrize("text, surface, tier, ordinal", [("the luxury one", "luxury", "luxury", 3),
                                                          ("the cheapest one", "cheapest", "budget", 1),
                                                          ("要舒适型的那家", "舒适型", "comfort", 2)])
def test_a_tier_picks_the_one_option_of_that_tier(tracker: StateTracker, db: Database, text: str, surface: str, tier: str,
                                                   ordinal: int) -> None:
    state = state_with(city="Shanghai")
    state.offers = one_per_tier(db)
    new, diff = tracker.update(state, message(text, ["select_option", "inform"], entity(text, "tier", surface, tier)))
    assert new.value("hotel") == state.offers[ordinal - 1].offer.hotel.name
    assert new.value("tier") is None, "a pick, not a search detail: later lists are not narrowed by it"
    assert [c.reason for c in diff if c.slot == "hotel"] == [f"the {tier} option picked by its tier or price (option {ordinal})"]


@pytest.mark.parametrize("surface, tier, lowest", [("the cheapest", "budget", True), ("最便宜的", "budget", True),
                                                   ("the most expensive", "luxury", False)])
def test_the_cheapest_or_dearest_picks_by_price_among_the_options(tracker: StateTracker, db: Database, surface: str,
                                                                  tier: str, lowest: bool) -> None:
    """Three budget hotels shown: "the cheapest one" is the first by price (a plain "the
    budget one" would narrow the search); "the most expensive one" of a list without luxury
    hotels is the dearest shown."""
    offers = db.search_offers("Shanghai", date(2026, 12, 11), date(2026, 12, 13), 2)
    state = state_with(city="Shanghai")
    state.offers = [OfferedOption(ordinal=i, offer=o) for i, o in enumerate(offers[:3], start=1)]  # three budget hotels
    text = f"{surface} one"
    new, _ = tracker.update(state, message(text, ["select_option"], entity(text, "tier", surface, tier)))
    by_price = sorted(state.offers, key=lambda option: option.offer.price_per_night)
    assert new.value("hotel") == (by_price[0] if lowest else by_price[-1]).offer.hotel.name
    assert new.value("tier") is None


def test_a_tier_with_several_options_shown_narrows_the_search_instead(tracker: StateTracker, db: Database) -> None:
    offers = db.search_offers("Shanghai", date(2026, 12, 11), date(2026, 12, 13), 2)
    state = state_with(city="Shanghai")
    state.offers = [OfferedOption(ordinal=i, offer=o) for i, o in enumerate(offers[:3], start=1)]  # three budget hotels
    assert {o.offer.hotel.tier for o in state.offers} == {"budget"}
    text = "the budget one"
    new, _ = tracker.update(state, message(text, ["select_option"], entity(text, "tier", "budget", "budget")))
    assert new.value("hotel") is None and new.value("tier") == "budget"
    state.offers = one_per_tier(db)  # "not the luxury one": nothing picked
    text = "not the luxury one"
    new, _ = tracker.update(state, message(text, ["select_option"], entity(text, "tier", "luxury", "luxury", role="negated")))
    assert new.value("hotel") is None
    text = "a luxury hotel"  # no pick asked for: a search detail
    new, _ = tracker.update(state, message(text, ["search_hotels"], entity(text, "tier", "luxury", "luxury")))
    assert new.value("hotel") is None and new.value("tier") == "luxury"


def test_a_pick_by_a_tier_not_on_the_list_is_a_search_detail_and_starts_no_booking(tracker: StateTracker, db: Database) -> None:
    """"还是换成豪华的吧" after three budget hotels, read as a pick with a tier: no option is
    that tier, so the tier narrows the search; no booking starts."""
    offers = db.search_offers("Shanghai", date(2026, 12, 11), date(2026, 12, 13), 2)
    state = DialogueState(session_id="s", today=TODAY, turn=1, active_intent="search_hotels")
    state.offers = [OfferedOption(ordinal=i, offer=o) for i, o in enumerate(offers[:3], start=1)]  # three budget hotels
    text = "还是换成豪华的吧"
    new, _ = tracker.update(state, message(text, ["inform", "select_option"], entity(text, "tier", "豪华", "luxury")))
    assert (new.active_intent, new.value("tier"), new.value("hotel")) == ("search_hotels", "luxury", None)
    state.offers = one_per_tier(db)  # one luxury hotel shown: the same words pick it and its booking starts
    new, _ = tracker.update(state, message(text, ["inform", "select_option"], entity(text, "tier", "豪华", "luxury")))
    assert (new.active_intent, new.value("hotel")) == ("book_hotel", state.offers[2].offer.hotel.name)


def stepped(tracker: StateTracker, state: DialogueState, steps: int, text: str = "", surface: str = "") -> tuple[DialogueState, str]:
    """The state after a comparative ("anything cheaper?" by default) and the reason the trace gives for its tier."""
    surface = surface or ("cheaper" if steps < 0 else "nicer")
    text = text or f"anything {surface}?"
    new, diff = tracker.update(state, message(text, ["inform"], entity(text, "tier", surface, TierStep(steps=steps))))
    return new, next(change.reason for change in diff if change.slot == "tier")


@pytest.mark.parametrize("tier, steps, expected", [("luxury", -1, "comfort"), ("comfort", -1, "budget"),
                                                    ("budget", 1, "comfort"), ("comfort", 1, "luxury")])
def test_a_comparative_moves_one_tier_from_the_one_searched_for(tracker: StateTracker, tier: str, steps: int,
                                                                 expected: str) -> None:
    new, reason = stepped(tracker, state_with(city="Beijing", tier=tier), steps)
    assert new.value("tier") == expected
    assert reason.endswith(f"from {tier} (the one searched for)")


@pytest.mark.parametrize("tier, steps, end", [("budget", -1, "lowest"), ("luxury", 1, "highest")])
def test_a_comparative_past_the_end_tier_keeps_it_and_says_so(tracker: StateTracker, tier: str, steps: int, end: str) -> None:
    new, reason = stepped(tracker, state_with(city="Beijing", tier=tier), steps)
    assert new.value("tier") == tier
    assert reason.endswith(f"{tier} is already the {end}")


def test_a_comparative_moves_from_the_chosen_hotels_tier_and_drops_the_hotel(tracker: StateTracker, db: Database) -> None:
    """A luxury hotel chosen, no tier searched for: "有没有便宜些的" is a comfort search (the hotel goes)."""
    hotel = next(h for h in db.hotels("Shanghai") if h.tier == "luxury")
    new, reason = stepped(tracker, state_with(city="Shanghai", hotel=hotel.name), -1, "有没有便宜些的", "便宜些")
    assert (new.value("tier"), new.value("hotel")) == ("comfort", None)
    assert reason.endswith(f"from luxury ({hotel.name}'s)")


@pytest.mark.parametrize("steps, expected", [(-1, "budget"), (1, "luxury")])
def test_a_comparative_after_a_list_of_every_tier_moves_past_its_ends(tracker: StateTracker, db: Database, steps: int,
                                                                      expected: str) -> None:
    """One hotel of each tier shown: "cheaper" than the list is its budget end, "nicer" its luxury end."""
    state = state_with(city="Shanghai")
    state.offers = one_per_tier(db)
    new, reason = stepped(tracker, state, steps)
    assert new.value("tier") == expected
    assert "(that of the hotels shown)" in reason


def test_a_comparative_with_nothing_talked_about_moves_from_the_middle_tier(tracker: StateTracker) -> None:
    new, reason = stepped(tracker, DialogueState(session_id="s", today=TODAY), 1)
    assert new.value("tier") == "luxury"
    assert reason == "customer said 'nicer': a tier up from comfort (the middle one)"


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


# ------------------------------------------------------------------ relative changes


def confirmed_booking(ref: str = "HB-7Q2K", check_in: date = date(2026, 12, 10), nights: int = 3) -> Booking:
    return Booking(ref=ref, owner="s", hotel="Bund Riverside Hotel", city="Shanghai", room_type="Standard Double",
                   check_in=check_in, check_out=check_in + timedelta(days=nights), nights=nights, guests=2, rooms=1,
                   total_price=2280.0, currency="CNY", status="confirmed")


def changing(tracker: StateTracker, booking: Booking | None) -> StateTracker:
    """A tracker whose change flow finds `booking` (None: the booking is not known yet)."""
    return StateTracker(hotel=tracker.hotel, target_booking=lambda state: booking)


def test_a_shift_moves_the_check_in_and_keeps_the_nights(tracker: StateTracker) -> None:
    text = "could we arrive a day later"
    parsed = message(text, ["inform"], entity(text, "check_in", "a day later", Shift(days=1)))
    new, diff = tracker.update(state_with(check_in=date(2026, 12, 10), nights=2, check_out=date(2026, 12, 12)), parsed)
    assert new.value("check_in") == date(2026, 12, 11)
    assert new.value("check_out") == date(2026, 12, 13)
    assert new.value("nights") == 2
    assert "a day later: 2026-12-10 → 2026-12-11" in [change.reason for change in diff]


@pytest.mark.parametrize(
    "slot, surface, days, expected",
    [
        ("check_out", "a day early", -1, {"check_out": date(2026, 12, 11), "nights": 1}),
        ("nights", "one more night", 1, {"nights": 3, "check_out": date(2026, 12, 13)}),
        ("nights", "a night less", -1, {"nights": 1, "check_out": date(2026, 12, 11)}),
        ("check_in", "two days earlier", -2, {"check_in": date(2026, 12, 8), "check_out": date(2026, 12, 10)}),
    ],
)
def test_shifts_of_each_stay_slot_keep_the_dates_consistent(tracker: StateTracker, slot: str, surface: str, days: int,
                                                            expected: dict) -> None:
    text = f"ok, {surface} then"
    parsed = message(text, ["inform"], entity(text, slot, surface, Shift(days=days)))
    new, _ = tracker.update(state_with(check_in=date(2026, 12, 10), nights=2, check_out=date(2026, 12, 12)), parsed)
    assert {name: new.value(name) for name in expected} == expected


def test_a_shift_while_changing_a_booking_starts_from_the_booking(tracker: StateTracker) -> None:
    # the state still holds an earlier stay (the 20th): the booking being changed is on the 10th
    state = state_with(check_in=date(2026, 12, 20), nights=1, check_out=date(2026, 12, 21))
    state.booking_refs = ["HB-7Q2K"]
    text = "move my booking back a day"
    parsed = message(text, ["change_booking"], entity(text, "check_in", "back a day", Shift(days=1)))
    new, diff = changing(tracker, confirmed_booking()).update(state, parsed)
    assert new.active_intent == "change_booking"
    assert new.value("check_in") == date(2026, 12, 11)
    assert new.value("check_out") == date(2026, 12, 14), "the booking's 3 nights are kept"
    assert "back a day: 2026-12-10 (booking HB-7Q2K) → 2026-12-11" in [change.reason for change in diff]


def test_a_later_shift_in_the_same_change_builds_on_the_first(tracker: StateTracker) -> None:
    booking_tracker = changing(tracker, confirmed_booking())
    state = DialogueState(session_id="s", today=TODAY, booking_refs=["HB-7Q2K"])
    first, second = "leave a day early", "and another night less"
    state, _ = booking_tracker.update(state, message(first, ["change_booking"], entity(first, "check_out", "a day early", Shift(days=-1))))
    assert (state.value("check_out"), state.value("nights")) == (date(2026, 12, 12), 2)
    state, _ = booking_tracker.update(state, message(second, ["inform"], entity(second, "nights", "another night less", Shift(days=-1))))
    assert (state.value("nights"), state.value("check_out")) == (1, date(2026, 12, 11))


@pytest.mark.parametrize("ref_in_session", [True, False])
def test_a_shift_without_a_task_moves_the_booking(tracker: StateTracker, ref_in_session: bool) -> None:
    state = DialogueState(session_id="s", today=TODAY, booking_refs=["HB-7Q2K"] if ref_in_session else [])
    text = "one more night please" if ref_in_session else "HB-7Q2K: one more night please"
    entities = [entity(text, "nights", "one more night", Shift(days=1))]
    if not ref_in_session:
        entities.insert(0, entity(text, "booking_ref", "HB-7Q2K", "HB-7Q2K"))
    new, _ = changing(tracker, confirmed_booking()).update(state, message(text, ["inform"], *entities))
    assert new.active_intent == "change_booking"
    assert new.value("nights") == 4


def test_a_search_for_only_a_shift_after_a_booking_changes_the_booking(tracker: StateTracker) -> None:
    """"one night less" read as a search, with no search going on: the only stay it can
    change is the session's booking."""
    state = DialogueState(session_id="s", today=TODAY, booking_refs=["HB-7Q2K"])
    text = "另外少住一晚可以吗"
    parsed = message(text, ["search_hotels"], entity(text, "nights", "少住一晚", Shift(days=-1)))
    new, _ = changing(tracker, confirmed_booking()).update(state, parsed)
    assert new.active_intent == "change_booking" and new.value("nights") == 2


def test_a_shift_with_no_booking_and_no_task_is_a_search(tracker: StateTracker) -> None:
    text = "Chengdu, a day later"
    parsed = message(text, ["inform"], entity(text, "city", "Chengdu", "Chengdu"), entity(text, "check_in", "a day later", Shift(days=1)))
    assert tracker.update(DialogueState(session_id="s", today=TODAY), parsed)[0].active_intent == "search_hotels"


def test_a_shift_waits_for_the_booking_to_change(tracker: StateTracker) -> None:
    text = "push my reservation back two days"
    parsed = message(text, ["change_booking"], entity(text, "check_in", "back two days", Shift(days=2)))
    waiting, diff = changing(tracker, None).update(DialogueState(session_id="s", today=TODAY), parsed)
    assert waiting.value("check_in") is None
    assert [(s.slot, s.shift.days, s.turn) for s in waiting.shifts] == [("check_in", 2, 1)]
    assert any("not known yet" in change.reason for change in diff)
    reply = "HB-7Q2K"
    new, diff = changing(tracker, confirmed_booking()).update(
        waiting, message(reply, ["inform"], entity(reply, "booking_ref", "HB-7Q2K", "HB-7Q2K")))
    assert new.value("check_in") == date(2026, 12, 12)
    assert new.value("check_out") == date(2026, 12, 15)
    assert new.shifts == []


def test_a_shift_with_nothing_to_apply_to_is_kept_for_one_turn(tracker: StateTracker) -> None:
    text = "hotels in Beijing, a day later"
    parsed = message(text, ["search_hotels"], entity(text, "city", "Beijing", "Beijing"),
                     entity(text, "check_in", "a day later", Shift(days=1)))
    new, diff = tracker.update(DialogueState(session_id="s", today=TODAY), parsed)
    assert new.value("city") == "Beijing", "the rest of the message is kept"
    assert new.value("check_in") is None
    assert [s.surface for s in new.shifts] == ["a day later"]
    assert any(change.reason == "nothing to apply 'a day later' to: no check-in yet" for change in diff)
    later = message("Beijing", ["inform"], entity("Beijing", "city", "Beijing", "Beijing"))
    assert tracker.update(new, later)[0].shifts == [], "told once, then dropped"


def test_a_stay_cannot_lose_its_last_night(tracker: StateTracker) -> None:
    text = "one night less"
    parsed = message(text, ["inform"], entity(text, "nights", text, Shift(days=-1)))
    new, diff = tracker.update(state_with(check_in=date(2026, 12, 10), nights=1, check_out=date(2026, 12, 11)), parsed)
    assert new.value("nights") == 1
    assert any("would leave no night" in change.reason for change in diff)


def test_the_end_of_a_range_is_read_after_its_start(tracker: StateTracker) -> None:
    # both dates tagged check_in, each read from today: "the 3rd" alone would be December 3rd
    text = "a room from the 29th to the 3rd"
    parsed = message(text, ["book_hotel"], entity(text, "check_in", "the 29th", date(2026, 12, 29)),
                     entity(text, "check_in", "the 3rd", date(2026, 12, 3)))
    new, _ = tracker.update(DialogueState(session_id="s", today=TODAY), parsed)
    assert new.value("check_in") == date(2026, 12, 29)
    assert new.value("check_out") == date(2027, 1, 3)
    assert new.value("nights") == 5


def test_a_new_range_in_a_change_keeps_its_first_date_as_check_in(tracker: StateTracker) -> None:
    # both dates tagged check_in, no "from": a new range, not a move to the second date
    text = "change HB-4821 to the 29th - 3rd"
    parsed = message(text, ["change_booking"], entity(text, "booking_ref", "HB-4821", "HB-4821"),
                     entity(text, "check_in", "the 29th", date(2026, 12, 29)), entity(text, "check_in", "3rd", date(2026, 12, 3)))
    new, _ = tracker.update(DialogueState(session_id="s", today=TODAY), parsed)
    assert (new.value("check_in"), new.value("check_out"), new.value("nights")) == (date(2026, 12, 29), date(2027, 1, 3), 5)


@pytest.mark.parametrize("active", ["book_hotel", "search_hotels"])
def test_a_change_without_a_reference_before_any_booking_changes_the_stay_in_progress(tracker: StateTracker, active: str) -> None:
    state = state_with(city="Hangzhou", check_in=date(2026, 12, 20), nights=2)
    state.active_intent = active
    text = "could we start two days earlier"
    new, _ = tracker.update(state, message(text, ["change_booking"], entity(text, "check_in", "two days earlier", Shift(days=-2))))
    assert new.active_intent == active
    assert (new.value("check_in"), new.value("check_out")) == (date(2026, 12, 18), date(2026, 12, 20))
    with_ref = "move HB-7Q2K two days earlier"
    moved, _ = tracker.update(state, message(with_ref, ["change_booking"], entity(with_ref, "booking_ref", "HB-7Q2K", "HB-7Q2K")))
    assert moved.active_intent == "change_booking"


@pytest.mark.parametrize(
    ("text", "first", "second", "check_in", "check_out"),
    [
        ("10号到12号上海", ("10号", 10), ("12号", 12), 10, 12),  # a range: 到 between the dates
        ("我想订10号上海的酒店，再帮我看看11号的", ("10号", 10), ("11号", 11), 11, None),  # a change of mind
        ("book the 10th, no wait, show me the 11th", ("the 10th", 10), ("the 11th", 11), 11, None),
        ("between the 10th and the 13th", ("the 10th", 10), ("the 13th", 13), 10, 13),
    ],
)
def test_two_check_in_dates_are_a_range_only_when_joined_as_one(tracker: StateTracker, text: str, first: tuple, second: tuple,
                                                                  check_in: int, check_out: int | None) -> None:
    parsed = message(text, ["search_hotels"], *(entity(text, "check_in", surface, date(2026, 12, day)) for surface, day in (first, second)))
    new, _ = tracker.update(DialogueState(session_id="s", today=TODAY), parsed)
    assert new.value("check_in") == date(2026, 12, check_in)
    assert new.value("check_out") == (date(2026, 12, check_out) if check_out else None)


@pytest.mark.parametrize("with_details", [True, False])
def test_a_hotel_named_with_the_stays_details_starts_its_booking(tracker: StateTracker, with_details: bool) -> None:
    """"杭州西湖柳岸酒店，14号入住，两晚" with no task going on asks for that hotel: a booking, not a
    list of the city's hotels; the name alone (a question about it, say) starts nothing."""
    text = "Bund Riverside Hotel, the 14th, 2 nights" if with_details else "Bund Riverside Hotel"
    entities = [entity(text, "hotel", "Bund Riverside Hotel", "Bund Riverside Hotel")]
    if with_details:
        entities += [entity(text, "check_in", "the 14th", date(2026, 12, 14)), entity(text, "nights", "2 nights", 2)]
    new, _ = tracker.update(DialogueState(session_id="s", today=TODAY), message(text, ["inform"], *entities))
    assert new.active_intent == ("book_hotel" if with_details else "search_hotels")


@pytest.mark.parametrize("hotel_named", [False, True])
def test_a_booking_and_a_search_in_one_message_show_the_hotels_first(tracker: StateTracker, hotel_named: bool) -> None:
    """"我想订10号上海的酒店，再帮我看看11号的" is read as book + search: with no hotel chosen the
    search leads (a pick then starts the booking); with a hotel named the booking does."""
    text = "我想订10号上海的酒店，再帮我看看11号的" + ("，上海外滩江景酒店" if hotel_named else "")
    entities = [entity(text, "check_in", "10号", date(2026, 12, 10)), entity(text, "city", "上海", "Shanghai"),
                entity(text, "check_in", "11号", date(2026, 12, 11))]
    if hotel_named:
        entities.append(entity(text, "hotel", "上海外滩江景酒店", "Bund Riverside Hotel"))
    new, _ = tracker.update(DialogueState(session_id="s", today=TODAY), message(text, ["book_hotel", "search_hotels"], *entities))
    assert new.active_intent == ("book_hotel" if hotel_named else "search_hotels")
    assert new.value("check_in") == date(2026, 12, 11)


def change_and_book(text: str, *spans: tuple[str, str, object]) -> ParsedMessage:
    return message(text, ["change_booking", "book_hotel"], *(entity(text, slot, surface, value) for slot, surface, value in spans))


@pytest.mark.parametrize("text", ["move HB-4821 to the 20th and also book a room in Hangzhou for the 15th",
                                  "book a room in Hangzhou for the 15th, and move HB-4821 to the 20th"])
def test_a_change_and_a_new_booking_in_one_message_each_keep_their_clause(tracker: StateTracker, text: str) -> None:
    booking = confirmed_booking(ref="HB-4821")
    state = DialogueState(session_id="s", today=TODAY, turn=1, booking_refs=["HB-4821"])
    new, _ = changing(tracker, booking).update(state, change_and_book(
        text, ("booking_ref", "HB-4821", "HB-4821"), ("check_in", "the 20th", date(2026, 12, 20)),
        ("city", "Hangzhou", "Hangzhou"), ("check_in", "the 15th", date(2026, 12, 15))))
    assert new.active_intent == "change_booking" and new.pending_intents == ["book_hotel"]
    assert new.value("check_in") == date(2026, 12, 20) and new.value("city") != "Hangzhou", "the change reads its own clause"
    assert {slot: held.value for slot, held in new.queued_slots.items()} == {"city": "Hangzhou", "check_in": date(2026, 12, 15)}


@pytest.mark.parametrize("text, spans", [
    ("move HB-4821 to the 20th for 3 guests", [("booking_ref", "HB-4821", "HB-4821"), ("check_in", "the 20th", date(2026, 12, 20))]),
    ("move HB-4821 to the 20th book Hangzhou", [("booking_ref", "HB-4821", "HB-4821"), ("check_in", "the 20th", date(2026, 12, 20)),
                                                 ("city", "Hangzhou", "Hangzhou")]),
])
def test_without_a_new_stay_value_or_a_clause_cue_every_value_is_the_changes(tracker: StateTracker, text: str, spans) -> None:
    state = DialogueState(session_id="s", today=TODAY, turn=1, booking_refs=["HB-4821"])
    new, _ = changing(tracker, confirmed_booking(ref="HB-4821")).update(state, change_and_book(text, *spans))
    assert new.queued_slots == {} and new.value("check_in") == date(2026, 12, 20)


def test_a_search_asked_with_a_change_waits_behind_it_with_its_own_values(tracker: StateTracker) -> None:
    text = "move HB-4821 to the 20th and show me hotels in Sanya for the 27th"
    state = DialogueState(session_id="s", today=TODAY, turn=1, booking_refs=["HB-4821"])
    parsed = message(text, ["change_booking", "search_hotels"], entity(text, "booking_ref", "HB-4821", "HB-4821"),
                     entity(text, "check_in", "the 20th", date(2026, 12, 20)), entity(text, "city", "Sanya", "Sanya"),
                     entity(text, "check_in", "the 27th", date(2026, 12, 27)))
    new, _ = changing(tracker, confirmed_booking(ref="HB-4821")).update(state, parsed)
    assert new.active_intent == "change_booking" and new.pending_intents == ["search_hotels"]
    assert new.value("check_in") == date(2026, 12, 20) and new.queued_slots["check_in"].value == date(2026, 12, 27)
    book_then_search = message("book Sanya on the 27th and show me Sanya on the 28th", ["book_hotel", "search_hotels"])
    assert tracker.update(DialogueState(session_id="s", today=TODAY), book_then_search)[0].pending_intents == [], \
        "behind a booking a search is a switch, not a second task"


def test_cancel_while_a_booking_is_being_made_starts_no_cancellation(tracker: StateTracker) -> None:
    new, _ = tracker.update(state_with(city="Hangzhou"), message("can I cancel that?", ["cancel_booking"]))
    assert new.active_intent == "book_hotel", "the policy drops it (booking_dropped); no reference is asked for"
    text = "cancel HB-4821"
    new, _ = tracker.update(state_with(city="Hangzhou"), message(text, ["cancel_booking"], entity(text, "booking_ref", "HB-4821", "HB-4821")))
    assert new.active_intent == "cancel_booking"


@pytest.mark.parametrize("surface, expected", [("Saturday", date(2026, 12, 12)), ("next Saturday", date(2026, 12, 12)),
                                               ("this Saturday", date(2026, 12, 5))])
def test_a_weekday_that_replaces_a_date_is_the_one_nearest_it(tracker: StateTracker, surface: str, expected: date) -> None:
    """Check-in Friday 11 Dec: "change the check-in to Saturday" is Saturday the 12th (the
    model's reading, the first Saturday after today, is the 5th); a pinned week stays as read."""
    state = state_with(city="Xi'an", check_in=date(2026, 12, 11), nights=2, check_out=date(2026, 12, 13))
    state.flow_started_turn = 1
    read = {"Saturday": date(2026, 12, 5), "next Saturday": date(2026, 12, 12), "this Saturday": date(2026, 12, 5)}[surface]
    text = f"change the check in to {surface}"
    new, _ = tracker.update(state, message(text, ["inform"], entity(text, "check_in", surface, read)))
    assert new.value("check_in") == expected


def test_a_weekday_for_a_new_task_is_the_first_one_after_today(tracker: StateTracker) -> None:
    state = state_with(city="Xi'an", check_in=date(2026, 12, 11))
    state.active_intent = None  # the last task is done: its date is no anchor
    text = "find me something in Xi'an on Saturday"
    new, _ = tracker.update(state, message(text, ["search_hotels"], entity(text, "check_in", "Saturday", date(2026, 12, 5))))
    assert new.value("check_in") == date(2026, 12, 5)


def test_a_question_about_an_option_picks_nothing(tracker: StateTracker, db: Database) -> None:
    """"Does the first one have breakfast?" after a list starts no booking; "book the first
    one ..." does."""
    state = state_with(city="Shanghai")
    state.active_intent = "search_hotels"
    state.offers = one_per_tier(db)
    text = "does the first one have breakfast?"
    new, _ = tracker.update(state, message(text, ["ask_faq", "select_option"], entity(text, "ordinal", "the first one", 1)))
    assert new.active_intent == "search_hotels", "no booking starts"
    assert new.value("hotel") == state.offers[0].offer.hotel.name, "the hotel talked about: the answer's, and 'that one'"
    text = "book the first one, does it have breakfast?"
    new, _ = tracker.update(state, message(text, ["book_hotel", "ask_faq"], entity(text, "ordinal", "the first one", 1)))
    assert new.value("hotel") == state.offers[0].offer.hotel.name and new.active_intent == "book_hotel"
