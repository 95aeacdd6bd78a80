"""Understanding-stage rules around the model: negation and check-out cues, and the
served-city backstop. (What a short reply means in context is the model's: test_context.py.)"""

from __future__ import annotations

from datetime import date

import pytest

from bot.models import Shift
from bot.understanding.bio import TagSpan
from bot.understanding.normalize import Normalizer
from bot.understanding.understand import Understanding

NORMALIZER = Normalizer(date(2026, 12, 1), ["Bund Riverside Hotel"])


def span_of(text: str, slot: str, surface: str) -> TagSpan:
    start = text.index(surface)
    return TagSpan(slot=slot, start=start, end=start + len(surface), confidence=0.9)


@pytest.mark.parametrize(
    "text, surface, slot, role",
    [
        ("the 11th, not the 10th", "the 10th", "check_in", "negated"),
        ("the 11th instead of the 10th", "the 10th", "check_in", "negated"),
        ("the 11th, not the 10th", "the 11th", "check_in", "value"),
        ("can we leave on the 8th instead", "the 8th", "check_out", "value"),
        ("checking out the 9th", "the 9th", "check_out", "value"),
        ("move it to the 9th", "the 9th", "check_in", "value"),
        ("my check-out is on the 12th", "the 12th", "check_out", "value"),
        ("departure date is the 12th", "the 12th", "check_out", "value"),
        ("we head home on the 13th", "the 13th", "check_out", "value"),
    ],
)
def test_cues_before_a_span(text: str, surface: str, slot: str, role: str) -> None:
    entity = Understanding._entity(span_of(text, "check_in", surface), text, NORMALIZER)
    assert (entity.entity, entity.role) == (slot, role)


@pytest.mark.parametrize("text, city", [("pls find hotles in beijng", "Beijing"), ("hotels in Paris", None),
                                        ("something nice please", None)])
def test_served_city_backstop(text: str, city: str | None) -> None:
    found = Understanding._served_city_backstop(text, [], NORMALIZER)
    assert [e.normalized for e in found] == ([city] if city else [])


@pytest.mark.parametrize("slot", ["check_in", "check_out"])
def test_a_length_of_stay_tagged_as_a_date_is_nights(slot: str) -> None:
    text = "make it for 6 days"
    entity = Understanding._entity(span_of(text, slot, "6 days"), text, NORMALIZER)
    assert (entity.entity, entity.normalized) == ("nights", 6)
    assert "length of stay" in entity.note


@pytest.mark.parametrize(
    "text, model_spans, expected",
    [
        # the model tagged a part of the phrase, or nothing: the phrase is read whole
        ("can we arrive two days later?", [("check_in", "two days")], [("check_in", "two days later", 2)]),
        ("push it back a day", [("nights", "a")], [("check_in", "back a day", 1)]),
        ("I need to leave a day early", [("nights", "a day")], [("check_out", "a day early", -1)]),
        ("please add one more night", [], [("nights", "add one more night", 1)]),
        ("one night less, and 3 guests", [("nights", "one night"), ("guests", "3 guests")],
         [("nights", "one night less", -1), ("guests", "3 guests", 3)]),
        # no relative phrase, or a vague one: the model's entities stay
        ("a few days later", [("check_in", "a few days later")], [("check_in", "a few days later", None)]),
        ("the day after tomorrow for 2 nights", [("check_in", "the day after tomorrow"), ("nights", "2 nights")],
         [("check_in", "the day after tomorrow", date(2026, 12, 3)), ("nights", "2 nights", 2)]),
    ],
)
def test_relative_changes_are_read_as_whole_phrases(text: str, model_spans: list, expected: list) -> None:
    entities = [Understanding._entity(span_of(text, slot, surface), text, NORMALIZER) for slot, surface in model_spans]
    found = Understanding._relative_changes(text, entities, NORMALIZER)
    as_values = [(e.entity, e.value, e.normalized.days if isinstance(e.normalized, Shift) else e.normalized) for e in found]
    assert as_values == expected
