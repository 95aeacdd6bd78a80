"""Fixtures shared across the suite: the trained model (made by `make test` first), and
the backends (SQLite; PostgreSQL + Redis on throwaway servers, `make services`)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest

from bot.agent import HotelBot
from tests.backends import BACKENDS, SQLITE, Backend
from tests.servers import Postgres, Redis, ServerMissing
from bot.understanding.nlu_model import ONNX_FILES
from training.config import DEFAULT_MODEL_DIR

DEMO_TODAY = date(2026, 12, 1)


@pytest.fixture(scope="session")
def model_dir():
    if not (DEFAULT_MODEL_DIR / ONNX_FILES["int8"]).exists():
        pytest.fail(f"no trained model in {DEFAULT_MODEL_DIR}: run `make test` (it trains the model first)")
    return DEFAULT_MODEL_DIR


@pytest.fixture(scope="session")
def template_bot(model_dir) -> HotelBot:
    """Loaded once; tests take fresh copies with their own in-memory database."""
    return HotelBot.load(today=DEMO_TODAY, model_dir=model_dir, db_path=":memory:")


@pytest.fixture
def bot(template_bot: HotelBot) -> HotelBot:
    return template_bot.with_fresh_database(DEMO_TODAY)


Server = TypeVar("Server", Postgres, Redis)


def _started(server: Callable[[], Server]) -> Server:
    """The server, or a skip when its binaries are missing; in CI (CI=true) a failure instead."""
    try:
        return server()
    except ServerMissing as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing} (CI runs every backend)")
        pytest.skip(str(missing))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Postgres]:
    server = _started(Postgres)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Redis]:
    server = _started(Redis)
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Each backend in turn: its databases are new and empty, Redis flushed, all dropped after."""
    if request.param == SQLITE:
        names = itertools.count()
        yield Backend(SQLITE, lambda: str(tmp_path / f"db{next(names)}.sqlite"), ":memory:")
        return
    postgres, redis = request.getfixturevalue("postgres_server"), request.getfixturevalue("redis_server")
    redis.flush()
    yield Backend(request.param, postgres.new_database, postgres.scratch, redis.url)
    postgres.drop_databases()
