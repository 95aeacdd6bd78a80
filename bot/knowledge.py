"""The FAQ knowledge base: general policies with per-hotel overrides (in the database),
found by topic, or for free-form questions by embedding similarity with the encoder."""

from __future__ import annotations

from typing import Optional

import numpy as np
from pydantic import BaseModel

from bot.database import Database
from bot.models import Hotel
from bot.understanding.nlu_model import OnnxEmbedder
from bot.wording import DEFAULT_LANGUAGE, for_language
from intents.schema import TOPICS

# How customers ask about each topic, per language: the targets free-form questions are
# matched to. A question is matched to the references of its own language only.
REFERENCE_QUESTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "breakfast": ("Is breakfast included in the price?", "Do you serve a morning meal?"),
        "cancellation": ("What is the cancellation policy?", "Can I get my money back if I cancel?"),
        "check_in_time": ("What time can I check in?", "When can I get into my room on arrival?"),
        "check_out_time": ("What time do I have to check out?", "How late can I leave the room on the last day?"),
        "parking": ("Is there parking for my car?", "Where can I leave my car?"),
        "pets": ("Can I bring my dog?", "Are animals allowed in the hotel?"),
        "wifi": ("Is there free Wi-Fi?", "Can I get online in the room?"),
        "payment": ("How can I pay?", "Do you take credit cards or Alipay?", "Can I pay with Visa or Mastercard?"),
        "invoice": ("Can I get an invoice?", "Will I get a receipt for my company?"),
    },
    "zh": {
        "breakfast": ("房费含早餐吗？", "早上有饭吃吗？"),
        "cancellation": ("订了以后还能取消吗？", "不想住了钱能退回来吗？"),
        "check_in_time": ("几点可以入住？", "到了能马上进房间吗？"),
        "check_out_time": ("最晚几点要退房？", "最后一天可以晚点走吗？"),
        "parking": ("酒店能停车吗？", "开车过去车放哪儿？"),
        "pets": ("可以带狗狗入住吗？", "酒店让带小动物吗？"),
        "wifi": ("房间有免费无线网吗？", "在房间里能上网吗？"),
        "payment": ("可以用什么方式付款？", "能刷信用卡或者用支付宝吗？"),
        "invoice": ("可以开发票吗？", "公司报销需要的票据能给吗？"),
    },
}
assert all(set(questions) == set(TOPICS) for questions in REFERENCE_QUESTIONS.values()), "one entry per schema topic"

# Questions the desk has no policy for, per language. The multilingual encoder puts any two
# hotel questions close (cosines 0.80-0.98), so a threshold alone cannot tell "is there a
# gym?" from "is there parking?": a question nearest to one of these gets no topic.
OTHER_QUESTIONS: dict[str, tuple[str, ...]] = {
    "en": ("Is there a gym or a swimming pool?", "Do you have a spa?", "What is the weather like?",
           "Can you book me a flight or a train?", "Are there good restaurants nearby?",
           "Is there a laundry service?", "How far is it from the airport?", "Can I smoke in the room?",
           "Is there a bar or a restaurant in the hotel?"),
    "zh": ("有健身房或者游泳池吗？", "有没有水疗按摩？", "天气怎么样？", "能帮我订机票火车票吗？", "附近有什么好吃的？",
           "有洗衣服务吗？", "离机场多远？", "房间里能抽烟吗？", "酒店里有酒吧或者餐厅吗？"),
}
assert set(OTHER_QUESTIONS) == set(REFERENCE_QUESTIONS)


class FaqMatch(BaseModel):
    topic: Optional[str]  # None: nothing close enough
    score: float  # cosine similarity of the best reference question
    question: str  # that reference question


class KnowledgeBase:
    def __init__(self, db: Database, embedder: OnnxEmbedder, threshold: float = 0.82):
        self.db = db
        self.embedder = embedder
        self.threshold = threshold  # below it the bot says it does not know (e5 cosines sit high)
        # per language: (topic or None, question) pairs and their vectors [questions, hidden]
        self.references = {language: [(topic, q) for topic in TOPICS for q in questions[topic]]
                           + [(None, q) for q in OTHER_QUESTIONS[language]]
                           for language, questions in REFERENCE_QUESTIONS.items()}
        # one question a pass, as the customer's (a batch of 27 also grew ONNX Runtime's arena
        # by ~16 MB that it kept for the process's life)
        self.reference_vectors = {language: np.stack([embedder.embed(q) for _, q in references])
                                  for language, references in self.references.items()}

    def with_database(self, db: Database) -> "KnowledgeBase":
        """The same embedder and reference vectors over another database."""
        twin = object.__new__(KnowledgeBase)
        twin.__dict__.update(self.__dict__, db=db)
        return twin

    def answer(self, topic: str, hotel: Optional[Hotel] = None, language: str = DEFAULT_LANGUAGE) -> str:
        """The policy on a topic in the reply's language: the hotel's own (introduced by its name) or the general one."""
        text = self.db.policy(topic, hotel.hotel_id if hotel else None, language)
        return for_language(language).at_hotel(hotel, text) if hotel else text

    def match(self, question: str, language: str = DEFAULT_LANGUAGE) -> FaqMatch:
        references = self.references.get(language, self.references[DEFAULT_LANGUAGE])
        vectors = self.reference_vectors.get(language, self.reference_vectors[DEFAULT_LANGUAGE])
        similarities = vectors @ self.embedder.embed(question)  # [questions]
        best = int(np.argmax(similarities))
        topic, reference = references[best]
        score = float(similarities[best])
        return FaqMatch(topic=topic if score >= self.threshold else None, score=round(score, 4), question=reference)
