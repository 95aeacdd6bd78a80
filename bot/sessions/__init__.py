"""Where conversations live between turns: outside the process, so that they survive a
restart and several worker processes can serve the same customers (see `base`)."""

from bot.sessions.base import (DEFAULT_IDLE_SECONDS, DEFAULT_LEASE_SECONDS, LockedSession, LockLost, SessionBusy,
                               SessionStore, TurnRecord)
from bot.sessions.sqlite import SqliteSessionStore

__all__ = [
    "DEFAULT_IDLE_SECONDS",
    "DEFAULT_LEASE_SECONDS",
    "LockLost",
    "LockedSession",
    "SessionBusy",
    "SessionStore",
    "SqliteSessionStore",
    "TurnRecord",
]
