"""Wording per language: every sentence a customer reads lives in one module per language
(en.py, zh.py), with the same public names and signatures; `for_language` picks one.
Traditional Chinese is not a module of its own: it is the Chinese module's every string,
converted by OpenCC to the customer's script as it is read (zh_script.write).

The language of a message (SPEC section 7) is Chinese when it holds a CJK ideograph,
English when it holds any other letter; a message without letters ("2", "HB-4821") says
nothing about the language, so the conversation keeps the one it had. A message written
mostly in a script the bot does not serve (kana, hangul, Cyrillic, ...) is not read at all
(`unserved_language`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from types import ModuleType
from typing import Any, Callable, NamedTuple, Optional, Sequence

from bot.models import DialogueState, Hotel, Language, Script
from bot.understanding.zh import script as zh_script
from bot.understanding.zh.words import is_chinese
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


def for_language(language: str, script: Script = "hans") -> ModuleType:
    """The wording module of a language; English for a language the bot does not write.
    Chinese in a Traditional script is the Chinese module read through the converter."""
    words = WORDING.get(language, WORDING[DEFAULT_LANGUAGE])
    return _in_script(script) if words is zh and script in zh_script.TRADITIONAL else words


def for_state(state: DialogueState) -> ModuleType:
    """The wording of a conversation: its language, and its script for Chinese."""
    return for_language(state.language, state.script)


def in_script(text: str, language: str, script: Script) -> str:
    """A reply written in a conversation's script (Chinese only: English is left as it is)."""
    return zh_script.write(text, script) if language == "zh" else text


class _Converted(ModuleType):
    """The Chinese wording module with every string it gives converted to one script."""

    def __init__(self, script: Script) -> None:
        super().__init__(f"{zh.__name__}[{script}]")
        self._script = script

    def __getattr__(self, name: str) -> Any:
        value = getattr(zh, name)
        if callable(value) and not isinstance(value, type):
            return _converting(value, self._script)
        return _convert(value, self._script)


def _converting(function: Callable[..., Any], script: Script) -> Callable[..., Any]:
    def converted(*args: Any, **kwargs: Any) -> Any:
        return _convert(function(*args, **kwargs), script)
    return converted


def _convert(value: Any, script: Script) -> Any:
    if isinstance(value, str):
        return zh_script.write(value, script)
    if isinstance(value, dict):
        return {key: _convert(item, script) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_convert(item, script) for item in value)
    return value


@lru_cache(maxsize=None)
def _in_script(script: Script) -> ModuleType:
    return _Converted(script)


class Unserved(NamedTuple):
    language: str  # "Japanese", "Korean", or "a language in Cyrillic script"
    why: str


# Scripts (the first word of a letter's Unicode name) and the language each one says
_SCRIPT_LANGUAGES = {"HIRAGANA": "Japanese", "KATAKANA": "Japanese", "KATAKANA-HIRAGANA": "Japanese", "HANGUL": "Korean",
                     "THAI": "Thai"}
_SERVED_SCRIPTS = {"LATIN", "CJK"}
UNSERVED_SHARE = 1 / 3  # of a message's letters, from which its language is taken as not served


def unserved_language(text: str) -> Optional[Unserved]:
    """The language of a message written in a script the bot does not serve, or None.
    Japanese shows by its kana: a message of kanji alone reads as Chinese and is served.
    A few foreign letters (a name in Cyrillic in an English message) do not make it foreign."""
    scripts = Counter(_script(char) for char in text if char.isalpha())
    letters = sum(scripts.values())
    unserved = Counter({name: count for name, count in scripts.items() if name not in _SERVED_SCRIPTS})
    if not letters or sum(unserved.values()) < UNSERVED_SHARE * letters:
        return None
    kana = sum(count for name, count in unserved.items() if _SCRIPT_LANGUAGES.get(name) == "Japanese")
    if kana:
        main, count = "HIRAGANA", kana
    else:
        main, count = unserved.most_common(1)[0]
    language = _SCRIPT_LANGUAGES.get(main, f"a language in {main.title()} script")
    return Unserved(language, f"{count} of its {letters} letters are {main.lower()}"
                              f"{' or katakana' if main == 'HIRAGANA' else ''}: {language}, not served")


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    if first in ("FULLWIDTH", "HALFWIDTH"):  # Ａ is Latin, ｶ katakana
        first = name.split(" ", 2)[1]
    return first


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
