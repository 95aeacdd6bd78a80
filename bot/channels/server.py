"""One FastAPI server for every channel: Rasa's REST routes, with the Gradio UI at ``/``.

Every request first passes `bot.channels.guard.RequestGuard` (Host check, body cap, no
encoded bodies). No origin is granted CORS access, to any route.

With several workers (`serve(workers=N)`), uvicorn starts N processes that each build the
app with `app_from_env`, from environment variables the parent sets: the processes share
the database file (bookings and sessions, see `bot.sessions`) and the token key.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import gradio as gr
import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from bot.channels import ChatBot
from bot.channels.auth import SECRET_ENV, TokenSigner
from bot.channels.guard import MAX_REQUEST_BYTES, RequestGuard, allowed_hosts_from_environment
from bot.channels.rest import rest_router
from bot.channels.web_ui import CSS, build_ui, theme
from bot.database.paths import DATABASE_ENV, database_target

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
TODAY_ENV = "HOTELBOT_TODAY"  # the fixed clock of `serve --today`, handed to the workers
APP_FACTORY = "bot.channels.server:app_from_env"


def create_app(bot: ChatBot, *, signer: TokenSigner | None = None,
               allowed_hosts: Collection[str] | None = None) -> FastAPI:
    """The REST channel and ``/health``, then the web UI.

    ``signer`` defaults to the key in ``HOTELBOT_SECRET``, ``allowed_hosts`` to
    ``HOTELBOT_ALLOWED_HOSTS`` (see `bot.channels.guard`).
    """
    app = FastAPI(title="hotelbot", docs_url=None, redoc_url=None, openapi_url=None)
    # No origin allowed; a parent app's CORS policy also replaces Gradio's own, which
    # would grant pages on other localhost ports.
    app.add_middleware(CORSMiddleware, allow_origins=[])
    app.add_middleware(RequestGuard, allowed_hosts=allowed_hosts or allowed_hosts_from_environment(),
                       max_body_bytes=MAX_REQUEST_BYTES)
    signer = signer or TokenSigner.from_environment()
    app.include_router(rest_router(bot, signer))  # before the UI, which takes every other path
    return gr.mount_gradio_app(app, build_ui(bot, signer), path="/", theme=theme(), css=CSS, max_file_size=MAX_REQUEST_BYTES,
                               footer_links=[], run_history=False, ssr_mode=False, mcp_server=False)


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, today: date | None = None, workers: int = 1,
          db_path: str | Path | None = None) -> None:
    """Load the bot and serve every channel until interrupted, in ``workers`` processes.
    The bot's clock is the server's date, or ``today`` if given (a fixed clock for demos
    and tests). ``db_path`` (a SQLite file or a PostgreSQL URL) defaults to ``HOTELBOT_DATABASE_URL``, else the
    bot's default file; the workers take their locks in ``HOTELBOT_REDIS_URL`` if set."""
    from bot.agent import HotelBot

    db_path = db_path if db_path is not None else database_target()
    clock = today.isoformat() if today else "the server's date"
    print(f"hotelbot on http://{host}:{port}  (today = {clock}, {workers} worker{'s' * (workers > 1)})")
    if workers == 1:
        uvicorn.run(create_app(HotelBot.load(today=today, db_path=db_path)), host=host, port=port, log_level="warning")
        return
    if str(db_path) == ":memory:":
        raise ValueError("several workers share one database: ':memory:' would give each its own")
    from bot.database import Database

    Database.open_default(db_path).close()  # created and seeded once, before the workers race to do it
    os.environ[TODAY_ENV] = today.isoformat() if today else ""
    os.environ[DATABASE_ENV] = str(db_path)
    # one key for every worker, or a token issued by one would be refused by the others
    os.environ.setdefault(SECRET_ENV, secrets.token_urlsafe(32))
    uvicorn.run(APP_FACTORY, factory=True, workers=workers, host=host, port=port, log_level="warning")


def app_from_env() -> FastAPI:
    """The app as each worker process builds it, from what `serve` put in the environment."""
    from bot.agent import HotelBot

    today = os.environ.get(TODAY_ENV)
    return create_app(HotelBot.load(today=date.fromisoformat(today) if today else None,
                                    db_path=database_target()))


@contextmanager
def running(app: FastAPI, host: str = DEFAULT_HOST, port: int = 0) -> Iterator[str]:
    """Serve ``app`` on a background thread (port 0: any free port); yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="hotelbot-server", daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError(f"the server did not start on {host}:{port}")
            thread.join(0.05)
        bound_port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://{host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(10)
