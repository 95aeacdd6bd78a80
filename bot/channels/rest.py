"""Rasa's REST channel over the bot, so existing Rasa chat widgets and clients work.

``POST /webhooks/rest/webhook`` takes ``{"sender": "...", "message": "..."}`` (and an
optional ``metadata`` object; ``metadata.today`` = ``YYYY-MM-DD`` sets the session's
clock) and answers a JSON list: one ``{"recipient_id", "text"}`` message with the reply,
then one ``{"recipient_id", "custom": {"type": "hotel_card", ...}}`` per recommendation.
A malformed request gets a 400 with ``{"error": "<what is wrong>"}``.

``GET /health`` and Rasa's ``GET /webhooks/rest/`` answer ``{"status": "ok"}``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.channels import MAX_MESSAGE_CHARS, ChatBot
from bot.models import Turn

WEBHOOK_PATH = "/webhooks/rest/webhook"
MAX_BODY_BYTES = 16 * 1024  # a 2,000-character message is at most ~12 KB of JSON
MAX_SENDER_CHARS = 128
SESSION_PREFIX = "rest:"  # keeps REST senders apart from the web UI's sessions


class BadRequest(Exception):
    """The request cannot be served; the message says why, for the client."""


class RestMetadata(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    today: date | None = None


class RestMessage(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    sender: str = Field(min_length=1, max_length=MAX_SENDER_CHARS)
    message: str = Field(max_length=MAX_MESSAGE_CHARS)
    metadata: RestMetadata | None = None

    @field_validator("message")
    @classmethod
    def _not_blank(cls, message: str) -> str:
        if not message.strip():
            raise ValueError("message must not be blank")
        return message


def rest_router(bot: ChatBot) -> APIRouter:
    """The REST channel's routes over ``bot``."""
    router = APIRouter()

    @router.get("/health")
    @router.get("/webhooks/rest/")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.post(WEBHOOK_PATH)
    async def webhook(request: Request) -> JSONResponse:
        try:
            incoming = parse_message(await read_body(request))
        except BadRequest as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        today = incoming.metadata.today if incoming.metadata else None
        turn = await run_in_threadpool(
            bot.handle, SESSION_PREFIX + incoming.sender, incoming.message, today)
        return JSONResponse(rasa_messages(incoming.sender, turn))

    return router


async def read_body(request: Request) -> bytes:
    """The request body, refused as soon as it grows past ``MAX_BODY_BYTES``."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise BadRequest(f"request body is larger than {MAX_BODY_BYTES} bytes")
    return bytes(body)


def parse_message(body: bytes) -> RestMessage:
    """Validate a webhook body, turning every problem into one readable sentence."""
    try:
        return RestMessage.model_validate_json(body)
    except ValidationError as error:
        raise BadRequest(describe(error)) from None


def describe(error: ValidationError) -> str:
    """'message: String should have at most 2000 characters; sender: Field required'."""
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
