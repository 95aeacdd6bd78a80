"""An agency's catalogue file (SPEC section 9): checked whole with every error's place,
imported all or nothing on either backend, idempotent, bookings kept, exported back."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from bot.database import Database, InvalidRequest, catalogue
from bot.database.catalogue_file import CatalogueError, check_catalogue, read_catalogue, write_catalogue
from bot.geo import distance_km

HERE = Path(__file__).parent
AGENCY_FILE = HERE.parents[1] / "catalogues" / "qingdao.yaml"
DEC_10, DEC_12 = date(2026, 12, 10), date(2026, 12, 12)


def agency() -> dict[str, Any]:
    return yaml.safe_load(AGENCY_FILE.read_text(encoding="utf-8"))


def errors_of(data: Any) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        check_catalogue(data)
    return caught.value.errors


# ------------------------------------------------------------------------- checks


def test_the_seeded_and_the_agency_files_are_valid() -> None:
    assert len(read_catalogue(catalogue.SEEDED_FILE).hotels) == len(catalogue.seeded().hotels) >= 48
    assert {city.name for city in read_catalogue(AGENCY_FILE).cities} == {"Qingdao", "Rizhao"}


def test_every_error_is_listed_with_its_place() -> None:
    data = agency()
    data["hotels"][0]["rooms"][0]["price"] = 0
    data["hotels"][1]["rooms"][0]["capacity"] = 0
    data["hotels"][2]["city"] = "Atlantis"
    data["hotels"][3]["sold_out"] = ["2026-02-30"]
    data["hotels"][3]["amenities"] = ["wifi", "helipad"]
    data["hotels"][4]["name"] = data["hotels"][0]["name"].upper()
    data["sights"][0]["closed_on"] = ["funday"]
    data["sights"][1]["opens"] = "25:00"
    errors = errors_of(data)
    assert "hotels[0].rooms[0].price: must be > 0" in errors
    assert "hotels[1].rooms[0].capacity: must be > 0" in errors
    assert any(error.startswith("hotels[3].sold_out[0]:") for error in errors)
    assert any(error.startswith("sights[0].closed_on:") and "funday" in error for error in errors)
    assert any(error.startswith("sights[1].opens:") for error in errors)
    assert "hotels[2].city: unknown city 'Atlantis'" in errors
    assert "hotels[3].amenities: unknown amenity 'helipad'" in errors
    assert f"hotels: duplicate hotel name {data['hotels'][0]['name'].casefold()!r}" in errors
    assert len(errors) == 8


def test_a_city_alias_names_one_city_only() -> None:
    data = agency()
    data["cities"][1]["aliases"] = ["tsingtao"]  # Qingdao's
    assert errors_of(data) == ["cities[1]: 'tsingtao' already names Qingdao"]


@pytest.mark.parametrize("text", ["", "- a list", "cities: [", "cities: []\nhotels: []"])
def test_a_file_that_is_no_catalogue_says_so(tmp_path: Path, text: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(path)
    assert caught.value.errors and str(path) in str(caught.value)


def test_an_unquoted_time_is_read_as_the_time_written() -> None:
    data = agency()
    data["sights"][0]["opens"] = 10 * 60 + 30  # YAML 1.1 reads an unquoted 10:30 as 630
    assert check_catalogue(data).sights[0].opens == "10:30"


def test_a_catalogue_written_out_reads_back_the_same() -> None:
    seeded = catalogue.seeded()
    assert check_catalogue(yaml.safe_load(write_catalogue(seeded))) == seeded


# ------------------------------------------------------------------------- import


def test_an_import_replaces_the_catalogue_and_keeps_the_bookings(db: Database) -> None:
    kept = db.get_booking(catalogue.SEED_OWNER_WANG, "HB-4821")
    counts = db.import_catalogue(read_catalogue(AGENCY_FILE))
    assert counts["cities"] == 2 and db.cities() == ["Qingdao", "Rizhao"]
    assert {city.name_zh for city in db.city_infos()} == {"青岛", "日照"}
    assert db.hotel_by_name("Bund Riverside Hotel") is None  # no longer sold
    assert db.get_booking(catalogue.SEED_OWNER_WANG, "HB-4821") == kept  # still readable
    room = kept.room_type  # and no longer bookable
    room_id = db.dump()["room_types"][[row[2] for row in db.dump()["room_types"]].index(room)][0]
    with pytest.raises(InvalidRequest, match="can no longer be booked"):
        db.create_booking("web-someone", room_id, DEC_10, DEC_12, guests=2)
    assert db.search_offers("Shanghai", DEC_10, DEC_12, guests=2) == []
    assert db.search_offers("Qingdao", DEC_10, DEC_12, guests=2)


def test_importing_the_same_file_twice_changes_nothing(db: Database) -> None:
    db.import_catalogue(read_catalogue(AGENCY_FILE))
    once = db.dump()
    db.import_catalogue(read_catalogue(AGENCY_FILE))
    assert db.dump() == once


def test_hotels_listed_again_come_back_under_their_ids(db: Database) -> None:
    ids = {hotel.name: hotel.hotel_id for hotel in db.hotels()}
    db.import_catalogue(read_catalogue(AGENCY_FILE))
    db.import_catalogue(catalogue.seeded())
    assert {hotel.name: hotel.hotel_id for hotel in db.hotels()} == ids  # the agency's are no longer sold
    assert db.export_catalogue() == catalogue.seeded()


def test_a_night_no_longer_sold_out_opens_and_a_new_one_closes(db: Database) -> None:
    data = agency()
    hotel = data["hotels"][0]
    night, other = date.fromisoformat(hotel["sold_out"][0]), date(2026, 12, 20)
    db.import_catalogue(check_catalogue(data))
    assert not db.room_offers(hotel["name"], night, date.fromordinal(night.toordinal() + 1), guests=1)
    hotel["sold_out"] = [other.isoformat()]
    db.import_catalogue(check_catalogue(data))
    assert db.room_offers(hotel["name"], night, date.fromordinal(night.toordinal() + 1), guests=1)
    assert not db.room_offers(hotel["name"], other, date.fromordinal(other.toordinal() + 1), guests=1)


def test_an_import_that_would_undersell_a_booking_changes_nothing(db: Database) -> None:
    data = agency()
    db.import_catalogue(check_catalogue(data))
    hotel = data["hotels"][0]
    room = hotel["rooms"][0]
    offer = db.room_offers(hotel["name"], DEC_10, DEC_12, guests=1)[0]
    for _ in range(2):
        db.create_booking("web-someone", offer.room_type_id, DEC_10, DEC_12, guests=1)
    before = db.dump()
    shrunk = copy.deepcopy(data)
    shrunk["hotels"][0]["rooms"][0]["inventory"] = 1
    shrunk["cities"][0]["name_zh"] = "青岛市"  # a change that must not land either
    with pytest.raises(CatalogueError, match=r"hotels\[0\]\.rooms\[0\]\.inventory"):
        db.import_catalogue(check_catalogue(shrunk))
    assert db.dump() == before and room["inventory"] > 1


def test_a_search_filters_by_rating_price_range_and_amenities(db: Database) -> None:
    db.import_catalogue(read_catalogue(AGENCY_FILE))
    every = db.search_offers("Qingdao", DEC_10, DEC_12, guests=2)
    rated = db.search_offers("Qingdao", DEC_10, DEC_12, guests=2, min_rating=4.5)
    assert rated and all(offer.hotel.rating >= 4.5 for offer in rated) and len(rated) < len(every)
    ranged = db.search_offers("Qingdao", DEC_10, DEC_12, guests=2, min_price=400, max_price=800)
    assert ranged and all(400 <= offer.price_per_night <= 800 for offer in ranged)
    sea = db.search_offers("Qingdao", DEC_10, DEC_12, guests=2, amenities=["sea_view", "parking"])
    assert sea and all({"sea_view", "parking"} <= set(offer.hotel.amenities) for offer in sea)
    assert len(sea) < len(every)


# ------------------------------------------------------------------------- the command line


def test_the_command_line_validates_imports_and_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = str(tmp_path / "agency.sqlite")
    assert main(["catalogue", "validate", str(AGENCY_FILE)]) == 0
    assert "valid: 2 cities" in capsys.readouterr().out
    broken = tmp_path / "broken.yaml"
    data = agency()
    data["hotels"][3]["rooms"][0]["price"] = -5
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["catalogue", "validate", str(broken)]) == 1
    assert "hotels[3].rooms[0].price: must be > 0" in capsys.readouterr().err
    assert main(["catalogue", "import", "--db", target, str(broken)]) == 1
    with Database.open_default(target) as db:
        assert "Shanghai" in db.cities()  # the broken file changed nothing: still the seeded catalogue
    assert main(["catalogue", "import", "--db", target, str(AGENCY_FILE)]) == 0
    exported = tmp_path / "out.yaml"
    assert main(["catalogue", "export", "--db", target, str(exported)]) == 0
    assert read_catalogue(exported) == read_catalogue(AGENCY_FILE)


# ------------------------------------------------------------------------- what a list shows


@pytest.mark.parametrize("filters", [{}, {"tier": "comfort"}, {"min_rating": 4.5}, {"amenities": ["pool"]},
                                     {"max_price": 800, "min_price": 300}])
def test_the_database_chooses_what_a_list_shows_as_the_whole_search_would(db: Database, filters: dict) -> None:
    """best_offers picks in SQL (so a large catalogue costs no more): the same hotels as
    choosing from every match of search_offers, and the same count."""
    stay = ("Shanghai", DEC_10, DEC_12, 2)
    every = db.search_offers(*stay, **filters)
    per_tier, count = db.best_offers(*stay, order="per_tier", **filters)
    cheapest = {}
    for offer in sorted(every, key=lambda o: (o.price_per_night, o.hotel.name)):
        cheapest.setdefault(offer.hotel.tier, offer)
    assert [o.hotel.name for o in per_tier] == [cheapest[t].hotel.name for t in ("budget", "comfort", "luxury") if t in cheapest]
    assert count == len(every)
    shown, _ = db.best_offers(*stay, order="price", limit=2, exclude=[every[0].hotel.name], **filters)
    rest = sorted((o for o in every if o.hotel.name != every[0].hotel.name), key=lambda o: (o.price_per_night, o.hotel.name))
    assert [o.hotel.name for o in shown] == [o.hotel.name for o in rest[:2]]
    bund = next(s for s in db.sights("Shanghai") if s.name == "The Bund")
    near, _ = db.best_offers(*stay, order="price", near=(bund.lat, bund.lon), limit=3, **filters)
    by_distance = sorted(every, key=lambda o: distance_km(bund.lat, bund.lon, o.hotel.lat, o.hotel.lon))
    assert [o.hotel.name for o in near] == [o.hotel.name for o in by_distance[:3]]


def test_a_hotel_renamed_in_one_language_keeps_its_id_and_bookings(db: Database) -> None:
    data = agency()
    db.import_catalogue(check_catalogue(data))
    hotel = data["hotels"][0]
    before = db.hotel_by_name(hotel["name"])
    offer = db.room_offers(hotel["name"], DEC_10, DEC_12, guests=1)[0]
    made = db.create_booking("web-someone", offer.room_type_id, DEC_10, DEC_12, guests=1)
    hotel["name"] = "Badaguan Garden Grand Hotel"  # the Chinese name stays
    db.import_catalogue(check_catalogue(data))
    renamed = db.hotel_by_name("Badaguan Garden Grand Hotel")
    assert renamed.hotel_id == before.hotel_id and db.hotel_by_name("Badaguan Garden Hotel") is None
    assert db.get_booking("web-someone", made.ref).hotel == "Badaguan Garden Grand Hotel"


# ------------------------------------------------------------------------- fares


def test_a_citys_fare_rules_are_checked_stored_and_exported(db: Database) -> None:
    """The trip planner's fares (SPEC section 10) are catalogue data: a city without them
    gets a typical city's, one without a metro says `metro: null`, a bad rule has its place."""
    data = agency()
    data["cities"][0]["fares"] = {"metro": None, "taxi": {"flag_fall": 9, "per_km": 2}}
    data["cities"][1]["fares"] = {"bus": {"fare": -1}}
    assert errors_of(copy.deepcopy(data)) == ["cities[1].fares.bus.fare: must be >= 0"]
    del data["cities"][1]["fares"]
    db.import_catalogue(check_catalogue(data))
    fares = db.fares()
    assert fares["Qingdao"].metro is None and fares["Qingdao"].taxi.flag_fall == 9
    assert fares["Rizhao"] == check_catalogue(agency()).cities[1].fares  # the defaults
    assert db.export_catalogue().cities[0].fares == fares["Qingdao"]
    assert "metro: null" in write_catalogue(db.export_catalogue())


def test_a_version_7_file_gets_the_seeded_fares_in_place_and_keeps_its_bookings(
        tmp_path: Path, as_version_7: Any) -> None:
    path = tmp_path / "hotelbot.sqlite"
    with Database.create(path) as db:
        offer = db.room_offers(db.hotels("Shanghai")[0].name, DEC_10, DEC_12, guests=1)[0]
        made = db.create_booking("web-owner", offer.room_type_id, DEC_10, DEC_12, guests=1)
    as_version_7(path)
    with Database.open_default(path) as db:
        assert db.get_booking("web-owner", made.ref) == made
        assert db.fares()["Sanya"].metro is None  # the seeded file's, not the defaults
        assert db.fares()["Beijing"].taxi.flag_fall == 13
