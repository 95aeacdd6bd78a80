"""The limit on failed booking look-ups, with an injected clock (no waiting)."""

from __future__ import annotations

from bot.limits import MAX_FAILED_LOOKUPS, WINDOW_SECONDS, LookupLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def failed(limiter: LookupLimiter, key: str, times: int) -> None:
    for _ in range(times):
        limiter.record_failure(key)


def test_blocks_after_the_allowed_failures_within_the_window() -> None:
    limiter = LookupLimiter(clock=FakeClock())
    failed(limiter, "alice", MAX_FAILED_LOOKUPS - 1)
    assert not limiter.blocked("alice")
    failed(limiter, "alice", 1)
    assert limiter.blocked("alice")


def test_the_window_slides_one_failure_at_a_time() -> None:
    clock = FakeClock()
    limiter = LookupLimiter(max_failures=3, window_seconds=600, clock=clock)
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


def test_failures_spread_wider_than_the_window_never_block() -> None:
    clock = FakeClock()
    limiter = LookupLimiter(clock=clock)
    for _ in range(10 * MAX_FAILED_LOOKUPS):
        failed(limiter, "typist", 1)
        clock.now += WINDOW_SECONDS / (MAX_FAILED_LOOKUPS - 1)
    assert not limiter.blocked("typist")


def test_keys_are_counted_apart() -> None:
    limiter = LookupLimiter(clock=FakeClock())
    failed(limiter, "rest:alice", MAX_FAILED_LOOKUPS)
    assert limiter.blocked("rest:alice")
    assert not limiter.blocked("rest:bob")
    assert not limiter.blocked("addr:203.0.113.7")


def test_keys_whose_failures_expired_are_forgotten() -> None:
    clock = FakeClock()
    limiter = LookupLimiter(clock=clock)
    for sender in range(100):
        failed(limiter, f"web-{sender}", 1)
    clock.now += WINDOW_SECONDS
    failed(limiter, "web-last", 1)
    assert list(limiter._failures) == ["web-last"]
