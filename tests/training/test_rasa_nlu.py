"""Rasa NLU YAML beside the JSONL: reading with the place of every problem, writing, the
round trip, `hotelbot data export` and `hotelbot train --train F.yml`."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from training.generate import generate_examples
from training.nlu_data import EntitySpan, NluExample, read_examples, write_jsonl
from training.rasa_nlu import RasaNluError, format_rasa_nlu, read_rasa_nlu, write_rasa_nlu

SAMPLE = """\
version: "3.1"
nlu:
- intent: book_hotel
  examples: |
    - book a room in [Shanghai](city) for [two](guests)
    - [the 10th]{"entity": "check_in", "value": "2026-12-10"} at [花间堂酒店(机场店)](hotel) please
- intent: book_hotel+ask_faq
  examples: |
    - a room in [Beijing](city:Beijing), and is [breakfast](topic) included?
- synonym: Shanghai
  examples: |
    - SH
- regex: booking_ref
  examples: |
    - HB-[A-Z0-9]{4,9}
- lookup: city
  examples: |
    - Sanya
- intent: search_hotels
  examples: |

    -   有没有[上海](city)[五星](tier)的酒店  
responses:
  utter_greet:
  - text: hello
"""


def span(entity: str, text: str, value: str) -> EntitySpan:
    start = text.index(value)
    return EntitySpan(entity=entity, start=start, end=start + len(value), value=value)


def example(text: str, intents: list[str], *spans: tuple[str, str], context: str = "none") -> NluExample:
    return NluExample(text=text, intents=intents, entities=[span(entity, text, value) for entity, value in spans],
                      context=context)


def errors_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "nlu.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RasaNluError) as raised:
        read_rasa_nlu(path)
    assert str(raised.value) == "\n".join(raised.value.errors)
    return [error.removeprefix(f"{path}:") for error in raised.value.errors]


def test_reads_single_and_multi_intent_examples_with_their_spans(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text(SAMPLE, encoding="utf-8")
    assert read_rasa_nlu(path) == [
        example("book a room in Shanghai for two", ["book_hotel"], ("city", "Shanghai"), ("guests", "two")),
        # the surface stays the value: the normalised 2026-12-10 is Rasa's synonym, not our span
        example("the 10th at 花间堂酒店(机场店) please", ["book_hotel"], ("check_in", "the 10th"), ("hotel", "花间堂酒店(机场店)")),
        example("a room in Beijing, and is breakfast included?", ["book_hotel", "ask_faq"],
                ("city", "Beijing"), ("topic", "breakfast")),
        example("有没有上海五星的酒店", ["search_hotels"], ("city", "上海"), ("tier", "五星")),
    ]
    assert read_examples(path) == read_rasa_nlu(path), "read_examples reads .yml as Rasa NLU"


@pytest.mark.parametrize(("text", "expected"), [
    ("nlu:\n- intent: greet\n  examples: |\n    - hi\n- intent: book_hotl\n  examples: |\n    - a room\n",
     "5: unknown intent 'book_hotl' (did you mean book_hotel?)"),
    ("nlu:\n- intent: greet+thnk\n  examples: |\n    - hi, thanks\n", "2: unknown intent 'thnk' (did you mean thank?)"),
    ("nlu:\n- intent: book_hotel\n  examples: |\n    - a room\n    - a room in [Sanya](town)\n",
     "5: unknown slot 'town'; the slots are city, hotel,"),
    ("nlu:\n- intent: book_hotel\n  examples: |\n    - a room in [Sanya(city)\n", "4: unbalanced [ or ] in 'a room in [Sanya(city)'"),
    ("nlu:\n- intent: book_hotel\n  examples: |\n    - a room in Sanya](city)\n", "4: unbalanced [ or ]"),
    ("nlu:\n- intent: book_hotel\n  examples: |\n    - a room in [Sanya]\n", "4: unbalanced [ or ]"),
    ("nlu:\n- intent: book_hotel\n  examples: |\n    - for [two]{entity: guests}\n", "4: annotation {entity: guests} is not JSON"),
    ('nlu:\n- intent: book_hotel\n  examples: |\n    - for [two]{"value": 2}\n', '4: annotation {"value": 2} names no "entity"'),
    ("nlu:\n- intent: greet\n  examples: [hi, hello]\n", "3: `examples:` must be a string of `- ` lines"),
    ("nlu:\n- intent: greet\n", "2: no `examples:`"),
    ("nlu:\n- intent: greet\n  examples: |\n    - hi\n    hello\n", "5: an example is a `- ` line, not 'hello'"),
    ("nlu:\n- intent: greet\n  examples: |\n    - hi\n- intent: thank\n   examples: |\n    - thanks\n",
     "6: YAML syntax: mapping values are not allowed here"),
    ("nlu:\n- intent: greet\n  examples: |\n    - hi\x07\n", "4: character #x0007 is not allowed in YAML"),
    ("stories:\n- story: greet\n", "1: no `nlu:` list"),
    ("nlu:\n- intent: greet\n  examples: |\n    - hi\n- utter: hello\n", "5: an `nlu:` item is `- intent:`"),
])
def test_a_problem_is_reported_with_its_line(tmp_path: Path, text: str, expected: str) -> None:
    errors = errors_of(tmp_path, text)
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_every_problem_of_a_file_is_reported_at_once_in_the_file_order(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, """\
nlu:
- intent: book_hotl
  examples: |
    - book a room in [Shanghai](city)
    - a room in [Shanghai](town)
    - a room in [Shanghai(city)
- foo: bar
- intent: thank
  examples: |
    - thanks

    thanks a lot
""")
    assert [error.split(": ", 1)[0] for error in errors] == ["2", "5", "6", "7", "12"]


def sample_examples() -> list[NluExample]:
    """Generated English and Chinese examples, and texts with parentheses and a context."""
    generated = [made.to_nlu() for language in ("en", "zh")
                 for made in generate_examples(scale=0.02, language=language)["train"][:100]]
    return generated + [
        example("就选漫心青年旅舍(钟楼店)", ["select_option"], ("hotel", "漫心青年旅舍(钟楼店)")),
        example("Shanghai (Pudong) on the 3rd :)", ["inform"], ("city", "Shanghai"), ("check_in", "the 3rd"),
                context="asks_city"),
        example("(two) rooms", ["inform"], ("rooms", "two")),
    ]


def test_written_examples_read_back_the_same_but_for_their_context(tmp_path: Path) -> None:
    examples = sample_examples()
    assert {e.context for e in examples} - {"none"}, "the sample has examples with a context"
    path = tmp_path / "nlu.yml"
    assert write_rasa_nlu(path, examples) == []
    back = read_rasa_nlu(path)

    def labels(e: NluExample) -> tuple:
        return e.text, e.intents, e.entities

    assert sorted(map(labels, back), key=repr) == sorted(map(labels, examples), key=repr)
    assert all(e.context == "none" for e in back), "Rasa NLU has no place for the context"


def test_the_file_is_rasa_nlu_yaml_in_utf8_with_one_block_per_intent_set(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    write_rasa_nlu(path, [example("帮我订上海的酒店", ["book_hotel"], ("city", "上海")),
                          example("hi, thanks", ["greet", "thank"]),
                          example("a room in Sanya", ["book_hotel"], ("city", "Sanya"))])
    assert "帮我订[上海](city)的酒店".encode() in path.read_bytes()
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == {"version": "3.1", "nlu": [
        {"intent": "book_hotel", "examples": "- 帮我订[上海](city)的酒店\n- a room in [Sanya](city)\n"},
        {"intent": "greet+thank", "examples": "- hi, thanks\n"},
    ]}


def test_examples_rasa_nlu_cannot_express_are_left_out_with_why() -> None:
    overlapping = NluExample(text="Sanya", intents=["inform"], entities=[
        EntitySpan(entity="city", start=0, end=5, value="Sanya"), EntitySpan(entity="hotel", start=2, end=5, value="nya")])
    left_out = [
        example("the [deluxe] room", ["book_hotel"], ("tier", "deluxe")),
        example("hi\nthanks", ["greet", "thank"]),
        example(" hi", ["greet"]),
        example("is there a spa", ["ask_spa"]),
        overlapping,
    ]
    text, skipped = format_rasa_nlu([example("hi", ["greet"]), *left_out])
    assert [e for e, _ in skipped] == left_out
    assert "Rasa NLU has no escape" in skipped[0][1] and "one line" in skipped[1][1] and "whitespace" in skipped[2][1]
    assert text == 'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hi\n'


def test_data_export_writes_stdout_a_file_or_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    english, chinese = tmp_path / "in" / "train.jsonl", tmp_path / "in" / "zh" / "train.jsonl"
    chinese.parent.mkdir(parents=True)
    write_jsonl(english, [example("a room in Sanya", ["book_hotel"], ("city", "Sanya"), context="asks_city"),
                          example("the [deluxe] room", ["book_hotel"], ("tier", "deluxe"))])
    write_jsonl(chinese, [example("帮我订上海的酒店", ["book_hotel"], ("city", "上海"))])

    assert main(["data", "export", "--format", "rasa", "--data", str(english)]) == 0
    out, err = capsys.readouterr()
    assert out == 'version: "3.1"\nnlu:\n- intent: book_hotel\n  examples: |\n    - a room in [Sanya](city)\n'
    assert "1 examples left out" in err and "1 examples lose their context" in err

    assert main(["data", "export", "--format", "rasa", "--data", str(english), str(chinese), "--out", str(tmp_path / "out")]) == 0
    assert [e.text for e in read_rasa_nlu(tmp_path / "out" / "train.yml")] == ["a room in Sanya"]
    assert [e.text for e in read_rasa_nlu(tmp_path / "out" / "zh" / "train.yml")] == ["帮我订上海的酒店"]

    assert main(["data", "export", "--data", str(english), str(chinese), "--out", str(tmp_path / "all.yaml")]) == 0
    assert [e.text for e in read_rasa_nlu(tmp_path / "all.yaml")] == ["a room in Sanya", "帮我订上海的酒店"]


def test_train_reads_rasa_nlu_yaml_beside_jsonl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import training.finetune as finetune

    rasa, jsonl, out = tmp_path / "nlu.yml", tmp_path / "train.jsonl", tmp_path / "model"
    rasa.write_text(SAMPLE, encoding="utf-8")
    write_jsonl(jsonl, [example("hi", ["greet"])])
    read = {}

    def fine_tune(config, per_file, train_examples, encoder_dir, started) -> Path:  # no training: what it was given
        read.update(per_file)
        out.mkdir()
        (out / "metrics.json").write_text(json.dumps({}))
        return out

    monkeypatch.setattr(finetune, "base_encoder", lambda texts: contextlib.nullcontext(tmp_path))
    monkeypatch.setattr(finetune, "_fine_tune", fine_tune)
    assert main(["train", "--train", str(rasa), str(jsonl), "--out", str(out)]) == 0
    assert read == {str(rasa): read_rasa_nlu(rasa), str(jsonl): [example("hi", ["greet"])]}
