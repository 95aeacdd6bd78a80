"""Wording per language: en and zh say the same things (same names, same signatures), each
in its own language, and no sentence a customer reads is left in the code outside them."""

from __future__ import annotations

import ast
import inspect
import re
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from bot.database import Database
from bot.models import PlanDay, PlanLeg, PlanStop, SearchAsk, TripPlan
from bot.wording import LANGUAGES, en, for_language, language_of, noted, zh

BOT = Path(__file__).resolve().parents[2] / "bot"
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def public(module: ModuleType) -> dict[str, object]:
    """The public names the module itself defines (not what it imported)."""
    tree = ast.parse(inspect.getsource(module))
    defined = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    defined += [target.id for node in tree.body if isinstance(node, ast.Assign | ast.AnnAssign)
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(target, ast.Name)]
    return {name: getattr(module, name) for name in defined if not name.startswith("_")}


def test_every_language_has_a_wording_module_and_english_is_the_fallback() -> None:
    assert [for_language(language) for language in LANGUAGES] == [en, zh]
    assert for_language("fr") is en


def test_both_modules_define_the_same_public_names_with_the_same_signatures() -> None:
    english, chinese = public(en), public(zh)
    assert sorted(english) == sorted(chinese)
    for name, value in english.items():
        if callable(value):
            assert inspect.signature(value) == inspect.signature(chinese[name]), name
        elif isinstance(value, dict):
            assert value.keys() == chinese[name].keys(), name
        else:
            assert type(value) is type(chinese[name]), name


# ------------------------------------------------------- each sentence in its language


@pytest.fixture(scope="module")
def samples() -> dict[str, object]:
    """An argument for every parameter name the wording functions take."""
    db = Database.create(":memory:")
    stay = (date(2026, 12, 11), date(2026, 12, 13))
    offer = db.room_offers("Bund Riverside Hotel", *stay, guests=2)[0]
    stop = PlanStop(sight="West Lake", sight_zh="西湖", arrive="09:00", leave="12:00", ticket=40)
    leg = PlanLeg(mode="bus", minutes=20, fare=2, km=4.1)
    booking = db.get_booking("seed:wang", "HB-4821")
    return {
        "value": date(2026, 11, 1), "check_in": stay[0], "check_out": stay[1], "city": "Shanghai", "guests": 2,
        "rooms": 1, "options": [offer], "assumed": ["nights", "guests"], "unseen": 2, "tier": "luxury",
        "max_price": 800.0, "offered": 3, "name": "Paris", "offer": offer, "booking": booking, "proposal": offer,
        "ref": "HB-4821", "refs": ["HB-4821", "HB-7305"], "surface": "a day later", "slot": "check_in",
        "waits_for_booking": False, "minutes": 10, "error_id": "ab12cd34", "summary": "x", "hotel": offer.hotel,
        "error": "no rooms", "note": "a note", "answer": "...", "goal": "book_hotel", "details": {"city": "Shanghai"},
        "first": "book_hotel", "second": "search_hotels", "limit": 2000, "amount": 1280.0, "currency": "CNY",
        "number": 2, "unit": "night",
        "parts": ["12", "2"],
        "names": ("swimming pool", "游泳池"), "amenities": ["gym"], "hotels": ["Bund Riverside Hotel"], "has": ["gym"],
        "lacks": ["pool"], "others": ["spa"], "shown": 3,
        "ask": SearchAsk(min_rating=4.5, min_price=500, max_price=800, amenities=[("gym", "健身房")], sight=("West Lake", "西湖")),
        "relaxed": [("amenity", ("gym", "健身房"), 2), ("min_rating", 4.5, 1), ("price", None, 3)],
        "plan": TripPlan(city="Hangzhou", total_cost=42, cheap=True, max_total=30, holiday="National Day", holiday_zh="国庆节",
                         hotel=offer.hotel.name, hotel_offer=offer, days=[
                             PlanDay(date=date(2027, 10, 1), cost=42, stops=[stop, stop], legs=[leg]),
                             PlanDay(date=date(2027, 10, 2), cost=0, stops=[], legs=[])]),
        "assumed_days": True, "capped": True, "stop": stop, "leg": leg,
    }


def sentences(module: ModuleType, samples: dict[str, object]) -> dict[str, str]:
    """What every public function of the module says, called with sample arguments."""
    said = {}
    for name, function in public(module).items():
        if callable(function):
            parameters = inspect.signature(function).parameters
            said[name] = function(**{p: samples[p] for p in parameters})
    return said


def test_every_chinese_function_speaks_chinese_and_every_english_one_does_not(samples: dict[str, object]) -> None:
    numbers_only = {"money", "quantity"}  # '¥1,280', '2晚' / 'CNY 1,280', '2 nights'
    for name, text in sentences(zh, samples).items():
        assert name in numbers_only or CJK.search(text), f"zh.{name} says {text!r}"
    for name, text in sentences(en, samples).items():
        assert not CJK.search(text), f"en.{name} says {text!r}"
    for module in (en, zh):
        for name, value in public(module).items():
            texts = value.values() if isinstance(value, dict) else [value] if isinstance(value, str) else []
            for text in texts:
                if name not in ("REF_EXAMPLE", "CODE_EXAMPLE"):  # the same codes in both languages
                    assert bool(CJK.search(text)) == (module is zh), f"{module.__name__}.{name}: {text!r}"


def test_chinese_dates_money_tiers_and_hotels_read_as_a_chinese_travel_app_writes(samples: dict[str, object]) -> None:
    assert zh.day(date(2026, 12, 11)) == "12月11日"
    assert zh.money(1280) == "¥1,280"
    assert zh.stay(date(2026, 12, 11), date(2026, 12, 13)) == "12月11日–12月13日（2晚）"
    listing = zh.offers("Shanghai", date(2026, 12, 11), date(2026, 12, 13), 2, samples["options"], [], 0)
    assert listing.startswith("为您找到上海的酒店") and "上海外滩江景酒店" in listing and "舒适型" in listing
    assert "Bund Riverside" not in listing and "Standard Double" not in listing
    assert "上海外滩江景酒店" in zh.booking_details(samples["booking"]) and "已确认" in zh.booking_details(samples["booking"])



@pytest.mark.parametrize("module, cap", [(en, "CNY 800"), (zh, "¥800")])
def test_a_handoff_summary_shows_the_price_cap_as_a_price(module: ModuleType, cap: str) -> None:
    summary = module.handoff_summary("search_hotels", {"city": "Shenzhen", "max_price": 800.0}, [])
    assert cap in summary and "800.0" not in summary


# ------------------------------------------------------------------- language rule


@pytest.mark.parametrize("text, previous, expected", [
    ("我想订10号上海的酒店", "en", "zh"),
    ("sh 15号 2晚", "en", "zh"),  # mixed Chinese-English is Chinese
    ("１０号", "en", "zh"),
    ("㐀", "en", "zh"),  # CJK extension A
    ("show me hotels for the 11th", "zh", "en"),
    ("ok", "zh", "en"),
    ("ｙｅｓ", "zh", "en"),  # full-width Latin letters are letters
    ("2", "zh", "zh"),  # no letters: the conversation keeps its language
    ("HB-7KQ2XM4PA", "zh", "zh"),  # a reference's letters are its shape, not a language
    ("hb-4821!", "zh", "zh"),
    ("12/10 ?", "en", "en"),
    ("HB-4821 取消", "en", "zh"),
    ("cancel HB-4821", "zh", "en"),
])
def test_language_of_a_message(text: str, previous: str, expected: str) -> None:
    assert language_of(text, previous) == expected


# ------------------------------------------------------------ no sentence in code

# The modules a reply passes through: none of them may write a customer's sentence itself.
REPLY_PATH = [*sorted((BOT / "actions").glob("*.py")), BOT / "policy.py", BOT / "agent.py", BOT / "tracking.py",
              BOT / "rasa_bridge.py", BOT / "channels" / "web_ui.py"]
SENTENCE = re.compile(r"^[A-Z][^\n]*\s\S+\s\S+.*[.?!]\)?$")  # capitalised, 3+ words, closing punctuation


def literal_text(node: ast.AST) -> str | None:
    """The text of a string literal or f-string (placeholders as X), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "X" for part in node.values)
    return None


def docstrings(tree: ast.AST) -> set[int]:
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr)}


def customers_words(tree: ast.AST) -> set[int]:
    """The literals of EXAMPLES (web UI): what a customer might type, not what the bot says."""
    return {id(node) for assign in tree.body if isinstance(assign, ast.AnnAssign)
            and ast.unparse(assign.target) == "EXAMPLES" for node in ast.walk(assign.value)}


@pytest.mark.parametrize("path", REPLY_PATH, ids=lambda path: str(path.relative_to(BOT)))
def test_no_customer_facing_sentence_is_written_outside_the_wording(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = docstrings(tree) | customers_words(tree)
    found = []
    for node in ast.walk(tree):
        text = literal_text(node)
        if text is None or id(node) in skipped:
            continue
        if SENTENCE.match(text.strip()) or CJK.search(text):
            found.append(f"line {node.lineno}: {text!r}")
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("utter_message"):
            said = [kw.value for kw in node.keywords if kw.arg == "text"]
            assert not said or literal_text(said[0]) is None, f"line {node.lineno}: a literal reply"
    assert not found, "sentences belong in bot/wording/: " + "; ".join(found)


def test_no_chinese_outside_the_wording_the_catalogue_the_faq_references_the_examples_and_the_understanding() -> None:
    allowed = {BOT / "database" / "catalogue.py", BOT / "knowledge.py", BOT / "channels" / "web_ui.py"}
    for path in BOT.rglob("*.py"):
        if {"wording", "understanding"} & set(path.relative_to(BOT).parts) or path in allowed:
            continue
        assert not CJK.search(path.read_text(encoding="utf-8")), path


def test_a_correction_is_said_back_in_the_customers_language(samples: dict[str, object]) -> None:
    stay = (samples["check_in"], samples["check_out"])
    changes = [("stay", stay), ("city", "Shanghai"), ("hotel", samples["hotel"]), ("guests", 2), ("rooms", 1),
               ("tier", "luxury"), ("max_price", 800.0)]
    assert noted(en, changes) == ("Noted: Fri 11 Dec – Sun 13 Dec (2 nights), Shanghai, Bund Riverside Hotel, 2 guests, 1 room, "
                                  "luxury hotels, up to CNY 800 a night.")
    assert noted(zh, changes) == "好的，已改为12月11日–12月13日（2晚），上海，上海外滩江景酒店，2人，1间，豪华型，每晚不超过¥800。"
