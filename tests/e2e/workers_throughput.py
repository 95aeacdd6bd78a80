"""REST turns per second of `hotelbot serve` with 1, 2 and 4 workers on this machine (the
README's figure). Each run: a fresh database, 16 clients replaying the seeds' dialogue in
new sessions, every message on a new connection, for TURNS turns in all.

    PYTHONPATH=$PWD python tests/e2e/workers_throughput.py [TURNS]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.e2e.test_workers import SEEDS, Customer, Server

CLIENTS = 16


def turns_per_second(workers: int, turns: int, tmp: Path) -> float:
    server = Server(tmp / f"throughput-{workers}.sqlite", workers, tmp / f"throughput-{workers}.log")
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
    turns = int(sys.argv[1]) if len(sys.argv) > 1 else 960
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the runs")
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2, 4):
            print(f"{workers} worker(s): {turns_per_second(workers, turns, Path(tmp)):.1f} turns/s", flush=True)


if __name__ == "__main__":
    main()
