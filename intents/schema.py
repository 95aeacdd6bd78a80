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
    "plan_trip",
)

# Intents read beside the model from their own words (bot/understanding/trips.py), not
# learnt: the training data has none, so the model's label set is the rest.
READ_INTENTS: Final[tuple[str, ...]] = ("plan_trip",)
MODEL_INTENTS: Final[tuple[str, ...]] = tuple(intent for intent in INTENTS if intent not in READ_INTENTS)

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
    # search constraints the catalogue answers (SPEC section 2); read by the catalogue's own
    # vocabulary and number patterns (bot/understanding/constraints.py), not tagged by the model
    "min_price",
    "min_rating",
    "amenity",
    "sight",
    # the length of a planned trip (SPEC section 10), read with the plan (bot/understanding/trips.py)
    "days",
    # the customer's own day of a planned trip, "HH:MM" (bot/understanding/hours.py; default 09:00-18:00)
    "day_start",
    "day_end",
)

# The slots of a search beyond the stay: they narrow the hotels listed.
CONSTRAINT_SLOTS: Final[tuple[str, ...]] = ("min_price", "min_rating", "amenity", "sight")
# The slots read beside the model, in whole messages (constraints.py, trips.py), not tagged.
READ_SLOTS: Final[tuple[str, ...]] = (*CONSTRAINT_SLOTS, "days", "day_start", "day_end")

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

# The cities, their aliases and sights are the catalogue's (SPEC section 9): an agency's
# catalogue file, or the seeded one (bot/database/seeded_catalogue.yaml), read from the
# database. Star ratings (五星, 四星级) are read by the normaliser like "5 stars".

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

# The amenities a catalogue's hotels may list without defining them (SPEC section 9): key ->
# (English, Chinese) as the replies and the cards name them. A catalogue file adds its own.
AMENITIES: Final[dict[str, tuple[str, str]]] = {
    "wifi": ("Wi-Fi", "无线网络"),
    "parking": ("parking", "停车场"),
    "breakfast": ("breakfast", "早餐"),
    "non_smoking": ("non-smoking rooms", "无烟房"),
    "gym": ("gym", "健身房"),
    "pool": ("swimming pool", "游泳池"),
    "meeting_room": ("meeting room", "会议室"),
    "airport_shuttle": ("airport shuttle", "机场接送"),
    "wake_up_call": ("wake-up call", "叫醒服务"),
    "hot_water_24h": ("24-hour hot water", "24小时热水"),
    "heating": ("heating", "暖气"),
    "laundry": ("laundry service", "洗衣服务"),
    "luggage_storage": ("luggage storage", "行李寄存"),
    "restaurant": ("restaurant", "餐厅"),
    "spa": ("spa", "水疗"),
    "pet_friendly": ("pet-friendly", "可携带宠物"),
    "family_room": ("family room", "家庭房"),
    "accessible": ("accessible facilities", "无障碍设施"),
    "ev_charging": ("EV charging", "充电桩"),
    "bar": ("bar", "酒吧"),
    "air_conditioning": ("air conditioning", "空调"),
    "front_desk_24h": ("24-hour front desk", "24小时前台"),
    "room_service": ("room service", "送餐服务"),
}
# The other words customers write for them; a catalogue's own amenities are read by their names.
AMENITY_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "wifi": ("wifi", "free wifi", "free wi-fi", "internet", "wireless internet", "wlan", "wireless",),
    "parking": ("car park", "parking lot", "free parking", "car parking", "garage", "parking spot", "on-site parking",),
    "breakfast": ("breakfast included", "free breakfast", "buffet breakfast", "complimentary breakfast", "morning meal",),
    "non_smoking": ("non-smoking", "non smoking", "non smoking rooms", "no smoking", "smoke-free", "smoke free",),
    "gym": ("fitness centre", "fitness center", "fitness room", "workout room", "health club",),
    "pool": ("pool", "indoor pool", "outdoor pool", "swimming", "infinity pool", "heated pool",),
    "meeting_room": ("conference room", "conference hall", "meeting rooms", "function room", "banquet hall", "meeting facilities",),
    "airport_shuttle": ("airport pick-up", "airport pickup", "airport transfer", "airport shuttle bus", "airport drop-off", "pick-up service",),
    "wake_up_call": ("wake up call", "wakeup call", "morning call", "wake-up service",),
    "hot_water_24h": ("24h hot water", "24 hour hot water", "24-hr hot water", "hot water", "hot shower",),
    "heating": ("central heating", "heater", "radiator", "floor heating", "heated rooms",),
    "laundry": ("laundry", "dry cleaning", "washing machine", "ironing", "laundromat", "self-service laundry",),
    "luggage_storage": ("left luggage", "baggage storage", "bag storage", "luggage room", "store luggage", "luggage hold",),
    "restaurant": ("on-site restaurant", "chinese restaurant", "western restaurant", "dining room", "place to eat",),
    "spa": ("massage", "sauna", "wellness centre", "wellness center", "spa treatments",),
    "pet_friendly": ("pet friendly", "pets allowed", "pets welcome", "dog friendly", "dogs allowed",),
    "family_room": ("family rooms", "family suite", "triple room", "room for kids", "connecting rooms",),
    "accessible": ("wheelchair accessible", "disabled access", "accessibility", "wheelchair", "accessible room", "step-free access",),
    "ev_charging": ("ev charger", "ev charging point", "electric car charging", "charging station", "tesla charger",),
    "bar": ("lounge bar", "lobby bar", "cocktail bar", "pub", "rooftop bar",),
    "air_conditioning": ("air-conditioning", "air con", "aircon", "a/c", "air conditioner",),
    "front_desk_24h": ("24h front desk", "24 hour reception", "24-hour reception", "night reception",),
    "room_service": ("in-room dining", "room service menu", "food delivered to room",),
}
AMENITY_WORDS_ZH: Final[dict[str, tuple[str, ...]]] = {
    "wifi": ("无线网", "免费无线网", "宽带", "上网", "网络", "无线上网", "免费上网",),
    "parking": ("停车", "免费停车", "停车位", "车位", "泊车", "地下停车场",),
    "breakfast": ("含早", "含早餐", "早饭", "自助早餐", "免费早餐", "包早",),
    "non_smoking": ("禁烟", "无烟", "无烟客房", "禁烟房", "全面禁烟", "无烟楼层",),
    "gym": ("健身中心", "健身", "健身室",),
    "pool": ("泳池", "室内泳池", "室外泳池", "游泳", "无边泳池", "恒温泳池",),
    "meeting_room": ("会议厅", "会议中心", "多功能厅", "宴会厅", "会场",),
    "airport_shuttle": ("接机", "接送机", "送机", "机场班车", "机场接驳", "接站",),
    "wake_up_call": ("叫醒", "叫早", "叫早服务", "电话叫醒",),
    "hot_water_24h": ("热水", "全天热水", "24h热水", "全天候热水", "热水淋浴",),
    "heating": ("供暖", "地暖", "取暖", "暖气片", "集中供暖",),
    "laundry": ("洗衣", "干洗", "洗衣房", "熨烫", "洗衣机", "自助洗衣",),
    "luggage_storage": ("寄存行李", "行李存放", "存行李", "寄存", "行李房",),
    "restaurant": ("中餐厅", "西餐厅", "餐馆", "自助餐厅", "用餐",),
    "spa": ("按摩", "水疗中心", "桑拿", "足疗", "理疗",),
    "pet_friendly": ("可带宠物", "宠物友好", "允许携带宠物", "能带宠物",),
    "family_room": ("亲子房", "三人间", "家庭套房", "亲子套房", "连通房",),
    "accessible": ("无障碍", "无障碍房", "无障碍客房", "轮椅", "残疾人设施", "轮椅通道",),
    "ev_charging": ("电动车充电", "新能源充电", "充电站", "汽车充电", "新能源车充电",),
    "bar": ("大堂吧", "酒廊", "清吧", "天台酒吧",),
    "air_conditioning": ("冷气", "中央空调", "有空调",),
    "front_desk_24h": ("24小时接待", "全天前台", "前台24小时",),
    "room_service": ("客房送餐", "送餐", "房间送餐", "送餐到房间",),
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
    "action_plan_trip",
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
