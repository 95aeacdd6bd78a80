"""`hotelbot bench`'s catalogue rows: an agency's catalogue of 10,000 hotels imported into a
SQLite file, and the search and the whole turn over it.

The catalogue is made up (deterministic): the seeded catalogue's cities and sights, each
with HOTELS / len(cities) hotels of a seeded hotel's room types, amenities and ratings drawn from a
fixed seed. The import is `hotelbot catalogue import`'s; the turns are a customer's
searches in its cities, by stay alone and by sight and rating.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from bot.agent import HotelBot
from bot.database import Database, catalogue
from bot.database.catalogue_file import Catalogue, Hotel
from bot.dialogue_tests import load_dialogue
from intents.schema import AMENITIES, STARS_TO_TIER

HOTELS = 10_000
SEARCHES = 40  # turns timed over the large catalogue, after one warm-up
TODAY = date(2026, 12, 1)
# a search by stay alone, and (the first line of a dialogue) by a sight and a rating in Chinese
_TEXTS = ("hotels in Shanghai on the 10th for 2 nights, 2 people",
          load_dialogue(Path(__file__).parents[1] / "tests" / "dialogues" / "119_search_near_a_sight_by_rating.yaml").turns[0].user)


class CatalogueBench(BaseModel):
    hotels: int
    import_s: float  # a new SQLite file, `hotelbot catalogue import`
    reimport_s: float  # the same file again: every hotel matched and updated
    search_ms: float  # Database.search_offers in the largest city, p50
    turn_ms: float  # HotelBot.handle of a search over the catalogue, p50
    turn_database_ms: float  # the database queries inside those turns, p50
    seeded_turn_ms: float  # the same turns over the seeded catalogue, p50


def large_catalogue(hotels: int = HOTELS, seed: int = 7) -> Catalogue:
    """The seeded catalogue's cities and sights with ``hotels`` made-up hotels among them."""
    seeded = catalogue.seeded()
    rng = random.Random(seed)
    keys = sorted(AMENITIES)
    templates = max((hotel.rooms for hotel in seeded.hotels), key=len)  # the room types of a seeded hotel
    made = []
    for i in range(hotels):
        city = seeded.cities[i % len(seeded.cities)]
        stars = rng.randint(2, 5)
        base = {2: 200, 3: 300, 4: 600, 5: 1400}[stars] + rng.randrange(0, 300, 10)
        made.append(Hotel(
            name=f"{city.name} Bench Hotel {i:05d}", name_zh=f"{city.name_zh}{i:05d}", city=city.name,
            tier=STARS_TO_TIER[stars], stars=stars, rating=round(rng.uniform(3.5, 5.0), 1),
            address=f"{i} Bench Road", lat=31.0 + rng.random(), lon=121.0 + rng.random(),
            amenities=tuple(rng.sample(keys, 6)),
            rooms=tuple(room.model_copy(update={"price": base + 40 * j}) for j, room in enumerate(templates))))
    return seeded.model_copy(update={"hotels": tuple(made)})


def measure_catalogue(model_dir: Path | None = None, hotels: int = HOTELS) -> CatalogueBench:
    large = large_catalogue(hotels)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "large.sqlite"
        with Database.open_default(path) as db:
            started = time.perf_counter()
            db.import_catalogue(large)
            import_s = time.perf_counter() - started
            started = time.perf_counter()
            db.import_catalogue(large)
            reimport_s = time.perf_counter() - started
            search = []
            for _ in range(SEARCHES):
                started = time.perf_counter()
                db.search_offers("Shanghai", date(2026, 12, 10), date(2026, 12, 12), 2, min_rating=4.5, amenities=["pool"])
                search.append((time.perf_counter() - started) * 1000)
        bot = HotelBot.load(today=TODAY, model_dir=model_dir, db_path=path)
        turns, database = time_turns(bot)
        bot.db.close()
    seeded, _ = time_turns(bot.with_fresh_database(TODAY, catalogue=catalogue.seeded()))
    return CatalogueBench(hotels=hotels, import_s=round(import_s, 2), reimport_s=round(reimport_s, 2),
                          search_ms=_p50(search), turn_ms=_p50(turns), turn_database_ms=_p50(database),
                          seeded_turn_ms=_p50(seeded))


def time_turns(bot: HotelBot) -> tuple[list[float], list[float]]:
    """Milliseconds of SEARCHES search turns after one warm-up: whole, and in database queries."""
    turns, database = [], []
    for i in range(SEARCHES + 1):
        started = time.perf_counter()
        turn = bot.handle(f"bench-{i}", _TEXTS[i % len(_TEXTS)])
        turns.append((time.perf_counter() - started) * 1000)
        database.append(sum(query.ms for query in turn.trace.db_queries))
    return turns[1:], database[1:]


def _p50(millis: list[float]) -> float:
    return round(sorted(millis)[len(millis) // 2], 2)
