"""Rasa's REST channel over the bot, so existing Rasa chat widgets and clients work.

``POST /session`` issues an anonymous customer identity, ``{"sender", "token"}`` (see
`bot.channels.auth` for the token's format and key).

``POST /webhooks/rest/webhook`` with ``Authorization: Bearer <token>`` and a JSON body
``{"message": "...", "sender": "..."}`` (``sender`` optional; if given, it must be the
token's) answers a JSON list: one ``{"recipient_id", "text"}`` message with the reply,
then one ``{"recipient_id", "custom": {"type": "hotel_card", ...}}`` per recommendation.
The bot's clock is the server's: a client's ``metadata`` is accepted and ignored.

Every refusal is ``{"error": "<what is wrong>"}``: 401 no or bad token, 403 a sender
other than the token's, 415 a content type other than JSON, 413 a body over
``MAX_BODY_BYTES``, 400 a body that is not JSON or not a valid message.

``GET /health`` and Rasa's ``GET /webhooks/rest/`` answer ``{"status": "ok"}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.channels import MAX_MESSAGE_CHARS, ChatBot
from bot.channels.auth import Identity, TokenSigner
from bot.models import Turn

SESSION_PATH = "/session"
WEBHOOK_PATH = "/webhooks/rest/webhook"
MAX_BODY_BYTES = 16 * 1024  # a 2,000-character message is at most ~12 KB of JSON
MAX_SENDER_CHARS = 128
SESSION_PREFIX = "rest:"  # keeps REST senders apart from the web UI's sessions


class Refusal(Exception):
    """The request cannot be served: an HTTP status and a sentence for the client."""

    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status

    def response(self) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if self.status == 401 else None
        return JSONResponse({"error": str(self)}, status_code=self.status, headers=headers)


class RestMessage(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    sender: str | None = Field(default=None, min_length=1, max_length=MAX_SENDER_CHARS)
    message: str = Field(max_length=MAX_MESSAGE_CHARS)

    @field_validator("message")
    @classmethod
    def _not_blank(cls, message: str) -> str:
        if not message.strip():
            raise ValueError("message must not be blank")
        return message


def rest_router(bot: ChatBot, signer: TokenSigner) -> APIRouter:
    """The REST channel's routes over ``bot``, with identities signed by ``signer``."""
    router = APIRouter()

    @router.get("/health")
    @router.get("/webhooks/rest/")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.post(SESSION_PATH)
    async def session() -> Identity:
        return signer.issue()

    @router.post(WEBHOOK_PATH)
    async def webhook(request: Request) -> JSONResponse:
        try:
            sender = authenticated_sender(request, signer)
            require_json(request)
            incoming = parse_message(await read_body(request))
            if incoming.sender is not None and incoming.sender != sender:
                raise Refusal(403, "sender is not the customer of this token")
        except Refusal as refusal:
            return refusal.response()
        address = request.client.host if request.client else None  # failed look-ups are limited per address too
        turn = await run_in_threadpool(bot.handle, SESSION_PREFIX + sender, incoming.message, address=address)
        return JSONResponse(rasa_messages(sender, turn))

    return router


def authenticated_sender(request: Request, signer: TokenSigner) -> str:
    """The sender the request's bearer token was signed for."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refusal(401, f"an 'Authorization: Bearer <token>' header is required (POST {SESSION_PATH} issues one)")
    sender = signer.verify(token.strip())
    if sender is None:
        raise Refusal(401, f"the token is invalid or expired (POST {SESSION_PATH} issues a new one)")
    return sender


def require_json(request: Request) -> None:
    """Only ``application/json``: a web page cannot send it cross-site without a CORS
    preflight, which this server never grants."""
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != "application/json":
        raise Refusal(415, "the content type must be application/json")


async def read_body(request: Request) -> bytes:
    """The request body, refused as soon as it grows past ``MAX_BODY_BYTES``."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise Refusal(413, f"request body is larger than {MAX_BODY_BYTES} bytes")
    return bytes(body)


def parse_message(body: bytes) -> RestMessage:
    """Validate a webhook body, turning every problem into one readable sentence."""
    try:
        return RestMessage.model_validate_json(body)
    except ValidationError as error:
        raise Refusal(400, describe(error)) from None


def describe(error: ValidationError) -> str:
    """'message: String should have at most 2000 characters; sender: Input should be a valid string'."""
    problems = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "request body"
        what = "must be a JSON object" if item["type"] == "model_type" else item["msg"]
        what = what.removeprefix("Value error, ")
        problems.append(f"{where}: {what}")
    return "; ".join(problems)


def rasa_messages(recipient_id: str, turn: Turn) -> list[dict[str, Any]]:
    """A turn as Rasa REST messages: the reply text, then one custom payload per card."""
    messages: list[dict[str, Any]] = [{"recipient_id": recipient_id, "text": turn.reply}]
    messages += [
        {"recipient_id": recipient_id, "custom": {"type": "hotel_card", **card.model_dump(mode="json")}}
        for card in turn.cards
    ]
    return messages
