"""One FastAPI server for every channel: Rasa's REST routes, with the Gradio UI at ``/``.

Every request first passes `bot.channels.guard.RequestGuard` (Host check, body cap, no
encoded bodies). No origin is granted CORS access, to any route.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date

import gradio as gr
import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from bot.channels import ChatBot
from bot.channels.auth import TokenSigner
from bot.channels.guard import MAX_REQUEST_BYTES, RequestGuard, allowed_hosts_from_environment
from bot.channels.rest import rest_router
from bot.channels.web_ui import CSS, build_ui, theme

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


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
    return gr.mount_gradio_app(app, build_ui(bot), path="/", theme=theme(), css=CSS, max_file_size=MAX_REQUEST_BYTES,
                               footer_links=[], run_history=False, ssr_mode=False, mcp_server=False)


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, today: date | None = None) -> None:
    """Load the bot and serve every channel until interrupted. The bot's clock is the
    server's date, or ``today`` if given (a fixed clock for demos and tests)."""
    from bot.agent import HotelBot

    clock = today.isoformat() if today else "the server's date"
    print(f"hotelbot on http://{host}:{port}  (today = {clock})")
    uvicorn.run(create_app(HotelBot.load(today=today)), host=host, port=port, log_level="warning")


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
