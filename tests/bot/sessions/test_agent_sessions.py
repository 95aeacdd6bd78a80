"""The bot over a session store: every turn's state is what the store gives back, a
second bot over the same database carries a conversation on (on each backend), reset
forgets it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.agent import BotConfig, HotelBot
from bot.database import Database
from bot.dialogue_tests import dialogue_files, load_dialogue
from bot.policy import Plan
from bot.sessions.base import replay
from bot.sessions import open_session_store
from tests.backends import Backend

DIALOGUES = dialogue_files([Path(__file__).resolve().parents[2] / "dialogues"])
SEEDS = Path(__file__).resolve().parents[2] / "dialogues" / "01_seeds_switch_before_answer.yaml"


def bot_over(template: HotelBot, backend: Backend, target: str) -> HotelBot:
    """A bot as a new process would build it over ``target`` (the models are shared, to save the load)."""
    db = Database.open_default(target)
    knowledge = template.actions["action_answer_faq"].services.knowledge.with_database(db)
    config = BotConfig(model_dir=template.config.model_dir, db_path=target, today=template.config.today)
    return HotelBot(template.understanding, db, knowledge, config, open_session_store(target, redis_url=backend.redis_url))


@pytest.mark.parametrize("path", DIALOGUES, ids=[p.stem for p in DIALOGUES])
def test_the_stored_state_is_the_turns_state_after_every_turn(path: Path, template_bot: HotelBot) -> None:
    dialogue = load_dialogue(path)
    bot = template_bot.with_fresh_database(dialogue.today)
    for number, scripted in enumerate(dialogue.turns, 1):
        session = scripted.session or dialogue.session
        turn = bot.handle(session, scripted.user, today=dialogue.today)
        assert bot.sessions.load(session) == turn.state, f"turn {number}: the state read back differs"
        assert bot.sessions.turns(session)[-1].text == turn.trace.text


@pytest.mark.parametrize("path", DIALOGUES, ids=[p.stem for p in DIALOGUES])
def test_replaying_the_stored_events_gives_the_stored_state(path: Path, template_bot: HotelBot) -> None:
    """Every change of the state is an event: the fold of a session's stored events, read back
    from the store, is its stored state after every turn (a writer that bypassed the events
    would leave them apart)."""
    dialogue = load_dialogue(path)
    bot = template_bot.with_fresh_database(dialogue.today)
    for number, scripted in enumerate(dialogue.turns, 1):
        session = scripted.session or dialogue.session
        bot.handle(session, scripted.user, today=dialogue.today)
        assert replay(bot.sessions.turns(session)) == bot.sessions.load(session), f"turn {number}: the replay differs"


def test_messages_not_read_add_no_events(bot: HotelBot) -> None:
    first = bot.handle("new", "")  # a session starts all the same, and nothing else
    assert [event.event for event in bot.sessions.turns("new")[-1].events] == ["session_started"]
    assert first.trace.events == []
    bot.handle("s1", "I want to book a hotel in Shanghai on the 10th")
    before = bot.sessions.load("s1")
    for text in ("", "x" * (bot.config.max_message_chars + 1), "book\x00 a room"):
        refused = bot.handle("s1", text)
        assert bot.sessions.turns("s1")[-1].events == [] and refused.trace.events == []
    assert bot.sessions.load("s1") == before == replay(bot.sessions.turns("s1"))


def test_a_new_bot_over_the_same_database_books_the_quote_once(template_bot: HotelBot, backend: Backend) -> None:
    target = backend.new_database()
    lines = [turn.user for turn in load_dialogue(SEEDS).turns]
    first = bot_over(template_bot, backend, target)
    for line in lines[:-1]:
        turn = first.handle("customer", line)
    assert turn.state.awaiting == "confirm"
    first.db.close()
    first.sessions.close()

    restarted = bot_over(template_bot, backend, target)
    turn = restarted.handle("customer", lines[-1])
    assert turn.actions == ["action_book_hotel"]
    again = restarted.handle("customer", lines[-1])  # a second "yes" books nothing more
    assert "action_book_hotel" not in again.actions
    [booking] = restarted.bookings("customer")
    assert (booking.city, booking.check_in.isoformat(), booking.guests) == ("Shanghai", "2026-12-11", 2)
    assert [record.turn for record in restarted.sessions.turns("customer")] == [1, 2, 3, 4, 5]
    restarted.reset("customer")
    assert bot_over(template_bot, backend, target).sessions.load("customer") is None  # the deletion is stored


def test_reset_forgets_the_conversation(bot: HotelBot) -> None:
    bot.handle("s1", "I want to book a hotel in Shanghai on the 10th")
    assert bot.state("s1").value("city") == "Shanghai"
    bot.reset("s1")
    assert bot.state("s1").turn == 0 and bot.sessions.load("s1") is None


def test_a_turn_that_raises_saves_nothing(bot: HotelBot, monkeypatch: pytest.MonkeyPatch) -> None:
    bot.handle("s1", "I want to book a hotel in Shanghai on the 10th")
    before = bot.sessions.load("s1")
    monkeypatch.setattr(bot.policy, "plan", lambda *args: 1 / 0)
    turn = bot.handle("s1", "for 2 people, 2 nights")
    assert turn.trace.error_id
    assert bot.sessions.load("s1") == before and len(bot.sessions.turns("s1")) == 1


def test_the_trace_shows_the_events_the_store_keeps(bot: HotelBot) -> None:
    first = bot.handle("s1", "I want to book a hotel in Shanghai on the 10th")
    kinds = [event["event"] for event in first.trace.events]
    assert kinds[:3] == ["session_started", "turn_started", "task_started"] and "slot_set" in kinds
    [record] = bot.sessions.turns("s1")
    assert [event.model_dump(mode="json") for event in record.events] == first.trace.events


def test_a_turn_whose_plans_never_come_to_rest_fails_and_saves_nothing(bot: HotelBot, monkeypatch: pytest.MonkeyPatch) -> None:
    bot.handle("s1", "I want to book a hotel in Shanghai on the 10th")
    before = bot.sessions.load("s1")
    monkeypatch.setattr(bot.policy, "next", lambda *args: Plan())  # a policy that never waits for the customer
    turn = bot.handle("s1", "for 2 people, 2 nights")
    assert turn.trace.error_id
    assert bot.sessions.load("s1") == before and len(bot.sessions.turns("s1")) == 1
