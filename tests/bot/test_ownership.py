"""Bookings only their owner can touch, through the whole bot (the trained model, a fresh
database per test): someone else's reference reads exactly like one that does not exist,
and failed look-ups are limited per sender."""

from __future__ import annotations

from datetime import date

import pytest

from bot.wording import en as replies
from bot.agent import HotelBot
from bot.database.catalogue import SEED_OWNER_CHEN, SEED_OWNER_WANG
from bot.limits import MAX_FAILED_LOOKUPS, WINDOW_SECONDS, LookupLimiter
from bot.models import Turn

INTRUDER = "web-intruder"
OTHER_INTRUDER = "web-other"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def rules(turn: Turn) -> list[str]:
    return [decision.rule for decision in turn.trace.decisions]


def observable(turn: Turn) -> tuple:
    """What a customer or the trace could tell a foreign reference from an unknown one by."""
    state = turn.state
    return (turn.reply, turn.actions, rules(turn), [q.name for q in turn.trace.db_queries],
            [q.rows for q in turn.trace.db_queries], state.awaiting, state.confirming, state.target_ref,
            state.booking_refs, state.active_intent)


@pytest.mark.parametrize(("text", "foreign", "unknown"), [
    ("could you pull up booking {ref} for me", "HB-4821", "HB-4822"),
    ("please cancel my booking {ref}", "HB-7305", "HB-7306"),
    ("I need to modify booking {ref} to 3 guests", "HB-4821", "HB-4822"),
    ("cancel {ref} please", "HB-5190", "HB-5191"),  # cancelled already: not even that shows
])
def test_a_foreign_reference_gets_the_reply_of_an_unknown_one(bot: HotelBot, text: str, foreign: str, unknown: str) -> None:
    before = bot.db.dump()
    to_foreign = bot.handle(INTRUDER, text.format(ref=foreign))
    to_unknown = bot.handle(OTHER_INTRUDER, text.format(ref=unknown))
    assert replies.unknown_ref(foreign) in to_foreign.reply
    swapped = tuple(str(part).replace(unknown, foreign) if isinstance(part, str) else part for part in observable(to_unknown))
    assert observable(to_foreign) == swapped
    assert bot.bookings(INTRUDER) == [] and to_foreign.state.booking_refs == []
    assert bot.db.dump() == before


def test_an_intruder_saying_yes_cancels_nothing(bot: HotelBot) -> None:
    before = bot.db.dump()
    bot.handle(INTRUDER, "please cancel my booking HB-7305")
    confirmed = bot.handle(INTRUDER, "yes, I'm quite sure about it")
    assert "action_cancel_booking" not in confirmed.actions
    assert "Imperial Lotus" not in confirmed.reply
    assert bot.db.dump() == before
    assert bot.db.get_booking(SEED_OWNER_CHEN, "HB-7305").status == "confirmed"
    assert bot.bookings(INTRUDER) == []


def test_the_owner_can_cancel_what_an_intruder_could_not(bot: HotelBot) -> None:
    bot.handle(INTRUDER, "please cancel my booking HB-7305")
    bot.handle(SEED_OWNER_CHEN, "please cancel my booking HB-7305")
    done = bot.handle(SEED_OWNER_CHEN, "yes, I'm quite sure about it")
    assert done.actions == ["action_cancel_booking"]
    assert [(b.ref, b.status) for b in bot.bookings(SEED_OWNER_CHEN)] == [("HB-7305", "cancelled")]
    assert bot.bookings(INTRUDER) == []


def test_a_booking_made_in_one_session_is_not_reachable_from_another(bot: HotelBot) -> None:
    offer = bot.db.room_offers("Bund Riverside Hotel", date(2026, 12, 20), date(2026, 12, 22), 2)[0]
    booking = bot.db.create_booking("web-owner", offer.room_type_id, date(2026, 12, 20), date(2026, 12, 22), 2)
    turn = bot.handle(INTRUDER, f"could you pull up booking {booking.ref} for me")
    assert replies.unknown_ref(booking.ref) in turn.reply
    assert "Bund Riverside" not in turn.reply
    assert bot.bookings(INTRUDER) == []


# ------------------------------------------------------------------------ rate limit


def guess(bot: HotelBot, session: str, number: int) -> Turn:
    return bot.handle(session, f"could you pull up booking HB-{7000 + number} for me")


def test_failed_look_ups_are_limited_per_sender(bot: HotelBot) -> None:
    clock = FakeClock()
    bot.lookups = LookupLimiter(bot.sessions, clock=clock)
    for number in range(MAX_FAILED_LOOKUPS):
        assert "couldn't find" in guess(bot, SEED_OWNER_WANG, number).reply
    state, before = bot.state(SEED_OWNER_WANG).model_copy(deep=True), bot.db.dump()

    refused = bot.handle(SEED_OWNER_WANG, "could you pull up booking HB-4821 for me")  # its own, refused too
    minutes = round(WINDOW_SECONDS / 60)
    assert refused.reply == replies.too_many_lookups(minutes)
    assert rules(refused) == ["lookup_limit"] and refused.actions == []
    assert bot.state(SEED_OWNER_WANG) == state and bot.db.dump() == before

    assert "couldn't find" in guess(bot, INTRUDER, 99).reply  # other senders are not held up
    small_talk = bot.handle(SEED_OWNER_WANG, "hi there")  # nor is what names no reference
    assert small_talk.reply != refused.reply

    clock.now += WINDOW_SECONDS
    again = bot.handle(SEED_OWNER_WANG, "could you pull up booking HB-4821 for me")
    assert "Bund Riverside Hotel" in again.reply


def test_look_ups_of_ones_own_bookings_are_not_failures(bot: HotelBot) -> None:
    bot.lookups = LookupLimiter(bot.sessions, clock=FakeClock())
    for _ in range(MAX_FAILED_LOOKUPS + 1):
        assert "Imperial Lotus Hotel" in bot.handle(SEED_OWNER_CHEN, "could you pull up booking HB-7305 for me").reply
    assert not bot.lookups.blocked(SEED_OWNER_CHEN)
