"""Times of day as the catalogue and the slots write them ("09:30") and as the planner
counts them (minutes after midnight)."""

from __future__ import annotations


def clock(text: str) -> int:
    """"09:30" -> 570."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def hhmm(minutes: int) -> str:
    """570 -> "09:30"."""
    return "%02d:%02d" % divmod(minutes, 60)
