"""`hotelbot actions`: the rasa-sdk action server (Rasa's /webhook protocol).

rasa-sdk's own CLI always binds 0.0.0.0, so the server is built here from its app
factory and bound to 127.0.0.1 unless told otherwise. On top of rasa-sdk's app:

- ``--auth-token``: Rasa's convention (``rasa run --auth-token``, and the ``token`` of
  an ``action_endpoint`` in endpoints.yml, which Rasa sends as the ``token`` query
  parameter): every route but ``/health`` then needs ``?token=<the token>``, else 401;
- bodies are capped at ``MAX_BODY_BYTES`` (413) instead of Sanic's 100 MB;
- an encoded body (any ``Content-Encoding`` but identity) is refused with 415, so
  rasa-sdk never decompresses one;
- no CORS: the caller is Rasa's server, not a browser.
"""

from __future__ import annotations

import hmac
from pathlib import Path

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Request, Sanic
from sanic.exceptions import PayloadTooLarge
from sanic.response import HTTPResponse, json

from bot.actions import Services, build_actions
from bot.database import Database
from bot.knowledge import KnowledgeBase
from bot.understanding.nlu_model import OnnxEmbedder

DEFAULT_PORT = 5055
MAX_BODY_BYTES = 64 * 1024  # a tracker with every slot and six offers is under 16 KB
OPEN_PATHS = ("/health",)


def create_action_app(services: Services, auth_token: str | None = None) -> Sanic:
    executor = ActionExecutor()
    for action in build_actions(services).values():
        executor.register_action(action)
    app = create_app(executor, cors_origins="")
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    app.config.FALLBACK_ERROR_FORMAT = "json"

    @app.on_request
    async def guard(request: Request) -> HTTPResponse | None:
        if request.headers.get("content-encoding", "identity").strip().lower() != "identity":
            return json({"error": "encoded (compressed) request bodies are not accepted"}, status=415)
        if auth_token and request.path not in OPEN_PATHS and not _token_matches(request, auth_token):
            return json({"error": "a valid 'token' query parameter is required"}, status=401)
        return None

    @app.exception(PayloadTooLarge)  # rasa-sdk's catch-all handler would make it a 500
    async def too_large(request: Request, exception: PayloadTooLarge) -> HTTPResponse:
        return json({"error": f"request body is larger than {MAX_BODY_BYTES} bytes"}, status=413)

    return app


def _token_matches(request: Request, auth_token: str) -> bool:
    return hmac.compare_digest(request.args.get("token", "").encode(), auth_token.encode())


def default_services(model_dir: Path, db_path: str | Path) -> Services:
    db = Database.open_default(db_path)
    return Services(db=db, knowledge=KnowledgeBase(db, OnnxEmbedder(model_dir)))


def serve(services: Services, host: str = "127.0.0.1", port: int = DEFAULT_PORT, auth_token: str | None = None) -> None:
    app = create_action_app(services, auth_token)
    app.run(host=host, port=port, single_process=True, access_log=False, motd=False)
