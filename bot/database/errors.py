"""What the database stage raises: the booking errors a reply explains, and DatabaseBusy."""

from __future__ import annotations

from typing import NamedTuple

from bot.models import Booking


class BookingError(Exception):
    """Base class of the errors a booking operation reports to the customer."""


class InvalidRequest(BookingError, ValueError):
    """The arguments make no sense (check-out before check-in, too many guests, ...)."""


class BookingNotFound(BookingError, LookupError):
    """The caller has no booking with this reference (none exists, or it is someone else's)."""


class BookingCancelled(BookingError):
    """The booking is already cancelled, so it cannot be changed or cancelled again."""

    def __init__(self, booking: Booking) -> None:
        super().__init__(f"booking {booking.ref} is already cancelled")
        self.booking = booking


class NoAvailability(BookingError):
    """Not enough free rooms of the room type on at least one night of the stay."""


class DatabaseBusy(Exception):
    """Another connection held the database for longer than the busy timeout; nothing changed.

    Not a BookingError: nothing is wrong with the request, it only came at a bad moment.
    So no action turns it into a reply about the booking: the turn fails as a whole and
    the agent apologises with an error id, the session as it was before the message, and
    asks the customer to send it again (a confirmation sent again books once: its
    idempotency key).
    """


class Overbooked(Exception):
    """The database refused a write that takes more rooms than a night has (its triggers):
    the store turns it into NoAvailability with the rooms that are free."""


class Overbooking(NamedTuple):
    """A night on which a room type has more rooms taken than it has."""

    hotel: str
    room_type: str
    night: str
    booked: int
    inventory: int

