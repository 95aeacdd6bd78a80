"""The trip plan in a real browser: a card per day with its stops and times, the legs with
mode and fare, the day's cost, in the customer's language and script (SPEC section 10)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import opencc
import pytest
from playwright.sync_api import Locator, expect

from bot.channels.web_ui import render_plan
from bot.models import PlanDay, PlanStop, TripPlan, Turn
from bot.understanding.zh import script as zh_script
from bot.wording import for_language
from tests.e2e.conftest import BOT_MESSAGES

DAYS_ASKED = 3

# the customer's message, its language and script
PLAN_REQUESTS = {
    "en": ("plan me a cheap 3-day trip in Hangzhou", "en", "hans"),
    "zh": ("杭州玩三天，便宜点", "zh", "hans"),
    "tw": ("杭州玩三天，便宜一點的行程", "zh", "tw"),
}

# The words a card labels its figures with (bot/wording/en.py, zh.py), in Simplified: a
# Traditional card writes them through the product's script conversion.
LABELS = {
    "en": {"day": "Day {n}", "date": "{d.day} {d:%b}", "free": "free", "ticket": "", "minutes": "{m} min",
           "day_cost": "Day's cost", "modes": {"walk": "walk", "bus": "bus", "metro": "metro", "taxi": "taxi"}},
    "zh": {"day": "第{n}天", "date": "{d.month}月{d.day}日", "free": "免费", "ticket": "门票", "minutes": "{m}分钟",
           "day_cost": "当天花费", "modes": {"walk": "步行", "bus": "公交", "metro": "地铁", "taxi": "打车"}},
}
MONEY = {"en": re.compile(r"CNY ([\d,]+)"), "zh": re.compile(r"¥([\d,]+)")}
TIMES = re.compile(r"(\d\d:\d\d)-(\d\d:\d\d)")

# Simplified-only characters are those Taiwan's Simplified-to-Traditional converter changes;
# Traditional-only ones those Traditional-to-Simplified changes (as in test_web_ui.py).
TO_TAIWAN, TO_SIMPLIFIED = opencc.OpenCC("s2tw"), opencc.OpenCC("hk2s")


def changed_by(converter: opencc.OpenCC, text: str) -> set[str]:
    converted = converter.convert(text)
    assert len(converted) == len(text), f"{converter} changed the length of {text!r}"
    return {a for a, b in zip(text, converted) if a != b}


def written(text: str, language: str, script: str) -> str:
    """A Simplified label as the customer reads it: Chinese in the conversation's script."""
    return zh_script.write(text, script) if language == "zh" and script != "hans" else text


def money(text: str, language: str) -> list[int]:
    return [int(amount.replace(",", "")) for amount in MONEY[language].findall(text)]


@pytest.fixture(scope="module")
def expected(hotel_bot) -> dict[str, Turn]:
    """The turn each plan request gets from the Python API of the bot the server runs
    (the same fixed clock, its own session)."""
    turns = {key: hotel_bot.handle(f"expected-plan-{key}", text) for key, (text, _, _) in PLAN_REQUESTS.items()}
    for key, turn in turns.items():
        assert turn.plan is not None and len(turn.plan.days) == DAYS_ASKED and turn.plan.cheap, (key, turn.reply)
    return turns


def check_plan_cards(message: Locator, plan: TripPlan, language: str, script: str) -> list[str]:
    """The message's plan shows a card per day of ``plan``: the heading with the day's number
    and date, its stops in order with times, sight and ticket, a leg between each two with
    mode, minutes and fare, and the day's cost, which adds up the card's tickets and fares.
    Returns every text the cards show."""
    labels = {name: written(value, language, script) if isinstance(value, str) else value
              for name, value in LABELS[language].items()}
    modes = {mode: written(word, language, script) for mode, word in labels["modes"].items()}
    cards = message.locator(".hb-plan .hb-day")
    expect(cards).to_have_count(len(plan.days))
    shown: list[str] = []
    for number, (card, day) in enumerate(zip(cards.all(), plan.days), start=1):
        title = card.locator(".hb-day-title").inner_text()
        assert labels["day"].format(n=number) in title and labels["date"].format(d=day.date) in title, title
        rows = card.locator("li").evaluate_all("items => items.map(item => [item.className, item.innerText])")
        assert [cls.split()[0] for cls, _ in rows] == ["hb-stop", *["hb-leg", "hb-stop"] * len(day.legs)], rows
        stops, legs = [text for _, text in rows[::2]], rows[1::2]
        assert len(stops) == len(day.stops) and day.stops, (day, rows)
        for text, stop in zip(stops, day.stops):
            assert TIMES.search(text).groups() == (stop.arrive, stop.leave), text
            sight = stop.sight if language == "en" else written(stop.sight_zh, language, script)
            assert sight in text, (sight, text)
            if stop.ticket:
                assert labels["ticket"] in text and money(text, language) == [round(stop.ticket)], text
            else:
                assert labels["free"] in text and money(text, language) == [], text
        for (cls, text), leg in zip(legs, day.legs):
            assert f"hb-leg-{leg.mode}" in cls.split(), (cls, leg)
            assert text.startswith(modes[leg.mode]) and labels["minutes"].format(m=leg.minutes) in text, (text, leg)
            assert money(text, language) == ([round(leg.fare)] if leg.fare else []), (text, leg)
        cost = card.locator(".hb-day-cost").inner_text()
        assert cost.startswith(labels["day_cost"]) and money(cost, language) == [round(day.cost)], (cost, day.cost)
        assert sum(money(text, language)[0] for text in [*stops, *(text for _, text in legs)] if money(text, language)) == round(day.cost)
        shown += [title, *(text for _, text in rows), cost]
    assert sum(round(day.cost) for day in plan.days) == round(plan.total_cost)
    return shown


def check_plan_turn(message: Locator, turn: Turn, language: str, script: str) -> list[str]:
    """The plan's cards, the hotel it recommends as a card, the total in the reply, whose
    lines per day the cards stand in for. Returns every text of the message."""
    shown = check_plan_cards(message, turn.plan, language, script)
    reply = message.locator(".hb-reply").inner_text()
    assert money(reply, language)[:1] == [round(turn.plan.total_cost)], reply
    day = LABELS[language]["day"]
    assert not any(written(day.format(n=n), language, script) in reply for n in range(1, DAYS_ASKED + 1)), reply
    hint = "book that hotel" if language == "en" else written("帮我订这家酒店", language, script)
    assert hint in reply, reply  # how to book the plan's hotel stays when its card replaces the link's line
    hotels = message.locator(".hb-card .hb-hotel")
    expect(hotels).to_have_text([card.hotel for card in turn.cards])
    return [*shown, reply, *hotels.all_inner_texts()]


def test_an_english_plan_shows_a_card_per_day_and_a_turn_without_a_plan_shows_none(session, expected, screenshots: Path) -> None:
    page = session.page
    text, language, script = PLAN_REQUESTS["en"]
    message = session.answer(text)
    shown = check_plan_turn(message, expected["en"], language, script)
    assert all(not re.search(r"[\u4e00-\u9fff]", line) for line in shown), shown
    page.screenshot(path=screenshots / "plan_english.png", full_page=True)

    # the next turn answers a question with the plan still in the conversation: no plan card of its own
    answer = session.answer("can I bring my dog?")
    expect(answer.locator(".hb-reply")).not_to_be_empty()
    expect(answer.locator(".hb-plan, .hb-day")).to_have_count(0)
    expect(page.locator(f"{BOT_MESSAGES} .hb-plan")).to_have_count(1)  # the plan's own message keeps its cards
    expect(page.locator(f"{BOT_MESSAGES} .hb-day")).to_have_count(DAYS_ASKED)
    assert session.dialogs == [] and session.foreign_requests == []


@pytest.mark.parametrize("key", ["zh", "tw"])
def test_a_chinese_plan_card_is_in_the_customers_script(session, expected, screenshots: Path, key: str) -> None:
    page = session.page
    text, language, script = PLAN_REQUESTS[key]
    message = session.answer(text)
    expect(page.locator("#hb-state [data-fact=script] b")).to_have_text(script)
    shown = check_plan_turn(message, expected[key], language, script)
    cards = message.locator(".hb-plan").inner_text()
    assert not re.search(r"[A-Za-z]", cards), cards  # no English sight, mode or currency on a Chinese card
    if script == "hans":
        assert "当天花费" in cards and "分钟" in cards
        assert not any(changed_by(TO_SIMPLIFIED, line) for line in shown), shown
    else:
        assert "當天花費" in cards and "分鐘" in cards
        assert not set("费钟门国叶馆龙桥苏") & set(cards), cards  # 費 鐘 門 國 葉 館 龍 橋 蘇
        assert not any(changed_by(TO_TAIWAN, line) for line in shown), f"Simplified-only characters: {shown}"
    page.screenshot(path=screenshots / f"plan_{key}.png", full_page=True)
    assert session.dialogs == [] and session.foreign_requests == []


@pytest.mark.parametrize(("language", "script", "free"), [("en", "hans", "A free day"), ("zh", "hans", "自由活动"),
                                                          ("zh", "tw", "自由活動")])
def test_the_card_of_a_day_with_nothing_left_to_see_says_it_is_free(language: str, script: str, free: str) -> None:
    """A catalogue with fewer sights than the days asked (an agency's city of 7 sights, 7 days)
    leaves days without stops; the reply's line of such a day gives way to its card, so the card
    says the day is free, in the customer's script, instead of an empty list."""
    pier = PlanStop(sight="Zhanqiao Pier", sight_zh="栈桥", arrive="09:00", leave="09:45", ticket=0)
    plan = TripPlan(city="Qingdao", total_cost=0, cheap=True, days=[
        PlanDay(date=date(2026, 12, 6), stops=[pier], legs=[], cost=0), PlanDay(date=date(2026, 12, 7), stops=[], legs=[], cost=0)])
    busy, empty = re.findall(r'<div class="hb-day">.*?</ul>', render_plan(plan, for_language(language, script)))
    assert "hb-stop" in busy and "hb-free" not in busy
    assert "hb-stop" not in empty and re.search(rf'<li class="hb-free">{free}[^<]+</li>', empty), empty
    assert not (script == "tw" and changed_by(TO_TAIWAN, empty)), empty
