"""The PostgreSQL databases a bench runs on: made afresh on a server given (`--postgres-url`), or on one
started for the run from the installed binaries by tests/postgres.py's `scratch_server` (durability off,
removed afterwards)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

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


class Databases:
    """A bench's databases by name: a SQLite file in `scratch`, or a database made afresh on the PostgreSQL
    server (`postgres_server`, started on the first one asked for and kept until `stack` closes)."""

    def __init__(self, stack: ExitStack, scratch: str | Path, postgres_url: str | None) -> None:
        self.stack, self.scratch, self.postgres_url = stack, Path(scratch), postgres_url
        self.server: str | None = None

    async def url(self, database: str, name: str) -> str:
        if database == "sqlite":
            return f"sqlite+aiosqlite:///{self.scratch / name}.db"
        if self.server is None:
            self.server = postgres_server(self.stack, self.postgres_url)
        return await fresh_database(self.server, f"bench_{name}")
