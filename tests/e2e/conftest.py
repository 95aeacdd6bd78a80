"""Browser-test fixtures: the app on a free port, Debian's chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from bot.channels.server import create_app, running

CHROMIUM = Path("/usr/bin/chromium")  # Debian's, installed by `make chromium`; never `playwright install`
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "e2e"
DEMO_TODAY = date(2026, 12, 1)  # the server's fixed clock in these tests (test configuration)
BOT_MESSAGES = "#hb-chat [data-testid=bot]"

expect.set_options(timeout=30_000)  # the first turn loads the model's session


class BrowserSession:
    """A page on the app, plus what it did that a test should check."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.dialogs: list[str] = []  # alert() / confirm() / prompt() messages: none expected
        self.foreign_requests: list[str] = []  # requests leaving the app's server: none expected
        host = urlsplit(base_url).netloc
        page.on("dialog", self._on_dialog)
        page.on("request", lambda request: self._on_request(request.url, host))

    def answer(self, text: str) -> Locator:
        """Type a message, press Enter, wait for the bot's answer; returns that message."""
        answered = self.page.locator(BOT_MESSAGES).count()
        self.page.fill("#hb-message textarea", text)
        self.page.press("#hb-message textarea", "Enter")
        expect(self.page.locator(BOT_MESSAGES)).to_have_count(answered + 1)
        return self.page.locator(BOT_MESSAGES).last

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _on_request(self, url: str, host: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != host:
            self.foreign_requests.append(url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"no chromium at {CHROMIUM}: run `make chromium` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def hotel_bot():
    from bot.agent import HotelBot

    return HotelBot.load(today=DEMO_TODAY, db_path=":memory:")


@pytest.fixture(scope="module")
def app_url(hotel_bot) -> Iterator[str]:
    with running(create_app(hotel_bot)) as url:
        yield url


@pytest.fixture
def session(browser: Browser, app_url: str) -> Iterator[BrowserSession]:
    """A fresh browser context (so a fresh bot session) with the app loaded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    tab = BrowserSession(page, app_url)
    page.goto(app_url + "/", wait_until="load")
    page.wait_for_selector("#hb-message textarea")
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
