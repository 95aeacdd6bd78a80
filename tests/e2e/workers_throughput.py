"""REST turns per second of `hotelbot serve` with 1, 2 and 4 workers on this machine (the
README's figure). Each run: a fresh database, 16 clients replaying the seeds' dialogue in
new sessions, every message on a new connection, for TURNS turns in all. ``--backend
postgres+redis`` serves from a throwaway PostgreSQL with the locks in a throwaway Redis
(tests/servers.py; `make services` installs them).

    PYTHONPATH=$PWD python tests/e2e/workers_throughput.py [TURNS] [--backend sqlite|postgres+redis]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.backends import BACKENDS, SQLITE
from tests.e2e.test_workers import SEEDS, Customer, Server
from tests.servers import Postgres, Redis

CLIENTS = 16


def turns_per_second(workers: int, turns: int, db: str, log: Path, redis_url: str | None) -> float:
    server = Server(db, workers, log, redis_url)
    try:
        def client(_: int) -> int:
            sent = 0
            while sent < turns // CLIENTS:
                customer = Customer(server.url)
                for line in SEEDS:
                    customer.say(line)
                sent += len(SEEDS)
            return sent

        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            sent = sum(pool.map(client, range(CLIENTS)))
        return sent / (time.perf_counter() - started)
    finally:
        server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("turns", nargs="?", type=int, default=960)
    parser.add_argument("--backend", choices=BACKENDS, default=SQLITE)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the runs; {args.backend}")
    postgres, redis = (None, None) if args.backend == SQLITE else (Postgres(), Redis())
    try:
        with tempfile.TemporaryDirectory() as tmp:
            new_database: Callable[[int], str] = (
                (lambda workers: str(Path(tmp) / f"throughput-{workers}.sqlite")) if postgres is None
                else (lambda workers: postgres.new_database()))
            for workers in (1, 2, 4):
                rate = turns_per_second(workers, args.turns, new_database(workers), Path(tmp) / f"throughput-{workers}.log",
                                        redis.url if redis else None)
                print(f"{workers} worker(s): {rate:.1f} turns/s", flush=True)
    finally:
        for server in (postgres, redis):
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
