"""What each job did last (`job_run`), and whether a job missed a run while no scheduler was running."""

from __future__ import annotations

from datetime import datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import JobRun


async def last_runs(session: AsyncSession) -> dict[str, JobRun]:
    return {run.job_id: run for run in (await session.scalars(select(JobRun))).all()}


def missed(trigger: BaseTrigger, last_run: datetime | None, now: datetime) -> bool:
    """True when the trigger fired at least once after `last_run` and up to `now` (or the job never ran):
    such a job runs once at start, however many runs were missed (coalesced)."""
    if last_run is None:
        return True
    following = trigger.get_next_fire_time(None, last_run + timedelta(microseconds=1))
    return following is not None and following <= now


def last_ran(run: JobRun | None) -> datetime | None:
    """When the job last ran and did not fail; None where it never did: a job whose very first run failed
    has a row (its failure said) but no run, so a catch-up runs it again (decision 2663)."""
    return run.last_run_at if run is not None and run.runs else None


async def record_run(
    session: AsyncSession, job_id: str, *, started: datetime, finished: datetime, error: str | None
) -> None:
    """A run that failed did nothing (its transaction rolled back): `last_run_at` stays at the last that did
    not, so the catch-up runs the job again, `scheduler status` marks it overdue, and the digests' job reads a
    digest due since as never looked at (decision 2539); `finished_at` and `last_error` say the failure.
    `runs` counts the runs that did not fail: none, and `last_run_at` (a time the row must have) is no run
    (`last_ran`, decision 2663)."""
    run = await session.get(JobRun, job_id)
    if run is None:
        run = JobRun(job_id=job_id, runs=0, last_run_at=started)
        session.add(run)
    if error is None:
        run.last_run_at = started
        run.runs = (run.runs or 0) + 1
    run.finished_at, run.last_error = finished, error
