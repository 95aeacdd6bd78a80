"""Several connections on one SQLite file: WAL and a busy timeout, writers that queue,
a COMMIT that fails without wedging the connection, a clear reply when the database stays
locked, and 50 sessions in 2 processes racing for the last room; the same on PostgreSQL,
where a table lock held by another connection is what makes a booking wait."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import psycopg
import pytest

from bot.agent import BotConfig, HotelBot
from bot.database import Database, DatabaseBusy
from bot.wording import en as replies

PROJECT = Path(__file__).resolve().parents[3]
DEC_10, DEC_12 = date(2026, 12, 10), date(2026, 12, 12)
SHORT = 0.2  # seconds: the busy timeout of the tests that wait for a lock on purpose


def courtyard_suite(db: Database) -> int:
    """The room type with a single room: the last room from the start."""
    return next(o.room_type_id for o in db.room_offers("French Concession Garden Hotel", DEC_10, DEC_12, guests=1)
                if o.room_type == "Courtyard Suite")


@contextmanager
def held(path: Path, begin: str) -> Iterator[sqlite3.Connection]:
    """Another connection inside a transaction: ``BEGIN`` + a read holds a read lock (a
    snapshot in WAL mode), ``BEGIN IMMEDIATE`` the write lock; released at the end."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute(begin)
    other.execute("SELECT COUNT(*) FROM bookings").fetchall()
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


def count_bookings(path: Path, owner: str) -> int:
    with sqlite3.connect(path) as fresh:
        return fresh.execute("SELECT COUNT(*) FROM bookings WHERE owner = ?", [owner]).fetchone()[0]


# ------------------------------------------------------------------------- modes


def test_a_file_database_runs_in_wal_mode_with_the_busy_timeout_asked(tmp_path: Path) -> None:
    with Database.create(tmp_path / "h.sqlite", busy_timeout=0.25) as db:
        assert db._backend.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db._backend.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 250
    with Database(tmp_path / "h.sqlite") as db:
        assert db._backend.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000  # the default, stated


def test_a_long_read_does_not_block_a_booking_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with Database.create(path, busy_timeout=SHORT) as db, held(path, "BEGIN") as reader:
        db.create_booking("s", courtyard_suite(db), DEC_10, DEC_12, guests=1)
        assert reader.execute("SELECT COUNT(*) FROM bookings WHERE owner = 's'").fetchone()[0] == 0  # its snapshot
    assert count_bookings(path, "s") == 1


def test_two_writers_queue_for_the_write_lock(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with Database.create(path, busy_timeout=5) as db:
        suite = courtyard_suite(db)
        locked = threading.Event()

        def write_for_a_while() -> None:
            with held(path, "BEGIN IMMEDIATE"):
                locked.set()
                time.sleep(0.4)

        writer = threading.Thread(target=write_for_a_while)
        writer.start()
        locked.wait()
        started = time.perf_counter()
        db.create_booking("s", suite, DEC_10, DEC_12, guests=1)  # waits for the other writer, then books
        assert time.perf_counter() - started >= 0.3
        writer.join()
    assert count_bookings(path, "s") == 1


# ------------------------------------------------------------------------- busy, then usable


def test_a_commit_that_fails_rolls_back_and_the_connection_stays_usable(tmp_path: Path) -> None:
    """Rollback journal: a reader's lock makes the COMMIT itself fail (what WAL avoids)."""
    path = tmp_path / "h.sqlite"
    with Database.create(path, busy_timeout=SHORT, wal=False) as db:
        suite = courtyard_suite(db)
        with held(path, "BEGIN"), db.recording() as queries, pytest.raises(DatabaseBusy, match="nothing was changed"):
            db.create_booking("s", suite, DEC_10, DEC_12, guests=1)
        assert any(q.sql.startswith("INSERT INTO bookings") for q in queries)  # every statement ran ...
        assert queries[-1].sql == "ROLLBACK" and "COMMIT" not in [q.sql for q in queries]  # ... the COMMIT failed
        assert not db._backend.conn.in_transaction
        assert count_bookings(path, "s") == 0 and db.rooms_free(suite, DEC_10, DEC_12) == 1  # no phantom
        booking = db.create_booking("s", suite, DEC_10, DEC_12, guests=1)  # once released, the next one books
        assert [b.ref for b in db.bookings_of("s")] == [booking.ref]
        assert db.overbooked_nights() == []


@pytest.mark.parametrize("wal, begin", [(True, "BEGIN IMMEDIATE"), (False, "BEGIN")])
def test_a_held_lock_fails_one_booking_cleanly_and_the_next_succeeds(tmp_path: Path, wal: bool, begin: str) -> None:
    """WAL: another writer's lock; rollback journal: another reader's. Either way one clear
    error, nothing written, and the connection books as soon as the lock is gone."""
    path = tmp_path / "h.sqlite"
    with Database.create(path, busy_timeout=SHORT, wal=wal) as db:
        suite = courtyard_suite(db)
        with held(path, begin):
            started = time.perf_counter()
            with pytest.raises(DatabaseBusy):
                db.create_booking("s", suite, DEC_10, DEC_12, guests=1, idempotency_key="q1")
            assert time.perf_counter() - started >= SHORT * 0.9  # it waited for the lock first
        assert count_bookings(path, "s") == 0
        booking = db.create_booking("s", suite, DEC_10, DEC_12, guests=1, idempotency_key="q1")
        assert db.create_booking("s", suite, DEC_10, DEC_12, guests=1, idempotency_key="q1") == booking
        assert count_bookings(path, "s") == 1 and db.rooms_free(suite, DEC_10, DEC_12) == 0


def _bot_at_the_summary(template_bot: HotelBot, db: Database, target: str | Path, sessions=None) -> HotelBot:
    """A bot over ``db`` whose session "s" waits for the "yes" to a booking summary."""
    knowledge = template_bot.actions["action_answer_faq"].services.knowledge.with_database(db)
    config = BotConfig(model_dir=template_bot.config.model_dir, db_path=target, today=date(2026, 12, 1))
    bot = HotelBot(template_bot.understanding, db, knowledge, config, sessions)
    for line in ("I want to book a hotel in Shanghai on the 10th", "show me hotels for the 11th instead",
                 "the first one, for 2 people, 2 nights"):
        bot.handle("s", line)
    assert bot.state("s").confirming == "book"
    return bot


def _yes_fails_while_held_then_books_once(bot: HotelBot, db: Database, holding, bookings_of_s) -> None:
    """The turn fails with the apology (state as before, "send it again"), and the same
    "yes" once the lock is gone books exactly once."""
    before = bot.state("s").model_dump()
    with holding:
        failed = bot.handle("s", "yes")
    assert failed.trace.error_id and failed.reply == replies.turn_failed(failed.trace.error_id)
    assert bot.state("s").model_dump() == before and bookings_of_s() == 0
    booked = bot.handle("s", "yes")
    [booking] = db.bookings_of("s")
    assert replies.booked(booking) in booked.reply and db.overbooked_nights() == []


def test_a_locked_database_is_a_clear_reply_and_yes_again_books_once(tmp_path: Path, template_bot: HotelBot) -> None:
    path = tmp_path / "h.sqlite"
    db = Database.create(path, busy_timeout=SHORT, wal=False)
    bot = _bot_at_the_summary(template_bot, db, path)
    _yes_fails_while_held_then_books_once(bot, db, held(path, "BEGIN"), lambda: count_bookings(path, "s"))
    db.close()


# ------------------------------------------------------------------------- race

# One process of the race: THREADS sessions, each on its own connection, wait for the
# common start time and book the same last room; each prints what it got.
RACER = """
import json, sys, threading, time
from datetime import date
from bot.database import Database, NoAvailability
path, room, first, threads, start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
connections = [Database.open_default(path, busy_timeout=30) if sys.argv[6] == "postgres"
               else Database(path, busy_timeout=30, wal=sys.argv[6] == "wal") for _ in range(threads)]
results = [None] * threads
def book(i):
    time.sleep(max(0.0, start - time.time()))
    try:
        connections[i].create_booking(f"race-{first + i}", room, date(2026, 12, 10), date(2026, 12, 12), 1)
        results[i] = "booked"
    except NoAvailability:
        results[i] = "no longer available"
    except Exception as error:
        results[i] = f"{type(error).__name__}: {error}"
workers = [threading.Thread(target=book, args=(i,)) for i in range(threads)]
for worker in workers: worker.start()
for worker in workers: worker.join()
print(json.dumps(results))
"""


@pytest.mark.parametrize("journal", ["wal", "delete", "postgres"])
def test_fifty_sessions_in_two_processes_race_for_the_last_room(tmp_path: Path, journal: str,
                                                               request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue("pg_url") if journal == "postgres" else tmp_path / "race.sqlite"
    with Database.create(path, wal=journal == "wal") if journal != "postgres" else Database.create(path) as db:
        suite = courtyard_suite(db)
    start = time.time() + 3  # both processes have imported and connected by then
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(path), str(suite), str(first), "25", str(start), journal],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for first in (0, 25)]
    results: list[str] = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
        results += json.loads(out)
    assert Counter(results) == {"booked": 1, "no longer available": 49}
    with Database.open_default(path) as db:
        assert db.overbooked_nights() == []
        assert db.rooms_free(suite, DEC_10, DEC_12) == 0
        assert sum(len(db.bookings_of(f"race-{i}")) for i in range(50)) == 1


# ------------------------------------------------------------------------- PostgreSQL


@contextmanager
def pg_held(url: str, statement: str) -> Iterator[psycopg.Connection]:
    """Another connection inside a transaction that ran ``statement`` (a read, or a lock)."""
    with psycopg.connect(url) as other:
        other.execute(statement)
        try:
            yield other
        finally:
            other.rollback()


def pg_count_bookings(url: str, owner: str) -> int:
    with psycopg.connect(url) as fresh:
        return fresh.execute("SELECT COUNT(*) FROM bookings WHERE owner = %s", [owner]).fetchone()[0]


@pytest.fixture
def pg_url(postgres_server) -> Iterator[str]:
    yield postgres_server.new_database()
    postgres_server.drop_databases()


def test_a_long_read_does_not_block_a_booking_on_postgresql(pg_url: str) -> None:
    with Database.create(pg_url, busy_timeout=SHORT) as db, pg_held(pg_url, "SELECT COUNT(*) FROM bookings") as reader:
        db.create_booking("s", courtyard_suite(db), DEC_10, DEC_12, guests=1)
        assert reader.execute("SELECT COUNT(*) FROM bookings WHERE owner = 's'").fetchone()[0] == 1  # read committed
    assert pg_count_bookings(pg_url, "s") == 1


def test_a_held_table_lock_fails_one_postgresql_booking_cleanly_and_the_next_succeeds(pg_url: str) -> None:
    """A reader holding SHARE on the counters (the lock a read-for-consistency takes) keeps
    every writer out: one clear error after the busy timeout, no row, then the booking goes through."""
    with Database.create(pg_url, busy_timeout=SHORT) as db:
        suite = courtyard_suite(db)
        with pg_held(pg_url, "LOCK TABLE room_nights IN SHARE MODE"):
            started = time.perf_counter()
            with pytest.raises(DatabaseBusy, match="nothing was changed"):
                db.create_booking("s", suite, DEC_10, DEC_12, guests=1, idempotency_key="q1")
            assert time.perf_counter() - started >= SHORT * 0.9  # it waited for the lock first
        assert pg_count_bookings(pg_url, "s") == 0 and db.rooms_free(suite, DEC_10, DEC_12) == 1  # no phantom
        booking = db.create_booking("s", suite, DEC_10, DEC_12, guests=1, idempotency_key="q1")
        assert db.create_booking("s", suite, DEC_10, DEC_12, guests=1, idempotency_key="q1") == booking
        assert pg_count_bookings(pg_url, "s") == 1 and db.rooms_free(suite, DEC_10, DEC_12) == 0
        assert db.overbooked_nights() == []


def test_a_locked_postgresql_database_is_a_clear_reply_and_yes_again_books_once(
        pg_url: str, template_bot: HotelBot) -> None:
    db = Database.create(pg_url, busy_timeout=SHORT)
    bot = _bot_at_the_summary(template_bot, db, pg_url, BotConfig(db_path=pg_url).session_store(pg_url))
    _yes_fails_while_held_then_books_once(bot, db, pg_held(pg_url, "LOCK TABLE bookings IN SHARE MODE"),
                                          lambda: pg_count_bookings(pg_url, "s"))
    bot.sessions.close()
    db.close()
