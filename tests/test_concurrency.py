"""Chats side by side: many people writing at once all get their replies, in order within each chat, on
SQLite and on PostgreSQL; on SQLite every transaction takes the write lock first (BEGIN IMMEDIATE), so no
turn finds itself locked out half-way; on PostgreSQL a pooled connection whose server side died costs one
transient failure, not an apology."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.config import Settings
from bot.conversation.engine import Engine
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.errors import is_transient
from bot.demo import seed_demo
from bot.messages import TEXT_ONLY
from handlers.registry import build_registry
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person
from tests.test_flows import join

CHATS = 50
GIVEN = ["An", "Bình", "Cúc", "Dung", "Đào", "Giang", "Hằng", "Khuê", "Lan", "Mận"]
MIDDLE = ["Ánh", "Bảo", "Cẩm", "Diệu", "Hoài"]
APOLOGY = ("Mã lỗi", "Error code")


def _name(n: int) -> str:
    return f"Lương {MIDDLE[n // len(GIVEN)]} {GIVEN[n % len(GIVEN)]}"


async def _visit(person: Person, code: str) -> list[str]:
    """Join, then look at the menu and the progress screen: every screen the chat saw, in order."""
    await join(person, code, _name(int(person.chat_id.removeprefix("chat"))))
    screens = [await person.say("/menu"), await person.say("/tiendo"), await person.say("/menu")]
    return screens


async def _everyone_at_once(app: App) -> None:
    invites = await seed_demo(app.sessionmaker, now=NOW)
    channel = CollectingChannel(app.engine, TEXT_ONLY)
    clock = MovableClock(NOW)
    people = [Person(channel, f"chat{n}", clock) for n in range(CHATS)]
    results = await asyncio.gather(*(_visit(person, invites.member) for person in people))

    for n, (person, screens) in enumerate(zip(people, results, strict=True)):
        chat = person.chat_id
        delivered = [message.as_reply().text for to, message in channel.transport.sent if to == chat]
        # Each of the chat's 8 messages got its replies, and only those: the chat shows exactly what the
        # person was answered, turn after turn, each message once.
        received = [reply.text for to, reply in channel.sent if to == person.chat_id]
        assert delivered == received, person.chat_id
        assert len(received) >= 8 and len(set(received)) >= 6
        assert not any(word in line for line in received for word in APOLOGY), person.chat_id
        assert _name(n) in "\n".join(received)
        menu, progress, menu_again = screens
        assert "Ghi nhận đóng góp" in menu and menu_again == menu
        assert "Tiến độ năm 2026" in progress
    assert len(channel.sent) == len(channel.transport.sent)


async def test_fifty_chats_at_once_all_get_their_replies_in_order(any_app: App) -> None:
    await _everyone_at_once(any_app)


@pytest.fixture
async def pooled_sqlite_app(db_path: Path, tmp_path: Path) -> AsyncIterator[App]:
    """SQLite with five pooled connections instead of one: writers meet in SQLite's own lock."""
    url = f"sqlite+aiosqlite:///{db_path}"
    settings = Settings(database_url=url, media_dir=tmp_path / "media", _env_file=None)  # type: ignore[call-arg]
    db = make_engine(url, pool_size=5, max_overflow=0)
    sessionmaker = make_sessionmaker(db)
    app = App(settings, db, sessionmaker, Engine(build_registry(), sessionmaker, settings, MovableClock(NOW)))
    yield app
    await app.close()


async def test_fifty_chats_on_five_sqlite_connections_never_meet_a_locked_database(
    pooled_sqlite_app: App,
) -> None:
    await _everyone_at_once(pooled_sqlite_app)


async def test_sqlite_transactions_take_the_write_lock_first_unless_asked_not_to(db_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{db_path}")
    other = sqlite3.connect(db_path, timeout=0)
    try:
        async with engine.connect() as connection:
            async with connection.begin():
                await connection.execute(text("SELECT 1"))  # only a read, yet the write lock is held
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            await connection.execution_options(sqlite_begin="DEFERRED")
            async with connection.begin():
                await connection.execute(text("SELECT count(*) FROM conversation_state"))
                other.execute("BEGIN IMMEDIATE")  # a deferred reader leaves the lock free
                other.rollback()
            assert await connection.scalar(text("PRAGMA journal_mode")) == "wal"
            assert await connection.scalar(text("PRAGMA foreign_keys")) == 1
    finally:
        other.close()
        await engine.dispose()


async def test_a_killed_postgresql_backend_costs_one_transient_failure_then_the_turn_succeeds(
    migrated_postgres_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=migrated_postgres_url, media_dir=tmp_path / "media", _env_file=None)  # type: ignore[call-arg]
    db = make_engine(migrated_postgres_url)
    sessionmaker = make_sessionmaker(db)
    app = App(settings, db, sessionmaker, Engine(build_registry(), sessionmaker, settings, MovableClock(NOW)))
    admin = make_engine(migrated_postgres_url)
    try:
        invites = await seed_demo(app.sessionmaker, now=NOW)
        channel = CollectingChannel(app.engine, TEXT_ONLY)
        people = [Person(channel, f"p{n}", MovableClock(NOW)) for n in range(3)]
        await asyncio.gather(*(join(p, invites.member, _name(n)) for n, p in enumerate(people)))
        assert db.pool.checkedin() >= 2  # several pooled connections, all idle

        async with admin.connect() as connection:
            killed = await connection.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        assert killed >= 2

        hoa = people[0]
        try:
            screen = await hoa.say("/tiendo")
        except Exception as error:  # the stale connection failed: the channel would deliver it again
            assert is_transient(error), repr(error)
            screen = await hoa.say("/tiendo")
        assert "Tiến độ năm 2026" in screen
        assert not any(word in screen for word in APOLOGY)
    finally:
        await app.close()
        await admin.dispose()
