"""Fixtures for the database tests: a fresh seeded in-memory database per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.database import Database


@pytest.fixture
def db() -> Iterator[Database]:
    """A freshly seeded database."""
    with Database.create(":memory:") as database:
        yield database
