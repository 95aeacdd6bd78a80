"""English wording: every sentence an English-speaking customer reads is written here.

bot/wording/zh.py has the same public names with the same signatures (a test checks it).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Optional, Sequence

from bot.wording import served
from bot.wording.routes import route
from bot.models import Booking, Hotel, PlanDay, PlanLeg, PlanStop, RoomOffer, SearchAsk, TripPlan
from intents.schema import CURRENCY, MAX_DAYS_AHEAD, MAX_GUESTS, MAX_NIGHTS, MAX_ROOMS, SLOTS

# The shape of a reference, shown to customers; made up, not one of the seeded ones.
REF_EXAMPLE = "HB-7KQ2XM4PA"
CODE_EXAMPLE = "7KQ2-XM4P"

INTENT_DESCRIPTIONS = {
    "search_hotels": "see hotel options", "book_hotel": "book a room", "change_booking": "change a booking",
    "cancel_booking": "cancel a booking", "check_booking": "check a booking",
    "ask_faq": "ask about a hotel policy", "inform": "give me details for your stay",
    "select_option": "pick one of the hotels I showed", "affirm": "say yes", "deny": "say no",
    "greet": "say hello", "goodbye": "say goodbye", "thank": "say thanks", "request_human": "talk to a person",
    "out_of_scope": "ask about something other than hotels",
}

SLOT_NAMES = {slot: slot.replace("_", " ") for slot in SLOTS}

def served_cities() -> str:
    return ", ".join(city.name for city in served.cities())


QUESTIONS = {
    "check_in": "What date would you like to check in?",
    "nights": "How many nights will you stay (or until which date)?",
    "guests": "How many guests will be staying?",
    "hotel": "Which hotel would you like? Pick one of the options by number or name.",
    "booking_ref": f"What is your booking reference? It looks like {REF_EXAMPLE}.",
}

TIER_NAMES = {"budget": "budget", "comfort": "comfort", "luxury": "luxury"}

# What the prices of a list assume when the customer has not said (see actions/search.py).
ASSUMED = {"nights": "1 night", "guests": "1 guest"}

BOOKING_STATUS = {"confirmed": "confirmed", "cancelled": "cancelled"}

# The web UI's labels (bot/channels/web_ui.py).
UI = {
    "intro": ("The hotel desk of an online travel agency. Ask for hotels, book, change or cancel, ask about "
              "policies; the panel on the right shows why the bot answers as it does."),
    "new_conversation": "New conversation",
    "send": "Send",
    "placeholder": "Write to the hotel desk…",
    "try": "Try one of these:",
    "book": "Book",
    "per_night": "/ night",
    "rating": "rated {rating:g}/5",
    "distance": "{km:.1f} km from {sight}",
    "for_nights": "for {nights}",
    "state": "Dialogue state",
    "no_conversation": "no conversation yet",
    "slots": "Slots",
    "last_turn": "Last turn",
    "no_turn": "no turn yet",
    "bookings": "Bookings",
    "no_bookings": "no bookings in this conversation",
    "none": "none",
    "day_cost": "Day's cost {cost}",
}

def capabilities() -> str:
    return (f"I can find hotels in {served_cities()}, book, change or cancel a room, "
            "check a booking, plan a few days of sightseeing, and answer questions about breakfast, cancellation, check-in and "
            "check-out times, parking, pets, Wi-Fi, payment and invoices.")


def day(value: date) -> str:
    """'Thu 10 Dec'."""
    return f"{value:%a} {value.day} {value:%b}"


def money(amount: float, currency: str = CURRENCY) -> str:
    return f"{currency} {amount:,.0f}"


def quantity(number: int, unit: str) -> str:
    """'1 night', '2 guests': unit is night, guest or room."""
    return f"{number} {unit}{'s' * (number != 1)}"


def stay(check_in: date, check_out: date) -> str:
    return f"{day(check_in)} – {day(check_out)} ({quantity((check_out - check_in).days, 'night')})"


def city_name(city: str) -> str:
    return city


def in_language(names: tuple[str, str]) -> str:
    """This language's of an (English, Chinese) pair of names: an amenity's, a sight's."""
    return names[0]


def hotel_name(hotel: Hotel) -> str:
    return hotel.name


def room_name(offer: RoomOffer) -> str:
    return offer.room_type


def booked_hotel(booking: Booking) -> str:
    return booking.hotel


def booked_room(booking: Booking) -> str:
    return booking.room_type


def greet() -> str:
    return "Hello! I'm the hotel desk assistant — how can I help with your stay?"


def thank() -> str:
    return "You're welcome!"


def goodbye() -> str:
    return "Goodbye, and have a great trip!"


def out_of_scope() -> str:
    return "Sorry, I can only help with hotels. " + capabilities()


def ask(slot: str) -> str:
    if slot == "city":
        return f"Which city would you like to stay in? We serve {served_cities()}."
    return QUESTIONS.get(slot, f"Could you tell me the {SLOT_NAMES.get(slot, slot)}?")


def correction_noted(parts: Sequence[str]) -> str:
    """What a correction changed (bot.wording.noted), before the form's next question:
    'Noted: Sat 12 Dec – Mon 14 Dec (2 nights), 2 guests.'"""
    return "Noted: " + ", ".join(parts) + "."


def tier_label(tier: str) -> str:
    return f"{TIER_NAMES.get(tier, tier)} hotels"


def price_cap(amount: float) -> str:
    return f"up to {money(amount)} a night"

def ask_city_again() -> str:
    """The city question right after the served cities were listed (a city we do not serve was named)."""
    return "Which of those cities would you like to stay in?"


def clarify(first: str, second: str) -> str:
    return (
        f"Sorry, I'm not sure I understood. Do you want to {INTENT_DESCRIPTIONS.get(first, first)} "
        f"or {INTENT_DESCRIPTIONS.get(second, second)}?"
    )


def not_understood() -> str:
    return "Sorry, I didn't catch that. " + capabilities()


def language_not_served() -> str:
    return "Sorry, I can only help in English or Chinese (Simplified or Traditional). Please write to me in one of them."


def empty_message() -> str:
    return "I didn't receive any text. How can I help you with your hotel?"


def too_long(limit: int) -> str:
    return f"That message is too long for me (over {limit} characters). Could you say it in a few sentences?"


def offers(city: str, check_in: date, check_out: date, guests: int, options: Sequence[RoomOffer], assumed: Iterable[str],
           unseen: int, ask: SearchAsk | None = None) -> str:
    heading = f"Here are hotels in {city} for {stay(check_in, check_out)}, {guests} guest{'s' * (guests != 1)}{_asked(ask)}:"
    return _listing(heading, options, assumed, unseen, ask)


def more_offers(city: str, check_in: date, check_out: date, guests: int, options: Sequence[RoomOffer],
                assumed: Iterable[str], unseen: int, ask: SearchAsk | None = None) -> str:
    heading = f"Here are more hotels in {city} for {stay(check_in, check_out)}, {guests} guest{'s' * (guests != 1)}{_asked(ask)}:"
    return _listing(heading, options, assumed, unseen, ask)


def only_options(options: Sequence[RoomOffer]) -> str:
    count = len(options)
    heading = f"There {'was' if count == 1 else 'were'} only {count} option{'s' * (count != 1)}:"
    return _listing(heading, options, (), 0)


def _listing(heading: str, options: Sequence[RoomOffer], assumed: Iterable[str], unseen: int,
             ask: SearchAsk | None = None) -> str:
    lines = [heading]
    for i, offer in enumerate(options, start=1):
        lines.append(
            f"{i}. [{offer.hotel.tier}] {offer.hotel.name} ({offer.hotel.stars}★{_details(offer, ask)}), {offer.room_type}: "
            f"{money(offer.price_per_night, offer.currency)}/night, {money(offer.total_price, offer.currency)} total — "
            f"book: {offer.booking_link}"
        )
    assumed = [ASSUMED[slot] for slot in assumed]
    if assumed:
        lines.append("(Prices assume " + " and ".join(assumed) + "; tell me if that's different.)")
    if unseen == 1:
        lines.append("1 more hotel matches — ask me for more options to see it.")
    elif unseen:
        lines.append(f"{unseen} more hotels match — ask me for more options to see them.")
    return "\n".join(lines)


def _details(offer: RoomOffer, ask: SearchAsk | None) -> str:
    """What a listed hotel shows of what was asked: its rating, its distance from the sight."""
    parts = []
    if ask is not None and ask.min_rating:
        parts.append(f"rated {offer.hotel.rating:g}")
    if ask is not None and ask.sight and offer.distance_km is not None:
        parts.append(f"{offer.distance_km:.1f} km from {ask.sight[0]}")
    return "".join(f", {part}" for part in parts)


def _constraints(ask: SearchAsk | None) -> list[str]:
    """What a search asked of the hotels, each as the replies name it."""
    if ask is None:
        return []
    named = [f"{ask.tier} hotels"] if ask.tier else []
    named += [f"with {' and '.join(en for en, _ in ask.amenities)}"] if ask.amenities else []
    named += [f"rated {ask.min_rating:g} or more"] if ask.min_rating else []
    named += [_price_range(ask.min_price, ask.max_price)] if ask.min_price or ask.max_price else []
    return named


def _price_range(low: float | None, high: float | None) -> str:
    if low and high:
        return f"at {money(low)}–{money(high)} a night"
    return f"from {money(low)} a night" if low else f"at most {money(high or 0)} a night"


def _asked(ask: SearchAsk | None) -> str:
    """The heading's part for what was asked beyond a tier or a price cap (the list shows
    those): " (near West Lake, with swimming pool, rated 4.5 or more)"."""
    if ask is None:
        return ""
    parts = ([f"near {ask.sight[0]}"] if ask.sight else []) + [
        part for part in _constraints(ask) if not part.endswith(" hotels") and (ask.min_price or "a night" not in part)]
    return f" ({', '.join(parts)})" if parts else ""


def _relaxing(kind: str, detail: Any) -> str:
    """A constraint the customer could drop, as a suggestion names it."""
    if kind == "amenity":
        return f"the {detail[0]}"
    if kind == "min_rating":
        return f"the rating of {detail:g}"
    return "the price range" if kind == "price" else f"the {detail} tier"


def no_offers(city: str, check_in: date, check_out: date, ask: SearchAsk | None = None,
              relaxed: Sequence[tuple[str, Any, int]] = ()) -> str:
    asked = _constraints(ask)
    extra = f" matching {', '.join(asked)}" if asked else ""
    if ask is not None and ask.sight:
        extra = f" near {ask.sight[0]}{extra}"
    reply = f"Sorry, there are no rooms left in {city}{extra} for {stay(check_in, check_out)}."
    if relaxed:
        suggestions = "; ".join(f"without {_relaxing(kind, detail)}, {count} hotel{'s' * (count != 1)}"
                                for kind, detail, count in relaxed)
        return f"{reply} If you can do without one of them: {suggestions}. Which would you drop?"
    return f"{reply} Would you like to try other dates or another city?"


def no_more_offers(city: str, check_in: date, check_out: date, ask: SearchAsk | None, offered: int) -> str:
    hotels = f"{ask.tier} hotels" if ask is not None and ask.tier else "hotels"
    asked = [f"at {money(ask.max_price)} a night or less" if ask is not None and ask.max_price and not ask.min_price
             and part.endswith(" a night") else part for part in _constraints(ask) if not part.endswith(" hotels")]
    matching = f" {', '.join(asked)}" if asked else ""
    return (
        f"That's everything: I have no other {hotels} in {city}{matching} for {stay(check_in, check_out)}. "
        f"The {offered} option{'s' * (offered != 1)} I showed last {'are' if offered != 1 else 'is'} still open — "
        "pick one by number or name, or change the dates, the tier or the price limit."
    )


def offers_still_open(city: str) -> str:
    return f"The hotels in {city} I listed are still open."


def booking_dropped() -> str:
    """A booking called off before it was made ("cancel that" while the form still asks)."""
    return "All right, I won't book it: nothing has been booked. Anything else I can help with?"


def hotel_not_changeable(hotel: Hotel, ref: str) -> str:
    return f"A booking keeps its hotel, so {ref} cannot move to {hotel_name(hotel)}. To stay there instead, book it (I can do that now) and then cancel {ref}."


def amenity_which_hotel(amenities: Sequence[str]) -> str:
    return (f"Which hotel do you mean? Name it and I'll check whether it has {' and '.join(amenities)}, "
            f"or tell me the city and dates and I'll list hotels that do.")


def shown_with_amenities(hotels: Sequence[str], amenities: Sequence[str], shown: int) -> str:
    wanted = " and ".join(amenities)
    if not hotels:
        return f"None of the {shown} hotels I listed has {wanted}. Shall I look for hotels that do?"
    return f"Of the hotels I listed, {' and '.join(hotels)} {'has' if len(hotels) == 1 else 'have'} {wanted}."


def hotel_amenities(hotel: Hotel, has: Sequence[str], lacks: Sequence[str], others: Sequence[str]) -> str:
    """An answer from one hotel's record: what it has of what was asked, what it lacks, what else."""
    parts = []
    if has:
        parts.append(f"Yes, {hotel_name(hotel)} has {' and '.join(has)}.")
    if lacks:
        parts.append(f"{'But it' if has else f'No, {hotel_name(hotel)}'} has no {' or '.join(lacks)}.")
    if others:
        parts.append(f"It also offers {', '.join(others)}.")
    return " ".join(parts)


def unknown_city(name: str) -> str:
    return f"Sorry, we don't have hotels in {name}. We serve {served_cities()}."


def unknown_hotel(name: str) -> str:
    return f"Sorry, I couldn't find a hotel called {name!r} in our list."


def guests_out_of_range(value: int) -> str:
    return f"Sorry, I can book for 1 to {MAX_GUESTS} guests, not {value}."


def confirm_booking(offer: RoomOffer, check_in: date, check_out: date, guests: int) -> str:
    return (
        f"Please confirm: {offer.hotel.name} ({offer.hotel.city}), {offer.room_type} × {offer.rooms}, "
        f"{stay(check_in, check_out)}, {guests} guest{'s' * (guests != 1)}, total {money(offer.total_price, offer.currency)}. "
        "Shall I book it? (yes / no)"
    )


def booked(booking: Booking) -> str:
    text = f"Booked! Your reference is {booking.ref}. " + booking_details(booking)
    if booking.access_code:
        text += (f" If someone else (a travel agent, a family member) should be able to manage it, give them the "
                 f"reference and this access code: {booking.access_code}.")
    return text


def booking_details(booking: Booking) -> str:
    return (
        f"Booking {booking.ref} ({booking.status}): {booking.hotel}, {booking.city}, {booking.room_type} × {booking.rooms}, "
        f"{stay(booking.check_in, booking.check_out)}, {booking.guests} guest{'s' * (booking.guests != 1)}, "
        f"total {money(booking.total_price, booking.currency)}."
    )


def confirm_change(booking: Booking, check_in: date, check_out: date, guests: int, rooms: int,
                   proposal: RoomOffer | None) -> str:
    price = ""
    if proposal is not None:
        moved = " — a room type that fits everyone" if proposal.room_type != booking.room_type else ""
        price = (f", {proposal.room_type}{moved}; new total {money(proposal.total_price, proposal.currency)} "
                 f"(was {money(booking.total_price, booking.currency)})")
    return (
        f"Change booking {booking.ref} at {booking.hotel} to {stay(check_in, check_out)}, "
        f"{guests} guest{'s' * (guests != 1)}, {rooms} room{'s' * (rooms != 1)}{price}? (yes / no)"
    )


def changed(booking: Booking) -> str:
    return f"Done, booking {booking.ref} is changed. " + booking_details(booking)


def confirm_cancel(booking: Booking) -> str:
    return f"Cancel booking {booking.ref} at {booking.hotel}, {stay(booking.check_in, booking.check_out)}? (yes / no)"


def cancelled(booking: Booking) -> str:
    return f"Booking {booking.ref} is cancelled and the rooms are released. " + booking_details(booking)


def kept(ref: str) -> str:
    return f"OK, booking {ref} stays as it is."


def what_to_change() -> str:
    return "No problem. What would you like to change: the hotel, the dates, or the number of guests?"


def change_what(booking: Booking) -> str:
    return (
        f"What would you like to change in booking {booking.ref} ({booking.hotel}, {stay(booking.check_in, booking.check_out)}, "
        f"{booking.guests} guest{'s' * (booking.guests != 1)}, {booking.rooms} room{'s' * (booking.rooms != 1)})? "
        "You can move the dates, or change the number of nights, guests or rooms."
    )


def change_what_again(booking: Booking) -> str:
    return (
        f"I still need to know what to change in booking {booking.ref}: the dates, the number of nights, guests or rooms? "
        "For example: “arrive a day later”, “one more night” or “3 guests”."
    )


SHIFT_BASES = {"check_in": "check-in date", "check_out": "check-out date", "nights": "number of nights"}


def shift_pending(surface: str, slot: str, waits_for_booking: bool) -> str:
    if waits_for_booking:
        return f"I'll apply “{surface}” as soon as I know which booking you mean."
    return f"I can't apply “{surface}” yet: there is no {SHIFT_BASES[slot]} to start from."


def unknown_ref(ref: str) -> str:
    return (f"I couldn't find a booking with the reference {ref}. Please check it: it looks like {REF_EXAMPLE}. "
            f"If someone else booked it for you, send me the reference with the access code they got (like {CODE_EXAMPLE}).")


def access_denied(ref: str) -> str:
    return (f"That access code doesn't open a booking with the reference {ref}. Please check both: "
            f"a reference looks like {REF_EXAMPLE}, an access code like {CODE_EXAMPLE}.")


def access_code_needs_ref() -> str:
    return (f"Which booking is that access code for? Please send it together with the booking's reference "
            f"(like {REF_EXAMPLE}).")


def access_granted(ref: str) -> str:
    return f"Thanks, the access code matches: you can now check, change or cancel booking {ref}."


def too_many_lookups(minutes: int) -> str:
    return (f"Several booking references in a row didn't match a booking of yours, so I can't look up "
            f"references for now. Please try again in {minutes} minutes at the latest, or ask me for a person.")


def no_bookings() -> str:
    return (f"I don't see a booking of yours yet. If someone else booked for you, send me its reference (like {REF_EXAMPLE}) "
            "and the access code they were given.")


def which_booking(refs: Sequence[str]) -> str:
    return "Which booking do you mean: " + ", ".join(refs) + "?"


def already_cancelled(booking: Booking) -> str:
    return f"Booking {booking.ref} is already cancelled."


def turn_failed(error_id: str) -> str:
    return (f"Sorry, something went wrong on my side (error {error_id}), so I couldn't finish that. "
            "We are where we were before your message: please send it again. If it keeps failing, "
            "ask for a human colleague and give them the error number.")


def unreadable_text() -> str:
    return ("Sorry, I couldn't read that message: it contains characters that are not valid text. "
            "Could you type it again?")


def control_characters() -> str:
    return ("Sorry, your message contains control characters (such as NUL) that I can't read. "
            "Could you send it again as plain text?")


def handoff(summary: str) -> str:
    return "I'm passing you to a human colleague now; they will see this summary: " + summary + "."


def faq_unknown() -> str:
    return "I'm sorry, I don't know the answer to that. Would you like me to put you through to a human colleague?"


def resume_confirm() -> str:
    return "Shall I go ahead? (yes / no)"


def lost_booking() -> str:
    return "Sorry, I lost track of the booking details. Let's go through them again."


def sold_out(hotel: Hotel) -> str:
    return f"Sorry, {hotel.name} just sold out for those dates. Shall I show you other hotels?"


def no_rooms_at(hotel: Hotel, guests: int, check_in: date, check_out: date) -> str:
    return f"Sorry, {hotel.name} has no rooms left for {guests} guest{'s' * (guests != 1)} on {stay(check_in, check_out)}."


def change_unavailable(ref: str) -> str:
    return f"Sorry, there are no rooms for that change, so booking {ref} stays as it was."


def change_failed(ref: str, error: str) -> str:
    return f"Sorry, I couldn't change booking {ref}: {error}"


def unusable_date(value: str) -> str:
    # the reader's explanation stays in the trace: the customer gets examples
    return f"Sorry, I can't read {value!r} as a date. Could you say it another way, like \"December 10\" or \"the 10th\"?"


def past_date(value: date) -> str:
    return f"Sorry, {day(value)} {value.year} is in the past. Please choose a date from today on."


def too_far_ahead() -> str:
    return f"Sorry, I can only book up to {MAX_DAYS_AHEAD} days ahead."


def stay_out_of_range() -> str:
    return f"Sorry, a stay must be 1 to {MAX_NIGHTS} nights."


def rooms_out_of_range() -> str:
    return f"Sorry, I can book 1 to {MAX_ROOMS} rooms at a time."


def at_hotel(hotel: Hotel, answer: str) -> str:
    return f"At {hotel.name}: {answer}"


def handoff_summary(goal: Optional[str], details: dict[str, Any], refs: Sequence[str]) -> str:
    """What the human colleague reads first: the task, the details given, the bookings."""
    shown = {"max_price": money}  # a price as the customer reads prices, not the stored float ("800.0")
    return "; ".join(
        part
        for part in (
            f"customer wants to {INTENT_DESCRIPTIONS[goal]}" if goal else "no task in progress",
            ", ".join(f"{SLOT_NAMES.get(slot, slot)} {shown.get(slot, str)(value)}" for slot, value in details.items()),
            ("bookings " + ", ".join(refs)) if refs else "",
        )
        if part
    )


def no_sights(city: str) -> str:
    return f"Sorry, I have no sights of {city} to plan with. I can plan trips in {served_cities()}."


def trip_plan(plan: TripPlan, assumed_days: bool, capped: bool) -> str:
    """The plan: its days, each stop with times and ticket, each leg with mode, minutes and fare, the totals."""
    first, last = plan.days[0].date, plan.days[-1].date
    lines = [f"Here is a {'cheap ' * plan.cheap}{len(plan.days)}-day plan for {plan.city}, {day(first)} – {day(last)}"
             + (f" (the {plan.holiday} holiday)" if plan.holiday else "") + f", {plan.day_start}-{plan.day_end} each day:"]
    lines += [_plan_day(i, d) for i, d in enumerate(plan.days, start=1)]
    lines.append(f"Total for tickets and transport: {money(plan.total_cost)}.")
    if plan.max_total is not None and plan.total_cost > plan.max_total:
        lines.append(f"That is over your {money(plan.max_total)}: it is the cheapest plan for these days.")
    lines += [f"I planned {len(plan.days)} days; tell me how many days you have and I'll plan again."] * assumed_days + [
        f"I plan up to {len(plan.days)} days at a time."] * capped
    if plan.hotel_offer:
        offer = plan.hotel_offer
        lines.append(f"To stay near these sights: {offer.hotel.name} ({offer.hotel.tier}, {offer.hotel.stars}★), "
                     f"{money(offer.price_per_night)}/night — book: {offer.booking_link}.")
        lines.append(f"Say \"book that hotel for 2\" to book it for {quantity(offer.nights, 'night')} from {day(first)}.")
    return "\n".join(lines)


def plan_day_heading(number: int, value: date) -> str:
    return f"Day {number} ({day(value)})"


def plan_stop(stop: PlanStop) -> str:
    return f"{stop.arrive}-{stop.leave} {stop.sight} ({money(stop.ticket) if stop.ticket else 'free'})"


def plan_leg(leg: PlanLeg) -> str:
    return f"{leg.mode} {leg.minutes} min{', ' + money(leg.fare) if leg.fare else ''}"


FREE_DAY = "a free day (nothing more is open or fits)"  # a day with no stops, on its card too


def _plan_day(number: int, plan_day: PlanDay) -> str:
    what = f"{route(plan_day, plan_stop, plan_leg)}. {UI['day_cost'].format(cost=money(plan_day.cost))}." \
        if plan_day.stops else f"{FREE_DAY}."
    return f"{plan_day_heading(number, plan_day.date)}: {what}"


def ask_trip_city() -> str:
    return f"Which city would you like to visit? I can plan trips in {served_cities()}."
