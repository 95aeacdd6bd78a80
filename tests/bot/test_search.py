"""action_search_hotels through the bridge (no model needed): what a new search, "show me
more" and an option number beyond the list each list, and the state their events leave."""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import Services
from bot.actions.search import ActionSearchHotels
from bot.agent import BotConfig, HotelBot
from bot.database import Database
from bot.events import Recorder
from bot.models import DialogueState, Entity, ParsedMessage, SlotValue
from bot.rasa_bridge import apply_events, to_tracker
from tests.doubles import ScriptedUnderstanding

TODAY = date(2026, 12, 1)
STAY = (date(2026, 12, 10), date(2026, 12, 11))


@pytest.fixture
def db() -> Database:
    return Database.create(":memory:")


def parsed(text: str, intents: list[str], *entities: Entity) -> ParsedMessage:
    return ParsedMessage(text=text, intents=intents, intent_scores={i: 0.99 for i in intents}, low_confidence=False,
                         entities=list(entities))


def ordinal(text: str, surface: str, value: int) -> Entity:
    start = text.index(surface)
    return Entity(entity="ordinal", value=surface, start=start, end=start + len(surface), confidence=0.99, normalized=value)


def search_state(**values: Any) -> DialogueState:
    state = DialogueState(session_id="s", today=TODAY, turn=1, active_intent="search_hotels", flow_started_turn=1)
    for slot, value in {"check_in": STAY[0], **values}.items():
        state.slots[slot] = SlotValue(value=value, turn=1, surface=str(value))
    return state


def run_search(db: Database, state: DialogueState, message: ParsedMessage) -> tuple[dict, list[dict]]:
    """One run of the action on this state and message; its events applied to the state."""
    dispatcher = CollectingDispatcher()
    events = ActionSearchHotels(Services(db=db, knowledge=None)).run(dispatcher, to_tracker(state, message), {})
    apply_events(Recorder(state), events, "action_search_hotels")
    [reply] = dispatcher.messages
    return reply, events


def next_turn(state: DialogueState) -> DialogueState:
    state.turn += 1
    return state


def offered_names(state: DialogueState) -> list[str]:
    return [option.offer.hotel.name for option in state.offers]


def card_names(reply: dict) -> list[str]:
    return [card["hotel"] for card in reply["custom"]["cards"]]


def prices(db: Database, city: str, **filters: Any) -> list[tuple[float, str]]:
    return sorted((o.price_per_night, o.hotel.name) for o in db.search_offers(city, *STAY, 1, **filters))


def test_a_tier_lists_every_hotel_of_that_tier_cheapest_first(db: Database) -> None:
    state = search_state(city="Shanghai", tier="luxury")
    reply, _ = run_search(db, state, parsed("luxury in Shanghai", ["search_hotels"]))
    expected = [name for _, name in prices(db, "Shanghai", tier="luxury")]
    assert len(expected) == 3
    assert offered_names(state) == card_names(reply) == expected
    assert [option.ordinal for option in state.offers] == [1, 2, 3]
    assert state.shown_hotels == expected
    assert "more hotel" not in reply["text"], "all matches are listed"


def test_a_price_cap_lists_the_five_cheapest_matches_and_says_more_match(db: Database) -> None:
    state = search_state(city="Shanghai", max_price=1200)
    reply, _ = run_search(db, state, parsed("under 1200", ["search_hotels"]))
    matching = prices(db, "Shanghai", max_price=1200)
    assert len(matching) == 6
    assert offered_names(state) == [name for _, name in matching[:5]]
    assert all(card["booking_link"].startswith("https://") for card in reply["custom"]["cards"])
    assert "1 more hotel matches" in reply["text"]


def test_without_filters_one_hotel_per_tier(db: Database) -> None:
    state = search_state(city="Shanghai")
    reply, _ = run_search(db, state, parsed("Shanghai", ["search_hotels"]))
    assert [option.offer.hotel.tier for option in state.offers] == ["budget", "comfort", "luxury"]
    assert "6 more hotels match" in reply["text"]



def test_a_hotel_named_in_a_search_lists_that_hotel_while_the_details_change(db: Database) -> None:
    """"How much is the Bund Riverside from the 10th?": its price, not one hotel per tier, and
    again when the guests change; a hotel not named now and not the list's does not narrow it."""
    text = "how much is the Bund Riverside"
    state = search_state(city="Shanghai", hotel="Bund Riverside Hotel")
    named = Entity(entity="hotel", value="the Bund Riverside", start=12, end=30, confidence=0.99, normalized="Bund Riverside Hotel")
    reply, _ = run_search(db, state, parsed(text, ["search_hotels"], named))
    assert offered_names(state) == card_names(reply) == ["Bund Riverside Hotel"]
    state.slots["guests"] = SlotValue(value=2, turn=next_turn(state).turn, surface="2 of us")
    run_search(db, state, parsed("2 of us", ["inform"]))
    assert offered_names(state) == ["Bund Riverside Hotel"], "the list shown is that hotel's: it stays so"
    earlier = search_state(city="Shanghai", hotel="Bund Riverside Hotel")  # left from a booking, say
    run_search(db, earlier, parsed("hotels in Shanghai", ["search_hotels"]))
    assert [option.offer.hotel.tier for option in earlier.offers] == ["budget", "comfort", "luxury"]


def test_nothing_under_the_cap_says_so_and_offers_nothing(db: Database) -> None:
    state = search_state(city="Shanghai", max_price=100)
    reply, _ = run_search(db, state, parsed("under 100", ["search_hotels"]))
    assert "no rooms left in Shanghai matching at most CNY 100 a night" in reply["text"]
    assert state.offers == [] and state.shown_hotels == []

def test_more_lists_the_hotels_not_shown_yet_until_none_are_left(db: Database) -> None:
    state = search_state(city="Shanghai")
    run_search(db, state, parsed("Shanghai", ["search_hotels"]))
    first = offered_names(state)
    more = parsed("anything else?", ["search_hotels"])

    reply, _ = run_search(db, next_turn(state), more)
    second = offered_names(state)
    rest = [(price, name) for price, name in prices(db, "Shanghai") if name not in first]
    assert second == [name for _, name in rest[:5]], "the next five, cheapest first"
    assert reply["text"].startswith("Here are more hotels") and "1 more hotel matches" in reply["text"]
    assert [option.ordinal for option in state.offers] == [1, 2, 3, 4, 5], "the new list is numbered from 1"

    run_search(db, next_turn(state), more)
    assert offered_names(state) == [rest[5][1]]
    assert state.shown_hotels == first + second + [rest[5][1]]

    reply, events = run_search(db, next_turn(state), more)
    assert events == [] and "no other hotels in Shanghai" in reply["text"] and "The 1 option" in reply["text"]
    assert offered_names(state) == [rest[5][1]], "the last list can still be picked from"


def test_more_keeps_the_filters_of_the_search(db: Database) -> None:
    state = search_state(city="Shanghai", max_price=1200)
    run_search(db, state, parsed("under 1200", ["search_hotels"]))
    reply, _ = run_search(db, next_turn(state), parsed("more please", ["search_hotels"]))
    assert offered_names(state) == [prices(db, "Shanghai", max_price=1200)[5][1]]
    reply, _ = run_search(db, next_turn(state), parsed("more please", ["search_hotels"]))
    assert "no other hotels in Shanghai at CNY 1,200 a night or less" in reply["text"]


def test_a_changed_search_starts_a_new_list(db: Database) -> None:
    state = search_state(city="Shanghai")
    run_search(db, state, parsed("Shanghai", ["search_hotels"]))
    run_search(db, next_turn(state), parsed("more", ["search_hotels"]))
    next_turn(state)
    state.slots["tier"] = SlotValue(value="luxury", turn=state.turn, surface="luxury")
    reply, _ = run_search(db, state, parsed("luxury then, anything else?", ["search_hotels"]))
    assert reply["text"].startswith("Here are hotels")
    assert offered_names(state) == state.shown_hotels == [name for _, name in prices(db, "Shanghai", tier="luxury")]


def test_an_option_number_beyond_the_list_shows_the_list_again(db: Database) -> None:
    state = search_state(city="Sanya", tier="luxury")
    run_search(db, state, parsed("luxury", ["search_hotels"]))
    before = state.model_copy(deep=True)
    text = "the fourth one"
    reply, events = run_search(db, next_turn(state), parsed(text, ["select_option"], ordinal(text, "fourth", 4)))
    assert events == [] and state.offers == before.offers
    assert "only 2 options" in reply["text"] and card_names(reply) == offered_names(before)


# ------------------------------------------------------- the whole pipeline, scripted NLU


def city_tier_message(text: str, city: str, tier: Optional[str]) -> ParsedMessage:
    values = (("city", city, city), ("tier", tier, tier), ("check_in", "the 10th", STAY[0]))
    entities = [Entity(entity=slot, value=surface, start=text.index(surface), end=text.index(surface) + len(surface),
                       confidence=0.99, normalized=value)
                for slot, surface, value in values if surface]
    return parsed(text, ["search_hotels"], *entities)


def test_pipeline_tier_search_pick_beyond_then_more_then_pick(db: Database) -> None:
    opening, second, fourth, more = ("luxury in Sanya on the 10th", "the second one", "the fourth one", "what else?")
    script = {
        opening: city_tier_message(opening, "Sanya", "luxury"),
        second: parsed(second, ["select_option"], ordinal(second, "second", 2)),
        fourth: parsed(fourth, ["select_option"], ordinal(fourth, "fourth", 4)),
        more: parsed(more, ["search_hotels"]),
    }
    bot = HotelBot(ScriptedUnderstanding(script), db, knowledge=None, config=BotConfig(db_path=":memory:", today=TODAY))
    luxury = [name for _, name in prices(db, "Sanya", tier="luxury")]

    turn = bot.handle("s", opening)
    assert [card.hotel for card in turn.cards] == luxury
    turn = bot.handle("s", fourth)
    assert [d.rule for d in turn.trace.decisions] == ["ordinal_out_of_range", "booking_needs_hotel"]
    assert "only 2 options" in turn.reply and len(turn.cards) == 2 and turn.state.awaiting == "hotel"
    turn = bot.handle("s", more)
    assert [d.rule for d in turn.trace.decisions] == ["search_more"]
    assert "no other luxury hotels in Sanya" in turn.reply
    turn = bot.handle("s", second)
    assert turn.state.value("hotel") == luxury[1]


def test_pipeline_more_after_the_search_changed_while_booking_is_a_new_list(db: Database) -> None:
    opening, first, party, more = ("Shanghai on the 10th", "the first one", "three of us", "what else?")
    guests = Entity(entity="guests", value=party, start=0, end=len(party), confidence=0.99, normalized=3)
    script = {
        opening: city_tier_message(opening, "Shanghai", None),
        first: parsed(first, ["select_option"], ordinal(first, "first", 1)),
        party: parsed(party, ["inform"], guests),
        more: parsed(more, ["search_hotels"]),
    }
    bot = HotelBot(ScriptedUnderstanding(script), db, knowledge=None, config=BotConfig(db_path=":memory:", today=TODAY))
    for text in (opening, first, party):
        bot.handle("s", text)
    turn = bot.handle("s", more)
    assert [d.rule for d in turn.trace.decisions] == ["search", "search_offers_a_pick"], "the list shown was for one guest"
    assert turn.reply.startswith("Here are hotels in Shanghai") and "3 guests" in turn.reply
    assert turn.state.shown_for["guests"] == "3"
