"""The web UI's pure rendering functions, on hand-built pydantic objects."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import gradio as gr
import pytest
from gradio.utils import get_type_hints

from bot.channels.web_ui import (
    Html, esc, example_responder, render_bookings, render_card, render_reply, render_state, render_trace, responder,
    safe_url,
)
from bot.models import (
    ActionRun, Booking, DbQuery, DialogueState, Entity, HotelCard, PolicyDecision, SlotChange, SlotValue, Turn,
    TurnTrace,
)
from tests.bot.channels.conftest import RecordingBot

HOSTILE = "<script>alert(1)</script><img src=x onerror=\"alert('x')\">&"
LINK = "https://hotels.example.com/book/bund-riverside?check_in=2026-12-11&check_out=2026-12-13&guests=2"


def card(**changes: object) -> HotelCard:
    fields = dict(ordinal=1, tier="comfort", hotel="Bund Riverside", stars=4, room_type="Deluxe King",
                  price_per_night=880.0, total_price=1760.0, nights=2, currency="CNY", booking_link=LINK)
    return HotelCard(**{**fields, **changes})


def booking(**changes: object) -> Booking:
    fields = dict(ref="HB-7KQ2", owner="s", hotel="Bund Riverside", city="Shanghai", room_type="Deluxe King",
                  check_in=date(2026, 12, 11), check_out=date(2026, 12, 13), nights=2, guests=2, rooms=1,
                  total_price=1760.0, currency="CNY", status="confirmed")
    return Booking(**{**fields, **changes})


def state(**changes: object) -> DialogueState:
    fields = dict(
        session_id="s", today=date(2026, 12, 1), turn=2, active_intent="search_hotels", awaiting="guests",
        slots={
            "city": SlotValue(value="Shanghai", turn=1, surface="Shanghai"),
            "check_in": SlotValue(value=date(2026, 12, 11), turn=2, surface="the 11th",
                                  previous=date(2026, 12, 10)),
            "max_price": SlotValue(value=800.0, turn=2, surface="under 800"),
        })
    return DialogueState(**{**fields, **changes})


def trace(**changes: object) -> TurnTrace:
    fields = dict(
        text="show me hotels for the 11th instead",
        intent_scores={"search_hotels": 0.93, "book_hotel": 0.41, "inform": 0.12, "greet": 0.01},
        intents=["search_hotels"], low_confidence=False,
        entities=[Entity(entity="check_in", value="the 11th", start=19, end=27, confidence=0.97,
                         normalized=date(2026, 12, 11))],
        state_diff=[SlotChange(slot="check_in", old=date(2026, 12, 10), new=date(2026, 12, 11),
                               reason="corrected by the customer")],
        decisions=[PolicyDecision(rule="search_when_stay_known", action="action_search_hotels",
                                  reason="city and check-in known")],
        actions=[ActionRun(action="action_search_hotels", events=[{"event": "slot"}], messages=["Here are..."])],
        db_queries=[DbQuery(name="search_offers", sql="SELECT name\n   FROM hotels WHERE city = ? AND x < 3",
                            params=["Shanghai", "2026-12-11"], rows=6, ms=1.5)],
        timings_ms={"understanding": 14.2, "tracking": 0.3, "policy": 0.1},
        events=[{"event": "turn_started", "turn": 2, "today": "2026-12-01", "language": "en"},
                {"event": "slot_set", "slot": "check_in", "value": "2026-12-11", "surface": "the 11th",
                 "source": "customer", "reason": "corrected by the customer", "previous": "2026-12-10"},
                {"event": "offers_shown", "offers": [{"ordinal": 1}, {"ordinal": 2}]}])
    return TurnTrace(**{**fields, **changes})


def turn(reply: str, cards: list[HotelCard]) -> Turn:
    t = trace()
    return Turn(session_id="s", reply=reply, intents=t.intents, intent_scores=t.intent_scores, entities=t.entities,
                state=state(), actions=["action_search_hotels"], cards=cards, trace=t)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ----------------------------------------------------------------------- escaping


def test_esc_escapes_markup_and_quotes_and_passes_html_through() -> None:
    assert esc("<a href=\"x\">'&") == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;"
    assert esc(Html("<b>ok</b>")) == "<b>ok</b>"
    assert esc(3) == "3"


@pytest.mark.parametrize("url, expected", [
    (LINK, LINK),
    ("javascript:alert(1)", None),
    ("data:text/html,<script>", None),
    ("//evil.example.com/x", None),
    ("/relative", None),
])
def test_safe_url_keeps_only_absolute_http_links(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_every_customer_and_database_string_is_escaped_everywhere() -> None:
    hostile_trace = trace(
        text=HOSTILE, intent_scores={HOSTILE: 0.9}, intents=[HOSTILE],
        entities=[Entity(entity=HOSTILE, value=HOSTILE, start=0, end=1, confidence=0.5, normalized=HOSTILE,
                         note=HOSTILE)],
        state_diff=[SlotChange(slot=HOSTILE, old=HOSTILE, new=HOSTILE, reason=HOSTILE)],
        decisions=[PolicyDecision(rule=HOSTILE, action=HOSTILE, reason=HOSTILE)],
        actions=[ActionRun(action=HOSTILE, events=[], messages=[HOSTILE])],
        db_queries=[DbQuery(name=HOSTILE, sql=HOSTILE, params=[HOSTILE], rows=1, ms=1.0)],
        timings_ms={HOSTILE: 1.0}, events=[{"event": HOSTILE, HOSTILE: HOSTILE}])
    hostile_state = state(active_intent=HOSTILE, awaiting=HOSTILE, pending_intents=[HOSTILE],
                          slots={HOSTILE: SlotValue(value=HOSTILE, turn=1, surface=HOSTILE, previous=HOSTILE)})
    hostile_card = card(tier=HOSTILE, hotel=HOSTILE, room_type=HOSTILE, currency=HOSTILE,
                        booking_link=f"https://x.example.com/?q={HOSTILE}")
    hostile_booking = booking(ref=HOSTILE, hotel=HOSTILE, city=HOSTILE, room_type=HOSTILE, currency=HOSTILE)
    pages = [render_trace(hostile_trace), render_state(hostile_state), render_reply(turn(HOSTILE, [hostile_card])),
             render_bookings([hostile_booking])]
    for page in pages:
        assert "<script" not in page and "<img" not in page and "alert('x')" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -------------------------------------------------------------------- chat content


def test_card_shows_tier_badge_name_stars_prices_and_booking_link() -> None:
    html = render_card(card())
    assert 'class="hb-tier hb-tier-comfort">comfort<' in html
    assert ">Bund Riverside<" in html
    assert 'title="4 stars"' in html and "★★★★<" in html
    assert "CNY 880</b> / night" in html and "CNY 1,760 for 2 nights" in html
    assert f'href="{esc(LINK)}"' in html and 'target="_blank"' in html and 'rel="noopener noreferrer"' in html


def test_card_shows_the_rating_the_distance_and_the_first_amenities() -> None:
    html = render_card(card(rating=4.6, distance_km=1.2, near="West Lake",
                            amenities=["free Wi-Fi", "parking", "gym", "swimming pool", "spa", "bar"]))
    assert "rated 4.6/5" in html and "1.2 km from West Lake" in html
    assert "free Wi-Fi · parking · gym · swimming pool<" in html and "· spa" not in html
    assert "km from" not in render_card(card()) and "rated" not in render_card(card(rating=0))


def test_card_with_an_unsafe_link_or_unknown_tier_renders_without_them() -> None:
    html = render_card(card(booking_link="javascript:alert(1)", tier="platinum"))
    assert "<a " not in html and "javascript" not in html
    assert "hb-tier-other" in html and ">platinum<" in html


def test_cards_replace_the_reply_lines_that_list_the_same_offers() -> None:
    reply = f"Here are hotels for the 11th:\n1. Bund Riverside, CNY 880 — book: {LINK}\n(Prices assume 1 guest.)"
    html = render_reply(turn(reply, [card()]))
    assert "Here are hotels for the 11th:<br>(Prices assume 1 guest.)</div>" in html
    assert html.count(esc(LINK)) == 1  # in the card's link only


def test_reply_keeps_line_breaks_and_appends_one_card_per_offer() -> None:
    html = render_reply(turn("Here are hotels for the 11th:\nPick one.", [card(), card(ordinal=2, tier="luxury")]))
    assert "Here are hotels for the 11th:<br>Pick one." in html
    assert html.count('class="hb-card"') == 2
    assert render_reply(turn("Hello", [])).count("hb-cards") == 0


# ---------------------------------------------------------------------- side panel


def test_state_panel_lists_slots_with_their_turn_origin_and_previous_value() -> None:
    html = render_state(state())
    row = re.search(r'<tr data-slot="check_in">(.*?)</tr>', html).group(1)
    assert text_of(row).split() == ["check_in", "2026-12-11", "2", "“the", "11th”", "(was", "2026-12-10)"]
    assert "<td>800</td>" in html  # a whole float shows without ".0"
    assert 'data-fact="active intent"><span>active intent</span><b>search_hotels</b>' in html
    assert 'data-fact="awaiting"><span>awaiting</span><b>guests</b>' in html


def test_state_panel_before_the_first_turn() -> None:
    assert "no conversation yet" in render_state(None)


def test_trace_panel_shows_bars_entities_diff_policy_actions_queries_timings() -> None:
    html = render_trace(trace())
    bars = re.findall(r'data-intent="([^"]+)"', html)
    assert bars[0] == "search_hotels" and set(bars) == {"search_hotels", "book_hotel", "inform", "greet"}
    assert '<div class="hb-bar-row hb-detected" data-intent="search_hotels">' in html
    assert "width:93.0%" in html and "width:41.0%" in html
    assert "<td>the 11th</td><td>2026-12-11</td><td>0.97</td>" in html
    assert "<td>2026-12-10 → 2026-12-11</td><td>corrected by the customer</td>" in html
    assert "<td>search_when_stay_known</td><td>action_search_hotels</td>" in html
    assert 'data-action="action_search_hotels"' in html
    assert "search_offers · 6 rows · 1.5 ms" in html
    assert "SELECT name FROM hotels WHERE city = ? AND x &lt; 3" in html
    assert "<td>understanding</td><td>14.2</td>" in html


def test_trace_panel_lists_the_turns_events_in_order() -> None:
    html = render_trace(trace())
    assert re.findall(r'data-event="([^"]+)"', html) == ["turn_started", "slot_set", "offers_shown"]
    assert "slot=check_in, value=2026-12-11, surface=the 11th" in html and "offers=2 options" in html


def test_trace_panel_shows_the_context_the_message_was_read_in() -> None:
    html = render_trace(trace().model_copy(update={"context": "asks_check_out"}))
    assert 'data-context="asks_check_out"' in html and "<code>asks_check_out</code>" in html


def test_trace_panel_shows_only_the_best_intents_besides_the_detected_ones() -> None:
    scores = {f"intent_{i}": i / 100 for i in range(15)}
    html = render_trace(trace(intent_scores=scores, intents=["intent_0"]))
    assert re.findall(r'data-intent="([^"]+)"', html) == [
        "intent_0", "intent_14", "intent_13", "intent_12", "intent_11", "intent_10"]


def test_trace_panel_marks_low_confidence_and_empty_sections() -> None:
    html = render_trace(trace(low_confidence=True, entities=[], state_diff=[], db_queries=[]))
    assert "Intents (low confidence)" in html
    assert html.count("<p class=\"hb-empty\">none</p>") == 3  # the three empty sections


def test_bookings_panel_lists_each_booking_with_its_status() -> None:
    html = render_bookings([booking(), booking(ref="HB-9XYZ", status="cancelled")])
    assert '<div class="hb-booking" data-ref="HB-7KQ2" data-status="confirmed">' in html
    assert '<span class="hb-status hb-status-cancelled">cancelled</span>' in html
    assert "2026-12-11 → 2026-12-13 · 2 nights · 2 guests · 1 room · CNY 1,760" in html
    assert "no bookings" in render_bookings([])


def test_trace_panel_of_a_failed_turn_shows_its_error_id() -> None:
    html = render_trace(trace(error_id="5f3a9c21"))
    assert '<p class="hb-error" data-error-id="5f3a9c21">' in html and "error 5f3a9c21" in html
    assert "hb-error" not in render_trace(trace())


# ------------------------------------------------------------------ the language


def test_a_chinese_conversation_gets_chinese_card_fields_and_panel_titles() -> None:
    chinese_card = card(hotel="上海外滩江景酒店", room_type="豪华大床房")
    chinese_state = state(language="zh")
    t = turn("为您找到上海的酒店：", [chinese_card]).model_copy(update={"state": chinese_state})
    html = render_reply(t)
    assert ">舒适型<" in html and ">上海外滩江景酒店<" in html and "¥880</b> /晚" in html and "¥1,760 共2晚" in html
    assert ">预订</a>" in html and "comfort<" not in html
    assert "<h3>对话状态</h3>" in render_state(chinese_state) and '<h3>上一轮: “' in render_trace(trace(language="zh"))
    assert 'class="hb-language">zh<' in render_trace(trace(language="zh"))


def test_the_bookings_panel_in_chinese_shows_the_chinese_hotel_and_status() -> None:
    html = render_bookings([booking(hotel_zh="上海外滩江景酒店", room_type_zh="豪华大床房")], "zh")
    assert "<h3>订单</h3>" in html and "上海外滩江景酒店, 上海 · 豪华大床房" in html and ">已确认<" in html
    assert 'data-status="confirmed"' in html and "2晚 · 2人 · 1间 · ¥1,760" in html
    assert "本次对话暂无订单" in render_bookings([], "zh") and "no bookings in this conversation" in render_bookings([])


def test_the_ui_passes_the_clients_address_with_each_message(signer) -> None:
    """Failed look-ups are limited per address: the handlers Gradio calls hand the bot the
    request's client address (Gradio injects the request by the gr.Request annotation)."""
    bot = RecordingBot()
    request = SimpleNamespace(client=SimpleNamespace(host="203.0.113.7"))
    token = signer.issue().token
    responder(bot, signer)("hello", [], token, request)
    example_responder(bot, signer, "hi there")([], token, request)
    assert [text for _, text in bot.calls] == ["hello", "hi there"]
    assert bot.addresses == ["203.0.113.7", "203.0.113.7"]
    for handler in (responder(bot, signer), example_responder(bot, signer, "hi")):
        assert get_type_hints(handler)["request"] is gr.Request


def test_a_tab_is_the_customer_its_signed_token_names_and_a_forged_one_starts_afresh(signer) -> None:
    """The page keeps the tab's token; every request brings it, so any worker serves the tab."""
    bot = RecordingBot()
    identity = signer.issue()
    first = responder(bot, signer)("hello", [], identity.token, None)
    second = responder(bot, signer)("again", first[1], first[0], None)
    assert first[0] == second[0] == identity.token
    assert [session for session, _ in bot.calls] == [f"web-{identity.sender}"] * 2
    assert [m["role"] for m in second[1]] == ["user", "assistant"] * 2
    forged = f"{identity.sender}.9999999999.{'A' * 43}"
    fresh = responder(bot, signer)("hi", [], forged, None)
    assert fresh[0] != forged and signer.verify(fresh[0]) not in (None, identity.sender)
    assert bot.calls[-1][0] == f"web-{signer.verify(fresh[0])}"
