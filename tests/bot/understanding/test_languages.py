"""The reader interface: one package per language, chosen per span in languages.py; the
normaliser and the date reader name no language, so a third language is a new package."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.understanding import languages
from bot.understanding.dates import read_date
from bot.understanding.languages import READERS, language_of, reader_of
from bot.understanding.normalize import Normalizer
from bot.understanding.reading import Reading, fail
from intents import schema

UNDERSTANDING = Path(languages.__file__).parent
TODAY = date(2026, 12, 1)
# the catalogue's names have indexes, and the search constraints and a trip's days are found in
# the whole message (constraints.py, trips.py)
TEXT_SLOTS = set(schema.SLOTS) - {"check_in", "check_out", "hotel", "city"} - set(schema.READ_SLOTS)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }


@pytest.mark.parametrize("module", ["normalize.py", "dates.py"])
def test_the_normaliser_and_the_date_reader_import_no_language(module: str) -> None:
    imported = imported_modules(UNDERSTANDING / module)
    assert not {name for name in imported if name.startswith(("bot.understanding.en", "bot.understanding.zh"))}


@pytest.mark.parametrize("language", sorted(READERS))
def test_every_language_reads_every_slot_read_from_text(language: str) -> None:
    reader = READERS[language]
    assert reader.language == language and set(reader.slots) == TEXT_SLOTS
    assert reader.range_words, "the words between two dates of a range"


@pytest.mark.parametrize(
    ("text", "language"),
    [("hello, a room in Shanghai", "en"), ("sh 15号 2晚", "zh"), ("12", "en"), ("帮我订酒店", "zh"), ("１０", "en")],
)
def test_a_message_is_in_the_first_language_other_than_english_that_claims_it(text: str, language: str) -> None:
    assert language_of(text) == language


def test_a_span_goes_to_its_messages_reader_else_to_the_reader_of_its_characters() -> None:
    assert reader_of("12/10", "zh").language == "zh"  # a Chinese message reads 12/10 month first
    assert reader_of("上海", "en").language == "zh"  # a stray Chinese name in an English message
    assert reader_of("Shanghai", "en").language == "en"
    assert read_date("12/10", TODAY, language="zh").value == date(2026, 12, 10)
    assert read_date("10/12", TODAY, language="zh").value == date(2027, 10, 12)


# ----------------------------------------------------------------- a third language, as a package would add it

class _ToyCities:
    """A third language's index of the catalogue's cities (this one knows one name)."""

    def __init__(self, cities, sights) -> None:
        self.served = {city.name for city in cities}

    def read(self, text: str) -> Reading:
        if "ченду" in text.lower() and "Chengdu" in self.served:
            return Reading("Chengdu", f"'{text}' -> Chengdu")
        return fail(f"no city in '{text}'")


def _toy_date(text: str, today: date, after: date | None) -> Reading:
    return Reading(date(2026, 12, 20), f"'{text}' -> the 20th") if "двадцат" in text else fail(f"no date in '{text}'")


@pytest.fixture
def third_language(monkeypatch: pytest.MonkeyPatch):
    english = READERS["en"]
    toy = replace(
        english, language="xx", claims=lambda span: any("а" <= c <= "я" for c in span.lower()),
        city_names=_ToyCities, read_date=_toy_date, read_shift=lambda span: None,
        range_words=("до",), is_message=lambda text: any("а" <= c <= "я" for c in text.lower()),
    )
    monkeypatch.setitem(READERS, "xx", toy)
    return toy


def test_a_third_language_is_read_once_its_reader_is_listed(third_language) -> None:
    assert language_of("номер в Ченду") == "xx"
    normalizer = Normalizer(TODAY, language="xx")
    assert normalizer.normalize("city", "Ченду").value == "Chengdu"
    assert normalizer.normalize("check_in", "двадцатое").value == date(2026, 12, 20)
    # Latin letters its reader cannot serve still reach the English one ("sh" in any message)
    assert normalizer.normalize("city", "Shanghai").value == "Shanghai"
    # and in an English message, a span in its letters goes to it
    assert Normalizer(TODAY).normalize("city", "Ченду").value == "Chengdu"
