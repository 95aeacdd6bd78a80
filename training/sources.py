"""The generator's sources (intents/sources/): the template syntax and the checked, parsed sources.

Template syntax: "(a|b)" one of, "[a]" optional, "{slot}" a tagged value of the slot,
"{slot:variant}" one from a group of its surface forms (fillers.yaml), "{slot=x|y}" one
of the given values, "{!slot}" a value that is not tagged (out-of-scope talk), "<name>"
one phrase of a lexicon, and a final "?" makes the clause a question. An intent file's
templates may be grouped in `contextual` blocks that name the dialogue contexts
(schema.CONTEXTS) they are said in, or those they are never said in.

Each language has its own tree of the same shape (training/languages.py): English in
intents/sources/, Chinese in intents/sources/zh/.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

from intents.schema import CONTEXTS, INTENTS, MODEL_INTENTS, SLOTS
from training.languages import SOURCE_DIRS, city_names, tier_step_words, tier_words


# --------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class Words:
    text: str


@dataclass(frozen=True)
class Placeholder:
    slot: str
    variant: str | None = None  # a group of the slot's surface forms, None = any
    options: tuple[str, ...] = ()  # inline values; empty = draw from the fillers
    tagged: bool = True  # False for "{!city}": filled, but not an entity


@dataclass(frozen=True)
class Choice:
    alternatives: tuple[tuple[Node, ...], ...]
    optional: bool  # "[...]": may be left out


@dataclass(frozen=True)
class Macro:
    """"<name>": one phrase of a lexicon, itself a template fragment."""

    name: str


Node = Words | Placeholder | Choice | Macro

_PLACEHOLDER = re.compile(r"(?P<untagged>!)?(?P<slot>[a-z_]+)(?::(?P<variant>[a-z]+))?(?:=(?P<options>.+))?")
_MACRO = re.compile(r"[a-z_]+")
# {tier:step}: a comparative of the schema ("anything {cheaper}?"), drawn only where named
TIER_STEP_VARIANT = "step"


def parse_template(source: str) -> tuple[Node, ...]:
    """The node tree of a template source (see the module docstring for the syntax)."""
    nodes, end = _parse_sequence(source, 0, stop="")
    if end != len(source):
        raise ValueError(f"unexpected {source[end]!r} at {end} in template {source!r}")
    return nodes


def _parse_sequence(source: str, pos: int, stop: str) -> tuple[tuple[Node, ...], int]:
    nodes: list[Node] = []
    text = ""
    while pos < len(source) and source[pos] not in stop:
        char = source[pos]
        if char in "([{<" and text:
            nodes.append(Words(text))
            text = ""
        if char in "([":
            node, pos = _parse_choice(source, pos)
            nodes.append(node)
        elif char in "{<":
            close = "}" if char == "{" else ">"
            end = source.find(close, pos)
            if end < 0:
                raise ValueError(f"unclosed {char!r} in template {source!r}")
            nodes.append(_parse_placeholder(source[pos + 1 : end], source) if char == "{" else _parse_macro(source[pos + 1 : end], source))
            pos = end + 1
        elif char in ")]|}>":
            raise ValueError(f"unexpected {char!r} at {pos} in template {source!r}")
        else:
            text += char
            pos += 1
    if text:
        nodes.append(Words(text))
    return tuple(nodes), pos


def _parse_choice(source: str, pos: int) -> tuple[Choice, int]:
    close = ")" if source[pos] == "(" else "]"
    alternatives = []
    pos += 1
    while True:
        alternative, pos = _parse_sequence(source, pos, stop="|" + close)
        alternatives.append(alternative)
        if pos >= len(source):
            raise ValueError(f"unclosed {source[pos - 1]!r} in template {source!r}")
        pos += 1
        if source[pos - 1] == close:
            return Choice(tuple(alternatives), optional=close == "]"), pos


def _parse_placeholder(spec: str, source: str) -> Placeholder:
    match = _PLACEHOLDER.fullmatch(spec)
    if match is None or match["slot"] not in SLOTS:
        raise ValueError(f"bad placeholder {{{spec}}} in template {source!r}")
    options = tuple(match["options"].split("|")) if match["options"] else ()
    return Placeholder(match["slot"], match["variant"], options, tagged=match["untagged"] is None)


def _parse_macro(name: str, source: str) -> Macro:
    if not _MACRO.fullmatch(name):
        raise ValueError(f"bad lexicon reference <{name}> in template {source!r}")
    return Macro(name)


def walk(nodes: Sequence[Node]) -> list[Node]:
    """Every node of a tree, depth first (lexicon references are not expanded)."""
    found: list[Node] = []
    for node in nodes:
        found.append(node)
        if isinstance(node, Choice):
            for alternative in node.alternatives:
                found.extend(walk(alternative))
    return found


@dataclass(frozen=True)
class Template:
    id: str  # "<intent>/<digest of the source>": stable while the wording stays the same
    intent: str
    source: str
    body: tuple[Node, ...]
    marked_question: bool  # the source ends with "?" (else the first word decides)
    core: bool  # a canonical phrasing the product must know: always in train
    contexts: frozenset[str]  # what the bot may just have asked for this phrasing to mean this


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class IntentSource:
    intent: str
    weight: float  # share among single-intent messages
    position: str  # first | last | edge (first, or last before a goodbye) | any: where its clause goes
    prefix: bool  # may be preceded by a neutral prefix ("um ...")
    suffix: bool  # may be followed by a neutral suffix ("... asap")
    templates: tuple[Template, ...]


Lexicon = tuple[tuple[Node, ...], ...]  # the parsed phrases of one "<name>"


@dataclass(frozen=True)
class Sources:
    intents: dict[str, IntentSource]
    lexicons: dict[str, Lexicon]  # lexicon.yaml and the intent files' own lexicons
    pairs: tuple[tuple[str, ...], ...]  # allowed intent pairs, in schema order
    heldout_combos: tuple[tuple[str, ...], ...]  # never in train
    shared_connectors: tuple[str, ...]  # on both sides of the split
    split_connectors: tuple[str, ...]  # divided between train and held-out
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    question_starts: frozenset[str]
    fillers: dict[str, Any]  # fillers.yaml
    world_cities: tuple[str, ...]
    hotel_parts: dict[str, list[str]]  # hotel_names.yaml
    word_swaps: dict[str, tuple[str, ...]]
    keyboard_rows: tuple[str, ...]
    city_misspellings: dict[str, tuple[str, ...]]
    language: str  # "en" | "zh"
    question_ends: frozenset[str]  # last characters that make a clause a question (吗, 呢)
    question_openers: frozenset[str]  # connectors said before a question only ("，顺便问一下，")
    # served city -> (its usual name, its other names) in this language, from the schema
    city_names: dict[str, tuple[str, tuple[str, ...]]]
    tier_words: tuple[str, ...]  # the schema's tier words of this language
    tier_step_words: tuple[str, ...]  # and its comparatives, drawn for {tier:step} only


def _yaml(directory: Path, name: str) -> Any:
    return yaml.safe_load((directory / name).read_text(encoding="utf-8"))


def _in_schema_order(names: Sequence[str]) -> tuple[str, ...]:
    unknown = [name for name in names if name not in INTENTS]
    if unknown:
        raise ValueError(f"not intents of the schema: {unknown}")
    return tuple(sorted(names, key=INTENTS.index))


@cache
def load_sources(language: str = "en") -> Sources:
    """Read and check every source file of a language (intents/sources/, intents/sources/zh/)."""
    directory = SOURCE_DIRS[language]
    composition = _yaml(directory, "composition.yaml")
    typos = _yaml(directory, "typos.yaml")
    intent_files = {intent: _yaml(directory, f"templates/{intent}.yaml") for intent in MODEL_INTENTS}
    cities = (directory / "world_cities.txt").read_text(encoding="utf-8").splitlines()
    sources = Sources(
        intents={intent: _load_intent(intent, raw) for intent, raw in intent_files.items()},
        lexicons=_load_lexicons([_yaml(directory, "lexicon.yaml"), *(raw.get("lexicon", {}) for raw in intent_files.values())]),
        pairs=tuple(_in_schema_order(pair) for pair in composition["pairs"]),
        heldout_combos=tuple(_in_schema_order(combo) for combo in composition["heldout_combos"]),
        shared_connectors=tuple(composition["connectors"]["shared"]),
        split_connectors=tuple(composition["connectors"]["split"]),
        prefixes=tuple(composition["prefixes"]),
        suffixes=tuple(composition["suffixes"]),
        question_starts=frozenset(composition["question_starts"]),
        fillers=_yaml(directory, "fillers.yaml"),
        world_cities=tuple(line.strip() for line in cities if line.strip() and not line.startswith("#")),
        hotel_parts=_yaml(directory, "hotel_names.yaml"),
        word_swaps={word: tuple(swaps) for word, swaps in typos["word_swaps"].items()},
        keyboard_rows=tuple(typos["keyboard_rows"]),
        city_misspellings={city: tuple(forms) for city, forms in typos["city_misspellings"].items()},
        language=language,
        question_ends=frozenset(composition.get("question_ends", [])),
        question_openers=frozenset(composition.get("question_openers", [])),
        city_names=city_names(language),
        tier_words=tier_words(language),
        tier_step_words=tier_step_words(language),
    )
    _check_sources(sources)
    return sources


def _load_intent(intent: str, raw: dict[str, Any]) -> IntentSource:
    if raw["intent"] != intent:
        raise ValueError(f"templates/{intent}.yaml declares intent {raw['intent']!r}")
    blocks = [{"except": raw.get("contexts_except", []), "core": raw.get("core", []), "templates": raw.get("templates", [])}]
    blocks += raw.get("contextual", [])
    templates = tuple(
        _template(intent, source, core=core, contexts=_block_contexts(intent, block))
        for block in blocks
        for core, key in ((True, "core"), (False, "templates"))
        for source in block.get(key, [])
    )
    twice = sorted(source for source, n in Counter(t.source for t in templates).items() if n > 1)
    if twice:
        raise ValueError(f"templates/{intent}.yaml lists {twice} twice")
    return IntentSource(intent, float(raw["weight"]), raw["position"], raw["prefix"], raw["suffix"], templates)


def _block_contexts(intent: str, block: dict[str, Any]) -> frozenset[str]:
    """A block of templates names the contexts it is said in, or those it is never said in."""
    named = list(block.get("contexts", [])) + list(block.get("except", []))
    unknown = sorted(set(named) - set(CONTEXTS))
    if unknown:
        raise ValueError(f"templates/{intent}.yaml names unknown contexts {unknown}")
    allowed = frozenset(block["contexts"]) if "contexts" in block else frozenset(CONTEXTS)
    return allowed - frozenset(block.get("except", []))


def _load_lexicons(blocks: Sequence[dict[str, list[str]]]) -> dict[str, Lexicon]:
    lexicons: dict[str, Lexicon] = {}
    for block in blocks:
        for name, phrases in block.items():
            if name in lexicons:
                raise ValueError(f"lexicon <{name}> is defined twice")
            if not all(isinstance(phrase, str) for phrase in phrases):  # YAML reads a bare yes/no as a bool
                raise ValueError(f"lexicon <{name}> has a phrase that is not a string: quote it")
            lexicons[name] = tuple(parse_template(phrase) for phrase in phrases)
    return lexicons


def _template(intent: str, source: str, core: bool, contexts: frozenset[str]) -> Template:
    marked_question = source.endswith("?")
    body_source = source.removesuffix("?")
    if body_source != body_source.strip() or body_source[-1:] in ".!,;:":
        raise ValueError(f"template {source!r}: no outer spaces, no final punctuation but '?'")
    digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]
    return Template(f"{intent}/{digest}", intent, source, parse_template(body_source), marked_question, core, contexts)


def _check_sources(sources: Sources) -> None:
    trees = [t.body for i in sources.intents.values() for t in i.templates]
    trees += [phrase for lexicon in sources.lexicons.values() for phrase in lexicon]
    for tree in trees:
        for node in walk(tree):
            if isinstance(node, Macro) and node.name not in sources.lexicons:
                raise ValueError(f"no lexicon <{node.name}>")
            if isinstance(node, Placeholder):
                _check_placeholder(node, sources.fillers)
    served = {way.lower() for language in ("en", "zh") for name, others in city_names(language).values()
              for way in (name, *others)}
    overlap = sorted(city for city in sources.world_cities if city.lower() in served)
    if overlap:
        raise ValueError(f"world_cities.txt lists served cities: {overlap}")
    if sorted(sources.city_misspellings) != sorted(city_names("en")):
        raise ValueError("typos.yaml needs misspellings for exactly the served cities")
    _check_tier_shapes(sources)
    for combo in sources.heldout_combos:
        if not all(pair in sources.pairs for pair in combinations(combo, 2)):
            raise ValueError(f"held-out combination {combo} is not made of allowed pairs")


def _check_tier_shapes(sources: Sources) -> None:
    """Tier shapes group the schema's tier words by where they fit (Chinese 经济型 goes
    before 酒店, 便宜点的 stands alone): every fixed word there is one of the schema's,
    star ratings ({n}) apart."""
    shapes = sources.fillers.get("tier", {}).get("shapes", {})
    unknown = sorted(word for group in shapes.values() for word in group if "{" not in word and word not in sources.tier_words)
    if unknown:
        raise ValueError(f"fillers.yaml lists tier words that are not the schema's: {unknown}")


def _check_placeholder(placeholder: Placeholder, fillers: dict[str, Any]) -> None:
    if placeholder.slot == "topic" and not placeholder.options:
        raise ValueError("a topic placeholder lists its words ({topic=a|b})")
    if placeholder.variant is None:
        return
    date_variants = ("absolute", "relative", "shift")
    variants = date_variants if placeholder.slot in ("check_in", "check_out") else fillers.get(placeholder.slot, {}).get("shapes", {})
    if placeholder.slot == "tier":
        variants = [*variants, TIER_STEP_VARIANT]
    if placeholder.variant not in variants:
        raise ValueError(f"{placeholder.slot} has no variant {placeholder.variant!r}")
