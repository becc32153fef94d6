"""Engine and session factory: SQLite (embedded default) with WAL and foreign keys, or PostgreSQL.

On SQLite every transaction begins with `BEGIN IMMEDIATE`: it takes the write lock before its first statement,
so a turn that reads its chat's state and then writes can never find, half-way through, that another
connection wrote first (SQLite then fails at once, without waiting, to avoid a deadlock). Transactions queue
for the lock in SQLite's busy handler, on aiosqlite's thread, never on the event loop. A connection that only
reads for a long time (a large report) can ask for a plain deferred `BEGIN` with the execution option
`sqlite_begin="DEFERRED"`; work made of statements that each stand alone (the sender's claims and outcomes)
can ask for none (`"NONE"`): each statement is then its own transaction, and the BEGIN's trip is saved.
See docs/decisions/0017-sqlite-through-aiosqlites-public-api.md.

On PostgreSQL pooled connections are replaced after `POSTGRES_RECYCLE_SECONDS`; one that died in between (a
server restart, a killed backend) fails its first statement with a transient error, and the channel delivers
the update again (bot/db/errors.py). No ping before every checkout: it cost a fifth of the throughput.

A connection given back to the pool is rolled back only if a transaction is still open on it (on both
databases): after a commit, SQLAlchemy's default reset would add a rollback, one more trip each time.

Statement parameters are hidden from errors and from SQLAlchemy's own logging: they are names, phones,
amounts and notes, and an error's text ends up in logs."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.db import sqlite_driver

POSTGRES_RECYCLE_SECONDS = 30 * 60
_BEGIN = {"IMMEDIATE": "BEGIN IMMEDIATE", "DEFERRED": "BEGIN", "EXCLUSIVE": "BEGIN EXCLUSIVE", "NONE": None}


def _sqlite_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # The driver must not open transactions on its own: `_sqlite_begin` does, with the mode we choose.
    dbapi_connection.isolation_level = None
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
    except Exception:  # "file is not a database": the connection is nobody's, and its thread would outlive it
        dbapi_connection.close()
        raise


def _sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
    if (begin := _BEGIN[mode]) is not None:
        connection.exec_driver_sql(begin)


def _reset_if_in_transaction(dbapi_connection, record, state) -> None:  # type: ignore[no-untyped-def]
    """What a connection given back to the pool needs: a rollback only if a transaction is still open.
    SQLAlchemy's own reset rolls back every time, even right after a commit — one more trip to the
    database (to aiosqlite's thread on SQLite) for every transaction. The driver knows for free: sqlite3's
    `in_transaction`, asyncpg's `is_in_transaction()`."""
    if state.terminate_only or not state.asyncio_safe:
        return
    driver = record.driver_connection
    open_transaction = (
        driver.is_in_transaction() if hasattr(driver, "is_in_transaction") else driver.in_transaction
    )
    if open_transaction:
        dbapi_connection.rollback()


def make_engine(database_url: str, **kwargs: object) -> AsyncEngine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            if not url.query.get("uri"):  # a file: URI is SQLite's to read
                make_private(Path(url.database))
            # Every transaction takes the write lock first, so more connections would only wait in SQLite's
            # busy handler (sleeping up to 100 ms a try); one turns that into an orderly asyncio queue.
            kwargs = {"pool_size": 1, "max_overflow": 0, **kwargs}
        if url.get_driver_name() == "aiosqlite":
            kwargs = {"module": sqlite_driver.module(), **kwargs}
        engine = create_async_engine(url, hide_parameters=True, pool_reset_on_return=None, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    else:
        kwargs = {"pool_recycle": POSTGRES_RECYCLE_SECONDS, **kwargs}
        engine = create_async_engine(url, hide_parameters=True, pool_reset_on_return=None, **kwargs)
    event.listen(engine.sync_engine.pool, "reset", _reset_if_in_transaction)
    return engine


def make_private(database: Path) -> None:
    """A database not made yet is made empty, readable and writable by this user alone, as its backups are
    (`db backup`): SQLite would make it with the umask's 0644, the staff's names, phones and gifts readable by
    every account on the server; its -wal and -shm files take the database's mode (decision 0354). An existing
    file is left as the operator made it; a folder this user cannot write in is for SQLite to say."""
    with contextlib.suppress(OSError):
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
