"""SQLAlchemy's aiosqlite adapter with fewer trips to aiosqlite's thread per statement.

Every call into aiosqlite is a trip: the statement is queued for aiosqlite's thread, and the event loop is
woken through its self-pipe when the result is ready. SQLAlchemy's adapter makes four per statement that
returns rows (open a cursor, execute, fetch, close) and three per statement that does not. This one makes two
and one:

* the cursor is made by the statement itself (aiosqlite's `Connection.execute` creates and executes in one
  trip), not by a trip of its own before it;
* closing it is not a trip: a cursor whose rows were all fetched holds nothing in SQLite (the statement was
  reset when its last row was read, and it stays in the connection's statement cache), and Python frees it
  when the last reference goes.

Only aiosqlite's public API is used (`Connection.execute`/`executemany`, `Cursor.fetchall`, `description`,
`rowcount`, `lastrowid`); the classes extended are SQLAlchemy's own adapter for aiosqlite, given to
`create_async_engine` as its DBAPI module. See docs/decisions/0035-two-trips-per-statement-on-sqlite.md."""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT


class _Cursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]  # made by the statement that needs it
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()

    @property
    def description(self) -> Any:
        return self._cursor.description if self._cursor is not None else None

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            self._cursor = await self._connection.execute(operation, parameters)
            if self._cursor.description:
                self._rows = collections.deque(await self._cursor.fetchall())
            return self._cursor

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            self._cursor = await self._connection.executemany(operation, seq_of_parameters)
            return self._cursor

    async def _async_soft_close(self) -> None:
        return None  # nothing to close on aiosqlite's thread: the rows are already here

    def close(self) -> None:
        self._rows.clear()


class _Connection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = _Cursor


class _Module(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        return _Connection(self, adapted._connection)


def module() -> _Module:
    """What `create_async_engine(..., module=...)` takes for a SQLite URL."""
    return _Module(aiosqlite, sqlite3)
