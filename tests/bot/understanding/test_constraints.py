"""Search constraints found in whole messages by each language's reader (Reader.constraints):
amenities and sights by the catalogue's own names, ratings and price ranges by their patterns."""

from __future__ import annotations

import pytest

from bot.models import CityInfo, SightInfo
from bot.understanding.normalize import PlaceIndex, seeded_places


def found(text: str, places: PlaceIndex | None = None) -> dict[str, list]:
    by_slot: dict[str, list] = {}
    for item in (places or seeded_places()).constraints_in(text):
        by_slot.setdefault(item.slot if not item.negated else f"not {item.slot}", []).append(item.value)
    return by_slot


@pytest.mark.parametrize(("text", "expected"), [
    ("hotels with a pool and free parking", {"amenity": ["pool", "parking"]}),
    ("somewhere with a gym, wifi and a swimming pool please", {"amenity": ["gym", "wifi", "pool"]}),
    ("need an airport pick-up and a wake up call", {"amenity": ["airport_shuttle", "wake_up_call"]}),
    ("no need for breakfast but a fitness centre would be nice", {"not amenity": ["breakfast"], "amenity": ["gym"]}),
    ("有无烟房和叫醒服务的酒店", {"amenity": ["non_smoking", "wake_up_call"]}),
    ("要有健身房、游泳池，还要能停车", {"amenity": ["gym", "pool", "parking"]}),
    ("不需要停车场，有接机服务就行", {"not amenity": ["parking"], "amenity": ["airport_shuttle"]}),
])
def test_amenities_are_read_by_their_words_in_both_languages(text: str, expected: dict) -> None:
    assert {slot: values for slot, values in found(text).items() if "amenity" in slot} == expected


@pytest.mark.parametrize(("text", "rating"), [
    ("rated 4.5 or more", 4.5), ("a rating above 4", 4.0), ("4.6+ rating please", 4.6), ("reviews of at least 4.2", 4.2),
    ("forget the rating, 4.5 is fine", 4.5),
    ("评分4.5分以上", 4.5), ("评分不低于4.7的", 4.7), ("4.8分以上的酒店", 4.8), ("口碑4.6分", 4.6),
])
def test_a_guest_rating_is_a_floor(text: str, rating: float) -> None:
    assert found(text)["min_rating"] == [rating]


@pytest.mark.parametrize("text", ["a 4-star hotel", "for 4 nights", "4 people, 2 rooms", "五星级酒店", "住4晚"])
def test_stars_and_counts_are_no_rating(text: str) -> None:
    assert "min_rating" not in found(text)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("between 700 and 800 a night", 700, 800), ("500-800 yuan", 500, 800), ("¥600 to ¥900 per night", 600, 900),
    ("价格在700-800元", 700, 800), ("预算500到800块", 500, 800), ("每晚600~900元之间", 600, 900),
])
def test_a_price_range_sets_both_ends(text: str, low: float, high: float) -> None:
    result = found(text)
    assert (result["min_price"], result["max_price"]) == ([low], [high])


@pytest.mark.parametrize(("text", "low"), [("over 500 yuan a night", 500), ("at least 400 per night", 400),
                                           ("500元以上", 500), ("价格不低于600元", 600)])
def test_a_price_floor_alone(text: str, low: float) -> None:
    assert found(text)["min_price"] == [low] and "max_price" not in found(text)


@pytest.mark.parametrize("text", ["nothing above 700 a night", "from the 10th to the 12th", "10-12号", "住2-3晚",
                                  "2-3 people"])
def test_a_cap_a_date_range_or_a_count_is_no_price_floor(text: str) -> None:
    assert "min_price" not in found(text)


@pytest.mark.parametrize(("text", "sight"), [
    ("near West Lake", "West Lake"), ("close to the Forbidden City", "Forbidden City"), ("by the Bund", "The Bund"),
    ("故宫附近", "Forbidden City"), ("离西湖近一点", "West Lake"), ("兵马俑那边", "Terracotta Warriors"),
])
def test_a_sight_is_read_by_its_names(text: str, sight: str) -> None:
    assert found(text)["sight"] == [sight]


def test_an_agencys_own_amenities_and_sights_are_read_without_code() -> None:
    """An amenity and a sight only a catalogue file names, in both languages."""
    places = PlaceIndex([CityInfo(name="Qingdao", name_zh="青岛")],
                        [SightInfo(name="Zhanqiao Pier", name_zh="栈桥", city="Qingdao", lat=36.06, lon=120.32)],
                        {"sea_view": ("sea view", "海景"), "wifi": ("Wi-Fi", "无线网络")})
    assert found("a room with a sea view near Zhanqiao Pier", places) == {"amenity": ["sea_view"], "sight": ["Zhanqiao Pier"]}
    assert found("栈桥附近有海景的酒店", places) == {"sight": ["Zhanqiao Pier"], "amenity": ["sea_view"]}
    assert found("with a pool", places) == {}  # an amenity the catalogue does not list is not read
