"""`chungtay scheduler status`: whether a scheduler leads now (someone holds its lock) and, if none does,
since when none has (the last job a leader ran); each job with its last run and next run (local time), a
next run already past marked overdue (it runs once as soon as a scheduler leads again), and so is a job
whose only runs failed, due since the first (decision 2667); while one leads, none is: its next run is its
trigger's next time, when the leader runs it, failed or not (decision 2734), unless the leader has left a run
`STALLED_AFTER` past its time with no run of it finished since: that job is overdue and the first line says
what that may mean, a run still going on (a run is recorded only once it ends) or a leader stuck (decisions
2782, 2868); the reminders due in
the next 7 days, by day and kind, and how many other messages are held for later (counts only: no names in a
terminal that may be shared)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import LOCAL_TZ
from bot.config import Settings
from bot.db.locks import LockBusy, exclusive
from bot.db.models import JobRun, OutboxMessage, Reminder
from scheduler.jobs import build_jobs
from scheduler.leader import LOCK_NAME
from scheduler.runs import last_ran, last_runs

AHEAD = timedelta(days=7)
# How long past its time a run a leading scheduler has not finished is marked overdue, not read as a run
# under way or a leader catching up as it took the lock (decision 2782). A run's start is not recorded, only
# its end: a run longer than this looks the same as a leader stuck, and the status says it cannot tell (2868).
STALLED_AFTER = timedelta(minutes=30)


def _local(at: datetime | None) -> str:
    return at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if at else "never"


async def someone_leads(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    """Whether a scheduler holds its lock now. Asked by taking the lock for an instant: a scheduler starting
    in that instant stands by and leads at its next try (SCHEDULER_STANDBY_SECONDS later)."""
    try:
        async with exclusive(sessionmaker, LOCK_NAME):
            return False
    except LockBusy:
        return True


def _left_untried(trigger: BaseTrigger, run: JobRun | None, now: datetime) -> datetime | None:
    """When the job's trigger fired first after its last try (a run, failed or not), where that is more than
    `STALLED_AFTER` before `now`: a leading scheduler that did not try it then is stuck; None otherwise, and
    for a job never tried (a leader catches it up as it takes the lock). An interval is counted from the try:
    its trigger's own start is the moment it was built."""
    if run is None:
        return None
    tried = max(run.last_run_at, run.finished_at or run.last_run_at)
    if isinstance(trigger, IntervalTrigger):
        due = tried + trigger.interval
    else:
        due = trigger.get_next_fire_time(None, tried + timedelta(microseconds=1))
    return due if due is not None and now - due > STALLED_AFTER else None


async def status_lines(
    session: AsyncSession, settings: Settings, *, now: datetime, leading: bool | None = None
) -> list[str]:
    """`leading`: whether a scheduler holds its lock (`someone_leads`); None: not asked, nothing said."""
    runs = await last_runs(session)
    lines = []
    if leading:
        lines.append("A scheduler leads now (it holds the scheduler lock).")
    elif leading is not None:
        seen = max((run.finished_at or run.last_run_at for run in runs.values()), default=None)
        since = f"none has led since {_local(seen)} (its last job run)" if seen else "none has ever led"
        lines.append(
            f"No scheduler leads now: {since}. Jobs do not run and reminders are not sent "
            "until `chungtay run` (or `chungtay run --only scheduler`) runs; overdue jobs then run once."
        )
    lines.append("Jobs (times in Asia/Ho_Chi_Minh):")
    stalled = 0
    for job in build_jobs(settings):
        run = runs.get(job.id)
        ran = last_ran(run)
        if leading and (late := _left_untried(job.trigger, run, now)) is not None:  # stuck (2782)
            following = late
            stalled += 1
        elif leading:  # its leader runs it at its trigger's next time, a failed one too, none at once (2734)
            following = job.trigger.get_next_fire_time(None, now)
        elif run is not None and ran is None:  # its only runs failed: due since the first (2667)
            following = run.last_run_at
        else:
            following = job.trigger.get_next_fire_time(ran, now)
        problem = f", last error {run.last_error}" if run and run.last_error else ""
        overdue = " (overdue)" if following is not None and following < now else ""
        lines.append(
            f"  {job.id:<16} last {_local(ran)}, next {_local(following)}{overdue}{problem} — {job.what}"
        )
    if stalled:
        # what the runs' rows tell: no run of theirs ended since; not whether one started (decision 2868)
        lines[0] = (
            "A scheduler leads now (it holds the scheduler lock), but no run of the jobs marked overdue has "
            f"finished since their time, more than {STALLED_AFTER.seconds // 60} minutes ago. A run is "
            "recorded only when it ends, so one may still be going on (a very large organisation's digests) "
            "or the scheduler may be stuck; if the same jobs are still overdue a while later, restart it "
            "(`sudo systemctl restart chungtay-scheduler`, or `sudo systemctl restart chungtay` where one "
            "process runs it all)."
        )
    rows = (
        await session.execute(
            select(Reminder.due_at, Reminder.topic).where(
                Reminder.status == "due", Reminder.due_at < now + AHEAD
            )
        )
    ).all()
    counts = Counter((at.astimezone(LOCAL_TZ).date(), topic) for at, topic in rows)
    lines.append(f"Reminders due in the next 7 days: {sum(counts.values())}")
    for (on, topic), n in sorted(counts.items()):
        lines.append(f"  {on:%Y-%m-%d} {topic:<13} {n}")
    # Not reminders of the scheduler's, but what people will receive later all the same: appeals scheduled,
    # "Nhắc tôi sau" pressed, notices held over the quiet hours.
    held = await session.scalar(
        select(func.count()).where(
            OutboxMessage.status == "pending",
            OutboxMessage.not_before > now,
            OutboxMessage.not_before < now + AHEAD,
        )
    )
    lines.append(
        f"Other messages held for later in the next 7 days (appeals, “remind me later”): {held or 0}"
    )
    return lines
