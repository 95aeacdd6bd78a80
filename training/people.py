"""People-written data: SGD's hotel turns, split by dialogue and read by our label conventions;
CrossWOZ's Chinese hotel turns, a dev set only.

../shared/data/sgd_hotels_train.jsonl holds customer turns from the train split of Google's
Schema-Guided Dialogue corpus (CC BY-SA 4.0), mapped onto our labels (its README). A
quarter of its dialogues is a dev set that is never trained on; the rest joins the
generated training data (training/generate.py writes both files). Both sides are
relabelled by the same rules (`relabel`), which the README's "People-written data" section
lists; training turns also get the context of the question they answered.

../shared/data/crosswoz_hotels_val.jsonl holds Chinese customer turns from CrossWOZ's
validation split (Apache-2.0), already mapped onto our labels (README-crosswoz.md): it is
never trained on, so it is read as it is, without a split or a relabelling.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from training.config import SHARED_DATA_DIR
from intents.schema import CONTEXTS
from training.nlu_data import EntitySpan, NluExample

SGD_FILE = SHARED_DATA_DIR / "sgd_hotels_train.jsonl"
CROSSWOZ_FILE = SHARED_DATA_DIR / "crosswoz_hotels_val.jsonl"
DEV_SHARE = 0.25  # of the dialogues
SPLIT_SEED = "hotelbot-sgd-split-1"


class PeopleExample(NluExample):
    source: str  # "sgd/train/<dialogue id>/<turn index>"

    @property
    def dialogue(self) -> str:
        return self.source.rsplit("/", 1)[0]


def read_people(path: Path = SGD_FILE) -> list[PeopleExample]:
    with open(path, encoding="utf-8") as handle:
        return [PeopleExample.model_validate_json(line) for line in handle if line.strip()]


def split_by_dialogue(examples: Sequence[PeopleExample]) -> tuple[list[PeopleExample], list[PeopleExample]]:
    """(train, dev): the DEV_SHARE of the dialogues whose keyed digests rank lowest are dev.
    A dialogue's turns stay together, so dev phrasings are never seen in training."""
    dialogues = sorted({example.dialogue for example in examples},
                       key=lambda d: hashlib.sha256(f"{SPLIT_SEED}|{d}".encode()).hexdigest())
    dev = set(dialogues[: round(len(dialogues) * DEV_SHARE)])
    return [e for e in examples if e.dialogue not in dev], [e for e in examples if e.dialogue in dev]


# --------------------------------------------------------------------------- our conventions

# SGD labels a turn by its dialogue act in context: "I am looking for hotels near Paris" is
# `inform` when the system had asked where, and "I need to book one room" a search when the
# customer's goal was a search. Ours label the task the words ask for (intents/sources/README.md):
# booking verbs and asking for a room ("I need a room") are book_hotel, looking / finding /
# "anything else" are search_hotels.
BOOK_WORDS = re.compile(
    r"\b(?:book|booking|reserve|reserving|reservation|(?:want|need|like|get) (?:a|one|the|\d+) rooms?)\b", re.I)
SEARCH_WORDS = re.compile(
    r"\b(?:search|searching|look(?:ing)? (?:for|up)|find|finding|anything else|something else|"
    r"what else|other (?:options?|hotels?|houses?|places?)|any others?|available|availability)\b", re.I)
STAY_TASKS = {"inform", "search_hotels", "book_hotel"}
APPROVAL = frozenset({"affirm", "select_option"})
# Ours: a closing "that's all" / "nothing else" is a goodbye (the goodbye lexicon <done>).
CLOSING_WORDS = re.compile(r"\b(?:that'?s all|that is all|that will be all|that'll be all|nothing else|all I need(?:ed)?)\b", re.I)


# Ours: a count's span holds its unit and a "just" / "only" before it ("{just 2 people}",
# "{four days}"); SGD's holds the number alone ("2", "four").
COUNT_SLOTS = ("guests", "rooms", "nights")
COUNT_UNIT_AFTER = re.compile(
    r"\s+(?:people|persons?|adults?|guests?|travell?ers|of us|pax|rooms?|nights?|days?|weeks?)\b", re.I)
COUNT_ONLY_BEFORE = re.compile(r"\b(?:just|only)\s+$", re.I)


def relabel(example: NluExample) -> NluExample:
    """The example under our label conventions (the README lists each rule)."""
    return example.model_copy(update={"intents": _our_intents(example), "entities": [_our_span(example.text, e) for e in example.entities]})


def _our_span(text: str, span: EntitySpan) -> EntitySpan:
    if span.entity not in COUNT_SLOTS:
        return span
    start, end = span.start, span.end
    unit = COUNT_UNIT_AFTER.match(text, end)
    end = unit.end() if unit else end
    only = COUNT_ONLY_BEFORE.search(text[:start])
    start = only.start() if only else start
    return EntitySpan(entity=span.entity, start=start, end=end, value=text[start:end])


def _our_intents(example: NluExample) -> list[str]:
    intents = list(example.intents)
    if STAY_TASKS & set(intents) and not {"search_hotels", "book_hotel"} <= set(intents):
        book, search = BOOK_WORDS.search(example.text), SEARCH_WORDS.search(example.text)
        task = "book_hotel" if book and not search else "search_hotels" if search and not book else None
        if task:
            intents = [task if intent in STAY_TASKS else intent for intent in intents]
    if {"deny", "thank"} & set(intents) and CLOSING_WORDS.search(example.text):
        intents.append("goodbye")
    return list(dict.fromkeys(intents))


def answered_context(example: NluExample) -> str:
    """The question a slot-only turn answered (SGD's system had asked for that slot):
    "On the 11th." informs the check-out only because the system asked when the customer
    leaves. Our model reads that question as the context, so training turns get it; the
    dev turns keep `none`, as the model must do without it there."""
    slots = {span.entity for span in example.entities}
    if example.intents != ["inform"] or len(slots) != 1:
        return "none"
    context = f"asks_{slots.pop()}"
    return context if context in CONTEXTS else "none"


def approval_either_way(gold: frozenset[str], predicted: frozenset[str]) -> bool:
    """The intent sets match, reading affirm and select_option as one "approval".

    Whether "that sounds good" picks an offered hotel or says yes to a question depends on
    the bot's last act (the model reads it as the context); SGD's turns keep no record of
    it, so on them an approval counts as either."""
    def merged(intents: frozenset[str]) -> frozenset[str]:
        return intents - APPROVAL | ({"approval"} if intents & APPROVAL else set())

    return merged(gold) == merged(predicted)


def acknowledgement_ignored(gold: frozenset[str], predicted: frozenset[str]) -> bool:
    """The intent sets match with affirm left out of both: CrossWOZ labels "好的，谢谢" as a
    thank alone (its README: an opening 好的/嗯/OK is an acknowledgement, not an affirm), and
    its turns never say yes to a question of the bot."""
    return gold - {"affirm"} == predicted - {"affirm"}


def people_sets(path: Path = SGD_FILE) -> dict[str, list[NluExample]]:
    """{"sgd_train": ..., "sgd_dev": ...}, relabelled; plain NLU examples (the source dropped)."""
    train, dev = split_by_dialogue(read_people(path))
    train_ours = [relabel(NluExample(**e.model_dump(exclude={"source"}))) for e in train]
    return {
        "sgd_train": [e.model_copy(update={"context": answered_context(e)}) for e in train_ours],
        "sgd_dev": [relabel(NluExample(**e.model_dump(exclude={"source"}))) for e in dev],
    }


def read_crosswoz(path: Path = CROSSWOZ_FILE) -> list[NluExample]:
    """CrossWOZ's turns as plain NLU examples (the source dropped, as for SGD's dev set)."""
    return [NluExample(**e.model_dump(exclude={"source"})) for e in read_people(path)]
