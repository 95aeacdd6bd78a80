"""Signed customer identities: the REST channel takes the sender from a token the server
signed, never from the request body.

A token is ``<sender>.<expires>.<mac>``:

- ``sender``: the customer identity, 1-64 characters of ``A-Z a-z 0-9 - _``;
- ``expires``: the Unix time (seconds) after which the token is refused;
- ``mac``: HMAC-SHA256 of ``<sender>.<expires>`` under the server's key, base64url
  without padding.

The key is ``HOTELBOT_SECRET`` (at least 32 characters); when it is unset, each start
draws a random key, so tokens do not survive a restart. A deployment's own login can
issue tokens for its customers' ids with ``TokenSigner.sign`` and the same key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import time

from pydantic import BaseModel

SECRET_ENV = "HOTELBOT_SECRET"
MIN_SECRET_CHARS = 32
TOKEN_TTL_SECONDS = 24 * 3600
MAX_TOKEN_CHARS = 160  # a 64-character sender, 12 digits, a 43-character mac and two dots
_SENDER = re.compile(r"[A-Za-z0-9_-]{1,64}")
_EXPIRES = re.compile(r"[0-9]{1,12}")


class Identity(BaseModel):
    """What ``POST /session`` answers: an anonymous customer id and its token."""

    sender: str
    token: str


class TokenSigner:
    """Issues and verifies tokens under one key."""

    def __init__(self, key: bytes, ttl_seconds: int = TOKEN_TTL_SECONDS) -> None:
        self._key = key
        self.ttl_seconds = ttl_seconds

    @classmethod
    def from_environment(cls) -> TokenSigner:
        """The key from ``HOTELBOT_SECRET``, or a random one for this process."""
        secret = os.environ.get(SECRET_ENV, "")
        if not secret:
            return cls(secrets.token_bytes(32))
        if len(secret) < MIN_SECRET_CHARS:
            raise ValueError(f"{SECRET_ENV} must be at least {MIN_SECRET_CHARS} characters long")
        return cls(secret.encode())

    def issue(self) -> Identity:
        """A new anonymous customer with a token valid for ``ttl_seconds``."""
        sender = secrets.token_urlsafe(16)
        return Identity(sender=sender, token=self.sign(sender, int(time.time()) + self.ttl_seconds))

    def sign(self, sender: str, expires: int) -> str:
        """The token for ``sender`` until ``expires`` (Unix seconds)."""
        if not _SENDER.fullmatch(sender):
            raise ValueError("a sender is 1-64 characters of A-Z, a-z, 0-9, '-' and '_'")
        payload = f"{sender}.{expires}"
        return f"{payload}.{self._mac(payload)}"

    def verify(self, token: str) -> str | None:
        """The token's sender, or None if the token is malformed, forged or expired."""
        parts = token.split(".") if len(token) <= MAX_TOKEN_CHARS else []
        if len(parts) != 3:
            return None
        sender, expires, mac = parts
        expected = self._mac(f"{sender}.{expires}")
        if not hmac.compare_digest(mac.encode(), expected.encode()):
            return None
        if not (_SENDER.fullmatch(sender) and _EXPIRES.fullmatch(expires)) or int(expires) <= time.time():
            return None
        return sender

    def _mac(self, payload: str) -> str:
        digest = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
