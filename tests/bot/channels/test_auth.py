"""Signed customer identities (bot.channels.auth) and the request guard's host parsing."""

from __future__ import annotations

import time

import pytest

from bot.channels.auth import MIN_SECRET_CHARS, SECRET_ENV, TokenSigner
from bot.channels.guard import hostname

KEY = b"a test key that is not a secret!"


def test_an_issued_token_names_its_sender_until_it_expires() -> None:
    signer = TokenSigner(KEY)
    identity = signer.issue()
    assert signer.verify(identity.token) == identity.sender
    sender, expires, _ = identity.token.split(".")
    assert sender == identity.sender and int(expires) > time.time() + signer.ttl_seconds - 60
    assert signer.verify(signer.sign("agent-7", int(time.time()) + 5)) == "agent-7"
    assert signer.verify(signer.sign("agent-7", int(time.time()) - 1)) is None


def test_a_changed_sender_or_expiry_or_another_key_is_refused() -> None:
    signer = TokenSigner(KEY)
    sender, expires, mac = signer.sign("alice", 2**40).split(".")
    assert signer.verify(f"bob.{expires}.{mac}") is None
    assert signer.verify(f"{sender}.{2**41}.{mac}") is None
    assert signer.verify(f"{sender}.{expires}.{mac[:-1]}") is None
    assert TokenSigner(b"another key, another server.....").verify(f"{sender}.{expires}.{mac}") is None


@pytest.mark.parametrize("token", ["", ".", "..", "a.b", "a.b.c.d", "alice.1.é", "ü" * 50, "x" * 10_000])
def test_malformed_tokens_are_refused(token: str) -> None:
    assert TokenSigner(KEY).verify(token) is None


@pytest.mark.parametrize("sender", ["", "a.b", "a b", "ä", "x" * 65])
def test_only_plain_sender_ids_are_signed(sender: str) -> None:
    with pytest.raises(ValueError):
        TokenSigner(KEY).sign(sender, 2**40)


def test_the_key_comes_from_hotelbot_secret(monkeypatch) -> None:
    monkeypatch.setenv(SECRET_ENV, "s" * MIN_SECRET_CHARS)
    token = TokenSigner.from_environment().issue().token
    assert TokenSigner.from_environment().verify(token) is not None  # another worker, or after a restart

    monkeypatch.setenv(SECRET_ENV, "s" * (MIN_SECRET_CHARS - 1))
    with pytest.raises(ValueError, match=SECRET_ENV):
        TokenSigner.from_environment()


def test_without_hotelbot_secret_each_start_has_its_own_key(monkeypatch) -> None:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    token = TokenSigner.from_environment().issue().token
    assert TokenSigner.from_environment().verify(token) is None


@pytest.mark.parametrize("header, name", [
    ("127.0.0.1:7860", "127.0.0.1"), ("LocalHost", "localhost"), ("[::1]:7860", "[::1]"), ("[::1]", "[::1]"),
    ("desk.example", "desk.example"), ("", ""),
])
def test_the_host_name_is_the_host_header_without_its_port(header: str, name: str) -> None:
    assert hostname(header) == name
