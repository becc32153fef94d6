"""Reminders as rows with a due time: derived from the plan and the data, sent by one periodic scan.

Who is reminded of what (docs/decisions/0029):

- **deadline** (must act): each plan or local deadline reminds the people holding its `audience` role in the
  organisation (unit leaders for unit dossiers, the admin office for the organisation's), and for an "admin"
  deadline also the organisation-wide leaders who sign what the office sends up (docs/decisions/0034), 7, 3
  and 1 days before at 08:00 local (REMINDER_ACT_DAYS, or REMINDER_DAYS_BY_DEADLINE for one deadline's code).
- **record** (optional): a report deadline (its code starts with "bao-cao") also asks everyone with a
  commitment this year to record what they have done but not yet logged, so the unit's report is complete.
  Never "you have not given enough".
- **registration** (optional): while the organisation's registration window is open, people with no
  commitment that year, 7 and 1 days before it closes; the line names the year. Next year's window opened
  early (in December) reminds of next year's registration (docs/decisions/0077). No window set: no
  registration reminders.
- **drive_end** (optional): a drive's last days, only to people who asked to be reminded of that drive
  (`DRIVE_END_AUDIENCES`, a hook the "remind me later" rows plug into) or who pledged to it (a commitment this
  year on a criterion the drive fulfils; of a drive of some units, in those units: decision 0499) and have not
  given to it yet.

Sending (`scan`): every due row of a person is sent in one message (several due the same day are one);
optional ones beyond the weekly cap (REMINDER_OPTIONAL_CAP per rolling 7 days; lowest priority first) or
for a person who turned them off are skipped and counted, never sent late; a reminder whose deadline passed
is cancelled. A due time falls outside quiet hours and days off (moved, never dropped): the public holidays
(built in: 1/1, Tết, Giỗ Tổ, 30/4, 1/5, 2/9, 24/11, with the government's breaks) and the settings'
HOLIDAYS for everyone; Sundays, and Saturdays unless its settings file says it works on them, less the
weekend days worked in lieu (làm bù: the government's and its own), and an organisation's own holidays
(its settings file) for its people (docs/decisions/0033, 0234, 0246); one the next working morning would
carry across a long break (Tết) onto the day of the next reminder of the same deadline goes on the working day
before the break (docs/decisions/0320). A row held past
its hour (the bot was down, or the quiet hours) onto a day off waits for the next working morning too, unless
that would pass its deadline; two reminders of one deadline held so are said once, by the nearer (the other
is `overtaken`). Each message carries "Remind me in a day" and "Done", after the work it asks for a press away
(`_next_steps`: the proposals, the year's report, the registration, a gift to the drive; decision 0487). A
deadline's line is written when it is sent, in its reader's words and with where they stand
(bot.domain.reminder_lines, docs/decisions/0064).

Someone with no messenger account at all (a household without a phone, a worker on the staff list without
one) cannot be reminded: their registration and report reminders, once sifted as anyone's, are said instead
to the officers who record for them (their unit's, else the whole organisation's), one message per officer
and scan, by name (docs/decisions/0233). So are those of someone whose every account is blocked (they stopped
the bot), apart, said as what is true: nobody may record for them until they send /start to the bot
(docs/decisions/0043, 0234, 0715); but a household's, which its officer still records for, is said with those
he records for (docs/decisions/0700). Whatever of theirs no officer is told, and every reminder of someone
whose accounts were all taken off, is said to nobody: skipped, not written as a message that goes nowhere and
counted as sent (docs/decisions/0488). A drive's last days offer its gift in one tap ("Give now", decision
0487).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from bot.clock import LOCAL_TZ, local_date
from bot.config import Settings
from bot.db.models import (
    Campaign,
    ChannelIdentity,
    Commitment,
    CommitmentItem,
    Contribution,
    Criterion,
    Deadline,
    Drive,
    Organisation,
    OutboundAction,
    OutboxMessage,
    Person,
    RegistrationWindow,
    Reminder,
    ReminderPreference,
    Result,
    RoleAssignment,
    Unit,
)
from bot.db.ops import among, in_chunks, looked_up
from bot.delivery.actions import Notice, Offer, notify_many
from bot.delivery.outbox import after_quiet_hours, enqueue_for, hold_people, is_quiet_hour
from bot.delivery.transport import OutboundMessage
from bot.domain.access import away_on, helped_by_drive, of_units_giving_to, takes_gifts_of
from bot.domain.campaigns import (
    PlanTurn,
    active_campaign,
    beyond_plan,
    campaign_year,
    deadline_kind,
    early_registration,
    next_turn,
    report_year,
    taken_over,
)
from bot.domain.giving import gave_to, give_label
from bot.domain.org_settings import WEEKEND_ONLY, DaysOff, day_off, days_off_of, holiday
from bot.domain.reminder_lines import DeadlineLine, Readings, deadline_lines, in_break_said
from bot.i18n import drive_named, format_date, sentence, translate, translate_plural
from bot.text import sort_key

# Among optional reminders beyond the cap, the lowest priority is skipped first.
PRIORITY = {"deadline": 9, "registration": 3, "record": 2, "drive_end": 1}
SNOOZE = timedelta(days=1)
# How much further ahead than its farthest reminder a deadline is read: one due on Tết's eve goes on the
# working day before the break (`due_time`'s `nearer`), its row written before then (decision 0320).
LONGEST_BREAK = timedelta(days=10)
WEEKEND = timedelta(days=3)  # moved further than a weekend and a day beside it is across a long break
_TABLE = Reminder.__table__


@dataclass(frozen=True)
class Due:
    """A reminder to write: for whom, about what, on which local day (before the time and holiday rules)."""

    key: str
    org_id: int
    person_id: int
    topic: str
    subject_id: int | None
    title: str
    ends_on: date
    on: date
    # The day of the next nearer reminder of the same end (None: none nearer): one moved off a day off goes no
    # further than that day, but to the working day before (Tết's break, docs/decisions/0320).
    nearer: date | None = None
    # The first day it may go (a registration window's opening, a drive's start): none moved back before it.
    opens_on: date | None = None
    # The last day it may go (a report's "record" reminder: 31 December of the year reported on, decision
    # 0552): one moved off a day off past it goes on the working day before.
    until: date | None = None


# People who asked to be reminded of a drive's last days ("Nhắc tôi sau"): each source returns the ids of
# people in the drive's organisation who asked. Empty until the remind-me-later rows exist.
DriveAudience = Callable[[AsyncSession, Drive], Awaitable[set[int]]]
DRIVE_END_AUDIENCES: list[DriveAudience] = []


def due_time(
    on: date,
    ends_on: date,
    settings: Settings,
    days_off: DaysOff = WEEKEND_ONLY,
    *,
    nearer: date | None = None,
    opens_on: date | None = None,
    until: date | None = None,
) -> datetime:
    """The UTC instant a reminder for local day `on` goes out: REMINDER_HOUR local; a day off (`day_off`:
    the settings' HOLIDAYS, the organisation's weekend and own holidays) moves it to the next working day, or,
    when that would pass the deadline, or reach `nearer` (the day of the next nearer reminder of the same
    deadline) across more than a weekend (a 7-day reminder on Tết's eve is not said with the 1-day one after
    the break, decision 0320), to the working day before, but not before `opens_on` (what it reminds of is not
    open yet: it goes after the break, decision 0330), or when it would pass `until` (a gift recorded then
    would count for the new year, decision 0552), to the working day before; quiet hours move it to their
    end."""
    day = on
    while day_off(day, settings, days_off) and day < ends_on:
        day += timedelta(days=1)
    passed = day_off(day, settings, days_off) or (until is not None and day > until)
    if passed or (nearer is not None and on < nearer <= day and day - on > WEEKEND):
        before = on
        while day_off(before, settings, days_off):
            before -= timedelta(days=1)
        if passed or opens_on is None or before >= opens_on:
            day = before
    at = datetime.combine(day, time(settings.reminder_hour), tzinfo=LOCAL_TZ)
    return _utc(_outside_quiet(at, settings))


# How far a notice waits for a working morning: past Tết's longest break.
HOLD_AT_MOST = timedelta(days=31)


async def working_mornings(
    session: AsyncSession, org_ids: Sequence[int], *, now: datetime, settings: Settings
) -> dict[int, datetime]:
    """When a notice goes, for each organisation: at the reminder hour of today or, today a day off of it (its
    weekend, a holiday), of its next working day, after the quiet hours; a leave over on a Friday is said on
    Monday morning, her first day back, as no reminder goes on a day off (0234, 0928); a pack held a month,
    on the morning its officer is at work (1462)."""
    today = local_date(now)
    off = await days_off_of(session, sorted(set(org_ids)))
    return {
        org_id: max(now, due_time(today, today + HOLD_AT_MOST, settings, days_off))
        for org_id, days_off in off.items()
    }


def _utc(at: datetime) -> datetime:
    return at.astimezone(UTC)


def _outside_quiet(at: datetime, settings: Settings) -> datetime:
    return after_quiet_hours(at, start=settings.quiet_hours_start, end=settings.quiet_hours_end)


def later(now: datetime, ends_at: datetime, settings: Settings, days_off: DaysOff = WEEKEND_ONLY) -> datetime:
    """When "remind me in a day" brings a reminder back: a day later, out of quiet hours and days off (the
    settings' HOLIDAYS, the organisation's weekend and own holidays)."""
    at = _outside_quiet(now + SNOOZE, settings)
    while day_off(at.astimezone(LOCAL_TZ).date(), settings, days_off):
        local = at.astimezone(LOCAL_TZ)
        at = datetime.combine(local.date() + timedelta(days=1), time(settings.reminder_hour), tzinfo=LOCAL_TZ)
    return _utc(at)


def _end_of(day: date) -> datetime:
    return _utc(datetime.combine(day + timedelta(days=1), time(0), tzinfo=LOCAL_TZ))


# -------------------------------------------------------------------------------------------------------
# Deriving rows


def _days_before(settings: Settings, code: str | None, *, must: bool) -> list[int]:
    if code and code in settings.reminder_days_by_deadline:
        return settings.reminder_days_by_deadline[code]
    return settings.reminder_act_days if must else settings.reminder_optional_days


def _occurrences(ends_on: date, days: Sequence[int], today: date) -> list[tuple[int, date]]:
    """(days before, local day) for each offset falling today or later (a missed day is not sent late)."""
    return [
        (n, ends_on - timedelta(days=n)) for n in sorted(set(days)) if ends_on - timedelta(days=n) >= today
    ]


def _nearer(ends_on: date, days: Sequence[int], n: int) -> date | None:
    """The day of the reminder `n` days before `ends_on`'s next nearer one (of `days`), None if none is."""
    closer = [m for m in days if m < n]
    return ends_on - timedelta(days=max(closer)) if closer else None


async def derive(session: AsyncSession, *, now: datetime, settings: Settings) -> int:
    """Write the reminder rows due in the coming days (idempotent: a row's key names its occurrence); how
    many new rows were written."""
    today = local_date(now)
    reach = today + timedelta(
        days=max(
            [
                *settings.reminder_act_days,
                *settings.reminder_optional_days,
                *[d for ds in settings.reminder_days_by_deadline.values() for d in ds],
                1,
            ]
        )
    )
    horizon = reach + LONGEST_BREAK  # read this far for the reminders said before a long break
    written = 0
    for org_id in (await session.scalars(select(Organisation.id).order_by(Organisation.id))).all():
        await _forget_moved_deadlines(session, org_id)
        campaign = await active_campaign(session, org_id, today)
        dues: list[Due] = []
        if campaign is not None:
            year = campaign_year(campaign, today)
            acting: dict[str, Sequence[int]] = {}  # who must act, by audience: one read for the plans read
            both = await next_turn(session, campaign) if campaign.ends_on < horizon else None
            for plan in (campaign, both.following) if both is not None else (campaign,):
                dues += await _deadline_dues(
                    session, org_id, plan, year, today, horizon, settings, acting, both=both
                )
            if (gone := await taken_over(session, campaign, today)) is not None:
                ended = gone.ended
                dues += await _deadline_dues(
                    session, org_id, ended, ended.ends_on.year, today, horizon, settings, acting, both=gone
                )
            dues += await _registration_dues(session, org_id, campaign, year, today, horizon, settings)
        if (early := await early_registration(session, org_id, today)) is not None:
            dues += await _registration_dues(
                session, org_id, early.campaign, early.year, today, horizon, settings
            )
        dues += await _drive_dues(session, org_id, today, horizon, settings)
        written += await _write(session, dues, now=now, settings=settings, reach=reach)
    return written


def _next_day_of(deadline: Deadline, year: int, today: date, last: date) -> date | None:
    """The deadline's day between today and `last`: a yearly one this campaign year or the next (a 10 January
    deadline seen in December), a one-off one in its own year only."""
    for y in (year, year + 1):
        if deadline.year is not None and deadline.year != y:
            continue
        try:
            on = date(y, deadline.month, deadline.day)
        except ValueError:  # 29 February in a common year
            continue
        if today <= on <= last:
            return on
    return None


def _moved(deadline: Deadline | None, ends_on: date) -> bool:
    """A deadline's reminder row names a day that is not the deadline's any more: the deadline was removed, or
    its date changed (the plan or the organisation's settings file loaded again with a new date)."""
    if deadline is None:
        return True
    if deadline.year is not None and deadline.year != ends_on.year:
        return True
    try:
        return date(ends_on.year, deadline.month, deadline.day) != ends_on
    except ValueError:  # 29 February in a common year
        return True


async def _forget_moved_deadlines(session: AsyncSession, org_id: int) -> None:
    """The organisation's deadline reminders not sent yet that name a day no longer the deadline's: deleted,
    so the rows of its new day take their keys (written by `derive` next); those sent stay as they were."""
    rows = await session.execute(
        select(Reminder.id, Reminder.ends_on, Deadline)
        .outerjoin(Deadline, Deadline.id == Reminder.subject_id)
        .where(
            Reminder.org_id == org_id,
            Reminder.topic.in_(("deadline", "record")),
            Reminder.subject_id.is_not(None),
            Reminder.status == "due",
        )
    )
    stale = [row_id for row_id, ends_on, deadline in rows if _moved(deadline, ends_on)]
    for chunk in in_chunks(stale):
        await session.execute(
            delete(Reminder).where(Reminder.id.in_(chunk)).execution_options(synchronize_session=False)
        )


def _must_act(audience: str) -> ColumnElement[bool]:
    """Who must act on a deadline: the holders of its audience role; and for the organisation's own
    submissions (audience "admin": its award dossier to the department, its reports upward) also its
    organisation-wide leaders, who sign what the office compiles (the proposal letter, tờ trình). The same
    rule over roles already read: `_holds`."""
    if audience == "admin":
        head = (RoleAssignment.role == "leader") & RoleAssignment.unit_id.is_(None)
        return (RoleAssignment.role == audience) | head
    return RoleAssignment.role == audience


def _holds(roles: Sequence[tuple[str, int | None]], audience: str) -> bool:
    """Whether one of the (role, unit) a person holds in an organisation must act on a deadline for
    `audience`: as `_must_act` asks it of the database."""
    head = ("leader", None)
    return any(role == audience or (audience == "admin" and (role, unit) == head) for role, unit in roles)


async def _deadline_dues(
    session: AsyncSession,
    org_id: int,
    campaign: Campaign,
    year: int,
    today: date,
    horizon: date,
    settings: Settings,
    acting_by_audience: dict[str, Sequence[int]],
    *,
    both: PlanTurn | None = None,
) -> list[Due]:
    """The reminders of `campaign`'s deadlines next due; at the turn of two plans (`both`: the next one loaded
    in December, or the one that ran the year just ended through March), `campaign` either of them, those
    `both` says are its own. Who must act, by audience, is kept in `acting_by_audience` for the
    organisation's other plan read the same night."""
    dues: list[Due] = []
    deadlines = (await session.scalars(select(Deadline).where(Deadline.campaign_id == campaign.id))).all()
    # Who must act, per audience, and who has a commitment: read once for all the deadlines that need them.
    committed: dict[int, Sequence[int]] = {}  # by the year reported on
    for deadline in deadlines:
        ends_on = _next_day_of(deadline, year, today, horizon + timedelta(days=1))
        if ends_on is None:
            continue
        said = both.says(deadline, ends_on) if both else not beyond_plan(deadline, ends_on, campaign)
        recorded = both.records(deadline, ends_on) if both else said
        if not said and not recorded:
            continue
        if deadline.audience not in acting_by_audience:
            acting_by_audience[deadline.audience] = (
                await session.scalars(
                    select(RoleAssignment.person_id)
                    .where(RoleAssignment.org_id == org_id, _must_act(deadline.audience))
                    .distinct()
                    .order_by(RoleAssignment.person_id)
                )
            ).all()
        acting = acting_by_audience[deadline.audience]
        days = _days_before(settings, deadline.code, must=True)
        for n, on in _occurrences(ends_on, days, today) if said else ():
            nearer = _nearer(ends_on, days, n)
            for person_id in acting:
                key = f"deadline:{deadline.id}:{ends_on:%Y}:{n}:{person_id}"
                dues.append(
                    Due(key, org_id, person_id, "deadline", deadline.id, deadline.title, ends_on, on, nearer)
                )
        if deadline_kind(deadline.code) != "report" or not recorded:  # only a report asks to record
            continue
        # The year the report is of (`report_year`: the one it names; else a January one the year just
        # ended's, decision 0552). Asked to record only on a day whose gifts still count for that year (a gift
        # counts for the year it is recorded in, decision 0076): a report due on 5 January asks on 29
        # December, never on 4 January, when what they record would be 2027's (decision 0536); nor moved off
        # a day off into it (`Due.until`).
        reported = report_year(deadline, ends_on)
        days = _days_before(settings, None, must=False)
        asked = [(n, on) for n, on in _occurrences(ends_on, days, today) if on.year == reported]
        if asked and reported not in committed:
            committed[reported] = (
                await session.scalars(
                    select(Commitment.person_id)
                    .join(Person, Person.id == Commitment.person_id)
                    .where(
                        Commitment.campaign_id == campaign.id,
                        Commitment.year == reported,
                        Person.left_on.is_(None),  # who left records nothing more (decision 0118)
                    )
                )
            ).all()
        for n, on in asked:
            nearer = _nearer(ends_on, days, n)
            for person_id in committed[reported]:
                key = f"record:{deadline.id}:{ends_on:%Y}:{n}:{person_id}"
                dues.append(
                    Due(
                        key,
                        org_id,
                        person_id,
                        "record",
                        deadline.id,
                        deadline.title,
                        ends_on,
                        on,
                        nearer,
                        until=date(reported, 12, 31),
                    )
                )
    return dues


async def _registration_dues(
    session: AsyncSession,
    org_id: int,
    campaign: Campaign,
    year: int,
    today: date,
    horizon: date,
    settings: Settings,
) -> list[Due]:
    window = await session.scalar(
        select(RegistrationWindow).where(RegistrationWindow.org_id == org_id, RegistrationWindow.year == year)
    )
    if window is None or window.closes_on < today or window.closes_on > horizon + timedelta(days=1):
        return []
    unregistered = (
        await session.scalars(
            select(Person.id).where(
                Person.org_id == org_id,
                Person.kind != "donor",  # no member: registers nothing (decision 0083)
                Person.left_on.is_(None),  # nor someone who left (decision 0118)
                ~exists().where(
                    Commitment.person_id == Person.id,
                    Commitment.campaign_id == campaign.id,
                    Commitment.year == year,
                ),
            )
        )
    ).all()
    dues = []
    days = _days_before(settings, None, must=False)
    for n, on in _occurrences(window.closes_on, days, today):
        if on < window.opens_on:
            continue
        nearer = _nearer(window.closes_on, days, n)
        for person_id in unregistered:
            key = f"registration:{window.id}:{n}:{person_id}"
            ends, opens = window.closes_on, window.opens_on  # not reminded before it opens (0330)
            due = Due(
                key, org_id, person_id, "registration", window.id, campaign.title, ends, on, nearer, opens
            )
            dues.append(due)
    return dues


async def drive_pledgers(session: AsyncSession, drive: Drive) -> set[int]:
    """People who pledged this year to what the drive collects (a criterion counting one of its kinds; a
    Fund criterion only for a Fund drive) and have not given to the drive yet; of a drive of some units, only
    their people, who alone may give to it (`refusal_to_give`; its appeals ask only them, decision 0499).
    Given: as `giving.gave_to` says, a Fund gift outside the drives on a Fund drive's days too (0534)."""
    year = drive.ends_on.year
    pledges = (
        select(Commitment.person_id, Criterion.counts, Criterion.fund_only)
        .join(CommitmentItem, CommitmentItem.commitment_id == Commitment.id)
        .join(Criterion, Criterion.id == CommitmentItem.criterion_id)
        .join(Person, Person.id == Commitment.person_id)
        .where(
            Person.org_id == drive.org_id,
            Person.left_on.is_(None),  # who left is reminded of nothing (decision 0118)
            Commitment.year == year,
            Commitment.person_id.is_not(None),
        )
    )
    pledges = pledges.where(of_units_giving_to(drive))
    rows = (await session.execute(pledges)).all()
    kinds = set(drive.kinds or [])
    pledged = {r.person_id for r in rows if kinds & set(r.counts or []) and (drive.fund or not r.fund_only)}
    if not pledged:
        return pledged
    gave = set(
        (await session.scalars(select(Person.id).where(Person.org_id == drive.org_id, gave_to(drive)))).all()
    )
    return pledged - gave


async def revive_drive_end(
    session: AsyncSession, drive: Drive, *, now: datetime, settings: Settings | None = None
) -> int:
    """A drive reopened (docs/decisions/0287): today's reminders of its last days that a scan cancelled
    while it was closed are due again, so a close undone the same day leaves no one untold; the next scan
    checks each as any other (given since, opted out, its end passed). Reminders of the days before stay
    cancelled while one of its days is still to come: the day they spoke of is gone, and the next says the
    same. When none is left (reopened on its last day, the day before's cancelled), the latest each person's
    was kept from is due now, once: “… ends on 18/11” is still true on the 18th, and they asked to hear it
    before the end (docs/decisions/0302). Call before `drive.closed_at` is cleared. How many."""
    if drive.closed_at is None:
        return 0
    today = local_date(now)
    days = (
        _days_before(settings, drive.code, must=False)
        if settings is not None
        else Settings.model_fields["reminder_optional_days"].default
    )
    none_left = not _occurrences(drive.ends_on, days, today)
    since = drive.closed_at if none_left else max(drive.closed_at, datetime.combine(today, time(0), LOCAL_TZ))
    rows = await session.execute(
        select(Reminder.id, Reminder.person_id, Reminder.due_at).where(
            Reminder.topic == "drive_end",
            Reminder.subject_id == drive.id,
            Reminder.status == "cancelled",
            Reminder.due_at >= since,
            Reminder.due_at <= now,
            Reminder.ends_at > now,
            Reminder.person_id.in_(select(Person.id).where(Person.left_on.is_(None))),
        )
    )
    latest: dict[int, tuple[datetime, int]] = {}
    for row_id, person_id, due_at in rows:
        if none_left:  # one each: the last before the end
            latest[person_id] = max(latest.get(person_id, (due_at, row_id)), (due_at, row_id))
        else:
            latest[row_id] = (due_at, row_id)
    ids = [row_id for _due_at, row_id in latest.values()]
    for chunk in in_chunks(ids):
        await session.execute(
            update(Reminder)
            .where(Reminder.id.in_(chunk))
            .values(status="due")
            .execution_options(synchronize_session=False)
        )
    return len(ids)


async def _drive_dues(
    session: AsyncSession, org_id: int, today: date, horizon: date, settings: Settings
) -> list[Due]:
    drives = (
        await session.scalars(
            select(Drive).where(
                Drive.org_id == org_id,
                Drive.ends_on >= today,
                Drive.ends_on <= horizon,
                Drive.closed_at.is_(None),  # closed early: its last days ask for gifts it refuses
            )
        )
    ).all()
    dues = []
    for drive in drives:
        people = await drive_pledgers(session, drive)
        for audience in DRIVE_END_AUDIENCES:
            people |= await audience(session, drive)
        people -= set(
            await session.scalars(helped_by_drive(drive.id))
        )  # not asked to give to their own (0356)
        days = _days_before(settings, drive.code, must=False)
        for n, on in _occurrences(drive.ends_on, days, today):
            if on < drive.starts_on:
                continue
            nearer = _nearer(drive.ends_on, days, n)
            for person_id in sorted(people):
                key = f"drive_end:{drive.id}:{n}:{person_id}"
                title, opens = drive.title, drive.starts_on  # not reminded before it starts (0330)
                dues.append(
                    Due(
                        key, org_id, person_id, "drive_end", drive.id, title, drive.ends_on, on, nearer, opens
                    )
                )
    return dues


_BUTTONS = ("reminder_later", "reminder_done")  # what a reminder's message carries (`_send_to`)


async def forget_drive_end(session: AsyncSession, drive: Drive) -> int:
    """`drive`'s dates were moved: the reminders of its last days not sent yet are dropped (they name the old
    end, and are due by it); the next `derive` writes them again from the new dates. One a person put off
    ("Remind me in a day") stays, due when they asked, and names the new end, as do those already sent (a
    later press of their buttons speaks of the new end); put off past a new, earlier end, it is dropped too.
    How many were dropped."""
    ends_at = _end_of(drive.ends_on)
    of_drive = (Reminder.topic == "drive_end", Reminder.subject_id == drive.id)
    put_off = and_(Reminder.status == "due", Reminder.snoozes > 0, Reminder.due_at < ends_at)
    await session.execute(
        update(Reminder)
        .where(*of_drive, or_(Reminder.status == "sent", put_off))
        .values(ends_on=drive.ends_on, ends_at=ends_at)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(
        delete(Reminder)
        .where(*of_drive, Reminder.status == "due", ~put_off)
        .execution_options(synchronize_session=False)
    )
    await _buttons_follow(session, of_drive)
    return int(getattr(result, "rowcount", 0) or 0)


async def _buttons_follow(session: AsyncSession, of_drive: tuple[ColumnElement[bool], ...]) -> None:
    """The buttons of the messages that said these reminders ("Remind me in a day", "Done") work until the
    earliest end the reminders of each message name now, as when it was written."""
    kept = set(await session.scalars(select(Reminder.id).where(*of_drive)))
    if not kept:
        return
    # written with the first of them or after: a person's buttons of other months are not read
    first_sent = select(func.min(Reminder.sent_at)).where(*of_drive).scalar_subquery()
    actions = await session.execute(
        select(OutboundAction.id, OutboundAction.args).where(
            OutboundAction.kind.in_(_BUTTONS),
            OutboundAction.person_id.in_(select(Reminder.person_id).where(*of_drive)),
            OutboundAction.created_at >= first_sent,
        )
    )
    said = {id_: args["reminders"] for id_, args in actions if kept & set(args.get("reminders", ()))}
    ends: dict[int, datetime] = {}
    for chunk in in_chunks(sorted({one for ids in said.values() for one in ids})):
        ends.update(
            (await session.execute(select(Reminder.id, Reminder.ends_at).where(Reminder.id.in_(chunk)))).all()
        )
    lives: dict[datetime, list[int]] = defaultdict(list)
    for id_, ids in said.items():
        lives[min(ends[one] for one in ids if one in ends)].append(id_)
    for until, of_message in lives.items():
        for chunk in in_chunks(of_message):
            await session.execute(
                update(OutboundAction)
                .where(OutboundAction.id.in_(chunk))
                .values(expires_at=until)
                .execution_options(synchronize_session=False)
            )


async def _write(
    session: AsyncSession, dues: list[Due], *, now: datetime, settings: Settings, reach: date
) -> int:
    """Write `dues` as rows, those of an end beyond `reach` (read ahead, `LONGEST_BREAK`) only when said
    before a long break: the others are written once their end is in reach, as ever."""
    if not dues:
        return 0
    dialect = (await session.connection()).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    off = await days_off_of(session, sorted({due.org_id for due in dues}))
    timed = [
        (
            due,
            due_time(
                due.on,
                due.ends_on,
                settings,
                off[due.org_id],
                nearer=due.nearer,
                opens_on=due.opens_on,
                until=due.until,
            ),
        )
        for due in dues
    ]
    rows = [
        {
            "key": due.key,
            "org_id": due.org_id,
            "person_id": due.person_id,
            "topic": due.topic,
            "subject_id": due.subject_id,
            "title": due.title[:400],
            "ends_on": due.ends_on,
            "must": due.topic == "deadline",
            "priority": PRIORITY[due.topic],
            "due_at": due_at,
            "ends_at": _end_of(due.ends_on),
            "status": "due",
            "snoozes": 0,
            "created_at": now,
        }
        for due, due_at in timed
        if due.ends_on <= reach + timedelta(days=due.topic != "drive_end") or local_date(due_at) < due.on
    ]
    written = 0
    statement = insert(_TABLE).on_conflict_do_nothing(index_elements=["key"]).returning(_TABLE.c.id)
    for chunk in in_chunks(rows, 500):
        written += len((await session.execute(statement, chunk)).all())
    return written


# -------------------------------------------------------------------------------------------------------
# Sending


@dataclass(frozen=True)
class RegistrationLine:
    """A registration reminder's line: the year it is for and the day its window closes."""

    year: int
    closes_on: date


@dataclass(frozen=True)
class Sent:
    """What one scan did: messages written, reminders in them, skipped (cap or opt-out), done, cancelled,
    overtaken (a nearer reminder of the same deadline said instead)."""

    messages: int = 0
    reminders: int = 0
    skipped: int = 0
    done: int = 0
    cancelled: int = 0
    overtaken: int = 0
    more: bool = False  # the batch was full: more rows may be due (the job scans again, decision 0245)


async def optional_off(session: AsyncSession, person_id: int) -> bool:
    return await _turned_off(session, person_id, ReminderPreference.optional_off)


async def set_optional_off(session: AsyncSession, person_id: int, off: bool, *, now: datetime) -> None:
    await _turn_off(session, person_id, "optional_off", off, now=now)


async def monday_off(session: AsyncSession, person_id: int) -> bool:
    """Whether `person_id` turned her weekly message off (docs/decisions/2406)."""
    return await _turned_off(session, person_id, ReminderPreference.monday_off)


async def set_monday_off(session: AsyncSession, person_id: int, off: bool, *, now: datetime) -> None:
    """Turn `person_id`'s weekly message off or on again: the digests and the treasurer's count not yet
    written are then written or not for her (`digests.readers`, `treasurers_week.write_counts`)."""
    await _turn_off(session, person_id, "monday_off", off, now=now)


async def _turned_off(session: AsyncSession, person_id: int, choice: InstrumentedAttribute[bool]) -> bool:
    """One of `person_id`'s choices (`ReminderPreference`): off or not, not off without a row."""
    return bool(await session.scalar(select(choice).where(ReminderPreference.person_id == person_id)))


async def _turn_off(session: AsyncSession, person_id: int, choice: str, off: bool, *, now: datetime) -> None:
    """Set one of `person_id`'s choices, her row made with both on where she had none."""
    preference = await session.get(ReminderPreference, person_id)
    if preference is None:
        preference = ReminderPreference(person_id=person_id, optional_off=False, monday_off=False)
        session.add(preference)
    setattr(preference, choice, off)
    preference.updated_at = now


def monday_read() -> ColumnElement[bool]:
    """The person has not turned her weekly message off: a condition on `Person`, beside which the query
    outer-joins `ReminderPreference` on the person (one without a row is sent it)."""
    return ReminderPreference.monday_off.is_not(True)


BATCH = 5000  # due rows a scan reads at once (one transaction of the scheduler's each)


async def scan(session: AsyncSession, *, now: datetime, settings: Settings, batch: int = BATCH) -> Sent:
    """Send what is due, at most `batch` rows of it, every row of a person in the same scan: a person whose
    rows the batch would cut is left whole for the next (`Sent.more`: the batch was full; the scheduler's
    job scans again at once, decision 0245). In the quiet hours nothing: a reminder still due then (the bot
    was down at its hour) waits for their end, and is written then, in its reader's language of that
    morning, or cancelled if its deadline passed meanwhile (docs/decisions/0231). Nor on a day off what was
    held over onto it, nor two reminders of one deadline (`_held_over`, docs/decisions/0234). Those the
    reminders cannot reach wait for the morning's last scan (its batch not full), which says each officer's
    one list of them (`_tell_officers_of_morning`, docs/decisions/0269)."""
    local_hour = now.astimezone(LOCAL_TZ).hour
    if is_quiet_hour(local_hour, start=settings.quiet_hours_start, end=settings.quiet_hours_end):
        return Sent()
    rows = (
        await session.scalars(
            select(Reminder)
            .where(Reminder.status == "due", Reminder.due_at <= now, _not_waiting_for_officers())
            .order_by(Reminder.person_id, Reminder.priority.desc(), Reminder.id)
            .limit(batch)
        )
    ).all()
    more = len(rows) == batch
    if more and rows[0].person_id != rows[-1].person_id:  # the last person's rows may go on: next scan's
        rows = [row for row in rows if row.person_id != rows[-1].person_id]
    if rows and await hold_people(session, _held_by_scan(rows)):
        rows = await _still_due(session, rows)  # one who left meanwhile: theirs cancelled (decision 0261)
    totals: dict[str, int] = defaultdict(int)
    by_person: dict[int, list[Reminder]] = defaultdict(list)
    for row in await _held_over(session, rows, totals, now=now, settings=settings):
        by_person[row.person_id].append(row)
    readings = Readings(session, local_date(now))
    unreached = await _without_account(session, list(by_person))
    blocked = await _blocked(session, list(by_person))
    unreached.update(blocked)
    readable = await _readable(session, list(by_person))
    facts = await _Facts.read(session, by_person, set(unreached), readings, now=now)
    off = await days_off_of(session, sorted({row.org_id for mine in by_person.values() for row in mine}))
    officers = await _Officers.read(session, list(unreached.values()))
    notices: list[tuple[Notice, list[Reminder]]] = []
    away = await _away(session, list(by_person), local_date(now))
    for person_id, mine in by_person.items():
        if person_id in away:  # on long leave: nothing reminded, to her nor to her officer (decision 0740)
            totals["skipped"] += _after_leave(mine, away[person_id], settings, off)
            continue
        person = unreached.get(person_id)
        keep, sifted = _sift(person_id, mine, facts, now=now, settings=settings, told_for=bool(person))
        if person is not None:  # no account, or blocked: their officers hear of what is left undone
            for row in [row for row in keep if row.topic in FOR_OFFICERS]:
                if officers.of(person):  # said in the morning's one list, after its last scan
                    row.outbox_key = WAITING_FOR_OFFICERS
                    keep.remove(row)
        if person_id not in readable:  # no account to read it on: not written to nowhere (decision 0488)
            for row in keep:
                row.status = "skipped"
                sifted.counts["skipped"] += 1
            keep = []
        for row in sifted.gone:
            await session.delete(row)
        if keep:
            in_break = {  # a deadline on a holiday of theirs (Tết's Mùng 3) says so (decision 0662)
                row.ends_on
                for row in keep
                if row.topic in ("deadline", "record") and holiday(row.ends_on, settings, off[row.org_id])
            }
            notice = await _notice(session, person_id, keep, readings, facts, now=now, in_break=in_break)
            notices.append((notice, keep))
        for key, n in sifted.counts.items():
            totals[key] += n
    await _send(session, notices, now=now, settings=settings)
    totals["messages"] += len(notices)
    totals["reminders"] += sum(len(keep) for _, keep in notices)
    if not more:  # the morning's last scan: each officer's one list, of every scan's rows
        for key, n in (await _tell_officers_of_morning(session, now=now, settings=settings)).items():
            totals[key] += n
    return Sent(**totals, more=more)


# A due row of someone the reminder cannot reach, sifted and kept for their officers' list of the morning:
# said once the morning's last scan is done, so an officer whose people fall in several batches reads one
# list (docs/decisions/0269). A crash between scans leaves it due and waiting, for the next run's last scan.
WAITING_FOR_OFFICERS = "reminder:for:waiting"


def _not_waiting_for_officers() -> ColumnElement[bool]:
    return or_(Reminder.outbox_key.is_(None), Reminder.outbox_key != WAITING_FOR_OFFICERS)


async def _tell_officers_of_morning(
    session: AsyncSession, *, now: datetime, settings: Settings
) -> dict[str, int]:
    """Every row waiting for the officers' lists (`WAITING_FOR_OFFICERS`, from this scan and the morning's
    scans before it), said in one message per officer. Read again as they are now: a row whose deadline
    passed, or whose person left meanwhile, is cancelled; one whose person can now be reached, or whose
    officers can no longer be, is due again as anyone's (the next scan says it)."""
    waiting = (
        await session.scalars(
            select(Reminder)
            .where(  # only rows due already wait (the index on status and due_at reads no later one)
                Reminder.status == "due", Reminder.due_at <= now, Reminder.outbox_key == WAITING_FOR_OFFICERS
            )
            .order_by(Reminder.person_id, Reminder.id)
        )
    ).all()
    if not waiting:
        return {}
    await hold_people(session, _held_by_scan(waiting))
    waiting = await _still_due(session, waiting)
    people = sorted({row.person_id for row in waiting})
    blocked = await _blocked(session, people)
    unreached = {**await _without_account(session, people), **blocked}
    officers = await _Officers.read(session, list(unreached.values()))
    told: dict[int, list[tuple[Person, Reminder]]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for row in waiting:
        person = unreached.get(row.person_id)
        if row.ends_at <= now:
            row.status, row.outbox_key = "cancelled", None
            counts["cancelled"] += 1
        elif person is None or not officers.of(person):
            row.outbox_key = None
        else:
            for officer_id in officers.of(person):
                told[officer_id].append((person, row))
    windows = {
        window.id: window
        for window in await session.scalars(
            select(RegistrationWindow).where(
                RegistrationWindow.id.in_({row.subject_id for row in waiting if row.topic == "registration"})
            )
        )
    }
    for key, n in (
        await _tell_officers(
            session, told, set(_stopped_for_good(blocked)), windows, now=now, settings=settings
        )
    ).items():
        counts[key] += n
    return counts


def _held_by_scan(rows: Sequence[Reminder]) -> Select[tuple[int]]:
    """Whom a scan of `rows` may write to, held before it reads them (`hold_people`): the people of the
    rows, and the officers of their organisations, who hear of those without an account (`_Officers`)."""
    officers = select(RoleAssignment.person_id).where(
        RoleAssignment.org_id.in_(sorted({row.org_id for row in rows})), RoleAssignment.role == "officer"
    )
    people = select(Person.id).where(Person.id.in_(sorted({row.person_id for row in rows})))
    return select(Person.id).where(Person.id.in_(people.union(officers)))


async def _still_due(session: AsyncSession, rows: Sequence[Reminder]) -> list[Reminder]:
    """`rows` read again once their people are held (`hold_people`), in the same order: those still due. A
    leaving that committed as the scan began cancelled its person's, and the scan must not send them."""
    still: set[int] = set()
    for chunk in in_chunks([row.id for row in rows]):
        due = select(Reminder).where(Reminder.id.in_(chunk), Reminder.status == "due")
        still.update(row.id for row in await session.scalars(due.execution_options(populate_existing=True)))
    return [row for row in rows if row.id in still]


async def _held_over(
    session: AsyncSession,
    rows: Sequence[Reminder],
    totals: dict[str, int],
    *,
    now: datetime,
    settings: Settings,
) -> list[Reminder]:
    """Among the due `rows` (in `scan`'s order), those to say now. A row whose hour passed while the bot was
    down or in the quiet hours, found on a day off of its organisation, waits for the next working morning as
    `due_time` moves any reminder, unless that would pass its deadline (then it goes now). Of two or more rows
    of one person and one deadline (the 7-day and the 1-day ones both late), only the nearer goes (due the
    latest; on the same morning, the one written first: `derive` writes a deadline's nearest first): the
    others are `overtaken`, never said, and take no place in the weekly cap (docs/decisions/0234)."""
    if not rows:
        return []
    today = local_date(now)
    off = await days_off_of(session, sorted({row.org_id for row in rows}))
    nearest: dict[tuple[int, str, int | None, date], Reminder] = {}
    for row in rows:
        if day_off(today, settings, off[row.org_id]) and row.ends_at > now:
            at = due_time(today, row.ends_on, settings, off[row.org_id])
            if at > now:
                row.due_at = at
                continue
        same = _same(row)
        other = nearest.get(same)
        if other is not None and (other.due_at, -other.id) >= (row.due_at, -row.id):
            row, other = other, row
        if other is not None:
            other.status = "overtaken"
            totals["overtaken"] += 1
        nearest[same] = row
    return [row for row in rows if row.status == "due" and nearest.get(_same(row)) is row]


def _same(row: Reminder) -> tuple[int, str, int | None, date]:
    return (row.person_id, row.topic, row.subject_id, row.ends_on)


class _Facts:
    """What sifting the due rows asks of the data, read for all the people of a scan at once: a query or two
    per kind of question (in chunks of ids) instead of a few per person, so a scan of thousands of people
    without a phone sends as many statements as one of ten (docs/decisions/0242). Each answers as the
    question asked one person at a time did: whether what a row is of was taken away, whether its person is
    still concerned (registered since, given to the drive since), whether they recorded anything this year,
    their opt-out and how many optional reminders they got in the last 7 days. Nothing the scan writes changes
    these answers for a person still to be sifted: it writes only reminder rows of people already sifted."""

    def __init__(self) -> None:
        self.deadlines: dict[int, Deadline | None] = {}
        self.windows: dict[int, RegistrationWindow] = {}
        self.drives: dict[int, Drive] = {}
        self.roles: dict[tuple[int, int], list[tuple[str, int | None]]] = defaultdict(list)
        self.registered: set[tuple[int, int, int]] = set()  # (person, organisation, year)
        self.gave: set[tuple[int, int]] = set()  # (drive, person)
        self.units: dict[int, int | None] = {}  # a drive of some units: its reminders' people's units now
        self.years: dict[int, int] = {}  # a report deadline's campaign year, today
        self.recorded: set[tuple[int, int]] = set()  # (person, year)
        self.optional_off: set[int] = set()
        self.sent_lately: dict[int, int] = {}
        self.hamlets: dict[int, str] = {}  # a household reminded to record: its hamlet's name (2310)

    @classmethod
    async def read(
        cls,
        session: AsyncSession,
        by_person: dict[int, list[Reminder]],
        told_for: set[int],
        readings: Readings,
        *,
        now: datetime,
    ) -> _Facts:
        facts = cls()
        rows = [row for mine in by_person.values() for row in mine]

        def of(*topics: str) -> list[int]:
            return sorted({row.subject_id for row in rows if row.topic in topics and row.subject_id})

        def whose(*topics: str, among: set[int] | None = None) -> list[int]:
            found = {row.person_id for row in rows if row.topic in topics}
            return sorted(found if among is None else found & among)

        for deadline_id in of("deadline", "record"):
            facts.deadlines[deadline_id] = await readings.deadline(deadline_id)
        for chunk in in_chunks(whose("deadline")):
            found = await session.execute(
                select(
                    RoleAssignment.person_id,
                    RoleAssignment.org_id,
                    RoleAssignment.role,
                    RoleAssignment.unit_id,
                ).where(RoleAssignment.person_id.in_(chunk))
            )
            for person_id, org_id, role, unit_id in found:
                facts.roles[(person_id, org_id)].append((role, unit_id))
        if windows := of("registration"):
            found_windows = await session.scalars(
                select(RegistrationWindow).where(RegistrationWindow.id.in_(windows))
            )
            facts.windows = {window.id: window for window in found_windows}
        for chunk in in_chunks(whose("registration")):
            found = await session.execute(
                select(Commitment.person_id, Campaign.org_id, Commitment.year)
                .join(Campaign, Campaign.id == Commitment.campaign_id)
                .where(Commitment.person_id.in_(chunk))
                .distinct()
            )
            facts.registered.update((person_id, org_id, year) for person_id, org_id, year in found)
        if drives := of("drive_end"):
            facts.drives = {
                drive.id: drive for drive in await session.scalars(select(Drive).where(Drive.id.in_(drives)))
            }
            ending = list(facts.drives.values())
            of_units = any(drive.unit_ids is not None for drive in ending)
            # given to each drive as the plan reads it (decision 0534), and each person's unit: one read
            gave = [gave_to(drive).label(f"gave_{drive.id}") for drive in ending]
            for chunk in in_chunks(whose("drive_end") if ending else []):
                found = await session.execute(
                    select(Person.id, Person.unit_id, *gave).where(Person.id.in_(chunk))
                )
                for person_id, unit_id, *given in found:
                    facts.gave.update(
                        (drive.id, person_id) for drive, did in zip(ending, given, strict=True) if did
                    )
                    if of_units:
                        facts.units[person_id] = unit_id
        await facts._read_recorded(session, of("record"), whose("record", among=told_for), now=now)
        for chunk in in_chunks(whose("record")):  # one read for all, not one or two a reminder (2310)
            found = await session.execute(
                select(Person.id, Unit.name)
                .join(Unit, Unit.id == Person.unit_id)
                .where(Person.id.in_(chunk), Person.kind == "household")
            )
            facts.hamlets.update((person_id, name) for person_id, name in found)
        optional = whose(*(topic for topic in PRIORITY if topic != "deadline"))
        for chunk in in_chunks(optional):
            facts.optional_off.update(
                await session.scalars(
                    select(ReminderPreference.person_id).where(
                        ReminderPreference.person_id.in_(chunk), ReminderPreference.optional_off
                    )
                )
            )
            found = await session.execute(  # messages, not lines: the rows of one message share its key
                select(Reminder.person_id, func.count(Reminder.outbox_key.distinct()))
                .where(
                    Reminder.person_id.in_(chunk),
                    ~Reminder.must,
                    Reminder.sent_at > now - timedelta(days=7),
                )
                .group_by(Reminder.person_id)
            )
            facts.sent_lately.update((person_id, n) for person_id, n in found)
        return facts

    async def _read_recorded(
        self, session: AsyncSession, deadlines: list[int], people: list[int], *, now: datetime
    ) -> None:
        """Who among `people` (those an officer is told of) recorded anything in the campaign year of a report
        deadline: a gift not rejected, a result standing, by themself or through whoever records for them."""
        if not people:
            return
        for deadline_id in deadlines:
            deadline = self.deadlines.get(deadline_id)
            campaign = await session.get(Campaign, deadline.campaign_id) if deadline else None
            if campaign is not None:
                self.years[deadline_id] = campaign_year(campaign, local_date(now))
        years = sorted(set(self.years.values()))
        if not years:
            return
        for chunk in in_chunks(people):
            gave = select(Contribution.person_id, Contribution.year).where(
                Contribution.person_id.in_(chunk),
                Contribution.year.in_(years),
                Contribution.status != "rejected",
            )
            did = select(Result.person_id, Result.year).where(
                Result.person_id.in_(chunk), Result.year.in_(years), Result.status == "standing"
            )
            for query in (gave, did):
                found = await session.execute(query.distinct())
                self.recorded.update((person_id, year) for person_id, year in found)

    def taken_away(self, row: Reminder) -> bool:
        """What the reminder is of is no more: its registration window was taken away, or its drive was closed
        (before its end: it takes no more gifts, and its last days are not said) or, a drive of some units, no
        longer covers the unit its person is in now; or a deadline is no longer
        the person's to act on: the role it was for was taken from them since (a unit's leadership handed
        over: its new leader is reminded from the next day's rows; docs/decisions/0231)."""
        if row.topic == "deadline" and row.subject_id is not None:
            deadline = self.deadlines.get(row.subject_id)
            if deadline is None:
                return True
            return not _holds(self.roles.get((row.person_id, row.org_id), []), deadline.audience)
        if row.topic == "registration":
            return row.subject_id not in self.windows
        if row.topic == "drive_end":
            drive = self.drives.get(row.subject_id) if row.subject_id is not None else None
            if drive is None or drive.closed_at is not None:
                return True
            # of some units, and the person moved out of them since: it takes no gift of theirs (0499)
            return not takes_gifts_of(drive, self.units.get(row.person_id))
        return False

    def still_concerned(self, row: Reminder) -> bool:
        """False when the bot can see the thing is done: registered since, or given to the drive since."""
        if row.topic == "registration":
            window = self.windows.get(row.subject_id) if row.subject_id is not None else None
            return window is None or (row.person_id, row.org_id, window.year) not in self.registered
        if row.topic == "drive_end":
            return (row.subject_id, row.person_id) not in self.gave
        return True

    def recorded_this_year(self, row: Reminder) -> bool:
        """Whether the person of a report's reminder has recorded anything in its campaign year."""
        year = self.years.get(row.subject_id) if row.subject_id is not None else None
        return year is not None and (row.person_id, year) in self.recorded


# -------------------------------------------------------------------------------------------------------
# Told to the officer who acts for them (docs/decisions/0233)

# What an officer may do for someone without an account (`access.may_act_for`): register, record a result
# or a gift. A deadline's own reminder asks for a role's work, and a drive's last days for a gift: neither
# is said to an officer about someone else.
FOR_OFFICERS = ("registration", "record")


async def _without_account(session: AsyncSession, people: Sequence[int]) -> dict[int, Person]:
    """Among `people`, those an officer records for because no messenger account is theirs at all (a
    household without a phone, someone on the staff list without one): still of the organisation, not a
    donor. One whose account is blocked or was taken off is not among them: nobody speaks for them
    (docs/decisions/0043)."""
    return await _still_here(session, people, ~exists().where(ChannelIdentity.person_id == Person.id))


async def _blocked(session: AsyncSession, people: Sequence[int]) -> dict[int, Person]:
    """Among `people`, those still of the organisation (not donors) whose accounts are all blocked, at least
    one by them (they stopped the bot; one only taken off by an officer is not): no reminder reaches them and
    nobody may record for them (docs/decisions/0043), so their officers are told (docs/decisions/0234)."""
    return await _still_here(
        session,
        people,
        exists().where(ChannelIdentity.person_id == Person.id, ChannelIdentity.status == "blocked"),
        ~exists().where(ChannelIdentity.person_id == Person.id, ChannelIdentity.is_active),
    )


async def _away(session: AsyncSession, people: Sequence[int], today: date) -> dict[int, date]:
    """Among `people`, those away on long leave today (`access.away_on`, decision 0740): their last day."""
    found: dict[int, date] = {}
    for chunk in in_chunks(list(people)):
        away = select(Person.id, Person.away_until).where(Person.id.in_(chunk), away_on(today))
        found.update((person_id, until) for person_id, until in await session.execute(away))
    return found


def _after_leave(rows: Sequence[Reminder], until: date, settings: Settings, off: dict[int, DaysOff]) -> int:
    """The due `rows` of someone on long leave up to `until`: one whose deadline falls after it waits for her
    first working morning back (its other reminders of the deadline then `overtaken` by `_held_over`), so a
    deadline on the day she returns is still reminded; the others are skipped (decision 0762). How many were
    skipped."""
    skipped = 0
    for row in rows:
        at = due_time(until + timedelta(days=1), row.ends_on, settings, off[row.org_id])
        if local_date(at) > until and at < row.ends_at:
            row.due_at = at
        else:
            row.status = "skipped"
            skipped += 1
    return skipped


def _stopped_for_good(blocked: dict[int, Person]) -> list[int]:
    """Of those who blocked or stopped the bot, the ones nobody may record for: all but households, whose
    officer still records the cash they hand him (`access.may_act_for`, docs/decisions/0700). A household's
    is said with those he records for, with “/ghithay”."""
    return [person_id for person_id, person in blocked.items() if person.kind != "household"]


async def _readable(session: AsyncSession, people: Sequence[int]) -> set[int]:
    """Among `people`, those with an active messenger account: a reminder written to anyone else would be
    marked undeliverable at once, yet counted as sent in the digest and against the weekly cap. What such a
    person's officer may do for them is said to the officer (`FOR_OFFICERS`); the rest is said to nobody
    (decision 0488)."""
    found: set[int] = set()
    for chunk in in_chunks(list(people)):
        found.update(
            await session.scalars(
                select(ChannelIdentity.person_id)
                .where(ChannelIdentity.person_id.in_(chunk), ChannelIdentity.is_active)
                .distinct()
            )
        )
    return found


async def _still_here(
    session: AsyncSession, people: Sequence[int], *accounts: ColumnElement[bool]
) -> dict[int, Person]:
    """Among `people`, those still of the organisation, not donors, whose accounts are as `accounts` say."""
    found: dict[int, Person] = {}
    for chunk in in_chunks(list(people)):
        found.update(
            (person.id, person)
            for person in await session.scalars(
                select(Person).where(
                    Person.id.in_(chunk), Person.kind != "donor", Person.left_on.is_(None), *accounts
                )
            )
        )
    return found


class _Officers:
    """Who hears of a person's reminders for them: the officers of the person's unit who can be reached;
    when the unit has none (or none reachable), the organisation's officers of the whole organisation. Read
    once per scan, for every organisation of the people without an account, in one query (it was one per
    unit)."""

    def __init__(self) -> None:
        self.known: dict[tuple[int, int | None], list[int]] = defaultdict(list)

    @classmethod
    async def read(cls, session: AsyncSession, people: Sequence[Person]) -> _Officers:
        officers = cls()
        orgs = sorted({person.org_id for person in people})
        if not orgs:
            return officers
        found = await session.execute(
            select(RoleAssignment.org_id, RoleAssignment.unit_id, RoleAssignment.person_id)
            .join(Person, Person.id == RoleAssignment.person_id)
            .where(
                RoleAssignment.org_id.in_(orgs),
                RoleAssignment.role == "officer",
                Person.left_on.is_(None),
                exists().where(
                    ChannelIdentity.person_id == RoleAssignment.person_id,
                    ChannelIdentity.is_active,
                ),
            )
            .distinct()
            .order_by(RoleAssignment.org_id, RoleAssignment.unit_id, RoleAssignment.person_id)
        )
        for org_id, unit_id, person_id in found:
            officers.known[org_id, unit_id].append(person_id)
        return officers

    def of(self, person: Person) -> list[int]:
        ours = self.known.get((person.org_id, person.unit_id), []) if person.unit_id else []
        return [
            officer for officer in ours or self.known.get((person.org_id, None), []) if officer != person.id
        ]


@dataclass(frozen=True)
class ForOfficer:
    """One line of an officer's message: in one unit (its name), who have not done what one reminder asks.
    `blocked`: they stopped the bot (said apart: nobody may record for them)."""

    place: str
    topic: str
    year: int
    title: str
    ends_on: date
    names: tuple[str, ...]
    households: bool
    blocked: bool = False

    def text(self, locale: str) -> str:
        n, names, when = len(self.names), ", ".join(self.names), format_date(self.ends_on, locale)
        if self.topic == "registration":
            line = (
                translate_plural(
                    locale,
                    "{place}: {n} household has not registered for {year}, due {date}: {names}.",
                    "{place}: {n} households have not registered for {year}, due {date}: {names}.",
                    n,
                )
                if self.households
                else translate_plural(
                    locale,
                    "{place}: {n} person has not registered for {year}, due {date}: {names}.",
                    "{place}: {n} people have not registered for {year}, due {date}: {names}.",
                    n,
                )
            )
        else:
            line = (
                translate_plural(
                    locale,
                    "{place}: {n} registered household has recorded nothing this year ({title}, due "
                    "{date}): {names}.",
                    "{place}: {n} registered households have recorded nothing this year ({title}, due "
                    "{date}): {names}.",
                    n,
                )
                if self.households
                else translate_plural(
                    locale,
                    "{place}: {n} registered person has recorded nothing this year ({title}, due "
                    "{date}): {names}.",
                    "{place}: {n} registered people have recorded nothing this year ({title}, due "
                    "{date}): {names}.",
                    n,
                )
            )
        return line.format(place=self.place, n=n, year=self.year, title=self.title, date=when, names=names)


def officer_text(locale: str, lines: Sequence[ForOfficer]) -> str:
    """An officer's message of the day: those without an account they act for, who are not reminded; apart,
    those who stopped the bot, for whom nobody may record (docs/decisions/0043): told only what is true."""
    said = []
    if recorded_for := [line for line in lines if not line.blocked]:
        head = translate(
            locale,
            "From Chung Tay, on those you record for (they do not use Chung Tay, so get no reminders):",
        )
        foot = translate(locale, "To record for them: /ghithay")
        said.append("\n".join([head, *(f"• {line.text(locale)}" for line in recorded_for), foot]))
    if blocked := [line for line in lines if line.blocked]:
        head = translate(
            locale,
            "From Chung Tay, on people who have stopped receiving messages from the bot (they blocked "
            "it, or stopped it themselves): they get no reminders, and nobody may record for them. You may "
            "tell them in person; once they send /start to the bot, they can do it themselves.",
        )
        said.append("\n".join([head, *(f"• {line.text(locale)}" for line in blocked)]))
    return "\n\n".join(said)


async def _tell_officers(
    session: AsyncSession,
    told: dict[int, list[tuple[Person, Reminder]]],
    blocked: set[int],
    windows: dict[int, RegistrationWindow],
    *,
    now: datetime,
    settings: Settings,
) -> dict[str, int]:
    """One message per officer for the morning: per unit and reminder, the names of those they act for who
    have not done what it asks; their rows marked sent, keyed by that message (a second scan finds nothing
    due)."""
    counts: dict[str, int] = defaultdict(int)
    if not told:
        return counts
    units = await session.execute(
        select(Unit.id, Unit.name).where(
            Unit.id.in_({p.unit_id for rows in told.values() for p, _ in rows if p.unit_id})
        )
    )
    unit_names = dict(units.all())
    org_names = dict(
        (
            await session.execute(
                select(Organisation.id, Organisation.name).where(
                    Organisation.id.in_({p.org_id for rows in told.values() for p, _ in rows})
                )
            )
        ).all()
    )
    years: dict[int, int] = {}
    keys: dict[int, str] = {}
    for officer_id, rows in sorted(told.items()):
        grouped: dict[tuple[str, str, int | None, date, bool], list[tuple[Person, Reminder]]]
        grouped = defaultdict(list)
        for person, row in rows:
            place = unit_names.get(person.unit_id) if person.unit_id else None
            where = place or org_names[person.org_id]
            grouped[(where, row.topic, row.subject_id, row.ends_on, person.id in blocked)].append(
                (person, row)
            )
        lines = []
        for (place, topic, subject_id, ends_on, stopped), said in sorted(
            grouped.items(), key=lambda item: (sort_key(item[0][0]), item[0][3], item[0][1])
        ):
            if topic == "registration" and subject_id not in years:
                window = windows.get(subject_id)
                years[subject_id] = window.year if window else ends_on.year
            year = years.get(subject_id, ends_on.year) if topic == "registration" else ends_on.year
            names = tuple(sorted({p.full_name for p, _ in said}, key=sort_key))
            households = all(p.kind == "household" for p, _ in said)
            lines.append(
                ForOfficer(place, topic, year, said[0][1].title, ends_on, names, households, stopped)
            )
        ids = sorted({row.id for _, row in rows})
        digest = hashlib.blake2b(",".join(map(str, ids)).encode(), digest_size=10).hexdigest()
        key = f"reminder:for:{officer_id}:{local_date(now):%Y%m%d}:{digest}"
        await enqueue_for(
            session,
            key=key,
            person_id=officer_id,
            render=lambda locale, lines=lines: OutboundMessage(text=officer_text(locale, lines)),
            now=now,
            expires_at=min(row.ends_at for _, row in rows),
            default_locale=settings.default_locale,
        )
        counts["messages"] += 1
        for _, row in rows:
            keys.setdefault(row.id, key)  # the first officer's message, when several were told
    marked = {row.id: (person, row) for rows in told.values() for person, row in rows}
    for person, row in marked.values():
        row.status, row.sent_at, row.unit_id, row.outbox_key = "sent", now, person.unit_id, keys[row.id]
    counts["reminders"] += len(marked)
    return counts


async def _next_steps(session: AsyncSession, rows: list[Reminder], lives: datetime) -> list[Offer]:
    """The work a reminder asks for, a press away: the year's report before a report's date, the award
    proposals before a dossier's, the registration before its window closes (as /dangky typed), a gift to the
    drive whose last days it says (its kinds asked first, as an appeal's “Give now”; with two drives ending,
    which one). The flows check the reader's roles and whether the drive still takes their gift when
    pressed (decision 0487)."""
    drives = sorted({row.subject_id for row in rows if row.topic == "drive_end" and row.subject_id})
    own: list[Offer] = []
    if len(drives) == 1:  # in its words: “Đăng ký ngày công” for a drive of days of work only (1652)
        label = give_label(await session.get(Drive, drives[0]))
        own.append(Offer("appeal_give", label, lives, {"drive_id": drives[0]}))
    elif drives:
        own.append(Offer("give", lambda locale: translate(locale, "Give now"), lives))
    if any(row.topic == "registration" for row in rows):  # as /dangky typed: which year, when two are open
        own.insert(0, Offer("register", lambda locale: translate(locale, "Register my commitment"), lives))
    deadlines = [row.subject_id for row in rows if row.topic == "deadline" and row.subject_id is not None]
    if not deadlines:
        return own
    codes = await session.scalars(select(Deadline.code).where(Deadline.id.in_(deadlines)))
    kinds = {deadline_kind(code) for code in codes}  # read as the reminder's lines read them
    steps = []
    if "report" in kinds:
        steps.append(
            Offer("year_report", lambda locale: translate(locale, "The year's report (Word)"), lives)
        )
    if "award" in kinds:
        steps.append(Offer("awards", lambda locale: translate(locale, "Awards"), lives))
    return [*steps, *own]


@dataclass
class _Sifted:
    """What `_sift` did to a person's rows beside those kept: counted, and the rows to delete."""

    counts: dict[str, int]
    gone: list[Reminder]


def _too_late_to_record(row: Reminder, facts: _Facts, now: datetime) -> bool:
    """A report's "record" reminder found only after the year reported on (`campaigns.report_year`) ended:
    due on 31 December and the bot down, or put off with “Nhắc lại sau 1 ngày” into January. What one records
    now counts for the new year (decision 0076) and cannot complete that report: not said (decision 0552)."""
    if row.topic != "record" or (deadline := facts.deadlines.get(row.subject_id or 0)) is None:
        return False
    return local_date(now).year > report_year(deadline, row.ends_on)


def _sift(
    person_id: int,
    rows: list[Reminder],
    facts: _Facts,
    *,
    now: datetime,
    settings: Settings,
    told_for: bool = False,
) -> tuple[list[Reminder], _Sifted]:
    """The person's due rows still to say (the others cancelled, done or skipped, and counted), from what the
    scan read of everyone at once (`_Facts`). `told_for`: they go to the officer who acts for the person
    (`_tell_officers`), who is asked to record only for those who have recorded nothing this year."""
    sifted = _Sifted(defaultdict(int), [])
    counts = sifted.counts
    keep: list[Reminder] = []
    for row in rows:
        if (
            row.topic in ("deadline", "record")
            and row.subject_id is not None
            and _moved(facts.deadlines.get(row.subject_id), row.ends_on)
        ):
            # its day is not the deadline's any more: never said; deleted, so that the next `derive` writes
            # the reminders of the new day under the same keys (docs/decisions/0231)
            sifted.gone.append(row)
            counts["cancelled"] += 1
        elif row.ends_at <= now or facts.taken_away(row) or _too_late_to_record(row, facts, now):
            # its deadline passed (never sent late), what it is of was taken away, or its year to record ended
            row.status = "cancelled"
            counts["cancelled"] += 1
        elif not facts.still_concerned(row) or (
            told_for and row.topic == "record" and facts.recorded_this_year(row)
        ):
            row.status, row.done_how, row.acted_at = "done", "verified", now
            counts["done"] += 1
        else:
            keep.append(row)
    optional = [row for row in keep if not row.must]
    if optional:
        if person_id in facts.optional_off:
            allowed = 0
        else:
            # The cap counts messages (decision 0269): under it, this morning's one message says them all.
            under = facts.sent_lately.get(person_id, 0) < settings.reminder_optional_cap
            allowed = len(optional) if under else 0
        for row in optional[allowed:]:  # rows come highest priority first
            row.status = "skipped"
            counts["skipped"] += 1
        keep = [row for row in keep if row.must or row in optional[:allowed]]
    return keep, sifted


async def _notice(
    session: AsyncSession,
    person_id: int,
    keep: list[Reminder],
    readings: Readings,
    facts: _Facts,
    *,
    now: datetime,
    in_break: Collection[date] = (),
) -> Notice:
    """The one message to the person saying `keep` (rows `_sift` kept), with its buttons; written with the
    batch's others by `_send`."""
    ids = [row.id for row in keep]
    digest = hashlib.blake2b(
        ",".join(f"{row.id}.{row.snoozes}" for row in keep).encode(), digest_size=10
    ).hexdigest()
    key = f"reminder:{person_id}:{local_date(now):%Y%m%d}:{digest}"
    lives = min(row.ends_at for row in keep)
    # Said now, from the data as it stands: a deadline in the reader's words, with where they stand.
    items: list[tuple[str, str, date] | DeadlineLine | RegistrationLine] = []
    for row in keep:  # one row per deadline: a farther one due with it was overtaken (`_held_over`)
        if row.topic == "deadline":
            items += await deadline_lines(readings, person_id, row.subject_id, row.title, row.ends_on)
        elif row.topic == "registration":  # its window is there: read with the scan's facts
            window = facts.windows[row.subject_id]
            items.append(RegistrationLine(window.year, row.ends_on))
        elif row.topic == "record" and (hamlet := facts.hamlets.get(person_id)) is not None:
            items.append(("record_household", hamlet, row.ends_on))  # in the household's words (2310)
        else:
            items.append((row.topic, row.title, row.ends_on))
    return Notice(
        key=key,
        person_id=person_id,
        render=lambda locale: OutboundMessage(
            text=reminder_text(locale, items, today=local_date(now), in_break=in_break)
        ),
        offers=[
            *await _next_steps(session, keep, lives),
            Offer(
                "reminder_later",
                lambda locale: translate(locale, "Remind me in a day"),
                lives,
                {"reminders": ids},
                once=True,
            ),
            Offer(
                "reminder_done",
                lambda locale: translate(locale, "Done"),
                lives,
                {"reminders": ids},
                once=True,
            ),
        ],
        expires_at=lives,
    )


async def _send(
    session: AsyncSession, notices: list[tuple[Notice, list[Reminder]]], *, now: datetime, settings: Settings
) -> None:
    """The batch's messages written at once (`notify_many`: a fixed number of statements, not seven or eight
    a message), and their rows marked sent with the message's key and the unit the person is in now (the
    digest counts the reminder there, docs/decisions/0034); a message whose key was written before (the
    cause ran before) is not written again, its rows are marked all the same."""
    if not notices:
        return
    await notify_many(
        session, [notice for notice, _ in notices], now=now, default_locale=settings.default_locale
    )
    units: dict[int, int | None] = {}
    for chunk in in_chunks([notice.person_id for notice, _ in notices]):
        found = await session.execute(select(Person.id, Person.unit_id).where(Person.id.in_(chunk)))
        units.update({person_id: unit_id for person_id, unit_id in found})
    for notice, keep in notices:
        for row in keep:  # written with the session's flush: one UPDATE sent for many rows
            row.status, row.sent_at, row.outbox_key = "sent", now, notice.key
            row.unit_id = units[notice.person_id]


def reminder_text(
    locale: str,
    items: Sequence[tuple[str, str, date] | DeadlineLine | RegistrationLine],
    *,
    today: date,
    in_break: Collection[date] = (),
) -> str:
    """One message for all of a person's reminders of the day: a deadline's line as its reader reads it
    (bot.domain.reminder_lines), the others by their topic. A deadline or report due on a day of `in_break`
    (a holiday of the reader's organisation) is said to fall in the holiday (docs/decisions/0662)."""
    lines = [translate(locale, "A reminder from Chung Tay:")]
    for item in items:
        if isinstance(item, DeadlineLine):
            lines.append(f"• {replace(item, in_break=item.ends_on in in_break).text(locale)}")
            continue
        if isinstance(item, RegistrationLine):
            line = translate(
                locale, "Registration for {year} is open until {date}. You can register with /dangky."
            ).format(year=item.year, date=format_date(item.closes_on, locale))
            lines.append(f"• {line}")
            continue
        topic, title, ends_on = item
        when = format_date(ends_on, locale)
        if topic == "record":
            line = translate(
                locale,
                "{title} is due on {date}. If you have given something not yet recorded, please record it "
                "with /donggop so that the unit's report is complete.",
            ).format(title=title, date=when)
        elif topic == "record_household":  # `title`: the household's hamlet, whose report it is (2310)
            line = translate(
                locale,
                "{unit} gathers what its households gave for its report, due on {date}. If the household "
                "gave something not yet recorded, please type it, for example: give 200k or 2 labour days. "
                "The household need do nothing else.",
            ).format(unit=title, date=when)
        elif topic == "drive_end":
            line = translate(locale, "{drive} ends on {date}. You can give with /donggop.")
            line = sentence(line.format(drive=drive_named(locale, title), date=when))
        else:
            line = DeadlineLine(title, ends_on).text(locale)
        if topic in ("record", "record_household") and ends_on in in_break:  # the report's day (0662)
            line = f"{line} {in_break_said(locale)}"
        lines.append(f"• {line}")
    return "\n".join(lines)


# -------------------------------------------------------------------------------------------------------
# The person's answers


async def snooze(
    session: AsyncSession, person_id: int, ids: Sequence[int], *, now: datetime, settings: Settings
) -> tuple[int, datetime | None]:
    """ "Remind me in a day": the person's sent reminders among `ids` are due again a day later (outside quiet
    hours and holidays); those whose deadline comes first are left alone. (how many, when)."""
    rows = (
        await session.scalars(
            select(Reminder).where(
                Reminder.id.in_(list(ids)), Reminder.person_id == person_id, Reminder.status == "sent"
            )
        )
    ).all()
    again: datetime | None = None
    moved = 0
    off = await days_off_of(session, sorted({row.org_id for row in rows}))
    for row in rows:
        at = later(now, row.ends_at, settings, off[row.org_id])
        row.acted_at = now
        if at >= row.ends_at:
            continue
        row.status, row.due_at, row.snoozes = "due", at, row.snoozes + 1
        again, moved = at, moved + 1
    return moved, again


def _seen_done(facts: _Facts, row: Reminder) -> bool:
    """Whether the bot can see that what `row` asks is done: registered since, or given to the drive since."""
    return row.topic in ("registration", "drive_end") and not facts.still_concerned(row)


async def seen_done(session: AsyncSession, person_id: int, ids: Sequence[int], *, now: datetime) -> set[str]:
    """Before "Remind me in a day": the person's sent reminders among `ids` whose thing the bot sees done
    (registered since, given to the drive since) are done, verified, as the next scan would find them, which
    would say nothing: "I will remind you at 08:00" was a promise never kept (decision 0500). Their topics."""
    rows = (
        await session.scalars(
            select(Reminder).where(
                Reminder.id.in_(list(ids)), Reminder.person_id == person_id, Reminder.status == "sent"
            )
        )
    ).all()
    facts = await _Facts.read(
        session, {person_id: list(rows)}, set(), Readings(session, local_date(now)), now=now
    )
    done = [row for row in rows if _seen_done(facts, row)]
    for row in done:
        row.status, row.acted_at, row.done_how = "done", now, "verified"
    await session.flush()  # the session does not flush by itself: `snooze` reads them no longer sent
    return {row.topic for row in done}


async def mark_done(session: AsyncSession, person_id: int, ids: Sequence[int], *, now: datetime) -> int:
    """ "Done": verified where the bot can see it (registered, or given to the drive), else the person's word.
    No further reminder of these occurrences is sent."""
    rows = (
        await session.scalars(
            select(Reminder).where(
                Reminder.id.in_(list(ids)),
                Reminder.person_id == person_id,
                Reminder.status.in_(("sent", "due")),
            )
        )
    ).all()
    # whether it is done, as the scan sifts it (`_Facts.still_concerned`)
    facts = await _Facts.read(
        session, {person_id: list(rows)}, set(), Readings(session, local_date(now)), now=now
    )
    for row in rows:
        verified = _seen_done(facts, row)
        row.status, row.acted_at, row.done_how = "done", now, "verified" if verified else "said"
    # Later occurrences of the same thing (the 1-day reminder after the 7-day one) are done too.
    subjects = {(row.topic, row.subject_id, row.ends_on) for row in rows}
    for topic, subject, ends_on in subjects:
        await session.execute(
            update(Reminder)
            .where(
                Reminder.person_id == person_id,
                Reminder.topic == topic,
                Reminder.subject_id == subject,
                Reminder.ends_on == ends_on,
                Reminder.status == "due",
            )
            .values(status="done", acted_at=now, done_how="said")
        )
    return len(rows)


async def said_by_digest(
    session: AsyncSession, keys: dict[int, str], deadlines: Sequence[tuple[int, date]], *, now: datetime
) -> None:
    """The reminders of `deadlines` (a plan's deadline and its day) due to each reader of `keys` (a person and
    the key of the digest just written for them) later today, recorded sent with that digest: it says the
    deadline, with its next step a press away, and its reader is not told it again within the hour (decision
    0805). Counted as sent that week, and acted on when the reader acts; the nearer one, the day before, goes.
    One statement for all the readers, each row given its reader's key; rows are written only on a morning
    a reminder falls on the digest's day. A digest that never reaches its reader gives them back to the
    scan (`unsaid_by_digest`, decision 0828)."""
    if not keys or not deadlines:
        return
    dialect = (await session.connection()).dialect.name
    await session.execute(
        update(Reminder)
        .where(
            Reminder.topic == "deadline",
            Reminder.status == "due",
            Reminder.due_at < _end_of(local_date(now)),
            among(dialect, Reminder.person_id, list(keys), BigInteger()),
            or_(*(and_(Reminder.subject_id == id_, Reminder.ends_on == on) for id_, on in deadlines)),
        )
        .values(
            status="sent",
            sent_at=now,
            outbox_key=looked_up(dialect, Reminder.person_id, keys),
            unit_id=select(Person.unit_id).where(Person.id == Reminder.person_id).scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )


# What became of a digest that never reached its reader: the messenger refused it and it was given up, it
# expired unsent (a day late), or no account of hers took it.
UNREAD_DIGEST = ("failed", "expired", "blocked", "undeliverable")
# How far back a reminder said by a digest is looked at: the digest is given up or expires within a day
# of being written (sender.GIVE_UP_AFTER, digests.LATE_LIMIT), the morning its reminders were due.
SAID_BY_DIGEST_WITHIN = timedelta(hours=36)


async def unsaid_by_digest(session: AsyncSession, *, now: datetime) -> int:
    """The deadline reminders recorded sent with a digest (`said_by_digest`) whose digest never reached
    its reader are due again, as they were: the scan says them at their hour, or at once if it passed,
    the nearer one alone if two of one deadline are due by then (decision 0828). Nothing is lost. One
    acted on meanwhile, or whose deadline's next reminder went since, stays as it is. How many. Read on
    the index of due times, over the last SAID_BY_DIGEST_WITHIN."""
    unread = select(OutboxMessage.id).where(
        OutboxMessage.key == Reminder.outbox_key, OutboxMessage.status.in_(UNREAD_DIGEST)
    )
    nearer = aliased(Reminder)  # the same deadline's next reminder to her, said or done since: it stands
    overtaken = select(nearer.id).where(
        nearer.person_id == Reminder.person_id,
        nearer.topic == Reminder.topic,
        nearer.subject_id == Reminder.subject_id,
        nearer.ends_on == Reminder.ends_on,
        nearer.due_at > Reminder.due_at,
        nearer.status != "due",
    )
    result = await session.execute(
        update(Reminder)
        .where(
            Reminder.status == "sent",
            Reminder.due_at >= now - SAID_BY_DIGEST_WITHIN,
            Reminder.due_at < now + timedelta(days=1),
            Reminder.topic == "deadline",
            Reminder.outbox_key.like("digest:%"),
            Reminder.ends_at > now,
            Reminder.acted_at.is_(None),  # she acted on it meanwhile (“Đã xong” on another): it is done
            exists(unread),
            ~exists(overtaken),
        )
        .values(status="due", sent_at=None, outbox_key=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
