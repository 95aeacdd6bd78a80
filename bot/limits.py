"""The limit on failed booking look-ups, so that references cannot be guessed by trying.

A look-up fails when a message names a reference its sender has no booking under (one
that does not exist or is someone else's: the bot cannot tell them apart either). After
MAX_FAILED_LOOKUPS failures within WINDOW_SECONDS, the sender's look-ups are refused until
the oldest of them leaves the window (a sliding window). 5 in 10 minutes leaves room for
a customer's typos; at 720 tries a day, one sender would need tens of millions of years to
go through the 44-bit space of references.

Keys are any strings. The bot keys by the customer identity (the session id) and, when
the channel knows it (REST), by the client's address too ("addr:203.0.113.7", with a
larger budget), so that new identities do not buy new attempts. A wrong access code
(bot/access.py) is a failed look-up as well. In memory, per process, for now.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable

MAX_FAILED_LOOKUPS = 5
# Per client address the budget is larger: customers behind one network address (an
# office, a hotel's Wi-Fi, a carrier's NAT) share it.
MAX_FAILED_LOOKUPS_PER_ADDRESS = 20
WINDOW_SECONDS = 600.0


class LookupLimiter:
    def __init__(self, max_failures: int = MAX_FAILED_LOOKUPS, window_seconds: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock  # seconds; tests inject a fake one
        self._failures: dict[str, deque[float]] = {}
        self._swept = clock()
        self._lock = threading.Lock()

    def blocked(self, key: str) -> bool:
        """Has ``key`` used up its failed look-ups for now?"""
        with self._lock:
            return len(self._recent(key, self._clock())) >= self.max_failures

    def record_failure(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            self._sweep(now)
            self._failures[key] = self._recent(key, now)
            self._failures[key].append(now)

    def _recent(self, key: str, now: float) -> deque[float]:
        """The key's failures still inside the window (older ones are dropped)."""
        failures = self._failures.get(key, deque())
        while failures and failures[0] <= now - self.window_seconds:
            failures.popleft()
        return failures

    def _sweep(self, now: float) -> None:
        """Once per window, forget the keys whose failures have all expired (memory stays
        proportional to the senders that failed recently)."""
        if now - self._swept < self.window_seconds:
            return
        self._swept = now
        for key in [key for key in self._failures if not self._recent(key, now)]:
            del self._failures[key]
