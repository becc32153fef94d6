"""The scheduled jobs, registered in code with fixed ids. A job is a plain async function of the context and
`now`: APScheduler only decides *when* to call it (it reads the wall clock itself), so a test calls the same
function with the instant it wants and checks the triggers with `get_next_fire_time`.

- `people.leavings` (daily 00:05 and at start): the leavings planned ahead whose day has come (or passed while
  the bot was down) recorded through `bot.domain.leaving.mark_left`, each in its own transaction, on the day
  planned; before the reminders are planned, so none is planned for who left (decision 0270).
- `reminders.plan` (daily 00:15 and at start): turns the plan's deadlines, registration windows and drives'
  ends into reminder rows for the days ahead (bot.domain.reminders.derive); then, on a working day of 1–15
  December, tells each organisation's office once what the coming year lacks in the bot, due at
  REMINDER_HOUR (bot.domain.year_setup, docs/decisions/0694); last, asks each officer once about a pack she
  has kept to hand over later for a month since its ceremony (bot.domain.held_packs, decision 1462).
- `reminders.send` (every SCHEDULER_SCAN_SECONDS): the scans that turn due reminder rows into outbox rows,
  batch after batch until none is left (each its own transaction); before them, an appeal's "Nhắc tôi sau"
  held past its hour onto a day off is put off to the next working morning (bot.domain.appeals.hold_over).
- `digests.weekly` (every 15 minutes): each organisation's weekly digest once its weekday and time have come,
  to each unit leader and the organisation's leaders; keyed by week and leader, so it goes once. One due
  while the bot was down (after the job's last run) goes when it is back, however late before the next is
  due, out of the quiet hours and saying why it is late (decision 2455).
- `files.cleanup` (daily 03:30): removes charts, sheets, documents and QR codes older than
  GENERATED_FILES_KEEP_DAYS that no waiting message refers to (bot.domain.generated_files); evidence photos
  are never touched.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import LOCAL_TZ
from bot.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobContext:
    """What a job works with: the database and the settings."""

    sessionmaker: async_sessionmaker[AsyncSession]
    settings: Settings
    reminder_batch: int | None = None  # due reminder rows a scan reads; None: bot.domain.reminders.BATCH


JobFn = Callable[[JobContext, datetime], Awaitable[int]]


@dataclass(frozen=True)
class Job:
    """A job as registered: its fixed id, what it does (returns how many things it did), when."""

    id: str
    fn: JobFn
    trigger: BaseTrigger
    what: str


async def apply_leavings(ctx: JobContext, now: datetime) -> int:
    """Each planned leaving whose day has come, recorded in its own transaction (a refusal or a crash leaves
    the others done and that one planned, tried again next run; one applied is never applied twice: its
    `leaves_on` is cleared with it). How many were recorded."""
    from bot.domain.leaving import LeaveError, apply_planned, planned_due

    async with ctx.sessionmaker() as session:
        due = await planned_due(session, now=now)
    done = 0
    for person_id in due:
        try:
            async with ctx.sessionmaker() as session, session.begin():
                done += await apply_planned(session, person_id, now=now, settings=ctx.settings) is not None
        except LeaveError as refused:  # the last whole-organisation admin: the plan stays, said in the log
            log.warning("planned leaving of person %s not recorded: %s", person_id, refused.reason)
    return done


async def plan_reminders(ctx: JobContext, now: datetime) -> int:
    from bot.domain.held_packs import tell_held_packs
    from bot.domain.leave_end import end_stand_ins, tell_back_of_drives, tell_leave_ended
    from bot.domain.reminders import derive
    from bot.domain.year_setup import tell_unready_year

    async with ctx.sessionmaker() as session, session.begin():
        planned = await derive(session, now=now, settings=ctx.settings)
    async with ctx.sessionmaker() as session, session.begin():  # the reminders stand if this one fails
        planned += await tell_unready_year(session, now=now, settings=ctx.settings)
    async with ctx.sessionmaker() as session, session.begin():  # a head back, her stand-in's role (0903)
        planned += await tell_leave_ended(session, now=now, settings=ctx.settings)
    async with ctx.sessionmaker() as session, session.begin():  # back: a stand-in's role ends (1430)
        planned += await end_stand_ins(session, now=now, settings=ctx.settings)
    async with ctx.sessionmaker() as session, session.begin():  # back: a drive she was not asked of (0904)
        planned += await tell_back_of_drives(session, now=now, settings=ctx.settings)
    async with ctx.sessionmaker() as session, session.begin():  # a pack held a month, asked about (1462)
        return planned + await tell_held_packs(session, now=now, settings=ctx.settings)


# Scans of a morning in one run at most: a run ends, whatever is due (the next run, a minute on, goes on).
MOST_SCANS = 40


async def send_reminders(ctx: JobContext, now: datetime) -> int:
    """Every due reminder row turned into at most one message per person, scan after scan, each its own
    transaction (a crash loses nothing: what was not committed is due again, its keys unwritten): a morning
    of 30,000 rows is said in one run, not one batch a minute (decision 0245); the last scan says each
    officer's one list of those the reminders cannot reach, of every scan's rows (decision 0269). How many
    messages; the rows not said, counted by why, in one line of the log (decision 2457)."""
    from bot.domain.appeals import hold_over
    from bot.domain.reminders import BATCH, scan, unsaid_by_digest

    async with ctx.sessionmaker() as session, session.begin():
        await hold_over(session, now=now, settings=ctx.settings)  # "Nhắc tôi sau" found on a day off waits
        await unsaid_by_digest(session, now=now)  # a digest that never reached its reader said nothing (0828)
    totals: Counter[str] = Counter()
    for _ in range(MOST_SCANS):
        async with ctx.sessionmaker() as session, session.begin():
            sent = await scan(session, now=now, settings=ctx.settings, batch=ctx.reminder_batch or BATCH)
        totals.update({name: getattr(sent, name) for name in _COUNTED})
        if not sent.more:
            break
    # the rows not said and why, in counts (a morning after a stop: passed, overtaken), for the operator
    if any(totals[name] for name in _COUNTED[2:]):
        log.info(
            "reminders.send: %d messages (%d reminders); not said: %d cancelled (deadline passed, moved "
            "or no longer theirs), %d overtaken (a nearer one of the same deadline said), %d skipped "
            "(weekly cap, turned off, or away), %d done already",
            *(totals[name] for name in _COUNTED),
        )
    return totals["messages"]


_COUNTED = ("messages", "reminders", "cancelled", "overtaken", "skipped", "done")  # counts only: no one named


async def weekly_digests(ctx: JobContext, now: datetime) -> int:
    """The digests due; one due since the job last ran (the bot was down then) goes late, said so (2455)."""
    from bot.db.models import JobRun
    from bot.domain.digests import send_weekly
    from scheduler.runs import last_ran

    async with ctx.sessionmaker() as session, session.begin():
        looked = last_ran(await session.get(JobRun, "digests.weekly"))
        return await send_weekly(session, now=now, settings=ctx.settings, looked_last=looked)


async def clean_files(ctx: JobContext, now: datetime) -> int:
    from bot.domain.generated_files import remove_old_files

    async with ctx.sessionmaker() as session:
        return await remove_old_files(session, now=now, settings=ctx.settings)


def build_jobs(settings: Settings) -> list[Job]:
    """Every job, in the order a catch-up runs them (plan the reminders before sending them)."""
    return [
        Job(
            "people.leavings",
            apply_leavings,
            CronTrigger(hour=0, minute=5, timezone=LOCAL_TZ),
            "leavings planned ahead, recorded on their day",
        ),
        Job(
            "reminders.plan",
            plan_reminders,
            CronTrigger(hour=0, minute=15, timezone=LOCAL_TZ),
            "reminder rows from deadlines, registration windows and drives",
        ),
        Job(
            "reminders.send",
            send_reminders,
            IntervalTrigger(seconds=settings.scheduler_scan_seconds, timezone=LOCAL_TZ),
            "due reminders into the outbox",
        ),
        Job(
            "digests.weekly",
            weekly_digests,
            CronTrigger(minute="*/15", timezone=LOCAL_TZ),
            "weekly digests to unit and organisation leaders",
        ),
        Job(
            "files.cleanup",
            clean_files,
            CronTrigger(hour=3, minute=30, timezone=LOCAL_TZ),
            "old charts, sheets, documents and QR codes no waiting message needs",
        ),
    ]
