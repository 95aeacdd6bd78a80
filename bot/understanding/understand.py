"""The understanding stage: text + dialogue context -> ParsedMessage (intents, scores, normalised entities).

The model reads what the bot had just asked beside the message, so what a short reply or a
date means is its call; around it stay only the negation cues ("not the 10th") and the
reading of a check-out after the check-in it belongs to.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Sequence

from bot.models import Entity, ParsedMessage, Script, Shift
from bot.understanding.bio import TagSpan
from bot.understanding.nlu_model import OnnxJointModel, RawPrediction
from bot.understanding.zh import script as zh_script
from bot.understanding.constraints import with_constraints
from bot.understanding.trips import with_trip
from bot.understanding.cues import asked_policy, in_context
from bot.understanding.en.spelling import Speller
from bot.understanding.languages import READERS, language_of
from bot.understanding.normalize import Normalizer, PlaceIndex, seeded_places
from bot.understanding.written import Written
from bot.understanding.zh import slots as zh_slots
from bot.understanding.zh.words import is_chinese
from intents.schema import DATE_SLOTS, TIERS

# Words right before a span that say the customer does NOT want that value:
# "the 11th, not the 10th", "the 11th instead of the 10th", "rather than Suzhou",
# "不是10号，是11号", "11号，不要10号".
NEGATION_BEFORE = re.compile(
    r"(?:\bnot|\bno|n't|\bnothing|\binstead of|\brather than|\bbut not)\s*(?:the|on|in|for|at|too|so|very)?\s*$"
    r"|(?:不是|不要|而不是|别订|不那么|没那么|不太|不用太|不要太|别太)\s*(?:在|订)?$",
    re.I,
)
NEGATION_WINDOW = 16  # characters before the span searched for a negation cue
# Between two cities the model may have read as one span ("not Shanghai, Hangzhou"): each
# city is a value of its own, and a negation cue before the span is only the first one's.
CITY_LIST_SEPARATOR = re.compile(r"\s*(?:[,，、/;；]|\bor\b|还是|或者)\s*", re.I)
# The kinds of people a party is counted in: "2 adults and 1 child", "两个大人一个小孩" are
# parts of one party (the tracker adds them up), "2 adults, no, 3 adults" is a correction.
PARTY_KINDS: dict[str, re.Pattern[str]] = {
    "adult": re.compile(r"adult|grown-?up|大人|成人|成年人", re.I),
    "child": re.compile(r"\bkids?\b|child|bab(?:y|ies)|infant|toddler|teen|小孩|孩子|儿童|小朋友|宝宝|婴儿", re.I),
    "senior": re.compile(r"senior|elderly|老人", re.I),
}


def party_kind(surface: str) -> str | None:
    """'2 adults' -> adult, '一个小孩' -> child; None for a plain count ('3 people')."""
    return _first_match(PARTY_KINDS, surface)


# "The cheapest one" / "最便宜的那个" picks by price among the options shown, whatever their
# tiers (the model reads the word as a tier; Tracker._tier_pick reads the superlative).
PRICE_SUPERLATIVES: dict[str, re.Pattern[str]] = {
    # "the cheaper of the two" and "the hotel most cheap" pick from the list as "the cheapest" does
    "lowest": re.compile(r"cheapest|least expensive|lowest[- ]priced?|most cheap|(?:cheaper|less expensive|lower[- ]priced) of"
                         r"|最便宜|最实惠|价格最低|最低价", re.I),
    "highest": re.compile(r"most expensive|priciest|dearest|highest[- ]priced?|(?:pricier|more expensive|dearer) of"
                          r"|最贵|价格最高|最高档", re.I),
}


# The model may tag "most expensive" or "less expensive" as its adjective alone: the degree
# word before a tier span belongs to it (a price superlative, or a TierStep comparative).
DEGREE_BEFORE = re.compile(r"\b(?:most|least|more|less)\s+$", re.I)
# The rest of a party the model left out of the guests span: "me plus | two coworkers",
# "two colleagues | and myself", "my wife, | 2 kids" (the party readers count each person).
_JOINER = r"\s*(?:,|&|\+|\band\b|\bplus\b|\bwith\b|\balong with\b)\s*"
_PERSON_WORDS = r"(?:me|myself|i|(?:my|our)\s+[a-z]+)"
# A change of the party around it as well: "add | my brother", 再加上 | 我弟, 我妹 | 也来, 我弟 | 不来了.
PARTY_BEFORE = re.compile(rf"(?:\b{_PERSON_WORDS}{_JOINER})+$|\b(?:also\s+)?(?:add|adding)\s+$|{zh_slots.MORE_BEFORE}$", re.I)
PARTY_AFTER = re.compile(rf"^(?:{_JOINER}{_PERSON_WORDS}\b)+|^\s+(?:is|are|will be|'s|isn't|is not|aren't|are not|can't|won't)"
                         rf"\s+(?:also\s+)?(?:coming|joining|come|join|make it)\b|^{zh_slots.COMES_TOO}|^{zh_slots.NOT_COMING}", re.I)
# The night a check-out span left out: "saturday | night", "周六 | 晚上" (dates.morning_after reads it).
NIGHT_AFTER = re.compile(r"^(?:\s+night\b|晚上)", re.I)
# The week or month a Chinese date span left out: "下 | 周五", "下个 | 礼拜五", "这 | 周六", "下个 | 月10号".
WEEK_PREFIX_BEFORE = re.compile(r"(?:下下|下|这|本)个?$")
WEEK_OR_MONTH_START = re.compile(r"^(?:周|星期|礼拜|月)")
# What a Chinese date starts with: a numeral, a relative day (今明后大昨前), a week or month
# (with its 这/本/下 prefix), a holiday, 过 (过3天). A date span starting otherwise right after a
# city the desk does not know begins with the end of that city's name ("里斯 | 本下周末").
ZH_DATE_START = re.compile(r"[\d０-９零〇一二两三四五六七八九十今明后大昨前周月元情劳国平圣过]|星期|礼拜"
                           r"|(?:下下|下|这|本|上)个?(?:周|星期|礼拜|月)")
# The spans that say a message describes a stay, so that a day word in it is the stay's.
STAY_SPANS = ("city", "hotel", "nights", "guests", "rooms")
# The rest of a hotel word a Chinese hotel span cut: "颐和园酒 | 店", "北京饭 | 店".
HOTEL_WORD_REST = {"酒": "店", "饭": "店", "宾": "馆", "客": "栈", "旅": "馆"}


# "The luxury one", "那家豪华的", "经济型的那个": a tier said of one hotel of a list. In English
# both the article before and the noun after; in Chinese the demonstrative on either side.
TIER_PICK_BEFORE = re.compile(r"\b(?:the|that)\s+$", re.I)
TIER_PICK_AFTER = re.compile(r"\s+(?:one|option|hotel|place)\b", re.I)
TIER_PICK_ZH_BEFORE = re.compile(r"(?:那家|那个|这家|这个|那间)的?$")
TIER_PICK_ZH_AFTER = re.compile(r"的?(?:那家|那个|这家|这个|那间|那一家)")


def price_superlative(surface: str) -> str | None:
    """'the cheapest' -> lowest, '最贵的' -> highest; None for a plain tier word."""
    return _first_match(PRICE_SUPERLATIVES, surface)


def _first_match(patterns: dict[str, re.Pattern[str]], surface: str) -> str | None:
    """The name of the first pattern found in ``surface``, or None."""
    return next((name for name, pattern in patterns.items() if pattern.search(surface)), None)


# A question that names no topic can be answered by similarity alone, and noise ("hotel
# thing maybe") easily reads as one: without a topic the model must be this sure of it.
TOPICLESS_QUESTION_SURE = 0.9



class Understanding:
    def __init__(self, model: OnnxJointModel, hotel_names: Sequence[str], places: PlaceIndex | None = None):
        """`hotel_names` (English and Chinese) and `places` (cities and sights, default the
        seeded catalogue's) are the catalogue's: what the spans are read against."""
        self.model = model
        self.hotel_names = list(hotel_names)
        self.places = places or seeded_places()
        self.speller = Speller.of(self.hotel_names, self.places.cities, self.places.sights)

    @classmethod
    def load(cls, model_dir: Path, hotel_names: Sequence[str], places: PlaceIndex | None = None) -> "Understanding":
        return cls(OnnxJointModel(model_dir, "int8"), hotel_names, places)

    def for_catalogue(self, hotel_names: Sequence[str], places: PlaceIndex) -> "Understanding":
        """The same model over another catalogue's names (a dialogue's own catalogue)."""
        return Understanding(self.model, hotel_names, places)

    def parse(self, text: str, today: date, check_in: date | None = None, context: str = "none",
              options_shown: int = 0, script: Script = "hans", planning: bool = False) -> ParsedMessage:
        """`check_in` is the one already in the dialogue state: a check-out date falls after it.
        `context` is what the bot's last turn left open (bot/understanding/context.py);
        `options_shown`, how many hotels its list offered; `script`, the one the customer has
        written Chinese in so far. A Traditional message is read in Simplified (zh_script); an
        English one with its abbreviations spelt out and domain words corrected (en/spelling.py),
        unless it is keyboard noise, which is not read at all. ``planning``: a trip plan is under
        way, so a count of days is its length (trips.py)."""
        written, noise = rewritten(text, self.speller, script)
        if noise:
            return ParsedMessage(text=text, context=context, intents=[], intent_scores={}, low_confidence=True,
                                 entities=[], noise=noise)
        return self.interpret(written, self.model.predict(written.text, context), today, check_in, context, options_shown,
                              planning)

    def interpret(self, written: Written, raw: RawPrediction, today: date, check_in: date | None = None,
                  context: str = "none", options_shown: int = 0, planning: bool = False) -> ParsedMessage:
        """The model's reading of a message (``raw``, of ``written.text``) as the bot takes it:
        spans read and widened, the search constraints, the trip plan and the context's cues applied."""
        text = written.text
        passed = self.model.passing_intents(raw.intent_scores)
        # the message's language reads its spans: a Chinese message reads "12/10" month first
        normalizer = Normalizer(today, self.hotel_names, language=language_of(text), places=self.places)
        spans = _joined_spans(_outermost([_whole_value(_with_degree(part, text), text, normalizer)
                                          for span in raw.spans for part in _city_list(span, text, normalizer)]),
                              text, normalizer)
        spans = _recounted_spans(_city_name_lead(spans, text, normalizer), text)
        spans, missed_day = _missed_day(text, spans, normalizer)
        entities = _recounted([self._entity(span, text, normalizer) for span in spans], normalizer)
        entities = sorted(entities + _missed_party(text, spans, normalizer) + _missed_city(text, spans, normalizer) + missed_day
                          + _missed_top_tier(text, entities), key=lambda entity: entity.start)
        message_check_in = next(
            (e.normalized for e in entities if e.entity == "check_in" and e.role == "value" and isinstance(e.normalized, date)),
            check_in,
        )
        if message_check_in is not None:
            entities = [self._renormalize_check_out(e, normalizer, message_check_in) for e in entities]
        entities, detected = with_constraints(entities, self.model.detected_intents(raw.intent_scores), text, self.places)
        entities, detected = with_trip(entities, detected, text, today, planning, guessed=not passed)
        intents = _pick_by_tier(in_context(detected, context, entities, options_shown, text), context, entities, options_shown, text)
        entities = _with_policy_topic(entities, intents, text, normalizer)
        return ParsedMessage(
            text=text,
            written=written.original if written.converted else "",
            script=written.script,
            read_note=written.why,
            context=context,
            intents=intents,
            intent_scores={name: round(score, 4) for name, score in raw.intent_scores.items()},
            low_confidence=(not passed or _unsure_question(passed, raw.intent_scores, entities)) and "plan_trip" not in detected,
            entities=entities,
        )

    @staticmethod
    def _entity(span: TagSpan, text: str, normalizer: Normalizer) -> Entity:
        surface = text[span.start : span.end]
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
            note=result.note,
            role="negated" if negated else "value",
        )

    @staticmethod
    def _renormalize_check_out(entity: Entity, normalizer: Normalizer, check_in: date) -> Entity:
        if entity.entity != "check_out":
            return entity
        result = normalizer.normalize("check_out", entity.value, after=check_in)
        return entity.model_copy(update={"normalized": result.value, "known": result.known, "note": result.note})


def rewritten(text: str, speller: Speller, script: Script = "hans") -> tuple[Written, str]:
    """The message as the readers read it (Traditional in Simplified, English with its
    abbreviations and spellings corrected), and why it is keyboard noise ("" when it is not)."""
    if is_chinese(text):
        return zh_script.read(text, script), ""
    return speller.read(text)


def as_written(parsed: ParsedMessage) -> list[Entity]:
    """The message's entities with their spans in what the customer wrote: a Traditional
    message's spans were found in its Simplified reading (zh_script.Written.span)."""
    if not parsed.written:
        return parsed.entities
    written = (zh_script.written(parsed.written, parsed.text, parsed.script) if is_chinese(parsed.written)
               else Written(parsed.written, parsed.text))
    mapped = []
    for entity in parsed.entities:
        start, end = written.span(entity.start, entity.end)
        mapped.append(entity.model_copy(update={"start": start, "end": end, "value": parsed.written[start:end]}))
    return mapped


def _city_list(span: TagSpan, text: str, normalizer: Normalizer) -> list[TagSpan]:
    """A city span that is a list of served cities, cut into one span a city; else the span."""
    if span.slot != "city":
        return [span]
    parts, start = [], span.start
    for separator in CITY_LIST_SEPARATOR.finditer(text, span.start, span.end):
        parts.append((start, separator.start()))
        start = separator.end()
    parts.append((start, span.end))
    if len(parts) < 2 or not all(end > start and normalizer.normalize("city", text[start:end]).known for start, end in parts):
        return [span]
    return [span.model_copy(update={"start": start, "end": end}) for start, end in parts]


def _with_degree(span: TagSpan, text: str) -> TagSpan:
    """A tier span widened over "most", "least", "more" or "less" right before it, so that
    "the most expensive" reads as a price superlative (_pick_by_tier, tracking._tier_pick)
    and "less expensive" as a step down a tier (schema.TIER_STEP_WORDS)."""
    degree = DEGREE_BEFORE.search(text, 0, span.start) if span.slot == "tier" else None
    return span.model_copy(update={"start": degree.start()}) if degree else span


def _whole_value(span: TagSpan, text: str, normalizer: Normalizer) -> TagSpan:
    """A span widened over what the model left out of its value: a city span over the catalogue
    city name it is part of, a guests span over the people
    right before or after it ("me plus two coworkers") when the wider span reads as a larger
    party, a check-out over the night it names ("saturday night"), a Chinese date over its
    week or month (下 | 周五), a Chinese hotel name over the rest of its hotel word (颐和园酒 | 店).
    The trace shows the whole of it."""
    if span.slot == "check_out" and (night := NIGHT_AFTER.match(text[span.end :])):
        return span.model_copy(update={"end": span.end + night.end()})
    if span.slot in ("check_in", "check_out") and WEEK_OR_MONTH_START.match(text[span.start : span.end]) \
            and (prefix := WEEK_PREFIX_BEFORE.search(text, 0, span.start)):
        return span.model_copy(update={"start": prefix.start()})
    if span.slot == "hotel" and span.end > span.start and HOTEL_WORD_REST.get(text[span.end - 1]) == text[span.end : span.end + 1]:
        return span.model_copy(update={"end": span.end + 1})
    if span.slot == "city":  # a catalogue city the model cut (日 | 照, Tsing | tao)
        over = [(start, end) for start, end, _ in normalizer.places.names_in(text) if start < span.end and span.start < end]
        if over:
            start, end = min(span.start, *(a for a, _ in over)), max(span.end, *(b for _, b in over))
            return span.model_copy(update={"start": start, "end": end})
    if span.slot != "guests":
        return span
    before, after = PARTY_BEFORE.search(text, 0, span.start), PARTY_AFTER.search(text[span.end :])
    start = before.start() if before else span.start
    end = span.end + after.end() if after else span.end
    if (start, end) == (span.start, span.end):
        return span
    alone, whole = (normalizer.normalize("guests", text[a:b]).value for a, b in ((span.start, span.end), (start, end)))
    grows = (isinstance(whole, int) and (not isinstance(alone, int) or whole > alone)) or isinstance(whole, Shift)
    return span.model_copy(update={"start": start, "end": end}) if grows else span


def _missed_party(text: str, spans: list[TagSpan], normalizer: Normalizer) -> list[Entity]:
    """The party a message describes when the model tagged none ("for my parents", 就我自己,
    我带我爸妈), found by its language's party reader; the note says it was found that way."""
    found = READERS[normalizer.language].party_phrase(text) if not any(s.slot == "guests" for s in spans) else None
    if found is None:
        return []
    start, end = found
    result = normalizer.normalize("guests", text[start:end])
    if not isinstance(result.value, (int, Shift)):
        return []
    return [Entity(entity="guests", value=text[start:end], start=start, end=end, confidence=0.0, normalized=result.value,
                   note=f"{result.note} (a party the model did not tag, found by the party reader)")]


# "Nothing too expensive", 预算不要太高: the top tier declined, in words the model may leave untagged.
NOT_TOO_DEAR = re.compile(r"\b(?:not|nothing|nowhere)\s+(?:too|so|very|overly)\s+(?:expensive|pricey|pricy|posh|fancy|upscale|luxurious|dear|costly)\b"
                          r"|(?:不要|别|不用|不想|不能)太(?:贵|高档|豪华|奢华|高端)|(?:预算|价格|价钱)(?:不要|别|不能|不用)?太高", re.I)


def _missed_top_tier(text: str, entities: list[Entity]) -> list[Entity]:
    """The top tier declined ("not too pricey") when the model tagged no tier: a negated
    luxury tier, which the tracker hears as the middle tier (tracking._tier_between)."""
    found = NOT_TOO_DEAR.search(text) if not any(e.entity in ("tier", "max_price") for e in entities) else None
    if found is None:
        return []
    return [Entity(entity="tier", value=found[0], start=found.start(), end=found.end(), confidence=0.0, normalized=TIERS[-1],
                   role="negated", note=f"'{found[0]}': the top tier declined (a phrase the model did not tag)")]


COUNT_SLOTS = ("nights", "guests", "rooms")
# A count taken back at once: "3 nights - no, 2", "2 guests, sorry, 3", "两晚，不对，三" (a bare
# number after the cue, before punctuation or the end, is the count the customer means).
RECOUNT_AFTER = re.compile(r"^\W*(?:no wait|no|nope|wait|sorry|i mean|make (?:it|that)|actually|不对|不是|哦不|呃)[\s,.\-–—!，、]*"
                           r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|[一两二三四五六七八九十])(?=\s*(?:[^\w\s]|$))", re.I)


SENTENCE_END = re.compile(r"[.!?。！？;；]\s*")


def _sentences_of(span: TagSpan, text: str) -> list[TagSpan]:
    if span.slot not in COUNT_SLOTS:
        return [span]
    parts, start = [], span.start
    for end in SENTENCE_END.finditer(text, span.start, span.end):
        parts.append(span.model_copy(update={"start": start, "end": end.start()}))
        start = end.end()
    parts.append(span.model_copy(update={"start": start, "end": span.end}))
    return [part for part in parts if part.end > part.start]


def _recounted_spans(spans: list[TagSpan], text: str) -> list[TagSpan]:
    """The count right after a count span and a correction cue ("3 nights - no, 2") is of the
    same slot: a span of it where the model tagged none there, or its slot where the model
    tagged the bare number as another count ("3. 2 adults" is two counts: a count span is
    parted at a sentence's end); the tracker takes it as the later value."""
    result = [part for span in spans for part in _sentences_of(span, text)]
    for span in (s for s in spans if s.slot in COUNT_SLOTS):
        again = RECOUNT_AFTER.match(text[span.end :])
        if not again:
            continue
        start, end = span.end + again.start(1), span.end + again.end(1)
        over = [s for s in result if s.start < end and start < s.end]
        if not over:
            result.append(TagSpan(slot=span.slot, start=start, end=end, confidence=0.0))
        elif len(over) == 1 and over[0].slot in COUNT_SLOTS and (over[0].start, over[0].end) == (start, end):
            result[result.index(over[0])] = over[0].model_copy(update={"slot": span.slot})
    return sorted(result, key=lambda s: s.start)


def _recounted(entities: list[Entity], normalizer: Normalizer) -> list[Entity]:
    """A count under the wrong slot: a nights, guests or rooms span its slot cannot read but
    exactly one other count slot can, by the unit it names (两宿 tagged as rooms is 2 nights),
    when that slot has no span of its own."""
    tagged = {e.entity for e in entities}
    mended = []
    for entity in entities:
        if entity.entity in COUNT_SLOTS and entity.normalized is None:
            readings = {slot: normalizer.normalize(slot, entity.value) for slot in COUNT_SLOTS
                        if slot != entity.entity and slot not in tagged}
            read = [(slot, reading) for slot, reading in readings.items() if reading.value is not None]
            if len(read) == 1:
                slot, reading = read[0]
                entity = entity.model_copy(update={"entity": slot, "normalized": reading.value, "known": reading.known,
                                                   "note": f"{reading.note} (tagged {entity.entity}, which it cannot be)"})
        mended.append(entity)
    return mended


def _missed_day(text: str, spans: list[TagSpan], normalizer: Normalizer) -> tuple[list[TagSpan], list[Entity]]:
    """The day of a stay the model tagged no date for ("bj明儿有房没，俩人住一宿"), found by its
    language's day words, in a message that describes a stay (another span of one); a city
    span that swallowed the day's first characters (bj明 | 儿) gives them back when it still
    reads the same city."""
    if any(s.slot in DATE_SLOTS for s in spans) or not any(s.slot in STAY_SPANS for s in spans):
        return spans, []
    found = READERS[normalizer.language].day_word(text)
    if found is None:
        return spans, []
    start, end = found
    kept = []
    for span in spans:
        if span.start < end and start < span.end:
            trimmed = span.model_copy(update={"end": start})
            if span.slot != "city" or span.end > end or trimmed.end <= trimmed.start or \
                    normalizer.normalize("city", text[trimmed.start : trimmed.end]).value \
                    != normalizer.normalize("city", text[span.start : span.end]).value:
                return spans, []  # the day's words are another value's
            span = trimmed
        kept.append(span)
    result = normalizer.normalize("check_in", text[start:end])
    if not isinstance(result.value, date):
        return spans, []
    return kept, [Entity(entity="check_in", value=text[start:end], start=start, end=end, confidence=0.0,
                         normalized=result.value, note=f"{result.note} (a day the model did not tag, found by the day words)")]


def _with_policy_topic(entities: list[Entity], intents: list[str], text: str, normalizer: Normalizer) -> list[Entity]:
    """A policy question about a task with no topic tagged ("can I cancel that later if my
    flight is late?"): its verb is the topic (cancellation)."""
    found = asked_policy(intents, entities, text)
    if found is None:
        return entities
    result = normalizer.normalize("topic", text[found[0] : found[1]])
    if result.value is None:
        return entities
    return sorted([*entities, Entity(entity="topic", value=text[found[0] : found[1]], start=found[0], end=found[1], confidence=0.0,
                                     normalized=result.value, note=f"{result.note} (the task a policy question asks about)")],
                  key=lambda e: e.start)


def _missed_city(text: str, spans: list[TagSpan], normalizer: Normalizer) -> list[Entity]:
    """A catalogue city the model tagged nothing of, in a message with no city span: a city
    it never met in training ("Rizhao") or wrote as no training sentence does. Not inside
    another span (上海外滩江景酒店 is a hotel)."""
    if any(span.slot == "city" for span in spans):
        return []
    free = [found for found in normalizer.places.names_in(text)
            if not any(span.start < found[1] and found[0] < span.end for span in spans)]
    if not free:
        return []
    start, end, city = max(free, key=lambda found: found[1] - found[0])
    result = normalizer.normalize("city", text[start:end])
    return [Entity(entity="city", value=text[start:end], start=start, end=end, confidence=0.0, normalized=result.value,
                   known=result.known, note=f"{result.note} (a catalogue city the model did not tag)")]


def _city_name_lead(spans: list[TagSpan], text: str, normalizer: Normalizer) -> list[TagSpan]:
    """A city the desk does not know, cut before the end of its name: the characters that
    start the date span right after it and that no date starts with are the city's
    ("里斯 | 本下周末" is 里斯本 | 下周末), when the date reads the same without them."""
    mended = list(spans)
    for index, (city, when) in enumerate(zip(spans, spans[1:])):
        if city.slot != "city" or when.slot not in DATE_SLOTS or city.end != when.start \
                or normalizer.normalize("city", text[city.start : city.end]).known:
            continue
        lead = next((n for n in range(1, min(3, when.end - when.start)) if ZH_DATE_START.match(text, when.start + n)), 0)
        if lead and not ZH_DATE_START.match(text, when.start) and \
                normalizer.normalize(when.slot, text[when.start + lead : when.end]).value \
                == normalizer.normalize(when.slot, text[when.start : when.end]).value:
            mended[index] = city.model_copy(update={"end": city.end + lead})
            mended[index + 1] = when.model_copy(update={"start": when.start + lead})
    return mended


def _outermost(spans: list[TagSpan]) -> list[TagSpan]:
    """Without the spans a widened span of the same slot now covers ("my wife" inside "my wife, 2 kids and me")."""
    return [span for span in spans if not any(
        other is not span and other.slot == span.slot and other.start <= span.start and span.end <= other.end
        and (other.start, other.end) != (span.start, span.end) for other in spans)]


def _joined_spans(spans: list[TagSpan], text: str, normalizer: Normalizer) -> list[TagSpan]:
    """A value the model cut in two is one span again: two spans of one slot with nothing
    but spaces between them, when their words together read as one value that the first
    alone does not give ("最 | 便宜", "两个 | 大人和两个孩子", "2 | adults")."""
    joined: list[TagSpan] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if previous is not None and previous.slot == span.slot and not text[previous.end : span.start].strip() \
                and _one_value(previous, span, text, normalizer):
            joined[-1] = previous.model_copy(update={"end": span.end, "confidence": min(previous.confidence, span.confidence)})
        else:
            joined.append(span)
    return joined


def _one_value(first: TagSpan, second: TagSpan, text: str, normalizer: Normalizer) -> bool:
    """Whether two touching spans of one slot are parts of one value: the first alone means
    nothing and both together do; or (a party) the first is a head count naming no kind of
    people, the second a kind naming no number of its own, and together they read as that count."""
    alone = normalizer.normalize(first.slot, text[first.start : first.end]).value
    together = normalizer.normalize(first.slot, text[first.start : second.end]).value
    if alone is None:
        return together is not None
    return first.slot == "guests" and party_kind(text[first.start : first.end]) is None \
        and party_kind(text[second.start : second.end]) is not None and together == alone


def _unsure_question(passed: list[str], scores: dict[str, float], entities: list[Entity]) -> bool:
    """The message reads only as a question, names no topic, and the model is not sure of it."""
    return passed == ["ask_faq"] and scores["ask_faq"] < TOPICLESS_QUESTION_SURE and not any(e.entity == "topic" for e in entities)


# What a pick by tier may come with: the party and the stay ("cheapest. 2 rms", "最便宜那家，三个人").
PICK_WITH = (*DATE_SLOTS, *COUNT_SLOTS)


def _pick_by_tier(intents: list[str], context: str, entities: list[Entity], options_shown: int, text: str) -> list[str]:
    """Right after a list, a tier said of one of its hotels and nothing else ("the luxury one",
    "订最便宜的那个", "just the cheapest one", read as a booking or as a tier given) picks from
    that list, as "the first one" does: the tracker finds the option by its tier or price
    (tracking._tier_pick), or narrows the list when several of that tier are shown. So it
    does while the list is still held and the bot asked nothing (a "no" to the summary of
    one of its hotels: "the least expensive one then"). A price superlative picks also when
    the bot asked for the party after the list (a stay with its length, policy._search), not
    while a summary waits for its yes."""
    tiers = [e for e in entities if e.entity == "tier"]
    if not options_shown or not tiers or "select_option" in intents or not set(intents) <= {"book_hotel", "inform", "thank"} \
            or not all(e.entity in PICK_WITH for e in entities if e.entity != "tier"):
        return intents
    listed = context in ("offered_hotels", "none")
    by_price = any(price_superlative(e.value) for e in tiers) and (listed or context == "asks_guests")
    if by_price or (listed and any(_said_of_one(e, text) for e in tiers)):
        return [intent for intent in intents if intent != "inform"] + ["select_option"]
    return intents


def _said_of_one(entity: Entity, text: str) -> bool:
    """Whether a tier span is said of one hotel: "the {luxury} one", "那家{豪华}的"."""
    before, after = text[: entity.start], text[entity.end :]
    if is_chinese(entity.value):
        return bool(TIER_PICK_ZH_BEFORE.search(before) or TIER_PICK_ZH_AFTER.match(after))
    return bool(TIER_PICK_BEFORE.search(before) and TIER_PICK_AFTER.match(after))
