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
  explicitly, within CHECK_TIMEOUT as `check()` is (decision 2783); should that fail (a broken, cancelled or
  unanswering connection), the connection is discarded rather than returned to the pool, so a lock can never
  linger in a pooled connection, and its session is remembered as a lost one (below). If the process dies,
  the server ends its session and the lock with it.
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

A lost connection's session may outlive it on the server: a network cut that drops packets leaves the server
waiting on it, the lock held, until its keepalive gives up (two hours by default on Linux); a session frozen
holds it until it runs again. Every process then found the lock busy and stood by behind a holder that would
do nothing. So the process remembers its lost session (server process id and start), and when it finds the
lock busy and that session still holds it, ends it (`pg_terminate_backend`, waiting up to END_LOST_WAIT) and
takes the lock at once; when it cannot be ended yet (a frozen server process ends when it runs again),
`LockBusy.lost_here` says the holder is this process's own lost session, not a leader to stand behind
(decision 0616); ended, but the lock taken by another process before this one asked again, it is a leader's,
stood behind (decision 0641). PgBouncer must not sit between: a pooled server session is no one process's.
Asked only on PostgreSQL, when the lock is busy after a loss. Taking the lock is bounded by
CHECK_TIMEOUT too: a pooled connection the cut left dead is discarded (TimeoutError), not waited on.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

# The lock, and who asks (server process id and start): what a lost session is known by (decision 0616).
_TRY_LOCK = text(
    "SELECT pg_try_advisory_lock(:key), pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()"
)
_UNLOCK = text("SELECT pg_advisory_unlock(:key)")
_ALIVE = text("SELECT 1")
# The lost session, if it still holds an advisory lock, ended (PostgreSQL 14: waiting up to :wait ms for it).
_END_LOST = text(
    "SELECT pg_terminate_backend(a.pid, :wait) FROM pg_stat_activity a"
    " WHERE a.pid = :pid AND a.backend_start = :started AND EXISTS ("
    "SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)"
)
CHECK_TIMEOUT = 5.0  # seconds a lock's connection has to answer `check()`; a healthy one takes milliseconds
END_LOST_WAIT = 2.0  # seconds the server is given to end a lost session of ours that still holds the lock
_in_memory: set[tuple[int, str]] = set()
_lost: dict[tuple[int, str], tuple[int, object]] = {}  # (engine, name) → the lost session (pid, start)
log = logging.getLogger(__name__)
_T = TypeVar("_T")


class LockBusy(Exception):
    """Someone else holds the lock. `lost_here`: the holder is this process's own lost session (decision
    0616), which could not be ended yet: nobody leads, whatever the lock says."""

    def __init__(self, name: str, *, lost_here: bool = False) -> None:
        super().__init__(f"lock {name!r} is held by another process or task")
        self.name = name
        self.lost_here = lost_here


class Held:
    """A lock held by the block: `check()` says whether it still is (see the module's docstring)."""

    def __init__(self, connection: AsyncConnection | None = None) -> None:
        self._connection = connection
        self._asking = asyncio.Lock()
        self.lost = False

    @property
    def may_be_lost(self) -> bool:
        """Whether the lock can be lost while its holder lives (PostgreSQL's): then whoever held it before
        may still be at work, not dead (decision 1320)."""
        return self._connection is not None

    async def check(self) -> bool:
        async with self._asking:
            if self._connection is not None and not self.lost:
                try:
                    await _bounded(self._connection, lambda: self._connection.scalar(_ALIVE))
                except Exception:  # the session is gone, and its advisory lock with it; or no answer
                    self.lost = True
        return not self.lost


async def _bounded(connection: AsyncConnection, asking: Callable[[], Awaitable[_T]]) -> _T:
    """What `asking` on the lock's own connection answers within CHECK_TIMEOUT; else TimeoutError, the
    connection aborted at once. Cancelled by a timeout instead, SQLAlchemy discarded it politely, waiting
    two seconds more for a goodbye that a connection cut without a reset never answers (decision 2707)."""
    driver = (await connection.get_raw_connection()).driver_connection
    answer = asyncio.ensure_future(asking())  # asked only once the connection is there: never left unawaited
    try:
        done, _ = await asyncio.wait({answer}, timeout=CHECK_TIMEOUT)
        if not done:
            driver.terminate()  # the call fails at once (its connection gone), and is discarded
            await asyncio.wait({answer}, timeout=CHECK_TIMEOUT)
            raise TimeoutError(f"no answer within {CHECK_TIMEOUT} s")
        return answer.result()
    finally:
        if not answer.done():
            answer.cancel()
            await asyncio.gather(answer, return_exceptions=True)
        elif not answer.cancelled():
            answer.exception()  # read, so that a failure after the abort is not said unread


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
    ours = id(engine.sync_engine), name
    connection = await engine.connect()
    released = False
    try:
        # Autocommit: the lock belongs to the session, so no transaction needs to stay open beside it.
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        # Bounded as `check()` is: a pooled connection a cut left dead would hold this until TCP gives up; it
        # is discarded instead (below) and the TimeoutError tells the caller to try again (decision 0616).
        got, pid, started, lost_here = await _bounded(connection, lambda: _take(connection, key, ours, name))
        if not got:
            released = True  # nothing held
            raise LockBusy(name, lost_here=lost_here)
        _lost.pop(ours, None)
        held = Held(connection)
        try:
            yield held
        finally:
            if held.lost:  # someone else's now, or no one's; its session may live on, holding it: remembered
                _lost[ours] = pid, started
            else:
                try:
                    # Bounded as `check()` is: a connection cut without a reset after the last check that
                    # passed would hold the block's end until TCP gives up; aborted instead (decision 2783).
                    released = bool(
                        await _bounded(connection, lambda: connection.scalar(_UNLOCK, {"key": key}))
                    )
                except Exception as problem:
                    # Its connection was cut unnoticed: discarded below. Its session may live on on the
                    # server, holding the lock: remembered, to be ended as a lost one is (0616). Raised, this
                    # error took the place of what ended the block: a sender cancelled as it stopped took it
                    # for a failure and stood by again instead of ending (decision 1530).
                    _lost[ours] = pid, started
                    log.info(
                        "lock %r: not unlocked (%s); its connection is discarded",
                        name,
                        type(problem).__name__,
                    )
    finally:
        if not released:
            await connection.invalidate()
        await connection.close()


async def _take(
    connection: AsyncConnection, key: int, ours: tuple[int, str], name: str
) -> tuple[bool, int, object, bool]:
    """Whether the lock was taken, by which server session (process id and start), and whether it is held
    by this process's own lost session that could not be ended yet."""
    got, pid, started = (await connection.execute(_TRY_LOCK, {"key": key})).one()
    ended = await _end_lost(connection, ours, name) if not got and ours in _lost else None
    # Not ended yet (frozen): nobody leads. Ended: the lock is this process's again, unless another took it
    # as the session ended (a leader then, to stand behind; decision 0641).
    if ended:
        got = (await connection.execute(_TRY_LOCK, {"key": key})).one()[0]
    return bool(got), pid, started, ended is False


async def _end_lost(connection: AsyncConnection, ours: tuple[int, str], name: str) -> bool | None:
    """End this process's lost session of the lock `ours` if it still holds an advisory lock: True when it
    ended, False when asked but not ended within END_LOST_WAIT (frozen, it ends when it runs again), None
    when it was gone already (whoever holds the lock now is a real holder)."""
    pid, started = _lost[ours]
    ended = await connection.scalar(
        _END_LOST, {"pid": pid, "started": started, "wait": int(END_LOST_WAIT * 1000)}
    )
    if ended is None:  # gone by itself: whoever holds the lock now is a real holder
        _lost.pop(ours, None)
        return None
    log.warning(
        "lock %r: still held by this process's lost database session (server process %s); %s",
        name,
        pid,
        "ended it" if ended else "asked it to end; it has not yet (frozen?), so nobody holds the lead",
    )
    if ended:  # nothing of ours left to end, whoever takes the lock next
        _lost.pop(ours, None)
    return bool(ended)


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
