"""Channels: the ways customers reach the bot (the Gradio web UI and Rasa's REST channel).

Both talk to the bot through the small interface below, so they serve `HotelBot` and
any stand-in with the same methods.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from bot.models import Booking, DialogueState, Turn

# The longest message a channel accepts, in characters.
MAX_MESSAGE_CHARS = 2000


class ChatBot(Protocol):
    """What a channel needs from the bot (see `bot.agent.HotelBot`)."""

    def handle(self, session_id: str, text: str, today: date | None = None) -> Turn: ...

    def bookings(self, session_id: str) -> list[Booking]: ...

    def state(self, session_id: str) -> DialogueState: ...

    def reset(self, session_id: str) -> None: ...
