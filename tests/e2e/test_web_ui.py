"""The chat UI in a real browser: the seeds' scenario typed by hand, escaping, controls."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import opencc
import requests
from playwright.sync_api import expect

from bot.channels.web_ui import EXAMPLES
from bot.understanding.zh.words import is_chinese
from tests.e2e.conftest import BOT_MESSAGES

REPO_ROOT = Path(__file__).resolve().parents[2]

USER_MESSAGES = "#hb-chat [data-testid=user]"
# what a customer reads on the page: the replies and cards, the labels, the panels' titles, the bookings
CUSTOMER_TEXT = ("#hb-chat [data-testid=bot]", ".hb-header", ".hb-try", "#hb-new", "#hb-send",
                 "#hb-state h3", "#hb-trace h3", "#hb-bookings")

# Simplified-only characters are those the region's Simplified-to-Traditional converter changes
# (OpenCC's plain s2t writes its own standard forms, 牀 for Taiwan's 床); Traditional-only ones
# those hk2s changes (Hong Kong's variants, 衞, included).
TO_TAIWAN, TO_HONG_KONG, TO_SIMPLIFIED = opencc.OpenCC("s2tw"), opencc.OpenCC("s2hk"), opencc.OpenCC("hk2s")


def changed_by(converter: opencc.OpenCC, text: str) -> set[str]:
    """The characters of ``text`` that ``converter`` changes."""
    converted = converter.convert(text)
    assert len(converted) == len(text), f"{converter} changed the length of {text!r}"
    return {a for a, b in zip(text, converted) if a != b}


def send(session, text: str) -> str:
    """Type a message, press Enter, wait for the bot's answer; returns the reply text."""
    return session.answer(text).locator(".hb-reply").inner_text()


def pick_and_confirm_the_11th_to_13th(session, pick: str, confirm: str) -> None:
    """Pick an offered hotel with the stay's details, confirm the summary: one booking, its
    reference in the reply, for the 11th to the 13th."""
    page = session.page
    send(session, pick)
    expect(page.locator("#hb-state [data-fact=awaiting] b")).to_have_text("confirm")
    confirmation = send(session, confirm)
    bookings = page.locator("#hb-bookings .hb-booking")
    expect(bookings).to_have_count(1)
    expect(bookings.first).to_have_attribute("data-status", "confirmed")
    assert bookings.first.get_attribute("data-ref") in confirmation
    expect(bookings.first).to_contain_text("2026-12-11 → 2026-12-13")


def test_the_seeds_scenario_typed_in_the_browser(session, screenshots: Path) -> None:
    page = session.page
    send(session, "I want to book a hotel in Shanghai on the 10th")
    reply = send(session, "show me hotels for the 11th instead")
    assert "11" in reply and "10th" not in reply.lower()

    links = page.locator(BOT_MESSAGES).last.locator(".hb-card a.hb-book")
    assert links.count() >= 1
    for href in (links.nth(i).get_attribute("href") for i in range(links.count())):
        url = urlsplit(href)
        assert url.scheme == "https" and url.netloc
        assert parse_qs(url.query)["check_in"] == ["2026-12-11"]
    expect(page.locator("#hb-state tr[data-slot=check_in]")).to_contain_text("2026-12-11")
    expect(page.locator("#hb-trace [data-intent=search_hotels].hb-detected")).to_be_visible()
    page.screenshot(path=screenshots / "seeds_scenario_11th.png", full_page=True)

    pick_and_confirm_the_11th_to_13th(session, "the first one, for 2 people, 2 nights", "yes")
    page.screenshot(path=screenshots / "seeds_scenario_booked.png", full_page=True)
    assert session.dialogs == [] and session.foreign_requests == []


def test_the_articles_example_typed_in_chinese(session, screenshots: Path) -> None:
    """The issue's own example: 10号 in 上海, then 再帮我看看11号的 before the bot has
    answered the booking, a hotel, 2人2晚, 确认: Chinese replies and cards, booked 11th-13th."""
    page = session.page
    send(session, "我想订10号上海的酒店")
    reply = send(session, "再帮我看看11号的")
    assert "12月11日" in reply and "12月10日" not in reply
    cards = page.locator(BOT_MESSAGES).last.locator(".hb-card")
    assert cards.count() >= 1 and all(name.startswith("上海") for name in cards.locator(".hb-hotel").all_inner_texts())
    for href in (cards.locator("a.hb-book").nth(i).get_attribute("href") for i in range(cards.count())):
        assert parse_qs(urlsplit(href).query)["check_in"] == ["2026-12-11"]
    expect(cards.locator("a.hb-book").first).to_have_text("预订")
    page.screenshot(path=screenshots / "chinese_example_11th.png", full_page=True)

    pick_and_confirm_the_11th_to_13th(session, "第一家，2个人住两晚", "确认")
    assert session.dialogs == [] and session.foreign_requests == []


def test_the_articles_traditional_example_is_answered_in_traditional(session, screenshots: Path) -> None:
    """The articles' example as a Taiwan customer writes it (飯店, 號, 兩晚), the 11th asked for
    before the booking, a hotel, 確認: every reply, card, label and panel title the customer
    reads in Traditional (Taiwan's phrasing: 傳送), the message read in Simplified, booked 11th-13th."""
    page = session.page
    send(session, "幫我訂一間上海的飯店，10號入住，住兩晚，兩個人")
    expect(page.locator("#hb-state [data-fact=language] b")).to_have_text("zh")
    expect(page.locator("#hb-state [data-fact=script] b")).to_have_text("tw")
    expect(page.locator("#hb-trace .hb-script")).to_have_text("tw")
    # read in Simplified, Taiwan's 飯店 as the readers' 酒店
    expect(page.locator("#hb-trace .hb-read-as")).to_have_text("帮我订一间上海的酒店，10号入住，住两晚，两个人")

    reply = send(session, "再幫我看看11號的")
    assert "12月11日" in reply and "12月10日" not in reply
    expect(page.locator("#hb-trace .hb-read-as")).to_have_text("再帮我看看11号的")
    expect(page.locator("#hb-trace h3")).to_have_text("上一輪: “再幫我看看11號的”")
    expect(page.locator("#hb-trace tr[data-entity=check_in]").first).to_contain_text("11號")  # the customer's characters
    expect(page.locator("#hb-state tr[data-slot=check_in]")).to_contain_text("2026-12-11")
    cards = page.locator(BOT_MESSAGES).last.locator(".hb-card")
    hotels = cards.locator(".hb-hotel").all_inner_texts()
    assert cards.count() >= 1 and all(name.startswith("上海") for name in hotels)
    assert all(changed_by(TO_SIMPLIFIED, name) and not changed_by(TO_TAIWAN, name) for name in hotels), hotels
    for href in (cards.locator("a.hb-book").nth(i).get_attribute("href") for i in range(cards.count())):
        assert parse_qs(urlsplit(href).query)["check_in"] == ["2026-12-11"]
    expect(cards.locator("a.hb-book").first).to_have_text("預訂")
    expect(page.locator("#hb-send")).to_have_text("傳送")  # s2twp: Taiwan's word for 发送
    expect(page.locator("#hb-new")).to_have_text("新對話")
    expect(page.locator("#hb-state h3")).to_have_text("對話狀態")
    expect(page.locator("#hb-bookings h3")).to_have_text("訂單")
    expect(page.locator("#hb-message textarea")).to_have_attribute("placeholder", "請輸入您的問題…")
    page.screenshot(path=screenshots / "traditional_example_11th.png", full_page=True)

    pick_and_confirm_the_11th_to_13th(session, "第一家", "確認")  # 第一家 tells no script: the conversation's
    expect(page.locator("#hb-state [data-fact=script] b")).to_have_text("tw")
    expect(page.locator("#hb-bookings .hb-booking")).to_contain_text("已確認")
    replies = page.locator(f"{BOT_MESSAGES} .hb-reply").all_inner_texts()
    assert len(replies) == 4 and all(changed_by(TO_SIMPLIFIED, reply) for reply in replies), replies
    for where in CUSTOMER_TEXT:
        texts = page.locator(where).all_inner_texts()
        assert texts and not any(changed_by(TO_TAIWAN, text) for text in texts), f"Simplified-only characters in {where}: {texts}"
    page.screenshot(path=screenshots / "traditional_booked.png", full_page=True)
    assert session.dialogs == [] and session.foreign_requests == []


def test_a_hong_kong_customer_reads_hong_kongs_forms(session, screenshots: Path) -> None:
    """衞 is Hong Kong's form of 衛: the conversation is Hong Kong's, its rooms 大牀房 (Taiwan: 大床房),
    its send button 發送 (Taiwan: 傳送)."""
    page = session.page
    send(session, "幫我訂一間上海的酒店，11號入住，住兩晚，兩個人，衞生間要乾淨")
    expect(page.locator("#hb-state [data-fact=script] b")).to_have_text("hk")
    expect(page.locator("#hb-trace .hb-script")).to_have_text("hk")
    rooms = page.locator(BOT_MESSAGES).last.locator(".hb-card .hb-room").all_inner_texts()
    assert rooms and any("大牀房" in room for room in rooms) and not any("大床房" in room for room in rooms), rooms
    expect(page.locator("#hb-send")).to_have_text("發送")
    expect(page.locator("#hb-new")).to_have_text("新對話")
    for where in CUSTOMER_TEXT:
        texts = page.locator(where).all_inner_texts()
        assert texts and not any(changed_by(TO_HONG_KONG, text) for text in texts), f"Simplified-only characters in {where}: {texts}"
    page.screenshot(path=screenshots / "hong_kong_cards.png", full_page=True)
    assert session.dialogs == [] and session.foreign_requests == []


def test_replies_cards_and_labels_follow_the_language_of_the_conversation(session, screenshots: Path) -> None:
    page = session.page
    expect(page.locator("#hb-send")).to_have_text("Send")
    # mixed Chinese-English is Chinese (SPEC section 7); the search itself is read from the English words
    reply = send(session, "show me hotels in Shanghai for the 11th 谢谢")
    assert reply.startswith("为您找到上海的酒店")
    hotels = page.locator(BOT_MESSAGES).last.locator(".hb-card .hb-hotel")
    assert hotels.count() >= 1 and all(name.startswith("上海") for name in hotels.all_inner_texts())
    expect(page.locator(BOT_MESSAGES).last.locator(".hb-card a.hb-book").first).to_have_text("预订")
    expect(page.locator("#hb-send")).to_have_text("发送")
    expect(page.locator("#hb-new")).to_have_text("新对话")
    expect(page.locator("#hb-state h3")).to_have_text("对话状态")
    expect(page.locator("#hb-state [data-fact=language] b")).to_have_text("zh")
    page.screenshot(path=screenshots / "chinese_cards.png", full_page=True)

    reply = send(session, "2")  # no letters: the conversation stays Chinese
    assert is_chinese(reply) and "Here are" not in reply
    expect(page.locator("#hb-send")).to_have_text("发送")
    send(session, "hello")  # and follows a switch back to English
    expect(page.locator("#hb-send")).to_have_text("Send")
    expect(page.locator("#hb-state h3")).to_have_text("Dialogue state")
    assert session.dialogs == [] and session.foreign_requests == []


def test_markup_from_the_customer_shows_as_text_and_never_runs(session, screenshots: Path) -> None:
    page = session.page
    attack = "<script>alert(1)</script><img src=x onerror=\"window.__pwned = 1; alert(2)\">"
    send(session, attack)
    expect(page.locator(USER_MESSAGES).last).to_contain_text(attack)
    expect(page.locator("#hb-trace h3")).to_contain_text("<script>alert(1)</script>")
    page.wait_for_timeout(500)  # give a broken <img> time to fire onerror, were it rendered
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#hb-chat img[src=x], #hb-side img[src=x], #hb-chat script").count() == 0
    assert session.dialogs == []
    page.screenshot(path=screenshots / "escaping.png", full_page=True)


def test_the_example_prompts_play_the_demo_in_clicks_and_new_conversation_starts_over(session) -> None:
    page = session.page

    def click(text: str) -> str:
        answered = page.locator(BOT_MESSAGES).count()
        page.get_by_role("button", name=text, exact=True).click()
        expect(page.locator(BOT_MESSAGES)).to_have_count(answered + 1)
        return page.locator(BOT_MESSAGES).last.locator(".hb-reply").inner_text()

    book_10th, instead_11th, first_one, dog, yes, cancel = EXAMPLES[:6]
    for text in (book_10th, instead_11th, first_one):
        click(text)
    assert "pets" in click(dog).lower()  # a FAQ in the middle of the booking ...
    expect(page.locator("#hb-state [data-fact=awaiting] b")).to_have_text("confirm")  # ... which waits on
    click(yes)
    expect(page.locator("#hb-bookings .hb-booking")).to_have_attribute("data-status", "confirmed")
    click(cancel)
    click(yes)
    expect(page.locator("#hb-bookings .hb-booking")).to_have_attribute("data-status", "cancelled")
    expect(page.locator(USER_MESSAGES)).to_have_text([book_10th, instead_11th, first_one, dog, yes, cancel, yes])

    page.locator("#hb-new").click()
    expect(page.locator(BOT_MESSAGES)).to_have_count(0)
    expect(page.locator("#hb-state")).to_contain_text("no conversation yet")
    expect(page.locator("#hb-trace")).to_contain_text("no turn yet")


def test_the_bots_clock_is_the_servers_and_the_page_cannot_set_it(session) -> None:
    page = session.page
    expect(page.locator("#hb-message textarea")).to_be_visible()
    assert page.locator("#hb-today, input[type=date]").count() == 0
    send(session, "I want to book a hotel in Shanghai on the 10th")
    expect(page.locator("#hb-state [data-fact=today] b")).to_have_text("2026-12-01")
    expect(page.locator("#hb-state tr[data-slot=check_in]")).to_contain_text("2026-12-10")


def test_control_characters_and_lone_surrogates_from_the_browser_get_a_clear_reply(session) -> None:
    page = session.page
    textarea = page.locator("#hb-message textarea")
    # Typing turns a lone surrogate into U+FFFD, so the page's own script puts it in the box.
    lone_surrogate = """t => { t.value = "hi \\ud800 there"; t.dispatchEvent(new Event("input", {bubbles: true})); }"""
    for enter, reply in ((lambda: textarea.fill("hello\x00there"), "control characters"),
                         (lambda: textarea.evaluate(lone_surrogate), "couldn't read")):
        answered = page.locator(BOT_MESSAGES).count()
        enter()
        textarea.press("Enter")
        expect(page.locator(BOT_MESSAGES)).to_have_count(answered + 1)
        assert reply in page.locator(BOT_MESSAGES).last.locator(".hb-reply").inner_text()
    expect(page.locator(USER_MESSAGES).last).to_contain_text("hi \ufffd there")
    expect(page.locator("#hb-state [data-fact=turn] b")).to_have_text("0")  # neither message was read
    assert session.dialogs == []


def test_app_py_serves_the_ui_and_the_rest_channel_on_the_port_given(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "app.log").open("w")
    app = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=REPO_ROOT, stdout=log, stderr=log)
    try:
        health = wait_for(base + "/health", app)
        assert health.json() == {"status": "ok"}
        assert "hotelbot" in requests.get(base + "/", timeout=10).text
        identity = requests.post(base + "/session", timeout=10).json()
        assert requests.post(base + "/webhooks/rest/webhook", json={"message": "hi"}, timeout=10).status_code == 401
        reply = requests.post(base + "/webhooks/rest/webhook", json={"message": "hi"}, timeout=60,
                              headers={"Authorization": f"Bearer {identity['token']}"})
        assert reply.status_code == 200 and reply.json()[0]["recipient_id"] == identity["sender"]
    finally:
        app.terminate()
        app.wait(30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 180) -> requests.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"app.py exited with {process.returncode}"
        try:
            return requests.get(url, timeout=5)
        except requests.ConnectionError:
            time.sleep(0.5)
    raise TimeoutError(f"nothing answered at {url} within {timeout} s")
