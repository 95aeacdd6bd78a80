"""Training smoke test on a tiny fixture: train -> export -> evaluate with thresholds."""

from __future__ import annotations

import contextlib
import io
import json
import random
from pathlib import Path

import onnx
import pytest
import torch
from transformers import AutoTokenizer

from bot.understanding.bio import IGNORE_INDEX
from training.encoder import base_encoder
from bot.understanding.nlu_model import EMBEDDER_FILE, LABELS_FILE, ONNX_FILES, THRESHOLDS_FILE, LabelMaps, OnnxJointModel
from intents.schema import CONTEXTS
from training.config import TrainConfig
from training.evaluate import evaluate_model
from training.export import HEAD_PREFIXES
from training.finetune import WEIGHTS_FILE, EncodedExample, batches, encode, init_context_embeddings, label_maps_from, train
from training.joint_model import JointIntentSlotModel
from training.nlu_data import EntitySpan, NluExample, read_jsonl

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "nlu_tiny.jsonl"
# a dev line with an intent and a slot the training fixture lacks
DEV_ONLY_LABELS = json.dumps(
    {"text": "is there a spa", "intents": ["ask_spa"], "entities": [{"entity": "spa_kind", "start": 11, "end": 14, "value": "spa"}]}
)


@pytest.fixture(scope="module")
def tiny_training(tmp_path_factory) -> tuple[Path, str]:
    """The model directory and what training wrote to stderr."""
    out = tmp_path_factory.mktemp("tiny-model")
    dev = out / "dev.jsonl"
    dev.write_text(FIXTURE.read_text() + DEV_ONLY_LABELS + "\n")
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        model = train(TrainConfig(train_files=[FIXTURE], dev_files=[dev], output_dir=out / "model", epochs=25, batch_size=8))
    return model, stderr.getvalue()


@pytest.fixture(scope="module")
def tiny_model(tiny_training: tuple[Path, str]) -> Path:
    return tiny_training[0]


def test_model_directory_holds_everything_needed_to_serve(tiny_model: Path) -> None:
    for name in ("config.json", WEIGHTS_FILE, "tokenizer.json", LABELS_FILE, THRESHOLDS_FILE, "metrics.json",
                 ONNX_FILES["fp32"], ONNX_FILES["int8"], EMBEDDER_FILE):
        assert (tiny_model / name).exists(), name
    labels = LabelMaps.model_validate_json((tiny_model / LABELS_FILE).read_text())
    assert labels.intents == ["search_hotels", "ask_faq", "greet", "thank"], "label set taken from the data, schema order"
    thresholds = json.loads((tiny_model / THRESHOLDS_FILE).read_text())
    assert set(thresholds) == set(labels.intents) and all(0 < t < 1 for t in thresholds.values())


def test_dev_labels_the_training_data_lacks_are_ignored_with_a_warning(tiny_training: tuple[Path, str]) -> None:
    model, stderr = tiny_training
    assert "ignoring labels the training data lacks:" in stderr
    assert "intents ask_spa (1 example); slots spa_kind (1 example); 1 example affected" in stderr
    labels = LabelMaps.model_validate_json((model / LABELS_FILE).read_text())
    assert "ask_spa" not in labels.intents and "spa_kind" not in labels.slots
    metrics = json.loads((model / "metrics.json").read_text())
    assert metrics["dev_examples"] == len(read_jsonl(FIXTURE)) + 1, "the example stays, without those labels"


def test_tiny_model_learns_its_fixture(tiny_model: Path) -> None:
    examples = read_jsonl(FIXTURE)
    fp32 = evaluate_model(tiny_model, examples, "fp32")
    assert fp32.intent_exact_match >= 0.8
    assert fp32.slot_f1 >= 0.8
    int8 = evaluate_model(tiny_model, examples, "int8")
    assert int8.intent_exact_match >= fp32.intent_exact_match - 0.05


@pytest.mark.parametrize("file_name", [ONNX_FILES["fp32"], ONNX_FILES["int8"], EMBEDDER_FILE])
def test_exported_graphs_use_the_fused_attention(tiny_model: Path, file_name: str) -> None:
    ops = {node.op_type for node in onnx.load(str(tiny_model / file_name)).graph.node}
    assert {"Attention", "QAttention"} & ops, "eager-attention export should fuse into Attention ops"
    assert "Softmax" not in ops, "no unfused attention left"


def test_int8_model_keeps_the_heads_in_fp32(tiny_model: Path) -> None:
    nodes = onnx.load(str(tiny_model / ONNX_FILES["int8"])).graph.node
    heads = [node for node in nodes if node.name.startswith(HEAD_PREFIXES)]
    assert all(any(node.name.startswith(prefix) for node in heads) for prefix in HEAD_PREFIXES)
    assert all(node.op_type in ("Gemm", "MatMul", "Add") for node in heads), [n.op_type for n in heads]


def test_spans_map_back_to_the_original_text(tiny_model: Path) -> None:
    model = OnnxJointModel(tiny_model, "fp32")
    text = "Show me hotels in CHENGDU"
    spans = model.predict(text).spans
    assert [(s.slot, text[s.start:s.end]) for s in spans] == [("city", "CHENGDU")]


@pytest.fixture(scope="module")
def base_dir():
    with base_encoder(example.text for example in read_jsonl(FIXTURE)) as path:
        yield path


@pytest.fixture(scope="module")
def tokenizer(base_dir):
    return AutoTokenizer.from_pretrained(base_dir)


def test_label_maps_put_unknown_labels_after_the_schema_ones(tokenizer) -> None:
    examples = read_jsonl(FIXTURE)
    examples[0].intents.append("zz_custom")
    assert label_maps_from(examples, tokenizer).intents[-1] == "zz_custom"


def test_the_context_follows_the_message_as_one_untagged_token(tokenizer) -> None:
    example = NluExample(text="the 14th", intents=["inform"], context="asks_check_out",
                         entities=[EntitySpan(entity="check_out", start=0, end=8, value="the 14th")])
    labels = label_maps_from([example], tokenizer)
    assert set(labels.contexts) == set(CONTEXTS) and len(set(labels.contexts.values())) == len(CONTEXTS)
    (item,) = encode([example], tokenizer, labels, max_length=32)
    assert item.input_ids[-2:] == [labels.contexts["asks_check_out"], tokenizer.sep_token_id]
    assert item.tag_ids[-2:] == [IGNORE_INDEX, IGNORE_INDEX]
    assert labels.tags[item.tag_ids[1]] == "B-check_out"  # the message's own tokens keep their tags


def test_context_tokens_start_from_their_words(tokenizer, base_dir) -> None:
    labels = label_maps_from(read_jsonl(FIXTURE), tokenizer)
    model = JointIntentSlotModel.from_encoder(base_dir, len(labels.intents), len(labels.tags), 0.1)
    init_context_embeddings(model, tokenizer, labels)
    embeddings = model.encoder.get_input_embeddings().weight
    words = tokenizer(CONTEXTS["asks_check_out"], add_special_tokens=False)["input_ids"]
    assert torch.allclose(embeddings[labels.contexts["asks_check_out"]], embeddings[words].mean(dim=0))


def _items(lengths: list[int]) -> list[EncodedExample]:
    return [EncodedExample(input_ids=[0] * n, tag_ids=[0] * n, intent_targets=[1.0]) for n in lengths]


def test_training_batches_cover_every_example_once_and_group_similar_lengths() -> None:
    lengths = [random.Random(i).randint(3, 50) for i in range(400)]
    items = _items(lengths)
    drawn = batches(items, 16, random.Random(1))
    assert sorted(id(item) for batch in drawn for item in batch) == sorted(id(item) for item in items)
    padded = sum(len(batch) * max(len(item.input_ids) for item in batch) for batch in drawn)
    assert padded < 1.2 * sum(lengths), "length bucketing keeps padding small"
    again = batches(items, 16, random.Random(1))
    assert [[id(item) for item in batch] for batch in again] == [[id(item) for item in batch] for batch in drawn]


def test_evaluation_batches_keep_the_order() -> None:
    items = _items([5, 9, 3, 7, 4])
    assert [item for batch in batches(items, 2, None) for item in batch] == items
