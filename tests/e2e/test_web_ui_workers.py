"""The chat UI served by two servers in turn, as several workers behind one port would
serve it: every request of one browser tab alternates between two app processes' worth of
state (two bots over one database file, one token key), and the dialogue goes on as with one."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route

from bot.channels.auth import TokenSigner
from bot.channels.server import create_app, running
from tests.e2e.conftest import DEMO_TODAY, BrowserSession
from tests.e2e.test_web_ui import pick_and_confirm_the_11th_to_13th, send


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    from bot.agent import HotelBot

    db_file = tmp_path_factory.mktemp("ui-workers") / "hotelbot.sqlite"
    signer = TokenSigner(secrets.token_bytes(32))  # one key, as `serve --workers` shares it
    first, second = (HotelBot.load(today=DEMO_TODAY, db_path=db_file) for _ in range(2))
    with running(create_app(first, signer=signer)) as one, running(create_app(second, signer=signer)) as other:
        yield one, other, db_file


def test_a_tab_whose_requests_alternate_between_two_servers_books_once(browser: Browser, two_servers) -> None:
    one, other, db_file = two_servers
    served = {one: 0, other: 0}

    def alternate(route: Route) -> None:
        """Every other event of the tab goes to the other server."""
        server = one if served[one] <= served[other] else other
        served[server] += 1
        route.fulfill(response=route.fetch(url=route.request.url.replace(one, server)))

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    tab = BrowserSession(page, one)
    page.route(f"{one}/gradio_api/run/**", alternate)
    page.goto(one + "/", wait_until="load")
    page.wait_for_selector("#hb-message textarea")
    try:
        send(tab, "I want to book a hotel in Shanghai on the 10th")
        assert "11" in send(tab, "show me hotels for the 11th instead")
        pick_and_confirm_the_11th_to_13th(tab, "the first one, for 2 people, 2 nights", "yes")
    finally:
        context.close()
    assert served[one] >= 2 and served[other] >= 2, served
    assert tab.dialogs == []

    from bot.database import Database

    with Database(db_file) as db:  # one booking, by the one customer the tab was
        owners = [row[2] for row in db.dump()["bookings"] if row[2].startswith("web-")]
    assert len(owners) == 1
