"""Understanding-stage rules around the model: negation and check-out cues, and the
served-city backstop. (What a short reply means in context is the model's: test_context.py.)"""

from __future__ import annotations

from datetime import date

import pytest

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
