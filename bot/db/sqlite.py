"""SQLite connections whose statements run on the event loop's own thread.

aiosqlite hands every call (execute, fetch, commit) to a worker thread and wakes the event loop when it is
done. On a local SQLite file a statement takes tens of microseconds, far less than that hand-off: one
conversation turn made about 25 of them, and they cost more than the SQL itself. `InlineConnection` keeps
aiosqlite's interface, which SQLAlchemy's `sqlite+aiosqlite` dialect drives, but runs each call directly.
Opening and closing still go through aiosqlite's thread. See docs/decisions/0008-sqlite-on-the-event-loop.md.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import aiosqlite


class InlineConnection(aiosqlite.Connection):
    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def inline_connector(database: str) -> Callable[[], InlineConnection]:
    """An `async_creator` for `create_async_engine`: each call opens one connection to `database`."""

    def connect() -> InlineConnection:
        connection = InlineConnection(
            lambda: sqlite3.connect(database, check_same_thread=False), iter_chunk_size=64
        )
        connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite: never hold up interpreter exit
        return connection

    return connect
