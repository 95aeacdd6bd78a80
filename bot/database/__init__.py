"""The hotel database stage: seeded SQLite catalogue, availability, bookings, policies."""

from bot.database.store import (
    DEFAULT_DB_PATH,
    BookingCancelled,
    BookingError,
    BookingNotFound,
    Database,
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
    "InvalidRequest",
    "NoAvailability",
    "Overbooking",
]
