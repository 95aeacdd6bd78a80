"""Which language reads a span: one package per language (en/, zh/), each giving a Reader
(the interface, in reading.py).

The model finds where a slot value is; a language's readers say what it means, in the
canonical values of SPEC section 2, whatever language it was written in. The normaliser
(normalize.py) and the date reader (dates.py) never name a language: they ask this module
which reader a span goes to. A third language is a new package with a READER, listed in
READERS.

Which reader a span goes to: in a message of a language other than English, that
language's reader (a Chinese message reads "12/10" month first); in an English message,
the first reader that claims the span's characters (a stray "上海" is still read as
Chinese), else English. Latin letters in any message may be English words the customer
mixed in ("去sh", "2 nights"): when the language's reader serves nothing in such a span,
the English reader tries it too (read_either).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.understanding import en, zh
from bot.understanding.reading import Reader, Reading


ENGLISH: Reader = en.READER
READERS: dict[str, Reader] = {reader.language: reader for reader in (en.READER, zh.READER)}


def language_of(text: str) -> str:
    """The language of a whole message (SPEC section 7): the first language other than
    English that claims it ("sh 15号 2晚" is Chinese), else English."""
    return next((r.language for r in READERS.values() if r is not ENGLISH and r.is_message(text)), ENGLISH.language)


def reader_of(span: str, language: str = "en") -> Reader:
    """The reader a span of a message in ``language`` goes to (see the module docstring)."""
    if language != ENGLISH.language:
        return READERS[language]
    return next((r for r in READERS.values() if r is not ENGLISH and r.claims(span)), ENGLISH)


def read_either(span: str, language: str, read: Callable[[Reader], Reading]) -> Reading:
    """``read`` with the span's reader; unless that serves nothing and the English reader
    serves the span's Latin letters. A span in neither's writing ("12/10" in a Chinese
    message) keeps its reader's reading; one in Latin letters only that neither serves
    keeps the English reading ("Paris", not "paris")."""
    reader = reader_of(span, language)
    reading = read(reader)
    if reader is ENGLISH or reading.known or not ENGLISH.claims(span):
        return reading
    english = read(ENGLISH)
    return english if english.known or not reader.claims(span) else reading

