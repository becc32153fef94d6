"""The scheduler's wiring: jobs with fixed ids and the triggers they are registered with (checked with
`get_next_fire_time`, in Vietnam's time zone), catch-up after downtime (each missed job runs once, however
many runs it missed), one leader at a time by the named lock, and `chungtay scheduler status`."""

from __future__ import annotations

import asyncio
import functools
from datetime import datetime, timedelta
from pathlib import Path

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

import bot.app
from bot.clock import LOCAL_TZ
from bot.config import Settings
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.models import JobRun
from scheduler.jobs import Job, JobContext, build_jobs
from scheduler.leader import Scheduler
from tests.support.clocks import NOW, MovableClock


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


def test_jobs_have_fixed_ids_and_fire_at_local_times(settings: Settings) -> None:
    jobs = {job.id: job for job in build_jobs(settings)}
    assert list(jobs) == [
        "people.leavings",
        "reminders.plan",
        "reminders.send",
        "digests.weekly",
        "files.cleanup",
    ]
    # Sunday 22 Nov 2026 09:00 local: the plan job next runs at 00:15 Monday, Vietnam time, after the day's
    # planned leavings at 00:05 (decision 0270).
    after = local(2026, 11, 22, 9, 0)
    assert jobs["people.leavings"].trigger.get_next_fire_time(None, after) == local(2026, 11, 23, 0, 5)
    assert jobs["reminders.plan"].trigger.get_next_fire_time(None, after) == local(2026, 11, 23, 0, 15)
    assert jobs["digests.weekly"].trigger.get_next_fire_time(None, local(2026, 11, 23, 7, 31)) == local(
        2026, 11, 23, 7, 45
    )
    assert jobs["files.cleanup"].trigger.get_next_fire_time(None, after) == local(2026, 11, 23, 3, 30)
    scan = jobs["reminders.send"].trigger
    first = scan.get_next_fire_time(None, after)
    assert scan.get_next_fire_time(first, first) - first == timedelta(seconds=settings.scheduler_scan_seconds)


def counting(calls: list[tuple[str, datetime]], job_id: str, trigger) -> Job:  # type: ignore[no-untyped-def]
    async def fn(ctx: JobContext, now: datetime) -> int:
        calls.append((job_id, now))
        return 1

    return Job(job_id, fn, trigger, job_id)


async def test_a_scheduler_that_was_down_catches_up_once(db, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    from apscheduler.triggers.cron import CronTrigger

    calls: list[tuple[str, datetime]] = []
    daily = counting(calls, "daily", CronTrigger(hour=0, minute=15, timezone=LOCAL_TZ))
    weekly = counting(calls, "weekly", CronTrigger(day_of_week="mon", hour=7, minute=30, timezone=LOCAL_TZ))
    clock = MovableClock(NOW)
    scheduler = Scheduler(db, settings, clock=clock, jobs=[daily, weekly])

    assert await scheduler.catch_up() == ["daily", "weekly"]  # never ran: both run once at start
    assert await scheduler.catch_up() == []  # nothing fired since

    clock.advance(days=3)  # down for three days: three daily runs and one weekly run missed
    assert await scheduler.catch_up() == ["daily", "weekly"]
    assert [job for job, _ in calls] == ["daily", "weekly", "daily", "weekly"]
    clock.advance(hours=1)
    assert await scheduler.catch_up() == []
    async with db() as session:
        runs = {r.job_id: r for r in (await session.scalars(select(JobRun))).all()}
    assert runs["daily"].runs == 2 and runs["daily"].last_run_at == clock.at - timedelta(hours=1)


async def test_a_failing_job_is_recorded_and_does_not_stop_the_others(db, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    from apscheduler.triggers.cron import CronTrigger

    async def broken(ctx: JobContext, now: datetime) -> int:
        raise RuntimeError("boom")

    calls: list[tuple[str, datetime]] = []
    trigger = CronTrigger(hour=0, minute=15, timezone=LOCAL_TZ)
    scheduler = Scheduler(
        db,
        settings,
        clock=MovableClock(NOW),
        jobs=[Job("broken", broken, trigger, "x"), counting(calls, "ok", trigger)],
    )
    assert await scheduler.catch_up() == ["broken", "ok"]
    assert calls and calls[0][0] == "ok"
    async with db() as session:
        run = await session.get(JobRun, "broken")
    assert run is not None and run.last_error == "RuntimeError"
    # its very first run failed: no run, so the next catch-up runs it again, not the one that did (2663)
    assert await scheduler.catch_up() == ["broken"]


async def test_one_leader_at_a_time_on_one_database(db_path: Path, settings: Settings) -> None:
    """Two schedulers on one SQLite file: the second stands by while the first leads, and leads once the
    first stops."""
    engine = make_engine(f"sqlite+aiosqlite:///{db_path}")
    sessionmaker = make_sessionmaker(engine)
    quick = settings.model_copy(update={"scheduler_standby_seconds": 1})
    first = Scheduler(sessionmaker, quick, jobs=[])
    second = Scheduler(sessionmaker, quick, jobs=[])
    try:
        task1 = asyncio.create_task(first.run())
        await _until(lambda: first.leading)
        task2 = asyncio.create_task(second.run())
        for _ in range(50):
            await asyncio.sleep(0)
        assert first.leading and not second.leading
        assert second.health()["state"] == "standing by"
        await first.stop()
        await task1
        await _until(lambda: second.leading, seconds=5)
        await second.stop()
        await task2
    finally:
        await engine.dispose()


async def test_a_leader_whose_lock_connection_is_cut_stops_and_runs_no_job_while_the_other_leads(
    migrated_postgres_url: str, settings: Settings
) -> None:
    """Two schedulers on one PostgreSQL database, the leader's lock connection ended (a database restart, a
    killed connection, a network cut) while its process lives: the other took the lock and led, and the first
    never noticed: both said “leading” on /healthz and both ran every job, the reminders' scan twice a
    minute, the digests twice a quarter of an hour (decision 0612). Now the first stops and stands by."""
    from sqlalchemy import text

    from bot.db.locks import advisory_key
    from scheduler.leader import LOCK_NAME

    calls: list[tuple[str, datetime]] = []
    scan = counting(calls, "reminders.send", IntervalTrigger(hours=1, timezone=LOCAL_TZ))
    quick = settings.model_copy(update={"scheduler_standby_seconds": 1})
    engines = [make_engine(migrated_postgres_url) for _ in range(3)]
    first = Scheduler(make_sessionmaker(engines[0]), quick, clock=MovableClock(NOW), jobs=[scan])
    second = Scheduler(make_sessionmaker(engines[1]), quick, clock=MovableClock(NOW), jobs=[scan])
    tasks = []
    try:
        tasks.append(asyncio.create_task(first.run()))
        await _until(lambda: first.leading)
        tasks.append(asyncio.create_task(second.run()))
        await _until(lambda: second.health()["state"] == "standing by")
        async with engines[2].connect() as admin:
            cut = await admin.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_locks "
                    "WHERE locktype = 'advisory' AND objid = CAST(CAST(:key AS bigint) & 4294967295 AS oid)"
                ),
                {"key": advisory_key(LOCK_NAME)},
            )
        assert cut == 1
        ran = len(calls)
        await first.run_job(scan)  # a job its APScheduler has due as the lock goes: not run
        assert len(calls) == ran
        await _until(lambda: second.leading, seconds=10)
        await _until(lambda: not first.leading, seconds=10)
        assert first.health()["state"] != "leading"
    finally:
        for scheduler in (first, second):
            await scheduler.stop()
        await asyncio.gather(*tasks)
        for engine in engines:
            await engine.dispose()


async def _until(predicate, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while not predicate():
        assert loop.time() < end, "timed out"
        await asyncio.sleep(0.01)


async def test_status_lists_jobs_next_runs_and_reminders_due(
    db, tmp_path: Path, db_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from bot.db.models import Reminder
    from bot.delivery.outbox import Destination, enqueue
    from bot.delivery.transport import OutboundMessage
    from tests.support.orgs import seed
    from tests.test_cli import Cli

    async with db() as session, session.begin():
        seeded = await seed(session, NOW)
        person = seeded.people["An"]
        at = NOW.astimezone(LOCAL_TZ) + timedelta(days=2)
        session.add(
            Reminder(
                key="test:1",
                org_id=seeded.org.id,
                person_id=person.id,
                topic="registration",
                title="x",
                ends_on=at.date() + timedelta(days=3),
                must=False,
                priority=3,
                due_at=at,
                ends_at=at + timedelta(days=3),
                status="due",
                snoozes=0,
                created_at=at,
            )
        )
        for key, later in (("held:1", at), ("held:2", at + timedelta(days=9))):  # "Nhắc tôi sau" pressed
            await enqueue(
                session,
                key=key,
                destination=Destination("telegram", "an"),
                message=OutboundMessage(text="Lời kêu gọi"),
                now=NOW,
                not_before=later,
            )
    # the shell's clock: NOW (22/11/2026), two days before the reminder falls due
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: NOW))
    result = Cli(tmp_path, db_path)("scheduler", "status")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for job in ("reminders.plan", "reminders.send", "digests.weekly", "files.cleanup"):
        assert job in out
    assert "last never" in out
    assert "Reminders due in the next 7 days: 1" in out
    assert f"{at:%Y-%m-%d} registration  1" in out
    assert "Other messages held for later in the next 7 days (appeals, “remind me later”): 1" in out


async def test_an_organisation_sets_its_digest_day_time_and_names(db, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bot.db.models import OrgSchedule
    from tests.support.orgs import seed
    from tests.test_cli import Cli

    async with db() as session, session.begin():
        seeded = await seed(session, NOW)
    cli = Cli(tmp_path, db_path)
    shown = cli("org", "digest")
    assert shown.returncode == 0 and "ORG: weekly digest on mon at 07:30, names off." in shown.stdout
    changed = cli("org", "digest", "--day", "fri", "--time", "16:00", "--names", "on")
    assert "ORG: weekly digest on fri at 16:00, names on." in changed.stdout
    refused = cli("org", "digest", "--time", "25:00")
    assert refused.returncode == 2 and "ví dụ 07:30" in refused.stderr  # the office speaks Vietnamese (1660)
    for night in ("23:00", "06:59", "21:00"):  # leaders are not woken; nothing changes
        refused = cli("org", "digest", "--time", night, "--day", "sun")
        assert refused.returncode == 2 and "quiet hours (21:00–07:00)" in refused.stderr, night
    assert "ORG: weekly digest on fri at 07:00, names on." in cli("org", "digest", "--time", "07:00").stdout
    assert "at 20:59" in cli("org", "digest", "--time", "20:59").stdout
    cli("org", "digest", "--time", "16:00")
    async with db() as session:
        own = await session.get(OrgSchedule, seeded.org.id)
    assert own is not None and (own.digest_weekday, own.digest_time, own.show_names) == (4, "16:00", True)


async def test_status_says_when_no_scheduler_leads_since_when_and_marks_past_next_runs_overdue(
    db, tmp_path: Path, db_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from bot.db.locks import exclusive
    from tests.test_cli import Cli

    # the shell's clock: NOW (22/11/2026, 09:00 in Vietnam), two days after the scheduler last ran
    built = bot.app.build_app
    monkeypatch.setattr(bot.app, "build_app", functools.partial(built, clock=lambda: NOW))
    last = NOW.astimezone(LOCAL_TZ) - timedelta(days=2)
    async with db() as session, session.begin():  # a scheduler ran its jobs two days ago, then stopped
        for job_id in ("reminders.plan", "reminders.send", "digests.weekly"):
            session.add(JobRun(job_id=job_id, last_run_at=last, finished_at=last, runs=1))
        # the files' job was new then, and its only run failed: it never ran (decision 2663)
        failed = JobRun(
            job_id="files.cleanup", last_run_at=last, finished_at=last, runs=0, last_error="RuntimeError"
        )
        session.add(failed)
    cli = Cli(tmp_path, db_path)

    out = cli("scheduler", "status").stdout
    lines = out.splitlines()
    assert lines[0].startswith(f"No scheduler leads now: none has led since {last:%Y-%m-%d %H:%M}")
    plan = next(line for line in lines if "reminders.plan" in line)
    assert f"last {last:%Y-%m-%d %H:%M}, next " in plan and "(overdue)" in plan
    assert all("(overdue)" in line for line in lines if "last 20" in line)
    # never run, as its only run failed: overdue too, it runs at once when a scheduler leads (decision 2667)
    cleanup = next(line for line in lines if "files.cleanup" in line)
    assert f"last never, next {last:%Y-%m-%d %H:%M} (overdue), last error RuntimeError" in cleanup, cleanup

    # a scheduler leads (it holds the lock) and runs its jobs: the plan at 00:15, the files' job failing again
    # at 03:30, the digests' at 08:45, the sending scan a minute ago
    today = NOW.astimezone(LOCAL_TZ).replace(hour=0, minute=0)
    tried = {
        "reminders.plan": today.replace(minute=15),
        "files.cleanup": today.replace(hour=3, minute=30),
        "digests.weekly": NOW - timedelta(minutes=15),
        "reminders.send": NOW - timedelta(minutes=1),
    }
    async with db() as session, session.begin():
        for job_id, at in tried.items():
            run = await session.get_one(JobRun, job_id)
            run.finished_at = at
            if job_id != "files.cleanup":
                run.last_run_at, run.runs = at, run.runs + 1
    async with exclusive(db, "scheduler"):
        out = cli("scheduler", "status").stdout
        # two hours on, the lock still held and nothing run since: the leader is stuck (decision 2782)
        later = NOW + timedelta(hours=2)
        monkeypatch.setattr(bot.app, "build_app", functools.partial(built, clock=lambda: later))
        stuck = cli("scheduler", "status").stdout.splitlines()
    assert out.splitlines()[0] == "A scheduler leads now (it holds the scheduler lock)."
    # it runs each job at its trigger's next time, a failed one too, not at once: nothing is overdue (2734)
    cleanup = next(line for line in out.splitlines() if "files.cleanup" in line)
    assert "last never, next 2026-11-23 03:30, last error RuntimeError" in cleanup, cleanup
    assert "(overdue)" not in out, out
    # what it knows, no run finished, not that one hangs: a run's start is not recorded (decision 2868)
    assert stuck[0].startswith(
        "A scheduler leads now (it holds the scheduler lock), but no run of the jobs marked overdue has "
        "finished since their time, more than 30 minutes ago. A run is recorded only when it ends, so one "
        "may still be going on (a very large organisation's digests) or the scheduler may be stuck; if the "
        "same jobs are still overdue a while later, restart it"
    ), stuck
    overdue = {line.split()[0]: line for line in stuck if "(overdue)" in line}
    assert sorted(overdue) == ["digests.weekly", "reminders.send"], stuck
    assert "last 2026-11-22 08:59, next 2026-11-22 09:00 (overdue)" in overdue["reminders.send"]


async def test_status_of_a_scheduler_that_never_ran(db, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_cli import Cli

    out = Cli(tmp_path, db_path)("scheduler", "status").stdout
    assert out.splitlines()[0].startswith("No scheduler leads now: none has ever led.")
    assert "(overdue)" not in out
