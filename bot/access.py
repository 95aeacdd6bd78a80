"""The second factor: access codes that let someone else reach a booking.

Every booking the bot makes gets a random access code, shown to its owner with the
booking. Whoever the owner passes it on to (a travel agent, a family member) gives the
reference *and* the code; then the database lets that customer identity see, change and
cancel the booking too (`Database.grant_access`). A reference alone never reaches
someone else's booking.

Codes are two groups of four symbols from the references' alphabet, joined by a hyphen
("7KQ2-XM4P"): a shape no reference has, so a message can carry both. At least one
symbol is a digit, so that no hyphenated pair of words ("next-week") reads as one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Optional

from intents.schema import ACCESS_CODE_GROUP, REF_ALPHABET

_DIGITS = "".join(symbol for symbol in REF_ALPHABET if symbol.isdigit())
_GROUP = f"[{REF_ALPHABET}]{{{ACCESS_CODE_GROUP}}}"
# bounded by anything but ASCII letters, digits and hyphens, so Chinese may touch it
_CODE = re.compile(rf"(?<![A-Za-z0-9-])(?=[A-Za-z-]*[{_DIGITS}])({_GROUP}-{_GROUP})(?![A-Za-z0-9-])", re.IGNORECASE)


def new_code() -> str:
    """A fresh code from `secrets` (39.5 bits: 31 symbols, 8 places, a digit among them)."""
    while True:
        symbols = "".join(secrets.choice(REF_ALPHABET) for _ in range(2 * ACCESS_CODE_GROUP))
        code = f"{symbols[:ACCESS_CODE_GROUP]}-{symbols[ACCESS_CODE_GROUP:]}"
        if _CODE.fullmatch(code):
            return code


def find_code(text: str) -> tuple[Optional[str], str]:
    """The access code a message carries (upper case) and the message without it, or
    (None, text)."""
    match = _CODE.search(text)
    if match is None:
        return None, text
    return match[1].upper(), (text[:match.start()] + text[match.end():]).strip()


def matches(stored: Optional[str], given: str) -> bool:
    """Does ``given`` equal the booking's code? In constant time, and as long for a booking
    without a code (or no booking at all, ``stored`` None) as for a wrong code."""
    expected = hashlib.sha256((stored or "").encode()).digest()
    offered = hashlib.sha256(given.upper().encode()).digest()
    return hmac.compare_digest(expected, offered) and bool(stored)
