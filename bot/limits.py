"""The limit on failed booking look-ups, so that references cannot be guessed by trying.

A look-up fails when a message names a reference its sender has no booking under (one
that does not exist or is someone else's: the bot cannot tell them apart either). After
MAX_FAILED_LOOKUPS failures within WINDOW_SECONDS, the sender's look-ups are refused until
the oldest of them leaves the window (a sliding window). 5 in 10 minutes leaves room for
a customer's typos; at 720 tries a day, one sender would need tens of millions of years to
go through the 44-bit space of references.

Keys are any strings. The bot keys by the customer identity (the session id) and, when
the channel knows it (REST, the web UI), by the client's address too ("addr:203.0.113.7",
with a larger budget), so that new identities do not buy new attempts. A wrong access
code (bot/access.py) is a failed look-up as well. The failures are kept in the session
store's database (its `FailureLog`), so every worker process counts the same ones; each
new failure sweeps those that left the window, so the log stays bounded.
"""

from __future__ import annotations

import time
from typing import Callable

from bot.sessions.base import FailureLog

MAX_FAILED_LOOKUPS = 5
# Per client address the budget is larger: customers behind one network address (an
# office, a hotel's Wi-Fi, a carrier's NAT) share it.
MAX_FAILED_LOOKUPS_PER_ADDRESS = 20
WINDOW_SECONDS = 600.0


class LookupLimiter:
    def __init__(self, log: FailureLog, max_failures: int = MAX_FAILED_LOOKUPS, window_seconds: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.time):
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._log = log
        self._clock = clock  # Unix seconds, the same in every process; tests inject a fake one

    def blocked(self, key: str) -> bool:
        """Has ``key`` used up its failed look-ups for now?"""
        return self._log.failures_since(key, self._clock() - self.window_seconds) >= self.max_failures

    def record_failure(self, key: str) -> None:
        now = self._clock()
        self._log.forget_failures(now - self.window_seconds)
        self._log.record_failure(key, now)
