"""The deterministic seed content of the hotel database (no SQL here, see store.py).

Everything is plain, fixed data: the same hotels, rooms, prices, sold-out nights,
policies and bookings on every run, so scripted dialogues can rely on them.
Prices are in ``schema.CURRENCY`` per room per night.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from intents.schema import TOPICS

BOOKING_BASE_URL: Final[str] = "https://book.hotelbot.example/hotels/"


@dataclass(frozen=True)
class RoomTemplate:
    name_zh: str  # as Chinese OTAs list the room type
    capacity: int  # max guests per room
    price_factor: float  # times the hotel's base price (its standard double rate)
    inventory: int  # rooms of this type in one hotel


# Room types every hotel picks from. "Courtyard Suite" has a single room, so a test
# (or a dialogue) can sell it out with one booking.
ROOM_TYPES: Final[dict[str, RoomTemplate]] = {
    "Standard Double": RoomTemplate(name_zh="标准大床房", capacity=2, price_factor=1.0, inventory=12),
    "Twin Room": RoomTemplate(name_zh="双床房", capacity=2, price_factor=1.05, inventory=8),
    "Family Room": RoomTemplate(name_zh="家庭房", capacity=4, price_factor=1.45, inventory=4),
    "Deluxe King": RoomTemplate(name_zh="豪华大床房", capacity=2, price_factor=1.2, inventory=10),
    "Executive Suite": RoomTemplate(name_zh="行政套房", capacity=3, price_factor=1.7, inventory=3),
    "Courtyard Suite": RoomTemplate(name_zh="庭院套房", capacity=3, price_factor=1.35, inventory=1),
}


@dataclass(frozen=True)
class RoomSeed:
    name: str
    name_zh: str
    capacity: int
    price: float  # per room per night
    inventory: int


@dataclass(frozen=True)
class HotelSeed:
    name: str
    name_zh: str  # the name Chinese customers read; `name` stays the canonical one
    city: str
    tier: str
    stars: int
    address: str
    rooms: tuple[RoomSeed, ...]

    @property
    def booking_url(self) -> str:
        return BOOKING_BASE_URL + slugify(self.name)


def slugify(name: str) -> str:
    """'Jing'an Corner Inn' -> 'jingan-corner-inn'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "")).strip("-")


def _hotel(city: str, tier: str, stars: int, name: str, name_zh: str, address: str,
           base_price: int, room_names: tuple[str, ...]) -> HotelSeed:
    """Build a hotel whose room prices derive from its base price, rounded to 10."""
    rooms = tuple(
        RoomSeed(room, ROOM_TYPES[room].name_zh, ROOM_TYPES[room].capacity,
                 float(round(base_price * ROOM_TYPES[room].price_factor, -1)),
                 ROOM_TYPES[room].inventory)
        for room in room_names
    )
    return HotelSeed(name, name_zh, city, tier, stars, address, rooms)


_BUDGET = ("Standard Double", "Twin Room")
_BUDGET_FAMILY = ("Standard Double", "Twin Room", "Family Room")
_COMFORT = ("Standard Double", "Deluxe King")
_COMFORT_FAMILY = ("Standard Double", "Deluxe King", "Family Room")
_LUXURY = ("Deluxe King", "Executive Suite")
_LUXURY_TWIN = ("Deluxe King", "Twin Room", "Executive Suite")

# Ordered by city, then tier; hotel ids are assigned in this order (1-based).
HOTELS: Final[tuple[HotelSeed, ...]] = (
    # Shanghai: three per tier
    _hotel("Shanghai", "budget", 3, "Jing'an Corner Inn", "上海静安街角客栈",
           "215 Yuyuan Road, Jing'an District", 320, _BUDGET_FAMILY),
    _hotel("Shanghai", "budget", 2, "Pudong Airport Transit Hotel", "上海浦东机场中转酒店",
           "1888 Yingbin Avenue, Pudong New Area", 260, _BUDGET),
    _hotel("Shanghai", "budget", 3, "Hongkou Lane House Inn", "上海虹口弄堂客栈",
           "42 Duolun Road, Hongkou District", 290, _BUDGET),
    _hotel("Shanghai", "comfort", 4, "Bund Riverside Hotel", "上海外滩江景酒店",
           "88 Zhongshan East 2nd Road, Huangpu District", 760, _COMFORT_FAMILY),
    _hotel("Shanghai", "comfort", 4, "Lujiazui Tower Hotel", "上海陆家嘴大厦酒店",
           "500 Century Avenue, Pudong New Area", 720, _COMFORT),
    _hotel("Shanghai", "comfort", 4, "French Concession Garden Hotel", "上海法租界花园酒店",
           "118 Fuxing West Road, Xuhui District", 680,
           ("Standard Double", "Deluxe King", "Courtyard Suite")),
    _hotel("Shanghai", "luxury", 5, "Jade Magnolia Palace", "上海玉兰宫酒店",
           "1 Yan'an East Road, Huangpu District", 1800, _LUXURY_TWIN),
    _hotel("Shanghai", "luxury", 5, "Oriental Skyline Hotel", "上海东方天际酒店",
           "8 Yincheng Middle Road, Pudong New Area", 1900, _LUXURY),
    _hotel("Shanghai", "luxury", 5, "Yu Garden Pavilion Hotel", "上海豫园阁酒店",
           "269 Fangbang Middle Road, Huangpu District", 1550, _LUXURY),
    # Beijing
    _hotel("Beijing", "budget", 2, "Hutong Lantern Inn", "北京胡同灯笼客栈",
           "36 Nanluoguxiang, Dongcheng District", 300,
           ("Standard Double", "Twin Room", "Courtyard Suite")),
    _hotel("Beijing", "budget", 3, "Wudaokou Lodge", "北京五道口旅舍",
           "17 Chengfu Road, Haidian District", 280, _BUDGET_FAMILY),
    _hotel("Beijing", "comfort", 4, "Chaoyang Gate Hotel", "北京朝阳门酒店",
           "99 Chaoyangmen North Street, Dongcheng District", 740, _COMFORT_FAMILY),
    _hotel("Beijing", "comfort", 4, "Summer Palace View Hotel", "北京颐和园景观酒店",
           "12 Yiheyuan Road, Haidian District", 690, _COMFORT),
    _hotel("Beijing", "luxury", 5, "Imperial Lotus Hotel", "北京皇家莲花酒店",
           "33 Wangfujing Street, Dongcheng District", 1850, _LUXURY_TWIN),
    _hotel("Beijing", "luxury", 5, "Qianmen Heritage Residence", "北京前门御府酒店",
           "5 Qianmen East Street, Xicheng District", 1700, _LUXURY),
    # Hangzhou
    _hotel("Hangzhou", "budget", 3, "Hefang Street Inn", "杭州河坊街客栈",
           "128 Hefang Street, Shangcheng District", 270, _BUDGET),
    _hotel("Hangzhou", "budget", 2, "Xixi Wetland Lodge", "杭州西溪湿地旅舍",
           "518 Tianmushan Road, Xihu District", 250, _BUDGET_FAMILY),
    _hotel("Hangzhou", "comfort", 4, "West Lake Willow Hotel", "杭州西湖柳岸酒店",
           "66 Nanshan Road, Xihu District", 700, _COMFORT_FAMILY),
    _hotel("Hangzhou", "comfort", 4, "Grand Canal Hotel", "杭州大运河酒店",
           "201 Xiaohe Road, Gongshu District", 630, _COMFORT),
    _hotel("Hangzhou", "luxury", 5, "Lingyin Bamboo Retreat", "杭州灵隐竹林度假酒店",
           "9 Fayun Lane, Xihu District", 1750, _LUXURY),
    _hotel("Hangzhou", "luxury", 5, "Longjing Tea Estate Resort", "杭州龙井茶园度假村",
           "2 Longjing Road, Xihu District", 1600, _LUXURY_TWIN),
    # Guangzhou
    _hotel("Guangzhou", "budget", 3, "Shamian Island Inn", "广州沙面岛客栈",
           "52 Shamian North Street, Liwan District", 280, _BUDGET_FAMILY),
    _hotel("Guangzhou", "budget", 2, "Liwan Lane Inn", "广州荔湾小巷客栈",
           "7 Enning Road, Liwan District", 250, _BUDGET),
    _hotel("Guangzhou", "comfort", 4, "Pearl River View Hotel", "广州珠江景观酒店",
           "366 Yanjiang West Road, Yuexiu District", 660, _COMFORT_FAMILY),
    _hotel("Guangzhou", "comfort", 4, "Tianhe Lychee Hotel", "广州天河荔枝酒店",
           "208 Tianhe Road, Tianhe District", 620, _COMFORT),
    _hotel("Guangzhou", "luxury", 5, "Canton Tower Grand Hotel", "广州塔大酒店",
           "222 Yuejiang West Road, Haizhu District", 1650, _LUXURY_TWIN),
    _hotel("Guangzhou", "luxury", 5, "Baiyun Mountain Resort", "广州白云山度假酒店",
           "801 Baiyun Avenue, Baiyun District", 1400, _LUXURY),
    # Shenzhen
    _hotel("Shenzhen", "budget", 2, "Huaqiangbei Traveller Inn", "深圳华强北旅行者客栈",
           "1015 Huaqiang North Road, Futian District", 260, _BUDGET),
    _hotel("Shenzhen", "budget", 3, "Dongmen Walking Street Inn", "深圳东门步行街客栈",
           "88 Dongmen Middle Road, Luohu District", 290, _BUDGET_FAMILY),
    _hotel("Shenzhen", "comfort", 4, "Shekou Harbour Hotel", "深圳蛇口海港酒店",
           "16 Wanghai Road, Nanshan District", 700, _COMFORT_FAMILY),
    _hotel("Shenzhen", "comfort", 4, "Nanshan Bayview Hotel", "深圳南山海湾酒店",
           "3001 Houhai Avenue, Nanshan District", 650, _COMFORT),
    _hotel("Shenzhen", "luxury", 5, "Futian Crown Hotel", "深圳福田皇冠酒店",
           "6008 Shennan Avenue, Futian District", 1700, _LUXURY),
    _hotel("Shenzhen", "luxury", 5, "Dameisha Seaside Resort", "深圳大梅沙海滨度假酒店",
           "9 Yantian Road, Yantian District", 1500, _LUXURY_TWIN),
    # Chengdu
    _hotel("Chengdu", "budget", 3, "Kuanzhai Alley Inn", "成都宽窄巷子客栈",
           "24 Zhai Lane, Qingyang District", 260, _BUDGET_FAMILY),
    _hotel("Chengdu", "budget", 2, "Bamboo Courtyard Inn", "成都竹院客栈",
           "61 Wenshufang, Qingyang District", 250, _BUDGET),
    _hotel("Chengdu", "comfort", 4, "Jinli Teahouse Hotel", "成都锦里茶馆酒店",
           "231 Wuhouci Street, Wuhou District", 620, _COMFORT_FAMILY),
    _hotel("Chengdu", "comfort", 4, "Panda Valley Hotel", "成都熊猫谷酒店",
           "1375 Panda Avenue, Chenghua District", 610, _COMFORT),
    _hotel("Chengdu", "luxury", 5, "Golden Hibiscus Hotel", "成都金芙蓉酒店",
           "1 Tianfu Square, Jinjiang District", 1450, _LUXURY_TWIN),
    _hotel("Chengdu", "luxury", 5, "Qingcheng Mountain Spa Resort", "成都青城山温泉度假酒店",
           "8 Qingcheng Road, Dujiangyan", 1350, _LUXURY),
    # Xi'an
    _hotel("Xi'an", "budget", 3, "Muslim Quarter Inn", "西安回民街客栈",
           "55 Beiyuanmen Street, Lianhu District", 250, _BUDGET),
    _hotel("Xi'an", "budget", 2, "Bell Tower Lodge", "西安钟楼旅舍",
           "19 West Street, Beilin District", 270, _BUDGET_FAMILY),
    _hotel("Xi'an", "comfort", 4, "City Wall Gate Hotel", "西安城墙门酒店",
           "2 South Street, Beilin District", 640, _COMFORT_FAMILY),
    _hotel("Xi'an", "comfort", 4, "Big Wild Goose Pagoda Hotel", "西安大雁塔酒店",
           "168 Yanta South Road, Yanta District", 600, _COMFORT),
    _hotel("Xi'an", "luxury", 5, "Tang Dynasty Palace Hotel", "西安大唐宫酒店",
           "75 Chang'an North Road, Yanta District", 1500, _LUXURY_TWIN),
    _hotel("Xi'an", "luxury", 5, "Silk Road Grand Hotel", "西安丝路大酒店",
           "300 Fenghui South Road, Yanta District", 1400, _LUXURY),
    # Sanya
    _hotel("Sanya", "budget", 3, "Dadonghai Beach Inn", "三亚大东海海滩客栈",
           "45 Yuya Road, Jiyang District", 340, _BUDGET_FAMILY),
    _hotel("Sanya", "budget", 2, "Coconut Grove Guesthouse", "三亚椰林民宿",
           "12 Sanya Bay Road, Tianya District", 300, _BUDGET),
    _hotel("Sanya", "comfort", 4, "Luhuitou Seaview Hotel", "三亚鹿回头海景酒店",
           "6 Luhuitou Road, Jiyang District", 780, _COMFORT_FAMILY),
    _hotel("Sanya", "comfort", 4, "Palm Bay Hotel", "三亚棕榈湾酒店",
           "155 Sanya Bay Road, Tianya District", 740, _COMFORT),
    _hotel("Sanya", "luxury", 5, "Yalong Bay Cliffside Resort", "三亚亚龙湾悬崖度假酒店",
           "1 Yalong Bay Road, Jiyang District", 2000, _LUXURY_TWIN),
    _hotel("Sanya", "luxury", 5, "Haitang Bay Coral Resort", "三亚海棠湾珊瑚度假酒店",
           "18 Haitang North Road, Haitang District", 1900, _LUXURY),
)

# --------------------------------------------------------------------- sold-out nights

# Christmas in Sanya: every room of every hotel there is taken on these nights.
SANYA_CHRISTMAS_NIGHTS: Final[tuple[date, ...]] = (
    date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26),
)

# (hotel name, night): every room type of the hotel is taken that night.
SOLD_OUT: Final[tuple[tuple[str, date], ...]] = (
    *((hotel.name, night) for hotel in HOTELS if hotel.city == "Sanya"
      for night in SANYA_CHRISTMAS_NIGHTS),
    ("Jade Magnolia Palace", date(2026, 12, 31)),  # New Year's Eve on the Bund
    ("Tang Dynasty Palace Hotel", date(2027, 2, 6)),  # Spring Festival eve
)

# ----------------------------------------------------------------------------- bookings

# The owners of the seeded bookings: identities no channel gives a customer (REST senders
# are "rest:…", web UI sessions "web-…"), so their public references reach nothing from
# outside; scripted dialogues replay as them (`session:` in tests/dialogues).
SEED_OWNER_WANG: Final[str] = "seed:wang"
SEED_OWNER_CHEN: Final[str] = "seed:chen"


@dataclass(frozen=True)
class BookingSeed:
    ref: str
    owner: str
    hotel: str
    room_type: str
    check_in: date
    check_out: date
    guests: int
    rooms: int
    status: str  # "confirmed" or "cancelled"


# Fixed references (of the older 4-character shape) that scripted dialogues check, change
# and cancel as their owners.
SEED_BOOKINGS: Final[tuple[BookingSeed, ...]] = (
    BookingSeed("HB-4821", SEED_OWNER_WANG, "Bund Riverside Hotel", "Standard Double",
                date(2026, 12, 10), date(2026, 12, 12), guests=2, rooms=1, status="confirmed"),
    BookingSeed("HB-7305", SEED_OWNER_CHEN, "Imperial Lotus Hotel", "Deluxe King",
                date(2027, 1, 5), date(2027, 1, 8), guests=1, rooms=1, status="confirmed"),
    BookingSeed("HB-5190", SEED_OWNER_WANG, "West Lake Willow Hotel", "Deluxe King",
                date(2026, 11, 20), date(2026, 11, 22), guests=2, rooms=1, status="cancelled"),
)


def nights_of(check_in: date, check_out: date) -> list[date]:
    """The nights of a stay: check_in up to, not including, check_out."""
    return [check_in + timedelta(days=i) for i in range((check_out - check_in).days)]


def seed_booked_rooms() -> Counter[tuple[str, str, date]]:
    """Rooms taken per (hotel, room type, night): sold-out nights plus confirmed bookings.

    Raises ValueError if the seed itself overbooks a room type (a catalogue bug).
    """
    by_name = {hotel.name: hotel for hotel in HOTELS}
    booked: Counter[tuple[str, str, date]] = Counter()
    for hotel_name, night in SOLD_OUT:
        for room in by_name[hotel_name].rooms:
            booked[(hotel_name, room.name, night)] = room.inventory
    for booking in SEED_BOOKINGS:
        if booking.status != "confirmed":
            continue
        for night in nights_of(booking.check_in, booking.check_out):
            booked[(booking.hotel, booking.room_type, night)] += booking.rooms
    inventory = {(h.name, r.name): r.inventory for h in HOTELS for r in h.rooms}
    for (hotel_name, room_name, night), count in booked.items():
        if count > inventory[(hotel_name, room_name)]:
            raise ValueError(f"seed overbooks {room_name} at {hotel_name} on {night}")
    return booked


# ----------------------------------------------------------------------------- policies

# The answer for every hotel unless it overrides the topic (schema.TOPICS, all of them).
GENERAL_POLICIES: Final[dict[str, str]] = {
    "breakfast": "Breakfast is not included in the room rate; you can add the hotel's "
                 "breakfast buffet at the front desk for a daily fee.",
    "cancellation": "Cancellation is free up to 24 hours before check-in; after that, "
                    "the first night is charged.",
    "check_in_time": "Check-in is from 14:00. Early check-in is free if your room is "
                     "ready; just ask at the front desk.",
    "check_out_time": "Check-out is until 12:00. Late check-out until 14:00 can be "
                      "requested at the front desk, subject to availability.",
    "parking": "Parking is available near the hotel for about 10 CNY per hour; the front "
               "desk can show you the way.",
    "pets": "Pets are not allowed, with the exception of assistance dogs.",
    "wifi": "Wi-Fi is free in all rooms and public areas.",
    "payment": "You pay at the hotel by Visa, Mastercard, UnionPay, Alipay, WeChat Pay "
               "or cash (CNY); a refundable deposit is taken at check-in.",
    "invoice": "The front desk issues a fapiao (official invoice) at check-out; please "
               "give them your company name and tax ID.",
}

# Overrides that follow from a hotel's tier.
TIER_POLICIES: Final[dict[str, dict[str, str]]] = {
    "budget": {
        "breakfast": "Breakfast is not included; the hotel serves a simple Chinese "
                     "breakfast for 30 CNY per person.",
    },
    "comfort": {},
    "luxury": {
        "breakfast": "Breakfast is included for every guest in the room, served from "
                     "6:30 to 10:30 in the main restaurant.",
        "parking": "Parking is free for hotel guests, with valet service at the entrance.",
    },
}

_PETS_WELCOME = ("Small pets up to 10 kg are welcome for 100 CNY per night; please "
                 "tell us when you book.")
_NON_REFUNDABLE = ("Rates at this hotel are non-refundable: a cancelled booking is "
                   "charged in full.")

# Overrides of single hotels; they win over the tier rule.
HOTEL_POLICIES: Final[dict[str, dict[str, str]]] = {
    "Bund Riverside Hotel": {
        "parking": "The hotel garage costs 80 CNY per night for guests; space is limited.",
        "pets": _PETS_WELCOME,
    },
    "French Concession Garden Hotel": {"pets": _PETS_WELCOME},
    "Hutong Lantern Inn": {
        "pets": _PETS_WELCOME,
        "parking": "There is no parking in the hutong; the nearest public car park is "
                   "300 m away.",
        "payment": "Payment by Alipay, WeChat Pay or cash only; international cards "
                   "are not accepted.",
    },
    "Pudong Airport Transit Hotel": {
        "cancellation": _NON_REFUNDABLE,
        "check_in_time": "Check-in is possible around the clock, 24 hours a day.",
        "parking": "Parking is free for hotel guests for up to 7 days.",
    },
    "Lingyin Bamboo Retreat": {"pets": _PETS_WELCOME},
    "Panda Valley Hotel": {"pets": _PETS_WELCOME},
    "Palm Bay Hotel": {"pets": _PETS_WELCOME},
    "Yalong Bay Cliffside Resort": {
        "cancellation": _NON_REFUNDABLE,
        "check_in_time": "Check-in is from 15:00; the beach club is yours from arrival.",
        "check_out_time": "Check-out is until 13:00.",
    },
    "Haitang Bay Coral Resort": {
        "check_in_time": "Check-in is from 15:00.",
    },
    "Oriental Skyline Hotel": {
        "check_out_time": "Check-out is until 13:00; late check-out until 16:00 is free "
                          "for suite guests.",
    },
}


# The same policies as Chinese customers read them: every English entry above has its
# Chinese twin (tests/bot/database/test_catalogue.py checks the keys match).
GENERAL_POLICIES_ZH: Final[dict[str, str]] = {
    "breakfast": "房费不含早餐；如需早餐，可在前台按天加购酒店自助早餐。",
    "cancellation": "入住前24小时可免费取消；之后取消将收取首晚房费。",
    "check_in_time": "入住时间为14:00以后。如房间已准备好，可免费提前入住，请咨询前台。",
    "check_out_time": "退房时间为12:00以前。如需延迟退房至14:00，可向前台申请，视房态而定。",
    "parking": "酒店附近有停车场，每小时约10元，前台可为您指路。",
    "pets": "酒店不可携带宠物，导盲犬等服务犬除外。",
    "wifi": "所有客房及公共区域均提供免费Wi-Fi。",
    "payment": "到店支付，支持Visa、万事达、银联、支付宝、微信支付及人民币现金；入住时需缴纳可退押金。",
    "invoice": "退房时前台可开具发票，请提供公司名称和税号。",
}

TIER_POLICIES_ZH: Final[dict[str, dict[str, str]]] = {
    "budget": {
        "breakfast": "房费不含早餐；酒店提供简单的中式早餐，每位30元。",
    },
    "comfort": {},
    "luxury": {
        "breakfast": "含早餐，房内每位客人均可享用，6:30至10:30在主餐厅供应。",
        "parking": "住店客人免费停车，酒店门口提供代客泊车服务。",
    },
}

_PETS_WELCOME_ZH = "可携带10公斤以内的小型宠物，每晚100元，请在预订时告知我们。"
_NON_REFUNDABLE_ZH = "该酒店房价不可退改：预订取消后将全额收费。"

HOTEL_POLICIES_ZH: Final[dict[str, dict[str, str]]] = {
    "Bund Riverside Hotel": {
        "parking": "酒店车库住客停车每晚80元，车位有限。",
        "pets": _PETS_WELCOME_ZH,
    },
    "French Concession Garden Hotel": {"pets": _PETS_WELCOME_ZH},
    "Hutong Lantern Inn": {
        "pets": _PETS_WELCOME_ZH,
        "parking": "胡同内无法停车，最近的公共停车场在300米外。",
        "payment": "仅支持支付宝、微信支付或现金，不接受境外银行卡。",
    },
    "Pudong Airport Transit Hotel": {
        "cancellation": _NON_REFUNDABLE_ZH,
        "check_in_time": "全天24小时均可办理入住。",
        "parking": "住店客人可免费停车，最长7天。",
    },
    "Lingyin Bamboo Retreat": {"pets": _PETS_WELCOME_ZH},
    "Panda Valley Hotel": {"pets": _PETS_WELCOME_ZH},
    "Palm Bay Hotel": {"pets": _PETS_WELCOME_ZH},
    "Yalong Bay Cliffside Resort": {
        "cancellation": _NON_REFUNDABLE_ZH,
        "check_in_time": "入住时间为15:00以后，抵达后即可使用海滩俱乐部。",
        "check_out_time": "退房时间为13:00以前。",
    },
    "Haitang Bay Coral Resort": {
        "check_in_time": "入住时间为15:00以后。",
    },
    "Oriental Skyline Hotel": {
        "check_out_time": "退房时间为13:00以前；套房客人可免费延迟退房至16:00。",
    },
}


@dataclass(frozen=True)
class PolicySet:
    """The policies of one language: the general answers, then tier and hotel overrides."""

    general: dict[str, str]
    by_tier: dict[str, dict[str, str]]
    by_hotel: dict[str, dict[str, str]]

    def overrides(self) -> list[tuple[str, str, str]]:
        """(hotel name, topic, text) for every topic where a hotel differs from the general answer."""
        overrides = []
        for hotel in HOTELS:
            merged = {**self.by_tier[hotel.tier], **self.by_hotel.get(hotel.name, {})}
            overrides.extend((hotel.name, topic, merged[topic]) for topic in TOPICS if topic in merged)
        return overrides


# Policies per reply language (bot.wording.LANGUAGES).
POLICIES: Final[dict[str, PolicySet]] = {
    "en": PolicySet(GENERAL_POLICIES, TIER_POLICIES, HOTEL_POLICIES),
    "zh": PolicySet(GENERAL_POLICIES_ZH, TIER_POLICIES_ZH, HOTEL_POLICIES_ZH),
}
