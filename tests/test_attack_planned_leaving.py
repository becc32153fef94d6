"""What an admin answering at the very moment of the morning's job tries against a leaving planned ahead
(decision 0270), on PostgreSQL, where the chat's transaction reads the person before the job records the
leaving and writes after it. Each test here failed before the fix it stands for (decision 0276)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.db.models import AuditLog, Person
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
