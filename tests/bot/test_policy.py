"""Policy: which rule fires for a state and a parsed message (no model needed)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.database import Database
from bot.database.catalogue import SEED_OWNER_WANG
from bot.models import DialogueState, Entity, OfferedOption, ParsedMessage, PendingShift, Shift, SlotValue
from bot.policy import Progress, Policy, search_details, search_request
from bot.wording import en, zh

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy(Database.create(":memory:"))


def parsed(*intents: str, low_confidence: bool = False) -> ParsedMessage:
    return ParsedMessage(text="...", intents=list(intents), intent_scores={i: 0.9 for i in intents},
                         low_confidence=low_confidence, entities=[])


def booking_state(active: str = "book_hotel", **values) -> DialogueState:
    state = DialogueState(session_id="s", today=TODAY, turn=2, active_intent=active, flow_started_turn=1)
    for slot, value in values.items():
        state.slots[slot] = SlotValue(value=value, turn=1, surface=str(value))
    return state


def rules(plan) -> list[str]:
    return [step.decision.rule for step in plan.steps]


@pytest.mark.parametrize(
    "values, awaiting",
    [
        ({}, "city"),
        ({"city": "Shanghai"}, "check_in"),
        ({"city": "Shanghai", "check_in": date(2026, 12, 10)}, "nights"),
        ({"city": "Shanghai", "check_in": date(2026, 12, 10), "nights": 2}, "guests"),
        ({"city": "Shanghai", "check_in": date(2026, 12, 10), "check_out": date(2026, 12, 12)}, "guests"),
    ],
)
def test_booking_form_asks_one_missing_slot_at_a_time(policy: Policy, values: dict, awaiting: str) -> None:
    plan = policy.plan(booking_state(**values), parsed("book_hotel"))
    assert plan.awaiting == awaiting
    assert rules(plan) == ["booking_needs_slot"]


def test_booking_form_offers_hotels_when_only_the_hotel_is_missing(policy: Policy) -> None:
    state = booking_state(city="Shanghai", check_in=date(2026, 12, 10), nights=2, guests=2)
    plan = policy.plan(state, parsed("inform"))
    assert [s.decision.action for s in plan.steps][0] == "action_search_hotels"
    assert plan.awaiting == "hotel"


@pytest.mark.parametrize(("said_now", "awaiting", "rule"), [
    ({"nights": 2}, "guests", "search_asks_the_party"),  # "Xi'an on the 16th for 2 nights": a stay being planned
    ({"check_out": date(2026, 12, 12)}, "guests", "search_asks_the_party"),
    ({}, "hotel", "search_offers_a_pick"),  # "what have you got in Xi'an for the 10th": browsing
    ({"nights": 2, "guests": 2}, "hotel", "search_offers_a_pick"),  # the party known: the pick comes next
])
def test_a_search_for_a_whole_stay_asks_the_party_before_the_pick(policy: Policy, said_now: dict, awaiting: str, rule: str) -> None:
    state = DialogueState(session_id="s", today=TODAY, turn=1, active_intent="search_hotels", flow_started_turn=1)
    for slot, value in {"city": "Xi'an", "check_in": date(2026, 12, 10), **said_now}.items():
        state.slots[slot] = SlotValue(value=value, turn=1, surface=str(value))
    plan = policy.plan(state, parsed("search_hotels"))
    assert plan.steps[0].decision.action == "action_search_hotels"
    assert (plan.awaiting, rules(plan)[-1]) == (awaiting, rule)


def test_complete_priced_booking_asks_for_confirmation(policy: Policy) -> None:
    state = booking_state(city="Shanghai", check_in=date(2026, 12, 10), nights=2, check_out=date(2026, 12, 12),
                          guests=2, hotel="Bund Riverside Hotel")
    state.quote = policy.db.room_offers("Bund Riverside Hotel", date(2026, 12, 10), date(2026, 12, 12), 2)[0]
    plan = policy.plan(state, parsed("inform"))
    assert (plan.awaiting, plan.confirming) == ("confirm", "book")
    assert "Bund Riverside Hotel" in plan.steps[-1].say and "CNY" in plan.steps[-1].say


@pytest.mark.parametrize("confirming, action", [("book", "action_book_hotel"), ("change", "action_change_booking"),
                                                ("cancel", "action_cancel_booking")])
def test_affirm_runs_the_confirmed_action(policy: Policy, confirming: str, action: str) -> None:
    state = booking_state(active={"book": "book_hotel", "change": "change_booking", "cancel": "cancel_booking"}[confirming])
    state.awaiting, state.confirming, state.target_ref = "confirm", confirming, "HB-4821"
    plan = policy.plan(state, parsed("affirm"))
    assert [s.decision.action for s in plan.steps] == [action] and plan.finished_flow


def test_nothing_is_booked_without_a_confirmation(policy: Policy) -> None:
    state = booking_state(city="Shanghai")
    for intents in (("affirm",), ("inform",), ("book_hotel",)):
        plan = policy.plan(state, parsed(*intents))
        assert "action_book_hotel" not in [s.decision.action for s in plan.steps]


def test_deny_a_cancel_keeps_the_booking(policy: Policy) -> None:
    state = booking_state(active="cancel_booking")
    state.awaiting, state.confirming, state.target_ref = "confirm", "cancel", "HB-4821"
    plan = policy.plan(state, parsed("deny"))
    assert rules(plan) == ["cancel_denied"] and plan.finished_flow and "HB-4821" in plan.steps[0].say


def test_deny_a_booking_asks_what_to_change(policy: Policy) -> None:
    state = booking_state()
    state.awaiting, state.confirming = "confirm", "book"
    plan = policy.plan(state, parsed("deny"))
    assert rules(plan) == ["confirmation_denied"]
    assert not plan.finished_flow


def test_faq_mid_booking_answers_then_asks_again(policy: Policy) -> None:
    state = booking_state(city="Shanghai", check_in=date(2026, 12, 10))
    state.awaiting = "nights"
    plan = policy.plan(state, parsed("ask_faq"))
    assert rules(plan) == ["faq", "booking_needs_slot"] and plan.awaiting == "nights"


def test_several_intents_are_served_in_reply_order(policy: Policy) -> None:
    state = booking_state(active="search_hotels", city="Chengdu", check_in=date(2026, 12, 12))
    plan = policy.plan(state, parsed("greet", "search_hotels", "ask_faq", "thank"))
    assert rules(plan) == ["greet", "search", "faq", "search_offers_a_pick", "thank"]


def test_a_list_of_hotels_waits_for_a_pick(policy: Policy) -> None:
    state = booking_state(active="search_hotels", city="Chengdu", check_in=date(2026, 12, 12))
    plan = policy.plan(state, parsed("search_hotels"))
    assert rules(plan) == ["search", "search_offers_a_pick"] and plan.awaiting == "hotel"
    assert plan.steps[-1].needs_offers  # asked only when the search finds some


def test_low_confidence_asks_to_clarify(policy: Policy) -> None:
    plan = policy.plan(booking_state(active=None), parsed("search_hotels", low_confidence=True))
    assert [s.decision.action for s in plan.steps] == ["action_fallback"]


def test_handoff_on_request(policy: Policy) -> None:
    plan = policy.plan(booking_state(), parsed("request_human"))
    assert [s.decision.action for s in plan.steps] == ["action_handoff"]


def test_change_without_a_booking_asks_for_the_reference(policy: Policy) -> None:
    plan = policy.plan(booking_state(active="change_booking"), parsed("change_booking"))
    assert plan.awaiting == "booking_ref"


def test_cancel_of_a_known_booking_asks_for_confirmation(policy: Policy) -> None:
    state = booking_state(active="cancel_booking", booking_ref="HB-4821")
    state.session_id = SEED_OWNER_WANG
    plan = policy.plan(state, parsed("cancel_booking"))
    assert (plan.awaiting, plan.confirming, plan.target_ref) == ("confirm", "cancel", "HB-4821")


def test_someone_elses_booking_is_not_a_target(policy: Policy) -> None:
    state = booking_state(active="cancel_booking", booking_ref="HB-4821")  # session "s"
    plan = policy.plan(state, parsed("cancel_booking"))
    assert (plan.awaiting, plan.confirming, plan.target_ref) == ("booking_ref", None, None)
    assert policy.target_ref(state) is None


def test_a_question_after_search_results_does_not_repeat_the_search(policy: Policy) -> None:
    state = booking_state(active="search_hotels", city="Chengdu", check_in=date(2026, 12, 12))
    offers = policy.db.search_offers("Chengdu", date(2026, 12, 12), date(2026, 12, 13), 1)
    from bot.models import OfferedOption

    state.offers = [OfferedOption(ordinal=1, offer=offers[0])]
    assert rules(policy.plan(state, parsed("ask_faq"))) == ["faq"]
    state.slots["check_in"] = SlotValue(value=date(2026, 12, 13), turn=state.turn, surface="the 13th")
    assert rules(policy.plan(state, parsed("inform"))) == ["search", "search_offers_a_pick"]


def test_restating_the_task_being_confirmed_confirms_it(policy: Policy) -> None:
    state = booking_state(active="cancel_booking")
    state.awaiting, state.confirming, state.target_ref = "confirm", "cancel", "HB-4821"
    plan = policy.plan(state, parsed("cancel_booking"))
    assert [s.decision.action for s in plan.steps] == ["action_cancel_booking"]
    assert "restated" in plan.steps[0].decision.reason


def a_booking(policy: Policy):
    offer = policy.db.room_offers("Bund Riverside Hotel", date(2026, 12, 10), date(2026, 12, 12), 2, 1)[0]
    return policy.db.create_booking("s", offer.room_type_id, date(2026, 12, 10), date(2026, 12, 12), 2)


def test_an_answer_that_changes_nothing_gets_a_concrete_question(policy: Policy) -> None:
    booking = a_booking(policy)
    state = booking_state(active="change_booking")
    state.booking_refs, state.target_ref = [booking.ref], booking.ref
    first = policy.plan(state, parsed("change_booking"))
    assert rules(first) == ["change_needs_values"]
    assert booking.ref in first.steps[0].say and "nights, guests or rooms" in first.steps[0].say
    state.awaiting = first.awaiting
    state.turn += 1
    again = policy.plan(state, parsed("affirm"))  # "yes" to "what would you like to change?"
    assert rules(again) == ["change_still_needs_values"]
    assert again.awaiting == "check_in" and again.confirming is None
    assert "one more night" in again.steps[0].say


def test_a_change_to_what_the_booking_already_has_changes_nothing(policy: Policy) -> None:
    """"I booked a room last week ..." read as a change: one room is no change to a one-room
    booking, so nothing is put up for confirmation; a value that differs is."""
    booking = a_booking(policy)
    state = booking_state(active="change_booking", rooms=1, guests=booking.guests)
    state.booking_refs, state.target_ref = [booking.ref], booking.ref
    plan = policy.plan(state, parsed("change_booking"))
    assert rules(plan) == ["change_needs_values"] and plan.confirming is None
    assert "guests, rooms as booked already" in plan.steps[0].decision.reason
    state.slots["rooms"] = SlotValue(value=2, turn=2, surface="2 rooms")
    assert rules(policy.plan(state, parsed("change_booking"))) == ["change_confirm"]


@pytest.mark.parametrize(
    "active, rule, says",
    [("change_booking", "shift_waits_for_booking", "as soon as I know which booking"),
     ("search_hotels", "shift_needs_value", "no check-in date to start from")],
)
def test_a_shift_with_nothing_to_apply_to_is_told(policy: Policy, active: str, rule: str, says: str) -> None:
    state = booking_state(active=active)
    state.session_id = "no-booking-yet"  # "s" has one from a test above: its one open booking would be the one
    state.shifts = [PendingShift(slot="check_in", shift=Shift(days=1), surface="a day later", turn=state.turn)]
    plan = policy.plan(state, parsed("inform"))
    assert rules(plan)[0] == rule and says in plan.steps[0].say
    assert plan.awaiting in ("booking_ref", "city"), "the question for what is missing follows"
    state.turn += 1
    assert rule not in rules(policy.plan(state, parsed("inform"))), "told in the turn it was said only"


def shown_search(policy: Policy, active: str = "search_hotels") -> DialogueState:
    """A search whose options were shown last turn: three Chengdu hotels."""
    state = booking_state(active=active, city="Chengdu", check_in=date(2026, 12, 12))
    offers = policy.db.search_offers("Chengdu", date(2026, 12, 12), date(2026, 12, 13), 1)[:3]
    state.offers = [OfferedOption(ordinal=i, offer=offer) for i, offer in enumerate(offers, start=1)]
    state.shown_hotels, state.shown_for = [offer.hotel.name for offer in offers], search_details(state)
    return state


def with_ordinal(value: int, *intents: str) -> ParsedMessage:
    message = parsed(*intents)
    message.entities = [Entity(entity="ordinal", value="that", start=0, end=4, confidence=0.9, normalized=value)]
    return message


def test_asking_for_hotels_again_while_the_search_is_unchanged_shows_more(policy: Policy) -> None:
    state = shown_search(policy)
    assert search_request(state, parsed("search_hotels")) == "more"
    plan = policy.plan(state, parsed("search_hotels"))
    assert rules(plan) == ["search_more"] and plan.steps[0].decision.action == "action_search_hotels"
    assert rules(policy.plan(state, parsed("ask_faq"))) == ["faq"], "a question is not a request for more"


def test_asking_for_more_during_a_booking_that_waits_for_the_hotel(policy: Policy) -> None:
    state = shown_search(policy)
    state.flow_started_turn = state.turn  # "anything else?" switched the book flow back to a search
    assert rules(policy.plan(state, parsed("search_hotels"))) == ["search_more"]


def test_a_search_detail_changed_since_the_list_makes_a_new_search(policy: Policy) -> None:
    state = shown_search(policy)
    state.slots["tier"] = SlotValue(value="luxury", turn=state.turn, surface="luxury")
    assert search_request(state, parsed("search_hotels")) == "new"
    assert rules(policy.plan(state, parsed("search_hotels"))) == ["search", "search_offers_a_pick"]
    state.slots["tier"].turn = 1  # changed in an earlier turn, while booking: the list is still another search's
    assert search_request(state, parsed("search_hotels")) == "new"
    state.offers = []
    assert search_request(state, parsed("search_hotels")) == "new", "nothing shown yet: nothing to add to"


def test_restating_the_same_search_detail_still_shows_more(policy: Policy) -> None:
    state = shown_search(policy)
    state.slots["city"] = SlotValue(value="Chengdu", turn=state.turn, surface="Chengdu", previous="Chengdu")
    assert search_request(state, parsed("search_hotels")) == "more"


def with_unserved(kind: str, value: str, *intents: str) -> ParsedMessage:
    """A message naming a city or hotel the desk does not have (the understanding marks it unknown)."""
    message = parsed(*intents)
    message.entities = [Entity(entity=kind, value=value, start=0, end=len(value), confidence=0.9, normalized=value, known=False)]
    return message


@pytest.mark.parametrize("kind, value", [("city", "Lisbon"), ("hotel", "Ritz Lisbon")])
def test_a_city_or_hotel_the_desk_lacks_keeps_the_list_shown(policy: Policy, kind: str, value: str) -> None:
    """"What about Lisbon?" after a Chengdu list: no more Chengdu hotels, no fallback; the
    form check's refusal says why, and the reply says the options shown stand."""
    state = shown_search(policy)
    message = with_unserved(kind, value, "search_hotels")
    assert search_request(state, message) == "new"
    plan = policy.plan(state, message)
    assert rules(plan) == ["search_kept"]
    assert plan.steps[0].say == en.offers_still_open("Chengdu") and all(step.decision.action is None for step in plan.steps)
    negated = with_unserved(kind, value, "search_hotels")
    negated.entities[0].role = "negated"  # "not Lisbon": nothing refused
    assert search_request(state, negated) == "more"


def test_a_city_the_desk_lacks_is_checked_even_when_nothing_else_changed(policy: Policy) -> None:
    state = shown_search(policy)
    first = policy.next(state, with_unserved("city", "Lisbon", "search_hotels"), Progress(stay_changed=False))
    assert first is not None and first.steps[0].decision.action == "validate_booking_form", "its refusal is said"
    assert policy.next(state, parsed("search_hotels"), Progress(stay_changed=False)).steps[0].decision.rule != "form"


@pytest.mark.parametrize("language, words", [("en", en), ("zh", zh)])
def test_the_city_question_after_a_refused_city_does_not_list_the_cities_again(policy: Policy, language: str, words) -> None:
    state = booking_state()
    state.language = language
    plan = policy.plan(state, with_unserved("city", "Lisbon", "inform"))
    assert plan.awaiting == "city" and plan.steps[-1].say == words.ask_city_again()
    assert words.served_cities() not in plan.steps[-1].say, "the refusal before it lists them"
    assert words.served_cities() in policy.plan(state, parsed("inform")).steps[-1].say, "asked afresh, the question lists them"


@pytest.mark.parametrize("ordinal, expected", [(4, "again"), (-4, "again"), (3, "more"), (-1, "more")])
def test_an_option_number_beyond_the_list_asks_for_the_list_again(policy: Policy, ordinal: int, expected: str) -> None:
    assert search_request(shown_search(policy), with_ordinal(ordinal, "search_hotels")) == expected


@pytest.mark.parametrize("held", [None, "Kuanzhai Alley Inn"])
def test_picking_beyond_the_list_shows_it_again_and_asks_for_the_hotel(policy: Policy, held) -> None:
    state = shown_search(policy, active="book_hotel")
    if held:
        state.slots["hotel"] = SlotValue(value=held, turn=1, surface=held)
    plan = policy.plan(state, with_ordinal(4, "select_option"))
    assert rules(plan) == ["ordinal_out_of_range", "booking_needs_hotel"]
    assert plan.steps[0].decision.action == "action_search_hotels" and plan.awaiting == "hotel"


def test_asking_for_other_hotels_while_booking_without_a_hotel_shows_more(policy: Policy) -> None:
    state = shown_search(policy, active="book_hotel")
    for slot, value in (("nights", 1), ("guests", 2)):
        state.slots[slot] = SlotValue(value=value, turn=1, surface=str(value))
    state.shown_for = search_details(state)
    plan = policy.plan(state, parsed("book_hotel", "search_hotels"))
    assert rules(plan) == ["search_more", "booking_needs_hotel"] and plan.awaiting == "hotel"


def test_a_message_not_understood_keeps_the_pending_confirmation(policy: Policy) -> None:
    """Found by the fuzz suite: "Cyes" (low confidence) to "Shall I book it?" dropped what a
    later "yes" would confirm, and that "yes" raised."""
    state = booking_state(city="Shanghai", check_in=date(2026, 12, 10))
    state.awaiting, state.confirming = "confirm", "book"
    plan = policy.plan(state, parsed("affirm", low_confidence=True))
    assert rules(plan) == ["low_confidence"]
    assert (plan.awaiting, plan.confirming) == ("confirm", "book")


@pytest.mark.parametrize("awaiting, answer", [("city", "Shenzhen"), ("check_in", date(2026, 12, 12))])
def test_a_search_that_answers_the_pending_question_does_not_ask_it_again(policy: Policy, awaiting: str, answer) -> None:
    # "which city?" answered by a city: the search runs, and the reply ends with its list and the pick it waits for
    state = booking_state(active="search_hotels", city="Shenzhen", check_in=date(2026, 12, 12))
    state.slots[awaiting] = SlotValue(value=answer, turn=state.turn, surface=str(answer))
    state.awaiting = awaiting
    plan = policy.plan(state, parsed("inform"))
    assert rules(plan) == ["search", "search_offers_a_pick"] and plan.awaiting == "hotel"


def test_a_question_still_unanswered_is_asked_again_after_thanks(policy: Policy) -> None:
    state = booking_state(active="search_hotels", check_in=date(2026, 12, 12))
    state.awaiting = "city"
    plan = policy.plan(state, parsed("thank"))
    assert rules(plan) == ["search_needs_slot", "thank"] and plan.awaiting == "city"


def corrected(state: DialogueState, slot: str, value, previous) -> DialogueState:
    state.slots[slot] = SlotValue(value=value, turn=state.turn, surface=str(value), previous=previous)
    return state


@pytest.mark.parametrize("language, words", [("en", en), ("zh", zh)])
def test_a_correction_answered_with_the_next_question_is_confirmed_first(policy: Policy, language: str, words) -> None:
    """"wait, check in on the 12th" while the form asks for the guests: the reply says what
    changed, then asks on; the dates shown are the state's (check-out follows the nights)."""
    state = booking_state(city="Shanghai", check_in=date(2026, 12, 10), nights=2, check_out=date(2026, 12, 12))
    state.language = language
    corrected(state, "check_in", date(2026, 12, 12), date(2026, 12, 10))
    state.slots["check_out"] = SlotValue(value=date(2026, 12, 14), turn=state.turn, surface="derived", source="derived",
                                         previous=date(2026, 12, 12))
    plan = policy.plan(state, parsed("inform"))
    assert rules(plan) == ["correction_noted", "booking_needs_slot"] and plan.awaiting == "guests"
    assert words.stay(date(2026, 12, 12), date(2026, 12, 14)) in plan.steps[0].say
    corrected(state, "city", "Hangzhou", "Shanghai")
    assert words.city_name("Hangzhou") in policy.plan(state, parsed("inform")).steps[0].say


def test_a_first_answer_or_a_restated_value_is_not_a_correction(policy: Policy) -> None:
    state = booking_state(city="Shanghai", check_in=date(2026, 12, 10))
    state.slots["nights"] = SlotValue(value=2, turn=state.turn, surface="2 nights")  # the answer to "how many nights?"
    assert "correction_noted" not in rules(policy.plan(state, parsed("inform")))
    corrected(state, "city", "Shanghai", "Shanghai")  # "yes, Shanghai"
    assert "correction_noted" not in rules(policy.plan(state, parsed("inform")))
    corrected(state, "city", "Beijing", "Shanghai").flow_started_turn = state.turn  # "book Beijing" after a Shanghai search
    assert "correction_noted" not in rules(policy.plan(state, parsed("book_hotel"))), "a new task's values are its request"


def test_a_correction_that_reruns_the_search_is_shown_by_the_list(policy: Policy) -> None:
    state = corrected(shown_search(policy), "check_in", date(2026, 12, 13), date(2026, 12, 12))
    assert rules(policy.plan(state, parsed("inform"))) == ["search", "search_offers_a_pick"], "the new list's heading says the dates"


def test_which_hotel_after_a_search_is_asked_only_if_it_finds_some(policy: Policy) -> None:
    """The question is said after the search runs, and only if options are offered then
    (HotelBot._execute); asked over a list already shown, it is said whatever happens."""
    state = booking_state(city="Sanya", check_in=date(2026, 12, 24), nights=2, check_out=date(2026, 12, 26), guests=2)
    plan = policy.plan(state, parsed("inform"))
    assert [(s.decision.action, s.needs_offers) for s in plan.steps] == [("action_search_hotels", False), (None, True)]
    shown = shown_search(policy, active="book_hotel")
    for slot, value in (("nights", 1), ("check_out", date(2026, 12, 13)), ("guests", 1)):
        shown.slots[slot] = SlotValue(value=value, turn=1, surface=str(value))
    plan = policy.plan(shown, parsed("inform"))
    assert [s.needs_offers for s in plan.steps] == [False] and plan.awaiting == "hotel"


def test_cancel_asked_while_a_booking_is_being_made_drops_it(policy: Policy) -> None:
    """"Can I cancel that?" before the booking is made: nothing to cancel, so no reference is
    asked for; the booking being made is dropped. With a reference named it is a cancellation."""
    state = booking_state(city="Hangzhou", check_in=date(2026, 12, 20), nights=2)
    plan = policy.plan(state, parsed("cancel_booking"))
    assert rules(plan) == ["booking_dropped"] and plan.finished_flow and plan.awaiting is None
    named = parsed("cancel_booking")
    named.entities = [Entity(entity="booking_ref", value="HB-4821", start=7, end=14, confidence=0.9, normalized="HB-4821")]
    assert "booking_dropped" not in rules(policy.plan(state, named))
    assert "booking_dropped" not in rules(policy.plan(booking_state(active="search_hotels"), parsed("cancel_booking")))


def test_a_booking_check_that_names_only_a_stay_is_about_the_stay(policy: Policy) -> None:
    """"How much is the Bund Riverside for 2 nights from the 10th?" read as check_booking by a
    customer with no booking: no "I don't see a booking of yours", the stay's task answers."""
    state = booking_state(hotel="Bund Riverside Hotel", check_in=date(2026, 12, 10), nights=2)
    state.session_id = "no-booking-yet"
    message = parsed("check_booking")
    message.entities = [Entity(entity="hotel", value="the Bund Riverside", start=12, end=30, confidence=0.9,
                               normalized="Bund Riverside Hotel")]
    assert "check_booking" not in rules(policy.plan(state, message))
    state.session_id = SEED_OWNER_WANG  # a customer with bookings: it may be one of them
    assert "check_booking" in rules(policy.plan(state, message))


def test_a_change_to_another_hotel_says_a_booking_keeps_its_hotel(policy: Policy) -> None:
    state = booking_state(active="change_booking", booking_ref="HB-4821")
    state.session_id, state.booking_refs = SEED_OWNER_WANG, ["HB-4821"]
    other = parsed("change_booking")
    other.entities = [Entity(entity="hotel", value="Jade Magnolia", start=0, end=13, confidence=0.9, normalized="Jade Magnolia Palace")]
    plan = policy.plan(state, other)
    assert rules(plan)[0] == "hotel_not_changeable" and "Jade Magnolia Palace" in plan.steps[0].say
    assert plan.awaiting == "check_in", "what can change is asked next"
    own = parsed("change_booking")
    own.entities = [Entity(entity="hotel", value="Bund Riverside", start=0, end=14, confidence=0.9, normalized="Bund Riverside Hotel")]
    assert "hotel_not_changeable" not in rules(policy.plan(state, own)), "the booking's own hotel is no change"
