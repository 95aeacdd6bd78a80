"""The date readers against dateparser (training/compare_dates.py): the bot reads every
expression of tests/fixtures/date_expressions.yaml as meant, but the few listed here, and the
figures of docs/evaluation.md are the ones the comparison computes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from training.compare_dates import FAMILIES, Row, compare, load_cases, outcome, table, tally

# Read wrong or not at all, and left so: 12-10 is month first in Chinese, but a dash also
# joins the two days of a range (10-12号); 除夕 is no holiday of the trip words' calendar.
KNOWN_MISSES = {("zh", "12-10"), ("zh", "除夕")}
EVALUATION = Path(__file__).resolve().parents[2] / "docs" / "evaluation.md"


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return compare(load_cases())


def test_the_set_holds_every_family_in_both_languages_and_enough_expressions() -> None:
    cases = load_cases()
    assert Counter(case.language for case in cases)["en"] >= 120 and Counter(case.language for case in cases)["zh"] >= 120
    assert {(case.language, case.family) for case in cases} == {(language, family) for language in ("en", "zh") for family in FAMILIES}


def test_the_bot_reads_every_expression_as_meant_but_the_known_misses(rows: list[Row]) -> None:
    missed = {(row.case.language, row.case.text) for row in rows if outcome(row.case, row.read["ours"]) != "right"}
    assert missed == KNOWN_MISSES


def test_dateparser_is_run_on_every_expression(rows: list[Row]) -> None:
    counts = tally(rows)
    assert sum(sum(counts[(language, "all")]["dateparser"].values()) for language in ("en", "zh")) == len(rows)
    assert all(row.seconds["dateparser"] > 0 for row in rows)
    assert any(outcome(row.case, row.read["dateparser"]) == "right" for row in rows)


def test_the_evaluation_doc_shows_the_computed_table(rows: list[Row]) -> None:
    doc = EVALUATION.read_text(encoding="utf-8")
    for line in table(rows):
        assert line in doc, f"docs/evaluation.md lacks the comparison's line {line!r} (python -m training.compare_dates)"
