"""The rasa-sdk action server answers Rasa's /webhook protocol with our actions."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
import requests

from bot.database.catalogue import SEED_OWNER_WANG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(model_dir, tmp_path_factory):
    """`hotelbot actions` as a user starts it, on a free port and its own database."""
    port = free_port()
    db = tmp_path_factory.mktemp("actions") / "hotelbot.sqlite"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "actions", "--port", str(port), "--db", str(db), "--model", str(model_dir)],
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
