"""Reaching someone else's booking through the whole bot (the trained model, a fresh
database per test): the owner gets an access code with the booking; a second customer
who gives the reference and that code may check, change and cancel it; a wrong code
reads exactly like an unknown reference, and failed tries count against the sender and
the client address."""

from __future__ import annotations

import re

from bot.agent import HotelBot
from bot.limits import MAX_FAILED_LOOKUPS, MAX_FAILED_LOOKUPS_PER_ADDRESS
from bot.models import Booking, Turn
from bot.wording import en as replies
from bot.wording import zh as replies_zh

OWNER, AGENT, INTRUDER, OTHER_INTRUDER = "web-owner", "web-agent", "web-intruder", "web-other"
CODE = re.compile(r"access code: ([A-Z0-9]{4}-[A-Z0-9]{4})")


def book(bot: HotelBot) -> tuple[Booking, str]:
    """A booking made in conversation, and the access code its owner was shown."""
    bot.handle(OWNER, "book the Bund Riverside in Shanghai on the 10th for 2 nights, 2 guests")
    done = bot.handle(OWNER, "yes")
    (booking,) = bot.bookings(OWNER)
    return booking, CODE.search(done.reply)[1]


def test_the_owner_is_shown_the_code_of_the_booking(bot: HotelBot) -> None:
    booking, code = book(bot)
    assert code == booking.access_code and booking.owner == OWNER


def test_with_the_code_a_travel_agent_cancels_the_booking(bot: HotelBot) -> None:
    booking, code = book(bot)
    asked = bot.handle(AGENT, f"please cancel booking {booking.ref}")
    assert replies.unknown_ref(booking.ref) in asked.reply and "Bund Riverside" not in asked.reply
    opened = bot.handle(AGENT, code.lower())  # the code alone answers for the booking under discussion
    assert replies.access_granted(booking.ref) in opened.reply
    assert [d.rule for d in opened.trace.decisions][0] == "access_code"
    assert opened.state.awaiting == "confirm" and "Bund Riverside" in opened.reply
    done = bot.handle(AGENT, "yes")
    assert done.actions == ["action_cancel_booking"]
    assert [(b.ref, b.status) for b in bot.bookings(OWNER)] == [(booking.ref, "cancelled")]
    assert [(b.ref, b.status) for b in bot.bookings(AGENT)] == [(booking.ref, "cancelled")]


def test_reference_and_code_in_one_chinese_message_show_the_booking(bot: HotelBot) -> None:
    booking, code = book(bot)
    shown = bot.handle("web-family", f"帮我查一下订单{booking.ref}，授权码是{code}")
    assert replies_zh.access_granted(booking.ref) in shown.reply
    assert "action_check_booking" in shown.actions and "上海外滩江景酒店" in shown.reply


def test_with_the_code_a_booking_is_changed_and_its_owner_sees_the_change(bot: HotelBot) -> None:
    booking, code = book(bot)
    bot.handle(AGENT, f"change booking {booking.ref} to 3 guests, access code {code}")
    done = bot.handle(AGENT, "yes")
    assert done.actions == ["action_change_booking"]
    (seen,) = bot.bookings(OWNER)
    assert seen.guests == 3 and seen.owner == OWNER


def observable(turn: Turn) -> tuple:
    state = turn.state
    return (turn.reply, turn.actions, [d.rule for d in turn.trace.decisions], [q.name for q in turn.trace.db_queries],
            [q.rows for q in turn.trace.db_queries], state.awaiting, state.booking_refs, state.slots)


def test_a_wrong_code_reads_like_a_code_for_an_unknown_reference(bot: HotelBot) -> None:
    booking, code = book(bot)
    before = bot.db.dump()
    wrong = bot.handle(INTRUDER, f"cancel booking {booking.ref}, the code is 2345-ABCD")
    unknown = bot.handle(OTHER_INTRUDER, "cancel booking HB-NOSUCH99, the code is 2345-ABCD")
    assert wrong.reply == replies.access_denied(booking.ref)
    swapped = tuple(str(part).replace("HB-NOSUCH99", booking.ref) if isinstance(part, str) else part
                    for part in observable(unknown))
    assert observable(wrong) == swapped
    assert bot.db.dump() == before and bot.bookings(INTRUDER) == []
    assert bot.state(INTRUDER).turn == 0  # nothing of the message was done


def test_a_code_with_no_booking_to_open_asks_for_the_reference(bot: HotelBot) -> None:
    turn = bot.handle(AGENT, "here is the code: 7KQ2-XM4P")
    assert turn.reply == replies.access_code_needs_ref()
    assert bot.state(AGENT).turn == 0


def test_wrong_codes_count_as_failed_look_ups(bot: HotelBot) -> None:
    booking, code = book(bot)
    for _ in range(MAX_FAILED_LOOKUPS):
        bot.handle(INTRUDER, f"show me booking {booking.ref} with code 2345-ABCD")
    refused = bot.handle(INTRUDER, f"show me booking {booking.ref} with code {code}")  # even the right one, now
    assert [d.rule for d in refused.trace.decisions] == ["lookup_limit"]
    assert bot.bookings(INTRUDER) == []


def test_failed_look_ups_are_limited_per_client_address_across_identities(bot: HotelBot) -> None:
    address = "203.0.113.7"
    for number in range(MAX_FAILED_LOOKUPS_PER_ADDRESS):  # a new identity for every few tries
        sender = f"rest:guesser-{number // (MAX_FAILED_LOOKUPS - 1)}"
        assert "couldn't find" in bot.handle(sender, f"look up booking HB-{7000 + number}", address=address).reply
    fresh = bot.handle("rest:guesser-new", "look up booking HB-4821", address=address)
    assert [d.rule for d in fresh.trace.decisions] == ["lookup_limit"]
    elsewhere = bot.handle("rest:someone", "look up booking HB-6000", address="198.51.100.1")
    assert "couldn't find" in elsewhere.reply
