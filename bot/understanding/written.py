"""A message as the customer wrote it and as the readers read it, with spans mapped back.

The readers may read a rewritten message: Traditional Chinese converted to Simplified
(zh/script.py), chat abbreviations spelt out and misspelt domain words corrected
(en/spelling.py). The model's spans are found in the rewritten text; `span` maps them
to the customer's own characters, so the trace and the Turn show what they wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Optional

from bot.models import Script


def _same_character(char: str) -> str:
    return char


@dataclass(frozen=True)
class Written:
    """``original``: what the customer wrote; ``text``: what the readers read."""

    original: str
    text: str
    script: Optional[Script] = None  # a Chinese message's script; None when it does not tell, or not Chinese
    why: str = ""  # what was rewritten and why, for the trace
    # one character of the original as the rewrite reads it (a Traditional character in
    # Simplified), so that alignment sees it as equal; the character itself otherwise
    by_character: Callable[[str], str] = field(default=_same_character, compare=False, repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets [start, end) of ``text`` as offsets of ``original``: aligned with the original
        read a character at a time, equal stretches map one to one and a word rewritten whole
        (隨身碟 -> U盘, "2moro" -> "tomorrow") maps whole."""
        if len(self.text) == len(self.original):  # rewritten character for character
            return start, end
        characters = "".join(self.by_character(char) for char in self.original)
        begin, finish = 0, len(self.original)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, characters, self.text, autojunk=False).get_opcodes():
            if j1 <= start < j2 or (start == j2 == len(self.text)):
                begin = i1 + (start - j1) if tag == "equal" else i1
            if j1 < end <= j2:
                finish = i1 + (end - j1) if tag == "equal" else i2
        return begin, max(begin, finish)

    @property
    def converted(self) -> bool:
        return self.text != self.original
