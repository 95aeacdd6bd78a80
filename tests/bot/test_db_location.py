"""One database whatever the working directory: the app (BotConfig), `hotelbot chat` and
`hotelbot actions` default to the same absolute file, under HOTELBOT_HOME or the project root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]  # the directory holding pyproject.toml
# What each entry point opens when given no path: the app and the Python API through
# BotConfig, the command line through its --db defaults.
DEFAULTS = {
    "app": "from bot.agent import BotConfig; print(BotConfig().db_path)",
    "actions": "from bot.cli import build_parser; print(build_parser().parse_args(['actions']).db)",
    "chat": "from bot.cli import build_parser; print(build_parser().parse_args(['chat']).db)",
}


def run_in(directory: Path, code: str, home: Path | None = None, database_url: str | None = None) -> str:
    """Run ``code`` in a fresh interpreter started in ``directory``; its output, stripped."""
    env = {key: value for key, value in os.environ.items() if key not in ("HOTELBOT_HOME", "HOTELBOT_DATABASE_URL")}
    env["PYTHONPATH"] = str(PROJECT)
    if home is not None:
        env["HOTELBOT_HOME"] = str(home)
    if database_url is not None:
        env["HOTELBOT_DATABASE_URL"] = database_url
    done = subprocess.run([sys.executable, "-c", code], cwd=directory, env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout.strip()


@pytest.fixture
def elsewhere(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "one", tmp_path / "two" / "deeper"
    first.mkdir()
    second.mkdir(parents=True)
    return first, second


@pytest.mark.parametrize("entry", DEFAULTS)
def test_the_default_database_is_the_projects_from_any_directory(entry: str, elsewhere: tuple[Path, Path]) -> None:
    paths = {run_in(directory, DEFAULTS[entry]) for directory in (PROJECT, *elsewhere)}
    assert paths == {str(PROJECT / "var" / "hotelbot.sqlite")}


@pytest.mark.parametrize("entry", DEFAULTS)
def test_hotelbot_home_moves_it(entry: str, elsewhere: tuple[Path, Path], tmp_path: Path) -> None:
    home = tmp_path / "home"
    paths = {run_in(directory, DEFAULTS[entry], home) for directory in elsewhere}
    assert paths == {str(home / "var" / "hotelbot.sqlite")}


@pytest.mark.parametrize("entry", DEFAULTS)
def test_the_database_url_chooses_for_every_entry_point(entry: str, elsewhere: tuple[Path, Path]) -> None:
    url = "postgresql://hotelbot@/bookings?host=/run/hotelbot"
    assert run_in(elsewhere[0], DEFAULTS[entry], database_url=url) == url
    assert run_in(elsewhere[0], DEFAULTS[entry], database_url="sqlite:////srv/hotelbot.sqlite") == "/srv/hotelbot.sqlite"


def test_a_relative_hotelbot_home_is_made_absolute(elsewhere: tuple[Path, Path]) -> None:
    first, _ = elsewhere
    assert run_in(first, DEFAULTS["app"], Path("relative")) == str(first / "relative" / "var" / "hotelbot.sqlite")


def test_opening_the_default_from_two_directories_opens_one_file(elsewhere: tuple[Path, Path], tmp_path: Path) -> None:
    """The first start seeds the file and books; the second, from elsewhere, sees the booking."""
    home = tmp_path / "home"
    first, second = elsewhere
    book = ("from datetime import date; from bot.database import Database; db = Database.open_default(); "
            "print(db.create_booking('web-x', 1, date(2026, 12, 10), date(2026, 12, 12), 1).ref)")
    ref = run_in(first, book, home)
    count = run_in(second, f"from bot.database import Database; print(len(Database.open_default().get_bookings('web-x', ['{ref}'])))", home)
    assert count == "1"
    assert (home / "var" / "hotelbot.sqlite").is_file()
    assert not (first / "var").exists() and not (second / "var").exists()
