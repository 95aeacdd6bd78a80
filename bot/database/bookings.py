"""Bookings: making, changing, cancelling and finding them, each for the caller it belongs to.

`BookingQueries` is a part of `Database` (store.py), split off by concern: its methods run
on the database's connection, lock and transactions (`_run`, `_transaction`, `_statement`,
`_lock`, `_min_free`), on SQLite and PostgreSQL alike.

Every booking belongs to an owner (the customer identity that made it). Each method that
reads or writes one booking by reference takes the caller's identity and finds the booking
only if the caller may reach it: as its owner, or as a customer who gave its access code
(``booking_access``, written by ``grant_access``). Someone else's reference is not found,
exactly like a reference that does not exist, by the same query.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from bot import access
from bot.database import convert
from bot.database.convert import Row
from bot.database.errors import BookingCancelled, BookingNotFound, InvalidRequest, NoAvailability, Overbooked
from bot.models import Booking
from intents.schema import CURRENCY, REF_ALPHABET, REF_LENGTH, REF_PREFIX

_REF_ATTEMPTS = 10  # 31**9 ≈ 2.6e13 references (intents/schema.py): a collision is rare
_BOOKING_SELECT = """
    SELECT b.ref, b.owner, h.name AS hotel, h.name_zh AS hotel_zh, h.city, r.name AS room_type, r.name_zh AS room_type_zh,
           b.check_in, b.check_out, b.guests, b.rooms, b.total_price, b.currency, b.status,
           b.room_type_id, r.hotel_id, b.access_code
    FROM bookings b
    JOIN room_types r ON r.room_type_id = b.room_type_id
    JOIN hotels h ON h.hotel_id = r.hotel_id"""
# The bookings a caller may reach (parameters: the caller twice): its own, and those it
# gave the access code of. A reference that is someone else's is not found, by the same
# query as one that does not exist.
_REACHABLE = "(b.owner = ? OR EXISTS (SELECT 1 FROM booking_access a WHERE a.grantee = ? AND a.ref = b.ref))"
_ONE_REACHABLE = " WHERE b.ref = ? AND " + _REACHABLE


class BookingQueries:
    """The booking half of `Database`'s API."""

    def _room_type(self, name: str, room_type_id: int) -> Row:
        rows = self._run(name, """
            SELECT r.room_type_id, r.hotel_id, r.name, r.capacity, r.price, r.bookable, h.name AS hotel
            FROM room_types r JOIN hotels h ON h.hotel_id = r.hotel_id
            WHERE r.room_type_id = ?""", [room_type_id])
        if not rows:
            raise InvalidRequest(f"no room type with id {room_type_id}")
        if not rows[0]["bookable"]:  # the catalogue no longer lists it: its bookings stay, no new nights
            raise InvalidRequest(f"{rows[0]['name']} at {rows[0]['hotel']} can no longer be booked")
        return rows[0]

    @contextmanager
    def _taking_rooms(self, name: str, room: Row, check_in: date, check_out: date,
                      rooms: int) -> Iterator[None]:
        """Write a booking's rooms in the block; the database's refusal becomes NoAvailability.

        The triggers of tables.py (pg_tables.py) are the one check: they refuse the
        statement that would take more rooms than a night has (its effects undone, the
        transaction still open for the caller to roll back), whatever wrote it.
        """
        try:
            with self._statement():
                yield
        except Overbooked as error:
            free = self._min_free(name, room["room_type_id"], check_in, check_out)
            raise NoAvailability(
                f"only {free} {room['name']} room(s) free at {room['hotel']} "
                f"from {check_in} to {check_out}; {rooms} requested") from error


    def create_booking(self, owner: str, room_type_id: int, check_in: date,
                       check_out: date, guests: int, rooms: int = 1, *,
                       idempotency_key: str | None = None, access_code: str | None = None) -> Booking:
        """Book ``rooms`` rooms of a room type for the stay, for ``owner``, with a new reference
        (and ``access_code``, the second factor that lets someone else reach it: bot.access).

        If this owner already made a booking with ``idempotency_key``, that booking is
        returned and nothing is booked: a confirmation sent again, or retried after an
        error that followed the commit, books once.

        Raises InvalidRequest (bad stay, party too big for the rooms) or NoAvailability.
        """
        convert.validate_stay(check_in, check_out, guests, rooms)
        with self._transaction("create_booking"):
            if idempotency_key is not None:
                done = self._run("create_booking", "SELECT ref FROM bookings WHERE owner = ? AND idempotency_key = ?",
                                 [owner, idempotency_key])
                if done:
                    return self._booking_or_raise("create_booking", owner, done[0]["ref"])
            room = self._room_type("create_booking", room_type_id)
            convert.check_capacity(room, guests, rooms)
            ref = self._new_ref()
            with self._taking_rooms("create_booking", room, check_in, check_out, rooms):
                self._run("create_booking", """
                    INSERT INTO bookings (ref, owner, room_type_id, check_in, check_out,
                                          guests, rooms, total_price, currency, status, idempotency_key, access_code)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, ?)""",
                          [ref, owner, room_type_id, check_in.isoformat(),
                           check_out.isoformat(), guests, rooms,
                           convert.total(room["price"], check_in, check_out, rooms), CURRENCY, idempotency_key, access_code])
            return self._booking_or_raise("create_booking", owner, ref)

    def change_booking(self, owner: str, ref: str, check_in: date | None = None,
                       check_out: date | None = None, guests: int | None = None,
                       rooms: int | None = None, room_type_id: int | None = None) -> Booking:
        """Change a confirmed booking ``owner`` may reach in place; it keeps its reference.

        Unchanged fields keep their values, except that a new ``check_in`` without a
        ``check_out`` keeps the number of nights (the stay moves). ``room_type_id`` must
        belong to the same hotel. The booking's own rooms count as free. Recomputes the
        total. Raises BookingNotFound (also for someone else's booking), BookingCancelled,
        InvalidRequest or NoAvailability.
        """
        with self._transaction("change_booking"):
            old = self._booking_row("change_booking", owner, ref)
            old_in = date.fromisoformat(old["check_in"])
            old_out = date.fromisoformat(old["check_out"])
            if check_in is not None and check_out is None:
                check_out = check_in + (old_out - old_in)
            new_in = convert.either(check_in, old_in)
            new_out = convert.either(check_out, old_out)
            new_guests = convert.either(guests, old["guests"])
            new_rooms = convert.either(rooms, old["rooms"])
            convert.validate_stay(new_in, new_out, new_guests, new_rooms)
            room = self._room_type("change_booking", convert.either(room_type_id, old["room_type_id"]))
            if room["hotel_id"] != old["hotel_id"]:
                raise InvalidRequest("a booking can only move to a room type of the same hotel")
            convert.check_capacity(room, new_guests, new_rooms)
            with self._taking_rooms("change_booking", room, new_in, new_out, new_rooms):
                self._run("change_booking", """
                    UPDATE bookings SET room_type_id = ?, check_in = ?, check_out = ?, guests = ?,
                                        rooms = ?, total_price = ?
                    WHERE ref = ?""",  # found reachable by owner in this transaction
                          [room["room_type_id"], new_in.isoformat(), new_out.isoformat(),
                           new_guests, new_rooms, convert.total(room["price"], new_in, new_out, new_rooms),
                           old["ref"]])
            return self._booking_or_raise("change_booking", owner, old["ref"])

    def cancel_booking(self, owner: str, ref: str) -> Booking:
        """Cancel a confirmed booking ``owner`` may reach and release its rooms; the row stays.

        Not silently idempotent: cancelling an already cancelled booking raises
        BookingCancelled (its ``.booking`` is the unchanged booking), so the caller can
        tell the customer. Raises BookingNotFound for a reference that is unknown or
        someone else's.
        """
        with self._transaction("cancel_booking"):  # the rooms come back by a trigger
            old = self._booking_row("cancel_booking", owner, ref)
            self._run("cancel_booking",
                      "UPDATE bookings SET status = 'cancelled' WHERE ref = ?",  # found reachable just above
                      [old["ref"]])
            return self._booking_or_raise("cancel_booking", owner, old["ref"])

    def get_booking(self, owner: str, ref: str) -> Booking | None:
        """The booking with this reference (case-insensitive) if ``owner`` may reach it, or None."""
        with self._lock:
            rows = self._run("get_booking", _BOOKING_SELECT + _ONE_REACHABLE,
                             [convert.normal_ref(ref), owner, owner])
        return convert.booking_of(rows[0]) if rows else None

    def get_bookings(self, owner: str, refs: Sequence[str]) -> list[Booking]:
        """The bookings ``owner`` may reach among these references, in the order given."""
        wanted = list(dict.fromkeys(convert.normal_ref(ref) for ref in refs))
        if not wanted:
            return []
        with self._lock:
            rows = self._run("get_bookings", _BOOKING_SELECT +
                             f" WHERE b.ref IN ({', '.join('?' * len(wanted))}) AND {_REACHABLE}",
                             [*wanted, owner, owner])
        found = {row["ref"]: convert.booking_of(row) for row in rows}
        return [found[ref] for ref in wanted if ref in found]

    def customer_bookings(self, owner: str) -> list[Booking]:
        """Every booking ``owner`` may reach (made by them, or opened with its access code), by check-in."""
        with self._lock:
            rows = self._run("customer_bookings", _BOOKING_SELECT + f" WHERE {_REACHABLE} ORDER BY b.check_in, b.ref",
                             [owner, owner])
        return [convert.booking_of(row) for row in rows]

    def grant_access(self, grantee: str, ref: str, code: str) -> Booking | None:
        """With the right access code, ``grantee`` may reach the booking from now on (it is
        returned); else None, and nothing changes. An unknown reference, a booking without a
        code and a wrong code take the same query and comparison: none of them tells."""
        with self._transaction("grant_access"):
            ref = convert.normal_ref(ref)
            # one row whether the booking exists or not (NULL code): the trace tells nothing
            (row,) = self._run("grant_access", "SELECT (SELECT access_code FROM bookings WHERE ref = ?)", [ref])
            if not access.matches(row[0], code):
                return None
            self._run("grant_access", "INSERT INTO booking_access (grantee, ref) VALUES (?, ?) ON CONFLICT DO NOTHING",
                      [grantee, ref])
            return self._booking_or_raise("grant_access", grantee, ref)

    def bookings_of(self, owner: str) -> list[Booking]:
        """All of ``owner``'s bookings, cancelled ones included, oldest first."""
        with self._lock:
            rows = self._run("bookings_of",
                             _BOOKING_SELECT + " WHERE b.owner = ? ORDER BY b.booking_id",
                             [owner])
        return [convert.booking_of(row) for row in rows]

    def _booking_row(self, name: str, owner: str, ref: str) -> Row:
        """The raw row of a confirmed booking; raises BookingNotFound / BookingCancelled."""
        rows = self._run(name, _BOOKING_SELECT + _ONE_REACHABLE, [convert.normal_ref(ref), owner, owner])
        if not rows:
            raise BookingNotFound(f"no booking with reference {ref!r}")
        if rows[0]["status"] == "cancelled":
            raise BookingCancelled(convert.booking_of(rows[0]))
        return rows[0]

    def _booking_or_raise(self, name: str, owner: str, ref: str) -> Booking:
        rows = self._run(name, _BOOKING_SELECT + _ONE_REACHABLE, [ref, owner, owner])
        if not rows:
            raise BookingNotFound(f"no booking with reference {ref!r}")
        return convert.booking_of(rows[0])

    def _new_ref(self) -> str:
        """A random unused reference; called inside the write transaction, so no race.

        ``secrets``, not ``random``: a reference must not be predictable from earlier ones.
        """
        for _ in range(_REF_ATTEMPTS):
            ref = REF_PREFIX + "".join(secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH))
            if not self._run("new_ref", "SELECT 1 FROM bookings WHERE ref = ?", [ref]):
                return ref
        raise RuntimeError("could not find an unused booking reference")
