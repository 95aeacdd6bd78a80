"""English as customers type it (bot/understanding/en/spelling.py): abbreviations spelt out,
misspelt domain words corrected towards the catalogue only, keyboard noise not read."""

from __future__ import annotations

import random

import pytest

from bot.agent import HotelBot
from bot.understanding.en.names import LOOKALIKE_CITIES
from bot.understanding.en.spelling import ABBREVIATIONS, CHAT_WORDS, Speller, is_english
from bot.understanding.normalize import seeded_places
from tests import seeded_names

HOTELS = ["Bund Riverside Hotel", "Jade Garden Inn", "Panda Valley Hotel"]
SPELLER = Speller.of(HOTELS, seeded_places().cities, seeded_places().sights)
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def read(text: str) -> str:
    return SPELLER.read(text)[0].text


def one_letter_dropped(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word))  # never the first letter: typos rarely hit it
    return word[:at] + word[at + 1 :]


@pytest.mark.parametrize("abbreviation", sorted(ABBREVIATIONS))
def test_every_abbreviation_is_spelt_out_and_its_meaning_is_a_known_word(abbreviation: str) -> None:
    meaning = ABBREVIATIONS[abbreviation]
    assert read(f"a room {abbreviation} thanks") == f"a room {meaning} thanks"
    assert all(is_english(word) or word in SPELLER.weights or word in CHAT_WORDS for word in meaning.split())


@pytest.mark.parametrize(("glued", "parted"), [("2ppl", "2 people"), ("3nts", "3 nights"), ("2nights", "2 nights"),
                                               ("4pax", "4 people"), ("2rms", "2 rooms"), ("2nd", "2nd"), ("10th", "10th"),
                                               ("5pm", "5pm")])
def test_a_count_glued_to_what_it_counts_is_parted_and_ordinals_are_not(glued: str, parted: str) -> None:
    assert read(f"htl {glued} pls") == f"hotel {parted} please"


@pytest.mark.parametrize("city", sorted(name for name in seeded_names.CITIES if len(name) >= 7))
def test_every_served_city_with_a_letter_dropped_is_corrected(city: str) -> None:
    rng = random.Random(city)
    for _ in range(3):
        typo = one_letter_dropped(city.replace("'", ""), rng)
        if is_english(typo.lower()) or typo.lower() in SPELLER.weights:
            continue
        assert read(f"a hotel in {typo} please").lower() == f"a hotel in {city.replace(chr(39), '').lower()} please", typo


@pytest.mark.parametrize("city", LOOKALIKE_CITIES)
def test_a_city_one_letter_from_a_served_one_is_a_name_not_a_typo(city: str) -> None:
    assert read(f"a hotel in {city}") == f"a hotel in {city}"


def test_a_typo_is_never_taken_to_another_first_letter() -> None:
    assert read("Yangzhou for two") == "Yangzhou for two"  # not Hangzhou


def test_hotel_name_words_are_corrected_and_english_words_never_are() -> None:
    assert read("the jade gardn inn") == "the jade garden inn"
    for word in ("cheep", "shanghaied", "beige", "panda", "river"):  # English: left alone
        assert read(f"is it {word}") == f"is it {word}"


def test_two_corrections_as_close_are_no_guess() -> None:
    speller = Speller.of(["Mill Hotel", "Mall Hotel"])  # two name words, one letter from "mxll" each
    assert speller.read("the mxll hotel")[0].text == "the mxll hotel"


def test_a_correction_is_noted_and_its_span_maps_back_to_the_customers_word() -> None:
    written, noise = SPELLER.read("htl in Shangai 2moro")
    assert noise == "" and written.text == "hotel in Shanghai tomorrow"
    assert "'Shangai' -> 'shanghai'" in written.why and "'2moro' -> 'tomorrow'" in written.why
    for word, original in (("Shanghai", "Shangai"), ("tomorrow", "2moro"), ("hotel", "htl")):
        start = written.text.index(word)
        begin, end = written.span(start, start + len(word))
        assert written.original[begin:end] == original


@pytest.mark.parametrize("seed", range(20))
def test_keys_mashed_along_a_keyboard_row_are_noise(seed: int) -> None:
    rng = random.Random(seed)
    words = []
    for _ in range(rng.randint(1, 3)):
        row = rng.choice(KEYBOARD_ROWS)
        start = rng.randrange(0, len(row) - 4)
        words.append(row[start : start + rng.randint(4, 6)])
    text = " ".join(words)
    if any(is_english(word) for word in words):
        pytest.skip(f"{text!r} happens to be English")
    assert SPELLER.read(text)[1], text


@pytest.mark.parametrize("text", ["ok", "k", "hmm", "HB-7KQ2XM4PA", "2", "Xi'an", "Zhang Wei", "lol", "jade", "nope"])
def test_short_answers_references_names_and_chat_words_are_not_noise(text: str) -> None:
    assert SPELLER.read(text)[1] == ""


def test_noise_is_not_read_its_trace_says_why_and_nothing_changes(bot: HotelBot) -> None:
    first = bot.handle("s1", "a hotel in Shangai on the 10th pls")
    assert first.state.slots["city"].value == "Shanghai"
    assert first.trace.read_as == "a hotel in Shanghai on the 10th please"
    assert "'Shangai' -> 'shanghai'" in first.trace.language_note
    city = next(e for e in first.entities if e.entity == "city")
    assert city.value == "Shangai"  # the customer's own word, mapped back

    noise = bot.handle("s1", "qwert asdfg")
    assert noise.intents == [] and noise.trace.intent_scores == {}
    assert [d.rule for d in noise.trace.decisions] == ["gibberish"]
    assert "keyboard noise" in noise.trace.language_note
    assert "actions" not in noise.reply and "human" not in noise.reply.lower()
    assert noise.state.slots == first.state.slots and noise.state.awaiting == first.state.awaiting
