"""Scripted dialogue files (SPEC section 3): load, replay against a fresh bot, compare.

`hotelbot test` and the pytest suite both use `fresh_bot` and `run_dialogue`; a dialogue
with a top-level `catalogue:` runs over that catalogue file instead of the seeded one.

Beyond SPEC section 3, two optional keys name the customer identity (the session id) a
turn is sent as; files without them replay in one session, "dialogue", as before:

- `session:` at the top level: the identity of every turn, e.g. `seed:wang`, the owner
  of the seeded bookings HB-4821 and HB-5190 (bot/database/catalogue.py), to act on them;
- `session:` in a turn: that turn alone is sent as this identity (another customer
  trying someone's reference, then the owner checking the booking is untouched).

Each identity keeps its own dialogue state; a turn's `bookings` are its identity's.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from bot.agent import HotelBot
from bot.database.catalogue_file import Catalogue, read_catalogue
from bot.models import Booking, Turn


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    intents: Optional[list[str]] = None
    intents_include: Optional[list[str]] = None
    slots: Optional[dict[str, Any]] = None
    filled: Optional[list[str]] = None
    actions: Optional[list[str]] = None
    says: Optional[list[str]] = None
    not_says: Optional[list[str]] = None
    awaiting: Optional[str] = None  # checked only when the key is present (null = nothing awaited)
    bookings: Optional[list[dict[str, Any]]] = None
    plan: Optional[dict[str, Any]] = None  # checked only when the key is present (null = no plan made)


DEFAULT_SESSION = "dialogue"


class ScriptedTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: str
    session: Optional[str] = None  # this turn's identity, else the dialogue's
    expect: Expectation = Expectation()

    @field_validator("user", mode="before")
    @classmethod
    def _must_be_text(cls, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError(f"user line must be a string, got {type(value).__name__} {value!r}: quote it in the YAML")
        return value


class Dialogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    today: date
    session: str = DEFAULT_SESSION  # the identity of the turns that name none
    catalogue: Optional[Path] = None  # the dialogue's own catalogue file (SPEC section 9), relative to it
    turns: list[ScriptedTurn]


class DialogueResult(BaseModel):
    name: str
    path: str
    passed: bool
    failed_turn: Optional[int] = None  # 1-based
    user: Optional[str] = None
    failures: list[str] = []
    reply: Optional[str] = None


def load_dialogue(path: Path) -> Dialogue:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"not valid YAML: {error}") from error
    dialogue = Dialogue.model_validate(data)
    if dialogue.catalogue is not None:
        dialogue.catalogue = (Path(path).parent / dialogue.catalogue).resolve()
    return dialogue


@lru_cache(maxsize=8)
def _catalogue(path: Path) -> Catalogue:
    return read_catalogue(path)


def fresh_bot(dialogue: Dialogue, template: HotelBot) -> HotelBot:
    """The bot a dialogue replays against: the template's models over a fresh database,
    holding the dialogue's own catalogue if it names one (CatalogueError if it is broken)."""
    catalogue = _catalogue(dialogue.catalogue) if dialogue.catalogue is not None else None
    return template.with_fresh_database(dialogue.today, catalogue=catalogue)


def dialogue_files(paths: Iterable[Path | str]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")) if path.is_dir() else [path])
    return files


def run_dialogue(dialogue: Dialogue, bot: HotelBot, path: str = "") -> DialogueResult:
    """Replay every turn in its (fresh) session; stop at the first failing turn."""
    for number, scripted in enumerate(dialogue.turns, start=1):
        session = scripted.session or dialogue.session
        turn = bot.handle(session, scripted.user, today=dialogue.today)
        failures = check_turn(scripted.expect, turn, bot.bookings(session))
        if failures:
            return DialogueResult(name=dialogue.name, path=path, passed=False, failed_turn=number,
                                  user=scripted.user, failures=failures, reply=turn.reply)
    return DialogueResult(name=dialogue.name, path=path, passed=True)


def check_turn(expect: Expectation, turn: Turn, bookings: list[Booking]) -> list[str]:
    failures = []
    if expect.intents is not None and set(expect.intents) != set(turn.intents):
        failures.append(f"intents: expected {sorted(expect.intents)}, got {sorted(turn.intents)}")
    if expect.intents_include is not None and not set(expect.intents_include) <= set(turn.intents):
        failures.append(f"intents_include: expected {sorted(expect.intents_include)} within {sorted(turn.intents)}")
    for slot, wanted in (expect.slots or {}).items():
        actual = turn.state.value(slot)
        if not same_value(wanted, actual):
            failures.append(f"slot {slot}: expected {wanted!r}, got {actual!r}")
    for slot in expect.filled or []:
        if turn.state.value(slot) is None:
            failures.append(f"slot {slot}: expected a value, it is empty")
    if expect.actions is not None and not set(expect.actions) <= set(turn.actions):
        failures.append(f"actions: expected {expect.actions} within {turn.actions}")
    reply = turn.reply.lower()
    failures += [f"says: {text!r} not in the reply" for text in expect.says or [] if str(text).lower() not in reply]
    failures += [f"not_says: {text!r} is in the reply" for text in expect.not_says or [] if str(text).lower() in reply]
    if "awaiting" in expect.model_fields_set and expect.awaiting != turn.state.awaiting:
        failures.append(f"awaiting: expected {expect.awaiting!r}, got {turn.state.awaiting!r}")
    if expect.bookings is not None and not bookings_match(expect.bookings, bookings):
        shown = [b.model_dump(mode="json", include={"ref", "hotel", "city", "check_in", "check_out", "guests", "status"}) for b in bookings]
        failures.append(f"bookings: expected {expect.bookings}, got {shown}")
    if "plan" in expect.model_fields_set:
        failures += plan_failures(expect.plan, turn)
    return failures


def plan_failures(expected: Optional[dict[str, Any]], turn: Turn) -> list[str]:
    """A subset of the turn's trip plan: `days` as the number of days planned, `hotel` its name,
    `start` its first day, any other key a field of the plan; None: no plan was made."""
    plan = turn.plan
    if expected is None or plan is None:
        return [] if expected is None and plan is None else [f"plan: expected {expected}, got {plan and plan.city}"]
    actual = {"days": len(plan.days), "start": plan.days[0].date if plan.days else None, **plan.model_dump(exclude={"days"})}
    return [f"plan {key}: expected {value!r}, got {actual.get(key)!r}" for key, value in expected.items()
            if key not in actual or not same_value(value, actual[key])]


def same_value(wanted: Any, actual: Any) -> bool:
    if wanted is None or actual is None:
        return wanted is None and actual is None
    if isinstance(wanted, (int, float)) and isinstance(actual, (int, float)) and not isinstance(wanted, bool):
        return float(wanted) == float(actual)
    if isinstance(wanted, list) and isinstance(actual, list):  # a set of keys (amenity): in any order
        return sorted(map(str, wanted)) == sorted(map(str, actual))
    return str(wanted) == str(actual)


def bookings_match(expected: list[dict[str, Any]], bookings: list[Booking]) -> bool:
    """One to one: same count, each expected mapping matches a different booking."""
    if len(expected) != len(bookings):
        return False

    def matches(spec: dict[str, Any], booking: Booking) -> bool:
        return all(same_value(value, getattr(booking, key, None)) for key, value in spec.items())

    def assign(index: int, used: frozenset[int]) -> bool:
        if index == len(expected):
            return True
        return any(
            assign(index + 1, used | {i}) for i, booking in enumerate(bookings) if i not in used and matches(expected[index], booking)
        )

    return assign(0, frozenset())


def format_result(result: DialogueResult) -> str:
    if result.passed:
        return f"PASS {result.name} ({result.path})"
    lines = [f"FAIL {result.name} ({result.path}) at turn {result.failed_turn}: {result.user!r}"]
    lines += [f"    {failure}" for failure in result.failures]
    lines.append(f"    reply: {result.reply!r}")
    return "\n".join(lines)
