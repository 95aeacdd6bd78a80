"""Search constraints beside the model's spans: what a customer asks of the hotels beyond the
stay ("with a pool", "rated 4.5 or more", "700-800元", "near West Lake"), found by each
language's reader (Reader.constraints) in the whole message, by the catalogue's own names.

A constraint becomes an entity of its slot (schema.CONSTRAINT_SLOTS, and max_price for a
range's top) with its canonical value; the note says it was read from the catalogue, not
tagged. It yields to the model where they disagree about a span (_stands): a hotel's name
holds words of sights and amenities ("West Lake Willow Hotel"), and an amenity a policy
question names ("is parking free?", "有没有停车场") is its topic, not a filter.

A message whose only task is a question with no topic, or something out of scope, but that
names constraints with a place or a stay, is a search: "有无烟房和叫醒服务的吗" in Hangzhou.
A yes/no question naming a hotel and amenities, with no stay, is a question (ask_faq), and its
amenities are asked about, not wanted: "does the Bund Riverside have a pool?" is answered
from that hotel's record and filters nothing.
"""

from __future__ import annotations

import re

from bot.models import Entity
from bot.understanding.normalize import PlaceIndex
from bot.understanding.reading import PRICE_FLOOR, Found

# an amenity said as what the hotel must have: in a "with" list ("with a sea view and parking"),
# or before 的 ("有停车场的酒店")
_WITH = re.compile(r"\bwith\b", re.I)
_HOTEL_THAT_HAS = re.compile(r"的")
_MOSTLY = 0.5  # of a hotel span the constraints must cover to be read instead of it
# a yes/no question: "does the Bund Riverside have a pool?", "浮山湾大酒店有游泳池吗"
_QUESTION = re.compile(r"^\s*(?:does|do|is|are|has|have|can|will)\b|\?\s*$|吗\s*[？?]?\s*$|有没有|有无", re.I)
TASKS = ("search_hotels", "book_hotel", "change_booking", "cancel_booking", "check_booking")
_STAY = ("city", "check_in", "check_out", "nights", "guests")


def with_constraints(entities: list[Entity], intents: list[str], text: str,
                     places: PlaceIndex) -> tuple[list[Entity], list[str]]:
    """The message's entities with its constraints, and its intents (a search, see the module's doc)."""
    entities = [_no_price(entity) for entity in entities]
    every = places.constraints_in(text)
    found = [f for f in every if _stands(f, entities, text, every)]
    if not found:
        return entities, intents
    replaced = [e for e in entities if not any(_overlaps(f, e) and (f.slot == e.entity or e.entity in ("topic", "hotel"))
                                               for f in found)]
    added = [_entity(f, text) for f in found]
    if not any(e.entity == "city" for e in replaced):  # a sight tells its city: "near the Forbidden City"
        city_of = {sight.name: sight.city for sight in places.sights}
        added += [entity.model_copy(update={"entity": "city", "normalized": city_of[str(entity.normalized)],
                                            "note": f"{entity.value!r} is in {city_of[str(entity.normalized)]}"})
                  for entity in added if entity.entity == "sight" and entity.role == "value"][:1]
    all_entities = sorted(replaced + added, key=lambda entity: entity.start)
    intents = _as_search(intents, all_entities, text)
    if "ask_faq" in intents and not any(intent in TASKS for intent in intents):  # "does it have a pool?": asked, not wanted
        all_entities = [e.model_copy(update={"role": "asked"}) if e.entity == "amenity" and e.role == "value" else e
                        for e in all_entities]
    return all_entities, intents


def _no_price(entity: Entity) -> Entity:
    """A price cap the model read under any price per night ("4.5 is fine" as CNY 4) is none."""
    if entity.entity == "max_price" and isinstance(entity.normalized, (int, float)) and entity.normalized < PRICE_FLOOR:
        return entity.model_copy(update={"known": False, "note": f"{entity.note}; under {PRICE_FLOOR}, no price per night"})
    return entity


def _stands(found: Found, entities: list[Entity], text: str, every: list[Found]) -> bool:
    """A constraint over a span the model read otherwise. Over a served hotel's name never; over
    a hotel the bot does not serve only if the constraints cover most of that span (it misread
    them: "near Zhanqiao Pier", 游 | 泳池和健 of "有游泳池和健身房吗"; not the "Spa" of "Riverbank &
    Spa" or the 王府井 of 桔子客栈（王府井店）); over a policy topic only an amenity said as a
    filter ("with a sea view and parking", "有停车场的"), not asked about ("is there a fee for wifi?")."""
    for entity in entities:
        if not _overlaps(found, entity):
            continue
        if entity.entity == "hotel" and (entity.known or _covered(entity, every) < _MOSTLY):
            return False
        if entity.entity == "topic" and not _said_as_a_filter(found, text):
            return False
    return True


def _covered(entity: Entity, every: list[Found]) -> float:
    """The share of an entity's characters that constraints found cover."""
    covered = {i for f in every for i in range(max(f.start, entity.start), min(f.end, entity.end))}
    return len(covered) / max(1, entity.end - entity.start)


def _said_as_a_filter(found: Found, text: str) -> bool:
    clause = re.split(r"[.?!。？！；;]", text[: found.start])[-1]
    return bool(_WITH.search(clause) or _HOTEL_THAT_HAS.match(text[found.end : found.end + 2]))


def _overlaps(found: Found, entity: Entity) -> bool:
    return found.start < entity.end and entity.start < found.end


def _entity(found: Found, text: str) -> Entity:
    return Entity(entity=found.slot, value=text[found.start : found.end], start=found.start, end=found.end, confidence=0.0,
                  normalized=found.value, note=f"{found.note} (read by the catalogue's search words)",
                  role="negated" if found.negated else "value")


def _as_search(intents: list[str], entities: list[Entity], text: str) -> list[str]:
    named = {entity.entity for entity in entities}
    if "hotel" in named and "amenity" in named and not named & {*_STAY, "sight"} - {"city"} and _QUESTION.search(text):
        return ["ask_faq"]  # a question about one hotel's amenities, whatever else the model guessed
    question = "ask_faq" in intents and not named & {"topic", "hotel"}
    if any(intent in TASKS for intent in intents):
        # beside a search, a question of no topic asks what the search does, and out of scope
        # is the model's doubt over facility and rating words it never learnt ("吃完饭我想找一家
        # 评分4.5分以上的酒店"): these constraints are read here
        return [intent for intent in intents if not ((question and intent == "ask_faq") or intent == "out_of_scope")]
    if ("out_of_scope" in intents or question or not intents) and named & {*_STAY, "sight"}:
        return ["search_hotels", *(intent for intent in intents if intent not in ("out_of_scope", "ask_faq"))]
    return intents
