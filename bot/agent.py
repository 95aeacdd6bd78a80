"""HotelBot: the one place where the pipeline stages are wired together.

text -> understanding -> tracking -> loop { policy.next -> plan -> actions } -> Turn

Every stage returns events (bot.events) and nothing else changes the dialogue state:
the tracker emits the message's, then the turn runs Rasa's loop, in which the policy
picks the next plan (the booking form's check, the reply, a queued task), its actions
run and their events are applied, until the bot waits for the customer.

Conversations live in a session store (`bot.sessions`), not in this object: each turn
loads the session's state under its lock and saves the new state, so a restart loses
nothing and several processes can serve the same session.

The CLI, the action server and the web app are thin shells over this class.
"""

from __future__ import annotations

import logging
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from collections.abc import Sequence
from typing import Iterator, Optional

from rasa_sdk.executor import CollectingDispatcher

from bot import access, inputs
from bot.actions import Services, build_actions
from bot.database import Database
from bot.database.catalogue_file import Catalogue
from bot.database.paths import database_target, redis_url
from bot.events import Event, QuestionAsked, Recorder, SessionStarted, new_session, slot_change
from bot.knowledge import KnowledgeBase
from bot.limits import MAX_FAILED_LOOKUPS_PER_ADDRESS, LookupLimiter
from bot.models import (ActionRun, Booking, DbQuery, DialogueState, Hotel, HotelCard, Language, ParsedMessage, PlanTrace,
                        PolicyDecision, Script, SlotChange, TripPlan, Turn, TurnTrace)
from bot.policy import Plan, Policy, Progress
from bot.rasa_bridge import apply_events, to_tracker
from bot.sessions import DEFAULT_IDLE_SECONDS, DEFAULT_LEASE_SECONDS, SessionStore, TurnRecord, open_session_store
from bot.tracking import STAY_SLOTS, StateTracker
from bot.understanding.context import dialogue_context
from bot.understanding.grounding import ground
from bot.understanding.nlu_model import OnnxEmbedder
from bot.understanding.normalize import PlaceIndex
from bot.understanding.understand import Understanding, as_written
from bot.wording.served import serving
from bot.wording import Unserved, for_language, in_script, language_of, unserved_language
from training.config import DEFAULT_MODEL_DIR

logger = logging.getLogger(__name__)
# plans per turn: the form, the reply, then per queued task its start, form and reply; more is a loop
MAX_PLANS = 10
BOOKING_TASKS = ("change_booking", "cancel_booking", "check_booking")


@dataclass
class BotConfig:
    model_dir: Path = field(default=DEFAULT_MODEL_DIR, metadata={"help": "trained NLU model directory"})
    db_path: str | Path = field(default_factory=database_target,
                                metadata={"help": "SQLite file (seeded if missing), ':memory:' or a PostgreSQL URL"})
    today: Optional[date] = field(default=None, metadata={"help": "the clock; None = the real date, each turn"})
    max_message_chars: int = field(default=2000, metadata={"help": "longer messages are refused, state unchanged"})
    session_idle_seconds: float = field(default=DEFAULT_IDLE_SECONDS, metadata={"help": "a session idle this long is forgotten"})
    session_lease_seconds: float = field(
        default=DEFAULT_LEASE_SECONDS, metadata={"help": "how long a session's lock outlives a process killed mid-turn"})

    def session_store(self, db_path: str) -> SessionStore:
        """The sessions beside the bookings (the same SQLite file or PostgreSQL database, or
        in memory with it); their locks in Redis if HOTELBOT_REDIS_URL is set."""
        return open_session_store(db_path, redis_url=redis_url(), idle_seconds=self.session_idle_seconds,
                                  lease_seconds=self.session_lease_seconds)


class Stopwatch:
    def __init__(self) -> None:
        self.millis: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.millis[name] = round(self.millis.get(name, 0.0) + (time.perf_counter() - started) * 1000, 3)


@dataclass
class Reply:
    """What the plans of a turn produced so far, for the Turn and its trace."""

    messages: list[dict] = field(default_factory=list)
    runs: list[ActionRun] = field(default_factory=list)
    decisions: list[PolicyDecision] = field(default_factory=list)
    diff: list[SlotChange] = field(default_factory=list)


def catalogue_names(db: Database) -> tuple[list[str], PlaceIndex]:
    """What the understanding reads spans against: the hotels' names (English and Chinese),
    and the cities, sights and amenities, all from the database's catalogue."""
    hotels = db.hotels()
    return ([hotel.name for hotel in hotels] + [hotel.name_zh for hotel in hotels],
            PlaceIndex(db.city_infos(), db.sights(), db.amenity_names()))


class HotelBot:
    def __init__(self, understanding: Understanding, db: Database, knowledge: KnowledgeBase, config: BotConfig,
                 sessions: Optional[SessionStore] = None):
        self.understanding = understanding
        self.db = db
        self.config = config
        self.tracker = StateTracker(hotel=db.hotel_by_name, target_booking=self._target_booking)
        # the understanding reads Chinese hotel names too; the state holds the canonical (English) one
        self.canonical_hotel = {hotel.name_zh: hotel.name for hotel in db.hotels() if hotel.name_zh}
        self.policy = Policy(db)
        self.served_cities = db.city_infos()  # what the replies name as served (bot.wording.served)
        self.actions = build_actions(Services(db=db, knowledge=knowledge))
        self.sessions = sessions or config.session_store(":memory:")
        self.lookups = LookupLimiter(self.sessions)  # failed booking-reference look-ups, per customer identity
        self.address_lookups = LookupLimiter(self.sessions, max_failures=MAX_FAILED_LOOKUPS_PER_ADDRESS)  # and per address

    @classmethod
    def load(cls, today: Optional[date] = None, model_dir: Optional[Path] = None, db_path: str | Path | None = None) -> "HotelBot":
        config = BotConfig(today=today)
        if model_dir is not None:
            config.model_dir = Path(model_dir)
        if db_path is not None:
            config.db_path = db_path
        db = Database.create(":memory:") if str(config.db_path) == ":memory:" else Database.open_default(config.db_path)
        understanding = Understanding.load(config.model_dir, *catalogue_names(db))
        knowledge = KnowledgeBase(db, OnnxEmbedder(config.model_dir))
        return cls(understanding, db, knowledge, config, config.session_store(db.path))

    def with_fresh_database(self, today: Optional[date] = None, catalogue: Optional[Catalogue] = None) -> "HotelBot":
        """A bot sharing this one's loaded models, over a freshly seeded in-memory database
        (holding ``catalogue`` instead of the seeded one when given) and an empty in-memory
        session store: what each scripted dialogue runs against."""
        db = Database.create(":memory:", catalogue=catalogue)
        knowledge = self.actions["action_answer_faq"].services.knowledge.with_database(db)
        config = BotConfig(model_dir=self.config.model_dir, db_path=":memory:", today=today)
        understanding = self.understanding if catalogue is None else self.understanding.for_catalogue(*catalogue_names(db))
        return HotelBot(understanding, db, knowledge, config)

    # ------------------------------------------------------------------ public

    def handle(self, session_id: str, text: str, today: Optional[date] = None, address: Optional[str] = None) -> Turn:
        """One turn. ``today`` sets the session's clock (the Python API and tests only:
        channels never pass it). ``address``: the client's network address, when the
        channel knows it (failed look-ups are limited per address too). A turn that raises
        anywhere changes nothing in the session and answers with an apology whose error id
        is also in the trace and the log."""
        with self.sessions.locked(session_id) as session, serving(self.served_cities):
            stored = session.state
            if today is None:
                today = date.today() if self.config.today is None else stored.today if stored else self.config.today
            opening: list[Event] = [] if stored else [SessionStarted(session_id=session_id, today=today)]
            state = stored or new_session(opening[0])
            text = text if isinstance(text, str) else ""
            try:
                turn, events = self._turn(state, text, today, opening, address)
                # a message not read leaves the state as it was (a new session starts all the same)
                session.save(turn.state if events else state, TurnRecord.of(turn, opening + events))
            except Exception:
                error_id = secrets.token_hex(4)
                logger.exception("turn failed: error %s in session %s", error_id, session_id)
                before = self._state_before(session_id, opening)  # the turn worked on `state` in place
                words = for_language(language_of(text, before.language), before.script)
                return self._refusal(before, text, words.turn_failed(error_id), error_id=error_id)
            return turn

    def _state_before(self, session_id: str, opening: list[Event]) -> DialogueState:
        """The session as stored, for the apology of a failed turn (a new one as it began)."""
        try:
            stored = None if opening else self.sessions.load(session_id)
        except Exception:  # the store itself failed: the apology still goes out
            logger.exception("could not read session %s back after a failed turn", session_id)
            stored = None
        return stored or new_session(opening[0] if opening else SessionStarted(session_id=session_id, today=self._today()))

    def bookings(self, session_id: str) -> list[Booking]:
        state = self.sessions.load(session_id)
        return self.db.get_bookings(session_id, state.booking_refs) if state else []

    def state(self, session_id: str) -> DialogueState:
        return self.sessions.load(session_id) or DialogueState(session_id=session_id, today=self._today())

    def reset(self, session_id: str) -> None:
        with self.sessions.locked(session_id) as session:
            session.delete()

    # ----------------------------------------------------------------- a turn

    def _turn(self, state: DialogueState, text: str, today: date, opening: list[Event],
              address: Optional[str] = None) -> tuple[Turn, list[Event]]:
        """The turn and its events (``opening``, the session's start, comes before them); none when
        the message was not read (refused, a look-up while they are refused, an access code
        that opens nothing)."""
        clock = Stopwatch()
        message = text.strip()
        refusal = self._refusal_reply(message, state.language, state.script)
        if refusal:
            return self._refusal(state, text, refusal), []
        unserved = unserved_language(message)
        if unserved:
            return self._unserved(state, text, unserved), []
        with self.db.recording() as queries:
            reply = Reply()
            parsed = self._read(state, message, today, self._lookup_keys(state.session_id, address), reply, queries, clock)
            if isinstance(parsed, Turn):
                return parsed, []
            parsed = ground(parsed, state.offers, lambda: self._city_hotels(state))  # "the one near the Bund": a pick
            recorder = Recorder(state)  # the state loaded for this turn: changed in place (see handle)
            with clock.stage("tracking"):
                reply.diff = self.tracker.track(recorder, parsed, today)
            self._loop(recorder, parsed, reply, clock)
        turn = self._result(recorder.state, parsed, reply, list(queries), clock, opening + recorder.events)
        return turn, recorder.events

    def _read(self, state: DialogueState, message: str, today: date, keys: list[tuple[LookupLimiter, str]], reply: Reply,
              queries: list[DbQuery], clock: Stopwatch) -> ParsedMessage | Turn:
        """The message understood, and its access code (if any) tried on the booking it is for;
        or the turn that answers without reading it (a code without a booking, a wrong code,
        look-ups while they are refused)."""
        with clock.stage("understanding"):
            code, rest = access.find_code(message)
            parsed = self._parse(state, rest, today) if rest else None
        named = _named_refs(parsed) if parsed else []
        locked = self._locked_ref(state, named) if code else None
        if parsed is None:  # the message is an access code alone
            parsed = _code_alone(message) if locked else self._parse(state, message, today)
        words = for_language(language_of(message, state.language), state.script)
        if code and not locked and not named:
            return self._not_read(state, parsed, words.access_code_needs_ref(), "access_code",
                                  "an access code, but no booking reference to open", list(queries), clock)
        if (named or locked) and any(limiter.blocked(key) for limiter, key in keys):  # its own references too, or the refusal would tell
            return self._limited(state, parsed, list(queries), clock)
        if locked:
            if self.db.grant_access(state.session_id, locked, code) is None:
                self._record_failure(keys)  # an unknown reference or a wrong code: the same query, the same reply
                return self._not_read(state, parsed, words.access_denied(locked), "access_code",
                                      f"the access code does not open booking {locked}", list(queries), clock)
            parsed = _about_the_booking(parsed, state)
            reply.messages.append({"text": words.access_granted(locked)})
            reply.decisions.append(PolicyDecision(rule="access_code", action=None,
                                                  reason=f"the access code opened booking {locked} to this customer"))
        if named and len(self.db.get_bookings(state.session_id, named)) < len(named):
            self._record_failure(keys)  # unknown or someone else's: the same one query
        return parsed

    def _loop(self, recorder: Recorder, parsed: ParsedMessage, reply: Reply, clock: Stopwatch) -> None:
        """Rasa's loop: the policy picks the next plan, it runs and its events are applied,
        until the policy waits for the customer."""
        progress = Progress(stay_changed=any(change.slot in STAY_SLOTS for change in reply.diff))
        for _ in range(MAX_PLANS):
            with clock.stage("policy"):
                plan = self.policy.next(recorder.state, parsed, progress)
            if plan is None:
                return
            self._execute(plan, recorder, parsed, reply, clock)
        raise RuntimeError(f"the turn did not come to rest within {MAX_PLANS} plans")

    def _parse(self, state: DialogueState, message: str, today: date) -> ParsedMessage:
        context = dialogue_context(state.awaiting, state.confirming, bool(state.offers) and state.active_intent == "search_hotels")
        parsed = self.understanding.parse(message, today, _as_date(state.value("check_in")), context, len(state.offers),
                                          state.script, planning=state.active_intent == "plan_trip")
        return self._canonical_hotels(parsed)

    def _locked_ref(self, state: DialogueState, named: list[str]) -> Optional[str]:
        """The booking an access code is for: the first reference of the message, else the
        one the conversation is about, that the customer cannot reach yet; or None."""
        talked_about = state.value("booking_ref")
        candidates = named or ([str(talked_about)] if talked_about else [])
        reachable = {booking.ref for booking in self.db.get_bookings(state.session_id, candidates)}
        return next((ref for ref in candidates if ref not in reachable), None)

    def _lookup_keys(self, session_id: str, address: Optional[str]) -> list[tuple[LookupLimiter, str]]:
        """Whose failed look-ups a turn counts under: the customer's, and the client address's."""
        return [(self.lookups, session_id)] + ([(self.address_lookups, f"addr:{address}")] if address else [])

    @staticmethod
    def _record_failure(keys: list[tuple[LookupLimiter, str]]) -> None:
        for limiter, key in keys:
            limiter.record_failure(key)

    def _canonical_hotels(self, parsed: ParsedMessage) -> ParsedMessage:
        """A hotel read by its Chinese name becomes the hotel's canonical name, as the state keeps it."""
        for entity in parsed.entities:
            if entity.entity == "hotel" and entity.normalized in self.canonical_hotel:
                entity.normalized = self.canonical_hotel[entity.normalized]
        return parsed

    def _execute(self, plan: Plan, recorder: Recorder, parsed: ParsedMessage, reply: Reply, clock: Stopwatch) -> None:
        for event in plan.events:
            recorder.emit(event)
        done = []
        for step in plan.steps:
            if step.decision.action:
                with clock.stage("actions"):
                    self._run_action(step.decision.action, recorder, parsed, reply)
            elif step.needs_offers and not recorder.state.offers:  # the search found nothing and said so
                recorder.emit(QuestionAsked(awaiting=None))
                continue
            elif step.say:
                reply.messages.append({"text": step.say})
            done.append(step)
        for event in plan.closing:  # after the steps: the confirmed action still needs the quote
            recorder.emit(event)
        if plan.traced:
            reply.decisions += [step.decision for step in done]

    def _run_action(self, name: str, recorder: Recorder, parsed: ParsedMessage, reply: Reply) -> None:
        dispatcher = CollectingDispatcher()
        rasa_events = self.actions[name].run(dispatcher, to_tracker(recorder.state, parsed), {})
        events = apply_events(recorder, rasa_events, name)
        reply.messages.extend(dispatcher.messages)
        reply.runs.append(ActionRun(action=name, events=rasa_events,
                                    messages=[m["text"] for m in dispatcher.messages if m.get("text")]))
        reply.diff += [change for change in map(slot_change, events) if change is not None]

    def _result(self, state: DialogueState, parsed: ParsedMessage, reply: Reply, queries: list[DbQuery], clock: Stopwatch,
                events: list[Event]) -> Turn:
        messages = reply.messages
        cards = [HotelCard.model_validate(card) for m in messages for card in (m.get("custom") or {}).get("cards", [])]
        planned = next(((m.get("custom") or {}) for m in messages if (m.get("custom") or {}).get("plan")), {})
        entities = as_written(parsed)  # spans in the customer's own characters
        trace = TurnTrace(
            text=parsed.written or parsed.text, language=state.language, script=state.script, read_as=parsed.text if parsed.written else "",
            language_note=parsed.noise or parsed.read_note, context=parsed.context, intent_scores=parsed.intent_scores, intents=parsed.intents,
            low_confidence=parsed.low_confidence, entities=entities, state_diff=reply.diff, decisions=reply.decisions,
            actions=reply.runs, db_queries=queries, timings_ms=clock.millis, events=[event.model_dump(mode="json") for event in events],
            planning=PlanTrace.model_validate(planned["planning"]) if planned else None,
        )
        # every text the customer reads in the conversation's script: wording, and the policies the FAQ quotes
        text = in_script("\n\n".join(m["text"] for m in messages if m.get("text")), state.language, state.script)
        return Turn(
            session_id=state.session_id, reply=text, intents=parsed.intents, intent_scores=parsed.intent_scores, entities=entities,
            state=state, actions=[run.action for run in reply.runs], cards=cards, trace=trace,
            plan=TripPlan.model_validate(planned["plan"]) if planned else None,
        )

    def _limited(self, state: DialogueState, parsed: ParsedMessage, queries: list[DbQuery], clock: Stopwatch) -> Turn:
        """The reply to a look-up while they are refused."""
        minutes = round(self.lookups.window_seconds / 60)
        text = for_language(language_of(parsed.text, state.language), state.script).too_many_lookups(minutes)
        return self._not_read(state, parsed, text, "lookup_limit",
                              f"{self.lookups.max_failures} failed reference look-ups within {minutes} minutes", queries, clock)

    def _not_read(self, state: DialogueState, parsed: ParsedMessage, text: str, rule: str, reason: str,
                  queries: list[DbQuery], clock: Stopwatch) -> Turn:
        """A reply for which nothing else of the message is done: the state stays as it was."""
        decision = PolicyDecision(rule=rule, action=None, reason=reason)
        shown = state.model_copy(update={"language": language_of(parsed.text, state.language),  # the kept state is unchanged
                                         "script": parsed.script or state.script})
        return self._result(shown, parsed, Reply(messages=[{"text": text}], decisions=[decision]), queries, clock, [])

    def _refusal_reply(self, message: str, language: Language, script: Script) -> Optional[str]:
        """Why a message is not read at all (the state stays as it is), or None; in the
        message's language, or the conversation's for a message without letters."""
        words = for_language(language_of(message, language), script)
        if not message:
            return words.empty_message()
        if len(message) > self.config.max_message_chars:
            return words.too_long(self.config.max_message_chars)
        problem = inputs.problem(message)
        if problem == "surrogate":
            return words.unreadable_text()
        if problem == "control":
            return words.control_characters()
        return None

    def _unserved(self, state: DialogueState, text: str, unserved: Unserved) -> Turn:
        """A message in a language the bot does not serve: one answer in English and in Chinese
        (in the conversation's script) naming the languages it serves; nothing is done."""
        reply = "\n\n".join((for_language("en").language_not_served(), for_language("zh", state.script).language_not_served()))
        decision = PolicyDecision(rule="language_not_served", action=None, reason=f"the message is in {unserved.language}: {unserved.why}")
        return self._refusal(state, text, reply, decisions=[decision], note=unserved.why)

    def _refusal(self, state: DialogueState, text: str, reply: str, error_id: Optional[str] = None,
                 decisions: Sequence[PolicyDecision] = (), note: str = "") -> Turn:
        trace = TurnTrace(text=inputs.displayable(text[:200]), language=language_of(text, state.language), script=state.script,
                          language_note=note, intent_scores={}, intents=[], low_confidence=True, entities=[], state_diff=[],
                          decisions=list(decisions), actions=[], db_queries=[], timings_ms={}, error_id=error_id)
        return Turn(session_id=state.session_id, reply=reply, intents=[], intent_scores={}, entities=[],
                    state=state.model_copy(deep=True), actions=[], trace=trace)

    # ----------------------------------------------------------------- helpers

    def _today(self) -> date:
        return self.config.today or date.today()

    def _city_hotels(self, state: DialogueState) -> list[Hotel]:
        city = state.value("city")
        return self.db.hotels(str(city)) if city else []

    def _target_booking(self, state: DialogueState) -> Optional[Booking]:
        ref = self.policy.target_ref(state)
        return self.db.get_booking(state.session_id, ref) if ref else None


def _named_refs(parsed: ParsedMessage) -> list[str]:
    """The booking references a message names (each a look-up the customer asks for)."""
    return list(dict.fromkeys(str(e.normalized) for e in parsed.entities
                              if e.entity == "booking_ref" and e.normalized and e.role != "negated"))


def _about_the_booking(parsed: ParsedMessage, state: DialogueState) -> ParsedMessage:
    """A message that gives a booking's access code is about that booking: it keeps the
    booking tasks the model read in it; with none, it answers the change or cancel under
    way, or asks to see the booking. What the model made of the words around the code
    ("here is the code") is not a request of its own."""
    tasks = [intent for intent in parsed.intents if intent in BOOKING_TASKS]
    if not tasks:
        tasks = ["inform"] if state.active_intent in BOOKING_TASKS else ["check_booking"]
    return parsed.model_copy(update={"intents": tasks, "low_confidence": False})


def _code_alone(text: str) -> ParsedMessage:
    """A message that is nothing but an access code: no words for the model to read."""
    return ParsedMessage(text=text, intents=[], intent_scores={}, low_confidence=False, entities=[])


def _as_date(value: object) -> Optional[date]:
    return value if isinstance(value, date) else None
