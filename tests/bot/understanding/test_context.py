"""The dialogue context beside each message: what the bot's last turn left open, and what
the model makes of a reply because of it."""

from __future__ import annotations

from datetime import date

import pytest

from bot.models import Shift
from bot.understanding.context import dialogue_context
from bot.understanding.nlu_model import OnnxJointModel
from bot.understanding.understand import Understanding
from intents.schema import CONTEXTS

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("awaiting", "confirming", "offers_shown", "context"),
    [
        (None, None, False, "none"),
        ("check_out", None, False, "asks_check_out"),
        ("guests", None, True, "asks_guests"),  # the open question wins over the list
        ("hotel", None, True, "offered_hotels"),
        (None, None, True, "offered_hotels"),
        ("confirm", "book", False, "confirm_book"),
        ("confirm", "cancel", False, "confirm_cancel"),
        ("tier", None, False, "none"),  # never asked: no context of its own
    ],
)
def test_dialogue_context(awaiting, confirming, offers_shown, context) -> None:
    assert dialogue_context(awaiting, confirming, offers_shown) == context
    assert context in CONTEXTS


@pytest.fixture(scope="module")
def understanding(model_dir) -> Understanding:
    return Understanding(OnnxJointModel(model_dir, "int8"), ["Bund Riverside Hotel"])


def slots(understanding: Understanding, text: str, context: str) -> dict[str, object]:
    return {e.entity: e.normalized for e in understanding.parse(text, TODAY, context=context).entities}


def test_the_model_has_a_token_for_every_context(model_dir) -> None:
    assert set(OnnxJointModel(model_dir, "int8").labels.contexts) == set(CONTEXTS)


@pytest.mark.parametrize("text", ["the 14th", "on Dec 14", "14th of December"])
def test_a_date_alone_is_the_slot_the_bot_asked_for(understanding: Understanding, text: str) -> None:
    assert slots(understanding, text, "asks_check_out") == {"check_out": date(2026, 12, 14)}
    assert slots(understanding, text, "asks_nights") == {"check_out": date(2026, 12, 14)}  # "How many nights?"
    assert slots(understanding, text, "asks_check_in") == {"check_in": date(2026, 12, 14)}


@pytest.mark.parametrize(("context", "slot"), [("asks_guests", "guests"), ("asks_nights", "nights"), ("asks_rooms", "rooms")])
def test_a_number_alone_is_the_count_the_bot_asked_for(understanding: Understanding, context: str, slot: str) -> None:
    assert slots(understanding, "3", context) == {slot: 3}


@pytest.mark.parametrize("text", ["sounds great", "that works for me"])
def test_approval_picks_after_a_list_and_confirms_after_a_summary(understanding: Understanding, text: str) -> None:
    assert understanding.parse(text, TODAY, context="offered_hotels").intents == ["select_option"]
    assert understanding.parse(text, TODAY, context="confirm_book").intents == ["affirm"]


@pytest.mark.parametrize("context", ["none", "asks_check_in", "confirm_book"])
def test_check_in_words_that_name_a_date_are_not_a_policy_question(understanding: Understanding, context: str) -> None:
    parsed = understanding.parse("we want to check in on the 9th", TODAY, context=context)
    assert "ask_faq" not in parsed.intents
    assert {e.entity: e.normalized for e in parsed.entities} == {"check_in": date(2026, 12, 9)}
    faq = understanding.parse("when can we check in?", TODAY, context=context)
    assert faq.intents == ["ask_faq"] and [e.normalized for e in faq.entities] == ["check_in_time"]


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("could we get there two days later?", "check_in", Shift(days=2)),
        ("we have to leave a day early, sadly", "check_out", Shift(days=-1)),
        ("I'd love to add one more night", "nights", Shift(days=1)),
        ("we fly home on the 13th", "check_out", date(2026, 12, 13)),
        ("my departure is the 12th", "check_out", date(2026, 12, 12)),
        ("hotels in beijng near the zoo", "city", "Beijing"),
    ],
)
def test_the_model_reads_shifts_leaving_dates_and_misspelt_cities(understanding: Understanding, text: str, slot: str, value) -> None:
    """No rule around the model rewrites these any more: the model's own reading is used."""
    assert slots(understanding, text, "none").get(slot) == value
