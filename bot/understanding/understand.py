"""The understanding stage: text -> ParsedMessage (intents, scores, normalised entities)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Sequence

from bot.models import Entity, ParsedMessage, Shift
from bot.understanding.bio import TagSpan
from bot.understanding.nlu_model import OnnxJointModel
from bot.understanding.dates import is_stay_length
from bot.understanding.normalize import Normalizer, shift_phrases

# Words right before a span that say the customer does NOT want that value:
# "the 11th, not the 10th", "the 11th instead of the 10th", "rather than Suzhou".
NEGATION_BEFORE = re.compile(r"(?:\bnot|\bno|n't|\binstead of|\brather than|\bbut not)\s*(?:the|on|in|for|at)?\s*$", re.I)
NEGATION_WINDOW = 16  # characters before the span searched for a negation cue
# Words right before a date that make it the departure: "leave on the 8th", "checking out the 9th",
# "my check-out is on the 12th", "we head home on the 13th".
CHECK_OUT_BEFORE = re.compile(
    r"\b(?:until|till|leave|leaving|depart|departing|departure|check(?:ing)?[- ]?out|(?:head|heading|go|going|fly|flying) home)"
    r"(?:\s+(?:date\s+)?(?:is|will be|would be))?\s*(?:on|the|on the)?\s*$",
    re.I,
)
CUE_WINDOW = 30  # characters before a date searched for a check-out cue
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


class Understanding:
    def __init__(self, model: OnnxJointModel, hotel_names: Sequence[str]):
        self.model = model
        self.hotel_names = list(hotel_names)

    @classmethod
    def load(cls, model_dir: Path, hotel_names: Sequence[str]) -> "Understanding":
        return cls(OnnxJointModel(model_dir, "int8"), hotel_names)

    def parse(self, text: str, today: date, check_in: date | None = None, context: str = "none") -> ParsedMessage:
        """`check_in` is the one already in the dialogue state: a check-out date falls after it.
        `context` is what the bot's last turn left open (bot/understanding/context.py)."""
        raw = self.model.predict(text, context)
        passed = self.model.passing_intents(raw.intent_scores)
        normalizer = Normalizer(today, self.hotel_names)
        entities = [self._entity(span, text, normalizer) for span in raw.spans]
        entities += self._served_city_backstop(text, entities, normalizer)
        entities = self._relative_changes(text, entities, normalizer)
        message_check_in = next(
            (e.normalized for e in entities if e.entity == "check_in" and e.role == "value" and isinstance(e.normalized, date)),
            check_in,
        )
        if message_check_in is not None:
            entities = [self._renormalize_check_out(e, normalizer, message_check_in) for e in entities]
        return ParsedMessage(
            text=text,
            context=context,
            intents=self.model.detected_intents(raw.intent_scores),
            intent_scores={name: round(score, 4) for name, score in raw.intent_scores.items()},
            low_confidence=not passed,
            entities=entities,
        )

    @staticmethod
    def _entity(span: TagSpan, text: str, normalizer: Normalizer) -> Entity:
        surface = text[span.start : span.end]
        before = text[max(0, span.start - CUE_WINDOW) : span.start]
        cue_note = ""
        if span.slot in ("check_in", "check_out") and is_stay_length(surface):
            cue_note = f"tagged {span.slot}, but {surface!r} is a length of stay; "
            span = span.model_copy(update={"slot": "nights"})
        elif span.slot == "check_in" and CHECK_OUT_BEFORE.search(before):
            span = span.model_copy(update={"slot": "check_out"})
            cue_note = "tagged check_in, but the words before it make it the check-out; "
        result = normalizer.normalize(span.slot, surface)
        negated = NEGATION_BEFORE.search(text[max(0, span.start - NEGATION_WINDOW) : span.start]) is not None
        return Entity(
            entity=span.slot,
            value=surface,
            start=span.start,
            end=span.end,
            confidence=round(span.confidence, 4),
            normalized=result.value,
            known=result.known,
            note=cue_note + result.note,
            role="negated" if negated else "value",
        )

    @staticmethod
    def _served_city_backstop(text: str, entities: list[Entity], normalizer: Normalizer) -> list[Entity]:
        """The model tagged no city: look for a served city (or a misspelling of one) among
        the words. Only served cities are matched, so unknown words cannot become cities."""
        if any(e.entity == "city" for e in entities):
            return []
        taken = [(e.start, e.end) for e in entities]
        for match in WORD.finditer(text):
            if len(match.group()) < 4 or any(s < match.end() and match.start() < e for s, e in taken):
                continue
            result = normalizer.normalize("city", match.group())
            if result.known and result.value is not None:
                return [Entity(entity="city", value=match.group(), start=match.start(), end=match.end(), confidence=0.0,
                               normalized=result.value, note="not tagged by the model; served-city gazetteer: " + result.note)]
        return []

    @staticmethod
    def _relative_changes(text: str, entities: list[Entity], normalizer: Normalizer) -> list[Entity]:
        """Read relative-change phrases whole ("two days later", "one more night"): the model
        may tag a part of one ("two days" as a date, "a" as nights) or nothing. Entities
        inside such a phrase give way, unless the model read the phrase as a change itself."""
        for kind, start, end in shift_phrases(text):
            inside = [e for e in entities if e.start < end and start < e.end]
            if any(isinstance(e.normalized, Shift) for e in inside):
                continue
            tagged_date = next((e.entity for e in inside if e.entity in ("check_in", "check_out")), None)
            leaving = CHECK_OUT_BEFORE.search(text[max(0, start - CUE_WINDOW) : start])
            slot = "nights" if kind == "nights" else tagged_date or ("check_out" if leaving else "check_in")
            result = normalizer.normalize(slot, text[start:end])
            if not isinstance(result.value, Shift):
                continue  # vague ("a few days later"): the model's reading stands
            entities = [e for e in entities if e not in inside] + [Entity(
                entity=slot, value=text[start:end], start=start, end=end, confidence=0.0, normalized=result.value,
                known=result.known, note="relative change, read as a whole phrase: " + result.note)]
        return sorted(entities, key=lambda e: e.start)

    @staticmethod
    def _renormalize_check_out(entity: Entity, normalizer: Normalizer, check_in: date) -> Entity:
        if entity.entity != "check_out":
            return entity
        result = normalizer.normalize("check_out", entity.value, after=check_in)
        return entity.model_copy(update={"normalized": result.value, "known": result.known, "note": result.note})
