"""Intents read from the message's own words where the model's may fall short, in the
context of what the bot just asked. Each cue is a family of phrasings in both languages,
applied to the intents the model detected:

- a change verb beside a booking reference asks to change that booking;
- a task asked about as a policy ("can I cancel later if...") is a question, not the task;
- a task said not to be done ("don't cancel it", 先不要取消) is not asked for, and in a
  confirmation it is a no;
- a confirmation word in a message that asks nothing is a yes to the summary waiting for one;
- an approval that picks nothing is the yes to a summary, and a plain yes to a list of one
  hotel picks it.
"""

from __future__ import annotations

import re

from bot.models import Entity

# Where a message's second request begins: "..., and also book ...", "...，另外帮我订..." (the
# tracker parts a change of a booking from a new booking by it)
CLAUSE_CUE = re.compile(r"[,，;；]|\b(?:and|also|plus|then|as well)\b|另外|还有|顺便|同时|然后|并且|以及|还要|再", re.I)


# A task the customer says not to do: "don't cancel it", "先不要取消好了", "别订了". Its verb right
# after a negation: the task is not asked for, and while a summary waits for its yes, it is a no.
_TASK_VERBS = {"cancel_booking": r"cancel|call\s+(?:it\s+)?off|取消|退订|退掉", "book_hotel": r"book|reserve|预订|订",
               "change_booking": r"change|move|改"}
_NEGATED_VERB = {intent: re.compile(rf"(?:\b(?:don'?t|do\s+not|no\s+need\s+to|not|never)\s+(?:\w+\s+)?(?:{verbs})\b"
                                    rf"|(?:(?<!要)不要|先别|别|先不|不用|不想|暂时不|还是不|(?<!要)不)(?:{verbs}))", re.I)
                 for intent, verbs in _TASK_VERBS.items()}


# A booking named with a change verb asks to change it, whatever else the message asks
# ("把订单HB-4821改到20号入住，另外帮我订一间杭州的酒店": a change and a booking).
CHANGE_VERB = re.compile(r"改到|改成|改为|改|换到|推迟|提前|延后|\b(?:move|change|reschedule|push)\b", re.I)


def _cued_change(intents: list[str], entities: list[Entity], text: str) -> list[str]:
    """change_booking added when a booking reference and a change verb share a clause."""
    if "change_booking" in intents or "cancel_booking" in intents:
        return intents
    for ref in (e for e in entities if e.entity == "booking_ref" and e.role == "value"):
        clause_end = next((m.start() for m in CLAUSE_CUE.finditer(text, ref.end)), len(text))
        clause_start = max((m.end() for m in CLAUSE_CUE.finditer(text, 0, ref.start)), default=0)
        if CHANGE_VERB.search(text, clause_start, clause_end):
            return ["change_booking", *intents]
    return intents


# Whether a task is allowed, asked as a policy question: "can I cancel that later if my flight
# is late?", "如果到时候去不了能免费取消吗" -- an ask_faq, not the task ("can you cancel it" is the task).
_POLICY_ASK = {intent: re.compile(rf"\b(?:can|could|may)\s+(?:i|we)\s+(?:still\s+|also\s+)?(?:{verbs})\b"
                                  rf"|\b(?:is\s+it\s+possible|am\s+i\s+able|are\s+we\s+able)\s+to\s+(?:{verbs})\b"
                                  rf"|(?:以后|之后|到时候|如果|万一|免费|要钱|收费|扣钱).{{0,8}}(?:{verbs})|(?:{verbs}).{{0,6}}(?:免费|要钱|收费|扣钱)",
                                  re.I)
               for intent, verbs in _TASK_VERBS.items() if intent != "book_hotel"}


_VERB = {intent: re.compile(verbs, re.I) for intent, verbs in _TASK_VERBS.items()}


def _only_asked_about(intent: str, text: str) -> bool:
    """Every mention of the task's verb is inside a policy question ("HB-4821取消掉，另外取消要扣钱吗"
    asks the fee and also asks for the cancel)."""
    asked = [match.span() for match in _POLICY_ASK[intent].finditer(text)]
    return bool(asked) and all(any(start <= verb.start() < end for start, end in asked) for verb in _VERB[intent].finditer(text))


# What makes "can I cancel" a question about the policy rather than the request itself: a
# later time, a condition, a fee ("can I cancel that later if my flight is late?")
_CONDITION = re.compile(r"\b(?:later|afterwards?|if|in case|should|free|fee|charge[sd]?|penalty|refund\w*)\b"
                        r"|以后|之后|到时候|如果|万一|免费|要钱|收费|扣钱|退款", re.I)


def _policy_questions(intents: list[str], text: str) -> list[str]:
    """The intents without a task the message only asks the policy of: with ask_faq read too,
    or, when the question names a condition or a fee, in place of that task."""
    asked = [intent for intent in intents if intent in _POLICY_ASK and _only_asked_about(intent, text)]
    if "ask_faq" in intents:
        return [intent for intent in intents if intent not in asked]
    if asked and _CONDITION.search(text):
        return list(dict.fromkeys("ask_faq" if intent in asked else intent for intent in intents))
    return intents


def asked_policy(intents: list[str], entities: list[Entity], text: str) -> tuple[int, int] | None:
    """[start, end) of the task verb a policy question asks about ("can I cancel that later?"),
    when the message is a question with no topic tagged: the verb names the topic (cancellation)."""
    if "ask_faq" not in intents or any(e.entity == "topic" for e in entities):
        return None
    found = _POLICY_ASK["cancel_booking"].search(text)
    verb = _VERB["cancel_booking"].search(text, found.start()) if found else None
    return verb.span() if verb else None


def _negated_tasks(intents: list[str], context: str, text: str) -> list[str]:
    """The intents without a task the message says not to do; while a summary waits for its
    yes, such a message is a no ("等一下，先不要取消好了" keeps the booking)."""
    negated = [intent for intent in intents if intent in _NEGATED_VERB and _NEGATED_VERB[intent].search(text)]
    if not negated:
        return intents
    kept = [intent for intent in intents if intent not in negated and intent != "affirm"]
    if context.startswith("confirm_") and "deny" not in kept:
        kept.insert(0, "deny")
    return kept


# The words that say yes to a summary whatever else the message holds ("太好了，那确认订房", "好的，
# 麻烦了" may read as thanks alone): never in a question, never after 不 ("不确定" is unsure).
CONFIRM_WORDS = re.compile(r"(?<!不)确认|(?<!不)确定|没问题|就这样|好的|\bconfirm(?:ed)?\b|\bgo ahead\b|\byes\b", re.I)
NOT_A_YES = ("ask_faq", "request_human", "out_of_scope", "cancel_booking")  # what a confirmation word does not override
QUESTION = re.compile(r"[?？]|吗|\b(?:can|could|may|is|are|do|does|will)\s+(?:i|we|it|you|there)\b", re.I)


def _approval_in_context(intents: list[str], context: str, entities: list[Entity], options_shown: int,
                         text: str = "") -> list[str]:
    """While a summary waits for its yes, an approval that picks nothing ("that works for
    me" read as select_option, with no option number or hotel) is that yes: the summary is
    the one option on the table, and so is a confirmation word in a message that asks nothing
    (CONFIRM_WORDS). The other way round, a plain yes right after a list of one hotel ("订吧",
    "yes please" read as affirm) approves that hotel, as "sounds good" does."""
    if context.startswith("confirm_") and not {"affirm", "deny", *NOT_A_YES} & set(intents) and CONFIRM_WORDS.search(text) \
            and not QUESTION.search(text):
        intents = ["affirm", *intents]
    picks = any(e.entity in ("ordinal", "hotel") for e in entities)
    if context.startswith("confirm_") and "select_option" in intents and not picks:
        return _renamed(intents, "select_option", "affirm")
    if context == "offered_hotels" and options_shown == 1 and "affirm" in intents and not entities \
            and set(intents) <= {"affirm", "thank"}:
        return _renamed(intents, "affirm", "select_option")
    return intents


# What asks for a person or greets, in the message's own words: without them, a message that
# gives details of the stay ("再加上我弟", "我弟不来了") read as a handoff or a hello gives details.
ASKS_FOR_A_PERSON = re.compile(r"\b(?:human|agent|someone|somebody|representative|operator|staff|manager|real person)\b"
                               r"|人工|客服|真人|转接|经理|工作人员", re.I)
GREETING = re.compile(r"\b(?:hi|hello|hey|good (?:morning|afternoon|evening))\b|你好|您好|早上好|下午好|晚上好|哈喽|嗨", re.I)
# What a stay is made of (the tracker's too: tracking.STAY_SLOTS).
STAY_SLOTS = ("check_in", "check_out", "nights", "guests", "rooms", "hotel", "city")


def _details_given(intents: list[str], entities: list[Entity], text: str) -> list[str]:
    """A handoff or a hello the message's words do not ask for, when it gives details of the
    stay: the message informs (the details are applied either way; this keeps the desk's
    answer to them)."""
    if not any(e.entity in STAY_SLOTS and e.role == "value" for e in entities):
        return intents
    outside = "".join(ch for at, ch in enumerate(text) if not any(e.start <= at < e.end for e in entities))
    unasked = {intent for intent, words in (("request_human", ASKS_FOR_A_PERSON), ("greet", GREETING)) if not words.search(outside)}
    if not unasked & set(intents):
        return intents
    kept = [intent for intent in intents if intent not in unasked]
    return kept if set(kept) - {"thank", "greet"} else [*kept, "inform"]


# A stay said again as a change of it: "actually make it 3 nights", "make that the 14th", 改成三晚.
RESTATED_STAY = re.compile(r"\b(?:actually|instead|make (?:it|that)|change (?:it|that)|rather)\b|改成|改为|换成|其实", re.I)


# A yes put off, not said: "before I say yes, can I cancel for free?", "if I confirm...", 确认之前先问一下.
PUT_OFF_YES = re.compile(r"\b(?:before|until|if|once|when)\s+(?:i|we)\s+(?:say\s+yes|say\s+ok|confirm|book|agree|commit|go\s+ahead|decide)\b"
                         r"|(?:确认|确定|下单|订|决定)之前|先问(?:一下|问|个)?|问清楚再", re.I)


def _put_off_yes(intents: list[str], context: str, text: str) -> list[str]:
    """While a summary waits for its yes, a message that puts the yes off asks; it does not book."""
    if context.startswith("confirm_") and "affirm" in intents and PUT_OFF_YES.search(text):
        return [intent for intent in intents if intent != "affirm"]
    return intents


def in_context(intents: list[str], context: str, entities: list[Entity], options_shown: int, text: str) -> list[str]:
    """The model's intents with the cues above applied, in that order."""
    intents = _policy_questions(_cued_change(_details_given(intents, entities, text), entities, text), text)
    intents = _approval_in_context(_negated_tasks(intents, context, text), context, entities, options_shown, text)
    return _put_off_yes(intents, context, text)


def _renamed(intents: list[str], old: str, new: str) -> list[str]:
    return list(dict.fromkeys(new if intent == old else intent for intent in intents))
