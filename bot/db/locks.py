"""Named locks that one process at a time can hold: `exclusive(engine, name)`.

Some jobs must never run twice at once for the same thing: a staff import into one organisation now, the
scheduler's leader or the outbox sender later. `exclusive` takes the named lock without waiting. Inside the
block the caller is its only holder among all processes using the same database; when someone else holds it,
`LockBusy` is raised at once, so the caller can say so instead of queueing behind a job that may take minutes.
The lock is released when the block ends, and also when the process dies (killed, crashed, power lost on a
client machine): nothing is left to clean up by hand.

How, per database:

- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a connection of its own, held for the
  whole block. The key is the first 8 bytes of the BLAKE2b hash of "chungtay:<name>". The block's end unlocks
  explicitly; should that fail (a broken or cancelled connection), the connection is discarded rather than
  returned to the pool, so a lock can never linger in a pooled connection. If the process dies, the server
  ends its session and the lock with it.
- SQLite in a file: an exclusive `flock` on `<database file>.<name>.lock`, next to the database. The kernel
  releases it when the descriptor is closed, which happens when the process dies. The empty file stays
  (removing it would race with the next holder). Every call opens its own descriptor, so two holders in one
  process exclude each other as two processes do. POSIX only, as the servers are.
- SQLite in memory: the database exists in this process only, and so does the lock (a set of held names).

Not reentrant: asking again for a lock the same task holds fails like any other second holder.

A PostgreSQL lock can be lost while its holder lives: the database restarted, the lock's connection killed
(`pg_terminate_backend`) or cut by the network ends the session and the lock with it, and another process may
take it. The block gets a `Held`; `await held.check()` asks the lock's connection (one `SELECT 1`) and says
False once the lock is gone: the holder must then stop what only the holder may do (decision 0595). A
connection that stops answering without being reset (packets dropped by a network cut, a frozen host) would
hold `check()` until TCP gives up, a quarter of an hour: it is said lost after CHECK_TIMEOUT seconds, since
the lock cannot then be shown held (the connection is discarded at the block's end, which frees it on the
server if it still stood); one check at a time asks the connection, which serves one query at a time
(decision 0612). A file or in-memory lock cannot be lost while its process lives.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

_TRY_LOCK = text("SELECT pg_try_advisory_lock(:key)")
_UNLOCK = text("SELECT pg_advisory_unlock(:key)")
_ALIVE = text("SELECT 1")
CHECK_TIMEOUT = 5.0  # seconds a lock's connection has to answer `check()`; a healthy one takes milliseconds
_in_memory: set[tuple[int, str]] = set()


class LockBusy(Exception):
    """Someone else holds the lock."""

    def __init__(self, name: str) -> None:
        super().__init__(f"lock {name!r} is held by another process or task")
        self.name = name


class Held:
    """A lock held by the block: `check()` says whether it still is (see the module's docstring)."""

    def __init__(self, connection: AsyncConnection | None = None, timeout: float = CHECK_TIMEOUT) -> None:
        self._connection = connection
        self._timeout = timeout
        self._asking = asyncio.Lock()
        self.lost = False

    async def check(self) -> bool:
        async with self._asking:
            if self._connection is not None and not self.lost:
                try:
                    async with asyncio.timeout(self._timeout):
                        await self._connection.scalar(_ALIVE)
                except Exception:  # the session is gone, and its advisory lock with it; or no answer
                    self.lost = True
        return not self.lost


@asynccontextmanager
async def exclusive(bind: AsyncEngine | async_sessionmaker[AsyncSession], name: str) -> AsyncIterator[Held]:
    """Hold the lock `name` for the block, or raise LockBusy at once if it is taken."""
    engine = bind.kw["bind"] if isinstance(bind, async_sessionmaker) else bind
    dialect = engine.dialect.name
    if dialect == "postgresql":
        locked = _advisory_lock(engine, name)
    elif dialect == "sqlite":
        database = engine.url.database
        if database and database != ":memory:" and not database.startswith("file::memory:"):
            locked = _file_lock(Path(f"{os.path.abspath(database)}.{name}.lock"), name)
        else:
            locked = _memory_lock((id(engine.sync_engine), name), name)
    else:
        raise NotImplementedError(f"no named locks on {dialect}")
    async with locked as held:
        yield held


def advisory_key(name: str) -> int:
    """The signed 64-bit key PostgreSQL's advisory locks take, derived from the lock's name."""
    digest = hashlib.blake2b(f"chungtay:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@asynccontextmanager
async def _advisory_lock(engine: AsyncEngine, name: str) -> AsyncIterator[Held]:
    key = advisory_key(name)
    connection = await engine.connect()
    released = False
    try:
        # Autocommit: the lock belongs to the session, so no transaction needs to stay open beside it.
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        if not await connection.scalar(_TRY_LOCK, {"key": key}):
            released = True  # nothing held
            raise LockBusy(name)
        held = Held(connection)
        try:
            yield held
        finally:
            if not held.lost:  # a lost lock is someone else's now, or no one's: nothing to unlock
                released = bool(await connection.scalar(_UNLOCK, {"key": key}))
    finally:
        if not released:
            await connection.invalidate()
        await connection.close()


@asynccontextmanager
async def _file_lock(path: Path, name: str) -> AsyncIterator[Held]:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockBusy(name) from None
        yield Held()
    finally:
        os.close(descriptor)  # releases the flock


@asynccontextmanager
async def _memory_lock(key: tuple[int, str], name: str) -> AsyncIterator[Held]:
    if key in _in_memory:
        raise LockBusy(name)
    _in_memory.add(key)
    try:
        yield Held()
    finally:
        _in_memory.discard(key)
