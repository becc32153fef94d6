"""Databases seeded once per test process and copied for each test that starts from them (decision 0207).

A module whose tests all start from the same data (an organisation with its people, gifts, drives) writes it
in a coroutine given a session in a transaction, a *seed*. Seeding it again for every test on SQLite and on
PostgreSQL was a fifth of those tests' time; instead the first test to need it seeds a copy of the migrated
template (a SQLite file, or a PostgreSQL database), and every test then gets a copy of that: the file copied,
or `CREATE DATABASE … TEMPLATE …` (as the migrated template itself, decisions 0092 and 0120). The seed's
return value is kept with its template: its rows have the same ids in every copy, and the test reads them
back from its own (tests/support/orgs.py's `read_back`)."""

from __future__ import annotations

import asyncio
import shutil
import uuid
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker, create_async_engine

from bot.db.engine import make_engine, make_sessionmaker

Seed = Callable[[AsyncSession], Awaitable[Any]]


async def _seed_at(url: str, seed: Seed) -> Any:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            return await seed(session)
    finally:
        await engine.dispose()  # no connection left: the file may be copied, the database used as a template


async def admin(server: str, *statements: str) -> None:
    """Run `statements` on the server's `postgres` database, outside a transaction (CREATE/DROP DATABASE)."""
    engine = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def _copy(connection: AsyncConnection, name: str, template: str) -> None:
    """Database `name`, a copy of `template`. From PostgreSQL 15 on, its files are copied (`STRATEGY
    FILE_COPY`): on the tests' server (fsync off) that takes half the time of the default, which writes the
    copy through the write-ahead log, and the copy is dropped in a third of the time (decision 0216)."""
    file_copy = " STRATEGY FILE_COPY" if (connection.dialect.server_version_info or (0,)) >= (15,) else ""
    await connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{file_copy}'))


async def copy_database(server: str, name: str, template: str, *, anew: bool = False) -> None:
    """Database `name` on `server`, a copy of the database `template` (`anew`: one of that name dropped
    first)."""
    engine = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            if anew:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await _copy(connection, name, template)
    finally:
        await engine.dispose()


@asynccontextmanager
async def copy_of(server: str, template: str) -> AsyncIterator[str]:
    """A new database on `server`, a copy of the database `template`, dropped after the block: its URL."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    engine = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await _copy(conn, name, template)
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
        async with engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await engine.dispose()


class Templates:
    """One test process's seeded templates, by seed and kind of database, with what each seed returned."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sqlite: dict[Seed, tuple[Path, Any]] = {}
        self.postgres: dict[Seed, tuple[str, Any]] = {}

    async def sqlite_copy(self, seed: Seed, migrated: Path, path: Path) -> Any:
        """`path` becomes a copy of the SQLite file `seed` was run on (once, on a copy of `migrated`); what
        the seed returned."""
        if seed not in self.sqlite:
            template = self.folder / f"seeded-{len(self.sqlite)}.db"
            shutil.copy(migrated, template)
            self.sqlite[seed] = template, await _seed_at(f"sqlite+aiosqlite:///{template}", seed)
        template, value = self.sqlite[seed]
        shutil.copy(template, path)
        return value

    async def postgres_template(self, seed: Seed, server: str, migrated: str) -> tuple[str, Any]:
        """The PostgreSQL database `seed` was run on (once, on a copy of the database `migrated`), to copy
        with `CREATE DATABASE … TEMPLATE`; what the seed returned."""
        if seed not in self.postgres:
            # Named after the seed, and made anew, as the migrated template is (tests/postgres.py).
            name = f"chungtay_seeded_{zlib.crc32(f'{seed.__module__}.{seed.__qualname__}'.encode()):08x}"
            await copy_database(server, name, migrated, anew=True)
            url = make_url(server).set(database=name).render_as_string(hide_password=False)
            self.postgres[seed] = name, await _seed_at(url, seed)
        return self.postgres[seed]


class Revisions:
    """Databases migrated to an older revision, kept by one test process for the migration tests that start
    there (decision 2004): each is a copy of the nearest older one kept, migrated on from it, so a process
    runs each migration once instead of once for every such test. Keyed by the SQLite file's folder or the
    PostgreSQL server's URL, and the revision."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.kept: dict[tuple[str, str], str] = {}  # (where, revision) → a SQLite file, or a database's name

    async def upgrade(self, url: str, revision: str) -> None:
        """The new, empty database at `url` made a copy of one migrated to `revision` (as `alembic upgrade
        revision` on it would leave it): the file copied, or the database made anew from a template."""
        parsed = make_url(url)
        postgres = parsed.get_backend_name() == "postgresql"
        where = (
            parsed.set(database="postgres").render_as_string(hide_password=False) if postgres else "sqlite"
        )
        if (where, revision) not in self.kept:
            await self._keep(url, where, revision)
        source = self.kept[where, revision]
        if postgres:
            await copy_database(where, parsed.database or "", source, anew=True)
        else:
            shutil.copy(source, parsed.database or "")

    async def _keep(self, url: str, where: str, revision: str) -> None:
        from bot.db.migrate import upgrade_async

        older = [
            kept for at, kept in self.kept if at == where and kept < revision
        ]  # revisions sort as numbers
        start = self.kept[where, max(older)] if older else None
        name = f"chungtay_at_{revision}"
        if where == "sqlite":
            path = self.folder / f"{name}.db"
            path.unlink(missing_ok=True)
            if start is not None:
                shutil.copy(start, path)
            await upgrade_async(f"sqlite+aiosqlite:///{path}", revision)
            self.kept[where, revision] = str(path)
            return
        if start is not None:
            await copy_database(where, name, start, anew=True)
        else:
            await admin(where, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        await upgrade_async(
            make_url(where).set(database=name).render_as_string(hide_password=False), revision
        )
        self.kept[where, revision] = name


def written_once(
    kept: dict[Path, Path],
    migrated: Path,
    folder_of: Callable[[str], Path],
    name: str,
    write: Callable[[async_sessionmaker[AsyncSession], Path], Awaitable[None]],
) -> Path:
    """A SQLite file `write` filled once a test process, from a copy of `migrated`, in a folder of its own
    (`folder_of(name)`, the session's `tmp_path_factory.mktemp`): a module's `database_file`, which
    tests/conftest.py's `db_path` copies for each test (decision 2880). `kept` is the module's own."""
    if migrated not in kept:
        folder = folder_of(name)
        path = folder / "seeded.db"
        shutil.copy(migrated, path)

        async def fill() -> None:
            engine = make_engine(f"sqlite+aiosqlite:///{path}")
            try:
                await write(make_sessionmaker(engine), folder)
            finally:
                await engine.dispose()  # no connection left: the file is whole, to be copied

        asyncio.run(fill())
        kept[migrated] = path
    return kept[migrated]
