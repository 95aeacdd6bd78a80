"""Reading and writing NLU examples in the SPEC section 4 JSONL format (and reading Rasa NLU
YAML, training/rasa_nlu.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from pydantic import BaseModel, field_validator, model_validator

from intents.schema import CONTEXTS


class EntitySpan(BaseModel):
    entity: str
    start: int = 0  # character offset into the text
    end: int = 0  # exclusive
    value: str


class NluExample(BaseModel):
    text: str
    intents: list[str]
    entities: list[EntitySpan] = []
    # What the bot had just asked (schema.CONTEXTS); files without it read as "none".
    context: str = "none"

    @field_validator("context")
    @classmethod
    def _known_context(cls, context: str) -> str:
        if context not in CONTEXTS:
            raise ValueError(f"unknown context {context!r}; one of {sorted(CONTEXTS)}")
        return context

    @model_validator(mode="after")
    def _spans_match_text(self) -> "NluExample":
        for span in self.entities:
            if self.text[span.start : span.end] != span.value:
                raise ValueError(f"entity {span.entity} {span.start}:{span.end} is not {span.value!r} in {self.text!r}")
        return self


def read_jsonl(path: Path | str) -> list[NluExample]:
    with open(path, encoding="utf-8") as handle:
        return [NluExample.model_validate_json(line) for line in handle if line.strip()]


def write_jsonl(path: Path | str, examples: Iterable[NluExample]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for example in examples:
            handle.write(json.dumps(example.model_dump(), ensure_ascii=False) + "\n")


def read_examples(path: Path | str) -> list[NluExample]:
    """Rasa NLU YAML when the name ends in .yml or .yaml, else JSONL."""
    if Path(path).suffix.lower() in (".yml", ".yaml"):
        from training.rasa_nlu import read_rasa_nlu  # imported here: it builds on this module

        return read_rasa_nlu(path)
    return read_jsonl(path)
