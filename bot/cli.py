"""The `hotelbot` command line: thin shells over training/ and the bot agent."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields
from pathlib import Path

from training.config import DEFAULT_DATA_DIR, DEFAULT_MODEL_DIR, TrainConfig


def cmd_train(args: argparse.Namespace) -> int:
    from training.finetune import train

    if args.train is None:
        ensure_training_data(DEFAULT_DATA_DIR)
    overrides = {
        name: getattr(args, name)
        for name in ("epochs", "batch_size", "learning_rate", "seed")
        if getattr(args, name) is not None
    }
    config = TrainConfig(
        train_file=Path(args.train or DEFAULT_DATA_DIR / "train.jsonl"),
        dev_file=Path(args.dev or DEFAULT_DATA_DIR / "dev.jsonl"),
        output_dir=Path(args.out or DEFAULT_MODEL_DIR),
        **overrides,
    )
    out = train(config)
    print(f"model written to {out}")
    print((out / "metrics.json").read_text())
    return 0


def ensure_training_data(data_dir: Path) -> None:
    from training.generate import generate

    if not (data_dir / "train.jsonl").exists():
        print(f"generating training data in {data_dir}")
        generate(data_dir)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from training.evaluate import evaluate_model, format_report
    from training.nlu_data import read_jsonl

    examples = read_jsonl(args.data)
    model_dir = Path(args.model)
    result = evaluate_model(model_dir, examples, "int8")
    output = {"model": result}
    if args.compare_fp32:
        output["fp32"] = evaluate_model(model_dir, examples, "fp32")
    if args.baseline:
        from training.baseline import evaluate_baseline

        output["baseline"] = evaluate_baseline(read_jsonl(args.baseline_train), examples)
    if args.json:
        payload = result.model_dump()
        payload.update({key: value.model_dump() for key, value in output.items() if key != "model"})
        if "fp32" in output:
            payload["int8_minus_fp32_points"] = {
                key: round(100 * (getattr(result, key) - getattr(output["fp32"], key)), 2)
                for key in ("intent_exact_match", "slot_f1", "overall_accuracy")
            }
        print(json.dumps(payload))
        return 0
    print("\n\n".join(format_report(value) for value in output.values()))
    if "fp32" in output:
        for key in ("intent_exact_match", "slot_f1", "overall_accuracy"):
            delta = 100 * (getattr(result, key) - getattr(output["fp32"], key))
            print(f"int8 - fp32 {key}: {delta:+.2f} points")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hotelbot", description="hotel-desk customer-service bot")
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="generate data if missing, fine-tune and export the NLU model")
    train.add_argument("--train", help="training JSONL (default: generated data/train.jsonl)")
    train.add_argument("--dev", help="dev JSONL for threshold tuning (default: data/dev.jsonl)")
    train.add_argument("--out", help=f"model directory (default: {DEFAULT_MODEL_DIR})")
    help_of = {f.name: f.metadata.get("help", "") for f in fields(TrainConfig)}
    train.add_argument("--epochs", type=int, help=help_of["epochs"])
    train.add_argument("--batch-size", dest="batch_size", type=int, help=help_of["batch_size"])
    train.add_argument("--learning-rate", dest="learning_rate", type=float, help=help_of["learning_rate"])
    train.add_argument("--seed", type=int, help=help_of["seed"])
    train.set_defaults(handler=cmd_train)

    evaluate = commands.add_parser("evaluate", help="intent / slot / latency metrics on a JSONL set")
    evaluate.add_argument("--data", required=True, help="JSONL in the SPEC section 4 format")
    evaluate.add_argument("--model", default=str(DEFAULT_MODEL_DIR), help="model directory")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--compare-fp32", action="store_true", help="also evaluate the unquantised ONNX model")
    evaluate.add_argument("--baseline", action="store_true", help="also evaluate the TF-IDF + logistic regression baseline")
    evaluate.add_argument("--baseline-train", default=str(DEFAULT_DATA_DIR / "train.jsonl"), help="training data of the baseline")
    evaluate.set_defaults(handler=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
