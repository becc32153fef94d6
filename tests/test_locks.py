"""Named locks across processes (bot/db/locks.py): on a SQLite file, in memory and on PostgreSQL.

That a holder killed with SIGKILL loses its lock is proved by the staff import tests, which kill an import
midway and run it again (tests/test_org_import.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import make_engine, make_sessionmaker
from bot.db.locks import LockBusy, exclusive


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
    import asyncio
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
            finally:
                os.kill(backend, signal.SIGCONT)
    finally:
        await engine.dispose()
