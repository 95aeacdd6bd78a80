"""Every Chinese dialogue of this folder again in Traditional script, as the converter writes it
with Taiwan's phrases (s2twp) and with Hong Kong's characters (s2hk): the customer's lines,
and what the replies must and must not say. No Traditional copy is kept: the dialogues are
converted here, so each new Chinese dialogue is a Traditional one too. The dialogues written
by hand in Traditional (tw*, hk*: customers of Taiwan and Hong Kong) are replayed as they are
written by test_dialogues.py and are not converted again: a line already in Traditional is
what the converter would make of it, and their expected phrases are Traditional already.

A Taiwan customer's replies must say exactly the converted phrases. A Hong Kong customer
writes as a Taiwanese one in most messages (the characters that tell them apart, 裏 / 裡,
温 / 溫, are rare), and the bot answers in Taiwan's characters until a message shows Hong
Kong's (zh_script._region): there the expected phrases are compared in Simplified. In both,
no reply to a Traditional conversation holds a character the region's converter would change.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.agent import HotelBot
from bot.dialogue_tests import Dialogue, dialogue_files, format_result, fresh_bot, load_dialogue, run_dialogue
from bot.models import Booking, Script, Turn
from bot.understanding.zh import script as zh_script
from bot.understanding.zh.words import is_chinese

HERE = Path(__file__).parent


def _written_in_traditional(dialogue: Dialogue) -> bool:
    return any(zh_script.script_of(turn.user)[0] in zh_script.TRADITIONAL for turn in dialogue.turns if is_chinese(turn.user))


DIALOGUES = {path: load_dialogue(path) for path in dialogue_files([HERE])}
CHINESE = [path for path, dialogue in DIALOGUES.items()
           if any(is_chinese(turn.user) for turn in dialogue.turns) and not _written_in_traditional(dialogue)]
HAND_WRITTEN = [path for path, dialogue in DIALOGUES.items() if _written_in_traditional(dialogue)]


def test_most_chinese_dialogues_are_converted() -> None:
    assert len(CHINESE) >= 40


def test_the_hand_written_traditional_dialogues_are_the_tw_and_hk_files() -> None:
    """At least 20 dialogues as customers of Taiwan and Hong Kong write them, in the files named
    for the region; a tw / hk file none of whose lines tells Traditional would be converted here."""
    assert len(HAND_WRITTEN) >= 20
    assert all(path.name.startswith(("tw", "hk")) for path in HAND_WRITTEN), HAND_WRITTEN
    assert not [path for path in CHINESE if path.name.startswith(("tw", "hk"))]


def traditional(dialogue: Dialogue, script: Script) -> Dialogue:
    """The dialogue as a customer of ``script`` writes it, with what its replies say in that script
    (Hong Kong's in Simplified: see the module's doc)."""
    says_in = script if script == "tw" else "hans"
    turns = []
    for turn in dialogue.turns:
        expect = turn.expect.model_copy(update={
            key: [zh_script.write(str(text), says_in) for text in getattr(turn.expect, key)]
            for key in ("says", "not_says") if getattr(turn.expect, key)})
        turns.append(turn.model_copy(update={"user": zh_script.write(turn.user, script), "expect": expect}))
    return dialogue.model_copy(update={"turns": turns})


class Recorded:
    """The bot, its replies kept: a Hong Kong customer's read back in Simplified, where the
    converted expectations are compared (see the module's doc)."""

    def __init__(self, bot: HotelBot, script: Script):
        self.bot, self.script, self.replies = bot, script, []

    def handle(self, session: str, text: str, today: date | None = None) -> Turn:
        turn = self.bot.handle(session, text, today=today)
        self.replies.append((turn.state.language, turn.state.script, turn.reply))
        if self.script == "hk" and turn.state.language == "zh":
            return turn.model_copy(update={"reply": zh_script.read(turn.reply, turn.state.script).text})
        return turn

    def bookings(self, session: str) -> list[Booking]:
        return self.bot.bookings(session)


@pytest.mark.parametrize("path", CHINESE, ids=[path.stem for path in CHINESE])
@pytest.mark.parametrize("script", ["tw", "hk"])
def test_a_chinese_dialogue_in_traditional(path: Path, script: Script, template_bot: HotelBot) -> None:
    dialogue = traditional(load_dialogue(path), script)
    runner = Recorded(fresh_bot(dialogue, template_bot), script)
    result = run_dialogue(dialogue, runner, path.name)
    assert result.passed, format_result(result)
    for language, written, reply in runner.replies:
        if language == "zh":
            assert written in zh_script.TRADITIONAL, f"a Traditional conversation answered in {written}: {reply!r}"
            assert zh_script.write(reply, written) == reply, f"a character of another script in {reply!r}"


@pytest.mark.parametrize("path", HAND_WRITTEN, ids=[path.stem for path in HAND_WRITTEN])
def test_a_hand_written_traditional_dialogue_is_answered_in_traditional(path: Path, template_bot: HotelBot) -> None:
    """The replies of a dialogue written in Traditional, as it is written (its expectations are
    checked by test_dialogues.py): every Chinese one in a Traditional script, no character of another."""
    dialogue = DIALOGUES[path]
    runner = Recorded(fresh_bot(dialogue, template_bot), "tw")  # "tw": the replies as they are
    run_dialogue(dialogue, runner, path.name)
    for language, written, reply in runner.replies:
        if language == "zh":
            assert written in zh_script.TRADITIONAL, f"a Traditional conversation answered in {written}: {reply!r}"
            assert zh_script.write(reply, written) == reply, f"a character of another script in {reply!r}"
