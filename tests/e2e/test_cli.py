"""End-to-end: the `hotelbot` console script as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


REPO = Path(__file__).resolve().parents[2]
HOTELBOT = [sys.executable, "-m", "bot.cli"]


def run(*args: str, stdin: str | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*HOTELBOT, *args], input=stdin, capture_output=True, text=True, cwd=REPO, timeout=timeout)


def test_chat_plays_the_switch_before_the_answer(model_dir: Path) -> None:
    result = run("chat", "--today", "2026-12-01", "--db", ":memory:",
                 stdin="I want to book a hotel in Shanghai on the 10th\noh wait, show me hotels for the 11th instead\n\n")
    assert result.returncode == 0, result.stderr
    replies = [line for line in result.stdout.splitlines() if line.startswith("bot>")]
    assert len(replies) >= 2
    assert "Fri 11 Dec" in result.stdout and "check_in=2026-12-11" in result.stdout


def test_test_command_reports_each_dialogue_and_a_summary(model_dir: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("name: greeting\ntoday: 2026-12-01\nturns:\n  - user: hello there\n    expect: {intents: [greet]}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: wrong expectation\ntoday: 2026-12-01\nturns:\n  - user: hello there\n    expect: {intents: [goodbye]}\n")
    result = run("test", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "1 passed, 1 failed"
    assert any(line.startswith("FAIL wrong expectation") for line in lines)
    assert any("expected ['goodbye'], got ['greet']" in line for line in lines)


def test_test_command_rejects_a_non_string_user_line(model_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "yes.yaml").write_text("name: unquoted yes\ntoday: 2026-12-01\nturns:\n  - user: yes\n")
    result = run("test", str(tmp_path))
    assert result.returncode == 1
    assert "must be a string" in result.stdout and "quote it" in result.stdout


def test_evaluate_json_has_the_spec_keys(model_dir: Path) -> None:
    result = run("evaluate", "--data", str(REPO / "tests" / "fixtures" / "nlu_tiny.jsonl"), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {"intent_exact_match", "slot_f1", "overall_accuracy", "per_intent", "latency_ms"} <= set(payload)
