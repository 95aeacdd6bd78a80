"""Serving the fine-tuned joint model with ONNX Runtime and the Rust `tokenizers`.

torch and transformers only train: serving imports neither (tests/bot/test_lean_serving.py).
The model directory written by `hotelbot train` holds:
  config.json, model.safetensors  - the fine-tuned torch model
  tokenizer.json   - the tokenizer, read by `tokenizers` alone
  labels.json      - label maps (intents, slots, BIO tags)
  thresholds.json  - one sigmoid threshold per intent, tuned on dev
  metrics.json     - what the training run measured
  model.onnx / model.int8.onnx - the exported model, fp32 and dynamically quantised
  embedder.int8.onnx           - the base encoder as a sentence embedder (FAQ search)
"""

from __future__ import annotations

import ctypes
import functools
import json
import os
from pathlib import Path
from typing import Literal

import numpy as np
import onnxruntime as ort
from pydantic import BaseModel
from tokenizers import Encoding, Tokenizer

from bot.understanding.bio import TagSpan, allowed_transitions, best_valid_tags, own_offsets, tags_to_spans
from bot.understanding.context import with_context

LABELS_FILE = "labels.json"
THRESHOLDS_FILE = "thresholds.json"
METRICS_FILE = "metrics.json"
TOKENIZER_FILE = "tokenizer.json"
ONNX_FILES = {"fp32": "model.onnx", "int8": "model.int8.onnx"}
EMBEDDER_FILE = "embedder.int8.onnx"
MAX_TOKENS = 128  # longer messages are truncated for the model

Variant = Literal["fp32", "int8"]


class LabelMaps(BaseModel):
    intents: list[str]
    slots: list[str]
    tags: list[str]
    contexts: dict[str, int]  # dialogue context -> its token id (bot/understanding/context.py)


class RawPrediction(BaseModel):
    """What the network says about one text, before thresholds pick intents."""

    intent_scores: dict[str, float]  # sigmoid probability per intent
    spans: list[TagSpan]


def ort_session(path: Path) -> ort.InferenceSession:
    options = ort.SessionOptions()
    # Batch-1 requests of a 6-layer encoder: one intra-op thread is as fast as two
    # and leaves the other core to the web server.
    options.intra_op_num_threads = int(os.environ.get("HOTELBOT_ORT_THREADS", "1"))
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    _release_freed_heap()
    return session


def _release_freed_heap() -> None:
    """ONNX Runtime frees the parsed model file once the session is built; glibc keeps those
    pages (~8 MB a session) unless asked to give them back. Other C libraries need not."""
    libc = ctypes.CDLL(None)
    if hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def load_tokenizer(model_dir: Path) -> Tokenizer:
    """The tokenizer saved with the model, cutting at MAX_TOKENS: the file keeps the
    training run's own limit, which serving does not share. One object per file and
    process, shared by the joint model and the embedder (a 38k-piece Unigram takes
    about 29 MB): nobody may change its settings."""
    path = (Path(model_dir) / TOKENIZER_FILE).resolve()
    return _tokenizer(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _tokenizer(path: Path, mtime_ns: int) -> Tokenizer:
    """`mtime_ns` is part of the key so that a model retrained in place is read again."""
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


class OnnxJointModel:
    def __init__(self, model_dir: Path, variant: Variant = "int8"):
        self.model_dir = Path(model_dir)
        self.variant = variant
        self.labels = LabelMaps.model_validate_json((self.model_dir / LABELS_FILE).read_text())
        self.thresholds: dict[str, float] = json.loads((self.model_dir / THRESHOLDS_FILE).read_text())
        self.tokenizer = load_tokenizer(self.model_dir)
        self.sep_id = self.tokenizer.token_to_id("[SEP]")
        self.session = ort_session(self.model_dir / ONNX_FILES[variant])
        self.allowed_transitions = allowed_transitions(self.labels.tags)

    def forward(self, text: str, context: str = "none") -> tuple[Encoding, np.ndarray, np.ndarray]:
        """Tokenize and run the network, batch 1: the forward pass `hotelbot bench` times.
        Returns the encoding, intent logits [1, intents] and slot logits [1, tokens + 2, tags]."""
        encoding = self.tokenizer.encode(text)  # [CLS] pieces [SEP]; offsets (0, 0) on specials
        input_ids = with_context(encoding.ids, self.labels.contexts[context], self.sep_id)
        intent_logits, slot_logits = self.session.run(
            None,
            {
                "input_ids": np.array([input_ids], dtype=np.int64),  # [1, tokens + 2]
                "attention_mask": np.ones((1, len(input_ids)), dtype=np.int64),
            },
        )
        return encoding, intent_logits, slot_logits

    def predict(self, text: str, context: str = "none") -> RawPrediction:
        """`context`: what the bot had just asked (schema.CONTEXTS)."""
        encoding, intent_logits, slot_logits = self.forward(text, context)
        intent_probs = 1.0 / (1.0 + np.exp(-intent_logits[0]))  # [intents]
        offsets = own_offsets(encoding.offsets, text)
        real = [i for i, (start, end) in enumerate(offsets) if start != end]  # not [CLS]/[SEP]/a lone word marker
        tag_probs = _softmax(slot_logits[0, real])  # [real tokens, tags]; the context is not among them
        tag_ids = best_valid_tags(tag_probs, self.allowed_transitions)
        spans = tags_to_spans(
            [offsets[i] for i in real],
            [self.labels.tags[i] for i in tag_ids],
            tag_probs[np.arange(len(tag_ids)), tag_ids].tolist(),
            text,
        )
        return RawPrediction(intent_scores=dict(zip(self.labels.intents, intent_probs.tolist())), spans=spans)

    def passing_intents(self, scores: dict[str, float]) -> list[str]:
        """Intents whose score passes their threshold, best first; may be empty."""
        passed = [name for name, score in scores.items() if score >= self.thresholds.get(name, 0.5)]
        return sorted(passed, key=lambda name: -scores[name])

    def detected_intents(self, scores: dict[str, float]) -> list[str]:
        """The passing intents, or the single best one when none passes: never empty."""
        return self.passing_intents(scores) or [max(scores, key=scores.get)]


class OnnxEmbedder:
    """Sentence embeddings from the base encoder, one text a pass: the int8 model scales its
    activations per batch, so a text's vector would depend on the texts beside it."""

    def __init__(self, model_dir: Path):
        self.tokenizer = load_tokenizer(model_dir)
        self.session = ort_session(Path(model_dir) / EMBEDDER_FILE)

    def embed(self, text: str) -> np.ndarray:
        ids = self.tokenizer.encode(text).ids
        (vectors,) = self.session.run(
            None,
            {
                "input_ids": np.array([ids], dtype=np.int64),  # [1, tokens]
                "attention_mask": np.ones((1, len(ids)), dtype=np.int64),
            },
        )
        return vectors[0]  # [hidden], a unit vector


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(-1, keepdims=True))
    return shifted / shifted.sum(-1, keepdims=True)
