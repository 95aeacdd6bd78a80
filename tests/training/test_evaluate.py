"""Scoring hand-made predictions: exact vs lenient slots, intent-set confusions, an
intent equivalence rule, and data whose labels the model lacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.understanding.nlu_model import LabelMaps
from training.evaluate import (
    TOP_CONFUSIONS,
    EvaluationReport,
    Latency,
    Prediction,
    format_report,
    lenient_matches,
    report,
)
from training.labels import drop_unknown_labels, find_unknown_labels
from training.nlu_data import EntitySpan, NluExample, write_jsonl

LATENCY = Latency(p50=1.0, p95=2.0, mean=1.0)
TEXT = "On the 11th I will be leaving."  # "the 11th" is 3:11, "11th" is 7:11


def example(intents: list[str], *spans: tuple[str, int, int], text: str = TEXT) -> NluExample:
    entities = [EntitySpan(entity=slot, start=start, end=end, value=text[start:end]) for slot, start, end in spans]
    return NluExample(text=text, intents=intents, entities=entities)


def predicted(intents: set[str], *spans: tuple[str, int, int]) -> Prediction:
    return Prediction(intents=intents, spans=set(spans))


def score(pairs: list[tuple[NluExample, Prediction]], **options) -> EvaluationReport:
    return report("test", [gold for gold, _ in pairs], [guess for _, guess in pairs], LATENCY, **options)


# ------------------------------------------------------------------------- slots


def test_a_shorter_span_of_the_right_type_is_lenient_right_and_exact_wrong() -> None:
    result = score([(example(["inform"], ("check_out", 3, 11)), predicted({"inform"}, ("check_out", 7, 11)))])
    assert (result.slot_precision, result.slot_recall, result.slot_f1) == (0.0, 0.0, 0.0)
    assert (result.slot_lenient_precision, result.slot_lenient_recall, result.slot_lenient_f1) == (1.0, 1.0, 1.0)
    assert result.overall_accuracy == 0.0, "overall stays exact"


def test_an_overlapping_span_of_the_wrong_type_is_wrong_in_both() -> None:
    result = score([(example(["inform"], ("check_out", 3, 11)), predicted({"inform"}, ("check_in", 3, 11)))])
    assert result.slot_f1 == 0.0
    assert result.slot_lenient_f1 == 0.0


def test_lenient_and_exact_agree_on_exact_spans_and_count_misses() -> None:
    text = "from the 10th to the 14th"
    gold = example(["inform"], ("check_in", 5, 13), ("check_out", 17, 25), text=text)
    result = score([(gold, predicted({"inform"}, ("check_in", 5, 13)))])
    assert (result.slot_precision, result.slot_recall) == (1.0, 0.5)
    assert (result.slot_lenient_precision, result.slot_lenient_recall) == (1.0, 0.5)


def test_a_gold_span_is_matched_once() -> None:
    """Two predictions inside one gold span: one is right, the other a false positive."""
    halves = predicted({"inform"}, ("check_out", 3, 6), ("check_out", 7, 11))
    result = score([(example(["inform"], ("check_out", 3, 11)), halves)])
    assert (result.slot_lenient_precision, result.slot_lenient_recall) == (0.5, 1.0)


def test_lenient_matching_finds_the_best_pairing_not_the_first() -> None:
    """A long prediction overlaps both gold spans, a short one only the first: pairing the
    long one with the first gold span would leave the short one unmatched."""
    gold = [("city", 0, 5), ("city", 10, 15)]
    long_one, short_one = ("city", 0, 15), ("city", 2, 4)
    assert lenient_matches(gold, [long_one, short_one]) == 2
    assert lenient_matches(gold, [short_one, long_one]) == 2
    assert lenient_matches(gold, [("city", 5, 10)]) == 0, "touching ends do not overlap"


# ------------------------------------------------------------------------- intents


def test_confusions_count_intent_set_errors_most_frequent_first() -> None:
    pairs = (
        [(example(["book_hotel", "ask_faq"]), predicted({"book_hotel"}))] * 3
        + [(example(["inform"]), predicted(set()))] * 2
        + [(example(["greet"]), predicted({"greet"}))] * 4
    )
    result = score(pairs)
    assert [(c.gold, c.predicted, c.count) for c in result.intent_confusions] == [
        (["ask_faq", "book_hotel"], ["book_hotel"], 3),
        (["inform"], [], 2),
    ]
    text = format_report(result)
    assert "ask_faq + book_hotel -> book_hotel: 3" in text
    assert "inform               -> (none): 2" in text


def test_confusions_keep_the_top_ten() -> None:
    intents = [f"intent_{i:02d}" for i in range(TOP_CONFUSIONS + 2)]
    pairs = [(example([intent]), predicted({"greet"})) for n, intent in enumerate(intents) for _ in range(n + 1)]
    confusions = score(pairs).intent_confusions
    assert len(confusions) == TOP_CONFUSIONS
    assert confusions[0].gold == [intents[-1]] and confusions[0].count == len(intents)
    assert [c.count for c in confusions] == sorted((c.count for c in confusions), reverse=True)


def test_an_equivalence_rule_decides_which_intent_sets_are_right() -> None:
    """E.g. data labelled in context calls a lone slot answer `inform` where the model says
    search_hotels: a rule that accepts it scores those messages as right."""

    def inform_may_be_a_search(gold: frozenset[str], guess: frozenset[str]) -> bool:
        return gold == guess or (gold == {"inform"} and guess == {"search_hotels"})

    pairs = [
        (example(["inform"], ("check_out", 3, 11)), predicted({"search_hotels"}, ("check_out", 3, 11))),
        (example(["book_hotel", "ask_faq"]), predicted({"book_hotel"})),
        (example(["greet"]), predicted({"greet"})),
    ]
    default, lenient = score(pairs), score(pairs, intents_match=inform_may_be_a_search)
    assert default.intent_exact_match == round(1 / 3, 4) and lenient.intent_exact_match == round(2 / 3, 4)
    assert default.overall_accuracy == round(1 / 3, 4) and lenient.overall_accuracy == round(2 / 3, 4)
    assert [c.gold for c in lenient.intent_confusions] == [["ask_faq", "book_hotel"]]
    assert lenient.multi_intent_exact_match == 0.0
    assert lenient.per_intent == default.per_intent, "per-intent scores stay label by label"


# ------------------------------------------------------------------------- unknown labels

LABELS = LabelMaps(intents=["inform", "greet"], slots=["check_out"], tags=["O", "B-check_out", "I-check_out"], contexts={"none": 1})


def unknown_label_examples() -> list[NluExample]:
    return [
        example(["inform", "zz_custom"], ("check_out", 3, 11)),
        example(["inform"], ("spa", 3, 11)),
        example(["zz_custom"], ("spa", 3, 6), ("spa", 7, 11)),
        example(["greet"]),
    ]


def test_unknown_labels_are_named_with_the_examples_carrying_them() -> None:
    found = find_unknown_labels(unknown_label_examples(), LABELS)
    assert (found.intents, found.slots, found.examples) == ({"zz_custom": 2}, {"spa": 2}, 3)
    assert found.describe() == "intents zz_custom (2 examples); slots spa (2 examples); 3 examples affected"
    assert find_unknown_labels([example(["greet"])], LABELS).examples == 0


def test_dropping_unknown_labels_keeps_the_known_ones() -> None:
    kept, dropped = drop_unknown_labels(unknown_label_examples(), LABELS)
    assert [e.intents for e in kept] == [["inform"], ["inform"], [], ["greet"]]
    assert [[s.entity for s in e.entities] for e in kept] == [["check_out"], [], [], []]
    assert dropped.examples == 3
    assert find_unknown_labels(kept, LABELS).examples == 0


def test_evaluate_reports_labels_the_model_lacks_instead_of_crashing(
    model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "people.jsonl"
    write_jsonl(data, [example(["inform"], ("check_out", 3, 11)), example(["ask_spa"], ("spa_kind", 11, 14), text="is there a spa?")])
    assert main(["evaluate", "--data", str(data), "--model", str(model_dir), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["unknown_labels"] == {"intents": {"ask_spa": 1}, "slots": {"spa_kind": 1}, "examples": 1}
    assert {"slot_lenient_precision", "slot_lenient_recall", "slot_lenient_f1", "intent_confusions"} <= set(payload)
    assert payload["per_intent"]["ask_spa"]["recall"] == 0.0, "an intent the model lacks is a miss"

    assert main(["evaluate", "--data", str(data), "--model", str(model_dir)]) == 0
    text = capsys.readouterr().out
    assert "labels the model lacks  intents ask_spa (1 example); slots spa_kind (1 example); 1 example affected" in text
    assert "slot P / R / F1 lenient" in text


def test_the_chinese_held_out_in_traditional_scores_within_a_point_of_simplified(model_dir: Path) -> None:
    """The converter's Traditional copy of the Chinese held-out (Taiwan's and Hong Kong's), read
    as the bot reads it, is understood as well as the Simplified original."""
    from training.config import DEFAULT_DATA_DIR
    from training.evaluate import evaluate_model, in_script
    from training.nlu_data import read_jsonl

    examples = read_jsonl(DEFAULT_DATA_DIR / "zh" / "heldout.jsonl")[:400]
    simplified = evaluate_model(model_dir, examples)
    for script in ("tw", "hk"):
        converted = in_script(examples, script)
        assert sum(a.text != b.text for a, b in zip(examples, converted)) > len(examples) // 2
        traditional = evaluate_model(model_dir, converted)
        assert abs(traditional.intent_exact_match - simplified.intent_exact_match) <= 0.01
        assert abs(traditional.slot_f1 - simplified.slot_f1) <= 0.01
