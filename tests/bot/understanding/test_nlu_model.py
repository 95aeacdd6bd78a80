"""Picking intents from the model's scores with the per-intent thresholds."""

from __future__ import annotations

import pytest

from bot.understanding.nlu_model import OnnxJointModel


@pytest.fixture
def model() -> OnnxJointModel:
    bare = OnnxJointModel.__new__(OnnxJointModel)  # thresholds only: no ONNX session needed
    bare.thresholds = {"affirm": 0.8, "cancel_booking": 0.55, "deny": 0.5}
    return bare


@pytest.mark.parametrize(
    "scores, passing, detected",
    [
        ({"affirm": 0.9, "cancel_booking": 0.95, "deny": 0.1}, ["cancel_booking", "affirm"], ["cancel_booking", "affirm"]),
        ({"affirm": 0.79, "cancel_booking": 0.6, "deny": 0.1}, ["cancel_booking"], ["cancel_booking"]),
        ({"affirm": 0.7, "cancel_booking": 0.3, "deny": 0.2}, [], ["affirm"]),
        ({"affirm": 0.1, "cancel_booking": 0.1, "greet": 0.5}, ["greet"], ["greet"]),  # no threshold: 0.5
    ],
)
def test_thresholds_pick_the_intents(model: OnnxJointModel, scores, passing, detected) -> None:
    assert model.passing_intents(scores) == passing
    assert model.detected_intents(scores) == detected, "never empty: the best intent when none passes"


TEXTS = ["book a hotel in Shanghai on the 10th", "上海的酒店，１０号入住两晚", "Café NAÏVE 😀 HB-2JFT", "hi", "word " * 300]


def test_serving_tokenizes_as_training_did(model_dir) -> None:
    """`tokenizers` alone reads the model's tokenizer as transformers does in training,
    long messages cut at MAX_TOKENS."""
    from transformers import AutoTokenizer

    from bot.understanding.nlu_model import MAX_TOKENS, load_tokenizer

    training = AutoTokenizer.from_pretrained(model_dir)
    serving = load_tokenizer(model_dir)
    for text in TEXTS:
        expected = training(text, truncation=True, max_length=MAX_TOKENS, return_offsets_mapping=True)
        encoding = serving.encode(text)
        assert encoding.ids == expected["input_ids"] and encoding.offsets == [tuple(o) for o in expected["offset_mapping"]]


def test_one_tokenizer_per_model_file(model_dir, tmp_path) -> None:
    """The joint model and the embedder share the tokenizer object (about 29 MB each);
    a tokenizer file rewritten in place is read again."""
    import os
    import shutil

    from bot.understanding.nlu_model import TOKENIZER_FILE, OnnxEmbedder, load_tokenizer

    assert OnnxEmbedder(model_dir).tokenizer is OnnxJointModel(model_dir).tokenizer is load_tokenizer(model_dir)
    shutil.copy(model_dir / TOKENIZER_FILE, tmp_path / TOKENIZER_FILE)
    first = load_tokenizer(tmp_path)
    assert load_tokenizer(tmp_path) is first and first is not load_tokenizer(model_dir)
    stat = (tmp_path / TOKENIZER_FILE).stat()
    os.utime(tmp_path / TOKENIZER_FILE, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_tokenizer(tmp_path) is not first
