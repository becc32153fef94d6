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
