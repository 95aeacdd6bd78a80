"""Fixtures for the channel tests: servers on free ports, over a stub bot or the real one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from bot.channels.auth import TokenSigner
from bot.channels.server import create_app, running
from bot.models import Booking, DialogueState, Turn, TurnTrace

DEMO_TODAY = date(2026, 12, 1)
SIGNER = TokenSigner(b"a test key that is not a secret!")


class RecordingBot:
    """A bot that echoes and records what it was asked, for tests of the channel itself."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.addresses: list[str | None] = []

    def handle(self, session_id: str, text: str, address: str | None = None) -> Turn:
        self.calls.append((session_id, text))
        self.addresses.append(address)
        trace = TurnTrace(text=text, intent_scores={}, intents=[], low_confidence=True, entities=[],
                          state_diff=[], decisions=[], actions=[], db_queries=[], timings_ms={})
        return Turn(session_id=session_id, reply=f"echo: {text}", intents=[], intent_scores={}, entities=[],
                    state=self.state(session_id), actions=[], trace=trace)

    def bookings(self, session_id: str) -> list[Booking]:
        return []

    def state(self, session_id: str) -> DialogueState:
        return DialogueState(session_id=session_id, today=DEMO_TODAY)

    def reset(self, session_id: str) -> None:
        pass


@pytest.fixture(scope="session")
def signer() -> TokenSigner:
    return SIGNER


@pytest.fixture(scope="module")
def recording_bot() -> RecordingBot:
    return RecordingBot()


@pytest.fixture(scope="module")
def stub_url(recording_bot: RecordingBot) -> Iterator[str]:
    with running(create_app(recording_bot, signer=SIGNER)) as url:
        yield url


@pytest.fixture(scope="module")
def hotel_bot():
    from bot.agent import HotelBot

    return HotelBot.load(today=DEMO_TODAY, db_path=":memory:")


@pytest.fixture(scope="module")
def bot_url(hotel_bot) -> Iterator[str]:
    with running(create_app(hotel_bot, signer=SIGNER)) as url:
        yield url
