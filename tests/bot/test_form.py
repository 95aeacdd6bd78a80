"""validate_booking_form: values out of the booking limits are refused with a clear answer."""

from __future__ import annotations

from datetime import date


def test_a_stay_length_out_of_range_is_refused_before_a_change_is_priced(bot) -> None:
    """A length of 100000 nights once reached the database's stay check while a booking was
    being changed, and the turn failed with an apology (found by the fuzz suite)."""
    today = date(2026, 12, 1)
    first = bot.handle("seed:wang", "change booking HB-4821 to 100000 nights", today=today)
    assert "1 to 30 nights" in first.reply and first.state.value("nights") is None
    second = bot.handle("seed:wang", "change booking HB-4821 to 3 guests", today=today)
    assert "went wrong" not in second.reply and "HB-4821" in second.reply
