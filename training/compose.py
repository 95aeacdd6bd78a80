"""A message from a plan (training/plans.py), drawn from one side's pool (training/pools.py).

Each clause is rendered from a template of its intent, its placeholders filled with slot
values (training/slot_values.py); the clauses are joined by connectors and given a final
mark, and the message is roughened with customer noise (`Noise`). It is said in one of the
dialogue contexts that all its clauses allow (`CONTEXT_WEIGHTS`).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from intents.schema import CONTEXTS, MODEL_INTENTS
from training.languages import FULL_WIDTH_DIGITS, HALF_WIDTH_MARKS, QUESTION_MARKS, STATEMENT_MARKS, Style, glued
from training.nlu_data import EntitySpan, NluExample
from training.pools import Pool
from training.slot_values import ClauseContext, SlotFiller
from training.sources import Lexicon, Macro, Node, Placeholder, Sources, Template, Words

OPTIONAL_RATE = 0.5  # an optional "[...]" part is left out this often

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
        self.decks = {intent: Deck(pool.templates[intent], rng) for intent in MODEL_INTENTS}

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

