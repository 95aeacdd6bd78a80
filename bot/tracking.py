"""The state-tracking stage: ParsedMessage + DialogueState -> new DialogueState + diff.

Corrections and switches happen here: a new value replaces the old one (its
provenance keeps the previous value), a negated value is dropped ("the 11th, not
the 10th"), "from X to Y" keeps Y, and dates stay consistent (changing check-in
keeps the number of nights unless a new check-out or night count was given).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Callable, Optional

from bot.models import DialogueState, Entity, ParsedMessage, SlotChange, SlotScalar, SlotValue

# Task intents, by which one leads when a message carries several: the one that
# needs a form or a confirmation becomes active, the others wait in the queue.
FLOW_PRIORITY = ("change_booking", "cancel_booking", "book_hotel", "search_hotels")
QUEUEABLE = ("change_booking", "cancel_booking", "book_hotel")
STAY_SLOTS = ("check_in", "check_out", "nights", "guests", "rooms", "hotel", "city")
FROM_TO_BETWEEN = re.compile(r"^\W*(?:to|till|until|into|->|→)\W*(?:the|on)?\W*$", re.I)
FROM_BEFORE = re.compile(r"\bfrom\s*(?:the|on)?\s*$", re.I)


class StateTracker:
    def __init__(self, hotel_city: Callable[[str], Optional[str]]):
        self.hotel_city = hotel_city  # canonical hotel name -> its city

    def update(self, state: DialogueState, parsed: ParsedMessage) -> tuple[DialogueState, list[SlotChange]]:
        new = state.model_copy(deep=True)
        new.turn += 1
        changes: list[SlotChange] = []
        self._update_intents(new, parsed)
        chosen = self._choose_values(new, parsed, changes)
        for slot, (value, surface, reason) in chosen.items():
            self._set(new, slot, value, surface, reason, changes)
        self._resolve_selection(new, parsed, changes)
        self._derive(new, set(chosen), changes)
        if any(change.slot in STAY_SLOTS for change in changes):
            new.quote = None
        return new, changes

    # ------------------------------------------------------------------ intents

    @staticmethod
    def _update_intents(state: DialogueState, parsed: ParsedMessage) -> None:
        intents = set(parsed.intents)
        flows = [intent for intent in FLOW_PRIORITY if intent in intents]
        if "select_option" in intents and not flows and state.active_intent in (None, "search_hotels"):
            flows = ["book_hotel"]  # picking an offered hotel starts its booking
        search_details = {"city", "check_in"} & {e.entity for e in parsed.entities}
        if not flows and state.active_intent is None and (search_details or ("inform" in intents and parsed.entities)):
            flows = ["search_hotels"]  # details of a stay with no task yet: show what we have for them
        if not flows:
            return
        leader = flows[0]
        if leader != state.active_intent:  # a new task: what the old one waited for is void
            state.flow_started_turn = state.turn
            state.target_ref = None
            state.awaiting = None
            state.confirming = None
        state.active_intent = leader
        queued = [intent for intent in flows[1:] if intent in QUEUEABLE and intent not in state.pending_intents]
        state.pending_intents = queued + [intent for intent in state.pending_intents if intent != leader]

    # ------------------------------------------------------------- slot values

    def _choose_values(
        self, state: DialogueState, parsed: ParsedMessage, changes: list[SlotChange]
    ) -> dict[str, tuple[SlotScalar, str, str]]:
        """slot -> (value, surface, reason) for the values this message sets."""
        by_slot: dict[str, list[Entity]] = {}
        for entity in parsed.entities:
            if entity.entity == "ordinal":
                continue  # resolved against the offered options, not stored as is
            by_slot.setdefault(entity.entity, []).append(entity)
        chosen: dict[str, tuple[SlotScalar, str, str]] = {}
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
            for entity in negated:
                if not kept and state.value(slot) == entity.normalized:
                    self._clear(state, slot, f"customer said not {entity.value!r}", changes)
                else:
                    changes.append(SlotChange(slot=slot, old=state.value(slot), new=state.value(slot), reason=f"dropped negated {entity.value!r}"))
            if not kept:
                continue
            entity, reason = self._pick(state, parsed, slot, kept)
            if slot == "check_in" and len(kept) == 2 and entity is kept[0] and "check_out" not in by_slot:
                second = kept[1]
                chosen["check_out"] = (second.normalized, second.value, "second date of a range taken as check-out")
            chosen[slot] = (entity.normalized, entity.value, reason)
        return chosen

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
        first, last = kept[0], kept[-1]
        between = parsed.text[first.end : last.start]
        before = parsed.text[max(0, first.start - 8) : first.start]
        is_change = "change_booking" in parsed.intents or state.value(slot) == first.normalized
        if FROM_TO_BETWEEN.match(between) and FROM_BEFORE.search(before) and is_change:
            return last, f"'from {first.value} to {last.value}': {last.value!r} replaces {first.value!r}"
        if slot == "check_in" and not is_change:
            return first, f"date range: check-in {first.value!r}"
        differing = [e for e in kept if e.normalized != state.value(slot)]
        if len(differing) == 1:
            return differing[0], f"{differing[0].value!r} replaces the current value"
        return last, f"several values, the last one {last.value!r} wins"

    @staticmethod
    def _set(state: DialogueState, slot: str, value: SlotScalar, surface: str, reason: str, changes: list[SlotChange]) -> None:
        old = state.value(slot)
        source = "derived" if surface == "derived" or surface.startswith("city of") else "customer"
        state.slots[slot] = SlotValue(value=value, turn=state.turn, surface=surface, source=source, previous=old)
        changes.append(SlotChange(slot=slot, old=old, new=value, reason=reason))

    @staticmethod
    def _clear(state: DialogueState, slot: str, reason: str, changes: list[SlotChange]) -> None:
        if slot in state.slots:
            changes.append(SlotChange(slot=slot, old=state.slots.pop(slot).value, new=None, reason=reason))

    # ----------------------------------------------------------- derived values

    def _resolve_selection(self, state: DialogueState, parsed: ParsedMessage, changes: list[SlotChange]) -> None:
        ordinals = [e for e in parsed.entities if e.entity == "ordinal" and isinstance(e.normalized, int)]
        if not ordinals or not state.offers:
            return
        picked = state.offered(ordinals[-1].normalized)
        if picked is not None:
            self._set(state, "hotel", picked.offer.hotel.name, ordinals[-1].value, f"option {picked.ordinal} of the offered list", changes)
        else:  # the policy says how many there were and shows them again
            changes.append(SlotChange(slot="hotel", old=state.value("hotel"), new=state.value("hotel"),
                                      reason=f"option {ordinals[-1].value!r} is not one of the {len(state.offers)} offered"))

    def _derive(self, state: DialogueState, given: set[str], changes: list[SlotChange]) -> None:
        set_now = {change.slot for change in changes if change.new is not None and change.new != change.old}
        hotel = state.value("hotel")
        if "hotel" in set_now and isinstance(hotel, str):
            city = self.hotel_city(hotel)
            if city and city != state.value("city"):
                self._set(state, "city", city, f"city of {hotel}", f"{hotel} is in {city}", changes)
        elif "city" in set_now and isinstance(hotel, str) and self.hotel_city(hotel) != state.value("city"):
            self._clear(state, "hotel", f"{hotel} is not in {state.value('city')}", changes)
        if "city" in set_now:
            state.offers = []
        self._derive_dates(state, given, set_now, changes)

    def _derive_dates(self, state: DialogueState, given: set[str], set_now: set[str], changes: list[SlotChange]) -> None:
        check_in, check_out, nights = state.value("check_in"), state.value("check_out"), state.value("nights")
        if not isinstance(check_in, date):
            return
        if "check_out" in given and isinstance(check_out, date):
            if check_out > check_in:
                self._set(state, "nights", (check_out - check_in).days, "derived", "nights follow check-in and check-out", changes)
            else:
                self._clear(state, "check_out", "check-out must be after check-in", changes)
        elif isinstance(nights, int) and ("nights" in set_now or "check_in" in set_now):
            derived = check_in + timedelta(days=nights)
            if derived != check_out:
                reason = "check-out follows the new check-in, same number of nights" if "nights" not in given else "check-out = check-in + nights"
                self._set(state, "check_out", derived, "derived", reason, changes)
        elif "check_in" in set_now and isinstance(check_out, date) and check_out <= check_in:
            self._clear(state, "check_out", "check-out was no longer after the new check-in", changes)
