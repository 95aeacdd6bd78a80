"""BIO tagging between character spans and word-piece tokens.

Training turns entity character spans into one tag per token; serving turns the
predicted tags back into character spans of the original text via the tokenizer's
offset mapping (offsets are (start, end) character positions, (0, 0) for specials).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from pydantic import BaseModel

from bot.understanding.zh.words import is_chinese

OUTSIDE = "O"
IGNORE_INDEX = -100  # label of special tokens and padding: no loss


class TagSpan(BaseModel):
    slot: str
    start: int
    end: int
    confidence: float


def tag_names(slots: Sequence[str]) -> list[str]:
    """O, then B-/I- for each slot: the label map of the slot head."""
    return [OUTSIDE] + [f"{prefix}-{slot}" for slot in slots for prefix in ("B", "I")]


def own_offsets(offsets: Sequence[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The characters each token really covers. A SentencePiece tokenizer (the multilingual
    encoder's) marks a word start with "▁", so "▁hotel" spans the space before the word,
    and the text starts with a lone "▁" token that shares its offsets with the first
    piece. Leading spaces are cut off, and a token starting where the next one starts gets
    (start, start): it carries no character of its own and, like a special token, no tag.
    WordPiece offsets pass unchanged."""
    cut = []
    for start, end in offsets:
        while start < end and text[start].isspace():
            start += 1
        cut.append((start, end))
    starts = [start for start, end in cut if start < end]  # of the tokens with characters, in order
    own, seen = [], 0
    for start, end in cut:
        if start < end:
            seen += 1
            shared = seen < len(starts) and starts[seen] == start  # the next token with characters starts here too
            own.append((start, start) if shared else (start, end))
        else:
            own.append((start, end))
    return own


def _joins_word(previous: str, char: str) -> bool:
    """Two pieces with no gap between them belong to one word: letters and digits of an
    alphabetic script ("beij" + "##ing", "10" + "th"). Chinese is written without spaces,
    so a CJK character never extends the word before it: "10" + "号" + "上海" are three."""
    return previous.isalnum() and char.isalnum() and not is_chinese(previous + char)


def spans_to_tags(
    offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[str, int, int]], tag_index: dict[str, int]
) -> list[int]:
    """One tag id per token; a token belongs to the span containing its first character."""
    tags: list[int] = []
    for start, end in offsets:
        if start == end:  # special token or padding
            tags.append(IGNORE_INDEX)
            continue
        tag = OUTSIDE
        for slot, span_start, span_end in spans:
            if span_start <= start < span_end:
                tag = f"B-{slot}" if start == span_start else f"I-{slot}"
                break
        tags.append(tag_index[tag])
    return tags


def allowed_transitions(tags: Sequence[str]) -> np.ndarray:
    """[tags, tags] booleans, previous -> next: I-X may only follow B-X or I-X."""
    allowed = np.ones((len(tags), len(tags)), dtype=bool)
    for column, tag in enumerate(tags):
        prefix, _, slot = tag.partition("-")
        if prefix == "I":
            allowed[:, column] = [previous in (f"B-{slot}", f"I-{slot}") for previous in tags]
    return allowed


def best_valid_tags(tag_probs: np.ndarray, allowed: np.ndarray) -> list[int]:
    """One tag id per token ([] for no tokens): Viterbi over [tokens, tags] probabilities,
    the most probable tag sequence in which every I-X continues an X span. Taking each
    token's best tag alone can read "the 30th" as B-check_out I-check_in, two half-dates."""
    if len(tag_probs) == 0:
        return []
    opens_nothing = ~allowed.all(axis=0)  # the I-X columns
    greedy = tag_probs.argmax(axis=1)  # [tokens]
    if not opens_nothing[greedy[0]] and allowed[greedy[:-1], greedy[1:]].all():
        # No sequence scores higher than each token's best tag, so when those already form
        # valid spans (most messages) they are the answer, without the token-by-token search.
        return greedy.tolist()
    log_probs = np.log(np.clip(tag_probs, 1e-12, None))  # [tokens, tags]
    score = np.where(opens_nothing, -np.inf, log_probs[0])  # a sequence cannot open with I-X
    transition = np.where(allowed, 0.0, -np.inf)  # [previous, next]
    back = np.zeros(tag_probs.shape, dtype=np.int64)
    for token in range(1, len(tag_probs)):
        candidates = score[:, None] + transition  # [previous, next]
        back[token] = candidates.argmax(0)
        score = candidates.max(0) + log_probs[token]
    path = [int(score.argmax())]
    for token in range(len(tag_probs) - 1, 0, -1):
        path.append(int(back[token][path[-1]]))
    return path[::-1]


def tags_to_spans(
    offsets: Sequence[tuple[int, int]], tags: Sequence[str], confidences: Sequence[float], text: str
) -> list[TagSpan]:
    """Merge B-X I-X ... runs into character spans; an I-X without a B-X opens a span.

    Word pieces of one word (alphanumeric, no gap between their offsets) stay in the
    span of the word's first piece, so a tag flip inside a word cannot split it.
    """
    spans: list[TagSpan] = []
    current: TagSpan | None = None
    scores: list[float] = []
    prev_end = -1
    for (start, end), tag, confidence in zip(offsets, tags, confidences):
        if start == end:
            continue
        # a word piece glued to the previous one ("beij" + "##ng"), not punctuation after a word
        continues_word = current is not None and start == prev_end and _joins_word(text[start - 1], text[start])
        prev_end = end
        if continues_word:
            current.end = end
            scores.append(confidence)
            continue
        prefix, _, slot = tag.partition("-")
        if current is not None and prefix == "I" and slot == current.slot:
            current.end = end
            scores.append(confidence)
            continue
        if current is not None:
            current.confidence = min(scores)
            spans.append(current)
            current = None
        if prefix in ("B", "I"):
            current = TagSpan(slot=slot, start=start, end=end, confidence=confidence)
            scores = [confidence]
    if current is not None:
        current.confidence = min(scores)
        spans.append(current)
    return [trimmed for span in spans if (trimmed := _trim(span, text)) is not None]


EDGE_PUNCTUATION = " \t\n,.;:!?\"()，。、；：！？“”（）"
CLOSING = {")": "(", "）": "（"}


def _trim(span: TagSpan, text: str) -> TagSpan | None:
    """Drop punctuation and spaces at the edges of a span; None if nothing is left. A
    closing bracket stays when the span opened it: "锦庭酒店（西湖店）"."""
    start, end = span.start, span.end
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        if text[end - 1] in CLOSING and CLOSING[text[end - 1]] in text[start:end - 1]:
            break
        end -= 1
    if end <= start:
        return None
    return span if (start, end) == (span.start, span.end) else span.model_copy(update={"start": start, "end": end})
