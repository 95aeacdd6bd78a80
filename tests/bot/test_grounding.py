"""Offer grounding (bot/understanding/grounding.py): a reference to a hotel shown, by part of its name, its
address or a comparative over the list, read as a pick of it; in both languages."""

from __future__ import annotations

import pytest

from bot.agent import HotelBot
from bot.understanding.grounding import ground, scores
from bot.models import Entity, OfferedOption, ParsedMessage, TierStep


@pytest.fixture
def shanghai(bot: HotelBot) -> list[OfferedOption]:
    offers = bot.handle("g", "hotels in Shanghai on the 10th for 2 nights, 2 people").state.offers
    assert len(offers) >= 3
    return offers


def message(text: str, *entities: Entity, intents: tuple[str, ...] = ("inform",)) -> ParsedMessage:
    return ParsedMessage(text=text, intents=list(intents), intent_scores={}, low_confidence=False, entities=list(entities))


def span(text: str, surface: str, slot: str, known: bool = False, normalized: object = None) -> Entity:
    start = text.index(surface)
    return Entity(entity=slot, value=surface, start=start, end=start + len(surface), confidence=0.9,
                  normalized=surface if normalized is None else normalized, known=known)


def no_city(*_):
    return []


@pytest.mark.parametrize("part", ["name", "address"])
def test_any_distinctive_word_of_a_shown_hotels_name_or_address_picks_it(shanghai: list[OfferedOption], part: str) -> None:
    for option in shanghai:
        hotel = option.offer.hotel
        words = (hotel.name if part == "name" else hotel.address).split()
        word = max((w.strip(",") for w in words if w.lower() not in ("hotel", "inn", "road", "district")), key=len)
        if sum(word.lower() in f"{o.offer.hotel.name} {o.offer.hotel.address}".lower() for o in shanghai) > 1:
            continue  # shared by two shown hotels: no pick (below)
        text = f"the one near {word}"
        grounded = ground(message(text, span(text, word, "city")), shanghai, no_city)
        assert grounded.entities[0].entity == "hotel" and grounded.entities[0].normalized == hotel.name, word
        assert grounded.intents[0] == "select_option" and hotel.name in grounded.entities[0].note


def test_part_of_a_chinese_name_picks_the_shown_hotel(shanghai: list[OfferedOption]) -> None:
    for option in shanghai:
        core = option.offer.hotel.name_zh.removeprefix("上海").removesuffix("酒店").removesuffix("客栈")[:2]
        text = f"{core}那家吧"
        grounded = ground(message(text, span(text, core, "city")), shanghai, no_city)
        assert grounded.entities[0].normalized == option.offer.hotel.name, core


def test_a_word_two_hotels_share_or_none_carries_picks_nothing(bot: HotelBot, shanghai: list[OfferedOption]) -> None:
    text = "the one near Paris"
    assert ground(message(text, span(text, "Paris", "city")), shanghai, no_city).entities[0].entity == "city"
    city = bot.db.hotels("Shanghai")
    pudong = [hotel.name for hotel in city if "Pudong" in hotel.address]
    assert len(pudong) >= 2
    text = "the Pudong one"
    grounded = ground(message(text, span(text, "Pudong", "city")), [], lambda: city)
    assert grounded.entities[0].entity == "city"  # as close to two hotels: no guess
    assert [name for name, score in scores("Pudong", city).items() if score == 1.0] == pudong


def test_a_known_city_or_hotel_is_never_regrounded(shanghai: list[OfferedOption]) -> None:
    text = "what about Beijing"
    grounded = ground(message(text, span(text, "Beijing", "city", known=True)), shanghai, no_city)
    assert grounded.entities[0].entity == "city"


@pytest.mark.parametrize(("text", "surface", "steps", "end"), [
    ("the cheaper of the two", "cheaper", -1, 0), ("the less expensive one", "less expensive", -1, 0),
    ("the pricier of those", "pricier", 1, -1), ("便宜点的那家", "便宜点", -1, 0), ("贵一点的那个", "贵一点", 1, -1),
])
def test_a_comparative_over_the_list_shown_picks_its_end(shanghai: list[OfferedOption], text: str, surface: str,
                                                         steps: int, end: int) -> None:
    by_price = sorted(shanghai, key=lambda option: option.offer.price_per_night)
    grounded = ground(message(text, span(text, surface, "tier", known=True, normalized=TierStep(steps=steps))), shanghai, no_city)
    assert grounded.entities[0].normalized == by_price[end].offer.hotel.name


def test_a_comparative_with_nothing_to_pick_from_is_left_to_step_the_tier() -> None:
    text = "something cheaper"
    parsed = message(text, span(text, "cheaper", "tier", known=True, normalized=TierStep(steps=-1)))
    assert ground(parsed, [], no_city) == parsed


def test_a_hotel_of_the_city_not_shown_is_named_by_part_of_its_name(bot: HotelBot) -> None:
    first = bot.handle("c", "北京的酒店，16号住两晚，我和女朋友两个人")
    shown = {option.offer.hotel.name for option in first.state.offers}
    assert "Hutong Lantern Inn" not in shown
    second = bot.handle("c", "那就胡同那家")
    assert second.state.slots["hotel"].value == "Hutong Lantern Inn"
    hotel = next(e for e in second.trace.entities if e.entity == "hotel")
    assert "city's hotels" in hotel.note and "Hutong Lantern Inn: 1.00" in hotel.note


def test_a_pick_by_area_in_a_conversation_books_that_hotel_and_the_trace_says_why(bot: HotelBot) -> None:
    bot.handle("b", "comfort hotels in Shanghai on the 9th, 1 night, 2 people")
    turn = bot.handle("b", "the one near the Bund")
    assert turn.state.slots["hotel"].value == "Bund Riverside Hotel" and turn.state.awaiting == "confirm"
    hotel = next(e for e in turn.trace.entities if e.entity == "hotel")
    assert "of the hotels shown" in hotel.note and "Bund Riverside Hotel: 1.00" in hotel.note


def test_a_pick_the_model_tagged_nothing_in_is_read_from_the_messages_words(shanghai: list[OfferedOption]) -> None:
    hotel = shanghai[0].offer.hotel
    word = max((w for w in hotel.name.split() if w.lower() not in ("hotel", "inn")), key=len)
    text = f"the {word} one"
    grounded = ground(message(text, intents=("select_option",)), shanghai, no_city)
    assert [e.normalized for e in grounded.entities if e.entity == "hotel"] == [hotel.name]
    assert ground(message("the first one", intents=("select_option",)), shanghai, no_city).entities == []
