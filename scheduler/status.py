"""`chungtay scheduler status`: each job with its last run and next run (local time), and the reminders due
in the next 7 days, by day and kind, and how many other messages are held for later (counts only: no names in
a terminal that may be shared)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import LOCAL_TZ
from bot.config import Settings
from bot.db.models import OutboxMessage, Reminder
from scheduler.jobs import build_jobs
from scheduler.runs import last_runs

AHEAD = timedelta(days=7)


def _local(at: datetime | None) -> str:
    return at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if at else "never"


async def status_lines(session: AsyncSession, settings: Settings, *, now: datetime) -> list[str]:
    runs = await last_runs(session)
    lines = ["Jobs (times in Asia/Ho_Chi_Minh):"]
    for job in build_jobs(settings):
        run = runs.get(job.id)
        following = job.trigger.get_next_fire_time(run.last_run_at if run else None, now)
        problem = f", last error {run.last_error}" if run and run.last_error else ""
        lines.append(
            f"  {job.id:<16} last {_local(run.last_run_at if run else None)}, "
            f"next {_local(following)}{problem} — {job.what}"
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
