"""Throwaway PostgreSQL and Redis servers for the tests, from Debian's packages (`make services`).

Both listen on a Unix socket in a temp directory only (no TCP port to collide with), keep
nothing on disk worth keeping (no fsync, no Redis snapshots) and are stopped at the end.
PostgreSQL refuses to run as root, so as root the server runs as an unprivileged user
(``postgres`` if the package created it, else ``nobody``) owning its temp directory.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

PG_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
REDIS_SERVER = shutil.which("redis-server")
START_SECONDS = 30


class ServerMissing(RuntimeError):
    """The binaries are not installed (`make services` installs them)."""


def _unprivileged() -> list[str]:
    """The prefix that runs a command as a user PostgreSQL accepts."""
    if os.geteuid() != 0:
        return []
    user = "postgres" if _user_exists("postgres") else "nobody"
    return ["runuser", "-u", user, "--"]


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


class Postgres:
    """One PostgreSQL cluster; ``new_database()`` gives a test an empty database of its own."""

    def __init__(self) -> None:
        if not PG_BINARIES:
            raise ServerMissing("PostgreSQL is not installed (/usr/lib/postgresql/*/bin): run `make services`")
        self.bin = PG_BINARIES[-1].parent
        self.dir = Path(tempfile.mkdtemp(prefix="hotelbot-pg-"))
        self.data = self.dir / "data"
        prefix = _unprivileged()
        if prefix:
            shutil.chown(self.dir, user=prefix[2])
        self._run = lambda *command: subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True)
        self._run(self.bin / "initdb", "-D", self.data, "-U", "hotelbot", "-A", "trust", "-E", "UTF8", "--no-sync")
        options = f"-k {self.dir} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=300"
        self._run(self.bin / "pg_ctl", "-D", self.data, "-o", options, "-l", self.dir / "log", "-w",
                  "-t", str(START_SECONDS), "start")
        self._names = itertools.count()
        self._created: list[str] = []
        self.admin = psycopg.connect(self.url("postgres"), autocommit=True)
        self.admin.execute("CREATE DATABASE scratch")
        self.scratch = self.url("scratch")  # for tests that re-create the schema anyway: no new database each

    def url(self, database: str) -> str:
        return f"postgresql://hotelbot@/{database}?host={self.dir}"

    def new_database(self) -> str:
        """An empty database's URL (dropped by ``drop_databases``)."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        self.admin.execute(f"CREATE DATABASE {name}")
        self._created.append(name)
        return self.url(name)

    def drop_databases(self) -> None:
        """Drop every database made so far, closing what is still connected to them."""
        while self._created:
            self.admin.execute(f"DROP DATABASE {self._created.pop()} WITH (FORCE)")

    def stop(self) -> None:
        self.admin.close()
        self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    """One redis-server, memory only; ``flush()`` empties it between tests."""

    def __init__(self) -> None:
        if REDIS_SERVER is None:
            raise ServerMissing("redis-server is not installed: run `make services`")
        self.dir = Path(tempfile.mkdtemp(prefix="hotelbot-redis-"))
        self.socket = self.dir / "redis.sock"
        self.process = subprocess.Popen([REDIS_SERVER, "--port", "0", "--unixsocket", str(self.socket), "--save", "",
                                         "--appendonly", "no", "--dir", str(self.dir)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + START_SECONDS
        while not self.socket.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        self.url = f"unix://{self.socket}"

    def flush(self) -> None:
        import redis

        with redis.Redis.from_url(self.url) as client:
            client.flushall()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)
