"""100,000 distinct senders leave the process's memory where it was: the sessions are in
the store's file, the process keeps no object per sender.

The turns take the cheapest path that still creates a session: an empty message, which
the bot refuses without reading it and saves as the session's state all the same.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

from bot.agent import BotConfig, HotelBot
from bot.database import Database

SENDERS = 100_000
WARM_UP = 2_000


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def test_a_hundred_thousand_senders_leave_memory_bounded(template_bot: HotelBot, tmp_path: Path) -> None:
    db = Database.create(":memory:")
    knowledge = template_bot.actions["action_answer_faq"].services.knowledge.with_database(db)
    config = BotConfig(model_dir=template_bot.config.model_dir, db_path=":memory:", today=template_bot.config.today)
    bot = HotelBot(template_bot.understanding, db, knowledge, config, config.session_store(str(tmp_path / "sessions.sqlite")))
    for number in range(WARM_UP):  # the store's caches and the allocator settle
        bot.handle(f"sender-{number}", "")
    gc.collect()
    objects, rss = len(gc.get_objects()), rss_mb()
    started = time.perf_counter()
    for number in range(WARM_UP, SENDERS):
        bot.handle(f"sender-{number}", "")
    seconds = time.perf_counter() - started
    gc.collect()
    grown_objects, grown_rss = len(gc.get_objects()) - objects, rss_mb() - rss
    print(f"\n{SENDERS:,} senders: RSS {rss:.0f} MB after {WARM_UP:,}, {rss + grown_rss:.0f} MB after {SENDERS:,} "
          f"({grown_rss:+.1f} MB), {grown_objects:+,} tracked objects, {(SENDERS - WARM_UP) / seconds:,.0f} turns/s")
    assert bot.sessions.count() == SENDERS  # every sender has a session, in the file
    assert grown_objects < 1_000  # one per sender would be 98,000
    assert grown_rss < 20  # a DialogueState and a lock per sender held ~1 KB each: 100+ MB
