"""The Gradio chat UI: the conversation with hotel cards beside a live panel of the
dialogue state, the last turn's trace and the session's bookings.

The ``render_*`` functions are pure: pydantic models in, HTML out. Every value from a
customer or the database reaches the HTML through ``esc``, and only through it.

Labels follow the conversation's language (DialogueState.language; the wording module of
that language holds them, bot/wording/); before the first message they are English.

What the browser sends is only the message: the customer's identity and the
conversation so far live in server-side ``gr.State`` (Gradio keeps those per browser
session and never reads them from the client), and the bot's clock is the server's.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from types import ModuleType
from typing import Any, Optional
from urllib.parse import urlsplit

import gradio as gr

from bot.channels import MAX_MESSAGE_CHARS, ChatBot
from bot.channels.auth import TokenSigner
from bot.inputs import displayable
from bot.models import Booking, DbQuery, DialogueState, HotelCard, Script, SlotScalar, TripPlan, Turn, TurnTrace
from bot.wording import DEFAULT_LANGUAGE, for_language, for_state, language_of
from intents.schema import TIERS

# One-click prompts. Clicked in order they play a demo: the seeds' scenario (the 10th,
# then the 11th before the bot answered), a FAQ in the middle of the booking, the
# confirmation, a cancellation (confirmed with "yes" again); then a multi-intent message,
# a handoff, and the seeds' scenario as Chinese customers write it.
EXAMPLES: tuple[str, ...] = (
    "I want to book a hotel in Shanghai on the 10th",
    "show me hotels for the 11th instead",
    "the first one, for 2 people, 2 nights",
    "can I bring my dog?",
    "yes",
    "cancel my booking",
    "Find me a cheap hotel in Hangzhou from the 12th for 2 nights, and is breakfast included?",
    "let me talk to a person",
    "我想订10号上海的酒店",
    "再帮我看看11号的",
    "第一家，2个人住两晚",
    "有早餐吗",
    "确认",
    "转人工",
)

TOP_INTENTS = 6  # intent bars shown per turn, besides the detected intents


# ------------------------------------------------------------------------ escaping


class Html(str):
    """A string that is already safe HTML; ``esc`` passes it through unchanged."""


def esc(value: object) -> Html:
    """The one way text reaches the page: HTML-escaped, quotes included."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=True))


def join(parts: Iterable[object], sep: str = "") -> Html:
    """Concatenate, escaping each part that is not ``Html`` yet; ``sep`` is HTML."""
    return Html(sep.join(esc(part) for part in parts))


def safe_url(url: str) -> str | None:
    """``url`` if it is an absolute http(s) link, else None (no ``javascript:`` links)."""
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


# ---------------------------------------------------------------------- formatting


def fmt(value: SlotScalar | None) -> str:
    """A slot value as plain text: dates in ISO form, whole floats without '.0'."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else str(int(value))
    return str(value)


def plural(count: int, noun: str) -> str:
    """Counts in the developer's panels (rows of a query), which stay English."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tr(cells: Sequence[object], **data: object) -> Html:
    """A table row; every cell is escaped unless it is ``Html``; ``data`` become data-* attributes."""
    attrs = join(Html(f' data-{esc(name)}="{esc(value)}"') for name, value in data.items())
    return Html(f"<tr{attrs}>{join(Html(f'<td>{esc(cell)}</td>') for cell in cells)}</tr>")


def table(headers: Sequence[str], rows: Iterable[Html]) -> Html:
    head = join(Html(f"<th>{esc(h)}</th>") for h in headers)
    return Html(f'<table class="hb-table"><thead><tr>{head}</tr></thead><tbody>{join(rows)}</tbody></table>')


def section(title: str, body: Html, *, empty: bool = False, words: ModuleType = for_language(DEFAULT_LANGUAGE)) -> Html:
    content = Html(f'<p class="hb-empty">{esc(words.UI["none"])}</p>') if empty else body
    return Html(f'<div class="hb-section"><h4>{esc(title)}</h4>{content}</div>')


def panel(panel_id: str, title: str, body: Html) -> Html:
    return Html(f'<div class="hb-panel" id="{esc(panel_id)}"><h3>{esc(title)}</h3>{body}</div>')


# ---------------------------------------------------------------------- chat content


def text_html(text: str) -> Html:
    """Plain text as HTML, line breaks kept."""
    return join(text.split("\n"), "<br>")


def render_reply(turn: Turn) -> Html:
    """The bot's message in the chat: the reply, then the recommendation cards, which
    stand in for the reply's lines that list the same offers (those carry their links)."""
    words = for_state(turn.state)
    links = [card.booking_link for card in turn.cards]
    days = [words.plan_day_heading(i, day.date) for i, day in enumerate(turn.plan.days, start=1)] if turn.plan else []
    kept = "\n".join(line for line in turn.reply.split("\n")
                     if not any(link in line for link in links) and not any(line.startswith(title) for title in days))
    plan = render_plan(turn.plan, words) if turn.plan else Html("")
    return Html(f'<div class="hb-reply">{text_html(kept.strip())}</div>{plan}{render_cards(turn.cards, words)}')


def render_plan(plan: TripPlan, words: ModuleType) -> Html:
    """A trip plan as a card per day: its stops with times and tickets, the legs between them
    with mode, minutes and fare, the day's cost; in the reply's language and script."""
    days = []
    for number, day in enumerate(plan.days, start=1):
        rows = [f'<li class="hb-stop">{esc(words.plan_stop(day.stops[0]))}</li>'] if day.stops else [
            f'<li class="hb-free">{esc(_free_day(words))}</li>']
        for leg, stop in zip(day.legs, day.stops[1:]):
            rows += [f'<li class="hb-leg hb-leg-{esc(leg.mode)}">{esc(words.plan_leg(leg))}</li>',
                     f'<li class="hb-stop">{esc(words.plan_stop(stop))}</li>']
        days.append(f'<div class="hb-day"><div class="hb-day-title">{esc(words.plan_day_heading(number, day.date))}</div>'
                    f'<ul>{"".join(rows)}</ul><div class="hb-day-cost">{esc(words.UI["day_cost"].format(cost=words.money(day.cost)))}</div></div>')
    return Html(f'<div class="hb-plan">{"".join(days)}</div>')


def _free_day(words: ModuleType) -> str:
    """What the reply says of a day with no stops (nothing more is open or fits): the card
    stands in for the reply's line of that day."""
    return words.FREE_DAY[:1].upper() + words.FREE_DAY[1:]


def render_cards(cards: Sequence[HotelCard], words: ModuleType) -> Html:
    if not cards:
        return Html("")
    return Html(f'<div class="hb-cards">{join(render_card(card, words) for card in cards)}</div>')


def render_card(card: HotelCard, words: ModuleType = for_language(DEFAULT_LANGUAGE)) -> Html:
    """One offer; its hotel and room names come in the reply's language already (actions/search.py)."""
    tier = card.tier if card.tier in TIERS else "other"
    link = safe_url(card.booking_link)
    book = (Html(f'<a class="hb-book" href="{esc(link)}" target="_blank" '
                 f'rel="noopener noreferrer">{esc(words.UI["book"])}</a>') if link else Html(""))
    total = words.UI["for_nights"].format(nights=words.quantity(card.nights, "night"))
    return Html(
        f'<div class="hb-card">'
        f'<div class="hb-card-top"><span class="hb-tier hb-tier-{esc(tier)}">{esc(words.TIER_NAMES.get(card.tier, card.tier))}</span>'
        f'<span class="hb-ordinal">#{esc(card.ordinal)}</span></div>'
        f'<div class="hb-hotel">{esc(card.hotel)}</div>'
        f"{render_stars(card.stars)}"
        f'<div class="hb-room">{esc(card.room_type)}</div>'
        f"{render_facts(card, words)}"
        f'<div class="hb-price"><b>{esc(words.money(card.price_per_night, card.currency))}</b> {esc(words.UI["per_night"])}'
        f'<br>{esc(words.money(card.total_price, card.currency))} {esc(total)}</div>'
        f"{book}</div>")


MAX_AMENITIES_SHOWN = 4  # a card shows the first few; the hotel's record holds them all


def render_facts(card: HotelCard, words: ModuleType) -> Html:
    """The guest rating, the distance from the sight searched near, the first amenities."""
    facts = [words.UI["rating"].format(rating=card.rating)] if card.rating else []
    if card.distance_km is not None:
        facts.append(words.UI["distance"].format(km=card.distance_km, sight=card.near))
    amenities = " · ".join(card.amenities[:MAX_AMENITIES_SHOWN])
    return Html("".join(f'<div class="hb-fact">{esc(fact)}</div>' for fact in facts)
                + (f'<div class="hb-amenities">{esc(amenities)}</div>' if amenities else ""))


def render_stars(stars: int) -> Html:
    filled = max(0, min(5, stars))
    return Html(f'<div class="hb-stars" title="{esc(stars)} stars">'
                f'{"★" * filled}<span class="hb-star-off">{"★" * (5 - filled)}</span></div>')


# ----------------------------------------------------------------------- side panel


def render_state(state: DialogueState | None) -> Html:
    words = for_state(state) if state else for_language(DEFAULT_LANGUAGE)
    if state is None:
        return panel("hb-state", words.UI["state"], Html(f'<p class="hb-empty">{esc(words.UI["no_conversation"])}</p>'))
    facts = [
        ("today", state.today.isoformat()),
        ("language", state.language),
        ("script", state.script if state.language == "zh" else None),
        ("turn", state.turn),
        ("active intent", state.active_intent),
        ("awaiting", state.awaiting),
        ("confirming", state.confirming),
        ("queued intents", ", ".join(state.pending_intents) or None),
        ("booking refs", ", ".join(state.booking_refs) or None),
        ("handed off", "yes" if state.handed_off else None),
    ]
    shown = [(name, fmt(value)) for name, value in facts if value is not None]
    facts_html = join(Html(f'<div class="hb-fact" data-fact="{esc(name)}"><span>{esc(name)}</span>'
                           f"<b>{esc(value)}</b></div>") for name, value in shown)
    slots = sorted(state.slots.items())
    slots_table = table(("slot", "value", "turn", "from"), (
        tr([name, fmt(held.value), held.turn, _origin(held.surface, held.previous)], slot=name)
        for name, held in slots))
    body = Html(f'<div class="hb-facts">{facts_html}</div>'
                f'{section(words.UI["slots"], slots_table, empty=not slots, words=words)}')
    return panel("hb-state", words.UI["state"], body)


def _origin(surface: str, previous: SlotScalar | None) -> str:
    return f"“{surface}”" + (f" (was {fmt(previous)})" if previous is not None else "")


def render_trace(trace: TurnTrace | None) -> Html:
    """The last turn, for the developer: the panel's title follows the conversation's language,
    the analysis inside (intents, slots, rules, SQL) stays in the code's terms."""
    words = for_language(trace.language, trace.script) if trace else for_language(DEFAULT_LANGUAGE)
    if trace is None:
        return panel("hb-trace", words.UI["last_turn"], Html(f'<p class="hb-empty">{esc(words.UI["no_turn"])}</p>'))
    failure = [section("Error", Html(f'<p class="hb-error" data-error-id="{esc(trace.error_id)}">'
                                     f"the turn failed: error {esc(trace.error_id)} (also in the server log)</p>"))
               ] if trace.error_id else []
    body = join([
        *failure,
        section("Context", Html(f'<p class="hb-context" data-context="{esc(trace.context)}">read beside '
                                f"what the bot had just asked: <code>{esc(trace.context)}</code>; "
                                f'language <code class="hb-language">{esc(trace.language)}</code>'
                                f'{_script_note(trace)}</p>')),
        section("Intents" + (" (low confidence)" if trace.low_confidence else ""),
                render_intent_bars(trace.intent_scores, trace.intents)),
        section("Entities", table(
            ("slot", "text", "value", "conf."),
            (tr([e.entity, e.value, _entity_value(e.normalized, e.known, e.role, e.note),
                 f"{e.confidence:.2f}"], entity=e.entity) for e in trace.entities)),
            empty=not trace.entities),
        section("State change", table(
            ("slot", "old → new", "why"),
            (tr([c.slot, f"{fmt(c.old)} → {fmt(c.new)}", c.reason], slot=c.slot) for c in trace.state_diff)),
            empty=not trace.state_diff),
        section("Policy", table(
            ("rule", "action", "why"),
            (tr([d.rule, d.action or "—", d.reason], rule=d.rule) for d in trace.decisions)),
            empty=not trace.decisions),
        section("Actions", table(
            ("action", "events", "messages"),
            (tr([a.action, len(a.events), clip(" / ".join(a.messages), 90)], action=a.action)
             for a in trace.actions)),
            empty=not trace.actions),
        section("Events", table(
            ("event", "what"), (tr([event.get("event", "?"), _event_fields(event)], event=event.get("event", "?"))
                                for event in trace.events)),
            empty=not trace.events),
        section("Database queries", render_queries(trace.db_queries), empty=not trace.db_queries),
        section("Timings (ms)", table(
            ("stage", "ms"), (tr([stage, f"{ms:.1f}"]) for stage, ms in trace.timings_ms.items())),
            empty=not trace.timings_ms),
    ])
    return panel("hb-trace", f"{words.UI['last_turn']}: “{clip(trace.text, 80)}”", body)


def _event_fields(event: dict[str, Any]) -> str:
    """An event's fields in one line: a quote or a shift by its gist, a list of options by its size."""
    parts = []
    for key, value in event.items():
        if key == "event":
            continue
        if isinstance(value, dict) and "hotel" in value:  # a quote
            value = f"{value['hotel'].get('name')}, {value.get('total_price')} {value.get('currency')}"
        elif isinstance(value, dict) and "surface" in value:  # a pending shift
            value = f"{value.get('slot')}: {value['surface']}"
        elif isinstance(value, list) and value and isinstance(value[0], dict):  # offers
            value = f"{len(value)} options"
        parts.append(f"{key}={value}")
    return clip(", ".join(parts), 140)


def _script_note(trace: TurnTrace) -> Html:
    """The script the message was read in, and what the readers read when it was converted."""
    script = f', script <code class="hb-script">{esc(trace.script)}</code>' if trace.language == "zh" else ""
    read_as = f'; read as <q class="hb-read-as">{esc(trace.read_as)}</q>' if trace.read_as else ""
    note = f" ({esc(trace.language_note)})" if trace.language_note else ""
    return Html(script + read_as + note)


def _entity_value(normalized: SlotScalar | None, known: bool, role: str, note: str) -> str:
    flags = [flag for flag in (role if role != "value" else "", "" if known else "not served", note) if flag]
    return fmt(normalized) + (f" ({'; '.join(flags)})" if flags else "")


def render_intent_bars(scores: dict[str, float], detected: Sequence[str]) -> Html:
    """Detected intents first, then the best of the rest, each as a bar of its score."""
    ranked = sorted(scores.items(), key=lambda item: (item[0] not in detected, -item[1]))
    shown = [item for i, item in enumerate(ranked) if item[0] in detected or i < TOP_INTENTS]
    return join(_bar(name, score, name in detected) for name, score in shown)


def _bar(name: str, score: float, detected: bool) -> Html:
    width = max(0.0, min(1.0, score)) * 100
    css = "hb-bar-row hb-detected" if detected else "hb-bar-row"
    return Html(f'<div class="{css}" data-intent="{esc(name)}"><span class="hb-bar-label">{esc(name)}</span>'
                f'<span class="hb-bar"><span class="hb-bar-fill" style="width:{width:.1f}%"></span></span>'
                f'<span class="hb-bar-value">{score:.2f}</span></div>')


def render_queries(queries: Sequence[DbQuery]) -> Html:
    return join(
        Html(f'<details class="hb-query">'
             f'<summary>{esc(q.name)} · {esc(plural(q.rows, "row"))} · {q.ms:.1f} ms</summary>'
             f"<pre>{esc(' '.join(q.sql.split()))}</pre>"
             f"<div>params: {esc(', '.join(map(str, q.params)))}</div></details>")
        for q in queries)


def render_bookings(bookings: Sequence[Booking], language: str = DEFAULT_LANGUAGE, script: Script = "hans") -> Html:
    words = for_language(language, script)
    body = (join(render_booking(b, words) for b in bookings)
            or Html(f'<p class="hb-empty">{esc(words.UI["no_bookings"])}</p>'))
    return panel("hb-bookings", words.UI["bookings"], body)


def render_booking(b: Booking, words: ModuleType) -> Html:
    stay = (f"{b.check_in} → {b.check_out} · {words.quantity(b.nights, 'night')} · {words.quantity(b.guests, 'guest')}"
            f" · {words.quantity(b.rooms, 'room')} · {words.money(b.total_price, b.currency)}")
    return Html(
        f'<div class="hb-booking" data-ref="{esc(b.ref)}" data-status="{esc(b.status)}">'
        f'<div><b class="hb-ref">{esc(b.ref)}</b> '
        f'<span class="hb-status hb-status-{esc(b.status)}">{esc(words.BOOKING_STATUS.get(b.status, b.status))}</span></div>'
        f"<div>{esc(words.booked_hotel(b))}, {esc(words.city_name(b.city))} · {esc(words.booked_room(b))}</div>"
        f"<div>{esc(stay)}</div></div>")


# ---------------------------------------------------------------------------- the app


def render_header(words: ModuleType) -> Html:
    return Html(f'<div class="hb-header"><h1>hotelbot</h1><p>{esc(words.UI["intro"])}</p></div>')


def render_try(words: ModuleType) -> Html:
    return Html(f'<p class="hb-try">{esc(words.UI["try"])}</p>')


def _labels(language: str, script: Script = "hans") -> tuple[Any, ...]:
    """The page's labels in a language (Chinese in the conversation's script): header, the two
    buttons, the examples' title, the message box."""
    words = for_language(language, script)
    return (render_header(words), gr.Button(value=words.UI["new_conversation"]), gr.Button(value=words.UI["send"]),
            render_try(words), gr.Textbox(value="", placeholder=words.UI["placeholder"]))


def build_ui(bot: ChatBot, signer: TokenSigner) -> gr.Blocks:
    """The chat UI over ``bot``; one session per browser tab.

    The page keeps everything a tab needs (its signed identity in a hidden box, the
    conversation in the chat), and every event is one plain request (``queue=False``)
    that brings it along: no server process keeps anything of the tab, so with several
    workers any of them serves any request, and the conversation itself is in the session
    store. The identity is a token the server signed (`bot.channels.auth`), so a page
    cannot claim another customer's session.
    """
    with gr.Blocks(title="hotelbot — hotel desk", analytics_enabled=False) as ui:
        session = gr.Textbox(visible=False, elem_id="hb-session")  # the tab's token
        words = for_language(DEFAULT_LANGUAGE)
        header = gr.HTML(render_header(words))
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                new_chat = gr.Button(words.UI["new_conversation"], elem_id="hb-new", size="sm")
                chat = gr.Chatbot(elem_id="hb-chat", label="Conversation", height=540,
                                  render_markdown=False, feedback_options=None,
                                  buttons=["copy", "copy_all"])
                with gr.Row():
                    message = gr.Textbox(elem_id="hb-message", show_label=False, scale=5,
                                         placeholder=words.UI["placeholder"], autofocus=True,
                                         max_length=MAX_MESSAGE_CHARS, max_lines=6)
                    send = gr.Button(words.UI["send"], variant="primary", elem_id="hb-send", scale=1)
                try_these = gr.HTML(render_try(words))
                with gr.Row(elem_classes="hb-examples"):
                    examples = [gr.Button(text, size="sm", elem_classes="hb-example") for text in EXAMPLES]
            with gr.Column(scale=2, elem_id="hb-side"):
                state_panel = gr.HTML(render_state(None), elem_id="hb-state-panel")
                trace_panel = gr.HTML(render_trace(None), elem_id="hb-trace-panel")
                bookings_panel = gr.HTML(render_bookings([]), elem_id="hb-bookings-panel")

        panels = [state_panel, trace_panel, bookings_panel]
        labels = [header, new_chat, send, try_these, message]
        turn_io: dict[str, Any] = dict(outputs=[session, chat, *panels, *labels], queue=False, api_visibility="private")
        ui.load(lambda: signer.issue().token, outputs=[session], queue=False, api_visibility="private")
        respond = responder(bot, signer)
        message.submit(respond, inputs=[message, chat, session], **turn_io)
        send.click(respond, inputs=[message, chat, session], **turn_io)
        for button, text in zip(examples, EXAMPLES):
            button.click(example_responder(bot, signer, text), inputs=[chat, session], **turn_io)
        for event in (new_chat.click, chat.clear):
            event(partial(_new_conversation, bot, signer), inputs=[session], **turn_io)
    return ui


def responder(bot: ChatBot, signer: TokenSigner) -> Callable[..., tuple[Any, ...]]:
    """The handler of a typed message. Gradio passes the request to the parameter annotated
    gr.Request (not through a functools.partial): its client address limits failed look-ups."""
    def respond(text: str, history: list[dict[str, Any]], token: str, request: gr.Request) -> tuple[Any, ...]:
        return _respond(bot, signer, text, history, token, client_address(request))
    return respond


def example_responder(bot: ChatBot, signer: TokenSigner, text: str) -> Callable[..., tuple[Any, ...]]:
    """The handler of one example button: that example as the customer's message."""
    def respond(history: list[dict[str, Any]], token: str, request: gr.Request) -> tuple[Any, ...]:
        return _respond(bot, signer, text, history, token, client_address(request))
    return respond


def client_address(request: Optional[gr.Request]) -> Optional[str]:
    client = getattr(request, "client", None)
    return getattr(client, "host", None)


SESSION_PREFIX = "web-"  # keeps the UI's customers apart from the REST channel's ("rest:")


def tab_session(signer: TokenSigner, token: str) -> tuple[str, str]:
    """The tab's token and session id; a new customer if the token is missing, forged or
    expired (a tab from before a restart with a new key starts over)."""
    sender = signer.verify(token or "")
    if sender is None:
        identity = signer.issue()
        token, sender = identity.token, identity.sender
    return token, f"{SESSION_PREFIX}{sender}"


def _respond(bot: ChatBot, signer: TokenSigner, text: str, history: list[dict[str, Any]], token: str,
             address: Optional[str] = None) -> tuple[Any, ...]:
    """One turn: the customer's message in; the tab's token, the conversation, the three
    panels, and the labels in the conversation's language with the message box cleared out."""
    text = text.strip()
    if not text:
        return (gr.skip(),) * 10
    if len(text) > MAX_MESSAGE_CHARS:
        raise gr.Error(for_language(language_of(text)).too_long(MAX_MESSAGE_CHARS))
    token, session_id = tab_session(signer, token)
    turn = bot.handle(session_id, text, address=address)
    history = [*(history or []), {"role": "user", "content": text_html(displayable(text))},
               {"role": "assistant", "content": render_reply(turn)}]
    language, script = turn.state.language, turn.state.script
    return (token, history, render_state(turn.state), render_trace(turn.trace),
            render_bookings(bot.bookings(session_id), language, script), *_labels(language, script))


def _new_conversation(bot: ChatBot, signer: TokenSigner, token: str) -> tuple[Any, ...]:
    """Forget the session's dialogue and start again."""
    token, session_id = tab_session(signer, token)
    bot.reset(session_id)
    return (token, [], render_state(None), render_trace(None), render_bookings(bot.bookings(session_id)),
            *_labels(DEFAULT_LANGUAGE))


def theme() -> gr.themes.Base:
    """Gradio's default look in system fonts: nothing to fetch, and its bundled semi-bold
    Source Sans Pro draws 'A' and 'B' in the wrong font."""
    return gr.themes.Default(font=["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Arial", "sans-serif"],
                             font_mono=["ui-monospace", "SFMono-Regular", "Consolas", "monospace"])


CSS = """
.hb-header h1 { margin: 0 0 .2em; font-size: 1.6em; }
.hb-header p { margin: 0; color: var(--body-text-color-subdued); }
.hb-try { margin: .2em 0 0; font-size: .9em; color: var(--body-text-color-subdued); }
.hb-examples { flex-wrap: wrap; gap: 6px; }
.hb-examples button { flex: 0 1 auto !important; min-width: 0 !important; }
.hb-reply { margin-bottom: .4em; }
.hb-cards { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 6px; }
.hb-plan { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 6px; }
.hb-day { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px; min-width: 220px; }
.hb-day ul { list-style: none; padding: 0; margin: 4px 0; }
.hb-leg { color: #57606a; font-size: 0.9em; padding-left: 12px; }
.hb-day-title, .hb-day-cost { font-weight: 600; }
.hb-card { flex: 1 1 150px; max-width: 220px; border: 1px solid var(--border-color-primary);
  border-radius: 8px; padding: 8px 10px; background: var(--background-fill-primary); font-size: .9em; }
.hb-card-top { display: flex; justify-content: space-between; align-items: center; }
.hb-tier { font-size: .75em; font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
  padding: 1px 6px; border-radius: 999px; color: #fff; background: #6b7280; }
.hb-tier-budget { background: #15803d; }
.hb-tier-comfort { background: #1d4ed8; }
.hb-tier-luxury { background: #a16207; }
.hb-ordinal { color: var(--body-text-color-subdued); font-size: .8em; }
.hb-hotel { margin-top: 4px; font-weight: 600; }
.hb-stars { color: #f59e0b; letter-spacing: 1px; }
.hb-star-off { color: var(--border-color-primary); }
.hb-room { color: var(--body-text-color-subdued); font-size: .9em; }
.hb-fact { font-size: .85em; }
.hb-amenities { color: var(--body-text-color-subdued); font-size: .8em; margin-top: 2px; }
.hb-price { margin: 4px 0; }
.hb-book { display: inline-block; padding: 2px 12px; border-radius: 6px; font-weight: 600;
  background: var(--button-primary-background-fill); color: var(--button-primary-text-color) !important;
  text-decoration: none !important; }
.hb-panel { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px;
  font-size: .85em; }
.hb-panel h3 { margin: 0 0 6px; font-size: 1.05em; overflow-wrap: anywhere; }
.hb-section h4 { margin: 8px 0 2px; font-size: .95em; color: var(--body-text-color-subdued); }
.hb-empty { margin: 0; color: var(--body-text-color-subdued); font-style: italic; }
.hb-error { margin: 0; color: #b91c1c; font-weight: 600; }
.hb-facts { display: flex; flex-wrap: wrap; gap: 4px 12px; }
.hb-fact span { color: var(--body-text-color-subdued); margin-right: 4px; }
.hb-table { width: 100%; border-collapse: collapse; font-size: .95em; }
.hb-table, .hb-table tr, .hb-table th, .hb-table td { border: none !important; }
.hb-table th, .hb-table td { text-align: left; padding: 2px 4px; vertical-align: top;
  border-bottom: 1px solid var(--border-color-primary) !important; overflow-wrap: break-word; }
.hb-table th { color: var(--body-text-color-subdued); }
.hb-bar-row { display: grid; grid-template-columns: 9em 1fr 3em; align-items: center; gap: 6px; }
.hb-bar { height: 8px; background: var(--background-fill-secondary); border-radius: 4px; overflow: hidden; }
.hb-bar-fill { display: block; height: 100%; background: #9ca3af; }
.hb-detected .hb-bar-fill { background: var(--color-accent); }
.hb-detected .hb-bar-label { font-weight: 600; }
.hb-bar-value { text-align: right; font-variant-numeric: tabular-nums; }
.hb-query summary { cursor: pointer; }
.hb-query pre { white-space: pre-wrap; font-size: .9em; margin: 2px 0; }
.hb-booking { padding: 4px 0; border-bottom: 1px solid var(--border-color-primary); }
.hb-booking:last-child { border-bottom: none; }
.hb-status { padding: 0 6px; border-radius: 999px; font-weight: 600; }
.hb-status-confirmed { background: #dcfce7; color: #166534; }
.hb-status-cancelled { background: #fee2e2; color: #991b1b; }
"""
