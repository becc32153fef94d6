"""The scheduler part of the runtime: one process at a time runs the jobs, the holder of the named lock
"scheduler" (a PostgreSQL advisory lock, or a file lock beside an SQLite file: bot.db.locks). The others
stand by and try again every SCHEDULER_STANDBY_SECONDS; a killed leader's lock dies with its database
session, so another process leads within that time.

A leader whose lock connection is cut while it lives (the database restarted, the connection killed, the
network cut) has lost the lock to whoever takes it next: it asks the lock each LOCK_CHECK seconds and before
each job, and on loss runs no job more, stops its APScheduler, says "failing" (LEAD_LOST) and stands by, as
the sender does (decisions 0595, 0612).

Leading: catch up first (each job whose trigger fired since its last recorded run runs once, in order),
then start APScheduler's AsyncIOScheduler (time zone Asia/Ho_Chi_Minh) with the jobs of scheduler/jobs.py,
coalesced and one instance at a time. Every run is recorded in `job_run` for the next catch-up and for
`chungtay scheduler status`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import LOCAL_TZ, Clock, system_clock
from bot.config import Settings
from bot.db.locks import Held, LockBusy, exclusive
from bot.logs import describe_failure
from scheduler.jobs import Job, JobContext, build_jobs
from scheduler.runs import last_ran, last_runs, missed, record_run

log = logging.getLogger(__name__)
LOCK_NAME = "scheduler"
LOCK_CHECK = 1.0  # while leading, the lock is asked this often: under the 1 s a stand-by may wait at least
LEAD_LOST = "lost the lead: the scheduler lock's database connection was cut"


class LeadLost(Exception):
    """The lock is gone while this process lives: another may lead now."""


class Scheduler:
    name = "scheduler"

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        *,
        clock: Clock = system_clock,
        jobs: list[Job] | None = None,
    ) -> None:
        self.context = JobContext(sessionmaker, settings)
        self.clock = clock
        self.jobs = jobs if jobs is not None else build_jobs(settings)
        self.leading = False
        self.last_error: str | None = None
        self._stopping = asyncio.Event()
        self._apscheduler: AsyncIOScheduler | None = None
        self._held = Held()  # the lock while leading: asked before each job and each LOCK_CHECK

    async def run_job(self, job: Job, now: datetime | None = None) -> int | None:
        """Run one job now and record the run; a failure is logged and recorded, never raised (the next
        run tries again). Nothing runs once the lock is lost: another scheduler may be running it."""
        if not await self._held.check():
            log.warning("job %s not run: this scheduler lost the lead", job.id)
            return None
        started = now or self.clock()
        done: int | None = None
        error: str | None = None
        try:
            done = await job.fn(self.context, started)
        except Exception as problem:  # one failing job never stops the others
            error = type(problem).__name__
            log.error("job %s failed: %s", job.id, describe_failure(problem))
        async with self.context.sessionmaker() as session, session.begin():
            await record_run(session, job.id, started=started, finished=self.clock(), error=error)
        if error is None:
            log.info("job %s done (%s)", job.id, done)
        return done

    async def catch_up(self, now: datetime | None = None) -> list[str]:
        """Run once each job that missed a run (or never ran); the ids that ran."""
        now = now or self.clock()
        async with self.context.sessionmaker() as session:
            runs = await last_runs(session)
        ran = []
        for job in self.jobs:
            if missed(job.trigger, last_ran(runs.get(job.id)), now):
                await self.run_job(job, now)
                ran.append(job.id)
        return ran

    async def run(self) -> None:
        """Lead when the lock is free, else stand by; until stopped."""
        standby = self.context.settings.scheduler_standby_seconds
        announced = False
        while not self._stopping.is_set():
            try:
                async with exclusive(self.context.sessionmaker, LOCK_NAME) as held:
                    self._held = held
                    self.leading, announced, self.last_error = True, False, None
                    log.info("scheduler: leading")
                    await self._lead()
            except LeadLost:
                self.last_error = LEAD_LOST
                log.warning(
                    "scheduler: lost the lead: the database connection holding its lock was cut (the "
                    "database restarted, or the connection was killed or the network cut); another process "
                    "may run the jobs now, so this one runs none and stands by"
                )
            except LockBusy as busy:
                # Behind its own lost session (decision 0616) nobody leads: still "failing", not standing by.
                if self.last_error == LEAD_LOST and not busy.lost_here:  # behind the new leader, as it should
                    self.last_error = None
                if not announced and not busy.lost_here:
                    log.info("scheduler: standing by, another process leads")
                    announced = True
            except Exception as problem:
                self.last_error = type(problem).__name__
                log.error("the scheduler stopped (%s); starting it again", describe_failure(problem))
            finally:
                self.leading = False  # `_held` kept as it ended: a job fired after it is not run
            if not self._stopping.is_set():
                await self._wait(standby)

    async def _lead(self) -> None:
        await self.catch_up()
        apscheduler = AsyncIOScheduler(timezone=LOCAL_TZ)
        for job in self.jobs:
            apscheduler.add_job(
                self.run_job,
                job.trigger,
                args=(job,),
                id=job.id,
                name=job.what,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=None,
                replace_existing=True,
            )
        self._apscheduler = apscheduler
        apscheduler.start()
        try:
            while not self._stopping.is_set():
                await self._wait(LOCK_CHECK)
                if not await self._held.check():
                    raise LeadLost
        finally:
            apscheduler.shutdown(wait=False)
            self._apscheduler = None

    async def _wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def stop(self) -> None:
        self._stopping.set()

    def health(self) -> dict[str, object]:
        return {
            "state": "leading" if self.leading else "failing" if self.last_error else "standing by",
            "jobs": len(self.jobs),
            "last_error": self.last_error,
        }
