"""Rasa's REST channel over real HTTP, against a uvicorn server on a free port."""

from __future__ import annotations

import json
from datetime import date

import pytest
import requests

from bot.channels import MAX_MESSAGE_CHARS
from bot.channels.rest import MAX_BODY_BYTES, SESSION_PREFIX, WEBHOOK_PATH

TIMEOUT = 30


def post(base_url: str, body: object) -> requests.Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return requests.post(base_url + WEBHOOK_PATH, data=data, timeout=TIMEOUT,
                         headers={"Content-Type": "application/json"})


def test_health(stub_url: str) -> None:
    for path in ("/health", "/webhooks/rest/"):
        response = requests.get(stub_url + path, timeout=TIMEOUT)
        assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_the_web_ui_is_served_at_the_root(stub_url: str) -> None:
    response = requests.get(stub_url + "/", timeout=TIMEOUT)
    assert response.status_code == 200 and "<html" in response.text.lower()


def test_a_message_gets_the_reply_addressed_to_its_sender(stub_url: str, recording_bot) -> None:
    response = post(stub_url, {"sender": "alice", "message": "hi there", "metadata": {"channel": "widget"}})
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": "alice", "text": "echo: hi there"}]
    assert recording_bot.calls[-1] == (SESSION_PREFIX + "alice", "hi there", None)


def test_metadata_today_sets_the_clock(stub_url: str, recording_bot) -> None:
    assert post(stub_url, {"sender": "bob", "message": "hi", "metadata": {"today": "2026-12-01"}}).status_code == 200
    assert recording_bot.calls[-1][2] == date(2026, 12, 1)


def test_a_message_of_the_maximum_length_is_accepted(stub_url: str) -> None:
    assert post(stub_url, {"sender": "carol", "message": "a" * MAX_MESSAGE_CHARS}).status_code == 200


@pytest.mark.parametrize("body, complaint", [
    (b"{not json", "Invalid JSON"),
    (b"", "Invalid JSON"),
    (b"\xff\xfe\x00", "Invalid JSON"),
    ([{"sender": "a", "message": "hi"}], "must be a JSON object"),
    ("hi", "must be a JSON object"),
    ({"message": "hi"}, "sender: Field required"),
    ({"sender": "a"}, "message: Field required"),
    ({"sender": 42, "message": "hi"}, "sender: Input should be a valid string"),
    ({"sender": "a", "message": 42}, "message: Input should be a valid string"),
    ({"sender": "a", "message": None}, "message: Input should be a valid string"),
    ({"sender": "a", "message": ["hi"]}, "message: Input should be a valid string"),
    ({"sender": "", "message": "hi"}, "sender: String should have at least 1 character"),
    ({"sender": "a", "message": "  \n "}, "message: message must not be blank"),
    ({"sender": "a", "message": "a" * (MAX_MESSAGE_CHARS + 1)},
     f"message: String should have at most {MAX_MESSAGE_CHARS} characters"),
    ({"sender": "a", "message": "a" * MAX_BODY_BYTES}, f"larger than {MAX_BODY_BYTES} bytes"),
    ({"sender": "a", "message": "hi", "metadata": "x"}, "metadata: must be a JSON object"),
    ({"sender": "a", "message": "hi", "metadata": {"today": "2026-13-01"}}, "metadata.today: Input should be"),
    ({"sender": "a", "message": "hi", "metadata": {"today": 20261201}}, "metadata.today: Input should be"),
])
def test_a_bad_request_gets_a_400_with_a_clear_error_and_never_reaches_the_bot(
        stub_url: str, recording_bot, body: object, complaint: str) -> None:
    calls = len(recording_bot.calls)
    response = post(stub_url, body)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert complaint in response.json()["error"]
    assert len(recording_bot.calls) == calls


def test_the_seeds_scenario_over_rest(bot_url: str, hotel_bot) -> None:
    """Book Shanghai for the 10th, move to the 11th before answering, pick, confirm."""
    sender = "rest-scenario"
    opening = post(bot_url, {"sender": sender, "message": "I want to book a hotel in Shanghai on the 10th"})
    assert opening.status_code == 200 and opening.json()[0]["recipient_id"] == sender

    moved = post(bot_url, {"sender": sender, "message": "show me hotels for the 11th instead"}).json()
    reply = moved[0]["text"]
    assert "11" in reply and "10th" not in reply.lower()
    cards = [message["custom"] for message in moved if "custom" in message]
    assert cards and all(card["type"] == "hotel_card" for card in cards)
    assert all("check_in=2026-12-11" in card["booking_link"] for card in cards)
    assert {message["recipient_id"] for message in moved} == {sender}

    picked = post(bot_url, {"sender": sender, "message": "the first one, for 2 people, 2 nights"}).json()
    assert picked[0]["text"]
    state = hotel_bot.state(SESSION_PREFIX + sender)
    assert state.awaiting == "confirm" and state.value("check_out") == date(2026, 12, 13)

    confirmed = post(bot_url, {"sender": sender, "message": "yes"}).json()
    [booking] = hotel_bot.bookings(SESSION_PREFIX + sender)
    assert booking.ref in confirmed[0]["text"]
    assert (booking.city, booking.check_in, booking.check_out, booking.guests, booking.status) == (
        "Shanghai", date(2026, 12, 11), date(2026, 12, 13), 2, "confirmed")
    assert booking.hotel == cards[0]["hotel"]
