"""The limit on failed booking look-ups, with an injected clock (no waiting), its failures
in the session store's database on each backend."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from bot.limits import MAX_FAILED_LOOKUPS, WINDOW_SECONDS, LookupLimiter
from bot.sessions import SessionStore, open_session_store
from tests.backends import Backend


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(backend: Backend) -> Iterator[SessionStore]:
    store = open_session_store(backend.new_database(), redis_url=backend.redis_url)
    yield store
    store.close()


@pytest.fixture
def make(store: SessionStore) -> Callable[..., LookupLimiter]:
    """A limiter over the store (every worker's limiter over one store counts the same failures)."""
    return lambda **options: LookupLimiter(store, **options)


def failed(limiter: LookupLimiter, key: str, times: int) -> None:
    for _ in range(times):
        limiter.record_failure(key)


def test_blocks_after_the_allowed_failures_within_the_window(make: Callable[..., LookupLimiter]) -> None:
    limiter = make(clock=FakeClock())
    failed(limiter, "alice", MAX_FAILED_LOOKUPS - 1)
    assert not limiter.blocked("alice")
    failed(limiter, "alice", 1)
    assert limiter.blocked("alice")


def test_the_window_slides_one_failure_at_a_time(make: Callable[..., LookupLimiter]) -> None:
    clock = FakeClock()
    limiter = make(max_failures=3, window_seconds=600, clock=clock)
    failed(limiter, "alice", 1)
    clock.now += 300
    failed(limiter, "alice", 2)
    assert limiter.blocked("alice")
    clock.now += 299
    assert limiter.blocked("alice")
    clock.now += 1  # the first failure is 600 s old: out of the window
    assert not limiter.blocked("alice")
    failed(limiter, "alice", 1)
    assert limiter.blocked("alice")
    clock.now += 600
    assert not limiter.blocked("alice")


def test_failures_spread_wider_than_the_window_never_block(make: Callable[..., LookupLimiter]) -> None:
    clock = FakeClock()
    limiter = make(clock=clock)
    for _ in range(10 * MAX_FAILED_LOOKUPS):
        failed(limiter, "typist", 1)
        clock.now += WINDOW_SECONDS / (MAX_FAILED_LOOKUPS - 1)
    assert not limiter.blocked("typist")


def test_keys_are_counted_apart(make: Callable[..., LookupLimiter]) -> None:
    limiter = make(clock=FakeClock())
    failed(limiter, "rest:alice", MAX_FAILED_LOOKUPS)
    assert limiter.blocked("rest:alice")
    assert not limiter.blocked("rest:bob")
    assert not limiter.blocked("addr:203.0.113.7")


def test_keys_whose_failures_expired_are_forgotten(make: Callable[..., LookupLimiter], store: SessionStore) -> None:
    clock = FakeClock()
    limiter = make(clock=clock)
    for sender in range(100):
        failed(limiter, f"web-{sender}", 1)
    clock.now += WINDOW_SECONDS
    failed(limiter, "web-last", 1)
    assert store.failures_since("web-0", 0) == 0 and store.failures_since("web-last", 0) == 1
    assert stored_failures(store) == 1  # the log holds the window's failures only


def test_workers_over_one_store_count_the_same_failures(make: Callable[..., LookupLimiter]) -> None:
    clock = FakeClock()
    workers = [make(clock=clock) for _ in range(3)]
    for worker in workers[:2]:
        failed(worker, "alice", 2)
    failed(workers[2], "alice", MAX_FAILED_LOOKUPS - 4)
    assert all(worker.blocked("alice") for worker in workers)


def stored_failures(store: SessionStore) -> int:
    """Rows in the store's failure log (the same SQL on both backends)."""
    return store._query("SELECT COUNT(*) FROM lookup_failures", [])[0][0]
