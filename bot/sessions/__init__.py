"""Where conversations live between turns: outside the process, so that they survive a
restart and several worker processes can serve the same customers (see `base`)."""

from pathlib import Path
from typing import Any

from bot.database.paths import is_postgres_url
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
    "open_session_store",
]


def open_session_store(target: str | Path, *, redis_url: str | None = None, **options: Any) -> SessionStore:
    """The sessions beside the bookings at ``target`` (a SQLite file, ``:memory:`` or a
    PostgreSQL URL), their locks in Redis if ``redis_url`` is given; ``options``: the
    stores' idle_seconds, lease_seconds, ... An in-memory store is this process's alone:
    it keeps its own locks."""
    locks = None
    if redis_url and str(target) != ":memory:":
        from bot.sessions.redis_lock import RedisLocks

        locks = RedisLocks(redis_url)
    if is_postgres_url(target):
        from bot.sessions.postgres import PostgresSessionStore  # psycopg is imported only when used

        return PostgresSessionStore(str(target), locks=locks, **options)
    return SqliteSessionStore(target, locks=locks, **options)
