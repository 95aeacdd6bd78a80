"""The hotel-desk domain, defined once (SPEC section 2).

Every other part of the project — the data generator, the model's label maps, the
normaliser, the database seed, the tracker, the policy and the UI — reads its lists
from here. Do not copy any of these lists elsewhere.
"""

from __future__ import annotations

from typing import Final

INTENTS: Final[tuple[str, ...]] = (
    "search_hotels",
    "book_hotel",
    "change_booking",
    "cancel_booking",
    "check_booking",
    "ask_faq",
    "inform",
    "select_option",
    "affirm",
    "deny",
    "greet",
    "goodbye",
    "thank",
    "request_human",
    "out_of_scope",
)

SLOTS: Final[tuple[str, ...]] = (
    "city",
    "hotel",
    "check_in",
    "check_out",
    "nights",
    "guests",
    "rooms",
    "tier",
    "max_price",
    "booking_ref",
    "topic",
    "ordinal",
)

# Slots whose values are dates.
DATE_SLOTS: Final[tuple[str, ...]] = ("check_in", "check_out")

# Slots the booking form fills, in the order the bot asks for them.
BOOKING_FORM_SLOTS: Final[tuple[str, ...]] = ("city", "check_in", "nights", "guests", "hotel")

TIERS: Final[tuple[str, ...]] = ("budget", "comfort", "luxury")

# Surface words that mean a tier; star ratings are handled by the normaliser
# (1-3 stars budget, 4 comfort, 5 luxury).
TIER_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "budget": ("budget", "cheap", "cheapest", "affordable", "inexpensive", "economy",
               "low-cost", "low cost", "economical", "no-frills", "basic", "backpacker"),
    "comfort": ("comfort", "mid-range", "midrange", "mid range", "moderate", "comfortable",
                "standard", "business", "decent", "nice"),
    "luxury": ("luxury", "luxurious", "upscale", "high-end", "high end", "fancy", "premium",
               "deluxe", "posh", "five-star", "five star", "boutique luxury"),
}

# Comparatives that move the tier one step from the one talked about ("anything cheaper?",
# "something nicer"): -1 a tier down, +1 a tier up. They name no tier of their own.
TIER_STEP_WORDS: Final[dict[int, tuple[str, ...]]] = {
    -1: ("cheaper", "less expensive", "more affordable", "lower priced", "lower-priced", "less pricey"),
    1: ("nicer", "fancier", "better", "more upscale", "more upmarket", "more luxurious", "pricier",
        "more expensive", "higher-end", "higher end", "classier", "posher"),
}

STARS_TO_TIER: Final[dict[int, str]] = {1: "budget", 2: "budget", 3: "budget", 4: "comfort", 5: "luxury"}

TOPICS: Final[tuple[str, ...]] = (
    "breakfast",
    "cancellation",
    "check_in_time",
    "check_out_time",
    "parking",
    "pets",
    "wifi",
    "payment",
    "invoice",
)

# Words that point at a topic, used to normalise a `topic` span to its value.
TOPIC_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "breakfast": ("breakfast", "morning meal", "buffet", "brekkie", "breakfst"),
    "cancellation": ("cancellation", "cancel", "cancelling", "canceling", "refund",
                     "free cancellation", "cancellation policy", "refundable"),
    "check_in_time": ("check-in", "check in", "checkin", "check-in time", "arrive",
                      "arrival", "early check-in"),
    "check_out_time": ("check-out", "check out", "checkout", "check-out time",
                       "late checkout", "late check-out", "leave the room"),
    "parking": ("parking", "park", "car park", "garage", "parking lot", "park my car"),
    "pets": ("pet", "pets", "dog", "cat", "puppy", "pet-friendly", "pet friendly", "animals"),
    "wifi": ("wifi", "wi-fi", "wi fi", "internet", "wireless", "wlan"),
    "payment": ("pay", "payment", "credit card", "card", "alipay", "wechat pay", "cash",
                "visa", "mastercard", "paypal", "deposit"),
    "invoice": ("invoice", "receipt", "fapiao", "bill", "vat invoice", "tax invoice"),
}

# The cities the database serves, each with the aliases customers use.
CITIES: Final[dict[str, tuple[str, ...]]] = {
    "Shanghai": ("shanghai", "sh", "sha", "shang hai", "pudong"),
    "Beijing": ("beijing", "bj", "peking", "pek", "bei jing"),
    "Hangzhou": ("hangzhou", "hz", "hang zhou", "hangchow"),
    "Guangzhou": ("guangzhou", "gz", "canton", "guang zhou"),
    "Shenzhen": ("shenzhen", "sz", "shen zhen"),
    "Chengdu": ("chengdu", "cd", "cheng du"),
    "Xi'an": ("xi'an", "xian", "xi an", "xi-an", "xī'ān"),
    "Sanya": ("sanya", "san ya"),
}

# The same domain in Chinese (SPEC section 7): canonical values stay the English ones
# above; these are the words Chinese customers write for them. Hotel names in Chinese live
# in the catalogue. Star ratings (五星, 四星级) are read by the normaliser like "5 stars".
CITY_NAMES_ZH: Final[dict[str, tuple[str, ...]]] = {
    "Shanghai": ("上海", "上海市", "沪", "魔都", "申城"),
    "Beijing": ("北京", "北京市", "京", "帝都", "首都"),
    "Hangzhou": ("杭州", "杭州市", "杭"),
    "Guangzhou": ("广州", "广州市", "穗", "羊城"),
    "Shenzhen": ("深圳", "深圳市", "鹏城"),
    "Chengdu": ("成都", "成都市", "蓉城", "蓉"),
    "Xi'an": ("西安", "西安市", "长安"),
    "Sanya": ("三亚", "三亚市"),
}

# Sights a customer may name instead of the city ("near the Forbidden City", "西湖边"), each
# in one served city (the hotels named after one are in it: test_chinese_catalogue.py). A
# city span naming one reads as its city; the search is the city's.
LANDMARKS: Final[dict[str, tuple[str, ...]]] = {
    "Shanghai": ("lujiazui", "yu garden", "nanjing road", "oriental pearl tower"),
    "Beijing": ("forbidden city", "tiananmen", "great wall", "summer palace", "wangfujing", "sanlitun"),
    "Hangzhou": ("west lake", "lingyin temple"),
    "Guangzhou": ("canton tower", "shamian island"),
    "Shenzhen": ("window of the world", "huaqiangbei"),
    "Chengdu": ("chunxi road", "panda base"),
    "Xi'an": ("terracotta warriors", "terracotta army", "big wild goose pagoda", "muslim quarter"),
    "Sanya": ("sanya bay", "haitang bay", "wuzhizhou island"),
}
LANDMARKS_ZH: Final[dict[str, tuple[str, ...]]] = {
    "Shanghai": ("陆家嘴", "豫园", "南京路", "东方明珠"),
    "Beijing": ("故宫", "天安门", "长城", "颐和园", "王府井", "三里屯"),
    "Hangzhou": ("西湖", "灵隐寺"),
    "Guangzhou": ("广州塔", "小蛮腰", "沙面"),
    "Shenzhen": ("世界之窗", "华强北"),
    "Chengdu": ("春熙路", "熊猫基地"),
    "Xi'an": ("兵马俑", "大雁塔", "回民街"),
    "Sanya": ("三亚湾", "海棠湾", "蜈支洲岛"),
}

TIER_WORDS_ZH: Final[dict[str, tuple[str, ...]]] = {
    "budget": ("经济型", "经济", "便宜", "便宜点", "便宜一点", "实惠", "实惠点", "划算",
               "快捷", "快捷酒店", "平价", "性价比高", "低价", "穷游"),
    "comfort": ("舒适型", "舒适", "舒适点", "中档", "中端", "中等", "商务", "商务型", "舒服点"),
    "luxury": ("豪华", "豪华型", "豪华点", "高档", "高档型", "高档点", "高端", "奢华", "顶级", "最好的", "五星级酒店"),
}

# Comparatives without a tier word (a tier word with 点 names that tier: 便宜点, 豪华点): "有没有贵一点的".
TIER_STEP_WORDS_ZH: Final[dict[int, tuple[str, ...]]] = {
    -1: ("更便宜", "便宜些", "便宜一些", "更实惠", "低一档", "档次低一点", "档次低点"),
    1: ("贵一点", "贵点", "贵些", "贵一些", "更贵", "好一点", "好点", "好一些", "更好", "高一档", "档次高一点",
        "档次高点", "更高档", "更豪华", "更高端"),
}

# A topic span is the topic's noun, never the question around it ("几点{退房}", "可以带{狗}吗",
# "能开{发票}吗"): words that wrap another listed word in a question or a verb would give the
# same text two different spans.
TOPIC_WORDS_ZH: Final[dict[str, tuple[str, ...]]] = {
    "breakfast": ("早餐", "早饭", "自助早餐", "含早", "早点"),
    "cancellation": ("取消", "退订", "取消政策", "免费取消", "退款", "退钱"),
    "check_in_time": ("入住时间", "入住", "提前入住"),
    "check_out_time": ("退房时间", "退房", "延迟退房", "晚退房"),
    "parking": ("停车", "停车场", "停车位", "车位", "泊车"),
    "pets": ("宠物", "狗", "猫", "狗狗", "宠物友好"),
    "wifi": ("wifi", "无线", "无线网", "网络", "上网", "宽带", "WiFi"),
    "payment": ("付款", "支付", "支付宝", "微信支付", "刷卡", "信用卡", "现金", "押金"),
    "invoice": ("发票", "增值税发票", "专票", "普票", "收据"),
}

CURRENCY: Final[str] = "CNY"

# Booking references the bot issues: "HB-" + REF_LENGTH characters drawn with `secrets`
# from an alphabet without the look-alikes 0/O and 1/I/L. 31 symbols give 4.95 bits each,
# so 9 characters give 44.6 bits (8 would give 39.6, under the 40 asked for). Customers
# still quote the older 4-character references ("HB-4821"), which stay valid.
REF_PREFIX: Final[str] = "HB-"
REF_ALPHABET: Final[str] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REF_LENGTH: Final[int] = 9
# The second factor: each new booking gets an access code, shown to its owner once, who
# may pass it on (a travel agent, a family member). Another customer reaches the booking
# only with its reference *and* its code. Two groups of ACCESS_CODE_GROUP characters from
# REF_ALPHABET ("7KQ2-XM4P": 39.6 bits), a shape no reference has (those start "HB-").
ACCESS_CODE_GROUP: Final[int] = 4

ACTIONS: Final[tuple[str, ...]] = (
    "action_search_hotels",
    "action_book_hotel",
    "action_change_booking",
    "action_cancel_booking",
    "action_check_booking",
    "action_answer_faq",
    "action_handoff",
    "action_fallback",
    "validate_booking_form",
)

# What the bot's last turn left open, as the model reads it beside the message (a second
# segment: [CLS] message [SEP] context [SEP]): "the 11th" after "When do you leave?" is a
# check-out, "sounds good" after a list of hotels picks one and after a summary says yes.
# Each context is one token of the model; its words initialise that token's embedding.
CONTEXTS: Final[dict[str, str]] = {
    "none": "nothing asked",
    "asks_city": "asks which city",
    "asks_check_in": "asks arrival day",
    "asks_check_out": "asks departure day leaving",
    "asks_nights": "asks how many nights",
    "asks_guests": "asks how many guests people",
    "asks_rooms": "asks how many rooms",
    "asks_booking_ref": "asks booking reference",
    "offered_hotels": "offered hotels to choose from",
    "confirm_book": "asks to confirm the booking",
    "confirm_change": "asks to confirm the change",
    "confirm_cancel": "asks to confirm the cancellation",
}

MAX_GUESTS: Final[int] = 10
MAX_ROOMS: Final[int] = 5
MAX_NIGHTS: Final[int] = 30
# Bookings and searches may start at most this many days ahead.
MAX_DAYS_AHEAD: Final[int] = 365
