"""Alembic environment (async). The URL comes from the app settings unless the caller set one."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import event
from sqlalchemy.engine import Connection

from bot.config import load_settings
from bot.db import models  # noqa: F401  (registers the tables)
from bot.db.base import Base, built_on
from bot.db.engine import make_engine

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or load_settings().database_url


def _configure(connection: Connection) -> None:
    applied = config.attributes.get("applied")  # a caller's list of the steps run (bot.db.migrate.upgrade)
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=built_on(connection.dialect.name),
        on_version_apply=(lambda *, step, **_: applied.append(step.up_revision_id))
        if applied is not None
        else None,
    )


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run_sync(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()
    if connection.dialect.name == "sqlite":  # what the rebuilt tables hold must still point somewhere
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"the migration left {len(broken)} rows pointing at rows that do not exist")


def _foreign_keys_off(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


async def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_sync(connection)
        return
    engine = make_engine(_url())
    if engine.dialect.name == "sqlite":
        # SQLite alters a table in batch mode by copying it, dropping the old one and renaming the copy; with
        # foreign keys on, dropping a table that other rows point at fails (or cascades). They are off while
        # migrating (set on connect: SQLite ignores the pragma inside a transaction) and checked after.
        event.listen(engine.sync_engine, "connect", _foreign_keys_off)
    try:
        async with engine.connect() as conn:
            await conn.run_sync(_run_sync)
            await conn.commit()
    finally:  # a migration that refuses (a downgrade that would lose data) leaves no connection behind
        await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
