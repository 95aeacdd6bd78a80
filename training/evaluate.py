"""Measure the served NLU on a JSONL set: intents, slots, whole messages, latency."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from pydantic import BaseModel

from bot.understanding.nlu_model import OnnxJointModel, Variant
from training.nlu_data import NluExample

WARMUP_CALLS = 5


class Scores(BaseModel):
    precision: float
    recall: float
    f1: float
    support: int


class Latency(BaseModel):
    p50: float  # milliseconds per message, batch 1, tokenisation and decoding included
    p95: float
    mean: float


class EvaluationReport(BaseModel):
    system: str
    examples: int
    intent_exact_match: float
    multi_intent_examples: int
    multi_intent_exact_match: float | None
    slot_precision: float | None = None
    slot_recall: float | None = None
    slot_f1: float | None = None
    overall_accuracy: float | None = None
    per_intent: dict[str, Scores]
    latency_ms: Latency


class Prediction(BaseModel):
    intents: set[str]
    spans: set[tuple[str, int, int]] | None  # None: the system does not tag slots


def scores(tp: int, fp: int, fn: int) -> Scores:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4), support=tp + fn)


def timed_predictions(
    predict: Callable[[str], Prediction], examples: Sequence[NluExample]
) -> tuple[list[Prediction], Latency]:
    for example in examples[:WARMUP_CALLS]:
        predict(example.text)
    predictions, millis = [], []
    for example in examples:
        started = time.perf_counter()
        predictions.append(predict(example.text))
        millis.append((time.perf_counter() - started) * 1000)
    p50, p95 = np.percentile(millis, [50, 95])
    return predictions, Latency(p50=round(float(p50), 2), p95=round(float(p95), 2), mean=round(float(np.mean(millis)), 2))


def report(system: str, examples: Sequence[NluExample], predictions: list[Prediction], latency: Latency) -> EvaluationReport:
    intent_counts: Counter[tuple[str, str]] = Counter()  # (intent, "tp" | "fp" | "fn")
    slot_tp = slot_fp = slot_fn = 0
    exact = overall = multi = multi_exact = 0
    tags_slots = predictions[0].spans is not None if predictions else False
    for example, predicted in zip(examples, predictions):
        gold = set(example.intents)
        for intent in gold | predicted.intents:
            kind = "tp" if intent in gold and intent in predicted.intents else ("fn" if intent in gold else "fp")
            intent_counts[(intent, kind)] += 1
        intents_right = gold == predicted.intents
        exact += intents_right
        if len(gold) >= 2:
            multi += 1
            multi_exact += intents_right
        if tags_slots:
            gold_spans = {(span.entity, span.start, span.end) for span in example.entities}
            slot_tp += len(gold_spans & predicted.spans)
            slot_fp += len(predicted.spans - gold_spans)
            slot_fn += len(gold_spans - predicted.spans)
            overall += intents_right and gold_spans == predicted.spans
    n = len(examples)
    slot = scores(slot_tp, slot_fp, slot_fn) if tags_slots else None
    intents = sorted({intent for intent, _ in intent_counts})
    return EvaluationReport(
        system=system,
        examples=n,
        intent_exact_match=round(exact / n, 4),
        multi_intent_examples=multi,
        multi_intent_exact_match=round(multi_exact / multi, 4) if multi else None,
        slot_precision=slot.precision if slot else None,
        slot_recall=slot.recall if slot else None,
        slot_f1=slot.f1 if slot else None,
        overall_accuracy=round(overall / n, 4) if tags_slots else None,
        per_intent={
            intent: scores(intent_counts[(intent, "tp")], intent_counts[(intent, "fp")], intent_counts[(intent, "fn")])
            for intent in intents
        },
        latency_ms=latency,
    )


def evaluate_model(model_dir: Path, examples: Sequence[NluExample], variant: Variant = "int8") -> EvaluationReport:
    model = OnnxJointModel(model_dir, variant)

    def predict(text: str) -> Prediction:
        raw = model.predict(text)
        return Prediction(
            intents=set(model.detected_intents(raw.intent_scores)),
            spans={(span.slot, span.start, span.end) for span in raw.spans},
        )

    predictions, latency = timed_predictions(predict, examples)
    return report(f"joint model, ONNX Runtime {variant}", examples, predictions, latency)


def format_report(result: EvaluationReport) -> str:
    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{100 * value:.2f} %"

    lines = [
        f"{result.system} on {result.examples} examples",
        f"  intent exact match      {pct(result.intent_exact_match)}",
        f"  multi-intent exact      {pct(result.multi_intent_exact_match)} ({result.multi_intent_examples} messages with 2+ intents)",
    ]
    if result.slot_f1 is not None:
        lines += [
            f"  slot P / R / F1         {pct(result.slot_precision)} / {pct(result.slot_recall)} / {pct(result.slot_f1)}",
            f"  overall (all exact)     {pct(result.overall_accuracy)}",
        ]
    lines.append(f"  latency batch 1         p50 {result.latency_ms.p50:.2f} ms, p95 {result.latency_ms.p95:.2f} ms")
    lines.append("  per intent               P       R      F1   support")
    for intent, s in result.per_intent.items():
        lines.append(f"    {intent:<20} {s.precision:6.3f}  {s.recall:6.3f}  {s.f1:6.3f}  {s.support:6d}")
    return "\n".join(lines)
