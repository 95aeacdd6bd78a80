"""validate_booking_form: values out of the booking limits are refused with a clear answer."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.form import ValidateBookingForm


def test_a_stay_length_out_of_range_is_refused_even_without_dates() -> None:
    """A change of a booking's length to 100000 nights (no dates in the slots) once reached
    the database's stay check when the change was priced, and the turn failed with an
    apology (found by the fuzz suite): the form refuses it first and clears it."""
    tracker = Tracker("seed:wang", {"nights": 100000, "today": "2026-12-01", "language": "en"}, {}, [], False, None, None, None)
    dispatcher = CollectingDispatcher()
    events = ValidateBookingForm._validate_values(dispatcher, tracker)
    assert any("1 to 30 nights" in message["text"] for message in dispatcher.messages)
    assert {"event": "slot", "name": "nights", "value": None} in [
        {key: event.get(key) for key in ("event", "name", "value")} for event in events
    ]
