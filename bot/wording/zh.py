"""Chinese wording: every sentence a Chinese-speaking customer reads is written here, as
the customer service of a Chinese travel app writes (您好 / 请问 / 为您找到…).

The same public names with the same signatures as bot/wording/en.py (a test checks it).
Canonical values stay English in the state (city Shanghai, tier budget); they are shown
here by their Chinese names, and hotels and room types by the catalogue's Chinese names.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Optional, Sequence

from bot.wording import served
from bot.wording.routes import route
from bot.models import Booking, Hotel, PlanDay, PlanLeg, PlanStop, RoomOffer, SearchAsk, TripPlan
from intents.schema import CURRENCY, MAX_DAYS_AHEAD, MAX_GUESTS, MAX_NIGHTS, MAX_ROOMS

# The shape of a reference, shown to customers; made up, not one of the seeded ones.
REF_EXAMPLE = "HB-7KQ2XM4PA"
CODE_EXAMPLE = "7KQ2-XM4P"

INTENT_DESCRIPTIONS = {
    "search_hotels": "查看酒店",
    "book_hotel": "预订房间",
    "change_booking": "修改订单",
    "cancel_booking": "取消订单",
    "check_booking": "查询订单",
    "ask_faq": "咨询酒店政策",
    "inform": "告诉我入住信息",
    "select_option": "从推荐的酒店里选一家",
    "affirm": "确认",
    "deny": "不需要",
    "greet": "打个招呼",
    "goodbye": "结束对话",
    "thank": "表示感谢",
    "request_human": "转人工客服",
    "out_of_scope": "咨询酒店以外的事情",
}

SLOT_NAMES = {
    "city": "城市", "hotel": "酒店", "check_in": "入住日期", "check_out": "离店日期", "nights": "晚数",
    "guests": "入住人数", "rooms": "房间数", "tier": "档次", "max_price": "每晚价格上限",
    "booking_ref": "订单号", "topic": "咨询问题", "ordinal": "选项", "min_price": "每晚价格下限",
    "min_rating": "最低评分", "amenity": "设施", "sight": "景点", "days": "游玩天数", "day_start": "每天出发时间",
    "day_end": "每天回程时间",
}


def city_name(city: str) -> str:
    """The Chinese name of a served city, as its catalogue gives it."""
    return next((served_city.name_zh for served_city in served.cities() if served_city.name == city), city)


def served_cities() -> str:
    return "、".join(city.name_zh for city in served.cities())


QUESTIONS = {
    "check_in": "请问您哪天入住？",
    "nights": "请问您住几晚（或者哪天退房）？",
    "guests": "请问几位入住？",
    "hotel": "请问您想订哪一家？回复序号或酒店名称就可以。",
    "booking_ref": f"请提供您的订单号，格式如 {REF_EXAMPLE}。",
}

TIER_NAMES = {"budget": "经济型", "comfort": "舒适型", "luxury": "豪华型"}

# What the prices of a list assume when the customer has not said (see actions/search.py).
ASSUMED = {"nights": "住1晚", "guests": "1人入住"}

BOOKING_STATUS = {"confirmed": "已确认", "cancelled": "已取消"}

# The web UI's labels (bot/channels/web_ui.py).
UI = {
    "intro": "在线旅行社的酒店客服：可以查找酒店，预订、修改或取消订单，咨询酒店政策；右侧面板显示机器人每一步回答的依据。",
    "new_conversation": "新对话",
    "send": "发送",
    "placeholder": "请输入您的问题…",
    "try": "试试这些：",
    "book": "预订",
    "per_night": "/晚",
    "rating": "评分{rating:g}",
    "distance": "距{sight}{km:.1f}公里",
    "for_nights": "共{nights}",
    "state": "对话状态",
    "no_conversation": "还没有对话",
    "slots": "槽位",
    "last_turn": "上一轮",
    "no_turn": "还没有对话",
    "bookings": "订单",
    "no_bookings": "本次对话暂无订单",
    "none": "无",
    "day_cost": "当天花费{cost}",
}

def capabilities() -> str:
    return (f"我可以帮您查找{served_cities()}的酒店，预订、修改或取消房间，查询订单，规划几天的游览行程，"
            "也可以解答早餐、取消政策、入住和退房时间、停车、宠物、Wi-Fi、支付方式和发票等问题。")

_UNITS = {"night": "晚", "guest": "人", "room": "间"}


def day(value: date) -> str:
    """'12月10日'."""
    return f"{value.month}月{value.day}日"


def money(amount: float, currency: str = CURRENCY) -> str:
    return f"¥{amount:,.0f}" if currency == "CNY" else f"{amount:,.0f} {currency}"


def quantity(number: int, unit: str) -> str:
    """'2晚', '3人', '1间': unit is night, guest or room."""
    return f"{number}{_UNITS[unit]}"


def stay(check_in: date, check_out: date) -> str:
    return f"{day(check_in)}–{day(check_out)}（{quantity((check_out - check_in).days, 'night')}）"


def in_language(names: tuple[str, str]) -> str:
    """This language's of an (English, Chinese) pair of names: an amenity's, a sight's."""
    return names[1]


def hotel_name(hotel: Hotel) -> str:
    return hotel.name_zh or hotel.name


def room_name(offer: RoomOffer) -> str:
    return offer.room_type_zh or offer.room_type


def booked_hotel(booking: Booking) -> str:
    return booking.hotel_zh or booking.hotel


def booked_room(booking: Booking) -> str:
    return booking.room_type_zh or booking.room_type


def greet() -> str:
    return "您好！我是酒店预订客服，请问有什么可以帮您？"


def thank() -> str:
    return "不客气，很高兴为您服务！"


def goodbye() -> str:
    return "再见，祝您旅途愉快！"


def out_of_scope() -> str:
    return "抱歉，我只能处理酒店相关的问题。" + capabilities()


def ask(slot: str) -> str:
    if slot == "city":
        return f"请问您想住在哪个城市？目前可以预订{served_cities()}的酒店。"
    return QUESTIONS.get(slot, f"请问您的{SLOT_NAMES.get(slot, slot)}是？")


def correction_noted(parts: Sequence[str]) -> str:
    """What a correction changed (bot.wording.noted), before the form's next question:
    '好的，已改为12月12日–12月14日（2晚），2人。'"""
    return "好的，已改为" + "，".join(parts) + "。"


def tier_label(tier: str) -> str:
    return TIER_NAMES.get(tier, tier)


def price_cap(amount: float) -> str:
    return f"每晚不超过{money(amount)}"

def ask_city_again() -> str:
    """The city question right after the served cities were listed (a city we do not serve was named)."""
    return "请问您想住在其中哪个城市？"


def clarify(first: str, second: str) -> str:
    return (f"抱歉，我没太明白。请问您是想{INTENT_DESCRIPTIONS.get(first, first)}，"
            f"还是想{INTENT_DESCRIPTIONS.get(second, second)}？")


def not_understood() -> str:
    return "抱歉，我没太理解您的意思。" + capabilities()


def language_not_served() -> str:
    return "抱歉，我只能用中文（简体或繁体）或英文为您服务，请用其中一种语言告诉我您的需求。"


def empty_message() -> str:
    return "没有收到您的消息内容。请问酒店方面有什么可以帮您？"


def too_long(limit: int) -> str:
    return f"您的消息太长了（超过{limit}个字符），麻烦简短说一下您的需求。"


def offers(city: str, check_in: date, check_out: date, guests: int, options: Sequence[RoomOffer], assumed: Iterable[str],
           unseen: int, ask: SearchAsk | None = None) -> str:
    heading = f"为您找到{city_name(city)}的酒店，{stay(check_in, check_out)}，{guests}人入住{_asked(ask)}："
    return _listing(heading, options, assumed, unseen, ask)


def more_offers(city: str, check_in: date, check_out: date, guests: int, options: Sequence[RoomOffer],
                assumed: Iterable[str], unseen: int, ask: SearchAsk | None = None) -> str:
    heading = f"再为您推荐几家{city_name(city)}的酒店，{stay(check_in, check_out)}，{guests}人入住{_asked(ask)}："
    return _listing(heading, options, assumed, unseen, ask)


def only_options(options: Sequence[RoomOffer]) -> str:
    return _listing(f"刚才只推荐了{len(options)}家：", options, (), 0)


def _listing(heading: str, options: Sequence[RoomOffer], assumed: Iterable[str], unseen: int,
             ask: SearchAsk | None = None) -> str:
    lines = [heading]
    for i, offer in enumerate(options, start=1):
        lines.append(
            f"{i}. 【{TIER_NAMES.get(offer.hotel.tier, offer.hotel.tier)}】{hotel_name(offer.hotel)}（{offer.hotel.stars}星"
            f"{_details(offer, ask)}），{room_name(offer)}：每晚{money(offer.price_per_night, offer.currency)}，"
            f"共{money(offer.total_price, offer.currency)} — 预订：{offer.booking_link}"
        )
    assumed = [ASSUMED[slot] for slot in assumed]
    if assumed:
        lines.append("（价格按" + "、".join(assumed) + "计算，如有不同请告诉我。）")
    if unseen:
        lines.append(f"还有{unseen}家酒店符合条件，想看的话跟我说“再看看其他的”。")
    return "\n".join(lines)


def _details(offer: RoomOffer, ask: SearchAsk | None) -> str:
    """What a listed hotel shows of what was asked: its rating, its distance from the sight."""
    parts = []
    if ask is not None and ask.min_rating:
        parts.append(f"评分{offer.hotel.rating:g}")
    if ask is not None and ask.sight and offer.distance_km is not None:
        parts.append(f"距{ask.sight[1]}{offer.distance_km:.1f}公里")
    return "".join(f"，{part}" for part in parts)


def _filters(ask: SearchAsk | None) -> list[str]:
    """What a search asked of the hotels, each as the replies name it."""
    if ask is None:
        return []
    parts = [TIER_NAMES.get(ask.tier, ask.tier)] if ask.tier else []
    parts += [f"有{zh}" for _, zh in ask.amenities]
    parts += [f"评分{ask.min_rating:g}分以上"] if ask.min_rating else []
    if ask.min_price and ask.max_price:
        parts.append(f"每晚{money(ask.min_price)}–{money(ask.max_price)}")
    elif ask.min_price or ask.max_price:
        parts.append(f"每晚{money(ask.min_price)}以上" if ask.min_price else f"每晚{money(ask.max_price or 0)}以内")
    return parts


def _asked(ask: SearchAsk | None) -> str:
    """The heading's part for what was asked beyond a tier or a price cap (the list shows
    those): "（西湖附近、有游泳池、评分4.5分以上）"."""
    if ask is None:
        return ""
    parts = ([f"{ask.sight[1]}附近"] if ask.sight else []) + [
        part for part in _filters(ask) if part not in TIER_NAMES.values() and (ask.min_price or not part.startswith("每晚"))]
    return f"（{'、'.join(parts)}）" if parts else ""


def _relaxing(kind: str, detail: Any) -> str:
    if kind == "amenity":
        return f"“{detail[1]}”"
    if kind == "min_rating":
        return f"“评分{detail:g}分以上”"
    return "价格范围" if kind == "price" else f"“{TIER_NAMES.get(detail, detail)}”"


def no_offers(city: str, check_in: date, check_out: date, ask: SearchAsk | None = None,
              relaxed: Sequence[tuple[str, Any, int]] = ()) -> str:
    filters = ([f"{ask.sight[1]}附近"] if ask is not None and ask.sight else []) + _filters(ask)
    extra = f"符合“{'、'.join(filters)}”的" if filters else ""
    reply = f"抱歉，{city_name(city)}在{stay(check_in, check_out)}已经没有{extra}空房了。"
    if relaxed:
        suggestions = "；".join(f"不要{_relaxing(kind, detail)}的话有{count}家" for kind, detail, count in relaxed)
        return f"{reply}如果可以放宽一个条件：{suggestions}。您想去掉哪一个？"
    return f"{reply}要不要换个日期或城市看看？"


def no_more_offers(city: str, check_in: date, check_out: date, ask: SearchAsk | None, offered: int) -> str:
    filters = _filters(ask)
    extra = f"符合“{'、'.join(filters)}”的" if filters else ""
    return (
        f"符合条件的都在这里了：{city_name(city)}在{stay(check_in, check_out)}没有其他{extra}酒店了。"
        f"刚才推荐的{offered}家仍可预订，回复序号或酒店名称即可；也可以修改日期、档次或价格上限。"
    )


def offers_still_open(city: str) -> str:
    return f"之前为您列出的{city_name(city)}酒店仍可预订。"


def booking_dropped() -> str:
    """A booking called off before it was made ("cancel that" while the form still asks)."""
    return "好的，这次先不订了，没有产生任何订单。还有什么可以帮您？"


def hotel_not_changeable(hotel: Hotel, ref: str) -> str:
    return f"订单的酒店无法直接更换，所以订单{ref}不能改到{hotel_name(hotel)}。如果想改住这家，可以先预订它（我现在就可以帮您订），再取消订单{ref}。"


def amenity_which_hotel(amenities: Sequence[str]) -> str:
    return f"请问您问的是哪家酒店？告诉我酒店名称，我帮您查它有没有{'和'.join(amenities)}；也可以告诉我城市和日期，我为您列出有的酒店。"


def shown_with_amenities(hotels: Sequence[str], amenities: Sequence[str], shown: int) -> str:
    wanted = "和".join(amenities)
    if not hotels:
        return f"刚才列出的{shown}家酒店都没有{wanted}。要不要帮您找有的酒店？"
    return f"刚才列出的酒店里，{'、'.join(hotels)}有{wanted}。"


def hotel_amenities(hotel: Hotel, has: Sequence[str], lacks: Sequence[str], others: Sequence[str]) -> str:
    """An answer from one hotel's record: what it has of what was asked, what it lacks, what else."""
    parts = []
    if has:
        parts.append(f"有的，{hotel_name(hotel)}提供{'和'.join(has)}。")
    if lacks:
        parts.append(f"{'不过' if has else f'抱歉，{hotel_name(hotel)}'}没有{'或'.join(lacks)}。")
    if others:
        parts.append(f"酒店还提供：{'、'.join(others)}。")
    return "".join(parts)


def unknown_city(name: str) -> str:
    return f"抱歉，我们暂时没有{name}的酒店。目前可以预订{served_cities()}的酒店。"


def unknown_hotel(name: str) -> str:
    return f"抱歉，我们的酒店列表里没有找到“{name}”。"


def guests_out_of_range(value: int) -> str:
    return f"抱歉，每笔订单可入住1到{MAX_GUESTS}人，无法预订{value}人。"


def confirm_booking(offer: RoomOffer, check_in: date, check_out: date, guests: int) -> str:
    return (
        f"请您确认订单：{hotel_name(offer.hotel)}（{city_name(offer.hotel.city)}），{room_name(offer)}×{offer.rooms}间，"
        f"{stay(check_in, check_out)}，{guests}人入住，总价{money(offer.total_price, offer.currency)}。"
        "确认预订吗？（回复“确认”或“不用了”）"
    )


def booked(booking: Booking) -> str:
    text = f"预订成功！您的订单号是{booking.ref}。" + booking_details(booking)
    if booking.access_code:
        text += f"如需他人（如旅行社或家人）代您管理此订单，请把订单号和授权码{booking.access_code}告诉对方。"
    return text


def booking_details(booking: Booking) -> str:
    return (
        f"订单{booking.ref}（{BOOKING_STATUS.get(booking.status, booking.status)}）：{booked_hotel(booking)}，"
        f"{city_name(booking.city)}，{booked_room(booking)}×{booking.rooms}间，{stay(booking.check_in, booking.check_out)}，"
        f"{booking.guests}人入住，总价{money(booking.total_price, booking.currency)}。"
    )


def confirm_change(booking: Booking, check_in: date, check_out: date, guests: int, rooms: int,
                   proposal: RoomOffer | None) -> str:
    price = ""
    if proposal is not None:
        moved = "（换成了能住下所有人的房型）" if proposal.room_type != booking.room_type else ""
        price = (f"，{room_name(proposal)}{moved}，新总价{money(proposal.total_price, proposal.currency)}"
                 f"（原价{money(booking.total_price, booking.currency)}）")
    return (
        f"确认将订单{booking.ref}（{booked_hotel(booking)}）改为{stay(check_in, check_out)}，"
        f"{guests}人入住，{rooms}间房{price}吗？（确认/不用了）"
    )


def changed(booking: Booking) -> str:
    return f"好的，订单{booking.ref}已修改成功。" + booking_details(booking)


def confirm_cancel(booking: Booking) -> str:
    return f"确认取消订单{booking.ref}（{booked_hotel(booking)}，{stay(booking.check_in, booking.check_out)}）吗？（确认/不用了）"


def cancelled(booking: Booking) -> str:
    return f"订单{booking.ref}已取消，房间已释放。" + booking_details(booking)


def kept(ref: str) -> str:
    return f"好的，订单{ref}保持不变。"


def what_to_change() -> str:
    return "没问题。请问您想改哪一项：酒店、日期还是入住人数？"


def change_what(booking: Booking) -> str:
    return (
        f"请问订单{booking.ref}（{booked_hotel(booking)}，{stay(booking.check_in, booking.check_out)}，"
        f"{booking.guests}人，{booking.rooms}间）需要修改什么？可以调整日期，或修改晚数、入住人数、房间数。"
    )


def change_what_again(booking: Booking) -> str:
    return (
        f"还需要确认订单{booking.ref}要改哪一项：日期、晚数、入住人数还是房间数？"
        "比如“推迟一天”“多住一晚”或“3个人”。"
    )


SHIFT_BASES = {"check_in": "入住日期", "check_out": "离店日期", "nights": "入住晚数"}


def shift_pending(surface: str, slot: str, waits_for_booking: bool) -> str:
    if waits_for_booking:
        return f"等您告诉我是哪个订单，我就帮您“{surface}”。"
    return f"暂时没法“{surface}”：还没有可以调整的{SHIFT_BASES[slot]}。"


def unknown_ref(ref: str) -> str:
    return (f"没有找到订单号为{ref}的订单，请核对一下，格式如{REF_EXAMPLE}。"
            f"如果订单是别人帮您订的，请把订单号和对方给您的授权码（格式如{CODE_EXAMPLE}）一起发给我。")


def access_denied(ref: str) -> str:
    return f"授权码与订单号{ref}不匹配。请核对订单号（格式如{REF_EXAMPLE}）和授权码（格式如{CODE_EXAMPLE}）。"


def access_code_needs_ref() -> str:
    return f"这个授权码对应哪个订单？请把订单号（格式如{REF_EXAMPLE}）和授权码一起发给我。"


def access_granted(ref: str) -> str:
    return f"授权码正确，您现在可以查询、修改或取消订单{ref}。"


def too_many_lookups(minutes: int) -> str:
    return (f"您连续输入的几个订单号都没有匹配到您的订单，暂时无法继续查询订单号。"
            f"请最多{minutes}分钟后再试，或者转人工客服。")


def no_bookings() -> str:
    return f"目前还没有查到您的订单。如果是别人帮您订的，请把订单号（格式如{REF_EXAMPLE}）和对方给您的授权码一起发给我。"


def which_booking(refs: Sequence[str]) -> str:
    return "请问是哪个订单：" + "、".join(refs) + "？"


def already_cancelled(booking: Booking) -> str:
    return f"订单{booking.ref}已经取消过了。"


def turn_failed(error_id: str) -> str:
    return (f"抱歉，系统出了点问题（错误编号{error_id}），这条消息没能处理完。对话已恢复到您发送之前的状态，"
            "请再发一次。如果一直失败，可以转人工客服并提供这个错误编号。")


def unreadable_text() -> str:
    return "抱歉，无法读取这条消息：其中包含无效的文本字符。麻烦重新输入一下。"


def control_characters() -> str:
    return "抱歉，您的消息里有无法识别的控制字符（比如NUL），请以纯文本重新发送。"


def handoff(summary: str) -> str:
    return "正在为您转接人工客服，客服会看到以下摘要：" + summary + "。"


def faq_unknown() -> str:
    return "抱歉，这个问题我暂时无法回答。需要为您转接人工客服吗？"


def resume_confirm() -> str:
    return "需要我继续为您办理吗？（确认/不用了）"


def lost_booking() -> str:
    return "抱歉，订单信息丢失了，我们重新确认一遍吧。"


def sold_out(hotel: Hotel) -> str:
    return f"抱歉，{hotel_name(hotel)}这几天的房间刚刚订满了。要不要帮您看看其他酒店？"


def no_rooms_at(hotel: Hotel, guests: int, check_in: date, check_out: date) -> str:
    return f"抱歉，{hotel_name(hotel)}在{stay(check_in, check_out)}已没有适合{guests}人入住的空房了。"


def change_unavailable(ref: str) -> str:
    return f"抱歉，没有符合修改要求的空房，订单{ref}保持不变。"


def change_failed(ref: str, error: str) -> str:
    # `error` is the store's English explanation, meant for the log and English customers.
    return f"抱歉，订单{ref}无法这样修改，订单保持不变。"


def unusable_date(value: str) -> str:
    # the reader's explanation stays in the trace: the customer gets examples
    return f"抱歉，“{value}”不是一个可用的日期，请换个说法，比如“12月10日”或“10号”。"


def past_date(value: date) -> str:
    return f"抱歉，{value.year}年{day(value)}已经过去了，请选择今天或之后的日期。"


def too_far_ahead() -> str:
    return f"抱歉，最多只能预订{MAX_DAYS_AHEAD}天以内的日期。"


def stay_out_of_range() -> str:
    return f"抱歉，每次入住需在1到{MAX_NIGHTS}晚之间。"


def rooms_out_of_range() -> str:
    return f"抱歉，每次可预订1到{MAX_ROOMS}间房。"


def at_hotel(hotel: Hotel, answer: str) -> str:
    return f"{hotel_name(hotel)}：{answer}"


def handoff_summary(goal: Optional[str], details: dict[str, Any], refs: Sequence[str]) -> str:
    """What the human colleague reads first: the task, the details given, the bookings."""
    shown = {"city": city_name, "tier": lambda tier: TIER_NAMES.get(tier, tier), "max_price": money}
    return "；".join(
        part
        for part in (
            f"客户想{INTENT_DESCRIPTIONS[goal]}" if goal else "暂无进行中的任务",
            "，".join(f"{SLOT_NAMES.get(slot, slot)}：{shown.get(slot, str)(value)}" for slot, value in details.items()),
            ("订单" + "、".join(refs)) if refs else "",
        )
        if part
    )


_MODES = {"walk": "步行", "bus": "公交", "metro": "地铁", "taxi": "打车"}


def no_sights(city: str) -> str:
    return f"抱歉，我没有{city_name(city)}的景点资料，无法规划行程。我可以规划{served_cities()}的行程。"


def trip_plan(plan: TripPlan, assumed_days: bool, capped: bool) -> str:
    """行程：每天的景点（时间、门票）、交通（方式、分钟、费用）和总费用。"""
    first, last = plan.days[0].date, plan.days[-1].date
    kind = "经济" if plan.cheap else ""
    lines = [f"为您规划了{city_name(plan.city)}{len(plan.days)}天的{kind}行程，{day(first)}至{day(last)}"
             + (f"（{plan.holiday_zh}假期）" if plan.holiday_zh else "") + f"，每天{plan.day_start}-{plan.day_end}："]
    lines += [_plan_day(i, d) for i, d in enumerate(plan.days, start=1)]
    lines.append(f"门票和交通合计{money(plan.total_cost)}。")
    if plan.max_total is not None and plan.total_cost > plan.max_total:
        lines.append(f"超出了您的预算{money(plan.max_total)}：这已是这几天最省钱的行程。")
    if assumed_days:
        lines.append(f"我先按{len(plan.days)}天规划；告诉我您有几天，我再重新规划。")
    if capped:
        lines.append(f"每次最多规划{len(plan.days)}天。")
    if plan.hotel_offer:
        offer = plan.hotel_offer
        lines.append(f"住在景点附近：{hotel_name(offer.hotel)}（{offer.hotel.stars}星），每晚{money(offer.price_per_night)}，"
                     f"预订链接：{offer.booking_link}。")
        lines.append(f"说“帮我订这家酒店，两个人”即可预订{day(first)}起"
                     f"{quantity(offer.nights, 'night')}。")
    return "\n".join(lines)


def plan_day_heading(number: int, value: date) -> str:
    return f"第{number}天（{day(value)}）"


def plan_stop(stop: PlanStop) -> str:
    return f"{stop.arrive}-{stop.leave} {stop.sight_zh}（{'门票' + money(stop.ticket) if stop.ticket else '免费'}）"


def plan_leg(leg: PlanLeg) -> str:
    return f"{_MODES[leg.mode]}{leg.minutes}分钟{'，' + money(leg.fare) if leg.fare else ''}"


FREE_DAY = "自由活动（没有其他开放或合适的景点）"  # a day with no stops, on its card too


def _plan_day(number: int, plan_day: PlanDay) -> str:
    if not plan_day.stops:
        return f"{plan_day_heading(number, plan_day.date)}：{FREE_DAY}。"
    return f"{plan_day_heading(number, plan_day.date)}：{route(plan_day, plan_stop, plan_leg)}。" \
        f"{UI['day_cost'].format(cost=money(plan_day.cost))}。"


def ask_trip_city() -> str:
    return f"请问您想去哪个城市游玩？我可以规划{served_cities()}的行程。"
