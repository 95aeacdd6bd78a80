"""Traditional Chinese read as Simplified, spans mapped back, replies written in the customer's
script, and messages in a language the bot does not serve (bot/understanding/zh/script.py,
bot/wording)."""

from __future__ import annotations

import pytest

from bot.understanding.zh import script as zh_script
from bot.wording import for_language, unserved_language


@pytest.mark.parametrize(("text", "script"), [
    ("幫我訂一間上海的飯店，10號入住，住兩晚，兩個人", "tw"),
    ("我想訂兩晚，衞生間要乾淨", "hk"),  # 衞 is Hong Kong's form of 衛
    ("帮我订一间上海的酒店", "hans"),
    ("上海", None),  # characters both scripts share: the message does not tell
    ("10号住兩晚", None),  # one of each: the conversation's script
])
def test_the_script_of_a_message(text: str, script: str | None) -> None:
    assert zh_script.script_of(text)[0] == script


def test_a_message_that_does_not_tell_keeps_the_conversations_script() -> None:
    assert zh_script.read("上海", "tw").script is None
    # a tie of one Traditional and one Simplified character is read the conversation's way
    assert zh_script.read("10号住兩晚", "tw").text == "10号住两晚"
    assert zh_script.read("10号住兩晚", "hans").text == "10号住兩晚"


def test_traditional_is_read_with_its_regions_phrases_and_the_desks_words() -> None:
    assert zh_script.read("幫我訂一間上海的飯店，10號入住").text == "帮我订一间上海的酒店，10号入住"
    assert zh_script.read("飯店有網路嗎？可以叫計程車嗎？").text == "酒店有网络吗？可以叫出租车吗？"
    assert zh_script.read("幫我安排上海三天的行程").text == "帮我安排上海三天的行程"  # an itinerary, not a process
    assert zh_script.read("香港的酒店，衞生間要乾淨").text == "香港的酒店，卫生间要干净"


@pytest.mark.parametrize("text", ["我要用隨身碟訂房，住兩晚", "幫我訂一間上海的飯店，10號入住，住兩晚，兩個人"])
def test_a_span_of_the_reading_maps_back_to_the_customers_characters(text: str) -> None:
    written = zh_script.read(text)
    for word in ("订房", "两晚", "10号", "上海", "U盘"):
        start = written.text.find(word)
        if start < 0:
            continue
        begin, end = written.span(start, start + len(word))
        assert zh_script.read(text[begin:end]).text in (word, written.text[start:start + len(word)])
    if "U盘" in written.text:  # a word the phrase table shortened maps whole
        start = written.text.index("U盘")
        assert text[slice(*written.span(start, start + 2))] == "隨身碟"


def test_replies_are_written_in_the_customers_script() -> None:
    assert zh_script.write("为您找到上海的酒店，网络免费，酒店信息如下", "tw") == "為您找到上海的酒店，網路免費，酒店資訊如下"
    assert zh_script.write("为您找到上海的酒店", "hk") == "為您找到上海的酒店"
    assert zh_script.write("为您找到上海的酒店", "hans") == "为您找到上海的酒店"


def test_a_plans_ways_of_getting_about_are_written_the_regions_way() -> None:
    leg = "公交 25分钟 ¥2，打车 15分钟 ¥30"
    assert zh_script.write(leg, "tw") == "公車 25分鐘 ¥2，搭計程車 15分鐘 ¥30"
    assert zh_script.write(leg, "hk") == "巴士 25分鐘 ¥2，搭的士 15分鐘 ¥30"
    assert zh_script.write(leg, "hans") == leg


def test_the_chinese_wording_module_in_a_traditional_script() -> None:
    words = for_language("zh", "tw")
    assert words.greet() == zh_script.write(for_language("zh").greet(), "tw") != for_language("zh").greet()
    assert words.TIER_NAMES["luxury"] == "豪華型"
    assert words.UI["send"] == zh_script.write(for_language("zh").UI["send"], "tw")
    assert for_language("en", "tw").greet() == for_language("en").greet()


@pytest.mark.parametrize(("text", "language"), [
    ("上海のホテルを10日から2泊予約したいです", "Japanese"),
    ("ホテルを予約したい", "Japanese"),
    ("서울 호텔 예약하고 싶어요", "Korean"),
    ("Хочу забронировать отель в Шанхае", "a language in Cyrillic script"),
    ("โรงแรมในเซี่ยงไฮ้", "Thai"),
])
def test_a_message_in_a_language_not_served_is_named(text: str, language: str) -> None:
    unserved = unserved_language(text)
    assert unserved is not None and unserved.language == language
    assert "letters" in unserved.why


@pytest.mark.parametrize("text", [
    "book a hotel in Shanghai", "帮我订上海的酒店", "幫我訂上海的飯店", "東京駅",  # kanji alone reads as Chinese
    "a hotel near the Москва river in Shanghai please",  # a foreign name in an English message
    "ＨＢ－４８２１", "12", "🙂🙂",
])
def test_served_messages_are_not_refused(text: str) -> None:
    assert unserved_language(text) is None
