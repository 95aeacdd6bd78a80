"""The rasa-sdk action server answers Rasa's /webhook protocol with our actions."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import zlib

import pytest
import requests

from bot.action_server import MAX_BODY_BYTES
from bot.database.catalogue import SEED_OWNER_WANG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TOKEN = "action-server-test-token"


def start(model_dir, db_dir, *extra: str):
    """`hotelbot actions` as a user starts it, on a free port and its own database."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "actions", "--port", str(port), "--db", str(db_dir / "hotelbot.sqlite"),
         "--model", str(model_dir), *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(url + "/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
            if process.poll() is not None:
                pytest.fail("action server exited: " + process.stderr.read().decode())
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(model_dir, tmp_path_factory):
    yield from start(model_dir, tmp_path_factory.mktemp("actions"))


@pytest.fixture(scope="module")
def guarded_server(model_dir, tmp_path_factory):
    """The action server started with Rasa's `--auth-token` convention."""
    yield from start(model_dir, tmp_path_factory.mktemp("guarded-actions"), "--auth-token", TOKEN)


def webhook_request(action: str, slots: dict, entities: list | None = None, text: str = "",
                    sender: str = "rasa-user") -> dict:
    return {
        "next_action": action,
        "sender_id": sender,
        "tracker": {
            "sender_id": sender,
            "slots": slots,
            "latest_message": {"text": text, "intent": {"name": "search_hotels", "confidence": 0.9},
                               "entities": entities or [], "intent_ranking": []},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": None,
        },
        "domain": {},
        "version": "3.6.0",
    }


def test_search_over_the_webhook_returns_offers_as_events(server: str) -> None:
    body = webhook_request("action_search_hotels", {"city": "Shanghai", "check_in": "2026-12-11", "nights": 2, "guests": 2})
    response = requests.post(server + "/webhook", json=body, timeout=10)
    assert response.status_code == 200
    payload = response.json()
    offers = next(e for e in payload["events"] if e["event"] == "slot" and e["name"] == "offers")["value"]
    assert {o["offer"]["hotel"]["tier"] for o in offers} == {"budget", "comfort", "luxury"}
    assert all("check_in=2026-12-11" in o["offer"]["booking_link"] for o in offers)
    assert "Shanghai" in payload["responses"][0]["text"]


def test_check_booking_over_the_webhook(server: str) -> None:
    body = webhook_request("action_check_booking", {"booking_ref": "HB-4821", "booking_refs": []}, sender=SEED_OWNER_WANG)
    payload = requests.post(server + "/webhook", json=body, timeout=10).json()
    assert "Bund Riverside Hotel" in payload["responses"][0]["text"]
    assert {"event": "slot", "name": "booking_refs", "value": ["HB-4821"], "timestamp": None} in payload["events"]


def test_someone_elses_booking_is_not_found_over_the_webhook(server: str) -> None:
    def check(ref: str) -> dict:
        body = webhook_request("action_check_booking", {"booking_ref": ref, "booking_refs": []})
        return requests.post(server + "/webhook", json=body, timeout=10).json()

    foreign, unknown = check("HB-4821"), check("HB-4822")
    assert foreign["responses"][0]["text"] == unknown["responses"][0]["text"].replace("4822", "4821")
    assert "Bund Riverside" not in foreign["responses"][0]["text"]
    assert not any(event.get("name") == "booking_refs" for event in foreign["events"])


def test_unknown_action_is_an_error_not_a_crash(server: str) -> None:
    response = requests.post(server + "/webhook", json=webhook_request("action_nope", {}), timeout=10)
    assert response.status_code == 404


def test_with_an_auth_token_every_route_but_health_needs_it(guarded_server: str) -> None:
    body = webhook_request("action_check_booking", {"booking_ref": "HB-4821", "booking_refs": []}, sender=SEED_OWNER_WANG)
    assert requests.get(guarded_server + "/health", timeout=10).status_code == 200
    for token in (None, "", "wrong", TOKEN + "x"):
        params = {"token": token} if token is not None else {}
        for response in (requests.post(guarded_server + "/webhook", json=body, params=params, timeout=10),
                         requests.get(guarded_server + "/actions", params=params, timeout=10)):
            assert response.status_code == 401 and "token" in response.json()["error"]
    allowed = requests.post(guarded_server + "/webhook", json=body, params={"token": TOKEN}, timeout=10)
    assert allowed.status_code == 200 and "Bund Riverside Hotel" in allowed.json()["responses"][0]["text"]


def test_a_body_over_the_cap_gets_a_413(server: str) -> None:
    body = webhook_request("action_search_hotels", {"city": "Shanghai"}, text="a" * MAX_BODY_BYTES)
    response = requests.post(server + "/webhook", json=body, timeout=10)
    assert response.status_code == 413 and "larger than" in response.json()["error"]


def test_an_encoded_body_is_refused_not_decompressed(server: str) -> None:
    body = zlib.compress(json.dumps(webhook_request("action_check_booking", {"booking_ref": "HB-4821"})).encode())
    response = requests.post(server + "/webhook", data=body, timeout=10,
                             headers={"Content-Type": "application/json", "Content-Encoding": "deflate"})
    assert response.status_code == 415 and "encoded" in response.json()["error"]


def test_no_cors_headers_are_granted(server: str) -> None:
    response = requests.options(server + "/webhook", timeout=10, headers={
        "Origin": "https://attacker.example", "Access-Control-Request-Method": "POST"})
    assert not any(name.lower().startswith("access-control-") for name in response.headers)
