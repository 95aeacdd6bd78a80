"""One FastAPI server for every channel: Rasa's REST routes, with the Gradio UI at ``/``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import gradio as gr
import uvicorn
from fastapi import FastAPI

from bot.channels import ChatBot
from bot.channels.rest import rest_router
from bot.channels.web_ui import CSS, DEMO_TODAY, build_ui, theme

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def create_app(bot: ChatBot, *, today: date = DEMO_TODAY) -> FastAPI:
    """The REST channel and ``/health``, then the web UI (whose clock starts at ``today``)."""
    app = FastAPI(title="hotelbot", docs_url=None, redoc_url=None)
    app.include_router(rest_router(bot))  # before the UI, which takes every other path
    return gr.mount_gradio_app(app, build_ui(bot, today), path="/", theme=theme(), css=CSS,
                               footer_links=[], run_history=False, ssr_mode=False, mcp_server=False)


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, today: date = DEMO_TODAY) -> None:
    """Load the bot (its clock set to ``today``) and serve every channel until interrupted."""
    from bot.agent import HotelBot

    print(f"hotelbot on http://{host}:{port}  (today = {today.isoformat()})")
    uvicorn.run(create_app(HotelBot.load(today=today), today=today), host=host, port=port,
                log_level="warning")


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
