"""Free-form FAQ questions matched by the encoder's sentence embeddings, per language."""

from __future__ import annotations

import pytest

from bot.knowledge import OTHER_QUESTIONS, REFERENCE_QUESTIONS


@pytest.mark.parametrize(
    ("language", "question", "topic"),
    [
        ("en", "do you guys serve food in the morning", "breakfast"),
        ("en", "where do i leave my car", "parking"),
        ("en", "will i get my money back if plans change", "cancellation"),
        ("en", "can i get internet in my room", "wifi"),
        ("zh", "早上有早饭吗", "breakfast"),
        ("zh", "车停哪里", "parking"),
        ("zh", "能用微信付吗", "payment"),
        ("zh", "几点前要退房", "check_out_time"),
        # what the desk has no policy for is nearest to an "other" question: no topic
        ("en", "do you have a gym", None),
        ("en", "what's the weather like tomorrow", None),
        ("zh", "有泳池吗", None),
        ("zh", "这附近有什么好吃的", None),
    ],
)
def test_a_question_finds_its_topic_or_none(template_bot, language: str, question: str, topic: str | None) -> None:
    knowledge = template_bot.actions["action_answer_faq"].services.knowledge
    match = knowledge.match(question, language)
    assert match.topic == topic, match


def test_every_language_has_references_and_other_questions() -> None:
    assert set(REFERENCE_QUESTIONS) == set(OTHER_QUESTIONS) == {"en", "zh"}


def test_a_reference_question_asked_word_for_word_matches_itself(template_bot) -> None:
    """The references are embedded one at a time, as a customer's question is: int8
    activations are scaled per batch, so a batch would move them off the question's vector."""
    knowledge = template_bot.actions["action_answer_faq"].services.knowledge
    for language, references in knowledge.references.items():
        for topic, question in references[:: len(references) // 4]:
            match = knowledge.match(question, language)
            assert (match.topic, match.question, match.score) == (topic, question, 1.0), match
