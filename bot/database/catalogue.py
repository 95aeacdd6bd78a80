"""The seed of the hotel database: the seeded catalogue file, the seeded bookings and the
bot's default policy answers (no SQL here, see store.py).

Everything is plain, fixed data: the same hotels, rooms, prices, sold-out nights,
policies and bookings on every run, so scripted dialogues can rely on them. The hotels,
cities and sights are the file ``seeded_catalogue.yaml`` (SPEC section 9), loaded by the
same import as an agency's own file.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Final

from bot.database.catalogue_file import Catalogue, read_catalogue
from bot.database.paths import hotelbot_home

logger = logging.getLogger(__name__)

SEEDED_FILE: Final[Path] = Path(__file__).with_name("seeded_catalogue.yaml")


# The seeded catalogue checked and written as JSON, with the digest of the YAML it came from.
SEEDED_JSON: Final[Path] = hotelbot_home() / "var" / "seeded_catalogue.json"


def seeded() -> Catalogue:
    """The seeded catalogue; each call builds the models afresh, in about a millisecond."""
    return Catalogue.model_validate_json(_seeded_json())


@lru_cache(maxsize=1)
def _seeded_json() -> str:
    """The seeded catalogue as JSON, once per process. The YAML is parsed only when it changed:
    its JSON is kept in var/ beside the database, because a process that parses the YAML
    keeps 1-2 MB of the parser's leftovers for good (tests/bot/test_serving_memory.py),
    and every serving process seeds an in-memory database or a new file from it."""
    digest = hashlib.sha256(SEEDED_FILE.read_bytes()).hexdigest()
    try:
        stored, text = SEEDED_JSON.read_text(encoding="utf-8").split("\n", 1)
        if stored == digest:
            return text
    except (OSError, ValueError):
        pass
    text = read_catalogue(SEEDED_FILE).model_dump_json()
    try:  # written whole or not at all: other processes may read it at the same time
        SEEDED_JSON.parent.mkdir(parents=True, exist_ok=True)
        partial = SEEDED_JSON.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(f"{digest}\n{text}", encoding="utf-8")
        partial.replace(SEEDED_JSON)
    except OSError as error:  # a read-only checkout still works, parsing each time
        logger.warning("cannot keep the seeded catalogue's JSON at %s: %s", SEEDED_JSON, error)
    return text


# ----------------------------------------------------------------------------- bookings

# The owners of the seeded bookings: identities no channel gives a customer (REST senders
# are "rest:…", web UI sessions "web-…"), so their public references reach nothing from
# outside; scripted dialogues replay as them (`session:` in tests/dialogues).
SEED_OWNER_WANG: Final[str] = "seed:wang"
SEED_OWNER_CHEN: Final[str] = "seed:chen"


@dataclass(frozen=True)
class BookingSeed:
    ref: str
    owner: str
    hotel: str
    room_type: str
    check_in: date
    check_out: date
    guests: int
    rooms: int
    status: str  # "confirmed" or "cancelled"


# Fixed references (of the older 4-character shape) that scripted dialogues check, change
# and cancel as their owners.
SEED_BOOKINGS: Final[tuple[BookingSeed, ...]] = (
    BookingSeed("HB-4821", SEED_OWNER_WANG, "Bund Riverside Hotel", "Standard Double",
                date(2026, 12, 10), date(2026, 12, 12), guests=2, rooms=1, status="confirmed"),
    BookingSeed("HB-7305", SEED_OWNER_CHEN, "Imperial Lotus Hotel", "Deluxe King",
                date(2027, 1, 5), date(2027, 1, 8), guests=1, rooms=1, status="confirmed"),
    BookingSeed("HB-5190", SEED_OWNER_WANG, "West Lake Willow Hotel", "Deluxe King",
                date(2026, 11, 20), date(2026, 11, 22), guests=2, rooms=1, status="cancelled"),
)


def nights_of(check_in: date, check_out: date) -> list[date]:
    """The nights of a stay: check_in up to, not including, check_out."""
    return [check_in + timedelta(days=i) for i in range((check_out - check_in).days)]


def seed_booked_rooms() -> Counter[tuple[str, str, date]]:
    """Rooms taken per (hotel, room type, night): sold-out nights plus confirmed bookings.

    Raises ValueError if the seed itself overbooks a room type (a catalogue bug).
    """
    hotels = seeded().hotels
    booked: Counter[tuple[str, str, date]] = Counter()
    for hotel in hotels:
        for night in hotel.sold_out:
            for room in hotel.rooms:
                booked[(hotel.name, room.name, night)] = room.inventory
    for booking in SEED_BOOKINGS:
        if booking.status != "confirmed":
            continue
        for night in nights_of(booking.check_in, booking.check_out):
            booked[(booking.hotel, booking.room_type, night)] += booking.rooms
    inventory = {(h.name, r.name): r.inventory for h in hotels for r in h.rooms}
    for (hotel_name, room_name, night), count in booked.items():
        if count > inventory[(hotel_name, room_name)]:
            raise ValueError(f"seed overbooks {room_name} at {hotel_name} on {night}")
    return booked


# ----------------------------------------------------------------------------- policies

# The answer for every hotel unless it overrides the topic (schema.TOPICS, all of them).
GENERAL_POLICIES: Final[dict[str, str]] = {
    "breakfast": "Breakfast is not included in the room rate; you can add the hotel's "
                 "breakfast buffet at the front desk for a daily fee.",
    "cancellation": "Cancellation is free up to 24 hours before check-in; after that, "
                    "the first night is charged.",
    "check_in_time": "Check-in is from 14:00. Early check-in is free if your room is "
                     "ready; just ask at the front desk.",
    "check_out_time": "Check-out is until 12:00. Late check-out until 14:00 can be "
                      "requested at the front desk, subject to availability.",
    "parking": "Parking is available near the hotel for about 10 CNY per hour; the front "
               "desk can show you the way.",
    "pets": "Pets are not allowed, with the exception of assistance dogs.",
    "wifi": "Wi-Fi is free in all rooms and public areas.",
    "payment": "You pay at the hotel by Visa, Mastercard, UnionPay, Alipay, WeChat Pay "
               "or cash (CNY); a refundable deposit is taken at check-in.",
    "invoice": "The front desk issues a fapiao (official invoice) at check-out; please "
               "give them your company name and tax ID.",
}

# The same answers as Chinese customers read them (tests/bot/database/test_catalogue.py
# checks the keys match).
GENERAL_POLICIES_ZH: Final[dict[str, str]] = {
    "breakfast": "房费不含早餐；如需早餐，可在前台按天加购酒店自助早餐。",
    "cancellation": "入住前24小时可免费取消；之后取消将收取首晚房费。",
    "check_in_time": "入住时间为14:00以后。如房间已准备好，可免费提前入住，请咨询前台。",
    "check_out_time": "退房时间为12:00以前。如需延迟退房至14:00，可向前台申请，视房态而定。",
    "parking": "酒店附近有停车场，每小时约10元，前台可为您指路。",
    "pets": "酒店不可携带宠物，导盲犬等服务犬除外。",
    "wifi": "所有客房及公共区域均提供免费Wi-Fi。",
    "payment": "到店支付，支持Visa、万事达、银联、支付宝、微信支付及人民币现金；入住时需缴纳可退押金。",
    "invoice": "退房时前台可开具发票，请提供公司名称和税号。",
}

# The bot's answer on every topic in each reply language, unless a catalogue file gives its
# own (its `policies`, or a hotel's): DEFAULT_POLICIES[topic] = {"en": ..., "zh": ...}.
DEFAULT_POLICIES: Final[dict[str, dict[str, str]]] = {
    topic: {"en": GENERAL_POLICIES[topic], "zh": GENERAL_POLICIES_ZH[topic]} for topic in GENERAL_POLICIES
}
