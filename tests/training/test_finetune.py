"""Training smoke test on a tiny fixture: train -> export -> evaluate with thresholds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.understanding.nlu_model import LABELS_FILE, ONNX_FILES, THRESHOLDS_FILE, LabelMaps, OnnxJointModel
from training.config import TrainConfig
from training.evaluate import evaluate_model
from training.finetune import WEIGHTS_FILE, label_maps_from, train
from training.nlu_data import read_jsonl

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "nlu_tiny.jsonl"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tiny-model")
    return train(TrainConfig(train_file=FIXTURE, dev_file=FIXTURE, output_dir=out, epochs=8, batch_size=8))


def test_model_directory_holds_everything_needed_to_serve(tiny_model: Path) -> None:
    for name in ("config.json", WEIGHTS_FILE, "tokenizer.json", LABELS_FILE, THRESHOLDS_FILE, "metrics.json",
                 ONNX_FILES["fp32"], ONNX_FILES["int8"], "embedder.int8.onnx"):
        assert (tiny_model / name).exists(), name
    labels = LabelMaps.model_validate_json((tiny_model / LABELS_FILE).read_text())
    assert labels.intents == ["search_hotels", "ask_faq", "greet", "thank"], "label set taken from the data, schema order"
    thresholds = json.loads((tiny_model / THRESHOLDS_FILE).read_text())
    assert set(thresholds) == set(labels.intents) and all(0 < t < 1 for t in thresholds.values())


def test_tiny_model_learns_its_fixture(tiny_model: Path) -> None:
    examples = read_jsonl(FIXTURE)
    fp32 = evaluate_model(tiny_model, examples, "fp32")
    assert fp32.intent_exact_match >= 0.8
    assert fp32.slot_f1 >= 0.8
    int8 = evaluate_model(tiny_model, examples, "int8")
    assert int8.intent_exact_match >= 0.75


def test_spans_map_back_to_the_original_text(tiny_model: Path) -> None:
    model = OnnxJointModel(tiny_model, "fp32")
    text = "Show me hotels in CHENGDU"
    spans = model.predict(text).spans
    assert [(s.slot, text[s.start:s.end]) for s in spans] == [("city", "CHENGDU")]


def test_label_maps_put_unknown_labels_after_the_schema_ones() -> None:
    examples = read_jsonl(FIXTURE)
    examples[0].intents.append("zz_custom")
    assert label_maps_from(examples).intents[-1] == "zz_custom"
