"""Access codes (bot/access.py): their shape, how a message carries one, the comparison."""

from __future__ import annotations

import re

import pytest

from bot import access
from intents.schema import REF_ALPHABET


def test_new_codes_are_random_in_the_references_alphabet_with_a_digit() -> None:
    codes = {access.new_code() for _ in range(500)}
    assert len(codes) == 500
    shape = re.compile(rf"[{REF_ALPHABET}]{{4}}-[{REF_ALPHABET}]{{4}}")
    assert all(shape.fullmatch(code) and re.search(r"\d", code) for code in codes)


@pytest.mark.parametrize(("text", "code", "rest"), [
    ("7KQ2-XM4P", "7KQ2-XM4P", ""),
    ("the access code is 7kq2-xm4p.", "7KQ2-XM4P", "the access code is ."),
    ("cancel HB-7305, code 7KQ2-XM4P please", "7KQ2-XM4P", "cancel HB-7305, code  please"),
    ("授权码7KQ2-XM4P，取消HB-7305", "7KQ2-XM4P", "授权码，取消HB-7305"),
])
def test_a_message_carries_a_code_beside_its_words(text: str, code: str, rest: str) -> None:
    assert access.find_code(text) == (code, rest)


@pytest.mark.parametrize("text", [
    "see you next-week",        # two words of four letters: no digit
    "HB-7KQ2XM4PA",             # a booking reference
    "call 2345-6789-2345",      # a longer number
    "7KQ2-XM4PA",               # a group too long
    "O0I1-2345",                # look-alikes are not in the alphabet
])
def test_what_is_no_code(text: str) -> None:
    assert access.find_code(text) == (None, text)


def test_matching_is_exact_up_to_case_and_a_missing_code_matches_nothing() -> None:
    code = access.new_code()
    assert access.matches(code, code.lower())
    assert not access.matches(code, access.new_code())
    assert not access.matches(None, code) and not access.matches("", "")
