"""Deterministic NLU training data (SPEC section 4) from clause templates.

A message is one to three *clauses*. Each clause is rendered from a template of one intent
(intents/sources/templates/<intent>.yaml) with slot values filled in; clauses are joined
by connectors and the message is roughened with customer noise (lowercase, missing
punctuation, abbreviations, typos). The message's intents are its clauses' intents, in
order of first appearance; its entities are the filled slot values, as character spans.

    python -m training.generate --out data [--seed 13] [--scale 1.0]

The same run writes the Chinese sets (data/zh/*.jsonl) from intents/sources/zh/, by the
same code: a language differs only in its sources and its `Style` (training/languages.py:
punctuation, case, full-width digits, file sizes). The people-written Chinese dev set (CrossWOZ) is written
beside them as crosswoz_dev.jsonl, without the sentences any training file holds.

The pipeline, for each output set: training/pools.py splits the sources into a train and
a held-out pool (the held-out sets measure generalisation, so the split is made BY
TEMPLATE, not by sentence; heldout_unseen_combos.jsonl is made of intent combinations that
never occur in train); training/plans.py chooses the intents of each message and their
order; training/compose.py renders its clauses from the pool's templates, with slot values
from training/slot_values.py, joins them, adds the noise and the dialogue context the
message is said in (schema.CONTEXTS): one that all its clauses allow. The template syntax
and the sources are read by training/sources.py. This module draws each set's messages,
keeps every normalised text unique across the sets and languages, adds the people-written
sets (training/people.py) and writes the files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from intents.schema import MODEL_INTENTS, READ_SLOTS, SLOTS
from training.compose import Composer, GeneratedExample
from training.config import DEFAULT_DATA_DIR
from training.languages import LANGUAGES, STYLES
from training.nlu_data import NluExample, read_jsonl, write_jsonl
from training.people import CROSSWOZ_FILE, SGD_FILE, people_sets, read_crosswoz
from training.plans import Planner
from training.pools import allowed_combos, is_heldout_combo, make_pools
from training.slot_values import database_hotel_names
from training.sources import load_sources


# Every set a model may learn from (dev tunes the intent thresholds).
TRAINING_SETS = ("train", "dev", "sgd_train", "zh/train", "zh/dev")
MAX_ATTEMPTS_PER_EXAMPLE = 30  # duplicates are redrawn; give up after this many tries


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
        "intents": {intent: intents[intent] for intent in MODEL_INTENTS},
        "slots": {slot: slots[slot] for slot in SLOTS if slot not in READ_SLOTS or slots[slot]},
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
