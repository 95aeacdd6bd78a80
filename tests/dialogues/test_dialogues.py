"""Every scripted dialogue in this folder, as a parametrized pytest case, through the
same runner as `hotelbot test`; plus the check that their phrasings are not training data."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.understanding.zh.words import is_chinese
from bot.dialogue_tests import dialogue_files, format_result, fresh_bot, load_dialogue, run_dialogue
from training.config import DEFAULT_DATA_DIR
from training.generate import normalize_for_overlap
from training.nlu_data import read_jsonl

HERE = Path(__file__).parent
FILES = dialogue_files([HERE])


def test_there_are_at_least_forty_dialogues() -> None:
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_dialogue(path: Path, template_bot) -> None:
    dialogue = load_dialogue(path)
    result = run_dialogue(dialogue, fresh_bot(dialogue, template_bot), str(path.name))
    assert result.passed, format_result(result)


def _substantial(line: str) -> bool:
    """Long enough that meeting it in training would be a leak, not a stock phrase ("yes",
    "好的"): three words, or six characters of Chinese (written without spaces)."""
    return len(line.split()) > 2 or (is_chinese(line) and len(line.replace(" ", "")) >= 6)


def test_dialogue_phrasings_are_not_in_the_training_data(model_dir) -> None:
    training = {normalize_for_overlap(example.text) for name in ("train.jsonl", "dev.jsonl", "zh/train.jsonl", "zh/dev.jsonl")
                for example in read_jsonl(DEFAULT_DATA_DIR / name)}
    lines = {turn.user for path in FILES for turn in load_dialogue(path).turns}
    leaked = sorted(line for line in lines if normalize_for_overlap(line) in training and _substantial(line))
    assert not leaked, f"dialogue lines found in the training data: {leaked}"


def test_a_list_slot_is_a_set_of_keys_in_any_order() -> None:
    from bot.dialogue_tests import same_value

    assert same_value(["wifi", "parking"], ["parking", "wifi"])
    assert not same_value(["wifi"], ["parking", "wifi"]) and not same_value(["wifi"], "wifi")
