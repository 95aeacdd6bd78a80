"""Understanding-stage rules around the model: negation cues, and a check-out read after the
check-in it belongs to. (What a date or a short reply means is the model's: test_context.py.)"""

from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.bio import TagSpan
from bot.understanding.normalize import Normalizer
from bot.understanding.understand import Understanding, _approval_in_context, _city_list

NORMALIZER = Normalizer(date(2026, 12, 1), ["Bund Riverside Hotel"])


def span_of(text: str, slot: str, surface: str) -> TagSpan:
    start = text.index(surface)
    return TagSpan(slot=slot, start=start, end=start + len(surface), confidence=0.9)


@pytest.mark.parametrize(
    "text, surface, role",
    [
        ("the 11th, not the 10th", "the 10th", "negated"),
        ("the 11th instead of the 10th", "the 10th", "negated"),
        ("the 11th, not the 10th", "the 11th", "value"),
        ("rather than the 3rd, the 4th", "the 3rd", "negated"),
        ("move it to the 9th", "the 9th", "value"),
        ("不是10号，是11号", "10号", "negated"),
        ("不是10号，是11号", "11号", "value"),
        ("改成11号，不要10号", "10号", "negated"),
        ("帮我看看11号的", "11号", "value"),
    ],
)
def test_negation_cues_before_a_span(text: str, surface: str, role: str) -> None:
    entity = Understanding._entity(span_of(text, "check_in", surface), text, NORMALIZER)
    assert (entity.entity, entity.role) == ("check_in", role)


def test_a_check_out_falls_after_its_check_in() -> None:
    text = "from the 30th to the 2nd"
    check_out = Understanding._entity(span_of(text, "check_out", "the 2nd"), text, NORMALIZER)
    assert check_out.normalized == date(2026, 12, 2)  # read alone: the next 2nd
    renormalized = Understanding._renormalize_check_out(check_out, NORMALIZER, date(2026, 12, 30))
    assert renormalized.normalized == date(2027, 1, 2)


@pytest.mark.parametrize(
    ("context", "intents", "picked", "expected"),
    [
        ("confirm_book", ["select_option"], False, ["affirm"]),
        ("confirm_book", ["select_option", "affirm"], False, ["affirm"]),
        ("confirm_book", ["select_option"], True, ["select_option"]),  # "the second one" still picks
        ("offered_hotels", ["select_option"], False, ["select_option"]),
    ],
)
def test_an_approval_that_picks_nothing_is_the_yes_a_summary_waits_for(context, intents, picked, expected) -> None:
    text = "the second one"
    entities = [Understanding._entity(span_of(text, "ordinal", "second"), text, NORMALIZER)] if picked else []
    assert _approval_in_context(intents, context, entities, options_shown=3) == expected


@pytest.mark.parametrize(
    ("intents", "shown", "context", "expected"),
    [
        (["affirm"], 1, "offered_hotels", ["select_option"]),  # "订吧" after a list of one hotel
        (["affirm", "thank"], 1, "offered_hotels", ["select_option", "thank"]),
        (["affirm"], 3, "offered_hotels", ["affirm"]),  # which of three? the policy asks
        (["affirm"], 1, "asks_guests", ["affirm"]),  # a yes to another question
        (["affirm", "book_hotel"], 1, "offered_hotels", ["affirm", "book_hotel"]),
    ],
)
def test_a_plain_yes_to_a_list_of_one_hotel_approves_it(intents, shown, context, expected) -> None:
    assert _approval_in_context(intents, context, [], options_shown=shown) == expected


@pytest.mark.parametrize(
    "text, surface, expected",
    [
        ("no no, not Shanghai, Hangzhou", "Shanghai, Hangzhou", [("Shanghai", "negated"), ("Hangzhou", "value")]),
        ("Beijing or Sanya", "Beijing or Sanya", [("Beijing", "value"), ("Sanya", "value")]),
        ("不是上海、杭州", "上海、杭州", [("Shanghai", "negated"), ("Hangzhou", "value")]),
        ("不是上海，是杭州", "上海，是杭州", [("Shanghai", "negated"), ("Hangzhou", "value")]),
        ("not Shanghai, Paris", "Shanghai, Paris", [("Shanghai", "negated")]),  # Paris is not served: one span, as read
        ("Xi'an", "Xi'an", [("Xi'an", "value")]),
    ],
)
def test_a_list_of_served_cities_read_as_one_span_is_one_value_a_city(text: str, surface: str, expected: list) -> None:
    spans = _city_list(span_of(text, "city", surface), text, NORMALIZER)
    entities = [Understanding._entity(span, text, NORMALIZER) for span in spans]
    assert [(e.normalized, e.role) for e in entities] == expected
