"""What every request to the server must pass before any route (REST or Gradio) sees it:

- its Host header names this server (``HOTELBOT_ALLOWED_HOSTS``, comma-separated;
  default 127.0.0.1 and localhost), else 421: a page on another name that resolves
  here (DNS rebinding) cannot talk to the bot;
- its body is not encoded (no ``Content-Encoding`` but identity), else 415: nothing
  is ever decompressed;
- its body is at most ``max_body_bytes``, else 413. The body is read into memory up to
  that cap and then handed on, so no route ever reads more.

Every refusal is a JSON ``{"error": "..."}``.
"""

from __future__ import annotations

import os
from collections.abc import Collection

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED_HOSTS_ENV = "HOTELBOT_ALLOWED_HOSTS"
DEFAULT_ALLOWED_HOSTS = ("127.0.0.1", "localhost")
MAX_REQUEST_BYTES = 64 * 1024


def allowed_hosts_from_environment() -> frozenset[str]:
    names = [name.strip().lower() for name in os.environ.get(ALLOWED_HOSTS_ENV, "").split(",")]
    return frozenset(name for name in names if name) or frozenset(DEFAULT_ALLOWED_HOSTS)


def hostname(host_header: str) -> str:
    """'127.0.0.1:7860' -> '127.0.0.1', '[::1]:7860' -> '[::1]', lower case."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


class RequestGuard:
    """ASGI middleware enforcing the rules above."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: Collection[str],
                 max_body_bytes: int = MAX_REQUEST_BYTES) -> None:
        self.app = app
        self.allowed_hosts = frozenset(name.lower() for name in allowed_hosts)
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if hostname(headers.get("host", "")) not in self.allowed_hosts:
            await self._refuse(scope, receive, send, 421, "this server does not serve that host name")
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        if headers.get("content-encoding", "identity").strip().lower() != "identity":
            await self._refuse(scope, receive, send, 415, "encoded (compressed) request bodies are not accepted")
            return
        length = headers.get("content-length")
        if length is not None and (not (length.isascii() and length.isdigit()) or int(length) > self.max_body_bytes):
            await self._too_large(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(bytes(body), receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._refuse(scope, receive, send, 413, f"request body is larger than {self.max_body_bytes} bytes")

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, error: str) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": error})
            return
        await JSONResponse({"error": error}, status_code=status)(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that gives the buffered body first, then what the client sends next
    (a disconnect, which streaming responses listen for)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed
