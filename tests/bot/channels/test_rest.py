"""Rasa's REST channel over real HTTP, against a uvicorn server on a free port."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date

import pytest
import requests
from starlette.testclient import TestClient

from bot.channels import MAX_MESSAGE_CHARS
from bot.channels.auth import TokenSigner
from bot.channels.guard import ALLOWED_HOSTS_ENV, MAX_REQUEST_BYTES
from bot.channels.rest import MAX_BODY_BYTES, SESSION_PATH, SESSION_PREFIX, WEBHOOK_PATH
from bot.channels.server import create_app

TIMEOUT = 30


def new_identity(base_url: str) -> dict[str, str]:
    response = requests.post(base_url + SESSION_PATH, timeout=TIMEOUT)
    assert response.status_code == 200
    return response.json()


def post(base_url: str, body: object, token: str | None, *, content_type: str = "application/json",
         headers: dict[str, str] | None = None) -> requests.Response:
    data = body if isinstance(body, (bytes, Iterator)) else json.dumps(body).encode()
    sent = {"Content-Type": content_type, **({"Authorization": f"Bearer {token}"} if token else {}), **(headers or {})}
    return requests.post(base_url + WEBHOOK_PATH, data=data, timeout=TIMEOUT, headers=sent)


def refused(response: requests.Response, status: int, complaint: str) -> bool:
    """A JSON ``{"error": ...}`` with this status, naming the problem."""
    return (response.status_code == status and response.headers["content-type"] == "application/json"
            and complaint in response.json()["error"])


@pytest.fixture
def identity(stub_url: str) -> dict[str, str]:
    return new_identity(stub_url)


def test_health(stub_url: str) -> None:
    for path in ("/health", "/webhooks/rest/"):
        response = requests.get(stub_url + path, timeout=TIMEOUT)
        assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_the_web_ui_is_served_at_the_root(stub_url: str) -> None:
    response = requests.get(stub_url + "/", timeout=TIMEOUT)
    assert response.status_code == 200 and "<html" in response.text.lower()


def test_session_issues_a_new_identity_signed_by_the_server(stub_url: str, signer: TokenSigner) -> None:
    first, second = new_identity(stub_url), new_identity(stub_url)
    assert set(first) == {"sender", "token"} and first["sender"] != second["sender"]
    assert signer.verify(first["token"]) == first["sender"]
    assert TokenSigner(b"another key, another server......").verify(first["token"]) is None


def test_a_message_gets_the_reply_addressed_to_the_tokens_sender(stub_url: str, recording_bot, identity) -> None:
    response = post(stub_url, {"message": "hi there", "metadata": {"channel": "widget"}}, identity["token"])
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": identity["sender"], "text": "echo: hi there"}]
    assert recording_bot.calls[-1] == (SESSION_PREFIX + identity["sender"], "hi there")
    assert recording_bot.addresses[-1] == "127.0.0.1"  # failed look-ups are limited per client address too


def test_the_body_may_name_the_tokens_own_sender(stub_url: str, recording_bot, identity) -> None:
    response = post(stub_url, {"sender": identity["sender"], "message": "hello"}, identity["token"])
    assert response.status_code == 200 and response.json()[0]["recipient_id"] == identity["sender"]


def test_a_token_for_one_customer_cannot_act_as_another(stub_url: str, recording_bot) -> None:
    alice, bob = new_identity(stub_url), new_identity(stub_url)
    calls = len(recording_bot.calls)
    response = post(stub_url, {"sender": bob["sender"], "message": "yes"}, alice["token"])
    assert refused(response, 403, "sender is not the customer of this token")
    assert len(recording_bot.calls) == calls


def test_a_message_of_the_maximum_length_is_accepted(stub_url: str, identity) -> None:
    assert post(stub_url, {"message": "a" * MAX_MESSAGE_CHARS}, identity["token"]).status_code == 200


def forged(token: str) -> str:
    sender, expires, mac = token.split(".")
    return f"{sender}.{int(expires) + 3600}.{mac}"


@pytest.mark.parametrize("authorization", [
    None,
    "Bearer",
    "Bearer ",
    "Basic dXNlcjpwYXNz",
    "Bearer not-a-token",
    "Bearer a.b.c",
    "Bearer {other_key}",
    "Bearer {expired}",
    "Bearer {forged_expiry}",
    "Bearer {token}x",
    "Bearer {token}.{token}",
])
def test_no_or_a_bad_token_gets_a_401_and_never_reaches_the_bot(stub_url: str, recording_bot, identity, signer,
                                                                 authorization: str | None) -> None:
    tokens = {"token": identity["token"],
              "other_key": TokenSigner(b"another key, another server......").sign(identity["sender"], 2**40),
              "expired": signer.sign(identity["sender"], int(time.time()) - 1),
              "forged_expiry": forged(signer.sign(identity["sender"], int(time.time()) - 1))}
    headers = {"Authorization": authorization.format(**tokens)} if authorization else {}
    calls = len(recording_bot.calls)
    response = post(stub_url, {"message": "hi"}, None, headers=headers)
    assert refused(response, 401, "token")
    assert response.headers["www-authenticate"] == "Bearer"
    assert len(recording_bot.calls) == calls


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                          "", "application/jsonx"])
def test_a_content_type_other_than_json_gets_a_415(stub_url: str, recording_bot, identity, content_type: str) -> None:
    calls = len(recording_bot.calls)
    response = post(stub_url, {"message": "hi"}, identity["token"], content_type=content_type)
    assert refused(response, 415, "application/json")
    assert len(recording_bot.calls) == calls


def test_json_with_a_charset_is_json(stub_url: str, identity) -> None:
    response = post(stub_url, {"message": "hi"}, identity["token"], content_type="application/json; charset=utf-8")
    assert response.status_code == 200


@pytest.mark.parametrize("body, complaint", [
    (b"{not json", "Invalid JSON"),
    (b"", "Invalid JSON"),
    (b"\xff\xfe\x00", "Invalid JSON"),
    ([{"message": "hi"}], "must be a JSON object"),
    ("hi", "must be a JSON object"),
    ({"sender": "a"}, "message: Field required"),
    ({"sender": 42, "message": "hi"}, "sender: Input should be a valid string"),
    ({"message": 42}, "message: Input should be a valid string"),
    ({"message": None}, "message: Input should be a valid string"),
    ({"message": ["hi"]}, "message: Input should be a valid string"),
    ({"message": ""}, "message: message must not be blank"),
    ({"message": "  \n "}, "message: message must not be blank"),
    ({"message": "a" * (MAX_MESSAGE_CHARS + 1)}, f"message: String should have at most {MAX_MESSAGE_CHARS} characters"),
])
def test_a_bad_body_gets_a_400_with_a_clear_error_and_never_reaches_the_bot(
        stub_url: str, recording_bot, identity, body: object, complaint: str) -> None:
    calls = len(recording_bot.calls)
    assert refused(post(stub_url, body, identity["token"]), 400, complaint)
    assert len(recording_bot.calls) == calls


def test_a_body_over_the_cap_gets_a_413(stub_url: str, recording_bot, identity) -> None:
    calls = len(recording_bot.calls)
    over_channel_cap = post(stub_url, {"message": "a" * MAX_BODY_BYTES}, identity["token"])
    assert refused(over_channel_cap, 413, f"larger than {MAX_BODY_BYTES} bytes")
    over_server_cap = post(stub_url, b"{" + b" " * MAX_REQUEST_BYTES + b"}", identity["token"])
    assert refused(over_server_cap, 413, f"larger than {MAX_REQUEST_BYTES} bytes")
    chunked = post(stub_url, iter([b" " * 8192] * (MAX_REQUEST_BYTES // 8192 + 1)), identity["token"])  # no Content-Length
    assert refused(chunked, 413, f"larger than {MAX_REQUEST_BYTES} bytes")
    assert len(recording_bot.calls) == calls


def test_an_encoded_body_is_refused_not_decompressed(stub_url: str, recording_bot, identity) -> None:
    calls = len(recording_bot.calls)
    response = post(stub_url, {"message": "hi"}, identity["token"], headers={"Content-Encoding": "gzip"})
    assert refused(response, 415, "encoded")
    assert len(recording_bot.calls) == calls


@pytest.mark.parametrize("path", [WEBHOOK_PATH, SESSION_PATH, "/", "/health"])
def test_a_host_name_the_server_does_not_serve_gets_a_421(stub_url: str, path: str) -> None:
    response = requests.post(stub_url + path, headers={"Host": "attacker.example"}, timeout=TIMEOUT)
    assert refused(response, 421, "host")
    localhost = requests.get(stub_url.replace("127.0.0.1", "localhost") + "/health", timeout=TIMEOUT)
    assert localhost.status_code == 200


def test_the_allowed_host_names_come_from_the_configuration(monkeypatch, recording_bot, signer) -> None:
    monkeypatch.setenv(ALLOWED_HOSTS_ENV, "desk.example, hotelbot.example")
    client = TestClient(create_app(recording_bot, signer=signer), base_url="http://desk.example:8080")
    assert client.get("/health").status_code == 200
    assert client.get("/health", headers={"Host": "hotelbot.example"}).status_code == 200
    assert client.get("/health", headers={"Host": "127.0.0.1"}).status_code == 421


@pytest.mark.parametrize("origin", ["https://attacker.example", "http://localhost:3000", "null"])
@pytest.mark.parametrize("path", [WEBHOOK_PATH, SESSION_PATH, "/gradio_api/queue/join"])
def test_no_other_origin_is_granted_cors_access(stub_url: str, identity, origin: str, path: str) -> None:
    preflight = requests.options(stub_url + path, timeout=TIMEOUT, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    posted = requests.post(stub_url + path, json={"message": "hi"}, timeout=TIMEOUT,
                           headers={"Origin": origin, "Authorization": f"Bearer {identity['token']}"})
    for response in (preflight, posted):
        assert "access-control-allow-origin" not in response.headers


def test_the_client_cannot_set_the_bots_clock(bot_url: str, hotel_bot) -> None:
    """metadata.today is ignored: 'the 10th' is the 10th after the server's today."""
    identity = new_identity(bot_url)
    response = post(bot_url, {"message": "I want to book a hotel in Shanghai on the 10th",
                              "metadata": {"today": "2027-03-01"}}, identity["token"])
    assert response.status_code == 200
    state = hotel_bot.state(SESSION_PREFIX + identity["sender"])
    assert state.today == date(2026, 12, 1) and state.value("check_in") == date(2026, 12, 10)


def test_the_seeds_scenario_over_rest(bot_url: str, hotel_bot) -> None:
    """Book Shanghai for the 10th, move to the 11th before answering, pick, confirm."""
    identity = new_identity(bot_url)
    sender, token = identity["sender"], identity["token"]
    opening = post(bot_url, {"sender": sender, "message": "I want to book a hotel in Shanghai on the 10th"}, token)
    assert opening.status_code == 200 and opening.json()[0]["recipient_id"] == sender

    moved = post(bot_url, {"message": "show me hotels for the 11th instead"}, token).json()
    reply = moved[0]["text"]
    assert "11" in reply and "10th" not in reply.lower()
    cards = [message["custom"] for message in moved if "custom" in message]
    assert cards and all(card["type"] == "hotel_card" for card in cards)
    assert all("check_in=2026-12-11" in card["booking_link"] for card in cards)
    assert {message["recipient_id"] for message in moved} == {sender}

    picked = post(bot_url, {"message": "the first one, for 2 people, 2 nights"}, token).json()
    assert picked[0]["text"]
    state = hotel_bot.state(SESSION_PREFIX + sender)
    assert state.awaiting == "confirm" and state.value("check_out") == date(2026, 12, 13)

    confirmed = post(bot_url, {"message": "yes"}, token).json()
    [booking] = hotel_bot.bookings(SESSION_PREFIX + sender)
    assert booking.ref in confirmed[0]["text"]
    assert (booking.city, booking.check_in, booking.check_out, booking.guests, booking.status) == (
        "Shanghai", date(2026, 12, 11), date(2026, 12, 13), 2, "confirmed")
    assert booking.hotel == cards[0]["hotel"]


def test_control_characters_get_a_clear_reply_and_a_lone_surrogate_is_not_json(bot_url: str, hotel_bot) -> None:
    identity = new_identity(bot_url)
    for text in ("hello\x00there", "book\x1b[31m a room"):
        response = post(bot_url, {"message": text}, identity["token"])
        assert response.status_code == 200 and "control characters" in response.json()[0]["text"]
    assert refused(post(bot_url, {"message": "hi \ud800 there"}, identity["token"]), 400, "Invalid JSON")
    assert hotel_bot.state(SESSION_PREFIX + identity["sender"]).turn == 0
