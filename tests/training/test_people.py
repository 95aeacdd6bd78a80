"""The people-written data: split by dialogue, read by our conventions, never evaluated on what it trains."""

from __future__ import annotations

import pytest

from training.nlu_data import EntitySpan, NluExample
from training.people import (SGD_FILE, PeopleExample, acknowledgement_ignored, answered_context, approval_either_way, people_sets, read_people, relabel,
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


@pytest.mark.parametrize(
    ("gold", "predicted", "match"),
    [
        ({"thank"}, {"affirm", "thank"}, True),  # 好的，谢谢
        ({"thank"}, {"thank"}, True),
        ({"search_hotels"}, {"affirm"}, False),
        ({"thank"}, {"goodbye", "thank"}, False),
    ],
)
def test_crosswoz_acknowledgements_leave_affirm_out(gold: set[str], predicted: set[str], match: bool) -> None:
    assert acknowledgement_ignored(frozenset(gold), frozenset(predicted)) is match


@pytest.mark.parametrize(
    ("text", "surface", "ours"),
    [
        ("There are just 2 people.", "2", "just 2 people"),
        ("I need the rooms for 4 days.", "4", "4 days"),
        ("Book three rooms, please.", "three", "three rooms"),
        ("We are four.", "four", "four"),
    ],
)
def test_a_count_span_holds_its_unit_and_a_just_before_it(text: str, surface: str, ours: str) -> None:
    start = text.index(surface)
    slot = "nights" if "days" in text else "rooms" if "rooms" in text else "guests"
    span = EntitySpan(entity=slot, start=start, end=start + len(surface), value=surface)
    (relabelled,) = relabel(NluExample(text=text, intents=["inform"], entities=[span])).entities
    assert relabelled.value == ours


@pytest.mark.parametrize(
    ("intents", "slots", "context"),
    [(["inform"], ["check_out"], "asks_check_out"), (["inform"], ["guests", "guests"], "asks_guests"),
     (["inform"], ["check_in", "check_out"], "none"), (["book_hotel"], ["city"], "none"), (["inform"], ["hotel"], "none")],
)
def test_a_slot_only_training_turn_gets_the_question_it_answered(intents, slots, context) -> None:
    text = " ".join(f"w{i}" for i in range(len(slots)))
    spans = [EntitySpan(entity=slot, start=3 * i, end=3 * i + 2, value=f"w{i}") for i, slot in enumerate(slots)]
    assert answered_context(NluExample(text=text, intents=intents, entities=spans)) == context


@needs_sgd
def test_only_training_turns_get_a_context() -> None:
    sets = people_sets()
    assert {e.context for e in sets["sgd_dev"]} == {"none"}
    assert "asks_check_out" in {e.context for e in sets["sgd_train"]}
