"""Pytest plugin: a real, throw-away PostgreSQL server for the tests.

Production runs on PostgreSQL while the tests default to SQLite, and the two disagree on things that matter
(BIGINT vs INTEGER ids, timestamptz, JSON, transactional DDL). So the tests that must hold on both start a
real server from the installed binaries: one per test session (a start takes about a second), with an empty
database per test.

Register it in tests/conftest.py with ``pytest_plugins = ["tests.postgres"]``.

Fixtures:
  postgres_url        (session)  asyncpg URL of the server's ``postgres`` database.
  fresh_postgres_url  (function) asyncpg URL of a new, empty database on that server, dropped afterwards.
  migrated_postgres_url (function) the same, already migrated to the latest schema: a copy of a database
                      migrated once per session (CREATE DATABASE … TEMPLATE), much faster than migrating.

Set CHUNGTAY_TEST_POSTGRES_URL to an existing server's URL to use it instead of starting one (its user must
be allowed to CREATE DATABASE). Without that variable and without the binaries the tests are skipped,
with the reason shown in the ``-ra`` summary.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support.templates import copy_of

ENV_VAR = "CHUNGTAY_TEST_POSTGRES_URL"
PG_USER = "postgres"


def _find_bin_dir() -> Path | None:
    """The directory holding initdb and pg_ctl: PATH first, then Debian/Ubuntu's versioned directories."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):  # newest version first
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


def _free_port() -> int:
    """Ask the kernel for an unused port; the tiny race until postgres binds it is acceptable in tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_pg_user(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root, so as root run them as the `postgres` system user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", PG_USER, "--", *cmd]
    return cmd


def _run(cmd: list[str]) -> None:
    """Run a command, turning a failure into an error that shows the command's own output."""
    result = subprocess.run(_as_pg_user(cmd), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def _asyncpg_url(url: str) -> str:
    """Accept a plain postgresql:// URL in the environment variable; the app itself speaks asyncpg."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server for the whole session: the one in CHUNGTAY_TEST_POSTGRES_URL, or a fresh one."""
    if os.environ.get(ENV_VAR):
        yield _asyncpg_url(os.environ[ENV_VAR])
        return
    bin_dir = _find_bin_dir()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL binaries not found: no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin "
            f"(install PostgreSQL or set {ENV_VAR})"
        )

    with scratch_server(bin_dir) as url:
        yield url


@contextmanager
def scratch_server(bin_dir: Path, *, prefix: str = "chungtay-pg-") -> Iterator[str]:
    """Start a throw-away server from the binaries in `bin_dir` on a free port of 127.0.0.1; its asyncpg URL
    for the block; stopped and removed afterwards. (The tests' session server, and bench/telegram.py's.)"""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    data_dir, sock_dir, log_file = root / "data", root / "sock", root / "server.log"
    data_dir.mkdir(mode=0o700)
    sock_dir.mkdir()
    if os.geteuid() == 0:  # the server, running as `postgres`, must own its data, socket and log
        for path in (root, data_dir, sock_dir):
            shutil.chown(path, PG_USER, PG_USER)
    pg_ctl = str(bin_dir / "pg_ctl")
    port = _free_port()
    started = False
    try:
        init_flags = ["-A", "trust", "-U", PG_USER, "-E", "UTF8", "--no-sync", "--no-instructions"]
        _run([str(bin_dir / "initdb"), "-D", str(data_dir), *init_flags])
        # Durability is pointless for a scratch server and costs seconds. The session time zone is Vietnam's
        # on purpose: datetimes must still come back as UTC, whatever the server's zone.
        options = (
            f"-p {port} -k {sock_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c timezone=Asia/Ho_Chi_Minh"
        )
        started = True  # from here on, stop it even if the start itself fails half-way
        # -l sends the server's output to a file: else it would inherit our pipes and hang subprocess.run.
        _run([pg_ctl, "-D", str(data_dir), "-l", str(log_file), "-o", options, "-w", "-t", "60", "start"])
        yield f"postgresql+asyncpg://{PG_USER}@127.0.0.1:{port}/postgres"
    except RuntimeError as exc:
        log = log_file.read_text(errors="replace") if log_file.exists() else ""
        raise RuntimeError(f"{exc}\nserver log:\n{log}") from exc
    finally:
        if started:
            subprocess.run(
                _as_pg_user([pg_ctl, "-D", str(data_dir), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
async def fresh_postgres_url(postgres_url: str) -> AsyncIterator[str]:
    """An empty database per test, so tests neither see each other's tables nor depend on their order."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_async_engine(postgres_url, isolation_level="AUTOCOMMIT")  # no CREATE DATABASE in a txn
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
        async with admin.connect() as conn:  # FORCE: a test that leaked a connection must not block cleanup
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


TEMPLATE_DB = "chungtay_migrated_template"


@pytest.fixture(scope="session")
def postgres_template(postgres_url: str) -> str:
    """A database migrated once per session, for `migrated_postgres_url` to copy."""
    import asyncio

    from bot.db.migrate import upgrade

    async def create() -> None:
        admin = create_async_engine(postgres_url, isolation_level="AUTOCOMMIT")
        try:
            async with admin.connect() as conn:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)'))
                await conn.execute(text(f'CREATE DATABASE "{TEMPLATE_DB}"'))
        finally:
            await admin.dispose()

    asyncio.run(create())
    url = make_url(postgres_url).set(database=TEMPLATE_DB).render_as_string(hide_password=False)
    upgrade(url)  # runs its own event loop and closes its connections: the template is free to copy
    return TEMPLATE_DB


@pytest.fixture
async def migrated_postgres_url(postgres_url: str, postgres_template: str) -> AsyncIterator[str]:
    async with copy_of(postgres_url, postgres_template) as url:
        yield url
