"""No test text leaks into what the model learns from: the scripted dialogues and the
people-written SGD turns must not occur in the generator's phrase sources, and no turn of
the people-written dev set in any training file (a score on leaked text measures memory,
not understanding).

Texts of 2 words or fewer ("yes please", "that's right") are everyday phrases the
generator must know, so only longer ones are checked. Two texts are the same under
training.generate.normalize_for_overlap.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from bot.dialogue_tests import dialogue_files, load_dialogue
from training.config import DEFAULT_DATA_DIR, REPO_ROOT, SHARED_DATA_DIR
from training.generate import normalize_for_overlap, training_sentences
from training.nlu_data import read_jsonl
from training.people import SGD_FILE

SOURCES_DIR = REPO_ROOT / "intents" / "sources"
DIALOGUES_DIR = REPO_ROOT / "tests" / "dialogues"
MIN_WORDS = 3

# Overlaps found and accepted, normalised. Anything else that overlaps fails the tests below.
ACCEPTED_OVERLAPS = {
    # a bare slot value, as the value lists (fillers.yaml, world_cities.txt) spell it
    "me and my wife", "new york city",
    # stock phrases any customer writes and the generator must know
    "thanks a lot", "thanks a million", "thanks a ton", "thanks so much", "thanks so much for that",
    "thanks very much", "thank you very much", "yes that s fine",
    "i need a hotel room", "any other options",  # the start of a template that goes on with a slot
    "you got it",  # inside the deny phrase "you got it wrong"
}


class Sources:
    """The generator's sources, normalised: every literal string of the YAML files
    (template, lexicon phrase, filler, connector) and every line of the text files."""

    def __init__(self, directory: Path) -> None:
        self.phrases: set[str] = set()
        for path in sorted(directory.rglob("*.yaml")):
            self.phrases.update(normalize_for_overlap(s) for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
        for path in sorted(directory.rglob("*.txt")):
            self.phrases.update(normalize_for_overlap(line) for line in path.read_text(encoding="utf-8").splitlines())
        self._padded = [f" {phrase} " for phrase in self.phrases]

    def holds(self, text: str) -> bool:
        """`text` is one of the phrases, or whole words of one."""
        normal = normalize_for_overlap(text)
        return normal in self.phrases or any(f" {normal} " in phrase for phrase in self._padded)


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in _strings(key) + _strings(value)]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


def checked(texts: list[str]) -> list[str]:
    """The texts of more than 2 words ("that's" being one) that are not accepted overlaps."""
    return [
        text for text in texts
        if len(re.findall(r"\w+(?:'\w+)*", text)) >= MIN_WORDS and normalize_for_overlap(text) not in ACCEPTED_OVERLAPS
    ]


@cache
def sources() -> Sources:
    return Sources(SOURCES_DIR)


@pytest.fixture(scope="module")
def sgd_texts() -> list[str]:
    if not SHARED_DATA_DIR.is_dir():
        pytest.skip(f"no shared data folder at {SHARED_DATA_DIR} (a copy of shared/ beside the repository)")
    return checked([example.text for example in read_jsonl(SGD_FILE)])


def dialogue_user_lines() -> list[str]:
    return [turn.user for path in dialogue_files([DIALOGUES_DIR]) for turn in load_dialogue(path).turns]


def test_the_source_check_finds_a_phrase_and_a_line_of_the_sources() -> None:
    """Guards the check itself: a text copied from the sources must be caught."""
    assert sources().holds("Show me hotels in {city}")  # a core template, as YAML holds it
    assert sources().holds("WHAT'S AVAILABLE?")  # a lexicon phrase, in another case and punctuation
    assert sources().holds("show me hotels")  # whole words of a template
    assert not sources().holds("show me hot")
    assert not sources().holds("what about Beijing instead?"), "comments quote customers; the generator skips them"


def test_no_scripted_dialogue_line_occurs_in_the_generator_sources() -> None:
    lines = checked(dialogue_user_lines())
    assert len(lines) > 50, "the dialogues were read"
    assert [line for line in lines if sources().holds(line)] == []


def test_no_sgd_text_occurs_in_the_generator_sources(sgd_texts: list[str]) -> None:
    assert len(sgd_texts) > 1000, "the SGD file was read"
    assert [text for text in sgd_texts if sources().holds(text)] == []


def test_no_people_written_dev_text_is_trained_on(sgd_texts: list[str]) -> None:
    paths = {name: DEFAULT_DATA_DIR / f"{name}.jsonl" for name in ("train", "dev", "sgd_train", "sgd_dev")}
    trained = set().union(*(training_sentences(paths[name]) for name in ("train", "dev", "sgd_train")))
    dev = training_sentences(paths["sgd_dev"])
    assert len(dev) > 400, "the people-written dev set was generated"
    assert dev.isdisjoint(trained)
