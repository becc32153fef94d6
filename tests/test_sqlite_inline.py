"""The app's SQLite connections run statements on the event loop's thread (docs/decisions/0008) and leave no
thread behind when closed."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import event, text

from bot.db.engine import make_engine


async def test_statements_run_on_the_calling_thread_and_closing_leaves_no_thread(db_path: Path) -> None:
    before = set(threading.enumerate())
    engine = make_engine(f"sqlite+aiosqlite:///{db_path}")

    @event.listens_for(engine.sync_engine, "connect")
    def _thread_ident(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.create_function("thread_ident", 0, threading.get_ident)

    async with engine.begin() as connection:
        ran_on = await connection.scalar(text("SELECT thread_ident()"))
        journal = await connection.scalar(text("PRAGMA journal_mode"))
    assert ran_on == threading.get_ident()
    assert journal == "wal"  # the pragmas still apply
    await engine.dispose()
    leftover = [t for t in set(threading.enumerate()) - before if t.is_alive()]
    assert leftover == []
