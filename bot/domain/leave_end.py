"""A long leave ending: a unit head's, while someone still holds the leader role given for it (decision 0903),
and anyone's, while a drive her colleagues were asked to give to is still open (decision 0904).

While a head is away her unit's weekly digest waits for her, and the office gives the leader role to whoever
stands in (decision 0789). From the day after her last day of leave she reads it again, with its rights, and
so does the stand-in until the office takes the role back: two leaders, or the stand-in alone when the head
is slow to open the chat. The bot does not take the role back itself (the office may want a handover week,
or the stand-in to stay a deputy): on the first night after her leave, the stand-in and whoever may take the
role back (`access.may_grant_role`) are told once. Nothing is said of why she was away.

While away, no appeal reaches her, and one written for her and waiting stays cancelled on her return (0740):
on her first morning back a drive still open, appealed for to the others meanwhile, would reach her only by
a follow-up, which goes only to those the first appeal reached. She is told of it once, as news: giving is
voluntary, nothing of what she missed is sent again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import LOCAL_TZ, local_date
from bot.config import Settings
from bot.db.models import Appeal, AuditLog, Drive, Organisation, Person, RoleAssignment, Unit
from bot.delivery.actions import notify
from bot.delivery.outbox import reach
from bot.delivery.transport import OutboundMessage
from bot.domain.access import actor_for, is_away, may_grant_role
from bot.domain.appeals import AppealError, Audience, asks, audience_query
from bot.domain.giving import gave_to
from bot.domain.notices import quiet_until
from bot.i18n import Translator, drive_named

# How long after a leave's end a night's job still says it: the bot down over a weekend says it late, once.
CATCH_UP = timedelta(days=7)
KEY = "notice:leave_ended"
BACK_KEY = "notice:back_from_leave"


@dataclass(frozen=True)
class Ended:
    head: Person
    last_day: date
    unit_id: int | None  # the unit she leads; None: the whole organisation
    led: str  # the unit's name, or the organisation's
    stand_ins: Sequence[Person]


async def _leave_began(session: AsyncSession, person_id: int, last_day: date) -> datetime | None:
    """When the leave ending on `last_day` was first recorded: its `person.away` audit rows, a later day
    recorded over an earlier one included (an extension), after any return or leave that ended before."""
    began: datetime | None = None
    until: date | None = None
    for at, action, details in await session.execute(
        select(AuditLog.at, AuditLog.action, AuditLog.details)
        .where(AuditLog.entity == "person", AuditLog.entity_id == person_id)
        .where(AuditLog.action.in_(("person.away", "person.back_from_leave")))
        .order_by(AuditLog.at, AuditLog.id)
    ):
        if action == "person.back_from_leave":
            began = until = None
            continue
        if began is None or until is None or until < local_date(at):
            began = at
        until = date.fromisoformat(details["until"])
    return began if until == last_day else None


async def leaves_ended(session: AsyncSession, today: date) -> list[Ended]:
    """The leaders whose long leave ended in the last week, each with the leader role of her unit held by
    others given it during her leave (none: nothing to hand back, left out)."""
    found: list[Ended] = []
    heads = await session.execute(
        select(Person, RoleAssignment.unit_id)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(
            RoleAssignment.role == "leader",
            RoleAssignment.org_id == Person.org_id,
            Person.left_on.is_(None),
            Person.away_until >= today - CATCH_UP,
            Person.away_until < today,
        )
        .order_by(Person.id, RoleAssignment.unit_id)
    )
    for head, unit_id in heads:
        assert head.away_until is not None
        began = await _leave_began(session, head.id, head.away_until)
        if began is None:
            continue
        ended = datetime.combine(head.away_until + timedelta(days=1), time(), LOCAL_TZ)
        stand_ins = list(
            await session.scalars(
                select(Person)
                .join(RoleAssignment, RoleAssignment.person_id == Person.id)
                .where(
                    RoleAssignment.role == "leader",
                    RoleAssignment.org_id == head.org_id,
                    RoleAssignment.unit_id.is_(None)
                    if unit_id is None
                    else RoleAssignment.unit_id == unit_id,
                    RoleAssignment.granted_at >= began,
                    RoleAssignment.granted_at < ended,
                    Person.id != head.id,
                    Person.left_on.is_(None),
                )
                .order_by(Person.full_name, Person.id)
            )
        )
        if not stand_ins:
            continue
        led = await session.scalar(
            select(Organisation.name).where(Organisation.id == head.org_id)
            if unit_id is None
            else select(Unit.name).where(Unit.id == unit_id)
        )
        found.append(Ended(head, head.away_until, unit_id, led or "", stand_ins))
    return found


async def _office(session: AsyncSession, ended: Ended, today: date) -> list[int]:
    """Who may take the role back (`access.may_grant_role`), at work today: the admins of the organisation,
    each asked of the rule; the head and her stand-ins aside."""
    aside = {ended.head.id, *(p.id for p in ended.stand_ins)}
    admins = await session.scalars(
        select(Person)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.role == "admin", RoleAssignment.org_id == ended.head.org_id)
        .where(Person.org_id == ended.head.org_id, Person.left_on.is_(None))
        .distinct()
        .order_by(Person.id)
    )
    return [
        admin.id
        for admin in admins
        if admin.id not in aside
        and not is_away(admin, today)
        and may_grant_role(await actor_for(session, admin), "leader", admin.org_id, ended.unit_id)
    ]


def _to_office(locale: str, ended: Ended) -> OutboundMessage:
    t = Translator(locale)
    names = ", ".join(p.full_name for p in ended.stand_ins)
    return OutboundMessage(
        text=t(
            "{head} is back from long leave (last day {day}) and again receives the weekly digest of {unit}. "
            "{names} still hold the leader role of {unit} given for the leave: if it is no longer needed, "
            "please take it back in “Roles”, /roles."
        ).format(head=ended.head.full_name, day=t.date(ended.last_day), unit=ended.led, names=names)
    )


def _to_stand_in(locale: str, ended: Ended) -> OutboundMessage:
    t = Translator(locale)
    return OutboundMessage(
        text=t(
            "{head} is back from long leave (last day {day}) and again receives the weekly digest of {unit}. "
            "You still hold the leader role of {unit} given for the leave, until the office takes it back; "
            "the office has been told."
        ).format(head=ended.head.full_name, day=t.date(ended.last_day), unit=ended.led)
    )


async def _missed_drives(session: AsyncSession, person: Person, began: datetime, today: date) -> list[Drive]:
    """The drives open today that an appeal asking for a gift, written during her leave, was about, and that
    it would ask of her today (`audience_query` as its author reads it: her unit, her role, appeals on, not
    given yet, not the one it helps), in the order they end."""
    assert person.away_until is not None
    ended = datetime.combine(person.away_until + timedelta(days=1), time(), LOCAL_TZ)
    appeals = await session.scalars(
        select(Appeal)
        .join(Drive, Drive.id == Appeal.drive_id)
        .where(
            Appeal.org_id == person.org_id,
            Appeal.status == "written",
            Appeal.follow_up_of.is_(None),
            Appeal.created_at >= began,
            Appeal.created_at < ended,
            Drive.closed_at.is_(None),
            Drive.starts_on <= today,
            Drive.ends_on >= today,
        )
        .order_by(Drive.ends_on, Drive.id, Appeal.id)
    )
    found: dict[int, Drive] = {}
    for appeal in appeals:
        if appeal.drive_id is None or appeal.drive_id in found or not asks(appeal):
            continue
        author = await actor_for(session, await session.get(Person, appeal.created_by))
        if author is None:
            continue
        drive = await session.get_one(Drive, appeal.drive_id)
        try:
            people = await audience_query(
                session, author, Audience.from_json(appeal.audience), today=today, drive_id=drive.id
            )
        except AppealError:  # the author may no longer send it: nobody's to say
            continue
        scope = appeal.audience.get("scope")
        if scope is not None:
            people = people.where(Person.unit_id.in_(scope))
        asked = people.where(Person.id == person.id, ~gave_to(drive))
        if await session.scalar(select(exists(asked))):
            found[drive.id] = drive
    return list(found.values())


def _welcome(locale: str, drives: Sequence[Drive]) -> OutboundMessage:
    t = Translator(locale)
    named = "; ".join(
        t("{drive} (until {day})").format(drive=drive_named(locale, d.title), day=t.date(d.ends_on))
        for d in drives
    )
    return OutboundMessage(
        text=t(
            "Welcome back. While you were on leave your colleagues were asked to give to {drives}, "
            "still open. Giving is voluntary: if you wish, choose “Record a contribution” in the menu."
        ).format(drives=named)
    )


async def tell_back_of_drives(session: AsyncSession, *, now: datetime, settings: Settings) -> int:
    """Each colleague whose long leave ended in the last week, appeals on, told once (keyed by person and
    last day) of the drives still open that she was left out of asking (`_missed_drives`); nothing when there
    are none. How many notices were written."""
    today = local_date(now)
    due = quiet_until(max(now, datetime.combine(today, time(settings.reminder_hour), LOCAL_TZ)), settings)
    back = await session.scalars(
        select(Person)
        .where(
            Person.kind == "staff",
            Person.left_on.is_(None),
            Person.appeals_off.is_(False),
            Person.away_until >= today - CATCH_UP,
            Person.away_until < today,
        )
        .order_by(Person.id)
    )
    written = 0
    for person in list(back):
        assert person.away_until is not None
        key = f"{BACK_KEY}:{person.id}:{person.away_until.isoformat()}"
        began = await _leave_began(session, person.id, person.away_until)
        if began is None or await reach(session, person.id) is None:
            continue
        drives = await _missed_drives(session, person, began, today)
        if not drives:
            continue
        written += (
            await notify(
                session,
                key=key,
                person_id=person.id,
                render=lambda locale, drives=drives: _welcome(locale, drives),
                now=now,
                not_before=due,
                default_locale=settings.default_locale,
            )
            is not None
        )
    return written


async def tell_leave_ended(session: AsyncSession, *, now: datetime, settings: Settings) -> int:
    """Each leave of a leader ended in the last week with a stand-in still holding her role: the stand-ins
    and the office told once (keyed by head, last day, unit and reader), in the morning after the quiet hours.
    How many notices were written."""
    today = local_date(now)
    due = quiet_until(max(now, datetime.combine(today, time(settings.reminder_hour), LOCAL_TZ)), settings)
    written = 0
    for ended in await leaves_ended(session, today):
        readers = [(p.id, _to_stand_in) for p in ended.stand_ins]
        readers += [(person_id, _to_office) for person_id in await _office(session, ended, today)]
        for person_id, render in readers:
            if await reach(session, person_id) is None:
                continue
            key = f"{KEY}:{ended.head.id}:{ended.last_day.isoformat()}:{ended.unit_id or 0}:{person_id}"
            written += (
                await notify(
                    session,
                    key=key,
                    person_id=person_id,
                    render=lambda locale, ended=ended, render=render: render(locale, ended),
                    now=now,
                    not_before=due,
                    default_locale=settings.default_locale,
                )
                is not None
            )
    return written
