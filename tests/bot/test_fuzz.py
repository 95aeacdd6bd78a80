"""Fuzzing with Hypothesis (issue 12): generated messages, hostile and realistic, through
the Python API and the REST channel, to several sessions in turn so dialogue state builds up.

After every message: it got a reply (API) or a 2xx/4xx (REST), no turn raised (a turn that
raises answers with an apology and an error id, so the id is what is checked), the bookings
of every other session are unchanged, and no room type is overbooked on any night.

Without HOTELBOT_FUZZ_SCALE this is a fixed-seed sample sized for `make test`; `make fuzz`
sets it, multiplying the counts, and draws new random examples each run.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import date

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.wording import en as replies
from bot.agent import HotelBot
from bot.channels.auth import TokenSigner
from bot.channels.rest import SESSION_PATH, SESSION_PREFIX, WEBHOOK_PATH
from bot.channels.server import create_app, running
from bot.database.catalogue import SEED_BOOKINGS, SEED_OWNER_WANG

DEMO_TODAY = date(2026, 12, 1)
SCALE = float(os.environ.get("HOTELBOT_FUZZ_SCALE", "1"))
API_MESSAGES = round(10_000 * SCALE)
REST_REQUESTS = round(2_000 * SCALE)
API_PER_EXAMPLE = 20  # messages per generated conversation, so each example is one fresh bot
REST_PER_EXAMPLE = 10
SESSIONS = ("fuzz-a", "fuzz-b", SEED_OWNER_WANG)  # the seed owner may act on its own bookings
CLIENTS = 3  # REST identities per example
VICTIM = "victim"
OWNER = 2  # the owner column of a bookings row (Database.dump)
TURN_FAILED = replies.turn_failed("ID").partition("ID")[0]  # the apology of a turn that raised
SIGNER = TokenSigner(b"the fuzz suite's key, not secret!")
TIMEOUT = 30


def fuzz_settings(examples: int) -> settings:
    """Deadline-free (a turn's time varies with the machine); fixed-seed unless `make fuzz`."""
    return settings(max_examples=examples, deadline=None, database=None,
                    derandomize="HOTELBOT_FUZZ_SCALE" not in os.environ,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def weighted(*choices: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """One of the strategies, each as likely as its weight (st.one_of merges equal branches)."""
    return st.sampled_from([strategy for weight, strategy in choices for _ in range(weight)]).flatmap(lambda s: s)


# ---------------------------------------------------------------------------- messages

# {ref} becomes the victim's booking reference: every session tries to reach it.
DESK = (
    "I want to book a hotel in Shanghai on the 10th", "show me hotels for the 11th instead",
    "the first one, for 2 people, 2 nights", "the second one", "yes", "yes please", "no", "no thanks",
    "book the Bund Riverside Hotel from the 20th to the 22nd for 2 guests", "cheapest hotel in Beijing for 4 guests",
    "something luxury in Hangzhou under 2000 a night", "2 rooms", "3 nights", "make it 5 guests",
    "actually Sanya, from December 24 to 26", "check out on the 30th", "tomorrow for one night",
    "cancel booking {ref}", "please cancel my booking {ref}", "yes, I'm quite sure about it",
    "I need to modify booking {ref} to 3 guests", "could you pull up booking {ref} for me",
    "move {ref} to the 15th", "cancel HB-4821", "what about HB-7305?", "change booking HB-5190 to 2 rooms",
    "is breakfast included?", "do you allow pets", "what time is check-in", "can I get a fapiao",
    "hi", "hello there", "thanks, bye", "I want to talk to a human", "what's the weather in Paris",
    "我想订上海的酒店，12月10号入住", "取消预订 {ref}", "谢谢",
    # numbers and dates out of every range
    "book Shanghai for 99999999999999999999 guests", "for -3 nights", "0 rooms", "1e309 nights",
    "make it 100000 nights", "from February 30 to March 1", "check in on 9999-12-31 for 2 nights",
    "check out on 0001-01-01", "from the 31st to the 2nd", "in 5000 years", "the 99th one", "option -1",
    "under -500 a night", "under 1e400 CNY", "for 2.5 guests", "NaN nights", "book it for ∞ nights",
)
HOSTILE = (
    "'; DROP TABLE bookings; --", "HB-4821' OR '1'='1", "cancel booking ' OR owner LIKE '%",
    "1; UPDATE room_nights SET booked = 0", "\" UNION SELECT ref, owner FROM bookings --",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>book</b> a <i>room</i>",
    "{{7*7}} ${7*7}", "../../etc/passwd", "%00%0d%0a", "\\u0000\\ud800", "null", "[]", "{}",
    "👨‍👩‍👧‍👦 🇨🇳 👍🏽 ❤️", "\u202eevil\u202c", "\u200b\u200d\ufeff", "Z̴̡̧a̸l̶g̷o̵",
)
text = st.text(max_size=40)
noise = st.one_of(
    text,
    st.text(st.characters(categories=["Cc"]), min_size=1, max_size=5),  # control characters
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),  # lone surrogates
    st.text(st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), min_size=1, max_size=5),  # emoji
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=10),  # Chinese
    st.sampled_from(HOSTILE),
)


def mixed(line: str, extra: str, at: int) -> str:
    at %= len(line) + 1
    return line[:at] + extra + line[at:]


def repeated(piece: str, length: int) -> str:
    return (piece * (length // len(piece) + 1))[:length]


desk = st.sampled_from(DESK)
messages = weighted(
    (6, desk),  # ordinary conversation, so that bookings get made
    (3, st.builds(mixed, desk, noise, st.integers(0, 200))),
    (3, noise),
    (1, st.sampled_from(("", " ", "\n\t ", "\u3000\u00a0"))),
    (1, st.builds(repeated, st.text(min_size=1, max_size=8), st.sampled_from((1999, 2000, 2001, 10_000)))),
    (1, st.binary(max_size=100).map(lambda raw: raw.decode("utf-8", "replace"))),
    (1, st.binary(max_size=100).map(lambda raw: raw.decode("utf-8", "surrogateescape"))),  # lone surrogates
    (1, st.binary(max_size=100).map(lambda raw: raw.decode("latin-1"))),
)

# Whole exchanges of one session, which book, change or cancel when nothing interferes.
SCRIPTS = (
    ("book a hotel in Shanghai from the 10th to the 12th for 2 guests", "the first one", "yes"),
    ("book the Bund Riverside Hotel from the 20th to the 22nd for 2 guests", "yes"),
    ("I'd like a luxury hotel in Hangzhou for 3 nights from the 15th, 2 people", "the first one", "yes please"),
    ("book the Courtyard Suite at French Concession Garden Hotel from the 20th to the 22nd", "yes"),  # one room
    ("a room in Sanya from December 24 to 26 for 2", "the first one", "yes"),  # sold out
    ("cancel HB-4821", "yes"),  # the seed owner's own booking; anyone else's attempt
    ("cancel booking {ref}", "yes"),
    ("change booking {ref} to 3 guests", "yes"),
    ("change booking HB-4821 to 3 guests", "check in on 2025-01-01", "yes"),  # a refused date mid-change
    ("book the Bund Riverside Hotel from the 20th for 2 guests", "99999 nights", "yes"),
    ("book the Bund Riverside Hotel on 9999-12-30 for 2 guests", "3 nights", "yes"),
)


def noisy(lines: tuple[str, ...], extra: str, which: int, at: int) -> list[str]:
    which %= len(lines)
    return [mixed(line, extra, at) if index == which else line for index, line in enumerate(lines)]


scripts = st.sampled_from(SCRIPTS)
bursts = st.tuples(st.sampled_from(SESSIONS), weighted(
    (4, messages.map(lambda message: [message])),
    (1, scripts.map(list)),
    (1, st.builds(noisy, scripts, noise, st.integers(0, 5), st.integers(0, 200))),
))
# API_PER_EXAMPLE messages, each burst's lines in a row, to the sessions in turn.
conversations = st.lists(bursts, min_size=API_PER_EXAMPLE, max_size=API_PER_EXAMPLE).map(
    lambda drawn: [(session, line) for session, lines in drawn for line in lines][:API_PER_EXAMPLE])


def bookings_of_others(speaker: str | None, rows: list[tuple]) -> list[tuple]:
    return [row for row in rows if row[OWNER] != speaker]


def booked_through_the_desk(send) -> None:
    """A victim books a room through the desk's own dialogue before the fuzzing starts."""
    for line in ("I want to book a hotel in Shanghai on the 10th", "show me hotels for the 11th instead",
                 "the first one, for 2 people, 2 nights", "yes"):
        send(line)


# ---------------------------------------------------------------------------- Python API


def test_generated_messages_through_the_api(template_bot: HotelBot) -> None:
    sent = booked = 0

    @fuzz_settings(API_MESSAGES // API_PER_EXAMPLE)
    @given(conversations)
    def conversation(turns: list[tuple[str, str]]) -> None:
        nonlocal sent, booked
        bot = template_bot.with_fresh_database(DEMO_TODAY)
        booked_through_the_desk(lambda line: bot.handle(VICTIM, line))
        [victims] = bot.bookings(VICTIM)
        rows = bot.db.dump()["bookings"]
        for session, message in turns:
            turn = bot.handle(session, message.replace("{ref}", victims.ref))
            sent += 1
            assert turn.trace.error_id is None, f"the turn raised (error {turn.trace.error_id}, see the log)"
            assert turn.reply.strip()
            turn.model_dump_json().encode("utf-8")  # what the channels send
            after = bot.db.dump()["bookings"]
            assert bookings_of_others(session, after) == bookings_of_others(session, rows)
            assert bot.bookings(VICTIM) == [victims]
            assert bot.db.overbooked_nights() == []
            rows = after
        booked += len(rows) - len(SEED_BOOKINGS) - 1  # by the fuzzed sessions

    conversation()
    assert sent >= API_MESSAGES
    assert booked, "no generated conversation booked anything: the fuzz never reached the booking code"
    print(f"API: {sent} messages; the fuzzed sessions made {booked} bookings")


# ---------------------------------------------------------------------------- REST channel

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**300, 10**300) | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)
junk_keys = st.dictionaries(st.sampled_from(("sender", "metadata", "message", "input_channel", "today")),
                            json_values, max_size=3)
# A sender placeholder becomes the token's own sender, another client's, or the victim's.
senders = st.sampled_from(("{own}", "{other}", "{victim}"))
RAW_BODIES = (
    b'{"message": "hi", "message": 42}', b'\xef\xbb\xbf{"message": "hi"}', '{"message": "hi"}'.encode("utf-16"),
    b'{"message": "hi"', b'{"message": "hi"}{"message": "hi"}', b'{"message": "\\ud800"}', b'{"message": "a\\u0000b"}',
    b'{"message": "\xc3\x28"}', b'{"message": NaN}', b'{"message": 1e999}', b"null", b"[]", b"0", b'""',
)
bodies = weighted(
    (6, st.builds(lambda message: {"message": message}, messages)),
    (2, st.builds(lambda sender, message: {"sender": sender, "message": message}, senders, messages)),
    (1, st.builds(lambda junk, message: {**junk, "message": message}, junk_keys, messages)),
    (1, st.builds(lambda message: {"message": message, "metadata": {"today": "2020-01-01"}}, desk)),
    (1, junk_keys),  # wrong types, missing keys
    (1, json_values),  # any JSON at all
    (1, st.integers(1, 15_000).map(lambda digits: b'{"message": "hi", "sender": ' + b"9" * digits + b"}")),  # huge numbers
    (1, st.integers(1, 5_000).map(lambda depth: b'{"message": ' + b"[" * depth + b"]" * depth + b"}")),  # deep nesting
    (1, st.sampled_from(RAW_BODIES)),
    (1, st.binary(max_size=200)),
)
content_types = st.sampled_from(("application/json",) * 10 + (
    "application/json; charset=utf-8", "text/plain", "", "application/jsonx", "application/x-www-form-urlencoded"))
# Whose token: a client's own (most), or none that is valid.
tokens = st.sampled_from(tuple(range(CLIENTS)) * 5 + ("none", "garbage", "other key"))
posts = st.lists(st.tuples(tokens, content_types, bodies), min_size=REST_PER_EXAMPLE, max_size=REST_PER_EXAMPLE)


@pytest.fixture(scope="module")
def rest_bot(template_bot: HotelBot) -> HotelBot:
    return template_bot.with_fresh_database(DEMO_TODAY)


@pytest.fixture(scope="module")
def rest_url(rest_bot: HotelBot):
    with running(create_app(rest_bot, signer=SIGNER)) as url:
        yield url


def with_placeholders(body: object, ref: str, own: str, other: str, victim: str) -> bytes:
    """The body to send: the victim's reference in messages, real senders for placeholders."""
    if isinstance(body, bytes):
        return body
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        body = {**body, "message": body["message"].replace("{ref}", ref)}
    if isinstance(body, dict) and body.get("sender") in ("{own}", "{other}", "{victim}"):
        body = {**body, "sender": {"{own}": own, "{other}": other, "{victim}": victim}[body["sender"]]}
    return json.dumps(body).encode()


def test_generated_requests_through_the_rest_channel(rest_bot: HotelBot, rest_url: str) -> None:
    http = requests.Session()
    victim = http.post(rest_url + SESSION_PATH, timeout=TIMEOUT).json()
    victim_session = SESSION_PREFIX + victim["sender"]
    booked_through_the_desk(lambda line: http.post(rest_url + WEBHOOK_PATH, json={"message": line}, timeout=TIMEOUT,
                                                   headers={"Authorization": f"Bearer {victim['token']}"}))
    [victims] = rest_bot.bookings(victim_session)
    statuses: Counter[int] = Counter()

    @fuzz_settings(REST_REQUESTS // REST_PER_EXAMPLE)
    @given(posts)
    def exchange(generated: list[tuple[int | str, str, object]]) -> None:
        identities = [http.post(rest_url + SESSION_PATH, timeout=TIMEOUT).json() for _ in range(CLIENTS)]
        tokens = {"none": None, "garbage": "a.b.c",
                  "other key": TokenSigner(b"another server's key, not ours!!").sign(identities[0]["sender"], 2**40),
                  **{index: identity["token"] for index, identity in enumerate(identities)}}
        rows = rest_bot.db.dump()["bookings"]
        for token_of, content_type, body in generated:
            own = identities[token_of]["sender"] if isinstance(token_of, int) else identities[0]["sender"]
            other = identities[(token_of + 1) % CLIENTS if isinstance(token_of, int) else 1]["sender"]
            data = with_placeholders(body, victims.ref, own, other, victim["sender"])
            headers = {"Content-Type": content_type}
            if tokens[token_of]:
                headers["Authorization"] = f"Bearer {tokens[token_of]}"
            response = http.post(rest_url + WEBHOOK_PATH, data=data, headers=headers, timeout=TIMEOUT)
            statuses[response.status_code] += 1
            assert 200 <= response.status_code < 300 or 400 <= response.status_code < 500, response.text[:500]
            speaker = SESSION_PREFIX + own if response.status_code == 200 else None
            if response.status_code == 200:
                [reply, *cards] = response.json()
                assert reply["text"].strip() and not reply["text"].startswith(TURN_FAILED)
                assert {message["recipient_id"] for message in [reply, *cards]} == {own}
            else:
                assert response.json()["error"]
            after = rest_bot.db.dump()["bookings"]
            assert bookings_of_others(speaker, after) == bookings_of_others(speaker, rows)
            assert rest_bot.bookings(victim_session) == [victims]
            assert rest_bot.db.overbooked_nights() == []
            rows = after

    exchange()
    print(f"REST: {statuses.total()} requests, by status: {dict(sorted(statuses.items()))}")
    assert statuses.total() >= REST_REQUESTS
    assert {200, 400, 401, 403, 415} <= set(statuses), "a kind of request was never generated"
