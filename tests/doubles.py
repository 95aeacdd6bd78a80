"""Test doubles shared by the pipeline tests that script what the model reads."""

from __future__ import annotations

from datetime import date
from typing import Optional

from bot.models import ParsedMessage


class ScriptedUnderstanding:
    """Stands in for the model: each text parses to the message the test gave for it.
    Its `parse` follows `bot.understanding.understand.Understanding.parse`."""

    def __init__(self, messages: dict[str, ParsedMessage]):
        self.messages = messages

    def parse(self, text: str, today: date, check_in: Optional[date] = None, context: str = "none",
              options_shown: int = 0, script: str = "hans", planning: bool = False) -> ParsedMessage:
        return self.messages[text]
