"""The lock store on Redis (``HOTELBOT_REDIS_URL``): the per-session lock of every worker,
whichever store keeps the sessions.

A lock is redis-py's `Lock`: ``SET key token NX PX lease`` to take it, released only by
its owner (a script compares the token), and gone by itself once the lease runs out, so
a worker killed mid-turn holds a session for one lease at most. Failures are a sorted
set per key (scores = times) that expires a day after its last failure (longer than any
look-up window).
"""

from __future__ import annotations

import redis
from redis.exceptions import LockError

from bot.sessions.base import SessionBusy

_PREFIX = "hotelbot:"


class RedisLease:
    def __init__(self, lock: redis.lock.Lock) -> None:
        self._lock = lock

    def held(self) -> bool:
        return self._lock.owned()

    def release(self) -> None:
        try:
            self._lock.release()
        except LockError:  # the lease ran out (and another turn may hold the lock now): nothing to release
            pass


class RedisLocks:
    """Session locks in Redis (`bot.sessions.base.LockStore`)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._redis = redis.Redis.from_url(url)

    def acquire(self, session_id: str, lease_seconds: float, wait_seconds: float) -> RedisLease:
        lock = self._redis.lock(f"{_PREFIX}lock:{session_id}", timeout=lease_seconds, sleep=0.005,
                                blocking_timeout=wait_seconds, thread_local=False)
        if not lock.acquire():
            raise SessionBusy(f"the session stayed locked for {wait_seconds:.0f} s")
        return RedisLease(lock)

    def close(self) -> None:
        self._redis.close()
