"""English parties and moves told by the day: a party told by who comes, pets, a change of
the party ("add my brother"), the day next to the one just said, and a check-out that
names a night."""

from __future__ import annotations

from datetime import date

import pytest

from bot.models import Shift
from bot.understanding.normalize import Normalizer

TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(("text", "expected"), [
    ("me and my boss", 2), ("my mum, my dad and me", 3), ("me plus two coworkers", 3), ("my cousin and her husband", 2),
    ("me and my dog", 1), ("me and my 2 cats", 1), ("2 adults and a dog", 2), ("three colleagues and I", 4),
])
def test_a_party_is_counted_by_who_comes_and_pets_are_no_guests(text: str, expected: int) -> None:
    assert Normalizer(TODAY).normalize("guests", text).value == expected


@pytest.mark.parametrize("text", ["one small dog", "two cats", "our puppy"])
def test_only_pets_count_nobody(text: str) -> None:
    result = Normalizer(TODAY).normalize("guests", text)
    assert result.value is None and "pet is no guest" in result.note


@pytest.mark.parametrize(("text", "after", "expected"), [
    ("saturday night", date(2026, 12, 4), date(2026, 12, 6)), ("the 12th at night", date(2026, 12, 10), date(2026, 12, 13)),
    ("saturday", date(2026, 12, 4), date(2026, 12, 5)), ("the 12th", date(2026, 12, 10), date(2026, 12, 12)),
])
def test_a_check_out_that_names_a_night_is_the_morning_after(text: str, after: date, expected: date) -> None:
    assert Normalizer(TODAY).normalize("check_out", text, after=after).value == expected


@pytest.mark.parametrize(("text", "days"), [("the day before", -1), ("the day after", 1), ("the previous day", -1),
                                            ("the next day", 1)])
def test_the_day_next_to_the_one_just_said_is_a_move(text: str, days: int) -> None:
    assert Normalizer(TODAY).normalize("check_in", text).value == Shift(days=days)


@pytest.mark.parametrize(("text", "days"), [
    ("add my brother", 1), ("add my brother and his wife", 2), ("one more person", 1), ("two more people", 2),
    ("another guest", 1), ("one person less", -1), ("one fewer guest", -1), ("add 2 kids", 2),
    ("my sister is coming too", 1), ("my 2 kids are joining us", 2), ("my wife comes along", 1),
    ("my brother isn't coming", -1), ("my dad can't come", -1),
])
def test_a_change_of_the_party_is_a_move_of_the_guest_count(text: str, days: int) -> None:
    assert Normalizer(TODAY).normalize("guests", text).value == Shift(days=days)


def test_a_party_added_to_is_counted_from_the_one_there(bot) -> None:
    bot.handle("p", "Hangzhou on the 5th for 3 nights for me and my parents")
    turn = bot.handle("p", "add my brother too")
    assert turn.state.slots["guests"].value == 4


@pytest.mark.parametrize(("text", "party"), [
    ("a luxury hotel in Shenzhen next weekend for my parents", "my parents"), ("just me, 2 nights", "just me"),
    ("me and my wife in Sanya", "me and my wife"), ("a room with my two kids and my husband please", "my two kids and my husband"),
    ("show me hotels for tomorrow", None), ("it is for my birthday", None),
])
def test_the_party_an_english_message_describes_is_found_for_the_reader(text: str, party: str | None) -> None:
    from bot.understanding.en.slots import party_phrase

    found = party_phrase(text)
    assert (text[found[0] : found[1]] if found else None) == party


def test_who_comes_too_changes_the_party_in_either_language(bot) -> None:
    bot.handle("q", "Hangzhou on the 5th for 3 nights for me and my parents")
    assert bot.handle("q", "my brother is coming too").state.slots["guests"].value == 4
    assert bot.handle("q", "sorry, my dad can't come after all").state.slots["guests"].value == 3
    bot.handle("r", "杭州5号到8号，我带我爸妈")
    turn = bot.handle("r", "再加上我弟")
    assert turn.state.slots["guests"].value == 4 and "request_human" not in turn.trace.intents


def test_a_lone_date_in_a_correction_moves_the_check_in(bot) -> None:
    bot.handle("c", "Show me what you've got in Xi'an for the 20th")
    turn = bot.handle("c", "Sorry, typed that all wrong. Chengdu, and the 12th")
    assert (turn.state.value("city"), turn.state.value("check_in"), turn.state.value("check_out")) == ("Chengdu", date(2026, 12, 12), None)
    assert any("replaces the stay's only date" in change.reason for change in turn.trace.state_diff)
    bot.handle("d", "Xi'an from the 20th")
    turn = bot.handle("d", "sorry, my mistake: leaving on the 22nd")  # an end word: the check-out
    assert (turn.state.value("check_in"), turn.state.value("check_out")) == (date(2026, 12, 20), date(2026, 12, 22))
