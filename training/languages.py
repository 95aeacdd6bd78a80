"""What differs between the languages the generator writes (SPEC section 7): where each
language's sources are, which schema words its values are drawn from, and how its
customers write beyond those sources (`Style`: punctuation, case, full-width digits,
spaces between words) and how many examples each of its files holds.

English is written from intents/sources/, Chinese from intents/sources/zh/, by the same
code (training/sources.py, training/generate.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import intents as intents_package
from intents.schema import TIER_STEP_WORDS, TIER_STEP_WORDS_ZH, TIER_WORDS, TIER_WORDS_ZH

LANGUAGES: tuple[str, ...] = ("en", "zh")  # generated in this order: English first
SOURCES_DIR = Path(intents_package.__file__).resolve().parent / "sources"
SOURCE_DIRS: dict[str, Path] = {"en": SOURCES_DIR, "zh": SOURCES_DIR / "zh"}

# Examples per output file at scale 1. Train is large and seen for few epochs (TrainConfig):
# distinct sentences teach more than repeated ones. Training time is the budget, which
# Chinese shares with English: fewer training sentences, the same evaluation sets.
SPLIT_SIZES: dict[str, int] = {"train": 12500, "dev": 600, "heldout": 1200, "heldout_unseen_combos": 300}
ZH_SPLIT_SIZES: dict[str, int] = {"train": 8500, "dev": 600, "heldout": 1200, "heldout_unseen_combos": 300}


@dataclass(frozen=True)
class Style:
    """How one language's customers write, beyond its sources, and the sizes of its files."""

    split_sizes: dict[str, int]
    file_prefix: str  # before each file name: "zh/" writes data/zh/train.jsonl
    spaced: bool  # words are separated by spaces: a span never touches a letter or digit
    no_final_punctuation_rate: float
    lowercase_rate: float  # of the Latin letters (Chinese messages hold some: "sh", "wifi")
    capitalise_rate: float  # of the messages not all lowercase
    question_marks: tuple[str, ...]
    statement_marks: tuple[str, ...]
    thousands_comma_rate: float  # "1,500" (of amounts of 1000 or more)
    full_width_rate: float  # messages typed with full-width digits ("１０号", "２晚")
    half_width_punctuation_rate: float  # Chinese typed with the ASCII marks: "," "?"


STYLES: dict[str, Style] = {
    "en": Style(SPLIT_SIZES, "", spaced=True, no_final_punctuation_rate=0.35, lowercase_rate=0.3,
                capitalise_rate=0.75, question_marks=("?",), statement_marks=(".", ".", "!"),
                thousands_comma_rate=0.5, full_width_rate=0.0, half_width_punctuation_rate=0.0),
    # Chinese customers on an app mostly end without a mark; when they do, with full-width
    # ones (an input method's default), and their few Latin letters are mostly lowercase.
    "zh": Style(ZH_SPLIT_SIZES, "zh/", spaced=False, no_final_punctuation_rate=0.6, lowercase_rate=0.3,
                capitalise_rate=0.0, question_marks=("？", "？", "？", "?", "？？"),
                statement_marks=("！", "。", "~", "！", "～"), thousands_comma_rate=0.0, full_width_rate=0.12,
                half_width_punctuation_rate=0.12),
}
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
HALF_WIDTH_MARKS = str.maketrans("，？！：", ",?!:")
QUESTION_MARKS = ("?", "？")
STATEMENT_MARKS = (".", "!", "。", "！")


def glued(outside: str, inside: str, spaced: bool) -> bool:
    """A character next to a span would make one word with it: any letter or digit where
    words are spaced; in Chinese, a Latin letter or digit next to one ("sh15号"), since a
    Chinese span sits right against its neighbours (订{上海}的酒店)."""
    if not outside:
        return False
    if spaced:
        return outside.isalnum()
    return outside.isascii() and inside.isascii() and outside.isalnum() and inside.isalnum()


def _ideographic(word: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in word)


def city_names(language: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Served city -> (its usual name, its other names) in a language, from the seeded
    catalogue (bot/database/seeded_catalogue.yaml). A one-character Chinese abbreviation
    (沪, 京) is written inside compounds (京沪线, 来京), never as the city of a request, so
    the generator leaves those to the normaliser."""
    from bot.database.catalogue import seeded

    cities = seeded().cities
    if language == "en":
        return {city.name: (city.name, (city.name.lower(), *(a for a in city.aliases if not _ideographic(a))))
                for city in cities}
    return {city.name: (city.name_zh, tuple(a for a in city.aliases if _ideographic(a) and len(a) > 1))
            for city in cities}


def tier_words(language: str) -> tuple[str, ...]:
    """The schema's tier words of a language."""
    words = TIER_WORDS if language == "en" else TIER_WORDS_ZH
    return tuple(word for tier_words in words.values() for word in tier_words)


def tier_step_words(language: str) -> tuple[str, ...]:
    """The schema's comparatives of a language ("cheaper", "好一点"): a tier step, no tier."""
    words = TIER_STEP_WORDS if language == "en" else TIER_STEP_WORDS_ZH
    return tuple(word for step_words in words.values() for word in step_words)
