"""The state-tracking stage: ParsedMessage + DialogueState -> events (bot.events) + diff.

The tracker assigns no state field: its rules emit events into a `Recorder`, which
applies each at once, so a later rule reads the state the earlier ones left.

Corrections and switches happen here: a new value replaces the old one (its
provenance keeps the previous value), a negated value is dropped ("the 11th, not
the 10th"), "from X to Y" keeps Y, and dates stay consistent (changing check-in
keeps the number of nights unless a new check-out or night count was given).

A relative value ("a day later", "one more night": a Shift) is applied to the current
value: the state's, or while changing a booking, the booking's own value unless this
change has set the slot already. With nothing to apply it to, it waits for the booking
(while the booking to change is not known) or is kept for one turn so the policy can
say so.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable, Optional

from bot.events import (BookingLinked, IntentsQueued, OffersShown, QuoteDropped, Recorder, ShiftPending, ShiftsCleared,
                        SlotCleared, SlotSet, TargetSet, TaskStarted, TurnStarted, ValuesQueued)
from bot.models import (Booking, DialogueState, Entity, Hotel, OfferedOption, ParsedMessage, PendingShift, Shift, SlotChange, SlotScalar,
                        SlotValue, TierStep)
from bot.understanding.dates import END_AFTER, END_BEFORE, FROM_BEFORE, FROM_TO_BETWEEN, bare_weekday, nearest_weekday, parse_date
from bot.understanding.cues import CLAUSE_CUE, RESTATED_STAY, STAY_SLOTS
from bot.understanding.understand import party_kind, price_superlative
from bot.wording import language_of
from intents.schema import CONSTRAINT_SLOTS, DATE_SLOTS, TIERS

# Task intents, by which one leads when a message carries several: the one that
# needs a form or a confirmation becomes active, the others wait in the queue.
FLOW_PRIORITY = ("change_booking", "cancel_booking", "plan_trip", "book_hotel", "search_hotels")
QUEUEABLE = ("change_booking", "cancel_booking", "book_hotel")
BOOKING_CHANGES = ("change_booking", "cancel_booking")  # tasks on a booking made before
# Values only a new stay has: a change of a booking keeps its hotel (and city)
NEW_STAY_ONLY = ("city", "hotel", "tier", "max_price", *CONSTRAINT_SLOTS)


# What a stay is made of besides its place: with a hotel named, they ask for that hotel.
STAY_DETAILS = frozenset({"check_in", "check_out", "nights", "guests", "rooms"})


class StateTracker:
    def __init__(self, hotel: Callable[[str], Optional[Hotel]],
                 target_booking: Callable[[DialogueState], Optional[Booking]] = lambda state: None):
        self.hotel = hotel  # canonical hotel name -> the catalogue's hotel (its city, its tier)
        self.target_booking = target_booking  # the booking a change is about, if it can be told

    def update(self, state: DialogueState, parsed: ParsedMessage) -> tuple[DialogueState, list[SlotChange]]:
        """The state after the message (``state`` itself is left as it was) and the diff."""
        recorder = Recorder(state.model_copy(deep=True))
        changes = self.track(recorder, parsed, state.today)
        return recorder.state, changes

    def track(self, recorder: Recorder, parsed: ParsedMessage, today: date) -> list[SlotChange]:
        """Emit the message's events into ``recorder``; returns the diff for the trace (with the
        values refused or dropped, which change nothing)."""
        state = recorder.state
        # every reply of the turn is in the message's language, a Chinese one in its script
        recorder.emit(TurnStarted(turn=state.turn + 1, today=today, language=language_of(parsed.text, state.language),
                                  script=parsed.script or state.script))
        changes: list[SlotChange] = []
        by_tier = _tier_pick(state, parsed)
        self._update_intents(recorder, parsed, by_tier)
        parsed, queued = _queued_clause(state, parsed)
        chosen = self._choose_values(recorder, parsed, changes, picks_by_tier=by_tier is not None)
        given: set[str] = set()
        for slot, (value, surface, reason) in chosen.items():
            if not isinstance(value, Shift):  # first: a reference given with the shift tells the booking
                self._set(recorder, slot, value, surface, reason, changes)
                given.add(slot)
        booking = self.target_booking(state) if state.active_intent == "change_booking" else None
        given |= self._apply_shifts(recorder, chosen, booking, changes)
        self._resolve_selection(recorder, parsed, by_tier, changes)
        self._derive(recorder, given, booking, changes)
        if any(change.slot in STAY_SLOTS for change in changes) and state.quote is not None:
            recorder.emit(QuoteDropped())
        self._link_target(recorder)
        if queued:
            recorder.emit(ValuesQueued(slots=queued))
        return changes

    def _link_target(self, recorder: Recorder) -> None:
        """The booking a change or cancel is about, once it can be told; the customer referred to it."""
        state = recorder.state
        if state.active_intent not in ("change_booking", "cancel_booking"):
            return
        booking = self.target_booking(state)
        if booking is None:
            return
        if booking.ref != state.target_ref:
            recorder.emit(TargetSet(ref=booking.ref))
        if booking.ref not in state.booking_refs:
            recorder.emit(BookingLinked(ref=booking.ref))

    # ------------------------------------------------------------------ intents

    @staticmethod
    def _update_intents(recorder: Recorder, parsed: ParsedMessage, by_tier: Optional[OfferedOption]) -> None:
        state = recorder.state
        intents = set(parsed.intents)
        flows = [intent for intent in FLOW_PRIORITY if intent in intents]
        if drops_draft(state, parsed):
            flows = [flow for flow in flows if flow != "cancel_booking"]  # the policy drops the booking being made
        picks = not _asks_about_an_option(parsed) and not _narrows_instead(parsed, by_tier)
        if "select_option" in intents and not flows and state.active_intent in (None, "search_hotels") and picks:
            flows = ["book_hotel"]  # picking an offered hotel starts its booking
        booking_named = state.booking_refs or any(e.entity == "booking_ref" for e in parsed.entities)
        has_shift = any(isinstance(e.normalized, Shift) for e in parsed.entities)
        only_shifts = all(isinstance(e.normalized, Shift) or e.entity == "booking_ref" for e in parsed.entities)
        if state.active_intent is None and booking_named and has_shift and (not flows or (flows == ["search_hotels"] and only_shifts)):
            # "a day later" with no task going on moves the booking of this conversation: a relative
            # change needs a stay to change, and with no search or booking in progress the
            # booking is the only one (so a search asking for it is a change too)
            flows = ["change_booking"]
        said = {e.entity for e in parsed.entities if e.known and e.role != "negated"}
        if state.active_intent is None and state.booking_refs and set(flows) <= {"search_hotels"} and said \
                and said <= STAY_DETAILS and RESTATED_STAY.search(parsed.text):
            flows = ["change_booking"]  # "actually make it 3 nights" after the booking: that booking, longer
        if not flows and state.active_intent is None and "hotel" in said and said & STAY_DETAILS:
            flows = ["book_hotel"]  # one hotel named with the stay's details: the customer wants that hotel
        search_details = {"city", "check_in"} & {e.entity for e in parsed.entities}
        if not flows and state.active_intent is None and (search_details or ("inform" in intents and parsed.entities)):
            flows = ["search_hotels"]  # details of a stay with no task yet: show what we have for them
        if not flows:
            return
        if flows[:2] == ["book_hotel", "search_hotels"] and "hotel" not in said and state.value("hotel") is None:
            # "book the 10th, and show me the 11th": a booking with no hotel chosen and a search in one
            # message show the hotels first; picking one starts its booking
            flows = flows[1:]
        if flows[0] == "change_booking" and state.active_intent in ("book_hotel", "search_hotels", "plan_trip") and not booking_named:
            # with no booking made yet, "could we start two days earlier" changes the stay being searched or booked
            flows = [state.active_intent, *(flow for flow in flows[1:] if flow != state.active_intent)]
        leader = flows[0]
        # a search waits behind a change or cancel of a booking; behind a booking it is a switch (above)
        queued = [intent for intent in flows[1:] if intent not in state.pending_intents
                  and (intent in QUEUEABLE or (intent == "search_hotels" and leader in BOOKING_CHANGES))]
        queue = queued + [intent for intent in state.pending_intents if intent != leader]
        if leader != state.active_intent:  # a new task: what the old one waited for is void
            recorder.emit(TaskStarted(intent=leader))
        if queue != state.pending_intents:
            recorder.emit(IntentsQueued(intents=queue))

    # ------------------------------------------------------------- slot values

    def _choose_values(
        self, recorder: Recorder, parsed: ParsedMessage, changes: list[SlotChange], picks_by_tier: bool
    ) -> dict[str, tuple[SlotScalar | Shift, str, str]]:
        """slot -> (value, surface, reason) for the values this message sets; a tier that picks
        an option (``picks_by_tier``) sets none."""
        state = recorder.state
        by_slot: dict[str, list[Entity]] = {}
        for entity in _corrected_dates(state, parsed, changes):
            if entity.entity == "ordinal" or (entity.entity == "tier" and picks_by_tier):
                continue  # resolved against the offered options, not stored as is
            if entity.role == "asked":
                continue  # a question about it ("does it have a pool?"), answered, not set
            by_slot.setdefault(entity.entity, []).append(entity)
        chosen: dict[str, tuple[SlotScalar | Shift, str, str]] = {}
        for slot, entities in by_slot.items():
            usable = []
            for entity in entities:
                rejected = self._rejection(entity)
                if rejected:
                    changes.append(SlotChange(slot=slot, old=state.value(slot), new=state.value(slot), reason=rejected))
                else:
                    usable.append(entity)
            negated = [e for e in usable if e.role == "negated"]
            kept = [e for e in usable if e.role != "negated"]
            if slot == "tier" and not kept and (middle := _tier_between(negated)):
                chosen[slot] = middle  # "not too posh": the top tier left out
                continue
            if slot == "amenity":  # a set: what is asked joins what was, what is declined leaves it
                if (amenities := _amenities(state, kept, negated)) is not None:
                    chosen[slot] = amenities
                continue
            for entity in negated:
                if not kept and state.value(slot) == entity.normalized:
                    self._clear(recorder, slot, f"customer said not {entity.value!r}", changes)
                else:
                    changes.append(SlotChange(slot=slot, old=state.value(slot), new=state.value(slot), reason=f"dropped negated {entity.value!r}"))
            if not kept:
                continue
            entity, reason = self._pick(state, parsed, slot, kept)
            if isinstance(entity.normalized, TierStep):
                tier, why = self._stepped_tier(state, entity.normalized)
                chosen[slot] = (tier, entity.value, f"customer said {entity.value!r}: {why}")
                continue
            if slot == "check_in" and len(kept) == 2 and entity is kept[0] and "check_out" not in by_slot:
                chosen["check_out"] = self._range_end(state, entity, kept[1])
            chosen[slot] = (entity.normalized, entity.value, reason)
        if state.active_intent is not None and state.flow_started_turn < state.turn:
            _weekdays_near_their_dates(state, chosen)
        return chosen

    def _stepped_tier(self, state: DialogueState, step: TierStep) -> tuple[str, str]:
        """"Anything cheaper?": the tier one step from the one talked about (the chosen hotel's,
        else the one searched for, else that of the options shown: their lowest for cheaper,
        their highest for nicer; else the middle one), with the reason. The end tiers stay."""
        hotel = self.hotel(str(state.value("hotel"))) if state.value("hotel") else None
        if hotel is not None:
            base, of = hotel.tier, f"{hotel.name}'s"
        elif state.value("tier"):
            base, of = str(state.value("tier")), "the one searched for"
        elif state.offers:
            shown = sorted(TIERS.index(option.offer.hotel.tier) for option in state.offers)
            base, of = TIERS[shown[0] if step.steps < 0 else shown[-1]], "that of the hotels shown"
        else:
            base, of = TIERS[len(TIERS) // 2], "the middle one"
        index = TIERS.index(base) + step.steps
        if not 0 <= index < len(TIERS):
            end = "lowest" if index < 0 else "highest"
            return base, f"a tier {step.way} from {base} ({of}): {base} is already the {end}"
        return TIERS[index], f"a tier {step.way} from {base} ({of})"

    @staticmethod
    def _range_end(state: DialogueState, start: Entity, end: Entity) -> tuple[SlotScalar | Shift, str, str]:
        """The second date of a range, as the check-out: read after the first ("the 29th to
        the 3rd" ends on January 3rd, not on a 3rd before the 29th)."""
        if isinstance(start.normalized, date) and isinstance(end.normalized, date):
            after = parse_date(end.value, state.today, after=start.normalized) or end.normalized
            return after, end.value, f"second date of a range taken as check-out, read after {start.normalized}"
        return end.normalized, end.value, "second date of a range taken as check-out"

    @staticmethod
    def _rejection(entity: Entity) -> str:
        if entity.normalized is None:
            return f"could not understand {entity.value!r} as {entity.entity}: {entity.note}".rstrip(": ")
        if not entity.known:
            return f"{entity.value!r} is not served: {entity.note}".rstrip(": ")
        return ""

    def _pick(self, state: DialogueState, parsed: ParsedMessage, slot: str, kept: list[Entity]) -> tuple[Entity, str]:
        if len(kept) == 1:
            return kept[0], f"customer said {kept[0].value!r}"
        kinds = [party_kind(e.value) for e in kept] if slot == "guests" else [None]
        if None not in kinds and len(set(kinds)) == len(kinds) and all(isinstance(e.normalized, int) for e in kept):
            # "2 adults and 1 child": the party is the sum of its kinds of people
            party = sum(int(e.normalized) for e in kept)  # type: ignore[arg-type]
            whole = kept[0].model_copy(update={"normalized": party, "value": parsed.text[kept[0].start : kept[-1].end]})
            return whole, f"the party: {' + '.join(repr(e.value) for e in kept)} = {party}"
        first, last = kept[0], kept[-1]
        said = kept[-2]
        if isinstance(last.normalized, Shift) and isinstance(said.normalized, date) and slot in ("check_in", "check_out"):
            # "the 20th, no wait, the day before": a move from the date just said, not from the stay's
            moved = said.normalized + timedelta(days=last.normalized.days)
            surface = parsed.text[said.start : last.end]
            return last.model_copy(update={"normalized": moved, "value": surface}), \
                f"{last.value!r} from {said.value!r} just said: {moved}"
        between = parsed.text[first.end : last.start]
        before = parsed.text[max(0, first.start - 8) : first.start]
        is_change = "change_booking" in parsed.intents or state.value(slot) == first.normalized
        if FROM_TO_BETWEEN.match(between) and FROM_BEFORE.search(before) and is_change:
            return last, f"'from {first.value} to {last.value}': {last.value!r} replaces {first.value!r}"
        if slot == "check_in" and FROM_TO_BETWEEN.match(between):
            # "X to Y" without "from" is a new range, in a change too ("change it to the 29th - 3rd")
            return first, f"date range: check-in {first.value!r}"
        # anything else between two dates is a change of mind: "the 10th, no, show me the
        # 11th", or in Chinese the switch of dialogue zh02 -- the later one the customer still differs on wins
        differing = [e for e in kept if e.normalized != state.value(slot)]
        if len(differing) == 1:
            return differing[0], f"{differing[0].value!r} replaces the current value"
        return last, f"several values, the last one {last.value!r} wins"

    @staticmethod
    def _set(recorder: Recorder, slot: str, value: SlotScalar, surface: str, reason: str, changes: list[SlotChange]) -> None:
        old = recorder.state.value(slot)
        source = "derived" if surface == "derived" or surface.startswith("city of") else "customer"
        recorder.emit(SlotSet(slot=slot, value=value, surface=surface, source=source, reason=reason, previous=old))
        changes.append(SlotChange(slot=slot, old=old, new=value, reason=reason))

    def _apply_shifts(self, recorder: Recorder, chosen: dict[str, tuple[SlotScalar | Shift, str, str]],
                      booking: Optional[Booking], changes: list[SlotChange]) -> set[str]:
        """Set the slots that relative changes move; returns those set."""
        state = recorder.state
        same_change = state.active_intent == "change_booking" and state.flow_started_turn < state.turn
        waited = state.shifts if same_change else []  # what waited for this change's booking
        pending = waited + [PendingShift(slot=slot, shift=value, surface=surface, turn=state.turn)
                            for slot, (value, surface, _) in chosen.items() if isinstance(value, Shift)]
        if state.shifts:
            recorder.emit(ShiftsCleared())
        applied: set[str] = set()
        for item in pending:
            # while changing a booking not known yet, what the state holds may be another stay's
            waits = state.active_intent == "change_booking" and booking is None and not _set_in_flow(state, item.slot)
            base = None if waits else _current(state, item.slot, booking)
            if base is None:
                what = "the booking to change is not known yet" if waits else f"no {item.slot.replace('_', '-')} yet"
                changes.append(SlotChange(slot=item.slot, old=state.value(item.slot), new=state.value(item.slot),
                                          reason=f"nothing to apply {item.surface!r} to: {what}"))
                recorder.emit(ShiftPending(shift=item))
                continue
            value = base + (timedelta(days=item.shift.days) if isinstance(base, date) else item.shift.days)
            if isinstance(value, int) and value < 1:
                changes.append(SlotChange(slot=item.slot, old=base, new=base,
                                          reason=f"{item.surface!r} would leave no {item.slot.removesuffix('s')}"))
                continue
            origin = f" (booking {booking.ref})" if booking and getattr(booking, item.slot) == base else ""
            self._set(recorder, item.slot, value, item.surface, f"{item.surface}: {base}{origin} → {value}", changes)
            applied.add(item.slot)
        return applied

    @staticmethod
    def _clear(recorder: Recorder, slot: str, reason: str, changes: list[SlotChange]) -> None:
        old = recorder.state.value(slot)
        if old is not None:
            recorder.emit(SlotCleared(slot=slot, reason=reason, previous=old))
            changes.append(SlotChange(slot=slot, old=old, new=None, reason=reason))

    # ----------------------------------------------------------- derived values

    def _resolve_selection(self, recorder: Recorder, parsed: ParsedMessage, by_tier: Optional[OfferedOption],
                           changes: list[SlotChange]) -> None:
        state = recorder.state
        ordinals = [e for e in parsed.entities if e.entity == "ordinal" and isinstance(e.normalized, int)]
        approval = "select_option" in parsed.intents and not ordinals and not any(e.entity == "hotel" for e in parsed.entities)
        if approval and len(state.offers) == 1:  # "sounds good" to a list of one picks it; of several, the policy asks
            self._set(recorder, "hotel", state.offers[0].offer.hotel.name, "derived", "the only option offered", changes)
        if by_tier is not None:
            tier = by_tier.offer.hotel.tier
            self._set(recorder, "hotel", by_tier.offer.hotel.name, next(e.value for e in parsed.entities if e.entity == "tier"),
                      f"the {tier} option picked by its tier or price (option {by_tier.ordinal})", changes)
        if not ordinals or not state.offers:
            return
        picked = state.offered(ordinals[-1].normalized)
        if picked is not None:
            self._set(recorder, "hotel", picked.offer.hotel.name, ordinals[-1].value, f"option {picked.ordinal} of the offered list", changes)
        else:  # the policy says how many there were and shows them again
            changes.append(SlotChange(slot="hotel", old=state.value("hotel"), new=state.value("hotel"),
                                      reason=f"option {ordinals[-1].value!r} is not one of the {len(state.offers)} offered"))

    def _derive(self, recorder: Recorder, given: set[str], booking: Optional[Booking], changes: list[SlotChange]) -> None:
        state = recorder.state
        set_now = {change.slot for change in changes if change.new is not None and change.new != change.old}
        hotel = state.value("hotel")
        # the catalogue is asked only when the hotel, its city or its tier may no longer agree
        known = self.hotel(hotel) if isinstance(hotel, str) and set_now & {"hotel", "city", "tier"} else None
        if "hotel" in set_now and known:
            if known.city != state.value("city"):
                self._set(recorder, "city", known.city, f"city of {hotel}", f"{hotel} is in {known.city}", changes)
        elif "city" in set_now and isinstance(hotel, str) and (known.city if known else None) != state.value("city"):
            self._clear(recorder, "hotel", f"{hotel} is not in {state.value('city')}", changes)
        elif "tier" in set_now and known and known.tier != state.value("tier"):
            # "let's do the budget option instead" with a luxury hotel chosen: the hotel goes, the list of that tier follows
            self._clear(recorder, "hotel", f"{hotel} is not a {state.value('tier')} hotel", changes)
        if "city" in set_now and state.offers:
            recorder.emit(OffersShown(offers=[]))
        self._derive_dates(recorder, given, set_now, booking, changes)

    def _derive_dates(self, recorder: Recorder, given: set[str], set_now: set[str], booking: Optional[Booking],
                      changes: list[SlotChange]) -> None:
        state = recorder.state
        check_in, check_out, nights = (_current(state, slot, booking) for slot in ("check_in", "check_out", "nights"))
        if not isinstance(check_in, date):
            return
        if "check_out" in given and isinstance(check_out, date):
            if check_out > check_in:
                self._set(recorder, "nights", (check_out - check_in).days, "derived", "nights follow check-in and check-out", changes)
            else:
                self._clear(recorder, "check_out", "check-out must be after check-in", changes)
        elif isinstance(nights, int) and ("nights" in set_now or "check_in" in set_now):
            derived = check_in + timedelta(days=nights)
            if derived != check_out:
                reason = "check-out follows the new check-in, same number of nights" if "nights" not in given else "check-out = check-in + nights"
                self._set(recorder, "check_out", derived, "derived", reason, changes)
        elif "check_in" in set_now and isinstance(check_out, date) and check_out <= check_in:
            self._clear(recorder, "check_out", "check-out was no longer after the new check-in", changes)


def _weekdays_near_their_dates(state: DialogueState, chosen: dict[str, tuple[SlotScalar | Shift, str, str]]) -> None:
    """"Change the check-in to Saturday" while the stay begins Friday the 11th: a weekday with
    nothing to pin its week, replacing a date of the task under way, is the one nearest that
    date (Saturday the 12th), not the first one after today."""
    for slot in DATE_SLOTS:
        value, surface, _ = chosen.get(slot, (None, "", ""))
        old = state.value(slot)
        weekday = bare_weekday(surface) if isinstance(value, date) and isinstance(old, date) else None
        if weekday is not None and (near := nearest_weekday(weekday, old, state.today)) != value:
            chosen[slot] = (near, surface, f"{surface!r}: the one nearest {old}, the date it replaces")


def _asks_about_an_option(parsed: ParsedMessage) -> bool:
    """"Does the first one have breakfast?": a question about an option starts no booking (the
    model reads select_option beside ask_faq); the option becomes the hotel talked about, so
    the answer is that hotel's and "book that one" books it. "Book the first one, does it
    have breakfast?" books."""
    return "ask_faq" in parsed.intents and "book_hotel" not in parsed.intents


def _narrows_instead(parsed: ParsedMessage, by_tier: Optional[OfferedOption]) -> bool:
    """"Make it luxury then" after a list without a luxury hotel, read as a pick with a tier: a tier
    that picks no option (none or several of it shown) is a search detail, and a pick that
    picks nothing starts no booking."""
    said = {e.entity for e in parsed.entities if e.role != "negated"}
    return "tier" in said and not said & {"ordinal", "hotel"} and by_tier is None


def drops_draft(state: DialogueState, parsed: ParsedMessage) -> bool:
    """"Can I cancel that?" while a booking is still being made (no reference named): it is
    that booking, not yet made, that the customer calls off; no booking is cancelled."""
    return ("cancel_booking" in parsed.intents and state.active_intent == "book_hotel"
            and not any(e.entity == "booking_ref" for e in parsed.entities))


def _queued_clause(state: DialogueState, parsed: ParsedMessage) -> tuple[ParsedMessage, dict[str, SlotValue]]:
    """A change of a booking and a new booking or search in one message, each in its own clause
    ("move HB-… to the 20th and also book a room in Sanya for the 24th"): the change reads only
    the values of its own clause; those of the other wait for the task queued behind it. The
    clauses part at the last cue (CLAUSE_CUE: and, also, a comma ...) between the reference and the
    first value only a new stay has (a city, a hotel, a tier, a price cap): a change keeps its
    booking's hotel. Else, or with no cue, every value is the change's (as before)."""
    if state.active_intent != "change_booking" or not any(task in state.pending_intents and task in parsed.intents
                                                           for task in ("book_hotel", "search_hotels")):
        return parsed, {}
    refs = [e.start for e in parsed.entities if e.entity == "booking_ref"]
    stays = [e.start for e in parsed.entities if e.entity in NEW_STAY_ONLY and e.role != "negated"]
    if not refs or not stays:
        return parsed, {}
    change_first = refs[0] < stays[0]
    cues = list(CLAUSE_CUE.finditer(parsed.text, min(refs[0], stays[0]), max(refs[0], stays[0])))
    if not cues:
        return parsed, {}
    cut = cues[-1].start()
    later = [e for e in parsed.entities if e.start >= cut]
    earlier = [e for e in parsed.entities if e.start < cut]
    mine, theirs = (earlier, later) if change_first else (later, earlier)
    usable = [e for e in theirs if e.role != "negated" and e.known and e.normalized is not None and not isinstance(e.normalized, Shift)]
    queued = {e.entity: SlotValue(value=e.normalized, turn=state.turn, surface=e.value) for e in usable}
    return parsed.model_copy(update={"entities": mine}), queued


def _tier_pick(state: DialogueState, parsed: ParsedMessage) -> Optional[OfferedOption]:
    """"The luxury one" (in either language) picking from the options shown: the one option of
    that tier; "the cheapest one", "the most expensive one": the option at that end of the
    prices. A plain tier with no option or several of it is a search detail (it narrows the
    list) and nothing is picked; an option number or a hotel name picks instead."""
    if "select_option" not in parsed.intents or not state.offers or any(e.entity in ("ordinal", "hotel") for e in parsed.entities):
        return None
    said = [e for e in parsed.entities if e.entity == "tier" and e.role != "negated"]
    tiers = {e.normalized for e in said if e.normalized}
    matching = [option for option in state.offers if option.offer.hotel.tier in tiers]
    # over the tier spans together: the model may cut one superlative word into two spans
    way = price_superlative(parsed.text[min(e.start for e in said) : max(e.end for e in said)]) if said else None
    if way is not None:  # "the cheapest one": by price, among that tier's options if any are shown
        by_price = sorted(matching or state.offers, key=lambda option: option.offer.price_per_night)
        return by_price[0] if way == "lowest" else by_price[-1]
    return matching[0] if len(tiers) == 1 and len(matching) == 1 else None


def _amenities(state: DialogueState, kept: list[Entity], negated: list[Entity]) -> Optional[tuple[list[str], str, str]]:
    """The amenities asked for after this message (value, surface, reason), None if unchanged."""
    before = list(state.value("amenity") or [])
    declined = {str(e.normalized) for e in negated}
    after = sorted({*before, *(str(e.normalized) for e in kept)} - declined)
    if after == sorted(before):
        return None
    surface = ", ".join(e.value for e in [*kept, *negated])
    return after, surface, f"amenities asked: {', '.join(after) or 'none'} (customer said {surface!r})"


def _tier_between(negated: list[Entity]) -> Optional[tuple[str, str, str]]:
    """A tier at one end said not to be wanted ("not too posh", "nothing fancy", in Chinese too,
    "not the cheapest kind") and no other: the middle tier, as the customer is heard."""
    ends = {str(e.normalized) for e in negated if e.normalized in (TIERS[0], TIERS[-1])}
    if len(ends) != 1:
        return None
    end, middle = ends.pop(), TIERS[len(TIERS) // 2]
    said = next(e.value for e in negated if e.normalized == end)
    return middle, said, f"customer said not {said!r}: {end} left out, the {middle} tier"


def _corrected_dates(state: DialogueState, parsed: ParsedMessage, changes: list[SlotChange]) -> list[Entity]:
    """"Not the 10th, the 12th" (in either language) when the 10th is the stay's check-in: the new
    date replaces the one it negates, whichever date slot the model gave it (after "how many
    nights?" a bare date may read as the check-out). So does a lone date in a correction
    ("sorry, typed that all wrong. Chengdu, and the 12th") when the stay's only date is its
    check-in and nothing marks the new one as an end (dates.END_BEFORE, END_AFTER)."""
    entities = parsed.entities
    negated = [e for e in entities if e.role == "negated" and e.entity in DATE_SLOTS and isinstance(e.normalized, date)]
    given = [e for e in entities if e.role != "negated" and e.entity in DATE_SLOTS]
    held = [slot for slot in DATE_SLOTS if any(state.value(slot) == e.normalized for e in negated)]
    if len(given) == 1 and not held and _corrects_the_check_in(state, parsed, given[0]):
        held = ["check_in"]
        why = f"{given[0].value!r} in a correction, with no end word, replaces the stay's only date (read as check_out)"
    elif len(held) == 1 and len(given) == 1 and given[0].entity != held[0]:
        why = f"{given[0].value!r} corrects the {held[0].replace('_', '-')} it negates (read as {given[0].entity})"
    else:
        return entities
    slot, moved = held[0], given[0]
    changes.append(SlotChange(slot=slot, old=state.value(slot), new=state.value(slot), reason=why))
    update: dict[str, Any] = {"entity": slot}
    if slot == "check_in" and moved.entity == "check_out":  # read again without the check-in it was to follow
        update["normalized"] = parse_date(moved.value, state.today) or moved.normalized
    return [e.model_copy(update=update) if e is moved else e for e in entities]


def _corrects_the_check_in(state: DialogueState, parsed: ParsedMessage, given: Entity) -> bool:
    """Whether a lone check-out in a correction is the check-in's: no length was said since the check-in."""
    check_in = state.slots.get("check_in")
    if "deny" not in parsed.intents or given.entity != "check_out" or check_in is None:
        return False
    length_said = any(held is not None and held.source == "customer" and held.turn >= check_in.turn
                      for held in (state.slots.get("check_out"), state.slots.get("nights")))
    return not length_said and not END_BEFORE.search(parsed.text[: given.start]) and not END_AFTER.match(parsed.text[given.end :])


def _set_in_flow(state: DialogueState, slot: str) -> bool:
    held = state.slots.get(slot)
    return held is not None and held.turn >= state.flow_started_turn


def _current(state: DialogueState, slot: str, booking: Optional[Booking]) -> Optional[SlotScalar]:
    """The value a relative change or a derived date builds on: while changing a booking,
    the booking's own value unless this change has set the slot already (the state may
    still hold an earlier booking's stay)."""
    if booking is not None and state.active_intent == "change_booking" and not _set_in_flow(state, slot):
        return getattr(booking, slot)
    return state.value(slot)
