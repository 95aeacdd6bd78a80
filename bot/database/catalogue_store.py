"""The catalogue half of `Database`'s API: what the bot sells and knows, read from the
database, and the import and export of a catalogue file (catalogue_file.py).

An import is one write transaction, so a file loads whole or not at all. Hotels and room
types are matched by name: a hotel already there keeps its id (and so its bookings), one
the file no longer lists stays in the database, not bookable, so its bookings still read;
a hotel whose English name changed but not its Chinese one (or the other way) is the same
hotel, renamed;
the rest of the catalogue (cities, amenities, sights, policies, sold-out nights) is
replaced by the file's. Importing the same file twice changes nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from bot.database import catalogue_file as cf
from bot.database.catalogue import DEFAULT_POLICIES
from bot.database.catalogue_file import Catalogue, CatalogueError, Fares
from bot.database.convert import hotel_of
from bot.database.errors import Overbooked
from bot.models import CityInfo, Hotel, SightInfo

HOTEL_FIELDS = "h.hotel_id, h.name, h.name_zh, h.city, h.tier, h.stars, h.address, h.booking_url, h.rating, h.lat, h.lon"
_COVERED = """(SELECT COALESCE(SUM(b.rooms), 0) FROM bookings b WHERE b.room_type_id = room_nights.room_type_id
               AND b.status = 'confirmed' AND b.check_in <= room_nights.night AND b.check_out > room_nights.night)"""


class CatalogueQueries:
    """Reads of the catalogue, and its import and export (mixed into `Database`)."""

    @property
    def hotel_columns(self) -> str:
        """A hotel's columns (of ``hotels h``), its amenities joined by commas among them."""
        return f"{HOTEL_FIELDS}, ({self.amenity_list('h.hotel_id')}) AS amenities"

    def amenity_list(self, hotel_id: str) -> str:
        """A subquery: the amenities of the hotel ``hotel_id`` (a column) joined by commas."""
        return f"SELECT {self._backend.JOIN_LIST.format('a.amenity')} FROM hotel_amenities a WHERE a.hotel_id = {hotel_id}"

    # ------------------------------------------------------------------ reads

    def cities(self) -> list[str]:
        """The cities with at least one bookable hotel, in alphabetical order."""
        with self._lock:
            rows = self._run("cities", "SELECT DISTINCT city FROM hotels WHERE bookable = 1 ORDER BY city")
        return [row["city"] for row in rows]

    def city_infos(self) -> list[CityInfo]:
        """Every city of the catalogue with its Chinese name and aliases, in catalogue order."""
        with self._lock:
            rows = self._run("city_infos", "SELECT name, name_zh, aliases FROM cities ORDER BY position")
        return [CityInfo(name=row["name"], name_zh=row["name_zh"], aliases=json.loads(row["aliases"])) for row in rows]

    def fares(self) -> dict[str, Fares]:
        """Each city's fare rules between sights (the trip planner's), by canonical city name."""
        with self._lock:
            rows = self._run("fares", "SELECT name, fares FROM cities ORDER BY position")
        return {row["name"]: Fares.model_validate_json(row["fares"]) for row in rows}

    def sights(self, city: str | None = None) -> list[SightInfo]:
        """The sights, all or one city's (case-insensitive), in catalogue order."""
        sql, params = "SELECT * FROM sights", []
        if city is not None:
            sql, params = sql + " WHERE city = ?", [city]
        with self._lock:
            rows = self._run("sights", sql + " ORDER BY sight_id", params)
        return [SightInfo(name=row["name"], name_zh=row["name_zh"], city=row["city"], lat=row["lat"], lon=row["lon"],
                          ticket=row["ticket"], opens=row["opens"], closes=row["closes"],
                          closed_on=json.loads(row["closed_on"]), visit_minutes=row["visit_minutes"],
                          aliases=json.loads(row["aliases"]))
                for row in rows]

    def amenity_names(self) -> dict[str, tuple[str, str]]:
        """Every amenity key the catalogue knows -> (English, Chinese) name."""
        with self._lock:
            rows = self._run("amenities", "SELECT amenity, en, zh FROM amenities ORDER BY amenity")
        return {row["amenity"]: (row["en"], row["zh"]) for row in rows}

    def hotels(self, city: str | None = None) -> list[Hotel]:
        """The bookable hotels, all or one city's (case-insensitive), by city then catalogue order."""
        sql = f"SELECT {self.hotel_columns} FROM hotels h WHERE h.bookable = 1"
        params: list[Any] = []
        if city is not None:
            sql += " AND h.city = ?"
            params.append(city)
        with self._lock:
            rows = self._run("hotels", sql + " ORDER BY h.city, h.hotel_id", params)
        return [hotel_of(row) for row in rows]

    def hotel_names(self) -> list[str]:
        """The canonical (English) names of the bookable hotels; Hotel.name_zh gives the Chinese ones."""
        with self._lock:
            rows = self._run("hotel_names", "SELECT name FROM hotels WHERE bookable = 1 ORDER BY hotel_id")
        return [row["name"] for row in rows]

    def hotel_by_name(self, name: str) -> Hotel | None:
        """The bookable hotel with exactly this name, English (ignoring case) or Chinese,
        ignoring surrounding spaces."""
        with self._lock:
            rows = self._run("hotel_by_name", f"SELECT {self.hotel_columns} FROM hotels h "
                                              "WHERE (h.name = ? OR h.name_zh = ?) AND h.bookable = 1", [name.strip()] * 2)
        return hotel_of(rows[0]) if rows else None

    # ------------------------------------------------------------------ import

    def import_catalogue(self, catalogue: Catalogue) -> dict[str, int]:
        """Load a checked catalogue, all or nothing (see the module docstring); returns
        counts of what it holds. Raises CatalogueError when the file cannot replace the
        database's catalogue (a room type's inventory below the rooms booked)."""
        with self._transaction("import"):
            self._import(catalogue)
            self._renew_catalogue_version("import")
        return {"cities": len(catalogue.cities), "hotels": len(catalogue.hotels), "sights": len(catalogue.sights),
                "rooms": sum(len(hotel.rooms) for hotel in catalogue.hotels)}

    def _import(self, catalogue: Catalogue) -> None:
        run = self._run
        # the sold-out nights of the last import reopen: each keeps the rooms its bookings hold
        run("import", f"""UPDATE room_nights SET booked = {_COVERED} WHERE EXISTS (
                SELECT 1 FROM sold_out s JOIN room_types r ON r.hotel_id = s.hotel_id
                WHERE r.room_type_id = room_nights.room_type_id AND s.night = room_nights.night)""")
        for table in ("sold_out", "hotel_amenities", "policies", "amenities", "sights", "cities"):
            run("import", f"DELETE FROM {table}")
        run("import", "INSERT INTO cities (name, name_zh, aliases, position, fares) VALUES (?, ?, ?, ?, ?)",
            [(city.name, city.name_zh, json.dumps(list(city.aliases), ensure_ascii=False), i,
              city.fares.model_dump_json(exclude_defaults=True))
             for i, city in enumerate(catalogue.cities)], many=True)
        run("import", "INSERT INTO amenities VALUES (?, ?, ?)",
            [(key, name.en, name.zh) for key, name in catalogue.amenity_names().items()], many=True)
        run("import", "INSERT INTO sights VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, s.name, s.name_zh, s.city, s.lat, s.lon, s.ticket, s.opens, s.closes, json.dumps(list(s.closed_on)),
              s.visit_minutes, json.dumps(list(s.aliases), ensure_ascii=False))
             for i, s in enumerate(catalogue.sights, start=1)], many=True)
        run("import", "UPDATE hotels SET bookable = 0")
        run("import", "UPDATE room_types SET bookable = 0")
        known = run("import", "SELECT hotel_id, name, name_zh FROM hotels")
        hotel_ids = {row["name"].casefold(): row["hotel_id"] for row in known}
        by_chinese = {row["name_zh"]: row["hotel_id"] for row in known}
        room_ids = {(row["hotel_id"], row["name"]): row["room_type_id"]
                    for row in run("import", "SELECT room_type_id, hotel_id, name FROM room_types")}
        next_hotel, next_room = max(hotel_ids.values(), default=0) + 1, max(room_ids.values(), default=0) + 1
        new_hotels, old_hotels, new_rooms, old_rooms, amenities, sold_out = [], [], [], [], [], []
        for i, hotel in enumerate(catalogue.hotels):
            values = (hotel.name, hotel.city, hotel.tier, hotel.stars, hotel.address, hotel.link, hotel.name_zh,
                      hotel.rating, hotel.lat, hotel.lon)
            # a hotel renamed in one language is the same hotel (its bookings, its id)
            hotel_id = hotel_ids.get(hotel.name.casefold(), by_chinese.get(hotel.name_zh))
            hotel_ids[hotel.name.casefold()] = hotel_id or next_hotel
            if hotel_id is None:
                hotel_id = next_hotel
                next_hotel += 1
                new_hotels.append((hotel_id, *values))
            else:
                old_hotels.append((*values, hotel_id))
            for j, room in enumerate(hotel.rooms):
                values = (room.name, room.capacity, room.price, room.inventory, room.name_zh)
                room_id = room_ids.get((hotel_id, room.name))
                if room_id is None:
                    room_ids[(hotel_id, room.name)] = next_room
                    new_rooms.append((next_room, hotel_id, *values))
                    next_room += 1
                else:
                    old_rooms.append((f"hotels[{i}].rooms[{j}]", (*values, room_id)))
            amenities += [(hotel_id, key) for key in dict.fromkeys(hotel.amenities)]
            sold_out += [(hotel_id, night.isoformat()) for night in dict.fromkeys(hotel.sold_out)]
        run("import", "INSERT INTO hotels VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", new_hotels, many=True)
        run("import", """UPDATE hotels SET name = ?, city = ?, tier = ?, stars = ?, address = ?, booking_url = ?,
                 name_zh = ?, rating = ?, lat = ?, lon = ?, bookable = 1 WHERE hotel_id = ?""", old_hotels, many=True)
        run("import", "INSERT INTO room_types VALUES (?, ?, ?, ?, ?, ?, ?, 1)", new_rooms, many=True)
        self._update_rooms(old_rooms)
        run("import", "INSERT INTO hotel_amenities VALUES (?, ?)", amenities, many=True)
        run("import", "INSERT INTO sold_out VALUES (?, ?)", sold_out, many=True)
        # a sold-out night takes every room of the hotel's room types
        run("import", """INSERT INTO room_nights (room_type_id, night, booked)
                SELECT r.room_type_id, s.night, r.inventory FROM sold_out s JOIN room_types r ON r.hotel_id = s.hotel_id
                WHERE r.bookable = 1
                ON CONFLICT (room_type_id, night) DO UPDATE SET booked = excluded.booked""")
        run("import", "INSERT INTO policies VALUES (?, ?, ?, ?)", _policy_rows(catalogue, hotel_ids), many=True)

    def _update_rooms(self, rooms: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Room types already there take the file's values; an inventory under the rooms a night
        has booked is refused with its place (the database's guard), and the import with it."""
        try:
            with self._statement():
                self._run("import", """UPDATE room_types SET name = ?, capacity = ?, price = ?, inventory = ?, name_zh = ?,
                             bookable = 1 WHERE room_type_id = ?""", [values for _, values in rooms], many=True)
        except Overbooked:
            errors = []
            for place, values in rooms:
                booked = self._run("import", "SELECT MAX(booked) AS booked FROM room_nights WHERE room_type_id = ?",
                                   [values[-1]])[0]["booked"]
                if booked is not None and booked > values[3]:
                    errors.append(f"{place}.inventory: {booked} rooms are already booked on one night")
            raise CatalogueError(errors, "import") from None

    # ------------------------------------------------------------------ export

    def export_catalogue(self) -> Catalogue:
        """The database's catalogue as a file would hold it (bookable hotels only)."""
        with self._lock:
            rows = self._run("export", f"SELECT {self.hotel_columns} FROM hotels h WHERE h.bookable = 1 ORDER BY h.hotel_id")
            rooms = defaultdict(list)
            for room in self._run("export", "SELECT * FROM room_types WHERE bookable = 1 ORDER BY room_type_id"):
                rooms[room["hotel_id"]].append(cf.Room(name=room["name"], name_zh=room["name_zh"], capacity=room["capacity"],
                                                       price=room["price"], inventory=room["inventory"]))
            sold_out = defaultdict(list)
            for night in self._run("export", "SELECT hotel_id, night FROM sold_out ORDER BY hotel_id, night"):
                sold_out[night["hotel_id"]].append(night["night"])
            policies: defaultdict[int | None, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
            for policy in self._run("export", "SELECT hotel_id, topic, text, language FROM policies ORDER BY topic"):
                policies[policy["hotel_id"]][policy["topic"]][policy["language"]] = policy["text"]
            builtin = set(cf.AMENITIES)
            own = [cf.Amenity(key=key, en=en, zh=zh) for key, (en, zh) in self.amenity_names().items() if key not in builtin]
        hotels = [cf.Hotel(name=row["name"], name_zh=row["name_zh"], city=row["city"], tier=row["tier"], stars=row["stars"],
                           rating=row["rating"], address=row["address"], lat=row["lat"], lon=row["lon"],
                           amenities=tuple(hotel_of(row).amenities), rooms=tuple(rooms[row["hotel_id"]]),
                           sold_out=tuple(sold_out[row["hotel_id"]]), policies=policies.get(row["hotel_id"], {}),
                           booking_url="" if row["booking_url"] == cf.BOOKING_BASE_URL + cf.slugify(row["name"])
                           else row["booking_url"])
                  for row in rows]
        general = {topic: texts for topic, texts in policies.get(None, {}).items()
                   if texts != DEFAULT_POLICIES.get(topic)}
        fares = self.fares()
        return Catalogue(cities=tuple(cf.City(**city.model_dump(), fares=fares[city.name]) for city in self.city_infos()),
                         amenities=tuple(own), sights=tuple(cf.Sight(**sight.model_dump()) for sight in self.sights()),
                         hotels=tuple(hotels), policies=general)


def _policy_rows(catalogue: Catalogue, hotel_ids: dict[str, int]) -> list[tuple[int | None, str, str, str]]:
    """(hotel id or None, topic, text, language): the general answers (the file's over the
    bot's defaults), then each hotel's own."""
    general = {**DEFAULT_POLICIES, **{topic: text.model_dump() for topic, text in catalogue.policies.items()}}
    rows: list[tuple[int | None, str, str, str]] = [
        (None, topic, text, language) for topic, texts in general.items() for language, text in texts.items()]
    for hotel in catalogue.hotels:
        rows += [(hotel_ids[hotel.name.casefold()], topic, getattr(text, language), language)
                 for topic, text in hotel.policies.items() for language in ("en", "zh")]
    return rows
