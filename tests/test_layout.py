"""The shape the design depends on: flows never import a messenger SDK, admin commands never load one."""

from __future__ import annotations

import ast

from bot.config import PROJECT_ROOT

MESSENGER_MODULES = ("aiogram", "httpx", "telegram", "aiohttp", "bot.channels")


def test_flows_in_handlers_import_no_messenger_sdk_or_channel() -> None:
    offenders = []
    for path in sorted((PROJECT_ROOT / "handlers").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(MESSENGER_MODULES)]
    assert offenders == []


def test_no_module_keeps_ambient_state_in_context_variables() -> None:
    """The language of a text is passed explicitly (bot.i18n.translate, turn.t): a context variable set in one
    place and read in another is what this guards against."""
    offenders = []
    for folder in ("bot", "handlers"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [f"{path.relative_to(PROJECT_ROOT)}: {n}" for n in names if n == "contextvars"]
    assert offenders == []


def test_no_module_of_the_bot_imports_the_tests() -> None:
    """Test doubles live in tests/support, for tests and bench/ only: the bot never runs with them."""
    offenders = []
    for folder in ("bot", "handlers"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [
                    f"{path.relative_to(PROJECT_ROOT)}: {n}" for n in names if n.split(".")[0] == "tests"
                ]
    assert offenders == []
