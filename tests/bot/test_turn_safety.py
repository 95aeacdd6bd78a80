"""HotelBot.handle under hostile input and failures: unreadable text is refused with a
clear reply, a turn that raises anywhere changes nothing, and a confirmation books once."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from bot.wording import en as replies
from bot.agent import HotelBot
from bot.database import Database

OPENING = "I want to book a hotel in Shanghai on the 10th"
SWITCH = "show me hotels for the 11th instead"
PICK = "the first one, for 2 people, 2 nights"


def snapshot(bot: HotelBot, session: str) -> tuple[dict, dict]:
    return bot.state(session).model_dump(), bot.db.dump()


def up_to_the_confirmation(bot: HotelBot, session: str) -> None:
    for line in (OPENING, SWITCH, PICK):
        bot.handle(session, line)
    assert bot.state(session).awaiting == "confirm" and bot.state(session).confirming == "book"


# ---------------------------------------------------------------------------- input


@pytest.mark.parametrize("text, reply", [
    ("hello\x00there", replies.control_characters()),
    ("book a room\x1b[2J in Shanghai", replies.control_characters()),
    ("\x07\x08", replies.control_characters()),
    ("cancel HB-4821\x7f", replies.control_characters()),
    ("hi\x85there", replies.control_characters()),
    ("hi \ud800 there", replies.unreadable_text()),
    ("\udfff", replies.unreadable_text()),
    ("\x00\ud83d", replies.unreadable_text()),
])
def test_control_characters_and_lone_surrogates_get_a_clear_reply_and_change_nothing(
        bot: HotelBot, text: str, reply: str) -> None:
    bot.handle("s", OPENING)
    before = snapshot(bot, "s")
    turn = bot.handle("s", text)
    assert turn.reply == reply and turn.actions == [] and turn.trace.db_queries == []
    assert snapshot(bot, "s") == before
    turn.model_dump_json().encode("utf-8")  # what the channels send: nothing unencodable in it
    assert "\ufffd" in turn.trace.text


def test_tabs_and_line_breaks_are_text(bot: HotelBot) -> None:
    turn = bot.handle("s", "I want to book a hotel\tin Shanghai\r\non the 10th")
    assert turn.reply not in (replies.control_characters(), replies.unreadable_text())
    assert turn.state.value("city") == "Shanghai"


@pytest.mark.parametrize("lines", [
    ("check in on 9999-12-31 for 2 nights",),
    ("check out on 0001-01-01", "the check-out a day earlier"),
])
def test_dates_at_the_ends_of_the_calendar_get_a_reply_not_an_error(bot: HotelBot, lines: tuple[str, ...]) -> None:
    """Found by the fuzz suite: date arithmetic past year 9999 or before year 1 raised."""
    for line in lines:
        turn = bot.handle("s", line)
        assert turn.trace.error_id is None and turn.reply


@pytest.mark.parametrize("refused", ["check in on 2025-01-01", "Dec 10 2027", "0 rooms"])
def test_a_refused_value_while_changing_a_booking_keeps_the_bookings_own(bot: HotelBot, refused: str) -> None:
    """Found by the fuzz suite: the change's confirmation read the cleared dates and raised."""
    bot.handle("seed:wang", "change booking HB-4821 to 3 guests")
    turn = bot.handle("seed:wang", refused)
    assert turn.trace.error_id is None
    assert "to Thu 10 Dec – Sat 12 Dec (2 nights), 3 guests, 1 room" in turn.reply


# ---------------------------------------------------------------------------- failures


def boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("injected failure")


STAGES = {
    "understanding": lambda bot, mp: mp.setattr(bot.understanding, "parse", boom),
    "tracking": lambda bot, mp: mp.setattr(bot.tracker, "track", boom),
    "policy": lambda bot, mp: mp.setattr(bot.policy, "plan", boom),
    "applying events": lambda bot, mp: mp.setattr("bot.agent.apply_events", boom),
    "an action": lambda bot, mp: mp.setattr(bot.actions["action_search_hotels"], "run", boom),
    "the database": lambda bot, mp: mp.setattr(bot.db, "best_offers", boom),
}


@pytest.mark.parametrize("stage", STAGES)
def test_an_exception_in_any_stage_is_an_apology_with_an_error_id_and_changes_nothing(
        bot: HotelBot, monkeypatch, caplog, stage: str) -> None:
    bot.handle("s", OPENING)
    before = snapshot(bot, "s")
    STAGES[stage](bot, monkeypatch)
    with caplog.at_level(logging.ERROR, logger="bot.agent"):
        failed = bot.handle("s", SWITCH)
    error_id = failed.trace.error_id
    assert error_id and failed.reply == replies.turn_failed(error_id)
    assert error_id in caplog.text and "injected failure" in caplog.text
    assert snapshot(bot, "s") == before
    assert failed.state.model_dump() == before[0]  # the apology shows the state as it was, not half a turn
    monkeypatch.undo()
    retried = bot.handle("s", SWITCH)  # the same message, once the fault is gone
    assert retried.trace.error_id is None and retried.state.value("check_in") == date(2026, 12, 11)


def test_a_failure_inside_the_booking_transaction_rolls_it_back(bot: HotelBot, monkeypatch) -> None:
    up_to_the_confirmation(bot, "s")
    before = snapshot(bot, "s")
    monkeypatch.setattr(bot.db, "_new_ref", boom)  # after the rooms are reserved, before the booking row
    failed = bot.handle("s", "yes")
    assert failed.trace.error_id and snapshot(bot, "s") == before
    monkeypatch.undo()
    assert "Booked!" in bot.handle("s", "yes").reply and len(bot.bookings("s")) == 1


# ------------------------------------------------------------------------- idempotency


def test_yes_twice_books_once(bot: HotelBot) -> None:
    up_to_the_confirmation(bot, "s")
    first = bot.handle("s", "yes")
    bot.handle("s", "yes")
    [booking] = bot.db.bookings_of("s")
    assert booking.ref in first.reply and [b.ref for b in bot.bookings("s")] == [booking.ref]


def test_an_error_after_the_commit_then_a_retry_books_once(bot: HotelBot, monkeypatch) -> None:
    up_to_the_confirmation(bot, "s")
    commit = bot.db.create_booking

    def commit_then_fail(*args: object, **kwargs: object) -> None:
        commit(*args, **kwargs)
        raise ConnectionError("the connection dropped after the commit")

    monkeypatch.setattr(bot.db, "create_booking", commit_then_fail)
    failed = bot.handle("s", "yes")
    assert failed.trace.error_id and bot.state("s").awaiting == "confirm"
    [booking] = bot.db.bookings_of("s")
    monkeypatch.undo()
    retried = bot.handle("s", "yes")
    assert replies.booked(booking) in retried.reply
    assert [b.ref for b in bot.db.bookings_of("s")] == [booking.ref]
    assert [b.ref for b in bot.bookings("s")] == [booking.ref]


def test_the_database_books_once_per_idempotency_key_and_session() -> None:
    db = Database.create(":memory:")
    stay = dict(room_type_id=1, check_in=date(2026, 12, 11), check_out=date(2026, 12, 13), guests=2)
    first = db.create_booking("s", **stay, idempotency_key="quote-1")
    assert db.create_booking("s", **stay, idempotency_key="quote-1") == first
    assert db.create_booking("s", **stay, idempotency_key="quote-2").ref != first.ref  # a new quote
    assert db.create_booking("t", **stay, idempotency_key="quote-1").ref != first.ref  # another session
    assert db.create_booking("s", **stay).ref != first.ref  # no key: no check
    assert len(db.bookings_of("s")) == 3
