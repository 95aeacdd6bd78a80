"""Wording per language: every sentence a customer reads lives in one module per language
(en.py, zh.py), with the same public names and signatures; `for_language` picks one.

The language of a message (SPEC section 7) is Chinese when it holds a CJK ideograph,
English when it holds any other letter; a message without letters ("2", "HB-4821") says
nothing about the language, so the conversation keeps the one it had.
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any, Sequence

from bot.models import Hotel, Language
from bot.understanding.zh_words import is_chinese
from bot.wording import en, zh
from intents.schema import REF_PREFIX

WORDING: dict[str, ModuleType] = {"en": en, "zh": zh}
LANGUAGES: tuple[Language, ...] = ("en", "zh")
DEFAULT_LANGUAGE: Language = "en"

# A booking reference is letters by its shape, not by the customer's language.
_REFERENCE = re.compile(re.escape(REF_PREFIX) + r"[0-9A-Za-z]+", re.I)


def language_of(text: str, previous: Language = DEFAULT_LANGUAGE) -> Language:
    """The language of a message: zh with a CJK ideograph, en with another letter, else ``previous``."""
    if is_chinese(text):
        return "zh"
    if any(char.isalpha() for char in _REFERENCE.sub(" ", text)):
        return "en"
    return previous


def for_language(language: str) -> ModuleType:
    """The wording module of a language; English for a language the bot does not write."""
    return WORDING.get(language, WORDING[DEFAULT_LANGUAGE])


def noted(words: ModuleType, changes: Sequence[tuple[str, Any]]) -> str:
    """What a correction changed (Policy._corrections: ("stay", (check-in, check-out)),
    ("hotel", Hotel), else (slot, value)), each named as ``words``' language names it."""
    return words.correction_noted([_named(words, kind, value) for kind, value in changes])


def _named(words: ModuleType, kind: str, value: Any) -> str:
    if kind == "stay":
        return words.stay(*value)
    if kind == "hotel":
        return words.hotel_name(value) if isinstance(value, Hotel) else str(value)
    if kind in ("guests", "rooms"):
        return words.quantity(int(value), kind[:-1])
    if kind == "tier":
        return words.tier_label(str(value))
    if kind == "max_price":
        return words.price_cap(float(value))
    return words.city_name(str(value))
