"""Labels a data file uses that a model's label maps lack.

The label maps come from the training file, so a dev or evaluation file written by
someone else can carry intents or slots the model never learnt. They are counted and
named (never a KeyError deep in encoding), and dropped where only the known labels
matter (dev, which tunes the intent thresholds).
"""

from __future__ import annotations

from collections import Counter
from typing import Collection, Sequence

from pydantic import BaseModel

from bot.understanding.nlu_model import LabelMaps
from training.nlu_data import NluExample


class UnknownLabels(BaseModel):
    intents: dict[str, int] = {}  # label -> examples carrying it
    slots: dict[str, int] = {}
    examples: int = 0  # examples carrying at least one unknown label

    def describe(self) -> str:
        """E.g. "intents zz_custom (3 examples); slots spa (1 example); 4 examples affected"."""

        def named(kind: str, counts: dict[str, int]) -> list[str]:
            if not counts:
                return []
            return [f"{kind} " + ", ".join(f"{name} ({_examples(n)})" for name, n in counts.items())]

        affected = f"{_examples(self.examples)} affected"
        return "; ".join([*named("intents", self.intents), *named("slots", self.slots), affected])


def _examples(n: int) -> str:
    return f"{n} example" + ("" if n == 1 else "s")


def find_unknown_labels(examples: Sequence[NluExample], labels: LabelMaps) -> UnknownLabels:
    intents, slots = Counter[str](), Counter[str]()
    affected = 0
    for example in examples:
        new_intents = _unknown(example.intents, labels.intents)
        new_slots = _unknown([span.entity for span in example.entities], labels.slots)
        intents.update(new_intents)
        slots.update(new_slots)
        affected += bool(new_intents or new_slots)
    return UnknownLabels(intents=dict(sorted(intents.items())), slots=dict(sorted(slots.items())), examples=affected)


def _unknown(names: list[str], known: Collection[str]) -> set[str]:
    return {name for name in names if name not in known}


def drop_unknown_labels(examples: Sequence[NluExample], labels: LabelMaps) -> tuple[list[NluExample], UnknownLabels]:
    """The examples without the intents and entities `labels` lacks, and what was dropped.
    An entity dropped reads as outside any slot; an example keeps its other labels."""
    known_intents, known_slots = set(labels.intents), set(labels.slots)
    kept = [
        example.model_copy(
            update={
                "intents": [intent for intent in example.intents if intent in known_intents],
                "entities": [span for span in example.entities if span.entity in known_slots],
            }
        )
        for example in examples
    ]
    return kept, find_unknown_labels(examples, labels)
