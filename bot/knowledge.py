"""The FAQ knowledge base: general policies with per-hotel overrides (in the database),
found by topic, or for free-form questions by embedding similarity with the encoder."""

from __future__ import annotations

from typing import Optional

import numpy as np
from pydantic import BaseModel

from bot.database import Database
from bot.models import Hotel
from bot.understanding.nlu_model import OnnxEmbedder
from intents.schema import TOPICS

# How customers ask about each topic: the targets free-form questions are matched to.
REFERENCE_QUESTIONS: dict[str, tuple[str, ...]] = {
    "breakfast": ("Is breakfast included in the price?", "Do you serve a morning meal?"),
    "cancellation": ("What is the cancellation policy?", "Can I get my money back if I cancel?"),
    "check_in_time": ("What time can I check in?", "When can I get into my room on arrival?"),
    "check_out_time": ("What time do I have to check out?", "How late can I leave the room on the last day?"),
    "parking": ("Is there parking for my car?", "Where can I leave my car?"),
    "pets": ("Can I bring my dog?", "Are animals allowed in the hotel?"),
    "wifi": ("Is there free Wi-Fi?", "Can I get online in the room?"),
    "payment": ("How can I pay?", "Do you take credit cards or Alipay?"),
    "invoice": ("Can I get an invoice?", "Will I get a receipt for my company?"),
}
assert set(REFERENCE_QUESTIONS) == set(TOPICS), "one entry per schema topic"


class FaqMatch(BaseModel):
    topic: Optional[str]  # None: nothing close enough
    score: float  # cosine similarity of the best reference question
    question: str  # that reference question


class KnowledgeBase:
    def __init__(self, db: Database, embedder: OnnxEmbedder, threshold: float = 0.55):
        self.db = db
        self.embedder = embedder
        self.threshold = threshold  # below it the bot says it does not know
        self.references = [(topic, q) for topic in TOPICS for q in REFERENCE_QUESTIONS[topic]]
        self.reference_vectors = embedder.embed([q for _, q in self.references])  # [questions, hidden]

    def with_database(self, db: Database) -> "KnowledgeBase":
        """The same embedder and reference vectors over another database."""
        twin = object.__new__(KnowledgeBase)
        twin.__dict__.update(self.__dict__, db=db)
        return twin

    def answer(self, topic: str, hotel: Optional[Hotel] = None) -> str:
        text = self.db.policy(topic, hotel.hotel_id if hotel else None)
        return f"At {hotel.name}: {text}" if hotel else text

    def match(self, question: str) -> FaqMatch:
        similarities = self.reference_vectors @ self.embedder.embed([question])[0]  # [questions]
        best = int(np.argmax(similarities))
        topic, reference = self.references[best]
        score = float(similarities[best])
        return FaqMatch(topic=topic if score >= self.threshold else None, score=round(score, 4), question=reference)
