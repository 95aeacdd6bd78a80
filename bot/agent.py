"""HotelBot: the one place where the pipeline stages are wired together.

text -> understanding -> tracking -> (validate_booking_form) -> policy -> actions -> Turn

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
from typing import Iterator, Optional

from rasa_sdk.executor import CollectingDispatcher

from bot import inputs
from bot.actions import Services, build_actions
from bot.database import Database
from bot.database.paths import database_target, redis_url
from bot.knowledge import KnowledgeBase
from bot.limits import LookupLimiter
from bot.models import (ActionRun, Booking, DbQuery, DialogueState, HotelCard, ParsedMessage, PolicyDecision, SlotChange,
                        Turn, TurnTrace)
from bot.policy import Plan, Policy
from bot.rasa_bridge import apply_events, to_tracker
from bot.sessions import DEFAULT_IDLE_SECONDS, DEFAULT_LEASE_SECONDS, SessionStore, TurnRecord, open_session_store
from bot.tracking import STAY_SLOTS, StateTracker
from bot.understanding.context import dialogue_context
from bot.understanding.nlu_model import OnnxEmbedder
from bot.understanding.understand import Understanding
from bot.wording import for_language, language_of
from training.config import DEFAULT_MODEL_DIR

logger = logging.getLogger(__name__)
VALIDATED_FLOWS = ("book_hotel", "search_hotels", "change_booking")


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


class HotelBot:
    def __init__(self, understanding: Understanding, db: Database, knowledge: KnowledgeBase, config: BotConfig,
                 sessions: Optional[SessionStore] = None):
        self.understanding = understanding
        self.db = db
        self.config = config
        self.tracker = StateTracker(hotel_city=self._hotel_city, target_booking=self._target_booking)
        # the understanding reads Chinese hotel names too; the state holds the canonical (English) one
        self.canonical_hotel = {hotel.name_zh: hotel.name for hotel in db.hotels() if hotel.name_zh}
        self.policy = Policy(db)
        self.actions = build_actions(Services(db=db, knowledge=knowledge))
        self.sessions = sessions or config.session_store(":memory:")
        self.lookups = LookupLimiter(self.sessions)  # failed booking-reference look-ups, per customer identity

    @classmethod
    def load(cls, today: Optional[date] = None, model_dir: Optional[Path] = None, db_path: str | Path | None = None) -> "HotelBot":
        config = BotConfig(today=today)
        if model_dir is not None:
            config.model_dir = Path(model_dir)
        if db_path is not None:
            config.db_path = db_path
        db = Database.create(":memory:") if str(config.db_path) == ":memory:" else Database.open_default(config.db_path)
        understanding = Understanding.load(config.model_dir, db.hotel_names() + [hotel.name_zh for hotel in db.hotels()])
        knowledge = KnowledgeBase(db, OnnxEmbedder(config.model_dir))
        return cls(understanding, db, knowledge, config, config.session_store(db.path))

    def with_fresh_database(self, today: Optional[date] = None) -> "HotelBot":
        """A bot sharing this one's loaded models, over a freshly seeded in-memory
        database and an empty in-memory session store: what each scripted dialogue runs against."""
        db = Database.create(":memory:")
        knowledge = self.actions["action_answer_faq"].services.knowledge.with_database(db)
        config = BotConfig(model_dir=self.config.model_dir, db_path=":memory:", today=today)
        return HotelBot(self.understanding, db, knowledge, config)

    # ------------------------------------------------------------------ public

    def handle(self, session_id: str, text: str, today: Optional[date] = None) -> Turn:
        """One turn. ``today`` sets the session's clock (the Python API and tests only:
        channels never pass it). A turn that raises anywhere changes nothing in the
        session and answers with an apology whose error id is also in the trace and the log."""
        with self.sessions.locked(session_id) as session:
            state = session.state or DialogueState(session_id=session_id, today=self._today())
            if today is not None:
                state.today = today
            elif self.config.today is None:
                state.today = date.today()
            text = text if isinstance(text, str) else ""
            try:
                turn, new_state = self._turn(state, text)
                session.save(new_state, TurnRecord.of(turn))
            except Exception:
                error_id = secrets.token_hex(4)
                logger.exception("turn failed: error %s in session %s", error_id, session_id)
                words = for_language(language_of(text, state.language))
                return self._refusal(state, text, words.turn_failed(error_id), error_id=error_id)
            return turn

    def bookings(self, session_id: str) -> list[Booking]:
        state = self.sessions.load(session_id)
        return self.db.get_bookings(session_id, state.booking_refs) if state else []

    def state(self, session_id: str) -> DialogueState:
        return self.sessions.load(session_id) or DialogueState(session_id=session_id, today=self._today())

    def reset(self, session_id: str) -> None:
        with self.sessions.locked(session_id) as session:
            session.delete()

    # ----------------------------------------------------------------- a turn

    def _turn(self, state: DialogueState, text: str) -> tuple[Turn, DialogueState]:
        clock = Stopwatch()
        message = text.strip()
        refusal = self._refusal_reply(message, state.language)
        if refusal:
            return self._refusal(state, text, refusal), state
        with self.db.recording() as queries:
            with clock.stage("understanding"):
                context = dialogue_context(state.awaiting, state.confirming, bool(state.offers) and state.active_intent == "search_hotels")
                parsed = self.understanding.parse(message, state.today, _as_date(state.value("check_in")), context)
                parsed = self._canonical_hotels(parsed)
            named = _named_refs(parsed)
            if named and self.lookups.blocked(state.session_id):  # its own references too, or the refusal would tell
                return self._limited(state, parsed, list(queries), clock), state
            if named and len(self.db.get_bookings(state.session_id, named)) < len(named):
                self.lookups.record_failure(state.session_id)  # unknown or someone else's: the same one query
            with clock.stage("tracking"):
                new_state, diff = self.tracker.update(state, parsed)
                if new_state.active_intent in ("change_booking", "cancel_booking"):
                    new_state.target_ref = self.policy.target_ref(new_state) or new_state.target_ref
                    if new_state.target_ref and new_state.target_ref not in new_state.booking_refs:
                        new_state.booking_refs.append(new_state.target_ref)  # the customer referred to it
            runs: list[ActionRun] = []
            messages: list[dict] = []
            stay_changed = any(change.slot in STAY_SLOTS for change in diff)
            if new_state.active_intent in VALIDATED_FLOWS and (stay_changed or new_state.turn == new_state.flow_started_turn):
                with clock.stage("actions"):
                    diff += self._run_action("validate_booking_form", new_state, parsed, runs, messages)
            with clock.stage("policy"):
                plan = self.policy.plan(new_state, parsed)
            decisions = self._execute(plan, new_state, parsed, runs, messages, diff, clock)
            if plan.finished_flow and new_state.pending_intents:
                new_state.active_intent = new_state.pending_intents.pop(0)
                new_state.flow_started_turn = new_state.turn
                with clock.stage("policy"):
                    follow_up = self.policy.next_task(new_state)
                decisions += self._execute(follow_up, new_state, parsed, runs, messages, diff, clock)
        return self._result(new_state, parsed, messages, runs, decisions, diff, list(queries), clock), new_state

    def _canonical_hotels(self, parsed: ParsedMessage) -> ParsedMessage:
        """A hotel read by its Chinese name becomes the hotel's canonical name, as the state keeps it."""
        for entity in parsed.entities:
            if entity.entity == "hotel" and entity.normalized in self.canonical_hotel:
                entity.normalized = self.canonical_hotel[entity.normalized]
        return parsed

    def _execute(self, plan: Plan, state: DialogueState, parsed: ParsedMessage, runs: list[ActionRun],
                 messages: list[dict], diff: list[SlotChange], clock: Stopwatch) -> list:
        state.awaiting, state.confirming, state.target_ref = plan.awaiting, plan.confirming, plan.target_ref
        for step in plan.steps:
            if step.decision.action:
                with clock.stage("actions"):
                    diff += self._run_action(step.decision.action, state, parsed, runs, messages)
            elif step.say:
                messages.append({"text": step.say})
        if plan.finished_flow:  # after the steps: the confirmed action still needs the quote
            state.active_intent, state.quote, state.confirming = None, None, None
        return [step.decision for step in plan.steps]

    def _run_action(self, name: str, state: DialogueState, parsed: ParsedMessage, runs: list[ActionRun],
                    messages: list[dict]) -> list[SlotChange]:
        dispatcher = CollectingDispatcher()
        events = self.actions[name].run(dispatcher, to_tracker(state, parsed), {})
        changes = apply_events(state, events, name)
        messages.extend(dispatcher.messages)
        runs.append(ActionRun(action=name, events=events, messages=[m["text"] for m in dispatcher.messages if m.get("text")]))
        return changes

    def _result(self, state: DialogueState, parsed: ParsedMessage, messages: list[dict], runs: list[ActionRun],
                decisions: list, diff: list[SlotChange], queries: list[DbQuery], clock: Stopwatch) -> Turn:
        cards = [HotelCard.model_validate(card) for m in messages for card in (m.get("custom") or {}).get("cards", [])]
        trace = TurnTrace(
            text=parsed.text, language=state.language, context=parsed.context, intent_scores=parsed.intent_scores, intents=parsed.intents, low_confidence=parsed.low_confidence,
            entities=parsed.entities, state_diff=diff, decisions=decisions, actions=runs, db_queries=queries,
            timings_ms=clock.millis,
        )
        return Turn(
            session_id=state.session_id, reply="\n\n".join(m["text"] for m in messages if m.get("text")),
            intents=parsed.intents, intent_scores=parsed.intent_scores, entities=parsed.entities,
            state=state.model_copy(deep=True), actions=[run.action for run in runs], cards=cards, trace=trace,
        )

    def _limited(self, state: DialogueState, parsed: ParsedMessage, queries: list[DbQuery], clock: Stopwatch) -> Turn:
        """The reply to a look-up while they are refused: nothing else of the message is done,
        and the state stays as it was."""
        minutes = round(self.lookups.window_seconds / 60)
        decision = PolicyDecision(rule="lookup_limit", action=None,
                                  reason=f"{self.lookups.max_failures} failed reference look-ups within {minutes} minutes")
        shown = state.model_copy(update={"language": language_of(parsed.text, state.language)})  # the kept state is unchanged
        text = for_language(shown.language).too_many_lookups(minutes)
        return self._result(shown, parsed, [{"text": text}], [], [decision], [], queries, clock)

    def _refusal_reply(self, message: str, language: str) -> Optional[str]:
        """Why a message is not read at all (the state stays as it is), or None; in the
        message's language, or the conversation's for a message without letters."""
        words = for_language(language_of(message, language))
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

    def _refusal(self, state: DialogueState, text: str, reply: str, error_id: Optional[str] = None) -> Turn:
        trace = TurnTrace(text=inputs.displayable(text[:200]), language=language_of(text, state.language), intent_scores={},
                          intents=[], low_confidence=True, entities=[], state_diff=[], decisions=[], actions=[],
                          db_queries=[], timings_ms={}, error_id=error_id)
        return Turn(session_id=state.session_id, reply=reply, intents=[], intent_scores={}, entities=[],
                    state=state.model_copy(deep=True), actions=[], trace=trace)

    # ----------------------------------------------------------------- helpers

    def _today(self) -> date:
        return self.config.today or date.today()

    def _hotel_city(self, name: str) -> Optional[str]:
        hotel = self.db.hotel_by_name(name)
        return hotel.city if hotel else None

    def _target_booking(self, state: DialogueState) -> Optional[Booking]:
        ref = self.policy.target_ref(state)
        return self.db.get_booking(state.session_id, ref) if ref else None


def _named_refs(parsed: ParsedMessage) -> list[str]:
    """The booking references a message names (each a look-up the customer asks for)."""
    return list(dict.fromkeys(str(e.normalized) for e in parsed.entities
                              if e.entity == "booking_ref" and e.normalized and e.role != "negated"))


def _as_date(value: object) -> Optional[date]:
    return value if isinstance(value, date) else None
