"""Pydantic models that the pipeline stages hand each other.

understanding -> ParsedMessage -> tracking -> DialogueState -> policy -> actions
-> database (Hotel, RoomOffer, Booking) -> replies -> Turn (with its Trace).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _date_from_iso(value: Any) -> Any:
    """JSON has no date type: a date slot comes back from a stored snapshot as its ISO
    text, which the union would keep as a str. No other slot value is an ISO date."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


SlotScalar = Annotated[str | int | float | date | list[str], BeforeValidator(_date_from_iso)]  # a list: the amenities


# --------------------------------------------------------------------------- database


class Hotel(BaseModel):
    hotel_id: int
    name: str
    name_zh: str = Field(default="", description="the name Chinese customers read; the canonical name stays `name`")
    city: str
    tier: Literal["budget", "comfort", "luxury"]
    stars: int
    address: str
    booking_url: str = Field(description="base customer-facing booking link, without query")
    rating: float = Field(default=0, description="guest rating, 0-5")
    lat: float = 0
    lon: float = 0
    amenities: list[str] = Field(default_factory=list, description="amenity keys (schema.AMENITIES and the catalogue's own)")


class CityInfo(BaseModel):
    """A served city as the catalogue names it: the canonical name, the Chinese one, the aliases."""

    name: str
    name_zh: str
    aliases: list[str] = Field(default_factory=list)


class SightInfo(BaseModel):
    """A sight of a served city (SPEC section 9): where it is, what it costs, when it opens."""

    name: str
    name_zh: str
    city: str
    lat: float
    lon: float
    ticket: float = 0
    opens: str = "00:00"
    closes: str = "24:00"
    closed_on: list[str] = Field(default_factory=list)
    visit_minutes: int = 60
    aliases: list[str] = Field(default_factory=list)


class RoomOffer(BaseModel):
    """The cheapest room type of one hotel that is free on every night of a stay."""

    hotel: Hotel
    room_type: str
    room_type_zh: str = ""
    room_type_id: int
    price_per_night: float = Field(description="in CURRENCY, per room per night")
    nights: int
    rooms: int
    total_price: float = Field(description="price_per_night * nights * rooms")
    currency: str
    rooms_left: int = Field(description="minimum free rooms of this type over the stay")
    booking_link: str = Field(description="booking_url with check-in, check-out, guests, rooms")
    distance_km: Optional[float] = Field(default=None, description="from the sight the search is near, if any")


class SearchAsk(BaseModel):
    """What a search asked of the hotels beyond the stay, as the replies name it."""

    tier: Optional[str] = None
    min_price: Optional[float] = None
    max_price: Optional[float] = None
    min_rating: Optional[float] = None
    amenities: list[tuple[str, str]] = Field(default_factory=list, description="(English, Chinese) names of those asked")
    sight: Optional[tuple[str, str]] = Field(default=None, description="(English, Chinese) name of the sight it is near")

    @property
    def narrowed(self) -> bool:
        return any((self.tier, self.min_price, self.max_price, self.min_rating, self.amenities, self.sight))


class Booking(BaseModel):
    ref: str
    owner: str = Field(description="the customer identity that made the booking; only it can see, change or cancel it")
    hotel: str
    hotel_zh: str = ""
    city: str
    room_type: str
    room_type_zh: str = ""
    check_in: date
    check_out: date
    nights: int
    guests: int
    rooms: int
    total_price: float
    currency: str
    status: Literal["confirmed", "cancelled"]
    access_code: str = Field(default="", description="the second factor that lets someone else reach it (bot.access); '' for none")


class DbQuery(BaseModel):
    """One SQL statement run by the database module, for the trace."""

    name: str = Field(description="what the query is for, e.g. 'search_offers'")
    sql: str
    params: list[Any]
    rows: int = Field(description="rows returned, or rows changed by a write")
    ms: float


# ---------------------------------------------------------------------- understanding


class Shift(BaseModel):
    """A relative change of a stay slot, resolved by the tracker against the current value:
    "a day later" as check_in is Shift(days=1), "one night less" as nights is Shift(days=-1)."""

    days: int = Field(description="signed number of days (of nights for the nights slot)")


class TierStep(BaseModel):
    """A tier relative to the one talked about, resolved by the tracker: "anything cheaper?" is
    TierStep(steps=-1), "something nicer" TierStep(steps=1)."""

    model_config = ConfigDict(frozen=True)

    steps: int = Field(description="signed number of tiers (schema.TIERS order: budget, comfort, luxury)")

    @property
    def way(self) -> str:
        return "up" if self.steps > 0 else "down"


class Entity(BaseModel):
    """One slot value found in a message: the span as extracted plus its normal form."""

    entity: str = Field(description="slot name")
    value: str = Field(description="the span as the customer wrote it")
    start: int
    end: int
    confidence: float = Field(description="lowest token probability of the span")
    normalized: Optional[SlotScalar | Shift | TierStep] = Field(
        default=None, description="canonical value, a Shift for a relative change ('a day later'), a TierStep for a relative "
                                  "tier ('cheaper'), None if not understood"
    )
    known: bool = Field(default=True, description="False for a well-formed value we do not serve (e.g. Paris)")
    note: str = ""
    role: Literal["value", "negated", "old", "asked"] = Field(
        default="value", description="'negated' ('not the 10th'), 'old' ('from the 10th to ...') and 'asked' (a question "
                                     "about it: 'does it have a pool?') are not to be set"
    )


class ParsedMessage(BaseModel):
    text: str = Field(description="the message as the readers read it (Traditional Chinese converted to Simplified)")
    written: str = Field(default="", description="the message as the customer wrote it, when that differs from text")
    script: Optional[Script] = Field(default=None, description="the script a Chinese message is in; None when it does not tell")
    read_note: str = Field(default="", description="how the message was read: a Chinese message's script and why "
                                                   "(zh/script.py), an English one's abbreviations and spellings (en/spelling.py)")
    noise: str = Field(default="", description="why the message is keyboard noise and was not read (en/spelling.py); "
                                               "empty for a message that was read")
    context: str = Field(default="none", description="what the bot had just asked, as the model read it (schema.CONTEXTS)")
    intents: list[str] = Field(description="detected intents, best first")
    intent_scores: dict[str, float]
    low_confidence: bool = Field(description="no intent passed its threshold, or only a question without a topic below "
                                             "understand.TOPICLESS_QUESTION_SURE; intents holds the best guess")
    entities: list[Entity]


# ----------------------------------------------------------------------- dialogue state


class SlotValue(BaseModel):
    value: SlotScalar
    turn: int = Field(description="the turn that set it (1-based)")
    surface: str = Field(description="the customer's words, or how the bot derived it")
    source: str = Field(default="customer", description="'customer', 'derived', or the action that set it")
    previous: Optional[SlotScalar] = None


class PendingShift(BaseModel):
    """A relative change ("a day later") that had nothing to apply to when it was said."""

    slot: str
    shift: Shift
    surface: str
    turn: int = Field(description="the turn that said it")


class OfferedOption(BaseModel):
    ordinal: int
    offer: RoomOffer


Awaiting = Optional[str]  # a slot name, "confirm", or None
Language = Literal["en", "zh"]
# The script of a Chinese customer (bot/understanding/zh/script.py): Simplified, or Traditional
# with Taiwan's or Hong Kong's phrasing; replies are written in it.
Script = Literal["hans", "tw", "hk"]
Confirming = Optional[Literal["book", "change", "cancel"]]


class DialogueState(BaseModel):
    session_id: str
    today: date
    turn: int = 0
    language: Language = Field(default="en", description="the language of the customer's latest message; replies use it")
    script: Script = Field(default="hans", description="the script the customer writes Chinese in; Chinese replies use it")
    slots: dict[str, SlotValue] = {}
    active_intent: Optional[str] = None
    pending_intents: list[str] = Field(default=[], description="task intents of a message, queued behind the active one")
    awaiting: Awaiting = None
    confirming: Confirming = Field(default=None, description="what a 'yes' would do while awaiting == 'confirm'")
    target_ref: Optional[str] = Field(default=None, description="the booking a change or cancel is about")
    offers: list[OfferedOption] = Field(default=[], description="the options the bot last offered")
    shown_hotels: list[str] = Field(default=[], description="hotels listed for the search of shown_for, for 'show me more'")
    shown_for: dict[str, str] = Field(default={}, description="the search details (slot -> value) shown_hotels belong to")
    quote: Optional[RoomOffer] = Field(default=None, description="the priced draft booking awaiting confirmation")
    quote_key: Optional[str] = Field(
        default=None, description="a random key per quote, stored with its booking: a retried confirmation books once")
    flow_started_turn: int = Field(default=0, description="turn the active intent began; later slot values are its changes")
    booking_refs: list[str] = Field(default=[], description="the customer's own bookings made or referred to in this conversation")
    shifts: list[PendingShift] = Field(
        default=[], description="relative changes not applied: they wait for the booking to change, or are told this turn"
    )
    handed_off: bool = False
    queued_slots: dict[str, SlotValue] = Field(
        default={}, description="values a message gave for the task it queued behind a change of a booking; set when that task starts"
    )

    def value(self, slot: str) -> Optional[SlotScalar]:
        held = self.slots.get(slot)
        return held.value if held else None

    def slot_values(self) -> dict[str, SlotScalar]:
        return {name: held.value for name, held in self.slots.items()}

    def offered(self, ordinal: int) -> Optional[OfferedOption]:
        """The offered option an ordinal points at (-1 = the last one); None beyond the list."""
        index = len(self.offers) + ordinal if ordinal < 0 else ordinal - 1
        return self.offers[index] if 0 <= index < len(self.offers) else None


# ------------------------------------------------------------------------------ trace


class SlotChange(BaseModel):
    slot: str
    old: Optional[SlotScalar]
    new: Optional[SlotScalar]
    reason: str


class PolicyDecision(BaseModel):
    rule: str = Field(description="name of the policy rule that fired")
    action: Optional[str] = Field(description="action it chose, None if it only replies")
    reason: str


class ActionRun(BaseModel):
    action: str
    events: list[dict[str, Any]] = Field(description="rasa-sdk events the action returned")
    messages: list[str]


class PlanStop(BaseModel):
    sight: str  # canonical (English) name, as the catalogue has it
    sight_zh: str
    arrive: str  # HH:MM, inside the sight's opening hours
    leave: str
    ticket: float


class PlanLeg(BaseModel):
    """The way from one stop of a day to the next: computed from their coordinates and the city's fare rules."""

    mode: Literal["walk", "bus", "metro", "taxi"]
    minutes: int
    fare: float
    km: float  # by road (straight line times a city's detour factor)


class PlanDay(BaseModel):
    date: date
    stops: list[PlanStop]
    legs: list[PlanLeg]  # legs[i] joins stops[i] to stops[i + 1]
    cost: float  # the day's tickets and fares


class TripPlan(BaseModel):
    """A day-by-day plan of sights and transport in one city (SPEC section 10)."""

    city: str
    days: list[PlanDay]
    total_cost: float  # every ticket and fare of every day
    cheap: bool  # planned for the least money, else for the least time on the way
    max_total: Optional[float] = None  # the customer's budget for tickets and fares, if given
    day_start: str = "09:00"
    day_end: str = "18:00"
    holiday: Optional[str] = None  # the public holiday whose days were taken, in English
    holiday_zh: Optional[str] = None
    hotel: Optional[str] = None  # recommended near the plan's sights, canonical name
    hotel_offer: Optional[RoomOffer] = None


class SightChoice(BaseModel):
    sight: str
    ticket: float
    chosen: bool
    why: str


class LegWorking(BaseModel):
    """How one leg of the plan was computed: the distance, every mode's time and fare, the pick."""

    start: str
    end: str
    straight_km: float
    road_km: float
    options: list[PlanLeg]
    chosen: str
    why: str


class PlanTrace(BaseModel):
    considered: list[SightChoice]
    legs: list[LegWorking]
    search: str  # what was searched, and how long it took


class TurnTrace(BaseModel):
    text: str = Field(description="the message as the customer wrote it")
    language: Language = Field(default="en", description="the language the message was read as, and the reply written in")
    script: Script = Field(default="hans", description="the script of the Chinese replies")
    read_as: str = Field(default="", description="the text the readers read, when converted from what the customer wrote")
    language_note: str = Field(default="", description="why that language and script, and what was corrected before reading")
    context: str = Field(default="none", description="what the bot had just asked, as the model read it")
    intent_scores: dict[str, float]
    intents: list[str]
    low_confidence: bool
    entities: list[Entity]
    state_diff: list[SlotChange]
    decisions: list[PolicyDecision]
    actions: list[ActionRun]
    db_queries: list[DbQuery]
    timings_ms: dict[str, float] = Field(description="milliseconds per stage")
    events: list[dict[str, Any]] = Field(default=[], description="the turn's events (bot.events), as JSON, in order")
    error_id: Optional[str] = Field(default=None, description="set when the turn failed: the id in the apology and the log")
    planning: Optional[PlanTrace] = Field(default=None, description="the trip plan's workings: sights weighed, legs computed")


class HotelCard(BaseModel):
    """A recommendation as the UI and the REST channel render it."""

    ordinal: int
    tier: str
    hotel: str
    stars: int
    room_type: str
    price_per_night: float
    total_price: float
    nights: int
    currency: str
    booking_link: str
    rating: float = 0  # the guest rating, 0-5
    amenities: list[str] = Field(default_factory=list, description="the hotel's amenities, named in the reply's language")
    distance_km: Optional[float] = None  # from the sight the search was near
    near: str = ""  # that sight, named in the reply's language


class Turn(BaseModel):
    session_id: str
    reply: str
    intents: list[str]
    intent_scores: dict[str, float]
    entities: list[Entity]
    state: DialogueState
    actions: list[str]
    cards: list[HotelCard] = []
    trace: TurnTrace
    plan: Optional[TripPlan] = None  # the trip plan made this turn (SPEC section 10)
