"""How often a function of ours is called during a turn: the real function, each call's arguments kept.

Where a fault was work that grew with a message's length (decision 0321), a test counts the readings rather
than timing them: the count is the same on any machine, and a time belongs to a benchmark."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event


def counted(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[tuple[Any, ...]]:
    """Wrap `module.name` so each call is kept (its arguments) and answered by the function itself."""
    real: Callable[..., Any] = getattr(module, name)
    calls: list[tuple[Any, ...]] = []

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapped)
    return calls


def statements_like(app: Any, part: str) -> list[str]:
    """The statements the app's engine runs from now on that hold `part`: one kind of read, counted."""
    seen: list[str] = []

    def keep(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if part in statement:
            seen.append(statement)

    event.listen(app.db.sync_engine, "before_cursor_execute", keep)
    return seen
