"""The split (SPEC section 4): what the train and held-out sides of the generated data draw from.

The held-out sets measure generalisation, so the split is made BY TEMPLATE, not by
sentence: a fixed share of each intent's templates, of the connectors, and of the
invented city and hotel names only ever appear in held-out data
(served cities and the database's hotel names appear on both sides). The few "core"
templates of an intent (its canonical phrasings: "yes", "book it", "show me hotels in X")
and "shared" connectors are always in train: the trained model must know them.
heldout_unseen_combos.jsonl is made of intent combinations that never occur in train
(`allowed_combos`, `is_heldout_combo`).

Templates are frames over shared lexicons ("<bye>, <done>"): a held-out template is a
new phrasing, while the words that carry an intent ("signing off", "kids club") also
occur in training templates -- the model is measured on unseen sentence shapes, not on
words it could not possibly know.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, TypeVar

from intents.schema import MODEL_INTENTS
from training.sources import Sources, Template

HELDOUT_SHARE = 0.22  # of each intent's non-core templates, connectors and invented names

T = TypeVar("T")


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


# --------------------------------------------------------------------------- intent combinations


def allowed_combos(pairs: Sequence[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """The allowed pairs, and every triple whose three pairs are all allowed (schema order)."""
    pair_set = set(pairs)
    triples = [triple for triple in combinations(MODEL_INTENTS, 3) if all(pair in pair_set for pair in combinations(triple, 2))]
    return tuple(sorted(pair_set, key=lambda pair: [MODEL_INTENTS.index(i) for i in pair])) + tuple(triples)


def is_heldout_combo(combo: Sequence[str], heldout_combos: Sequence[tuple[str, ...]]) -> bool:
    """A held-out pair is kept out of train in any message containing it; a held-out
    triple as exactly that set (its pairs are what the model composes it from)."""
    intents = set(combo)
    return any(set(held) <= intents if len(held) == 2 else set(held) == intents for held in heldout_combos)
