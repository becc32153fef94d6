"""The tests' engines share the first engine's dialect and compiled statements (decision 0181), but only once
that engine has connected: a test of a database that cannot be reached, run first in a process, made every
later PostgreSQL test of the process fail (“'PGDialect_asyncpg' object has no attribute
'default_isolation_level'”) with the shared dialect never initialised."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.db.engine import make_engine
from tests.support.engines import share_compiled_statements


async def test_an_engine_that_never_connected_is_not_shared_with_the_next(postgres_url: str) -> None:
    unreachable = make_url(postgres_url).set(port=1).render_as_string(hide_password=False)
    with share_compiled_statements():
        never = make_engine(unreachable)
        with pytest.raises(OSError):
            async with never.connect():
                pass
        await never.dispose()
        engine = make_engine(postgres_url)
        try:
            async with engine.connect() as connection:  # as the import's lock is taken: its own isolation
                await connection.execution_options(isolation_level="AUTOCOMMIT")
                assert await connection.scalar(text("SELECT 1")) == 1
        finally:
            await engine.dispose()
