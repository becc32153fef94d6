"""Engine and session factory: SQLite (embedded default) with WAL and foreign keys, or PostgreSQL.

Statement parameters are hidden from errors and from SQLAlchemy's own logging: they are names, phones,
amounts and notes, and an error's text ends up in logs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.db.sqlite import inline_connector


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(database_url: str, **kwargs: object) -> AsyncEngine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            # SQLite takes one writer at a time anyway: one connection turns lock contention (busy-wait
            # retries, seconds of tail latency) into an orderly queue, at the same throughput.
            kwargs = {"pool_size": 1, "max_overflow": 0, **kwargs}
        if url.get_driver_name() == "aiosqlite":
            # Statements run on the event loop's thread: cheaper than aiosqlite's hand-off to its own.
            kwargs = {"async_creator": inline_connector(url.database or ":memory:"), **kwargs}
        engine = create_async_engine(url, hide_parameters=True, **kwargs)  # type: ignore[arg-type]
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)  # type: ignore[arg-type]


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
