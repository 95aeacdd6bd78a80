"""The training-data generator: format, coverage, the template split, determinism."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.models import Shift
from bot.understanding.normalize import Normalizer
from tests.seeded_names import CITIES, CITY_NAMES_ZH
from intents.schema import (CONTEXTS, INTENTS, MODEL_INTENTS, READ_SLOTS, SLOTS, TIER_STEP_WORDS, TIER_STEP_WORDS_ZH, TIER_WORDS,
                            TIER_WORDS_ZH, TOPIC_WORDS, TOPIC_WORDS_ZH)
from training.compose import GeneratedExample, is_answer
from training.generate import (
    TRAINING_SETS,
    crosswoz_dev,
    generate,
    generate_all,
    generate_examples,
    main,
    normalize_for_overlap,
    split_sizes,
    training_sentences,
)
from training.languages import LANGUAGES, SPLIT_SIZES, ZH_SPLIT_SIZES
from training.people import CROSSWOZ_FILE
from training.pools import allowed_combos, is_heldout_combo, make_pools
from training.slot_values import database_hotel_names
from training.sources import Node, Placeholder, Words, _check_placeholder, load_sources, parse_template, walk
from training.nlu_data import NluExample, read_jsonl

REPO_ROOT = Path(__file__).resolve().parents[2]
SMALL = 0.05  # scale for the tests that generate more than once
SMALL_TALK = {"greet", "goodbye", "thank", "affirm", "deny", "request_human"}  # fewer, shorter phrasings

# Combinations the product needs the model to know (from the design brief).
REQUIRED_TRAIN_PAIRS = [
    ("search_hotels", "ask_faq"), ("book_hotel", "ask_faq"), ("greet", "search_hotels"),
    ("greet", "book_hotel"), ("cancel_booking", "check_booking"), ("thank", "goodbye"),
    ("check_booking", "ask_faq"), ("greet", "ask_faq"), ("thank", "request_human"),
    ("deny", "inform"), ("affirm", "ask_faq"), ("inform", "ask_faq"),
    ("select_option", "inform"), ("affirm", "thank"),
]

# the slots the model tags; the search constraints are read from the catalogue (bot/understanding/constraints.py)
TAGGED = tuple(slot for slot in SLOTS if slot not in READ_SLOTS)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return generate(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def data(files: dict[str, Path]) -> dict[str, list[NluExample]]:
    """The generated sets (the people-written ones keep their own conventions: test_people.py)."""
    return {name: read_jsonl(path) for name, path in files.items() if name in SPLIT_SIZES}


@pytest.fixture(scope="module")
def made() -> dict[str, list[GeneratedExample]]:
    return generate_examples()


def combo(example: NluExample | GeneratedExample) -> frozenset[str]:
    return frozenset(example.intents)


# ------------------------------------------------------------------------- format


def test_files_exist_with_the_planned_sizes(files: dict[str, Path], data: dict[str, list[NluExample]]) -> None:
    chinese = [f"zh/{name}" for name in ZH_SPLIT_SIZES]
    assert sorted(files) == sorted([*SPLIT_SIZES, *chinese, "sgd_train", "sgd_dev", "crosswoz_dev"])
    for name, size in SPLIT_SIZES.items():
        assert files[name].name == f"{name}.jsonl"
        assert len(data[name]) == size, name
    for name, size in ZH_SPLIT_SIZES.items():
        assert files[f"zh/{name}"] == files["train"].parent / "zh" / f"{name}.jsonl"
        assert len(read_jsonl(files[f"zh/{name}"])) == size, name
    # 3 epochs of both languages and the people-written turns fit the 15-minute budget (783-850 s on 2026-11-29)
    assert len(data["train"]) + ZH_SPLIT_SIZES["train"] <= 21_000


def test_entity_values_are_their_text_and_spans_do_not_overlap(data: dict[str, list[NluExample]]) -> None:
    for examples in data.values():
        for example in examples:
            end = 0
            for entity in sorted(example.entities, key=lambda e: e.start):
                assert example.text[entity.start : entity.end] == entity.value
                assert entity.value == entity.value.strip() and entity.value
                assert entity.start >= end, f"overlapping spans in {example.text!r}"
                end = entity.end


def test_spans_sit_on_word_boundaries(data: dict[str, list[NluExample]]) -> None:
    for example in data["train"] + data["heldout"]:
        for entity in example.entities:
            assert not example.text[entity.start - 1 : entity.start].isalnum(), example.text
            assert not example.text[entity.end : entity.end + 1].isalnum(), example.text


def test_labels_come_from_the_schema(data: dict[str, list[NluExample]]) -> None:
    for examples in data.values():
        for example in examples:
            assert example.intents and set(example.intents) <= set(INTENTS)
            assert len(example.intents) == len(set(example.intents)), "intents are a set"
            assert {entity.entity for entity in example.entities} <= set(SLOTS)


# ------------------------------------------------------------------------- coverage


def test_every_intent_and_slot_has_enough_training_examples(data: dict[str, list[NluExample]]) -> None:
    intents = Counter(intent for example in data["train"] for intent in example.intents)
    slots = Counter(slot for example in data["train"] for slot in {e.entity for e in example.entities})
    assert {intent: intents[intent] for intent in MODEL_INTENTS if intents[intent] < 150} == {}
    assert {slot: slots[slot] for slot in TAGGED if slots[slot] < 100} == {}
    for name in ("dev", "heldout"):
        assert set(MODEL_INTENTS) <= {intent for example in data[name] for intent in example.intents}, name
        assert set(TAGGED) <= {entity.entity for example in data[name] for entity in example.entities}, name


def test_about_forty_percent_of_the_messages_carry_several_intents(data: dict[str, list[NluExample]]) -> None:
    for name, low, high in (("train", 0.35, 0.45), ("dev", 0.35, 0.55), ("heldout", 0.35, 0.55)):
        share = sum(len(example.intents) > 1 for example in data[name]) / len(data[name])
        assert low <= share <= high, (name, share)
    assert all(len(example.intents) > 1 for example in data["heldout_unseen_combos"])


def test_pairs_and_triples_are_present(data: dict[str, list[NluExample]]) -> None:
    train_combos = Counter(combo(example) for example in data["train"])
    missing = [pair for pair in REQUIRED_TRAIN_PAIRS if train_combos[frozenset(pair)] < 10]
    assert missing == []
    triples = {c for c in train_combos if len(c) == 3}
    assert len(triples) >= 20
    assert frozenset(("greet", "search_hotels", "ask_faq")) in triples
    assert frozenset(("affirm", "thank", "goodbye")) in triples


def test_a_message_may_ask_two_questions(made: dict[str, list[GeneratedExample]]) -> None:
    two_faq = [e for e in made["train"] if sum(t.startswith("ask_faq/") for t in e.templates) == 2]
    assert len(two_faq) >= 20
    assert all(e.intents.count("ask_faq") == 1 for e in two_faq)


def test_clause_order_follows_the_intents(made: dict[str, list[GeneratedExample]]) -> None:
    for example in made["train"]:
        clause_intents = [template_id.split("/")[0] for template_id in example.templates]
        assert list(example.intents) == list(dict.fromkeys(clause_intents))
        assert "greet" not in clause_intents[1:], example.text
        assert "goodbye" not in clause_intents[:-1], example.text


def test_required_message_kinds_are_covered(data: dict[str, list[NluExample]]) -> None:
    texts = [example.text.lower() for example in data["train"] + data["heldout"]]

    def count(pattern: str) -> int:
        return sum(re.search(pattern, text) is not None for text in texts)

    assert count(r"\binstead\b") >= 30  # corrections and switches
    assert count(r"\bi meant\b") >= 10
    assert count(r"\bnot (the )?\d") >= 10
    assert count(r"\bmove my (booking|reservation) from\b") >= 3
    assert count(r"\b(weather|flight|train|restaurant|visa|joke|poem|taxi)\b") >= 100
    inform_only = [e for e in data["train"] if e.intents == ["inform"]]
    assert sum(len(e.entities) == 1 and e.entities[0].value == e.text.rstrip(".!?") for e in inform_only) >= 20


def test_out_of_scope_messages_have_no_entities(data: dict[str, list[NluExample]]) -> None:
    out_of_scope = [e for examples in data.values() for e in examples if e.intents == ["out_of_scope"]]
    assert len(out_of_scope) >= 100
    assert all(example.entities == [] for example in out_of_scope)
    # ...although cities occur in them: the model must learn not to tag those.
    world = {city.lower() for city in load_sources().world_cities} | {city.lower() for city in CITIES}
    assert sum(any(city in e.text.lower().split() for city in world) for e in out_of_scope) >= 20


# ------------------------------------------------------------------------- labelling conventions


def test_topic_spans_are_phrases_the_normaliser_knows(data: dict[str, list[NluExample]]) -> None:
    words = [word for topic_words in TOPIC_WORDS.values() for word in topic_words]
    for example in data["train"] + data["heldout"]:
        for entity in example.entities:
            if entity.entity == "topic":
                assert any(word in entity.value.lower() for word in words), entity.value
                assert not entity.value.lower().startswith(("a ", "the ")), entity.value


def test_tier_spans_are_tier_words_or_stars(data: dict[str, list[NluExample]]) -> None:
    tier_words = {word for words in [*TIER_WORDS.values(), *TIER_STEP_WORDS.values()] for word in words}
    stars = re.compile(r"([2-5]|two|three|four|five)(-| )?(star|stars|\*)")
    for example in data["train"] + data["heldout"]:
        for entity in example.entities:
            if entity.entity == "tier":
                assert entity.value.lower() in tier_words or stars.fullmatch(entity.value.lower()), entity.value


@pytest.mark.parametrize("language", LANGUAGES)
def test_comparatives_are_taught_as_whole_spans(language: str, data, zh_data) -> None:
    """{tier:step} draws the schema's comparatives: "anything {less expensive}?", "有没有{更便宜}的"."""
    steps = TIER_STEP_WORDS if language == "en" else TIER_STEP_WORDS_ZH
    step_words = {word for words in steps.values() for word in words}
    examples = (data if language == "en" else zh_data)["train"]
    taught = {e.value.lower() for example in examples for e in example.entities if e.entity == "tier"} & step_words
    assert len(taught) >= len(step_words) // 2, sorted(taught)


def test_chinese_parties_and_families_are_drawn(zh_data: dict[str, list[NluExample]]) -> None:
    """The guests groups drawn by name only ("{两大一小}", "{一家三口}") reach the training data."""
    guests = [e.value for example in zh_data["train"] for e in example.entities if e.entity == "guests"]
    assert any(re.fullmatch(r"一家.口|.口人", value) for value in guests)
    assert any("大人" in value or "两大" in value for value in guests)


# Words that belong next to a span, never inside it (minimal value phrases).
OUTSIDE_WORDS = {
    "city": r"(in|at|to) ",
    "hotel": r"(the|at) ",
    "check_in": r"(on|from|for|starting) ",
    "check_out": r"(until|till|to|on) ",
    "max_price": r"(under|below|max|up to|less than) ",
    "ordinal": r"(the|option|number|#) |.* one$",
}


# Direction words of a relative change ("a day later", "one more night"): inside the span.
SHIFT_WORDS = re.compile(r"\b(later|earlier|early|sooner|back|forward|more|extra|another|additional|add|drop|cut|remove|less|fewer|shorter|longer)\b")


def test_relative_changes_are_spans_the_normaliser_reads_as_shifts(data: dict[str, list[NluExample]]) -> None:
    normalizer = Normalizer(date(2026, 12, 1))
    shifts: Counter[str] = Counter()
    for example in data["train"] + data["heldout"]:
        for entity in example.entities:
            if entity.entity in ("check_in", "check_out", "nights") and SHIFT_WORDS.search(entity.value.lower()):
                assert isinstance(normalizer.normalize(entity.entity, entity.value).value, Shift), entity.value
                # drawn only where a template names the variant: never for a plain {nights} of a new booking
                assert set(example.intents) & {"change_booking", "inform"}, example.text
                shifts[entity.entity] += 1
    assert min(shifts[slot] for slot in ("check_in", "check_out", "nights")) >= 10, shifts


def test_a_stay_in_days_is_tagged_nights(data: dict[str, list[NluExample]]) -> None:
    normalizer = Normalizer(date(2026, 12, 1))
    in_days = [entity for example in data["train"] for entity in example.entities if entity.value.lower().endswith(" days")
               and not SHIFT_WORDS.search(entity.value.lower()) and not entity.value.lower().startswith("in ")]
    assert len(in_days) >= 10
    for entity in in_days:
        assert entity.entity == "nights", entity.value
        assert isinstance(normalizer.normalize("nights", entity.value).value, int), entity.value


def test_slot_value_shapes(data: dict[str, list[NluExample]]) -> None:
    reference = re.compile(r"hb[- ]?(?:[a-z0-9]{4}|[a-z0-9]{9})")
    for example in data["train"] + data["heldout"]:
        for entity in example.entities:
            value = entity.value.lower()
            if entity.entity == "booking_ref":
                assert reference.fullmatch(value), value
            if entity.entity in OUTSIDE_WORDS:
                assert not re.match(OUTSIDE_WORDS[entity.entity], value), (entity.entity, value)


def test_just_or_only_before_a_count_is_inside_the_span(data: dict[str, list[NluExample]]) -> None:
    # "{just me}", "{only 2 adults}", "{just one night}": never "just {2 adults}"
    for example in data["train"] + data["heldout"]:
        for entity in example.entities:
            if entity.entity in ("guests", "nights"):
                assert not re.search(r"\b(just|only)\s*$", example.text[: entity.start].lower()), example.text


def test_a_change_from_one_value_to_another_tags_both_with_the_slot(data: dict[str, list[NluExample]]) -> None:
    moves = 0
    for example in data["train"] + data["heldout"]:
        match = re.search(r"\b(move|switch|change|reschedule|modify|update|amend) (my|the|our) ([a-z]+ )?(booking|reservation) from ", example.text.lower())
        if match:
            moves += 1
            old, new = [e for e in example.entities if e.start >= match.end()][:2]
            assert old.start == match.end(), example.text
            assert old.entity == new.entity, example.text  # the slot it changes, twice
            assert old.entity in ("check_in", "nights", "guests", "rooms"), example.text
    assert moves >= 10


def test_corrections_without_a_change_verb_are_inform(data: dict[str, list[NluExample]]) -> None:
    corrections = [e for e in data["train"] if re.fullmatch(r"i meant \w+[.!]?", e.text.lower())]
    assert corrections
    assert all(e.intents == ["inform"] and [s.entity for s in e.entities] == ["city"] for e in corrections)


# ------------------------------------------------------------------------- noise and fillers


def test_noise_is_present(data: dict[str, list[NluExample]]) -> None:
    train = data["train"]
    lowercase = sum(e.text == e.text.lower() and any(c.isalpha() for c in e.text) for e in train) / len(train)
    unpunctuated = sum(e.text[-1:].isalnum() for e in train) / len(train)
    assert lowercase >= 0.25 and unpunctuated >= 0.25
    words = Counter(word for e in train for word in normalize_for_overlap(e.text).split())
    assert words["pls"] >= 20 and words["u"] + words["ur"] >= 5 and words["thx"] >= 10
    misspelt = {form.lower() for forms in load_sources().city_misspellings.values() for form in forms}
    city_typos = [s.value for e in train for s in e.entities if s.entity == "city" and s.value.lower() in misspelt]
    assert len(city_typos) >= 20


def test_unknown_cities_and_invented_hotels_are_split() -> None:
    pools = make_pools(load_sources(), seed=13)
    train, heldout = pools["train"], pools["heldout"]
    for field in ("unknown_cities", "hotel_brands", "hotel_cores"):
        assert set(getattr(train, field)).isdisjoint(getattr(heldout, field)), field
        assert getattr(heldout, field), field
    assert len(train.unknown_cities) + len(heldout.unknown_cities) >= 300
    multi_word = [city for city in train.unknown_cities + heldout.unknown_cities if " " in city]
    assert {"New York", "Ho Chi Minh City", "Rio de Janeiro"} <= set(multi_word)


def test_served_cities_and_database_hotels_appear_on_both_sides(data: dict[str, list[NluExample]]) -> None:
    def values(examples: list[NluExample], slot: str) -> set[str]:
        return {e.value for example in examples for e in example.entities if e.entity == slot}

    for name in ("train", "heldout"):
        assert set(CITIES) <= values(data[name], "city"), name
    database = set(database_hotel_names())
    if database:  # the catalogue is optional for the generator
        assert len(database & values(data["train"], "hotel")) >= 20
        # a draw, not a rule: one generation (2026-11-29) held out 9 distinct database hotels
        assert len(database & values(data["heldout"], "hotel")) >= 8


def test_unknown_cities_are_used_for_about_a_third_of_the_cities(data: dict[str, list[NluExample]]) -> None:
    world = {city.lower() for city in load_sources().world_cities}
    cities = [e.value.lower() for example in data["train"] for e in example.entities if e.entity == "city"]
    assert 0.2 <= sum(city in world for city in cities) / len(cities) <= 0.4


# ------------------------------------------------------------------------- the held-out split


def test_no_heldout_or_dev_sentence_is_in_train(files: dict[str, Path]) -> None:
    train = training_sentences(files["train"]) | training_sentences(files["sgd_train"])
    for name in ("dev", "heldout", "heldout_unseen_combos", "sgd_dev"):
        assert training_sentences(files[name]).isdisjoint(train), name
    assert training_sentences(files["dev"]).isdisjoint(training_sentences(files["heldout"]))


def test_every_context_is_generated_and_held_out(made: dict[str, list[GeneratedExample]]) -> None:
    for name in ("train", "heldout"):
        assert {example.context for example in made[name]} == set(CONTEXTS), name


def test_a_date_alone_is_the_check_out_only_when_the_bot_asked_when_the_stay_ends(made: dict[str, list[GeneratedExample]]) -> None:
    alone = [e for e in made["train"] if e.intents == ("inform",) and len(e.entities) == 1
             and e.entities[0].entity in ("check_in", "check_out") and e.entities[0].value == e.text.rstrip(".!?")]
    assert alone
    for example in alone:
        assert (example.entities[0].entity == "check_out") == (example.context in ("asks_check_out", "asks_nights")), example


def test_answers_to_the_bots_question_are_dealt_more_often(made: dict[str, list[GeneratedExample]]) -> None:
    """A number alone after "how many nights?" is one of ~250 inform phrasings: dealt once a
    round like the others it would be about ten examples, too few to learn from."""
    templates = {t.id: t for t in load_sources("en").intents["inform"].templates}
    uses = Counter(template for e in made["train"] for template in e.templates if template in templates)
    answers = [uses[t] for t in uses if is_answer(templates[t])]
    others = [uses[t] for t in uses if not is_answer(templates[t])]
    assert answers and others
    assert sum(answers) / len(answers) > 2 * sum(others) / len(others)  # ANSWER_DEALS = 3


def test_approval_after_a_list_of_hotels_is_a_pick_and_never_a_yes(made: dict[str, list[GeneratedExample]]) -> None:
    after_list = [e for name in ("train", "heldout") for e in made[name] if e.context == "offered_hotels"]
    assert not any("affirm" in e.intents for e in after_list)
    assert any(e.intents == ("select_option",) and not e.entities for e in after_list)


def test_train_and_heldout_share_no_template(made: dict[str, list[GeneratedExample]]) -> None:
    used = {name: {t for example in examples for t in example.templates} for name, examples in made.items()}
    assert used["train"].isdisjoint(used["heldout"])
    assert used["train"].isdisjoint(used["heldout_unseen_combos"])
    train_pool = {t.id for templates in make_pools(load_sources(), seed=13)["train"].templates.values() for t in templates}
    assert used["dev"] <= train_pool and used["train"] <= train_pool
    all_templates = {t.id for source in load_sources().intents.values() for t in source.templates}
    heldout_share = len(used["heldout"] | used["heldout_unseen_combos"]) / len(all_templates)
    assert 0.15 <= heldout_share <= 0.3


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_intent_keeps_most_of_its_templates_for_training(language: str) -> None:
    sources = load_sources(language)
    pools = make_pools(sources, seed=13)
    for intent in MODEL_INTENTS:
        templates = sources.intents[intent].templates
        assert len(templates) >= (15 if intent in SMALL_TALK else 25), intent
        train, heldout = pools["train"].templates[intent], pools["heldout"].templates[intent]
        assert {t.id for t in train} | {t.id for t in heldout} == {t.id for t in templates}
        assert {t.id for t in templates if t.core} <= {t.id for t in train}, "core templates are always trained on"
        split = [t for t in templates if not t.core]
        assert len(split) >= 12 and heldout, intent
        assert 0.15 <= len(heldout) / len(split) <= 0.3, intent


# What a "word" is for the held-out check: an English word; a Chinese character or a Latin word.
WORD = {"en": r"[a-z']+", "zh": r"[\u3400-\u4dbf\u4e00-\u9fff]|[a-z']+"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_heldout_templates_use_only_words_the_model_can_know(language: str) -> None:
    """A held-out template is a new phrasing, not new vocabulary: every word of it occurs in
    a training template, a lexicon or a slot filler (else no model could know it)."""
    sources = load_sources(language)
    pools = make_pools(sources, seed=13)

    def words(nodes: Sequence[Node]) -> set[str]:
        return {w for node in walk(nodes) if isinstance(node, Words) for w in re.findall(WORD[language], node.text.lower())}

    known = set(re.findall(WORD[language], yaml.safe_dump(sources.fillers, allow_unicode=True).lower()))
    known |= {w for lexicon in sources.lexicons.values() for phrase in lexicon for w in words(phrase)}
    known |= {w for templates in pools["train"].templates.values() for t in templates for w in words(t.body)}
    unknown = {t.source: sorted(words(t.body) - known) for ts in pools["heldout"].templates.values() for t in ts}
    assert {source: missing for source, missing in unknown.items() if missing} == {}


def test_split_connectors_are_used_on_one_side_only(made: dict[str, list[GeneratedExample]]) -> None:
    shared = set(load_sources().shared_connectors)
    used = {name: {c for example in examples for c in example.connectors} - shared for name, examples in made.items()}
    assert used["train"] and used["heldout"]
    assert used["train"].isdisjoint(used["heldout"] | used["heldout_unseen_combos"])


def test_unseen_combinations_never_occur_in_train(data: dict[str, list[NluExample]]) -> None:
    sources = load_sources()
    train_combos = {combo(example) for example in data["train"] + data["dev"] + data["heldout"]}
    unseen = {combo(example) for example in data["heldout_unseen_combos"]}
    assert unseen.isdisjoint(train_combos)
    for held in sources.heldout_combos:
        assert frozenset(held) in unseen, held
        assert not any(frozenset(held) <= c for c in train_combos if len(held) == 2), held
    assert all(is_heldout_combo(tuple(c), sources.heldout_combos) for c in unseen)


def test_allowed_combinations_avoid_contradictions() -> None:
    for combination in allowed_combos(load_sources().pairs):
        assert not {"affirm", "deny"} <= set(combination)
        assert not {"greet", "goodbye"} <= set(combination)


# ------------------------------------------------------------------------- determinism


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", seed=13, scale=SMALL)
    second = generate(tmp_path / "b", seed=13, scale=SMALL)
    other = generate(tmp_path / "c", seed=14, scale=SMALL)
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name
    assert first["train"].read_bytes() != other["train"].read_bytes()


def test_output_does_not_depend_on_string_hashing(tmp_path: Path) -> None:
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        command = [sys.executable, "-m", "training.generate", "--out", str(out), "--scale", str(SMALL)]
        subprocess.run(command, cwd=REPO_ROOT, env=env, check=True, capture_output=True)
        outputs.append((out / "train.jsonl").read_bytes() + (out / "heldout.jsonl").read_bytes())
    assert outputs[0] == outputs[1]


def test_scale_sets_the_sizes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--out", str(tmp_path), "--scale", "0.02"]) == 0
    for name, size in split_sizes(0.02).items():
        assert len(read_jsonl(tmp_path / f"{name}.jsonl")) == size
    assert "train.jsonl" in capsys.readouterr().out


# ------------------------------------------------------------------------- pieces


def test_template_syntax() -> None:
    nodes = parse_template("show me [{tier} ]hotels in (the city of |){city=Paris|Rome}[ for {!check_in:relative}]")
    assert len(nodes) == 6
    for bad in ("show (me", "show me]", "a {nowhere}", "a {city", "a | b"):
        with pytest.raises(ValueError):
            parse_template(bad)


def test_placeholder_variants_are_groups_of_the_fillers() -> None:
    fillers = load_sources().fillers
    for slot, variant in [("check_in", "relative"), ("check_in", "shift"), ("check_out", "shift"), ("nights", "days"),
                          ("nights", "extra"), ("nights", "change"), ("guests", "only")]:
        _check_placeholder(Placeholder(slot, variant), fillers)
    for slot, variant in [("check_in", "sideways"), ("nights", "shift"), ("guests", "extra")]:
        with pytest.raises(ValueError):
            _check_placeholder(Placeholder(slot, variant), fillers)


def test_normalize_for_overlap() -> None:
    assert normalize_for_overlap("  Show me hotels,  in SHANGHAI?! ") == "show me hotels in shanghai"
    assert normalize_for_overlap("check-in") == normalize_for_overlap("Check in")


# ------------------------------------------------------------------------- Chinese

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
FULL_WIDTH_DIGIT = re.compile(r"[０-９]")


@pytest.fixture(scope="module")
def zh_data(files: dict[str, Path]) -> dict[str, list[NluExample]]:
    return {name: read_jsonl(files[f"zh/{name}"]) for name in ZH_SPLIT_SIZES}


@pytest.fixture(scope="module")
def zh_made() -> dict[str, list[GeneratedExample]]:
    return generate_examples(language="zh")


def zh_values(examples: list[NluExample], slot: str) -> list[str]:
    return [e.value for example in examples for e in example.entities if e.entity == slot]


def test_english_files_do_not_depend_on_the_chinese_ones() -> None:
    english = generate_examples(scale=SMALL)
    both = generate_all(scale=SMALL)
    assert [e.text for e in both["train"]] == [e.text for e in english["train"]]
    assert {name for name in both if name.startswith("zh/")} == {f"zh/{name}" for name in ZH_SPLIT_SIZES}


def test_chinese_messages_are_chinese(zh_data: dict[str, list[NluExample]]) -> None:
    examples = [e for examples in zh_data.values() for e in examples]
    assert sum(CJK.search(e.text) is not None for e in examples) / len(examples) >= 0.97


def test_chinese_spans_are_the_value_words_only(zh_data: dict[str, list[NluExample]]) -> None:
    # words that belong next to a span, never inside it (the span conventions of the sources' README)
    outside = {"city": r"^(在|去|到)", "check_in": r"^(从|在)|(入住|到店|的)$", "check_out": r"^(到|住到)|(退房|离店|的)$",
               "max_price": r"^(每晚|预算|一晚|价格)", "nights": r"^(住|的)|的$", "guests": r"的$", "ordinal": r"^(选|就|要)|吧$",
               "hotel": r"^(住|订)|的$", "rooms": r"的$"}
    for examples in zh_data.values():
        for example in examples:
            end = 0
            for entity in sorted(example.entities, key=lambda e: e.start):
                assert example.text[entity.start : entity.end] == entity.value
                assert entity.value == entity.value.strip() and entity.start >= end, example.text
                end = entity.end
                assert not re.search(outside.get(entity.entity, "^$x"), entity.value), (entity.entity, entity.value)
                # a Latin word or number never runs into a span's own: "sh 15号", not "sh15号"
                for out, inside in ((example.text[entity.start - 1 : entity.start], entity.value[0]),
                                    (example.text[entity.end : entity.end + 1], entity.value[-1])):
                    assert not (out.isascii() and out.isalnum() and inside.isascii() and inside.isalnum()), example.text


def test_every_intent_and_slot_has_enough_chinese_training_examples(zh_data: dict[str, list[NluExample]]) -> None:
    intents = Counter(intent for example in zh_data["train"] for intent in example.intents)
    slots = Counter(slot for example in zh_data["train"] for slot in {e.entity for e in example.entities})
    assert {intent: intents[intent] for intent in MODEL_INTENTS if intents[intent] < 150} == {}
    assert {slot: slots[slot] for slot in TAGGED if slots[slot] < 100} == {}
    for name in ("dev", "heldout"):
        assert set(MODEL_INTENTS) <= {intent for example in zh_data[name] for intent in example.intents}, name
        assert set(TAGGED) <= {entity.entity for example in zh_data[name] for entity in example.entities}, name
    for name in ("train", "dev", "heldout"):
        share = sum(len(example.intents) > 1 for example in zh_data[name]) / len(zh_data[name])
        assert 0.35 <= share <= 0.55, (name, share)


def test_chinese_values_are_the_schema_words(zh_data: dict[str, list[NluExample]]) -> None:
    sources = load_sources("zh")
    examples = zh_data["train"] + zh_data["heldout"]
    cities = {name for names in CITY_NAMES_ZH.values() for name in names} | set(sources.world_cities)
    latin = {form.lower() for forms in sources.city_misspellings.values() for form in forms}
    # as typed, in capitals, or capitalised at the start of a message ("Xi'an"; title() would give "Xi'An")
    cased = {variant for form in latin for variant in (form, form.upper(), form.title(), form.capitalize())}
    assert set(zh_values(examples, "city")) <= cities | cased
    assert latin & {value.lower() for value in zh_values(examples, "city")}, "mixed text: sh, bj, hz"
    tier_words = {word for words in [*TIER_WORDS_ZH.values(), *TIER_STEP_WORDS_ZH.values()] for word in words}
    stars = re.compile(r"([345３４５]|三|四|五)星级?")
    assert all(value in tier_words or stars.fullmatch(value) for value in zh_values(examples, "tier"))
    topic_words = {word.lower() for words in [*TOPIC_WORDS_ZH.values(), *TOPIC_WORDS.values()] for word in words}
    assert all(value.lower() in topic_words for value in zh_values(examples, "topic"))
    assert set(zh_values(examples, "topic")) & {word for words in TOPIC_WORDS_ZH.values() for word in words}


def test_chinese_covers_what_the_issue_lists(zh_data: dict[str, list[NluExample]]) -> None:
    examples = zh_data["train"] + zh_data["heldout"]
    texts = [example.text for example in examples]
    dates = set(zh_values(examples, "check_in") + zh_values(examples, "check_out"))
    for form in (r"\d+号", r"\d+月\d+日", r"下周[一二三四五六日]", r"周末", r"明天", r"后天", r"大后天", r"\d+\.\d+"):
        assert any(re.fullmatch(form, value) for value in dates), form
    ranges = [e for e in examples if re.search(r"\d+月\d+号到\d+月\d+号", e.text)]
    assert any({s.entity for s in e.entities} >= {"check_in", "check_out"} for e in ranges)
    assert any(re.fullmatch(r"(两|2)晚", v) for v in zh_values(examples, "nights"))
    assert any(re.search(r"住[一二两三四五六七八九十\d]+天", t) for t in texts)
    assert any(v.endswith("个人") for v in zh_values(examples, "guests"))
    assert any(v.endswith("间") for v in zh_values(examples, "rooms"))
    assert any(v.endswith("以内") for v in zh_values(examples, "max_price"))
    assert {"第二个", "最后那家"} & set(zh_values(examples, "ordinal"))
    for words in (r"不是.+，是", r"改成", r"再帮我看看", r"好的|确认|是的", r"不用了|算了", r"转人工|人工客服", r"顺便问"):
        assert sum(re.search(words, t) is not None for t in texts) >= 10, words
    assert sum(FULL_WIDTH_DIGIT.search(t) is not None for t in texts) >= 50
    assert sum(re.search(r"[a-zA-Z]{2,}", t) is not None and CJK.search(t) is not None for t in texts) >= 200
    assert sum(t[-1:].isalnum() or CJK.match(t[-1:]) is not None for t in texts) / len(texts) >= 0.5  # unpunctuated
    assert all(example.entities == [] for example in examples if example.intents == ["out_of_scope"])


def test_a_chinese_price_range_is_not_tagged(zh_data: dict[str, list[NluExample]]) -> None:
    """"400-500元" is a range, not a cap: never tagged."""
    ranges = [(e, match) for e in zh_data["train"] for match in re.finditer(r"\d+-\d+元", e.text)]
    assert ranges
    assert not [e.text for e, match in ranges if any(s.start < match.end() and match.start() < s.end for s in e.entities)]


def test_chinese_contexts_follow_the_english_conventions(zh_made: dict[str, list[GeneratedExample]]) -> None:
    alone = [e for e in zh_made["train"] if e.intents == ("inform",) and len(e.entities) == 1
             and e.entities[0].entity in ("check_in", "check_out") and e.entities[0].value == e.text.rstrip("。！？!?~～")]
    assert alone
    for example in alone:
        assert (example.entities[0].entity == "check_out") == (example.context in ("asks_check_out", "asks_nights")), example
    after_list = [e for name in ("train", "heldout") for e in zh_made[name] if e.context == "offered_hotels"]
    assert not any("affirm" in e.intents for e in after_list)
    assert any(e.intents == ("select_option",) and not e.entities for e in after_list)


def test_chinese_heldout_templates_and_combinations_never_occur_in_train(zh_made: dict[str, list[GeneratedExample]]) -> None:
    used = {name: {t for example in examples for t in example.templates} for name, examples in zh_made.items()}
    assert used["train"].isdisjoint(used["heldout"] | used["heldout_unseen_combos"])
    sources = load_sources("zh")
    trained = {frozenset(e.intents) for name in ("train", "dev", "heldout") for e in zh_made[name]}
    unseen = {frozenset(e.intents) for e in zh_made["heldout_unseen_combos"]}
    assert unseen and unseen.isdisjoint(trained)
    assert all(is_heldout_combo(tuple(c), sources.heldout_combos) for c in unseen)
    for held in sources.heldout_combos:
        assert frozenset(held) in unseen, held


# ------------------------------------------------------------------------- CrossWOZ dev set


def test_crosswoz_dev_is_never_trained_on(files: dict[str, Path]) -> None:
    if not CROSSWOZ_FILE.exists():
        pytest.skip(f"no {CROSSWOZ_FILE}")
    dev = read_jsonl(files["crosswoz_dev"])
    assert len(dev) > 400
    assert "source" not in files["crosswoz_dev"].read_text(encoding="utf-8").splitlines()[0]
    trained = set().union(*(training_sentences(files[name]) for name in TRAINING_SETS))
    assert training_sentences(files["crosswoz_dev"]).isdisjoint(trained)


def test_crosswoz_dev_is_empty_without_its_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("training.generate.CROSSWOZ_FILE", Path("/nonexistent/crosswoz.jsonl"))
    assert crosswoz_dev({}) == []
    assert "warning" in capsys.readouterr().out
