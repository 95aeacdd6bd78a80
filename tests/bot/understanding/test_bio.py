"""BIO tags <-> character spans."""

from __future__ import annotations

import pytest

from bot.understanding.bio import IGNORE_INDEX, spans_to_tags, tag_names, tags_to_spans

TAGS = tag_names(["city", "check_in"])
INDEX = {tag: i for i, tag in enumerate(TAGS)}


def test_tag_names_are_outside_then_begin_inside_per_slot() -> None:
    assert TAGS == ["O", "B-city", "I-city", "B-check_in", "I-check_in"]


def test_spans_to_tags_marks_specials_and_word_pieces() -> None:
    # "[CLS] in bei ##jing [SEP]" over "in beijing"
    offsets = [(0, 0), (0, 2), (3, 6), (6, 10), (0, 0)]
    tags = spans_to_tags(offsets, [("city", 3, 10)], INDEX)
    assert tags == [IGNORE_INDEX, INDEX["O"], INDEX["B-city"], INDEX["I-city"], IGNORE_INDEX]


@pytest.mark.parametrize(
    "text, offsets, tags, expected",
    [
        # trailing punctuation glued to the word stays outside the span
        ("on the 20th, ok", [(0, 2), (3, 6), (7, 11), (11, 12), (13, 15)],
         ["O", "B-check_in", "I-check_in", "I-check_in", "O"], [("check_in", "the 20th")]),
        # a tag flip inside a word cannot split it
        ("beijng", [(0, 4), (4, 6)], ["B-city", "O"], [("city", "beijng")]),
        # an I- without a B- opens a span
        ("to Xian", [(0, 2), (3, 7)], ["O", "I-city"], [("city", "Xian")]),
        # two adjacent entities of different slots
        ("Xian tomorrow", [(0, 4), (5, 13)], ["B-city", "B-check_in"], [("city", "Xian"), ("check_in", "tomorrow")]),
    ],
)
def test_tags_to_spans(text: str, offsets, tags, expected) -> None:
    spans = tags_to_spans(offsets, tags, [0.9] * len(tags), text)
    assert [(s.slot, text[s.start:s.end]) for s in spans] == expected
