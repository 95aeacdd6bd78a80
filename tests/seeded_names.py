"""The seeded catalogue's cities and sights as the tests name them: city -> its ways of
writing it, in English (Latin letters) and in Chinese, and its sights the same way."""

from __future__ import annotations

from bot.database.catalogue import seeded


def _chinese(word: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in word)


CITIES: dict[str, tuple[str, ...]] = {
    city.name: (city.name.lower(), *(a for a in city.aliases if not _chinese(a))) for city in seeded().cities}
CITY_NAMES_ZH: dict[str, tuple[str, ...]] = {
    city.name: (city.name_zh, *(a for a in city.aliases if _chinese(a))) for city in seeded().cities}
LANDMARKS: dict[str, tuple[str, ...]] = {
    city: tuple(way.lower() for sight in seeded().sights if sight.city == city
                for way in (sight.name, *sight.aliases) if not _chinese(way)) for city in CITIES}
LANDMARKS_ZH: dict[str, tuple[str, ...]] = {
    city: tuple(way for sight in seeded().sights if sight.city == city
                for way in (sight.name_zh, *sight.aliases) if _chinese(way)) for city in CITIES}
