"""BIO tags <-> character spans."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bot.understanding.bio import (IGNORE_INDEX, allowed_transitions, best_valid_tags, own_offsets, spans_to_tags, tag_names,
                                   tags_to_spans)

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


def probs(rows: list[dict[str, float]]) -> np.ndarray:
    """[tokens, tags] probabilities; tags a row leaves out share what is left."""
    table = np.zeros((len(rows), len(TAGS)))
    for token, row in enumerate(rows):
        rest = (1.0 - sum(row.values())) / (len(TAGS) - len(row))
        table[token] = [row.get(tag, rest) for tag in TAGS]
    return table


@pytest.mark.parametrize(
    "rows, expected",
    [
        # each token's best tag alone: B-city I-check_in, two half-entities
        ([{"B-city": 0.5, "B-check_in": 0.4}, {"I-check_in": 0.6, "I-city": 0.3}], ["B-check_in", "I-check_in"]),
        # an I- cannot open the message
        ([{"I-city": 0.6, "B-city": 0.3}, {"O": 0.9}], ["B-city", "O"]),
        # valid sequences are kept as the argmax gives them
        ([{"O": 0.9}, {"B-city": 0.8}, {"I-city": 0.7}, {"B-check_in": 0.9}], ["O", "B-city", "I-city", "B-check_in"]),
        ([], []),
    ],
)
def test_best_valid_tags_never_continue_another_slot(rows, expected) -> None:
    ids = best_valid_tags(probs(rows).reshape(len(rows), len(TAGS)), allowed_transitions(TAGS))
    assert [TAGS[i] for i in ids] == expected


def test_best_valid_tags_is_the_most_probable_valid_sequence() -> None:
    """Against every sequence of up to 4 tokens: the best one in which each I-X continues
    an X span, whether or not each token's own best tag already gives it."""
    allowed = allowed_transitions(TAGS)
    rng = np.random.default_rng(12)
    greedy_valid = 0
    for case in range(400):
        tokens = 1 + case % 4
        table = rng.dirichlet(np.full(len(TAGS), 0.3), size=tokens)  # peaked rows, as the model's
        valid = [seq for seq in itertools.product(range(len(TAGS)), repeat=tokens)
                 if not TAGS[seq[0]].startswith("I-") and all(allowed[a, b] for a, b in zip(seq, seq[1:]))]
        best = max(valid, key=lambda seq: sum(np.log(table[token, tag]) for token, tag in enumerate(seq)))
        assert best_valid_tags(table, allowed) == list(best)
        greedy_valid += tuple(table.argmax(axis=1)) in valid
    assert 50 < greedy_valid < 350, "both kinds of table were tried"


def test_allowed_transitions() -> None:
    allowed = allowed_transitions(TAGS)
    assert allowed[INDEX["B-city"], INDEX["I-city"]] and allowed[INDEX["I-city"], INDEX["I-city"]]
    assert not allowed[INDEX["O"], INDEX["I-city"]] and not allowed[INDEX["B-check_in"], INDEX["I-city"]]
    assert allowed[:, INDEX["B-city"]].all() and allowed[:, INDEX["O"]].all()


def test_sentencepiece_offsets_lose_the_word_marker() -> None:
    """"▁hotel" covers the space before the word; a lone "▁" opening the text shares its
    start with the first piece and gets no characters (no tag)."""
    text = "book a hotel"
    assert own_offsets([(0, 0), (0, 4), (4, 6), (6, 12), (0, 0)], text) == [(0, 0), (0, 4), (5, 6), (7, 12), (0, 0)]
    chinese = "我想订10号"
    assert own_offsets([(0, 1), (0, 2), (2, 3), (3, 5), (5, 6)], chinese) == [(0, 0), (0, 2), (2, 3), (3, 5), (5, 6)]
    assert own_offsets([(0, 0), (0, 1), (0, 0)], "3") == [(0, 0), (0, 1), (0, 0)], "a one-token message keeps its token"


def test_chinese_pieces_with_no_gap_are_separate_words() -> None:
    """In "10号上海" nothing separates the date from the city: a CJK character never
    continues the span before it, while "beij" + "ing" stays one word."""
    text = "10号上海"
    spans = tags_to_spans([(0, 2), (2, 3), (3, 5)], ["B-check_in", "I-check_in", "B-city"], [0.9, 0.9, 0.9], text)
    assert [(s.slot, text[s.start:s.end]) for s in spans] == [("check_in", "10号"), ("city", "上海")]
    spans = tags_to_spans([(0, 2), (2, 3), (3, 5)], ["B-check_in", "I-check_in", "O"], [0.9, 0.9, 0.9], text)
    assert [(s.slot, text[s.start:s.end]) for s in spans] == [("check_in", "10号")]


def test_a_span_keeps_the_bracket_it_opened() -> None:
    text = "订锦庭酒店（西湖店），一个人"
    spans = tags_to_spans([(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8), (8, 9), (9, 11)],
                          ["B-hotel"] + ["I-hotel"] * 8, [0.9] * 9, text)
    assert [text[s.start:s.end] for s in spans] == ["锦庭酒店（西湖店）"]
    spans = tags_to_spans([(0, 5)], ["B-city"], [0.9], "(上海),")
    assert [("(上海),")[s.start:s.end] for s in spans] == ["上海"]
