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
voluntary, nothing of what she missed is sent again.

A treasurer's or an officer's role given to stand in for a colleague on leave, naming her
(`roles.grant_role`'s `covers`), is not a second holder's to keep: it lets its holder see each colleague's
amounts. On the first night after that colleague's leave (its last day past), or as she is recorded back
early by “đã đi làm lại” (decision 1542), the bot takes it back itself, with an audit row saying why, and
tells the stand-in, the colleague back and whoever gave it (1543), in the same transaction (decision 1430);
covering two colleagues, at the last one's return (1544). Where that colleague no longer holds the role it
covers (taken from her, or she left the organisation, during her leave), the stand-in no longer ends by
itself: it is held plainly from then, the office told once to keep it or take it back, she told nothing
(decision 1488)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from babel.lists import format_list
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import LOCAL_TZ, local_date
from bot.config import Settings
from bot.db.models import Appeal, AuditLog, Drive, Organisation, OutboxMessage, Person, RoleAssignment, Unit
from bot.delivery.actions import notify
from bot.delivery.outbox import recipients
from bot.delivery.transport import OutboundMessage
from bot.domain.access import COVERED_ROLES, Operator, actor_for, is_away, may_grant_role
from bot.domain.appeals import AppealError, Audience, asks, audience_query
from bot.domain.audit import audit
from bot.domain.giving import gave_to
from bot.domain.notices import commune_and_level, role_at, role_place
from bot.domain.reminders import working_mornings
from bot.domain.roles import (
    DEPUTY,
    REASON_SAID,
    STAND_IN,
    covered_heads,
    kept_records,
    records_of,
    revoke_role,
    said_of,
    said_since,
)
from bot.i18n import Translator, drive_named

# How long after a leave's end a night's job still says it: the bot down over a weekend says it late, once.
CATCH_UP = timedelta(days=7)
# How long before her leave was first recorded a leader role given for her unit may still be the stand-in's:
# an office gives the role the day the head says she will be off and records the leave when it begins, or
# weeks later with the month's timesheet (decisions 1016, 1120). Given so, it may as well be a deputy's
# appointed for good: both are told she is back, neither that the role was given for the leave. A leader
# given the role earlier is a second leader, not told. A grant that says why (`roles.grant_role`'s
# `given_for`) is read by that instead, whatever its day: a stand-in's told, a deputy's not (decision 1230).
GIVEN_AHEAD = timedelta(weeks=6)
KEY = "notice:leave_ended"
BACK_KEY = "notice:back_from_leave"
COVER_KEY = "notice:stand_in_ended"
# Why the bot took a stand-in's role back, on the audit row of the revocation (decision 1430).
HEAD_BACK = "head_back"
# Why a stand-in's role is no longer read as ending at her head's return: the head no longer holds the role
# it covers (taken from her, or she left), on the REASON_SAID row the night writes (decision 1488).
HEAD_GONE = "head_gone"
GONE_KEY = "notice:stand_in_head_gone"


@dataclass(frozen=True)
class Leave:
    began: datetime  # when it was first recorded (`person.away`), an extension kept as one leave
    last_day: date  # its last day; taken back early, the day before she was recorded back at work
    ended: datetime  # the start of the day after `last_day`, or when she was recorded back
    training: bool = False  # away on training, as its last row says it (decision 2410)


@dataclass(frozen=True)
class Ended:
    head: Person
    last_day: date
    unit_id: int | None  # the unit she leads; None: the whole organisation
    led: str  # the unit's name, or the organisation's
    stand_ins: Sequence[Person]  # given the role during her leave: for it
    ahead: Sequence[Person] = ()  # given it in the weeks before her leave was recorded: for it, or for good
    # Stand-ins for any head of the place (none named) while another still leads it and is away: the role is
    # still needed, nothing to take back; they go on for `others`, until the last of their leaves (1678).
    going_on: Sequence[Person] = ()
    others: Sequence[Person] = ()
    until: date | None = None
    training: bool = False  # her leave was away on training: said so (decision 2410)


def _day_after(last_day: date) -> datetime:
    return datetime.combine(last_day + timedelta(days=1), time(), LOCAL_TZ)


async def _leaves(session: AsyncSession, person_ids: Sequence[int]) -> dict[int, list[Leave]]:
    """Each person's long leaves as their `person.away` and `person.back_from_leave` audit rows tell them, in
    one read for all: a later day recorded over an earlier one while away is the same leave (an extension);
    one recorded after the last ended begins another; “đã đi làm lại” ends one early (decision 0927). The
    rows of a record merged into hers are hers: the merge carried her leave over, through any merge after
    (`roles.records_of`, as every reader of merged records reads them: 0774, 0929, 1757)."""
    if not person_ids:
        return {}
    whose = await records_of(session, person_ids)  # a record's id: the person it is now
    rows = await session.execute(
        select(AuditLog.entity_id, AuditLog.at, AuditLog.action, AuditLog.details)
        .where(AuditLog.entity == "person", AuditLog.entity_id.in_(list(whose)))
        .where(AuditLog.action.in_(("person.away", "person.back_from_leave")))
        .order_by(AuditLog.at, AuditLog.id)
    )
    found: dict[int, list[Leave]] = {}
    open_: dict[int, tuple[datetime, date, bool]] = {}  # person: (began, last day recorded, on training)
    for record_id, at, action, details in rows:
        person_id = whose[record_id]
        mine = found.setdefault(person_id, [])
        current = open_.pop(person_id, None)
        if current is not None and current[1] < local_date(at):  # over by itself before this row
            mine.append(Leave(current[0], current[1], _day_after(current[1]), current[2]))
            current = None
        if action == "person.back_from_leave":
            if current is not None:
                mine.append(Leave(current[0], local_date(at) - timedelta(days=1), at, current[2]))
            continue
        training = details.get("reason") == "training"  # the latest row's reason is the leave's (2410)
        open_[person_id] = (current[0] if current else at, date.fromisoformat(details["until"]), training)
    for person_id, (began, until, training) in open_.items():
        found[person_id].append(Leave(began, until, _day_after(until), training))
    return found


async def _back(
    session: AsyncSession, today: date, *where: ColumnElement[bool]
) -> list[tuple[Person, Leave]]:
    """The people (of `where`) at work today whose long leave ended in the last week (CATCH_UP): its last day
    past, or taken back early by “đã đi làm lại” / `people away --back`, each with that leave."""
    since = datetime.combine(today - CATCH_UP, time(), LOCAL_TZ)
    recorded_back = select(AuditLog.entity_id).where(
        AuditLog.entity == "person", AuditLog.action == "person.back_from_leave", AuditLog.at >= since
    )
    people = list(
        await session.scalars(
            select(Person)
            .where(
                Person.left_on.is_(None),
                or_(Person.away_until.is_(None), Person.away_until < today),
                or_(Person.away_until >= today - CATCH_UP, Person.id.in_(recorded_back)),
                *where,
            )
            .order_by(Person.id)
        )
    )
    leaves = await _leaves(session, [p.id for p in people])
    return [
        (person, leave)
        for person in people
        for leave in leaves.get(person.id, ())
        if today - CATCH_UP <= leave.last_day < today and local_date(leave.ended) <= today
    ]


async def leaves_ended(session: AsyncSession, today: date) -> list[Ended]:
    """The leaders whose long leave ended in the last week, each with the leader role of her unit held by
    others given it during her leave (`stand_ins`), or in the weeks before it was recorded (`ahead`,
    `GIVEN_AHEAD`: the office gave the role first, or appointed a deputy); none: nothing to hand back, left
    out."""
    found: list[Ended] = []
    leads = select(RoleAssignment.person_id).where(
        RoleAssignment.role == "leader", RoleAssignment.org_id == Person.org_id
    )
    back = await _back(session, today, Person.id.in_(leads))
    led_by: dict[int, list[int | None]] = {}
    for person_id, unit_id in await session.execute(
        select(RoleAssignment.person_id, RoleAssignment.unit_id)
        .join(Person, Person.id == RoleAssignment.person_id)
        .where(
            RoleAssignment.person_id.in_([head.id for head, _leave in back]),
            RoleAssignment.role == "leader",
            RoleAssignment.org_id == Person.org_id,
        )
        .order_by(RoleAssignment.person_id, RoleAssignment.unit_id)
    ):
        led_by.setdefault(person_id, []).append(unit_id)
    for head, leave in back:
        for unit_id in led_by.get(head.id, []):
            given = await session.execute(
                select(Person, RoleAssignment.granted_at)
                .join(RoleAssignment, RoleAssignment.person_id == Person.id)
                .where(
                    *_leading(head.org_id, unit_id),
                    RoleAssignment.granted_at < leave.ended,
                    Person.id != head.id,
                    Person.left_on.is_(None),
                )
                .order_by(Person.full_name, Person.id, RoleAssignment.granted_at)
            )
            since: dict[Person, datetime] = {}  # each leader once, as of their first grant (NULL units)
            for person, granted_at in given:
                since.setdefault(person, granted_at)
            leaders = list(since)
            said = await _given_for(session, since, unit_id) if since else {}
            why = {person: reason for person, (reason, _at, _head) in said.items()}
            covers = {person: whom for person, (_why, _at, whom) in said.items() if whom is not None}
            since = {  # a deputy said so is no stand-in; one given unsaid long before is a second leader
                person: max(at, said[person][1]) if person in said else at  # a stand-in from when said (1271)
                for person, at in since.items()
                if why.get(person) != DEPUTY
                and (why.get(person) == STAND_IN or at >= leave.began - GIVEN_AHEAD)
                and covers.get(person, head.id) == head.id  # a stand-in for another head: not hers (1348)
            }
            if not since:
                continue
            stand_ins = [person for person, at in since.items() if at >= leave.began]
            before = {person: at for person, at in since.items() if at < leave.began}
            read = await _read_before(session, head, leave, unit_id) if before else []  # only to weigh them
            unread = [
                person
                for person, at in before.items()
                if not any(
                    person.id != whose
                    and covers.get(person, whose) == whose  # another head's leave is not hers (1348)
                    and at < e.ended
                    and (why.get(person) == STAND_IN or e.began - GIVEN_AHEAD <= at)
                    for whose, e in read
                )
            ]
            stand_ins += [person for person in unread if why.get(person) == STAND_IN]  # said for a leave
            ahead = [person for person in unread if why.get(person) != STAND_IN]
            if not stand_ins and not ahead:
                continue
            others = [  # another who leads the place, away today: an unnamed stand-in is still hers (1678)
                person
                for person in leaders
                if person not in since and why.get(person) != STAND_IN and is_away(person, today)
            ]
            going_on = [person for person in stand_ins if others and person not in covers]
            stand_ins = [person for person in stand_ins if person not in going_on]
            until = max((p.away_until for p in others if p.away_until is not None), default=None)
            led = await session.scalar(
                select(Organisation.name).where(Organisation.id == head.org_id)
                if unit_id is None
                else select(Unit.name).where(Unit.id == unit_id)
            )
            found.append(
                Ended(
                    head,
                    leave.last_day,
                    unit_id,
                    led or "",
                    stand_ins,
                    ahead,
                    going_on,
                    others,
                    until,
                    leave.training,
                )
            )
    return found


async def _given_for(
    session: AsyncSession, since: dict[Person, datetime], unit_id: int | None
) -> dict[Person, tuple[str, datetime, int | None]]:
    """Why each of `since` (a leader of the unit `unit_id`, None: the whole organisation, with the moment of
    the grant) was given the role, where the office said (`roles.grant_role`'s `given_for`, kept on the
    grant's audit row, or said later of the role held on a REASON_SAID row: the latest), with when it was
    said: STAND_IN or DEPUTY. A grant not said (the staff list, the shell, before this was asked) is absent,
    read by its day as before (decisions 1230, 1271). With it, the head a stand-in covers where the office
    said (`head`, decision 1348), else None: any head of the unit. The rows of a record merged into hers are
    hers: the role moved with the merge, its grant's row stayed (`roles.records_of`, decision 1677); the head
    named, whose records were made one since, is the record kept (`_as_kept`, decision 1757)."""
    ids = {person.id: person for person in since}
    whose = await records_of(session, list(ids))
    rows = await session.execute(
        select(AuditLog.entity_id, AuditLog.at, AuditLog.action, AuditLog.details)
        .where(
            AuditLog.entity == "person",
            AuditLog.action.in_(("role.grant", REASON_SAID)),
            AuditLog.entity_id.in_(sorted(whose)),
        )
        .order_by(AuditLog.at, AuditLog.id)
    )
    found: dict[Person, tuple[str, datetime, int | None]] = {}
    for record_id, at, action, details in rows:
        person = ids[whose[record_id]]
        said = details.get("for")
        if (
            (at == since[person] if action == "role.grant" else at >= since[person])
            and details.get("role") == "leader"
            and details.get("unit_id") == unit_id
            and said in (STAND_IN, DEPUTY)
        ):
            head = details.get("head")
            found[person] = (said, at, head if said == STAND_IN and isinstance(head, int) else None)
    named = {person: (head,) for person, (_said, _at, head) in found.items() if head is not None}
    kept = await _as_kept(session, named)  # the head named, her records made one since: the one kept (1757)
    return {
        person: (said, at, kept[person][0] if person in kept else None)
        for person, (said, at, _h) in found.items()
    }


def _leading(org_id: int, unit_id: int | None) -> tuple[ColumnElement[bool], ...]:
    """The leader roles of the unit `unit_id` of organisation `org_id` (None: of the whole organisation)."""
    return (
        RoleAssignment.role == "leader",
        RoleAssignment.org_id == org_id,
        RoleAssignment.unit_id.is_(None) if unit_id is None else RoleAssignment.unit_id == unit_id,
    )


async def _read_before(
    session: AsyncSession, head: Person, leave: Leave, unit_id: int | None
) -> list[tuple[int, Leave]]:
    """The leaves of the leaders of the unit (`unit_id`; None: the whole organisation) that ended before
    `leave` was recorded, hers or a second head's, each with whose it is: a role given before her leave was
    recorded and read at the end of one of them (its GIVEN_AHEAD, or during it) was told then, and the office
    kept it; it is not told again as given for this one (decision 1152). A second head's leave that ended
    while hers ran is not among them: the office kept the role then because she was still away, and a
    stand-in for her read nothing when her leave ended (decision 1270)."""
    leaders = await session.scalars(select(RoleAssignment.person_id).where(*_leading(head.org_id, unit_id)))
    leaves = await _leaves(session, sorted(set(leaders)))
    return [
        (person_id, earlier)
        for person_id, theirs in leaves.items()
        for earlier in theirs
        if earlier.ended <= leave.began and earlier != leave
    ]


async def _office(session: AsyncSession, ended: Ended, today: date) -> list[int]:
    """Who may take the role back: the head and her stand-ins aside (`_takers`)."""
    aside = {ended.head.id, *(p.id for p in (*ended.stand_ins, *ended.ahead, *ended.going_on))}
    return await _takers(session, ended.head.org_id, "leader", ended.unit_id, today, aside)


async def _takers(
    session: AsyncSession, org_id: int, role: str, unit_id: int | None, today: date, aside: set[int]
) -> list[int]:
    """Who may take `role` of the unit `unit_id` (None: the whole organisation) back
    (`access.may_grant_role`), at work today: the admins of the organisation, each asked of the rule; those
    of `aside` left out."""
    admins = await session.scalars(
        select(Person)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.role == "admin", RoleAssignment.org_id == org_id)
        .where(Person.org_id == org_id, Person.left_on.is_(None))
        .distinct()
        .order_by(Person.id)
    )
    return [
        admin.id
        for admin in admins
        if admin.id not in aside
        and not is_away(admin, today)
        and may_grant_role(await actor_for(session, admin), role, admin.org_id, unit_id)
    ]


def _back_line(t: Translator, ended: Ended) -> str:
    """Back, and no more: whether she reads the weekly digest again is her choice (`/nhacnho`), not said to
    her stand-in or the office, who would read it off two returns said apart (decisions 2506, 2555)."""
    said = (
        t("{head} is back from training (last day {day}).")
        if ended.training  # training said as training (decision 2410)
        else t("{head} is back from long leave (last day {day}).")
    )
    return said.format(head=ended.head.full_name, day=t.date(ended.last_day))


def _to_office(locale: str, ended: Ended) -> OutboundMessage:
    """The office reads a role given during the leave as given for it; one given in the weeks before it was
    recorded as given for it or for good, which only the office knows (decision 1120)."""
    t = Translator(locale)
    lines = [_back_line(t, ended)]
    if ended.stand_ins:
        lines.append(
            t(
                "{names} still hold the leader role of {unit} given for the leave: if it is no longer "
                "needed, please take it back in “Roles”, /roles."
            ).format(names=", ".join(p.full_name for p in ended.stand_ins), unit=ended.led)
        )
    if ended.going_on and ended.until is not None:
        lines.append(
            t(
                "{names} go on standing in for {others}, on leave until {day}: nothing to take back for now; "
                "you are told again when that leave ends."
            ).format(
                names=", ".join(p.full_name for p in ended.going_on),
                others=", ".join(p.full_name for p in ended.others),
                day=t.date(ended.until),
            )
        )
    if ended.ahead:
        lines.append(
            (
                t(
                    "{names} were given the leader role of {unit} before that training was recorded: if it "
                    "was to stand in and is no longer needed, please take it back in “Roles”, /roles; a "
                    "deputy appointed for good keeps it."
                )
                if ended.training  # training said as training (decision 2445)
                else t(
                    "{names} were given the leader role of {unit} before that leave was recorded: if it was "
                    "to stand in and is no longer needed, please take it back in “Roles”, /roles; a deputy "
                    "appointed for good keeps it."
                )
            ).format(names=", ".join(p.full_name for p in ended.ahead), unit=ended.led)
        )
    return OutboundMessage(text=" ".join(lines))


def _to_stand_in(locale: str, ended: Ended) -> OutboundMessage:
    t = Translator(locale)
    held = t(
        "You still hold the leader role of {unit} given for the leave, until the office takes it back; the "
        "office has been told."
    ).format(unit=ended.led)
    return OutboundMessage(text=f"{_back_line(t, ended)} {held}")


def _to_going_on(locale: str, ended: Ended) -> OutboundMessage:
    """A stand-in for any head of the place while another is still away: the role stays hers for that one
    (decision 1678)."""
    t = Translator(locale)
    held = t(
        "You keep the leader role of {unit} to stand in for {others}, on leave until {day}; the office is "
        "told again when that leave ends."
    ).format(
        unit=ended.led,
        others=", ".join(p.full_name for p in ended.others),
        day=t.date(ended.until) if ended.until is not None else "",
    )
    return OutboundMessage(text=f"{_back_line(t, ended)} {held}")


def _to_given_ahead(locale: str, ended: Ended) -> OutboundMessage:
    """A leader given the role before the leave was recorded: a stand-in or a deputy appointed for good,
    told she is back and that nothing changes for a deputy (decision 1120)."""
    t = Translator(locale)
    held = (
        t(
            "You too hold the leader role of {unit}, given before that training was recorded: if it was for "
            "you to stand in, the office has been told and takes it back when it is no longer needed; if "
            "you lead {unit} for good, nothing changes."
        )
        if ended.training  # training said as training (decision 2445)
        else t(
            "You too hold the leader role of {unit}, given before that leave was recorded: if it was for you "
            "to stand in, the office has been told and takes it back when it is no longer needed; if you "
            "lead {unit} for good, nothing changes."
        )
    ).format(unit=ended.led)
    return OutboundMessage(text=f"{_back_line(t, ended)} {held}")


async def _missed_drives(
    session: AsyncSession, back: Sequence[tuple[Person, Leave]], today: date
) -> dict[int, list[Drive]]:
    """For each of `back` (a person and her leave), the drives open today that an appeal asking for a gift,
    written during her leave, was about, and that it would ask of her today (`audience_query` as its author
    reads it: her unit, her role, appeals on, not given yet, not the one it helps), in the order they end.
    Read for all of them at once: the appeals of the weeks they were away, and each appeal's audience once
    among them, so a night with many back asks as many statements as a night with one."""
    if not back:
        return {}
    ids = [person.id for person, _leave in back]
    appeals = await session.execute(
        select(Appeal, Drive)
        .join(Drive, Drive.id == Appeal.drive_id)
        .where(
            Appeal.org_id.in_({person.org_id for person, _leave in back}),
            Appeal.status == "written",
            Appeal.follow_up_of.is_(None),
            Appeal.created_at >= min(leave.began for _person, leave in back),
            Appeal.created_at < max(leave.ended for _person, leave in back),
            Drive.closed_at.is_(None),
            Drive.starts_on <= today,
            Drive.ends_on >= today,
        )
        .order_by(Drive.ends_on, Drive.id, Appeal.id)
    )
    asked_by: list[tuple[Appeal, Drive, set[int]]] = []
    for appeal, drive in appeals.all():  # each with its drive, read with it
        if not asks(appeal):
            continue
        author = await actor_for(session, await session.get(Person, appeal.created_by))
        if author is None:
            continue
        try:
            people = await audience_query(  # “no commitment this year” of the year it went out (1147)
                session,
                author,
                Audience.from_json(appeal.audience),
                today=today,
                drive_id=drive.id,
                goes_out=local_date(appeal.send_at),
            )
        except AppealError:  # the author may no longer send it: nobody's to say
            continue
        scope = appeal.audience.get("scope")
        if scope is not None:
            people = people.where(Person.unit_id.in_(scope))
        asked = people.where(Person.id.in_(ids), ~gave_to(drive))
        asked_by.append((appeal, drive, set(await session.scalars(asked))))
    found: dict[int, dict[int, Drive]] = {}
    for person, leave in back:
        for appeal, drive, asked in asked_by:
            if person.id in asked and leave.began <= appeal.created_at < leave.ended:
                found.setdefault(person.id, {}).setdefault(drive.id, drive)
    return {person_id: list(drives.values()) for person_id, drives in found.items()}


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
    """Each colleague whose long leave ended in the last week, at its last day or taken back early, appeals
    on, told once (keyed by person and last day) of the drives still open that she was left out of asking
    (`_missed_drives`); nothing when there are none. How many notices were written."""
    today = local_date(now)
    back = await _back(session, today, Person.kind == "staff", Person.appeals_off.is_(False))
    missed = await _missed_drives(session, back, today)
    back = [(person, leave) for person, leave in back if person.id in missed]
    reached = {r.person_id for r in await recipients(session, [person.id for person, _leave in back])}
    mornings = await working_mornings(
        session, [person.org_id for person, _leave in back], now=now, settings=settings
    )
    written = 0
    for person, leave in back:
        if person.id not in reached:
            continue
        drives = missed[person.id]
        written += (
            await notify(
                session,
                key=f"{BACK_KEY}:{person.id}:{leave.last_day.isoformat()}",
                person_id=person.id,
                render=lambda locale, drives=drives: _welcome(locale, drives),
                now=now,
                not_before=mornings[person.org_id],
                default_locale=settings.default_locale,
            )
            is not None
        )
    return written


async def tell_leave_ended(session: AsyncSession, *, now: datetime, settings: Settings) -> int:
    """Each leave of a leader ended in the last week, at its last day or taken back early, with a stand-in
    (or a leader given the role just before it was recorded) still holding her role: they and the office
    told once (keyed by head, last day, unit and reader), on a working morning after the quiet hours. How
    many notices were written."""
    today = local_date(now)
    ended_leaves = await leaves_ended(session, today)
    mornings = await working_mornings(
        session, [e.head.org_id for e in ended_leaves], now=now, settings=settings
    )
    readers = [
        [(p.id, _to_stand_in) for p in ended.stand_ins]
        + [(p.id, _to_going_on) for p in ended.going_on]
        + [(p.id, _to_given_ahead) for p in ended.ahead]
        + [(person_id, _to_office) for person_id in await _office(session, ended, today)]
        for ended in ended_leaves
    ]
    everyone = sorted({person_id for of_one in readers for person_id, _render in of_one})
    reached = {r.person_id for r in await recipients(session, everyone)}  # one read, as the welcome back's
    written = 0
    for ended, of_one in zip(ended_leaves, readers, strict=True):
        for person_id, render in of_one:
            if person_id not in reached:
                continue
            key = f"{KEY}:{ended.head.id}:{ended.last_day.isoformat()}:{ended.unit_id or 0}:{person_id}"
            written += (
                await notify(
                    session,
                    key=key,
                    person_id=person_id,
                    render=lambda locale, ended=ended, render=render: render(locale, ended),
                    now=now,
                    not_before=mornings[ended.head.org_id],
                    default_locale=settings.default_locale,
                )
                is not None
            )
    return written


@dataclass(frozen=True)
class Covered:
    """A treasurer's or an officer's role given to stand in for `head` while she was on leave (decision
    1430), still held the night after that leave ended."""

    head: Person
    last_day: date  # of her leave
    stand_in: Person
    role: str
    unit: Unit | None  # None: the whole organisation
    since: datetime  # when it was said to be for her leave (the grant, or the reason said of a role held)
    heads: tuple[int, ...] = ()  # all whom it covered, where more than one (decision 1544)
    began: datetime | None = None  # when first said to stand in, said again since for another (1676)
    # others it covered back with `head`, the last day of their leaves hers: each told of its end (1756)
    together: tuple[Person, ...] = ()
    # others it covered back earlier in the week read, each with her leave's last day: told of its end where
    # no night told her that it went on, the bot down on hers (decision 1839)
    earlier: tuple[tuple[Person, date], ...] = ()
    # every leave whose end it says, hers, `together`'s and `earlier`'s, was away on training: said so (2410)
    training: bool = False
    # some of those leaves, not all, were away on training: said “back from training or long leave” (2445)
    some_training: bool = False


@dataclass(frozen=True)
class GoesOn:
    """A stand-in's role covering more than one colleague, at the return of one of them while another is
    still away: it stays, and the one back is told for whom and until when (decision 1676)."""

    head: Person  # the one back
    last_day: date  # of her leave
    stand_in: Person
    role: str
    unit: Unit | None  # None: the whole organisation
    others: tuple[Person, ...]  # still away, holding the role it covers
    until: date  # the last day of the latest of their leaves


K = TypeVar("K")
Place = tuple[int, str, int | None]  # a role held: person, role, unit id (None: the whole organisation)


async def _standing_in(session: AsyncSession) -> dict[Place, tuple[datetime, tuple[int, ...], datetime]]:
    """The treasurer's and officer's roles held today whose latest grant the office said was to stand in for
    someone (`for` and `head` on the grant's audit row), each with when it was said and whom it covers: one
    colleague, or more where said again for another (`roles.covered_heads`, decision 1544), the latest
    last, and when it was first said to stand in (said again for another, from the first: decision 1676). A
    role taken back and given again plainly since, or given her plainly while held (FOR_GOOD, decision
    1486), or whose head no longer held it (HEAD_GONE, 1488), is no stand-in's. A head whose record was
    merged into another is the record kept (decision 1487)."""
    held = set(
        await session.execute(
            select(RoleAssignment.person_id, RoleAssignment.role, RoleAssignment.unit_id).where(
                RoleAssignment.role.in_(sorted(COVERED_ROLES))
            )
        )
    )
    if not held:
        return {}
    latest = await said_since(session, [person_id for person_id, _role, _unit in held])  # FOR_GOOD (1486)
    said: dict[Place, tuple[datetime, list[int], datetime]] = {}
    for place in held:
        if (found := latest.get(tuple(place))) is None:
            continue
        at, details, began = found
        heads = covered_heads(details)
        if details.get("for") == STAND_IN and heads:
            said[tuple(place)] = (at, heads, began)
    kept = await _as_kept(session, {place: heads for place, (_at, heads, _began) in said.items()})  # (1487)
    return {place: (at, kept[place], began) for place, (at, _heads, began) in said.items()}


async def _as_kept(session: AsyncSession, covers: dict[K, Sequence[int]]) -> dict[K, tuple[int, ...]]:
    """The heads each of `covers` names read as the records they were merged into, where they were (through
    any merge after): a stand-in's grant names the head's record as it was, a merge keeps another (decisions
    1487, 1757). No query where none is named."""
    named = {head for heads in covers.values() for head in heads}
    kept = await kept_records(session, named) if named else {}
    return {
        key: tuple(dict.fromkeys(kept.get(head, head) for head in heads)) for key, heads in covers.items()
    }


async def standing_in_for(session: AsyncSession, org_id: int) -> dict[Place, list[Person]]:
    """The roles held in organisation `org_id` to stand in for colleagues on leave, each with whom it
    covers, for `people list` (decision 1589): a treasurer's or an officer's as its end reads them
    (`_standing_in`), and a leader's said to stand in for a named leader (decision 1348)."""
    places = await session.execute(
        select(RoleAssignment.person_id, RoleAssignment.role, RoleAssignment.unit_id).where(
            RoleAssignment.org_id == org_id
        )
    )
    held = {tuple(place) for place in places}
    covers: dict[Place, tuple[int, ...]] = {
        place: heads for place, (_at, heads, _began) in (await _standing_in(session)).items() if place in held
    }
    leading = [place for place in held if place[1] == "leader"]
    said = await said_of(session, [person_id for person_id, _role, _unit in leading])
    named: dict[Place, Sequence[int]] = {}
    for place in leading:
        _at, details = said.get(place, (None, {}))
        if details.get("for") == STAND_IN and (heads := covered_heads(details)):
            named[place] = heads
    covers.update(await _as_kept(session, named))  # a head's records made one: the one kept (1757)
    if not covers:
        return {}
    people, _units = await people_and_units(session, {h for heads in covers.values() for h in heads}, [])
    return {place: [people[head] for head in heads if head in people] for place, heads in covers.items()}


def covered_until(heads: Iterable[Person], today: date) -> date | None:
    """Until when a stand-in covers `heads` (`standing_in_for`): the last day of the latest leave of those
    still away today; None where none is (decision 1589)."""
    return max((head.away_until for head in heads if is_away(head, today) and head.away_until), default=None)


async def _holding(session: AsyncSession, heads: Iterable[int]) -> set[Place]:
    """The roles `heads` hold today, read once."""
    return set(
        await session.execute(
            select(RoleAssignment.person_id, RoleAssignment.role, RoleAssignment.unit_id).where(
                RoleAssignment.person_id.in_(sorted(set(heads)))
            )
        )
    )


def _holds(holding: set[Place], head_id: int, place: Place) -> bool:
    """Whether `head_id` holds the role a stand-in's `place` covers, there or the whole organisation's (the
    reading of `access.may_stand_in_for`)."""
    return (head_id, place[1], place[2]) in holding or (head_id, place[1], None) in holding


async def people_and_units(
    session: AsyncSession, person_ids: set[int], places: Iterable[Place]
) -> tuple[dict[int, Person], dict[int, Unit]]:
    """The people `person_ids` and the units of `places`, each by id, read once, not a query a role: the
    night's stand-ins and the roll-up's (`digests.stand_ins_read`) alike."""
    people = await session.scalars(select(Person).where(Person.id.in_(sorted(person_ids))))
    unit_ids = sorted({unit_id for _p, _r, unit_id in places if unit_id is not None})
    units = await session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))
    return {person.id: person for person in people}, {unit.id: unit for unit in units}


async def stand_ins_ended(session: AsyncSession, today: date, head_id: int | None = None) -> list[Covered]:
    """The stand-ins' roles held today (`_standing_in`) whose head (`head_id` alone, where given) has her
    leave ended in the last week (CATCH_UP: its last day past, or taken back early), given before it ended.
    A leave extended has not ended. One covering more than one colleague ends when the last of their leaves
    ends: while another of them still holds that role and is away, it stays (decision 1544)."""
    return (await _stand_ins_back(session, today, head_id))[0]


async def _stand_ins_back(
    session: AsyncSession, today: date, head_id: int | None = None
) -> tuple[list[Covered], list[GoesOn]]:
    """`stand_ins_ended`, and beside it each role covering more than one colleague that stays at the return
    of one of them because another is still away (`GoesOn`, decision 1676): one read for both."""
    said = {
        place: cover for place, cover in (await _standing_in(session)).items() if head_id in (None, *cover[1])
    }
    heads = sorted({head for _at, whose, _began in said.values() for head in whose})
    if not heads:
        return [], []
    back = await _back(session, today, Person.id.in_(heads))
    holding = await _holding(session, heads)
    people, units = await people_and_units(session, {*heads, *(p for p, _r, _u in said)}, said)
    oldest_first = sorted(said.items(), key=lambda item: item[1][0])
    covered: dict[Place, Covered] = {}  # the last of her colleagues back, where more than one is
    going_on: list[GoesOn] = []
    for head, leave in sorted(back, key=lambda found: found[1].ended):
        for place, (at, whose, began) in oldest_first:
            if head.id not in whose or at >= leave.ended:
                continue
            if len(whose) > 1 and not _holds(holding, head.id, place):
                continue  # one of two who no longer holds that role: the other's return ends it (1544)
            unit = units.get(place[2]) if place[2] is not None else None
            away = [
                people[other]
                for other in whose
                if other != head.id
                and other in people
                and _holds(holding, other, place)
                and is_away(people[other], today)
            ]
            if away:  # still standing in for another colleague on leave (1544): the one back told so (1676)
                until = max(other.away_until for other in away if other.away_until is not None)
                going_on.append(
                    GoesOn(head, leave.last_day, people[place[0]], place[1], unit, tuple(away), until)
                )
                continue
            more = whose if len(whose) > 1 else ()
            before = covered.get(place)  # another of them back, read first: told too, same last day (1756)
            together: tuple[Person, ...] = ()
            earlier: tuple[tuple[Person, date], ...] = ()
            training = leave.training and (before is None or before.training)
            some_training = leave.training or bool(before and (before.training or before.some_training))
            if before is not None and before.last_day == leave.last_day:
                together, earlier = (*before.together, before.head), before.earlier
            elif before is not None:  # back before her, the same week (1839)
                back_then = (before.head, *before.together)
                earlier = (*before.earlier, *((one, before.last_day) for one in back_then))
            covered[place] = Covered(
                head,
                leave.last_day,
                people[place[0]],
                place[1],
                unit,
                at,
                more,
                began,
                together,
                earlier,
                training,
                some_training and not training,
            )
    ended = await _back_weeks_before(session, list(covered.values()), people, holding, today)
    return ended, going_on


async def _back_weeks_before(
    session: AsyncSession, covers: list[Covered], people: dict[int, Person], holding: set[Place], today: date
) -> list[Covered]:
    """Each of `covers` with, among its `earlier`, each other colleague it covered who came back more than a
    week before (CATCH_UP), from a leave it covered (the role said for them before it ended), whose nights
    were all missed, the bot down: none told them it went on (1676). Told of the end once, and named to the
    stand-in and the office, as one back the same week is (decision 1905). Still holding the role, at work
    today. One reading of the leaves, and one of the lines told, for every cover together."""
    others = [_others_covered(cover, people, holding, today) for cover in covers]
    leaves = await _leaves(session, sorted({other.id for them in others for other in them}))
    backs = [
        {
            _goes_on_key(replace(cover, last_day=day), other): (other, day)
            for other, day in _back_before(cover, them, leaves, today)
        }
        for cover, them in zip(covers, others, strict=True)
    ]
    keys = [key for back in backs for key in back]
    told = set(
        await session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys))) if keys else ()
    )
    ended = []
    for cover, back in zip(covers, backs, strict=True):
        missed = tuple(was for key, was in back.items() if key not in told)  # a night read her: not these
        theirs = [
            leave.training for other, day in missed for leave in leaves[other.id] if leave.last_day == day
        ]
        training = cover.training and all(theirs)  # each of theirs on training too, or said as leave (2410)
        some = (cover.training or cover.some_training or any(theirs)) and not training  # or both (2445)
        ended.append(
            replace(cover, earlier=(*missed, *cover.earlier), training=training, some_training=some)
            if missed
            else cover
        )
    return ended


def _others_covered(
    cover: Covered, people: dict[int, Person], holding: set[Place], today: date
) -> list[Person]:
    """The colleagues `cover` covers besides those it names already, still holding the role, at work today."""
    seen = {cover.head.id, *(p.id for p in cover.together), *(p.id for p, _day in cover.earlier)}
    place = (cover.stand_in.id, cover.role, cover.unit.id if cover.unit is not None else None)
    return [
        people[other]
        for other in cover.heads
        if other not in seen
        and other in people
        and _holds(holding, other, place)
        and not is_away(people[other], today)
    ]


def _back_before(
    cover: Covered, others: list[Person], leaves: dict[int, list[Leave]], today: date
) -> list[tuple[Person, date]]:
    """Each of `others` back more than a week before from a leave `cover` covered, with its last day."""
    said = cover.began or cover.since
    return [
        (other, max(ended, key=lambda leave: leave.ended).last_day)
        for other in others
        if (
            ended := [
                leave
                for leave in leaves.get(other.id, ())
                if said < leave.ended and leave.last_day < today - CATCH_UP
            ]
        )
    ]


@dataclass(frozen=True)
class Uncovered:
    """A stand-in's role whose head no longer holds the role it covers (decision 1488)."""

    head: Person
    stand_in: Person
    role: str
    unit: Unit | None  # None: the whole organisation


async def stand_ins_uncovered(session: AsyncSession, head_id: int | None = None) -> list[Uncovered]:
    """The stand-ins' roles held today (`_standing_in`) whose head no longer holds that role there nor the
    whole organisation's (`access.may_stand_in_for`'s reading): taken from her, or she left (which takes her
    roles off), during her leave or after it was said; covering more than one colleague, none of them holds
    it (decision 1544). Her leave's end does not end them: they are the office's to keep or take back
    (decision 1488). Of `head_id` alone, where given."""
    said = {
        place: cover for place, cover in (await _standing_in(session)).items() if head_id in (None, *cover[1])
    }
    if not said:
        return []
    holding = await _holding(session, {head for _at, whose, _began in said.values() for head in whose})
    gone = {
        place: whose[-1]
        for place, (_at, whose, _began) in sorted(said.items(), key=lambda item: item[1][0])
        if not any(_holds(holding, head, place) for head in whose)
    }
    if not gone:
        return []
    people, units = await people_and_units(session, {*gone.values(), *(p for p, _r, _u in gone)}, gone)
    return [
        Uncovered(people[whose], people[person_id], role, units.get(unit_id) if unit_id else None)
        for (person_id, role, unit_id), whose in gone.items()
        if whose in people
    ]


async def _confirmed_by(session: AsyncSession, covered: Covered, *, now: datetime) -> int:
    """How many gifts the stand-in confirmed while she stood in, from when the role was first said to stand in
    (said again for another colleague, still from the first: decision 1676): a count, never whose or how
    much."""
    count = await session.scalar(
        select(func.count())
        .select_from(AuditLog)
        .where(
            AuditLog.entity == "contribution",
            AuditLog.action == "contribution.confirmed",
            AuditLog.actor_id.in_(sorted(await records_of(session, [covered.stand_in.id]))),  # (1596)
            AuditLog.at >= (covered.began or covered.since),
            AuditLog.at <= now,
        )
    )
    return count or 0


def _back_together(t: Translator, covered: Covered) -> str:
    """The names of those whose return, the same last day, ended a stand-in's role, in the order the office
    said them (decision 1756)."""
    said = {head: at for at, head in enumerate(covered.heads)}
    back = sorted((*covered.together, covered.head), key=lambda p: said.get(p.id, len(said)))
    return format_list([p.full_name for p in back], locale=t.locale)


def _all_back(t: Translator, covered: Covered) -> str:
    """The names of all whose return ended a stand-in's role, those back before the last too, in the order the
    office said them (decisions 1756, 1905)."""
    said = {head: at for at, head in enumerate(covered.heads)}
    back = (*(head for head, _day in covered.earlier), *covered.together, covered.head)
    return format_list(
        [p.full_name for p in sorted(back, key=lambda p: said.get(p.id, len(said)))], locale=t.locale
    )


def _stand_in_ended(locale: str, covered: Covered, role: str) -> OutboundMessage:
    t = Translator(locale)
    if covered.earlier:  # some back before the last: each named, with the last one's day (1905)
        said = (
            t(
                "{heads} are back from training (the last on {day}), so the role of {role} you were given "
                "to stand in for them has ended, from your next message. Thank you for standing in: what you "
                "decided meanwhile stays recorded under your name."
            )
            if covered.training  # training said as training (decision 2410)
            else t(
                "{heads} are back from training or long leave (the last on {day}), so the role of {role} you "
                "were given to stand in for them has ended, from your next message. Thank you for standing "
                "in: what you decided meanwhile stays recorded under your name."
            )
            if covered.some_training  # some from a course, some from leave (decision 2445)
            else t(
                "{heads} are back from long leave (the last on {day}), so the role of {role} you were given "
                "to stand in for them has ended, from your next message. Thank you for standing in: what you "
                "decided meanwhile stays recorded under your name."
            )
        ).format(heads=_all_back(t, covered), day=t.date(covered.last_day), role=role)
    elif covered.together:
        said = (
            t(
                "{heads} are back from training (last day {day}), so the role of {role} you were given to "
                "stand in for them has ended, from your next message. Thank you for standing in: what you "
                "decided meanwhile stays recorded under your name."
            )
            if covered.training
            else t(
                "{heads} are back from training or long leave (last day {day}), so the role of {role} you "
                "were given to stand in for them has ended, from your next message. Thank you for standing "
                "in: what you decided meanwhile stays recorded under your name."
            )
            if covered.some_training
            else t(
                "{heads} are back from long leave (last day {day}), so the role of {role} you were given to "
                "stand in for them has ended, from your next message. Thank you for standing in: what you "
                "decided meanwhile stays recorded under your name."
            )
        ).format(heads=_back_together(t, covered), day=t.date(covered.last_day), role=role)
    else:
        said = (
            t(
                "{head} is back from training (last day {day}), so the role of {role} you were given to "
                "stand in for them has ended, from your next message. Thank you for standing in: what you "
                "decided meanwhile stays recorded under your name."
            )
            if covered.training
            else t(
                "{head} is back from long leave (last day {day}), so the role of {role} you were given to "
                "stand in for them has ended, from your next message. Thank you for standing in: what you "
                "decided meanwhile stays recorded under your name."
            )
        ).format(head=covered.head.full_name, day=t.date(covered.last_day), role=role)
    return OutboundMessage(text=said, keep=True)


def _cover_told(locale: str, covered: Covered, role: str, confirmed: int) -> OutboundMessage:
    t = Translator(locale)
    gifts = t.plural(
        "{count} gift was confirmed by them meanwhile.",
        "{count} gifts were confirmed by them meanwhile.",
        confirmed,
    ).format(count=confirmed)
    said = t(
        "Welcome back. While you were on leave, {name} stood in for you as {role}; that role has now ended. "
        "What they decided meanwhile stays recorded under their name."
    ).format(name=covered.stand_in.full_name, role=role)
    return OutboundMessage(text=f"{said} {gifts}", keep=True)


def _goes_on_told(locale: str, goes_on: GoesOn, role: str) -> OutboundMessage:
    t = Translator(locale)
    return OutboundMessage(
        text=t(
            "Welcome back. {stand_in}, who stood in for you as {role}, goes on standing in for {others} "
            "until {day}."
        ).format(
            stand_in=goes_on.stand_in.full_name,
            role=role,
            others=", ".join(p.full_name for p in goes_on.others),
            day=t.date(goes_on.until),
        ),
        keep=True,
    )


def _ended_to_office(locale: str, covered: Covered, role: str) -> OutboundMessage:
    t = Translator(locale)
    if covered.earlier or covered.together:  # some back before the last: each named (1905)
        said = (
            (
                t(
                    "The role of {role} given to {stand_in} to stand in for {heads} has ended by itself: "
                    "they are back from training (the last on {day})."
                )
                if covered.training  # training said as training (decision 2410)
                else t(
                    "The role of {role} given to {stand_in} to stand in for {heads} has ended by itself: "
                    "they are back from training or long leave (the last on {day})."
                )
                if covered.some_training  # some from a course, some from leave (decision 2445)
                else t(
                    "The role of {role} given to {stand_in} to stand in for {heads} has ended by itself: "
                    "they are back from long leave (the last on {day})."
                )
            )
            if covered.earlier
            else (
                t(
                    "The role of {role} given to {stand_in} to stand in for {heads} has ended by itself: "
                    "they are back from training (last day {day})."
                )
                if covered.training
                else t(
                    "The role of {role} given to {stand_in} to stand in for {heads} has ended by itself: "
                    "they are back from training or long leave (last day {day})."
                )
                if covered.some_training
                else t(
                    "The role of {role} given to {stand_in} to stand in for {heads} has ended by itself: "
                    "they are back from long leave (last day {day})."
                )
            )
        )
        heads = _all_back(t, covered) if covered.earlier else _back_together(t, covered)
        return OutboundMessage(
            text=said.format(
                role=role, stand_in=covered.stand_in.full_name, heads=heads, day=t.date(covered.last_day)
            ),
            keep=True,
        )
    said = (
        t(
            "The role of {role} given to {stand_in} to stand in for {head} has ended by itself: {head} is "
            "back from training (last day {day})."
        )
        if covered.training
        else t(
            "The role of {role} given to {stand_in} to stand in for {head} has ended by itself: {head} is "
            "back from long leave (last day {day})."
        )
    )
    return OutboundMessage(
        text=said.format(
            role=role,
            stand_in=covered.stand_in.full_name,
            head=covered.head.full_name,
            day=t.date(covered.last_day),
        ),
        keep=True,
    )


async def _granter(session: AsyncSession, covered: Covered, today: date) -> list[int]:
    """Who in the office is told that a stand-in's role ended by itself: whoever said it was for the leave
    (the grant's or the REASON_SAID row's author), where she is at work today and may still give that role;
    else those who may (`_takers`). The stand-in and the one back are told on their own (decision 1543)."""
    unit_id = covered.unit.id if covered.unit is not None else None
    aside = {covered.stand_in.id, covered.head.id, *(head.id for head in covered.together)}
    aside |= {head.id for head, _day in covered.earlier}
    said_by = await session.scalar(
        select(AuditLog.actor_id)
        .where(
            AuditLog.entity == "person",
            AuditLog.entity_id.in_(sorted(await records_of(session, [covered.stand_in.id]))),  # (1596)
            AuditLog.action.in_(("role.grant", REASON_SAID)),
            AuditLog.at == covered.since,
        )
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    granter = await session.get(Person, said_by) if said_by is not None else None
    if (
        granter is not None
        and granter.id not in aside
        and granter.org_id == covered.stand_in.org_id
        and granter.left_on is None
        and not is_away(granter, today)
        and may_grant_role(await actor_for(session, granter), covered.role, granter.org_id, unit_id)
    ):
        return [granter.id]
    return await _takers(session, covered.stand_in.org_id, covered.role, unit_id, today, aside)


def _role_words(locale: str, cover: Covered | GoesOn | Uncovered, commune: tuple[bool, str | None]) -> str:
    """The role covered where it holds, in the reader's language: “cán bộ Mặt trận toàn phường” in a ward
    (`commune`: whether the organisation is one, and its level, as `_communes` reads them; decision 2844)."""
    t = Translator(locale)
    is_one, level = commune
    place = role_place(t, cover.unit.name if cover.unit is not None else None, commune=is_one, level=level)
    return role_at(t, cover.role, place, commune=is_one)


def _head_gone(locale: str, gone: Uncovered, role: str) -> OutboundMessage:
    t = Translator(locale)
    return OutboundMessage(
        text=t(
            "{stand_in} holds the role of {role}, given to stand in for {head} during their leave; {head} no "
            "longer holds that role, so it will not end by itself when that leave ends. It stays until you "
            "take it back in “Roles” (/roles)."
        ).format(stand_in=gone.stand_in.full_name, role=role, head=gone.head.full_name),
        keep=True,
    )


async def keep_uncovered(
    session: AsyncSession, *, now: datetime, settings: Settings, head_id: int | None = None
) -> int:
    """Each stand-in's role whose head no longer holds the role it covers (`stand_ins_uncovered`) held
    plainly from now: a REASON_SAID row by the bot (`for`: HEAD_GONE, `head`), so that her leave's end
    neither takes it nor tells her of a role she no longer holds; and those who may take it back told once,
    on a working morning, in this same transaction: a second run finds no stand-in's role and writes
    nothing (decision 1488). The stand-in's sight of amounts is the office's to end. How many notices.
    Of `head_id` alone, where given."""
    uncovered = await stand_ins_uncovered(session, head_id)
    if not uncovered:
        return 0
    today = local_date(now)
    mornings = await working_mornings(
        session, [g.stand_in.org_id for g in uncovered], now=now, settings=settings
    )
    readers = [
        await _takers(
            session,
            g.stand_in.org_id,
            g.role,
            g.unit.id if g.unit is not None else None,
            today,
            {g.stand_in.id, g.head.id},
        )
        for g in uncovered
    ]
    reached = {r.person_id for r in await recipients(session, sorted({p for ids in readers for p in ids}))}
    communes = await _communes(session, [g.stand_in.org_id for g in uncovered])
    written = 0
    for gone, office in zip(uncovered, readers, strict=True):
        unit_id = gone.unit.id if gone.unit is not None else None
        audit(
            session,
            at=now,
            actor_id=None,
            action=REASON_SAID,
            entity="person",
            entity_id=gone.stand_in.id,
            role=gone.role,
            unit_id=unit_id,
            **{"for": HEAD_GONE, "head": gone.head.id},
        )
        commune = communes[gone.stand_in.org_id]
        key = f"{GONE_KEY}:{gone.stand_in.id}:{gone.role}:{unit_id or 0}:{gone.head.id}"
        for person_id in office:
            if person_id not in reached:
                continue
            written += (
                await notify(
                    session,
                    key=f"{key}:{person_id}",
                    person_id=person_id,
                    render=lambda locale, g=gone, m=commune: _head_gone(locale, g, _role_words(locale, g, m)),
                    now=now,
                    not_before=mornings[gone.stand_in.org_id],
                    default_locale=settings.default_locale,
                )
                is not None
            )
    await session.flush()
    return written


async def _communes(session: AsyncSession, org_ids: Iterable[int]) -> dict[int, tuple[bool, str | None]]:
    """Whether each of `org_ids` is a commune (`is_commune`: its officers the Front's) and its level (a ward's
    whole is “toàn phường”: `commune_and_level`), asked once an organisation, not once a stand-in or a
    colleague back."""
    return {org_id: await commune_and_level(session, org_id) for org_id in set(org_ids)}


def _goes_on_key(goes_on: GoesOn | Covered, head: Person | None = None) -> str:
    """The key of the line telling `head` (the one back, where not given) that the role goes on (1676)."""
    unit_id = goes_on.unit.id if goes_on.unit is not None else 0
    whose = (head or goes_on.head).id
    role = f"{goes_on.stand_in.id}:{goes_on.role}:{unit_id}"
    return f"{COVER_KEY}:{role}:{whose}:{goes_on.last_day}:goes_on:{whose}"


async def _goes_on(
    session: AsyncSession, going_on: Sequence[GoesOn], *, now: datetime, settings: Settings
) -> int:
    """Each colleague back while her stand-in's role still covers another away told once, on a working
    morning, for whom it goes on and until when (keyed by the role, her and her leave's last day, as the
    role's end is): no count, no amount, nothing to the stand-in or the office, whose role and word are
    unchanged (decision 1676). The nights after, while her return is in the week read, one look finds
    them told. How many notices."""
    if not going_on:
        return 0
    keys = [_goes_on_key(g) for g in going_on]
    told = set(await session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys))))
    pending = [g for g, key in zip(going_on, keys, strict=True) if key not in told]
    if not pending:
        return 0
    reached = {r.person_id for r in await recipients(session, sorted({g.head.id for g in pending}))}
    mornings = await working_mornings(session, [g.head.org_id for g in pending], now=now, settings=settings)
    communes = await _communes(session, [g.stand_in.org_id for g in pending])
    written = 0
    for goes_on in pending:
        if goes_on.head.id not in reached:
            continue
        commune = communes[goes_on.stand_in.org_id]
        written += (
            await notify(
                session,
                key=_goes_on_key(goes_on),
                person_id=goes_on.head.id,
                render=lambda locale, g=goes_on, m=commune: _goes_on_told(
                    locale, g, _role_words(locale, g, m)
                ),
                now=now,
                not_before=mornings[goes_on.head.org_id],
                default_locale=settings.default_locale,
            )
            is not None
        )
    return written


async def end_stand_ins(
    session: AsyncSession, *, now: datetime, settings: Settings, head_id: int | None = None
) -> int:
    """Each treasurer's or officer's role given to stand in for a colleague whose leave has ended
    (`stand_ins_ended`) taken back by the bot, its audit row saying why (`for`, `head`, `ended`: HEAD_BACK),
    and the stand-in and the colleague back told on a working morning, each in their own language, in this
    same transaction: a stop between the two loses nothing, and a second run finds the role gone and writes
    nothing (decision 1430). A stand-in whose head no longer holds the role is not one: kept, the office told
    (`keep_uncovered`, decision 1488). Whoever gave the role is told it ended, in one line (`_granter`,
    decision 1543). `head_id`: of her alone, at the moment she is recorded back (`leaving.mark_away`,
    decision 1542): the night after finds the role gone. Covering two colleagues, the first back is told in
    one line that it goes on for the other, until when (`_goes_on`, decision 1676); the last of them back
    on the same last day each told of its end, but one told already that it went on (decision 1756); one
    back earlier in the week read and told nothing then (the bot down on her night) told of its end too,
    once (decision 1839). How many notices were written."""
    written = await keep_uncovered(session, now=now, settings=settings, head_id=head_id)
    covered, going_on = await _stand_ins_back(session, local_date(now), head_id)
    written += await _goes_on(session, going_on, now=now, settings=settings)
    if not covered:
        return written
    mornings = await working_mornings(session, [c.head.org_id for c in covered], now=now, settings=settings)
    communes = await _communes(session, [c.stand_in.org_id for c in covered])
    for cover in covered:
        done = await revoke_role(
            session,
            Operator(cover.stand_in.org_id),
            cover.stand_in,
            cover.role,
            cover.unit.code if cover.unit is not None else None,
            now=now,
            settings=settings,
            because={
                "for": STAND_IN,
                "head": cover.head.id,
                "ended": HEAD_BACK,
                **({"heads": list(cover.heads)} if cover.heads else {}),
            },
        )
        if not done.changed:
            continue
        commune = communes[cover.stand_in.org_id]
        confirmed = await _confirmed_by(session, cover, now=now)
        unit_id = cover.unit.id if cover.unit is not None else 0
        key = f"{COVER_KEY}:{cover.stand_in.id}:{cover.role}:{unit_id}:{cover.head.id}:{cover.last_day}"
        office = await _granter(session, cover, local_date(now))
        back = [cover.head]
        if cover.together or cover.earlier:
            # each back the same last day told once, but one told it went on (1756); one back earlier that
            # week told only where no night told her it went on, the bot down on hers (1839)
            keys = {_goes_on_key(cover, head): head for head in cover.together}
            keys |= {_goes_on_key(replace(cover, last_day=day), head): head for head, day in cover.earlier}
            told = set(await session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys))))
            back += [head for k, head in keys.items() if k not in told]
        notices = [
            *(
                (
                    person_id,
                    lambda locale, c=cover, m=commune: _ended_to_office(locale, c, _role_words(locale, c, m)),
                )
                for person_id in office
            ),
            (
                cover.stand_in.id,
                lambda locale, c=cover, m=commune: _stand_in_ended(locale, c, _role_words(locale, c, m)),
            ),
            *(
                (
                    head.id,
                    lambda locale, c=cover, m=commune, n=confirmed: _cover_told(
                        locale, c, _role_words(locale, c, m), n
                    ),
                )
                for head in back
            ),
        ]
        reached = {r.person_id for r in await recipients(session, [person_id for person_id, _r in notices])}
        for person_id, render in notices:
            if person_id not in reached:
                continue
            written += (
                await notify(
                    session,
                    key=f"{key}:{person_id}",
                    person_id=person_id,
                    render=render,
                    now=now,
                    not_before=mornings[cover.head.org_id],
                    default_locale=settings.default_locale,
                )
                is not None
            )
    return written
