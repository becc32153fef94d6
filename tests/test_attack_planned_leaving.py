"""What an admin answering at the very moment of the morning's job tries against a leaving planned ahead
(decision 0270), on PostgreSQL, where the chat's transaction reads the person before the job records the
leaving and writes after it. Each test here failed before the fix it stands for (decision 0276)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from bot.app import App
from bot.clock import local_date
from bot.db.models import AuditLog, Person, RoleAssignment
from bot.domain.access import Operator, actor_for
from bot.domain.leaving import LeaveError, mark_back, mark_left
from scheduler.jobs import JobContext, apply_leavings
from tests.support.clocks import NOW
from tests.support.orgs import add_person, seed
from tests.test_attack_batches_in_flight import pg_app  # noqa: F401 (a fixture)

NEW_YEAR = date(2027, 1, 1)
MORNING = datetime(2026, 12, 31, 17, 5, tzinfo=UTC)  # 00:05 on 1 January, Vietnam time: the job's hour


async def test_a_plan_cancelled_or_moved_as_the_morning_job_records_it_is_refused_not_said_done(
    pg_app: App,  # noqa: F811
) -> None:
    """An was to leave from 1 January; the unit's admin said yes to cancelling it (or typed 15 January
    instead) as the job recorded it. The chat had read An before the job and wrote after: it said “no longer
    recorded as leaving” (or “leaves from 15/01”) while An was gone from 1 January, their roles taken; the
    moved plan stayed on a person gone, tried each morning. Now the plan is changed only while it is the one
    read and An has not left: the admin is told it changed meanwhile, and An's leaving stands as recorded."""
    app = pg_app
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        await add_person(session, seeded, "Quản trị A", "A", ("member", "A"), ("admin", "A"), now=NOW)
        for name in ("An", "Bình"):
            await mark_left(session, Operator(seeded.org.id), seeded.people[name], on=NEW_YEAR, now=NOW)
        ids = {name: seeded.people[name].id for name in ("An", "Bình", "Quản trị A")}
    async with app.sessionmaker() as cancel, cancel.begin(), app.sessionmaker() as move, move.begin():
        admin = await actor_for(cancel, await cancel.get_one(Person, ids["Quản trị A"]))
        an = await cancel.get_one(Person, ids["An"])  # the last look: “cancel that?”
        binh = await move.get_one(Person, ids["Bình"])  # the last look: “leaves from 15/01?”
        await apply_leavings(JobContext(app.sessionmaker, app.settings), MORNING)
        with pytest.raises(LeaveError) as refused:
            await mark_back(cancel, admin, an, now=MORNING)  # “Có”: cancel it
        assert refused.value.reason == "changed"
        with pytest.raises(LeaveError) as refused:
            await mark_left(move, admin, binh, on=date(2027, 1, 15), now=MORNING)  # “Có”: from 15/01
        assert refused.value.reason == "changed"
    async with app.sessionmaker() as session:
        for name in ("An", "Bình"):
            gone = await session.get_one(Person, ids[name])
            assert (gone.left_on, gone.leaves_on) == (NEW_YEAR, None)
        cancelled = select(func.count()).where(AuditLog.action == "person.leaving_cancelled")
        assert await session.scalar(cancelled) == 0


@pytest.mark.parametrize("change", ["left", "back"])
async def test_the_same_leaving_recorded_or_taken_back_twice_at_once_is_done_once(
    pg_app: App,  # noqa: F811
    change: str,
) -> None:
    """Two admins record An's leaving at the same moment (the shell and a chat: today, and yesterday by
    mistake), or both take a leaving back. Each had read An as not done; the second waited for the first's
    lock and then wrote it all again: two `person.left` rows, the later day over the first, or a membership
    and roles given back twice. Now the second reads An again once it holds her and is told it is done."""
    app = pg_app
    today = local_date(NOW)
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        await add_person(session, seeded, "Quản trị A", "A", ("member", "A"), ("admin", "A"), now=NOW)
        an = seeded.people["An"]
        if change == "back":
            await mark_left(session, Operator(seeded.org.id), an, on=today, now=NOW)
        ids = an.id, seeded.people["Quản trị A"].id, seeded.org.id
    an_id, admin_id, org_id = ids
    async with app.sessionmaker() as first, first.begin(), app.sessionmaker() as second, second.begin():
        admin = await actor_for(second, await second.get_one(Person, admin_id))
        hers = await second.get_one(Person, an_id)  # the chat's last look: not done yet
        if change == "left":
            await mark_left(first, Operator(org_id), await first.get_one(Person, an_id), on=today, now=NOW)
            trying = mark_left(second, admin, hers, on=today - timedelta(days=1), now=NOW)
        else:
            await mark_back(first, Operator(org_id), await first.get_one(Person, an_id), now=NOW)
            trying = mark_back(second, admin, hers, now=NOW)
        running = asyncio.ensure_future(trying)
        waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
        async with app.sessionmaker() as watcher:
            while not running.done() and not await watcher.scalar(waiting):
                await watcher.rollback()  # a fresh look at the server each time round
        await first.commit()
        if change == "left":
            done = await running
            assert (done.changed, done.on) == (False, today)  # “already recorded as left from …”
        else:
            with pytest.raises(LeaveError) as refused:
                await running
            assert refused.value.reason == "not_left"
    async with app.sessionmaker() as session:
        person = await session.get_one(Person, an_id)
        assert person.left_on == (today if change == "left" else None)
        action = "person.left" if change == "left" else "person.back"
        rows = select(func.count()).where(AuditLog.action == action, AuditLog.entity_id == an_id)
        assert await session.scalar(rows) == 1  # done once, by the first
        memberships = select(func.count()).where(
            RoleAssignment.person_id == an_id, RoleAssignment.role == "member"
        )
        assert await session.scalar(memberships) == (0 if change == "left" else 1)
