"""Deterministic NLU training data (SPEC section 4) from clause templates.

A message is one to three *clauses*. Each clause is rendered from a template of one intent
(intents/sources/templates/<intent>.yaml) with slot values filled in; clauses are joined
by connectors and the message is roughened with customer noise (lowercase, missing
punctuation, abbreviations, typos). The message's intents are its clauses' intents, in
order of first appearance; its entities are the filled slot values, as character spans.

The held-out sets measure generalisation, so the split is made BY TEMPLATE, not by
sentence: a fixed share of each intent's templates, of the connectors, and of the
invented city and hotel names only ever appear in held-out data
(served cities and the database's hotel names appear on both sides). The few "core"
templates of an intent (its canonical phrasings: "yes", "book it", "show me hotels in X")
and "shared" connectors are always in train: the trained model must know them.
heldout_unseen_combos.jsonl is made of intent combinations that never occur in train.

    python -m training.generate --out data [--seed 13] [--scale 1.0]

The same run writes the Chinese sets (data/zh/*.jsonl) from intents/sources/zh/, by the
same code: a language differs only in its sources and its `Style` (training/languages.py:
punctuation, case, full-width digits, file sizes). The people-written Chinese dev set (CrossWOZ) is written
beside them as crosswoz_dev.jsonl, without the sentences any training file holds.

The template syntax and the sources are read by training/sources.py. Each message also
gets the dialogue context it is said in (schema.CONTEXTS): one that all its clauses allow.

Templates are frames over shared lexicons ("<bye>, <done>"): a held-out template is a
new phrasing, while the words that carry an intent ("signing off", "kids club") also
occur in training templates -- the model is measured on unseen sentence shapes, not on
words it could not possibly know.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import string
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any, TypeVar

from intents.schema import CITIES, CONTEXTS, INTENTS, REF_ALPHABET, REF_LENGTH, SLOTS
from training.config import DEFAULT_DATA_DIR
from training.languages import FULL_WIDTH_DIGITS, HALF_WIDTH_MARKS, LANGUAGES, QUESTION_MARKS, STATEMENT_MARKS, STYLES, Style, glued
from training.nlu_data import EntitySpan, NluExample, read_jsonl, write_jsonl
from training.people import CROSSWOZ_FILE, SGD_FILE, people_sets, read_crosswoz
from training.sources import Lexicon, Macro, Node, Placeholder, Sources, Template, Words, load_sources


# Every set a model may learn from (dev tunes the intent thresholds).
TRAINING_SETS = ("train", "dev", "sgd_train", "zh/train", "zh/dev")
HELDOUT_SHARE = 0.22  # of each intent's non-core templates, connectors and invented names

# Clauses per message: about 43 % of the messages carry several intents (a little more
# than drawn, since repeated short single-intent messages are redrawn).
CLAUSE_COUNT_WEIGHTS: dict[int, int] = {1: 59, 2: 31, 3: 10}
SECOND_FAQ_RATE = 0.15  # "hotels in Beijing? is breakfast included and is there parking?"
OPTIONAL_RATE = 0.5  # an optional "[...]" part is left out this often

# Slot fillers.
UNKNOWN_CITY_RATE = 0.3  # a city the bot does not serve (world_cities.txt)
CITY_TYPO_RATE = 0.06  # of served cities: "beijng" (the span is the misspelt surface)
CITY_ALIAS_RATE = 0.15  # of served cities: "sh", "peking", "xian"
DATABASE_HOTEL_RATE = 0.55  # else an invented name (hotel_names.yaml)
HOTEL_SHORT_NAME_RATE = 0.4  # "Bund Riverside" for "Bund Riverside Hotel"
NUMBER_AS_WORD_RATE = 0.35  # "two nights" rather than "2 nights"
RELATIVE_DATE_RATE = 0.15  # of check-ins: "tomorrow", "next week"
STAR_TIER_RATE = 0.2  # "5-star" rather than a tier word
ISSUED_REF_RATE = 0.5  # "HB-7KQ2XM4PA", the shape the bot issues, rather than an older "HB-4821"
DIGITS_ONLY_REF_RATE = 0.6  # of the older 4-character ones: "HB-4821" rather than "HB-7KQ2"
BASE_DATE = date(2026, 12, 1)  # drawn dates fall in the year after it

# Noise.
PREFIX_RATE = 0.08  # "um show me hotels..."
SUFFIX_RATE = 0.1  # "...asap"
WORD_SWAP_RATE = 0.1  # per swappable word: "please" -> "pls", "you" -> "u"
TYPO_RATE = 0.1  # messages with one misspelt non-entity word

# What the bot's last turn left open (schema.CONTEXTS), drawn among the contexts every
# clause of a message allows: most phrasings mean the same whatever was asked, and the model
# must learn that too; "the 11th" or "sounds good" change meaning with the context.
CONTEXT_WEIGHTS: dict[str, float] = {context: 1.0 for context in CONTEXTS} | {
    "none": 4.0, "offered_hotels": 2.0, "asks_check_in": 2.0, "asks_check_out": 1.5, "asks_nights": 1.5}

# Customers mostly answer what the bot asked, and the few phrasings that mean something only
# as an answer (a number alone is the count asked for) would otherwise be 1 in ~250 of an
# intent's clauses: about ten examples a language, too few to be learnt reliably.
ANSWER_DEALS = 3

MAX_ATTEMPTS_PER_EXAMPLE = 30  # duplicates are redrawn; give up after this many tries


T = TypeVar("T")


# --------------------------------------------------------------------------- the split


def _rank(seed: int, scope: str, key: str) -> str:
    """A keyed digest: ranking by it is a fixed pseudo-random order, stable per key."""
    return hashlib.sha256(f"{seed}|{scope}|{key}".encode("utf-8")).hexdigest()


def split_values(values: Sequence[T], seed: int, scope: str, key: Callable[[T], str] = str) -> tuple[tuple[T, ...], tuple[T, ...]]:
    """(train, held-out): the HELDOUT_SHARE of the values whose keyed digests rank lowest.

    Ranking each value by its own digest, rather than shuffling the list, keeps a value on
    its side when others are added or removed.
    """
    ranked = sorted(values, key=lambda value: _rank(seed, scope, key(value)))
    heldout_keys = {key(value) for value in ranked[: max(1, round(len(values) * HELDOUT_SHARE))]}
    return (
        tuple(value for value in values if key(value) not in heldout_keys),
        tuple(value for value in values if key(value) in heldout_keys),
    )


@dataclass(frozen=True)
class Pool:
    """What one side of the split ("train" or "heldout") draws from."""

    name: str
    templates: dict[str, tuple[Template, ...]]  # by intent
    connectors: tuple[str, ...]
    unknown_cities: tuple[str, ...]
    hotel_brands: tuple[str, ...]
    hotel_cores: tuple[str, ...]


def make_pools(sources: Sources, seed: int) -> dict[str, Pool]:
    """The train and held-out pools; dev draws from train's."""
    sides: dict[str, dict[str, Any]] = {"train": {}, "heldout": {}}

    def divide(field_name: str, values: Sequence[Any], scope: str, key: Callable[[Any], str] = str) -> None:
        train, heldout = split_values(values, seed, scope, key)
        sides["train"][field_name], sides["heldout"][field_name] = train, heldout

    for side in sides.values():
        side["templates"] = {}
    for intent, source in sources.intents.items():
        core = tuple(t for t in source.templates if t.core)
        train, heldout = split_values([t for t in source.templates if not t.core], seed, f"templates/{intent}", key=lambda t: t.id)
        sides["train"]["templates"][intent], sides["heldout"]["templates"][intent] = core + train, heldout
    divide("connectors", sources.split_connectors, "connectors")
    for side in sides.values():
        side["connectors"] = sources.shared_connectors + side["connectors"]
    divide("unknown_cities", sources.world_cities, "cities")
    divide("hotel_brands", sources.hotel_parts["brands"], "hotel brands")
    divide("hotel_cores", sources.hotel_parts["cores"], "hotel cores")
    return {name: Pool(name=name, **side) for name, side in sides.items()}


# --------------------------------------------------------------------------- slot values


def database_hotel_names(language: str = "en") -> tuple[str, ...]:
    """The seeded database's hotel names in a language (Chinese: each hotel's `name_zh`);
    () if the catalogue is missing or has no such names, and then only invented names are used."""
    attribute = "name" if language == "en" else f"name_{language}"
    try:
        from bot.database.catalogue import HOTELS

        return tuple(sorted(getattr(hotel, attribute) for hotel in HOTELS))
    except (ImportError, AttributeError):
        return ()


def ordinal_suffix(day: int) -> str:
    """10 -> "10th", 22 -> "22nd"."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


@dataclass
class ClauseContext:
    """Values drawn so far in one clause: a check-out falls after its check-in, and the
    two values of a correction ("the 11th, not the 10th") differ."""

    last_date: date | None = None
    used: dict[str, set[str]] = field(default_factory=dict)


class SlotFiller:
    """Draws surface forms of slot values for one pool."""

    def __init__(self, sources: Sources, pool: Pool, hotel_names: tuple[str, ...], style: Style):
        self.fillers = sources.fillers
        self.style = style
        self.pool = pool
        self.database_hotels = hotel_names
        self.hotel_shapes = tuple(sources.hotel_parts["shapes"])
        self.hotel_types = tuple(sources.hotel_parts["types"])
        self.hotel_districts = tuple(sources.hotel_parts["districts"])
        self.short_name_ends = frozenset(t for t in self.hotel_types if " " not in t)
        self.city_misspellings = sources.city_misspellings
        self.city_names = sources.city_names
        self.served_cities = tuple(CITIES)
        self.tier_words = sources.tier_words
        self.number_words = tuple(sources.fillers["number_words"])
        self.amount_words = tuple(sources.fillers.get("amount_words", ()))

    def draw(self, placeholder: Placeholder, rng: random.Random, context: ClauseContext) -> str:
        """A value for the placeholder, different from the slot's earlier values in the clause."""
        used = context.used.setdefault(placeholder.slot, set())
        value = self._value(placeholder, rng, context)
        for _ in range(10):
            if value.lower() not in used:
                break
            value = self._value(placeholder, rng, context)
        used.add(value.lower())
        return value

    def _value(self, placeholder: Placeholder, rng: random.Random, context: ClauseContext) -> str:
        if placeholder.options:
            return rng.choice(placeholder.options)
        slot = placeholder.slot
        if slot == "city":
            return self._city(rng)
        if slot == "hotel":
            return self._hotel(rng)
        if slot in ("check_in", "check_out"):
            return self._date(slot, placeholder.variant, rng, context)
        if slot == "tier" and placeholder.variant is None and rng.random() >= STAR_TIER_RATE:
            return rng.choice(self.tier_words)
        return self._shape(slot, placeholder.variant, rng)

    def _city(self, rng: random.Random) -> str:
        if rng.random() < UNKNOWN_CITY_RATE:
            return rng.choice(self.pool.unknown_cities)
        city = rng.choice(self.served_cities)
        name, aliases = self.city_names[city]
        roll = rng.random()
        if roll < CITY_TYPO_RATE:
            return rng.choice(self.city_misspellings[city])
        if roll < CITY_TYPO_RATE + CITY_ALIAS_RATE:
            return rng.choice(aliases)
        return name

    def _hotel(self, rng: random.Random) -> str:
        if self.database_hotels and rng.random() < DATABASE_HOTEL_RATE:
            name = rng.choice(self.database_hotels)
            return self._short_name(name) if rng.random() < HOTEL_SHORT_NAME_RATE else name
        return rng.choice(self.hotel_shapes).format(
            brand=rng.choice(self.pool.hotel_brands),
            core=rng.choice(self.pool.hotel_cores),
            type=rng.choice(self.hotel_types),
            district=rng.choice(self.hotel_districts),
        )

    def _short_name(self, name: str) -> str:
        """ "Bund Riverside Hotel" -> "Bund Riverside": how customers refer to it."""
        words = name.split()
        return " ".join(words[:-1]) if len(words) > 2 and words[-1] in self.short_name_ends else name

    def _date(self, slot: str, variant: str | None, rng: random.Random, context: ClauseContext) -> str:
        dates = self.fillers["dates"]
        if slot == "check_out" and context.last_date is not None:
            day = context.last_date + timedelta(days=rng.randint(1, 7))
        else:
            day = BASE_DATE + timedelta(days=rng.randrange(365))
        context.last_date = day
        relative = variant == "relative" or (variant is None and slot == "check_in" and rng.random() < RELATIVE_DATE_RATE)
        group = "shift" if variant == "shift" else "relative" if relative else "absolute"
        month_names = dates["months"][day.month - 1]
        return rng.choice(dates[group]).format(
            # drawn for shifts only, so that the other dates' draws stay as they were
            nword=rng.choice(self.number_words[2:4]) if group == "shift" else "",
            day_ord=ordinal_suffix(day.day),
            day=day.day,
            month_num=day.month,
            month=month_names[0],
            mon=rng.choice(month_names[1:]),
            weekday=dates["weekdays"][day.weekday()],
            iso=day.isoformat(),
            year=day.year,
        )

    def _shape(self, slot: str, variant: str | None, rng: random.Random) -> str:
        spec = self.fillers[slot]
        groups = spec["shapes"]
        named_only = spec.get("by_name_only", ())
        shapes = groups[variant] if variant else [shape for name, group in groups.items() if name not in named_only for shape in group]
        low, high = spec.get("numbers", (1, 1))
        n = rng.randint(low, high)
        code = self._booking_code(rng)
        return rng.choice(shapes).format(
            n=self.number_words[n] if rng.random() < NUMBER_AS_WORD_RATE else n,
            nword=self.number_words[n],
            amount=self._amount(rng),
            thousands=rng.choice(("1", "1.5", "2", "2.5", "3")),
            code=code,
            code_lower=code.lower(),
            # a language without amounts in words (English) draws none, its stream unchanged
            amount_word=rng.choice(self.amount_words) if self.amount_words else "",
        )

    def _amount(self, rng: random.Random) -> str:
        amount = rng.randrange(200, 3001, 50)
        return f"{amount:,}" if amount >= 1000 and rng.random() < self.style.thousands_comma_rate else str(amount)

    @staticmethod
    def _booking_code(rng: random.Random) -> str:
        if rng.random() < ISSUED_REF_RATE:
            return "".join(rng.choice(REF_ALPHABET) for _ in range(REF_LENGTH))
        alphabet = string.digits if rng.random() < DIGITS_ONLY_REF_RATE else string.ascii_uppercase + string.digits
        return "".join(rng.choice(alphabet) for _ in range(4))


# --------------------------------------------------------------------------- messages


@dataclass(frozen=True)
class Segment:
    """A piece of message text; `slot` is set when the piece is an entity."""

    text: str
    slot: str | None = None


@dataclass(frozen=True)
class Clause:
    intent: str
    template: Template
    segments: tuple[Segment, ...]
    question: bool  # ends with "?" when punctuated


@dataclass(frozen=True)
class GeneratedExample:
    """One message, with how it was made (kept in memory only, not written to the JSONL)."""

    text: str
    intents: tuple[str, ...]
    entities: tuple[EntitySpan, ...]
    templates: tuple[str, ...]  # ids of the clause templates, in order
    connectors: tuple[str, ...]
    context: str  # what the bot had just asked (schema.CONTEXTS)

    def to_nlu(self) -> NluExample:
        return NluExample(text=self.text, intents=list(self.intents), entities=list(self.entities), context=self.context)


def render(
    nodes: Sequence[Node], rng: random.Random, fill: Callable[[Placeholder], Segment], lexicons: dict[str, Lexicon]
) -> list[Segment]:
    segments: list[Segment] = []
    for node in nodes:
        if isinstance(node, Words):
            segments.append(Segment(node.text))
        elif isinstance(node, Placeholder):
            segments.append(fill(node))
        elif isinstance(node, Macro):
            segments.extend(render(rng.choice(lexicons[node.name]), rng, fill, lexicons))
        elif not (node.optional and rng.random() < OPTIONAL_RATE):
            segments.extend(render(rng.choice(node.alternatives), rng, fill, lexicons))
    return segments


def tidy(segments: Sequence[Segment]) -> list[Segment]:
    """Merge neighbouring plain text and fix the spaces that optional parts leave behind."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and segment.slot is None and merged[-1].slot is None:
            merged[-1] = Segment(merged[-1].text + segment.text)
        else:
            merged.append(segment)
    tidied = []
    for index, segment in enumerate(merged):
        text = segment.text
        if segment.slot is None:
            text = re.sub(r" (?=[,.?!;:])", "", re.sub(r"\s+", " ", text))
            text = text.lstrip() if index == 0 else text
            text = text.rstrip() if index == len(merged) - 1 else text
        if text:
            tidied.append(Segment(text, segment.slot))
    return tidied


def capitalise(segments: Sequence[Segment]) -> list[Segment]:
    if not segments:
        return []
    first = segments[0]
    return [Segment(first.text[:1].upper() + first.text[1:], first.slot), *segments[1:]]


def assemble(segments: Sequence[Segment], spaced: bool = True) -> tuple[str, tuple[EntitySpan, ...]]:
    """The message text and its entity spans, whose offsets are computed here, once."""
    text = ""
    entities = []
    for segment in segments:
        if not spaced and glued(text[-1:], segment.text[:1], spaced):
            text += " "  # "sh 15号": a customer keeps Latin words and numbers apart, even in Chinese
        if segment.slot is not None:
            entities.append(EntitySpan(entity=segment.slot, start=len(text), end=len(text) + len(segment.text), value=segment.text))
        text += segment.text
    for entity in entities:
        assert text[entity.start : entity.end] == entity.value, (text, entity)
        # Spans must start and end on word boundaries, or the word pieces would straddle them.
        before, after = text[entity.start - 1 : entity.start], text[entity.end : entity.end + 1]
        assert not glued(before, entity.value[0], spaced) and not glued(after, entity.value[-1], spaced), \
            f"span {entity.value!r} glued to a word in {text!r}"
    return text, tuple(entities)


class Deck:
    """An intent's templates dealt in shuffled rounds, so each one is used about equally; an
    answer to the bot's question (a phrasing said only after one or two questions: "3" after
    "how many nights?", "sounds good" after a list) is dealt ANSWER_DEALS times a round."""

    def __init__(self, templates: Sequence[Template], rng: random.Random):
        self.templates = tuple(t for t in templates for _ in range(ANSWER_DEALS if is_answer(t) else 1))
        self.rng = rng
        self.stack: list[Template] = []

    def draw(self) -> Template:
        if not self.stack:
            self.stack = list(self.templates)
            self.rng.shuffle(self.stack)
        return self.stack.pop()


def is_answer(template: Template) -> bool:
    """Said only right after one or two of the bot's questions (a `contextual` block naming them)."""
    return len(template.contexts) <= 2 and "none" not in template.contexts


class Noise:
    """Customer noise on the non-entity text: abbreviations and typos; and on the whole
    message: case, full-width digits, ASCII punctuation in Chinese."""

    def __init__(self, sources: Sources, style: Style):
        self.style = style
        self.word_swaps = sources.word_swaps
        # Chinese has no spaces between words: the swaps' own words are looked for instead
        by_length = sorted(sources.word_swaps, key=len, reverse=True)
        self.swappable = re.compile(r"[A-Za-z']+" if style.spaced else "|".join(map(re.escape, by_length)))
        self.neighbours = {
            char: "".join(row[j] for j in (i - 1, i + 1) if 0 <= j < len(row))
            for row in sources.keyboard_rows
            for i, char in enumerate(row)
        }

    def apply(self, segments: Sequence[Segment], rng: random.Random) -> list[Segment]:
        segments = [self._swap_words(s, rng) if s.slot is None else s for s in segments]
        if rng.random() < TYPO_RATE:
            segments = self._typo(segments, rng)
        if rng.random() < self.style.lowercase_rate:
            segments = [Segment(s.text.lower(), s.slot) for s in segments]
        elif rng.random() < self.style.capitalise_rate:
            segments = capitalise(segments)
        return self._widths(segments, rng)

    def _widths(self, segments: list[Segment], rng: random.Random) -> list[Segment]:
        """Full-width digits ("１０号") and ASCII marks (",", "?") as an input method types them:
        a whole message at once, values included (one character for one, so spans keep their offsets)."""
        for rate, table in ((self.style.full_width_rate, FULL_WIDTH_DIGITS), (self.style.half_width_punctuation_rate, HALF_WIDTH_MARKS)):
            if rate and rng.random() < rate:
                segments = [Segment(s.text.translate(table), s.slot) for s in segments]
        return segments

    def _swap_words(self, segment: Segment, rng: random.Random) -> Segment:
        def swap(match: re.Match[str]) -> str:
            word = match.group()
            choices = self.word_swaps.get(word.lower())
            if not choices or rng.random() >= WORD_SWAP_RATE:
                return word
            swapped = rng.choice(choices)
            return swapped.capitalize() if word[0].isupper() else swapped

        return Segment(self.swappable.sub(swap, segment.text))

    def _typo(self, segments: list[Segment], rng: random.Random) -> list[Segment]:
        """Misspell one non-entity word of four letters or more, in a message of four words
        or more: a one-word reply with a typo ("Wrpng.") is guesswork, not understanding."""
        if len("".join(segment.text for segment in segments).split()) < 4:
            return segments
        candidates = [
            (index, match.start(), match.end())
            for index, segment in enumerate(segments)
            if segment.slot is None
            for match in re.finditer(r"[A-Za-z]{4,}", segment.text)
        ]
        if not candidates:
            return segments
        index, start, end = rng.choice(candidates)
        text = segments[index].text
        segments = list(segments)
        segments[index] = Segment(text[:start] + self.misspell(text[start:end], rng) + text[end:])
        return segments

    def misspell(self, word: str, rng: random.Random) -> str:
        """Drop, double, swap or hit a neighbouring key; the first letter stays (as in most typos)."""
        i = rng.randrange(1, len(word) - 1)
        kind = rng.choice(("drop", "double", "swap", "neighbour"))
        if kind == "drop":
            return word[:i] + word[i + 1 :]
        if kind == "double":
            return word[:i] + word[i] + word[i:]
        if kind == "swap" and word[i] != word[i + 1]:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        neighbours = self.neighbours.get(word[i].lower(), "")
        return word[:i] + rng.choice(neighbours) + word[i + 1 :] if neighbours else word[:i] + word[i + 1 :]


class Composer:
    """Builds messages from one pool: clauses, connectors, punctuation and noise."""

    def __init__(self, sources: Sources, pool: Pool, rng: random.Random, hotel_names: tuple[str, ...], style: Style):
        self.sources = sources
        self.pool = pool
        self.rng = rng
        self.style = style
        self.filler = SlotFiller(sources, pool, hotel_names, style)
        self.noise = Noise(sources, style)
        self.decks = {intent: Deck(pool.templates[intent], rng) for intent in INTENTS}

    def message(self, plan: Sequence[str]) -> GeneratedExample | None:
        """A message whose clauses have the planned intents, in order; None when its
        clauses have no context in common ("the 11th" as check-out, "sounds good" as a pick)."""
        clauses = [self.clause(intent) for intent in plan]
        contexts = sorted(frozenset.intersection(*(clause.template.contexts for clause in clauses)))
        if not contexts:
            return None
        segments = list(clauses[0].segments)
        connectors = []
        for previous, clause in pairwise(clauses):
            connector = self._connector(previous.question, clause.question)
            connectors.append(connector)
            segments.append(Segment(connector))
            starts_sentence = connector.rstrip(" ")[-1:] in (".", "?", "!", ":", "\n")
            segments.extend(capitalise(clause.segments) if starts_sentence else clause.segments)
        segments.append(Segment(self._end_mark(clauses[-1].question)))
        text, entities = assemble(self.noise.apply(segments, self.rng), self.style.spaced)
        return GeneratedExample(
            text=text,
            intents=tuple(dict.fromkeys(plan)),
            entities=entities,
            templates=tuple(clause.template.id for clause in clauses),
            connectors=tuple(connectors),
            context=self.rng.choices(contexts, weights=[CONTEXT_WEIGHTS[c] for c in contexts])[0],
        )

    def clause(self, intent: str) -> Clause:
        template = self.decks[intent].draw()
        context = ClauseContext()

        def fill(placeholder: Placeholder) -> Segment:
            value = self.filler.draw(placeholder, self.rng, context)
            return Segment(value, placeholder.slot if placeholder.tagged else None)

        segments = tidy(render(template.body, self.rng, fill, self.sources.lexicons))
        text = "".join(segment.text for segment in segments)
        first_word = text.split(" ", 1)[0].lower()
        question = template.marked_question or first_word in self.sources.question_starts or text[-1:] in self.sources.question_ends
        source = self.sources.intents[intent]
        if source.prefix and self.rng.random() < PREFIX_RATE:
            segments.insert(0, Segment(self.rng.choice(self.sources.prefixes)))
        if source.suffix and self.rng.random() < SUFFIX_RATE:
            segments.append(Segment(self.rng.choice(self.sources.suffixes)))
        return Clause(intent, template, tuple(segments), question)

    def _connector(self, after_question: bool, before_question: bool) -> str:
        def fits(connector: str) -> bool:
            if connector in self.sources.question_openers and not before_question:
                return False
            head = connector.lstrip(" ")[:1]
            return after_question if head in QUESTION_MARKS else (not after_question if head in STATEMENT_MARKS else True)

        return self.rng.choice([connector for connector in self.pool.connectors if fits(connector)])

    def _end_mark(self, question: bool) -> str:
        if self.rng.random() < self.style.no_final_punctuation_rate:
            return ""
        marks = self.style.question_marks if question else self.style.statement_marks
        return marks[0] if len(marks) == 1 else self.rng.choice(marks)  # one mark: nothing to draw


# --------------------------------------------------------------------------- plans


def allowed_combos(pairs: Sequence[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """The allowed pairs, and every triple whose three pairs are all allowed (schema order)."""
    pair_set = set(pairs)
    triples = [triple for triple in combinations(INTENTS, 3) if all(pair in pair_set for pair in combinations(triple, 2))]
    return tuple(sorted(pair_set, key=lambda pair: [INTENTS.index(i) for i in pair])) + tuple(triples)


def is_heldout_combo(combo: Sequence[str], heldout_combos: Sequence[tuple[str, ...]]) -> bool:
    """A held-out pair is kept out of train in any message containing it; a held-out
    triple as exactly that set (its pairs are what the model composes it from)."""
    intents = set(combo)
    return any(set(held) <= intents if len(held) == 2 else set(held) == intents for held in heldout_combos)


class Planner:
    """Chooses the intents of a message's clauses, in their order."""

    # "edge" intents (thanks) go first, or last but before any goodbye.
    POSITION_RANK = {"first": 0.0, "any": 1.0, "last": 2.0}
    EDGE_RANKS = (0.0, 1.5)

    def __init__(self, sources: Sources, combos: Sequence[tuple[str, ...]], rng: random.Random, multi_only: bool = False):
        self.sources = sources
        self.rng = rng
        self.multi_only = multi_only
        self.combos_by_size = {size: [c for c in combos if len(c) == size] for size in (2, 3)}
        # A combination is drawn as often as the geometric mean of its intents' weights:
        # "search + ask_faq" is common, "thank + select_option" less so.
        self.combo_weights = {
            size: [math.prod(sources.intents[i].weight for i in combo) ** (1 / size) for combo in found]
            for size, found in self.combos_by_size.items()
        }
        self.singles = list(INTENTS)
        self.weights = [sources.intents[intent].weight for intent in INTENTS]

    def plan(self) -> list[str]:
        sizes = [size for size in CLAUSE_COUNT_WEIGHTS if size > 1 or not self.multi_only]
        sizes = [size for size in sizes if size == 1 or self.combos_by_size[size]]
        size = self.rng.choices(sizes, weights=[CLAUSE_COUNT_WEIGHTS[s] for s in sizes])[0]
        if size == 1:
            return self.rng.choices(self.singles, weights=self.weights)
        plan = self._ordered(self.rng.choices(self.combos_by_size[size], weights=self.combo_weights[size])[0])
        if size == 2 and "ask_faq" in plan and self.rng.random() < SECOND_FAQ_RATE:
            plan.insert(plan.index("ask_faq") + 1, "ask_faq")
        return plan

    def _ordered(self, combo: Sequence[str]) -> list[str]:
        """Greetings first, goodbyes last, yes/no first, thanks at either end, the rest shuffled."""
        ranks = {}
        for intent in combo:
            position = self.sources.intents[intent].position
            ranks[intent] = self.rng.choice(self.EDGE_RANKS) if position == "edge" else self.POSITION_RANK[position]
        shuffled = list(combo)
        self.rng.shuffle(shuffled)
        return sorted(shuffled, key=ranks.__getitem__)


# --------------------------------------------------------------------------- generation


def normalize_for_overlap(text: str) -> str:
    """Lowercase, punctuation removed, whitespace collapsed: two texts equal under this
    are the same sentence for overlap checks (held-out vs train, dialogues vs train)."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def training_sentences(path: Path | str) -> set[str]:
    """The normalised texts of a JSONL file."""
    return {normalize_for_overlap(example.text) for example in read_jsonl(path)}


def split_sizes(scale: float, language: str = "en") -> dict[str, int]:
    return {name: max(1, round(size * scale)) for name, size in STYLES[language].split_sizes.items()}


def generate_examples(
    seed: int = 13, scale: float = 1.0, language: str = "en", seen_texts: set[str] | None = None
) -> dict[str, list[GeneratedExample]]:
    """Every output set of a language, in memory, with the templates and connectors of each example.

    Train and dev share the train templates; heldout and heldout_unseen_combos use only
    held-out ones. No normalised text occurs twice across all sets (nor in `seen_texts`,
    the texts of the languages generated before, which it is added to).
    """
    sources = load_sources(language)
    style = STYLES[language]
    pools = make_pools(sources, seed)
    hotel_names = database_hotel_names(language)
    combos = allowed_combos(sources.pairs)
    seen_combos = [c for c in combos if not is_heldout_combo(c, sources.heldout_combos)]
    unseen_combos = [c for c in combos if is_heldout_combo(c, sources.heldout_combos)]
    plan = (
        ("train", "train", seen_combos, False),
        ("dev", "train", seen_combos, False),
        ("heldout", "heldout", seen_combos, False),
        ("heldout_unseen_combos", "heldout", unseen_combos, True),
    )
    seen_texts = set() if seen_texts is None else seen_texts
    sizes = split_sizes(scale, language)
    output = {}
    for name, pool_name, allowed, multi_only in plan:
        rng = random.Random(f"{seed}:{style.file_prefix}{name}")
        composer = Composer(sources, pools[pool_name], rng, hotel_names, style)
        planner = Planner(sources, allowed, rng, multi_only)
        output[name] = _sample(sizes[name], composer, planner, seen_texts)
    return output


def _sample(size: int, composer: Composer, planner: Planner, seen_texts: set[str]) -> list[GeneratedExample]:
    examples: list[GeneratedExample] = []
    for _ in range(size * MAX_ATTEMPTS_PER_EXAMPLE):
        if len(examples) == size:
            break
        example = composer.message(planner.plan())
        if example is None:
            continue
        key = normalize_for_overlap(example.text)
        if key not in seen_texts:
            seen_texts.add(key)
            examples.append(example)
    return examples


def generate_all(seed: int = 13, scale: float = 1.0) -> dict[str, list[GeneratedExample]]:
    """The sets of every language, named with the language's file prefix ("train", "zh/train").
    English comes first, so its sets are the same whatever the other languages hold."""
    seen_texts: set[str] = set()
    return {
        STYLES[language].file_prefix + name: examples
        for language in LANGUAGES
        for name, examples in generate_examples(seed, scale, language, seen_texts).items()
    }


def generate(out_dir: Path, seed: int = 13, scale: float = 1.0) -> dict[str, Path]:
    """Write train.jsonl, dev.jsonl, heldout.jsonl and heldout_unseen_combos.jsonl, the same
    under zh/, the people-written sgd_train.jsonl and sgd_dev.jsonl, and crosswoz_dev.jsonl
    (training/people.py)."""
    return write_sets(all_sets(generate_all(seed, scale)), Path(out_dir))


def all_sets(generated: dict[str, list[GeneratedExample]]) -> dict[str, list[NluExample]]:
    """The generated sets and the people-written ones, kept apart from each other: no
    people-written training sentence is a generated dev or held-out one, and no people-written dev
    sentence (SGD's, CrossWOZ's) is in any training file."""
    sets = {name: [example.to_nlu() for example in examples] for name, examples in generated.items()}
    if not SGD_FILE.exists():
        print(f"warning: {SGD_FILE} not found; sgd_train.jsonl and sgd_dev.jsonl are left empty")
    people = people_sets() if SGD_FILE.exists() else {"sgd_train": [], "sgd_dev": []}
    evaluated = {normalize_for_overlap(e.text) for name in ("dev", "heldout", "heldout_unseen_combos") for e in sets[name]}
    sets["sgd_train"] = [e for e in people["sgd_train"] if normalize_for_overlap(e.text) not in evaluated]
    trained = {normalize_for_overlap(e.text) for name in ("train", "dev", "sgd_train") for e in sets[name]}
    sets["sgd_dev"] = [e for e in people["sgd_dev"] if normalize_for_overlap(e.text) not in trained]
    sets["crosswoz_dev"] = crosswoz_dev(sets)
    return sets


def crosswoz_dev(sets: dict[str, list[NluExample]]) -> list[NluExample]:
    """CrossWOZ's people-written Chinese turns that no training file holds (the generated
    Chinese is written without reading them, so an overlap is an everyday phrase)."""
    if not CROSSWOZ_FILE.exists():
        print(f"warning: {CROSSWOZ_FILE} not found; crosswoz_dev.jsonl is left empty")
        return []
    trained = {normalize_for_overlap(e.text) for name in TRAINING_SETS for e in sets.get(name, [])}
    return [e for e in read_crosswoz() if normalize_for_overlap(e.text) not in trained]



def write_sets(sets: dict[str, list[NluExample]], out_dir: Path) -> dict[str, Path]:
    paths = {}
    for name, examples in sets.items():
        paths[name] = out_dir / f"{name}.jsonl"
        paths[name].parent.mkdir(parents=True, exist_ok=True)
        write_jsonl(paths[name], examples)
    return paths


def summary(examples: Sequence[NluExample | GeneratedExample]) -> dict[str, Any]:
    """Counts of examples per intent and per slot, and the multi-intent share."""
    intents = Counter(intent for example in examples for intent in example.intents)
    slots = Counter(slot for example in examples for slot in sorted({e.entity for e in example.entities}))
    multi = sum(len(example.intents) > 1 for example in examples)
    return {
        "examples": len(examples),
        "multi_intent_share": round(multi / len(examples), 3) if examples else 0.0,
        "intents": {intent: intents[intent] for intent in INTENTS},
        "slots": {slot: slots[slot] for slot in SLOTS},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_DATA_DIR, help="output directory")
    parser.add_argument("--seed", type=int, default=13, help="same seed, byte-identical files")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every file's size")
    args = parser.parse_args(argv)
    sets = all_sets(generate_all(args.seed, args.scale))
    for name, path in write_sets(sets, args.out).items():
        print(f"{path}: {json.dumps(summary(sets[name]))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
