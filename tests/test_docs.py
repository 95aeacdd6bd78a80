"""The README cannot rot: every command and flag it shows exists, every figure of its results
table has the command that reproduces it, and no tracked file tells the story of its making."""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

import pytest

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAX_README_LINES = 300
MAX_DOC_LINES = 420
# Words that tell of the project's own making: a numbered stretch of work, or the current one
# named as such (a customer's chat is a conversation in these files, so no word has to stand for both)
STORY = re.compile(r"\bsessions? \d+|\bthis (?:period|session|round of work)\b|\bwork periods?\b", re.I)


def _code_lines() -> list[str]:
    """Lines of the README's fenced code blocks and inline code, joined over backslash breaks."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", README, re.S)
    lines = [line for block in blocks for line in block.replace("\\\n", " ").splitlines()]
    return lines + re.findall(r"`([^`\n]+)`", README)


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _hotelbot_commands() -> list[list[str]]:
    found = []
    for line in _code_lines():
        for match in re.finditer(r"(?:^|[\s/|(])hotelbot ([a-z][a-z-]*)((?: [^|`#>;&]*)?)", line):
            found.append([match.group(1), *match.group(2).split()])
    return found


def test_the_readme_opens_with_the_two_commands_and_is_short() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block and README.index(first_block.group(0)) < 40
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands[:2] == ["make run", "make test"]
    assert len(README.splitlines()) <= MAX_README_LINES


def test_every_hotelbot_command_and_flag_in_the_readme_exists() -> None:
    subcommands = _subcommands()
    shown = _hotelbot_commands()
    assert len(shown) >= 10, shown
    for name, *words in shown:
        assert name in subcommands, f"`hotelbot {name}` is not a command of hotelbot --help"
        flags = _flags(subcommands[name])
        for word in words:
            flag = word.strip("[]").split("=")[0]
            if flag.startswith("--"):
                assert flag in flags, f"`hotelbot {name} {flag}` is not in `hotelbot {name} --help`"


def _flags(parser: argparse.ArgumentParser) -> set[str]:
    """A command's flags, with those of its own subcommands (`hotelbot catalogue import --db`)."""
    flags = {flag for action in parser._actions for flag in action.option_strings}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            flags |= {flag for sub in action.choices.values() for flag in _flags(sub)}
    return flags


def test_every_make_target_in_the_readme_exists() -> None:
    targets = {match for line in _code_lines() for match in re.findall(r"\bmake ([a-z][a-z-]*)", line)}
    assert {"run", "test"} <= targets
    for target in targets:
        result = subprocess.run(["make", "-n", "-C", str(ROOT), target], capture_output=True, text=True)
        assert result.returncode == 0, f"`make {target}`: {result.stderr}"


def test_every_figure_of_the_results_table_has_its_command() -> None:
    section = README.split("## How good it is now", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|") and not line.startswith("|---")][1:]
    assert len(rows) >= 8
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 3 and re.search(r"\d", cells[1]), row
        assert re.fullmatch(r"`hotelbot [a-z]+[^`]*`", cells[2]), f"no command beside {cells[0]!r}"
    subcommands = _subcommands()
    assert all(re.search(r"`hotelbot ([a-z]+)", row).group(1) in subcommands for row in rows)


@pytest.mark.parametrize("name", ["design.md", "evaluation.md", "operations.md", "catalogue.md", "planning.md"])
def test_the_documents_exist_are_linked_and_are_not_too_long(name: str) -> None:
    path = ROOT / "docs" / name
    assert f"docs/{name}" in README
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_DOC_LINES


def test_no_tracked_file_tells_the_story_of_its_making() -> None:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    told = []
    for name in files:
        path = ROOT / name
        if path.suffix in (".png", ".onnx") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        told += [f"{name}:{number}: {line.strip()}" for number, line in enumerate(text.splitlines(), 1)
                 if STORY.search(line) and path.name != "test_docs.py"]
    assert not told, "\n".join(told[:20])
