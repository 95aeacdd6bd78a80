"""Understanding-stage rules around the model: negation cues, and a check-out read after the
check-in it belongs to. (What a date or a short reply means is the model's: test_context.py.)"""

from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.bio import TagSpan
from bot.understanding.normalize import Normalizer
from bot.understanding.zh.slots import party_phrase
from bot.understanding.cues import _approval_in_context, asked_policy, in_context
from bot.understanding.understand import (Understanding, _city_list, _city_name_lead, _missed_day, _missed_top_tier, _recounted, _recounted_spans, _joined_spans,
                                          _pick_by_tier, _unsure_question, _with_degree)

NORMALIZER = Normalizer(date(2026, 12, 1), ["Bund Riverside Hotel"])


def span_of(text: str, slot: str, surface: str) -> TagSpan:
    start = text.index(surface)
    return TagSpan(slot=slot, start=start, end=start + len(surface), confidence=0.9)


@pytest.mark.parametrize(
    "text, surface, role",
    [
        ("the 11th, not the 10th", "the 10th", "negated"),
        ("the 11th instead of the 10th", "the 10th", "negated"),
        ("the 11th, not the 10th", "the 11th", "value"),
        ("rather than the 3rd, the 4th", "the 3rd", "negated"),
        ("move it to the 9th", "the 9th", "value"),
        ("不是10号，是11号", "10号", "negated"),
        ("不是10号，是11号", "11号", "value"),
        ("改成11号，不要10号", "10号", "negated"),
        ("帮我看看11号的", "11号", "value"),
    ],
)
def test_negation_cues_before_a_span(text: str, surface: str, role: str) -> None:
    entity = Understanding._entity(span_of(text, "check_in", surface), text, NORMALIZER)
    assert (entity.entity, entity.role) == ("check_in", role)


def test_a_check_out_falls_after_its_check_in() -> None:
    text = "from the 30th to the 2nd"
    check_out = Understanding._entity(span_of(text, "check_out", "the 2nd"), text, NORMALIZER)
    assert check_out.normalized == date(2026, 12, 2)  # read alone: the next 2nd
    renormalized = Understanding._renormalize_check_out(check_out, NORMALIZER, date(2026, 12, 30))
    assert renormalized.normalized == date(2027, 1, 2)


@pytest.mark.parametrize(
    ("context", "intents", "picked", "expected"),
    [
        ("confirm_book", ["select_option"], False, ["affirm"]),
        ("confirm_book", ["select_option", "affirm"], False, ["affirm"]),
        ("confirm_book", ["select_option"], True, ["select_option"]),  # "the second one" still picks
        ("offered_hotels", ["select_option"], False, ["select_option"]),
    ],
)
def test_an_approval_that_picks_nothing_is_the_yes_a_summary_waits_for(context, intents, picked, expected) -> None:
    text = "the second one"
    entities = [Understanding._entity(span_of(text, "ordinal", "second"), text, NORMALIZER)] if picked else []
    assert _approval_in_context(intents, context, entities, options_shown=3) == expected


@pytest.mark.parametrize(
    ("intents", "shown", "context", "expected"),
    [
        (["affirm"], 1, "offered_hotels", ["select_option"]),  # "订吧" after a list of one hotel
        (["affirm", "thank"], 1, "offered_hotels", ["select_option", "thank"]),
        (["affirm"], 3, "offered_hotels", ["affirm"]),  # which of three? the policy asks
        (["affirm"], 1, "asks_guests", ["affirm"]),  # a yes to another question
        (["affirm", "book_hotel"], 1, "offered_hotels", ["affirm", "book_hotel"]),
    ],
)
def test_a_plain_yes_to_a_list_of_one_hotel_approves_it(intents, shown, context, expected) -> None:
    assert _approval_in_context(intents, context, [], options_shown=shown) == expected


@pytest.mark.parametrize(
    "text, surface, expected",
    [
        ("no no, not Shanghai, Hangzhou", "Shanghai, Hangzhou", [("Shanghai", "negated"), ("Hangzhou", "value")]),
        ("Beijing or Sanya", "Beijing or Sanya", [("Beijing", "value"), ("Sanya", "value")]),
        ("不是上海、杭州", "上海、杭州", [("Shanghai", "negated"), ("Hangzhou", "value")]),
        ("不是上海，是杭州", "上海，是杭州", [("Shanghai", "negated"), ("Hangzhou", "value")]),
        ("not Shanghai, Paris", "Shanghai, Paris", [("Shanghai", "negated")]),  # Paris is not served: one span, as read
        ("Xi'an", "Xi'an", [("Xi'an", "value")]),
    ],
)
def test_a_list_of_served_cities_read_as_one_span_is_one_value_a_city(text: str, surface: str, expected: list) -> None:
    spans = _city_list(span_of(text, "city", surface), text, NORMALIZER)
    entities = [Understanding._entity(span, text, NORMALIZER) for span in spans]
    assert [(e.normalized, e.role) for e in entities] == expected


@pytest.mark.parametrize(
    "slot, text, surfaces, expected",
    [
        # a count cut from the kind it counts: one span with it; the party is then its kinds
        ("guests", "两个大人和两个孩子", ["两个", "大人", "两个孩子"], ["两个大人", "两个孩子"]),
        ("guests", "2 adults and 1 child", ["2", "adults", "1 child"], ["2 adults", "1 child"]),
        # spans that each hold their own count stay apart, and so do spans with words between
        ("guests", "两个大人一个小孩", ["两个大人", "一个小孩"], ["两个大人", "一个小孩"]),
        ("guests", "2 people, adults", ["2 people", "adults"], ["2 people", "adults"]),
        ("guests", "2 3 adults", ["2", "3 adults"], ["2", "3 adults"]),
        # a word cut in two: its first part alone means nothing
        ("tier", "最便宜的那个", ["最", "便宜"], ["最便宜"]),
        ("tier", "便宜 豪华", ["便宜", "豪华"], ["便宜", "豪华"]),
    ],
)
def test_a_value_cut_in_two_is_one_span(slot: str, text: str, surfaces: list[str], expected: list[str]) -> None:
    spans, at = [], 0
    for surface in surfaces:
        start = text.index(surface, at)
        spans.append(TagSpan(slot=slot, start=start, end=start + len(surface), confidence=0.9))
        at = start + len(surface)
    joined = _joined_spans(spans, text, NORMALIZER)
    assert [text[span.start : span.end] for span in joined] == expected


@pytest.mark.parametrize(
    "text, surface, slot, expected",
    [
        ("book the most expensive one", "expensive", "tier", "most expensive"),
        ("the least  expensive please", "expensive", "tier", "least  expensive"),
        ("most expensive", "expensive", "tier", "most expensive"),
        ("anything less expensive?", "expensive", "tier", "less expensive"),
        ("something more upscale", "upscale", "tier", "more upscale"),
        # only a tier, only the word right before it, only a whole word
        ("the most expensive", "expensive", "city", "expensive"),
        ("most of all expensive", "expensive", "tier", "expensive"),
        ("almost expensive", "expensive", "tier", "expensive"),
        ("less expensive", "less expensive", "tier", "less expensive"),
    ],
)
def test_a_degree_word_before_a_tier_is_part_of_it(text: str, surface: str, slot: str, expected: str) -> None:
    span = _with_degree(span_of(text, slot, surface), text)
    assert text[span.start : span.end] == expected


def test_less_expensive_is_a_step_down_a_tier() -> None:
    text = "less expensive please"
    entity = Understanding._entity(_with_degree(span_of(text, "tier", "expensive"), text), text, NORMALIZER)
    assert (entity.value, str(entity.normalized)) == ("less expensive", "steps=-1")


def test_the_most_expensive_after_a_list_is_a_pick_by_price() -> None:
    """The model tags "expensive" alone; with its degree word the span is a price superlative."""
    text = "book the most expensive one"
    entity = Understanding._entity(_with_degree(span_of(text, "tier", "expensive"), text), text, NORMALIZER)
    assert _pick_by_tier(["book_hotel"], "offered_hotels", [entity], 3, text) == ["book_hotel", "select_option"]


@pytest.mark.parametrize(
    ("text", "surface", "intents", "context", "expected"),
    [
        ("订最便宜的那个", "最便宜", ["book_hotel"], "offered_hotels", ["book_hotel", "select_option"]),
        ("就要最便宜的那个", "最便宜", ["inform"], "offered_hotels", ["select_option"]),
        ("the most expensive one", "most expensive", ["inform"], "offered_hotels", ["select_option"]),
        ("the cheapest one", "cheapest", ["inform", "select_option"], "offered_hotels", ["inform", "select_option"]),
        # a plain tier narrows the list; a search or another question is not a pick
        ("订经济型的", "经济型", ["book_hotel"], "offered_hotels", ["book_hotel"]),
        ("show me the cheapest", "cheapest", ["search_hotels"], "offered_hotels", ["search_hotels"]),
        # the party asked after a list (a stay with its length): "the cheapest" still picks from it
        ("the cheapest one", "cheapest", ["inform"], "asks_guests", ["select_option"]),
        ("the luxury one", "luxury", ["inform"], "asks_guests", ["inform"]),
        # a list still held, nothing asked (after a "no" to the summary): a pick from it
        ("the least expensive one then", "least expensive", ["inform"], "none", ["select_option"]),
        ("the least expensive one then", "least expensive", ["inform"], "confirm_book", ["inform"]),
        # a tier said of one hotel: the tracker picks the one option of it, or narrows to several
        ("the luxury one", "luxury", ["inform"], "offered_hotels", ["select_option"]),
        ("I'll take that budget hotel", "budget", ["book_hotel"], "offered_hotels", ["book_hotel", "select_option"]),
        ("就订豪华型那家吧", "豪华型", ["book_hotel"], "offered_hotels", ["book_hotel", "select_option"]),
        ("我要那家经济型的", "经济型", ["inform"], "offered_hotels", ["select_option"]),
        ("舒适型的那个", "舒适型", ["inform"], "offered_hotels", ["select_option"]),
        # a tier for the search: no article and noun, plural, no demonstrative
        ("luxury please", "luxury", ["inform"], "offered_hotels", ["inform"]),
        ("the luxury ones", "luxury", ["inform"], "offered_hotels", ["inform"]),
        ("a luxury one", "luxury", ["inform"], "offered_hotels", ["inform"]),
        ("要豪华型的", "豪华型", ["inform"], "offered_hotels", ["inform"]),
    ],
)
def test_a_tier_said_of_one_hotel_right_after_a_list_picks_from_it(text, surface, intents, context, expected) -> None:
    entities = [Understanding._entity(span_of(text, "tier", surface), text, NORMALIZER)]
    assert _pick_by_tier(intents, context, entities, 3, text) == expected
    assert _pick_by_tier(intents, context, entities, 0, text) == intents  # no list, nothing to pick from


@pytest.mark.parametrize(
    ("passed", "score", "topic", "unsure"),
    [
        (["ask_faq"], 0.78, False, True),  # "hotel thing maybe" read as a question
        (["ask_faq"], 0.78, True, False),  # a question about breakfast, however unsure
        (["ask_faq"], 0.97, False, False),  # "do you have a bowling alley?": sure, answered by similarity
        (["ask_faq", "book_hotel"], 0.78, False, False),  # more than a question
    ],
)
def test_a_question_without_a_topic_needs_a_sure_reading(passed, score, topic, unsure) -> None:
    text = "is breakfast included"
    entities = [Understanding._entity(span_of(text, "topic", "breakfast"), text, NORMALIZER)] if topic else []
    assert _unsure_question(passed, {"ask_faq": score, "book_hotel": 0.9}, entities) is unsure



@pytest.mark.parametrize(("intents", "context", "text", "expected"), [
    (["cancel_booking"], "confirm_cancel", "等一下，先不要取消好了", ["deny"]),
    (["cancel_booking"], "confirm_cancel", "wait, don't cancel it", ["deny"]),
    (["cancel_booking", "affirm"], "confirm_cancel", "no no, do not cancel", ["deny"]),
    (["book_hotel"], "none", "别订了", []),
    (["cancel_booking"], "confirm_cancel", "要不要取消？算了，取消吧", ["cancel_booking"]),
    (["cancel_booking"], "confirm_cancel", "yes cancel it", ["cancel_booking"]),
])
def test_a_task_the_customer_says_not_to_do_is_not_asked_for_and_in_a_confirmation_is_a_no(
        intents: list[str], context: str, text: str, expected: list[str]) -> None:
    from bot.understanding.cues import _negated_tasks

    assert _negated_tasks(intents, context, text) == expected


@pytest.mark.parametrize(("text", "context", "intents", "expected"), [
    ("太好了，那确认订房", "confirm_book", ["thank"], ["affirm", "thank"]),
    ("好的，麻烦了", "confirm_change", ["thank"], ["affirm", "thank"]),
    ("ok go ahead", "confirm_book", ["inform"], ["affirm", "inform"]),
    ("我不确定，再想想", "confirm_book", ["inform"], ["inform"]),
    ("好的，可以带宠物吗", "confirm_book", ["ask_faq"], ["ask_faq"]),
    ("yes, can I bring my dog?", "confirm_book", ["inform"], ["inform"]),
    ("确认", "none", ["inform"], ["inform"]),
])
def test_a_confirmation_word_says_yes_to_the_summary_unless_the_message_asks_something(
        text: str, context: str, intents: list[str], expected: list[str]) -> None:
    assert _approval_in_context(intents, context, [], 0, text) == expected


def test_a_booking_named_with_a_change_verb_asks_to_change_it() -> None:
    from bot.models import Entity
    from bot.understanding.cues import _cued_change

    text = "把订单HB-4821改到20号入住，另外帮我订一间杭州的酒店"
    ref = Entity(entity="booking_ref", value="HB-4821", start=2, end=9, confidence=0.9, normalized="HB-4821")
    assert _cued_change(["book_hotel"], [ref], text) == ["change_booking", "book_hotel"]
    assert _cued_change(["check_booking"], [ref], "订单HB-4821，帮我看看") == ["check_booking"]


@pytest.mark.parametrize(("text", "intents", "expected"), [
    ("hang on, can I cancel that later if my flight is late?", ["cancel_booking", "ask_faq"], ["ask_faq"]),
    ("如果到时候去不了能免费取消吗", ["cancel_booking", "ask_faq"], ["ask_faq"]),
    ("can you cancel HB-4821 please", ["cancel_booking", "ask_faq"], ["cancel_booking", "ask_faq"]),
    ("can I cancel HB-4821", ["cancel_booking"], ["cancel_booking"]),
])
def test_a_task_asked_about_as_a_policy_is_a_question_not_the_task(text: str, intents: list[str], expected: list[str]) -> None:
    from bot.understanding.cues import _policy_questions

    assert _policy_questions(intents, text) == expected


def test_a_task_asked_for_and_asked_about_in_one_message_stays() -> None:
    from bot.understanding.cues import _policy_questions

    assert _policy_questions(["cancel_booking", "ask_faq"], "HB-4821取消掉，另外取消要扣钱吗") == ["cancel_booking", "ask_faq"]


@pytest.mark.parametrize("text, city, when, expected", [
    ("里斯本下周末的酒店", "里斯", "本下周末", ("里斯本", "下周末")),  # the model cut an unknown city
    ("巴黎本周末的酒店", "巴黎", "本周末", ("巴黎", "本周末")),  # 本周末 is this weekend
    ("上海本下周末", "上海", "本下周末", ("上海", "本下周末")),  # a served city is whole already
])
def test_a_date_span_gives_the_unknown_city_before_it_what_no_date_starts_with(text, city, when, expected) -> None:
    spans = _city_name_lead([span_of(text, "city", city), span_of(text, "check_in", when)], text, NORMALIZER)
    assert tuple(text[s.start : s.end] for s in spans) == expected


def test_a_count_under_a_slot_it_cannot_be_goes_to_the_slot_its_unit_names() -> None:
    zh = Normalizer(date(2026, 12, 1), [], language="zh")
    text = "住两宿"
    entity = Understanding._entity(span_of(text, "rooms", "两宿"), text, zh)
    (mended,) = _recounted([entity], zh)
    assert (mended.entity, mended.normalized) == ("nights", 2) and "tagged rooms" in mended.note
    guests = Understanding._entity(span_of("两个人", "guests", "两个人"), "两个人", zh)
    assert _recounted([guests], zh) == [guests]  # read by its own slot: kept


def test_a_day_the_model_left_untagged_is_the_stays_check_in() -> None:
    zh = Normalizer(date(2026, 12, 1), [], language="zh")
    text = "bj明儿有房没，俩人住一宿"
    spans, found = _missed_day(text, [span_of(text, "city", "bj明"), span_of(text, "guests", "俩人")], zh)
    assert [text[s.start : s.end] for s in spans] == ["bj", "俩人"]  # the city gives back the day's first character
    assert [(e.entity, e.normalized) for e in found] == [("check_in", date(2026, 12, 2))]
    assert _missed_day("今天想问一下早餐", [], zh) == ([], [])  # no stay described: no date
    text = "tomorrow in Chengdu for two"
    assert _missed_day(text, [span_of(text, "city", "Chengdu")], NORMALIZER)[1][0].normalized == date(2026, 12, 2)


@pytest.mark.parametrize("text, party", [
    ("我是退休的老教师，和老伴想去西安", "我是退休的老教师，和老伴"),  # words between the self and the company
    ("我下个月带我爸妈去杭州", "我下个月带我爸妈"),
    ("我想订和平饭店", None),  # 和 in a name is no company
])
def test_a_party_read_across_the_words_of_its_sentence(text: str, party: str | None) -> None:
    found = party_phrase(text)
    assert (text[found[0] : found[1]] if found else None) == party


@pytest.mark.parametrize("text, intents, topic", [
    ("hang on, could we cancel it afterwards if the flight is late?", ["ask_faq", "cancel_booking"], "cancel"),
    ("万一到时候去不了，可以免费取消吗", ["ask_faq"], "取消"),
    ("please cancel HB-4821", ["cancel_booking"], None),  # the task itself, no question
])
def test_a_policy_question_about_a_task_has_that_task_as_its_topic(text: str, intents: list[str], topic: str | None) -> None:
    found = asked_policy(intents, [], text)
    assert (text[found[0] : found[1]] if found else None) == topic


@pytest.mark.parametrize("text, model, expected", [
    ("can I cancel that later if my flight gets delayed?", ["cancel_booking"], ["ask_faq"]),  # a condition: a question
    ("如果到时候去不了，能免费取消吗", ["cancel_booking"], ["ask_faq"]),
    ("can I cancel HB-4821 please", ["cancel_booking"], ["cancel_booking"]),  # the request itself
    ("HB-4821取消掉，另外取消要扣钱吗", ["cancel_booking", "ask_faq"], ["cancel_booking", "ask_faq"]),
])
def test_a_task_asked_about_with_a_condition_is_a_policy_question(text: str, model: list[str], expected: list[str]) -> None:
    assert in_context(model, "none", [], 0, text) == expected


def entity_of(text: str, slot: str, surface: str):
    return Understanding._entity(span_of(text, slot, surface), text, NORMALIZER)


@pytest.mark.parametrize(("text", "surface", "intents", "expected"), [
    ("再加上我弟", "再加上我弟", ["request_human"], ["inform"]),  # no word asks for a person: it gives the party
    ("我弟不来了", "我弟不来了", ["greet"], ["inform"]),  # nor greets
    ("转人工，再加上我弟", "再加上我弟", ["request_human"], ["request_human"]),
    ("你好，再加上我弟", "再加上我弟", ["greet"], ["greet"]),  # a hello said: the details come with it
    ("one more person please, get me a human", "one more person", ["request_human", "inform"], ["request_human", "inform"]),
])
def test_a_handoff_or_a_hello_not_asked_for_gives_way_to_the_details(text, surface, intents, expected) -> None:
    assert in_context(intents, "none", [entity_of(text, "guests", surface)], 0, text) == expected
    assert in_context(intents, "none", [], 0, text) == intents  # no details given: the model's intents stand


@pytest.mark.parametrize(("text", "context", "expected"), [
    ("before I say yes - can I cancel for free?", "confirm_book", ["ask_faq"]),
    ("确认之前先问一下，可以免费取消吗", "confirm_book", ["ask_faq"]),
    ("yes, and can I cancel for free?", "confirm_book", ["ask_faq", "affirm"]),  # a yes said, and a question
    ("before I say yes - can I cancel for free?", "offered_hotels", ["ask_faq", "affirm"]),  # no summary waits
])
def test_a_yes_put_off_is_no_yes(text, context, expected) -> None:
    assert in_context(["ask_faq", "affirm"], context, [], 0, text) == expected


@pytest.mark.parametrize(("text", "declined"), [
    ("2 people, nothing too expensive", True), ("not too pricey please", True), ("预算不要太高", True), ("别太贵就行", True),
    ("something expensive", False), ("价格高一点也没关系", False),
])
def test_the_top_tier_declined_in_words_the_model_left_untagged(text, declined) -> None:
    found = _missed_top_tier(text, [])
    assert [(e.entity, e.normalized, e.role) for e in found] == ([("tier", "luxury", "negated")] if declined else [])
    assert _missed_top_tier(text, [entity_of("luxury " + text, "tier", "luxury")]) == []  # a tier tagged: the model's


def test_a_pick_by_price_may_come_with_the_party_and_the_stay() -> None:
    text = "cheapest. 2 rooms"
    entities = [entity_of(text, "tier", "cheapest"), entity_of(text, "rooms", "2 rooms")]
    assert _pick_by_tier(["inform"], "offered_hotels", entities, 3, text) == ["select_option"]
    with_city = [*entities, entity_of("cheapest in Sanya", "city", "Sanya")]  # another city: a new search, not a pick
    assert _pick_by_tier(["inform"], "offered_hotels", with_city, 3, text) == ["inform"]


@pytest.mark.parametrize(("text", "tagged", "expected"), [
    ("3 nights - no, 2. just me", [("nights", "3 nights")], [("nights", "3 nights"), ("nights", "2")]),  # untagged
    ("3 nights - no, 2. just me", [("nights", "3 nights"), ("guests", "2")], [("nights", "3 nights"), ("nights", "2")]),  # tagged as another count
    ("2 guests, sorry, 3", [("guests", "2 guests")], [("guests", "2 guests"), ("guests", "3")]),
    ("4 nights - no, 3. 2 adults", [("nights", "4 nights"), ("guests", "3. 2 adults")],  # a span over a sentence's end
     [("nights", "4 nights"), ("nights", "3"), ("guests", "2 adults")]),
    ("两晚，不对，三", [("nights", "两晚")], [("nights", "两晚"), ("nights", "三")]),
    ("3 nights, no 2 people", [("nights", "3 nights"), ("guests", "2 people")], [("nights", "3 nights"), ("guests", "2 people")]),  # another count with its unit
    ("3 nights, and 2 rooms", [("nights", "3 nights"), ("rooms", "2 rooms")], [("nights", "3 nights"), ("rooms", "2 rooms")]),
])
def test_a_count_taken_back_at_once_is_of_the_same_slot(text, tagged, expected) -> None:
    spans = _recounted_spans([span_of(text, slot, surface) for slot, surface in tagged], text)
    assert [(s.slot, text[s.start:s.end]) for s in spans] == expected
