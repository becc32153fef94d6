"""A long read run on a connection of its own while the session's connection goes on with other statements.

The weekly digests' pass over the year's ledger is one grouped aggregate that keeps the database busy for as
long as all their other reads together. On PostgreSQL it can run in another server process at the same time
(docs/decisions/0098), but only where that other connection sees what the session's would: the session's
transaction has written nothing yet (under READ COMMITTED every statement reads what was committed when it
began, on any connection), and the pool has a connection to spare (never waiting on one while holding
another). Otherwise, and always on SQLite, the statement runs on the session's connection when its rows are
asked for: the same rows, one after the other.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Executable, Row, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.pool import QueuePool

Rows = Sequence[Row[Any]]

_NOTHING_WRITTEN = text("SELECT pg_current_xact_id_if_assigned() IS NULL")


async def _apart_possible(connection: AsyncConnection) -> bool:
    if connection.dialect.name != "postgresql":
        return False
    pool = connection.engine.sync_engine.pool
    if not isinstance(pool, QueuePool) or pool.checkedout() >= pool.size():
        return False
    return bool(await connection.scalar(_NOTHING_WRITTEN))


async def _read_apart(engine: AsyncEngine, statement: Executable, values: Mapping[str, Any] | None) -> Rows:
    async with engine.connect() as connection:
        return (await connection.execute(statement, values)).all()


@asynccontextmanager
async def read_alongside(
    session: AsyncSession, statement: Executable, values: Mapping[str, Any] | None = None
) -> AsyncIterator[Callable[[], Awaitable[Rows]]]:
    """Start reading `statement` (with its bound `values`) beside the session where it can be (see above);
    yields a function giving its rows. Leaving the block ends an unfinished read (its connection goes back to
    the pool)."""
    await session.flush()  # what the session holds is written first, so a written row keeps the read here
    connection = await session.connection()
    if not await _apart_possible(connection):

        async def here() -> Rows:
            return (await connection.execute(statement, values)).all()

        yield here
        return
    task = asyncio.create_task(_read_apart(connection.engine, statement, values))

    async def apart() -> Rows:
        return await task

    try:
        yield apart
    finally:
        task.cancel()  # a no-op once the rows were read
        await asyncio.gather(task, return_exceptions=True)
