"""Chinese slot values: surface span -> the same canonical values as English (SPEC section 7)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.models import Shift, TierStep
from bot.understanding.dates import parse_date
from bot.understanding.normalize import Normalizer, parse_guests, parse_nights, parse_price
from bot.understanding.zh.words import is_chinese, looks_chinese, numeral_value, parse_number
from intents import schema
from tests import seeded_names

TODAY = date(2026, 12, 1)  # a Tuesday
# Invented names: the catalogue's Chinese names are another helper's; these test the matching.
HOTELS = [
    "Bund Riverside Hotel", "Jade Garden Inn",
    "上海外滩花园酒店", "上海静安花园酒店", "北京王府井大饭店", "如家酒店(杭州西湖店)",
]


@pytest.fixture
def normalizer() -> Normalizer:
    return Normalizer(TODAY, HOTELS)


def read(normalizer: Normalizer, slot: str, text: str, after: date | None = None) -> object:
    result = normalizer.normalize(slot, text, after=after)
    assert result.note, "every reading explains itself in the trace"
    return result.value


# --------------------------------------------------------------------------- language, numbers


@pytest.mark.parametrize(
    ("text", "chinese", "span"),
    [
        ("我想订10号的酒店", True, True),
        ("sh 15号 2晚", True, True),
        ("show me hotels", False, False),
        ("１０", False, True),  # full-width digits alone: a Chinese span, not a Chinese message
        ("HB-4821", False, False),
    ],
)
def test_language_of_a_message_and_of_a_span(text: str, chinese: bool, span: bool) -> None:
    assert (is_chinese(text), looks_chinese(text)) == (chinese, span)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("十", 10), ("十二", 12), ("二十", 20), ("二十五", 25), ("两", 2), ("俩", 2), ("仨", 3),
        ("一百", 100), ("一百五", 150), ("一百零五", 105), ("五百", 500), ("一千二", 1200),
        ("两千五百", 2500), ("一万五", 15000), ("二零二六", 2026), ("1千2", 1200), ("零", 0),
    ],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert numeral_value(numeral) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [("两晚", 2), ("十二个", 12), ("１０", 10), ("三个人", 3), ("几个", None), ("晚上", None)],
)
def test_parse_number_reads_chinese(text: str, expected: int | None) -> None:
    assert parse_number(text) == expected


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10号", date(2026, 12, 10)),
        ("10日", date(2026, 12, 10)),
        ("1号", date(2026, 12, 1)),  # today itself counts
        ("十号", date(2026, 12, 10)),
        ("二十五号", date(2026, 12, 25)),
        ("１０号", date(2026, 12, 10)),
        ("12月10日", date(2026, 12, 10)),
        ("12月10号", date(2026, 12, 10)),
        ("十二月十号", date(2026, 12, 10)),
        ("１２月１０日", date(2026, 12, 10)),
        ("11月30号", date(2027, 11, 30)),  # passed this year: next year
        ("1月2号", date(2027, 1, 2)),
        ("2027年3月5日", date(2027, 3, 5)),
        ("明年1月5号", date(2027, 1, 5)),
        ("12月10日入住", date(2026, 12, 10)),
        ("今天", date(2026, 12, 1)),
        ("今晚", date(2026, 12, 1)),
        ("明天", date(2026, 12, 2)),
        ("后天", date(2026, 12, 3)),
        ("大后天", date(2026, 12, 4)),
        ("3天后", date(2026, 12, 4)),
        ("两周后", date(2026, 12, 15)),
        ("下个月5号", date(2027, 1, 5)),
        ("下月5号", date(2027, 1, 5)),
        ("月底", date(2026, 12, 31)),
        ("下个月底", date(2027, 1, 31)),
        ("周六", date(2026, 12, 5)),  # first Saturday after today, as "Saturday"
        ("星期五", date(2026, 12, 4)),
        ("礼拜五", date(2026, 12, 4)),
        ("周二", date(2026, 12, 8)),  # today is Tuesday: the next one
        ("周日", date(2026, 12, 6)),
        ("星期天", date(2026, 12, 6)),
        ("这周六", date(2026, 12, 5)),
        ("本周日", date(2026, 12, 6)),
        ("下周五", date(2026, 12, 11)),  # as "next Friday": the Friday of next week
        ("下个星期一", date(2026, 12, 7)),
        ("下礼拜三", date(2026, 12, 9)),
        ("下下周五", date(2026, 12, 18)),
        ("周末", date(2026, 12, 5)),  # as "the weekend": first Saturday on/after today
        ("这个周末", date(2026, 12, 5)),
        ("下周末", date(2026, 12, 12)),
        ("下周", date(2026, 12, 7)),
        ("元旦", date(2027, 1, 1)),
        ("国庆", date(2027, 10, 1)),
        ("五一", date(2027, 5, 1)),  # the holiday, not the 51st
        ("圣诞节", date(2026, 12, 25)),
    ],
)
def test_dates(normalizer: Normalizer, text: str, expected: date) -> None:
    assert read(normalizer, "check_in", text) == expected
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 12, 5), "这周六", date(2026, 12, 5)),  # on Saturday: today
        (date(2026, 12, 5), "周六", date(2026, 12, 12)),  # as "Saturday": strictly after today
        (date(2026, 12, 5), "周末", date(2026, 12, 5)),
        (date(2026, 12, 6), "下周末", date(2026, 12, 12)),
        (date(2026, 12, 31), "10号", date(2027, 1, 10)),
        (date(2027, 1, 31), "下个月5号", date(2027, 2, 5)),
        (date(2027, 1, 31), "30号", date(2027, 3, 30)),  # February has no 30th
    ],
)
def test_dates_move_with_today(today: date, text: str, expected: date) -> None:
    assert Normalizer(today).normalize("check_in", text).value == expected


@pytest.mark.parametrize(
    ("after", "text", "expected"),
    [
        (date(2026, 12, 30), "1月2号", date(2027, 1, 2)),  # 12月30号到1月2号: the year rolls over
        (date(2026, 12, 20), "15号", date(2027, 1, 15)),  # 住到15号 after the 20th
        (date(2026, 12, 10), "12号", date(2026, 12, 12)),
        (date(2026, 12, 4), "周五", date(2026, 12, 11)),  # check-in Friday: the Friday after
        (date(2026, 12, 5), "周末", date(2026, 12, 12)),
    ],
)
def test_check_out_after_check_in(normalizer: Normalizer, after: date, text: str, expected: date) -> None:
    assert read(normalizer, "check_out", text, after) == expected
    assert parse_date(text, TODAY, after) == expected  # as the tracker reads a range's second date


def test_a_range_over_new_year(normalizer: Normalizer) -> None:
    check_in = normalizer.normalize("check_in", "12月30号").value
    assert check_in == date(2026, 12, 30)
    assert normalizer.normalize("check_out", "1月2号", after=check_in).value == date(2027, 1, 2)


@pytest.mark.parametrize(
    ("text", "value", "flag"),
    [
        ("昨天", date(2026, 11, 30), "in the past"),
        ("这个月1号", date(2026, 12, 1), None),
        ("2026年11月5日", date(2026, 11, 5), "in the past"),
        ("2028年1月1日", date(2028, 1, 1), f"more than {schema.MAX_DAYS_AHEAD} days ahead"),
    ],
)
def test_dates_the_bot_cannot_book_are_kept_and_flagged(normalizer: Normalizer, text: str, value: date, flag: str | None) -> None:
    result = normalizer.normalize("check_in", text)
    assert (result.value, result.known) == (value, True)
    assert (flag in result.note) if flag else (";" not in result.note)


def test_check_out_not_after_check_in_is_flagged(normalizer: Normalizer) -> None:
    result = normalizer.normalize("check_out", "下周一", after=date(2026, 12, 10))
    assert result.value == date(2026, 12, 7) and "not after 2026-12-10" in result.note


@pytest.mark.parametrize("text", ["32号", "13月5号", "2月30号", "号", "随便", "00月00号", "九九九九九九九九天后"])
def test_unreadable_dates(normalizer: Normalizer, text: str) -> None:
    result = normalizer.normalize("check_in", text)
    assert (result.value, result.known) == (None, False)


def test_a_day_next_month_does_not_have(normalizer: Normalizer) -> None:
    result = Normalizer(date(2027, 1, 5)).normalize("check_in", "下个月30号")
    assert result.value is None and "no day 30" in result.note


# --------------------------------------------------------------------------- shifts


@pytest.mark.parametrize(
    ("slot", "text", "days"),
    [
        ("check_in", "推迟一天", 1),
        ("check_in", "往后推两天", 2),
        ("check_in", "晚一天", 1),
        ("check_in", "推迟一周", 7),
        ("check_in", "提前一天", -1),
        ("check_out", "早两天", -2),
        ("check_out", "提前１天", -1),
        ("nights", "多住一晚", 1),
        ("nights", "再加两晚", 2),
        ("nights", "少住一晚", -1),
        ("nights", "少一晚", -1),
    ],
)
def test_moves_are_shifts(normalizer: Normalizer, slot: str, text: str, days: int) -> None:
    assert read(normalizer, slot, text) == Shift(days=days)


@pytest.mark.parametrize(("slot", "text"), [("check_in", "晚几天"), ("nights", "多住几晚"), ("check_in", "推迟0天")])
def test_a_move_by_no_stated_number_is_not_understood(normalizer: Normalizer, slot: str, text: str) -> None:
    assert normalizer.normalize(slot, text).value is None


def test_a_date_after_a_direction_word_is_no_shift(normalizer: Normalizer) -> None:
    assert read(normalizer, "check_in", "推迟到15号") == date(2026, 12, 15)  # 3天后 / 推迟到 name a date


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("两晚", 2), ("2晚", 2), ("２晚", 2), ("一晚", 1), ("三个晚上", 3), ("两宿", 2),
        ("三天", 3),  # a stay of N days is N nights, as in English
        ("一周", 7), ("一个星期", 7), ("两周", 14), ("周末", 2), ("最多3晚", 3), ("3", 3), ("三", 3),
        ("几晚", None), ("晚上", None),
    ],
)
def test_nights(text: str, expected: int | None) -> None:
    assert parse_nights(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3个人", 3), ("三个人", 3), ("两位", 2), ("2位", 2), ("俩人", 2), ("我们俩", 2), ("我俩", 2),
        ("两个人", 2), ("一个人", 1), ("我一个人", 1), ("就我自己", 1), ("一家三口", 3),
        ("两大一小", 3), ("两个大人一个小孩", 3), ("3成人2儿童", 5), ("我和老婆", 2), ("我和我老婆", 2),
        ("我老婆和我", 2), ("我带两个孩子", 3), ("我和父母", 3), ("我们三个加一个孩子", 4), ("两口子", 2),
        ("我和老婆两个人", 2), ("我和朋友三个人", 3), ("爸妈和我三个人", 3),  # the count restates them
        ("3", 3),
        ("我们", None),  # how many?
        ("朋友们", None),
        ("几个人", None),
    ],
)
def test_guests(text: str, expected: int | None) -> None:
    assert parse_guests(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("两间", 2), ("2间房", 2), ("一间", 1), ("三个房间", 3), ("一间大床房", 1), ("房间", 1), ("几间", None), ("随便", None)],
)
def test_rooms(normalizer: Normalizer, text: str, expected: int | None) -> None:
    assert read(normalizer, "rooms", text) == expected


@pytest.mark.parametrize(
    ("slot", "text", "value", "flag"),
    [
        ("guests", "0人", 0, "must be at least 1"),
        ("guests", "十个人", 10, None),
        ("guests", "十二个人", 12, "above the limit of 10 guests"),
        ("rooms", "20间", 20, "above the limit of 5 rooms"),
        ("rooms", "零间", 0, "must be at least 1"),
        ("nights", "三十一晚", 31, "above the limit of 30 nights"),
    ],
)
def test_counts_flag_schema_limits(normalizer: Normalizer, slot: str, text: str, value: int, flag: str | None) -> None:
    result = normalizer.normalize(slot, text)
    assert (result.value, result.known) == (value, True)
    assert (flag in result.note) if flag else (";" not in result.note)


# --------------------------------------------------------------------------- price


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("500以内", 500.0), ("每晚500以内", 500.0), ("500元以内", 500.0), ("不超过800", 800.0),
        ("800块以下", 800.0), ("1000元以下", 1000.0), ("五百以内", 500.0), ("五百元以内", 500.0),
        ("一千二以下", 1200.0), ("１０００以内", 1000.0), ("1k以内", 1000.0), ("1.5k", 1500.0),
        ("一晚500以内", 500.0),  # 一晚 counts nights, not yuan
        ("400-500元", 500.0),  # a range reaching the normaliser caps at its upper end, as in English
        ("50美元以内", None), ("便宜点", None),
    ],
)
def test_price(text: str, expected: float | None) -> None:
    assert parse_price(text) == expected


# --------------------------------------------------------------------------- ordinal, tier, topic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一个", 1), ("第二家", 2), ("第3个", 3), ("第三", 3), ("头一个", 1), ("最后一个", -1), ("最后那家", -1),
        ("倒数第二个", -2), ("倒数第一", -1), ("第零个", None), ("随便", None),
    ],
)
def test_ordinal(normalizer: Normalizer, text: str, expected: int | None) -> None:
    assert read(normalizer, "ordinal", text) == expected


@pytest.mark.parametrize(("tier", "word"), [(tier, word) for tier, words in schema.TIER_WORDS_ZH.items() for word in words])
def test_every_chinese_tier_word(normalizer: Normalizer, tier: str, word: str) -> None:
    assert read(normalizer, "tier", word) == tier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("五星", "luxury"), ("五星级", "luxury"), ("5星级", "luxury"), ("四星", "comfort"), ("三星级", "budget"),
        ("便宜点的吧", "budget"), ("要豪华一点的", "luxury"),
        ("不要豪华的", None),  # negated: names no tier
        ("六星", None), ("随便", None),
    ],
)
def test_tier(normalizer: Normalizer, text: str, expected: str | None) -> None:
    assert read(normalizer, "tier", text) == expected


@pytest.mark.parametrize(("steps", "word"), [(steps, word) for steps, words in schema.TIER_STEP_WORDS_ZH.items() for word in words])
def test_every_chinese_comparative_is_a_tier_step(normalizer: Normalizer, steps: int, word: str) -> None:
    """贵一点 names no tier: the tracker moves one from the tier talked about."""
    assert read(normalizer, "tier", f"有没有{word}的") == TierStep(steps=steps)


def test_a_tier_word_with_dian_names_its_tier_and_a_negated_comparative_none(normalizer: Normalizer) -> None:
    assert read(normalizer, "tier", "更豪华") == TierStep(steps=1)  # the longer word wins over 豪华
    assert read(normalizer, "tier", "豪华点") == "luxury"
    # a comparative wins over a longer tier word in the same span: 更 + 便宜一点 (budget)
    assert read(normalizer, "tier", "更便宜一点") == TierStep(steps=-1)
    assert read(normalizer, "tier", "便宜一点") == "budget"
    assert read(normalizer, "tier", "不要贵一点的") is None


@pytest.mark.parametrize(("topic", "word"), [(topic, word) for topic, words in schema.TOPIC_WORDS_ZH.items() for word in words])
def test_every_chinese_topic_word(normalizer: Normalizer, topic: str, word: str) -> None:
    assert read(normalizer, "topic", word) == topic


@pytest.mark.parametrize(
    ("text", "expected"),
    [("有早餐吗", "breakfast"), ("几点退房", "check_out_time"), ("WIFI", "wifi"), ("能带狗吗", "pets"), ("天气", None)],
)
def test_topic(normalizer: Normalizer, text: str, expected: str | None) -> None:
    assert read(normalizer, "topic", text) == expected


# --------------------------------------------------------------------------- city, booking ref


@pytest.mark.parametrize(("city", "name"), [(city, name) for city, names in seeded_names.CITY_NAMES_ZH.items() for name in names])
def test_every_chinese_city_name(normalizer: Normalizer, city: str, name: str) -> None:
    assert read(normalizer, "city", name) == city


@pytest.mark.parametrize(
    ("text", "expected"),
    [("上海浦东", "Shanghai"), ("去杭州", "Hangzhou"), ("北京市朝阳区", "Beijing"), ("去sh", "Shanghai"), ("SH", "Shanghai")],
)
def test_city(normalizer: Normalizer, text: str, expected: str) -> None:
    result = normalizer.normalize("city", text)
    assert (result.value, result.known) == (expected, True)


@pytest.mark.parametrize(("city", "sight"), [(city, sight) for city, sights in seeded_names.LANDMARKS_ZH.items() for sight in sights])
def test_a_sight_names_its_city(normalizer: Normalizer, city: str, sight: str) -> None:
    """"西湖边", "故宫附近": the city of the sight; a served city named with it wins ("杭州西湖")."""
    for surface in (sight, f"{sight}附近", f"去{sight}"):
        assert read(normalizer, "city", surface) == city, surface


@pytest.mark.parametrize(("text", "expected"), [("厦门", "厦门"), ("去南京", "南京"), ("东京", "东京")])
def test_unserved_city_keeps_its_name(normalizer: Normalizer, text: str, expected: str) -> None:
    result = normalizer.normalize("city", text)  # 南京 holds 京 (Beijing), which counts only alone
    assert (result.value, result.known) == (expected, False)
    assert "not a served city" in result.note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HB-4821", "HB-4821"), ("订单号HB-7KQ2XM4PA", "HB-7KQ2XM4PA"), ("ＨＢ－４８２１", "HB-4821"),
        ("hb 4821的订单", "HB-4821"), ("订单4821", "HB-4821"), ("没有", None),
    ],
)
def test_booking_ref(normalizer: Normalizer, text: str, expected: str | None) -> None:
    assert read(normalizer, "booking_ref", text) == expected


# --------------------------------------------------------------------------- hotel


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上海外滩花园酒店", "上海外滩花园酒店"),
        ("外滩花园", "上海外滩花园酒店"),  # without the city and the generic word
        ("外滩", "上海外滩花园酒店"),  # unambiguous part
        ("外滩酒店", "上海外滩花园酒店"),
        ("上海外滩的酒店", "上海外滩花园酒店"),  # a middle part left out
        ("订上海外滩花园酒店", "上海外滩花园酒店"),  # the tagged span ran over the verb
        ("王府井", "北京王府井大饭店"),
        ("如家西湖店", "如家酒店(杭州西湖店)"),
        ("Bund Riverside", "Bund Riverside Hotel"),  # English matching unchanged
    ],
)
def test_chinese_hotel_names(normalizer: Normalizer, text: str, expected: str) -> None:
    result = normalizer.normalize("hotel", text)
    assert (result.value, result.known) == (expected, True)


def test_an_ambiguous_chinese_name_picks_none(normalizer: Normalizer) -> None:
    result = normalizer.normalize("hotel", "花园酒店")
    assert (result.value, result.known) == (None, False)
    assert "上海外滩花园酒店" in result.note and "上海静安花园酒店" in result.note


@pytest.mark.parametrize("text", ["北京饭店", "锦江之星", "外"])  # 北京饭店: a city and a generic word are another hotel
def test_unlisted_chinese_hotel(normalizer: Normalizer, text: str) -> None:
    result = normalizer.normalize("hotel", text)
    assert (result.value, result.known) == (text, False)


# --------------------------------------------------------------------------- a Chinese message


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("check_in", "12/10", date(2026, 12, 10)),  # month first, as Chinese dates are written
        ("check_in", "12.10", date(2026, 12, 10)),  # an English span would be ambiguous
        ("check_in", "25/12", date(2026, 12, 25)),  # only day/month is a date
        ("check_in", "15", date(2026, 12, 15)),
        ("nights", "2 nights", 2),  # English words still read
        ("city", "Shanghai", "Shanghai"),
        ("city", "Paris", "Paris"),  # not served, named as written
        ("ordinal", "the second one", 2),
        ("tier", "5 star", "luxury"),
        ("check_in", "a day later", Shift(days=1)),
    ],
)
def test_spans_of_a_chinese_message(slot: str, text: str, expected: object) -> None:
    assert Normalizer(TODAY, HOTELS, language="zh").normalize(slot, text).value == expected


def test_english_spans_keep_the_english_rules(normalizer: Normalizer) -> None:
    assert normalizer.normalize("check_in", "12/10").value is None  # ambiguous in English
    assert normalizer.normalize("guests", "0 people").value is None


@pytest.mark.parametrize("text", ["\u200b号", "👍🏽晚", "九千九百九十九万号", "推迟九九九九九九九九天", "一" * 60, "〇〇〇"])
def test_odd_chinese_spans_never_raise(normalizer: Normalizer, text: str) -> None:
    for slot in schema.SLOTS:
        normalizer.normalize(slot, text)


@pytest.mark.parametrize(("text", "expected"), [
    ("我和老伴", 2), ("我带我爸妈", 3), ("我和老板", 2), ("我和室友两个人", 2), ("我和哥", 2), ("就我自己", 1),
])
def test_a_chinese_party_is_counted_by_who_comes(text: str, expected: int) -> None:
    assert Normalizer(TODAY, language="zh").normalize("guests", text).value == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("我和老婆一起", 2), ("我跟爸妈一起", 3),  # 一起 (together) counts nobody
    ("加上我一共四个人", 4), ("我们总共五位", 5),  # the number after 共 is everyone
])
def test_a_chinese_party_told_with_together_or_in_all(text: str, expected: int) -> None:
    assert Normalizer(TODAY, language="zh").normalize("guests", text).value == expected


@pytest.mark.parametrize(("text", "days"), [
    ("再加上我弟", 1), ("再加一位", 1), ("多两个人", 2), ("还要加我爸妈", 2), ("我妹也来", 1), ("我老婆也一起", 1),
    ("少一个人", -1), ("减两个人", -2), ("我弟不来了", -1),
])
def test_a_change_of_a_chinese_party_is_a_move_of_the_guest_count(text: str, days: int) -> None:
    assert Normalizer(TODAY, language="zh").normalize("guests", text).value == Shift(days=days)


@pytest.mark.parametrize(("text", "expected"), [("两个night", 2), ("三nights", 3), ("住两天", 2)])
def test_an_english_unit_in_a_chinese_count_of_nights(text: str, expected: int) -> None:
    assert Normalizer(TODAY, language="zh").normalize("nights", text).value == expected


def test_a_chinese_check_out_that_names_a_night_is_the_morning_after() -> None:
    assert Normalizer(TODAY, language="zh").normalize("check_out", "周六晚上", after=date(2026, 12, 4)).value == date(2026, 12, 6)


@pytest.mark.parametrize(("text", "days"), [("前一天", -1), ("后一天", 1), ("那前一天", -1)])
def test_the_day_next_to_the_one_just_said_is_a_move_in_chinese(text: str, days: int) -> None:
    assert Normalizer(TODAY, language="zh").normalize("check_in", text).value == Shift(days=days)


@pytest.mark.parametrize(("text", "party"), [
    ("两个night，就我自己", "就我自己"), ("我带我爸妈去杭州玩", "我带我爸妈"), ("就我一个，住两晚", "就我一个"),
    ("我和老伴想去西安", "我和老伴"), ("我一个朋友推荐的", None), ("我想订上海的酒店", None),
])
def test_the_party_a_message_describes_is_found_for_the_reader(text: str, party: str | None) -> None:
    from bot.understanding.zh.slots import party_phrase

    found = party_phrase(text)
    assert (text[found[0] : found[1]] if found else None) == party
