"""Date reading against dateparser: the bot's date readers and the `dateparser` library on the
expressions of tests/fixtures/date_expressions.yaml, per language and family: how many each
reads right, wrong or not at all, and the time per expression. `python -m training.compare_dates`

Both read the text as the bot's readers get it (understand.rewritten: chat abbreviations
spelt out, Traditional Chinese in Simplified). Ours reads the spans as the understanding stage
does: normalize.Normalizer in the message's language, a stay's check-out after its check-in,
then trips.with_trip (a public holiday no span gave a date). dateparser reads in the case's
language, RELATIVE_BASE = its today, PREFER_DATES_FROM = future: `parse`, else `search_dates`
over the phrase; for a stay, the first two dates `search_dates` finds. The third reader is
ours, and dateparser where ours reads nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import dateparser
import yaml
from dateparser.search import search_dates

from bot.database.catalogue import seeded
from bot.models import Entity, Shift
from bot.understanding.en.spelling import Speller
from bot.understanding.languages import language_of
from bot.understanding.normalize import Normalizer, seeded_places
from bot.understanding.trips import with_trip
from bot.understanding.understand import rewritten

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "date_expressions.yaml"
FAMILIES = ("absolute", "weekday", "relative", "month", "chat", "holiday", "stay", "project_only")
READERS = ("ours", "dateparser", "combined")
OUTCOMES = ("right", "wrong", "none")

# what an expression means: a date, no single day (None), a stay, or a move by n days
Meaning = date | None | tuple[date, date] | int


@dataclass(frozen=True)
class Case:
    language: str
    family: str
    today: date
    text: str
    meaning: Meaning
    spans: tuple[str, ...]  # a stay's check-in and check-out spans; the text itself otherwise


@dataclass(frozen=True)
class Row:
    case: Case
    read: dict[str, Meaning]  # by reader
    seconds: dict[str, float]  # ours and dateparser


def load_cases(path: Path = FIXTURE) -> list[Case]:
    cases = []
    for language, families in yaml.safe_load(path.read_text(encoding="utf-8")).items():
        for family, days in families.items():
            if family not in FAMILIES:
                raise ValueError(f"{path}: unknown family {family!r}")
            for today, expressions in days.items():
                for text, meaning in expressions.items():
                    stay = isinstance(meaning, dict)
                    cases.append(Case(language, family, today, str(text), tuple(meaning["stay"]) if stay else meaning,
                                      tuple(str(span) for span in meaning["spans"]) if stay else (str(text),)))
    return cases


class BotReader:
    """The understanding stage's way to a date: the rewrite, then the normaliser's date slots."""

    def __init__(self) -> None:
        self.hotel_names = [name for hotel in seeded().hotels for name in (hotel.name, hotel.name_zh)]
        self.places = seeded_places()
        self.speller = Speller.of(self.hotel_names, self.places.cities, self.places.sights)

    def as_read(self, text: str) -> str | None:
        """The text the readers read; None for keyboard noise, which is not read at all."""
        written, noise = rewritten(text, self.speller)
        return None if noise else written.text

    def read(self, message: str, spans: Sequence[str], today: date) -> Meaning:
        """The check-in (a stay: with its check-out) of a message whose date spans are ``spans``."""
        normalizer = Normalizer(today, self.hotel_names, language=language_of(message), places=self.places)
        entities: list[Entity] = []
        for slot, span in zip(("check_in", "check_out"), spans):
            check_in = entities[0].normalized if entities and isinstance(entities[0].normalized, date) else None
            result = normalizer.normalize(slot, span, after=check_in)
            start = message.find(span)
            entities.append(Entity(entity=slot, value=span, start=start, end=start + len(span), confidence=1.0,
                                   normalized=result.value, known=result.known, note=result.note))
        # a public holiday the normaliser reads no date for ("春节") is the trip words' (trips.py)
        entities, _ = with_trip(entities, ["book_hotel"], message, today)
        read = {entity.entity: entity.normalized for entity in entities}
        check_in, check_out = read.get("check_in"), read.get("check_out")
        if isinstance(check_in, Shift):
            return check_in.days
        if not isinstance(check_in, date):
            return None
        if len(spans) == 1:
            return check_in
        return (check_in, check_out) if isinstance(check_out, date) else None


def dateparser_read(text: str, language: str, today: date, stay: bool) -> Meaning:
    settings = {"RELATIVE_BASE": datetime.combine(today, datetime.min.time()), "PREFER_DATES_FROM": "future"}
    if stay:  # one date found is a stay read wrong, as (date, date)
        found = [when.date() for _, when in search_dates(text, languages=[language], settings=settings) or []]
        return (found[0], found[min(1, len(found) - 1)]) if found else None
    parsed = dateparser.parse(text, languages=[language], settings=settings)
    if parsed is None:
        found = search_dates(text, languages=[language], settings=settings)
        parsed = found[0][1] if found else None
    return parsed.date() if parsed else None


def _timed(read: Callable[..., Meaning], *args: object) -> tuple[Meaning, float]:
    start = time.perf_counter()
    return read(*args), time.perf_counter() - start


def compare(cases: Iterable[Case]) -> list[Row]:
    cases = list(cases)
    ours = BotReader()
    for language, word in (("en", "tomorrow"), ("zh", "春节")):  # the first call loads a language's data, and the calendar
        dateparser_read(word, language, date(2026, 12, 1), False)
        ours.read(word, [word], date(2026, 12, 1))
    rows = []
    for case in cases:
        message, spans = ours.as_read(case.text), [ours.as_read(span) for span in case.spans]
        if message is None or None in spans:
            mine, theirs, mine_s, theirs_s = None, None, 0.0, 0.0
        else:
            mine, mine_s = _timed(ours.read, message, spans, case.today)
            theirs, theirs_s = _timed(dateparser_read, message, case.language, case.today, len(case.spans) > 1)
        rows.append(Row(case, {"ours": mine, "dateparser": theirs, "combined": theirs if mine is None else mine},
                        {"ours": mine_s, "dateparser": theirs_s}))
    return rows


def outcome(case: Case, read: Meaning) -> str:
    """right, wrong, or none (nothing read). Where no single day is meant, nothing read is right."""
    if read is None:
        return "right" if case.meaning is None else "none"
    return "right" if read == case.meaning else "wrong"


def tally(rows: Iterable[Row]) -> dict[tuple[str, str], dict[str, dict[str, int]]]:
    """(language, family or "all") -> reader -> outcome -> count."""
    counts: dict[tuple[str, str], dict[str, dict[str, int]]] = {}
    for row in rows:
        for key in ((row.case.language, row.case.family), (row.case.language, "all")):
            by_reader = counts.setdefault(key, {r: dict.fromkeys(OUTCOMES, 0) for r in READERS})
            for reader in READERS:
                by_reader[reader][outcome(row.case, row.read[reader])] += 1
    return counts


def table(rows: Sequence[Row]) -> list[str]:
    """The markdown table of right / wrong / nothing read: a line per family, both languages."""
    readers = "ours | dateparser | ours, else dateparser"
    lines = [f"| family | en | {readers} | zh | {readers} |", "|---|" + "---|" * 8]
    counts = tally(rows)
    for family in (*FAMILIES, "all"):
        cells = []
        for language in ("en", "zh"):
            by_reader = counts[(language, family)]
            cells += [str(sum(by_reader["ours"].values()))] + [" / ".join(str(by_reader[r][o]) for o in OUTCOMES) for r in READERS]
        lines.append(f"| {family} | {' | '.join(cells)} |")
    return lines


def timing(rows: Sequence[Row]) -> str:
    """Mean and slowest time per expression, by language and reader."""
    parts = []
    for language in ("en", "zh"):
        for reader in ("ours", "dateparser"):
            times = [row.seconds[reader] for row in rows if row.case.language == language]
            parts.append(f"{language} {reader} {1e6 * sum(times) / len(times):.0f} µs (slowest {1e3 * max(times):.1f} ms)")
    return "time per expression: " + ", ".join(parts)


def main() -> None:
    rows = compare(load_cases())
    print("right / wrong / nothing read\n\n" + "\n".join(table(rows)))
    print(f"\n{timing(rows)}\n")
    for row in rows:
        if (mine := outcome(row.case, row.read["ours"])) != "right":
            print(f"ours {mine}: {row.case.language} {row.case.text!r} (today {row.case.today}): read {row.read['ours']}, "
                  f"meant {row.case.meaning}; dateparser read {row.read['dateparser']}")


if __name__ == "__main__":
    main()
