"""On PostgreSQL a batch of messages to many people (an appeal, a reminder morning's scan, the Monday digests)
read who is still at work and where they are reached without locking anything: someone who left, or whose
account an officer took off, in the seconds the batch's transaction ran still got its message, since the
leaving cancelled what waited for them before the batch had written it. Each case here failed before the fix
(docs/decisions/0261)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App, build_app
from bot.clock import LOCAL_TZ
from bot.db.models import ChannelIdentity, OutboxMessage, Person, Reminder
from bot.domain.access import Operator, actor_for
from bot.domain.appeals import Audience, Draft, send_appeal, set_appeals
from bot.domain.digests import send_weekly
from bot.domain.leaving import mark_left
from bot.domain.links import unlink_identity
from bot.domain.people import remove_identity
from bot.domain.reminders import scan
from tests.support.clocks import NOW, MovableClock
from tests.support.orgs import add_person, new_person, seed
from tests.support.settings import app_settings

MONDAY = datetime(2026, 12, 7, 7, 30, tzinfo=LOCAL_TZ)  # the digests' hour
MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=LOCAL_TZ)  # a working Monday's reminders


@pytest.fixture
async def pg_app(migrated_postgres_url: str, tmp_path: Path) -> AsyncIterator[App]:
    settings = app_settings(database_url=migrated_postgres_url, media_dir=tmp_path / "media")
    application = build_app(settings, MovableClock(NOW))
    yield application
    await application.close()


async def _appeal(app: App, session: AsyncSession, officer: int) -> None:
    actor = await actor_for(session, await session.get_one(Person, officer))
    draft = Draft("Mời anh/chị ủng hộ Quỹ Vì người nghèo năm 2026.", Audience("org"))
    await send_appeal(session, actor, draft, now=NOW, settings=app.settings)


async def _scan(app: App, session: AsyncSession, _officer: int) -> None:
    await scan(session, now=MORNING, settings=app.settings)


async def _digests(app: App, session: AsyncSession, _officer: int) -> None:
    await send_weekly(session, now=MONDAY, settings=app.settings)


BATCHES: dict[str, tuple[Callable[[App, AsyncSession, int], Awaitable[None]], str]] = {
    "appeal": (_appeal, "An"),
    "reminder": (_scan, "An"),
    "digest": (_digests, "Lãnh đạo A"),
    # the officer told of those without a phone who have recorded nothing this year (Bà Tư)
    "reminder to an officer": (_scan, "Cán bộ"),
}


CHANGES = ("left", "account taken off", "account unlinked")
# and one who turns appeals off (“Không nhận lời kêu gọi”) as an appeal is written
CASES = [*((batch, change) for batch in BATCHES for change in CHANGES), ("appeal", "appeals off")]


@pytest.mark.parametrize(("batch", "change"), CASES)
async def test_a_batch_written_as_someone_leaves_or_loses_their_account_sends_them_nothing(
    pg_app: App, batch: str, change: str
) -> None:
    """An leaves, an officer takes her account off, she unlinks her second account (a lost phone), or she
    turns appeals off, in a transaction beside which the officer's appeal, the reminder scan or the digests
    begin (or the officer told of those without a phone leaves, or loses an account, as the scan names them to
    him); it commits first. The batch wrote An's message after that transaction had cancelled or moved what
    waited for her, and it stayed pending for the chat she no longer holds (or she had just said no). Now the
    batch waits for it and reads her as it left her: nothing of it goes to that chat."""
    write, whom = BATCHES[batch]
    async with pg_app.sessionmaker() as session, session.begin():
        org = await seed(session, NOW)
        officer = await add_person(session, org, "Cán bộ", None, ("officer", None), now=NOW)
        person = officer if whom == "Cán bộ" else org.people[whom]
        reminded = person
        if person is officer:
            reminded = new_person(org, "Bà Tư", "A", now=NOW)  # on the list, no phone
            session.add(reminded)
            await session.flush()
        session.add(
            Reminder(
                key=f"test:{reminded.id}", org_id=org.org.id, person_id=reminded.id,
                topic="record" if person is officer else "deadline",
                title="Hạn nộp hồ sơ", ends_on=MORNING.date() + timedelta(days=3), must=True, priority=9,
                due_at=MORNING - timedelta(minutes=1), ends_at=MORNING + timedelta(days=3), status="due",
                snoozes=0, created_at=NOW,
            )
        )  # fmt: skip
        session.add(  # her second account, the newer: where she is reached
            ChannelIdentity(
                channel="console", external_id=f"q{person.id}", person_id=person.id, created_at=NOW
            )
        )
        ids = officer.id, person.id, org.org.id
    officer_id, person_id, org_id = ids
    chat = f"q{person_id}"  # where the batch reaches her, until she leaves or loses it

    async with pg_app.sessionmaker() as admin, admin.begin():
        if change == "left":
            gone = await admin.get_one(Person, person_id)
            await mark_left(admin, Operator(org_id), gone, on=NOW.date(), now=NOW)
        elif change == "appeals off":
            await set_appeals(admin, await admin.get_one(Person, person_id), on=False, now=NOW)
        elif change == "account taken off":
            await remove_identity(admin, channel="console", external_id=chat, actor_id=None, now=NOW)
        else:
            her = await admin.get_one(Person, person_id)
            account = await admin.scalar(
                select(ChannelIdentity.id).where(ChannelIdentity.external_id == chat)
            )
            assert account is not None
            await unlink_identity(admin, await actor_for(admin, her), her, account, now=NOW)
        await admin.flush()

        async def run_batch() -> None:
            async with pg_app.sessionmaker() as session, session.begin():
                await write(pg_app, session, officer_id)

        running = asyncio.create_task(run_batch())
        waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
        async with pg_app.sessionmaker() as watcher:
            while not running.done() and not await watcher.scalar(waiting):
                await watcher.rollback()  # a fresh look at the server each time round
    await running

    async with pg_app.sessionmaker() as session:
        pending = await session.scalars(
            select(OutboxMessage.key).where(
                OutboxMessage.chat_id.in_(
                    [chat, f"p{person_id}"] if change in ("left", "appeals off") else [chat]
                ),
                OutboxMessage.status == "pending",
                OutboxMessage.key.not_like("reply:%"),
                OutboxMessage.key.not_like("notice:left:%"),  # their own leaving is told them (decision 0295)
            )
        )
        assert list(pending) == []
