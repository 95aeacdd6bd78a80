"""What the bot needs from a session store, whatever keeps the sessions.

A session is the JSON snapshot of its `DialogueState` plus an append-only record of its
turns (for audit). A turn runs as load -> turn -> save under the session's lock, which
holds across the threads of a process *and* across processes sharing the store, so the
turns of one customer never interleave whichever worker serves them.
"""

from __future__ import annotations

import os
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Optional, Protocol

from pydantic import BaseModel, Field

from bot.events import Event, fold
from bot.models import DialogueState, SlotChange, Turn

DEFAULT_IDLE_SECONDS = 24 * 3600.0
# A lock outlives its holder only if the holder died mid-turn (a turn takes well under a
# second); then the next turn of that session waits this long at most.
DEFAULT_LEASE_SECONDS = 30.0


class SessionBusy(RuntimeError):
    """The session's lock could not be taken in time (another turn of it is still running)."""


class LockLost(RuntimeError):
    """The turn outlived its lease and another turn took the session: its state is not saved."""


class TurnRecord(BaseModel):
    """One turn as the session keeps it: its events (the state is their fold, `replay`) and,
    for audit, what the trace shows without the scores and queries."""

    turn: int = Field(description="the state's turn number after the turn (unchanged for a refused message)")
    at: float = Field(default=0.0, description="Unix time the turn was saved (the store sets it)")
    text: str
    intents: list[str]
    actions: list[str]
    slot_changes: list[SlotChange]
    error_id: Optional[str] = None
    process: int = Field(default_factory=os.getpid, description="the process that served the turn (which worker)")
    events: list[Event] = Field(default=[], description="what the turn changed; none for a refused message")

    @classmethod
    def of(cls, turn: Turn, events: list[Event]) -> TurnRecord:
        return cls(turn=turn.state.turn, text=turn.trace.text, intents=turn.intents, actions=turn.actions,
                   slot_changes=turn.trace.state_diff, error_id=turn.trace.error_id, events=events)


def replay(records: list[TurnRecord]) -> Optional[DialogueState]:
    """A session's state rebuilt from its turns' events alone (None if it never started)."""
    return fold(event for record in records for event in record.events)


class LockedSession(Protocol):
    """A session while its lock is held: its stored state (None for a new or expired one)."""

    state: Optional[DialogueState]

    def save(self, state: DialogueState, record: TurnRecord) -> None:
        """Store the new state and append the turn's record, in one transaction."""

    def delete(self) -> None:
        """Forget the session's state (its turn records stay until they expire)."""


class Lease(Protocol):
    """A session's lock while a turn holds it; it runs out by itself if the holder dies."""

    def held(self) -> bool:
        """Is the lock still this turn's (its lease not run out and taken by another)?"""

    def release(self) -> None: ...


class LockStore(Protocol):
    """Per-session locks kept outside the session store (Redis): whichever store keeps the
    sessions, its turns take their lock here instead of in its own database."""

    def acquire(self, session_id: str, lease_seconds: float, wait_seconds: float) -> Lease:
        """Take the session's lock, waiting up to ``wait_seconds``, else raise SessionBusy."""


class FailureLog(Protocol):
    """Timestamped failures per key, shared by every process (`bot.limits.LookupLimiter`)."""

    def record_failure(self, key: str, at: float) -> None:
        """Note a failure of ``key`` at Unix time ``at``."""

    def failures_since(self, key: str, since: float) -> int:
        """How many failures of ``key`` came after ``since``."""

    def forget_failures(self, before: float) -> None:
        """Drop every failure at or before ``before`` (keeps the log bounded)."""


class SessionStore(FailureLog, Protocol):
    """Sessions kept outside the process. Every method is safe from any thread."""

    def locked(self, session_id: str) -> AbstractContextManager[LockedSession]:
        """Hold the session's lock (across threads and processes) for the block."""

    def load(self, session_id: str) -> Optional[DialogueState]:
        """The stored state, without the lock (for display: it may be one turn behind)."""

    def turns(self, session_id: str) -> list[TurnRecord]:
        """The session's turn records, oldest first."""

    def expire(self) -> int:
        """Forget the sessions idle for longer than the store's idle time; how many went."""

    def close(self) -> None: ...


class StripedLocks:
    """A fixed set of thread locks, one picked per key: the threads of one process wait
    on a lock instead of polling the database, and memory does not grow with the keys."""

    def __init__(self, stripes: int = 64) -> None:
        self._locks = [threading.Lock() for _ in range(stripes)]

    def for_key(self, key: str) -> threading.Lock:
        return self._locks[zlib.crc32(key.encode()) % len(self._locks)]


def backoff(timeout: float) -> Iterator[None]:
    """Yields until ``timeout`` seconds have passed, sleeping 2 ms more each time (up to
    50 ms) between tries; then raises SessionBusy."""
    deadline = time.monotonic() + timeout
    pause = 0.002
    while True:
        yield
        if time.monotonic() >= deadline:
            raise SessionBusy(f"the session stayed locked for {timeout:.0f} s")
        time.sleep(pause)
        pause = min(pause + 0.002, 0.05)
