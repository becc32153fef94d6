"""Named locks across processes (bot/db/locks.py): on a SQLite file, in memory and on PostgreSQL.

That a holder killed with SIGKILL loses its lock is proved by the staff import tests, which kill an import
midway and run it again (tests/test_org_import.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import locks
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.locks import LockBusy, advisory_key, exclusive


@pytest.fixture(autouse=True)
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock's bounds in seconds, shortened for these tests (a cut or frozen connection waits them out in
    full, five times in this file; the dead connection is then aborted at once, not closed politely, 2707):
    a healthy answer still takes milliseconds, and a lost session is still ended within the check's bound
    (the server took 0.2 s to end one on a loaded machine), as with the bounds the bot runs with (2700)."""
    monkeypatch.setattr(locks, "CHECK_TIMEOUT", 1.0)
    monkeypatch.setattr(locks, "END_LOST_WAIT", 0.5)


@pytest.fixture(params=["sqlite-file", "sqlite-memory", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite-file":
        return f"sqlite+aiosqlite:///{tmp_path / 'chungtay.db'}"
    if request.param == "sqlite-memory":
        return "sqlite+aiosqlite://"
    return str(request.getfixturevalue("fresh_postgres_url"))


@pytest.fixture
async def engine(url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(url)
    yield engine
    await engine.dispose()


async def test_a_second_holder_is_refused_at_once_until_the_first_lets_go(engine: AsyncEngine) -> None:
    async with exclusive(engine, "import-1"):
        with pytest.raises(LockBusy, match="import-1"):
            async with exclusive(make_sessionmaker(engine), "import-1"):
                pass
        async with exclusive(engine, "import-2"):  # another name, another lock
            pass

    async with exclusive(engine, "import-1"):
        pass


async def test_a_holder_that_fails_lets_go(engine: AsyncEngine) -> None:
    with pytest.raises(ZeroDivisionError):
        async with exclusive(engine, "import-1"):
            1 / 0  # noqa: B018

    async with exclusive(engine, "import-1"):
        pass


async def test_on_sqlite_the_lock_is_a_file_next_to_the_database(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'chungtay.db'}")
    try:
        async with exclusive(engine, "import-7"):
            assert (tmp_path / "chungtay.db.import-7.lock").exists()
    finally:
        await engine.dispose()


async def test_on_postgresql_no_advisory_lock_stays_with_a_pooled_connection(fresh_postgres_url: str) -> None:
    engine = make_engine(fresh_postgres_url)
    try:
        async with exclusive(engine, "import-1"):
            pass
        async with engine.connect() as connection:
            held = await connection.scalar(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
        assert held == 0
    finally:
        await engine.dispose()


async def test_a_lock_connection_that_hangs_is_said_lost_without_waiting_for_tcp(
    fresh_postgres_url: str,
) -> None:
    """The lock's connection stops answering without being reset (a network cut that drops packets, a
    database host frozen): `check()` waited for TCP to give up, a quarter of an hour, and the sender and
    the scheduler, which ask it before each round, stood still meanwhile (decision 0612). It now says the
    lock lost after CHECK_TIMEOUT, and the holder stands by."""
    import os
    import signal

    engine = make_engine(fresh_postgres_url)
    try:
        async with exclusive(engine, "sending") as held:
            async with engine.connect() as connection:  # the lock's own server process, frozen
                backend = int(
                    await connection.scalar(text("SELECT pid FROM pg_locks WHERE locktype = 'advisory'"))
                )
            os.kill(backend, signal.SIGSTOP)
            try:
                assert await asyncio.wait_for(held.check(), 60) is False
            except BaseException:
                os.kill(backend, signal.SIGCONT)
                raise
        # The frozen session still holds the lock on the server: this process is told so, not that another
        # leads (it stands behind no one: decision 0616); once the session runs again, it leads again.
        try:
            with pytest.raises(LockBusy) as busy:
                async with exclusive(engine, "sending"):
                    pass
            assert busy.value.lost_here is True
        finally:
            os.kill(backend, signal.SIGCONT)
        async with exclusive(engine, "sending") as again:
            assert await again.check() is True
    finally:
        await engine.dispose()


class _Cut:
    """A TCP relay to the database whose `cut()` stops carrying what the connections open then send, both
    ends left open: a network cut that drops packets. The server keeps such a session, and its locks, until
    its keepalive gives up (two hours by default on Linux); connections opened after the cut get through."""

    def __init__(self, host: str, port: int) -> None:
        self.target = host, port
        self.cut_ones: set[int] = set()
        self.open: list[tuple[int, asyncio.StreamWriter, asyncio.StreamWriter]] = []
        self._number = 0

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    def cut(self) -> None:
        self.cut_ones.update(number for number, _, _ in self.open)

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._number += 1
        number = self._number
        upstream_reader, upstream = await asyncio.open_connection(*self.target)
        self.open.append((number, writer, upstream))

        async def carry(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            while chunk := await source.read(65536):
                if number in self.cut_ones:
                    continue  # dropped, and the other end is not told
                sink.write(chunk)
                await sink.drain()
            if number not in self.cut_ones:
                sink.close()  # one end closed: so is the other

        await asyncio.gather(carry(reader, upstream), carry(upstream_reader, writer), return_exceptions=True)

    async def close(self) -> None:
        self.server.close()
        for _, writer, upstream in self.open:
            writer.close()
            upstream.close()


async def test_a_lock_lost_to_a_network_cut_is_taken_again_by_its_process_not_left_to_the_lost_session(
    fresh_postgres_url: str,
) -> None:
    """The lock's connection is cut by the network without a reset: `check()` says it lost after
    CHECK_TIMEOUT, and the holder stands by (decision 0612). But the server still had the lost session, and
    the lock with it, until its keepalive gave up: this process and any other found the lock busy, and both
    said they stood by behind a leader that did not exist, nobody sending. Taking it again now ends the lost
    session first (0616)."""
    from sqlalchemy.engine import make_url

    url = make_url(fresh_postgres_url)
    cut = _Cut(url.host or "127.0.0.1", url.port or 5432)
    engine = make_engine(url.set(host="127.0.0.1", port=await cut.start()).render_as_string(False))
    other = make_engine(fresh_postgres_url)  # another process, straight to the server
    try:
        async with exclusive(engine, "sending") as held:
            cut.cut()
            assert await held.check() is False
        with pytest.raises(LockBusy):  # the lost session still holds it on the server
            async with exclusive(other, "sending"):
                pass
        # This process's own lost session holds it: ended, and the lock taken again at once.
        async with asyncio.timeout(30):  # the test's own bound, not the lock's: TCP's would be minutes
            async with exclusive(engine, "sending") as again:
                assert await again.check() is True
                with pytest.raises(LockBusy):
                    async with exclusive(other, "sending"):
                        pass
                # cut after the last check that passed: the block's end unlocks on a connection that never
                # answers, aborted at the lock's bound, its session, still holding it, remembered (2783)
                cut.cut()
        async with exclusive(engine, "sending") as third:
            assert await third.check() is True
    finally:
        await engine.dispose()
        await other.dispose()
        await cut.close()


async def test_a_lock_another_process_took_as_the_lost_session_ended_is_stood_behind_not_failed(
    fresh_postgres_url: str,
) -> None:
    """The process ends its lost session (decision 0616) and, in that moment, another process takes the lock
    (a waiter is granted it as the session ends): a healthy leader. The first must stand behind it, not say
    `lost_here` (nobody leads: `failing`), nor end the new leader's session (decision 0641)."""
    from sqlalchemy.engine import make_url

    url = make_url(fresh_postgres_url)
    cut = _Cut(url.host or "127.0.0.1", url.port or 5432)
    engine = make_engine(url.set(host="127.0.0.1", port=await cut.start()).render_as_string(False))
    other = make_engine(fresh_postgres_url)  # another process, straight to the server
    try:
        async with exclusive(engine, "sending") as held:
            cut.cut()
            assert await held.check() is False
        async with other.connect() as waiter, other.connect() as watch:
            await waiter.execution_options(isolation_level="AUTOCOMMIT")
            waiting = asyncio.create_task(
                waiter.scalar(text("SELECT pg_advisory_lock(:key)"), {"key": advisory_key("sending")})
            )
            for _ask in range(1000):  # until the server shows it waiting behind the lost session
                queued = await watch.scalar(
                    text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                )
                await watch.rollback()
                if queued:
                    break
            else:
                raise AssertionError("the other process never waited on the lock")
            with pytest.raises(LockBusy) as busy:
                async with exclusive(engine, "sending"):
                    pass
            await waiting
            assert busy.value.lost_here is False  # a leader holds it: stand by behind it
            alive = await waiter.scalar(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND pid = pg_backend_pid()"
                )
            )
            assert alive == 1  # the new leader's session kept its lock
    finally:
        await engine.dispose()
        await other.dispose()
        await cut.close()


async def test_a_pooled_connection_the_cut_left_dead_does_not_hold_up_taking_the_lock_again(
    fresh_postgres_url: str,
) -> None:
    """After the cut, the process's pool still had a connection the cut left dead (its reminders' scan had
    used it): taking the lock again asked on it and waited for TCP to give up, the scheduler `failing` and
    never back. Now a lock not answered within CHECK_TIMEOUT fails, that connection is discarded, and the
    next try takes the lock (decision 0616)."""
    from sqlalchemy.engine import make_url

    url = make_url(fresh_postgres_url)
    cut = _Cut(url.host or "127.0.0.1", url.port or 5432)
    engine = make_engine(url.set(host="127.0.0.1", port=await cut.start()).render_as_string(False))
    try:
        async with exclusive(engine, "scheduler") as held:
            async with engine.connect() as used:  # a job's connection, back in the pool afterwards
                await used.scalar(text("SELECT 1"))
            cut.cut()
            assert await held.check() is False
        for _try in range(3):
            try:
                async with asyncio.timeout(30) as bound:  # the test's own bound, not the lock's
                    async with exclusive(engine, "scheduler") as again:
                        assert await again.check() is True
                break
            except TimeoutError:
                assert not bound.expired(), "taking the lock waited on the dead connection"
        else:
            raise AssertionError("the lock was never taken again")
    finally:
        await engine.dispose()
        await cut.close()
