"""Rasa NLU training data (YAML, format version "3.1") read as and written from NluExample.

What is read::

    version: "3.1"                      # optional
    nlu:
    - intent: book_hotel+ask_faq        # Rasa's multi-intent name: intents [book_hotel, ask_faq]
      examples: |
        - a room in [Shanghai](city) from [the 10th]{"entity": "check_in", "value": "2026-12-10"}, is breakfast in?
        - 帮我订[上海](city)的酒店

Every `- ` line of an `examples` block is one example: the dash and the whitespace around
the text are stripped, each annotation is replaced by its surface text, and the surface's
character offsets in that text become the span. An annotation is `[surface](slot)`,
`[surface](slot:value)` or `[surface]{"entity": "slot", "value": "..."}`. The span's value
stays the surface, as in the JSONL format (SPEC section 4): a normalised `value` (Rasa's
synonym), like `role` and `group`, is dropped, since the bot's normaliser finds canonical
values from the surface itself. `synonym:`, `regex:` and `lookup:` items hold no examples
and are skipped, as are top-level keys other than `nlu` (`stories:`, `rules:`, ...).
Intents and slots must be the domain schema's (intents.schema). Whatever cannot be read is
reported in one RasaNluError, every problem as `FILE:LINE: message`.

What is written: one `- intent:` block per intent set, in the order the sets first occur,
every span as `[surface](slot)`. Lost on the way:

- the context (what the bot had just asked): Rasa NLU has no place for it, so those
  examples are written like the others and read back with context "none";
- examples Rasa NLU cannot express, which are skipped and handed back to the caller: a text
  with `[` or `]` (Rasa has no escape for them), an empty text, one with a line break or
  surrounding whitespace, overlapping or empty spans, intents or slots outside the schema.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Iterable

import yaml

from intents.schema import INTENTS, SLOTS
from training.nlu_data import EntitySpan, NluExample

VERSION = "3.1"
INTENT_SEPARATOR = "+"  # Rasa's multi-intent separator
NON_EXAMPLE_ITEMS = ("synonym", "regex", "lookup")
# [surface](slot), [surface](slot:value) or [surface]{...}: a surface may hold parentheses
# (hotel names such as 花间堂酒店(机场店)), never brackets.
ANNOTATION = re.compile(r"\[(?P<surface>[^\[\]]+)\](?:\((?P<label>[^()]*)\)|(?P<json>\{[^{}]*\}))")
# What a line of a YAML block scalar cannot hold: line breaks and characters YAML forbids
UNWRITABLE = re.compile(r"[\n\r\x85\u2028\u2029]|" + yaml.reader.Reader.NON_PRINTABLE.pattern)


class RasaNluError(ValueError):
    """Every problem of a file, one `FILE:LINE: message` a line (`errors` holds them)."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def read_rasa_nlu(path: Path | str) -> list[NluExample]:
    errors: list[tuple[int, str]] = []

    def fail(line: int, message: str) -> None:  # `line` counts from 0, as yaml's marks do
        errors.append((line + 1, message))

    examples = []
    for item, fields in _intent_items(_compose(path), fail):
        examples += _examples_of(item, fields, fail)
    if errors:  # in the file's order (sorted is stable: one line's errors keep theirs)
        raise RasaNluError([f"{path}:{line}: {message}" for line, message in sorted(errors, key=lambda error: error[0])])
    return examples


def _compose(path: Path | str) -> yaml.Node | None:
    """The file's YAML node tree, whose marks give each value's line."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise RasaNluError([f"{path}:{line}: not UTF-8 text"]) from None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise RasaNluError([f"{path}:{line}: YAML syntax: {error.problem or error.context}"]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise RasaNluError([f"{path}:{line}: character #x{error.character:04x} is not allowed in YAML"]) from None


def _fields(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _is_string(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"


def _intent_items(root: yaml.Node | None, fail) -> list[tuple[yaml.Node, dict[str, yaml.Node]]]:
    nlu = _fields(root).get("nlu")
    if not isinstance(nlu, yaml.SequenceNode):
        where = nlu or root
        fail(where.start_mark.line if where else 0, "no `nlu:` list")
        return []
    items = []
    for item in nlu.value:
        fields = _fields(item)
        if "intent" in fields:
            items.append((item, fields))
        elif not any(kind in fields for kind in NON_EXAMPLE_ITEMS):
            fail(item.start_mark.line, "an `nlu:` item is `- intent:`, `- synonym:`, `- regex:` or `- lookup:`")
    return items


def _unknown(kind: str, name: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"unknown {kind} {name!r}" + (f" (did you mean {close[0]}?)" if close else f"; the {kind}s are {', '.join(known)}")


def _examples_of(item: yaml.Node, fields: dict[str, yaml.Node], fail) -> list[NluExample]:
    name = fields["intent"]
    intents = name.value.split(INTENT_SEPARATOR) if _is_string(name) else [""]
    for intent in intents:
        if intent not in INTENTS:
            fail(name.start_mark.line, _unknown("intent", intent, INTENTS))
    block = fields.get("examples")
    if block is None:
        fail(item.start_mark.line, "no `examples:`")
        return []
    if not _is_string(block):
        fail(block.start_mark.line, "`examples:` must be a string of `- ` lines (a `|` block)")
        return []
    # A literal block's lines are the file's, from the line after its `|`; any other style
    # of string folds its lines, so its examples get the line the string starts on.
    first, step = (block.start_mark.line + 1, 1) if block.style == "|" else (block.start_mark.line, 0)
    examples = []
    for index, line in enumerate(block.value.split("\n")):
        line_number, line = first + index * step, line.strip()
        if not line:
            continue
        if not line.startswith("-"):
            fail(line_number, f"an example is a `- ` line, not {line!r}")
            continue
        try:
            text, entities = _parse_annotated(line[1:].strip())
        except ValueError as problem:
            fail(line_number, str(problem))
            continue
        examples.append(NluExample(text=text, intents=intents, entities=entities))
    return examples


def _parse_annotated(line: str) -> tuple[str, list[EntitySpan]]:
    """The text without its annotations, and a span per annotation."""
    if not line:
        raise ValueError("empty example")
    text, entities, position = "", [], 0
    for match in ANNOTATION.finditer(line):
        text += _plain(line[position : match.start()])
        surface = match["surface"]
        entities.append(EntitySpan(entity=_slot_of(match), start=len(text), end=len(text) + len(surface), value=surface))
        text += surface
        position = match.end()
    return text + _plain(line[position:]), entities


def _plain(part: str) -> str:
    if "[" in part or "]" in part:
        raise ValueError(f"unbalanced [ or ] in {part!r}: an annotation is [surface](slot) or "
                         '[surface]{"entity": "slot", "value": "..."}')
    return part


def _slot_of(match: re.Match) -> str:
    if match["json"] is None:
        slot = match["label"].partition(":")[0]  # the value of (slot:value) is dropped, as the JSON form's
    else:
        try:
            fields = json.loads(match["json"])
        except json.JSONDecodeError as error:
            raise ValueError(f"annotation {match['json']} is not JSON: {error.msg}") from None
        slot = fields.get("entity") if isinstance(fields, dict) else None
        if not isinstance(slot, str):
            raise ValueError(f'annotation {match["json"]} names no "entity"')
    if slot not in SLOTS:
        raise ValueError(_unknown("slot", slot, SLOTS))
    return slot


def format_rasa_nlu(examples: Iterable[NluExample]) -> tuple[str, list[tuple[NluExample, str]]]:
    """The YAML text, and the examples it leaves out with why."""
    blocks: dict[str, list[str]] = {}
    skipped = []
    for example in examples:
        try:
            line = _annotated(example)
        except ValueError as problem:
            skipped.append((example, str(problem)))
            continue
        blocks.setdefault(INTENT_SEPARATOR.join(example.intents), []).append(line)
    # Written by hand, not by yaml.dump: it would quote many texts instead of keeping the
    # `|` block of `- ` lines Rasa's own files use; _annotated keeps every line safe in it.
    lines = [f'version: "{VERSION}"', "nlu:"]
    for intent, texts in blocks.items():
        lines += [f"- intent: {intent}", "  examples: |", *(f"    - {text}" for text in texts)]
    return "\n".join(lines) + "\n", skipped


def write_rasa_nlu(path: Path | str, examples: Iterable[NluExample]) -> list[tuple[NluExample, str]]:
    """Write the examples as UTF-8 Rasa NLU YAML; returns those left out, with why."""
    text, skipped = format_rasa_nlu(examples)
    Path(path).write_text(text, encoding="utf-8")
    return skipped


def _annotated(example: NluExample) -> str:
    """The example's line with its spans as annotations, or ValueError when Rasa NLU cannot
    express it (read back, the line must give the same text, intents and spans)."""
    text = example.text
    if "[" in text or "]" in text:
        raise ValueError("the text has [ or ], which Rasa NLU has no escape for")
    if not text or text != text.strip():
        raise ValueError("an empty text or one with surrounding whitespace, which Rasa NLU strips")
    if UNWRITABLE.search(text):
        raise ValueError("a line break or a character YAML cannot hold: a Rasa NLU example is one line")
    if not example.intents or any(intent not in INTENTS for intent in example.intents):
        raise ValueError(f"intents {example.intents} are not all the schema's")
    line, position = "", 0
    for span in sorted(example.entities, key=lambda span: span.start):
        if span.entity not in SLOTS or span.start < position or span.start == span.end:
            raise ValueError(f"span {span.entity} {span.start}:{span.end} is empty, overlaps another or is no schema slot")
        line += text[position : span.start] + f"[{span.value}]({span.entity})"
        position = span.end
    return line + text[position:]
