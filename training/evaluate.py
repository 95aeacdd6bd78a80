"""Measure the served NLU on a JSONL set: intents, slots, whole messages, latency."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np
from pydantic import BaseModel

from bot.models import Script
from bot.understanding.zh import script as zh_script
from bot.understanding.nlu_model import OnnxJointModel, Variant
from bot.database.catalogue import seeded
from bot.understanding.understand import Understanding, rewritten
from training.labels import UnknownLabels, find_unknown_labels
from training.nlu_data import EntitySpan, NluExample

WARMUP_CALLS = 5
EVALUATION_TODAY = date(2026, 12, 1)  # the clock of the generated data: dates read the same every run
TOP_CONFUSIONS = 10

Span = tuple[str, int, int]  # (slot, start, end), end exclusive
IntentsMatch = Callable[[frozenset[str], frozenset[str]], bool]  # (gold, predicted) -> counted as right


def same_intents(gold: frozenset[str], predicted: frozenset[str]) -> bool:
    return gold == predicted


class Scores(BaseModel):
    precision: float
    recall: float
    f1: float
    support: int


class Latency(BaseModel):
    p50: float  # milliseconds per message, batch 1, tokenisation and decoding included
    p95: float
    mean: float


class IntentConfusion(BaseModel):
    gold: list[str]  # sorted intent set
    predicted: list[str]
    count: int


class EvaluationReport(BaseModel):
    system: str
    examples: int
    intent_exact_match: float
    multi_intent_examples: int
    multi_intent_exact_match: float | None
    slot_precision: float | None = None
    slot_recall: float | None = None
    slot_f1: float | None = None
    # a predicted span is right when it overlaps a gold span of its type (each gold one paired once)
    slot_lenient_precision: float | None = None
    slot_lenient_recall: float | None = None
    slot_lenient_f1: float | None = None
    overall_accuracy: float | None = None
    per_intent: dict[str, Scores]
    intent_confusions: list[IntentConfusion]  # the most frequent wrong intent sets, most frequent first
    unknown_labels: UnknownLabels | None = None  # labels of the data the model lacks; None: not checked
    latency_ms: Latency


class Prediction(BaseModel):
    intents: set[str]
    spans: set[Span] | None  # None: the system does not tag slots


def scores(tp: int, fp: int, fn: int) -> Scores:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4), support=tp + fn)


def timed_predictions(
    predict: Callable[[NluExample], Prediction], examples: Sequence[NluExample]
) -> tuple[list[Prediction], Latency]:
    for example in examples[:WARMUP_CALLS]:
        predict(example)
    predictions, millis = [], []
    for example in examples:
        started = time.perf_counter()
        predictions.append(predict(example))
        millis.append((time.perf_counter() - started) * 1000)
    p50, p95 = np.percentile(millis, [50, 95])
    return predictions, Latency(p50=round(float(p50), 2), p95=round(float(p95), 2), mean=round(float(np.mean(millis)), 2))


@dataclass
class SlotCounts:
    """Spans summed over examples: right ones, predicted ones, gold ones."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp, self.predicted, self.gold = self.tp + tp, self.predicted + predicted, self.gold + gold

    def scores(self) -> Scores:
        return scores(self.tp, self.predicted - self.tp, self.gold - self.tp)


def overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def lenient_matches(gold: Iterable[Span], predicted: Iterable[Span]) -> int:
    """The most predicted spans that can each be paired with a distinct gold span of the same
    type overlapping it: a maximum bipartite matching (augmenting paths), because pairing
    greedily can give a gold span to the wrong one of two predictions overlapping it."""
    gold_spans, predicted_spans = list(gold), list(predicted)
    partner: dict[int, int] = {}  # gold index -> predicted index

    def pair(p: int, tried: set[int]) -> bool:
        for g, gold_span in enumerate(gold_spans):
            if g not in tried and overlaps(gold_span, predicted_spans[p]):
                tried.add(g)
                if g not in partner or pair(partner[g], tried):
                    partner[g] = p
                    return True
        return False

    return sum(pair(p, set()) for p in range(len(predicted_spans)))


def top_confusions(errors: Counter[tuple[frozenset[str], frozenset[str]]]) -> list[IntentConfusion]:
    ranked = sorted(errors.items(), key=lambda item: (-item[1], sorted(item[0][0]), sorted(item[0][1])))
    return [
        IntentConfusion(gold=sorted(gold), predicted=sorted(predicted), count=count)
        for (gold, predicted), count in ranked[:TOP_CONFUSIONS]
    ]


def report(
    system: str,
    examples: Sequence[NluExample],
    predictions: list[Prediction],
    latency: Latency,
    intents_match: IntentsMatch = same_intents,
) -> EvaluationReport:
    """Scores of `predictions` against `examples`. `intents_match` decides whether a predicted
    intent set is right (exact and multi-intent match, overall accuracy, confusions), so data
    with another intent convention can be scored by its own rule; per-intent scores stay
    label by label."""
    intent_counts: Counter[tuple[str, str]] = Counter()  # (intent, "tp" | "fp" | "fn")
    errors: Counter[tuple[frozenset[str], frozenset[str]]] = Counter()  # (gold, predicted) -> messages
    exact_slots, lenient_slots = SlotCounts(), SlotCounts()
    exact = overall = multi = multi_exact = 0
    tags_slots = predictions[0].spans is not None if predictions else False
    for example, predicted in zip(examples, predictions):
        gold, guessed = frozenset(example.intents), frozenset(predicted.intents)
        for intent in gold | guessed:
            kind = "tp" if intent in gold and intent in guessed else ("fn" if intent in gold else "fp")
            intent_counts[(intent, kind)] += 1
        intents_right = intents_match(gold, guessed)
        exact += intents_right
        if not intents_right:
            errors[(gold, guessed)] += 1
        if len(gold) >= 2:
            multi += 1
            multi_exact += intents_right
        if tags_slots:
            gold_spans = {(span.entity, span.start, span.end) for span in example.entities}
            exact_slots.add(len(gold_spans & predicted.spans), len(predicted.spans), len(gold_spans))
            lenient_slots.add(lenient_matches(gold_spans, predicted.spans), len(predicted.spans), len(gold_spans))
            overall += intents_right and gold_spans == predicted.spans
    n = len(examples)
    slot = exact_slots.scores() if tags_slots else None
    lenient = lenient_slots.scores() if tags_slots else None
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
        slot_lenient_precision=lenient.precision if lenient else None,
        slot_lenient_recall=lenient.recall if lenient else None,
        slot_lenient_f1=lenient.f1 if lenient else None,
        overall_accuracy=round(overall / n, 4) if tags_slots else None,
        per_intent={
            intent: scores(intent_counts[(intent, "tp")], intent_counts[(intent, "fp")], intent_counts[(intent, "fn")])
            for intent in intents
        },
        intent_confusions=top_confusions(errors),
        latency_ms=latency,
    )


def evaluate_model(
    model_dir: Path,
    examples: Sequence[NluExample],
    variant: Variant = "int8",
    intents_match: IntentsMatch = same_intents,
) -> EvaluationReport:
    """Labels the model lacks are scored as misses, and listed in `unknown_labels`. The intents
    are the understanding stage's, as the bot reads a message (its cues and the search
    constraints of the seeded catalogue: bot/understanding/constraints.py); the spans are the
    model's, mapped back onto the customer's text."""
    model = OnnxJointModel(model_dir, variant)
    understanding = Understanding(model, [name for hotel in seeded().hotels for name in (hotel.name, hotel.name_zh)])

    def predict(example: NluExample) -> Prediction:
        # as the bot reads a message: Traditional Chinese in Simplified, English with its abbreviations
        # and domain spellings corrected, spans mapped back; keyboard noise not read at all
        written, noise = rewritten(example.text, understanding.speller)
        if noise:
            return Prediction(intents=set(), spans=set())
        raw = model.predict(written.text, example.context)
        parsed = understanding.interpret(written, raw, EVALUATION_TODAY, context=example.context)
        return Prediction(
            intents=set(parsed.intents),
            spans={(span.slot, *written.span(span.start, span.end)) for span in raw.spans},
        )

    predictions, latency = timed_predictions(predict, examples)
    result = report(f"joint model, ONNX Runtime {variant}", examples, predictions, latency, intents_match)
    return result.model_copy(update={"unknown_labels": find_unknown_labels(examples, model.labels)})


def in_script(examples: Sequence[NluExample], script: Script) -> list[NluExample]:
    """A Chinese set as the converter writes it in ``script`` (zh_script.write), each gold span
    moved onto the converted text; other examples as they are."""
    converted = []
    for example in examples:
        text = zh_script.write(example.text, script)
        written = zh_script.written(text, example.text, script)  # offsets of the original -> of the converted text
        entities = [EntitySpan(entity=span.entity, start=start, end=end, value=text[start:end])
                    for span in example.entities for start, end in [written.span(span.start, span.end)]]
        converted.append(example.model_copy(update={"text": text, "entities": entities}))
    return converted


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
            f"  slot P / R / F1 exact   {pct(result.slot_precision)} / {pct(result.slot_recall)} / {pct(result.slot_f1)}",
            f"  slot P / R / F1 lenient {pct(result.slot_lenient_precision)} / {pct(result.slot_lenient_recall)}"
            f" / {pct(result.slot_lenient_f1)} (same type, overlapping span)",
            f"  overall (all exact)     {pct(result.overall_accuracy)}",
        ]
    if result.unknown_labels and result.unknown_labels.examples:
        lines.append(f"  labels the model lacks  {result.unknown_labels.describe()} (scored as misses)")
    lines.append(f"  latency batch 1         p50 {result.latency_ms.p50:.2f} ms, p95 {result.latency_ms.p95:.2f} ms")
    lines.append("  per intent               P       R      F1   support")
    for intent, s in result.per_intent.items():
        lines.append(f"    {intent:<20} {s.precision:6.3f}  {s.recall:6.3f}  {s.f1:6.3f}  {s.support:6d}")
    lines += format_confusions(result.intent_confusions)
    return "\n".join(lines)


def format_confusions(confusions: list[IntentConfusion]) -> list[str]:
    if not confusions:
        return ["  intent-set errors        none"]

    def named(intents: list[str]) -> str:
        return " + ".join(intents) or "(none)"

    width = max(len(named(c.gold)) for c in confusions)
    lines = ["  most frequent intent-set errors (gold -> predicted: messages)"]
    lines += [f"    {named(c.gold):<{width}} -> {named(c.predicted)}: {c.count}" for c in confusions]
    return lines
