"""What the README promises a newcomer and can be checked cheaply: the commands docs/commands.md lists (the
README's guide to the shell, decision 1970) are the commands `chungtay` has (none missing, none stale, no
option it does not take), the settings of the README's table are the settings the bot reads, and its links
and the guides' land on a file."""

from __future__ import annotations

import argparse
import re

import pytest

from bot.cli import _parser
from bot.config import PROJECT_ROOT, Settings

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = (PROJECT_ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
GUIDES = sorted((PROJECT_ROOT / "docs").glob("*.md"))


def _section(title: str, text: str = README) -> str:
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    children = _subcommands(parser)
    if not children:
        return {path}
    return set().union(*(_leaves(child, (*path, name)) for name, child in children.items()))


def _listed_commands() -> list[tuple[tuple[str, ...], set[str], str]]:
    """Each `chungtay …` line of the command list (with its continuation lines): the commands it
    names (`set-webhook | delete-webhook | info` names three), the options it writes, and the line itself."""
    section = _section("Every command", COMMANDS)
    block = section[section.index("```sh") + 5 :]
    block = block[: block.index("```")]
    lines: list[str] = []
    for line in block.splitlines():
        code = line.split("  #")[0].rstrip()
        if code.startswith("chungtay "):
            lines.append(code)
        elif code.strip():
            lines[-1] += " " + code.strip()
    parser = _parser()
    found = []
    for line in lines:
        words = line.replace(" | ", "|").split()[1:]
        paths: list[tuple[tuple[str, ...], argparse.ArgumentParser]] = [((), parser)]
        for word in words:
            children = _subcommands(paths[0][1])
            names = word.split("|")
            if not children or not all(name in children for name in names):
                break
            paths = [((*paths[0][0], name), children[name]) for name in names]
        options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", line))
        found += [(path, options, line) for path, _ in paths]
    return found


def _options(path: tuple[str, ...]) -> set[str]:
    parser = _parser()
    for name in path:
        parser = _subcommands(parser)[name]
    return {option for action in parser._actions for option in action.option_strings}


def test_the_command_list_names_every_command_and_no_other() -> None:
    listed = {path for path, _, _ in _listed_commands()}
    commands = _leaves(_parser())
    assert sorted(commands - listed) == [], "commands docs/commands.md does not list"
    assert sorted(listed - commands) == [], "lines of docs/commands.md that are no command"


def test_every_option_the_readme_writes_is_one_the_command_takes() -> None:
    wrong = [
        f"{' '.join(path)}: {sorted(options - _options(path))}"
        for path, options, _ in _listed_commands()
        if options - _options(path)
    ]
    assert wrong == []


def _table_variables() -> set[str]:
    rows = [line for line in _section("Configuration").splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_the_configuration_table_names_every_setting_and_no_other() -> None:
    settings = {name.upper() for name in Settings.model_fields}
    table = _table_variables()
    assert sorted(settings - table) == [], "settings the README's table does not name"
    assert sorted(table - settings) == [], "variables in the README's table the bot does not read"


@pytest.mark.parametrize("path", [PROJECT_ROOT / "README.md", *GUIDES], ids=lambda path: path.name)
def test_every_link_lands_on_a_file(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    targets += re.findall(r"(?<![\w/])(docs/decisions/\d{4})(?!\d)", text)
    missing = []
    for target in targets:
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        if re.fullmatch(r"docs/decisions/\d{4}", target):
            if not list((PROJECT_ROOT / "docs" / "decisions").glob(f"{target[-4:]}-*.md")):
                missing.append(target)
        elif not (path.parent / target).exists():
            missing.append(target)
    assert missing == []


@pytest.mark.parametrize("path", sorted((PROJECT_ROOT / "docs").glob("guide-*.md")), ids=lambda p: p.name)
def test_each_guide_begins_with_what_its_readers_can_do(path) -> None:  # type: ignore[no-untyped-def]
    """The README promises it: the guide's first section, after its title and a few lines at most, says in
    short what the role lets its reader do; how to type, a commune's words, the shell's set-up come after."""
    text = path.read_text(encoding="utf-8")
    assert 0 < text.find("\n## What you can do, in short\n") < 600
