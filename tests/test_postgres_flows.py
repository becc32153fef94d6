"""The same engine and flows on PostgreSQL (production): row locks, ON CONFLICT, RETURNING, reference codes
and concurrent messages behave as on SQLite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import App, build_app
from bot.channels.collecting import CollectingChannel
from bot.config import Settings
from bot.db.models import Contribution, ProcessedUpdate
from bot.demo import seed_demo
from bot.messages import TEXT_ONLY
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person
from tests.test_flows import give_money, join


@pytest.fixture
async def pg_app(migrated_postgres_url: str, tmp_path: Path) -> AsyncIterator[App]:
    settings = Settings(database_url=migrated_postgres_url, media_dir=tmp_path / "media", _env_file=None)  # type: ignore[call-arg]
    app = build_app(settings, MovableClock(NOW))
    yield app
    await app.close()


async def test_a_newcomer_gives_1tr2_on_postgresql(pg_app: App) -> None:
    invites = await seed_demo(pg_app.sessionmaker, now=NOW)
    hoa = Person(CollectingChannel(pg_app.engine, TEXT_ONLY), "hoa", MovableClock(NOW))
    await join(hoa, invites.member)
    await give_money(hoa)
    await hoa.say("1tr2")
    await hoa.choose("Bỏ qua")
    assert "CT-2026-000001" in await hoa.choose("Có")
    assert "1.200.000\xa0₫" in await hoa.say("/tiendo")


async def test_concurrent_people_get_distinct_reference_codes_and_duplicates_are_dropped(pg_app: App) -> None:
    invites = await seed_demo(pg_app.sessionmaker, now=NOW)
    people = [
        Person(CollectingChannel(pg_app.engine, TEXT_ONLY), f"p{n}", MovableClock(NOW)) for n in range(6)
    ]
    for n, person in enumerate(people):
        await join(person, invites.member, f"Người Thứ {chr(65 + n)}")
        await give_money(person)
        await person.say("100k")
        await person.choose("Bỏ qua")

    async def confirm(person: Person) -> None:
        key = f"confirm-{person.chat_id}"
        await asyncio.gather(
            *(person.channel.receive(person.chat_id, text="có", at=NOW, dedupe_key=key) for _ in range(2))
        )

    await asyncio.gather(*(confirm(p) for p in people))
    async with pg_app.sessionmaker() as session:
        refs = (await session.execute(select(Contribution.ref))).scalars().all()
        keys = await session.scalar(
            select(func.count()).select_from(ProcessedUpdate).where(ProcessedUpdate.key.like("confirm-%"))
        )
    assert sorted(refs) == [f"CT-2026-{n:06d}" for n in range(1, 7)]
    assert keys == 6
