"""What a message may contain before the bot reads it, for every channel.

Text is Unicode without lone surrogates (Python lets "\\ud800" into a str, but no
encoder, SQLite or JSON, will write it back out) and without control characters other
than tab and line breaks (NUL and the like are never typed by a person).
"""

from __future__ import annotations

import re
from typing import Literal

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Cc, less \t \n \r
_UNSHOWABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

Problem = Literal["surrogate", "control"]


def problem(text: str) -> Problem | None:
    """Why ``text`` cannot be read as a message, or None if it can."""
    if _SURROGATE.search(text):
        return "surrogate"
    if _CONTROL.search(text):
        return "control"
    return None


def displayable(text: str) -> str:
    """``text`` safe to show and to encode: each character ``problem`` objects to
    becomes U+FFFD, the replacement character."""
    return _UNSHOWABLE.sub("\ufffd", text)
