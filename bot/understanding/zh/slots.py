"""Chinese slot readers: a Chinese span -> the canonical value, as the English readers in
en/slots.py do (same values, same limits, a note for the trace). Dates are in dates.py.

Counts, prices and positions are read after numerals become digits (两晚 = 2晚); names
(cities, tiers, topics, hotels) are matched on the folded text as written, since
Chinese has no spaces: the longest known word inside the span wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import CityInfo, Shift, SightInfo
from bot.understanding.reading import Reading, by_core, fail, one_of, tier_step
from bot.understanding.zh.script import simplified
from bot.understanding.zh.words import fold, longest_word_at, longest_word_in, looks_chinese, with_digits
from intents import schema

_VAGUE = "几"  # 几晚, 几个人: "some", no count


# --------------------------------------------------------------------------- nights

# Units of a stay, in nights per unit. A stay of N days (住三天) is N nights, as in English.
_NIGHT_UNITS: dict[str, int] = {
    "晚上": 1, "晚": 1, "夜": 1, "宿": 1, "天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7,
    "nights": 1, "night": 1, "days": 1, "day": 1,  # 两个night: an English unit in a Chinese count
}
_UNIT_ALT = "|".join(sorted(_NIGHT_UNITS, key=len, reverse=True))
_STAY = re.compile(rf"(?P<count>\d+)个?(?P<unit>{_UNIT_ALT})(?![1-7日天末])")  # 1周, never 周1 or 周末
# A change of the current stay: 多住一晚, 再加两晚 (+); 少住一晚, 减一晚 (-).
# 最多 / 至少 are limits, not changes; 连续 (in a row) is why 续 alone is no "more".
_MORE_NIGHTS = ("多住", "再住", "续住", "延住", "加住", "延长", "多", "加")
_FEWER_NIGHTS = ("少住", "减少", "缩短", "少", "减")
_NIGHTS_SHIFT = re.compile(
    rf"(?<![最至])(?P<direction>{'|'.join(sorted(_MORE_NIGHTS + _FEWER_NIGHTS, key=len, reverse=True))})了?"
    rf"(?P<count>\d+|{_VAGUE})个?(?P<unit>{_UNIT_ALT})"
)


def read_nights(text: str) -> Reading:
    digits = with_digits(text)
    if shift := _NIGHTS_SHIFT.search(digits):
        return _nights_shift(text, shift)
    if match := _STAY.search(digits):
        nights = int(match["count"]) * _NIGHT_UNITS[match["unit"]]
        how = " (days read as nights)" if match["unit"] in ("天", "日") else ""
        return Reading(nights, f"'{text}' -> {nights} night{'s' * (nights != 1)}{how}")
    if "周末" in digits:
        return Reading(2, f"'{text}' = Friday/Saturday nights")
    if digits.isdigit():
        return Reading(int(digits), f"'{text}' -> {int(digits)} night{'s' * (digits != '1')}")
    return fail(f"no number of nights in '{text}'")


def _nights_shift(text: str, match: re.Match[str]) -> Reading:
    if match["count"] == _VAGUE:
        return fail(f"no number of nights in '{text}'")
    sign = 1 if match["direction"] in _MORE_NIGHTS else -1
    nights = int(match["count"]) * _NIGHT_UNITS[match["unit"]]
    change = f"{nights} night{'s' * (nights != 1)} {'more' if sign > 0 else 'fewer'}"
    return Reading(Shift(days=sign * nights), f"'{text}' -> {change} than now")


# --------------------------------------------------------------------------- guests

# People in a guest count. A person word without a number is one person (老婆, 孩子), as
# "my wife" / "a child" in English; a group word needs its number (我们俩, 我们三个).
_SELF = ("我", "本人", "自己", "我自己")
_GROUP = ("我们", "咱们", "咱", "大家")
_PERSON = (
    "老婆", "老公", "妻子", "丈夫", "太太", "爱人", "媳妇", "对象", "男朋友", "女朋友", "男友",
    "女友", "朋友", "同事", "同学", "闺蜜", "孩子", "小孩", "儿子", "女儿", "宝宝", "婴儿",
    "爸爸", "妈妈", "爸", "妈", "父亲", "母亲", "老人", "爷爷", "奶奶", "外公", "外婆",
    "哥哥", "姐姐", "弟弟", "妹妹", "成人", "大人", "儿童", "老伴", "老伴儿", "先生", "夫人", "男票", "女票",
    "老板", "领导", "上司", "客户", "室友", "舍友", "伙伴", "同伴", "搭档", "姥姥", "姥爷", "岳父", "岳母",
    "公公", "婆婆", "孙子", "孙女", "外孙", "外孙女", "侄子", "侄女", "外甥", "外甥女", "表哥", "表姐", "表弟",
    "表妹", "堂哥", "堂姐", "叔叔", "阿姨", "舅舅", "姑姑", "哥", "姐", "弟", "妹", "老爸", "老妈", "司机", "保姆",
)
_PAIRS: dict[str, int] = {"父母": 2, "爸妈": 2, "夫妻": 2, "夫妇": 2, "情侣": 2}
_PEOPLE_WORDS = (*_SELF, *_GROUP, *_PERSON, *_PAIRS)
# What makes a number a count of people: 3个人, 两位, 一家三口, 两大一小, 2个孩子.
_COUNTED = re.compile(rf"(?:[个位名口人大小])+(?:{'|'.join(_PERSON)})?|(?:{'|'.join(_PERSON)})")
_NUMBER = re.compile(r"\d+")
_HEAD_COUNT = re.compile(r"个?[人位]|名")  # a number of people, whoever they are (两个人, 3位)


# A change of the party, as in English: 再加上我弟, 多两个人, 我妹也来 (+); 少一个人, 我弟不来了 (-).
# The change words go; what is left is counted (one person when it names nobody: 再加一位).
# The words, before the people (MORE_BEFORE) or after them (COMES_TOO, NOT_COMING); understand.py
# widens a guests span over them too.
MORE_BEFORE = r"(?:再|还)?要?(?:加上|加|添上?|多)"
COMES_TOO = r"也要?(?:(?:跟着|一起)(?:来|去|过来)?|来|去|过来)了?"
NOT_COMING = r"不(?:来|去|一起)了?"
_MORE_GUESTS = re.compile(rf"^{MORE_BEFORE}(?=\d|我|[一-龥])|{COMES_TOO}$")
_FEWER_GUESTS = re.compile(rf"^(?:少|减|减去|去掉)(?=\d)|{NOT_COMING}$")
# the whole party: 加上我一共4个人 (the number after 共), 我们1家3口 (a family of 3)
_WHOLE_PARTY = re.compile(r"[一总]?共(\d+)|\d*家(\d+)口")


def read_guests(text: str) -> Reading:
    """Everyone mentioned, added up: 两大一小 -> 3, 我和老婆 -> 2, 我们俩 -> 2, 一家三口 -> 3;
    a head count after the people it counts restates them: 我和老婆两个人 -> 2; a change of
    the party is a Shift (再加上我弟 +1, 少一个人 -1)."""
    digits = with_digits(text).strip("，。,.!！ ")
    more, fewer = _MORE_GUESTS.search(digits), _FEWER_GUESTS.search(digits)
    if bool(more) != bool(fewer) and not _WHOLE_PARTY.search(digits):
        change = more or fewer
        rest = digits[: change.start()] + digits[change.end() :]
        counted = _count_party(rest, text) if rest else fail("nobody named")
        count = counted.value if isinstance(counted.value, int) else 1
        sign = 1 if more else -1
        return Reading(Shift(days=sign * count), f"'{text}' -> {count} guest{'s' * (count != 1)} {'more' if more else 'fewer'} than now")
    return _count_party(digits, text)


def _count_party(digits: str, text: str) -> Reading:
    if _VAGUE in digits:
        return fail(f"'{text}': 几 is no number of guests")
    if digits.isdigit() or (whole := _WHOLE_PARTY.search(digits)):
        count = int(digits if digits.isdigit() else whole[1] or whole[2])
        return Reading(count, f"'{text}' -> {count} guest{'s' * (count != 1)}")
    total, stated, self_counted, uncounted = 0, False, False, ""
    named = 0  # people counted from their words (我, 老婆, 父母) since the last number
    group_end = -1  # where the last 我/我们 ended: a number right there is that group's size (我们俩, 我一个人)
    at = 0
    while at < len(digits):
        if number := _NUMBER.match(digits, at):
            counted = _COUNTED.match(digits, number.end())
            if counted and named and _HEAD_COUNT.fullmatch(counted[0]):
                total -= named  # 我和老婆 + 两个人: the same two people
            if counted or at == group_end:
                total, stated = total + int(number[0]), True
            named = 0
            at = counted.end() if counted else number.end()
            continue
        word = longest_word_at(digits, at, _PEOPLE_WORDS)
        if word is None:
            at += 1
            continue
        end = at + len(word)
        sized = bool(_NUMBER.match(digits, end))
        if word in _GROUP or word in _SELF:
            group_end = end
            uncounted = word if word in _GROUP and not sized else uncounted
            possessive = word == "我" and longest_word_at(digits, end, (*_PERSON, *_PAIRS)) is not None  # 我老婆
            if word in _SELF and not (sized or possessive or self_counted):
                total, self_counted, named = total + 1, True, named + 1
        elif digits.startswith("们", end):
            return fail(f"cannot count '{word}们' in '{text}'")
        elif not sized:  # 2个孩子 is counted by its number
            total, named = total + _PAIRS.get(word, 1), named + _PAIRS.get(word, 1)
        at = end
    if total == 0 and not stated:
        return fail(f"cannot count '{uncounted}' in '{text}'" if uncounted else f"no number of guests in '{text}'")
    return Reading(total, f"'{text}' -> {total} guest{'s' * (total != 1)}")


_WITH = r"(?:和|跟|带着|带|陪着|陪|还有|、|以及)"
_SOMEONE = "|".join(sorted((*_PERSON, *_PAIRS), key=len, reverse=True))
# A party a message describes, which the model may leave untagged: 就我自己, 我一个人,
# 我带我爸妈, 我和老伴 (a self word, then the people who come with it), also with words between
# them in one sentence (我是退休的老教师，和老伴想去西安).
_PARTY = re.compile(rf"(?:就)?我(?:自己|一个人|一个(?=$|[，。,.!！?？\s])|一人)"
                    rf"|我[^。！？!?\n我]{{0,12}}?{_WITH}我?(?:{_SOMEONE})(?:{_WITH}我?(?:{_SOMEONE}))*"
                    # a change of the party (read_guests): 再加上我弟, 我妹也来, 我弟不来了
                    rf"|{MORE_BEFORE}我?(?:{_SOMEONE})|我?(?:{_SOMEONE})(?:{COMES_TOO}|{NOT_COMING})"
                    rf"|(?:再|还){MORE_BEFORE}[一两二三四五\d](?:个|位)?(?:人|大人|小孩|孩子)")


def party_phrase(text: str) -> tuple[int, int] | None:
    """[start, end) of the party a Chinese message describes, if it describes one."""
    match = _PARTY.search(text)
    return (match.start(), match.end()) if match else None


# --------------------------------------------------------------------------- rooms

_ROOM_NOUN = r"(?:房间|标间|大床房|双床房|单人间|双人间|套房|房)"
_ROOMS = re.compile(rf"(?P<count>\d+)(?:[个间套]+{_ROOM_NOUN}?|{_ROOM_NOUN})")


def read_rooms(text: str) -> Reading:
    """两间 -> 2, 2间房 -> 2, 三个房间 -> 3; a room noun alone (要个房间) is one room."""
    digits = with_digits(text)
    if _VAGUE in digits:
        return fail(f"'{text}': 几 is no number of rooms")
    match = _ROOMS.search(digits)
    if match or digits.isdigit():
        rooms = int(match["count"] if match else digits)
    elif re.search(_ROOM_NOUN, digits):
        rooms = 1
    else:
        return fail(f"no number of rooms in '{text}'")
    return Reading(rooms, f"'{text}' -> {rooms} room{'s' * (rooms != 1)}")


# --------------------------------------------------------------------------- price

_FOREIGN = re.compile(r"[$€£₩]|美元|美金|刀|欧元|英镑|日元|日币|港币|港元|韩元|台币|usd|eur|gbp|jpy|hkd")
_SCALED = re.compile(r"(?P<amount>\d+(?:\.\d+)?)(?P<scale>k|w)(?![a-z])|(?P<decimal>\d+\.\d+)(?P<unit>千|万)")
_SCALES: dict[str, int] = {"k": 1000, "千": 1000, "w": 10000, "万": 10000}
# A number followed by one of these counts nights or people (每晚 in 一晚500 is no price).
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(?!\d|\.\d|晚|人|间|位|天|星)")


def _scaled(match: re.Match[str]) -> str:
    amount, scale = (match["amount"], match["scale"]) if match["amount"] else (match["decimal"], match["unit"])
    return f"{float(amount) * _SCALES[scale]:g}"


def read_price(text: str) -> Reading:
    """500以内 -> 500.0, 不超过八百 -> 800.0, 1.5k以内 -> 1500.0; 50美元 is no CNY price."""
    folded = fold(text)
    if foreign := _FOREIGN.search(folded):
        return fail(f"only {schema.CURRENCY} prices ('{foreign[0]}' in '{text}')")
    amounts = [float(found) for found in _AMOUNT.findall(with_digits(_SCALED.sub(_scaled, folded)))]
    if not amounts or max(amounts) <= 0:
        return fail(f"no price in '{text}'")
    price = max(amounts)  # a range (400-500) caps at its upper end, as in English
    ranged = " (upper end of the range)" if len(amounts) > 1 else ""
    shown = f"{price:.2f}".rstrip("0").rstrip(".")
    return Reading(price, f"'{text}' -> {shown} {schema.CURRENCY} per night{ranged}")


# --------------------------------------------------------------------------- ordinal

# Negative positions count from the end of the offered list, as in English: -1 the last.
_FROM_END = re.compile(r"倒数第?(\d+)")
_NTH = re.compile(r"第(\d+)|头(\d*)[个家间]")
_BARE_POSITION = re.compile(r"(\d+)[个家号]?")


def read_ordinal(text: str) -> Reading:
    digits = with_digits(text)
    if match := _FROM_END.search(digits):
        position = -int(match[1])
        if position == 0:
            return fail(f"'{text}': positions start at 1")
        return Reading(position, f"'{text}' -> {position} (counted from the last offered option)")
    if "最后" in digits or "最末" in digits:
        return Reading(-1, f"'{text}' -> -1 (last offered option)")
    match = _NTH.search(digits) or _BARE_POSITION.fullmatch(digits)
    if match is None:
        return fail(f"no position in '{text}'")
    position = int(next((group for group in match.groups() if group), "1"))  # 头个 = the first
    if position < 1:
        return fail(f"'{text}': positions start at 1")
    return Reading(position, f"'{text}' -> option {position}")


# --------------------------------------------------------------------------- tier, topic

_TIER_WORDS: dict[str, str] = {fold(word): tier for tier, words in schema.TIER_WORDS_ZH.items() for word in words}
_STEP_WORDS: dict[str, int] = {fold(word): steps for steps, words in schema.TIER_STEP_WORDS_ZH.items() for word in words}
_STARS = re.compile(r"(\d+)颗?星")
_NEGATED = re.compile(r"(?:不要|不是|不用|不|别|非|没)$")  # right before the word: 不要豪华的


def read_tier(text: str) -> Reading:
    if stars := _STARS.search(with_digits(text)):
        count = int(stars[1])
        tier = schema.STARS_TO_TIER.get(count)
        if tier is None:
            return fail(f"'{text}': no {count}-star tier")
        return Reading(tier, f"'{text}': {count} stars -> {tier}")
    folded = fold(text)
    # a comparative anywhere in the span makes it one: 更便宜一点 is cheaper, not 便宜一点 (budget)
    hit = longest_word_in(folded, _STEP_WORDS) or longest_word_in(folded, _TIER_WORDS)
    if hit is None:
        return fail(f"no tier word in '{text}'")
    word, start = hit
    if _NEGATED.search(folded[:start]):
        return fail(f"'{text}': negated '{word}' names no tier")
    if word in _STEP_WORDS:  # 贵一点 -> a tier up
        return tier_step(text, _STEP_WORDS[word])
    return Reading(_TIER_WORDS[word], f"'{text}': '{word}' -> {_TIER_WORDS[word]}")


_TOPIC_WORDS: dict[str, str] = {fold(word): topic for topic, words in schema.TOPIC_WORDS_ZH.items() for word in words}


def read_topic(text: str) -> Reading:
    hit = longest_word_in(fold(text), _TOPIC_WORDS)
    if hit is None:
        return fail(f"unknown topic '{text}'")
    return Reading(_TOPIC_WORDS[hit[0]], f"'{text}': '{hit[0]}' -> {_TOPIC_WORDS[hit[0]]}")


# --------------------------------------------------------------------------- city

# One-character names (沪, 京, 杭) are matched only as the whole span: 京 is also in 南京.
_MIN_INSIDE = 2
_AROUND_PLACE = re.compile(r"^(?:在|去|到|住|往|飞)+|(?:的|这边|那边|附近|那里|这里|一带)+$")


def _chinese_ways(name_zh: str, aliases: Sequence[str]) -> set[str]:
    """The Chinese ways of writing a place, as the readers see them: folded and in
    Simplified (a Traditional message is read in Simplified, so 青島 is indexed as 青岛)."""
    return {fold(simplified(way)) for way in (name_zh, *aliases) if looks_chinese(way)}


class CityNames:
    """The catalogue's cities and sights in Chinese: 上海 -> Shanghai, 魔都 -> Shanghai,
    上海浦东 -> Shanghai, 西湖边 -> Hangzhou (a sight of it); 厦门 is not served (known=False)."""

    def __init__(self, cities: Sequence[CityInfo], sights: Sequence[SightInfo]) -> None:
        self._cities = {way: city.name for city in cities for way in _chinese_ways(city.name_zh, city.aliases)}
        self._inside = [name for name in self._cities if len(name) >= _MIN_INSIDE]
        self._sights = {way: sight.city for sight in sights for way in _chinese_ways(sight.name_zh, sight.aliases)}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Names of two characters or more in a message read in Simplified (一字的 沪 is inside 京沪线)."""
        folded = text.lower()  # fold() would drop spaces and shift the offsets
        found = []
        for name in self._inside:
            start = folded.find(name)
            while start >= 0:
                found.append((start, start + len(name), self._cities[name]))
                start = folded.find(name, start + 1)
        return found

    def read(self, text: str) -> Reading:
        place = _AROUND_PLACE.sub("", fold(text))
        if place in self._cities:
            return Reading(self._cities[place], f"'{text}' -> {self._cities[place]}")
        inside = longest_word_in(place, self._inside)
        # a sight's name may hold a city's or a word around places (广州的北京路, 飞来峰): the longer wins
        landmark = longest_word_in(fold(text), self._sights)
        if landmark and (inside is None or len(landmark[0]) > len(inside[0])):
            return Reading(self._sights[landmark[0]], f"'{text}': '{landmark[0]}' is in {self._sights[landmark[0]]}")
        if inside:
            return Reading(self._cities[inside[0]], f"'{text}': '{inside[0]}' -> {self._cities[inside[0]]}")
        if not re.search(r"[^\W\d_]", place):
            return fail(f"no place name in '{text}'")
        return Reading(place, f"'{place}' is not a served city", known=False)


# --------------------------------------------------------------------------- booking ref

# As in English (HB- and 4+ letters/digits), but bounded by non-ASCII-alphanumerics: an
# ideograph is a word character to \b, so "订单hb4821" has no word boundary before "hb".
_REF_WITH_PREFIX = re.compile(r"(?<![a-z0-9])hb[\-_#:.—–]*([a-z0-9]{4,})(?![a-z0-9])")
_REF_BARE = re.compile(r"(?<![a-z0-9])((?=[a-z]*\d)[a-z0-9]{4,})(?![a-z0-9])")


def read_booking_ref(text: str) -> Reading:
    folded = fold(text)
    if match := _REF_WITH_PREFIX.search(folded):
        return Reading(f"HB-{match[1].upper()}", f"'{text}' -> HB-{match[1].upper()}")
    if match := _REF_BARE.search(folded):
        return Reading(f"HB-{match[1].upper()}", f"'{text}' -> HB-{match[1].upper()} (added the HB- prefix)")
    return fail(f"no booking reference (HB- and 4+ letters/digits) in '{text}'")


# --------------------------------------------------------------------------- hotel

# Words that do not tell hotels apart: 外滩花园 is the 上海外滩花园酒店.
_HOTEL_GENERIC = re.compile(r"大酒店|酒店|大饭店|饭店|宾馆|旅馆|旅店|客栈|民宿|度假村|公寓")
_MIN_PARTIAL = 2  # one character (外) names no hotel
_MIN_LOOSE = 3  # two characters in order are found in too many names by chance


def _hotel_core(name: str) -> str:
    """The distinctive part of a name: folded, without punctuation and generic words."""
    core = _HOTEL_GENERIC.sub("", re.sub(r"[\W_]+", "", fold(name)))
    return core or fold(name)


def in_order(short: str, long: str) -> bool:
    """Every character of `short` in `long`, in order: 如家外滩 in 如家上海外滩店."""
    rest = iter(long)
    return all(char in rest for char in short)


class HotelNames:
    """The Chinese hotel names, matched by their distinctive characters; `cities` are the
    catalogue's, whose Chinese names may start a hotel's (上海外滩江景酒店)."""

    def __init__(self, names: Sequence[str], cities: Sequence[CityInfo] = ()) -> None:
        self._by_core = by_core(names, _hotel_core)
        prefixes = {way for city in cities for way in _chinese_ways(city.name_zh, city.aliases) if len(way) >= _MIN_INSIDE}
        self._city_prefix = re.compile("^(?:" + "|".join(sorted(map(re.escape, prefixes), key=len, reverse=True)) + ")"
                                       if prefixes else "^$")

    def read(self, text: str) -> Reading:
        core = _AROUND_PLACE.sub("", _hotel_core(text))
        if core in self._by_core:
            return one_of(text, self._by_core[core], "")
        bare = self._city_prefix.sub("", core)
        # a city and a generic word (北京饭店) are another hotel's whole name, not part of ours
        if len(bare) >= _MIN_PARTIAL:
            # the span is part of a name (外滩花园 of 上海外滩花园酒店)
            if partial := [name for c, names in self._by_core.items() if core in c for name in names]:
                return one_of(text, partial, " (partial name)")
            # a name inside the tagged words, which ran over a neighbour (订上海外滩花园酒店)
            if inside := [c for c in self._by_core if c in core]:
                return one_of(text, self._by_core[max(inside, key=len)], " (name found inside the tagged words)")
            # the name without its city or a middle part (外滩酒店 for 上海外滩花园酒店, 如家外滩店)
            loose = [name for c, names in self._by_core.items() if in_order(bare, c) for name in names]
            if len(bare) >= _MIN_LOOSE and loose:
                return one_of(text, loose, " (name written without some of its characters)")
        return Reading(text.strip(), f"'{text}' is not a hotel we list", known=False)


# Words that point without naming: "那家", "附近", "酒店".
_POINTING_ZH = re.compile(r"那家|那个|这家|这个|那间|这间|一家|的|吧|呢|附近|旁边|边上|那边|这边|酒店|客栈|宾馆|旅舍|就|选|要|订")


def names_hotel(reference: str, name: str, name_zh: str, address: str) -> float:
    """1 when every distinctive character of the reference is in the hotel's Chinese name, in
    order (外滩那家 names 上海外滩江景酒店), else 0."""
    core = _POINTING_ZH.sub("", re.sub(r"[\W_]+", "", reference))
    if len(core) < 2 or not name_zh:
        return 0.0
    return 1.0 if in_order(core, name_zh) else 0.0
