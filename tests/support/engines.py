"""The tests' database engines share what SQLAlchemy learns about each statement (decision 0181).

Every test builds its app, and with it a new engine on its own database. SQLAlchemy keeps the SQL it
compiles from a statement in a cache that belongs to the engine, keyed by the engine's dialect: a new engine
compiles every statement again, the first time each is used. A turn runs a few dozen statements, most of them
the same in every test, and compiling them again for each test was about a third of a test process's CPU.

`share_compiled_statements` makes every engine that `bot.db.engine.make_engine` creates in this process,
after the first one of its kind (same driver, same options), use the first one's dialect and compiled
statements. The engines keep their own pools, connections and events: each test still talks to its own
database, through its own connections, with the statements production runs, compiled by the same dialect for
the same server. In production a process makes one engine, so it has nothing to share.

SQLAlchemy has no public way to hand an engine a dialect or a cache: this sets the engine's `dialect` and
`_compiled_cache`, and checks that both are there (a later SQLAlchemy without them fails the suite's start,
never silently)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

import bot.db.engine

# Statements of every flow, kept across tests: more than SQLAlchemy's default of 500 for one engine.
STATEMENTS_KEPT = 5000


@contextmanager
def share_compiled_statements() -> Iterator[None]:
    original: Callable[..., AsyncEngine] = bot.db.engine.create_async_engine
    firsts: dict[tuple[str, str], Any] = {}

    def create(url: Any, **options: Any) -> AsyncEngine:
        engine = original(url, **{"query_cache_size": STATEMENTS_KEPT, **options})
        sync = engine.sync_engine
        assert hasattr(sync, "dialect") and hasattr(sync, "_compiled_cache"), "SQLAlchemy changed"
        # The DBAPI module is made anew for each engine (bot.db.sqlite_driver.module): its kind counts.
        kind = {name: type(value).__name__ if name == "module" else value for name, value in options.items()}
        key = (make_url(url).drivername, repr(sorted(kind.items())))
        # A dialect learns its server on its engine's first connection (`initialize`): one whose engine never
        # connected (a test of a database that cannot be reached) is not shared, the next engine's is.
        if key in firsts and hasattr(firsts[key][0], "default_isolation_level"):
            sync.dialect, sync._compiled_cache = firsts[key]
        else:
            firsts[key] = (sync.dialect, sync._compiled_cache)
        return engine

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bot.db.engine, "create_async_engine", create)
        yield
