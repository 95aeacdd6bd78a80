"""The dialogue context the model reads beside each message.

The bot's last turn decides what a short reply means: "the 11th" answers "When do you
leave?" as a check-out, "sounds good" after a list of hotels picks one. The model sees it as
a second segment of one token: [CLS] message [SEP] context [SEP]. Each context of
schema.CONTEXTS gets one of BERT's reserved "[unused<i>]" vocabulary entries, which the
pretrained encoder never used; training initialises it from the context's words.
"""

from __future__ import annotations

from typing import Callable, Optional

from intents.schema import CONTEXTS


def context_token_ids(token_to_id: Callable[[str], Optional[int]]) -> dict[str, int]:
    """context -> vocabulary id of its reserved token."""
    ids = {context: token_to_id(f"[unused{index}]") for index, context in enumerate(CONTEXTS)}
    missing = [context for context, token_id in ids.items() if token_id is None]
    if missing:
        raise ValueError(f"the tokenizer has no reserved [unused<i>] tokens for the contexts {missing}")
    return ids  # type: ignore[return-value]


def with_context(token_ids: list[int], context_id: int, sep_id: int) -> list[int]:
    """[CLS] message [SEP] -> [CLS] message [SEP] context [SEP]."""
    return [*token_ids, context_id, sep_id]


def dialogue_context(awaiting: Optional[str], confirming: Optional[str], offers_shown: bool) -> str:
    """What the bot's last turn left open, as one of schema.CONTEXTS."""
    if awaiting == "confirm" and confirming:
        return f"confirm_{confirming}"
    if awaiting == "hotel" or (awaiting is None and offers_shown):
        return "offered_hotels"
    asked = f"asks_{awaiting}"
    return asked if asked in CONTEXTS else "none"  # a question with a context of its own (schema.CONTEXTS)
