"""The cities the catalogue of the turn being answered serves, as the wording names them
("We serve Shanghai, Beijing, ..."; 上海 for Shanghai).

The agent sets them for each turn from its database (`serving`), so one process can
answer over several catalogues (each scripted dialogue may bring its own); a context
variable keeps them per thread and per asyncio task. Outside a turn, the seeded
catalogue's cities are used.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from bot.models import CityInfo

_serving: ContextVar[tuple[CityInfo, ...] | None] = ContextVar("hotelbot_served_cities", default=None)


@lru_cache(maxsize=1)
def _seeded() -> tuple[CityInfo, ...]:
    from bot.database.catalogue import seeded  # only for this default

    return tuple(CityInfo(**city.model_dump()) for city in seeded().cities)


def cities() -> tuple[CityInfo, ...]:
    """The served cities of the turn being answered, in catalogue order."""
    return _serving.get() or _seeded()


@contextmanager
def serving(served: Sequence[CityInfo]) -> Iterator[None]:
    """Within the block, the wording names these cities as the served ones."""
    token = _serving.set(tuple(served))
    try:
        yield
    finally:
        _serving.reset(token)
