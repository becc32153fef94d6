"""The PostgreSQL databases a bench runs on: made afresh on a server given (`--postgres-url`), or on one
started for the run from the installed binaries by tests/postgres.py's `scratch_server` (durability off,
removed afterwards)."""

from __future__ import annotations

from contextlib import ExitStack

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from tests.postgres import _asyncpg_url, _find_bin_dir, scratch_server


def postgres_server(stack: ExitStack, postgres_url: str | None) -> str:
    """The server's address: `postgres_url` as given, else a throw-away server kept until `stack` closes."""
    if postgres_url:
        return _asyncpg_url(postgres_url)
    bin_dir = _find_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL binaries not found: pass --postgres-url")
    return stack.enter_context(scratch_server(bin_dir, prefix="chungtay-bench-pg-"))


async def fresh_database(server: str, name: str) -> str:
    """Database `name` on `server`, dropped if it was there and made again empty; its address."""
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)
