"""Offer grounding: a reference to one of the hotels the customer was just shown.

Customers pick from a list the way they would point at it: by part of a name, an area or
a street ("the one near the Bund", "the airport one", "外滩那家", "胡同那家"), or by a
comparative over the list ("the cheaper of the two", "便宜点的那家"). The model tags such a
word as a city or a hotel it cannot serve, or as a step of tier; this stage, between
understanding and tracking, links it to the shown option it names, when exactly one does,
and hands the tracker a pick of that hotel. Every option's score is in the entity's note,
so the trace shows why one was chosen. With nothing shown, a comparative still steps the
tier (tracking), and an unknown name is still unknown.

A pick the model tagged nothing in ("the canal one", read as select_option alone) is scored
the same way on the message's own words, over the hotels shown.

A name that no shown option carries may still name one of the city's other hotels ("胡同那家"
after a list without it): the same scores over the hotels of the city talked about. A sight of
the city shown, in a pick ("西溪那家"), is tried as such a name before it is read as the city.

Scores (0-1) per hotel, by the reference's language (Reader.names_hotel): the share of its
distinctive English words in the hotel's name or address; for a Chinese reference 1 when all
its distinctive characters are in the hotel's Chinese name in order, else 0. A pick needs a
score of at least MIN_SCORE and no other hotel as high.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Optional

from bot.models import Entity, Hotel, OfferedOption, ParsedMessage, TierStep
from bot.understanding.languages import reader_of

MIN_SCORE = 0.5
# A comparative said over the list shown: "the cheaper of the two", "the less expensive one", "便宜点的那家".
_OVER_THE_LIST = re.compile(
    r"\bof\s+(?:the\s+)?(?:two|three|four|five|those|these|them|both|the options|the list)\b|\bthe\s+\w+(?:er)?\s+one\b"
    r"|\b(?:cheaper|pricier|dearer|nicer|fancier|less\s+\w+|more\s+\w+)\s+one\b|的那[家个间]|那[家个间]", re.I)


def scores(reference: str, hotels: list[Hotel]) -> dict[str, float]:
    """hotel name -> how well ``reference`` names that hotel (0-1)."""
    reader = reader_of(reference)
    return {hotel.name: round(reader.names_hotel(reference, hotel.name, hotel.name_zh, hotel.address), 2) for hotel in hotels}


def _unique_best(found: dict[str, float]) -> Optional[str]:
    ranked = sorted(found.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < MIN_SCORE or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _picked(entity: Entity, hotel: Hotel, how: str) -> Entity:
    return entity.model_copy(update={"entity": "hotel", "normalized": hotel.name, "known": True, "note": how})


def _names_a_place_of_the_offers(entity: Entity, offers: list[OfferedOption], picking: bool) -> bool:
    """A pick by a place of the city shown ("西溪那家", "the West Lake one"): the model tags the
    sight as a city, and it reads as the city of the offers."""
    return (picking and entity.entity == "city" and entity.known and bool(offers)
            and entity.normalized == offers[0].offer.hotel.city)


def _by_name(entity: Entity, offers: list[OfferedOption], city_hotels: Callable[[], list[Hotel]],
             picking: bool = False) -> Optional[Entity]:
    """An unknown city or hotel that names one hotel by part of its name or address, or a
    place of the city shown in a pick (`picking`): one of those shown first, else one of the city's."""
    if entity.entity not in ("city", "hotel") or entity.role != "value":
        return None
    if entity.known and not _names_a_place_of_the_offers(entity, offers, picking):
        return None
    for where, listed in (("of the hotels shown", lambda: [o.offer.hotel for o in offers]), ("of the city's hotels", city_hotels)):
        hotels = listed()
        found = scores(entity.value, hotels)
        best = _unique_best(found)
        if best is not None:
            shown = ", ".join(f"{name}: {score:.2f}" for name, score in found.items() if score)
            hotel = next(hotel for hotel in hotels if hotel.name == best)
            return _picked(entity, hotel, f"'{entity.value}' names {best}, {where} (scores {shown})")
    return None


def _by_comparison(entity: Entity, text: str, offers: list[OfferedOption]) -> Optional[Entity]:
    """A step of tier said over the list shown picks its cheaper or dearer end."""
    if entity.entity != "tier" or not isinstance(entity.normalized, TierStep) or len(offers) < 2:
        return None
    if not _OVER_THE_LIST.search(text[entity.start : entity.end + 24]):
        return None
    by_price = sorted(offers, key=lambda option: option.offer.price_per_night)
    option = by_price[0] if entity.normalized.steps < 0 else by_price[-1]
    end = "lowest" if entity.normalized.steps < 0 else "highest"
    return _picked(entity, option.offer.hotel, f"'{entity.value}' over the list shown: option {option.ordinal}, the {end} "
                                               f"price ({option.offer.price_per_night:.0f} a night, of {len(offers)} shown)")


def ground(parsed: ParsedMessage, offers: list[OfferedOption], city_hotels: Callable[[], list[Hotel]]) -> ParsedMessage:
    """The message with a reference to a hotel shown, or of the city talked about, read as a
    pick of it (select_option)."""
    entities, grounded = [], False
    if "select_option" in parsed.intents and offers and not any(
            e.entity in ("ordinal", "hotel", "tier", "city") for e in parsed.entities):
        # "the canal one" with nothing tagged: the words of the message itself name the hotel
        whole = Entity(entity="hotel", value=parsed.text.strip(), start=0, end=len(parsed.text), confidence=0.0,
                       normalized=None, known=False)
        if (pick := _by_name(whole, offers, city_hotels)) is not None:
            return parsed.model_copy(update={"entities": [*parsed.entities, pick], "low_confidence": False})
    for entity in parsed.entities:
        pick = (_by_name(entity, offers, city_hotels, "select_option" in parsed.intents)
                or _by_comparison(entity, parsed.text, offers))
        entities.append(pick or entity)
        grounded = grounded or pick is not None
    if not grounded:
        return parsed
    intents = ["select_option", *(intent for intent in parsed.intents if intent not in ("select_option", "search_hotels"))]
    return parsed.model_copy(update={"entities": entities, "intents": intents, "low_confidence": False})
