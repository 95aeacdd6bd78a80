"""Fixtures shared across the suite: the trained model (made by `make test` first)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.agent import HotelBot
from bot.understanding.nlu_model import ONNX_FILES
from training.config import DEFAULT_MODEL_DIR

DEMO_TODAY = date(2026, 12, 1)


@pytest.fixture(scope="session")
def model_dir():
    if not (DEFAULT_MODEL_DIR / ONNX_FILES["int8"]).exists():
        pytest.fail(f"no trained model in {DEFAULT_MODEL_DIR}: run `make test` (it trains the model first)")
    return DEFAULT_MODEL_DIR


@pytest.fixture(scope="session")
def template_bot(model_dir) -> HotelBot:
    """Loaded once; tests take fresh copies with their own in-memory database."""
    return HotelBot.load(today=DEMO_TODAY, model_dir=model_dir, db_path=":memory:")


@pytest.fixture
def bot(template_bot: HotelBot) -> HotelBot:
    return template_bot.with_fresh_database(DEMO_TODAY)
