"""The people-written data: split by dialogue, read by our conventions, never evaluated on what it trains."""

from __future__ import annotations

import pytest

from training.nlu_data import NluExample
from training.people import (SGD_FILE, PeopleExample, approval_either_way, people_sets, read_people, relabel,
                             split_by_dialogue)

needs_sgd = pytest.mark.skipif(not SGD_FILE.exists(), reason=f"people-written data not found at {SGD_FILE}")


def turn(dialogue: str, index: int) -> PeopleExample:
    return PeopleExample(text=f"turn {index}", intents=["inform"], source=f"sgd/train/{dialogue}/{index}")


def test_a_dialogue_stays_on_one_side_of_the_split() -> None:
    examples = [turn(f"1_{d:05d}", i) for d in range(40) for i in range(0, 8, 2)]
    train, dev = split_by_dialogue(examples)
    assert len(train) + len(dev) == len(examples)
    assert {e.dialogue for e in train}.isdisjoint({e.dialogue for e in dev})
    assert len({e.dialogue for e in dev}) == 10  # a quarter of the dialogues
    # a dialogue's side does not depend on the others
    assert {e.dialogue for e in split_by_dialogue(examples[:80])[1]} <= {e.dialogue for e in dev}


@pytest.mark.parametrize(
    ("text", "gold", "ours"),
    [
        ("I am looking for a hotel in Paris.", ["inform"], ["search_hotels"]),
        ("Please make a reservation from the 3rd to the 5th.", ["inform"], ["book_hotel"]),
        ("Can you book a room for me?", ["search_hotels"], ["book_hotel"]),
        ("Could you find me one that is free on the 9th?", ["book_hotel"], ["search_hotels"]),
        ("I'll arrive on the 3rd, for two.", ["inform"], ["inform"]),  # no task words: a slot answer
        ("I need a room at the Lakeside Inn.", ["inform"], ["book_hotel"]),
        ("Is there anything else? I'd like to book two rooms.", ["search_hotels"], ["search_hotels"]),  # both: as given
        ("No, that's all. Thanks!", ["deny", "thank"], ["deny", "thank", "goodbye"]),
        ("Yes, that works for me.", ["affirm"], ["affirm"]),
    ],
)
def test_relabel_rules(text: str, gold: list[str], ours: list[str]) -> None:
    assert relabel(NluExample(text=text, intents=gold)).intents == ours


@needs_sgd
def test_the_people_written_sets_keep_the_dev_dialogues_out_of_training() -> None:
    examples = read_people()
    train, dev = split_by_dialogue(examples)
    assert {e.dialogue for e in train}.isdisjoint({e.dialogue for e in dev})
    sets = people_sets()
    assert len(sets["sgd_train"]) == len(train) and len(sets["sgd_dev"]) == len(dev)
    assert 0.2 < len(dev) / len(examples) < 0.3


@pytest.mark.parametrize(
    ("gold", "predicted", "match"),
    [
        ({"book_hotel", "select_option"}, {"book_hotel", "affirm"}, True),
        ({"book_hotel", "select_option"}, {"book_hotel", "affirm", "select_option"}, True),
        ({"affirm"}, {"affirm"}, True),
        ({"book_hotel", "select_option"}, {"book_hotel"}, False),
        ({"affirm"}, {"deny"}, False),
        ({"inform"}, {"search_hotels"}, False),
    ],
)
def test_an_approval_counts_as_affirm_or_select_option(gold: set[str], predicted: set[str], match: bool) -> None:
    assert approval_either_way(frozenset(gold), frozenset(predicted)) is match
