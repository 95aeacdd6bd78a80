"""The backend is chosen by the target alone, and PostgreSQL's driver is loaded only for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.database import Database
from bot.database.sqlite import SqliteBackend
from tests.backends import Backend

REPO = Path(__file__).resolve().parents[3]


def test_a_sqlite_database_never_imports_psycopg(tmp_path: Path) -> None:
    script = (f"import sys; from bot.database import Database; "
              f"Database.open_default({str(tmp_path / 'h.sqlite')!r}).hotel_names(); "
              "print(sorted(name for name in sys.modules if name.startswith('psycopg')))")
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_target_chooses_the_backend(backend: Backend) -> None:
    with Database(backend.scratch) as db:
        assert (type(db._backend) is SqliteBackend) == (backend.scratch == ":memory:")
        assert db.path == backend.scratch
