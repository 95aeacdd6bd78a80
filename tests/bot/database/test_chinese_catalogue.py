"""The catalogue in Chinese: hotel and room names, policies per language, and the
migration that adds them to a database file of schema version 3 without losing bookings."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.database import Database, catalogue
from bot.database.catalogue import SEED_OWNER_WANG
from bot.database.tables import SCHEMA_VERSION
from intents.schema import TOPICS
from tests.seeded_names import CITY_NAMES_ZH, LANDMARKS, LANDMARKS_ZH

CJK_ONLY = re.compile("^[\u4e00-\u9fff]+$")


@pytest.mark.parametrize("hotel", catalogue.seeded().hotels, ids=lambda hotel: hotel.name)
def test_every_hotel_has_a_chinese_name_led_by_its_city_as_chinese_apps_list_them(hotel) -> None:
    assert CJK_ONLY.match(hotel.name_zh), hotel.name_zh
    assert hotel.name_zh.startswith(CITY_NAMES_ZH[hotel.city][0])
    assert all(CJK_ONLY.match(room.name_zh) for room in hotel.rooms)


@pytest.mark.parametrize("hotel", catalogue.seeded().hotels, ids=lambda hotel: hotel.name)
def test_a_hotel_named_after_a_sight_is_in_the_sights_city(hotel) -> None:
    """A sight names its city ("near West Lake" -> Hangzhou): the hotels named after one agree."""
    for sights, name in ((LANDMARKS, hotel.name.lower()), (LANDMARKS_ZH, hotel.name_zh)):
        assert all(city == hotel.city for city, words in sights.items() for word in words if word in name), name


def test_chinese_names_are_unique_and_find_their_hotel(db: Database) -> None:
    hotels = db.hotels()
    assert len({hotel.name_zh for hotel in hotels}) == len(hotels) == len(catalogue.seeded().hotels)
    for hotel in hotels:
        assert db.hotel_by_name(f" {hotel.name_zh} ") == hotel


def test_offers_and_bookings_carry_the_chinese_names(db: Database) -> None:
    offer = db.room_offers("Bund Riverside Hotel", date(2026, 12, 11), date(2026, 12, 13), guests=2)[0]
    assert (offer.hotel.name_zh, offer.room_type, offer.room_type_zh) == ("上海外滩江景酒店", "Standard Double", "标准大床房")
    booking = db.get_booking(SEED_OWNER_WANG, "HB-4821")
    assert (booking.hotel, booking.hotel_zh, booking.room_type_zh) == ("Bund Riverside Hotel", "上海外滩江景酒店", "标准大床房")


def test_every_policy_has_its_chinese_twin() -> None:
    assert set(catalogue.GENERAL_POLICIES) == set(catalogue.GENERAL_POLICIES_ZH) == set(TOPICS)
    overrides = [text for hotel in catalogue.seeded().hotels for text in hotel.policies.values()]
    assert overrides and all(re.search("[\u4e00-\u9fff]", text.zh) and not re.search("[\u4e00-\u9fff]", text.en)
                             for text in overrides)


@pytest.mark.parametrize("topic", TOPICS)
def test_policies_are_answered_in_the_language_asked(db: Database, topic: str) -> None:
    assert db.policy(topic) == catalogue.GENERAL_POLICIES[topic]
    assert db.policy(topic, language="zh") == catalogue.GENERAL_POLICIES_ZH[topic]
    assert len(db.policies(topic, "zh")) == len(db.policies(topic, "en"))


def test_a_hotels_own_policy_wins_in_chinese_too(db: Database) -> None:
    hutong = db.hotel_by_name("Hutong Lantern Inn").hotel_id
    assert db.policy("payment", hutong, "zh") == _seeded("Hutong Lantern Inn").policies["payment"].zh
    luxury = db.hotel_by_name("Jade Magnolia Palace").hotel_id
    assert db.policy("breakfast", luxury, "zh") == _seeded("Jade Magnolia Palace").policies["breakfast"].zh


def as_version_3(path: Path, as_version_4: Callable[[Path], None]) -> None:
    """Turn a database file back into what version 3 wrote: no Chinese names, English policies only."""
    as_version_4(path)
    old = sqlite3.connect(path)
    old.executescript("""
        DELETE FROM policies WHERE language != 'en';
        DROP INDEX one_policy_per_language;
        ALTER TABLE policies DROP COLUMN language;
        CREATE UNIQUE INDEX one_policy ON policies (COALESCE(hotel_id, 0), topic);
        DROP INDEX hotel_name_zh;
        ALTER TABLE hotels DROP COLUMN name_zh;
        ALTER TABLE room_types DROP COLUMN name_zh;
        PRAGMA user_version = 3;""")
    old.close()


def test_a_version_3_file_is_migrated_in_place_and_keeps_its_bookings(
        tmp_path: Path, as_version_4: Callable[[Path], None]) -> None:
    path = tmp_path / "hotelbot.sqlite"
    with Database.create(path) as db:
        db.cancel_booking(SEED_OWNER_WANG, "HB-4821")
        room = db.room_offers("Palm Bay Hotel", date(2026, 12, 11), date(2026, 12, 13), guests=2)[0].room_type_id
        made = db.create_booking("web-someone", room, date(2026, 12, 11), date(2026, 12, 13), guests=2)
        before = db.dump()
    as_version_3(path, as_version_4)
    with Database.open_default(path) as db:
        assert db.get_booking(SEED_OWNER_WANG, "HB-4821").status == "cancelled"
        assert db.get_booking("web-someone", made.ref).hotel_zh == "三亚棕榈湾酒店"
        assert db.policy("pets", db.hotel_by_name("Palm Bay Hotel").hotel_id, "zh") == _seeded("Palm Bay Hotel").policies["pets"].zh
        assert db.dump() == before  # the same rows as the file had before it lost its Chinese
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION == 9


def _seeded(name: str):
    return next(hotel for hotel in catalogue.seeded().hotels if hotel.name == name)
