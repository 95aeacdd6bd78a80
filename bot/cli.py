"""The `hotelbot` command line: thin shells over training/ and the bot agent."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields
from pathlib import Path

from bot.database.paths import database_target
from training.config import DEFAULT_DATA_DIR, DEFAULT_MODEL_DIR, TrainConfig


def cmd_train(args: argparse.Namespace) -> int:
    from training.finetune import train
    from training.rasa_nlu import RasaNluError

    if args.train is None:
        ensure_training_data(DEFAULT_DATA_DIR)
    overrides = {
        name: getattr(args, name)
        for name in ("epochs", "batch_size", "learning_rate", "seed", "threads")
        if getattr(args, name) is not None
    }
    if args.train:
        overrides["train_files"] = [Path(path) for path in args.train]
    if args.dev:
        overrides["dev_files"] = [Path(path) for path in args.dev]
    config = TrainConfig(
        output_dir=Path(args.out or DEFAULT_MODEL_DIR),
        **overrides,
    )
    try:
        out = train(config)
    except RasaNluError as error:  # every line it cannot read, with its place
        print(error, file=sys.stderr)
        return 1
    print(f"model written to {out}")
    print((out / "metrics.json").read_text())
    return 0


def ensure_training_data(data_dir: Path) -> None:
    from training.generate import generate

    if not (data_dir / "train.jsonl").exists():
        print(f"generating training data in {data_dir}")
        generate(data_dir)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from training.evaluate import evaluate_model, format_report, in_script, same_intents
    from training.nlu_data import read_jsonl

    examples = read_jsonl(args.data)
    model_dir = Path(args.model)
    match = same_intents
    if args.people or args.acknowledgements:
        from training.people import acknowledgement_ignored, approval_either_way

        match = approval_either_way if args.people else acknowledgement_ignored
    result = evaluate_model(model_dir, examples, "int8", intents_match=match)
    output = {"model": result}
    if args.traditional:  # the same set as Taiwan's and Hong Kong's customers write it (OpenCC)
        for script in ("tw", "hk"):
            converted = evaluate_model(model_dir, in_script(examples, script), "int8", intents_match=match)
            output[f"traditional_{script}"] = converted.model_copy(update={"system": f"{converted.system}, the set in Traditional ({script})"})
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


def cmd_test(args: argparse.Namespace) -> int:
    from bot.agent import HotelBot
    from bot.dialogue_tests import dialogue_files, format_result, fresh_bot, load_dialogue, run_dialogue
    from bot.database.catalogue_file import CatalogueError

    template = HotelBot.load(model_dir=Path(args.model), db_path=":memory:")
    passed = failed = 0
    for path in dialogue_files(args.paths):
        try:
            dialogue = load_dialogue(path)
            bot = fresh_bot(dialogue, template)
        except (ValueError, OSError, CatalogueError) as error:
            print(f"FAIL {path}: cannot load: {error}")
            failed += 1
            continue
        result = run_dialogue(dialogue, bot, str(path))
        print(format_result(result), flush=True)
        passed, failed = passed + result.passed, failed + (not result.passed)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


def cmd_chat(args: argparse.Namespace) -> int:
    from datetime import date

    from bot.agent import HotelBot

    today = date.fromisoformat(args.today) if args.today else None
    bot = HotelBot.load(today=today, model_dir=Path(args.model), db_path=args.db)
    print("hotelbot — type your message, empty line or Ctrl-D to quit" + (" (--trace shows each turn's trace)" if not args.trace else ""))
    while True:
        try:
            text = input("you> ")
        except EOFError:
            break
        if not text.strip():
            break
        turn = bot.handle("terminal", text, today=today)
        print("bot> " + turn.reply.replace("\n", "\nbot> "))
        if args.trace:
            print(turn.trace.model_dump_json(indent=2, exclude={"entities": {"__all__": {"start", "end"}}}))
    return 0


def cmd_actions(args: argparse.Namespace) -> int:
    from bot.action_server import default_services, serve

    serve(default_services(Path(args.model), args.db), host=args.host, port=args.port, auth_token=args.auth_token)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os
    from datetime import date

    # offline, as `python app.py`: no Gradio telemetry, no Hugging Face Hub look-ups (the workers inherit it)
    for name, value in (("GRADIO_ANALYTICS_ENABLED", "False"), ("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1")):
        os.environ.setdefault(name, value)
    from bot.channels.server import serve

    if args.workers < 1:
        raise SystemExit("--workers must be at least 1")
    today = date.fromisoformat(args.today) if args.today else None
    serve(args.host, args.port, today=today, workers=args.workers, db_path=args.db)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from bot.bench import DEFAULT_OUT, BenchConfig, format_table, run_bench

    overrides = {name: getattr(args, name) for name in ("rounds", "rest_turns", "cold_starts") if getattr(args, name) is not None}
    if args.dialogues:
        overrides["dialogues"] = [Path(path) for path in args.dialogues]
    report = run_bench(BenchConfig(model_dir=Path(args.model), **overrides))
    out = Path(args.out or DEFAULT_OUT)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.model_dump_json(indent=1) + "\n")
    print(report.model_dump_json() if args.json else f"{format_table(report)}\n(JSON written to {out})")
    return 0


def cmd_catalogue(args: argparse.Namespace) -> int:
    """import / export / validate a catalogue file (SPEC section 9) against the configured database."""
    from bot.database import Database
    from bot.database.catalogue_file import CatalogueError, read_catalogue, write_catalogue

    try:
        if args.action == "export":
            with Database.open_default(args.db) as db:
                text = write_catalogue(db.export_catalogue(), args.file)
            if args.file is None:
                sys.stdout.write(text)
            else:
                print(f"catalogue written to {args.file}")
            return 0
        catalogue = read_catalogue(args.file)
        if args.action == "validate":
            print(f"{args.file}: valid: {len(catalogue.cities)} cities, {len(catalogue.hotels)} hotels, "
                  f"{len(catalogue.sights)} sights")
            return 0
        with Database.open_default(args.db) as db:
            counts = db.import_catalogue(catalogue)
    except CatalogueError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"imported {args.file} into {args.db}: " + ", ".join(f"{n} {what}" for what, n in counts.items())
          + " (running servers read the catalogue when they start: restart them)")
    return 0


def cmd_data_export(args: argparse.Namespace) -> int:
    import os

    from training.nlu_data import read_examples
    from training.rasa_nlu import format_rasa_nlu, write_rasa_nlu

    if args.data is None:
        ensure_training_data(DEFAULT_DATA_DIR)
    inputs = [Path(path) for path in args.data or (DEFAULT_DATA_DIR / "train.jsonl", DEFAULT_DATA_DIR / "zh" / "train.jsonl")]
    out = Path(args.out) if args.out else None
    if out is None or out.suffix in (".yml", ".yaml"):
        targets = {out: [example for path in inputs for example in read_examples(path)]}
    else:
        common = Path(os.path.commonpath([path.resolve().parent for path in inputs]))
        targets = {out / path.resolve().relative_to(common).with_suffix(".yml"): read_examples(path) for path in inputs}
    for target, examples in targets.items():
        if target is None:
            text, skipped = format_rasa_nlu(examples)
            sys.stdout.write(text)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            skipped = write_rasa_nlu(target, examples)
            print(f"{len(examples) - len(skipped)} examples written to {target}")
        name = target or "stdout"
        if skipped:
            example, why = skipped[0]
            print(f"warning: {name}: {len(skipped)} examples left out, Rasa NLU cannot express them, "
                  f"e.g. {example.text!r}: {why}", file=sys.stderr)
        if with_context := sum(example.context != "none" for example in examples):
            print(f"note: {name}: {with_context} examples lose their context (what the bot had just asked): "
                  "Rasa NLU has no place for it", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hotelbot", description="hotel-desk customer-service bot")
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="generate data if missing, fine-tune and export the NLU model")
    train.add_argument("--train", nargs="+",
                       help="training files, JSONL or Rasa NLU YAML (.yml, .yaml) (default: TrainConfig.train_files, English and Chinese)")
    train.add_argument("--dev", nargs="+", help="dev JSONL files for threshold tuning (default: data/dev.jsonl, data/zh/dev.jsonl)")
    train.add_argument("--out", help=f"model directory (default: {DEFAULT_MODEL_DIR})")
    help_of = {f.name: f.metadata.get("help", "") for f in fields(TrainConfig)}
    train.add_argument("--epochs", type=int, help=help_of["epochs"])
    train.add_argument("--batch-size", dest="batch_size", type=int, help=help_of["batch_size"])
    train.add_argument("--learning-rate", dest="learning_rate", type=float, help=help_of["learning_rate"])
    train.add_argument("--seed", type=int, help=help_of["seed"])
    train.add_argument("--threads", type=int, help=help_of["threads"])
    train.set_defaults(handler=cmd_train)

    evaluate = commands.add_parser("evaluate", help="intent / slot / latency metrics on a JSONL set")
    evaluate.add_argument("--data", required=True, help="JSONL in the SPEC section 4 format")
    evaluate.add_argument("--model", default=str(DEFAULT_MODEL_DIR), help="model directory")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--compare-fp32", action="store_true", help="also evaluate the unquantised ONNX model")
    evaluate.add_argument("--baseline", action="store_true", help="also evaluate the TF-IDF + logistic regression baseline")
    evaluate.add_argument("--people", action="store_true",
                          help="people-written data labelled without the bot's last act: an approval may be affirm or select_option")
    evaluate.add_argument("--acknowledgements", action="store_true",
                          help="CrossWOZ's convention: an opening acknowledgement (OK) is no affirm, so affirm is left out of both intent sets")
    evaluate.add_argument("--traditional", action="store_true",
                          help="also evaluate the set converted to Traditional Chinese (OpenCC: Taiwan's phrases, Hong Kong's characters)")
    evaluate.add_argument("--baseline-train", default=str(DEFAULT_DATA_DIR / "train.jsonl"), help="training data of the baseline")
    evaluate.set_defaults(handler=cmd_evaluate)

    test = commands.add_parser("test", help="replay scripted dialogue files or folders (SPEC section 3)")
    test.add_argument("paths", nargs="+", help="YAML files or folders of them")
    test.add_argument("--model", default=str(DEFAULT_MODEL_DIR), help="model directory")
    test.set_defaults(handler=cmd_test)

    chat = commands.add_parser("chat", help="talk to the bot in the terminal")
    chat.add_argument("--today", help="the clock, YYYY-MM-DD (default: the real date)")
    chat.add_argument("--trace", action="store_true", help="print each turn's trace")
    chat.add_argument("--model", default=str(DEFAULT_MODEL_DIR), help="model directory")
    chat.add_argument("--db", default=str(database_target()),
                      help="SQLite file (seeded if missing), :memory: or a PostgreSQL URL (default: HOTELBOT_DATABASE_URL, "
                           "else the project's file)")
    chat.set_defaults(handler=cmd_chat)

    actions = commands.add_parser("actions", help="rasa-sdk action server (Rasa's /webhook protocol)")
    actions.add_argument("--host", default="127.0.0.1", help="interface to bind (rasa-sdk's own CLI binds 0.0.0.0)")
    actions.add_argument("--port", type=int, default=5055, help="port")
    actions.add_argument("--model", default=str(DEFAULT_MODEL_DIR), help="model directory (the FAQ embedder)")
    actions.add_argument("--db", default=str(database_target()),
                         help="SQLite file (seeded if missing) or a PostgreSQL URL (default: HOTELBOT_DATABASE_URL, "
                              "else the project's file)")
    actions.add_argument("--auth-token", dest="auth_token",
                         help="require ?token=TOKEN on every route but /health (Rasa's action_endpoint token)")
    actions.set_defaults(handler=cmd_actions)

    serve = commands.add_parser("serve", help="the web UI, REST channel and /health, in one or several worker processes")
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind")
    serve.add_argument("--port", type=int, default=7860, help="port")
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes; they share the database file, its bookings and conversations (default: 1)")
    serve.add_argument("--today", help="fix the bot's clock at YYYY-MM-DD, for a demo or a test (default: the server's date)")
    serve.add_argument("--db", help="SQLite file (seeded if missing) or a PostgreSQL URL (default: "
                                    "HOTELBOT_DATABASE_URL, else the project's file); several workers need one, not :memory:")
    serve.set_defaults(handler=cmd_serve)

    bench = commands.add_parser("bench", help="model forward vs whole turn per stage, REST turns/s, cold start, RSS")
    bench.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    bench.add_argument("--out", help="where the JSON report is also written (default: var/bench.json)")
    bench.add_argument("--dialogues", nargs="+", help="scripted dialogue files or folders replayed as turns (default: tests/dialogues)")
    bench.add_argument("--rounds", type=int, help="replays of every dialogue through the Python API (default: 5)")
    bench.add_argument("--rest-turns", dest="rest_turns", type=int, help="REST turns per concurrency level of 1, 2 and 4 clients (default: 240)")
    bench.add_argument("--cold-starts", dest="cold_starts", type=int, help="`hotelbot chat` starts timed to the first reply (default: 3)")
    bench.add_argument("--model", default=str(DEFAULT_MODEL_DIR), help="model directory")
    bench.set_defaults(handler=cmd_bench)

    catalogue = commands.add_parser("catalogue", help="import, export or validate an agency's catalogue file (SPEC section 9)")
    catalogue_actions = catalogue.add_subparsers(dest="action", required=True)
    db_help = "SQLite file (seeded if missing) or a PostgreSQL URL (default: HOTELBOT_DATABASE_URL, else the project's file)"
    for action, file_help in (("import", "the catalogue YAML to load, all or nothing"),
                              ("export", "where to write the database's catalogue (default: standard output)"),
                              ("validate", "the catalogue YAML to check; every error is listed with its place")):
        command = catalogue_actions.add_parser(action, help=file_help)
        command.add_argument("file", nargs="?" if action == "export" else None, help=file_help)
        if action != "validate":
            command.add_argument("--db", default=str(database_target()), help=db_help)
    catalogue.set_defaults(handler=cmd_catalogue)

    data = commands.add_parser("data", help="the NLU training data in other formats")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    export = data_commands.add_parser("export", help="write NLU examples as Rasa NLU YAML (their context is lost)")
    export.add_argument("--format", choices=["rasa"], default="rasa", help="Rasa NLU YAML, version 3.1 (the default and only one)")
    export.add_argument("--data", nargs="+", help="JSONL or Rasa NLU YAML files to export "
                                                  "(default: data/train.jsonl and data/zh/train.jsonl, generated if missing)")
    export.add_argument("--out", help="a .yml or .yaml file: every example in it; else a folder: one .yml per input, laid out as "
                                      "the inputs are below their common folder (train.yml, zh/train.yml) (default: all to stdout)")
    export.set_defaults(handler=cmd_data_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
