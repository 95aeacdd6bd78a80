"""Picking intents from the model's scores with the per-intent thresholds."""

from __future__ import annotations

import pytest

from bot.understanding.nlu_model import OnnxJointModel


@pytest.fixture
def model() -> OnnxJointModel:
    bare = OnnxJointModel.__new__(OnnxJointModel)  # thresholds only: no ONNX session needed
    bare.thresholds = {"affirm": 0.8, "cancel_booking": 0.55, "deny": 0.5}
    return bare


@pytest.mark.parametrize(
    "scores, passing, detected",
    [
        ({"affirm": 0.9, "cancel_booking": 0.95, "deny": 0.1}, ["cancel_booking", "affirm"], ["cancel_booking", "affirm"]),
        ({"affirm": 0.79, "cancel_booking": 0.6, "deny": 0.1}, ["cancel_booking"], ["cancel_booking"]),
        ({"affirm": 0.7, "cancel_booking": 0.3, "deny": 0.2}, [], ["affirm"]),
        ({"affirm": 0.1, "cancel_booking": 0.1, "greet": 0.5}, ["greet"], ["greet"]),  # no threshold: 0.5
    ],
)
def test_thresholds_pick_the_intents(model: OnnxJointModel, scores, passing, detected) -> None:
    assert model.passing_intents(scores) == passing
    assert model.detected_intents(scores) == detected, "never empty: the best intent when none passes"
