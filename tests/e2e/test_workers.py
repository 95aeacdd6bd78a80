"""`hotelbot serve --workers N` as real processes over one database, on each backend (a
SQLite file; PostgreSQL with the locks in Redis): a conversation survives a SIGKILL of the
server, the turns of one session may land on either worker, and sessions racing for the
last room across workers book it once."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import psycopg
import pytest
import requests

from bot.database import Database
from bot.database.paths import REDIS_ENV, is_postgres_url
from bot.dialogue_tests import load_dialogue
from tests.backends import Backend

REPO = Path(__file__).resolve().parents[2]
DEMO_TODAY = date(2026, 12, 1)
SECRET = "the workers tests' key, not a secret at all"
SEEDS = [turn.user for turn in load_dialogue(REPO / "tests" / "dialogues" / "01_seeds_switch_before_answer.yaml").turns]
STARTUP_SECONDS = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`hotelbot serve` in its own process group (its workers die with it)."""

    def __init__(self, db: Path | str, workers: int, log: Path, redis_url: str | None = None) -> None:
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(REPO), "HOTELBOT_SECRET": SECRET, REDIS_ENV: redis_url or ""}
        command = [sys.executable, "-m", "bot.cli", "serve", "--workers", str(workers), "--port", str(self.port),
                   "--today", DEMO_TODAY.isoformat(), "--db", str(db)]
        self.log = log
        self.process = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True,
                                        stdout=log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"the server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        self._until_every_worker_answers(workers, deadline)

    def _until_every_worker_answers(self, workers: int, deadline: float) -> None:
        """/health answers once the first worker is up; the others may still be loading
        the model. Greetings go out until the turn records show every worker served one."""
        probe = Customer(self.url)
        while len(set(processes_of(self.db, probe.session_id))) < workers:
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"only {set(processes_of(self.db, probe.session_id))} of {workers} workers answered")
            probe.say("hello")

    def _healthy(self) -> bool:
        try:
            return requests.get(self.url + "/health", timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole group (server and workers), then reap the server."""
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass
        self.process.wait(30)


@contextmanager
def serving(backend: Backend, db: str, workers: int, tmp_path: Path) -> Iterator[Server]:
    server = Server(db, workers, tmp_path / f"server-{workers}.log", backend.redis_url)
    try:
        yield server
    finally:
        server.kill(signal.SIGTERM)


class Customer:
    """One REST identity; every message on a new connection, so the kernel may hand it to any worker."""

    def __init__(self, url: str) -> None:
        self.url = url
        identity = requests.post(url + "/session", timeout=30).json()
        self.sender, self.token = identity["sender"], identity["token"]

    def say(self, text: str) -> str:
        response = requests.post(self.url + "/webhooks/rest/webhook", json={"message": text}, timeout=120,
                                 headers={"Authorization": f"Bearer {self.token}", "Connection": "close"})
        assert response.status_code == 200, response.text
        return response.json()[0]["text"]

    @property
    def session_id(self) -> str:
        return "rest:" + self.sender


def stored(db: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of a query on the server's database; JSON columns as text on both backends."""
    if is_postgres_url(db):
        with psycopg.connect(str(db)) as conn:
            sql = sql.replace("?", "%s")
            return [tuple(json.dumps(v) if isinstance(v, dict) else v for v in row) for row in conn.execute(sql, params)]
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def confirmed_bookings(db: Path, owner: str) -> int:
    return stored(db, "SELECT COUNT(*) FROM bookings WHERE owner = ? AND status = 'confirmed'", (owner,))[0][0]


def processes_of(db: Path, session_id: str) -> list[int]:
    return [json.loads(record)["process"] for (record,) in
            stored(db, "SELECT record FROM session_turns WHERE session_id = ? ORDER BY at", (session_id,))]


def comparable(state: dict) -> dict:
    """A final state without what differs between any two runs: the session id and random references."""
    return {key: value for key, value in state.items() if key not in ("session_id", "booking_refs", "quote_key")}


def test_a_confirmation_after_a_sigkill_and_restart_books_exactly_once(
        tmp_path: Path, model_dir: Path, backend: Backend) -> None:
    db = backend.new_database()
    with serving(backend, db, 2, tmp_path) as server:
        customer = Customer(server.url)
        for line in SEEDS[:-1]:
            summary = customer.say(line)
        assert "(yes / no)" in summary
        server.kill(signal.SIGKILL)
    assert confirmed_bookings(db, customer.session_id) == 0
    with serving(backend, db, 2, tmp_path) as server:
        customer.url = server.url  # the same token: the key is the deployment's, not the process's
        assert "HB-" in customer.say(SEEDS[-1])
        customer.say(SEEDS[-1])  # "yes" again books nothing more
    assert confirmed_bookings(db, customer.session_id) == 1


def test_sessions_spread_over_two_workers_end_as_with_one(tmp_path: Path, template_bot, backend: Backend) -> None:
    reference = template_bot.with_fresh_database(DEMO_TODAY)
    for line in SEEDS:
        expected = reference.handle("reference", line).state.model_dump(mode="json")
    db = backend.new_database()
    with serving(backend, db, 2, tmp_path) as server:
        customers = [Customer(server.url) for _ in range(8)]
        with ThreadPoolExecutor(len(customers)) as pool:  # concurrent sessions, so both workers take turns
            list(pool.map(lambda customer: [customer.say(line) for line in SEEDS], customers))
    for customer in customers:
        assert confirmed_bookings(db, customer.session_id) == 1
        [(state,)] = stored(db, "SELECT state FROM sessions WHERE session_id = ?", (customer.session_id,))
        assert comparable(json.loads(state)) == comparable(expected)
    served = [processes_of(db, customer.session_id) for customer in customers]
    assert len({pid for pids in served for pid in pids}) == 2, "one worker served every turn"
    assert any(len(set(pids)) == 2 for pids in served), "no session had turns on both workers"


def test_fifty_sessions_on_two_workers_race_for_the_last_room(tmp_path: Path, template_bot, backend: Backend) -> None:
    quoted = template_bot.with_fresh_database(DEMO_TODAY)
    for line in SEEDS[:-1]:
        quote = quoted.handle("probe", line).state.quote
    stay = (quote.room_type_id, date(2026, 12, 11), date(2026, 12, 13))
    db = backend.new_database()
    with Database.open_default(db) as filler:  # everything of the quoted room type booked but one room
        while filler.rooms_free(*stay) > 1:
            filler.create_booking("seed:filler", *stay, guests=1)
    with serving(backend, db, 2, tmp_path) as server:
        customers = [Customer(server.url) for _ in range(50)]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda customer: [customer.say(line) for line in SEEDS[:-1]], customers))
        states = [stored(db, "SELECT state FROM sessions WHERE session_id = ?", (customer.session_id,))[0][0]
                  for customer in customers]
        quotes = {(json.loads(state)["quote"] or {}).get("room_type_id") for state in states}
        assert quotes == {quote.room_type_id}, "every session must be about to book the same last room"
        start = threading.Barrier(len(customers))
        with ThreadPoolExecutor(len(customers)) as pool:
            list(pool.map(lambda customer: (start.wait(), customer.say(SEEDS[-1])), customers))
    assert sum(confirmed_bookings(db, customer.session_id) for customer in customers) == 1
    with Database.open_default(db) as check:
        assert check.rooms_free(*stay) == 0 and check.overbooked_nights() == []
    last_turns = {processes_of(db, customer.session_id)[-1] for customer in customers}
    assert len(last_turns) == 2, "the confirmations did not run on both workers"
