"""`hotelbot actions`: the rasa-sdk action server (Rasa's /webhook protocol).

rasa-sdk's own CLI always binds 0.0.0.0, so the server is built here from its app
factory and bound to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

from pathlib import Path

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic

from bot.actions import Services, build_actions
from bot.database import Database
from bot.knowledge import KnowledgeBase
from bot.understanding.nlu_model import OnnxEmbedder

DEFAULT_PORT = 5055


def create_action_app(services: Services) -> Sanic:
    executor = ActionExecutor()
    for action in build_actions(services).values():
        executor.register_action(action)
    return create_app(executor)


def default_services(model_dir: Path, db_path: str | Path) -> Services:
    db = Database.open_default(db_path)
    return Services(db=db, knowledge=KnowledgeBase(db, OnnxEmbedder(model_dir)))


def serve(services: Services, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    app = create_action_app(services)
    app.run(host=host, port=port, single_process=True, access_log=False, motd=False)
