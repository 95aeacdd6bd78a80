"""The hotel database stage: seeded catalogue, availability, bookings, policies (SQLite or PostgreSQL)."""

from bot.database.paths import DEFAULT_DB_PATH
from bot.database.store import Database
from bot.database.errors import (
    BookingCancelled,
    BookingError,
    BookingNotFound,
    DatabaseBusy,
    InvalidRequest,
    NoAvailability,
    Overbooking,
)

__all__ = [
    "DEFAULT_DB_PATH",
    "BookingCancelled",
    "BookingError",
    "BookingNotFound",
    "Database",
    "DatabaseBusy",
    "InvalidRequest",
    "NoAvailability",
    "Overbooking",
]
