"""Channels: the ways customers reach the bot (the Gradio web UI and Rasa's REST channel).

Both talk to the bot through the small interface below, so they serve `HotelBot` and
any stand-in with the same methods. A channel never passes a date: the bot's clock is
the server's (or the one its configuration fixed), never a client's.
"""

from __future__ import annotations

from typing import Optional, Protocol

from bot.models import Booking, DialogueState, Turn

# The longest message a channel accepts, in characters.
MAX_MESSAGE_CHARS = 2000


class ChatBot(Protocol):
    """What a channel needs from the bot (see `bot.agent.HotelBot`)."""

    def handle(self, session_id: str, text: str, address: Optional[str] = None) -> Turn: ...

    def bookings(self, session_id: str) -> list[Booking]: ...

    def state(self, session_id: str) -> DialogueState: ...

    def reset(self, session_id: str) -> None: ...
