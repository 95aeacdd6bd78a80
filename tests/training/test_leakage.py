"""No test text leaks into what the model learns from: the scripted dialogues and the
people-written SGD and CrossWOZ turns must not occur in the generator's phrase sources,
and no turn of a people-written or generated dev or held-out set in any training file (a
score on leaked text measures memory, not understanding).

Texts of 2 words or fewer ("yes please", "that's right") are everyday phrases the
generator must know, so only longer ones are checked. Two texts are the same under
training.generate.normalize_for_overlap. Chinese has no spaces between words: a Chinese
text is checked clause by clause, each clause of MIN_CJK characters or more, against the
Chinese sources as plain text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from bot.dialogue_tests import dialogue_files, load_dialogue
from training.config import DEFAULT_DATA_DIR, REPO_ROOT, SHARED_DATA_DIR
from training.generate import TRAINING_SETS, generate, normalize_for_overlap, training_sentences
from training.nlu_data import read_jsonl
from training.people import CROSSWOZ_FILE, SGD_FILE

SOURCES_DIR = REPO_ROOT / "intents" / "sources"
ZH_SOURCES_DIR = SOURCES_DIR / "zh"
DIALOGUES_DIR = REPO_ROOT / "tests" / "dialogues"
MIN_WORDS = 3
MIN_CJK = 5  # characters of a Chinese clause; shorter ones ("谢谢你", "好的呢") are everyday phrases
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

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


# ------------------------------------------------------------------------- Chinese

# Chinese clauses found in the sources and accepted as stock phrases. Anything else fails.
ACCEPTED_ZH_CLAUSES: set[str] = set()


def chinese_clauses(text: str) -> list[str]:
    """The clauses of a Chinese text (split at punctuation and spaces) long enough to check."""
    return [clause for clause in re.split(r"[^\w]+", text) if len(CJK.findall(clause)) >= MIN_CJK]


@cache
def chinese_source_text() -> str:
    """Every literal string of the Chinese sources, one a line (templates as written)."""
    strings = [s for path in sorted(ZH_SOURCES_DIR.rglob("*.yaml")) for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))]
    strings += (ZH_SOURCES_DIR / "world_cities.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(strings)


def copied_clauses(texts: list[str]) -> list[str]:
    return sorted({c for text in texts for c in chinese_clauses(text) if c in chinese_source_text()} - ACCEPTED_ZH_CLAUSES)


def test_the_chinese_check_finds_a_clause_of_the_sources() -> None:
    assert copied_clauses(["哈哈，帮我把订单改到明天吧"]) == []
    assert copied_clauses(["嗯，行程取消了，麻烦"]) == ["行程取消了"]  # a phrase of cancel_booking.yaml


def test_no_crosswoz_text_occurs_in_the_chinese_sources() -> None:
    if not CROSSWOZ_FILE.exists():
        pytest.skip(f"no {CROSSWOZ_FILE}")
    texts = [example.text for example in read_jsonl(CROSSWOZ_FILE)]
    assert len([c for t in texts for c in chinese_clauses(t)]) > 300, "the CrossWOZ file was read"
    assert copied_clauses(texts) == []


def test_no_chinese_dialogue_line_occurs_in_the_chinese_sources() -> None:
    assert copied_clauses([line for line in dialogue_user_lines() if CJK.search(line)]) == []


def test_no_dev_or_heldout_text_is_trained_on(tmp_path: Path) -> None:
    """Generated dev and held-out sets of both languages and the people-written ones stay
    out of every training file (generated here at a small scale)."""
    files = generate(tmp_path, scale=0.2)
    trained = {name: training_sentences(files[name]) for name in TRAINING_SETS}
    for name in ("heldout", "heldout_unseen_combos", "zh/heldout", "zh/heldout_unseen_combos", "crosswoz_dev", "sgd_dev"):
        assert all(training_sentences(files[name]).isdisjoint(texts) for texts in trained.values()), name
    assert trained["zh/dev"].isdisjoint(trained["zh/train"])
