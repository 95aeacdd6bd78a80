"""The session stores on their own, on each backend: snapshots, turn records, expiry, and
the per-session lock across threads, across processes and past a dead holder.

Three locks: SQLite's lock row (``sqlite``), PostgreSQL's advisory lock (``postgres``),
and Redis's over PostgreSQL (``postgres+redis``)."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.models import DialogueState, SlotChange, SlotValue
from bot.sessions import LockLost, SessionBusy, SessionStore, SqliteSessionStore, TurnRecord, open_session_store
from tests.backends import POSTGRES, SQLITE

TODAY = date(2026, 12, 1)
REPO = Path(__file__).resolve().parents[3]


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def record(turn: int, text: str = "hello") -> TurnRecord:
    return TurnRecord(turn=turn, text=text, intents=["greet"], actions=[], slot_changes=[])


def a_state(session_id: str = "s1") -> DialogueState:
    return DialogueState(
        session_id=session_id, today=TODAY, turn=3, active_intent="book_hotel", awaiting="confirm",
        slots={"check_in": SlotValue(value=date(2026, 12, 10), turn=1, surface="the 10th", previous=date(2026, 12, 9)),
               "nights": SlotValue(value=2, turn=2, surface="two nights"),
               "max_price": SlotValue(value=800.0, turn=2, surface="under 800"),
               "city": SlotValue(value="Shanghai", turn=1, surface="SH")},
        booking_refs=["HB-ABCD1234"], quote_key="k1")


OpenStore = Callable[..., SessionStore]


ADVISORY = "postgres"  # PostgreSQL with its own lock, no Redis


@pytest.fixture(params=[SQLITE, ADVISORY, POSTGRES])
def lock(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def target(lock: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """One database per test, that every store of the test opens (as processes sharing it)."""
    if lock == SQLITE:
        yield str(tmp_path / "db.sqlite")
        return
    postgres = request.getfixturevalue("postgres_server")
    yield postgres.new_database()
    postgres.drop_databases()


@pytest.fixture
def redis_url(lock: str, request: pytest.FixtureRequest) -> str | None:
    if lock != POSTGRES:
        return None
    redis = request.getfixturevalue("redis_server")
    redis.flush()
    return redis.url


@pytest.fixture
def open_store(target: str, redis_url: str | None) -> Iterator[OpenStore]:
    """Opens stores over the test's database, the way the bot does (closed after the test)."""
    opened: list[SessionStore] = []

    def open_(**options: Any) -> SessionStore:
        opened.append(open_session_store(target, redis_url=redis_url, **options))
        return opened[-1]

    yield open_
    for store in opened:
        store.close()


def increment(store: SessionStore, session_id: str) -> None:
    """One read-modify-write turn: the counter is the state's turn number."""
    with store.locked(session_id) as session:
        state = session.state or DialogueState(session_id=session_id, today=TODAY)
        state.turn += 1
        session.save(state, record(state.turn))


def test_a_saved_state_loads_back_equal_with_its_dates_and_numbers(open_store: OpenStore) -> None:
    store = open_store()
    state = a_state()
    with store.locked("s1") as session:
        assert session.state is None
        session.save(state, record(3))
    loaded = open_store().load("s1")  # another connection, as after a restart
    assert loaded == state
    assert isinstance(loaded.slots["check_in"].value, date) and isinstance(loaded.slots["nights"].value, int)
    assert isinstance(loaded.slots["max_price"].value, float)


def test_turn_records_are_appended_in_order_and_survive_a_reset(open_store: OpenStore) -> None:
    store = open_store()
    change = SlotChange(slot="city", old=None, new="Shanghai", reason="customer")
    for turn in (1, 2):
        with store.locked("s1") as session:
            session.save(a_state(), TurnRecord(turn=turn, text=f"message {turn}", intents=["inform"],
                                               actions=["validate_booking_form"], slot_changes=[change]))
    with store.locked("s1") as session:
        session.delete()
    assert store.load("s1") is None
    records = store.turns("s1")
    assert [(r.turn, r.text) for r in records] == [(1, "message 1"), (2, "message 2")]
    assert records[0].slot_changes == [change] and records[0].at > 0


def test_idle_sessions_expire_with_their_records_and_active_ones_stay(open_store: OpenStore) -> None:
    clock = FakeClock()
    store = open_store(idle_seconds=3600, clock=clock)
    increment(store, "old")
    clock.now += 1800
    increment(store, "recent")
    clock.now += 1801  # "old" is now idle for 3601 s, "recent" for 1801 s
    assert store.expire() == 1
    assert store.load("old") is None and store.turns("old") == []
    assert store.load("recent").turn == 1 and len(store.turns("recent")) == 1


def test_expiry_runs_by_itself_every_few_saves(open_store: OpenStore) -> None:
    clock = FakeClock()
    store = open_store(idle_seconds=60, expire_every=3, clock=clock)
    increment(store, "old")
    clock.now += 61
    increment(store, "a")
    assert store.count() == 2  # two saves: no expiry yet
    increment(store, "b")  # the third save expires "old"
    assert store.count() == 2 and store.load("old") is None


def test_threads_of_one_process_never_interleave_a_session(open_store: OpenStore) -> None:
    store = open_store()
    threads = [threading.Thread(target=lambda: [increment(store, "shared") for _ in range(40)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.load("shared").turn == 320
    assert len(store.turns("shared")) == 320


INCREMENTS = """
import sys
from datetime import date
from bot.models import DialogueState
from bot.sessions import TurnRecord, open_session_store
store = open_session_store(sys.argv[1], redis_url=sys.argv[3] or None)
for _ in range(int(sys.argv[2])):
    with store.locked("shared") as session:
        state = session.state or DialogueState(session_id="shared", today=date(2026, 12, 1))
        state.turn += 1
        session.save(state, TurnRecord(turn=state.turn, text="", intents=[], actions=[], slot_changes=[]))
"""


def test_processes_sharing_the_database_never_interleave_a_session(
        open_store: OpenStore, target: str, redis_url: str | None) -> None:
    workers = [subprocess.Popen([sys.executable, "-c", INCREMENTS, target, "150", redis_url or ""], cwd=REPO,
                                env={"PYTHONPATH": str(REPO)}) for _ in range(3)]
    store = open_store()
    for _ in range(150):
        increment(store, "shared")
    assert [worker.wait(120) for worker in workers] == [0, 0, 0]
    assert store.load("shared").turn == 600  # a lost update would leave less


def test_a_lock_row_left_by_a_dead_process_is_taken_over_after_its_lease(tmp_path: Path) -> None:
    clock = FakeClock()
    killed, restarted = (SqliteSessionStore(tmp_path / "db.sqlite", lease_seconds=30, clock=clock) for _ in range(2))
    with killed.locked("s1") as late:  # a turn that stops (its process was killed), holding the lock
        clock.now += 31
        increment(restarted, "s1")  # another process takes the session over once the lease ran out
        assert restarted.load("s1").turn == 1
        with pytest.raises(LockLost):  # had the turn only been slow, it cannot overwrite the newer state
            late.save(a_state(), record(99))
    assert restarted.load("s1").turn == 1


def test_a_live_lock_makes_the_other_turn_wait_then_give_up(open_store: OpenStore) -> None:
    holder, waiter = (open_store(wait_seconds=0.3) for _ in range(2))
    with holder.locked("s1"):
        with pytest.raises(SessionBusy):
            increment(waiter, "s1")
    increment(waiter, "s1")  # released: it goes through


# A turn that takes the lock and is then killed (SIGKILL) before it saves.
KILLED_MID_TURN = """
import sys, time
from bot.sessions import open_session_store
store = open_session_store(sys.argv[1], redis_url=sys.argv[2] or None, lease_seconds=float(sys.argv[3]))
with store.locked("s1"):
    print("locked", flush=True)
    time.sleep(600)
"""


def test_a_process_killed_mid_turn_holds_its_session_one_lease_at_most(
        open_store: OpenStore, target: str, redis_url: str | None, lock: str) -> None:
    lease = 2.0
    killed = subprocess.Popen([sys.executable, "-c", KILLED_MID_TURN, target, redis_url or "", str(lease)], cwd=REPO,
                              env={"PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, text=True)
    assert killed.stdout.readline().strip() == "locked"
    killed.send_signal(signal.SIGKILL)
    killed.wait(10)
    store = open_store(lease_seconds=lease)
    started = time.monotonic()
    increment(store, "s1")
    waited = time.monotonic() - started
    assert store.load("s1").turn == 1
    # PostgreSQL frees a dead connection's advisory lock at once; a lock row or a Redis key
    # outlives its holder until the lease runs out (so this one is the Redis lock, not the advisory)
    if lock == ADVISORY:
        assert waited < 0.5
    else:
        assert lease / 2 < waited < lease + 2.0


def test_a_turn_that_outlived_its_lease_cannot_save_over_a_newer_turn(open_store: OpenStore, lock: str) -> None:
    """The lease in real time (the lock row's is the clock test above)."""
    if lock == SQLITE:
        pytest.skip("SQLite's lease is tested with an injected clock (test_a_lock_row_left_by_a_dead_process_...)")
    slow, quick = open_store(lease_seconds=0.5), open_store(lease_seconds=0.5)
    with slow.locked("s1") as late:
        time.sleep(1.0)  # the lease (Redis's expiry, or the server's idle-in-transaction timeout) runs out
        increment(quick, "s1")
        with pytest.raises(LockLost):
            late.save(a_state(), record(99))
    assert quick.load("s1").turn == 1
