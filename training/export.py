"""Export the fine-tuned model to ONNX, quantise it to int8, and export the embedder."""

from __future__ import annotations

from pathlib import Path

import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel

from bot.understanding.nlu_model import EMBEDDER_FILE, ONNX_FILES
from training.joint_model import JointIntentSlotModel, MeanPoolingEmbedder

OPSET = 17
DYNAMIC_AXES = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}}


def _export(module: torch.nn.Module, tokenizer, path: Path, outputs: list[str], axes: dict) -> None:
    module.eval()
    sample = tokenizer(["book a hotel in Shanghai on the 10th", "hi"], padding=True, return_tensors="pt")
    with torch.no_grad():
        torch.onnx.export(
            module,
            (sample["input_ids"], sample["attention_mask"]),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=outputs,
            dynamic_axes={**DYNAMIC_AXES, **axes},
            opset_version=OPSET,
            dynamo=False,
        )


def _quantise(source: Path, target: Path) -> None:
    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8)


def export_all(model: JointIntentSlotModel, tokenizer, encoder_dir: Path, out: Path) -> None:
    fp32 = out / ONNX_FILES["fp32"]
    _export(
        model,
        tokenizer,
        fp32,
        ["intent_logits", "slot_logits"],
        {"intent_logits": {0: "batch"}, "slot_logits": {0: "batch", 1: "tokens"}},
    )
    _quantise(fp32, out / ONNX_FILES["int8"])

    embedder_fp32 = out / "embedder.onnx"
    _export(MeanPoolingEmbedder(AutoModel.from_pretrained(encoder_dir)), tokenizer, embedder_fp32, ["embedding"], {"embedding": {0: "batch"}})
    _quantise(embedder_fp32, out / EMBEDDER_FILE)
    embedder_fp32.unlink()
