"""hotelbot: `from bot import HotelBot` (SPEC section 5).

HotelBot is imported lazily so that light modules (bot.models, bot.database) do not
pull in ONNX Runtime and transformers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.agent import HotelBot

__all__ = ["HotelBot"]


def __getattr__(name: str):
    if name == "HotelBot":
        from bot.agent import HotelBot

        return HotelBot
    raise AttributeError(name)
