"""Replies follow the customer's language, turn by turn, through the whole pipeline (the
model stands in as a script: the rule is the bot's, whatever model reads the message)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from bot.agent import BotConfig, HotelBot
from bot.database import Database
from bot.knowledge import KnowledgeBase
from bot.models import DialogueState, Entity, ParsedMessage
from bot.tracking import StateTracker
from bot.wording import zh
from tests.doubles import ScriptedUnderstanding

TODAY = date(2026, 12, 1)


class ConstantEmbedder:
    """Every text the same vector: the FAQ here is answered by topic, never by similarity."""

    def embed(self, text: str) -> np.ndarray:
        return np.ones(4, dtype=np.float32) / 2


def message(text: str, intents: list[str], *spans: tuple[str, str, object]) -> ParsedMessage:
    """`spans`: (slot, surface in text, normalised value)."""
    entities = [Entity(entity=slot, value=surface, start=text.index(surface), end=text.index(surface) + len(surface),
                       confidence=0.99, normalized=value) for slot, surface, value in spans]
    return ParsedMessage(text=text, intents=intents, intent_scores={i: 0.99 for i in intents}, low_confidence=False,
                         entities=entities)


def scripted_bot(*messages: ParsedMessage) -> HotelBot:
    db = Database.create(":memory:")
    knowledge = KnowledgeBase(db, ConstantEmbedder())
    return HotelBot(ScriptedUnderstanding({m.text: m for m in messages}), db, knowledge,
                    BotConfig(db_path=":memory:", today=TODAY))


def chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


# The articles' example as a Chinese customer writes it, then a switch to English.
BOOK_10TH = message("我想订10号上海的酒店", ["book_hotel"], ("check_in", "10号", date(2026, 12, 10)), ("city", "上海", "Shanghai"))
SHOW_11TH = message("再帮我看看11号的", ["search_hotels"], ("check_in", "11号", date(2026, 12, 11)))
FIRST_2_2 = message("第一家，2个人住两晚", ["select_option", "inform"], ("ordinal", "第一家", 1), ("guests", "2个人", 2),
                    ("nights", "两晚", 2))
DOG = message("可以带狗吗", ["ask_faq"], ("topic", "狗", "pets"))
YES = message("确认", ["affirm"])
THANKS = message("thanks, bye", ["thank", "goodbye"])
REF_ONLY = message("2", ["inform"], ("guests", "2", 2))


def test_a_chinese_booking_is_answered_in_chinese_and_a_switch_to_english_in_english() -> None:
    bot = scripted_bot(BOOK_10TH, SHOW_11TH, FIRST_2_2, DOG, YES, THANKS)

    turn = bot.handle("s", BOOK_10TH.text)
    assert turn.state.language == "zh" and turn.trace.language == "zh"
    assert turn.reply == zh.ask("nights")

    turn = bot.handle("s", SHOW_11TH.text)
    assert turn.reply.startswith("为您找到上海的酒店，12月11日") and "Here are" not in turn.reply
    assert turn.cards and all(chinese(card.hotel) and chinese(card.room_type) for card in turn.cards)
    first = turn.state.offers[0].offer.hotel
    assert turn.cards[0].hotel == first.name_zh and first.name_zh.startswith("上海")

    turn = bot.handle("s", FIRST_2_2.text)
    assert turn.state.value("hotel") == first.name  # the state keeps the canonical name
    assert turn.state.awaiting == "confirm" and "请您确认订单" in turn.reply and first.name_zh in turn.reply
    assert "12月11日–12月13日（2晚）" in turn.reply

    turn = bot.handle("s", DOG.text)  # a policy question in the middle of the booking, in Chinese
    assert chinese(turn.reply) and "宠物" in turn.reply and "Pets" not in turn.reply
    assert turn.state.awaiting == "confirm" and turn.reply.split("\n\n")[-1].startswith("请您确认订单")

    turn = bot.handle("s", YES.text)
    [booking] = bot.bookings("s")
    assert (booking.check_in, booking.check_out, booking.guests) == (date(2026, 12, 11), date(2026, 12, 13), 2)
    assert turn.reply.startswith(f"预订成功！您的订单号是{booking.ref}。") and first.name_zh in turn.reply

    turn = bot.handle("s", THANKS.text)
    assert turn.state.language == "en" and turn.reply == "You're welcome!\n\nGoodbye, and have a great trip!"


def test_a_message_without_letters_keeps_the_conversations_language() -> None:
    bot = scripted_bot(BOOK_10TH, REF_ONLY)
    bot.handle("s", BOOK_10TH.text)
    turn = bot.handle("s", REF_ONLY.text)
    assert turn.state.language == "zh" and chinese(turn.reply)


def test_a_hotel_named_in_chinese_is_held_by_its_canonical_name() -> None:
    db = Database.create(":memory:")
    bund = db.hotel_by_name("Bund Riverside Hotel")
    pick = message("订上海外滩江景酒店，10号住两晚", ["book_hotel"], ("hotel", "上海外滩江景酒店", bund.name_zh),
                   ("check_in", "10号", date(2026, 12, 10)), ("nights", "两晚", 2))
    turn = scripted_bot(pick).handle("s", pick.text)
    assert turn.state.value("hotel") == "Bund Riverside Hotel" and turn.state.value("city") == "Shanghai"
    assert turn.reply == zh.ask("guests")


@pytest.mark.parametrize("text, reply", [
    ("", "I didn't receive any text. How can I help you with your hotel?"),
    ("订酒店\x00", zh.control_characters()),
    ("订" * 2001, zh.too_long(2000)),
])
def test_messages_that_are_not_read_are_refused_in_their_own_language(text: str, reply: str) -> None:
    turn = scripted_bot().handle("s", text)
    assert turn.reply == reply and turn.state.turn == 0


def test_a_failed_turn_apologises_in_the_messages_language() -> None:
    turn = scripted_bot().handle("s", "这句话没有脚本")  # the scripted model raises KeyError
    assert turn.trace.error_id and turn.reply == zh.turn_failed(turn.trace.error_id)


def test_a_handoff_summary_is_written_for_a_chinese_colleague() -> None:
    human = message("转人工", ["request_human"])
    bot = scripted_bot(BOOK_10TH, human)
    bot.handle("s", BOOK_10TH.text)
    turn = bot.handle("s", human.text)
    assert turn.reply.startswith("正在为您转接人工客服") and "客户想预订房间" in turn.reply and "城市：上海" in turn.reply


def test_a_chinese_handoff_summary_names_the_hotel_in_chinese() -> None:
    pick = message("上海外滩江景酒店，10号", ["book_hotel"], ("hotel", "上海外滩江景酒店", "Bund Riverside Hotel"),
                   ("check_in", "10号", date(2026, 12, 10)))
    human = message("转人工", ["request_human"])
    bot = scripted_bot(pick, human)
    bot.handle("s", pick.text)
    turn = bot.handle("s", human.text)
    assert "酒店：上海外滩江景酒店" in turn.reply and "Bund Riverside" not in turn.reply


def test_the_tracker_records_the_language_of_each_message() -> None:
    tracker = StateTracker(hotel=lambda name: None)
    state = DialogueState(session_id="s", today=TODAY)
    for text, expected in (("hi", "en"), ("你好", "zh"), ("HB-7KQ2XM4PA", "zh"), ("ok", "en"), ("3", "en")):
        state, _ = tracker.update(state, ParsedMessage(text=text, intents=["inform"], intent_scores={}, low_confidence=False,
                                                       entities=[]))
        assert state.language == expected, text
