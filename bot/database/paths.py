"""Where the database lives: one absolute path, whatever the working directory, unless
``HOTELBOT_DATABASE_URL`` names another file or a PostgreSQL database.

A relative default would let the app, the action server or a chat started from another
directory each seed a database of their own, a second inventory that sells the same rooms
again. So the default is ``$HOTELBOT_HOME/var/hotelbot.sqlite``, or, without
``HOTELBOT_HOME``, the same under the project root (the directory holding pyproject.toml).
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_VARIABLE = "HOTELBOT_HOME"
DATABASE_ENV = "HOTELBOT_DATABASE_URL"  # a SQLite file (a path or sqlite:///path) or postgresql://…
REDIS_ENV = "HOTELBOT_REDIS_URL"  # optional: the per-session locks in Redis (redis://… or unix://…)


def project_root() -> Path:
    """The nearest directory above this file that holds pyproject.toml."""
    here = Path(__file__).resolve()
    for directory in here.parents:
        if (directory / "pyproject.toml").is_file():
            return directory
    raise RuntimeError(f"no pyproject.toml above {here}: set {HOME_VARIABLE} to the directory that "
                       "should hold var/hotelbot.sqlite")


def hotelbot_home() -> Path:
    """``HOTELBOT_HOME`` (made absolute) if set and not empty, else the project root."""
    home = os.environ.get(HOME_VARIABLE)
    return Path(home).expanduser().resolve() if home else project_root()


DEFAULT_DB_PATH = hotelbot_home() / "var" / "hotelbot.sqlite"


def is_postgres_url(target: object) -> bool:
    """Does ``target`` (a database file path or URL) name a PostgreSQL database?"""
    return str(target).startswith(("postgresql://", "postgres://"))


def database_target() -> str | Path:
    """The bookings' and sessions' database: ``HOTELBOT_DATABASE_URL`` (a PostgreSQL URL
    as is, a SQLite file as a path), else DEFAULT_DB_PATH."""
    url = os.environ.get(DATABASE_ENV, "").strip()
    if not url:
        return DEFAULT_DB_PATH
    if is_postgres_url(url) or "://" not in url:
        return url
    scheme, _, rest = url.partition("://")
    if scheme != "sqlite":
        raise ValueError(f"{DATABASE_ENV}: a path, sqlite:///path or postgresql://…, not {scheme}://")
    return rest.removeprefix("/")  # sqlite:///relative.db, sqlite:////absolute.db


def redis_url() -> str | None:
    """``HOTELBOT_REDIS_URL``, if set and not empty."""
    return os.environ.get(REDIS_ENV, "").strip() or None
